# ./run demo [--check] [--cluster]: a hub, one agent for a demo site, and the simulators, on this machine.
# --check: wait until the hub shows the site online with data flowing, print a summary,
# stop everything this started, exit 0 (or 1 with the reason).
# --cluster: the hub as a cluster: 3 Kafka brokers, 3 hub nodes and HAProxy in front of them
# (./run cluster); the agent gets the three nodes' addresses.
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"
CHECK=0
CLUSTER=0
for a in "$@"; do
  case "$a" in
    --check) CHECK=1 ;;
    --cluster) CLUSTER=1 ;;
    *) die "./run demo [--check] [--cluster]: unknown option $a" ;;
  esac
done
DEMO="${GMEYE_DEMO_DIR:-$GMEYE_ROOT/target/demo}"
rm -rf "$DEMO"
mkdir -p "$DEMO/logs"
# a free port below the kernel's ephemeral range: the many outgoing connections of the cluster (Kafka,
# Hazelcast, the event bus) take ports from that range and could take one picked here before its server binds it.
# Each port is handed out once (remembered in $DEMO/ports): two picks of one free port gave a Kafka broker the
# same port for both of its listeners.
free_port() {
  python3 - "$DEMO/ports" <<'PY'
import random, socket, sys
taken_file = sys.argv[1]
try:
    taken = set(open(taken_file).read().split())
except FileNotFoundError:
    taken = set()
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(1000):
    port = random.randrange(10000, max(10001, low))
    if str(port) in taken:
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        break
    except OSError:
        pass
    finally:
        s.close()
else:
    sys.exit("no free loopback port below %d after 1000 tries" % low)
open(taken_file, "a").write("%d\n" % port)
print(port)
PY
}
if [ $CHECK = 1 ]; then
  MQTT_PORT=$(free_port); HTTP_PORT=$(free_port)
else
  MQTT_PORT="${GMEYE_DEMO_MQTT_PORT:-1883}"; HTTP_PORT="${GMEYE_DEMO_HTTP_PORT:-8080}"
fi
SITE=demo-site
SECRET="demo-$(date +%s)-$RANDOM"
ADMIN_PASSWORD="${GMEYE_DEMO_ADMIN_PASSWORD:-admin-$RANDOM$RANDOM}"

PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  # a hub node closes its store and its Kafka clients on SIGTERM: give everything up to 10 s to stop cleanly
  for _ in $(seq 1 100); do
    alive=0
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  # what is still running is killed; wait reaps it so bash prints no "Killed" line for it
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && { kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; } || true; done
  [ $CLUSTER = 1 ] && bash "$GMEYE_ROOT/scripts/cluster.sh" wipe >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

