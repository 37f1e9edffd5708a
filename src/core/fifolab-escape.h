/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text to show for arbitrary bytes, literal and safe: printable UTF-8 as is;
 * \n \r \t \\ and other control bytes escaped (\x01), invalid UTF-8 bytes as \xNN,
 * bidi overrides and other invisible format characters as \u202E. Never markup.
 * At most @max_chars characters of output (0 = no limit), with "…" appended when cut. */
char    *fifolab_escape_for_display (const guint8 *data,
                                     gsize         len,
                                     gsize         max_chars);
/* "48 65 6c 6c 6f  |Hello|" style dump, 16 bytes per line. */
char    *fifolab_escape_hex_dump    (const guint8 *data,
                                     gsize         len);
/* One line of that dump: @len (at most 16) bytes at @offset, no newline. */
char    *fifolab_escape_hex_dump_line (const guint8 *data,
                                       gsize         len,
                                       gsize         offset);
/* The length in bytes of the first row of text of @data, for a view that
 * shows rows: up to a newline included, escaped at most @max_chars (at least
 * 8) characters, never cutting a character or an escape. The rows escaped,
 * joined, are the whole escaped. */
gsize    fifolab_escape_text_row_length (const guint8 *data,
                                         gsize         len,
                                         gsize         max_chars);
/* "48 65 6c" on one line. */
char    *fifolab_escape_hex         (const guint8 *data,
                                     gsize         len);

G_END_DECLS
