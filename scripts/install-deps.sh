#!/usr/bin/env bash
# Installs what parsim needs to build on Debian or Ubuntu: Cairo's and zlib's headers and
# the DejaVu fonts the charts use. Does nothing when they are already there.
set -euo pipefail
missing=()
pkg-config --exists cairo 2>/dev/null || missing+=(libcairo2-dev pkg-config)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "parsim: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "parsim: run as root, or install ${missing[*]} yourself" >&2
    exit 1
  fi
else
  SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
