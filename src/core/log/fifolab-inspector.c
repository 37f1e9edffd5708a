/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "fifolab-inspector.h"
#include "fifolab-inspector-private.h"
#include "fifolab-stamp.h"

/* What is found in messages, and how it is reported; the checks of claimed
 * pids (a /proc walk in a worker) are in fifolab-inspector-checks.c. */

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

  _fifolab_inspector_stop_checks (self);
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
  g_clear_pointer (&self->eofs, g_hash_table_unref);
  g_clear_pointer (&self->told, g_hash_table_unref);
  g_clear_pointer (&self->readers, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_object (&self->cancellable);

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

}

static void
fifolab_inspector_init (FifolabInspector *self)
{
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->writers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  self->absent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);
  self->eofs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_hash_table_unref);
  self->self_pid = getpid ();
  self->readers = g_hash_table_new (NULL, NULL);
  self->recheck_interval_ms = DEFAULT_RECHECK_INTERVAL_MS;
  _fifolab_inspector_init_checks (self);
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

/* The set of pids kept for @path in @table (path → set), made if needed. */
static GHashTable *
pids_for (GHashTable *table,
          const char *path)
{
  GHashTable *set = g_hash_table_lookup (table, path);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_insert (table, g_strdup (path), set);
    }
  return set;
}

/* The writers seen on @path (pid → Writer), made if needed. */
static GHashTable *
writers_for (FifolabInspector *self,
             const char       *path)
{
  GHashTable *writers = g_hash_table_lookup (self->writers, path);

  if (writers == NULL)
    {
      writers = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
      g_hash_table_insert (self->writers, g_strdup (path), writers);
    }
  return writers;
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
      GHashTable *writers = writers_for (self, path);
      Writer *writer = g_hash_table_lookup (writers, &pid);

      if (writer == NULL)
        {
          writer = g_new (Writer, 1);
          writer->pid = pid;
          g_hash_table_insert (writers, &writer->pid, writer);
        }
      /* Seen holding the pipe now: whether it exits is asked again. */
      writer->life = WRITER_NOT_ASKED;
      if (absent != NULL)
        g_hash_table_remove (absent, &pid);
    }
}

/* Whether @pid, seen writing to @path, has exited: asked of the system once
 * (see Writer), not for every message. */
static gboolean
writer_exited (FifolabInspector *self,
               const char       *path,
               gint64            pid)
{
  GHashTable *writers = g_hash_table_lookup (self->writers, path);
  Writer *writer = writers != NULL ? g_hash_table_lookup (writers, &pid) : NULL;

  if (writer == NULL || pid == self->self_pid)
    return FALSE;
  if (writer->life == WRITER_NOT_ASKED)
    writer->life = _fifolab_process_exists (pid) ? WRITER_ALIVE : WRITER_GONE;
  return writer->life == WRITER_GONE;
}

/* A holder scan of @path: the writers found alive before it are asked again
 * (one may have exited since); those found gone stay gone. */
static void
forget_alive (FifolabInspector *self,
              const char       *path)
{
  GHashTable *writers = g_hash_table_lookup (self->writers, path);
  GHashTableIter iter;
  gpointer value;

  if (writers == NULL)
    return;
  g_hash_table_iter_init (&iter, writers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Writer *writer = value;

      if (writer->life == WRITER_ALIVE)
        writer->life = WRITER_NOT_ASKED;
    }
}

/* The verdict other than confirmed found on @pid for @path less than the
 * recheck interval ago, in *@verdict. */
static gboolean
recent_verdict (FifolabInspector *self,
                const char       *path,
                gint64            pid,
                gint64            now_us,
                guint            *verdict)
{
  GHashTable *absent = g_hash_table_lookup (self->absent, path);
  const Recent *recent = absent != NULL ? g_hash_table_lookup (absent, &pid) : NULL;

  if (recent == NULL || now_us - recent->checked_us >= (gint64) self->recheck_interval_ms * 1000)
    return FALSE;
  *verdict = recent->verdict;
  return TRUE;
}

void
_fifolab_inspector_note_absent (FifolabInspector *self,
                                const char       *path,
                                gint64            pid,
                                guint             verdict,
                                gint64            now_us)
{
  GHashTable *absent = g_hash_table_lookup (self->absent, path);
  Recent *recent;

  if (absent == NULL)
    {
      absent = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_insert (self->absent, g_strdup (path), absent);
    }
  else if (g_hash_table_size (absent) >= MAX_ABSENT)
    g_hash_table_remove_all (absent);
  recent = g_new (Recent, 1);
  recent->checked_us = now_us;
  recent->verdict = verdict;
  g_hash_table_replace (absent, g_memdup2 (&pid, sizeof pid), recent);
}

