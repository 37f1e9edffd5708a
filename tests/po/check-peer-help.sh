#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# fifolab-peer speaks Chinese under LANGUAGE=zh_CN: its --help (the command's
# summary, every option's description, the exit statuses) and its errors, with
# the catalogs of the build dir (FIFOLAB_LOCALEDIR). The same run without
# LANGUAGE stays English, so the test cannot pass by accident.
#
# Usage: check-peer-help.sh PATH_TO_FIFOLAB_PEER
set -eu

peer=$1
: "${FIFOLAB_LOCALEDIR:?FIFOLAB_LOCALEDIR must point at the built catalogs}"
export LC_ALL="${LC_ALL:-C.UTF-8}"
status=0

# expect DESCRIPTION TEXT NEEDLE: TEXT contains NEEDLE.
expect () {
  case "$2" in
    *"$3"*) ;;
    *) echo "not ok: $1: expected “$3” in:"; echo "$2" | sed 's/^/    /'; status=1 ;;
  esac
}
# reject DESCRIPTION TEXT NEEDLE: TEXT does not contain NEEDLE.
reject () {
  case "$2" in
    *"$3"*) echo "not ok: $1: “$3” should be translated in:"; echo "$2" | sed 's/^/    /'; status=1 ;;
    *) ;;
  esac
}

english=$(env -u LANGUAGE "$peer" --help)
expect "English --help" "$english" "Write PID-stamped messages into a named pipe"

main_help=$(LANGUAGE=zh_CN "$peer" --help)
expect "--help" "$main_help" "命名管道"
expect "--help" "$main_help" "退出状态"
reject "--help" "$main_help" "Write PID-stamped messages"
reject "--help" "$main_help" "Show the version and exit"
reject "--help" "$main_help" "Exit status"
# "the book's writer and reader" are the textbook's, not FIFO Lab's.
expect "--help" "$main_help" "书中的写进程和读进程"
reject "--help" "$main_help" "FIFO 实验室示例"

write_help=$(LANGUAGE=zh_CN "$peer" write --help)
expect "write --help" "$write_help" "命名管道"
expect "write --help" "$write_help" "write()"
reject "write --help" "$write_help" "Message template"
reject "write --help" "$write_help" "Number of messages"
reject "write --help" "$write_help" "How messages are delimited"

read_help=$(LANGUAGE=zh_CN "$peer" read --help)
expect "read --help" "$read_help" "命名管道"
expect "read --help" "$read_help" "read()"
reject "read --help" "$read_help" "Bytes to ask for"
reject "read --help" "$read_help" "Read messages from a named pipe"

# An error goes to stderr in Chinese too, and the exit status stays 2.
set +e
error=$(LANGUAGE=zh_CN "$peer" frobnicate 2>&1 >/dev/null)
code=$?
set -e
[ "$code" -eq 2 ] || { echo "not ok: unknown command exits $code, not 2"; status=1; }
expect "unknown command" "$error" "frobnicate"
reject "unknown command" "$error" "Unknown command"

[ "$status" -eq 0 ] && echo "ok: fifolab-peer --help, write --help, read --help and errors are Chinese"
exit $status
