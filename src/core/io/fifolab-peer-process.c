/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "fifolab-enums.h"
#include "fifolab-framer.h"
#include "fifolab-peer-command.h"
#include "fifolab-peer-process.h"
#include "fifolab-proc-state.h"
#include "fifolab-spawn.h"
#include "fifolab-stamp.h"
#include "fifolab-types.h"

/* How long stop() lets a process end after SIGTERM before SIGKILL. */
#define STOP_GRACE_SECONDS 2
/* After the process is reaped, how long its output may still trickle in. */
#define OUTPUT_GRACE_MS 1000
/* How often a process GLib says has exited is looked at again while its
 * tracer still holds it (see collect_status()). */
#define COLLECT_RETRY_MS 10
/* How often a held activity asks the kernel what the running peer does (a
 * few small /proc reads): a writer blocked in open() stops waiting when a
 * reader comes, which nothing tells FIFO Lab. */
#define ACTIVITY_REFRESH_MS 500

struct _FifolabPeerProcess
{
  GObject           parent_instance;

  FifolabPeerRole   role;
  char             *path;
  FifolabLog       *log;
  char             *template_;
  char            **command;       /* run instead of fifolab-peer, or NULL */
  int               count;
  guint             interval;
  guint             delay;
  guint             bytes;
  FifolabFraming    framing;
  gboolean          framing_set;
  guint             fixed_size;

  GSubprocess      *subprocess;
  GCancellable     *cancellable;
  GDataInputStream *out;
  GDataInputStream *err;
  GPtrArray        *output_lines;
  FifolabPeerLineFunc line_func;   /* the flags of a line's entry, or NULL */
  gpointer          line_data;
  GDestroyNotify    line_destroy;
  FifolabPeerExitFunc exit_func;   /* logs the exit itself when it returns TRUE */
  gpointer          exit_data;
  GDestroyNotify    exit_destroy;
  gint64            pid;
  /* Our own handle on the child, for its true exit status (see
   * collect_status()), or -1; and the retry while its tracer holds it. */
  int               pidfd;
  guint             collect_id;
  /* Held by fifolab-peer hold until the gate opens (see hold_for()). */
  gint64            hold_tracer;
  int               gate_fd;       /* our end of the gate, or -1 */
  FifolabPeerState  state;
  int               exit_status;
  /* What it does on its FIFO, as /proc said last; the holds of it, and
   * while held and running the source that reads it again (its ready time
   * a period after the last read, whoever asked). */
  FifolabProcActivity activity;
  guint             activity_holds;
  GSource          *activity_source;

  guint             kill_id;
  guint             grace_id;
  guint             waited : 1;
  guint             out_done : 1;
  guint             err_done : 1;
};

