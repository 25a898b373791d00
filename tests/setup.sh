#!/usr/bin/env bash
# What the tests need beyond Rust, on a fresh machine: Debian's Chromium and CJK fonts for the
# browser tests, and the Node packages they use (Playwright's test runner, axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
[ -d node_modules/@playwright/test ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund
