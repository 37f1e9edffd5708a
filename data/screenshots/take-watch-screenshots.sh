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
cd "$(dirname "$0")/../.."
source_dir=$PWD
build_dir=$(realpath "${1:-_build/test}")
export SOURCE_DIR=$source_dir BUILD_DIR=$build_dir

shoot ()  # shoot LANGUAGE OUTPUT.png
{
  LANGUAGE=$1 OUT=$2 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    set -euo pipefail
    B=$BUILD_DIR
    W=$(mktemp -d /tmp/watch-shot.XXXX)
    trap "rm -rf $W" EXIT
    export HOME=$W GSETTINGS_SCHEMA_DIR=$B/data GSETTINGS_BACKEND=memory XDG_CONFIG_HOME=$W/config
    export FIFOLAB_LOCALEDIR=$B/po GSK_RENDERER=cairo NO_AT_BRIDGE=1
    export XDG_DATA_DIRS=$SOURCE_DIR/data:/usr/share PATH=$B/src/peer:$PATH
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
    mkdir -m 700 $W/lab
    mkfifo -m 600 $W/lab/my_pipe
    $B/src/app/fifolab --folder $W/lab $W/lab/my_pipe &
    app=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -1)
    sleep 1
    xdotool windowsize --sync $wid 1024 768
    xdotool windowmove --sync $wid 0 0
    sleep 1
    python3 $W/peer.py $W/lab/my_pipe read &
    reader=$!
    python3 $W/peer.py $W/lab/my_pipe write &
    writer=$!
    sleep 1
    xdotool mousemove 868 218 click 1
    sleep 2
    kill -USR1 $writer
    sleep 1
    kill -USR1 $reader
    sleep 1.5
    xdotool mousemove 865 74 click 1
    sleep 2.5
    xdotool mousemove 1 1
    sleep 0.5
    import -window root -crop 1024x768+0+0 "$OUT"
    kill $app 2>/dev/null || true
    kill $reader $writer 2>/dev/null || true
    wait
  '
}

if [ $# -ge 3 ]; then
  shoot "$2" "$3"
else
  shoot "" "$source_dir/data/screenshots/watch-1024.png"
fi
