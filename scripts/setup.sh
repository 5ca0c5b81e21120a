#!/usr/bin/env bash
# Install chrono into ./.venv (with the test tools). With --with-browser, also the
# Debian packages the browser tests drive: chromium, chromium-driver, an Arabic font.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--with-browser" ]; then
  missing=()
  for pkg in chromium chromium-driver fonts-noto-core; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
