/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lesson engine: the steps' sequence and state, the signals, the
 * observation of the lesson's processes, and the prose. What each step does
 * and checks is in fifolab-lesson-steps.c; its prose in fifolab-lessons.xml. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>

#include <glib/gstdio.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-lesson-private.h"

G_DEFINE_FINAL_TYPE (FifolabLesson, fifolab_lesson, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_PIPE_PATH,
  PROP_LOG,
  PROP_HOLDER_MONITOR,
  PROP_CURRENT,
  PROP_N_STEPS,
  PROP_QUEUED,
  PROP_CAPACITY,
  PROP_SCAN,
  PROP_SLOW_MOTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STEP_COMPLETED,
  SIGNAL_PIPE_CREATED,
  SIGNAL_OUTCOME_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Processes */

static void
release_stopped_peer (FifolabPeerProcess *peer,
                      gpointer            data)
{
  g_signal_handlers_disconnect_by_func (peer, release_stopped_peer, data);
  g_object_unref (peer);
}

/* Stops every process the steps started and lets go of what they hold. */
static void
stop_all (FifolabLesson *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

      if (!fifolab_peer_process_is_running (peer))
        continue;
      /* Kept until it has ended, even if the lesson goes first, so that its
       * exit is reported and SIGKILL follows if SIGTERM is not enough. */
      if (g_signal_handler_find (peer, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, release_stopped_peer, NULL) == 0)
        g_signal_connect (g_object_ref (peer), "exited", G_CALLBACK (release_stopped_peer), NULL);
      fifolab_peer_process_stop (peer);
    }
}

static FifolabPeerProcess *
find_running_peer (FifolabLesson *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

      if (fifolab_peer_process_is_running (peer))
        return peer;
    }
  return NULL;
}

static void wait_for_peers (FifolabLesson *self);
static void update_fast    (FifolabLesson *self);
static void step_watch_pending_changed_cb (FifolabLesson *self);

/* Runs step @index's action, on a clean stage when the step starts one
 * (then perhaps later: see _fifolab_lesson_reset_stage()). */
static gboolean
run_step (FifolabLesson  *self,
          guint           index,
          gboolean        clean,
          GError        **error)
{
  const FifolabLessonStep *step = _fifolab_lesson_steps_nth (index);
  gboolean ok;

  /* What the other steps said of their processes is of the past now. */
  self->moved_on |= ~(G_GUINT64_CONSTANT (1) << index);
  self->moved_on &= ~(G_GUINT64_CONSTANT (1) << index);
  g_clear_object (&self->subjects[index]);
  g_clear_pointer (&self->pasts[index], g_free);
  /* From now until it is done, the step may need its processes looked at. */
  self->acted_step = (int) index;
  update_fast (self);
  if ((step->new_stage || clean) && !_fifolab_lesson_reset_stage (self))
    return TRUE;
  self->stage_step = (int) index;
  ok = step->action (self, error);
  if (!ok)
    {
      self->acted_step = -1;
      update_fast (self);
    }
  else if (step->observe && self->observing)
    /* Looked at as soon as it started, not at the next tick of the
     * interval (the student waits less for "the reader waits"). */
    fifolab_holder_monitor_queue_scan (self->monitor);
  return ok;
}

/* The last process of the steps before is gone: the step that waited for it
 * does what its button said. */
static void
run_deferred_step (FifolabLesson *self)
{
  g_autoptr(GError) error = NULL;
  int step = self->deferred_step;

  self->deferred_step = -1;
  if (step < 0 || (guint) step != self->current || self->closed)
    return;
  if (!run_step (self, (guint) step, FALSE, &error) && self->log != NULL)
    fifolab_log_append_event (self->log, FIFOLAB_EVENT_ERROR, self->pipe, error->message);
  _fifolab_lesson_evaluate (self);
}

static void
peer_waited_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  FifolabLesson *self = user_data;

  /* Cancelled: the lesson was closed, and may be gone. */
  if (!fifolab_peer_process_wait_finish (FIFOLAB_PEER_PROCESS (object), result, &error))
    return;
  self->waiting = FALSE;
  wait_for_peers (self);
}

/* Waits for the running peers one after the other, then runs the deferred
 * step. The lesson's cancellable (cancelled by close) ends the wait. */
