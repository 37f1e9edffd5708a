/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pcapng export: observed reads and writes on a FIFO as a capture that
 * Wireshark and tshark open. The layout is in docs/pcapng.md.
 *
 * Blocks are in little-endian order (the Section Header's byte-order magic
 * says so); the fixed header before each payload is big-endian (network
 * order), as dissectors expect. The comments are English on purpose: they
 * are part of a file format, read by tools and by people of any language. */
#include "config.h"

#include <string.h>
#include <sys/syscall.h>

#include "fifolab-pcapng.h"

#define BLOCK_SHB 0x0A0D0D0Au
#define BLOCK_IDB 0x00000001u
#define BLOCK_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du

#define OPT_END 0
#define OPT_COMMENT 1
#define OPT_SHB_USERAPPL 4
#define OPT_IF_NAME 2
#define OPT_IF_TSRESOL 9

#define COMM_SIZE 16

struct _FifolabPcapngWriter
{
  GObject        parent_instance;

  GOutputStream *stream;
  char          *pipe_name;
  GByteArray    *block;
  guint64        n_packets;
  gboolean       headers_written;
};

G_DEFINE_FINAL_TYPE (FifolabPcapngWriter, fifolab_pcapng_writer, G_TYPE_OBJECT)

static void
fifolab_pcapng_writer_finalize (GObject *object)
{
  FifolabPcapngWriter *self = (FifolabPcapngWriter *) object;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->pipe_name, g_free);
  g_clear_pointer (&self->block, g_byte_array_unref);

  G_OBJECT_CLASS (fifolab_pcapng_writer_parent_class)->finalize (object);
}

static void
fifolab_pcapng_writer_class_init (FifolabPcapngWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fifolab_pcapng_writer_finalize;
}

static void
fifolab_pcapng_writer_init (FifolabPcapngWriter *self)
{
  self->block = g_byte_array_new ();
}

/**
 * fifolab_pcapng_writer_new:
 * @stream: where the capture goes
 * @pipe_name: (nullable): the pipe's path or name, stored as the interface's name
 *
 * Returns: (transfer full): a writer that has written nothing yet.
 */
FifolabPcapngWriter *
fifolab_pcapng_writer_new (GOutputStream *stream,
                           const char    *pipe_name)
{
  FifolabPcapngWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (FIFOLAB_TYPE_PCAPNG_WRITER, NULL);
  self->stream = g_object_ref (stream);
  self->pipe_name = pipe_name != NULL ? g_utf8_make_valid (pipe_name, -1) : NULL;
  return self;
}

/* @value in @n bytes: little-endian (block fields) or big-endian (the
 * packet header). */
static void
put_le (GByteArray *out,
        guint64     value,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      guint8 byte = (guint8) (value >> (8 * i));

      g_byte_array_append (out, &byte, 1);
    }
}

static void
put_be (GByteArray *out,
        guint64     value,
        guint       n)
{
  for (guint i = n; i > 0; i--)
    {
      guint8 byte = (guint8) (value >> (8 * (i - 1)));

      g_byte_array_append (out, &byte, 1);
    }
}

static void
pad_to_32_bits (GByteArray *out)
{
  static const guint8 zeros[3] = { 0 };

  if (out->len % 4 != 0)
    g_byte_array_append (out, zeros, 4 - out->len % 4);
}

static void
put_option (GByteArray   *out,
            guint16       code,
            const void   *value,
            gsize         len)
{
  put_le (out, code, 2);
  put_le (out, (guint16) len, 2);
  g_byte_array_append (out, value, (guint) len);
  pad_to_32_bits (out);
}

static void
put_end_of_options (GByteArray *out)
{
  put_le (out, OPT_END, 2);
  put_le (out, 0, 2);
}

/* Starts a block in @out: its type and a length filled in by end_block(). */
static void
begin_block (GByteArray *out,
             guint32     type)
{
  g_byte_array_set_size (out, 0);
  put_le (out, type, 4);
  put_le (out, 0, 4);
}

static void
end_block (GByteArray *out)
{
  guint32 total = GUINT32_TO_LE (out->len + 4);

  put_le (out, out->len + 4, 4);
  memcpy (out->data + 4, &total, sizeof total);
}

static gboolean
write_block (FifolabPcapngWriter  *self,
             GCancellable         *cancellable,
             GError              **error)
{
  return g_output_stream_write_all (self->stream, self->block->data, self->block->len,
                                    NULL, cancellable, error);
}

