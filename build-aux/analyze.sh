#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Static analysis of FIFO Lab's sources (src/): cppcheck, then clang's static
# analyzer (scan-build) over a full build of the core, the peer and the app.
# Exits non-zero when either reports anything.
#
#   build-aux/analyze.sh [cppcheck] [scan-build]     (default: both)
#
# The scan-build build dir is _build/scan (ANALYZE_BUILD_DIR overrides); its
# HTML report lands in /tmp/fifolab-scan (ANALYZE_REPORT_DIR overrides). The
# build is cleaned first, so every file is analyzed on every run.
#
# A finding is either fixed in src/ or, when it is a false positive, silenced
# where it is with a comment saying why: `// cppcheck-suppress <id>` on the
# line above for cppcheck, and for scan-build a code change that makes the
# invariant visible (an assertion), never a blanket switch. Checks that are
# wrong for the whole project are in build-aux/cppcheck-suppressions.txt, each
# explained there.
set -euo pipefail

cd "$(dirname "$0")/.."

build_dir=${ANALYZE_BUILD_DIR:-_build/scan}
report_dir=${ANALYZE_REPORT_DIR:-/tmp/fifolab-scan}

tools=("$@")
if [ ${#tools[@]} -eq 0 ]; then
  tools=(cppcheck scan-build)
fi
for tool in "${tools[@]}"; do
  case "$tool" in
    cppcheck|scan-build) ;;
    *) echo "analyze.sh: unknown tool '$tool' (cppcheck or scan-build)" >&2; exit 2 ;;
  esac
done

scan_build=$(command -v scan-build-14 || command -v scan-build || true)
if [ -z "$scan_build" ]; then
  echo "analyze.sh: scan-build is needed (apt-get install clang-tools-14)" >&2
  exit 2
fi
if ! command -v cppcheck >/dev/null; then
  echo "analyze.sh: cppcheck is needed (apt-get install cppcheck)" >&2
  exit 2
fi

# The build dir is configured through scan-build, so that its compiler is the
# analyzer's wrapper; cppcheck uses it too, for the generated fifolab-enums.h.
# The tests are left out: the analysis covers src/.
setup_args=(-Dapp=true -Dtests=false -Dfuzzing=false)
if [ -f "$build_dir/build.ninja" ]; then
  "$scan_build" meson setup --reconfigure "${setup_args[@]}" "$build_dir" >/dev/null
else
  "$scan_build" meson setup "${setup_args[@]}" "$build_dir" >/dev/null
fi

status=0

run_cppcheck ()
{
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  ninja -C "$build_dir" src/core/fifolab-enums.h >/dev/null
  echo "analyze: cppcheck $(cppcheck --version | sed 's/^Cppcheck //') on src/"
  # --library=gtk knows GLib's and GTK's macros (G_DECLARE_FINAL_TYPE,
  # G_DEFINE_AUTOPTR_CLEANUP_FUNC, ...) and which calls allocate; without it
  # cppcheck stops at the first GObject macro of each file.
  # -D__GNUC__: GLib's g_autoptr and G_GNUC_* need it, as with gcc.
  # -D__x86_64__: the platform gcc builds for here and predefines; the
  # watch's system-call table stops the build with #error elsewhere.
  if ! cppcheck \
      --enable=warning,performance,portability \
      --inline-suppr \
      --suppressions-list=build-aux/cppcheck-suppressions.txt \
      --library=gtk --library=posix \
      --error-exitcode=1 \
      --std=c11 -D__GNUC__ -D__x86_64__ \
      -I src/core -I src/core/io -I src/core/log -I src/core/pipes -I src/core/seq -I src/core/teach -I src/core/watch \
      -I "$build_dir/src/core" -I "$build_dir" \
      -j "$jobs" -q \
      src/; then
    echo "analyze: cppcheck reported findings (above)" >&2
    status=1
  else
    echo "analyze: cppcheck found nothing"
  fi
}

run_scan_build ()
{
  echo "analyze: $(basename "$scan_build") over a clean build of $build_dir"
  meson compile -C "$build_dir" --clean >/dev/null
  rm -rf "$report_dir"
  # --status-bugs: exit 1 when the analyzer reports a bug. Each finding is also
  # printed as a compiler warning in the build output above the summary.
  if ! "$scan_build" --status-bugs -o "$report_dir" \
      meson compile -C "$build_dir"; then
    echo "analyze: scan-build reported findings; the report is in $report_dir" >&2
    status=1
  else
    echo "analyze: scan-build found nothing"
  fi
}

for tool in "${tools[@]}"; do
  case "$tool" in
    cppcheck) run_cppcheck ;;
    scan-build) run_scan_build ;;
  esac
done

exit "$status"