static void
wait_for_peers (FifolabLesson *self)
{
  FifolabPeerProcess *peer;

  if (self->waiting || self->closed)
    return;
  peer = find_running_peer (self);
  if (peer == NULL)
    {
      run_deferred_step (self);
      return;
    }
  self->waiting = TRUE;
  fifolab_peer_process_wait_async (peer, self->cancellable, peer_waited_cb, self);
}

/* For the steps */

/* Ends what the steps before started. Returns FALSE while some of it still
 * runs (a process told to stop may hold its end of the pipe a moment
 * longer, and would meet the new step's processes: a reader of the last step
 * could take the new writer's bytes or its end of file). The current step's
 * action then returns at once and runs again when the last of them has
 * exited. */
gboolean
_fifolab_lesson_reset_stage (FifolabLesson *self)
{
  stop_all (self);
  _fifolab_lesson_steps_reset (self);
  /* What the stage before showed of later steps goes with it. */
  self->stage_step = -1;
  for (guint i = 0; i < _fifolab_lesson_steps_count (); i++)
    g_clear_pointer (&self->kept[i], g_free);
  _fifolab_lesson_notify_queued (self, TRUE);
  if (find_running_peer (self) != NULL)
    {
      self->deferred_step = (int) self->current;
      wait_for_peers (self);
      return FALSE;
    }
  self->deferred_step = -1;
  return TRUE;
}

gboolean
_fifolab_lesson_ensure_pipe (FifolabLesson  *self,
                             const char     *path,
                             GError        **error)
{
  if (fifolab_fifo_is_fifo (path))
    return TRUE;
  if (!fifolab_fifo_create (path, 0600, error))
    return FALSE;
  if (self->log != NULL)
    fifolab_log_append_event (self->log, FIFOLAB_EVENT_CREATED, path, NULL);
  g_signal_emit (self, signals[SIGNAL_PIPE_CREATED], 0, path);
  return TRUE;
}

void
_fifolab_lesson_notify_queued (FifolabLesson *self,
                               gboolean       capacity_too)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  if (capacity_too)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

static gboolean
is_done (FifolabLesson *self,
         guint          index)
{
  return (self->done & (G_GUINT64_CONSTANT (1) << index)) != 0;
}

/* Whether what step @index said of its process (a describe_past() step)
 * still holds: it runs, and no other step's action ran since. */
static gboolean
is_still_so (FifolabLesson *self,
             guint          index)
{
  return self->subjects[index] == NULL ||
         (fifolab_peer_process_is_running (self->subjects[index]) &&
          (self->moved_on & (G_GUINT64_CONSTANT (1) << index)) == 0);
}

/* Step @index's outcome, announced when it changed. */
static void
set_outcome (FifolabLesson *self,
             guint          index,
             char          *text)
{
  if (g_strcmp0 (text, self->outcomes[index]) == 0)
    {
      g_free (text);
      return;
    }
  g_free (self->outcomes[index]);
  self->outcomes[index] = text;
  g_signal_emit (self, signals[SIGNAL_OUTCOME_CHANGED], 0, index);
}

/* What a step said of a process that has exited since, or whose stage
 * moved on (a later step's action ran), is said in the past ("Writer N
 * was waiting inside open() … Writer N was stopped."), never as if it
 * still were so. */
static void
refresh_past (FifolabLesson *self)
{
  for (guint i = 0; i < _fifolab_lesson_steps_count (); i++)
    if (self->outcomes[i] != NULL && self->pasts[i] != NULL && !is_still_so (self, i))
      set_outcome (self, i, _fifolab_lesson_describe_ended (self->pasts[i], self->subjects[i]));
}

/* What the step saw, in words, kept with it; announced when it changed. */
static void
describe (FifolabLesson *self,
          guint          index)
{
  const FifolabLessonStep *step = _fifolab_lesson_steps_nth (index);
  FifolabPeerProcess *subject = NULL;
  char *text;

  /* No longer so: said in the past, as it was when last seen so. */
  if (self->pasts[index] != NULL && !is_still_so (self, index))
    {
      set_outcome (self, index, _fifolab_lesson_describe_ended (self->pasts[index], self->subjects[index]));
      return;
    }
  text = step->describe (self);
  if (step->describe_past != NULL)
    {
      g_free (self->pasts[index]);
      self->pasts[index] = step->describe_past (self, &subject);
      g_set_object (&self->subjects[index], subject);
      if (!is_still_so (self, index))
        {
          g_free (text);
          text = _fifolab_lesson_describe_ended (self->pasts[index], self->subjects[index]);
        }
    }
  set_outcome (self, index, text);
}

