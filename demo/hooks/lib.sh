# Shared by the demo's hooks: where things are, and how to (re)write nginx's upstream.
#
# The hooks stand for a team's own deployment scripts. They keep their state in
# $DEMO_DIR: one shop instance per target (pid, log, database), the traffic weight of
# each target, the live target, and nginx's prefix directory. Ports come from
# DEMO_PORT_PUBLIC and DEMO_PORT_<TARGET> (e.g. DEMO_PORT_BLUE), the same variables
# environments.toml's [demo] section reads.
set -euo pipefail

: "${DEMO_DIR:?set DEMO_DIR to the state directory of the demo platform}"
DEMO_PYTHON="${DEMO_PYTHON:-python3}"
NGINX="${DEMO_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PREFIX="$DEMO_DIR/nginx"
mkdir -p "$DEMO_DIR/instances" "$DEMO_DIR/weights" "$DEMO_DIR/builds"

port_of() {
  local name="DEMO_PORT_$(echo "$1" | tr 'a-z-' 'A-Z_')"
  if [ -z "${!name:-}" ]; then
    echo "demo: no port for target '$1': set $name" >&2
    exit 2
  fi
  echo "${!name}"
}

weight_of() {
  cat "$DEMO_DIR/weights/$1" 2>/dev/null || echo 0
}

live_target() {
  cat "$DEMO_DIR/live" 2>/dev/null || true
}

write_upstream() {
  local file="$PREFIX/upstream.conf" servers=0 target weight
  {
    echo "upstream shop {"
    for path in "$DEMO_DIR"/weights/*; do
      [ -e "$path" ] || continue
      target="$(basename "$path")"
      weight="$(cat "$path")"
      if [ "$weight" -gt 0 ]; then
        echo "    server 127.0.0.1:$(port_of "$target") weight=$weight;  # $target"
        servers=$((servers + 1))
      fi
    done
    # nginx needs one server; with no traffic anywhere the public URL answers 502.
    [ "$servers" -gt 0 ] || echo "    server 127.0.0.1:9 down;"
    echo "}"
  } >"$file.new"
  mv "$file.new" "$file"
}

nginx_running() {
  [ -f "$PREFIX/nginx.pid" ] && kill -0 "$(cat "$PREFIX/nginx.pid")" 2>/dev/null
}

reload_nginx() {
  write_upstream
  "$NGINX" -t -q -p "$PREFIX" -c "$PREFIX/nginx.conf" -e "$PREFIX/error.log"
  local master old
  master="$(cat "$PREFIX/nginx.pid")"
  old="$(pgrep -P "$master" | tr '\n' ' ')"
  "$NGINX" -p "$PREFIX" -c "$PREFIX/nginx.conf" -e "$PREFIX/error.log" -s reload
  # A reload returns at once; wait until the old workers are gone, so the next
  # request surely sees the new weights.
  for _ in $(seq 1 100); do
    local left=0
    for pid in $old; do
      if ps -o stat= -p "$pid" 2>/dev/null | grep -qv Z; then left=1; fi
    done
    [ "$left" -eq 0 ] && [ -n "$(pgrep -P "$master")" ] && return 0
    sleep 0.05
  done
  echo "demo: nginx still runs old workers after the reload" >&2
}

# http_get URL: the body on stdout, or exit 1 (Python, so the demo needs no curl).
http_get() {
  "$DEMO_PYTHON" -c '
import sys, urllib.request
try:
    sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())
except Exception as error:
    sys.exit(f"demo: GET {sys.argv[1]}: {error}")
' "$1"
}

set_weight() {
  echo "$2" >"$DEMO_DIR/weights/$1"
}
