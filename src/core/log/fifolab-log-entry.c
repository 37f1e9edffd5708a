/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-log-entry.h"
#include "fifolab-log-private.h"

/* Longest display text made for one row; the full bytes stay available. */
#define DISPLAY_MAX_CHARS 4096

struct _FifolabLogEntry
{
  GObject           parent_instance;

  guint64           serial;
  gint64            wall_us;
  gint64            mono_us;
  /* When it was logged, if later than its time (a watched call, told when
   * it returned); else wall_us and mono_us. */
  gint64            logged_wall_us;
  gint64            logged_mono_us;
  gint64            sender_pid;
  gint64            receiver_pid;
  char             *pipe_path;
  GBytes           *bytes;
  char             *display_text;   /* made on first use */
  char             *row_text;       /* made on first use */
  guint             flags;
  FifolabDirection  direction;
  FifolabEventKind  kind;
  int               framing;        /* FifolabFraming, -1 = none */
  /* Evicted by the log's cap before this row was made: its bytes are gone. */
  gboolean          evicted;
  /* A Watch entry's record, when the log still keeps it: its explanation. */
  FifolabWatchRecord *call;
};

G_DEFINE_FINAL_TYPE (FifolabLogEntry, fifolab_log_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERIAL,
  PROP_WALL_US,
  PROP_MONO_US,
  PROP_DIRECTION,
  PROP_KIND,
  PROP_FLAGS,
  PROP_FRAMING,
  PROP_PIPE_PATH,
  PROP_SENDER_PID,
  PROP_RECEIVER_PID,
  PROP_BYTES,
  PROP_SIZE,
  PROP_DISPLAY_TEXT,
  PROP_EXPLANATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fifolab_log_entry_finalize (GObject *object)
{
  FifolabLogEntry *self = (FifolabLogEntry *)object;

  g_clear_pointer (&self->pipe_path, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->display_text, g_free);
  g_clear_pointer (&self->row_text, g_free);
  g_clear_pointer (&self->call, fifolab_watch_record_unref);

  G_OBJECT_CLASS (fifolab_log_entry_parent_class)->finalize (object);
}

static void
fifolab_log_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FifolabLogEntry *self = FIFOLAB_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_SERIAL:
      g_value_set_uint64 (value, self->serial);
      break;
    case PROP_WALL_US:
      g_value_set_int64 (value, self->wall_us);
      break;
    case PROP_MONO_US:
      g_value_set_int64 (value, self->mono_us);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    case PROP_FRAMING:
      g_value_set_int (value, self->framing);
      break;
    case PROP_PIPE_PATH:
      g_value_set_string (value, self->pipe_path);
      break;
    case PROP_SENDER_PID:
      g_value_set_int64 (value, self->sender_pid);
      break;
    case PROP_RECEIVER_PID:
      g_value_set_int64 (value, self->receiver_pid);
      break;
    case PROP_BYTES:
      g_value_set_boxed (value, self->bytes);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, fifolab_log_entry_get_size (self));
      break;
    case PROP_DISPLAY_TEXT:
      g_value_set_string (value, fifolab_log_entry_get_display_text (self));
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, fifolab_log_entry_get_explanation (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_log_entry_class_init (FifolabLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fifolab_log_entry_finalize;
  object_class->get_property = fifolab_log_entry_get_property;

  properties[PROP_SERIAL] =
    g_param_spec_uint64 ("serial", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_WALL_US] =
    g_param_spec_int64 ("wall-us", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_MONO_US] =
    g_param_spec_int64 ("mono-us", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL,
                       FIFOLAB_TYPE_DIRECTION, FIFOLAB_DIRECTION_EVENT, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       FIFOLAB_TYPE_EVENT_KIND, FIFOLAB_EVENT_NONE, flags);
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL,
                        FIFOLAB_TYPE_MESSAGE_FLAGS, FIFOLAB_MESSAGE_NONE, flags);
  /* The FifolabFraming a message was cut or sent with; -1 for other entries. */
  properties[PROP_FRAMING] =
    g_param_spec_int ("framing", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPE_PATH] =
    g_param_spec_string ("pipe-path", NULL, NULL, NULL, flags);
  properties[PROP_SENDER_PID] =
    g_param_spec_int64 ("sender-pid", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_RECEIVER_PID] =
    g_param_spec_int64 ("receiver-pid", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_BYTES] =
    g_param_spec_boxed ("bytes", NULL, NULL, G_TYPE_BYTES, flags);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_DISPLAY_TEXT] =
    g_param_spec_string ("display-text", NULL, NULL, NULL, flags);
  properties[PROP_EXPLANATION] =
    g_param_spec_string ("explanation", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fifolab_log_entry_init (FifolabLogEntry *self)
{
  self->sender_pid = -1;
  self->receiver_pid = -1;
  self->framing = -1;
}

/**
 * fifolab_log_entry_new:
 * @framing: the #FifolabFraming of a message (its bytes are the message
 *   without it), -1 for other entries
 * @bytes: (nullable): the payload, or for events the detail text; held, not copied
 *
 * Returns: (transfer full): an immutable row.
 */
FifolabLogEntry *
fifolab_log_entry_new (guint64           serial,
                       gint64            wall_us,
                       gint64            mono_us,
                       FifolabDirection  direction,
                       FifolabEventKind  kind,
                       guint             flags,
                       int               framing,
                       const char       *pipe_path,
                       gint64            sender_pid,
                       gint64            receiver_pid,
                       GBytes           *bytes)
{
  FifolabLogEntry *self = g_object_new (FIFOLAB_TYPE_LOG_ENTRY, NULL);

  /* Rows are made for every visible line of the view: fill the struct directly
   * instead of going through construct properties. */
  self->serial = serial;
  self->wall_us = wall_us;
  self->mono_us = mono_us;
  self->logged_wall_us = wall_us;
  self->logged_mono_us = mono_us;
  self->direction = direction;
  self->kind = kind;
  self->flags = flags;
  self->framing = framing < 0 ? -1 : framing;
  self->pipe_path = g_strdup (pipe_path);
  self->sender_pid = sender_pid < 0 ? -1 : sender_pid;
  self->receiver_pid = receiver_pid < 0 ? -1 : receiver_pid;
  self->bytes = bytes != NULL ? g_bytes_ref (bytes) : g_bytes_new (NULL, 0);

  return self;
}

/**
 * fifolab_log_entry_get_framing:
 *
 * Returns: the #FifolabFraming a sent or received message was framed with
 *   (its bytes are the message without the framing), or -1 for other entries
 */
int
fifolab_log_entry_get_framing (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), -1);
  return self->framing;
}

