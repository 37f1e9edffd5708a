#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the screenshots in this folder (README, AppStream metainfo) from the
# real app under Xvfb: a lab folder of FIFOs, FIFO Lab reading my_pipe and
# writing replies, fifolab-peer writers and a reader, the first message
# selected so the entry inspector shows it. Needs xvfb, xdotool, imagemagick.
#   data/screenshots/take-screenshots.sh [BUILD_DIR]     (default _build/test)
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD
build_dir=$(realpath "${1:-_build/test}")
export SOURCE_DIR=$source_dir BUILD_DIR=$build_dir

shoot ()  # shoot LANGUAGE OUTPUT.png
{
  LANGUAGE=$1 OUT=$2 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    set -euo pipefail
    B=$BUILD_DIR
    W=$(mktemp -d /tmp/student.XXXX)
    trap "rm -rf $W" EXIT
    export HOME=$W GSETTINGS_SCHEMA_DIR=$B/data GSETTINGS_BACKEND=memory
    export FIFOLAB_LOCALEDIR=$B/po GSK_RENDERER=cairo NO_AT_BRIDGE=1
    export XDG_DATA_DIRS=$SOURCE_DIR/data:/usr/share
    mkdir -m 700 $W/lab
    mkfifo -m 600 $W/lab/my_pipe $W/lab/replies $W/lab/requests
    mkfifo -m 666 $W/lab/public_pipe
    cd $W/lab
    $B/src/app/fifolab --folder $W/lab &
    app=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -1)
    sleep 1
    xdotool windowsize --sync $wid 1280 800
    xdotool windowmove --sync $wid 0 0
    sleep 1
    # A second fifolab hands the pipes to the running window.
    $B/src/app/fifolab --read $W/lab/my_pipe --write $W/lab/replies
    $B/src/peer/fifolab-peer write my_pipe --count 2 --interval 400
    $B/src/peer/fifolab-peer write my_pipe --count 2 --interval 400 --message "Job %d: 100%% done"
    $B/src/peer/fifolab-peer read replies --count 0 > /dev/null &
    reader=$!
    sleep 1.5
    # The side pane hidden (its toggle), the first message selected.
    xdotool mousemove 1098 27 click 1
    sleep 0.5
    xdotool mousemove 560 225 click 1
    xdotool mousemove 640 18
    sleep 1.5
    import -window root "$OUT"
    kill $app $reader 2>/dev/null || true
    wait
  '
}

shoot "" "$source_dir/data/screenshots/main-window.png"
shoot zh_CN "$source_dir/data/screenshots/main-window-zh_CN.png"
