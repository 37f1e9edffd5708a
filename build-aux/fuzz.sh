#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang (core and targets instrumented, with
# ASan and UBSan) and runs each for a bounded time.
#
#   build-aux/fuzz.sh [SECONDS] [TARGET...]     (default 60 s each, all targets)
#
# The build dir is _build/fuzz (FUZZ_BUILD_DIR overrides). Exits non-zero when
# a target finds something; crashing inputs are kept in
# <build>/tests/fuzz/artifacts/<target>/ and are reproduced with
#   <build>/tests/fuzz/fuzz_<target> <file>
set -euo pipefail

cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
case "$seconds" in
  ''|*[!0-9]*) echo "fuzz.sh: the time must be a number of seconds, not '$seconds'" >&2; exit 2 ;;
esac

build_dir=${FUZZ_BUILD_DIR:-_build/fuzz}

if ! command -v clang >/dev/null; then
  echo "fuzz.sh: clang is needed (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi

# -fsanitize=fuzzer-no-link instruments every object (the core too) for
# coverage; the targets themselves link -fsanitize=fuzzer (tests/fuzz/meson.build).
setup_args=(
  -Dfuzzing=true
  -Dapp=false
  -Dtests=false
  -Db_sanitize=address,undefined
  -Db_lundef=false
  -Dc_args=-fsanitize=fuzzer-no-link
)

if [ -f "$build_dir/build.ninja" ]; then
  meson setup --reconfigure "${setup_args[@]}" "$build_dir" >/dev/null
else
  CC=clang meson setup "${setup_args[@]}" "$build_dir"
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dir in tests/fuzz/corpus/*/; do
    targets+=("$(basename "$dir")")
  done
fi

build_targets=()
for t in "${targets[@]}"; do
  build_targets+=("tests/fuzz/fuzz_$t")
done
meson compile -C "$build_dir" "${build_targets[@]}"

exec tests/fuzz/run-fuzzers.sh --build-dir "$build_dir" --time "$seconds" "${targets[@]}"
