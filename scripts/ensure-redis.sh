#!/usr/bin/env bash
# The scale-out e2e specs start real redis-server processes: make sure the binary is there.
# As root (CI, containers) it is installed from the OS packages; otherwise say how.
set -euo pipefail
if command -v redis-server >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing redis-server (apt-get) for the scale-out tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  exit 0
fi
echo "redis-server is needed by the scale-out tests: install it (e.g. sudo apt-get install -y redis-server)" >&2
exit 1
