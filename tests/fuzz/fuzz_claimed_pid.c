/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for fifolab_stamp_parse_claimed_pid().
 *
 * The whole input is the message. Checks: no crash or read past the message
 * (the message is an exact-size heap copy), the result is -1 or within
 * 0..G_MAXINT32, its decimal digits appear in the input, and it equals what a
 * plain reference parser written here finds: the first "pid [N]" with 1-10
 * digits and N <= G_MAXINT32, else a trailing number after the word "Hello"
 * and blanks (ignoring trailing NUL, CR, LF, space and tab). */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "fifolab-stamp.h"

#define CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("fuzz_claimed_pid: check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

static gboolean
digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

/* 1..10 digits at d[0..n) worth at most G_MAXINT32, else -1. */
static gint64
value_of (const guint8 *d,
          gsize         n)
{
  gint64 v = 0;

  if (n < 1 || n > 10)
    return -1;
  for (gsize i = 0; i < n; i++)
    v = v * 10 + (d[i] - '0');
  return v <= G_MAXINT32 ? v : -1;
}

static gint64
reference_parse (const guint8 *d,
                 gsize         len)
{
  gsize end;
  gsize start;
  gsize word;

  for (gsize i = 0; i + 5 <= len; i++)
    {
      gsize j;

      if (memcmp (d + i, "pid [", 5) != 0)
        continue;
      for (j = i + 5; j < len && digit (d[j]); j++)
        ;
      if (j < len && d[j] == ']')
        {
          gint64 v = value_of (d + i + 5, j - (i + 5));

          if (v >= 0)
            return v;
        }
    }

  end = len;
  while (end > 0 && strchr (" \t\r\n", d[end - 1]) != NULL)  /* strchr finds '\0' too */
    end--;
  start = end;
  while (start > 0 && digit (d[start - 1]))
    start--;
  if (start == end)
    return -1;
  word = start;
  while (word > 0 && (d[word - 1] == ' ' || d[word - 1] == '\t'))
    word--;
  if (word == start || word < 5 || memcmp (d + word - 5, "Hello", 5) != 0 ||
      (word > 5 && g_ascii_isalpha (d[word - 6])))
    return -1;

  return value_of (d + start, end - start);
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
  gint64 pid = fifolab_stamp_parse_claimed_pid (size > 0 ? data : NULL, size);

  CHECK (pid == -1 || (pid >= 0 && pid <= G_MAXINT32));

  if (pid >= 0)
    {
      char digits[16];

      g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, pid);
      CHECK (memmem (data, size, digits, strlen (digits)) != NULL);
    }

  CHECK (pid == reference_parse (data, size));

  return 0;
}