G_DEFINE_FINAL_TYPE (FifolabPeerProcess, fifolab_peer_process, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROLE,
  PROP_PATH,
  PROP_LOG,
  PROP_TEMPLATE,
  PROP_COUNT,
  PROP_INTERVAL,
  PROP_BYTES,
  PROP_FRAMING,
  PROP_FIXED_SIZE,
  PROP_PID,
  PROP_STATE,
  PROP_EXIT_STATUS,
  PROP_ACTIVITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_OUTPUT,
  SIGNAL_EXITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void activity_update_source (FifolabPeerProcess *self);

static void
set_activity (FifolabPeerProcess  *self,
              FifolabProcActivity  activity)
{
  if (self->activity == activity)
    return;
  self->activity = activity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}

static void
set_state (FifolabPeerProcess *self,
           FifolabPeerState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  /* What it does follows before the state is told: it runs (read now, if
   * held), or it does nothing any more. */
  activity_update_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
activity_source_dispatch (GSource     *source,
                          GSourceFunc  callback,
                          gpointer     user_data)
{
  return callback (user_data);
}

/* A source that runs at its ready time only: refresh_activity() sets it. */
static GSourceFuncs activity_source_funcs = {
  .dispatch = activity_source_dispatch,
};

static gboolean
activity_source_cb (gpointer user_data)
{
  fifolab_peer_process_refresh_activity (user_data);
  return G_SOURCE_CONTINUE;
}

static void
activity_stop_source (FifolabPeerProcess *self)
{
  if (self->activity_source == NULL)
    return;
  g_source_destroy (self->activity_source);
  g_clear_pointer (&self->activity_source, g_source_unref);
}

/* The timer runs while the activity is held and the peer runs; it starts
 * with a read. Not running, the activity is EXITED. */
static void
activity_update_source (FifolabPeerProcess *self)
{
  gboolean running = self->state == FIFOLAB_PEER_STATE_RUNNING && self->pid > 0;

  if (!running)
    {
      activity_stop_source (self);
      set_activity (self, FIFOLAB_PROC_ACTIVITY_EXITED);
      return;
    }
  if (self->activity_holds == 0)
    {
      activity_stop_source (self);
      return;
    }
  if (self->activity_source != NULL)
    return;
  self->activity_source = g_source_new (&activity_source_funcs, sizeof (GSource));
  g_source_set_callback (self->activity_source, activity_source_cb, self, NULL);
  g_source_set_name (self->activity_source, "[fifolab] peer activity");
  g_source_attach (self->activity_source, g_main_context_get_thread_default ());
  fifolab_peer_process_refresh_activity (self);
}

static char *
describe_status (int status)
{
  if (WIFEXITED (status))
    return g_strdup_printf (_("Exited with status %d"), WEXITSTATUS (status));
  if (WIFSIGNALED (status))
    return g_strdup_printf (_("Killed by signal %d (%s)"), WTERMSIG (status),
                            g_strsignal (WTERMSIG (status)));
  return g_strdup_printf (_("Ended with wait status %d"), status);
}

/* Logs one output line, with the flags the line func finds in it: its
 * entry is final when it is appended. */
static void
log_line (FifolabPeerProcess *self,
          const char         *line,
          gsize               len,
          gboolean            is_stderr)
{
  guint flags = FIFOLAB_MESSAGE_NONE;

  if (self->line_func != NULL)
    flags = self->line_func (self, line, len, is_stderr, self->line_data);
  if (self->log == NULL)
    return;
  fifolab_log_append (self->log, FIFOLAB_DIRECTION_OUTPUT, FIFOLAB_EVENT_NONE, flags,
                      self->path, self->pid, -1, g_get_real_time (), g_get_monotonic_time (),
                      (const guint8 *) line, len);
}

static void
finish_exit (FifolabPeerProcess *self)
{
  g_autofree char *status = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *pid_text = NULL;

  if (self->state != FIFOLAB_PEER_STATE_RUNNING)
    return;

  g_clear_handle_id (&self->kill_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);

  status = describe_status (self->exit_status);
  pid_text = g_strdup_printf ("%" G_GINT64_FORMAT, self->pid);
  if (self->command != NULL)
    /* Translators: %s is a pid, then "Exited with status 0" or similar. */
    detail = g_strdup_printf (_("pid %s: %s"), pid_text, status);
  else
    /* Translators: the first %s is a pid, the second "Exited with status 0" or similar. */
    detail = g_strdup_printf (_("fifolab-peer pid %s: %s"), pid_text, status);
  if (self->log != NULL &&
      (self->exit_func == NULL || !self->exit_func (self, detail, self->exit_data)))
    fifolab_log_append_event (self->log, FIFOLAB_EVENT_PEER_EXITED, self->path, detail);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXIT_STATUS]);
  set_state (self, FIFOLAB_PEER_STATE_EXITED);
  g_signal_emit (self, signals[SIGNAL_EXITED], 0);
}

static gboolean
output_grace_cb (gpointer user_data)
{
  FifolabPeerProcess *self = user_data;

  self->grace_id = 0;
  /* Something else (a grandchild) keeps the output open: stop waiting for it. */
  self->out_done = self->err_done = TRUE;
  finish_exit (self);
  return G_SOURCE_REMOVE;
}

static void
maybe_finish (FifolabPeerProcess *self)
{
  if (!self->waited)
    return;
  if (self->out_done && self->err_done)
    finish_exit (self);
  else if (self->grace_id == 0)
    self->grace_id = g_timeout_add (OUTPUT_GRACE_MS, output_grace_cb, self);
}

static void read_next_line (FifolabPeerProcess *self,
                            GDataInputStream   *stream);

static void
fifolab_peer_process_read_line_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  GDataInputStream *stream = G_DATA_INPUT_STREAM (object);
  FifolabPeerProcess *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gboolean is_stderr;
  gsize len = 0;

  line = g_data_input_stream_read_line_finish (stream, result, &len, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* @self may be gone */

  self = user_data;
  is_stderr = stream == self->err;

  if (line == NULL)
    {
      /* End of output (or an error reading it, which ends it as well). */
      if (is_stderr)
        self->err_done = TRUE;
      else
        self->out_done = TRUE;
      maybe_finish (self);
      return;
    }

  log_line (self, line, len, is_stderr);
  if (!is_stderr)
    g_ptr_array_add (self->output_lines, g_strdup (line));
  g_signal_emit (self, signals[SIGNAL_OUTPUT], 0, line, is_stderr);

  if (self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable))
    read_next_line (self, stream);
}

static void
read_next_line (FifolabPeerProcess *self,
                GDataInputStream   *stream)
{
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, self->cancellable,
                                       fifolab_peer_process_read_line_cb, self);
}

