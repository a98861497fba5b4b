#!/usr/bin/env bash
# ./run docker build|check: builds the hub, agent and rigs images of docker/ with buildah (no Docker
# engine needed) and, for check, runs each: the hub image's entry point must answer GET /healthz.
# The Debian base (FROM debian:bookworm-slim) is made here with debootstrap from Debian's archive,
# so no image registry is needed; downloaded .deb files are kept in target/docker/apt-archives so
# a rebuild does not fetch them again.
set -euo pipefail
source "$GMEYE_ROOT/scripts/lib.sh"

BASE=docker.io/library/debian:bookworm-slim
MIRROR="${GMEYE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
WORK="$GMEYE_ROOT/target/docker"
BUILDAH=(buildah --storage-driver "${GMEYE_BUILDAH_DRIVER:-overlay}")
mkdir -p "$WORK/apt-archives/partial"

# A minimal Debian bookworm, as Debian's bookworm-slim image is: debootstrap's minbase variant.
ensure_base() {
  if "${BUILDAH[@]}" inspect --type image "$BASE" >/dev/null 2>&1; then
    return 0
  fi
  local root="$WORK/rootfs"
  rm -rf "$root"
  log "making the Debian bookworm base image with debootstrap from $MIRROR (once; about 2 minutes)"
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || die "debootstrap failed (see $WORK/debootstrap.log)"
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s-security bookworm-security main\n' \
    "$MIRROR" "$MIRROR" "${MIRROR%/debian}/debian" >"$root/etc/apt/sources.list"
  # an archive mirror whose Release files are past their Valid-Until (as this machine's apt is told to accept)
  if apt-config dump 2>/dev/null | grep -q 'Acquire::Check-Valid-Until "false"'; then
    echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99gmeye-archive"
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -cf "$WORK/rootfs.tar" .
  local ctr
  ctr=$("${BUILDAH[@]}" from scratch)
  "${BUILDAH[@]}" add "$ctr" "$WORK/rootfs.tar" / >/dev/null
  "${BUILDAH[@]}" config --cmd /bin/bash "$ctr"
  "${BUILDAH[@]}" commit -q "$ctr" "$BASE" >/dev/null
  "${BUILDAH[@]}" rm "$ctr" >/dev/null
  rm -rf "$root" "$WORK/rootfs.tar"
}

build_image() {
  local name="$1" before
  before=$("${BUILDAH[@]}" inspect --type image --format '{{.FromImageID}}' "gmeye/$name" 2>/dev/null || true)
  log "building gmeye/$name (docker/Dockerfile.$name)"
  "${BUILDAH[@]}" bud --isolation chroot --pull=never --layers --format docker -q \
    -v "$WORK/apt-archives:/var/cache/apt/archives" \
    -f "docker/Dockerfile.$name" -t "gmeye/$name" . >"$WORK/build-$name.log" 2>&1 \
    || { tail -20 "$WORK/build-$name.log" >&2; die "building gmeye/$name failed (see $WORK/build-$name.log)"; }
  # the image this build replaced, unless the build cache still stands on it
  if [ -n "$before" ] && [ "$before" != "$("${BUILDAH[@]}" inspect --type image --format '{{.FromImageID}}' "gmeye/$name")" ]; then
    "${BUILDAH[@]}" rmi "$before" >/dev/null 2>&1 || true
  fi
}

build_all() {
  [ -d models-installed ] || die "models-installed/ is missing: run ./run install first"
  [ -d test-rigs/target/lib ] || build
  ensure_base
  for name in hub agent rigs; do
    build_image "$name"
  done
}

