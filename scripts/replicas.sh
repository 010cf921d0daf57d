#!/usr/bin/env bash
# Runs several Tessera replicas on one PostgreSQL and one Redis behind a load balancer, on one machine: HAProxy when it
# is installed, else scripts/load-balancer.mjs (Node, nothing to install; LB=node or LB=haproxy to choose).
#   scripts/replicas.sh start|stop|status
# Environment (defaults in brackets):
#   DATABASE_URL            required, postgres://…
#   REDIS_URL               required, redis://…
#   TESSERA_SESSION_SECRET  shared by every replica [generated once into $STATE_DIR/session-secret]
#   TESSERA_PUBLIC_URL      the URL clients use, the same on every replica [http://$LB_BIND:$LB_PORT]
#   REPLICAS [2]  LB [haproxy if installed, else node]  LB_PORT [3300]  LB_BIND [127.0.0.1]  BASE_PORT [3301]  STATE_DIR [${TMPDIR:-/tmp}/tessera-replicas]
#   TESSERA_PG_POOL_MAX [10], and any other TESSERA_* variable, are passed to every replica.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPLICAS="${REPLICAS:-2}"
LB_PORT="${LB_PORT:-3300}"
LB_BIND="${LB_BIND:-127.0.0.1}"
BASE_PORT="${BASE_PORT:-3301}"
STATE_DIR="${STATE_DIR:-${TMPDIR:-/tmp}/tessera-replicas}"
MAIN="$ROOT/server/dist/main.js"
if [[ -z "${LB:-}" ]]; then
  if command -v haproxy >/dev/null; then LB=haproxy; else LB=node; fi
fi
[[ "$LB" == haproxy || "$LB" == node ]] || { echo "replicas.sh: LB must be haproxy or node" >&2; exit 1; }

die() {
  echo "replicas.sh: $*" >&2
  exit 1
}

