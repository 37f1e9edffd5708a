#!/bin/sh
# Regenerates the pre-rendered symbolic PNGs of the icon FIFO Lab's window
# shows for a pipe (src/app/icons/WxH/apps/fifolab-pipe-symbolic.symbolic.png,
# in the GResource) from the application's symbolic SVG, after it changes.
# The window draws these: a symbolic SVG would load the SVG loader (librsvg,
# about 6 MB of RSS) into every FIFO Lab at its start. The SVG stays the
# application's icon for the desktop (installed by data/meson.build).
# Needs gcc, gdk-pixbuf's headers and its SVG loader. Run from the top of the tree.
set -eu
svg=data/icons/hicolor/symbolic/apps/io.github.fifolab.FifoLab-symbolic.svg
tool=$(mktemp)
trap 'rm -f "$tool"' EXIT
gcc -o "$tool" build-aux/symbolic-png.c $(pkg-config --cflags --libs gdk-pixbuf-2.0)
for size in 16 24 32 48 64 96 128 256; do
  dir=src/app/icons/${size}x${size}/apps
  mkdir -p "$dir"
  "$tool" "$svg" "$size" "$dir/fifolab-pipe-symbolic.symbolic.png"
done
