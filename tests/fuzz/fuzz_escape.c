/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the display escaper and the hex functions.
 *
 * Input layout: [0..1] max_chars (0 when bit 7 of [0] is set, else 1..200),
 * the rest is the message. Checks on fifolab_escape_for_display():
 *  - the output is valid UTF-8 with no C0/C1 control, DEL, format (bidi
 *    overrides, zero-width...), line/paragraph separator, unassigned,
 *    noncharacter or private-use characters;
 *  - it has at most max_chars characters;
 *  - it equals a reference built here from the documented rules, cut at the
 *    last whole escape that leaves room for "…";
 *  - unescaping it gives back the message (a prefix of it when cut).
 * And fifolab_escape_hex() / fifolab_escape_hex_dump() equal references. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "fifolab-escape.h"

#define CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("fuzz_escape: check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

#define ELLIPSIS "…"

/* Characters that must never appear as such in the display text. */
static gboolean
forbidden (gunichar c)
{
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
    return TRUE;
  /* Bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width. */
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
      (c >= 0x200b && c <= 0x200f) || c == 0x061c || c == 0xfeff)
    return TRUE;
  /* The Hangul fillers: letters by their category, drawn as nothing. */
  if (c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0)
    return TRUE;
  /* No font draws these as text. The noncharacters: U+FDD0..U+FDEF and the
   * last two code points of every plane. */
  if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe)
    return TRUE;
  /* Private use: U+E000..U+F8FF, and all of planes 15 and 16. */
  if ((c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000)
    return TRUE;
  /* And code points no character is assigned to, as Unicode's data says. */
  switch (g_unichar_type (c))
    {
    case G_UNICODE_UNASSIGNED:
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

/* The display text as a list of units (one per escape or shown character),
 * from the documented rules. */
static GPtrArray *
reference_units (const guint8 *d,
                 gsize         len)
{
  GPtrArray *units = g_ptr_array_new_with_free_func (g_free);
  gsize i = 0;

  while (i < len)
    {
      guint8 b = d[i];

      if (b < 0x80)
        {
          if (b == '\n')
            g_ptr_array_add (units, g_strdup ("\\n"));
          else if (b == '\r')
            g_ptr_array_add (units, g_strdup ("\\r"));
          else if (b == '\t')
            g_ptr_array_add (units, g_strdup ("\\t"));
          else if (b == '\\')
            g_ptr_array_add (units, g_strdup ("\\\\"));
          else if (b < 0x20 || b == 0x7f)
            g_ptr_array_add (units, g_strdup_printf ("\\x%02x", b));
          else
            g_ptr_array_add (units, g_strndup ((const char *) &d[i], 1));
          i++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated ((const char *) d + i, len - i);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              g_ptr_array_add (units, g_strdup_printf ("\\x%02x", b));
              i++;
            }
          else
            {
              gsize n = g_unichar_to_utf8 (c, NULL);

              if (forbidden (c) && c > 0xffff)
                g_ptr_array_add (units, g_strdup_printf ("\\U%08X", c));
              else if (forbidden (c))
                g_ptr_array_add (units, g_strdup_printf ("\\u%04X", c));
              else
                g_ptr_array_add (units, g_strndup ((const char *) d + i, n));
              i += n;
            }
        }
    }

  return units;
}

static char *
reference_display (const guint8 *d,
                   gsize         len,
                   gsize         max_chars)
{
  g_autoptr(GPtrArray) units = reference_units (d, len);
  GString *out = g_string_new (NULL);
  gsize total = 0;
  gsize n_chars = 0;

  for (guint i = 0; i < units->len; i++)
    total += g_utf8_strlen (units->pdata[i], -1);

  if (max_chars == 0 || total <= max_chars)
    {
      for (guint i = 0; i < units->len; i++)
        g_string_append (out, units->pdata[i]);
      return g_string_free (out, FALSE);
    }

  for (guint i = 0; i < units->len; i++)
    {
      gsize n = g_utf8_strlen (units->pdata[i], -1);

      if (n_chars + n > max_chars - 1)
        break;
      g_string_append (out, units->pdata[i]);
      n_chars += n;
    }
  g_string_append (out, ELLIPSIS);

  return g_string_free (out, FALSE);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Undoes the escaping of @text[0..len); aborts on anything not an escape. */
static GByteArray *
unescape (const char *text,
          gsize       len)
{
  GByteArray *out = g_byte_array_new ();
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      if (*p != '\\')
        {
          const char *next = g_utf8_next_char (p);

          g_byte_array_append (out, (const guint8 *) p, next - p);
          p = next;
          continue;
        }

      CHECK (p + 1 < end);
      switch (p[1])
        {
        case 'n':
          g_byte_array_append (out, (const guint8 *) "\n", 1);
          p += 2;
          break;
        case 'r':
          g_byte_array_append (out, (const guint8 *) "\r", 1);
          p += 2;
          break;
        case 't':
          g_byte_array_append (out, (const guint8 *) "\t", 1);
          p += 2;
          break;
        case '\\':
          g_byte_array_append (out, (const guint8 *) "\\", 1);
          p += 2;
          break;
        case 'x':
          {
            guint8 b;

            CHECK (p + 4 <= end && hex_value (p[2]) >= 0 && hex_value (p[3]) >= 0);
            CHECK (p[2] == g_ascii_tolower (p[2]) && p[3] == g_ascii_tolower (p[3]));
            b = (guint8) (hex_value (p[2]) * 16 + hex_value (p[3]));
            g_byte_array_append (out, &b, 1);
            p += 4;
          }
          break;
        case 'u':
        case 'U':
          {
            /* Exactly four upper-case hex digits after "\u", eight after
             * "\U" (beyond U+FFFF only): the digits after them are text. */
            guint digits = p[1] == 'u' ? 4 : 8;
            gunichar c = 0;
            char utf8[6];
            gsize ulen;

            CHECK ((gsize) (end - p) >= 2 + digits);
            for (guint n = 0; n < digits; n++)
              {
                CHECK (hex_value (p[2 + n]) >= 0 && !g_ascii_islower (p[2 + n]));
                c = c * 16 + hex_value (p[2 + n]);
              }
            CHECK ((p[1] == 'U') == (c > 0xffff));
            CHECK (forbidden (c) && g_unichar_validate (c));
            ulen = g_unichar_to_utf8 (c, utf8);
            g_byte_array_append (out, (const guint8 *) utf8, ulen);
            p += 2 + digits;
          }
          break;
        default:
          CHECK (!"unknown escape");
        }
    }

  return out;
}

static void
check_display (const guint8 *d,
               gsize         len,
               gsize         max_chars)
{
  g_autofree char *out = fifolab_escape_for_display (d, len, max_chars);
  g_autofree char *want = reference_display (d, len, max_chars);
  g_autoptr(GByteArray) back = NULL;
  gsize out_len;
  gboolean cut;

  CHECK (out != NULL);
  out_len = strlen (out);
  CHECK (g_utf8_validate (out, -1, NULL));
  for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
    CHECK (!forbidden (g_utf8_get_char (p)));
  if (max_chars > 0)
    CHECK ((gsize) g_utf8_strlen (out, -1) <= max_chars);

  CHECK (strcmp (out, want) == 0);

  /* Unescaping gives the message back, or a prefix of it when cut. */
  back = unescape (out, out_len);
  if (back->len == len && (len == 0 || memcmp (back->data, d, len) == 0))
    return;

  cut = out_len >= strlen (ELLIPSIS) &&
        strcmp (out + out_len - strlen (ELLIPSIS), ELLIPSIS) == 0;
  CHECK (cut && max_chars > 0);
  g_byte_array_unref (back);
  back = unescape (out, out_len - strlen (ELLIPSIS));
  CHECK (back->len < len);
  CHECK (back->len == 0 || memcmp (back->data, d, back->len) == 0);
}

static void
check_hex (const guint8 *d,
           gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  g_autofree char *hex = fifolab_escape_hex (d, len);
  g_autofree char *dump = fifolab_escape_hex_dump (d, len);
  GString *want = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0)
        g_string_append_c (want, ' ');
      g_string_append_c (want, digits[d[i] >> 4]);
      g_string_append_c (want, digits[d[i] & 15]);
    }
  CHECK (strcmp (hex, want->str) == 0);

  /* "00000010  48 65 6c 6c 6f 20 66 72  6f 6d 20 70 69 64 20 5b  |Hello from pid [|" */
  g_string_truncate (want, 0);
  for (gsize line = 0; line < len; line += 16)
    {
      if (line > 0)
        g_string_append_c (want, '\n');
      for (int shift = 28; shift >= 0; shift -= 4)
        g_string_append_c (want, digits[(line >> shift) & 15]);
      g_string_append_c (want, ' ');
      for (gsize i = 0; i < 16; i++)
        {
          if (i == 8)
            g_string_append_c (want, ' ');
          if (line + i < len)
            {
              g_string_append_c (want, ' ');
              g_string_append_c (want, digits[d[line + i] >> 4]);
              g_string_append_c (want, digits[d[line + i] & 15]);
            }
          else
            {
              g_string_append (want, "   ");
            }
        }
      g_string_append (want, "  |");
      for (gsize i = line; i < len && i < line + 16; i++)
        g_string_append_c (want, d[i] >= 0x20 && d[i] < 0x7f ? (char) d[i] : '.');
      g_string_append_c (want, '|');
    }
  CHECK (strcmp (dump, want->str) == 0);
  CHECK (g_utf8_validate (dump, -1, NULL));

  g_string_free (want, TRUE);
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  gsize max_chars = 0;
  const guint8 *msg = data;
  gsize len = size;
  guint8 *copy;

  if (size >= 2)
    {
      max_chars = (data[0] & 0x80) ? 0 : 1 + ((((gsize) data[0] << 8) | data[1]) % 200);
      msg = data + 2;
      len = size - 2;
    }

  /* An exact-size copy: ASan sees a read past the message. NULL when empty. */
  copy = len > 0 ? g_memdup2 (msg, len) : NULL;

  check_display (copy, len, max_chars);
  if (max_chars != 0)
    check_display (copy, len, 0);
  check_hex (copy, len);

  g_free (copy);
  return 0;
}
