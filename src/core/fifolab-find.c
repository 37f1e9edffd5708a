/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-find.h"

/* How common a byte looks in text: letters and spaces most, then digits and
 * capitals, then the rest (punctuation, control and non-ASCII bytes). */
static int
commonness (guint8 byte)
{
  if ((byte >= 'a' && byte <= 'z') || byte == ' ')
    return 2;
  if ((byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z'))
    return 1;
  return 0;
}

/* The index of the needle's byte to skip to: the least common-looking, the
 * last of equals (the end of a marker is usually its most telling part). */
static gsize
key_index (const guint8 *needle,
           gsize         needle_len)
{
  gsize key = needle_len - 1;

  for (gsize i = needle_len; i-- > 0;)
    if (commonness (needle[i]) < commonness (needle[key]))
      key = i;
  return key;
}

const guint8 *
fifolab_find_bytes (const guint8 *haystack,
                    gsize         haystack_len,
                    const guint8 *needle,
                    gsize         needle_len)
{
  const guint8 *p, *last;
  gsize key, misses = 0;

  g_return_val_if_fail (haystack != NULL || haystack_len == 0, NULL);
  g_return_val_if_fail (needle != NULL || needle_len == 0, NULL);

  if (needle_len == 0)
    return haystack;
  if (needle_len > haystack_len)
    return NULL;

  key = key_index (needle, needle_len);
  /* Where the key byte can be: from key into the haystack to key into the
   * last place the needle fits. */
  p = haystack + key;
  last = haystack + (haystack_len - needle_len) + key;
  while (p <= last)
    {
      p = memchr (p, needle[key], (gsize) (last - p) + 1);
      if (p == NULL)
        return NULL;
      if (memcmp (p - key, needle, needle_len) == 0)
        return p - key;
      /* The key byte is common here after all: memmem() for the rest, whose
       * time does not depend on the bytes. */
      if (++misses > 64 && misses > (gsize) (p - haystack) / 16)
        return memmem (p - key + 1, haystack_len - (gsize) (p - key + 1 - haystack), needle, needle_len);
      p++;
    }
  return NULL;
}

/* Whether @len bytes at @a and @b are equal, ASCII letters in any case. */
static gboolean
equal_caseless (const char *a,
                const char *b,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (a[i] != b[i] && g_ascii_tolower (a[i]) != g_ascii_tolower (b[i]))
      return FALSE;
  return TRUE;
}

/* A lowercase copy of @haystack searched for a lowercase copy of @needle:
 * memmem()'s time, whatever the bytes, for twice the memory. */
static const char *
find_lowercase_copy (const char *haystack,
                     gsize       haystack_len,
                     const char *needle,
                     gsize       needle_len)
{
  /* Freed by hand: scan-build takes a g_autofree buffer filled in a loop
   * for a leak. */
  char *hay = g_malloc (haystack_len);
  char *nee = g_malloc (needle_len);
  const char *found;
  const char *at;

  for (gsize i = 0; i < haystack_len; i++)
    hay[i] = g_ascii_tolower (haystack[i]);
  for (gsize i = 0; i < needle_len; i++)
    nee[i] = g_ascii_tolower (needle[i]);
  found = memmem (hay, haystack_len, nee, needle_len);
  at = found != NULL ? haystack + (found - hay) : NULL;
  g_free (nee);
  g_free (hay);
  return at;
}

/* The next place in [@p, @last] of either of @a and @b, or NULL; *@next_a
 * and *@next_b remember where each is next (@last + 1 for none; NULL before
 * the first look), so that each memchr() reads the bytes once. */
static const char *
next_of_two (const char  *p,
             const char  *last,
             char         a,
             char         b,
             const char **next_a,
             const char **next_b)
{
  if (*next_a == NULL || *next_a < p)
    {
      *next_a = memchr (p, a, (gsize) (last - p) + 1);
      if (*next_a == NULL)
        *next_a = last + 1;
    }
  if (a != b && (*next_b == NULL || *next_b < p))
    {
      *next_b = memchr (p, b, (gsize) (last - p) + 1);
      if (*next_b == NULL)
        *next_b = last + 1;
    }
  p = a != b ? MIN (*next_a, *next_b) : *next_a;
  return p <= last ? p : NULL;
}

const char *
fifolab_find_ascii_caseless (const char *haystack,
                             gsize       haystack_len,
                             const char *needle,
                             gsize       needle_len)
{
  const char *p, *last, *next_lower, *next_upper;
  gsize key, misses = 0;
  char lower, upper;

  g_return_val_if_fail (haystack != NULL || haystack_len == 0, NULL);
  g_return_val_if_fail (needle != NULL || needle_len == 0, NULL);

  if (needle_len == 0)
    return haystack;
  if (needle_len > haystack_len)
    return NULL;

  /* Capitals count as letters here: either case is looked for. */
  key = needle_len - 1;
  for (gsize i = needle_len; i-- > 0;)
    if (commonness ((guint8) g_ascii_tolower (needle[i])) < commonness ((guint8) g_ascii_tolower (needle[key])))
      key = i;
  lower = g_ascii_tolower (needle[key]);
  upper = g_ascii_toupper (needle[key]);

  p = haystack + key;
  last = haystack + (haystack_len - needle_len) + key;
  next_lower = next_upper = NULL;
  while ((p = next_of_two (p, last, lower, upper, &next_lower, &next_upper)) != NULL)
    {
      if (equal_caseless (p - key, needle, needle_len))
        return p - key;
      /* The key byte is common here after all. */
      if (++misses > 64 && misses > (gsize) (p - haystack) / 16)
        return find_lowercase_copy (p - key + 1, haystack_len - (gsize) (p - key + 1 - haystack),
                                    needle, needle_len);
      p++;
    }
  return NULL;
}
