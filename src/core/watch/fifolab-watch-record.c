/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-watch-record.h"

G_DEFINE_BOXED_TYPE (FifolabWatchRecord, fifolab_watch_record,
                     fifolab_watch_record_ref, fifolab_watch_record_unref)

static void
record_clear (gpointer data)
{
  FifolabWatchRecord *record = data;

  g_free (record->syscall);
  g_free (record->comm);
  g_free (record->message);
  g_clear_pointer (&record->payload, g_bytes_unref);
}

FifolabWatchRecord *
fifolab_watch_record_new (FifolabWatchKind kind)
{
  FifolabWatchRecord *record = g_atomic_rc_box_new0 (FifolabWatchRecord);

  record->kind = kind;
  record->fd = -1;
  record->fd2 = -1;
  record->requested = -1;
  record->open_flags = -1;
  return record;
}

FifolabWatchRecord *
fifolab_watch_record_ref (FifolabWatchRecord *record)
{
  return g_atomic_rc_box_acquire (record);
}

void
fifolab_watch_record_unref (FifolabWatchRecord *record)
{
  g_atomic_rc_box_release_full (record, record_clear);
}

static const char * const kind_names[] = {
  [FIFOLAB_WATCH_CALL] = "call",
  [FIFOLAB_WATCH_ATTACH] = "attach",
  [FIFOLAB_WATCH_DETACH] = "detach",
  [FIFOLAB_WATCH_EXIT] = "exit",
  [FIFOLAB_WATCH_REFUSED] = "refused",
  [FIFOLAB_WATCH_STOPPED] = "stopped",
  [FIFOLAB_WATCH_PENDING] = "pending",
  [FIFOLAB_WATCH_RELEASED] = "released",
  [FIFOLAB_WATCH_BLOCKED] = "blocked",
  [FIFOLAB_WATCH_CONTINUED] = "continued",
  [FIFOLAB_WATCH_LETTING_GO] = "letting-go",
};

const char *
fifolab_watch_kind_to_string (FifolabWatchKind kind)
{
  if ((guint) kind < G_N_ELEMENTS (kind_names))
    return kind_names[kind];
  return "unknown";
}

static gboolean
kind_from_string (const char       *name,
                  FifolabWatchKind *out_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      {
        *out_kind = (FifolabWatchKind) i;
        return TRUE;
      }
  return FALSE;
}

static const char *
errno_name (int error)
{
  const char *name = strerrorname_np (error);

  return name != NULL ? name : "E?";
}

static void
add_payload_members (JsonBuilder              *builder,
                     const FifolabWatchRecord *record)
{
  gsize len;
  const char *data;

  if (record->payload == NULL)
    return;
  data = g_bytes_get_data (record->payload, &len);
  /* Text when it is UTF-8; else, and when it holds a NUL byte (a
   * JSON string from json-glib would stop there), base64. */
  /* An empty payload's data may be NULL, which memchr() may not get. */
  if (len == 0 || (g_utf8_validate_len (data, len, NULL) && memchr (data, '\0', len) == NULL))
    {
      g_autofree char *text = g_strndup (data, len);

      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
    }
  else
    {
      g_autofree char *b64 = g_base64_encode ((const guchar *) data, len);

      json_builder_set_member_name (builder, "base64");
      json_builder_add_string_value (builder, b64);
    }
  if ((gint64) len < record->size)
    {
      json_builder_set_member_name (builder, "truncated");
      json_builder_add_boolean_value (builder, TRUE);
    }
}

int
fifolab_watch_open_flags (guint64 flags)
{
  /* O_PATH opens no end: its access mode and O_NONBLOCK mean nothing. */
  if (flags & O_PATH)
    return O_PATH;
  return (int) (flags & (O_ACCMODE | O_NONBLOCK));
}

/* "O_WRONLY|O_NONBLOCK", "O_PATH": a PENDING open's "flags". */
static char *
open_flags_name (int flags)
{
  const char *mode;

  if (flags & O_PATH)
    return g_strdup ("O_PATH");
  switch (flags & O_ACCMODE)
    {
    case O_RDONLY: mode = "O_RDONLY"; break;
    case O_WRONLY: mode = "O_WRONLY"; break;
    default: mode = "O_RDWR"; break;
    }
  return g_strconcat (mode, (flags & O_NONBLOCK) ? "|O_NONBLOCK" : "", NULL);
}

