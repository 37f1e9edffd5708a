/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab.h"
#include "fifolab-byte-rows.h"

#define HEX_ROW_BYTES 16
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
   * hex rows, which all hold 16 bytes. */
  GArray  *starts;
  guint    n_rows;
};

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
  return FIFOLAB_BYTE_ROWS (model)->n_rows;
}

static gpointer
fifolab_byte_rows_get_item (GListModel *model,
                            guint       position)
{
  FifolabByteRows *self = FIFOLAB_BYTE_ROWS (model);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  g_autofree char *row = NULL;
  gsize start;
  gsize end;

  if (position >= self->n_rows)
    return NULL;

  if (self->starts == NULL)
    {
      start = (gsize) position * HEX_ROW_BYTES;
      end = MIN (start + HEX_ROW_BYTES, size);
      row = fifolab_escape_hex_dump_line (data + start, end - start, start);
    }
  else
    {
      start = g_array_index (self->starts, gsize, position / TEXT_CHECKPOINT_ROWS);
      for (guint i = 0; i < position % TEXT_CHECKPOINT_ROWS; i++)
        start += fifolab_escape_text_row_length (data + start, size - start, FIFOLAB_BYTE_ROWS_TEXT_MAX_CHARS);
      end = start + fifolab_escape_text_row_length (data + start, size - start, FIFOLAB_BYTE_ROWS_TEXT_MAX_CHARS);
      row = fifolab_escape_for_display (data + start, end - start, 0);
    }

  return gtk_string_object_new (row);
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
}

static void
fifolab_byte_rows_init (FifolabByteRows *self)
{
}

/**
 * fifolab_byte_rows_new_hex:
 * @bytes: a message's bytes
 *
 * Returns: (transfer full): the lines of the message's hex dump
 */
FifolabByteRows *
fifolab_byte_rows_new_hex (GBytes *bytes)
{
  FifolabByteRows *self;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);

  size = g_bytes_get_size (bytes);
  /* A GListModel counts in guint: 64 GiB of hex lines. */
  g_return_val_if_fail (size / HEX_ROW_BYTES < G_MAXUINT, NULL);

  self = g_object_new (FIFOLAB_TYPE_BYTE_ROWS, NULL);
  self->bytes = g_bytes_ref (bytes);
  self->n_rows = (guint) ((size + HEX_ROW_BYTES - 1) / HEX_ROW_BYTES);

  return self;
}

/**
 * fifolab_byte_rows_new_text:
 * @bytes: a message's bytes
 *
 * Finds where the rows start in one pass over the bytes, and makes each row
 * only when it is asked for.
 *
 * Returns: (transfer full): the rows of the message's text
 */
FifolabByteRows *
fifolab_byte_rows_new_text (GBytes *bytes)
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

  while (at < size)
    {
      if (self->n_rows % TEXT_CHECKPOINT_ROWS == 0)
        g_array_append_val (self->starts, at);
      at += fifolab_escape_text_row_length (data + at, size - at, FIFOLAB_BYTE_ROWS_TEXT_MAX_CHARS);
      self->n_rows++;
    }

  return self;
}