static gboolean
write_headers (FifolabPcapngWriter  *self,
               GCancellable         *cancellable,
               GError              **error)
{
  static const char application[] = "FIFO Lab " PACKAGE_VERSION;
  guint8 tsresol = 6; /* microseconds */

  if (self->headers_written)
    return TRUE;

  begin_block (self->block, BLOCK_SHB);
  put_le (self->block, BYTE_ORDER_MAGIC, 4);
  put_le (self->block, 1, 2); /* major version */
  put_le (self->block, 0, 2); /* minor version */
  put_le (self->block, G_MAXUINT32, 4); /* section length: not given (-1) */
  put_le (self->block, G_MAXUINT32, 4);
  put_option (self->block, OPT_SHB_USERAPPL, application, strlen (application));
  put_end_of_options (self->block);
  end_block (self->block);
  if (!write_block (self, cancellable, error))
    return FALSE;

  begin_block (self->block, BLOCK_IDB);
  put_le (self->block, FIFOLAB_PCAPNG_LINKTYPE, 2);
  put_le (self->block, 0, 2); /* reserved */
  put_le (self->block, 0, 4); /* snap length: none */
  if (self->pipe_name != NULL && *self->pipe_name != '\0')
    put_option (self->block, OPT_IF_NAME, self->pipe_name,
                MIN (strlen (self->pipe_name), G_MAXUINT16 - 4));
  put_option (self->block, OPT_IF_TSRESOL, &tsresol, 1);
  put_end_of_options (self->block);
  end_block (self->block);
  if (!write_block (self, cancellable, error))
    return FALSE;

  self->headers_written = TRUE;
  return TRUE;
}

/**
 * fifolab_pcapng_syscall_number:
 * @syscall: a system call's name
 *
 * Returns: its number on this machine's architecture, or -1 when it is not
 *   one of the calls Watch records.
 */
int
fifolab_pcapng_syscall_number (const char *syscall)
{
  static const struct { const char *name; int number; } calls[] = {
    { "read", SYS_read },
    { "write", SYS_write },
    { "readv", SYS_readv },
    { "writev", SYS_writev },
    { "pread64", SYS_pread64 },
    { "pwrite64", SYS_pwrite64 },
    { "splice", SYS_splice },
    { "tee", SYS_tee },
    { "sendfile", SYS_sendfile },
    { "vmsplice", SYS_vmsplice },
  };

  if (syscall == NULL)
    return -1;
  for (gsize i = 0; i < G_N_ELEMENTS (calls); i++)
    if (strcmp (calls[i].name, syscall) == 0)
      return calls[i].number;
  return -1;
}

/**
 * fifolab_pcapng_format_comment:
 *
 * Returns: (transfer full): "pid 1234 (python3) write 22 bytes", or
 *   "pid 1234 (python3) write failed: EPIPE", with ", blocked N us" after
 *   it when the call waited.
 */
char *
fifolab_pcapng_format_comment (gint64      pid,
                               const char *comm,
                               const char *syscall,
                               gint64      result,
                               int         errno_value,
                               gint64      blocked_us)
{
  g_autofree char *valid_comm = g_utf8_make_valid (comm != NULL ? comm : "?", -1);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "pid %" G_GINT64_FORMAT " (%s) %s", pid, valid_comm,
                          syscall != NULL ? syscall : "?");
  if (result < 0)
    {
      const char *name = errno_value > 0 ? strerrorname_np (errno_value) : NULL;

      if (name != NULL)
        g_string_append_printf (text, " failed: %s", name);
      else
        g_string_append_printf (text, " failed: errno %d", errno_value);
    }
  else
    g_string_append_printf (text, " %" G_GINT64_FORMAT " %s", result,
                            result == 1 ? "byte" : "bytes");
  if (blocked_us > 0)
    g_string_append_printf (text, ", blocked %" G_GINT64_FORMAT " us", blocked_us);
  return g_string_free (text, FALSE);
}

static void
put_packet_header (GByteArray             *out,
                   gint64                  pid,
                   gint64                  tid,
                   const char             *comm,
                   int                     fd,
                   FifolabPcapngDirection  direction,
                   const char             *syscall,
                   gint64                  result,
                   int                     errno_value,
                   gint64                  blocked_us)
{
  char comm_field[COMM_SIZE] = { 0 };

  g_byte_array_append (out, (const guint8 *) FIFOLAB_PCAPNG_MAGIC, 4);
  g_byte_array_append (out, (const guint8[]) { FIFOLAB_PCAPNG_VERSION, (guint8) direction }, 2);
  put_be (out, FIFOLAB_PCAPNG_HEADER_SIZE, 2);
  put_be (out, (guint32) pid, 4);
  put_be (out, (guint32) tid, 4);
  put_be (out, (guint32) fd, 4);
  put_be (out, (guint32) fifolab_pcapng_syscall_number (syscall), 4);
  put_be (out, (guint64) result, 8);
  put_be (out, (guint32) errno_value, 4);
  put_be (out, 0, 4); /* reserved */
  put_be (out, (guint64) MAX (blocked_us, 0), 8);
  if (comm != NULL)
    strncpy (comm_field, comm, COMM_SIZE - 1);
  g_byte_array_append (out, (const guint8 *) comm_field, COMM_SIZE);
}

