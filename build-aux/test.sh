#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The one test command: installs missing Debian packages, configures and builds
# FIFO Lab in _build/test, and runs every test with a virtual display and a
# private D-Bus session bus. Exits with the test run's status.
set -euo pipefail

cd "$(dirname "$0")/.."

build_dir=_build/test

./build-aux/install-deps.sh

setup_args=()
if [ "${CI:-}" = "true" ]; then
  setup_args+=(--werror)
fi

if [ -f "$build_dir/build.ninja" ]; then
  meson setup --reconfigure "${setup_args[@]}" "$build_dir"
else
  meson setup "${setup_args[@]}" "$build_dir"
fi

meson compile -C "$build_dir"

status=0
# -noreset: by default Xvfb resets itself whenever its last client has left,
# and closes a connection that arrives meanwhile. Between two test programs
# no client may be left, and the next program's display then failed to open
# ("No display", once in a loaded run of the suite). A client that connects
# right after the last one left was refused 10-13 times in 2,000 with two
# cores busy, and 0 times with -noreset.
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -noreset" \
  meson test -C "$build_dir" --print-errorlogs "$@" || status=$?

# A plain closing line that any reader of the log understands.
python3 - "$build_dir/meson-logs/testlog.json" <<'PY' || true
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for line in open(sys.argv[1], encoding="utf-8"):
    result = json.loads(line).get("result")
    if result in ("OK", "EXPECTEDFAIL"):
        counts["passed"] += 1
    elif result == "SKIP":
        counts["skipped"] += 1
    else:
        counts["failed"] += 1
print("%(passed)d passed, %(failed)d failed, %(skipped)d skipped" % counts)
PY
exit "$status"
