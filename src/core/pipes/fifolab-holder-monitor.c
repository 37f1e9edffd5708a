/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-holder-monitor.h"

struct _FifolabHolderMonitor
{
  GObject            parent_instance;

  GHashTable        *watches;     /* path → count (GUINT_TO_POINTER) */
  GArray            *fast;        /* guint intervals held, in any order */
  guint              n_active;
  guint              interval_ms;
  guint              timer_id;
  guint              idle_id;
  GCancellable      *cancellable; /* of the running scan, or NULL */
  gboolean           again;       /* scan once more when it ends */
  gint64             begun;       /* monotonic time the running scan began */
  FifolabHolderScan *scan;
  gint64             scan_started; /* monotonic time @scan began, or 0 */
};

G_DEFINE_FINAL_TYPE (FifolabHolderMonitor, fifolab_holder_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCAN,
  PROP_INTERVAL,
  N_PROPS
};

enum {
  SCANNED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void fifolab_holder_monitor_start_scan (FifolabHolderMonitor *self);

static guint
choose_interval (FifolabHolderMonitor *self)
{
  guint interval = self->n_active > 0 ? FIFOLAB_HOLDER_MONITOR_INTERVAL_MS
                                      : FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS;

  for (guint i = 0; i < self->fast->len; i++)
    interval = MIN (interval, g_array_index (self->fast, guint, i));
  return interval;
}

static gboolean
timer_cb (gpointer user_data)
{
  FifolabHolderMonitor *self = user_data;

  /* A scan still walking /proc is not doubled; its result comes soon. */
  if (self->cancellable == NULL)
    fifolab_holder_monitor_start_scan (self);
  return G_SOURCE_CONTINUE;
}

/* The timer runs at the chosen interval while anything is watched. */
static void
update_timer (FifolabHolderMonitor *self)
{
  guint interval = choose_interval (self);
  gboolean wanted = g_hash_table_size (self->watches) > 0;

  if (interval != self->interval_ms)
    {
      self->interval_ms = interval;
      g_clear_handle_id (&self->timer_id, g_source_remove);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
    }

  if (!wanted)
    g_clear_handle_id (&self->timer_id, g_source_remove);
  else if (self->timer_id == 0)
    {
      self->timer_id = g_timeout_add (self->interval_ms, timer_cb, self);
      g_source_set_name_by_id (self->timer_id, "[fifolab] holder monitor");
    }
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FifolabHolderMonitor) self = user_data;
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GError) error = NULL;

  scan = fifolab_holder_scan_run_finish (result, &error);
  g_clear_object (&self->cancellable);

  if (scan != NULL)
    {
      self->scan_started = self->begun;
      g_set_object (&self->scan, scan);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN]);
      g_signal_emit (self, signals[SCANNED], 0, scan);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Holder scan failed: %s", error->message);

  if (self->again)
    fifolab_holder_monitor_start_scan (self);
}

static void
fifolab_holder_monitor_start_scan (FifolabHolderMonitor *self)
{
  g_autofree const char **paths = NULL;

  self->again = FALSE;
  if (g_hash_table_size (self->watches) == 0)
    return;

  /* The keys stay alive until the thread has copied them (run_async does). */
  paths = (const char **) g_hash_table_get_keys_as_array (self->watches, NULL);
  /* Taken before the thread starts walking /proc: no later than the walk. */
  self->begun = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();
  fifolab_holder_scan_run_async (paths, self->cancellable, scan_cb, g_object_ref (self));
}

static gboolean
idle_scan_cb (gpointer user_data)
{
  FifolabHolderMonitor *self = user_data;

  self->idle_id = 0;
  if (self->cancellable != NULL)
    self->again = TRUE;
  else
    fifolab_holder_monitor_start_scan (self);
  return G_SOURCE_REMOVE;
}

static void
fifolab_holder_monitor_dispose (GObject *object)
{
  FifolabHolderMonitor *self = FIFOLAB_HOLDER_MONITOR (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  /* A running scan holds a reference: none runs by now. */
  g_clear_object (&self->scan);

  G_OBJECT_CLASS (fifolab_holder_monitor_parent_class)->dispose (object);
}

static void
fifolab_holder_monitor_finalize (GObject *object)
{
  FifolabHolderMonitor *self = FIFOLAB_HOLDER_MONITOR (object);

  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_pointer (&self->fast, g_array_unref);

  G_OBJECT_CLASS (fifolab_holder_monitor_parent_class)->finalize (object);
}

static void
fifolab_holder_monitor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FifolabHolderMonitor *self = FIFOLAB_HOLDER_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SCAN:
      g_value_set_object (value, self->scan);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_holder_monitor_class_init (FifolabHolderMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_holder_monitor_dispose;
  object_class->finalize = fifolab_holder_monitor_finalize;
  object_class->get_property = fifolab_holder_monitor_get_property;

  properties[PROP_SCAN] =
    g_param_spec_object ("scan", NULL, NULL,
                         FIFOLAB_TYPE_HOLDER_SCAN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL,
                       0, G_MAXUINT, FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SCANNED] =
    g_signal_new ("scanned",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FIFOLAB_TYPE_HOLDER_SCAN);
}

static void
fifolab_holder_monitor_init (FifolabHolderMonitor *self)
{
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->fast = g_array_new (FALSE, FALSE, sizeof (guint));
  self->interval_ms = choose_interval (self);
}

FifolabHolderMonitor *
fifolab_holder_monitor_new (void)
{
  return g_object_new (FIFOLAB_TYPE_HOLDER_MONITOR, NULL);
}

/**
 * fifolab_holder_monitor_watch:
 * @path: a FIFO; the scans report its holders under this exact string
 *
 * Adds one watch of @path; a path not watched before is scanned soon.
 */
void
fifolab_holder_monitor_watch (FifolabHolderMonitor *self,
                              const char           *path)
{
  guint count;

  g_return_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self));
  g_return_if_fail (path != NULL);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->watches, path));
  if (count > 0)
    {
      g_hash_table_insert (self->watches, g_strdup (path), GUINT_TO_POINTER (count + 1));
      return;
    }

  g_hash_table_insert (self->watches, g_strdup (path), GUINT_TO_POINTER (1));
  update_timer (self);
  fifolab_holder_monitor_queue_scan (self);
}

