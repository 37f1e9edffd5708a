#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the README's test command (build-aux/test.sh) again and again on a
# clean clone of the current commit: IDLE runs in a row, then LOADED runs with
# every core kept busy by other processes (one `sha256sum /dev/zero` a core).
# A test that passes here only sometimes is a failing test: this is how to
# find it. Every run must pass; the log of each failed run is kept.
#
#   build-aux/repeat-tests.sh [IDLE [LOADED]]      (default: 20 5)
#
# The clone is made in a temporary folder from the committed HEAD (what is not
# committed is not tested); REPEAT_KEEP=1 keeps it. Exits 0 when every run
# passed.
set -euo pipefail

idle_runs=${1:-20}
loaded_runs=${2:-5}

cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fifolab-repeat-XXXXXX")
logs="$work/logs"
mkdir -p "$logs"

busy_pids=()
stop_load ()
{
  if [ ${#busy_pids[@]} -gt 0 ]; then
    kill "${busy_pids[@]}" 2>/dev/null || true
    wait "${busy_pids[@]}" 2>/dev/null || true
  fi
  busy_pids=()
}
cleanup ()
{
  stop_load
  if [ "${REPEAT_KEEP:-}" != "1" ]; then
    rm -rf "$work/clone"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

git clone --quiet --no-local "$root" "$work/clone"
echo "repeat: clean clone of $(git -C "$work/clone" rev-parse --short HEAD) in $work/clone"

passed=0
failed=0
failed_runs=()

run_once ()
{
  local label=$1 start=$SECONDS log closing
  log="$logs/$label.log"
  if (cd "$work/clone" && ./build-aux/test.sh) > "$log" 2>&1; then
    passed=$((passed + 1))
    closing=$(tail -n 1 "$log")
    echo "repeat: $label passed in $((SECONDS - start)) s ($closing)"
    rm -f "$log"
  else
    failed=$((failed + 1))
    failed_runs+=("$label")
    echo "repeat: $label FAILED in $((SECONDS - start)) s; log kept: $log"
    grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|ERROR|TIMEOUT)|^(ERROR|Bail out)|assertion' "$log" | head -n 20 || true
  fi
}

for i in $(seq 1 "$idle_runs"); do
  run_once "idle-$i"
done

cores=$(nproc)
for i in $(seq 1 "$loaded_runs"); do
  for _ in $(seq 1 "$cores"); do
    sha256sum /dev/zero > /dev/null &
    busy_pids+=($!)
  done
  run_once "loaded-$i"
  stop_load
done

echo "repeat: $passed of $((idle_runs + loaded_runs)) runs passed ($idle_runs idle, $loaded_runs with $cores busy processes)"
if [ "$failed" -gt 0 ]; then
  echo "repeat: failed runs: ${failed_runs[*]}; logs in $logs"
  exit 1
fi
rm -rf "$logs"
rmdir "$work" 2>/dev/null || true
