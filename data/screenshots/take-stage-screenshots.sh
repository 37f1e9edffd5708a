#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the lessons' stage screenshots in this folder (README) from the real
# app under Xvfb: lesson 2 opened with F1 (the step kept in a keyfile
# settings backend), Start Reader clicked, the reader drawn waiting in open().
# Needs xvfb, xdotool, imagemagick. The click positions are those of the
# step's button at each size (look at the result).
#   data/screenshots/take-stage-screenshots.sh [BUILD_DIR]   (default _build/test)
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD
build_dir=$(realpath "${1:-_build/test}")
export SOURCE_DIR=$source_dir BUILD_DIR=$build_dir

shoot ()  # shoot LANGUAGE WIDTH HEIGHT OUTPUT.png CLICK_X CLICK_Y
{
  LANGUAGE=$1 WIDTH=$2 HEIGHT=$3 OUT=$4 CX=$5 CY=$6 \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    set -euo pipefail
    B=$BUILD_DIR
    W=$(mktemp -d /tmp/student.XXXX)
    trap "rm -rf $W" EXIT
    export HOME=$W GSETTINGS_SCHEMA_DIR=$B/data GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=$W/config
    export FIFOLAB_LOCALEDIR=$B/po GSK_RENDERER=cairo NO_AT_BRIDGE=1
    export XDG_DATA_DIRS=$SOURCE_DIR/data:/usr/share PATH=$B/src/peer:$PATH
    mkdir -p $W/config/glib-2.0/settings
    printf "[io/github/fifolab/FifoLab]\nlesson-step=%s\n" "'"'"'start-reader'"'"'" > $W/config/glib-2.0/settings/keyfile
    mkdir -m 700 $W/lab
    mkfifo -m 600 $W/lab/my_pipe
    $B/src/app/fifolab --folder $W/lab &
    app=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -1)
    sleep 1
    xdotool windowsize --sync $wid $WIDTH $HEIGHT
    xdotool windowmove --sync $wid 0 0
    sleep 1
    xdotool key F1
    sleep 1.5
    xdotool mousemove $CX $CY click 1
    sleep 2.5
    xdotool mousemove 1 1
    sleep 0.5
    import -window root -crop ${WIDTH}x${HEIGHT}+0+0 "$OUT"
    kill $app 2>/dev/null || true
    wait
  '
}

shoot "" 1280 800 "$source_dir/data/screenshots/stage-1280.png" 998 313
shoot "" 1024 768 "$source_dir/data/screenshots/stage-1024.png" 742 313
shoot zh_CN 1280 800 "$source_dir/data/screenshots/stage-zh_CN.png" 983 333
shoot zh_CN 1024 768 "$source_dir/data/screenshots/stage-1024-zh_CN.png" 742 333
