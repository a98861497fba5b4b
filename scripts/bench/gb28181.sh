#!/usr/bin/env bash
# ./run bench gb28181: channels one agent holds over GB/T 28181 in keyframe mode (an NVR simulator in its own process,
# PS over RTP/UDP) against the same street video over RTSP (GStreamer), in one run, with every channel's health right;
# and INVITE-to-first-frame p50/p99. Ladder of channel counts: BENCH_GB_LADDER (default 50,100,150); BENCH_GB_INVITES (60).
set -euo pipefail
rm -f target/bench/gb28181.json
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -ntp -pl edge-agent -am test -Dtest=GbFleetBench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx2g -Dbench.gb.ladder=${BENCH_GB_LADDER:-50,100,150} -Dbench.gb.invites=${BENCH_GB_INVITES:-60} -Dbench.gb.warmupMs=${BENCH_GB_WARMUP_MS:-15000} -Dbench.gb.windowMs=${BENCH_GB_WINDOW_MS:-15000}"
grep -hE "^(rtsp|gb28181) " edge-agent/target/surefire-reports/*GbFleetBench-output.txt || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat target/bench/gb28181.json; echo
cat target/bench/gb28181.txt
