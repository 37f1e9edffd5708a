#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The one command that runs FIFO Lab from a clone: installs the Debian packages
# that are missing (build-aux/install-deps.sh, through sudo when not root),
# configures and builds in _build/run, and starts the built fifolab with the
# schema compiled in the build and the icons of the source tree, uninstalled.
# Arguments go to fifolab, e.g.  ./build-aux/run.sh --folder ~/pipes
set -euo pipefail

cd "$(dirname "$0")/.."
source_dir=$PWD
build_dir=_build/run

./build-aux/install-deps.sh

if [ -f "$build_dir/build.ninja" ]; then
  meson setup --reconfigure "$build_dir" >/dev/null
else
  # The tests are not needed to run the app; build-aux/test.sh builds them.
  meson setup -Dtests=false "$build_dir"
fi
meson compile -C "$build_dir"

export GSETTINGS_SCHEMA_DIR="$source_dir/$build_dir/data"
# The translations built in the build dir (po/<lang>/LC_MESSAGES/fifolab.mo).
export FIFOLAB_LOCALEDIR="$source_dir/$build_dir/po"
export XDG_DATA_DIRS="$source_dir/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
exec "$build_dir/src/app/fifolab" "$@"
