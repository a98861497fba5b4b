#!/usr/bin/env bash
# ./run bench recording: cameras one agent holds in keyframes mode (768x576 10 fps H.264 from the prepared RTSP rig, its
# own process), with event clips asked for every second, without and then with continuous recording of every camera:
# the agent's CPU ratio (goal <= 1.15), the recordings' disk write rate, and clip-ready latency (event moment to clip
# finished at the agent; goal p99 <= post-roll + 2 s). BENCH_RECORDING_CAMERAS (default 50), BENCH_RECORDING_WINDOW_MS
# (30000), BENCH_RECORDING_POST_ROLL_S (5).
set -euo pipefail
rm -f target/bench/recording.txt
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -ntp -pl edge-agent -am test -Dtest=RecordingBench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx1g -Dgmeye.root=$PWD -Dbench.recording.cameras=${BENCH_RECORDING_CAMERAS:-50} -Dbench.recording.windowMs=${BENCH_RECORDING_WINDOW_MS:-30000} -Dbench.recording.postRollS=${BENCH_RECORDING_POST_ROLL_S:-5}"
grep -hE "^(with|without) recording" edge-agent/target/surefire-reports/*RecordingBench-output.txt || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat target/bench/recording.json; echo
cat target/bench/recording.txt
