#!/usr/bin/env bash
# The demo stack: a real miniature of the incident's stack on a real Docker Engine.
#   demo      install what is missing, start dockerd if none answers, bring the stack up, build and start the board
#   up        the stack only (used by the integration tests)
#   incident  reproduce the report: stop auren-prometheus (exit 0 after SIGTERM), make /metrics answer 500
#   heal      undo both and wait until Prometheus is ready
#   down      stop the board and remove the stack's containers
#   remove    remove the stack's containers only (the integration tests' teardown)
# Every step is idempotent: a second run reuses what is up.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR="$ROOT/.cascade/demo"
IMAGE=cascade-demo-base:latest
PROM_URL=http://127.0.0.1:19090
API_URL=http://127.0.0.1:18888
BOARD_HOST=${HOST:-127.0.0.1}
BOARD_PORT=${PORT:-3000}
BOARD_URL="http://$BOARD_HOST:$BOARD_PORT"
HOST_MOUNTS=(-v /usr:/usr:ro -v /lib:/lib:ro)
[ -d /lib64 ] && HOST_MOUNTS+=(-v /lib64:/lib64:ro)

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }

prometheus_scraped() { curl -fsS "$PROM_URL/api/v1/targets" | grep -q '"health":"up"'; }
every_target_up() {
  local targets; targets=$(curl -fsS "$PROM_URL/api/v1/targets") || return 1
  grep -q '"health":"up"' <<<"$targets" && ! grep -qE '"health":"(down|unknown)"' <<<"$targets"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  die "$what did not come up within ${seconds}s"
}

