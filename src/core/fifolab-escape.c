/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-escape.h"

/* Printable ASCII that stands for itself: everything from space to '~' except
 * the backslash, which starts our escapes. */
static inline gboolean
is_plain_ascii (guint8 c)
{
  return c >= 0x20 && c < 0x7f && c != '\\';
}

/* Characters that draw nothing or reorder text around them (bidi overrides,
 * zero-width spaces, BOM), line and paragraph separators, and C1 controls:
 * shown as \uXXXX so the message reads the same as its bytes. */
static inline gboolean
needs_unicode_escape (gunichar c)
{
  if ((c >= 0x200b && c <= 0x200f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c == 0xfeff)
    return TRUE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SURROGATE:
      return TRUE;

    default:
      return FALSE;
    }
}

/**
 * fifolab_escape_for_display:
 * @data: (array length=len) (nullable): any bytes
 * @len: their number
 * @max_chars: the most characters of output, "…" included; 0 for no limit
 *
 * Text to show for arbitrary bytes, literally and safely: printable UTF-8 as
 * is; a backslash as "\\"; "\n", "\r", "\t"; other control bytes, DEL and
 * bytes that are not valid UTF-8 as "\xNN"; C1 controls, bidi overrides,
 * zero-width and other invisible format characters as "\uXXXX". The result is
 * valid UTF-8 without control characters, and is never markup: show it with
 * gtk_label_set_text() or escape it before using it in markup.
 *
 * When the output would be longer than @max_chars characters, it is cut
 * (never inside an escape) and ends with "…", the whole being at most
 * @max_chars characters.
 *
 * Returns: (transfer full): the display text
 */
char *
fifolab_escape_for_display (const guint8 *data,
                            gsize         len,
                            gsize         max_chars)
{
  GString *out;
  const guint8 *p = data;
  /* data may be NULL when len is 0, and NULL + 0 is undefined behaviour. */
  const guint8 *end = len > 0 ? data + len : data;
  gsize limit = max_chars != 0 ? max_chars : G_MAXSIZE;
  gsize n_chars = 0;
  /* Where to cut if the output turns out too long: the output length when it
   * last held at most limit - 1 characters (room for the "…"). */
  gsize cut_len = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (MIN (len, limit) + 8);

  while (p < end && n_chars <= limit)
    {
      const guint8 *run = p;
      char esc[16];
      gsize esc_len;

      /* The common case: a run of printable ASCII, appended at once. */
      while (p < end && is_plain_ascii (*p))
        p++;
      if (p > run)
        {
          gsize n = p - run;

          if (n_chars + n > limit)
            {
              /* Only what can matter for the cut, plus one to know we cut. */
              n = limit - n_chars + 1;
              p = run + n;
            }
          if (n_chars < limit)
            cut_len = out->len + MIN (n, limit - 1 - n_chars);
          g_string_append_len (out, (const char *) run, n);
          n_chars += n;
          continue;
        }

      if (*p < 0x80)
        {
          switch (*p)
            {
            case '\n':
              memcpy (esc, "\\n", 3);
              break;
            case '\r':
              memcpy (esc, "\\r", 3);
              break;
            case '\t':
              memcpy (esc, "\\t", 3);
              break;
            case '\\':
              memcpy (esc, "\\\\", 3);
              break;
            default:
              g_snprintf (esc, sizeof esc, "\\x%02x", *p);
              break;
            }
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated ((const char *) p, end - p);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              /* Not UTF-8: this one byte, then resynchronise. */
              g_snprintf (esc, sizeof esc, "\\x%02x", *p);
              p++;
            }
          else
            {
              const guint8 *next = (const guint8 *) g_utf8_next_char (p);

              if (needs_unicode_escape (c))
                {
                  g_snprintf (esc, sizeof esc, "\\u%04X", c);
                }
              else
                {
                  /* One printable character, copied as its bytes. */
                  if (n_chars + 1 <= limit - 1)
                    cut_len = out->len + (next - p);
                  g_string_append_len (out, (const char *) p, next - p);
                  n_chars++;
                  p = next;
                  continue;
                }
              p = next;
            }
        }

      esc_len = strlen (esc);
      if (n_chars + esc_len <= limit - 1)
        cut_len = out->len + esc_len;
      g_string_append_len (out, esc, esc_len);
      n_chars += esc_len;
    }

  if (n_chars > limit || (p < end && n_chars == limit))
    {
      g_string_truncate (out, cut_len);
      g_string_append (out, "…");
    }

  return g_string_free (out, FALSE);
}

static const char hex_digits[] = "0123456789abcdef";

