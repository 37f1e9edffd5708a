#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The one test command: installs missing Debian packages, configures and builds
# FIFO Lab in _build/test, and runs every test with a virtual display and a
# private D-Bus session bus. Exits with the test run's status.
set -euo pipefail

cd "$(dirname "$0")/.."

build_dir=_build/test

./build-aux/install-deps.sh

setup_args=()
if [ "${CI:-}" = "true" ]; then
  setup_args+=(--werror)
fi

if [ -f "$build_dir/build.ninja" ]; then
  meson setup --reconfigure "${setup_args[@]}" "$build_dir"
else
  meson setup "${setup_args[@]}" "$build_dir"
fi

meson compile -C "$build_dir"

status=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  meson test -C "$build_dir" --print-errorlogs "$@" || status=$?
exit "$status"