guint64
fifolab_log_entry_get_serial (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), 0);
  return self->serial;
}

gint64
fifolab_log_entry_get_wall_us (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), 0);
  return self->wall_us;
}

gint64
fifolab_log_entry_get_mono_us (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), 0);
  return self->mono_us;
}

gint64
fifolab_log_entry_get_logged_wall_us (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), 0);
  return self->logged_wall_us;
}

gint64
fifolab_log_entry_get_logged_mono_us (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), 0);
  return self->logged_mono_us;
}

gboolean
fifolab_log_entry_is_logged_late (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), FALSE);
  return self->logged_mono_us - self->mono_us >= FIFOLAB_LOG_ENTRY_LATE_US;
}

gboolean
fifolab_log_entry_is_watched (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), FALSE);
  return (self->direction == FIFOLAB_DIRECTION_EVENT && self->kind == FIFOLAB_EVENT_WATCH) ||
         (self->flags & FIFOLAB_MESSAGE_WATCHED) != 0;
}

FifolabDirection
fifolab_log_entry_get_direction (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), FIFOLAB_DIRECTION_EVENT);
  return self->direction;
}

FifolabEventKind
fifolab_log_entry_get_kind (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), FIFOLAB_EVENT_NONE);
  return self->kind;
}

guint
fifolab_log_entry_get_flags (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), 0);
  return self->flags;
}

const char *
fifolab_log_entry_get_pipe_path (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), NULL);
  return self->pipe_path;
}

gint64
fifolab_log_entry_get_sender_pid (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), -1);
  return self->sender_pid;
}

gint64
fifolab_log_entry_get_receiver_pid (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), -1);
  return self->receiver_pid;
}

/**
 * fifolab_log_entry_get_bytes:
 *
 * Returns: (transfer none): the exact bytes; never %NULL (may be empty).
 */
GBytes *
fifolab_log_entry_get_bytes (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), NULL);
  return self->bytes;
}

/**
 * fifolab_log_entry_get_evicted:
 *
 * Whether the log's cap evicted this entry before the row was made: its
 * bytes are gone (empty here), and the log is about to remove it.
 */
gboolean
fifolab_log_entry_get_evicted (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), FALSE);
  return self->evicted;
}

/* The log only, right after fifolab_log_entry_new() with no bytes. */
void
_fifolab_log_entry_set_evicted (FifolabLogEntry *self)
{
  self->evicted = TRUE;
}

void
_fifolab_log_entry_set_call (FifolabLogEntry    *self,
                             FifolabWatchRecord *record)
{
  g_assert (self->call == NULL);
  self->call = fifolab_watch_record_ref (record);
}

void
_fifolab_log_entry_set_logged_mono_us (FifolabLogEntry *self,
                                       gint64           logged_mono_us)
{
  /* The wall clock's time of it, by the entry's own pair of clocks. */
  self->logged_wall_us = self->wall_us + (logged_mono_us - self->mono_us);
  self->logged_mono_us = logged_mono_us;
}

