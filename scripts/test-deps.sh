#!/usr/bin/env bash
# `npm test`'s first step (pretest): installs the Debian packages the tests run for real, the way `npm run demo`
# does: when some are missing and we are root, apt-get installs them; otherwise it prints the exact apt-get line and
# exits non-zero. Docker, Prometheus and busybox come from demo/stack.sh (which the tests run), the rest from here.
set -euo pipefail

# chromium: tests/e2e; postgresql: the shared-store tests; haproxy: the socket proxy (docs/socket-proxy);
# nginx and openssl: the reverse-proxy guide (docs/reverse-proxy.md); prometheus-alertmanager: notifications;
# docker.io, prometheus, busybox-static, curl: the demo stack; prometheus-node-exporter: a real exporter with rules;
# openssh-server: an ssh host that asks for a password (tests/integration/bad-engines.test.ts runs its own sshd).
PACKAGES=(chromium postgresql haproxy nginx openssl prometheus-alertmanager docker.io prometheus prometheus-node-exporter busybox-static curl openssh-server)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for package in "${PACKAGES[@]}"; do installed "$package" || missing+=("$package"); done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "cascade tests: missing packages: ${missing[*]}. Install them as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "cascade tests: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the services it installs; the tests run their own instances on their own ports.
for service in nginx haproxy prometheus-alertmanager prometheus prometheus-node-exporter postgresql ssh; do
  if [[ " ${missing[*]} " == *" $service "* ]] && command -v systemctl >/dev/null; then systemctl disable --now "$service" >/dev/null 2>&1 || true; fi
done
