# ./run cluster ...: the pieces of a hub cluster on this machine, started and stopped one by one.
# Kafka brokers (KRaft, combined broker+controller) run as separate JVMs from the kafka-broker
# module's target/lib (Maven Central's kafka_2.13); HAProxy is Debian's. Each piece keeps its
# folder under $GMEYE_CLUSTER_DIR (default data/cluster): properties, data, log, pid.
#
# Ports: broker N listens on GMEYE_KAFKA_PORTS (comma list, default 19092,19093,19094), its
# controller on GMEYE_KAFKA_CONTROLLER_PORTS (default 19192,19193,19194).
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"

DIR="${GMEYE_CLUSTER_DIR:-$GMEYE_ROOT/data/cluster}"
IFS=, read -r -a BROKER_PORTS <<< "${GMEYE_KAFKA_PORTS:-19092,19093,19094}"
IFS=, read -r -a CONTROLLER_PORTS <<< "${GMEYE_KAFKA_CONTROLLER_PORTS:-19192,19193,19194}"
BROKERS=${#BROKER_PORTS[@]}
[ "$BROKERS" -eq "${#CONTROLLER_PORTS[@]}" ] || die "GMEYE_KAFKA_PORTS and GMEYE_KAFKA_CONTROLLER_PORTS must list as many ports"
dup=$(printf '%s\n' "${BROKER_PORTS[@]}" "${CONTROLLER_PORTS[@]}" | sort | uniq -d | head -1)
[ -z "$dup" ] || die "port $dup is listed twice in GMEYE_KAFKA_PORTS/GMEYE_KAFKA_CONTROLLER_PORTS: every broker and controller listener needs a port of its own"
KAFKA_HEAP="${GMEYE_KAFKA_HEAP:-384m}"

usage() {
  cat <<'USAGE'
./run cluster kafka start|stop        all brokers (formats new ones; prints the bootstrap list)
./run cluster broker start|stop|kill N  one broker (kill: kill -9)
./run cluster haproxy start|stop      HAProxy in front of the hub nodes (GMEYE_HUB_HTTP_PORTS, GMEYE_HUB_MQTT_PORTS)
./run cluster status                  what runs, with pids and ports
./run cluster bootstrap               the brokers' bootstrap list (host:port,...)
./run cluster wipe                    stop everything and delete $GMEYE_CLUSTER_DIR
USAGE
}

bootstrap() {
  local out=() p
  for p in "${BROKER_PORTS[@]}"; do out+=("127.0.0.1:$p"); done
  (IFS=,; echo "${out[*]}")
}

voters() {
  local out=() i
  for i in $(seq 1 "$BROKERS"); do out+=("$i@127.0.0.1:${CONTROLLER_PORTS[$((i - 1))]}"); done
  (IFS=,; echo "${out[*]}")
}

kafka_cp() {
  [ -d "$GMEYE_ROOT/kafka-broker/target/lib" ] || die "kafka-broker/target/lib is missing: run ./run build"
  echo "$GMEYE_ROOT/kafka-broker/target/lib/*"
}

running() { # pidfile
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

wait_port() { # port seconds what
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

cluster_id() {
  local f="$DIR/cluster-id"
  mkdir -p "$DIR"
  if [ ! -s "$f" ]; then
    java -cp "$(kafka_cp)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1 > "$f"
  fi
  cat "$f"
}

broker_props() { # n
  local n=$1 b="$DIR/broker-$1"
  cat > "$b/server.properties" <<PROPS
# broker $n of $BROKERS, written by ./run cluster (combined broker and controller, KRaft)
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://127.0.0.1:${BROKER_PORTS[$((n - 1))]},CONTROLLER://127.0.0.1:${CONTROLLER_PORTS[$((n - 1))]}
advertised.listeners=PLAINTEXT://127.0.0.1:${BROKER_PORTS[$((n - 1))]}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$b/data
num.partitions=12
default.replication.factor=$(( BROKERS < 3 ? BROKERS : 3 ))
min.insync.replicas=$(( BROKERS < 2 ? 1 : 2 ))
offsets.topic.replication.factor=$(( BROKERS < 3 ? BROKERS : 3 ))
transaction.state.log.replication.factor=$(( BROKERS < 3 ? BROKERS : 3 ))
transaction.state.log.min.isr=$(( BROKERS < 2 ? 1 : 2 ))
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
# a broker that comes back catches up quickly; a dead one is noticed within seconds
replica.lag.time.max.ms=10000
broker.session.timeout.ms=6000
broker.heartbeat.interval.ms=1000
PROPS
}

broker_start() { # n
  local n=$1 b="$DIR/broker-$1"
  [ "$n" -ge 1 ] && [ "$n" -le "$BROKERS" ] || die "no broker $n (there are $BROKERS)"
  if running "$b/pid"; then
    log "broker $n already runs (pid $(cat "$b/pid"))"
    return 0
  fi
  mkdir -p "$b"
  broker_props "$n"
  if [ ! -f "$b/data/meta.properties" ]; then
    java -cp "$(kafka_cp)" kafka.tools.StorageTool format -t "$(cluster_id)" -c "$b/server.properties" --ignore-formatted \
      >"$b/format.log" 2>&1 || { cat "$b/format.log" >&2; die "could not format broker $n's storage (see $b/format.log)"; }
  fi
  # setsid: the broker outlives this script and is stopped by its pid
  setsid java -Xms64m -Xmx"$KAFKA_HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info \
    -cp "$(kafka_cp)" kafka.Kafka "$b/server.properties" >"$b/broker.log" 2>&1 < /dev/null &
  echo $! > "$b/pid"
}

broker_wait() { # n
  local n=$1 b="$DIR/broker-$1"
  wait_port "${BROKER_PORTS[$((n - 1))]}" 120 || { tail -30 "$b/broker.log" >&2; die "broker $n did not open port ${BROKER_PORTS[$((n - 1))]} (see $b/broker.log)"; }
}

broker_stop() { # n signal
  local b="$DIR/broker-$1" sig="${2:-TERM}" i
  running "$b/pid" || { rm -f "$b/pid"; return 0; }
  local pid; pid=$(cat "$b/pid")
  kill -"$sig" "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$b/pid"
}

# HTTP: round robin over the nodes that answer /healthz (a node whose store is full answers 503 and
# gets nothing): sessions and the writes that are commands work on every node, and commands,
# snapshots, live view and clips are routed to the node holding the agent; MQTT: plain TCP, least
# connections, so a killed node's agents spread over the others when they reconnect.
haproxy_config() { # http-ports mqtt-ports folder
  local i=0 p
  cat <<CFG
# written by ./run cluster haproxy start
global
    pidfile $3/pid
    maxconn 8000
defaults
    timeout connect 2s
    # a health answer may take seconds while the nodes' JVMs start or the machine is busy: with the check
    # timed out at 'inter' (1 s), HAProxy took every node out at once and answered 503 to all. A dead node
    # refuses the connection at once, so it is still out after two checks (about 2 s).
    timeout check 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    retries 2
    option redispatch
frontend hub_http
    mode http
    bind 127.0.0.1:${GMEYE_CLUSTER_HTTP_PORT:-8080}
    default_backend hub_nodes_http
backend hub_nodes_http
    mode http
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
CFG
  for p in ${1//,/ }; do i=$((i + 1)); echo "    server node$i 127.0.0.1:$p check"; done
  i=0
  cat <<CFG
frontend hub_mqtt
    mode tcp
    bind 127.0.0.1:${GMEYE_CLUSTER_MQTT_PORT:-1883}
    default_backend hub_nodes_mqtt
backend hub_nodes_mqtt
    mode tcp
    balance leastconn
    default-server inter 1s fall 2 rise 2
CFG
  for p in ${2//,/ }; do i=$((i + 1)); echo "    server node$i 127.0.0.1:$p check"; done
}

haproxy_start() {
  local h="$DIR/haproxy" http mqtt
  command -v haproxy >/dev/null || die "haproxy is missing. Install it with: sudo apt-get install -y haproxy"
  http="${GMEYE_HUB_HTTP_PORTS:?GMEYE_HUB_HTTP_PORTS: HTTP ports of the hub nodes, comma-separated}"
  mqtt="${GMEYE_HUB_MQTT_PORTS:?GMEYE_HUB_MQTT_PORTS: MQTT ports of the hub nodes, comma-separated}"
  mkdir -p "$h"
  haproxy_stop
  haproxy_config "$http" "$mqtt" "$h" > "$h/haproxy.cfg"
  haproxy -c -f "$h/haproxy.cfg" >"$h/check.log" 2>&1 || { cat "$h/check.log" >&2; die "the HAProxy configuration is invalid (see $h/haproxy.cfg)"; }
  haproxy -D -f "$h/haproxy.cfg" >"$h/haproxy.log" 2>&1 || { cat "$h/haproxy.log" >&2; die "HAProxy did not start"; }
  log "HAProxy: http://127.0.0.1:${GMEYE_CLUSTER_HTTP_PORT:-8080} and mqtt tcp://127.0.0.1:${GMEYE_CLUSTER_MQTT_PORT:-1883}"
}

haproxy_stop() {
  local h="$DIR/haproxy"
  running "$h/pid" && kill "$(cat "$h/pid")" 2>/dev/null || true
  rm -f "$h/pid"
}

status() {
  local n b
  for n in $(seq 1 "$BROKERS"); do
    b="$DIR/broker-$n"
    if running "$b/pid"; then
      echo "broker $n: running, pid $(cat "$b/pid"), port ${BROKER_PORTS[$((n - 1))]}"
    else
      echo "broker $n: stopped"
    fi
  done
  if running "$DIR/haproxy/pid"; then echo "haproxy: running, pid $(cat "$DIR/haproxy/pid")"; else echo "haproxy: stopped"; fi
}

what="${1:-help}"
shift || true
case "$what" in
  kafka)
    case "${1:-}" in
      start)
        for n in $(seq 1 "$BROKERS"); do broker_start "$n"; done
        for n in $(seq 1 "$BROKERS"); do broker_wait "$n"; done
        log "Kafka: $BROKERS brokers at $(bootstrap)"
        echo "$(bootstrap)"
        ;;
      stop) for n in $(seq 1 "$BROKERS"); do broker_stop "$n"; done ;;
      *) usage; die "./run cluster kafka start|stop" ;;
    esac
    ;;
  broker)
    op="${1:-}"; n="${2:?usage: ./run cluster broker start|stop|kill N}"
    case "$op" in
      start) broker_start "$n"; broker_wait "$n"; log "broker $n at 127.0.0.1:${BROKER_PORTS[$((n - 1))]}" ;;
      stop) broker_stop "$n" TERM ;;
      kill) broker_stop "$n" KILL ;;
      *) usage; die "./run cluster broker start|stop|kill N" ;;
    esac
    ;;
  haproxy)
    case "${1:-}" in
      start) haproxy_start ;;
      stop) haproxy_stop ;;
      *) usage; die "./run cluster haproxy start|stop" ;;
    esac
    ;;
  status) status ;;
  bootstrap) bootstrap ;;
  wipe)
    haproxy_stop
    for n in $(seq 1 "$BROKERS"); do broker_stop "$n" KILL; done
    rm -rf "$DIR"
    ;;
  help|-h|--help) usage ;;
  *) usage; die "unknown: ./run cluster $what" ;;
esac
