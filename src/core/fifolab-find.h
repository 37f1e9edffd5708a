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

G_END_DECLS