/* Step @index was seen before it was reached, and is the current one now:
 * shown, it is done, with what was seen then. */
static void
show_kept (FifolabLesson *self,
           guint          index)
{
  if (self->kept[index] == NULL || is_done (self, index) || self->current != index ||
      self->acted_step == (int) index)
    return;
  g_free (self->outcomes[index]);
  self->outcomes[index] = g_strdup (self->kept[index]);
  self->done |= G_GUINT64_CONSTANT (1) << index;
  g_signal_emit (self, signals[SIGNAL_OUTCOME_CHANGED], 0, index);
  g_signal_emit (self, signals[SIGNAL_STEP_COMPLETED], 0, index);
}

/* Keeps what the stage shows of the step after the one that set it up,
 * for when the teacher gets there (at once, when it is there already). */
static void
keep_next (FifolabLesson *self)
{
  const FifolabLessonStep *step;
  guint next;

  if (self->stage_step < 0 || self->deferred_step >= 0)
    return;
  next = (guint) self->stage_step + 1;
  if (next >= _fifolab_lesson_steps_count () || self->kept[next] != NULL || is_done (self, next))
    return;
  step = _fifolab_lesson_steps_nth (next);
  /* Its own run, under way, says what it sees itself. */
  if (step->seen_before == NULL || self->acted_step == (int) next || !step->seen_before (self))
    return;
  self->kept[next] = step->describe_before (self);
  show_kept (self, next);
}

/* Checks the current step, once its action ran (its check never passes on
 * what the steps before it left behind; what they showed of it is kept
 * apart, and said as such once the step is reached: keep_next()). Done, it
 * says what it saw and waits for the teacher: it never moves on by itself.
 * While it stays the current one, what it says follows what is seen (an exit
 * status after the line that completed it). */
void
_fifolab_lesson_evaluate (FifolabLesson *self)
{
  guint index = self->current;

  if (self->closed)
    return;
  refresh_past (self);
  keep_next (self);
  if (index >= _fifolab_lesson_steps_count () || self->acted_step != (int) index || self->deferred_step >= 0)
    return;
  if (is_done (self, index))
    {
      describe (self, index);
      return;
    }
  if (!_fifolab_lesson_steps_nth (index)->check (self))
    return;

  self->done |= G_GUINT64_CONSTANT (1) << index;
  update_fast (self);
  describe (self, index);
  g_signal_emit (self, signals[SIGNAL_STEP_COMPLETED], 0, index);
}

/* Observation
 *
 * The lesson looks at /proc only through its holder monitor: its three pipes
 * are watched there from new() to close(), and each scan is an observation.
 * The monitor scans at FIFOLAB_LESSON_OBSERVE_INTERVAL_MS while the lesson
 * holds that interval (update_fast()), at its own pace otherwise. */

static gboolean
needs_observation (FifolabLesson *self)
{
  guint index = self->current;

  /* self->done is a mask of 64 steps. */
  return !self->closed && self->observing && index < _fifolab_lesson_steps_count () && index < 64 &&
         _fifolab_lesson_steps_nth (index)->observe && self->acted_step == (int) index &&
         (self->done & (G_GUINT64_CONSTANT (1) << index)) == 0;
}

/* Holds the fast interval while the current step needs observation. */
static void
update_fast (FifolabLesson *self)
{
  gboolean wanted = needs_observation (self);

  if (wanted == self->fast_held)
    return;
  self->fast_held = wanted;
  if (wanted)
    fifolab_holder_monitor_hold_fast (self->monitor, FIFOLAB_LESSON_OBSERVE_INTERVAL_MS);
  else
    fifolab_holder_monitor_release_fast (self->monitor, FIFOLAB_LESSON_OBSERVE_INTERVAL_MS);
}