static void
close_pidfd (FifolabPeerProcess *self)
{
  if (self->pidfd >= 0)
    close (self->pidfd);
  self->pidfd = -1;
}

/* GLib 2.74's child watch takes its pidfd turning readable for the exit
 * itself. But a child traced by another process (step mode's watch, which
 * is not its parent) is, once it exits, a zombie only the tracer may wait
 * for until the tracer has collected it: GLib's waitid() finds nothing
 * then, and it reports status 0 and never reaps the child (lesson 5's
 * writer, gone with status 3, showed "Exited with status 0" once in two).
 * Our own pidfd tells which: ECHILD, GLib reaped the child and its status
 * is the true one; else the child is still ours to wait for, here.
 * Returns FALSE while its tracer still holds it. */
static gboolean
collect_status (FifolabPeerProcess *self)
{
  siginfo_t info = { 0 };

  if (self->pidfd < 0)
    return TRUE;
  if (waitid (P_PIDFD, (id_t) self->pidfd, &info, WEXITED | WNOHANG) != 0)
    {
      if (errno == EINTR)
        return FALSE;
      /* ECHILD: GLib reaped it (or, on an old kernel, EINVAL: GLib had no
       * pidfd either, and waited for the exit itself). */
      close_pidfd (self);
      return TRUE;
    }
  if (info.si_pid == 0)
    return FALSE;

  /* What waitpid() would have said. */
  if (info.si_code == CLD_EXITED)
    self->exit_status = (info.si_status & 0xff) << 8;
  else if (info.si_code == CLD_DUMPED)
    self->exit_status = (info.si_status & 0x7f) | 0x80;
  else
    self->exit_status = info.si_status & 0x7f;
  close_pidfd (self);
  return TRUE;
}

static void
collected (FifolabPeerProcess *self)
{
  self->waited = TRUE;
  g_clear_handle_id (&self->kill_id, g_source_remove);
  maybe_finish (self);
}

static gboolean
collect_retry_cb (gpointer user_data)
{
  FifolabPeerProcess *self = user_data;

  if (!collect_status (self))
    return G_SOURCE_CONTINUE;
  self->collect_id = 0;
  collected (self);
  return G_SOURCE_REMOVE;
}

static void
fifolab_peer_process_wait_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  FifolabPeerProcess *self;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (subprocess, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    }

  self = user_data;
  self->exit_status = g_subprocess_get_status (subprocess);
  if (!collect_status (self))
    {
      /* Its tracer lets it go in a moment: the exit is told then. */
      self->collect_id = g_timeout_add (COLLECT_RETRY_MS, collect_retry_cb, self);
      return;
    }
  collected (self);
}

static gboolean
kill_cb (gpointer user_data)
{
  FifolabPeerProcess *self = user_data;

  self->kill_id = 0;
  if (self->subprocess != NULL && !self->waited)
    g_subprocess_force_exit (self->subprocess);
  return G_SOURCE_REMOVE;
}

/* GObject */

