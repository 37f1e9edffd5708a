#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the step mode screenshot in this folder (issue 16) from the real app
# under Xvfb at 1024 x 768: lesson 3 opened with F1 at its Start Writer step
# (kept in a keyfile settings backend), Step Mode switched on (Alt+M), the
# step's button clicked, then F8 pressed until the writer waits before its
# write: the stage's line and the writer's box say so.
# Needs xvfb, xdotool, imagemagick. The click position is that of the
# step's button (look at the result); STEPS is how many F8 presses (six
# reached the write here: each peer opens the pipe twice, closes the first).
#   data/screenshots/take-step-screenshots.sh [BUILD_DIR] [CLICK_X CLICK_Y] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD
build_dir=$(realpath "${1:-_build/test}")
export SOURCE_DIR=$source_dir BUILD_DIR=$build_dir

shoot ()  # shoot LANGUAGE WIDTH HEIGHT OUTPUT.png CLICK_X CLICK_Y STEPS
{
  LANGUAGE=$1 WIDTH=$2 HEIGHT=$3 OUT=$4 CX=$5 CY=$6 STEPS=$7 \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    set -euo pipefail
    B=$BUILD_DIR
    W=$(mktemp -d /tmp/student.XXXX)
    trap "rm -rf $W" EXIT
    export HOME=$W GSETTINGS_SCHEMA_DIR=$B/data GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=$W/config
    export FIFOLAB_LOCALEDIR=$B/po GSK_RENDERER=cairo NO_AT_BRIDGE=1
    export XDG_DATA_DIRS=$SOURCE_DIR/data:/usr/share PATH=$B/src/peer:$PATH
    mkdir -p $W/config/glib-2.0/settings
    printf "[io/github/fifolab/FifoLab]\nlesson-step=%s\n" "'"'"'start-writer'"'"'" > $W/config/glib-2.0/settings/keyfile
    mkdir -m 700 $W/lab
    $B/src/app/fifolab --folder $W/lab &
    app=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -1)
    sleep 1
    xdotool windowsize --sync $wid $WIDTH $HEIGHT
    xdotool windowmove --sync $wid 0 0
    sleep 1
    xdotool key F1
    sleep 1.5
    xdotool key alt+m
    sleep 1
    if [ "$CX" -ge 0 ]; then
      xdotool mousemove $CX $CY click 1
      sleep 2
      for i in $(seq 1 $STEPS); do xdotool key F8; sleep 1; done
    fi
    xdotool mousemove 1 1
    sleep 1.5
    import -window root -crop ${WIDTH}x${HEIGHT}+0+0 "$OUT"
    kill $app 2>/dev/null || true
    wait
  '
}

shoot "" 1024 768 "$source_dir/data/screenshots/step-1024.png" "${2:-740}" "${3:-343}" "${4:-6}"
