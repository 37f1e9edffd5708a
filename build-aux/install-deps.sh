#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages FIFO Lab needs to build and run its tests, only
# those missing. Uses sudo when not run as root.
set -euo pipefail

packages=(
  meson
  ninja-build
  pkg-config
  gcc
  libglib2.0-dev
  libglib2.0-bin
  libjson-glib-dev
  libgtk-4-dev
  libadwaita-1-dev
  gettext
  desktop-file-utils
  appstream
  scdoc
  groff-base
  bash-completion
  xvfb
  xdotool
  xclip
  xauth
  dbus
  dbus-x11
  at-spi2-core
  python3
  python3-gi
  python3-pyatspi
  gir1.2-atspi-2.0
  lsof
  libxml2-utils
  imagemagick
  fonts-noto-cjk
  adwaita-icon-theme
  clang
  libclang-rt-14-dev
  cppcheck
  clang-tools-14
  tshark
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages are installed."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing packages (${missing[*]}) and no apt-get: install them by hand." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}); run as root or install sudo." >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
