/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-stream-trace.h"

struct _FifolabStreamTrace
{
  GObject     parent_instance;

  GByteArray *bytes;
  GArray     *boundaries[FIFOLAB_BOUNDARY_LAST];  /* guint64 offsets, in order */
};

G_DEFINE_FINAL_TYPE (FifolabStreamTrace, fifolab_stream_trace, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fifolab_stream_trace_finalize (GObject *object)
{
  FifolabStreamTrace *self = FIFOLAB_STREAM_TRACE (object);

  g_clear_pointer (&self->bytes, g_byte_array_unref);
  for (guint k = 0; k < FIFOLAB_BOUNDARY_LAST; k++)
    g_clear_pointer (&self->boundaries[k], g_array_unref);

  G_OBJECT_CLASS (fifolab_stream_trace_parent_class)->finalize (object);
}

static void
fifolab_stream_trace_class_init (FifolabStreamTraceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fifolab_stream_trace_finalize;

  /**
   * FifolabStreamTrace::changed:
   *
   * Bytes or boundaries were added, or the trace was cleared.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fifolab_stream_trace_init (FifolabStreamTrace *self)
{
  self->bytes = g_byte_array_new ();
  for (guint k = 0; k < FIFOLAB_BOUNDARY_LAST; k++)
    self->boundaries[k] = g_array_new (FALSE, FALSE, sizeof (guint64));
}

/**
 * fifolab_stream_trace_new:
 *
 * Returns: (transfer full): an empty trace
 */
FifolabStreamTrace *
fifolab_stream_trace_new (void)
{
  return g_object_new (FIFOLAB_TYPE_STREAM_TRACE, NULL);
}

void
fifolab_stream_trace_clear (FifolabStreamTrace *self)
{
  gboolean empty = TRUE;

  g_return_if_fail (FIFOLAB_IS_STREAM_TRACE (self));

  for (guint k = 0; k < FIFOLAB_BOUNDARY_LAST; k++)
    {
      empty = empty && self->boundaries[k]->len == 0;
      g_array_set_size (self->boundaries[k], 0);
    }
  if (empty && self->bytes->len == 0)
    return;
  g_byte_array_set_size (self->bytes, 0);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/**
 * fifolab_stream_trace_add_read:
 * @self: a trace
 * @data: (array length=len): the bytes one read() returned
 * @len: how many (a read of 0 bytes is end of file, not a read of data)
 */
void
fifolab_stream_trace_add_read (FifolabStreamTrace *self,
                               const guint8       *data,
                               gsize               len)
{
  guint64 end;

  g_return_if_fail (FIFOLAB_IS_STREAM_TRACE (self));
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (len <= G_MAXUINT - self->bytes->len);

  if (len == 0)
    return;
  g_byte_array_append (self->bytes, data, (guint) len);
  end = self->bytes->len;
  g_array_append_val (self->boundaries[FIFOLAB_BOUNDARY_READ], end);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
fifolab_stream_trace_add_boundary (FifolabStreamTrace *self,
                                   FifolabBoundary     kind,
                                   guint64             offset)
{
  GArray *list;

  g_return_if_fail (FIFOLAB_IS_STREAM_TRACE (self));
  g_return_if_fail ((guint) kind < FIFOLAB_BOUNDARY_LAST);

  list = self->boundaries[kind];
  g_return_if_fail (list->len == 0 || g_array_index (list, guint64, list->len - 1) <= offset);

  g_array_append_val (list, offset);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/**
 * fifolab_stream_trace_dup_bytes:
 * @self: a trace
 *
 * Returns: (transfer full): the bytes read so far
 */
GBytes *
fifolab_stream_trace_dup_bytes (FifolabStreamTrace *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STREAM_TRACE (self), NULL);
  return g_bytes_new (self->bytes->data, self->bytes->len);
}

gsize
fifolab_stream_trace_get_length (FifolabStreamTrace *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STREAM_TRACE (self), 0);
  return self->bytes->len;
}

guint
fifolab_stream_trace_get_n_boundaries (FifolabStreamTrace *self,
                                       FifolabBoundary     kind)
{
  g_return_val_if_fail (FIFOLAB_IS_STREAM_TRACE (self), 0);
  g_return_val_if_fail ((guint) kind < FIFOLAB_BOUNDARY_LAST, 0);
  return self->boundaries[kind]->len;
}

guint64
fifolab_stream_trace_get_boundary (FifolabStreamTrace *self,
                                   FifolabBoundary     kind,
                                   guint               index)
{
  g_return_val_if_fail (FIFOLAB_IS_STREAM_TRACE (self), 0);
  g_return_val_if_fail ((guint) kind < FIFOLAB_BOUNDARY_LAST, 0);
  g_return_val_if_fail (index < self->boundaries[kind]->len, 0);
  return g_array_index (self->boundaries[kind], guint64, index);
}

static char *
count_text (FifolabBoundary kind,
            guint           n)
{
  switch (kind)
    {
    case FIFOLAB_BOUNDARY_WRITE:
      return g_strdup_printf (ngettext ("%u write", "%u writes", n), n);
    case FIFOLAB_BOUNDARY_READ:
      return g_strdup_printf (ngettext ("%u read", "%u reads", n), n);
    case FIFOLAB_BOUNDARY_MESSAGE:
    case FIFOLAB_BOUNDARY_LAST:
    default:
      return g_strdup_printf (ngettext ("%u message", "%u messages", n), n);
    }
}

/**
 * fifolab_stream_trace_dup_summary:
 * @self: a trace
 *
 * Returns: (transfer full): the counts of writes, reads and messages, and of
 *   bytes, in one translated line
 */
char *
fifolab_stream_trace_dup_summary (FifolabStreamTrace *self)
{
  g_autofree char *writes = NULL;
  g_autofree char *reads = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *bytes = NULL;
  guint len;

  g_return_val_if_fail (FIFOLAB_IS_STREAM_TRACE (self), NULL);

  len = self->bytes->len;
  if (len == 0)
    return g_strdup (_("Nothing read yet."));

  writes = count_text (FIFOLAB_BOUNDARY_WRITE, self->boundaries[FIFOLAB_BOUNDARY_WRITE]->len);
  reads = count_text (FIFOLAB_BOUNDARY_READ, self->boundaries[FIFOLAB_BOUNDARY_READ]->len);
  messages = count_text (FIFOLAB_BOUNDARY_MESSAGE, self->boundaries[FIFOLAB_BOUNDARY_MESSAGE]->len);
  bytes = g_strdup_printf (ngettext ("%u byte", "%u bytes", len), len);
  /* Translators: "5 writes, 1 read, 5 messages (115 bytes)"; each %s is one
   * of those counts, translated on its own. */
  return g_strdup_printf (_("%s, %s, %s (%s)"), writes, reads, messages, bytes);
}

static void
append_offsets (GString    *out,
                const char *lead,
                GArray     *list)
{
  if (list->len == 0)
    return;
  g_string_append_c (out, ' ');
  g_string_append (out, lead);
  g_string_append_c (out, ' ');
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        /* Translators: between the byte offsets in a list, as in "23, 46, 69". */
        g_string_append (out, C_("number list", ", "));
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_array_index (list, guint64, i));
    }
  g_string_append (out, C_("end of sentence", "."));
}

/**
 * fifolab_stream_trace_dup_description:
 * @self: a trace
 *
 * Returns: (transfer full): the summary, then where each write, read and
 *   message ended, in words
 */
char *
fifolab_stream_trace_dup_description (FifolabStreamTrace *self)
{
  g_autofree char *summary = NULL;
  GString *out;

  g_return_val_if_fail (FIFOLAB_IS_STREAM_TRACE (self), NULL);

  summary = fifolab_stream_trace_dup_summary (self);
  out = g_string_new (summary);
  if (self->bytes->len == 0)
    return g_string_free (out, FALSE);

  if (!g_str_has_suffix (out->str, "."))
    g_string_append (out, C_("end of sentence", "."));
  append_offsets (out, _("Writes ended after bytes"), self->boundaries[FIFOLAB_BOUNDARY_WRITE]);
  append_offsets (out, _("Reads ended after bytes"), self->boundaries[FIFOLAB_BOUNDARY_READ]);
  append_offsets (out, _("Messages ended after bytes"), self->boundaries[FIFOLAB_BOUNDARY_MESSAGE]);
  return g_string_free (out, FALSE);
}
