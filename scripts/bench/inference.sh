#!/usr/bin/env bash
# ./run bench inference: YOLOX-nano 416 full detector path vs a bare OrtSession.run on the same
# prepared tensors (same session, same threads, same run). Figures: target/bench/inference.json.
# Options: BENCH_THREADS (ORT intra-op threads, default 2), BENCH_ROUNDS (default 6).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
rm -f target/bench/inference.txt
mvn -B -q -ntp -pl models -am test -Dtest=InferenceBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgroups=bench -Dsurefire.excludedGroups= \
  -DargLine="-Dbench.threads=${BENCH_THREADS:-2} -Dbench.rounds=${BENCH_ROUNDS:-6}"
cat target/bench/inference.txt
