/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fifolab-enums.h"
#include "fifolab-log-private.h"
#include "fifolab-recording.h"

/* A recording read back (see fifolab-recording.h and docs/recording.md). */

struct _FifolabRecording
{
  GArray  *entries;      /* FifolabRecordingEntry */
  guint    n_filled;     /* entries fifolab_recording_fill_log() added */
  int      version;
  gint64   start_wall_us;
};

typedef struct
{
  guint        line;
  GEnumClass  *direction_class;
  GEnumClass  *kind_class;
  GFlagsClass *flags_class;
  GEnumClass  *framing_class;
} ReadContext;

static void
entry_clear (gpointer data)
{
  FifolabRecordingEntry *entry = data;

  g_clear_pointer (&entry->pipe, g_ref_string_release);
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  g_clear_pointer (&entry->call, fifolab_watch_record_unref);
}

void
fifolab_recording_free (FifolabRecording *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_free (self);
}

static FifolabRecording *
recording_new (void)
{
  FifolabRecording *self = g_new0 (FifolabRecording, 1);

  self->entries = g_array_new (FALSE, TRUE, sizeof (FifolabRecordingEntry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->start_wall_us = -1;
  return self;
}

/* -------------------------------------------------------------------- */
/* Members */

static void
set_line_error (GError          **error,
                const ReadContext *ctx,
                const char       *message)
{
  /* Translators: the first %u is a line number in a file, the %s what is
   * wrong with it. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Line %u: %s"), ctx->line, message);
}

static gboolean
missing (GError          **error,
         const ReadContext *ctx,
         const char       *member)
{
  /* Translators: %s is the name of a JSON member, such as “time”. */
  g_autofree char *message = g_strdup_printf (_("the member “%s” is missing or not of its type."),
                                              member);

  set_line_error (error, ctx, message);
  return FALSE;
}

static gboolean
bad_value (GError          **error,
           const ReadContext *ctx,
           const char       *member,
           const char       *value)
{
  /* Translators: the first %s is a JSON member's name, the second its value. */
  g_autofree char *message = g_strdup_printf (_("“%s” has a value FIFO Lab does not know: “%s”."),
                                              member, value);

  set_line_error (error, ctx, message);
  return FALSE;
}

/* How a member is read: what its JSON node must be (a value of
 * value_type, an array, an object) and the parser that makes of it what
 * the entry keeps, in *out. A parser that refuses the value says why. */
typedef gboolean (*ParseFunc) (JsonNode          *node,
                               const char        *member,
                               gconstpointer      data,
                               gpointer           out,
                               const ReadContext *ctx,
                               GError           **error);

typedef struct
{
  JsonNodeType node_type;
  GType        value_type;   /* for JSON_NODE_VALUE */
  ParseFunc    parse;
} MemberType;

typedef enum
{
  REQUIRED,
  OPTIONAL,                  /* absent or null: *out is left as it is */
} Presence;

/* The one getter: @member of @object, as @type, into @out (@data is for
 * @type's parser). json-glib's json_object_get_*_member_with_default()
 * would take a string for a number, or a number for a flag, silently. */
static gboolean
get_member (JsonObject        *object,
            const char        *member,
            const MemberType  *type,
            Presence           presence,
            gconstpointer      data,
            gpointer           out,
            const ReadContext *ctx,
            GError           **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return presence == OPTIONAL || missing (error, ctx, member);
  if (JSON_NODE_TYPE (node) != type->node_type ||
      (type->node_type == JSON_NODE_VALUE && json_node_get_value_type (node) != type->value_type))
    return missing (error, ctx, member);
  return type->parse (node, member, data, out, ctx, error);
}

/* gint64 */
static gboolean
parse_int (JsonNode          *node,
           const char        *member,
           gconstpointer      data,
           gpointer           out,
           const ReadContext *ctx,
           GError           **error)
{
  *(gint64 *) out = json_node_get_int (node);
  return TRUE;
}

/* const char *, the node's */
static gboolean
parse_string (JsonNode          *node,
              const char        *member,
              gconstpointer      data,
              gpointer           out,
              const ReadContext *ctx,
              GError           **error)
{
  *(const char **) out = json_node_get_string (node);
  return TRUE;
}

/* g_base64_decode() takes anything: check the alphabet and the padding. */
static gboolean
is_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize pad = 0;

  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        pad++;
      else if (pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return pad <= 2;
}

/* GBytes *, decoded */
static gboolean
parse_base64 (JsonNode          *node,
              const char        *member,
              gconstpointer      data,
              gpointer           out,
              const ReadContext *ctx,
              GError           **error)
{
  const char *text = json_node_get_string (node);
  gsize len = 0;
  guchar *decoded;

  if (!is_base64 (text))
    {
      /* Translators: %s is the name of a JSON member, such as “base64”. */
      g_autofree char *message = g_strdup_printf (_("“%s” is not valid base64."), member);

      set_line_error (error, ctx, message);
      return FALSE;
    }
  decoded = g_base64_decode (text, &len);
  *(GBytes **) out = g_bytes_new_take (decoded, len);
  return TRUE;
}

/* "2024-05-01T12:34:56.123456Z", as the export writes it, to µs exactly. */
static gboolean
parse_time_text (const char *text,
                 gint64     *wall_us)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  int year, month, day, hour, minute, second, usec;
  g_autoptr(GDateTime) dt = NULL;

  if (strlen (text) != sizeof pattern - 1)
    return FALSE;
  for (gsize i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
  if (sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d.%6dZ",
              &year, &month, &day, &hour, &minute, &second, &usec) != 7)
    return FALSE;
  dt = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (dt == NULL)
    return FALSE;
  *wall_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + usec;
  return TRUE;
}

/* gint64, µs since the epoch */
static gboolean
parse_time (JsonNode          *node,
            const char        *member,
            gconstpointer      data,
            gpointer           out,
            const ReadContext *ctx,
            GError           **error)
{
  const char *text = json_node_get_string (node);

  return parse_time_text (text, out) || bad_value (error, ctx, member, text);
}

/* int, the value of the nick in @data, a GEnumClass */
static gboolean
parse_enum (JsonNode          *node,
            const char        *member,
            gconstpointer      data,
            gpointer           out,
            const ReadContext *ctx,
            GError           **error)
{
  const char *text = json_node_get_string (node);
  GEnumValue *v = g_enum_get_value_by_nick ((GEnumClass *) data, text);

  if (v == NULL)
    return bad_value (error, ctx, member, text);
  *(int *) out = v->value;
  return TRUE;
}

/* guint, the flags of the nicks in @data, a GFlagsClass */
static gboolean
parse_flags (JsonNode          *node,
             const char        *member,
             gconstpointer      data,
             gpointer           out,
             const ReadContext *ctx,
             GError           **error)
{
  JsonArray *array = json_node_get_array (node);
  guint flags = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      GFlagsValue *v;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return missing (error, ctx, member);
      v = g_flags_get_value_by_nick ((GFlagsClass *) data, json_node_get_string (element));
      if (v == NULL)
        return bad_value (error, ctx, member, json_node_get_string (element));
      flags |= v->value;
    }
  *(guint *) out = flags;
  return TRUE;
}

