/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab.h"
#include "fifolab-byte-rows.h"

/* Text rows: where one row in so many starts is kept; a row is found from the
 * one kept before it (at most this many short steps). A message of newlines
 * has a row a byte: keeping them all would take eight times its size. */
#define TEXT_CHECKPOINT_ROWS 32

struct _FifolabByteRows
{
  GObject  parent_instance;

  GBytes  *bytes;
  /* Text rows: where rows 0, TEXT_CHECKPOINT_ROWS, 2 × TEXT_CHECKPOINT_ROWS...
   * start, found in one pass over the bytes when the model is made; NULL for
   * hex rows, which all hold row_bytes bytes. */
  GArray  *starts;
  /* Hex rows: the bytes of a whole row, 16, 8 or 4. */
  gsize    row_bytes;
  /* Rows of bytes, the marker row not counted. */
  guint    n_rows;
  /* Where another writer's bytes begin (-1: nowhere): no row holds bytes of
   * both sides, and a marker row stands between them, at row n_before. */
  gssize   tear;
  guint    n_before;
};

static GQuark side_quark;
static GQuark start_quark;

static void fifolab_byte_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabByteRows, fifolab_byte_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fifolab_byte_rows_list_model_init))

static GType
fifolab_byte_rows_get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
fifolab_byte_rows_get_n_items (GListModel *model)
{
  FifolabByteRows *self = FIFOLAB_BYTE_ROWS (model);

  return self->n_rows + (self->tear >= 0 ? 1 : 0);
}

/* Where the text row starting at @start ends: after a newline, at the most
 * characters of a row, and never past the tear. */
static gsize
text_row_end (FifolabByteRows *self,
              const guint8    *data,
              gsize            size,
              gsize            start)
{
  gsize limit = self->tear >= 0 && (gsize) self->tear > start ? (gsize) self->tear : size;

  return start + fifolab_escape_text_row_length (data + start, limit - start, FIFOLAB_BYTE_ROWS_TEXT_MAX_CHARS);
}

static GtkStringObject *
make_row (const char        *text,
          FifolabByteRowSide side,
          gsize              start)
{
  GtkStringObject *row = gtk_string_object_new (text);

  g_object_set_qdata (G_OBJECT (row), side_quark, GINT_TO_POINTER (side));
  g_object_set_qdata (G_OBJECT (row), start_quark, GSIZE_TO_POINTER (start));
  return row;
}

static gpointer
fifolab_byte_rows_get_item (GListModel *model,
                            guint       position)
{
  FifolabByteRows *self = FIFOLAB_BYTE_ROWS (model);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  g_autofree char *row = NULL;
  FifolabByteRowSide side = FIFOLAB_BYTE_ROW_WHOLE;
  guint index = position;
  gsize start;
  gsize end;

  if (position >= fifolab_byte_rows_get_n_items (model))
    return NULL;

  if (self->tear >= 0)
    {
      if (position == self->n_before)
        {
          row = fifolab_byte_rows_dup_tear_mark ((gsize) self->tear);
          return make_row (row, FIFOLAB_BYTE_ROW_MARK, (gsize) self->tear);
        }
      side = position < self->n_before ? FIFOLAB_BYTE_ROW_FIRST : FIFOLAB_BYTE_ROW_OTHER;
      if (position > self->n_before)
        index = position - 1;
    }

  if (self->starts == NULL)
    {
      /* Hex: rows of row_bytes from 0 up to the tear, then of row_bytes
       * from the tear, each with its own offset. */
      if (self->tear >= 0 && index >= self->n_before)
        {
          start = (gsize) self->tear + (gsize) (index - self->n_before) * self->row_bytes;
          end = MIN (start + self->row_bytes, size);
        }
      else
        {
          start = (gsize) index * self->row_bytes;
          end = MIN (start + self->row_bytes, self->tear >= 0 ? (gsize) self->tear : size);
        }
      row = fifolab_escape_hex_dump_line (data + start, end - start, start, self->row_bytes);
    }
  else
    {
      start = g_array_index (self->starts, gsize, index / TEXT_CHECKPOINT_ROWS);
      for (guint i = 0; i < index % TEXT_CHECKPOINT_ROWS; i++)
        start = text_row_end (self, data, size, start);
      end = text_row_end (self, data, size, start);
      row = fifolab_escape_for_display (data + start, end - start, 0);
    }

  return make_row (row, side, start);
}

