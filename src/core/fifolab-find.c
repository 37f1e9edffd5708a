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
