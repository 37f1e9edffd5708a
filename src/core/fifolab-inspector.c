/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-inspector.h"
#include "fifolab-stamp.h"

/* The longest digit run taken as a pid. */
#define MAX_PID_DIGITS 19

/* How long a claimed pid found not writing to a pipe is taken as such before
 * /proc is looked at again (GObject property "recheck-interval", in ms). A
 * flood of messages claiming a pid that does not write would otherwise cost a
 * walk of that process's descriptors each. */
#define DEFAULT_RECHECK_INTERVAL_MS 250
/* Pids remembered as not writing, per pipe, before they are all forgotten. */
#define MAX_ABSENT 4096

struct _FifolabInspector
{
  GObject     parent_instance;

  FifolabLog *log;
  char       *default_template;
  GHashTable *templates;  /* path → template */
  GHashTable *writers;    /* path → GHashTable set of gint64 pids */
  GHashTable *absent;     /* path → GHashTable gint64 pid → gint64 µs it was found not writing */
  guint       recheck_interval_ms;
  GHashTable *readers;    /* FifolabReader* (weak) → handler id */
  FifolabSession *session;
  guint       n_torn;
  guint       n_unseen;
};

G_DEFINE_FINAL_TYPE (FifolabInspector, fifolab_inspector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_N_TORN,
  PROP_N_UNSEEN,
  PROP_RECHECK_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FLAGGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shapes */

/* The literal pieces of @template_ around each "%d" ("%%" made "%"); NULL when
 * the template is not valid. */
static GPtrArray *
split_template (const char *template_)
{
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GBytes) probe = NULL;
  GString *piece;

  probe = fifolab_stamp_expand (template_, 1, NULL);
  if (probe == NULL)
    return NULL;

  pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  piece = g_string_new (NULL);
  for (const char *p = template_; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == '%')
        {
          g_string_append_c (piece, '%');
          p++;
        }
      else if (p[0] == '%' && p[1] == 'd')
        {
          g_ptr_array_add (pieces, g_string_free_to_bytes (piece));
          piece = g_string_new (NULL);
          p++;
        }
      else
        g_string_append_c (piece, *p);
    }
  g_ptr_array_add (pieces, g_string_free_to_bytes (piece));
  return g_steal_pointer (&pieces);
}

static gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_filler (guint8 c)
{
  return c == '\0' || c == '\n' || c == '\r';
}

/* One message of the shape at @pos; returns the position after it, or NULL. */
static const guint8 *
match_one (GPtrArray    *pieces,
           const guint8 *pos,
           const guint8 *end)
{
  const guint8 *pid = NULL;
  gsize pid_len = 0;

  for (guint i = 0; i < pieces->len; i++)
    {
      gsize len;
      const guint8 *lit = g_bytes_get_data (pieces->pdata[i], &len);

      if ((gsize) (end - pos) < len || (len > 0 && memcmp (pos, lit, len) != 0))
        return NULL;
      pos += len;

      if (i + 1 < pieces->len)
        {
          const guint8 *digits = pos;

          while (pos < end && is_digit (*pos) && (gsize) (pos - digits) <= MAX_PID_DIGITS)
            pos++;
          if (pos == digits)
            return NULL;
          if (pid == NULL)
            {
              pid = digits;
              pid_len = pos - digits;
            }
          else if ((gsize) (pos - digits) != pid_len || memcmp (pid, digits, pid_len) != 0)
            return NULL; /* two pids in one message: pieces of two */
        }
    }
  return pos;
}

/**
 * fifolab_shape_matches:
 * @template_: a stamp template
 * @data: (array length=len): a received message
 * @len: its length
 *
 * Returns: %TRUE when @data is one or more whole messages of the template's shape
 */
