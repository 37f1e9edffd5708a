/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first occurrence of @needle in @haystack, or NULL; an empty needle is
 * found at the start. What memmem() does, for the short markers the claim and
 * shape checks look for in messages of up to 64 KiB and more: it skips with
 * memchr() to the needle's least common-looking byte ('[' in "pid ["), which
 * in ordinary text passes most of the message at memchr's speed. A haystack
 * full of that byte falls back to memmem(), so no input makes it slow. */
const guint8 *fifolab_find_bytes (const guint8 *haystack,
                                  gsize         haystack_len,
                                  const guint8 *needle,
                                  gsize         needle_len);
/* The same with ASCII letters in any case (what strcasestr() finds, without
 * needing a NUL at the end of @haystack): the log's search in a message's
 * text. It skips with memchr() to a needle's byte that is not a letter, or to
 * either case of a letter, and falls back to memmem() on a lowercase copy
 * where that byte is common, so no input makes it slow. */
const char   *fifolab_find_ascii_caseless (const char *haystack,
                                           gsize       haystack_len,
                                           const char *needle,
                                           gsize       needle_len);

G_END_DECLS