/* A scan of the monitor, with the time it began (a process started before
 * then and missing from it is really blocked in open()). */
static void
scanned_cb (FifolabHolderMonitor *monitor,
            FifolabHolderScan    *scan,
            FifolabLesson        *self)
{
  const char *paths[] = { self->pipe, self->request, self->reply, NULL };

  if (self->closed)
    return;
  g_set_object (&self->scan, scan);
  self->scan_started = fifolab_holder_monitor_get_scan_started (monitor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN]);
  fifolab_inspector_note_scan (self->inspector, scan, paths);
  _fifolab_lesson_steps_observe (self);
  _fifolab_lesson_evaluate (self);
}

static void
observe_start (FifolabLesson *self)
{
  if (self->monitor == NULL)
    self->monitor = fifolab_holder_monitor_new ();
  fifolab_holder_monitor_watch (self->monitor, self->pipe);
  fifolab_holder_monitor_watch (self->monitor, self->request);
  fifolab_holder_monitor_watch (self->monitor, self->reply);
  g_signal_connect (self->monitor, "scanned", G_CALLBACK (scanned_cb), self);
  self->observing = TRUE;
}

static void
observe_stop (FifolabLesson *self)
{
  if (!self->observing)
    return;
  self->observing = FALSE;
  /* Not observing any more: lets go of the fast interval. */
  update_fast (self);
  g_signal_handlers_disconnect_by_func (self->monitor, scanned_cb, self);
  fifolab_holder_monitor_unwatch (self->monitor, self->pipe);
  fifolab_holder_monitor_unwatch (self->monitor, self->request);
  fifolab_holder_monitor_unwatch (self->monitor, self->reply);
}

/* GObject */

static void
free_outcomes (char **texts)
{
  for (guint i = 0; i < _fifolab_lesson_steps_count (); i++)
    g_free (texts[i]);
  g_free (texts);
}

/* Everything goes here, nothing is left for finalize: once disposed the
 * lesson has no folder, pipes or texts. */
static void
fifolab_lesson_dispose (GObject *object)
{
  FifolabLesson *self = FIFOLAB_LESSON (object);

  fifolab_lesson_close (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->scan);
  g_clear_object (&self->inspector);
  g_clear_object (&self->stream);
  g_clear_object (&self->peers);
  if (self->step_watch != NULL)
    g_signal_handlers_disconnect_by_func (self->step_watch, step_watch_pending_changed_cb, self);
  g_clear_object (&self->step_watch);
  g_clear_object (&self->log);
  g_clear_pointer (&self->prose, _fifolab_lesson_free_prose);
  g_clear_pointer (&self->outcomes, free_outcomes);
  g_clear_pointer (&self->kept, free_outcomes);
  g_clear_pointer (&self->pasts, free_outcomes);
  if (self->subjects != NULL)
    for (guint i = 0; i < _fifolab_lesson_steps_count (); i++)
      g_clear_object (&self->subjects[i]);
  g_clear_pointer (&self->subjects, g_free);
  g_clear_pointer (&self->template_, g_free);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->pipe, g_free);
  g_clear_pointer (&self->request, g_free);
  g_clear_pointer (&self->reply, g_free);

  G_OBJECT_CLASS (fifolab_lesson_parent_class)->dispose (object);
}