gsize
fifolab_log_entry_get_size (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), 0);
  return g_bytes_get_size (self->bytes);
}

/* The text a row or the inspector shows for the bytes. A Watch entry's
 * bytes are the watch's own line (fifolab_watch_record_to_text()), whose
 * payload is escaped already, as strace writes it: write(4, "one\ntw", 6).
 * Needed, not a shortcut: the common path, fifolab_escape_for_display(),
 * shows a backslash as "\\", so the newline would read "\\n" and the
 * line would no longer say what the process wrote (test-session-watch's
 * /session-watch/built-records fails with it). The line is shown as it is
 * unless it could hide what it says: then fifolab_escape_message() shows it
 * as a name is shown. */
static char *
escape_entry (FifolabLogEntry *self,
              gsize            max_chars)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);

  if (self->direction == FIFOLAB_DIRECTION_EVENT && self->kind == FIFOLAB_EVENT_WATCH &&
      memchr (data, '\0', len) == NULL && memchr (data, '\n', len) == NULL &&
      g_utf8_validate_len ((const char *) data, len, NULL))
    {
      g_autofree char *line = g_strndup ((const char *) data, len);
      g_autofree char *cut = NULL;

      /* Cut as fifolab_escape_for_display() cuts: "…" included. */
      if (max_chars > 1 && (gsize) g_utf8_strlen (line, -1) > max_chars)
        {
          g_autofree char *head = g_utf8_substring (line, 0, (glong) max_chars - 1);

          cut = g_strconcat (head, "…", NULL);
        }
      return fifolab_escape_message (cut != NULL ? cut : line, max_chars);
    }
  return fifolab_escape_for_display (data, len, max_chars);
}

/**
 * fifolab_log_entry_get_display_text:
 *
 * The bytes as literal, escaped text (never markup), cut after 4096 characters.
 *
 * Returns: (transfer none): the text, cached in the row.
 */
const char *
fifolab_log_entry_get_display_text (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), NULL);

  if (self->display_text == NULL)
    self->display_text = escape_entry (self, DISPLAY_MAX_CHARS);

  return self->display_text;
}

/**
 * fifolab_log_entry_peek_text:
 * @len: (out): the length of the text in bytes
 *
 * What the log's search looks in. A message that is printable text without
 * a backslash, as most are, is its own escaped text: all of it, read where
 * it is, neither escaped nor copied, however long (the framer keeps up to
 * 1 MiB). Other bytes, and a Watch entry's line, give the display text, the
 * first 4096 characters as the inspector shows them: escaping all of a
 * binary message for each search would cost a pause per keystroke on a
 * full log, and keeping it escaped, up to four times its bytes outside
 * the log's memory limit.
 *
 * Returns: (transfer none): @len bytes of UTF-8, not NUL-terminated, valid
 *   as long as the entry
 */
const char *
fifolab_log_entry_peek_text (FifolabLogEntry *self,
                             gsize           *len)
{
  gsize size = 0;
  const guint8 *data;
  const char *text;

  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), NULL);
  g_return_val_if_fail (len != NULL, NULL);

  data = g_bytes_get_data (self->bytes, &size);
  /* A Watch entry's line is not escaped as other bytes are (escape_entry()). */
  if (!(self->direction == FIFOLAB_DIRECTION_EVENT && self->kind == FIFOLAB_EVENT_WATCH) &&
      fifolab_escape_is_literal (data, size))
    {
      *len = size;
      return size > 0 ? (const char *) data : "";
    }

  text = fifolab_log_entry_get_display_text (self);
  *len = text != NULL ? strlen (text) : 0;
  return text != NULL ? text : "";
}

/**
 * fifolab_log_entry_get_row_text:
 *
 * The display text cut after %FIFOLAB_LOG_ENTRY_ROW_MAX_CHARS characters, for
 * the log's rows: a row is laid out each time it is drawn, and laying out the
 * 4096 characters of a big message for a cell that shows a hundred of them
 * was most of what a flood of big messages cost the window (issue 13).
 *
 * Returns: (transfer none): the text, cached in the row.
 */
const char *
fifolab_log_entry_get_row_text (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), NULL);

  if (self->row_text == NULL)
    self->row_text = escape_entry (self, FIFOLAB_LOG_ENTRY_ROW_MAX_CHARS);

  return self->row_text;
}

/**
 * fifolab_log_entry_get_explanation:
 *
 * Returns: (nullable) (transfer none): the event kind's explanation (a
 *   Watch entry's, that of its record: a refusal is no call), %NULL for
 *   messages.
 */
const char *
fifolab_log_entry_get_explanation (FifolabLogEntry *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (self), NULL);

  if (self->direction != FIFOLAB_DIRECTION_EVENT)
    return NULL;
  if (self->call != NULL)
    return fifolab_watch_record_get_explanation (self->call);

  return fifolab_event_kind_get_explanation (self->kind);
}
