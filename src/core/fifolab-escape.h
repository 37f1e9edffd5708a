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
/* Whether fifolab_escape_for_display (@data, @len, 0) is the bytes
 * themselves (printable UTF-8 without a backslash: most messages), which can
 * then be read as their text without making it. */
gboolean fifolab_escape_is_literal  (const guint8 *data,
                                     gsize         len);
/* The length of @shown (@len bytes of fifolab_escape_for_display()'s text)
 * without the "\n" that ends it, if it ends with that escape of a line's
 * end (an odd number of backslashes before its "n": "\\n" is an escaped
 * backslash, then an "n"): what a screen reader says, "backslash n" being
 * noise after the words. */
gsize    fifolab_escape_said_length (const char   *shown,
                                     gsize         len);
/* The most characters fifolab_escape_name() shows by default. */
#define FIFOLAB_ESCAPE_NAME_MAX_CHARS 200

/* Text to show for a name (file name, path, process command): escaped as
 * above, at most three combining marks on a character, other spaces than
 * U+0020 escaped, and at most @max_chars characters (0 = the default), cut in
 * the middle with "…" so that the start and the end stay visible. */
char    *fifolab_escape_name        (const char   *name,
                                     gsize         max_chars);
/* @message as it is when it is safe to show (valid UTF-8, no control but
 * newlines, no invisible format character, at most three combining marks in
 * a row, at most @max_chars characters; 0 = no limit), else escaped as a name. */
char    *fifolab_escape_message     (const char   *message,
                                     gsize         max_chars);
/* "48 65 6c 6c 6f  |Hello|" style dump, 16 bytes per line. */
char    *fifolab_escape_hex_dump    (const guint8 *data,
                                     gsize         len);
/* One line of that dump: @len (at most @row_bytes) bytes at @offset, no
 * newline; @row_bytes is 16, or 8 or 4 for a line that fits a narrow view. */
char    *fifolab_escape_hex_dump_line (const guint8 *data,
                                       gsize         len,
                                       gsize         offset,
                                       gsize         row_bytes);
/* How many characters a whole such line of @row_bytes is (an 8-digit offset). */
gsize    fifolab_escape_hex_dump_line_chars (gsize    row_bytes);
/* The length in bytes of the first row of text of @data, for a view that
 * shows rows: up to a newline included, escaped at most @max_chars (at least
 * 10) characters, never cutting a character or an escape. The rows escaped,
 * joined, are the whole escaped. */
gsize    fifolab_escape_text_row_length (const guint8 *data,
                                         gsize         len,
                                         gsize         max_chars);
/* "48 65 6c" on one line. */
char    *fifolab_escape_hex         (const guint8 *data,
                                     gsize         len);
/* A path as a person reads it, escaped as a name: "~" for the home folder,
 * "~/lab/my_pipe" for a path inside it, else the whole path. */
char    *fifolab_escape_home_path   (const char   *path,
                                     gsize         max_chars);
/* The last component of @path ("my_pipe" for "/tmp/lab/my_pipe"), escaped
 * as a name; a path without a slash or ending in one is shown whole. */
char    *fifolab_escape_basename    (const char   *path,
                                     gsize         max_chars);

G_END_DECLS
