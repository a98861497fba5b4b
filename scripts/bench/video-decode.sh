#!/usr/bin/env bash
# ./run bench video-decode: the agent's grab+decode path vs `ffmpeg -threads 1 -i FILE -f null -` on the
# H.264 version of vtest (four times over), alternating in one run. BENCH_ROUNDS sets the rounds (default 3).
set -euo pipefail
rm -f target/bench/video-decode.txt
mvn -B -q -ntp -pl edge-agent -am test -Dtest=VideoDecodeBench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.rounds=${BENCH_ROUNDS:-3}"
grep -h "^round" edge-agent/target/surefire-reports/*VideoDecodeBench-output.txt || true
cat target/bench/video-decode.json; echo
cat target/bench/video-decode.txt
