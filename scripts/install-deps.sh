#!/bin/sh
# Installs the Debian 12 packages the build, the tests and the kiosk need, and only
# those that are missing. Runs apt-get as root, or through sudo for a normal user.
set -eu
PKGS="build-essential cmake pkg-config clang clang-format libclang-rt-14-dev
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libx11-dev libharfbuzz-dev libfribidi-dev fonts-noto-ui-core libsqlite3-dev sqlite3
libcurl4-openssl-dev libcjson-dev libinih-dev libmicrohttpd-dev libsodium-dev
ca-certificates openssl curl xvfb xauth x11-utils matchbox-window-manager python3-numpy chromium poppler-utils graphviz python3 dpkg-dev file
debootstrap systemd-container lintian gettext
libvorbis-dev espeak-ng vorbis-tools"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing missing packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
