#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the step mode screenshot in this folder (issue 16) from the real app
# under Xvfb at 1024 x 768: lesson 3 opened with F1 at its Start Writer step
# (kept in a keyfile settings backend), Step Mode switched on (Alt+M), the
# step's button clicked (found by its accessible name, in any language),
# then F8 pressed seven times: the writer's write has gone (the bar says
# what it returned), the reader waits before its read, with the choices to
# predict its outcome.
# Needs xvfb, xdotool, imagemagick, python3-pyatspi. STEPS is how many F8
# presses (seven by default: six reached the write here, as each peer opens
# the pipe twice and closes the first); 0 takes the stage before the click.
#   data/screenshots/take-step-screenshots.sh [BUILD_DIR] [STEPS] [LANGUAGE OUTPUT.png]
set -euo pipefail
source "$(dirname "$0")/shoot-env.sh"
shoot_init "${1:-}"

shoot ()  # shoot LANGUAGE WIDTH HEIGHT OUTPUT.png STEPS
{
  LANGUAGE=$1 WIDTH=$2 HEIGHT=$3 OUT=$4 STEPS=$5 shoot_run '
    shoot_env student keyfile
    mkdir -p $W/config/glib-2.0/settings
    printf "[io/github/fifolab/FifoLab]\nlesson-step=%s\n" "'"'"'start-writer'"'"'" > $W/config/glib-2.0/settings/keyfile
    shoot_start $WIDTH $HEIGHT --folder $W/lab
    xdotool key F1
    sleep 1.5
    xdotool key alt+m
    sleep 1
    if [ "$STEPS" -gt 0 ]; then
      shoot_click "Start Writer"
      sleep 2
      for i in $(seq 1 $STEPS); do xdotool key F8; sleep 1; done
    fi
    xdotool mousemove 1 1
    sleep 1.5
    shoot_take $WIDTH $HEIGHT "$OUT"
  '
}

if [ $# -ge 4 ]; then
  shoot "$3" 1024 768 "$4" "$2"
else
  shoot "" 1024 768 "$SOURCE_DIR/data/screenshots/step-1024.png" "${2:-7}"
fi
