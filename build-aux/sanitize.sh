#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds FIFO Lab with AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer in a build dir of its own and runs the whole test
# suite under them, with a virtual display and a private D-Bus session bus as
# build-aux/test.sh does. Any sanitizer report fails the test that caused it.
#
#   build-aux/sanitize.sh [MESON-OPTION...] [-- MESON-TEST-ARG...]
#
# e.g.  build-aux/sanitize.sh -Dapp=false            (the core, the peer, their tests)
#       build-aux/sanitize.sh -- --suite core framer  (only some tests)
#
# The build dir is _build/asan (SANITIZE_BUILD_DIR overrides). Leaks inside
# system libraries are suppressed by build-aux/asan-suppressions.txt, each
# entry explained there; a leak in FIFO Lab's own code is never suppressed.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

build_dir=${SANITIZE_BUILD_DIR:-_build/asan}

setup_args=(
  -Db_sanitize=address,undefined
  -Db_lundef=false
  -Dapp=true
)
test_args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then
    shift
    test_args=("$@")
    break
  fi
  # Later options win, so -Dapp=false here overrides the -Dapp=true above.
  setup_args+=("$1")
  shift
done

if [ "${CI:-}" = "true" ]; then
  setup_args+=(--werror)
fi

if [ -f "$build_dir/build.ninja" ]; then
  meson setup --reconfigure "${setup_args[@]}" "$build_dir"
else
  meson setup "${setup_args[@]}" "$build_dir"
fi

meson compile -C "$build_dir"

# halt_on_error: the first report ends the process, so the test fails there.
# detect_leaks: LeakSanitizer runs at exit of every instrumented process.
# fast_unwind_on_malloc=0: Debian's GLib has no frame pointers, so without it
# a leak's stack stops at g_malloc and cannot be told apart or suppressed.
# It is kept for the UI tests too: they take about 2 min with it (the whole
# suite about 6), well within CI's time, and a leak report must name its code.
# G_SLICE=always-malloc: GLib 2.74's slice allocator would hide blocks from ASan.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:detect_leaks=1:fast_unwind_on_malloc=0:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/build-aux/asan-suppressions.txt:print_suppressions=0"
export G_SLICE=always-malloc
# GTK's GL renderer on Mesa's llvmpipe deadlocks under ASan (two threads in
# _Unwind_Find_FDE while llvmpipe JIT-registers its code); the UI tests check
# FIFO Lab's widgets, not the renderer, so they draw with cairo here.
export GSK_RENDERER=cairo
# GSK_RENDERER=cairo alone still lets GDK set up GL on X11 (it loads libEGL,
# the Mesa driver and its DRI module to pick a visual), and what Mesa keeps for
# the life of the process differs from one Mesa build to the next: a fresh
# Debian 12 machine reported 128 bytes inside libEGL_mesa.so.0 that this
# machine's Mesa does not. With gl-disable GDK loads no GL library at all (check:
# grep EGL /proc/PID/maps of a running app), so the sanitized run does not
# depend on the machine's GL stack and no driver needs a suppression.
export GDK_DEBUG=gl-disable

status=0
# -noreset: see build-aux/test.sh (the next test program's display could
# fail to open while Xvfb reset itself).
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -noreset" \
  meson test -C "$build_dir" --print-errorlogs --timeout-multiplier 3 \
  "${test_args[@]}" || status=$?

# A plain closing line, as build-aux/test.sh prints.
python3 - "$build_dir/meson-logs/testlog.json" <<'PY' || true
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
failed = []
for line in open(sys.argv[1], encoding="utf-8", newline="\n"):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    result = entry.get("result")
    if result in ("OK", "EXPECTEDFAIL"):
        counts["passed"] += 1
    elif result == "SKIP":
        counts["skipped"] += 1
    else:
        counts["failed"] += 1
        failed.append("%s (%s)" % (entry.get("name"), result))
print("sanitizers: %(passed)d passed, %(failed)d failed, %(skipped)d skipped" % counts)
for name in failed:
    print("  failed: " + name)
PY
exit "$status"
