#!/usr/bin/env bash
# ./run bench hub-views: overview, online-rate-by-tag and event-list latency (p50/p99) over the hub's
# HTTP API with the full district loaded (43,000 cameras, 10,022 devices, 931 checkpoints, a million
# events). Figures in target/bench/hub-views.json; the last line is "BENCH hub-views ...".
# Smaller runs: GMEYE_BENCH_EVENTS=100000 ./run bench hub-views
set -euo pipefail
ROOT="${GMEYE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
mkdir -p target/bench
LOG=target/bench/hub-views.log
mvn -B -q -ntp -pl central-hub -am test -Dtest=HubViewsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgroups=bench -Dsurefire.excludedGroups= -DtrimStackTrace=false \
  -DargLine="-Xmx8g -Dgmeye.bench.events=${GMEYE_BENCH_EVENTS:-1000000}" >"$LOG" 2>&1 || { tail -60 "$LOG"; exit 1; }
OUT=central-hub/target/surefire-reports/io.gmeye.hub.views.HubViewsBench-output.txt
grep -E '^(loaded|query|overview|online_rate|event_list|reference)' "$OUT" || true
grep '^BENCH hub-views' "$OUT" | tail -1