static void
fifolab_lesson_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FifolabLesson *self = FIFOLAB_LESSON (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_PIPE_PATH:
      g_value_set_string (value, self->pipe);
      break;
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_HOLDER_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_CURRENT:
      g_value_set_uint (value, self->current);
      break;
    case PROP_N_STEPS:
      g_value_set_uint (value, _fifolab_lesson_steps_count ());
      break;
    case PROP_QUEUED:
      g_value_set_int64 (value, fifolab_lesson_get_queued (self));
      break;
    case PROP_CAPACITY:
      g_value_set_int64 (value, fifolab_lesson_get_capacity (self));
      break;
    case PROP_SCAN:
      g_value_set_object (value, self->scan);
      break;
    case PROP_SLOW_MOTION:
      g_value_set_boolean (value, self->slow_motion);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_lesson_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FifolabLesson *self = FIFOLAB_LESSON (object);

  switch (prop_id)
    {
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;
    case PROP_HOLDER_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    case PROP_CURRENT:
      fifolab_lesson_set_current (self, g_value_get_uint (value));
      break;
    case PROP_SLOW_MOTION:
      fifolab_lesson_set_slow_motion (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_lesson_class_init (FifolabLessonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_lesson_dispose;
  object_class->get_property = fifolab_lesson_get_property;
  object_class->set_property = fifolab_lesson_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPE_PATH] =
    g_param_spec_string ("pipe-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, FIFOLAB_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The one that scans its pipes; without one, the lesson makes its own. */
  properties[PROP_HOLDER_MONITOR] =
    g_param_spec_object ("holder-monitor", NULL, NULL, FIFOLAB_TYPE_HOLDER_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_uint ("current", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUED] =
    g_param_spec_int64 ("queued", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_int64 ("capacity", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCAN] =
    g_param_spec_object ("scan", NULL, NULL, FIFOLAB_TYPE_HOLDER_SCAN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The writers the steps start from now on wait before each message. */
  properties[PROP_SLOW_MOTION] =
    g_param_spec_boolean ("slow-motion", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STEP_COMPLETED] =
    g_signal_new ("step-completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A FIFO the lesson made in its folder (the pipe browser lists it while
   * it exists; the lesson's clean-up deletes it). */
  signals[SIGNAL_PIPE_CREATED] =
    g_signal_new ("pipe-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* What step @index saw (get_step_outcome()) was said, or said again with more. */
  signals[SIGNAL_OUTCOME_CHANGED] =
    g_signal_new ("outcome-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
fifolab_lesson_init (FifolabLesson *self)
{
  self->peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  self->deferred_step = -1;
  self->acted_step = -1;
  self->cancellable = g_cancellable_new ();
  self->held_fd = -1;
  self->first_read_messages = -1;
  self->stream = fifolab_stream_trace_new ();
  self->prose = g_new0 (char *, _fifolab_lesson_steps_count () * FIFOLAB_PROSE_N_KEYS);
  self->outcomes = g_new0 (char *, _fifolab_lesson_steps_count ());
  self->kept = g_new0 (char *, _fifolab_lesson_steps_count ());
  self->pasts = g_new0 (char *, _fifolab_lesson_steps_count ());
  self->subjects = g_new0 (FifolabPeerProcess *, _fifolab_lesson_steps_count ());
  self->stage_step = -1;
}

/* Public API */

/**
 * fifolab_lesson_new:
 * @parent_folder: where the lesson's own folder is made
 * @log: (nullable): where peers and the lesson report
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a lesson at its first step
 */
FifolabLesson *
fifolab_lesson_new (const char  *parent_folder,
                    FifolabLog  *log,
                    GError     **error)
{
  return fifolab_lesson_new_with_monitor (parent_folder, log, NULL, error);
}

/**
 * fifolab_lesson_new_with_monitor:
 * @parent_folder: where the lesson's own folder is made
 * @log: (nullable): where peers and the lesson report
 * @monitor: (nullable): what scans the lesson's pipes (the application's);
 *   %NULL: the lesson makes one of its own
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a lesson at its first step
 */
FifolabLesson *
fifolab_lesson_new_with_monitor (const char            *parent_folder,
                                 FifolabLog            *log,
                                 FifolabHolderMonitor  *monitor,
                                 GError               **error)
{
  g_autoptr(FifolabLesson) self = NULL;
  g_autofree char *tmpl = NULL;

  g_return_val_if_fail (parent_folder != NULL, NULL);
  g_return_val_if_fail (log == NULL || FIFOLAB_IS_LOG (log), NULL);
  g_return_val_if_fail (monitor == NULL || FIFOLAB_IS_HOLDER_MONITOR (monitor), NULL);

  self = g_object_new (FIFOLAB_TYPE_LESSON, "log", log, "holder-monitor", monitor, NULL);
  if (g_mkdir_with_parents (parent_folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = fifolab_escape_name (parent_folder, 0);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), shown, g_strerror (saved_errno));
      return NULL;
    }
  tmpl = g_build_filename (parent_folder, "lesson-XXXXXX", NULL);
  self->folder = g_mkdtemp_full (tmpl, 0700);
  if (self->folder == NULL)
    {
      int saved_errno = errno;
      g_autofree char *shown = fifolab_escape_name (tmpl, 0);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), shown, g_strerror (saved_errno));
      return NULL;
    }
  g_steal_pointer (&tmpl);
  self->pipe = g_build_filename (self->folder, "my_pipe", NULL);
  self->request = g_build_filename (self->folder, "request_pipe", NULL);
  self->reply = g_build_filename (self->folder, "reply_pipe", NULL);
  self->inspector = fifolab_inspector_new (log);
  observe_start (self);
  return g_steal_pointer (&self);
}

const char *
fifolab_lesson_get_folder (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->folder;
}

const char *
fifolab_lesson_get_pipe_path (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->pipe;
}

const char *
fifolab_lesson_get_stage_path (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return _fifolab_lesson_steps_nth (self->current)->on_request_pipe ? self->request : self->pipe;
}

guint
fifolab_lesson_get_n_steps (FifolabLesson *self)
{
  return _fifolab_lesson_steps_count ();
}

gboolean
fifolab_lesson_is_step_done (FifolabLesson *self,
                             guint          index)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), FALSE);
  g_return_val_if_fail (index < _fifolab_lesson_steps_count (), FALSE);
  return is_done (self, index);
}

guint
fifolab_lesson_get_current (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), 0);
  return self->current;
}

void
fifolab_lesson_set_current (FifolabLesson *self,
                            guint          index)
{
  g_return_if_fail (FIFOLAB_IS_LESSON (self));

  index = MIN (index, _fifolab_lesson_steps_count () - 1);
  if (self->current == index)
    return;
  /* A step left before it could start does not start later; one come back
   * to is observed closely again once its button is pressed. */
  self->deferred_step = -1;
  self->acted_step = -1;
  self->current = index;
  update_fast (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  /* Shown now: what was seen of it before. */
  show_kept (self, index);
}

/**
 * fifolab_lesson_run_action:
 * @self: a lesson
 * @error: return location for a #GError
 *
 * Does what the current step's button says.
 *
 * Returns: %FALSE with @error when it could not
 */
gboolean
fifolab_lesson_run_action (FifolabLesson  *self,
                           GError        **error)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), FALSE);

  if (self->closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The lesson has ended."));
      return FALSE;
    }
  if (!run_step (self, self->current, FALSE, error))
    return FALSE;
  _fifolab_lesson_evaluate (self);
  return TRUE;
}

