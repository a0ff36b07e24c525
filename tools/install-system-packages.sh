#!/usr/bin/env bash
# The Debian packages the test suite uses. Safe to run twice; skips what is already installed.
# fonts-noto-cjk and fonts-noto-core give the font chain CJK, Arabic and Devanagari faces (the multi-script tests).
set -euo pipefail
packages=(libreoffice-impress libreoffice-calc qpdf poppler-utils fontconfig fonts-noto-cjk fonts-noto-core)
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