gboolean
fifolab_shape_matches (const char   *template_,
                       const guint8 *data,
                       gsize         len)
{
  g_autoptr(GPtrArray) pieces = NULL;
  const guint8 *pos = data;
  const guint8 *end = data + len;

  g_return_val_if_fail (template_ != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  pieces = split_template (template_);
  if (pieces == NULL)
    return FALSE;

  while (end > pos && is_filler (end[-1]))
    end--;
  if (pos == end)
    return FALSE;

  while (pos < end)
    {
      pos = match_one (pieces, pos, end);
      if (pos == NULL)
        return FALSE;
      /* Messages read together may be separated by their terminators. */
      while (pos < end && is_filler (*pos))
        pos++;
    }
  return TRUE;
}

static gint64
parse_pid_at (const guint8 *digits,
              const guint8 *end)
{
  gint64 value = 0;
  const guint8 *q;

  for (q = digits; q < end && is_digit (*q) && q - digits <= MAX_PID_DIGITS; q++)
    value = value * 10 + (*q - '0');
  if (q == digits || q >= end || *q != ']')
    return -1;
  return value;
}

static gboolean
claims_two_pids (const guint8 *data,
                 gsize         len)
{
  static const char marker[] = "pid [";
  const gsize marker_len = sizeof marker - 1;
  const guint8 *end = data + len;
  const guint8 *p = data;
  gint64 first = -1;

  while ((gsize) (end - p) >= marker_len &&
         (p = memmem (p, end - p, marker, marker_len)) != NULL)
    {
      gint64 pid = parse_pid_at (p + marker_len, end);

      p += marker_len;
      if (pid < 0)
        continue;
      if (first < 0)
        first = pid;
      else if (pid != first)
        return TRUE;
    }
  return FALSE;
}

/**
 * fifolab_shape_check_torn:
 * @template_: (nullable): the expected shape
 * @data: (array length=len): a received message
 * @len: its length
 *
 * Returns: %FIFOLAB_MESSAGE_TORN or %FIFOLAB_MESSAGE_NONE
 */
guint
fifolab_shape_check_torn (const char   *template_,
                          const guint8 *data,
                          gsize         len)
{
  g_autoptr(GPtrArray) pieces = NULL;
  const guint8 *end = data + len;
  gsize first_len;
  gsize last_len;
  const guint8 *first;
  const guint8 *last;

  g_return_val_if_fail (data != NULL || len == 0, FIFOLAB_MESSAGE_NONE);

  if (len == 0)
    return FIFOLAB_MESSAGE_NONE;

  if (template_ == NULL || (pieces = split_template (template_)) == NULL)
    return claims_two_pids (data, len) ? FIFOLAB_MESSAGE_TORN : FIFOLAB_MESSAGE_NONE;

  if (fifolab_shape_matches (template_, data, len))
    return FIFOLAB_MESSAGE_NONE;

  /* Not whole messages. Torn when it still holds a piece of one: the start of
   * the template somewhere, or its end at the end. Anything else is just a
   * message of another kind. */
  first = g_bytes_get_data (pieces->pdata[0], &first_len);
  last = g_bytes_get_data (pieces->pdata[pieces->len - 1], &last_len);
  while (end > data && is_filler (end[-1]))
    end--;

  if (first_len > 0 && memmem (data, len, first, first_len) != NULL)
    return FIFOLAB_MESSAGE_TORN;
  if (last_len > 0 && (gsize) (end - data) >= last_len &&
      memcmp (end - last_len, last, last_len) == 0)
    return FIFOLAB_MESSAGE_TORN;
  if (claims_two_pids (data, len))
    return FIFOLAB_MESSAGE_TORN;
  return FIFOLAB_MESSAGE_NONE;
}

/**
 * fifolab_pid_holds_for_writing:
 * @pid: a process
 * @path: a FIFO
 *
 * Returns: %TRUE when @pid has a descriptor open for writing on @path now
 */
gboolean
fifolab_pid_holds_for_writing (gint64      pid,
                               const char *path)
{
  g_autofree char *fd_dir = NULL;
  struct stat target;
  gboolean found = FALSE;
  struct dirent *entry;
  DIR *dir;

  g_return_val_if_fail (path != NULL, FALSE);

  if (pid <= 0 || stat (path, &target) != 0)
    return FALSE;

  fd_dir = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/fd", pid);
  dir = opendir (fd_dir);
  if (dir == NULL)
    return FALSE;

  while (!found && (entry = readdir (dir)) != NULL)
    {
      g_autofree char *info_path = NULL;
      g_autofree char *info = NULL;
      struct stat st;
      const char *line;

      if (entry->d_name[0] == '.')
        continue;
      /* stat follows the magic link to the pipe's inode without opening it. */
      if (fstatat (dirfd (dir), entry->d_name, &st, 0) != 0 ||
          st.st_dev != target.st_dev || st.st_ino != target.st_ino)
        continue;

      info_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/fdinfo/%s", pid, entry->d_name);
      if (!g_file_get_contents (info_path, &info, NULL, NULL))
        continue;
      line = strstr (info, "flags:");
      if (line != NULL)
        {
          unsigned long flags = strtoul (line + strlen ("flags:"), NULL, 8);
          int mode = (int) (flags & O_ACCMODE);

          found = (flags & O_PATH) == 0 && (mode == O_WRONLY || mode == O_RDWR);
        }
    }
  closedir (dir);
  return found;
}

/* GObject */

static void
reader_gone_cb (gpointer  data,
                GObject  *where_the_object_was)
{
  FifolabInspector *self = data;

  g_hash_table_remove (self->readers, where_the_object_was);
}

static void
fifolab_inspector_dispose (GObject *object)
{
  FifolabInspector *self = FIFOLAB_INSPECTOR (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_clear_object (&self->session);
    }
  if (self->readers != NULL)
    {
      GHashTableIter iter;
      gpointer reader, id;

      g_hash_table_iter_init (&iter, self->readers);
      while (g_hash_table_iter_next (&iter, &reader, &id))
        {
          g_signal_handler_disconnect (reader, GPOINTER_TO_SIZE (id));
          g_object_weak_unref (reader, reader_gone_cb, self);
          g_hash_table_iter_remove (&iter);
        }
    }
  fifolab_inspector_follow_session (self, NULL);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (fifolab_inspector_parent_class)->dispose (object);
}

static void
fifolab_inspector_finalize (GObject *object)
{
  FifolabInspector *self = FIFOLAB_INSPECTOR (object);

  g_clear_pointer (&self->default_template, g_free);
  g_clear_pointer (&self->templates, g_hash_table_unref);
  g_clear_pointer (&self->writers, g_hash_table_unref);
  g_clear_pointer (&self->absent, g_hash_table_unref);
  g_clear_pointer (&self->readers, g_hash_table_unref);

  G_OBJECT_CLASS (fifolab_inspector_parent_class)->finalize (object);
}

static void
fifolab_inspector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FifolabInspector *self = FIFOLAB_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_N_TORN:
      g_value_set_uint (value, self->n_torn);
      break;
    case PROP_N_UNSEEN:
      g_value_set_uint (value, self->n_unseen);
      break;
    case PROP_RECHECK_INTERVAL:
      g_value_set_uint (value, self->recheck_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_inspector_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FifolabInspector *self = FIFOLAB_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;
    case PROP_RECHECK_INTERVAL:
      fifolab_inspector_set_recheck_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_inspector_class_init (FifolabInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_inspector_dispose;
  object_class->finalize = fifolab_inspector_finalize;
  object_class->get_property = fifolab_inspector_get_property;
  object_class->set_property = fifolab_inspector_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, FIFOLAB_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TORN] =
    g_param_spec_uint ("n-torn", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_UNSEEN] =
    g_param_spec_uint ("n-unseen", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECHECK_INTERVAL] =
    g_param_spec_uint ("recheck-interval", NULL, NULL, 0, G_MAXUINT, DEFAULT_RECHECK_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FLAGGED] =
    g_signal_new ("flagged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_BYTES);
}

static void
fifolab_inspector_init (FifolabInspector *self)
{
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->writers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  self->absent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);
  self->readers = g_hash_table_new (NULL, NULL);
  self->recheck_interval_ms = DEFAULT_RECHECK_INTERVAL_MS;
}

/* Public API */

/**
 * fifolab_inspector_new:
 * @log: (nullable): where flagged messages are reported
 *
 * Returns: (transfer full): a new inspector
 */
FifolabInspector *
fifolab_inspector_new (FifolabLog *log)
{
  g_return_val_if_fail (log == NULL || FIFOLAB_IS_LOG (log), NULL);
  return g_object_new (FIFOLAB_TYPE_INSPECTOR, "log", log, NULL);
}

void
fifolab_inspector_set_template (FifolabInspector *self,
                                const char       *path,
                                const char       *template_)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));

  if (path == NULL)
    {
      g_free (self->default_template);
      self->default_template = g_strdup (template_);
    }
  else if (template_ == NULL)
    g_hash_table_remove (self->templates, path);
  else
    g_hash_table_replace (self->templates, g_strdup (path), g_strdup (template_));
}