wait_for_line() { # file pattern seconds
  local i
  for i in $(seq 1 $(( $3 * 10 ))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "---- $1 ----" >&2; tail -30 "$1" >&2
  die "timed out waiting for '$2' in $1"
}

cat > "$DEMO/hub.yaml" <<YAML
dataDir: $DEMO/hub
mqtt: {host: 127.0.0.1, port: $MQTT_PORT}
http: {host: 127.0.0.1, port: $HTTP_PORT}
auth: {initialAdminPassword: "$ADMIN_PASSWORD"}
sites:
  - {id: $SITE, name: "光明之眼 demo site", secret: "$SECRET", tags: [district/guangming, street/demo]}
YAML
CAM_PORT=$(free_port)
log "starting 4 simulated RTSP cameras (GStreamer RTSP server, port $CAM_PORT)"
java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.camera.CameraRigMain 4 "$CAM_PORT" --held >"$DEMO/logs/cameras.log" 2>&1 &
PIDS+=($!)
wait_for_line "$DEMO/logs/cameras.log" "cam004 rtsp" 180 # the first run encodes the street clips with ffmpeg

# an ONVIF camera (WS-Discovery, SOAP with a UsernameToken digest, PTZ) naming a GStreamer RTSP stream
ONVIF_PASSWORD="onvif-demo-$RANDOM$RANDOM"
log "starting a simulated ONVIF PTZ camera"
java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.onvif.OnvifRigMain 1 --password="$ONVIF_PASSWORD" >"$DEMO/logs/onvif.log" 2>&1 &
PIDS+=($!)
wait_for_line "$DEMO/logs/onvif.log" " probe " 180
ONVIF_PROBE=$(grep -o ' probe [0-9.:]*' "$DEMO/logs/onvif.log" | head -1 | cut -d' ' -f3)
# a GB/T 28181 NVR registers to the agent once it runs (below)
SIP_PORT=$(free_port)
GB_ID=44031100002000000001
GB_PASSWORD="gb-demo-$RANDOM$RANDOM"

# field devices: one of each of the 33 types and two checkpoints (sentinel + turnstile), provisioned
# first so the agent knows their credentials; the whitelist the rig made is pushed through the hub
DEV_MQTT_PORT=$(free_port); DEV_COAP_PORT=$(free_port)
SALT="demo-district-salt-0001"
FLEET=(--types="$GMEYE_ROOT/config/device-types" --registry-out="$DEMO/devices.yaml" --whitelist-out="$DEMO/whitelist.json"
       --salt="$SALT" --per-type=1 --checkpoints=2 --scan-rate=0.2 --interval=5
       --mqtt="tcp://127.0.0.1:$DEV_MQTT_PORT" --coap="coap://127.0.0.1:$DEV_COAP_PORT")
java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.devices.DeviceFleet "${FLEET[@]}" --provision-only=true \
  >"$DEMO/logs/provision.log" 2>&1 || { tail -20 "$DEMO/logs/provision.log" >&2; die "device provisioning failed"; }

cat > "$DEMO/agent.yaml" <<YAML
site: $SITE
dataDir: $DEMO/agent
hub: {url: "tcp://127.0.0.1:$MQTT_PORT", password: "$SECRET"}
health: {interval: 2s}
cameras:
  cameras:
    - {id: cam001, url: "rtsp://127.0.0.1:$CAM_PORT/cam001", decode: full, tags: [street/demo]}
    - {id: cam002, url: "rtsp://127.0.0.1:$CAM_PORT/cam002", decode: keyframes, tags: [street/demo]}
    - {id: cam003, url: "rtsp://127.0.0.1:$CAM_PORT/cam003", transport: udp, decode: keyframes, tags: [street/demo]}
    - {id: cam004, url: "rtsp://127.0.0.1:$CAM_PORT/cam004", decode: full, tags: [street/demo, scene/vending]}
# GB/T 28181: the NVR's device page says SIP server id $GB_ID, domain 4403110000, 127.0.0.1:$SIP_PORT, this password
gb28181: {enabled: true, id: "$GB_ID", host: 127.0.0.1, port: $SIP_PORT, password: "$GB_PASSWORD", keepaliveInterval: 30s,
          decode: keyframes, civilTags: {"440311": district/guangming}}
onvif: {enabled: true, username: admin, password: "$ONVIF_PASSWORD", probe: ["$ONVIF_PROBE"], probeEvery: 1m, tags: [street/demo]}
devices:
  enabled: true
  typesDir: $GMEYE_ROOT/config/device-types
  registryFile: $DEMO/devices.yaml
  mqtt: {enabled: true, port: $DEV_MQTT_PORT, host: 127.0.0.1}
  coap: {enabled: true, port: $DEV_COAP_PORT, dtlsPort: $(free_port), allowPlain: true}
  healthInterval: 2s
checkpoint:
  enabled: true
  salt: $SALT
inspection:
  modelsDir: $GMEYE_ROOT/models-installed
  sampleInterval: 1s
  patrolInterval: 5s
  scenes:
    # scenes an operator would keep, with dwell times shortened for a demo. cam001 looks at a kerb
    # (top right of the street video) where a car and a van stand all along: parking disorder
    - id: demo-kerb-parking
      type: parking
      camera: cam001
      dwell: 1m
      zones: [{name: no-parking kerb, points: [[0.8,0.05],[1,0.05],[1,0.3],[0.8,0.3]]}]
      tags: [scene/parking, street/demo]
    # cam004's people stop and stand on the square; with no goods, umbrella or cart beside them
    # (minCompanions: the preset's 1) that is not vending, and no event is raised for it
    - id: demo-square-vending
      type: vending
      camera: cam004
      dwell: 1m
      cooldown: 10m
      zones: [{name: pavement, points: [[0,0.32],[0.62,0.30],[1,0.2],[1,0.9],[0.45,0.58],[0,0.44]]}]
      tags: [scene/vending, street/demo]
YAML

if [ $CLUSTER = 0 ]; then
  log "starting hub (mqtt $MQTT_PORT, http $HTTP_PORT)"
  java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp central-hub)" io.gmeye.hub.app.HubMain "$DEMO/hub.yaml" >"$DEMO/logs/hub.log" 2>&1 &
  PIDS+=($!)
  wait_for_line "$DEMO/logs/hub.log" "gmeye hub ready" 60
  API="http://127.0.0.1:$HTTP_PORT"
