#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the connect/EOF/reconnect cycles of tests/test-leaks.c under valgrind
# (a 500-cycle variant: valgrind is ~50x slower) and fails on any definite
# leak or memory error. Run by hand; not part of `meson test`.
#
#   build-aux/leakcheck.sh [BUILD-DIR]     (default _build/leakcheck)
#
# The build uses -Db_sanitize=none and -Dbuildtype=debug so valgrind sees
# plain malloc. GLib keeps type classes, quarks and the like for the life of
# the process: those are "still reachable" or "possibly lost", never
# "definitely lost", so only definite leaks count (--errors-for-leak-kinds).
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${1:-_build/leakcheck}
cycles=${FIFOLAB_LEAK_CYCLES:-500}

if ! command -v valgrind >/dev/null; then
  echo "leakcheck: valgrind is not installed (apt-get install valgrind)" >&2
  exit 77
fi

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" -Dapp=false -Dbuildtype=debug -Db_sanitize=none >/dev/null
fi
meson compile -C "$build_dir" tests/test-leaks src/peer/fifolab-peer >/dev/null

log="$build_dir/leakcheck.log"
status=0
FIFOLAB_LEAK_CYCLES=$cycles \
FIFOLAB_PEER="$(pwd)/$build_dir/src/peer/fifolab-peer" \
G_SLICE=always-malloc G_DEBUG=gc-friendly LC_ALL=C.UTF-8 \
valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --error-exitcode=1 --track-fds=no \
  --num-callers=30 --log-file="$log" \
  "$build_dir/tests/test-leaks" --tap || status=$?

grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable" "$log" || true
if [ "$status" -ne 0 ]; then
  echo "leakcheck: FAILED (status $status); details in $log" >&2
else
  echo "leakcheck: no definite leak and no memory error in $cycles cycles ($log)"
fi
exit "$status"