/**
 * fifolab_inspector_get_template:
 * @self: an inspector
 * @path: (nullable): a FIFO, or %NULL for the default
 *
 * Returns: (nullable): the shape messages on @path are checked against
 */
const char *
fifolab_inspector_get_template (FifolabInspector *self,
                                const char       *path)
{
  const char *template_ = NULL;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), NULL);

  if (path != NULL)
    template_ = g_hash_table_lookup (self->templates, path);
  return template_ != NULL ? template_ : self->default_template;
}

static GHashTable *
writers_for (FifolabInspector *self,
             const char       *path)
{
  GHashTable *set = g_hash_table_lookup (self->writers, path);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_insert (self->writers, g_strdup (path), set);
    }
  return set;
}

void
fifolab_inspector_note_writer (FifolabInspector *self,
                               const char       *path,
                               gint64            pid)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (path != NULL);

  if (pid > 0)
    {
      GHashTable *absent = g_hash_table_lookup (self->absent, path);

      g_hash_table_add (writers_for (self, path), g_memdup2 (&pid, sizeof pid));
      if (absent != NULL)
        g_hash_table_remove (absent, &pid);
    }
}

/* Whether @pid was found not writing to @path less than the recheck interval ago. */
static gboolean
known_absent (FifolabInspector *self,
              const char       *path,
              gint64            pid,
              gint64            now_us)
{
  GHashTable *absent = g_hash_table_lookup (self->absent, path);
  const gint64 *checked_us = absent != NULL ? g_hash_table_lookup (absent, &pid) : NULL;

  return checked_us != NULL && now_us - *checked_us < (gint64) self->recheck_interval_ms * 1000;
}