else
  export GMEYE_CLUSTER_DIR="$DEMO/cluster"
  export GMEYE_KAFKA_PORTS="$(free_port),$(free_port),$(free_port)" GMEYE_KAFKA_CONTROLLER_PORTS="$(free_port),$(free_port),$(free_port)"
  log "starting 3 Kafka brokers (./run cluster kafka start)"
  BOOTSTRAP=$(bash "$GMEYE_ROOT/scripts/cluster.sh" kafka start | tail -1)
  NODE_MQTT=(); NODE_HTTP=(); NODE_ROUTING=()
  for n in 1 2 3; do NODE_ROUTING+=("$(free_port)"); done
  MEMBERS="127.0.0.1:${NODE_ROUTING[0]},127.0.0.1:${NODE_ROUTING[1]},127.0.0.1:${NODE_ROUTING[2]}"
  for n in 1 2 3; do
    NODE_MQTT+=("$(free_port)"); NODE_HTTP+=("$(free_port)")
    sed -e "s|^dataDir: .*|dataDir: $DEMO/hub-$n|" -e "s|^mqtt: .*|mqtt: {host: 127.0.0.1, port: ${NODE_MQTT[$((n - 1))]}}|" \
        -e "s|^http: .*|http: {host: 127.0.0.1, port: ${NODE_HTTP[$((n - 1))]}}|" "$DEMO/hub.yaml" > "$DEMO/hub-$n.yaml"
    echo "cluster: {node: node-$n, kafka: {bootstrap: \"$BOOTSTRAP\"}, routing: {port: ${NODE_ROUTING[$((n - 1))]}, members: \"$MEMBERS\"}}" \
      >> "$DEMO/hub-$n.yaml"
    log "starting hub node $n (mqtt ${NODE_MQTT[$((n - 1))]}, http ${NODE_HTTP[$((n - 1))]})"
    java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp central-hub)" io.gmeye.hub.app.HubMain "$DEMO/hub-$n.yaml" >"$DEMO/logs/hub-$n.log" 2>&1 &
    PIDS+=($!)
  done
  for n in 1 2 3; do wait_for_line "$DEMO/logs/hub-$n.log" "gmeye hub ready" 180; done
  GMEYE_HUB_HTTP_PORTS="$(IFS=,; echo "${NODE_HTTP[*]}")" GMEYE_HUB_MQTT_PORTS="$(IFS=,; echo "${NODE_MQTT[*]}")" \
    GMEYE_CLUSTER_HTTP_PORT=$HTTP_PORT GMEYE_CLUSTER_MQTT_PORT=$MQTT_PORT bash "$GMEYE_ROOT/scripts/cluster.sh" haproxy start
  # the agent knows the three nodes (node 1 first); the whitelist goes in through HAProxy like any operator's write:
  # whichever node takes it puts it into the log, and the node holding the agent pushes it
  sed -i "s|url: \"tcp://127.0.0.1:$MQTT_PORT\"|url: \"tcp://127.0.0.1:${NODE_MQTT[0]},tcp://127.0.0.1:${NODE_MQTT[1]},tcp://127.0.0.1:${NODE_MQTT[2]}\"|" "$DEMO/agent.yaml"
  API="http://127.0.0.1:$HTTP_PORT"