# A killed process can linger as a zombie until its parent reaps it; that is not "running".
pid_alive() {
  [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null && [[ "$(ps -o stat= -p "$(cat "$1")")" != Z* ]]
}

wait_ready() {
  local url="$1" name="$2" log="$3"
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$url/api/ready" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "--- last lines of $log ---" >&2
  tail -n 20 "$log" >&2 || true
  die "$name did not become ready at $url"
}

start() {
  [[ -n "${DATABASE_URL:-}" ]] || die "set DATABASE_URL (postgres://…): replicas must share one PostgreSQL"
  [[ -n "${REDIS_URL:-}" ]] || die "set REDIS_URL (redis://…): replicas must share browser sessions in Redis"
  if [[ "$LB" == haproxy ]]; then
    command -v haproxy >/dev/null ||
      die "HAProxy is not installed (sudo apt-get install -y haproxy), or run with LB=node"
  fi
  command -v curl >/dev/null || die "curl is needed to check readiness: sudo apt-get install -y curl"
  [[ -f "$MAIN" ]] || die "$MAIN is missing: run 'npm run build' first"
  mkdir -p "$STATE_DIR"
  chmod 700 "$STATE_DIR"
  pid_alive "$STATE_DIR/lb.pid" && die "already running (state in $STATE_DIR); run 'scripts/replicas.sh stop' first"

  if [[ -z "${TESSERA_SESSION_SECRET:-}" ]]; then
    # One secret for all replicas, or a cookie signed by one is rejected by the others.
    if [[ ! -f "$STATE_DIR/session-secret" ]]; then
      (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n=' >"$STATE_DIR/session-secret")
    fi
    TESSERA_SESSION_SECRET="$(cat "$STATE_DIR/session-secret")"
  fi
  # One public URL for all: OAuth's issuer, links in notifications and the cross-site check must agree everywhere.
  TESSERA_PUBLIC_URL="${TESSERA_PUBLIC_URL:-http://$LB_BIND:$LB_PORT}"
  export DATABASE_URL REDIS_URL TESSERA_SESSION_SECRET TESSERA_PUBLIC_URL
  # Replicas see the load balancer on loopback; trusting it makes the client's address the one that is logged and throttled.
  export TESSERA_TRUST_PROXY="${TESSERA_TRUST_PROXY:-loopback}"

  local servers="" members=()
  for i in $(seq 1 "$REPLICAS"); do
    local port=$((BASE_PORT + i - 1)) dir="$STATE_DIR/replica-$i"
    mkdir -p "$dir"
    PORT="$port" HOST=127.0.0.1 TESSERA_DATA_DIR="$dir" nohup node "$MAIN" >"$STATE_DIR/replica-$i.log" 2>&1 &
    echo $! >"$STATE_DIR/replica-$i.pid"
    servers+="  server replica-$i 127.0.0.1:$port check inter 2s fall 2 rise 2"$'\n'
    members+=("replica-$i=http://127.0.0.1:$port")
  done
  for i in $(seq 1 "$REPLICAS"); do
    wait_ready "http://127.0.0.1:$((BASE_PORT + i - 1))" "replica-$i" "$STATE_DIR/replica-$i.log"
  done

  if [[ "$LB" == node ]]; then
    nohup node "$ROOT/scripts/load-balancer.mjs" "$LB_PORT" "$LB_BIND" "${members[@]}" >"$STATE_DIR/lb.log" 2>&1 &
    echo $! >"$STATE_DIR/lb.pid"
  else
    cat >"$STATE_DIR/haproxy.cfg" <<EOF
global
  maxconn 4096

defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 10s
  option forwardfor
  # A replica that dies between health checks: retry the connection on another one.
  retries 2
  option redispatch

frontend tessera
  bind $LB_BIND:$LB_PORT
  default_backend replicas

backend replicas
  balance roundrobin
  option httpchk GET /api/ready
  http-check expect status 200
  # Which replica answered, so the recipe can show requests spreading across them.
  http-response set-header X-Tessera-Replica %s
$servers
EOF
    haproxy -c -q -f "$STATE_DIR/haproxy.cfg" || die "HAProxy rejected $STATE_DIR/haproxy.cfg"
    haproxy -D -f "$STATE_DIR/haproxy.cfg" -p "$STATE_DIR/lb.pid"
  fi
  wait_ready "http://$LB_BIND:$LB_PORT" "the load balancer ($LB)" "$STATE_DIR/lb.log"
  echo "Tessera: $REPLICAS replicas behind http://$LB_BIND:$LB_PORT (logs and pids in $STATE_DIR)"
  grep -h "Initial admin password" "$STATE_DIR"/replica-*.log 2>/dev/null || true
}

stop() {
  local pids=()
  if pid_alive "$STATE_DIR/lb.pid"; then kill "$(cat "$STATE_DIR/lb.pid")"; fi
  rm -f "$STATE_DIR/lb.pid"
  for f in "$STATE_DIR"/replica-*.pid; do
    [[ -f "$f" ]] || continue
    # SIGTERM: each replica drains its requests and writes the last-used times it holds before exiting.
    if pid_alive "$f"; then
      kill -TERM "$(cat "$f")"
      pids+=("$(cat "$f")")
    fi
    rm -f "$f"
  done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
  done
  echo "Tessera replicas stopped"
}

status() {
  local code=0
  if pid_alive "$STATE_DIR/lb.pid"; then echo "load balancer ($LB): running on $LB_BIND:$LB_PORT"; else echo "load balancer: stopped"; code=1; fi
  for f in "$STATE_DIR"/replica-*.pid; do
    [[ -f "$f" ]] || continue
    local name
    name="$(basename "$f" .pid)"
    if pid_alive "$f"; then echo "$name: running (pid $(cat "$f"))"; else echo "$name: stopped"; code=1; fi
  done
  return $code
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: scripts/replicas.sh start|stop|status" ;;
esac