static void
note_absent (FifolabInspector *self,
             const char       *path,
             gint64            pid,
             gint64            now_us)
{
  GHashTable *absent = g_hash_table_lookup (self->absent, path);

  if (absent == NULL)
    {
      absent = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_insert (self->absent, g_strdup (path), absent);
    }
  else if (g_hash_table_size (absent) >= MAX_ABSENT)
    g_hash_table_remove_all (absent);
  g_hash_table_replace (absent, g_memdup2 (&pid, sizeof pid), g_memdup2 (&now_us, sizeof now_us));
}

void
fifolab_inspector_note_scan (FifolabInspector   *self,
                             FifolabHolderScan  *scan,
                             const char * const *paths)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (FIFOLAB_IS_HOLDER_SCAN (scan));

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) holders = fifolab_holder_scan_get_holders (scan, paths[i]);

      for (guint j = 0; j < holders->len; j++)
        {
          FifolabHolder *holder = holders->pdata[j];

          if (fifolab_holder_get_access (holder) & FIFOLAB_ACCESS_WRITE)
            fifolab_inspector_note_writer (self, paths[i], fifolab_holder_get_pid (holder));
        }
    }
}

gboolean
fifolab_inspector_writer_seen (FifolabInspector *self,
                               const char       *path,
                               gint64            pid)
{
  GHashTable *set;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  set = g_hash_table_lookup (self->writers, path);
  return set != NULL && g_hash_table_contains (set, &pid);
}

