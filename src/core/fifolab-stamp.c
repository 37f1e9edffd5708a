/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-find.h"
#include "fifolab-stamp.h"

G_DEFINE_QUARK (fifolab-stamp-error-quark, fifolab_stamp_error)

/* Characters printf would read as flags, width, precision or length: they are
 * shown as part of the placeholder an error names ("%99999d", "%-5s"). */
#define PRINTF_MODIFIERS "0123456789.#' +-*hlLqjzt$"
/* A placeholder is named with at most this many characters after the %. */
#define MAX_NAMED_CHARS 12

/* The placeholder starting at @p (a '%'), as text safe to show in a message:
 * control bytes and invalid UTF-8 appear as \xNN, characters that draw
 * nothing as the log shows them (\u202E). */
static char *
describe_placeholder (const char *p)
{
  GString *name = g_string_new ("%");
  const char *q = p + 1;
  guint n_chars = 0;

  while (*q != '\0' && strchr (PRINTF_MODIFIERS, *q) != NULL && n_chars < MAX_NAMED_CHARS)
    {
      g_string_append_c (name, *q++);
      n_chars++;
    }

  if (n_chars == MAX_NAMED_CHARS && *q != '\0')
    {
      g_string_append (name, "…");
    }
  else if (*q != '\0')
    {
      /* The conversion character: one whole character, or one escaped byte.
       * Past ASCII, fifolab_escape_for_display() decides what draws nothing,
       * so that a private-use or unassigned one is not an empty box here
       * and a bidi override is named whole, not by its first byte. */
      gunichar c = g_utf8_get_char_validated (q, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2 || (c < 0x80 && !g_ascii_isprint (*q)))
        g_string_append_printf (name, "\\x%02x", (guint) (guchar) *q);
      else if (c < 0x80)
        g_string_append_c (name, *q);
      else
        {
          g_autofree char *shown = fifolab_escape_for_display ((const guint8 *) q,
                                                               g_utf8_next_char (q) - q, 0);

          g_string_append (name, shown);
        }
    }

  return g_string_free (name, FALSE);
}

/**
 * fifolab_stamp_expand:
 * @template_: the message template, e.g. "Hello from pid [%d]"
 * @pid: the process ID to put in place of %d
 * @error: return location for a #GError in %FIFOLAB_STAMP_ERROR
 *
 * Expands "%d" to @pid in decimal and "%%" to "%". Every other byte is copied
 * as is. The template is scanned by hand and never given to printf, so "%s"
 * or "%n" in it is a clear error rather than a crash. The result is at most
 * %FIFOLAB_STAMP_MAX_SIZE bytes.
 *
 * Returns: (transfer full): the exact bytes of the message, or %NULL with
 *   @error set
 */
GBytes *
fifolab_stamp_expand (const char  *template_,
                      gint64       pid,
                      GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  char pid_str[32];
  gsize pid_len;
  const char *p;

  g_return_val_if_fail (template_ != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pid_len = g_snprintf (pid_str, sizeof pid_str, "%" G_GINT64_FORMAT, pid);
  out = g_byte_array_sized_new (MIN (strlen (template_) + 16, FIFOLAB_STAMP_MAX_SIZE));

  p = template_;
  for (;;)
    {
      const char *percent = strchr (p, '%');
      const char *insert;
      gsize insert_len;

      if (percent == NULL)
        percent = p + strlen (p);

      /* Literal bytes up to the % (or the end), copied as they are. */
      if ((gsize) (percent - p) > FIFOLAB_STAMP_MAX_SIZE - out->len)
        goto too_long;
      g_byte_array_append (out, (const guint8 *) p, percent - p);

      if (*percent == '\0')
        break;

      switch (percent[1])
        {
        case 'd':
          insert = pid_str;
          insert_len = pid_len;
          break;

        case '%':
          insert = "%";
          insert_len = 1;
          break;

        case '\0':
          g_set_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_TRAILING_PERCENT,
                       _("The message template ends with a lone “%%”: use %%d for the process ID and %%%% for a percent sign"));
          return NULL;

        default:
          {
            g_autofree char *name = describe_placeholder (percent);

            g_set_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER,
                         _("Unknown placeholder “%s” in the message template: use %%d for the process ID and %%%% for a percent sign"),
                         name);
            return NULL;
          }
        }

      if (insert_len > FIFOLAB_STAMP_MAX_SIZE - out->len)
        goto too_long;
      g_byte_array_append (out, (const guint8 *) insert, insert_len);

      p = percent + 2;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));

