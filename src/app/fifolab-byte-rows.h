/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_BYTE_ROWS (fifolab_byte_rows_get_type ())

G_DECLARE_FINAL_TYPE (FifolabByteRows, fifolab_byte_rows, FIFOLAB, BYTE_ROWS, GObject)

/* The most characters in one row of text, as wide as a row of the hex dump
 * (78): a row fits on one line, and no label of a row holds a message. */
#define FIFOLAB_BYTE_ROWS_TEXT_MAX_CHARS 80

/* A message's bytes as a GListModel of GtkStringObject rows, each made only
 * when a view asks for it, for a GtkListView that shows any size at once.
 * Hex rows are the lines of fifolab_escape_hex_dump(), 16 bytes each, or
 * lines of its form of 8 or 4 bytes (fifolab_escape_hex_dump_line()), for a
 * view too narrow for 16. Text
 * rows end after each newline byte or at FIFOLAB_BYTE_ROWS_TEXT_MAX_CHARS
 * characters, each escaped with fifolab_escape_for_display(): joined, they
 * read as the whole message escaped. */
FifolabByteRows *fifolab_byte_rows_new_hex  (GBytes *bytes,
                                             gssize  tear,
                                             guint   row_bytes);
FifolabByteRows *fifolab_byte_rows_new_text (GBytes *bytes,
                                             gssize  tear);
guint            fifolab_byte_rows_get_row_bytes (FifolabByteRows *self);

/* Whose bytes a row holds. With a tear (an offset in 0 .. size - 1), no row
 * holds bytes from both sides of it, and one more row, the marker, stands
 * between them: hex rows count their bytes (16, 8 or 4) from 0 up to the
 * tear, then from the tear, each with its offset. */
typedef enum
{
  FIFOLAB_BYTE_ROW_WHOLE,   /* a message without a tear */
  FIFOLAB_BYTE_ROW_FIRST,   /* before the tear: the first writer's bytes */
  FIFOLAB_BYTE_ROW_MARK,    /* the marker: words, not bytes */
  FIFOLAB_BYTE_ROW_OTHER,   /* from the tear on */
} FifolabByteRowSide;

FifolabByteRowSide fifolab_byte_rows_get_side      (GtkStringObject *row);
gsize              fifolab_byte_rows_get_start     (GtkStringObject *row);
char              *fifolab_byte_rows_dup_tear_mark (gsize            tear);
char              *fifolab_byte_rows_dup_spoken    (GtkStringObject *row,
                                                    gboolean         hex);

G_END_DECLS
