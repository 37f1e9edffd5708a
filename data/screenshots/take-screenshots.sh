#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the screenshots in this folder (README, AppStream metainfo) from the
# real app under Xvfb: a lab folder of FIFOs, FIFO Lab reading my_pipe and
# writing replies, fifolab-peer writers and a reader, the first message
# selected so the entry inspector shows it. Needs xvfb, xdotool, imagemagick.
#   data/screenshots/take-screenshots.sh [BUILD_DIR]     (default _build/test)
set -euo pipefail
source "$(dirname "$0")/shoot-env.sh"
shoot_init "${1:-}"

shoot ()  # shoot LANGUAGE OUTPUT.png
{
  LANGUAGE=$1 OUT=$2 shoot_run '
    shoot_env student
    mkfifo -m 600 $W/lab/my_pipe $W/lab/replies $W/lab/requests
    mkfifo -m 666 $W/lab/public_pipe
    cd $W/lab
    shoot_start 1280 800 --folder $W/lab
    # A second fifolab hands the pipes to the running window.
    $B/src/app/fifolab --read $W/lab/my_pipe --write $W/lab/replies
    $B/src/peer/fifolab-peer write my_pipe --count 2 --interval 400
    $B/src/peer/fifolab-peer write my_pipe --count 2 --interval 400 --message "Job %d: 100%% done"
    $B/src/peer/fifolab-peer read replies --count 0 > /dev/null &
    reader=$!
    sleep 1.5
    # The side pane hidden (the pane toggle, found by its name: a click at a
    # position hit the sequence diagram toggle once a button came before
    # it), the first message selected.
    shoot_click "Show pipe details"
    sleep 0.5
    # The log follows its end: back to its top, and the first message
    # found by its text (rows are taller in Chinese).
    xdotool mousemove 700 250 click --repeat 10 4
    sleep 0.5
    shoot_click_text "Hello from pid"
    xdotool mousemove 640 18
    sleep 1.5
    shoot_take 1280 800 "$OUT" $reader
  '
}

shoot "" "$SOURCE_DIR/data/screenshots/main-window.png"
shoot zh_CN "$SOURCE_DIR/data/screenshots/main-window-zh_CN.png"