gint64
_fifolab_inspector_last_eof (FifolabInspector *self,
                             const char       *path)
{
  const gint64 *eof_us = g_hash_table_lookup (self->eofs, path);

  return eof_us != NULL ? *eof_us : 0;
}

/**
 * fifolab_inspector_note_end_of_stream:
 * @self: an inspector
 * @path: a FIFO whose reader saw end of file
 *
 * Every writer of @path has closed it: the writers seen on it so far are
 * no longer its writers, and what was found on claimed pids is forgotten.
 * A later message is checked against the writers seen from now on (a scan
 * that began before this is not counted for @path).
 */
void
fifolab_inspector_note_end_of_stream (FifolabInspector *self,
                                      const char       *path)
{
  gint64 now_us = g_get_monotonic_time ();

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (path != NULL);

  g_hash_table_remove (self->writers, path);
  g_hash_table_remove (self->absent, path);
  g_hash_table_remove (self->told, path);
  g_hash_table_replace (self->eofs, g_strdup (path), g_memdup2 (&now_us, sizeof now_us));
}

void
fifolab_inspector_note_scan (FifolabInspector   *self,
                             FifolabHolderScan  *scan,
                             const char * const *paths)
{
  gint64 started_us;

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (FIFOLAB_IS_HOLDER_SCAN (scan));

  /* About when the walk began: it took time-us, and is handed over now. */
  started_us = g_get_monotonic_time () - fifolab_holder_scan_get_time_us (scan);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) holders = NULL;

      /* Begun before the last end of stream: those writers have closed since. */
      if (started_us < _fifolab_inspector_last_eof (self, paths[i]))
        continue;
      forget_alive (self, paths[i]);
      holders = fifolab_holder_scan_get_holders (scan, paths[i]);

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

/* TORN from the shape; what is known now of the claimed pid, without a
 * /proc walk: PID_CONFIRMED when it was seen writing to @path (since the last
 * end of stream), PID_UNSEEN (contradicted) when it is 0 or was found so a
 * moment ago, nothing (not checked) when no such process is left to look at.
 * Otherwise its check is queued (or was already) and returned in *@check:
 * the verdict comes later. With @story, a confirmed writer that had exited
 * when the message was read adds WRITER_EXITED. */
static guint
inspect_now (FifolabInspector *self,
             const char       *path,
             const guint8     *data,
             gsize             len,
             gint64            pid,
             gboolean          story,
             Check           **check)
{
  gint64 now_us;
  guint verdict = 0;
  guint flags;

  flags = fifolab_shape_check_torn (fifolab_inspector_get_template (self, path), data, len);
  *check = NULL;

  if (pid < 0)
    return flags;
  if (pid == 0)
    /* No process has pid 0. */
    return flags | FIFOLAB_MESSAGE_PID_UNSEEN;

  if (fifolab_inspector_writer_seen (self, path, pid))
    {
      flags |= FIFOLAB_MESSAGE_PID_CONFIRMED;
      /* Seen writing, gone now: it wrote before it exited. */
      if (story && writer_exited (self, path, pid))
        flags |= FIFOLAB_MESSAGE_WRITER_EXITED;
      return flags;
    }

  now_us = g_get_monotonic_time ();
  if (recent_verdict (self, path, pid, now_us, &verdict))
    return flags | verdict;
  /* Being checked already: this message waits for the same verdict. */
  if ((*check = _fifolab_inspector_find_check (self, path, pid)) != NULL)
    return flags;
  if (pid != self->self_pid && !_fifolab_process_exists (pid))
    {
      /* Gone before FIFO Lab could look: nothing to check it against. */
      _fifolab_inspector_note_absent (self, path, pid, 0, now_us);
      return flags;
    }
  /* Too many pids being checked: this one is not checked (NULL). */
  *check = _fifolab_inspector_queue_check (self, path, pid);
  return flags;
}

/**
 * fifolab_inspector_inspect:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 * @claimed_pid: (out) (optional): the pid the message claims, or -1
 *
 * What can be told without walking /proc: PID_CONFIRMED when the claimed pid
 * was seen writing to @path, PID_UNSEEN when it is contradicted (pid 0, or so
 * found within the recheck interval), nothing when it is not checked (no
 * such process left to look at). Otherwise a check of that process is
 * started in a worker; its verdict is there for the next messages (and see
 * fifolab_inspector_report()).
 *
 * Returns: %FIFOLAB_MESSAGE_TORN, %FIFOLAB_MESSAGE_PID_CONFIRMED and/or
 *   %FIFOLAB_MESSAGE_PID_UNSEEN
 */
guint
fifolab_inspector_inspect (FifolabInspector *self,
                           const char       *path,
                           const guint8     *data,
                           gsize             len,
                           gint64           *claimed_pid)
{
  Check *check;
  gint64 pid;
  guint flags;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);

  pid = fifolab_stamp_parse_claimed_pid (data, len);
  flags = inspect_now (self, path, data, len, pid, FALSE, &check);
  if (claimed_pid != NULL)
    *claimed_pid = pid;
  return flags;
}