fi

log "starting agent for site $SITE"
java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp edge-agent)" io.gmeye.agent.app.AgentMain "$DEMO/agent.yaml" >"$DEMO/logs/agent.log" 2>&1 &
PIDS+=($!)

# the whitelist goes in at the hub, which versions it and pushes it to the agent
TOKEN=$(curl -sf -H 'content-type: application/json' -d "{\"user\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$API/api/v1/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') || die "could not log in to the hub as admin"
# in a cluster HAProxy may send this to a node that has not applied the login yet (a command in the log): 401, a
# moment; or find no node up for a moment while they start (503 from HAProxy): tried again for up to 20 s
for try in $(seq 1 80); do
  code=$(curl -s -o "$DEMO/whitelist-answer.json" -w '%{http_code}' -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    --data-binary @"$DEMO/whitelist.json" "$API/api/v1/whitelist") || code=000
  [ "$code" = 401 ] || [ "$code" = 503 ] || break
  [ "$code" = 401 ] || [ $((try % 8)) != 1 ] || log "the whitelist: HTTP 503 through HAProxy (no hub node up for it at this moment); trying again"
  sleep 0.25
done
[ "$code" = 200 ] || die "could not load the whitelist into the hub (HTTP $code: $(cat "$DEMO/whitelist-answer.json" 2>/dev/null))"

wait_for_line "$DEMO/logs/agent.log" "connected to hub" 60
log "starting a simulated GB/T 28181 NVR with 4 channels (the first a PTZ dome) registering to the agent (SIP $SIP_PORT)"
java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.gb28181.GbRigMain 0 --nvr=4 --agent="127.0.0.1:$SIP_PORT" \
  --id="$GB_ID" --password="$GB_PASSWORD" >"$DEMO/logs/gb28181.log" 2>&1 &
PIDS+=($!)
log "starting the device fleet: 33 sensor types, 2 checkpoints (MQTT $DEV_MQTT_PORT, CoAP $DEV_COAP_PORT)"
java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp test-rigs)" io.gmeye.rigs.devices.DeviceFleet "${FLEET[@]}" >"$DEMO/logs/devices.log" 2>&1 &
PIDS+=($!)
if [ $CLUSTER = 1 ]; then
  log "cluster: Kafka at $BOOTSTRAP; hub nodes http ${NODE_HTTP[*]}, mqtt ${NODE_MQTT[*]}; HAProxy http://127.0.0.1:$HTTP_PORT and mqtt tcp://127.0.0.1:$MQTT_PORT"
  # HAProxy sends HTTP round robin: snapshots, live view and commands are routed to the node holding the agent
  API="http://127.0.0.1:$HTTP_PORT"
fi
if [ $CHECK = 0 ]; then
  log "dashboard: $API/   log in as admin / $ADMIN_PASSWORD   (logs in $DEMO/logs; Ctrl-C stops everything)"
  wait
  exit 0
fi

# --check: site online with data flowing
ok=0
for i in $(seq 1 150); do
  if python3 "$GMEYE_ROOT/scripts/demo_check.py" "$API" "$SITE" admin "$ADMIN_PASSWORD" >"$DEMO/check.txt" 2>&1; then ok=1; break; fi
  sleep 1
done
cat "$DEMO/check.txt"
[ $ok = 1 ] || die "demo check failed (logs in $DEMO/logs)"
# the dashboard is served and its wall shows what the API says (headless Chromium)
node "$GMEYE_ROOT/central-hub/src/main/dashboard/check.mjs" "$API" admin "$ADMIN_PASSWORD" --live --screenshot "$DEMO/console-live.png" | tee "$DEMO/dashboard-check.txt" \
  || die "dashboard check failed (see $DEMO/dashboard-check.txt and $DEMO/logs)"
log "demo check passed"
