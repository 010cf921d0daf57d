#!/usr/bin/env bash
# Makes sure Debian's Chromium is present for the Playwright suite (`npx playwright install` has no network here).
set -euo pipefail

CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$CHROMIUM" != /usr/bin/chromium ]; then
  echo "ensure-chromium: E2E_CHROMIUM=$CHROMIUM is not an executable file." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing; installing Debian's chromium package." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium
  if [ -x /usr/bin/chromium ]; then
    exit 0
  fi
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing." >&2
  exit 1
fi

cat >&2 <<'MSG'
ensure-chromium: the browser tests need Chromium at /usr/bin/chromium, and it is missing.
Install Debian's package as root:
    sudo apt-get update && sudo apt-get install -y chromium
or point E2E_CHROMIUM at another Chromium executable.
MSG
exit 1
