#!/usr/bin/env bash
# Install the peer ADR tools the benchmark compares against into bench/.peers/ (git-ignored).
# Nothing is installed system-wide, so the bash adr-tools never shadow adrtool's own `adr`.
#   bash bench/peers.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="$here/.peers"
mkdir -p "$peers"
cd "$peers"
if command -v apt-get >/dev/null && [ ! -x adr-tools/usr/bin/adr ]; then
  # the original adr-tools (bash), from Debian, unpacked here and pointed at its own folder
  apt-get download adr-tools >/dev/null 2>&1 || { apt-get update -qq && apt-get download adr-tools; }
  dpkg -x adr-tools_*.deb adr-tools
  sed -i "s#/usr/libexec/adr-tools#$peers/adr-tools/usr/libexec/adr-tools#g; s#/usr/share/adr-tools#$peers/adr-tools/usr/share/adr-tools#g" \
    adr-tools/usr/bin/adr adr-tools/usr/libexec/adr-tools/*
fi
if command -v npm >/dev/null && [ ! -x npm/node_modules/.bin/log4brains ]; then
  npm install --prefix "$peers/npm" --no-audit --no-fund log4brains adr-log
fi
ls "$peers"/adr-tools/usr/bin/adr "$peers"/npm/node_modules/.bin/{log4brains,adr-log} 2>/dev/null || true
