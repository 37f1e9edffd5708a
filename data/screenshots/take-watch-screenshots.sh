#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the Watch screenshot of the README from the real app under Xvfb at
# 1024 x 768: a Python writer and reader on my_pipe, each waiting (for
# SIGUSR1) until the window's Watch has attached to it; then the writer
# writes 100000 bytes and blocks on the full pipe, the reader reads 22; the
# side pane's Processes page shows the diagram. Needs xvfb, xdotool,
# imagemagick, python3. The click positions are those of the Watch toggle
# and the Processes tab at 1024 x 768 (look at the result).
#   data/screenshots/take-watch-screenshots.sh [BUILD_DIR] [LANGUAGE OUTPUT.png]
set -euo pipefail
source "$(dirname "$0")/shoot-env.sh"
shoot_init "${1:-}"

shoot ()  # shoot LANGUAGE OUTPUT.png
{
  LANGUAGE=$1 OUT=$2 shoot_run '
    shoot_env watch-shot
    cat > $W/peer.py <<PY
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
write = sys.argv[2] == "write"
fd = os.open(sys.argv[1], os.O_WRONLY if write else os.O_RDONLY)
signal.sigwait([signal.SIGUSR1])
if write:
    os.write(fd, b"Hello from pid [%d]\n" % os.getpid() + b"x" * 99978)
else:
    os.read(fd, 22)
signal.sigwait([signal.SIGUSR1])
PY
    mkfifo -m 600 $W/lab/my_pipe
    shoot_start 1024 768 --folder $W/lab $W/lab/my_pipe
    python3 $W/peer.py $W/lab/my_pipe read &
    reader=$!
    python3 $W/peer.py $W/lab/my_pipe write &
    writer=$!
    # Both wait for SIGUSR1 (in sigwait()) before any is sent: sent
    # sooner, to a slow start, it would kill.
    for pid in $reader $writer; do
      until grep -q sigtimedwait /proc/$pid/wchan; do sleep 0.1; done
    done
    sleep 1
    shoot_click Watch
    sleep 2
    kill -USR1 $writer
    sleep 1
    kill -USR1 $reader
    sleep 1.5
    shoot_click_text Processes
    sleep 2.5
    xdotool mousemove 1 1
    sleep 0.5
    shoot_take 1024 768 "$OUT" $reader $writer
  '
}

if [ $# -ge 3 ]; then
  shoot "$2" "$3"
else
  shoot "" "$SOURCE_DIR/data/screenshots/watch-1024.png"
fi
