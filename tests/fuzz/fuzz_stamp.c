/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for fifolab_stamp_expand().
 *
 * Input layout: [0] picks the pid (an edge value, or the next 8 bytes as a
 * big-endian gint64 when bit 7 is set); the rest, up to the first NUL, is the
 * template. The result is compared with a reference expander written here:
 * "%d" -> the pid in decimal, "%%" -> "%", a lone "%" at the end and any other
 * "%x" are errors of their own kind; the error messages are valid UTF-8 without
 * control characters and name the placeholder. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "fifolab-stamp.h"

#define CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("fuzz_stamp: check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

static const gint64 edge_pids[] = {
  0, 1, -1, 12345, 4194304, G_MAXINT32, G_MININT32, G_MAXINT64, G_MININT64,
};

/* The decimal text of @v, built by hand (no printf). */
static gsize
format_decimal (gint64  v,
                char   *buf)
{
  char tmp[32];
  gsize n = 0;
  gsize len = 0;
  guint64 u = v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;

  do
    {
      tmp[n++] = '0' + (char) (u % 10);
      u /= 10;
    }
  while (u != 0);

  if (v < 0)
    buf[len++] = '-';
  while (n > 0)
    buf[len++] = tmp[--n];
  buf[len] = '\0';

  return len;
}

/* Returns -1 on success (with @out filled) or the expected error code. */
static int
reference_expand (const char *t,
                  gint64      pid,
                  GByteArray *out)
{
  char pid_str[32];
  gsize pid_len = format_decimal (pid, pid_str);

  for (gsize i = 0; t[i] != '\0'; i++)
    {
      if (t[i] != '%')
        {
          g_byte_array_append (out, (const guint8 *) &t[i], 1);
        }
      else if (t[i + 1] == 'd')
        {
          g_byte_array_append (out, (const guint8 *) pid_str, pid_len);
          i++;
        }
      else if (t[i + 1] == '%')
        {
          g_byte_array_append (out, (const guint8 *) "%", 1);
          i++;
        }
      else if (t[i + 1] == '\0')
        {
          return FIFOLAB_STAMP_ERROR_TRAILING_PERCENT;
        }
      else
        {
          return FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER;
        }

      if (out->len > FIFOLAB_STAMP_MAX_SIZE)
        return FIFOLAB_STAMP_ERROR_TOO_LONG;
    }

  return -1;
}

/* The first bad placeholder in @t, as the error should start naming it: "%"
 * and its first byte when that byte is printable ASCII. */
static const char *
first_bad_placeholder (const char *t)
{
  for (const char *p = t; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;
      if (p[1] == 'd' || p[1] == '%')
        {
          p++;
          continue;
        }
      return p;
    }
  return NULL;
}

static void
check_message (const char *msg)
{
  const char *p;

  CHECK (msg != NULL && *msg != '\0');
  CHECK (g_utf8_validate (msg, -1, NULL));
  for (p = msg; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      CHECK (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f));
    }
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
  g_autofree char *template_ = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) want = g_byte_array_new ();
  gint64 pid;
  gsize skip;
  int want_error;

  if (size == 0)
    return 0;

  if ((data[0] & 0x80) && size >= 9)
    {
      guint64 u = 0;

      for (int i = 1; i <= 8; i++)
        u = (u << 8) | data[i];
      pid = (gint64) u;
      skip = 9;
    }
  else
    {
      pid = edge_pids[(data[0] & 0x7f) % G_N_ELEMENTS (edge_pids)];
      skip = 1;
    }

  /* An exact-size copy, NUL-terminated, so ASan sees any read past the end. */
  template_ = g_strndup ((const char *) data + skip, size - skip);

  result = fifolab_stamp_expand (template_, pid, &error);
  want_error = reference_expand (template_, pid, want);

  if (want_error < 0)
    {
      gsize len;
      const guint8 *bytes;

      CHECK (result != NULL && error == NULL);
      bytes = g_bytes_get_data (result, &len);
      CHECK (len == want->len);
      CHECK (len == 0 || memcmp (bytes, want->data, len) == 0);
      return 0;
    }

  CHECK (result == NULL);
  CHECK (error != NULL && error->domain == FIFOLAB_STAMP_ERROR);
  CHECK (error->code == want_error);
  check_message (error->message);

  if (want_error == FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER)
    {
      const char *bad = first_bad_placeholder (template_);
      char named[3] = { '%', bad[1], '\0' };

      /* The message names the placeholder (at least its first byte when it
       * is printable ASCII and not an escape's backslash). */
      if ((guint8) bad[1] > 0x20 && (guint8) bad[1] < 0x7f && bad[1] != '\\')
        CHECK (strstr (error->message, named) != NULL);
    }

  return 0;
}