/* One line of the dump: @n (at most 16) bytes at @offset of the message. */
static void
append_hex_dump_line (GString      *out,
                      const guint8 *data,
                      gsize         n,
                      gsize         offset)
{
  g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x ", offset);

  for (gsize i = 0; i < 16; i++)
    {
      if (i == 8)
        g_string_append_c (out, ' ');
      if (i < n)
        {
          g_string_append_c (out, ' ');
          g_string_append_c (out, hex_digits[data[i] >> 4]);
          g_string_append_c (out, hex_digits[data[i] & 0xf]);
        }
      else
        {
          g_string_append (out, "   ");
        }
    }

  g_string_append (out, "  |");
  for (gsize i = 0; i < n; i++)
    {
      guint8 c = data[i];

      g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : '.');
    }
  g_string_append_c (out, '|');
}

/**
 * fifolab_escape_hex_dump:
 * @data: (array length=len) (nullable): any bytes
 * @len: their number
 *
 * A classic dump, 16 bytes per line: offset, the bytes in hex in two groups
 * of eight, and the printable ASCII between bars ('.' for anything else), as
 * `hexdump -C` prints it. Lines are separated by newlines, with none at the
 * end; empty input gives "".
 *
 * Returns: (transfer full): the dump
 */
char *
fifolab_escape_hex_dump (const guint8 *data,
                         gsize         len)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new ((len / 16 + 1) * 80);

  for (gsize line = 0; line < len; line += 16)
    {
      if (line > 0)
        g_string_append_c (out, '\n');
      append_hex_dump_line (out, data + line, MIN (16, len - line), line);
    }

  return g_string_free (out, FALSE);
}

/**
 * fifolab_escape_hex_dump_line:
 * @data: (array length=len) (nullable): the bytes of one line
 * @len: their number, at most 16
 * @offset: where they are in the message
 *
 * One line of fifolab_escape_hex_dump(), for a view that makes the lines on
 * screen only: the line of @data's message that starts at @offset (a multiple
 * of 16 in a dump), without a newline. fifolab_escape_hex_dump() of a message
 * is its lines joined by newlines.
 *
 * Returns: (transfer full): the line
 */
char *
fifolab_escape_hex_dump_line (const guint8 *data,
                              gsize         len,
                              gsize         offset)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (len <= 16, NULL);

  out = g_string_sized_new (80);
  append_hex_dump_line (out, data, len, offset);

  return g_string_free (out, FALSE);
}

/**
 * fifolab_escape_text_row_length:
 * @data: (array length=len) (nullable): the bytes from where a row starts
 * @len: their number
 * @max_chars: the most characters of a row, at least 8
 *
 * Where to cut bytes into rows of text, for a view that shows a few rows of
 * a message of any size at a time: a row ends after a newline byte, or before
 * the character or escape that would make it longer than @max_chars once
 * escaped with fifolab_escape_for_display(). A row never ends inside a
 * character or an escape, so the rows, each escaped, end to end read exactly
 * as the whole is escaped; and each is at most @max_chars characters.
 *
 * Returns: the length in bytes of the first row: 0 only when @len is 0
 */
gsize
fifolab_escape_text_row_length (const guint8 *data,
                                gsize         len,
                                gsize         max_chars)
{
  const guint8 *p = data;
  const guint8 *end = len > 0 ? data + len : data;
  gsize n_chars = 0;

  g_return_val_if_fail (data != NULL || len == 0, 0);
  /* The longest step is an escape of at most 8 characters ("\u10FFFF"). */
  g_return_val_if_fail (max_chars >= 8, 0);

  /* The same steps as fifolab_escape_for_display(), counting instead of
   * writing. */
  while (p < end)
    {
      const guint8 *next = p + 1;
      gsize n;

      if (is_plain_ascii (*p))
        {
          n = 1;
        }
      else if (*p < 0x80)
        {
          n = (*p == '\n' || *p == '\r' || *p == '\t' || *p == '\\') ? 2 : 4;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated ((const char *) p, end - p);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              n = 4;
            }
          else
            {
              next = (const guint8 *) g_utf8_next_char (p);
              if (!needs_unicode_escape (c))
                n = 1;
              else
                n = c > 0xfffff ? 8 : c > 0xffff ? 7 : 6;
            }
        }

      if (n_chars + n > max_chars)
        break;
      n_chars += n;
      if (*p == '\n')
        return next - data;
      p = next;
    }

  return p - data;
}

/**
 * fifolab_escape_hex:
 * @data: (array length=len) (nullable): any bytes
 * @len: their number
 *
 * Returns: (transfer full): the bytes in lower-case hex separated by spaces
 *   ("48 65 6c"), or "" for no bytes
 */
char *
fifolab_escape_hex (const guint8 *data,
                    gsize         len)
{
  char *out;
  char *q;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0)
    return g_strdup ("");

  out = g_malloc (len * 3);
  q = out;
  for (gsize i = 0; i < len; i++)
    {
      *q++ = hex_digits[data[i] >> 4];
      *q++ = hex_digits[data[i] & 0xf];
      *q++ = ' ';
    }
  q[-1] = '\0';

  return out;
}
