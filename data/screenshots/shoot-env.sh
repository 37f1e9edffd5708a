# SPDX-License-Identifier: GPL-3.0-or-later
# What the take-*.sh scripts in this folder share: sourced by them (bash),
# not run. In a script:
#   shoot_init [BUILD_DIR]   goes to the top of the source tree and exports
#                            SOURCE_DIR and BUILD_DIR (default _build/test)
#   shoot_run CODE           runs the bash CODE in a private D-Bus session
#                            under Xvfb (a 1280 x 800 screen), with
#                            `set -euo pipefail` and this file sourced
# and in that CODE:
#   shoot_env NAME [BACKEND] a private folder $W (removed at the end) as HOME,
#                            with an empty $W/lab (0700); FIFO Lab's build
#                            ($B), its schema, translations and icons, and
#                            fifolab-peer on PATH; the settings kept in
#                            BACKEND (memory, the default, or keyfile in
#                            $W/config)
#   shoot_start WIDTH HEIGHT [ARG...]
#                            starts FIFO Lab with ARGs ($app), waits for its
#                            window ($wid), sizes it and moves it to the
#                            screen's corner
#   shoot_click NAME         clicks the button of FIFO Lab named NAME in
#                            English: found through AT-SPI by its accessible
#                            name in $LANGUAGE, wherever it is drawn
#   shoot_click_text TEXT    clicks the topmost text of FIFO Lab that starts
#                            with TEXT (a log row's message, say): found
#                            through AT-SPI, clicked with xdotool at its
#                            middle (GTK reports positions in the window,
#                            which shoot_start puts at the screen's corner)
#   shoot_take WIDTH HEIGHT OUTPUT.png [PID...]
#                            the screen's top left WIDTH x HEIGHT into
#                            OUTPUT.png, then ends FIFO Lab and the PIDs

shoot_init ()
{
  cd "$(dirname "${BASH_SOURCE[0]}")/../.."
  SOURCE_DIR=$PWD
  BUILD_DIR=$(realpath "${1:-_build/test}")
  export SOURCE_DIR BUILD_DIR
}

shoot_run ()
{
  # A runtime folder of its own: without one, the accessibility bus of
  # every session listens on the same socket in ~/.cache/at-spi, and a
  # session ending elsewhere (a test run) takes it away from this one.
  local runtime rc=0
  runtime=$(mktemp -d /tmp/shoot-runtime.XXXX)
  XDG_RUNTIME_DIR=$runtime dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
    set -euo pipefail
    source \"\$SOURCE_DIR/data/screenshots/shoot-env.sh\"
    $1" || rc=$?
  rm -rf "$runtime"
  return $rc
}

shoot_env ()
{
  B=$BUILD_DIR
  W=$(mktemp -d "/tmp/$1.XXXX")
  trap 'rm -rf "$W"' EXIT
  export HOME=$W GSETTINGS_SCHEMA_DIR=$B/data GSETTINGS_BACKEND=${2:-memory} XDG_CONFIG_HOME=$W/config
  export FIFOLAB_LOCALEDIR=$B/po GSK_RENDERER=cairo NO_AT_BRIDGE=1
  export XDG_DATA_DIRS=$SOURCE_DIR/data:/usr/share PATH=$B/src/peer:$PATH
  mkdir -m 700 "$W/lab"
}

shoot_start ()
{
  local width=$1 height=$2

  shift 2
  "$B/src/app/fifolab" "$@" &
  app=$!
  wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -1)
  sleep 1
  xdotool windowsize --sync "$wid" "$width" "$height"
  xdotool windowmove --sync "$wid" 0 0
  sleep 1
}

shoot_click ()
{
  # Debian's python3, which has python3-pyatspi (not another one on PATH).
  /usr/bin/python3 - "$app" "$1" "$FIFOLAB_LOCALEDIR" "${LANGUAGE:-}" <<'PY'
import gettext, sys, time
import pyatspi

pid, english, localedir, language = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
name = gettext.translation("fifolab", localedir, languages=[language], fallback=True).gettext(english) if language else english

# GTK 4.8 says "visible" (not "showing") of the widgets it shows.
def shown_button(node):
    return (node.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON)
            and node.name == name and node.getState().contains(pyatspi.STATE_VISIBLE))

deadline = time.monotonic() + 30
while True:
    buttons = []
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.get_process_id() == pid:
            buttons = pyatspi.findAllDescendants(app, shown_button)
    if len(buttons) > 1:
        sys.exit("shoot_click: FIFO Lab shows %d buttons named %r" % (len(buttons), name))
    if buttons:
        break
    if time.monotonic() > deadline:
        sys.exit("shoot_click: FIFO Lab shows no button named %r" % name)
    time.sleep(0.5)
button = buttons[0]
action = button.queryAction()
click = [i for i in range(action.nActions) if action.getName(i) == "click"]
if not click:
    sys.exit("shoot_click: the button %r cannot be clicked" % name)
action.doAction(click[0])
PY
}

shoot_click_text ()
{
  local at
  at=$(/usr/bin/python3 - "$app" "$1" 2>/dev/null <<'PY'
import sys, time
import pyatspi

pid, text = int(sys.argv[1]), sys.argv[2]

def shown_text(node):
    return (node.getRole() == pyatspi.ROLE_LABEL and (node.name or "").startswith(text)
            and node.getState().contains(pyatspi.STATE_VISIBLE))

deadline = time.monotonic() + 30
while True:
    found = []
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.get_process_id() == pid:
            for node in pyatspi.findAllDescendants(app, shown_text):
                e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
                found.append((e.y, e.x, e.width, e.height))
    if found:
        break
    if time.monotonic() > deadline:
        sys.exit("shoot_click_text: FIFO Lab shows no text starting with %r" % text)
    time.sleep(0.5)
y, x, width, height = min(found)
print(x + width // 2, y + height // 2)
PY
  ) || { echo "shoot_click_text: no text starting with '$1'" >&2; return 1; }
  xdotool mousemove $at click 1
}

shoot_take ()
{
  import -window root -crop "$1x$2+0+0" "$3"
  shift 3
  kill $app "$@" 2>/dev/null || true
  wait
}
