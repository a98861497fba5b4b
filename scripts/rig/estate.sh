# ./run rig estate [--url tcp://HOST:PORT --secret S] [--sites N] [--speed X] [--start HH:MM] [--minutes M]
# Simulates the district (200 sites, 43,000 cameras, 10,022 devices of 33 types, 931 checkpoints) against one hub
# over real MQTT. Without --url it starts a hub of its own with the 200 sites configured (data in target/estate).
# --speed runs the virtual time of day faster (rush hours at 7-9 and 17-19), --start sets where the day begins.
set -euo pipefail
url="" secret="estate-secret" sites=200 speed=1 start="07:30" minutes=0
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="$2"; shift 2 ;;
    --secret) secret="$2"; shift 2 ;;
    --sites) sites="$2"; shift 2 ;;
    --speed) speed="$2"; shift 2 ;;
    --start) start="$2"; shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;;
    *) die "unknown option $1 (see scripts/rig/estate.sh)" ;;
  esac
done
hub_pid=""
if [ -z "$url" ]; then
  dir="$GMEYE_ROOT/target/estate"
  mkdir -p "$dir"
  hash="$(java -cp "$(module_cp central-hub)" io.gmeye.hub.app.HubMain hash-secret "$secret")"
  {
    echo "dataDir: $dir/hub"
    echo "mqtt: {host: 127.0.0.1, port: ${GMEYE_MQTT_PORT:-1883}}"
    echo "http: {host: 127.0.0.1, port: ${GMEYE_HTTP_PORT:-8080}}"
    echo "sites:"
    for i in $(seq 1 "$sites"); do printf '  - {id: estate-%03d, secretHash: "%s"}\n' "$i" "$hash"; done
  } > "$dir/hub.yaml"
  log "starting a hub for $sites sites (log: $dir/hub.log)"
  java ${GMEYE_JAVA_OPTS:--Xmx2g} -cp "$(module_cp central-hub)" io.gmeye.hub.app.HubMain "$dir/hub.yaml" > "$dir/hub.log" 2>&1 &
  hub_pid=$!
  trap '[ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; wait "$hub_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do grep -q "gmeye hub ready" "$dir/hub.log" && break; sleep 0.5; done
  grep -q "gmeye hub ready" "$dir/hub.log" || die "the hub did not start; see $dir/hub.log"
  url="tcp://127.0.0.1:${GMEYE_MQTT_PORT:-1883}"
  log "dashboard and API: http://127.0.0.1:${GMEYE_HTTP_PORT:-8080}/api/v1/overview"
fi
java -cp "$(module_cp test-rigs)" io.gmeye.rigs.estate.EstateSim "$url" "$secret" "$sites" "$speed" "$start" "$minutes"