/**
 * fifolab_pcapng_writer_add_packet:
 *
 * Writes one Enhanced Packet Block (after the headers, the first time).
 * At most %FIFOLAB_PCAPNG_MAX_PAYLOAD bytes of @data are kept.
 *
 * Returns: whether it was written; FALSE with @error set when the stream failed.
 */
gboolean
fifolab_pcapng_writer_add_packet (FifolabPcapngWriter     *self,
                                  gint64                   time_us,
                                  gint64                   pid,
                                  gint64                   tid,
                                  const char              *comm,
                                  int                      fd,
                                  FifolabPcapngDirection   direction,
                                  const char              *syscall,
                                  gint64                   result,
                                  int                      errno_value,
                                  gint64                   blocked_us,
                                  const guint8            *data,
                                  gsize                    size,
                                  GCancellable            *cancellable,
                                  GError                 **error)
{
  g_autofree char *comment = NULL;
  gsize captured = MIN (size, (gsize) FIFOLAB_PCAPNG_MAX_PAYLOAD);
  guint64 original = (guint64) size + FIFOLAB_PCAPNG_HEADER_SIZE;
  guint64 stamp = (guint64) MAX (time_us, 0);

  g_return_val_if_fail (FIFOLAB_IS_PCAPNG_WRITER (self), FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (direction == FIFOLAB_PCAPNG_WRITE || direction == FIFOLAB_PCAPNG_READ,
                        FALSE);

  if (!write_headers (self, cancellable, error))
    return FALSE;

  comment = fifolab_pcapng_format_comment (pid, comm, syscall, result, errno_value, blocked_us);

  begin_block (self->block, BLOCK_EPB);
  put_le (self->block, 0, 4); /* interface */
  put_le (self->block, (guint32) (stamp >> 32), 4);
  put_le (self->block, (guint32) stamp, 4);
  put_le (self->block, (guint32) (captured + FIFOLAB_PCAPNG_HEADER_SIZE), 4);
  put_le (self->block, (guint32) MIN (original, G_MAXUINT32), 4);
  put_packet_header (self->block, pid, tid, comm, fd, direction, syscall, result,
                     errno_value, blocked_us);
  if (captured > 0)
    g_byte_array_append (self->block, data, (guint) captured);
  pad_to_32_bits (self->block);
  put_option (self->block, OPT_COMMENT, comment, strlen (comment));
  put_end_of_options (self->block);
  end_block (self->block);

  if (!write_block (self, cancellable, error))
    return FALSE;

  /* A large payload's buffer is not kept for the next, small, one. */
  if (self->block->len > 64 * 1024)
    {
      g_byte_array_unref (self->block);
      self->block = g_byte_array_new ();
    }
  self->n_packets++;
  return TRUE;
}

/**
 * fifolab_pcapng_writer_add_record:
 * @record: a record of a watch
 * @time_us: when the call was made, wall-clock (g_get_real_time())
 *
 * Adds the packet of @record when it is a write or a read (see
 * fifolab_pcapng_writer_add_packet()).
 *
 * Returns: %FALSE with @error when the packet could not be written
 */
gboolean
fifolab_pcapng_writer_add_record (FifolabPcapngWriter      *self,
                                  const FifolabWatchRecord *record,
                                  gint64                    time_us,
                                  GCancellable             *cancellable,
                                  GError                  **error)
{
  const guint8 *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (FIFOLAB_IS_PCAPNG_WRITER (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->kind != FIFOLAB_WATCH_CALL || !(record->is_write || record->is_read))
    return TRUE;
  if (record->payload != NULL && record->result > 0)
    {
      data = g_bytes_get_data (record->payload, &len);
      len = MIN (len, (gsize) record->result);
    }
  return fifolab_pcapng_writer_add_packet (self, time_us, record->pid, record->tid, record->comm,
                                           record->fd,
                                           record->is_write ? FIFOLAB_PCAPNG_WRITE : FIFOLAB_PCAPNG_READ,
                                           record->syscall, record->result, record->error,
                                           record->blocked_us, data, len, cancellable, error);
}

/**
 * fifolab_pcapng_writer_finish:
 *
 * Writes the headers when no packet was added (an empty capture still
 * opens), and flushes the stream.
 */
gboolean
fifolab_pcapng_writer_finish (FifolabPcapngWriter  *self,
                              GCancellable         *cancellable,
                              GError              **error)
{
  g_return_val_if_fail (FIFOLAB_IS_PCAPNG_WRITER (self), FALSE);

  if (!write_headers (self, cancellable, error))
    return FALSE;
  return g_output_stream_flush (self->stream, cancellable, error);
}

guint64
fifolab_pcapng_writer_get_n_packets (FifolabPcapngWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PCAPNG_WRITER (self), 0);

  return self->n_packets;
}