/* JsonObject *, the node's */
static gboolean
parse_object (JsonNode          *node,
              const char        *member,
              gconstpointer      data,
              gpointer           out,
              const ReadContext *ctx,
              GError           **error)
{
  *(JsonObject **) out = json_node_get_object (node);
  return TRUE;
}

static const MemberType int_type = { JSON_NODE_VALUE, G_TYPE_INT64, parse_int };
static const MemberType string_type = { JSON_NODE_VALUE, G_TYPE_STRING, parse_string };
static const MemberType base64_type = { JSON_NODE_VALUE, G_TYPE_STRING, parse_base64 };
static const MemberType time_type = { JSON_NODE_VALUE, G_TYPE_STRING, parse_time };
static const MemberType enum_type = { JSON_NODE_VALUE, G_TYPE_STRING, parse_enum };
static const MemberType flags_type = { JSON_NODE_ARRAY, G_TYPE_INVALID, parse_flags };
static const MemberType object_type = { JSON_NODE_OBJECT, G_TYPE_INVALID, parse_object };

/* FifolabWatchRecord *: a Watch entry's "call", the record the watch told
 * (fifolab-peer watch --json), its payload checked. A record of a kind
 * this FIFO Lab does not know (made by a newer one) leaves the entry
 * without one: its line of text is still in the log. */
