#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Drives the bash completion of fifolab and fifolab-peer as bash does: sets
# COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT, calls the function that
# `complete -p` names, and checks COMPREPLY. Real FIFOs, files and folders in
# a temporary folder. The option lists are compared with the programs' --help.
# Usage: test-completion.sh COMPLETION_FILE FIFOLAB_PEER [FIFOLAB]
set -uo pipefail

completion_file=$(realpath "$1")
peer=$(realpath "$2")
app=${3:+$(realpath "$3")}
failures=0
tests=0

source "$completion_file"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkfifo "$work/my_pipe" "$work/my_other" "$work/-leading"
mkdir "$work/my_dir"
mkfifo "$work/my_dir/inner"
echo precious > "$work/my_file"
cd "$work" || exit 1

# complete COMMAND WORD... : the words of the line, the last one being
# completed (an empty string completes a new word). Leaves COMPREPLY sorted.
complete_words ()
{
  local function
  function=$(complete -p "$1" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
  COMP_WORDS=("$@")
  COMP_CWORD=$(( $# - 1 ))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  "$function" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  mapfile -t COMPREPLY < <(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort)
}

# expect "WANTED REPLIES" COMMAND WORD...
expect ()
{
  local wanted=$1 got
  shift
  tests=$((tests + 1))
  complete_words "$@"
  got="${COMPREPLY[*]}"
  if [[ $got == "$wanted" ]]; then
    echo "ok $tests - $* -> $wanted"
  else
    echo "not ok $tests - $*"
    echo "#   wanted: $wanted"
    echo "#   got:    $got"
    failures=$((failures + 1))
  fi
}

# The long options a program's --help lists, sorted, one line.
help_options ()
{
  LC_ALL=C.UTF-8 LANGUAGE= "$@" 2>/dev/null | grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' \
    | grep -oE -- '--[a-z][a-z-]*' | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}

# The long options the completion offers after PREFIX..., sorted, one line.
completed_options ()
{
  complete_words "$@" --
  printf '%s\n' "${COMPREPLY[@]}" | grep -E -- '^--[a-z]' | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}

# expect_same "WHAT" "A" "B"
expect_same ()
{
  tests=$((tests + 1))
  if [[ $2 == "$3" && -n $2 ]]; then
    echo "ok $tests - $1"
  else
    echo "not ok $tests - $1"
    echo "#   --help:     $2"
    echo "#   completion: $3"
    failures=$((failures + 1))
  fi
}

echo "# fifolab-peer"
expect "write" fifolab-peer wr
expect "read replay tap watch write" fifolab-peer ""
expect "watch" fifolab-peer wa
expect "--json" fifolab-peer watch --j
expect "--pcapng" fifolab-peer watch --pc
expect "--step" fifolab-peer watch --st
expect "--hold-named" fifolab-peer watch --ho
expect "my_dir/ my_other my_pipe" fifolab-peer watch --json my
expect "--help --version" fifolab-peer --
expect "length-prefix line" fifolab-peer write my_pipe --framing l
expect "--framing=fixed" fifolab-peer read --framing=f
expect "fixed" fifolab-peer read --framing = f
expect "raw" fifolab-peer read -f r
expect "" fifolab-peer write --count ""
expect "" fifolab-peer write --message H
# A pipe argument: FIFOs and folders, never the regular file.
expect "my_dir/ my_other my_pipe" fifolab-peer write my
expect "my_dir/inner" fifolab-peer read my_dir/
expect "" fifolab-peer read my_f
expect "my_dir/ my_other my_pipe" fifolab-peer read --count 3 my
# After "--", a dash starts a pipe's name, not an option.
expect "-leading" fifolab-peer read -- -l
expect "--no-create" fifolab-peer write --no
expect "--bytes" fifolab-peer read --by
expect "" fifolab-peer write --by
expect_same "fifolab-peer: completion offers --help's options" \
  "$(help_options "$peer" --help)" "$(completed_options fifolab-peer)"
expect_same "fifolab-peer write: completion offers --help's options" \
  "$(help_options "$peer" write --help)" "$(completed_options fifolab-peer write)"
expect_same "fifolab-peer read: completion offers --help's options" \
  "$(help_options "$peer" read --help)" "$(completed_options fifolab-peer read)"
# tap
expect "tap" fifolab-peer t
expect "auto readers writers" fifolab-peer tap my_pipe --arriving ""
expect "--arriving=writers" fifolab-peer tap --arriving=w
expect "my_dir/ my_other my_pipe" fifolab-peer tap --json my
expect "" fifolab-peer write --arriving ""
expect_same "fifolab-peer tap: completion offers --help's options" \
  "$(help_options "$peer" tap --help)" "$(completed_options fifolab-peer tap)"
# replay
expect "replay" fifolab-peer rep
expect "--speed" fifolab-peer replay --sp
expect "" fifolab-peer replay --speed ""
expect_same "fifolab-peer replay: completion offers --help's options" \
  "$(help_options "$peer" replay --help)" "$(completed_options fifolab-peer replay)"

expect_same "fifolab-peer watch: completion offers --help's options" \
  "$(help_options "$peer" watch --help)" "$(completed_options fifolab-peer watch)"

echo "# fifolab"
expect "--folder" fifolab --fol
expect "--open" fifolab --op
expect "my_dir/" fifolab --folder my
expect "--folder=my_dir/" fifolab --folder=my
expect "my_dir/ my_other my_pipe" fifolab --read my
expect "my_dir/ my_other my_pipe" fifolab -w my
expect "my_dir/ my_other my_pipe" fifolab my
if [[ -n $app ]]; then
  expect_same "fifolab: completion offers --help-all's options" \
    "$(help_options "$app" --help-all)" "$(completed_options fifolab)"
fi

echo "1..$tests"
if (( failures > 0 )); then
  echo "# $failures of $tests failed"
  exit 1
fi
