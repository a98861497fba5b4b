#!/usr/bin/env bash
# ./run bench inference: YOLOX-nano 416 full detector path (letterbox + ONNX Runtime + decode + NMS)
# vs a bare OrtSession.run on the same prepared tensors (same session, same threads, same run).
# Figures: target/bench/inference.json. BENCH_THREADS (ORT intra-op threads, default 2), BENCH_ROUNDS (default 6).
set -euo pipefail
rm -f target/bench/inference.txt
mvn -B -q -ntp -pl system-tests -am test -Dtest=InferenceBench -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.excludedGroups= \
  -DargLine="-Dbench.threads=${BENCH_THREADS:-2} -Dbench.rounds=${BENCH_ROUNDS:-6}"
cat target/bench/inference.txt