/**
 * fifolab_holder_monitor_unwatch:
 *
 * Undoes one fifolab_holder_monitor_watch() of @path. With the last watch
 * gone, the timer stops and a running scan is cancelled.
 */
void
fifolab_holder_monitor_unwatch (FifolabHolderMonitor *self,
                                const char           *path)
{
  guint count;

  g_return_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self));
  g_return_if_fail (path != NULL);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->watches, path));
  g_return_if_fail (count > 0);

  if (count > 1)
    {
      g_hash_table_insert (self->watches, g_strdup (path), GUINT_TO_POINTER (count - 1));
      return;
    }

  g_hash_table_remove (self->watches, path);
  if (g_hash_table_size (self->watches) == 0)
    {
      g_clear_handle_id (&self->idle_id, g_source_remove);
      self->again = FALSE;
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    }
  update_timer (self);
}

gboolean
fifolab_holder_monitor_is_watched (FifolabHolderMonitor *self,
                                   const char           *path)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_hash_table_contains (self->watches, path);
}

guint
fifolab_holder_monitor_get_n_watched (FifolabHolderMonitor *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self), 0);

  return g_hash_table_size (self->watches);
}

void
fifolab_holder_monitor_queue_scan (FifolabHolderMonitor *self)
{
  g_return_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self));

  if (self->idle_id == 0 && g_hash_table_size (self->watches) > 0)
    self->idle_id = g_idle_add (idle_scan_cb, self);
}

/**
 * fifolab_holder_monitor_push_active:
 *
 * A window became active: scans come at the normal interval.
 */
void
fifolab_holder_monitor_push_active (FifolabHolderMonitor *self)
{
  g_return_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self));

  self->n_active++;
  update_timer (self);
}

void
fifolab_holder_monitor_pop_active (FifolabHolderMonitor *self)
{
  g_return_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self));
  g_return_if_fail (self->n_active > 0);

  self->n_active--;
  update_timer (self);
}

void
fifolab_holder_monitor_hold_fast (FifolabHolderMonitor *self,
                                  guint                 interval_ms)
{
  g_return_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self));

  interval_ms = MAX (interval_ms, FIFOLAB_HOLDER_MONITOR_MIN_INTERVAL_MS);
  g_array_append_val (self->fast, interval_ms);
  update_timer (self);
}

void
fifolab_holder_monitor_release_fast (FifolabHolderMonitor *self,
                                     guint                 interval_ms)
{
  g_return_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self));

  interval_ms = MAX (interval_ms, FIFOLAB_HOLDER_MONITOR_MIN_INTERVAL_MS);
  for (guint i = 0; i < self->fast->len; i++)
    if (g_array_index (self->fast, guint, i) == interval_ms)
      {
        g_array_remove_index_fast (self->fast, i);
        update_timer (self);
        return;
      }
  g_return_if_reached ();
}

guint
fifolab_holder_monitor_get_interval (FifolabHolderMonitor *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self), 0);

  return self->interval_ms;
}

FifolabHolderScan *
fifolab_holder_monitor_get_scan (FifolabHolderMonitor *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self), NULL);

  return self->scan;
}

/**
 * fifolab_holder_monitor_get_scan_started:
 *
 * When the last scan (fifolab_holder_monitor_get_scan(), the one a ::scanned
 * handler is given) began, in g_get_monotonic_time(), taken before the walk
 * of /proc: a process started earlier that is not among a FIFO's holders in
 * that scan had not opened it when the walk got there (it waits in open(),
 * or never got that far). The scan's own fifolab_holder_scan_get_time_us()
 * is how long the walk took.
 *
 * Returns: the monotonic time in µs, or 0 before the first scan
 */
gint64
fifolab_holder_monitor_get_scan_started (FifolabHolderMonitor *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER_MONITOR (self), 0);

  return self->scan_started;
}