/**
 * fifolab_inspector_explain:
 * @self: an inspector
 * @log: (nullable): where the events go; %NULL: the inspector's log
 * @path: the FIFO the message came from
 * @flags: what was found in it (only TORN, PID_UNSEEN and WRITER_EXITED
 *   count here)
 * @claimed_pid: the pid it claims, or -1
 * @len: its size
 *
 * Counts what was found in one message and explains it: a TORN, a PID_UNSEEN
 * (contradicted) and/or a WRITER_EXITED event (once per writer until the end
 * of stream) appended to @log, to come right
 * after the message's own entry, with what the flags cannot hold (the size,
 * the pid, the shape, why the claim is contradicted). A confirmed or a not
 * checked claim is not an event.
 */
void
fifolab_inspector_explain (FifolabInspector *self,
                           FifolabLog       *log,
                           const char       *path,
                           guint             flags,
                           gint64            claimed_pid,
                           gsize             len)
{
  g_autofree char *size_text = NULL;
  g_autofree char *pid_text = NULL;

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (log == NULL || FIFOLAB_IS_LOG (log));

  if (!(flags & (FIFOLAB_MESSAGE_TORN | FIFOLAB_MESSAGE_PID_UNSEEN | FIFOLAB_MESSAGE_WRITER_EXITED)))
    return;
  if (log == NULL)
    log = self->log;

  size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, len);
  pid_text = claimed_pid > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, claimed_pid) : g_strdup ("—");

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
      if (log != NULL)
        fifolab_log_append_event (log, FIFOLAB_EVENT_TORN, path, detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TORN]);
    }

  if (flags & FIFOLAB_MESSAGE_PID_UNSEEN)
    {
      g_autofree char *detail = NULL;

      if (claimed_pid == 0)
        detail = g_strdup (_("The message claims pid 0, which no process has."));
      else if (claimed_pid == self->self_pid)
        /* Translators: %s is a pid. */
        detail = g_strdup_printf (_("The message claims pid %s, FIFO Lab’s own, but FIFO Lab did not hold the pipe open for writing: another process wrote it."),
                                  pid_text);
      else
        /* Translators: %s is a pid. */
        detail = g_strdup_printf (_("The message claims pid %s, but FIFO Lab saw other processes holding the pipe open for writing and not that one."),
                                  pid_text);
      self->n_unseen++;
      if (log != NULL)
        fifolab_log_append_event (log, FIFOLAB_EVENT_PID_UNSEEN, path, detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
    }

  /* Once per writer and stream: each of its messages carries the flag. */
  if ((flags & FIFOLAB_MESSAGE_WRITER_EXITED) && log != NULL &&
      g_hash_table_add (pids_for (self->told, path), g_memdup2 (&claimed_pid, sizeof claimed_pid)))
    {
      g_autofree char *detail = NULL;

      /* Translators: the first %s is a pid, the second a byte count. */
      detail = g_strdup_printf (_("Written by pid %s before it exited: its %s bytes waited in the pipe until FIFO Lab read them."),
                                pid_text, size_text);
      fifolab_log_append_event (log, FIFOLAB_EVENT_WRITER_EXITED, path, detail);
    }
}

/**
 * fifolab_inspector_explain_watched:
 * @self: (nullable): an inspector, or %NULL: nothing counted
 * @log: where the event goes
 * @path: the FIFO
 * @claimed_pid: the pid the message claims
 * @writer_pid: the pid the watch saw write it
 *
 * The watch's contradictions count as the inspector's own: a message whose
 * claimed pid was not seen writing it.
 */