/**
 * fifolab_lesson_replay:
 * @self: a lesson
 * @error: return location for a #GError
 *
 * Does the current step's action again from a clean stage: what the steps
 * started is stopped first (the action runs once it has all exited), and the
 * step is not done until FIFO Lab sees it happen again.
 *
 * Returns: %FALSE with @error when it could not
 */
gboolean
fifolab_lesson_replay (FifolabLesson  *self,
                       GError        **error)
{
  guint index;

  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), FALSE);

  if (self->closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The lesson has ended."));
      return FALSE;
    }
  index = self->current;
  self->done &= ~(G_GUINT64_CONSTANT (1) << index);
  if (self->outcomes[index] != NULL)
    {
      g_clear_pointer (&self->outcomes[index], g_free);
      g_signal_emit (self, signals[SIGNAL_OUTCOME_CHANGED], 0, index);
    }
  if (!run_step (self, index, TRUE, error))
    return FALSE;
  _fifolab_lesson_evaluate (self);
  return TRUE;
}

/**
 * fifolab_lesson_get_step_outcome:
 * @self: a lesson
 * @index: a step
 *
 * Returns: (nullable): what FIFO Lab saw in step @index, in words and
 *   numbers (pids, bytes, errno, exit statuses), once it is done; %NULL before
 */
const char *
fifolab_lesson_get_step_outcome (FifolabLesson *self,
                                 guint          index)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  g_return_val_if_fail (index < _fifolab_lesson_steps_count (), NULL);
  return self->outcomes != NULL ? self->outcomes[index] : NULL;
}

/**
 * fifolab_lesson_is_watching:
 * @self: a lesson
 *
 * Returns: whether the current step's action ran and FIFO Lab waits to see
 *   it happen
 */
