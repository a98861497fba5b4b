#!/usr/bin/env bash
# ./run rig onvif N [--user=admin] [--password=PW]: N simulated ONVIF cameras (WS-Discovery, SOAP, PTZ)
# naming RTSP streams of the street video.
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"
exec java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.onvif.OnvifRigMain "${@:-1}"
