/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-log.h"
#include "fifolab-log-calls.h"
#include "fifolab-log-private.h"
#include "fifolab-recording.h"

/* Export of a FifolabLog: JSON Lines, CSV, the seed's text and the watched
 * calls as pcapng (fifolab-log-calls.c), to a stream
 * (fifolab_log_export()) or, in a thread, to a file replaced all or nothing
 * (fifolab_log_export_async()). Both read a snapshot of the store. */

/* Bytes an export buffers before writing to its stream. */
#define EXPORT_BUFFER     (64 * 1024)

typedef struct
{
  GEnumClass  *direction_class;
  GEnumClass  *kind_class;
  GFlagsClass *flags_class;
  GEnumClass  *framing_class;
  gint64       cached_second;
  char         second_text[64];
  gboolean     second_valid;
} ExportContext;

static const char *
enum_nick (GEnumClass *klass,
           int         value)
{
  GEnumValue *v = g_enum_get_value (klass, value);

  return v != NULL ? v->value_nick : "unknown";
}

/* "2024-05-01T12:34:56.123456Z", formatting the date once per second. */
static void
append_time (ExportContext *ctx,
             GString       *out,
             gint64         wall_us)
{
  gint64 second = wall_us / G_USEC_PER_SEC;
  gint64 usec = wall_us % G_USEC_PER_SEC;

  if (usec < 0)
    {
      second -= 1;
      usec += G_USEC_PER_SEC;
    }

  if (!ctx->second_valid || ctx->cached_second != second)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = NULL;

      if (dt != NULL)
        text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
      g_strlcpy (ctx->second_text, text != NULL ? text : "0000-00-00T00:00:00",
                 sizeof ctx->second_text);
      ctx->cached_second = second;
      ctx->second_valid = TRUE;
    }

  g_string_append_printf (out, "%s.%06dZ", ctx->second_text, (int) usec);
}

/* Valid UTF-8 without NUL can be written as text; anything else as base64. */
static gboolean
is_text (const guint8 *data,
         gsize         len)
{
  return memchr (data, '\0', len) == NULL &&
         g_utf8_validate_len ((const char *) data, len, NULL);
}

/* A pipe's path is a file name, bytes that need not be UTF-8. JSON and CSV are
 * UTF-8: a name that is not valid UTF-8 is written as its escaped display form
 * (valid UTF-8, for people and grep) plus its bytes in base64, which give them
 * back exactly. Returns the form for the "pipe" field: @pipe itself when it is
 * valid UTF-8 (*@escaped and *@base64 left NULL), else *@escaped, with the
 * bytes in *@base64 (both to free). */
static const char *
pipe_for_export (const char  *pipe,
                 char       **escaped,
                 char       **base64)
{
  gsize len = strlen (pipe);

  if (g_utf8_validate_len (pipe, len, NULL))
    return pipe;

  *escaped = fifolab_escape_for_display ((const guint8 *) pipe, len, 0);
  *base64 = g_base64_encode ((const guchar *) pipe, len);
  return *escaped;
}

