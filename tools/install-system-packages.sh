#!/usr/bin/env bash
# The Debian packages the test suite uses. Safe to run twice; skips what is already installed.
set -euo pipefail
packages=(libreoffice-impress libreoffice-calc qpdf poppler-utils fontconfig)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
