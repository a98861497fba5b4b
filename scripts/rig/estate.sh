#!/usr/bin/env bash
# ./run rig estate ARGS: a generated district's site agents over real MQTT (see EstateRig).
#   ./run rig estate --scale district --sites-yaml        # the sites block for hub.yaml (200 sites)
#   ./run rig estate --scale small --mqtt tcp://127.0.0.1:1883 --http http://127.0.0.1:8080 --admin-password P
#   ./run rig estate --scale district --mqtt ... --http ... --admin-password P --load [--speed 12] [--start 07:00] [--minutes 30]
#     --load: 200 sites, 43,000 cameras, 10,022 devices of 33 types, 931 checkpoints at realistic rates, heartbeats and
#     health every 30 s, passes and events with rush hours (7-9, 17-19); --speed runs the virtual day faster.
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"
exec java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.estate.EstateRig "$@"