static gboolean
parse_call (JsonNode          *node,
            const char        *member,
            gconstpointer      data,
            gpointer           out,
            const ReadContext *ctx,
            GError           **error)
{
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GBytes) payload = NULL;
  const char *kind = NULL;

  if (!get_member (object, "event", &string_type, REQUIRED, NULL, &kind, ctx, error) ||
      !get_member (object, "base64", &base64_type, OPTIONAL, NULL, &payload, ctx, error))
    return FALSE;
  *(FifolabWatchRecord **) out = fifolab_watch_record_from_json_object (object, NULL);
  return TRUE;
}

static const MemberType call_type = { JSON_NODE_OBJECT, G_TYPE_INVALID, parse_call };

/* The entry's bytes: "text" or "base64", as long as "size" says. */
static gboolean
get_payload (JsonObject       *object,
             GBytes          **bytes,
             const ReadContext *ctx,
             GError          **error)
{
  const char *text = NULL;
  gint64 size = -1;

  if (!get_member (object, "base64", &base64_type, OPTIONAL, NULL, bytes, ctx, error) ||
      !get_member (object, "text", &string_type, OPTIONAL, NULL, &text, ctx, error))
    return FALSE;
  if (*bytes == NULL && text == NULL)
    return missing (error, ctx, "text");
  if (*bytes == NULL)
    *bytes = g_bytes_new (text, strlen (text));

  if (!get_member (object, "size", &int_type, OPTIONAL, NULL, &size, ctx, error))
    return FALSE;
  if (size >= 0 && (guint64) size != g_bytes_get_size (*bytes))
    {
      g_autofree char *said = g_strdup_printf ("%" G_GINT64_FORMAT, size);
      g_autofree char *held = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (*bytes));
      /* Translators: both %s are numbers of bytes. */
      g_autofree char *message = g_strdup_printf (_("its size is %s bytes, but its data holds %s."),
                                                  said, held);

      set_line_error (error, ctx, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_pipe (JsonObject       *object,
          GRefString      **pipe,
          const ReadContext *ctx,
          GError          **error)
{
  g_autoptr(GBytes) exact = NULL;
  const char *name = NULL;

  if (!get_member (object, "pipe_base64", &base64_type, OPTIONAL, NULL, &exact, ctx, error) ||
      !get_member (object, "pipe", &string_type, OPTIONAL, NULL, &name, ctx, error))
    return FALSE;
  if (exact != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (exact, &len);
      g_autofree char *copy = g_strndup (data, len);

      *pipe = g_ref_string_new_intern (copy);
    }
  else if (name != NULL)
    *pipe = g_ref_string_new_intern (name);
  return TRUE;
}

/* The first line's "recording". */
static gboolean
read_header (FifolabRecording  *self,
             JsonObject        *object,
             const ReadContext *ctx,
             GError           **error)
{
  JsonObject *header = NULL;
  gint64 version = 0;

  if (!get_member (object, "recording", &object_type, OPTIONAL, NULL, &header, ctx, error))
    return FALSE;
  if (header == NULL)
    return TRUE;
  if (!get_member (header, "version", &int_type, REQUIRED, NULL, &version, ctx, error))
    return FALSE;
  if (version < 1 || version > FIFOLAB_RECORDING_VERSION)
    {
      g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT, version);
      g_autofree char *message =
        /* Translators: %s and %d are versions of the file's format. */
        g_strdup_printf (_("the recording is of version %s, and this FIFO Lab reads version %d: "
                           "it needs a newer FIFO Lab."),
                         found, FIFOLAB_RECORDING_VERSION);

      set_line_error (error, ctx, message);
      return FALSE;
    }
  self->version = (int) version;
  return get_member (header, "start", &time_type, REQUIRED, NULL, &self->start_wall_us, ctx, error);
}

static gboolean
read_entry (FifolabRecording  *self,
            JsonObject        *object,
            const ReadContext *ctx,
            GError           **error)
{
  FifolabRecordingEntry entry = { 0 };
  int direction = 0;
  int kind = FIFOLAB_EVENT_NONE;
  gint64 serial = -1;

  entry.framing = -1;
  entry.sender_pid = -1;
  entry.receiver_pid = -1;
  if (!get_member (object, "serial", &int_type, OPTIONAL, NULL, &serial, ctx, error) ||
      !get_member (object, "time", &time_type, REQUIRED, NULL, &entry.wall_us, ctx, error) ||
      !get_member (object, "mono_us", &int_type, REQUIRED, NULL, &entry.mono_us, ctx, error) ||
      !get_member (object, "direction", &enum_type, REQUIRED, ctx->direction_class, &direction, ctx, error))
    return FALSE;
  entry.serial = serial >= 0 ? (guint64) serial : 0;
  entry.direction = direction;
  if (entry.direction == FIFOLAB_DIRECTION_EVENT &&
      !get_member (object, "event", &enum_type, REQUIRED, ctx->kind_class, &kind, ctx, error))
    return FALSE;
  entry.kind = kind;
  if (!get_member (object, "framing", &enum_type, OPTIONAL, ctx->framing_class, &entry.framing, ctx, error))
    return FALSE;

  g_array_append_val (self->entries, entry);
  /* Filled in place: a failure below leaves it to the array's clear. */
  {
    FifolabRecordingEntry *stored = &g_array_index (self->entries, FifolabRecordingEntry,
                                                    self->entries->len - 1);

    return get_pipe (object, &stored->pipe, ctx, error) &&
           get_member (object, "sender_pid", &int_type, OPTIONAL, NULL, &stored->sender_pid, ctx, error) &&
           get_member (object, "receiver_pid", &int_type, OPTIONAL, NULL, &stored->receiver_pid, ctx, error) &&
           get_member (object, "flags", &flags_type, OPTIONAL, ctx->flags_class, &stored->flags, ctx, error) &&
           get_payload (object, &stored->bytes, ctx, error) &&
           get_member (object, "call", &call_type, OPTIONAL, NULL, &stored->call, ctx, error) &&
           get_member (object, "logged_mono_us", &int_type, OPTIONAL, NULL, &stored->logged_mono_us,
                       ctx, error);
  }
}

static gboolean
read_line (FifolabRecording  *self,
           JsonParser        *parser,
           const char        *line,
           gsize              len,
           gboolean           complete,
           const ReadContext *ctx,
           GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, (gssize) len, &local_error))
    {
      if (!complete)
        set_line_error (error, ctx, _("the file ends in the middle of it: it was cut short."));
      else
        {
          /* Translators: %s says what the JSON parser found wrong. */
          g_autofree char *message = g_strdup_printf (_("it is not JSON (%s)."), local_error->message);

          set_line_error (error, ctx, message);
        }
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_line_error (error, ctx, _("it is not a JSON object: it is not an entry of a FIFO Lab log."));
      return FALSE;
    }
  if (self->entries->len == 0 && !read_header (self, json_node_get_object (root), ctx, error))
    return FALSE;
  return read_entry (self, json_node_get_object (root), ctx, error);
}

