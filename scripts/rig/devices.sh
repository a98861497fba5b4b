#!/usr/bin/env bash
# Device fleet rig: sensors of all 33 types over MQTT and CoAP, checkpoint lanes (sentinel +
# turnstile), faults and a rush-hour mode, against a running agent.
#   ./run rig devices [--mqtt=tcp://127.0.0.1:1884] [--coap=coap://127.0.0.1:5683] [--per-type=3]
#                     [--checkpoints=4] [--scan-rate=0.5] [--interval=5] [--bad-share=0.01]
#                     [--flap-share=0.05] [--skew=3600] [--duration=0] [--provision-only=true]
#   ./run rig devices --rush   (rush hour: 2 scans/s on each of 20 lanes)
# It first writes the agent's device registry (hashed secrets) to target/rig/devices.yaml and
# the whitelist (the body of POST /api/v1/whitelist: salted hashes and masked forms) to target/rig/whitelist.json; start the
# agent with devices.registryFile pointing there (GMEYE_DEVICES_REGISTRYFILE=target/rig/devices.yaml).
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"
args=()
for a in "$@"; do
  case "$a" in
    --rush) args+=(--checkpoints=20 --scan-rate=2 --population=100000) ;;
    *) args+=("$a") ;;
  esac
done
cd "$GMEYE_ROOT"
exec java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.devices.DeviceFleet \
  --types="$GMEYE_ROOT/config/device-types" --registry-out="$GMEYE_ROOT/target/rig/devices.yaml" \
  --whitelist-out="$GMEYE_ROOT/target/rig/whitelist.json" "${args[@]}"
