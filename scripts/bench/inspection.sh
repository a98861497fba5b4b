#!/usr/bin/env bash
# ./run bench inspection: cameras x sampling rate one agent sustains with scenes active (every
# sample analysed), and latency from frame grab to the event stored at the hub (p50, p99), through
# the real RocksDB outbox, MQTT uplink and hub store. Figures: target/bench/inspection.json.
# BENCH_INTERVAL: sample interval per camera in ms (default 500 = 2 samples/s); BENCH_PHASE: ms per step.
set -euo pipefail
rm -f target/bench/inspection.txt
mvn -B -q -ntp -pl system-tests -am test -Dtest=InspectionBench -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.excludedGroups= \
  -DargLine="-Dbench.interval=${BENCH_INTERVAL:-500} -Dbench.phase=${BENCH_PHASE:-10000}"
cat target/bench/inspection.txt