static int
open_flags_from_name (const char *name)
{
  g_auto(GStrv) parts = NULL;
  int flags = 0;

  if (name == NULL)
    return -1;
  parts = g_strsplit (name, "|", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_str_equal (parts[i], "O_WRONLY"))
        flags |= O_WRONLY;
      else if (g_str_equal (parts[i], "O_RDWR"))
        flags |= O_RDWR;
      else if (g_str_equal (parts[i], "O_NONBLOCK"))
        flags |= O_NONBLOCK;
      else if (g_str_equal (parts[i], "O_PATH"))
        flags |= O_PATH;
    }
  return fifolab_watch_open_flags ((guint64) flags);
}

static const char *
direction_name (const FifolabWatchRecord *record)
{
  return record->is_write ? "write" : record->is_read ? "read" : "none";
}

static void
add_fd_members (JsonBuilder              *builder,
                const FifolabWatchRecord *record)
{
  json_builder_set_member_name (builder, "fd");
  json_builder_add_int_value (builder, record->fd);
  if (record->fd2 >= 0)
    {
      json_builder_set_member_name (builder, "fd2");
      json_builder_add_int_value (builder, record->fd2);
    }
}

/* What a call moves (or, held, would move): the last members of both. */
static void
add_transfer_members (JsonBuilder              *builder,
                      const FifolabWatchRecord *record)
{
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, direction_name (record));
  if (record->requested >= 0)
    {
      json_builder_set_member_name (builder, "requested");
      json_builder_add_int_value (builder, record->requested);
    }
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, MAX (record->size, 0));
  add_payload_members (builder, record);
}