static void
export_json_line (ExportContext  *ctx,
                  JsonGenerator  *generator,
                  GString        *out,
                  guint64         serial,
                  const FifolabLogRecord   *record,
                  const char     *pipe,
                  const guint8   *data,
                  gboolean        first,
                  const FifolabWatchRecord *call,
                  gint64          logged_us)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GString) stamp = g_string_sized_new (32);
  JsonArray *flags = json_array_new ();

  append_time (ctx, stamp, record->wall_us);

  json_object_set_int_member (object, "serial", (gint64) serial);
  json_object_set_string_member (object, "time", stamp->str);
  json_object_set_int_member (object, "mono_us", record->mono_us);
  json_object_set_string_member (object, "direction",
                                 enum_nick (ctx->direction_class, record->direction));
  if (record->direction == FIFOLAB_DIRECTION_EVENT)
    {
      json_object_set_string_member (object, "event",
                                     enum_nick (ctx->kind_class, record->kind));
      /* A Watch entry's, that of its record (a refusal is no call). */
      json_object_set_string_member (object, "explanation",
                                     call != NULL ? fifolab_watch_record_get_explanation (call)
                                                  : fifolab_event_kind_get_explanation (record->kind));
    }
  if (pipe != NULL)
    {
      g_autofree char *escaped = NULL;
      g_autofree char *pipe_base64 = NULL;

      json_object_set_string_member (object, "pipe", pipe_for_export (pipe, &escaped, &pipe_base64));
      if (pipe_base64 != NULL)
        json_object_set_string_member (object, "pipe_base64", pipe_base64);
    }
  else
    json_object_set_null_member (object, "pipe");
  if (record->sender_pid >= 0)
    json_object_set_int_member (object, "sender_pid", record->sender_pid);
  else
    json_object_set_null_member (object, "sender_pid");
  if (record->receiver_pid >= 0)
    json_object_set_int_member (object, "receiver_pid", record->receiver_pid);
  else
    json_object_set_null_member (object, "receiver_pid");
  json_object_set_int_member (object, "size", record->len);

  for (guint i = 0; i < ctx->flags_class->n_values; i++)
    {
      const GFlagsValue *v = &ctx->flags_class->values[i];

      if (v->value != 0 && (record->flags & v->value) == v->value)
        json_array_add_string_element (flags, v->value_nick);
    }
  json_object_set_array_member (object, "flags", flags);

  if (is_text (data, record->len))
    {
      g_autofree char *text = g_strndup ((const char *) data, record->len);
      json_object_set_string_member (object, "text", text);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode (data, record->len);
      json_object_set_string_member (object, "base64", base64);
    }

  /* Last, so that the members before keep their places. */
  if (record->framing != 0)
    json_object_set_string_member (object, "framing",
                                   enum_nick (ctx->framing_class, record->framing - 1));
  else
    json_object_set_null_member (object, "framing");
  /* A recording's members (fifolab-recording.h), after all the others. */
  if (first)
    _fifolab_recording_add_header (object, stamp->str, record->mono_us);

  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  json_generator_to_gstring (generator, out);
  if (call != NULL || logged_us > record->mono_us)
    {
      /* The last members, in the object, before its "}". */
      g_assert (out->str[out->len - 1] == '}');
      g_string_truncate (out, out->len - 1);
      /* Written by the watch's own writer. */
      if (call != NULL)
        {
          g_string_append_c (out, ',');
          _fifolab_recording_append_call (out, call);
        }
      /* When the entry was logged, after the call's own members: the
       * watch told the call when it returned, a watched message was
       * logged when the record that completed it was handled, later than
       * "time". */
      if (logged_us > record->mono_us)
        {
          g_string_append (out, ",\"logged\":\"");
          append_time (ctx, out, record->wall_us + (logged_us - record->mono_us));
          g_string_append_printf (out, "\",\"logged_mono_us\":%" G_GINT64_FORMAT, logged_us);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '\n');
}

/* RFC 4180: quoted when it holds a comma, a quote or a line break. */
static void
append_csv_field (GString    *out,
                  const char *text,
                  gsize       len)
{
  gboolean quote = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == ',' || text[i] == '"' || text[i] == '\r' || text[i] == '\n')
        {
          quote = TRUE;
          break;
        }
    }

  if (!quote)
    {
      g_string_append_len (out, text, len);
      return;
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '"');
}

static void
export_csv_line (ExportContext *ctx,
                 GString       *out,
                 guint64        serial,
                 const FifolabLogRecord  *record,
                 const char    *pipe,
                 const guint8  *data,
                 gint64         logged_us)
{
  g_autofree char *escaped = NULL;
  g_autofree char *pipe_base64 = NULL;

  g_string_append_printf (out, "%" G_GUINT64_FORMAT ",", serial);
  append_time (ctx, out, record->wall_us);
  g_string_append_c (out, ',');
  g_string_append (out, enum_nick (ctx->direction_class, record->direction));
  g_string_append_c (out, ',');
  if (record->direction == FIFOLAB_DIRECTION_EVENT)
    g_string_append (out, enum_nick (ctx->kind_class, record->kind));
  g_string_append_c (out, ',');
  if (pipe != NULL)
    {
      const char *shown = pipe_for_export (pipe, &escaped, &pipe_base64);

      append_csv_field (out, shown, strlen (shown));
    }
  g_string_append_c (out, ',');
  if (record->sender_pid >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, record->sender_pid);
  g_string_append_c (out, ',');
  if (record->receiver_pid >= 0)
    g_string_append_printf (out, "%d", (int) record->receiver_pid);
  g_string_append_printf (out, ",%u,", (guint) record->len);

  if (is_text (data, record->len))
    {
      g_string_append (out, "text,");
      append_csv_field (out, (const char *) data, record->len);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode (data, record->len);
      g_string_append (out, "base64,");
      g_string_append (out, base64);
    }

  /* Last, so that the columns before keep their places. */
  g_string_append_c (out, ',');
  if (pipe_base64 != NULL)
    g_string_append (out, pipe_base64);
  g_string_append_c (out, ',');
  if (record->framing != 0)
    g_string_append (out, enum_nick (ctx->framing_class, record->framing - 1));
  /* When the entry was logged, if later than "time" (a watched call, told
   * when it returned; a watched message). */
  g_string_append_c (out, ',');
  if (logged_us > record->mono_us)
    append_time (ctx, out, record->wall_us + (logged_us - record->mono_us));

  g_string_append (out, "\r\n");
}