ensure_packages() {
  local missing=()
  command -v docker >/dev/null || missing+=(docker.io)
  command -v dockerd >/dev/null || missing+=(docker.io)
  [ -x /usr/bin/prometheus ] || missing+=(prometheus)
  installed busybox-static || missing+=(busybox-static)
  [ ${#missing[@]} -eq 0 ] && return 0
  missing=($(printf '%s\n' "${missing[@]}" | sort -u))
  if [ "$(id -u)" -ne 0 ]; then
    die "missing packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}"
  fi
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_dockerd() {
  docker info >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || die "no Docker daemon answers, and starting one needs root"
  say "starting dockerd (log: /var/log/cascade-dockerd.log)"
  setsid dockerd --bridge=none --iptables=false --ip-masq=false >/var/log/cascade-dockerd.log 2>&1 < /dev/null &
  wait_for 60 "dockerd" docker info
}

ensure_image() {
  docker image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  say "building $IMAGE (busybox on scratch)"
  local context; context=$(mktemp -d)
  cp "$ROOT/demo/image/Dockerfile" /bin/busybox "$context/"
  DOCKER_BUILDKIT=0 docker build -q -t "$IMAGE" "$context" >/dev/null 2>&1
  rm -rf "$context"
}

# A container made from another checkout (another path) or an older spec is replaced, not reused.
container_current() { # container_current NAME SPEC
  [ "$(docker inspect -f '{{index .Config.Labels "cascade.demo.spec"}}' "$1" 2>/dev/null)" = "$2" ]
}

run_container() { # run_container NAME SPEC docker-run-args...
  local name=$1 spec=$2; shift 2
  if container_current "$name" "$spec"; then
    [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || docker start "$name" >/dev/null
    return 0
  fi
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker run -d --name "$name" --network host --restart no --label cascade.demo=1 --label "cascade.demo.spec=$spec" \
    "${HOST_MOUNTS[@]}" "$@" >/dev/null
}

spec_of() { cat "$@" | sha256sum | cut -c1-16 | sed "s|^|$ROOT:|"; }

up() {
  ensure_packages
  ensure_dockerd
  ensure_image
  mkdir -p "$STATE_DIR/prometheus-data"
  [ -d "$ROOT/node_modules/prom-client" ] || die "node_modules is missing: run npm install first"
  run_container auren-prometheus "$(spec_of "$ROOT/demo/prometheus/prometheus.yml" "$0")" \
    -v "$ROOT/demo/prometheus:/etc/prometheus:ro" -v "$STATE_DIR/prometheus-data:/prometheus" \
    --entrypoint /usr/bin/prometheus "$IMAGE" \
    --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus \
    --web.listen-address=127.0.0.1:19090
  run_container auren-api "$(spec_of "$ROOT/demo/api/server.mjs" "$0")" \
    -v "$ROOT:/app:ro" -v "$STATE_DIR:/state" -e STATE_DIR=/state -e PORT=18888 -w /app \
    --health-cmd "wget -q -O /dev/null $API_URL/health" --health-interval 5s --health-timeout 2s --health-retries 3 \
    --entrypoint /usr/bin/node "$IMAGE" /app/demo/api/server.mjs
  wait_for 60 "Prometheus ($PROM_URL/-/ready)" curl -fsS "$PROM_URL/-/ready"
  wait_for 30 "auren-api ($API_URL/health)" curl -fsS "$API_URL/health"
  wait_for 30 "Prometheus's first scrape" prometheus_scraped
  say "stack is up: Prometheus $PROM_URL, biometric API $API_URL/metrics"
}

board_answers() { curl -fsS -m 2 "$BOARD_URL/api/board" 2>/dev/null | grep -q '"generatedAt"'; }

board() {
  if board_answers; then say "the board already answers at $BOARD_URL"; return 0; fi
  cd "$ROOT"
  if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib server next.config.js -newer .next/BUILD_ID -print -quit)" ]; then
    say "building the board (next build)"
    NEXT_TELEMETRY_DISABLED=1 npx next build >/dev/null
  fi
  mkdir -p "$ROOT/.cascade"
  say "starting the board (log: .cascade/board.log)"
  CASCADE_CONFIG="$ROOT/demo/cascade.yaml" HOST=$BOARD_HOST PORT=$BOARD_PORT NEXT_TELEMETRY_DISABLED=1 \
    setsid node bin/cascade.mjs serve >"$ROOT/.cascade/board.log" 2>&1 < /dev/null &
  echo $! > "$ROOT/.cascade/board.pid"
  wait_for 60 "the board ($BOARD_URL)" board_answers
}

incident() {
  docker stop auren-prometheus >/dev/null
  # Through the container, so the switch lands in whatever state folder this auren-api was started with.
  docker exec auren-api touch /state/metrics-broken
  say "incident reproduced: auren-prometheus exited (SIGTERM, exit 0) and $API_URL/metrics answers 500"
}

heal() {
  [ "$(docker inspect -f '{{.State.Running}}' auren-api)" = true ] || docker start auren-api >/dev/null
  docker exec auren-api rm -f /state/metrics-broken
  docker start auren-prometheus >/dev/null
  wait_for 60 "Prometheus ($PROM_URL/-/ready)" curl -fsS "$PROM_URL/-/ready"
  # Healed means healed: every target scraped successfully again, not only Prometheus answering.
  wait_for 30 "every scrape target up" every_target_up
  say "healed: Prometheus is ready and $API_URL/metrics answers 200"
}

down() {
  if [ -f "$ROOT/.cascade/board.pid" ]; then
    kill -- "-$(cat "$ROOT/.cascade/board.pid")" 2>/dev/null || kill "$(cat "$ROOT/.cascade/board.pid")" 2>/dev/null || true
    rm -f "$ROOT/.cascade/board.pid"
  fi
  remove
}

remove() {
  if docker info >/dev/null 2>&1; then docker rm -f auren-prometheus auren-api >/dev/null 2>&1 || true; fi
  rm -f "$STATE_DIR/metrics-broken"
  say "stack removed"
}

case "${1:-}" in
  demo) up; board; say "the board runs at $BOARD_URL  (npm run demo:incident to break the stack, demo:heal to fix it)" ;;
  up) up ;;
  incident) incident ;;
  heal) heal ;;
  down) down ;;
  remove) remove ;;
  *) die "usage: demo/stack.sh demo|up|incident|heal|down" ;;
esac
