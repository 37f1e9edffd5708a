#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the libFuzzer targets of a -Dfuzzing=true build.
#
#   run-fuzzers.sh [--build-dir DIR] [--time SECONDS] [TARGET...]
#       fuzz each target (default: all) for SECONDS (default 60), starting from
#       the seed corpus; new inputs go to DIR/tests/fuzz/corpus/<target>, crashes
#       to DIR/tests/fuzz/artifacts/<target>/. Prints the executions reached.
#   run-fuzzers.sh --smoke TARGET
#       runs every seed once and then a few thousand mutations (meson test).
#
# Exits non-zero when a target finds a crash, a leak or a failed check.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build_dir=${FUZZ_BUILD_DIR:-}
seed_root=${FUZZ_CORPUS_DIR:-$here/corpus}
seconds=60
smoke=false
targets=()

while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --time) seconds=$2; shift 2 ;;
    --smoke) smoke=true; shift ;;
    -h|--help) sed -n '3,13p' "$0"; exit 0 ;;
    -*) echo "run-fuzzers.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if [ -z "$build_dir" ]; then
  echo "run-fuzzers.sh: give --build-dir (a build configured with -Dfuzzing=true)" >&2
  exit 2
fi
# The executables live in tests/fuzz of the build dir (meson test passes that dir).
if [ -d "$build_dir/tests/fuzz" ]; then
  bin_dir=$build_dir/tests/fuzz
else
  bin_dir=$build_dir
fi

if [ ${#targets[@]} -eq 0 ]; then
  for dir in "$seed_root"/*/; do
    targets+=("$(basename "$dir")")
  done
fi

# Sanitizers: stop at the first error with a stack; leaks are findings too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:print_stacktrace=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
# GLib 2.74 still has a slice allocator; plain malloc lets ASan see every block.
export G_SLICE=always-malloc
export LC_ALL=C.UTF-8

status=0
summary=()
for t in "${targets[@]}"; do
  exe=$bin_dir/fuzz_$t
  seeds=$seed_root/$t
  if [ ! -x "$exe" ]; then
    echo "run-fuzzers.sh: $exe is not built" >&2
    exit 2
  fi

  if $smoke; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    # Each seed once, then mutations of them into a throwaway corpus.
    "$exe" "$seeds"/* || exit 1
    "$exe" -runs=3000 -seed=1 -max_len=4096 "$work" "$seeds" || exit 1
    rm -rf "$work"
    trap - EXIT
    continue
  fi

  corpus=$build_dir/tests/fuzz/corpus/$t
  artifacts=$build_dir/tests/fuzz/artifacts/$t
  log=$build_dir/tests/fuzz/fuzz_$t.log
  mkdir -p "$corpus" "$artifacts"

  echo "== fuzz_$t for ${seconds}s (log: $log)"
  rc=0
  "$exe" -max_total_time="$seconds" -print_final_stats=1 -max_len=4096 \
    -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1 || rc=$?

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1) || true
  cov=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -n 1 | cut -d' ' -f2)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    result="FOUND (exit $rc, see $log and $artifacts/)"
    status=1
    tail -n 40 "$log" >&2
  fi
  summary+=("$(printf '%-14s %12s execs  cov %-6s corpus %-5s %s' \
    "fuzz_$t" "${execs:-?}" "${cov:-?}" "$units" "$result")")
done

if ! $smoke; then
  echo
  echo "target              executions reached"
  printf '%s\n' "${summary[@]}"
fi
exit "$status"