too_long:
  g_set_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_TOO_LONG,
               _("The message would be longer than %u MiB"),
               (guint) (FIFOLAB_STAMP_MAX_SIZE / (1024 * 1024)));
  return NULL;
}

static inline gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

/* Whether the bytes from @data to @end end with the word "Hello" (at
 * @data, or after a byte that is not a letter). */
static gboolean
ends_with_hello (const guint8 *data,
                 const guint8 *end)
{
  static const char hello[] = "Hello";
  const gsize hello_len = sizeof hello - 1;
  const guint8 *word;

  if ((gsize) (end - data) < hello_len)
    return FALSE;
  word = end - hello_len;
  return memcmp (word, hello, hello_len) == 0 && (word == data || !g_ascii_isalpha (word[-1]));
}

/* Parses @n_digits decimal digits; -1 when more than 10 or above G_MAXINT32. */
static gint64
parse_digits (const guint8 *digits,
              gsize         n_digits)
{
  gint64 value = 0;

  if (n_digits == 0 || n_digits > 10)
    return -1;

  for (gsize i = 0; i < n_digits; i++)
    value = value * 10 + (digits[i] - '0');

  return value <= G_MAXINT32 ? value : -1;
}

/**
 * fifolab_stamp_parse_claimed_pid:
 * @data: (array length=len): a received message (any bytes)
 * @len: its length
 *
 * The pid a message claims: the number in "pid [N]", else the number that
 * ends "Hello N" (the seed's writer), ignoring trailing NUL bytes, newlines
 * and blanks. This is only what the sender wrote, not a proof.
 *
 * Returns: the claimed pid, or -1 when the message claims none (or a number
 *   that cannot be a pid)
 */
gint64
fifolab_stamp_parse_claimed_pid (const guint8 *data,
                                 gsize         len)
{
  static const char marker[] = "pid [";
  const gsize marker_len = sizeof marker - 1;
  const guint8 *p;
  const guint8 *end;
  const guint8 *digits;

  g_return_val_if_fail (data != NULL || len == 0, -1);

  if (len == 0)
    return -1;

  end = data + len;

  /* "pid [N]", the first well-formed one. */
  p = data;
  while ((gsize) (end - p) >= marker_len &&
         (p = fifolab_find_bytes (p, end - p, (const guint8 *) marker, marker_len)) != NULL)
    {
      const guint8 *q;

      digits = p + marker_len;
      for (q = digits; q < end && is_digit (*q); q++)
        ;

      if (q < end && *q == ']' && q > digits)
        {
          gint64 pid = parse_digits (digits, q - digits);

          if (pid >= 0)
            return pid;
        }

      p += 1;
    }

  /* "Hello N": a trailing number after "Hello" and blanks. Any trailing
   * number ("temperature 23", "msg 4") was taken for a claim, and a held
   * writer's messages were then marked contradicted. */
  while (end > data && (end[-1] == '\0' || end[-1] == '\n' || end[-1] == '\r' ||
                        end[-1] == ' ' || end[-1] == '\t'))
    end--;

  for (digits = end; digits > data && is_digit (digits[-1]); digits--)
    ;

  if (digits == end)
    return -1;
  for (p = digits; p > data && (p[-1] == ' ' || p[-1] == '\t'); p--)
    ;
  if (p == digits || !ends_with_hello (data, p))
    return -1;

  return parse_digits (digits, end - digits);
}