static void
fifolab_byte_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fifolab_byte_rows_get_item_type;
  iface->get_n_items = fifolab_byte_rows_get_n_items;
  iface->get_item = fifolab_byte_rows_get_item;
}

static void
fifolab_byte_rows_finalize (GObject *object)
{
  FifolabByteRows *self = FIFOLAB_BYTE_ROWS (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->starts, g_array_unref);

  G_OBJECT_CLASS (fifolab_byte_rows_parent_class)->finalize (object);
}

static void
fifolab_byte_rows_class_init (FifolabByteRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fifolab_byte_rows_finalize;

  side_quark = g_quark_from_static_string ("fifolab-byte-row-side");
  start_quark = g_quark_from_static_string ("fifolab-byte-row-start");
}

static void
fifolab_byte_rows_init (FifolabByteRows *self)
{
  self->tear = -1;
}

/**
 * fifolab_byte_rows_dup_tear_mark:
 * @tear: where another writer's bytes begin
 *
 * Returns: (transfer full): the words of the row that marks the tear
 */
char *
fifolab_byte_rows_dup_tear_mark (gsize tear)
{
  /* Translators: the row shown where the bytes of a second writer begin in a
   * torn message; the first %zu is a byte count, the %08zx the same offset as
   * the hex view writes it. */
  return g_strdup_printf (_("▶ Another writer’s bytes from offset %zu (%08zx)"), tear, tear);
}

/* The words of a text row @text: without the "\n" that shows the line's
 * end (fifolab_escape_said_length()). */
static char *
dup_text_spoken (const char *text)
{
  gsize len = fifolab_escape_said_length (text, strlen (text));

  if (len == 0)
    /* Translators: what a screen reader says for a row of a message's text
     * that holds only the end of a line. */
    return g_strdup (_("Empty line"));
  return g_strndup (text, len);
}

/* The words of a hex row @text, fifolab_escape_hex_dump_line() of the bytes
 * at @start: its offset, its bytes, and the characters they show. */
static char *
dup_hex_spoken (const char *text,
                gsize       start)
{
  const char *bytes = strchr (text, ' ');
  const char *bar = bytes != NULL ? strstr (bytes, "  |") : NULL;
  g_autoptr(GString) said = NULL;
  g_autofree char *shown = NULL;
  gsize len;

  if (bar == NULL)
    return g_strdup (text);
  said = g_string_new (NULL);
  /* The bytes, one space between each (the line has two between its
   * halves, and pads a short last line). */
  for (const char *c = bytes; c < bar; c++)
    if (*c != ' ')
      {
        if (said->len > 0 && c[-1] == ' ')
          g_string_append_c (said, ' ');
        g_string_append_c (said, *c);
      }
  /* The characters between the bars, which may hold a bar. */
  len = strlen (bar + 3);
  shown = g_strndup (bar + 3, len > 0 && bar[3 + len - 1] == '|' ? len - 1 : len);
  /* Translators: what a screen reader says for a row of the hex view: the
   * offset of its first byte (in hexadecimal, as 0x%04zx writes it), its
   * bytes in hex, then the characters they show ('.' for a byte that is
   * not a printable ASCII character). */
  return g_strdup_printf (_("Offset 0x%04zx: %s, “%s”"), start, said->str, shown);
}

/**
 * fifolab_byte_rows_dup_spoken:
 * @row: a row of a #FifolabByteRows
 * @hex: whether @row is a hex row (from fifolab_byte_rows_new_hex())
 *
 * What a screen reader says for @row, its accessible name: a hex row its
 * offset, its bytes and the characters they show ("Offset 0x0010: 72 6f
 * 62 65, “robe”"); a text row its text, without the "\n" a line's end shows
 * as; the marker of a tear its words, without the arrow before them.
 *
 * Returns: (transfer full): the words
 */
char *
fifolab_byte_rows_dup_spoken (GtkStringObject *row,
                              gboolean         hex)
{
  const char *text;

  g_return_val_if_fail (GTK_IS_STRING_OBJECT (row), NULL);

  text = gtk_string_object_get_string (row);
  if (fifolab_byte_rows_get_side (row) == FIFOLAB_BYTE_ROW_MARK)
    return g_strdup (g_str_has_prefix (text, "▶ ") ? text + strlen ("▶ ") : text);
  if (hex)
    return dup_hex_spoken (text, fifolab_byte_rows_get_start (row));
  return dup_text_spoken (text);
}