JsonNode *
fifolab_watch_record_to_json (const FifolabWatchRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, fifolab_watch_kind_to_string (record->kind));
  if (record->syscall != NULL)
    {
      json_builder_set_member_name (builder, "syscall");
      json_builder_add_string_value (builder, record->syscall);
    }
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, record->pid);
  json_builder_set_member_name (builder, "tid");
  json_builder_add_int_value (builder, record->tid);
  json_builder_set_member_name (builder, "comm");
  if (record->comm != NULL)
    json_builder_add_string_value (builder, record->comm);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "time_us");
  json_builder_add_int_value (builder, record->time_us);

  switch (record->kind)
    {
    case FIFOLAB_WATCH_CALL:
      add_fd_members (builder, record);
      json_builder_set_member_name (builder, "result");
      json_builder_add_int_value (builder, record->result);
      if (record->error != 0)
        {
          json_builder_set_member_name (builder, "errno");
          json_builder_add_string_value (builder, errno_name (record->error));
        }
      json_builder_set_member_name (builder, "blocked_us");
      json_builder_add_int_value (builder, record->blocked_us);
      add_transfer_members (builder, record);
      break;

    case FIFOLAB_WATCH_PENDING:
      /* A held call: what a call's record says but its outcome. */
      add_fd_members (builder, record);
      if (record->open_flags >= 0)
        {
          g_autofree char *flags = open_flags_name (record->open_flags);

          json_builder_set_member_name (builder, "flags");
          json_builder_add_string_value (builder, flags);
        }
      add_transfer_members (builder, record);
      break;

    case FIFOLAB_WATCH_BLOCKED:
    case FIFOLAB_WATCH_LETTING_GO:
      /* A call still running: how long so far, and what it asks. */
      add_fd_members (builder, record);
      json_builder_set_member_name (builder, "blocked_us");
      json_builder_add_int_value (builder, record->blocked_us);
      add_transfer_members (builder, record);
      break;

    case FIFOLAB_WATCH_EXIT:
      json_builder_set_member_name (builder, record->signaled ? "signal" : "status");
      json_builder_add_int_value (builder, record->result);
      break;

    case FIFOLAB_WATCH_STOPPED:
      json_builder_set_member_name (builder, "signal");
      json_builder_add_int_value (builder, record->result);
      break;

    case FIFOLAB_WATCH_REFUSED:
      json_builder_set_member_name (builder, "errno");
      json_builder_add_string_value (builder, errno_name (record->error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, record->message != NULL ? record->message : "");
      break;

    case FIFOLAB_WATCH_ATTACH:
    case FIFOLAB_WATCH_DETACH:
    case FIFOLAB_WATCH_RELEASED:
    default:
      break;
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* -------------------------------------------------------------------- */
/* The same JSON as text, without a tree: JsonGenerator's output for the
 * object above, member by member (compact, in the same order), with its
 * escapes: \" \\ \b \f \n \r \t, \u00XX for the other control characters
 * and DEL, everything else (UTF-8 included) as it is. One difference: U+001F,
 * which json-glib 1.6 leaves raw (invalid JSON), is written \u001f. */

static void
append_json_string (GString    *out,
                    const char *text,
                    gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  gsize plain = 0;

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];
      char escape[7] = { '\\', 0, 0, 0, 0, 0, 0 };

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      g_string_append_len (out, text + plain, (gssize) (i - plain));
      plain = i + 1;
      switch (c)
        {
        case '"': escape[1] = '"'; break;
        case '\\': escape[1] = '\\'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        default:
          memcpy (escape + 1, "u00", 3);
          escape[4] = hex[c >> 4];
          escape[5] = hex[c & 0xf];
          break;
        }
      g_string_append (out, escape);
    }
  g_string_append_len (out, text + plain, (gssize) (len - plain));
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *name)
{
  /* Names are ours (plain ASCII); the first one follows the "{". */
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
append_string_member (GString    *out,
                      const char *name,
                      const char *value)
{
  append_member (out, name);
  if (value == NULL)
    g_string_append (out, "null");
  else
    append_json_string (out, value, strlen (value));
}

static void
append_int_member (GString    *out,
                   const char *name,
                   gint64      value)
{
  append_member (out, name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
append_payload_json (GString *out,
                     GBytes  *payload,
                     gint64   size)
{
  gsize len;
  const char *data = g_bytes_get_data (payload, &len);

  /* As fifolab_watch_record_to_json(): text when it is UTF-8 without NUL;
   * an empty one (the read at EOF) is "text":null there, and here. */
  if (len == 0)
    append_string_member (out, "text", NULL);
  else if (g_utf8_validate_len (data, len, NULL) && memchr (data, '\0', len) == NULL)
    {
      append_member (out, "text");
      append_json_string (out, data, len);
    }
  else
    {
      g_autofree char *b64 = g_base64_encode ((const guchar *) data, len);

      append_string_member (out, "base64", b64);
    }
  if ((gint64) len < size)
    g_string_append (out, ",\"truncated\":true");
}

static void
append_fd_members (GString                  *out,
                   const FifolabWatchRecord *record)
{
  append_int_member (out, "fd", record->fd);
  if (record->fd2 >= 0)
    append_int_member (out, "fd2", record->fd2);
}

static void
append_transfer_members (GString                  *out,
                         const FifolabWatchRecord *record)
{
  append_string_member (out, "direction", direction_name (record));
  if (record->requested >= 0)
    append_int_member (out, "requested", record->requested);
  append_int_member (out, "size", MAX (record->size, 0));
  if (record->payload != NULL)
    append_payload_json (out, record->payload, record->size);
}

void
fifolab_watch_record_append_json (const FifolabWatchRecord *record,
                                  GString                  *out)
{
  g_string_append_c (out, '{');
  append_string_member (out, "event", fifolab_watch_kind_to_string (record->kind));
  if (record->syscall != NULL)
    append_string_member (out, "syscall", record->syscall);
  append_int_member (out, "pid", record->pid);
  append_int_member (out, "tid", record->tid);
  append_string_member (out, "comm", record->comm);
  append_int_member (out, "time_us", record->time_us);

  switch (record->kind)
    {
    case FIFOLAB_WATCH_CALL:
      append_fd_members (out, record);
      append_int_member (out, "result", record->result);
      if (record->error != 0)
        append_string_member (out, "errno", errno_name (record->error));
      append_int_member (out, "blocked_us", record->blocked_us);
      append_transfer_members (out, record);
      break;
    case FIFOLAB_WATCH_EXIT:
      append_int_member (out, record->signaled ? "signal" : "status", record->result);
      break;
    case FIFOLAB_WATCH_STOPPED:
      append_int_member (out, "signal", record->result);
      break;
    case FIFOLAB_WATCH_REFUSED:
      append_string_member (out, "errno", errno_name (record->error));
      append_string_member (out, "message", record->message != NULL ? record->message : "");
      break;
    case FIFOLAB_WATCH_PENDING:
      append_fd_members (out, record);
      if (record->open_flags >= 0)
        {
          g_autofree char *flags = open_flags_name (record->open_flags);

          append_string_member (out, "flags", flags);
        }
      append_transfer_members (out, record);
      break;
    case FIFOLAB_WATCH_BLOCKED:
    case FIFOLAB_WATCH_LETTING_GO:
      append_fd_members (out, record);
      append_int_member (out, "blocked_us", record->blocked_us);
      append_transfer_members (out, record);
      break;
    case FIFOLAB_WATCH_ATTACH:
    case FIFOLAB_WATCH_DETACH:
    case FIFOLAB_WATCH_RELEASED:
    default:
      break;
    }
  g_string_append_c (out, '}');
}

/* Strings in JSON text are UTF-8 without NUL: a payload's exact bytes come
 * from base64 when there is one. */
static GBytes *
payload_from_json (JsonObject *object)
{
  const char *b64 = json_object_get_string_member_with_default (object, "base64", NULL);
  const char *text = json_object_get_string_member_with_default (object, "text", NULL);

  if (b64 != NULL)
    {
      gsize len = 0;
      guchar *data = g_base64_decode (b64, &len);

      return g_bytes_new_take (data, len);
    }
  if (text != NULL)
    return g_bytes_new (text, strlen (text));
  return NULL;
}

static gboolean
errno_from_name (const char *name,
                 int        *out_error)
{
  for (int e = 1; e < 200; e++)
    {
      const char *known = strerrorname_np (e);

      if (known != NULL && g_strcmp0 (known, name) == 0)
        {
          *out_error = e;
          return TRUE;
        }
    }
  return FALSE;
}

FifolabWatchRecord *
fifolab_watch_record_from_json (const char  *line,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("A line of the watch is not one of its records."));
      return NULL;
    }
  return fifolab_watch_record_from_json_object (json_node_get_object (root), error);
}

FifolabWatchRecord *
fifolab_watch_record_from_json_object (JsonObject  *object,
                                       GError     **error)
{
  g_autoptr(FifolabWatchRecord) record = NULL;
  FifolabWatchKind kind;
  const char *errname;

  if (!kind_from_string (json_object_get_string_member_with_default (object, "event", NULL), &kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("A line of the watch is not one of its records."));
      return NULL;
    }

  record = fifolab_watch_record_new (kind);
  record->syscall = g_strdup (json_object_get_string_member_with_default (object, "syscall", NULL));
  record->pid = json_object_get_int_member_with_default (object, "pid", 0);
  record->tid = json_object_get_int_member_with_default (object, "tid", 0);
  record->comm = g_strdup (json_object_get_string_member_with_default (object, "comm", NULL));
  record->time_us = json_object_get_int_member_with_default (object, "time_us", 0);
  record->fd = (int) json_object_get_int_member_with_default (object, "fd", -1);
  record->fd2 = (int) json_object_get_int_member_with_default (object, "fd2", -1);
  record->result = json_object_get_int_member_with_default (object, "result", 0);
  record->requested = json_object_get_int_member_with_default (object, "requested", -1);
  record->size = json_object_get_int_member_with_default (object, "size", 0);
  record->blocked_us = json_object_get_int_member_with_default (object, "blocked_us", 0);
  record->message = g_strdup (json_object_get_string_member_with_default (object, "message", NULL));
  errname = json_object_get_string_member_with_default (object, "errno", NULL);
  if (errname != NULL)
    errno_from_name (errname, &record->error);
  if (kind == FIFOLAB_WATCH_STOPPED)
    record->result = json_object_get_int_member_with_default (object, "signal", 0);
  else if (kind == FIFOLAB_WATCH_EXIT)
    {
      record->signaled = json_object_has_member (object, "signal");
      record->result = json_object_get_int_member_with_default (object,
                                                                record->signaled ? "signal" : "status",
                                                                0);
    }
  else if (kind == FIFOLAB_WATCH_CALL || kind == FIFOLAB_WATCH_PENDING || kind == FIFOLAB_WATCH_BLOCKED ||
           kind == FIFOLAB_WATCH_LETTING_GO)
    {
      const char *direction = json_object_get_string_member_with_default (object, "direction", "");

      record->is_write = g_strcmp0 (direction, "write") == 0;
      record->is_read = g_strcmp0 (direction, "read") == 0;
      record->payload = payload_from_json (object);
    }
  if (kind == FIFOLAB_WATCH_PENDING)
    record->open_flags = open_flags_from_name (json_object_get_string_member_with_default (object, "flags", NULL));
  return g_steal_pointer (&record);
}

static void
append_who (GString                  *line,
            const FifolabWatchRecord *record)
{
  g_string_append_printf (line, "%" G_GINT64_FORMAT, record->pid);
  if (record->tid != record->pid && record->tid > 0)
    g_string_append_printf (line, "/%" G_GINT64_FORMAT, record->tid);
  g_string_append_printf (line, " %s ", record->comm != NULL ? record->comm : "?");
}

/* "write(3, "Hello 4242", 10)": the call and its arguments. */
static void
append_call_args (GString                  *line,
                  const FifolabWatchRecord *record)
{
  gboolean first = TRUE;

  g_string_append_printf (line, "%s(", record->syscall != NULL ? record->syscall : "?");
  if (record->fd >= 0)
    {
      g_string_append_printf (line, "%d", record->fd);
      first = FALSE;
    }
  if (record->fd2 >= 0)
    {
      g_string_append_printf (line, "%s%d", first ? "" : ", ", record->fd2);
      first = FALSE;
    }
  if (record->payload != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (record->payload, &len);
      g_autofree char *shown = fifolab_escape_for_display (data, len, FIFOLAB_WATCH_TEXT_PAYLOAD_CHARS);

      g_string_append_printf (line, "%s\"%s\"", first ? "" : ", ", shown);
      first = FALSE;
    }
  if (record->requested >= 0)
    g_string_append_printf (line, "%s%" G_GINT64_FORMAT, first ? "" : ", ", record->requested);
  if (record->kind == FIFOLAB_WATCH_PENDING && record->open_flags >= 0)
    {
      g_autofree char *flags = open_flags_name (record->open_flags);

      g_string_append_printf (line, "%s%s", first ? "" : ", ", flags);
    }
  g_string_append_c (line, ')');
}

static void
append_call (GString                  *line,
             const FifolabWatchRecord *record)
{
  append_call_args (line, record);
  g_string_append_printf (line, " = %" G_GINT64_FORMAT, record->result);
  if (record->error != 0)
    g_string_append_printf (line, " %s (%s)", errno_name (record->error),
                            g_strerror (record->error));
  g_string_append_printf (line, " <%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT ">",
                          record->blocked_us / G_USEC_PER_SEC,
                          record->blocked_us % G_USEC_PER_SEC);
}

gint64
fifolab_watch_record_get_told_us (const FifolabWatchRecord *record)
{
  g_return_val_if_fail (record != NULL, 0);
  /* Only a call, a blocked and a letting-go record have a time blocked. */
  return record->time_us + record->blocked_us;
}

/* Whether @read carries @write's first bytes (up to 16: enough to tell one
 * message from the next, few enough to be in a read that took only some).
 * The caller has checked that @read is another thread's read that returned
 * after @write began. */
static gboolean
read_carries (const FifolabWatchRecord *read,
              const FifolabWatchRecord *write)
{
  gsize read_len, write_len;
  const guint8 *read_data, *write_data;

  if (read->result <= 0 || read->payload == NULL)
    return FALSE;
  read_data = g_bytes_get_data (read->payload, &read_len);
  write_data = g_bytes_get_data (write->payload, &write_len);
  write_len = MIN (write_len, 16);
  return write_len > 0 && memmem (read_data, read_len, write_data, write_len) != NULL;
}

gboolean
fifolab_watch_records_tell_write_first (GPtrArray *records)
{
  FifolabWatchRecord *write;
  guint first = G_MAXUINT;

  g_return_val_if_fail (records != NULL, FALSE);

  if (records->len < 2)
    return FALSE;
  write = g_ptr_array_index (records, records->len - 1);
  if (write->kind != FIFOLAB_WATCH_CALL || !write->is_write || write->result <= 0 || write->payload == NULL)
    return FALSE;
  /* The reads just before it: the earliest that carries its bytes. */
  for (guint i = records->len - 1; i > 0; i--)
    {
      const FifolabWatchRecord *before = g_ptr_array_index (records, i - 1);

      if (before->kind != FIFOLAB_WATCH_CALL || !before->is_read || before->is_write ||
          before->tid == write->tid || fifolab_watch_record_get_told_us (before) < write->time_us)
        break;
      if (read_carries (before, write))
        first = i - 1;
    }
  if (first == G_MAXUINT)
    return FALSE;
  g_ptr_array_insert (records, (int) first, g_ptr_array_steal_index (records, records->len - 1));
  return TRUE;
}

gint64
fifolab_watch_record_found_empty (const FifolabWatchRecord *record,
                                  gboolean                  alone)
{
  g_return_val_if_fail (record != NULL, G_MAXINT64);

  if (!record->is_read || record->time_us <= 0)
    return G_MAXINT64;
  if (record->kind == FIFOLAB_WATCH_CALL)
    return record->result == 0 && record->error == 0 && record->requested != 0
           ? fifolab_watch_record_get_told_us (record) : G_MAXINT64;
  if (record->kind != FIFOLAB_WATCH_BLOCKED || record->syscall == NULL)
    return G_MAXINT64;
  if (g_str_has_prefix (record->syscall, "open") && !alone)
    return G_MAXINT64;
  return record->time_us;
}

const char *
fifolab_watch_record_get_explanation (const FifolabWatchRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  switch (record->kind)
    {
    case FIFOLAB_WATCH_ATTACH:
      return _("FIFO Lab’s watch began to trace this thread (ptrace): from now on each of its calls on the pipe shows in the log, with what it returned. The thread runs on; the watch takes no byte.");
    case FIFOLAB_WATCH_DETACH:
      return _("FIFO Lab’s watch stopped tracing this thread, as the watch was turned off: its calls on the pipe no longer show in the log. It runs on as before.");
    case FIFOLAB_WATCH_EXIT:
      return _("A watched process ended: the line gives its exit status, or the signal that killed it. The kernel closed its descriptors, so if it held the last write end the reader sees end of file, and if it held the last read end writers get EPIPE.");
    case FIFOLAB_WATCH_REFUSED:
      /* A process no scan could see (fifolab-watch-unseen.h). */
      if (record->pid == 0)
        return _("A watched call needed a process on the other end that FIFO Lab cannot see: most likely another user’s, whose descriptors the kernel hides, so the watch can neither see nor trace it. The line says what gave it away and what would let FIFO Lab see it.");
      return _("The kernel refused to let FIFO Lab’s watch trace this process (ptrace), so none of its calls on the pipe are seen: this line is no call and has no result. It says why, and what would allow the watch; a tap sees the pipe’s traffic without tracing.");
    case FIFOLAB_WATCH_STOPPED:
      return _("A signal stopped this watched thread (SIGSTOP, or Ctrl+Z in its terminal): it makes no call until SIGCONT continues it, and a process waiting for it on the other end of the pipe waits too.");
    case FIFOLAB_WATCH_CONTINUED:
      return _("SIGCONT continued this watched thread after a stop: it runs again from where it stopped.");
    case FIFOLAB_WATCH_PENDING:
      return _("Step mode: the watch holds this thread just before this call on the pipe, before the kernel runs it. Predict what it will do; stepping lets it go on.");
    case FIFOLAB_WATCH_RELEASED:
      return _("Step mode: the call the watch held goes on now; the line of the call, with what it returned, follows when it returns.");
    case FIFOLAB_WATCH_BLOCKED:
      return _("This watched thread is still inside this call on the pipe, asleep in the kernel: a read waits for bytes or for a writer, a write for room in the pipe, an open for the other end. The line of the call, with what it returned, follows when it returns.");
    case FIFOLAB_WATCH_LETTING_GO:
      return _("The watch is stopping, but this thread is inside a write that letting it go now would cut short: the watch lets it go as soon as the write returns.");
    case FIFOLAB_WATCH_CALL:
    default:
      return fifolab_event_kind_get_explanation (FIFOLAB_EVENT_WATCH);
    }
}

char *
fifolab_watch_record_to_text (const FifolabWatchRecord *record)
{
  g_autoptr(GString) line = g_string_new (NULL);

  /* A process no scan could see (fifolab-watch-unseen.h): no one to name. */
  if (record->kind == FIFOLAB_WATCH_REFUSED && record->pid == 0)
    return g_strdup_printf (_("cannot be seen: %s"), record->message != NULL ? record->message : "");
  append_who (line, record);
  switch (record->kind)
    {
    case FIFOLAB_WATCH_CALL:
      append_call (line, record);
      break;
    case FIFOLAB_WATCH_ATTACH:
      g_string_append (line, _("watched from now on"));
      break;
    case FIFOLAB_WATCH_DETACH:
      g_string_append (line, _("no longer watched"));
      break;
    case FIFOLAB_WATCH_EXIT:
      if (record->signaled)
        g_string_append_printf (line, _("killed by signal %d (%s)"), (int) record->result,
                                g_strsignal ((int) record->result));
      else
        g_string_append_printf (line, _("exited with status %d"), (int) record->result);
      break;
    case FIFOLAB_WATCH_STOPPED:
      g_string_append_printf (line, _("stopped by signal %d (%s) until it is continued"),
                              (int) record->result, g_strsignal ((int) record->result));
      break;
    case FIFOLAB_WATCH_CONTINUED:
      g_string_append (line, _("continued (SIGCONT)"));
      break;
    case FIFOLAB_WATCH_REFUSED:
      g_string_append_printf (line, _("cannot be watched: %s"),
                              record->message != NULL ? record->message : "");
      break;
    case FIFOLAB_WATCH_PENDING:
      {
        g_autoptr(GString) call = g_string_new (NULL);

        append_call_args (call, record);
        /* Translators: step mode; %s is a call, as in “write(3, "Hello", 5)”. */
        g_string_append_printf (line, _("about to call %s"), call->str);
      }
      break;
    case FIFOLAB_WATCH_BLOCKED:
      {
        g_autoptr(GString) call = g_string_new (NULL);
        g_autofree char *secs = g_strdup_printf ("%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT,
                                                 record->blocked_us / G_USEC_PER_SEC,
                                                 record->blocked_us % G_USEC_PER_SEC);

        append_call_args (call, record);
        /* Translators: a call still running; the first %s is a call, as in
         * “write(3, 100001)”, the second seconds, as in “0.100213”. */
        g_string_append_printf (line, _("still blocked in %s after %s s"), call->str, secs);
      }
      break;
    case FIFOLAB_WATCH_LETTING_GO:
      {
        g_autoptr(GString) call = g_string_new (NULL);

        append_call_args (call, record);
        /* Translators: the watch is stopping; %s is a call, as in
         * “write(3, 100000)”, which letting go now would cut short. */
        g_string_append_printf (line, _("inside %s: let go when it returns"), call->str);
      }
      break;
    case FIFOLAB_WATCH_RELEASED:
      /* Translators: step mode; %s is the name of a system call (“write”). */
      g_string_append_printf (line, _("goes on with %s()"),
                              record->syscall != NULL ? record->syscall : "?");
      break;
    default:
      break;
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}