/**
 * fifolab_recording_read:
 * @stream: a log exported as JSON Lines
 *
 * Reads it line by line. Blocks.
 *
 * Returns: (transfer full): the recording, or %NULL with @error set.
 */
FifolabRecording *
fifolab_recording_read (GInputStream  *stream,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(FifolabRecording) self = recording_new ();
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  ReadContext ctx = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  data = g_data_input_stream_new (stream);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  ctx.direction_class = g_type_class_ref (FIFOLAB_TYPE_DIRECTION);
  ctx.kind_class = g_type_class_ref (FIFOLAB_TYPE_EVENT_KIND);
  ctx.flags_class = g_type_class_ref (FIFOLAB_TYPE_MESSAGE_FLAGS);
  ctx.framing_class = g_type_class_ref (FIFOLAB_TYPE_FRAMING);

  while (ok)
    {
      g_autofree char *line = NULL;
      gsize len = 0;
      guint8 newline = 0;
      gssize n = 0;

      g_autoptr(GError) local_error = NULL;

      line = g_data_input_stream_read_upto (data, "\n", 1, &len, cancellable, &local_error);
      if (local_error == NULL)
        n = g_input_stream_read (G_INPUT_STREAM (data), &newline, 1, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          break;
        }
      if (line == NULL && n == 0)
        break;
      ctx.line++;
      if (len == 0)
        continue;
      ok = read_line (self, parser, line, len, n == 1, &ctx, error);
      if (n == 0)
        break;
    }

  g_type_class_unref (ctx.direction_class);
  g_type_class_unref (ctx.kind_class);
  g_type_class_unref (ctx.flags_class);
  g_type_class_unref (ctx.framing_class);
  if (!ok)
    {
      fifolab_recording_free (g_steal_pointer (&self));
      return NULL;
    }
  return g_steal_pointer (&self);
}

