#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The version in meson.build is the newest release everywhere it is told:
# the metainfo's first <release>, the first version heading of NEWS and the
# top entry of debian/changelog; and the metainfo's date is the one in NEWS.
# Usage: check-release.sh SOURCE_ROOT VERSION
set -uo pipefail
root=$1
version=$2
status=0
n=0

check ()  # check WHAT GOT
{
  n=$((n + 1))
  if [[ $2 == "$version" ]]; then
    echo "ok $n - $1 names $version"
  else
    echo "not ok $n - $1 names '$2', meson.build $version"
    status=1
  fi
}

metainfo=$root/data/io.github.fifolab.FifoLab.metainfo.xml.in
release=$(grep -m1 -o '<release version="[^"]*" date="[^"]*"' "$metainfo")
check "the metainfo's first release" "$(sed 's/.*version="\([^"]*\)".*/\1/' <<<"$release")"
news_heading=$(grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+ ' "$root/NEWS")
check "NEWS's first version" "${news_heading%% *}"
check "debian/changelog's top entry" "$(head -1 "$root/debian/changelog" | sed -n 's/^fifolab (\([^)]*\)).*/\1/p')"

n=$((n + 1))
date=$(sed 's/.*date="\([^"]*\)".*/\1/' <<<"$release")
if [[ $news_heading == *"$date"* ]]; then
  echo "ok $n - NEWS and the metainfo date $version $date"
else
  echo "not ok $n - the metainfo dates $version $date, NEWS says: $news_heading"
  status=1
fi
echo "1..$n"
exit $status
