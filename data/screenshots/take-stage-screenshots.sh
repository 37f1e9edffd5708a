#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the lessons' stage screenshots in this folder (README) from the real
# app under Xvfb: lesson 2 opened with F1 (the step kept in a keyfile
# settings backend), Start Reader clicked, the reader drawn waiting in open().
# Needs xvfb, xdotool, imagemagick, python3-pyatspi. The step's button is
# found by its accessible name, at any size and in any language.
#   data/screenshots/take-stage-screenshots.sh [BUILD_DIR]   (default _build/test)
set -euo pipefail
source "$(dirname "$0")/shoot-env.sh"
shoot_init "${1:-}"

shoot ()  # shoot LANGUAGE WIDTH HEIGHT OUTPUT.png
{
  LANGUAGE=$1 WIDTH=$2 HEIGHT=$3 OUT=$4 shoot_run '
    shoot_env student keyfile
    mkdir -p $W/config/glib-2.0/settings
    printf "[io/github/fifolab/FifoLab]\nlesson-step=%s\n" "'"'"'start-reader'"'"'" > $W/config/glib-2.0/settings/keyfile
    mkfifo -m 600 $W/lab/my_pipe
    shoot_start $WIDTH $HEIGHT --folder $W/lab
    xdotool key F1
    sleep 1.5
    shoot_click "Start Reader"
    sleep 2.5
    xdotool mousemove 1 1
    sleep 0.5
    shoot_take $WIDTH $HEIGHT "$OUT"
  '
}

shoot "" 1280 800 "$SOURCE_DIR/data/screenshots/stage-1280.png"
shoot "" 1024 768 "$SOURCE_DIR/data/screenshots/stage-1024.png"
shoot zh_CN 1280 800 "$SOURCE_DIR/data/screenshots/stage-zh_CN.png"
shoot zh_CN 1024 768 "$SOURCE_DIR/data/screenshots/stage-1024-zh_CN.png"
