#!/usr/bin/env bash
# ./run bench video-fleet: how many simulated 768x576 10 fps cameras one agent holds with every camera's
# health correct, in keyframes and full-decode mode, with CPU and memory. Ladders of camera counts:
# BENCH_FLEET_KEYFRAMES (default 100,200,250) and BENCH_FLEET_FULL (default 50,75,100,125; "none" skips).
set -euo pipefail
rm -f target/bench/video-fleet.txt
mvn -B -q -ntp -pl edge-agent -am test -Dtest=VideoFleetBench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.fleet.keyframes=${BENCH_FLEET_KEYFRAMES:-100,200,250} -Dbench.fleet.full=${BENCH_FLEET_FULL:-50,75,100,125} -Dbench.fleet.warmupMs=${BENCH_FLEET_WARMUP_MS:-20000} -Dbench.fleet.windowMs=${BENCH_FLEET_WINDOW_MS:-20000}"
grep -hE "^(keyframes|full) " edge-agent/target/surefire-reports/*VideoFleetBench-output.txt || true
cat target/bench/video-fleet.json; echo
cat target/bench/video-fleet.txt
