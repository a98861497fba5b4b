#!/usr/bin/env bash
# ./run rig gb28181 N [--nvr=64] [--agent=HOST:PORT] [--id=PLATFORM_ID] [--password=PW] [--sip=udp|tcp] [--hevc]:
# N simulated GB/T 28181 IPCs (and an NVR) that register to an agent and stream PS over RTP when invited.
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"
exec java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.gb28181.GbRigMain "${@:-4}"
