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
source "$(dirname "$0")/shoot-env.sh"
shoot_init "${1:-}"

shoot ()  # shoot LANGUAGE WIDTH HEIGHT OUTPUT.png
{
  LANGUAGE=$1 WIDTH=$2 HEIGHT=$3 OUT=$4 shoot_run '
    shoot_env sequence
    mkfifo -m 600 $W/lab/my_pipe
    cd $W/lab
    shoot_start 1280 800 --folder $W/lab $W/lab/my_pipe
    sleep 0.5
    cat my_pipe > /dev/null &
    sleep 0.5
    shoot_click Watch
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
    shoot_take $WIDTH $HEIGHT "$OUT"
  '
}

shoot "" 1280 800 "$SOURCE_DIR/data/screenshots/sequence-1280.png"
shoot "" 1024 768 "$SOURCE_DIR/data/screenshots/sequence-1024.png"
shoot zh_CN 1280 800 "$SOURCE_DIR/data/screenshots/sequence-zh_CN.png"
shoot zh_CN 1024 768 "$SOURCE_DIR/data/screenshots/sequence-1024-zh_CN.png"