static void
fifolab_peer_process_dispose (GObject *object)
{
  FifolabPeerProcess *self = FIFOLAB_PEER_PROCESS (object);

  g_clear_handle_id (&self->kill_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  /* A child GLib did not reap is reaped now, if its tracer let it go. */
  if (self->collect_id != 0)
    collect_status (self);
  g_clear_handle_id (&self->collect_id, g_source_remove);
  close_pidfd (self);
  activity_stop_source (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  /* Nobody follows this process any more: ask it to end (fifolab-peer does not
   * catch SIGTERM, so it ends at once), rather than leave it behind. */
  if (self->subprocess != NULL && !self->waited)
    g_subprocess_send_signal (self->subprocess, SIGTERM);

  /* Closed, the gate lets a held process run on (to its SIGTERM). */
  fifolab_peer_process_open_gate (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->out);
  g_clear_object (&self->err);
  g_clear_object (&self->subprocess);
  g_clear_object (&self->log);
  fifolab_peer_process_set_line_func (self, NULL, NULL, NULL);
  fifolab_peer_process_set_exit_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (fifolab_peer_process_parent_class)->dispose (object);
}

static void
fifolab_peer_process_finalize (GObject *object)
{
  FifolabPeerProcess *self = FIFOLAB_PEER_PROCESS (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->template_, g_free);
  g_clear_pointer (&self->command, g_strfreev);
  g_clear_pointer (&self->output_lines, g_ptr_array_unref);

  G_OBJECT_CLASS (fifolab_peer_process_parent_class)->finalize (object);
}

static void
fifolab_peer_process_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FifolabPeerProcess *self = FIFOLAB_PEER_PROCESS (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_TEMPLATE:
      g_value_set_string (value, self->template_);
      break;
    case PROP_COUNT:
      g_value_set_int (value, self->count);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_BYTES:
      g_value_set_uint (value, self->bytes);
      break;
    case PROP_FRAMING:
      g_value_set_enum (value, self->framing);
      break;
    case PROP_FIXED_SIZE:
      g_value_set_uint (value, self->fixed_size);
      break;
    case PROP_PID:
      g_value_set_int64 (value, self->pid);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_EXIT_STATUS:
      g_value_set_int (value, self->exit_status);
      break;
    case PROP_ACTIVITY:
      g_value_set_enum (value, self->activity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_peer_process_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FifolabPeerProcess *self = FIFOLAB_PEER_PROCESS (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;
    case PROP_TEMPLATE:
      fifolab_peer_process_set_template (self, g_value_get_string (value));
      break;
    case PROP_COUNT:
      fifolab_peer_process_set_count (self, g_value_get_int (value));
      break;
    case PROP_INTERVAL:
      fifolab_peer_process_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_BYTES:
      fifolab_peer_process_set_bytes (self, g_value_get_uint (value));
      break;
    case PROP_FRAMING:
      fifolab_peer_process_set_framing (self, g_value_get_enum (value));
      break;
    case PROP_FIXED_SIZE:
      fifolab_peer_process_set_fixed_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_peer_process_class_init (FifolabPeerProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_peer_process_dispose;
  object_class->finalize = fifolab_peer_process_finalize;
  object_class->get_property = fifolab_peer_process_get_property;
  object_class->set_property = fifolab_peer_process_set_property;

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, FIFOLAB_TYPE_PEER_ROLE, FIFOLAB_PEER_ROLE_WRITE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, FIFOLAB_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEMPLATE] =
    g_param_spec_string ("template", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_int ("count", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES] =
    g_param_spec_uint ("bytes", NULL, NULL, 0, 16 * 1024 * 1024, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAMING] =
    g_param_spec_enum ("framing", NULL, NULL, FIFOLAB_TYPE_FRAMING, FIFOLAB_FRAMING_RAW,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIXED_SIZE] =
    g_param_spec_uint ("fixed-size", NULL, NULL, 1, FIFOLAB_MAX_FIXED_SIZE, FIFOLAB_SEED_MESSAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PID] =
    g_param_spec_int64 ("pid", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FIFOLAB_TYPE_PEER_STATE, FIFOLAB_PEER_STATE_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXIT_STATUS] =
    g_param_spec_int ("exit-status", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVITY] =
    g_param_spec_enum ("activity", NULL, NULL, FIFOLAB_TYPE_PROC_ACTIVITY, FIFOLAB_PROC_ACTIVITY_EXITED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OUTPUT] =
    g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[SIGNAL_EXITED] =
    g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fifolab_peer_process_init (FifolabPeerProcess *self)
{
  self->count = -1;
  self->fixed_size = FIFOLAB_SEED_MESSAGE_SIZE;
  self->pid = -1;
  self->gate_fd = -1;
  self->pidfd = -1;
  self->activity = FIFOLAB_PROC_ACTIVITY_EXITED;
  self->output_lines = g_ptr_array_new_with_free_func (g_free);
}

/* Public API */

/**
 * fifolab_peer_process_new:
 * @role: write or read
 * @path: the FIFO
 * @log: (nullable): where output lines and events go
 *
 * Returns: (transfer full): a peer, not started yet
 */
FifolabPeerProcess *
fifolab_peer_process_new (FifolabPeerRole  role,
                          const char      *path,
                          FifolabLog      *log)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (log == NULL || FIFOLAB_IS_LOG (log), NULL);

  return g_object_new (FIFOLAB_TYPE_PEER_PROCESS,
                       "role", role,
                       "path", path,
                       "log", log,
                       NULL);
}

FifolabPeerRole
fifolab_peer_process_get_role (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FIFOLAB_PEER_ROLE_WRITE);
  return self->role;
}

const char *
fifolab_peer_process_get_path (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);
  return self->path;
}

FifolabLog *
fifolab_peer_process_get_log (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);
  return self->log;
}

const char *
fifolab_peer_process_get_template (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);
  return self->template_;
}

void
fifolab_peer_process_set_template (FifolabPeerProcess *self,
                                   const char         *template_)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  if (g_strcmp0 (self->template_, template_) == 0)
    return;
  g_free (self->template_);
  self->template_ = g_strdup (template_);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE]);
}

int
fifolab_peer_process_get_count (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), -1);
  return self->count;
}

void
fifolab_peer_process_set_count (FifolabPeerProcess *self,
                                int                 count)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  count = MAX (count, -1);
  if (self->count == count)
    return;
  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

guint
fifolab_peer_process_get_interval (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), 0);
  return self->interval;
}

