#!/usr/bin/env bash
# ./run rig cameras N [PORT] [--held] [--prepared]: serve N simulated RTSP cameras (GStreamer's RTSP server, or --prepared: RTP from memory, cheap) and print their URLs.
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"
exec java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.camera.CameraRigMain "${1:-4}" "${@:2}"
