#!/usr/bin/env bash
# Installs the hub dashboard's npm packages (ECharts, esbuild, playwright-core) from the lock file,
# once; the Maven build then bundles the dashboard offline. Idempotent.
set -euo pipefail
ROOT="${GMEYE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
DIR="$ROOT/central-hub/src/main/dashboard"
command -v npm >/dev/null || { echo "[gmeye] npm is missing: install Node.js 18+ and npm (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
if [ -f "$DIR/node_modules/.package-lock.json" ] && [ "$DIR/node_modules/.package-lock.json" -nt "$DIR/package-lock.json" ]; then
  exit 0
fi
echo "[gmeye] installing the dashboard's npm packages" >&2
(cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error)