void
fifolab_peer_process_set_interval (FifolabPeerProcess *self,
                                   guint               interval_ms)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  interval_ms = MIN (interval_ms, (guint) G_MAXINT);
  if (self->interval == interval_ms)
    return;
  self->interval = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

guint
fifolab_peer_process_get_delay (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), 0);
  return self->delay;
}

/**
 * fifolab_peer_process_set_delay:
 * @self: a writer peer
 * @delay_ms: slow motion: what the writer waits with the pipe open before
 *   each message (--delay), 0 for none
 */
void
fifolab_peer_process_set_delay (FifolabPeerProcess *self,
                                guint               delay_ms)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  self->delay = MIN (delay_ms, (guint) G_MAXINT);
}

guint
fifolab_peer_process_get_bytes (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), 0);
  return self->bytes;
}

void
fifolab_peer_process_set_bytes (FifolabPeerProcess *self,
                                guint               bytes)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  if (self->bytes == bytes)
    return;
  self->bytes = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES]);
}

FifolabFraming
fifolab_peer_process_get_framing (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FIFOLAB_FRAMING_RAW);
  return self->framing;
}

GBytes *
fifolab_peer_process_dup_message (FifolabPeerProcess *self)
{
  g_autoptr(FifolabFramer) framer = NULL;
  g_autoptr(GBytes) payload = NULL;
  gint64 pid;

  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);

  pid = fifolab_peer_process_get_pid (self);
  if (pid <= 0)
    return NULL;
  payload = fifolab_stamp_expand (self->template_ != NULL ? self->template_ : FIFOLAB_DEFAULT_TEMPLATE,
                                  pid, NULL);
  if (payload == NULL)
    return NULL;
  framer = fifolab_framer_new (self->framing);
  return fifolab_framer_encode (framer, payload, NULL);
}

void
fifolab_peer_process_set_framing (FifolabPeerProcess *self,
                                  FifolabFraming      framing)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  self->framing_set = TRUE;
  if (self->framing == framing)
    return;
  self->framing = framing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

guint
fifolab_peer_process_get_fixed_size (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), 0);
  return self->fixed_size;
}

void
fifolab_peer_process_set_fixed_size (FifolabPeerProcess *self,
                                     guint               size)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  /* fifolab-peer refuses a larger --size: the reader would cut the messages. */
  size = CLAMP (size, 1, FIFOLAB_MAX_FIXED_SIZE);
  if (self->fixed_size == size)
    return;
  self->fixed_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIXED_SIZE]);
}

/**
 * fifolab_peer_process_build_argv:
 * @self: a peer
 *
 * Returns: (transfer full): the command line start() runs
 */
GStrv
fifolab_peer_process_build_argv (FifolabPeerProcess *self)
{
  FifolabPeerArgs args;

  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);

  if (self->command != NULL)
    return g_strdupv (self->command);
  args = (FifolabPeerArgs) { self->role == FIFOLAB_PEER_ROLE_WRITE, self->path, self->template_,
                             self->interval, self->delay, self->bytes, self->count,
                             self->framing_set, self->framing, self->fixed_size };
  return _fifolab_peer_command_build_argv (&args);
}

/**
 * fifolab_peer_process_set_command:
 * @self: a peer not started yet
 * @argv: (array zero-terminated=1): the command to run instead of fifolab-peer
 *
 * For a process of the lessons' own that is not a fifolab-peer (lesson 9's
 * server, a shell): started, held in step mode, listed and logged to its
 * exit like any peer. Its role and path say which end of which pipe it
 * uses; the peer options (template, count, framing) do not apply.
 */
void
fifolab_peer_process_set_command (FifolabPeerProcess *self,
                                  const char * const *argv)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  g_return_if_fail (self->state == FIFOLAB_PEER_STATE_NEW);
  g_return_if_fail (argv != NULL && argv[0] != NULL);

  g_strfreev (self->command);
  self->command = g_strdupv ((char **) argv);
}

/* The gate's descriptor in a held child (fifolab-peer-hold.c). */
#define HOLD_GATE_FD 3

static void
close_gate (FifolabPeerProcess *self)
{
  if (self->gate_fd >= 0)
    close (self->gate_fd);
  self->gate_fd = -1;
}

/* fifolab-peer hold --tracer TRACER --gate 3 -- ARGV… */
static GStrv
hold_argv (gint64              tracer,
           char * const       *argv)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *tracer_text = g_strdup_printf ("%" G_GINT64_FORMAT, tracer);
  g_autofree char *gate_text = g_strdup_printf ("%d", HOLD_GATE_FD);

  g_strv_builder_add_many (builder, fifolab_peer_process_get_default_path (), "hold",
                           "--tracer", tracer_text, "--gate", gate_text, "--", NULL);
  g_strv_builder_addv (builder, (const char **) argv);
  return g_strv_builder_end (builder);
}