gboolean
fifolab_lesson_is_watching (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), FALSE);
  return !self->closed && self->acted_step == (int) self->current && !is_done (self, self->current);
}

gboolean
fifolab_lesson_get_slow_motion (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), FALSE);
  return self->slow_motion;
}

/* A held call was let go (or another is held): what the steps say of
 * their processes, "held before its open()", may have changed. */
static void
step_watch_pending_changed_cb (FifolabLesson *self)
{
  _fifolab_lesson_evaluate (self);
}

void
fifolab_lesson_set_step_watch (FifolabLesson    *self,
                               FifolabStepWatch *watch)
{
  g_return_if_fail (FIFOLAB_IS_LESSON (self));
  g_return_if_fail (watch == NULL || FIFOLAB_IS_STEP_WATCH (watch));

  if (self->step_watch == watch)
    return;
  if (self->step_watch != NULL)
    g_signal_handlers_disconnect_by_func (self->step_watch, step_watch_pending_changed_cb, self);
  g_set_object (&self->step_watch, watch);
  if (watch != NULL)
    g_signal_connect_object (watch, "pending-changed", G_CALLBACK (step_watch_pending_changed_cb), self,
                             G_CONNECT_SWAPPED);
  /* What the current step says of a held process changes with it. */
  _fifolab_lesson_evaluate (self);
}

FifolabStepWatch *
fifolab_lesson_get_step_watch (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->step_watch;
}

void
fifolab_lesson_set_slow_motion (FifolabLesson *self,
                                gboolean       slow_motion)
{
  g_return_if_fail (FIFOLAB_IS_LESSON (self));

  slow_motion = !!slow_motion;
  if (self->slow_motion == slow_motion)
    return;
  self->slow_motion = slow_motion;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOW_MOTION]);
}

/**
 * fifolab_lesson_get_peers:
 * @self: a lesson
 *
 * Returns: (transfer none): the processes the lesson started
 */
GListModel *
fifolab_lesson_get_peers (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return G_LIST_MODEL (self->peers);
}

/**
 * fifolab_lesson_get_scan:
 * @self: a lesson
 *
 * Returns: (transfer none) (nullable): the last holders scan of the lesson's pipes
 */
FifolabHolderScan *
fifolab_lesson_get_scan (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->scan;
}

/**
 * fifolab_lesson_get_holder_monitor:
 * @self: a lesson
 *
 * Returns: (transfer none): what scans the lesson's pipes: the monitor given
 *   to new_with_monitor(), or the lesson's own (NULL once disposed)
 */
FifolabHolderMonitor *
fifolab_lesson_get_holder_monitor (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->monitor;
}

FifolabInspector *
_fifolab_lesson_get_inspector (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->inspector;
}

/**
 * fifolab_lesson_get_stream_trace:
 * @self: a lesson
 *
 * Lesson 7's byte stream: the bytes FIFO Lab read in that step, where each
 * of the writer's write() calls, each read() and each line ended in them.
 * Emptied when another step's action starts.
 *
 * Returns: (transfer none): the trace
 */
FifolabStreamTrace *
fifolab_lesson_get_stream_trace (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->stream;
}

gssize
fifolab_lesson_get_queued (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), -1);
  return _fifolab_lesson_steps_get_queued (self);
}

gssize
fifolab_lesson_get_capacity (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), -1);
  return _fifolab_lesson_steps_get_capacity (self);
}

/**
 * fifolab_lesson_close:
 * @self: a lesson
 *
 * Stops what the lesson started (SIGTERM; peers not gone after 2 s get SIGKILL
 * while the lesson is alive) and removes its folder.
 */
void
fifolab_lesson_close (FifolabLesson *self)
{
  const char *paths[3];

  g_return_if_fail (FIFOLAB_IS_LESSON (self));

  if (self->closed)
    return;
  self->closed = TRUE;

  observe_stop (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_all (self);
  _fifolab_lesson_steps_release (self);

  if (self->folder == NULL)
    return;
  paths[0] = self->pipe;
  paths[1] = self->request;
  paths[2] = self->reply;
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (fifolab_fifo_is_fifo (paths[i]))
      g_unlink (paths[i]);
  g_rmdir (self->folder);
}