FifolabRecording *
fifolab_recording_read_file (GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  return fifolab_recording_read (G_INPUT_STREAM (stream), cancellable, error);
}

static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  FifolabRecording *recording = fifolab_recording_read_file (task_data, cancellable, &error);

  if (recording == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, recording, (GDestroyNotify) fifolab_recording_free);
}

void
fifolab_recording_read_file_async (GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_recording_read_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_file_thread);
}

FifolabRecording *
fifolab_recording_read_file_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
fifolab_recording_get_n_entries (FifolabRecording *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries->len;
}

const FifolabRecordingEntry *
fifolab_recording_get_entry (FifolabRecording *self,
                             guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return &g_array_index (self->entries, FifolabRecordingEntry, index);
}

int
fifolab_recording_get_version (FifolabRecording *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->version;
}

gint64
fifolab_recording_get_start_wall_us (FifolabRecording *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->start_wall_us;
}

/* A "logged_mono_us" later than the entry's monotonic time, whose wall
 * clock time (its time plus the difference) is a number: a file edited by
 * hand may say anything. */
static gboolean
logged_fits (const FifolabRecordingEntry *entry)
{
  return entry->mono_us >= 0 && entry->logged_mono_us > entry->mono_us &&
         entry->logged_mono_us - entry->mono_us <= G_MAXINT64 - MAX (entry->wall_us, 0);
}

gboolean
fifolab_recording_fill_log (FifolabRecording *self,
                            FifolabLog       *log,
                            guint             max)
{
  guint end;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (FIFOLAB_IS_LOG (log), TRUE);

  end = max == 0 ? self->entries->len : MIN (self->entries->len, self->n_filled + max);
  if (self->n_filled == 0 && end > 0)
    _fifolab_log_start_at_serial (log, fifolab_recording_get_entry (self, 0)->serial);

  for (; self->n_filled < end; self->n_filled++)
    {
      const FifolabRecordingEntry *entry = fifolab_recording_get_entry (self, self->n_filled);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (entry->bytes, &len);
      guint64 serial;

      if (entry->framing >= 0 &&
          (entry->direction == FIFOLAB_DIRECTION_SENT || entry->direction == FIFOLAB_DIRECTION_RECEIVED))
        serial = fifolab_log_append_message (log, entry->direction, entry->flags, entry->framing,
                                             entry->pipe, entry->sender_pid, entry->receiver_pid,
                                             entry->wall_us, entry->mono_us, data, len);
      else
        serial = fifolab_log_append (log, entry->direction, entry->kind, entry->flags, entry->pipe,
                                     entry->sender_pid, entry->receiver_pid,
                                     entry->wall_us, entry->mono_us, data, len);
      /* When it was logged: from its call (told when it returned), else,
       * or when later than that, as the file says. */
      if (entry->call != NULL)
        _fifolab_log_attach_call (log, serial, entry->wall_us, entry->pipe, entry->call);
      if (logged_fits (entry) &&
          (entry->call == NULL || entry->logged_mono_us > fifolab_watch_record_get_told_us (entry->call)))
        _fifolab_log_set_logged (log, serial, entry->logged_mono_us);
    }
  return self->n_filled == self->entries->len;
}

/* -------------------------------------------------------------------- */
/* Writing (for the export) */

void
_fifolab_recording_add_header (JsonObject *object,
                               const char *time,
                               gint64      mono_us)
{
  JsonObject *header = json_object_new ();

  json_object_set_int_member (header, "version", FIFOLAB_RECORDING_VERSION);
  json_object_set_string_member (header, "start", time);
  json_object_set_int_member (header, "start_mono_us", mono_us);
  json_object_set_object_member (object, "recording", header);
}

void
_fifolab_recording_append_call (GString                  *out,
                                const FifolabWatchRecord *record)
{
  /* The watch's own JSON (fifolab-peer watch --json), whatever the kind,
   * and after its members, when the call returned. */
  g_string_append (out, "\"call\":");
  fifolab_watch_record_append_json (record, out);
  g_assert (out->str[out->len - 1] == '}');
  g_string_truncate (out, out->len - 1);
  g_string_append_printf (out, ",\"exit_us\":%" G_GINT64_FORMAT "}",
                          fifolab_watch_record_get_told_us (record));
}
