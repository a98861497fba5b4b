#!/usr/bin/env bash
# ./run rig estate ARGS: a generated district's site agents over real MQTT (see EstateRig).
#   ./run rig estate --scale small --sites-yaml          # the sites block for hub.yaml
#   ./run rig estate --scale small --mqtt tcp://127.0.0.1:1883 --http http://127.0.0.1:8080 --admin-password P
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"
exec java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.estate.EstateRig "$@"