/**
 * fifolab_byte_rows_get_side:
 * @row: a row of a #FifolabByteRows
 *
 * Returns: whose bytes @row holds
 */
FifolabByteRowSide
fifolab_byte_rows_get_side (GtkStringObject *row)
{
  g_return_val_if_fail (GTK_IS_STRING_OBJECT (row), FIFOLAB_BYTE_ROW_WHOLE);

  return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (row), side_quark));
}

/**
 * fifolab_byte_rows_get_start:
 * @row: a row of a #FifolabByteRows
 *
 * Returns: the offset of @row's first byte in the message (the marker: the
 *   tear's)
 */
gsize
fifolab_byte_rows_get_start (GtkStringObject *row)
{
  g_return_val_if_fail (GTK_IS_STRING_OBJECT (row), 0);

  return GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (row), start_quark));
}

/**
 * fifolab_byte_rows_get_row_bytes:
 *
 * Returns: the bytes of a whole hex row (16, 8 or 4), 0 for text rows
 */
guint
fifolab_byte_rows_get_row_bytes (FifolabByteRows *self)
{
  g_return_val_if_fail (FIFOLAB_IS_BYTE_ROWS (self), 0);

  return (guint) self->row_bytes;
}

/**
 * fifolab_byte_rows_new_hex:
 * @bytes: a message's bytes
 * @tear: where another writer's bytes begin, or -1
 * @row_bytes: the bytes of a row: 16, or 8 or 4 for a narrow view
 *
 * Counts the rows and makes none: as quick for a megabyte as for a byte.
 *
 * Returns: (transfer full): the lines of the message's hex dump
 */
FifolabByteRows *
fifolab_byte_rows_new_hex (GBytes *bytes,
                           gssize  tear,
                           guint   row_bytes)
{
  FifolabByteRows *self;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (row_bytes == 16 || row_bytes == 8 || row_bytes == 4, NULL);

  size = g_bytes_get_size (bytes);
  /* A GListModel counts in guint: 16 GiB of hex lines of 4 bytes. */
  g_return_val_if_fail (size / row_bytes < G_MAXUINT, NULL);

  self = g_object_new (FIFOLAB_TYPE_BYTE_ROWS, NULL);
  self->bytes = g_bytes_ref (bytes);
  self->row_bytes = row_bytes;
  if (tear >= 0 && (gsize) tear < size)
    {
      self->tear = tear;
      self->n_before = (guint) (((gsize) tear + row_bytes - 1) / row_bytes);
      self->n_rows = self->n_before + (guint) ((size - (gsize) tear + row_bytes - 1) / row_bytes);
    }
  else
    self->n_rows = (guint) ((size + row_bytes - 1) / row_bytes);

  return self;
}

/**
 * fifolab_byte_rows_new_text:
 * @bytes: a message's bytes
 * @tear: where another writer's bytes begin, or -1
 *
 * Finds where the rows start in one pass over the bytes, and makes each row
 * only when it is asked for.
 *
 * Returns: (transfer full): the rows of the message's text
 */
FifolabByteRows *
fifolab_byte_rows_new_text (GBytes *bytes,
                            gssize  tear)
{
  FifolabByteRows *self;
  gsize size = 0;
  const guint8 *data;
  gsize at = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  /* A GListModel counts in guint: at most one row a byte. */
  g_return_val_if_fail (size < G_MAXUINT, NULL);

  self = g_object_new (FIFOLAB_TYPE_BYTE_ROWS, NULL);
  self->bytes = g_bytes_ref (bytes);
  self->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (tear >= 0 && (gsize) tear < size)
    self->tear = tear;

  while (at < size)
    {
      if (self->tear >= 0 && at == (gsize) self->tear)
        self->n_before = self->n_rows;
      if (self->n_rows % TEXT_CHECKPOINT_ROWS == 0)
        g_array_append_val (self->starts, at);
      at = text_row_end (self, data, size, at);
      self->n_rows++;
    }

  return self;
}