static void
child_setup (gpointer data)
{
  /* Dies with FIFO Lab even when FIFO Lab cannot stop it (a crash, SIGKILL). */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * fifolab_peer_process_start:
 * @self: a peer not started yet
 * @error: return location for a #GError
 *
 * Runs fifolab-peer with pipes on its stdout and stderr.
 *
 * Returns: %TRUE when the process runs
 */
gboolean
fifolab_peer_process_start (FifolabPeerProcess  *self,
                            GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) held_argv = NULL;
  g_autofree char *command = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *pid_text = NULL;
  GInputStream *stream;
  GPid pid = 0;

  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FALSE);
  g_return_val_if_fail (self->state == FIFOLAB_PEER_STATE_NEW, FALSE);

  argv = fifolab_peer_process_build_argv (self);
  /* stdin stays /dev/null: a peer never reads the terminal FIFO Lab runs in. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (self->hold_tracer > 0)
    {
      int gate[2];

      /* A socket pair, not a pipe: opening the gate of a process that died
       * held must fail with EPIPE (MSG_NOSIGNAL), not raise SIGPIPE. */
      if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, gate) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The process cannot be held for step mode: %s"), g_strerror (saved_errno));
          set_state (self, FIFOLAB_PEER_STATE_FAILED);
          return FALSE;
        }
      /* The read end becomes the child's descriptor 3 (and is closed here
       * once it is spawned); the write end stays ours, close-on-exec. */
      g_subprocess_launcher_take_fd (launcher, gate[0], HOLD_GATE_FD);
      self->gate_fd = gate[1];
      held_argv = hold_argv (self->hold_tracer, argv);
    }
  /* The pid as the child reports it: a peer that fails at once may be reaped
   * before g_subprocess_get_identifier() could be asked. */
  self->subprocess = fifolab_spawn (launcher,
                                    (const char * const *) (held_argv != NULL ? held_argv : argv),
                                    child_setup, NULL, &pid, error);
  if (self->subprocess == NULL)
    {
      close_gate (self);
      set_state (self, FIFOLAB_PEER_STATE_FAILED);
      return FALSE;
    }

  self->pid = pid;
  /* Close-on-exec. It fails (ESRCH) for a peer GLib has reaped already, or
   * on a kernel before 5.3: GLib's status is then the only one. */
  self->pidfd = (int) syscall (SYS_pidfd_open, (pid_t) pid, 0);
  pid_text = g_strdup_printf ("%" G_GINT64_FORMAT, self->pid);
  self->cancellable = g_cancellable_new ();

  stream = g_subprocess_get_stdout_pipe (self->subprocess);
  self->out = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self->out, G_DATA_STREAM_NEWLINE_TYPE_LF);
  stream = g_subprocess_get_stderr_pipe (self->subprocess);
  self->err = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self->err, G_DATA_STREAM_NEWLINE_TYPE_LF);

  command = _fifolab_peer_command_describe ((const char * const *) argv);
  /* Translators: %s is a pid, then the command line that was run. */
  detail = g_strdup_printf (_("pid %s: %s"), pid_text, command);
  if (self->log != NULL)
    fifolab_log_append_event (self->log, FIFOLAB_EVENT_PEER_STARTED, self->path, detail);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
  set_state (self, FIFOLAB_PEER_STATE_RUNNING);

  read_next_line (self, self->out);
  read_next_line (self, self->err);
  g_subprocess_wait_async (self->subprocess, self->cancellable,
                           fifolab_peer_process_wait_cb, self);
  return TRUE;
}

/**
 * fifolab_peer_process_hold_for:
 * @self: a peer not started yet
 * @tracer: the pid of the `fifolab-peer watch` that is to trace it
 *
 * start() will run the peer held (fifolab-peer-hold.c): it lets @tracer
 * trace it and runs nothing until fifolab_peer_process_open_gate().
 */
void
fifolab_peer_process_hold_for (FifolabPeerProcess *self,
                               gint64              tracer)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  g_return_if_fail (self->state == FIFOLAB_PEER_STATE_NEW);
  g_return_if_fail (tracer > 0);

  self->hold_tracer = tracer;
}

gboolean
fifolab_peer_process_is_held (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FALSE);
  return self->gate_fd >= 0;
}

/**
 * fifolab_peer_process_open_gate:
 * @self: a peer
 *
 * Lets a held peer run its command. Nothing when it is not held.
 */
void
fifolab_peer_process_open_gate (FifolabPeerProcess *self)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));

  if (self->gate_fd < 0)
    return;
  /* One byte, into an empty socket: it never blocks. Should it fail (the
   * process is gone), the close is the end of file it also runs on at. */
  if (send (self->gate_fd, "g", 1, MSG_NOSIGNAL) != 1)
    g_debug ("The gate of peer %" G_GINT64_FORMAT ": %s", self->pid, g_strerror (errno));
  close_gate (self);
}

