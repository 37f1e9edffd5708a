#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package from this tree, as on a fresh Debian 12: installs
# the packaging tools and the Build-Depends of debian/control that are
# missing (apt-get, through sudo when not root), copies the tree (committed
# and uncommitted files, not the build dirs) into a temporary folder outside
# it, runs `dpkg-buildpackage -us -uc -b` there (the tests that need no
# display run in the build; DEB_BUILD_OPTIONS=nocheck skips them), lists the
# package's metadata and contents, and runs lintian, failing on any error.
# The .deb files are left in that folder and copied to _build/package/, for
#   sudo apt install ./_build/package/fifolab_*.deb
set -euo pipefail

cd "$(dirname "$0")/.."
source_dir=$PWD

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  as_root=(false)
fi
apt_updated=
apt_install ()
{
  if [ -z "$apt_updated" ]; then
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    apt_updated=1
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}

tools=(build-essential dpkg-dev debhelper fakeroot lintian)
missing=()
for package in "${tools[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "package: installing ${missing[*]}"
  apt_install install -y --no-install-recommends "${missing[@]}"
fi
if ! dpkg-checkbuilddeps >/dev/null 2>&1; then
  echo "package: installing the Build-Depends of debian/control"
  apt_install build-dep -y --no-install-recommends "$source_dir"
fi
dpkg-checkbuilddeps

out=$(mktemp -d "${TMPDIR:-/tmp}/fifolab-package.XXXXXX")
chmod 755 "$out"
mkdir "$out/src"
if git -C "$source_dir" rev-parse --git-dir >/dev/null 2>&1; then
  # Committed and new files; one deleted but not yet committed is left out.
  (cd "$source_dir" &&
    git ls-files -z --cached --others --exclude-standard -- . ':!:_build' |
    while IFS= read -r -d '' file; do
      if [ -e "$file" ] || [ -L "$file" ]; then printf '%s\0' "$file"; fi
    done | tar --null -cf - -T -) | tar -xf - -C "$out/src"
else
  tar -C "$source_dir" --exclude=./_build --exclude=./.git -cf - . | tar -xf - -C "$out/src"
fi
echo "package: building in $out/src"
(cd "$out/src" && dpkg-buildpackage -us -uc -b)
rm -rf "$out/src"

for deb in "$out"/*.deb; do
  echo "package: $(basename "$deb"): $(stat -c %s "$deb") bytes"
done
deb=$(ls "$out"/fifolab_*.deb)
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"

echo "package: lintian (fails on errors; warnings are explained in debian/)"
lintian --fail-on error --display-info --pedantic "$out"/fifolab_*.changes
rm -rf "$source_dir/_build/package"
mkdir -p "$source_dir/_build/package"
cp "$out"/*.deb "$source_dir/_build/package/"
echo "package: done; the packages are in $out and _build/package/"