/**
 * fifolab_inspector_inspect:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 * @claimed_pid: (out) (optional): the pid the message claims, or -1
 *
 * Returns: %FIFOLAB_MESSAGE_TORN and/or %FIFOLAB_MESSAGE_PID_UNSEEN
 */
guint
fifolab_inspector_inspect (FifolabInspector *self,
                           const char       *path,
                           const guint8     *data,
                           gsize             len,
                           gint64           *claimed_pid)
{
  guint flags;
  gint64 pid;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);

  flags = fifolab_shape_check_torn (fifolab_inspector_get_template (self, path), data, len);
  pid = fifolab_stamp_parse_claimed_pid (data, len);

  if (pid > 0 && !fifolab_inspector_writer_seen (self, path, pid))
    {
      gint64 now_us = g_get_monotonic_time ();

      /* Not in any scan: look at that process now, before calling it unseen
       * (unless it was found not writing a moment ago). */
      if (known_absent (self, path, pid, now_us))
        flags |= FIFOLAB_MESSAGE_PID_UNSEEN;
      else if (fifolab_pid_holds_for_writing (pid, path))
        fifolab_inspector_note_writer (self, path, pid);
      else
        {
          note_absent (self, path, pid, now_us);
          flags |= FIFOLAB_MESSAGE_PID_UNSEEN;
        }
    }

  if (claimed_pid != NULL)
    *claimed_pid = pid;
  return flags;
}

/* Inspects a message; when it is flagged, marks its entry (@serial of
 * @entry_log, if not NULL), explains why in the log and emits ::flagged. */
static guint
report (FifolabInspector *self,
        FifolabLog       *entry_log,
        guint64           serial,
        const char       *path,
        const guint8     *data,
        gsize             len)
{
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *pid_text = NULL;
  gint64 pid = -1;
  guint flags;

  flags = fifolab_inspector_inspect (self, path, data, len, &pid);
  if (flags == 0)
    return 0;

  /* The message's own row carries the flags; the events after it say why,
   * with what the flags cannot hold (the size, the pid, the shape). The entry
   * may be gone already (a capped log evicted it): the events still tell. */
  if (entry_log != NULL)
    fifolab_log_add_flags (entry_log, serial, flags);

  size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, len);
  pid_text = pid > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, pid) : g_strdup ("—");

  if (flags & FIFOLAB_MESSAGE_TORN)
    {
      const char *template_ = fifolab_inspector_get_template (self, path);
      g_autofree char *detail = NULL;

      if (template_ != NULL)
        /* Translators: the first %s is a byte count, the second a pid, the third a template. */
        detail = g_strdup_printf (_("A message of %s bytes claiming pid %s does not have the shape of “%s”: it holds pieces of different writes."),
                                  size_text, pid_text, template_);
      else
        /* Translators: the first %s is a byte count, the second a pid. */
        detail = g_strdup_printf (_("A message of %s bytes, first claiming pid %s, claims two different pids: it holds pieces of different writes."),
                                  size_text, pid_text);
      self->n_torn++;
      if (self->log != NULL)
        fifolab_log_append_event (self->log, FIFOLAB_EVENT_TORN, path, detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TORN]);
    }

  if (flags & FIFOLAB_MESSAGE_PID_UNSEEN)
    {
      g_autofree char *detail = NULL;

      /* Translators: %s is a pid. */
      detail = g_strdup_printf (_("The message claims pid %s, but no process with that pid was seen holding the pipe open for writing: the writer may have closed already, or the message lies."),
                                pid_text);
      self->n_unseen++;
      if (self->log != NULL)
        fifolab_log_append_event (self->log, FIFOLAB_EVENT_PID_UNSEEN, path, detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
    }

  payload = g_bytes_new (data, len);
  g_signal_emit (self, signals[SIGNAL_FLAGGED], 0, path, flags, pid, payload);
  return flags;
}

