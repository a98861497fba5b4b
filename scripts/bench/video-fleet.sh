#!/usr/bin/env bash
# ./run bench video-fleet: how many simulated 768x576 10 fps cameras (H.264 High, 2 B-frames, a keyframe every 2 s) one
# agent holds with every camera's health right, per decode mode, with CPU and memory beside the prepared RTSP rig's
# (its own process, RTP packed once and served from memory); the agent's CPU split by thread role (the cameras' grabbing
# threads, the sampling pool, the rest). Ladders of camera counts: BENCH_FLEET_KEYFRAMES (default 200,300), BENCH_FLEET_FULL (100,125),
# BENCH_FLEET_ONDEMAND (on demand with a patrol sample every 10 s per camera: 600,800) and BENCH_FLEET_HEALTH (on demand,
# health only: 1000,1200); "none" skips a ladder. BENCH_FLEET_READERS: the RTSP readers to run every ladder with, in turn
# (native: the agent's own, ffmpeg: FFmpeg's; default native; "native,ffmpeg" puts FFmpeg's figures beside, keys prefixed ffmpeg_).
set -euo pipefail
rm -f target/bench/video-fleet.txt
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -ntp -pl edge-agent -am test -Dtest=VideoFleetBench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx2g -Dbench.fleet.readers=${BENCH_FLEET_READERS:-native} -Dbench.fleet.keyframes=${BENCH_FLEET_KEYFRAMES:-200,300} -Dbench.fleet.full=${BENCH_FLEET_FULL:-100,125} -Dbench.fleet.ondemand=${BENCH_FLEET_ONDEMAND:-600,800} -Dbench.fleet.health=${BENCH_FLEET_HEALTH:-1000,1200} -Dbench.fleet.warmupMs=${BENCH_FLEET_WARMUP_MS:-20000} -Dbench.fleet.windowMs=${BENCH_FLEET_WINDOW_MS:-20000}"
grep -hE "^(keyframes|full|ondemand) " edge-agent/target/surefire-reports/*VideoFleetBench-output.txt || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat target/bench/video-fleet.json; echo
cat target/bench/video-fleet.txt