/* Lists @self in @peers once it runs (see the header). */
gboolean
fifolab_peer_process_start_listed (FifolabPeerProcess  *self,
                                   GListStore          *peers,
                                   GError             **error)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FALSE);
  g_return_val_if_fail (G_IS_LIST_STORE (peers), FALSE);

  if (!fifolab_peer_process_start (self, error))
    return FALSE;
  g_list_store_append (peers, self);
  return TRUE;
}

/**
 * fifolab_peer_process_stop:
 * @self: a peer
 *
 * Sends SIGTERM, and SIGKILL 2 s later if the process has not ended. Returns at
 * once; ::exited tells when it is over.
 */
void
fifolab_peer_process_stop (FifolabPeerProcess *self)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));

  if (self->state != FIFOLAB_PEER_STATE_RUNNING || self->waited)
    return;
  g_subprocess_send_signal (self->subprocess, SIGTERM);
  if (self->kill_id == 0)
    /* Not g_timeout_add_seconds(): it may fire up to a quarter second early. */
    self->kill_id = g_timeout_add (STOP_GRACE_SECONDS * 1000, kill_cb, self);
}

gint64
fifolab_peer_process_get_pid (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), -1);
  return self->pid;
}

FifolabPeerState
fifolab_peer_process_get_state (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FIFOLAB_PEER_STATE_NEW);
  return self->state;
}

gboolean
fifolab_peer_process_is_running (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FALSE);
  return self->state == FIFOLAB_PEER_STATE_RUNNING;
}

int
fifolab_peer_process_get_exit_status (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), 0);
  return self->exit_status;
}

int
fifolab_peer_process_get_exit_code (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), -1);
  if (self->state != FIFOLAB_PEER_STATE_EXITED || !WIFEXITED (self->exit_status))
    return -1;
  return WEXITSTATUS (self->exit_status);
}

int
fifolab_peer_process_get_term_signal (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), 0);
  if (self->state != FIFOLAB_PEER_STATE_EXITED || !WIFSIGNALED (self->exit_status))
    return 0;
  return WTERMSIG (self->exit_status);
}

/**
 * fifolab_peer_process_describe_state:
 * @self: a peer
 *
 * Returns: (transfer full): the state in words
 */
char *
fifolab_peer_process_describe_state (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);

  switch (self->state)
    {
    case FIFOLAB_PEER_STATE_NEW:
      return g_strdup (_("Not started"));
    case FIFOLAB_PEER_STATE_RUNNING:
      return g_strdup (_("Running"));
    case FIFOLAB_PEER_STATE_FAILED:
      return g_strdup (_("Could not be started"));
    case FIFOLAB_PEER_STATE_EXITED:
    default:
      return describe_status (self->exit_status);
    }
}

/**
 * fifolab_peer_process_read_activity:
 * @self: a peer
 *
 * Returns: what the running peer does on its FIFO now
 */
FifolabProcActivity
fifolab_peer_process_read_activity (FifolabPeerProcess *self)
{
  FifolabProcState state;

  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FIFOLAB_PROC_ACTIVITY_UNKNOWN);

  if (self->state != FIFOLAB_PEER_STATE_RUNNING || self->pid <= 0)
    return FIFOLAB_PROC_ACTIVITY_EXITED;
  fifolab_proc_state_read_path (self->pid, self->path, &state);
  return state.activity;
}

/**
 * fifolab_peer_process_get_activity:
 * @self: a peer
 *
 * Returns: what the peer did on its FIFO when /proc was last read
 */
FifolabProcActivity
fifolab_peer_process_get_activity (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FIFOLAB_PROC_ACTIVITY_UNKNOWN);
  return self->activity;
}

/**
 * fifolab_peer_process_refresh_activity:
 * @self: a peer
 *
 * Returns: what the running peer does on its FIFO now (the activity set)
 */
FifolabProcActivity
fifolab_peer_process_refresh_activity (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), FIFOLAB_PROC_ACTIVITY_UNKNOWN);

  /* The held timer's next read: a period after this one. */
  if (self->activity_source != NULL)
    g_source_set_ready_time (self->activity_source,
                             g_get_monotonic_time () + ACTIVITY_REFRESH_MS * G_TIME_SPAN_MILLISECOND);
  set_activity (self, fifolab_peer_process_read_activity (self));
  return self->activity;
}

void
fifolab_peer_process_hold_activity (FifolabPeerProcess *self)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));

  if (self->activity_holds++ == 0)
    activity_update_source (self);
}

void
fifolab_peer_process_release_activity (FifolabPeerProcess *self)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  g_return_if_fail (self->activity_holds > 0);

  if (--self->activity_holds == 0)
    activity_update_source (self);
}

