#!/usr/bin/env bash
# The Debian packages `make bench` needs for the pandoc peer: pandoc, and the Pango WeasyPrint draws text with.
# Safe to run twice; skips what is already installed.
set -euo pipefail
packages=(pandoc libpango-1.0-0 libpangoft2-1.0-0)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bench packages: all present"
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "bench packages: installed ${missing[*]}"