# The image's ENTRYPOINT followed by its CMD (or the arguments given instead of CMD).
image_command() {
  local image="$1"
  shift
  "${BUILDAH[@]}" inspect --type image "$image" | python3 -c 'import json,sys
config=json.load(sys.stdin)["OCIv1"]["config"]
cmd=sys.argv[1:] or config.get("Cmd") or []
print("\0".join((config.get("Entrypoint") or []) + cmd), end="")' "$@"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

HUB_PID=""
HUB_CTR=""
stop_hub() {
  if [ -n "$HUB_PID" ] && kill -0 "$HUB_PID" 2>/dev/null; then
    kill -TERM -- "-$HUB_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$HUB_PID" 2>/dev/null || true
  fi
  HUB_PID=""
  if [ -n "$HUB_CTR" ]; then
    "${BUILDAH[@]}" rm "$HUB_CTR" >/dev/null 2>&1 || true
    HUB_CTR=""
  fi
}

# Starts the hub image's own entry point and command in a working container (the host's network:
# chroot isolation), on free loopback ports, and waits for GET /healthz to say ok.
check_hub() {
  local http mqtt cmd
  http=$(free_port)
  mqtt=$(free_port)
  HUB_CTR=$("${BUILDAH[@]}" from --pull-never gmeye/hub)
  "${BUILDAH[@]}" config --env GMEYE_HTTP_HOST=127.0.0.1 --env "GMEYE_HTTP_PORT=$http" \
    --env GMEYE_MQTT_HOST=127.0.0.1 --env "GMEYE_MQTT_PORT=$mqtt" "$HUB_CTR"
  mapfile -d '' cmd < <(image_command gmeye/hub)
  log "starting the hub image: ${cmd[*]} (HTTP 127.0.0.1:$http)"
  trap stop_hub EXIT
  setsid "${BUILDAH[@]}" run --isolation chroot "$HUB_CTR" -- "${cmd[@]}" >"$WORK/hub.log" 2>&1 &
  HUB_PID=$!
  local body="" deadline=$((SECONDS + 120))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$HUB_PID" 2>/dev/null || { tail -20 "$WORK/hub.log" >&2; die "the hub image's entry point exited (see $WORK/hub.log)"; }
    body=$(curl -fsS --max-time 2 "http://127.0.0.1:$http/healthz" 2>/dev/null || true)
    if printf '%s' "$body" | grep -q '"status":"ok"'; then
      break
    fi
    sleep 1
  done
  printf '%s' "$body" | grep -q '"status":"ok"' || { tail -20 "$WORK/hub.log" >&2; die "the hub image did not answer /healthz within 120 s"; }
  grep -q "gmeye hub ready" "$WORK/hub.log" || die "the hub image answered /healthz but never said it was ready"
  log "hub image: GET /healthz -> $body"
  stop_hub
  trap - EXIT
}

# Runs an image's entry point with other arguments and prints what it printed.
run_image() {
  local image="$1" ctr out
  shift
  local cmd
  mapfile -d '' cmd < <(image_command "$image" "$@")
  ctr=$("${BUILDAH[@]}" from --pull-never "$image")
  out=$("${BUILDAH[@]}" run --isolation chroot "$ctr" -- "${cmd[@]}" 2>&1) || { "${BUILDAH[@]}" rm "$ctr" >/dev/null; printf '%s\n' "$out" >&2; return 1; }
  "${BUILDAH[@]}" rm "$ctr" >/dev/null
  printf '%s\n' "$out"
}

check_agent() {
  local out
  out=$(run_image gmeye/agent hash-device-secret docker-check) || die "the agent image's entry point failed"
  printf '%s' "$out" | grep -q '^sha256\$' || die "the agent image's entry point printed: $out"
  log "agent image: its entry point runs AgentMain on the image's JRE and classes (hash-device-secret -> ${out:0:20}...)"
}

check_rigs() {
  local out
  out=$(run_image gmeye/rigs -c 'java -cp "test-rigs/target/classes:test-rigs/target/lib/*" io.gmeye.rigs.devices.DeviceFleet \
      --types=config/device-types --registry-out=/tmp/devices.yaml --whitelist-out=/tmp/whitelist.json --per-type=1 --checkpoints=1 \
      --provision-only=true >/dev/null && grep -c "type:" /tmp/devices.yaml \
      && python3 -c "import gi; gi.require_version(\"GstRtspServer\", \"1.0\"); from gi.repository import GstRtspServer; print(\"rtsp-server ok\")" \
      && ffmpeg -hide_banner -version | head -1') || die "the rigs image failed its check"
  log "rigs image: device fleet provisioning, GStreamer's RTSP server bindings and ffmpeg run: $(echo "$out" | tr '\n' ' ')"
}

cmd="${1:-check}"
case "$cmd" in
  build) build_all ;;
  check)
    started=$SECONDS
    build_all
    check_hub
    check_agent
    check_rigs
    log "docker check passed in $((SECONDS - started)) s: images gmeye/hub, gmeye/agent, gmeye/rigs built; the hub image answers /healthz"
    ;;
  *) die "usage: ./run docker build|check" ;;
esac