/**
 * fifolab_peer_process_describe_activity:
 * @self: a peer
 * @activity: what it does, from fifolab_peer_process_read_activity()
 *
 * Returns: (transfer full): what it waits for, or its state, in words
 */
char *
fifolab_peer_process_describe_activity (FifolabPeerProcess  *self,
                                        FifolabProcActivity  activity)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);

  if (self->state == FIFOLAB_PEER_STATE_RUNNING)
    switch (activity)
      {
      case FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER:
        /* Translators: a process FIFO Lab started, blocked in open(O_WRONLY) */
        return g_strdup (_("Waiting in open() for a reader"));
      case FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER:
        /* Translators: a process FIFO Lab started, blocked in open(O_RDONLY) */
        return g_strdup (_("Waiting in open() for a writer"));
      case FIFOLAB_PROC_ACTIVITY_OPEN_WAIT:
        /* Translators: a process FIFO Lab started, blocked in open() of a FIFO */
        return g_strdup (_("Waiting in open()"));
      default:
        break;
      }
  return fifolab_peer_process_describe_state (self);
}

const GPtrArray *
fifolab_peer_process_get_output_lines (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);
  return self->output_lines;
}

/* A func's data and its destroy notify, the old freed after the new is set. */
static void
replace_data (gpointer       *data,
              GDestroyNotify *destroy,
              gpointer        new_data,
              GDestroyNotify  new_destroy)
{
  GDestroyNotify old_destroy = *destroy;
  gpointer old_data = *data;

  *data = new_data;
  *destroy = new_destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/* Each output line's flags, found before the line is logged (see the
 * header); called for stdout and stderr, even without a log. */
void
fifolab_peer_process_set_line_func (FifolabPeerProcess  *self,
                                    FifolabPeerLineFunc  func,
                                    gpointer             user_data,
                                    GDestroyNotify       destroy)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));

  self->line_func = func;
  replace_data (&self->line_data, &self->line_destroy, user_data, destroy);
}

/* Who logs the exit (see the header). */
void
fifolab_peer_process_set_exit_func (FifolabPeerProcess  *self,
                                    FifolabPeerExitFunc  func,
                                    gpointer             user_data,
                                    GDestroyNotify       destroy)
{
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));

  self->exit_func = func;
  replace_data (&self->exit_data, &self->exit_destroy, user_data, destroy);
}

/**
 * fifolab_peer_process_dup_wchan:
 * @self: a peer
 *
 * Returns: (transfer full) (nullable): the kernel function the process sleeps in
 */
char *
fifolab_peer_process_dup_wchan (FifolabPeerProcess *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (self), NULL);

  if (self->state != FIFOLAB_PEER_STATE_RUNNING)
    return NULL;
  return fifolab_proc_dup_wchan (self->pid);
}

/* Waiting for the end */

typedef struct
{
  gulong exited_id;
  gulong cancelled_id;
} WaitData;

/* The exit or the cancellation, whichever comes first, returns the task. */
static void
wait_complete (GTask  *task,
               GError *error)
{
  WaitData *wait = g_task_get_task_data (task);

  g_clear_signal_handler (&wait->exited_id, g_task_get_source_object (task));
  /* Not g_cancellable_disconnect(): it would block in the cancelled handler. */
  g_clear_signal_handler (&wait->cancelled_id, g_task_get_cancellable (task));
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
wait_exited_cb (FifolabPeerProcess *self,
                GTask              *task)
{
  wait_complete (task, NULL);
}

static void
wait_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  wait_complete (task, error);
}

/**
 * fifolab_peer_process_wait_async:
 * @self: a peer
 * @cancellable: (nullable): stops the wait (not the process)
 * @callback: called once the process is no longer running
 * @user_data: for @callback
 *
 * Waits without blocking until the process is not running: at once when it
 * never started, could not start or has exited, else until ::exited (its exit
 * reported, its output delivered). It does not stop the process.
 */
void
fifolab_peer_process_wait_async (FifolabPeerProcess  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WaitData *wait;

  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_peer_process_wait_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (self->state != FIFOLAB_PEER_STATE_RUNNING)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* The task holds itself, and this peer, until it returns. */
  wait = g_new0 (WaitData, 1);
  g_task_set_task_data (task, wait, g_free);
  wait->exited_id = g_signal_connect (self, "exited", G_CALLBACK (wait_exited_cb), task);
  if (cancellable != NULL)
    wait->cancelled_id = g_signal_connect (cancellable, "cancelled", G_CALLBACK (wait_cancelled_cb), task);
  g_steal_pointer (&task);
}

gboolean
fifolab_peer_process_wait_finish (FifolabPeerProcess  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