void
fifolab_inspector_explain_watched (FifolabInspector *self,
                                   FifolabLog       *log,
                                   const char       *path,
                                   gint64            claimed_pid,
                                   gint64            writer_pid)
{
  g_autofree char *detail = NULL;
  char claimed_text[32];
  char writer_text[32];

  g_return_if_fail (self == NULL || FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (FIFOLAB_IS_LOG (log));

  g_snprintf (claimed_text, sizeof claimed_text, "%" G_GINT64_FORMAT, claimed_pid);
  g_snprintf (writer_text, sizeof writer_text, "%" G_GINT64_FORMAT, writer_pid);
  /* Translators: the first %s is the pid the message claims, the second
   * the pid of the process the watch saw write it. */
  detail = g_strdup_printf (_("The message claims pid %s, but the watch saw pid %s write it."),
                            claimed_text, writer_text);
  fifolab_log_append_event (log, FIFOLAB_EVENT_PID_UNSEEN, path, detail);
  if (self != NULL)
    {
      self->n_unseen++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
    }
}

/* The flags found now in a message; when its claimed pid is being checked,
 * it waits for the verdict as @waiter says: held back (told through its func),
 * or not (func NULL: the verdict only explains, a PID_UNSEEN event from the
 * main loop). Returns whether it waits. */
static guint
check_now (FifolabInspector *self,
           const char       *path,
           const guint8     *data,
           gsize             len,
           gint64            pid,
           gboolean          story,
           const Waiter     *waiter,
           gboolean         *waits)
{
  Check *check;
  guint flags;

  flags = inspect_now (self, path, data, len, pid, story, &check);
  /* Too many messages waiting: this one is not checked. */
  *waits = check != NULL && _fifolab_inspector_add_waiter (self, check, waiter);
  return flags;
}

/* A message that is not held back (logged now, or not at all). */
static guint
check_unheld (FifolabInspector *self,
              const char       *path,
              const guint8     *data,
              gsize             len,
              gint64            pid)
{
  Waiter waiter = { NULL, NULL, 0, len };
  gboolean waits;

  return check_now (self, path, data, len, pid, FALSE, &waiter, &waits);
}

/**
 * fifolab_inspector_check_message:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 * @claimed_pid: the pid it claims (fifolab_stamp_parse_claimed_pid()), or -1
 * @func: told the verdict when the message has to wait for it
 * @user_data: for @func
 * @ticket: handed back to @func
 * @pending: (out): whether @func will be called
 *
 * Checks a message before it is logged: TORN from its shape, PID_CONFIRMED
 * or PID_UNSEEN when the claim is confirmed or contradicted now (see
 * fifolab_inspector_inspect()), WRITER_EXITED when its confirmed writer has
 * exited since (the bytes waited in the pipe). When the claimed process has
 * to be looked at in /proc (in a worker), *@pending is set and @func is
 * called from the main loop with the flags the verdict adds (PID_CONFIRMED,
 * PID_UNSEEN, or 0: not checked), unless
 * fifolab_inspector_forget() is called first. Nothing is logged or counted:
 * the caller logs the message with its final flags, then calls
 * fifolab_inspector_explain().
 *
 * Returns: the flags found now
 */
guint
fifolab_inspector_check_message (FifolabInspector   *self,
                                 const char         *path,
                                 const guint8       *data,
                                 gsize               len,
                                 gint64              claimed_pid,
                                 FifolabVerdictFunc  func,
                                 gpointer            user_data,
                                 guint64             ticket,
                                 gboolean           *pending)
{
  Waiter waiter = { func, user_data, ticket, len };

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);
  g_return_val_if_fail (func != NULL, 0);
  g_return_val_if_fail (pending != NULL, 0);

  return check_now (self, path, data, len, claimed_pid, TRUE, &waiter, pending);
}

/**
 * fifolab_inspector_report:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 *
 * Inspects a message and reports what it finds in the log (events).
 * When its claimed pid has to be looked at in /proc, that is done in a
 * worker and the message waits for the verdict: PID_UNSEEN is then reported
 * later (an event in the log, from the main loop).
 *
 * Returns: the flags found now
 */
guint
fifolab_inspector_report (FifolabInspector *self,
                          const char       *path,
                          const guint8     *data,
                          gsize             len)
{
  gint64 pid;
  guint flags;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);

  pid = fifolab_stamp_parse_claimed_pid (data, len);
  flags = check_unheld (self, path, data, len, pid);
  fifolab_inspector_explain (self, NULL, path, flags, pid, len);
  return flags;
}

/**
 * fifolab_inspector_check_line:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 * @claimed_pid: (out) (optional): the pid it claims, or -1
 *
 * Checks a message that is logged at once, without waiting for a verdict (a
 * peer's output line the lesson checks): TORN from its shape, PID_UNSEEN
 * when the claimed pid is known not to write to @path. Nothing is logged or
 * counted now: the caller logs the message with these flags, then calls
 * fifolab_inspector_explain(). When the claimed pid has to be looked at in
 * /proc (in a worker), its verdict comes later as a PID_UNSEEN event only
 * (in the inspector's log): the entry keeps the flags it was logged with.
 *
 * Returns: the flags found now
 */
guint
fifolab_inspector_check_line (FifolabInspector *self,
                              const char       *path,
                              const guint8     *data,
                              gsize             len,
                              gint64           *claimed_pid)
{
  gint64 pid;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);

  pid = fifolab_stamp_parse_claimed_pid (data, len);
  if (claimed_pid != NULL)
    *claimed_pid = pid;
  return check_unheld (self, path, data, len, pid);
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
_fifolab_inspector_watch_reader (FifolabInspector *self,
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
_fifolab_inspector_unwatch_reader (FifolabInspector *self,
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
 * @interval_ms: milliseconds; 0 looks at /proc again for every such message
 *   (but never twice at once)
 *
 * How long a claimed pid found not writing to a pipe keeps its verdict
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
