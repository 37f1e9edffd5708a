#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the sequence diagram's screenshots in this folder (README) from the
# real app under Xvfb: cat waits on my_pipe, the pipe's Watch toggle is
# clicked (at 1280 x 800), two fifolab-peer writers write to cat (each
# holds the pipe open before each write, so the watch's scan finds them),
# Ctrl+Shift+D shows the diagram, and the window is resized to the size
# shot. Needs xvfb, xdotool, imagemagick. The click position is that of the
# Watch toggle in the side pane at 1280 x 800 (look at the result).
#   data/screenshots/take-sequence-screenshots.sh [BUILD_DIR]   (default _build/test)
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD
build_dir=$(realpath "${1:-_build/test}")
export SOURCE_DIR=$source_dir BUILD_DIR=$build_dir

shoot ()  # shoot LANGUAGE WIDTH HEIGHT OUTPUT.png
{
  LANGUAGE=$1 WIDTH=$2 HEIGHT=$3 OUT=$4 \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    set -euo pipefail
    B=$BUILD_DIR
    W=$(mktemp -d /tmp/sequence.XXXX)
    trap "rm -rf $W" EXIT
    export HOME=$W GSETTINGS_SCHEMA_DIR=$B/data GSETTINGS_BACKEND=memory
    export FIFOLAB_LOCALEDIR=$B/po GSK_RENDERER=cairo NO_AT_BRIDGE=1
    export XDG_DATA_DIRS=$SOURCE_DIR/data:/usr/share PATH=$B/src/peer:$PATH
    mkdir -m 700 $W/lab
    mkfifo -m 600 $W/lab/my_pipe
    cd $W/lab
    $B/src/app/fifolab --folder $W/lab $W/lab/my_pipe &
    app=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -1)
    sleep 1
    xdotool windowsize --sync $wid 1280 800
    xdotool windowmove --sync $wid 0 0
    sleep 1.5
    cat my_pipe > /dev/null &
    sleep 0.5
    xdotool mousemove 1125 218 click 1
    sleep 2
    fifolab-peer write my_pipe --count 3 --delay 700 > /dev/null &
    sleep 0.3
    fifolab-peer write my_pipe --count 2 --delay 900 --message "Job %d: done" > /dev/null &
    sleep 4
    xdotool key ctrl+shift+d
    xdotool windowsize --sync $wid $WIDTH $HEIGHT
    sleep 1.5
    xdotool mousemove 1 1
    sleep 0.5
    import -window root -crop ${WIDTH}x${HEIGHT}+0+0 "$OUT"
    kill $app 2>/dev/null || true
    wait
  '
}

shoot "" 1280 800 "$source_dir/data/screenshots/sequence-1280.png"
shoot "" 1024 768 "$source_dir/data/screenshots/sequence-1024.png"
shoot zh_CN 1280 800 "$source_dir/data/screenshots/sequence-zh_CN.png"
shoot zh_CN 1024 768 "$source_dir/data/screenshots/sequence-1024-zh_CN.png"
