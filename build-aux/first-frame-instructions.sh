#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Main-thread instructions from process start to the first frame (issue 13),
# for FIFO Lab's window and its two anchors, counted by callgrind (the same
# under any load, unlike the wall clock of fifolab-ui-bench --only first-frame).
#
#   ./build-aux/first-frame-instructions.sh [BUILD_DIR] [OUT_DIR]
#
# Each program runs once under valgrind --tool=callgrind with cairo, memory
# GSettings, an empty XDG_DATA_HOME (an empty lab folder) and
# FIFOLAB_REPORT_FIRST_FRAME=1, so that it quits after its first frame.
# --dump-before on the handler that reports the first frame (after-paint
# while mapped) writes the counts up to that call in numbered dumps
# (callgrind.out.PID.N-TID); the unnumbered dump is the rest, up to exit.
# The figure is the main thread's (-01) numbered dumps. Worker threads (the
# icon theme's index, Pango's font sorting) are not counted: what they do in
# parallel does not hold the first frame back. The figure moves between runs
# by up to about 10 M: the icon theme's worker and the main thread race for
# the theme's index.
# The callgrind files stay in OUT_DIR (default: a new temporary folder) for
# callgrind_annotate --inclusive=yes.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=$(realpath "${1:-_build/test}")
out_dir=${2:-$(mktemp -d)}
mkdir -p "$out_dir"

count () {
  local name=$1 handler=$2
  shift 2
  local dir="$out_dir/$name"
  local data_home
  data_home=$(mktemp -d)
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$dir" &&
   GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build_dir/data" \
   XDG_DATA_HOME="$data_home" FIFOLAB_REPORT_FIRST_FRAME=1 \
   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
   valgrind --tool=callgrind --separate-threads=yes --dump-before="$handler" \
     "$@" > stdout 2> stderr)
  rm -rf "$data_home"
  local total=0 n=0 f v
  for f in "$dir"/callgrind.out.*.[0-9]*-01; do
    [ -e "$f" ] || continue
    v=$(awk '/^(summary|totals):/ { print $2; exit }' "$f")
    total=$((total + v))
    n=$((n + 1))
  done
  if [ "$n" -eq 0 ]; then
    echo "$name: no first frame reported (see $dir/stderr)" >&2
    return 1
  fi
  printf '%-20s %6d M instructions on the main thread to the first frame\n' \
    "$name" $(((total + 500000) / 1000000))
  echo "$total" > "$dir/main-thread-instructions"
}

count "FIFO Lab" app_after_paint_cb "$build_dir/tests/bench/fifolab-ui-bench" --first-frame-app
count "minimal GTK window" after_paint_cb "$build_dir/tests/bench/minimal-window"
count "minimal Adw window" after_paint_cb "$build_dir/tests/bench/minimal-adw-window"

app=$(cat "$out_dir/FIFO Lab/main-thread-instructions")
gtk=$(cat "$out_dir/minimal GTK window/main-thread-instructions")
adw=$(cat "$out_dir/minimal Adw window/main-thread-instructions")
awk -v a="$app" -v g="$gtk" -v w="$adw" 'BEGIN {
  printf "FIFO Lab / minimal GTK window: %.2f x (target 1.3 x); minimal Adw / GTK window: %.2f x; FIFO Lab / minimal Adw window: %.2f x\n", a / g, w / g, a / w }'
echo "callgrind files: $out_dir"