static void
export_seed_line (GString      *out,
                  const FifolabLogRecord *record,
                  const guint8 *data)
{
  if (record->direction != FIFOLAB_DIRECTION_RECEIVED)
    return;

  /* The seed's reader prints the bytes as they came. */
  g_string_append_printf (out, "I pid [%d] received a message => ", (int) record->receiver_pid);
  g_string_append_len (out, (const char *) data, record->len);
  g_string_append_c (out, '\n');
}

static gboolean
write_out (GOutputStream  *stream,
           GString        *out,
           GCancellable   *cancellable,
           GError        **error)
{
  if (out->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (out, 0);
  return TRUE;
}

static gboolean
export_snapshot (const FifolabLogSnapshot       *snapshot,
                 GPtrArray            *calls,
                 GArray               *logged,
                 FifolabExportFormat   format,
                 GOutputStream        *stream,
                 GCancellable         *cancellable,
                 GError              **error)
{
  g_autoptr(GString) out = g_string_sized_new (EXPORT_BUFFER + 4096);
  g_autoptr(JsonGenerator) generator = NULL;
  ExportContext ctx = { 0 };
  gboolean ret = FALSE;
  guint cursor = 0;
  guint next_call = 0;
  guint next_logged = 0;

  if (format == FIFOLAB_EXPORT_PCAPNG)
    return fifolab_log_calls_export_pcapng (calls, stream, cancellable, error);

  ctx.direction_class = g_type_class_ref (FIFOLAB_TYPE_DIRECTION);
  ctx.kind_class = g_type_class_ref (FIFOLAB_TYPE_EVENT_KIND);
  ctx.flags_class = g_type_class_ref (FIFOLAB_TYPE_MESSAGE_FLAGS);
  ctx.framing_class = g_type_class_ref (FIFOLAB_TYPE_FRAMING);

  if (format == FIFOLAB_EXPORT_JSON_LINES)
    generator = json_generator_new ();
  else if (format == FIFOLAB_EXPORT_CSV)
    g_string_append (out, "serial,time,direction,event,pipe,sender_pid,receiver_pid,"
                          "size,encoding,data,pipe_base64,framing,logged\r\n");

  for (guint i = 0; i < snapshot->n; i++)
    {
      const FifolabLogRecord *record = fifolab_log_snapshot_record (snapshot, i);
      const guint8 *data = fifolab_log_snapshot_payload (snapshot, record, &cursor);
      const char *pipe = g_ptr_array_index (snapshot->paths, record->pipe);
      guint64 serial = snapshot->first_serial + i;

      const FifolabLogCall *call = NULL;
      const FifolabLogLogged *logged_at = NULL;
      gint64 logged_us;

      /* The calls and logged times are in the order of their entries'
       * serials. */
      while (calls != NULL && next_call < calls->len &&
             ((const FifolabLogCall *) g_ptr_array_index (calls, next_call))->serial < serial)
        next_call++;
      if (calls != NULL && next_call < calls->len &&
          ((const FifolabLogCall *) g_ptr_array_index (calls, next_call))->serial == serial)
        call = g_ptr_array_index (calls, next_call);
      while (logged != NULL && next_logged < logged->len &&
             g_array_index (logged, FifolabLogLogged, next_logged).serial < serial)
        next_logged++;
      if (logged != NULL && next_logged < logged->len &&
          g_array_index (logged, FifolabLogLogged, next_logged).serial == serial)
        logged_at = &g_array_index (logged, FifolabLogLogged, next_logged);
      logged_us = fifolab_log_call_logged_us (call, logged_at, record->mono_us);

      switch (format)
        {
        case FIFOLAB_EXPORT_JSON_LINES:
          export_json_line (&ctx, generator, out, serial, record, pipe, data, i == 0,
                            call != NULL ? call->record : NULL, logged_us);
          break;
        case FIFOLAB_EXPORT_CSV:
          export_csv_line (&ctx, out, serial, record, pipe, data, logged_us);
          break;
        case FIFOLAB_EXPORT_SEED_TEXT:
          export_seed_line (out, record, data);
          break;
        default:
          g_assert_not_reached ();
        }

      if (out->len >= EXPORT_BUFFER && !write_out (stream, out, cancellable, error))
        goto out;
    }

  if (!write_out (stream, out, cancellable, error))
    goto out;

  ret = TRUE;

out:
  g_type_class_unref (ctx.direction_class);
  g_type_class_unref (ctx.kind_class);
  g_type_class_unref (ctx.flags_class);
  g_type_class_unref (ctx.framing_class);
  return ret;
}

/**
 * fifolab_log_export:
 * @stream: where to write (not closed)
 *
 * Writes every stored entry (announced or not) in @format. Blocks on @stream:
 * use fifolab_log_export_async() from the main loop for files.
 *
 * Returns: %TRUE on success.
 */
gboolean
fifolab_log_export (FifolabLog           *self,
                    FifolabExportFormat   format,
                    GOutputStream        *stream,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(FifolabLogSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GArray) logged = NULL;

  g_return_val_if_fail (FIFOLAB_IS_LOG (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (format <= FIFOLAB_EXPORT_PCAPNG, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  snapshot = fifolab_log_snapshot_new (_fifolab_log_get_store (self));
  if (format != FIFOLAB_EXPORT_SEED_TEXT)
    {
      calls = _fifolab_log_snapshot_calls (self);
      logged = _fifolab_log_snapshot_logged (self);
    }
  return export_snapshot (snapshot, calls, logged, format, stream, cancellable, error);
}

typedef struct
{
  FifolabLogSnapshot            *snapshot;
  GPtrArray           *calls;
  GArray              *logged;
  GFile               *file;
  FifolabExportFormat  format;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_clear_pointer (&export->snapshot, fifolab_log_snapshot_free);
  g_clear_pointer (&export->calls, g_ptr_array_unref);
  g_clear_pointer (&export->logged, g_array_unref);
  g_clear_object (&export->file);
  g_free (export);
}

/* Like the kernel's limit for one path lookup. */
#define MAX_SYMLINKS 40

static void
set_error_from_errno (GError **error,
                      int      errsv)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
}

/* The file an export to @path writes: symlinks followed (by hand, so that a
 * dangling one names the file to create), never replaced. *@exists tells
 * whether it is there, *@st is its stat then. Anything but a regular file is
 * refused: renaming over it would replace a device, a pipe or a folder; so is
 * a file we may not write. */
static char *
export_resolve_target (const char   *path,
                       struct stat  *st,
                       gboolean     *exists,
                       GError      **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0;; i++)
    {
      g_autofree char *link = NULL;
      g_autoptr(GError) local_error = NULL;

      if (lstat (current, st) != 0)
        {
          int errsv = errno;

          if (errsv != ENOENT)
            {
              set_error_from_errno (error, errsv);
              return NULL;
            }
          *exists = FALSE;
          return g_steal_pointer (&current);
        }
      if (!S_ISLNK (st->st_mode))
        break;
      if (i == MAX_SYMLINKS)
        {
          set_error_from_errno (error, ELOOP);
          return NULL;
        }

      link = g_file_read_link (current, &local_error);
      if (link == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                               local_error->message);
          return NULL;
        }
      if (!g_path_is_absolute (link))
        {
          g_autofree char *dir = g_path_get_dirname (current);

          g_free (current);
          current = g_build_filename (dir, link, NULL);
        }
      else
        {
          g_free (current);
          current = g_steal_pointer (&link);
        }
    }

  if (S_ISDIR (st->st_mode))
    {
      set_error_from_errno (error, EISDIR);
      return NULL;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_autofree char *name = fifolab_escape_name (current, 0);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file: the log can only be exported to one"), name);
      return NULL;
    }

  /* Renaming over it needs only the folder's permission: a file its owner
   * made read-only is refused, as opening it for writing would be. */
  if (faccessat (AT_FDCWD, current, W_OK, AT_EACCESS) != 0)
    {
      set_error_from_errno (error, errno);
      return NULL;
    }

  *exists = TRUE;
  return g_steal_pointer (&current);
}

/* All or nothing: the export is written to a temporary file in the target's
 * folder, flushed to disk, and renamed over the target; on any failure (a
 * full disk, a cancellation) the temporary file is removed and the target is
 * left as it was, or absent. A file replaced keeps its permissions. */
static gboolean
export_to_path (const FifolabLogSnapshot       *snapshot,
                GPtrArray            *calls,
                GArray               *logged,
                FifolabExportFormat   format,
                const char           *path,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  struct stat st;
  gboolean exists = FALSE;
  int fd;

  target = export_resolve_target (path, &st, &exists, error);
  if (target == NULL)
    return FALSE;

  dir = g_path_get_dirname (target);
  tmp = g_build_filename (dir, ".fifolab-export-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_error_from_errno (error, errno);
      return FALSE;
    }

  if (exists && fchmod (fd, st.st_mode & 0777) != 0)
    {
      set_error_from_errno (error, errno);
      goto fail;
    }

  stream = g_unix_output_stream_new (fd, FALSE);
  if (!export_snapshot (snapshot, calls, logged, format, stream, cancellable, error))
    goto fail;

  /* Write-back errors (a full disk, a quota) show here, before the rename. */
  if (fsync (fd) != 0)
    {
      set_error_from_errno (error, errno);
      goto fail;
    }
  if (close (fd) != 0)
    {
      fd = -1;
      set_error_from_errno (error, errno);
      goto fail;
    }
  fd = -1;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  if (g_rename (tmp, target) != 0)
    {
      set_error_from_errno (error, errno);
      goto fail;
    }

  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

/* A file with no local path (a remote location of GVfs): GIO replaces it. */
static gboolean
export_to_gfile (const FifolabLogSnapshot       *snapshot,
                 GPtrArray            *calls,
                 GArray               *logged,
                 FifolabExportFormat   format,
                 GFile                *file,
                 GCancellable         *cancellable,
                 GError              **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!export_snapshot (snapshot, calls, logged, format, G_OUTPUT_STREAM (stream), cancellable, error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* Closing with a cancelled cancellable abandons the replacement. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

static void
fifolab_log_export_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  ExportData *export = task_data;
  g_autofree char *path = g_file_get_path (export->file);
  GError *error = NULL;
  gboolean ok;

  if (path != NULL)
    ok = export_to_path (export->snapshot, export->calls, export->logged, export->format, path,
                         cancellable, &error);
  else
    ok = export_to_gfile (export->snapshot, export->calls, export->logged, export->format, export->file,
                          cancellable, &error);

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * fifolab_log_export_async:
 * @file: the file to write
 *
 * Exports the entries stored now into @file. The entries are taken as a snapshot
 * (references on the log's immutable blocks, no copy) and serialized and written
 * in a worker thread; the log can go on appending, evicting or clearing meanwhile.
 *
 * All or nothing: a local @file is written to a temporary file in its folder,
 * then renamed over it; on failure it is left as it was (or absent) and the
 * temporary file is removed. A symlink is followed, never replaced; anything
 * but a regular file is refused (%G_IO_ERROR_NOT_REGULAR_FILE), and so is a
 * file that may not be written (%G_IO_ERROR_PERMISSION_DENIED).
 */
void
fifolab_log_export_async (FifolabLog          *self,
                          FifolabExportFormat  format,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *export;

  g_return_if_fail (FIFOLAB_IS_LOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format <= FIFOLAB_EXPORT_PCAPNG);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  export = g_new0 (ExportData, 1);
  export->snapshot = fifolab_log_snapshot_new (_fifolab_log_get_store (self));
  if (format != FIFOLAB_EXPORT_SEED_TEXT)
    {
      export->calls = _fifolab_log_snapshot_calls (self);
      export->logged = _fifolab_log_snapshot_logged (self);
    }
  export->file = g_object_ref (file);
  export->format = format;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_log_export_async);
  g_task_set_task_data (task, export, export_data_free);
  g_task_run_in_thread (task, fifolab_log_export_thread);
}

gboolean
fifolab_log_export_finish (FifolabLog    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fifolab_log_export_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * fifolab_export_format_from_filename:
 * @format: (out): the format
 *
 * Returns: %TRUE when the extension names a format: .jsonl or .json (JSON Lines),
 *   .csv, .txt or .log (the seed's text), .pcapng (the watched calls).
 */
gboolean
fifolab_export_format_from_filename (const char          *filename,
                                     FifolabExportFormat *format)
{
  static const struct {
    const char          *ext;
    FifolabExportFormat  format;
  } table[] = {
    { ".jsonl", FIFOLAB_EXPORT_JSON_LINES },
    { ".json", FIFOLAB_EXPORT_JSON_LINES },
    { ".csv", FIFOLAB_EXPORT_CSV },
    { ".txt", FIFOLAB_EXPORT_SEED_TEXT },
    { ".log", FIFOLAB_EXPORT_SEED_TEXT },
    { ".pcapng", FIFOLAB_EXPORT_PCAPNG },
  };
  const char *dot;
  g_autofree char *ext = NULL;

  g_return_val_if_fail (filename != NULL, FALSE);

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;

  ext = g_ascii_strdown (dot, -1);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (g_str_equal (ext, table[i].ext))
        {
          if (format != NULL)
            *format = table[i].format;
          return TRUE;
        }
    }

  return FALSE;
}