/**
 * fifolab_inspector_report:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 *
 * Inspects a message and reports what it finds in the log and with ::flagged.
 *
 * Returns: the flags found
 */
guint
fifolab_inspector_report (FifolabInspector *self,
                          const char       *path,
                          const guint8     *data,
                          gsize             len)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);

  return report (self, NULL, 0, path, data, len);
}

/**
 * fifolab_inspector_report_entry:
 * @self: an inspector
 * @log: the log that holds the message's entry
 * @serial: that entry's serial, as fifolab_log_append() returned it
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 *
 * As fifolab_inspector_report(), and the flags found are added to the
 * message's own entry, so that its row shows them.
 *
 * Returns: the flags found
 */
guint
fifolab_inspector_report_entry (FifolabInspector *self,
                                FifolabLog       *log,
                                guint64           serial,
                                const char       *path,
                                const guint8     *data,
                                gsize             len)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (FIFOLAB_IS_LOG (log), 0);

  return report (self, log, serial, path, data, len);
}

static void
reader_message_cb (FifolabReader    *reader,
                   GBytes           *payload,
                   guint             flags,
                   gint64            wall_us,
                   gint64            mono_us,
                   FifolabInspector *self)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (payload, &len);

  fifolab_inspector_report (self, fifolab_reader_get_path (reader), data, len);
}

void
fifolab_inspector_watch_reader (FifolabInspector *self,
                                FifolabReader    *reader)
{
  gulong id;

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (FIFOLAB_IS_READER (reader));

  if (g_hash_table_contains (self->readers, reader))
    return;
  id = g_signal_connect (reader, "message", G_CALLBACK (reader_message_cb), self);
  g_object_weak_ref (G_OBJECT (reader), reader_gone_cb, self);
  g_hash_table_insert (self->readers, reader, GSIZE_TO_POINTER (id));
}

void
fifolab_inspector_unwatch_reader (FifolabInspector *self,
                                  FifolabReader    *reader)
{
  gpointer id;

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (FIFOLAB_IS_READER (reader));

  if (!g_hash_table_lookup_extended (self->readers, reader, NULL, &id))
    return;
  g_signal_handler_disconnect (reader, GPOINTER_TO_SIZE (id));
  g_object_weak_unref (G_OBJECT (reader), reader_gone_cb, self);
  g_hash_table_remove (self->readers, reader);
}

static void
session_received_cb (FifolabSession   *session,
                     const char       *path,
                     guint64           serial,
                     GBytes           *payload,
                     FifolabInspector *self)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (payload, &len);

  report (self, fifolab_session_get_log (session), serial, path, data, len);
}

/**
 * fifolab_inspector_follow_session:
 * @self: an inspector
 * @session: (nullable): the session whose readers to watch
 */
void
fifolab_inspector_follow_session (FifolabInspector *self,
                                  FifolabSession   *session)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session == NULL)
    return;

  /* The session has appended the message when it says so: the flags go on
   * its entry, the events explaining them come after it. */
  g_signal_connect (session, "received", G_CALLBACK (session_received_cb), self);
}

guint
fifolab_inspector_get_n_torn (FifolabInspector *self)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  return self->n_torn;
}

guint
fifolab_inspector_get_n_unseen (FifolabInspector *self)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  return self->n_unseen;
}

/**
 * fifolab_inspector_set_recheck_interval:
 * @interval_ms: milliseconds; 0 looks at /proc for every such message
 *
 * How long a claimed pid found not writing to a pipe is reported unseen
 * without looking at its process again. A process that starts writing within
 * that time is seen at the next holders scan or once the interval is over.
 */
void
fifolab_inspector_set_recheck_interval (FifolabInspector *self,
                                        guint             interval_ms)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));

  if (self->recheck_interval_ms == interval_ms)
    return;
  self->recheck_interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECHECK_INTERVAL]);
}

guint
fifolab_inspector_get_recheck_interval (FifolabInspector *self)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), DEFAULT_RECHECK_INTERVAL_MS);
  return self->recheck_interval_ms;
}
