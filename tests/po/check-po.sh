#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a translatable string of the sources is missing from a language's
# catalog, or untranslated or fuzzy there; when a source file with translatable
# strings is missing from po/POTFILES.in (or POTFILES.in is unsorted or names a
# file that is gone); or when xgettext warns about a msgid (a format macro such
# as G_GSIZE_FORMAT inside _() cuts the msgid short, so it is never translated).
#
# Usage: check-po.sh SOURCE_ROOT LANG...
set -eu

srcroot=$1
shift
cd "$srcroot"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

# POTFILES.in: sorted, every file exists.
grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in > "$tmp/potfiles"
if ! LC_ALL=C sort -c "$tmp/potfiles" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C sort)"
  status=1
fi
while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES.in names $f, which does not exist"; status=1; }
done < "$tmp/potfiles"

# Every file that has translatable strings is listed. The call forms are those
# of the glib preset of meson's i18n.gettext plus ngettext.
{
  grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dgettext|g_dngettext|g_dcgettext|g_dpgettext2)[[:space:]]*\(' \
    --include='*.c' --include='*.h' src || true
  grep -rl 'translatable="yes"' --include='*.ui' --include='*.gschema.xml' src data || true
  ls data/*.desktop.in data/*.metainfo.xml.in 2>/dev/null || true
  ls src/core/teach/*-lessons.xml 2>/dev/null || true
} | LC_ALL=C sort -u > "$tmp/needed"
LC_ALL=C sort -u "$tmp/potfiles" > "$tmp/listed"
missing=$(LC_ALL=C comm -23 "$tmp/needed" "$tmp/listed")
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"
  echo "$missing" | sed 's/^/  /'
  status=1
fi

# The template, made the way `meson compile fifolab-pot` makes it (with the
# ITS rules of po/its/, for the lessons' prose).
export GETTEXTDATADIRS="$srcroot/po${GETTEXTDATADIRS:+:$GETTEXTDATADIRS}"
if ! xgettext --package-name=fifolab -D "$srcroot" -f "$tmp/potfiles" -o "$tmp/fifolab.pot" \
    --from-code=UTF-8 --add-comments \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
    --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
    --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
    --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
    --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
    --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
    --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
    2> "$tmp/xgettext.log"; then
  cat "$tmp/xgettext.log"
  echo "xgettext failed"
  exit 1
fi
if grep -q 'warning' "$tmp/xgettext.log"; then
  echo "xgettext warns about these msgids (write the format inline, e.g. %zu, not G_GSIZE_FORMAT):"
  cat "$tmp/xgettext.log"
  status=1
fi
total=$(msgattrib --no-wrap "$tmp/fifolab.pot" | grep -c '^msgid ' || true)
total=$((total - 1))
if [ "$total" -lt 1 ]; then
  echo "The template has no strings: xgettext found nothing"
  exit 1
fi

for lang in "$@"; do
  po="po/$lang.po"
  # Only the entries the sources use, so obsolete ones do not count.
  msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$tmp/$lang.po" "$po" "$tmp/fifolab.pot"
  msgattrib --no-obsolete --no-wrap -o "$tmp/$lang.po" "$tmp/$lang.po"
  untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" | grep -c '^msgid ' || true)
  # Both outputs start with the header entry when they hold any message.
  [ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "$po: $untranslated untranslated (or missing) and $fuzzy fuzzy of $total strings:"
    msgattrib --untranslated --no-obsolete --no-wrap --no-location "$tmp/$lang.po" | grep '^msgid ' | sed 1d | head -40 | sed 's/^/  untranslated /'
    msgattrib --only-fuzzy --no-obsolete --no-wrap --no-location "$tmp/$lang.po" | grep '^msgid ' | sed 1d | head -40 | sed 's/^/  fuzzy /'
    status=1
  fi
  # The same, said by msgcmp: every msgid of the template has a translation.
  if ! msgcmp "$po" "$tmp/fifolab.pot" 2> "$tmp/msgcmp.log"; then
    head -20 "$tmp/msgcmp.log"
    status=1
  fi
  echo "$po: $((total - untranslated - fuzzy)) of $total strings translated"
done

# The desktop file and the metainfo, merged the way i18n.merge_file merges
# them, carry every language (the app's name and summary at least).
for lang in "$@"; do
  for desktop in data/*.desktop.in; do
    [ -f "$desktop" ] || continue
    msgfmt --desktop -d po --template "$desktop" -o "$tmp/merged.desktop"
    for key in Name Comment; do
      if ! grep -q "^$key\[$lang\]=" "$tmp/merged.desktop"; then
        echo "$desktop: no $key[$lang] once merged with po/"
        status=1
      fi
    done
  done
  for metainfo in data/*.metainfo.xml.in; do
    [ -f "$metainfo" ] || continue
    msgfmt --xml -d po --template "$metainfo" -o "$tmp/merged.xml"
    for tag in name summary; do
      if ! grep -q "<$tag xml:lang=\"$lang\">" "$tmp/merged.xml"; then
        echo "$metainfo: no <$tag xml:lang=\"$lang\"> once merged with po/"
        status=1
      fi
    done
  done
done

exit $status
