#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A student's path through the book's example in FIFO Lab, clicked and timed
# (see student-path.py): ./build-aux/student-path.sh [BUILD_DIR] [RUNS]
# Needs xvfb-run, dbus-run-session, xdotool and python3-pyatspi
# (build-aux/install-deps.sh installs them).
set -euo pipefail
build=$(realpath "${1:-_build/test}")
runs=${2:-5}
here=$(dirname "$(realpath "$0")")
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory
export FIFOLAB_PEER="$build/src/peer/fifolab-peer"
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1024x768x24" \
  /usr/bin/python3 "$here/student-path.py" "$build/src/app/fifolab" "$folder" "$runs"
