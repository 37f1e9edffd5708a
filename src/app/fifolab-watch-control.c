/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "fifolab-accessible.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-peer-process.h"
#include "fifolab-tap.h"
#include "fifolab-toggle-status.h"
#include "fifolab-watch-control.h"
#include "fifolab-watch-control-private.h"
#include "fifolab-watch-record.h"
#include "fifolab-watch-scan.h"

/* One running `fifolab-peer watch --json PIPE`: shared by the control's
 * table and each pending read or wait, so it outlives a release of the
 * toggle until the watch has said its last line and been reaped. */
typedef struct
{
  FifolabWatchControl *control;   /* NULL once the control is gone */
  FifolabSession      *session;   /* its claim on the pipe's processes */
  char                *path;
  GSubprocess         *proc;
  GDataInputStream    *out;
  GDataInputStream    *err;
  GString             *said;      /* what the watch wrote to stderr */
  gboolean             stopping;  /* we sent SIGTERM */
  gboolean             let_go;    /* and a second one: let go at once */
  gboolean             tap_after; /* a tap is to start once it has ended */
  FifolabTapArriving   tap_arriving; /* who opens the pipe next, for that tap */
  /* Stopping, the threads it can let go only when their write returns
   * (its "letting-go" records): tid → Waiting. */
  GHashTable          *waiting;
  /* Ends still to come: stdout's, stderr's and the process's own; the
   * watch is over when all three have come. */
  guint                pending;
} Run;

struct _FifolabWatchControl
{
  GtkWidget        parent_instance;

  FifolabSession  *session;
  char            *path;
  /* path → Run, running or starting */
  GHashTable      *runs;
  /* Runs told to stop that have not ended yet (a reference each). */
  GPtrArray       *ending;
  /* The pipe the status line speaks of. */
  char            *status_path;
  /* path → Said: what the status line last said of each pipe, said again
   * when the pipe is shown again. */
  GHashTable      *said;
  /* Set while the toggle shows the state (no start or stop then). */
  gboolean         syncing;
  char            *tooltip;     /* the toggle's own, while step mode does not block it */
  /* The pipe the refusal speaks of, and what was refused (Refusal; the
   * first REFUSALS_SHOWN are shown, the others counted). */
  char            *refused_path;
  GPtrArray       *refusals;
  /* Whether each refused process is still on the pipe: checked every
   * CHECK_INTERVAL_MS in a worker thread while the refusal box shows one
   * (sync_checks()), and not while nobody sees it. */
  guint            check_id;
  GCancellable    *check_cancellable;
  gboolean         checking;
  guint            n_checks;    /* begun, for the tests */
  /* Pipes whose "Use Tap Instead" tap has been asked for, and has not
   * said yet whether it started. */
  GHashTable      *tap_waits;

  /* Template */
  GtkToggleButton *watch_button;
  GtkLabel        *status_label;
  GtkWidget       *refused_box;
  GtkLabel        *refused_heading;
  GtkLabel        *refused_label;
  GtkWidget       *tap_instead_button;
  GtkLabel        *tap_instead_label;
  GtkWidget       *let_go_button;
};

G_DEFINE_FINAL_TYPE (FifolabWatchControl, fifolab_watch_control, GTK_TYPE_WIDGET)

enum
{
  TAP_INSTEAD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define REFUSALS_SHOWN 3
#define CHECK_INTERVAL_MS 500
/* Checks in a row that find a living refused process off the pipe before
 * its refusal goes: one may catch it inside open(), running, before its
 * descriptor is in its table. */
#define CHECK_MISSES 2

/* One paragraph of the refusal box: what the kernel refused (or how the
 * watch failed). */
typedef struct
{
  gint64         pid;     /* the refused process; 0 when none is named */
  char          *heading;
  char          *text;
  FifolabAccess  access;  /* the ends it was last found on; NONE: not yet */
  guint          misses;  /* checks in a row that found it off the pipe */
} Refusal;

/* A thread the stopping watch lets go when its write returns. */
typedef struct
{
  gint64  pid;
  char   *text;   /* what the status line says of it */
} Waiting;

/* What the status line said of a pipe. */
typedef struct
{
  char     *text;
  gboolean  error;
} Said;

static void
refusal_free (Refusal *refusal)
{
  g_free (refusal->heading);
  g_free (refusal->text);
  g_free (refusal);
}

static void
said_free (Said *said)
{
  g_free (said->text);
  g_free (said);
}

static void
waiting_free (Waiting *waiting)
{
  g_free (waiting->text);
  g_free (waiting);
}

static void
run_free (Run *run)
{
  g_clear_pointer (&run->waiting, g_hash_table_unref);
  g_free (run->path);
  g_clear_object (&run->session);
  g_clear_object (&run->proc);
  g_clear_object (&run->out);
  g_clear_object (&run->err);
  g_string_free (run->said, TRUE);
}

static Run *
run_ref (Run *run)
{
  return g_rc_box_acquire (run);
}

static void
run_unref (Run *run)
{
  g_rc_box_release_full (run, (GDestroyNotify) run_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_unref)

/* What the status line says of @path: kept, and shown when @path is the
 * pipe shown (now, or once it is shown again). */
static void
say (FifolabWatchControl *self,
     const char          *path,
     const char          *text,
     gboolean             error)
{
  if (path == NULL)
    return;
  if (text == NULL || *text == '\0')
    g_hash_table_remove (self->said, path);
  else
    {
      Said *said = g_new0 (Said, 1);

      said->text = g_strdup (text);
      said->error = error;
      g_hash_table_replace (self->said, g_strdup (path), said);
    }
  if (g_strcmp0 (self->path, path) == 0)
    fifolab_toggle_status_set (self->status_label, &self->status_path, self->path, text, error);
}

static void
set_status (FifolabWatchControl *self,
            const char          *text,
            gboolean             error)
{
  say (self, self->path, text, error);
}

/* The status line of @run's pipe. */
static void
run_status (Run        *run,
            const char *text,
            gboolean    error)
{
  if (run->control != NULL)
    say (run->control, run->path, text, error);
}

static void sync_checks    (FifolabWatchControl *self);
static void check_refusals (FifolabWatchControl *self);

/* What the kernel refused (or how the watch failed) is hidden. */
static void
clear_refusal (FifolabWatchControl *self)
{
  g_clear_pointer (&self->refused_path, g_free);
  g_ptr_array_set_size (self->refusals, 0);
  gtk_widget_set_visible (self->refused_box, FALSE);
  sync_checks (self);
}

/* The refusal box says what is refused now: the first REFUSALS_SHOWN
 * refusals, and how many more there are, under the last one's heading;
 * hidden when none is left. */
static void
sync_refusals (FifolabWatchControl *self)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  guint n_shown = MIN (self->refusals->len, REFUSALS_SHOWN);

  if (self->refusals->len == 0)
    {
      clear_refusal (self);
      return;
    }
  for (guint i = 0; i < n_shown; i++)
    g_string_append_printf (shown, "%s%s", i > 0 ? "\n\n" : "",
                            ((Refusal *) g_ptr_array_index (self->refusals, i))->text);
  if (self->refusals->len > n_shown)
    {
      guint more = self->refusals->len - n_shown;

      g_string_append (shown, "\n\n");
      g_string_append_printf (shown, g_dngettext (GETTEXT_PACKAGE,
                                                  "%u more process cannot be watched either.",
                                                  "%u more processes cannot be watched either.",
                                                  more),
                              more);
    }
  gtk_label_set_text (self->refused_heading,
                      ((Refusal *) g_ptr_array_index (self->refusals, self->refusals->len - 1))->heading);
  gtk_label_set_text (self->refused_label, shown->str);
  gtk_widget_set_visible (self->refused_box, g_strcmp0 (self->path, self->refused_path) == 0);
  sync_checks (self);
}

static gboolean
check_refusals_cb (gpointer user_data)
{
  check_refusals (user_data);
  return G_SOURCE_CONTINUE;
}

/* The refused processes are checked while the refusal box shows one by
 * its pid: the control on screen, showing the refusal's pipe. Otherwise
 * (Watch switched off, which takes the refusal away, another pipe shown,
 * none, or the details hidden) nobody would see what a check finds, and
 * none runs; shown again, the box is checked at once, then on the timer. */
static void
sync_checks (FifolabWatchControl *self)
{
  gboolean wanted = FALSE;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->refused_path != NULL &&
      g_strcmp0 (self->path, self->refused_path) == 0)
    for (guint i = 0; i < self->refusals->len && !wanted; i++)
      wanted = ((Refusal *) g_ptr_array_index (self->refusals, i))->pid > 0;
  if (!wanted)
    {
      g_clear_handle_id (&self->check_id, g_source_remove);
      return;
    }
  if (self->check_id != 0)
    return;
  check_refusals (self);
  self->check_id = g_timeout_add (CHECK_INTERVAL_MS, check_refusals_cb, self);
  g_source_set_name_by_id (self->check_id, "[fifolab] refusal check");
}

/* Shows why @path's watch was refused process @pid (0: none named), with
 * @heading (refused or failed) and @text, the watch's words, and offers a
 * tap instead. A process refused again replaces its own paragraph. */
static void
show_refusal (FifolabWatchControl *self,
              const char          *path,
              const char          *heading,
              gint64               pid,
              const char          *text)
{
  Refusal *refusal = NULL;

  if (g_strcmp0 (self->refused_path, path) != 0)
    {
      clear_refusal (self);
      self->refused_path = g_strdup (path);
    }
  for (guint i = 0; pid > 0 && i < self->refusals->len; i++)
    if (((Refusal *) g_ptr_array_index (self->refusals, i))->pid == pid)
      refusal = g_ptr_array_index (self->refusals, i);
  if (refusal == NULL)
    {
      refusal = g_new0 (Refusal, 1);
      refusal->pid = pid;
      g_ptr_array_add (self->refusals, refusal);
    }
  g_free (refusal->heading);
  refusal->heading = g_strdup (heading);
  g_free (refusal->text);
  refusal->text = g_strdup (text);
  refusal->misses = 0;
  gtk_widget_set_sensitive (self->tap_instead_button, TRUE);
  sync_refusals (self);
  /* Which end it is on (the tap's direction) at once, and from then on
   * whether it still is (sync_refusals() started the timer): a refusal of
   * a process gone is no longer shown. */
  if (pid > 0 && self->check_id != 0)
    check_refusals (self);
}

/* The refusal box, when it speaks of @run's pipe (else nothing is shown:
 * the pipe shown is another). */
static void
run_refused (Run        *run,
             const char *heading,
             gint64      pid,
             const char *text)
{
  if (run->control == NULL || g_strcmp0 (run->control->path, run->path) != 0)
    return;
  /* Said in the box, with the rest: not twice. */
  set_status (run->control, NULL, FALSE);
  show_refusal (run->control, run->path, heading, pid, text);
}

/* A check of the refused processes: their pids in, for each the ends of
 * the pipe it is on out (-1: it has ended). */
typedef struct
{
  char   *path;
  GArray *pids;     /* gint64 */
  GArray *access;   /* int, filled by the thread */
} Check;

static void
check_free (Check *check)
{
  g_free (check->path);
  g_array_unref (check->pids);
  g_clear_pointer (&check->access, g_array_unref);
  g_free (check);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = task_data;
  struct stat st;

  /* Not a pipe there now (removed, or a tap's relay): nothing is told. */
  if (stat (check->path, &st) != 0 || !S_ISFIFO (st.st_mode))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  check->access = g_array_sized_new (FALSE, FALSE, sizeof (int), check->pids->len);
  for (guint i = 0; i < check->pids->len; i++)
    {
      pid_t pid = (pid_t) g_array_index (check->pids, gint64, i);
      int access = fifolab_watch_scan_ended (pid) ? -1
                 : (int) fifolab_watch_scan_access (pid, st.st_dev, st.st_ino);

      g_array_append_val (check->access, access);
    }
  g_task_return_boolean (task, TRUE);
}

/* A refusal whose process has ended goes at once; one whose process is
 * off the pipe, after CHECK_MISSES checks in a row found it so. */
static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FifolabWatchControl) self = user_data;
  g_autoptr(GError) error = NULL;
  Check *check = g_task_get_task_data (G_TASK (result));
  gboolean checked = g_task_propagate_boolean (G_TASK (result), &error);
  gboolean changed = FALSE;

  /* Cancelled: the control is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checking = FALSE;
  if (!checked || g_strcmp0 (check->path, self->refused_path) != 0)
    return;
  for (guint i = 0; i < check->pids->len; i++)
    {
      gint64 pid = g_array_index (check->pids, gint64, i);
      int access = g_array_index (check->access, int, i);

      for (guint j = 0; j < self->refusals->len; j++)
        {
          Refusal *refusal = g_ptr_array_index (self->refusals, j);

          if (refusal->pid != pid)
            continue;
          if (access > 0)
            {
              refusal->access = (FifolabAccess) access;
              refusal->misses = 0;
            }
          else if (access < 0 || ++refusal->misses >= CHECK_MISSES)
            {
              g_ptr_array_remove_index (self->refusals, j);
              changed = TRUE;
            }
          break;
        }
    }
  if (changed)
    sync_refusals (self);
}

/* Whether each refused process is still on the pipe, asked in a worker
 * thread (it reads /proc); one check at a time. */
static void
check_refusals (FifolabWatchControl *self)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  if (self->checking || self->refused_path == NULL)
    return;
  check = g_new0 (Check, 1);
  check->path = g_strdup (self->refused_path);
  check->pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->refusals->len; i++)
    {
      Refusal *refusal = g_ptr_array_index (self->refusals, i);

      if (refusal->pid > 0)
        g_array_append_val (check->pids, refusal->pid);
    }
  if (check->pids->len == 0)
    {
      check_free (check);
      return;
    }
  self->checking = TRUE;
  self->n_checks++;
  task = g_task_new (NULL, self->check_cancellable, check_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, check_refusals);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_thread);
}

/* Who opens the pipe next, for a tap in place of the refused watch: the
 * refused processes are on the pipe (or waiting in open() of it), and the
 * tap relays from the side that arrives to theirs. A reader among them:
 * writers come; writers only: readers come. AUTO when not known. */
static FifolabTapArriving
refused_arriving (FifolabWatchControl *self)
{
  FifolabAccess ends = FIFOLAB_ACCESS_NONE;

  for (guint i = 0; i < self->refusals->len; i++)
    ends |= ((Refusal *) g_ptr_array_index (self->refusals, i))->access;
  if (ends & FIFOLAB_ACCESS_READ)
    return FIFOLAB_TAP_ARRIVING_WRITERS;
  if (ends & FIFOLAB_ACCESS_WRITE)
    return FIFOLAB_TAP_ARRIVING_READERS;
  return FIFOLAB_TAP_ARRIVING_AUTO;
}

static const char *
step_mode_traces (void)
{
  return _("Step mode traces this pipe’s processes, and a process can have only one tracer: switch Step Mode off to watch the pipe");
}

static const char *
last_watch_stopping (void)
{
  return _("The last watch of this pipe is still stopping: it lets its processes go as their writes return. Watch again once it has");
}

/* The toggle shows whether the pipe shown is watched. */
static void
sync_button (FifolabWatchControl *self)
{
  gboolean watching = self->path != NULL && g_hash_table_contains (self->runs, self->path);
  FifolabTracerKind tracer = !watching && self->session != NULL
    ? fifolab_session_get_tracer (self->session, self->path) : FIFOLAB_TRACER_NONE;
  /* Step mode traces the pipe's processes, or the last watch, switched
   * off, has not let them all go yet: one tracer per process. */
  const char *tooltip = tracer == FIFOLAB_TRACER_STEP ? step_mode_traces ()
                      : tracer == FIFOLAB_TRACER_WATCH ? last_watch_stopping ()
                      : self->tooltip;

  fifolab_toggle_status_show (self->watch_button, watching,
                              self->path != NULL && tracer == FIFOLAB_TRACER_NONE, &self->syncing);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->watch_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->watch_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
}

static FifolabLog *
run_log (Run *run)
{
  if (run->control == NULL || run->control->session == NULL)
    return NULL;
  return fifolab_session_get_log (run->control->session);
}

/* The run stops counting as the pipe's watch (it may still be ending). */
static void
forget_run (Run *run)
{
  FifolabWatchControl *self = run->control;

  if (self == NULL || self->runs == NULL ||
      g_hash_table_lookup (self->runs, run->path) != run)
    return;
  g_hash_table_remove (self->runs, run->path);
  if (g_strcmp0 (self->path, run->path) == 0)
    sync_button (self);
}

/* What the status line says of a thread the stopping watch waits for
 * (its LETTING_GO @record), translated: who, inside which call, and what
 * lets it go. */
static char *
waiting_text (Run                      *run,
              const FifolabWatchRecord *record)
{
  g_autofree char *name = NULL;
  const char *comm = record->comm != NULL ? record->comm : "?";

  if (!record->is_write)
    /* Translators: the watch is stopping; a pid, a command name, a system
     * call ("write") and a descriptor number. */
    return g_strdup_printf (_("pid %d (%s) is inside a %s on another file (descriptor %d); the watch lets it go when that call returns."),
                            (int) record->pid, comm,
                            record->syscall != NULL ? record->syscall : "write", record->fd);
  if (run->session != NULL)
    name = fifolab_session_dup_display_name (run->session, run->path);
  if (name == NULL)
    name = g_path_get_basename (run->path);
  /* Translators: the watch is stopping; a pid, a command name and the
   * pipe's name. Letting go in the middle of the write would cut it short. */
  return g_strdup_printf (_("pid %d (%s) is blocked writing to “%s”; the watch lets it go when the write returns: when a reader drains the pipe."),
                          (int) record->pid, comm, name);
}

/* Let Go Now is offered while a stopping watch of the pipe shown waits
 * for a write to return, and has not been told to let go at once. */
static void
sync_let_go (FifolabWatchControl *self)
{
  gboolean waits = FALSE;

  if (self->ending == NULL)
    return;
  for (guint i = 0; self->path != NULL && i < self->ending->len; i++)
    {
      Run *run = g_ptr_array_index (self->ending, i);

      if (g_strcmp0 (run->path, self->path) == 0 && g_hash_table_size (run->waiting) > 0 &&
          !run->let_go)
        waits = TRUE;
    }
  gtk_widget_set_visible (self->let_go_button, waits);
}

/* While stopping: whom the watch still waits for, or that it stopped. */
static void
show_waiting (Run *run)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) values = NULL;

  if (run->control != NULL)
    sync_let_go (run->control);
  if (g_hash_table_size (run->waiting) == 0)
    {
      run_status (run, run->tap_after ? _("Stopping the watch to start a tap…")
                                      : _("The watch stopped: the watched processes carry on as before."),
                  FALSE);
      return;
    }
  g_string_append (text, run->tap_after
                   ? _("The watch is stopping, to start a tap, but cannot let every process go yet:")
                   : _("The watch is stopping, but cannot let every process go yet:"));
  values = g_hash_table_get_values (run->waiting);
  for (GList *l = values; l != NULL; l = l->next)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, ((Waiting *) l->data)->text);
    }
  run_status (run, text->str, FALSE);
}

/* The records that say whom a stopping watch waits for, and when it no
 * longer does. */
static void
note_waiting (Run                      *run,
              const FifolabWatchRecord *record)
{
  gboolean changed = FALSE;

  switch (record->kind)
    {
    case FIFOLAB_WATCH_LETTING_GO:
      {
        Waiting *waiting = g_new0 (Waiting, 1);

        waiting->pid = record->pid;
        waiting->text = waiting_text (run, record);
        g_hash_table_replace (run->waiting, GINT_TO_POINTER ((int) record->tid), waiting);
        changed = TRUE;
      }
      break;
    case FIFOLAB_WATCH_DETACH:
      changed = g_hash_table_remove (run->waiting, GINT_TO_POINTER ((int) record->tid));
      break;
    case FIFOLAB_WATCH_EXIT:
      {
        GHashTableIter iter;
        gpointer value;

        /* Every thread of the process is gone with it. */
        g_hash_table_iter_init (&iter, run->waiting);
        while (g_hash_table_iter_next (&iter, NULL, &value))
          if (((Waiting *) value)->pid == record->pid)
            {
              g_hash_table_iter_remove (&iter);
              changed = TRUE;
            }
      }
      break;
    default:
      break;
    }
  if (changed && run->stopping)
    show_waiting (run);
}

/* One record: logged by the session (fifolab_session_log_watch_record()). */
static void
log_record (Run                *run,
            FifolabWatchRecord *record)
{
  note_waiting (run, record);
  if (record->kind == FIFOLAB_WATCH_REFUSED)
    {
      g_autofree char *line = fifolab_watch_record_to_text (record);

      run_status (run, line, TRUE);
    }
  if (run->control != NULL && run->control->session != NULL)
    fifolab_session_log_watch_record (run->control->session, run->path, record);
}

static void read_line (Run *run, GDataInputStream *stream);
static void run_ended (Run *run);

/* The watch of @path has stopped for a tap: the Tap control is asked to
 * start one (::tap-instead), and tells whether it did
 * (fifolab_watch_control_tap_started()); till then, the line says so. */
static void
start_tap (FifolabWatchControl *self,
           const char          *path,
           FifolabTapArriving   arriving)
{
  g_autofree char *tapped = g_strdup (path);

  g_hash_table_add (self->tap_waits, g_strdup (tapped));
  say (self, tapped, _("The watch stopped; a tap is starting instead: see Tap below."), FALSE);
  g_signal_emit (self, signals[TAP_INSTEAD], 0, tapped, (int) arriving);
}

/* stdout: one record a line; stderr: what the watch says, kept for when it
 * fails. */
static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  GDataInputStream *stream = G_DATA_INPUT_STREAM (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (stream, result, NULL, &error);
  g_autoptr(FifolabWatchRecord) record = NULL;

  if (line == NULL)
    {
      /* The end, or the stream failed: the exit status says how it ended. */
      run_ended (run);
      return;
    }
  if (stream == run->err && *line != '\0')
    g_string_append_printf (run->said, "%s%s", run->said->len > 0 ? "\n" : "", line);
  else if (stream == run->out && *line != '\0')
    {
      record = fifolab_watch_record_from_json (line, &error);
      if (record != NULL)
        log_record (run, record);
      else
        g_debug ("Watch of %s: %s", run->path, error->message);
      if (record != NULL && record->kind == FIFOLAB_WATCH_REFUSED && record->message != NULL)
        run_refused (run, record->pid == 0 ? _("A Process FIFO Lab Cannot See")
                                           : _("The Kernel Refused the Watch"),
                     record->pid, record->message);
    }
  read_line (run, stream);
}

static void
read_line (Run              *run,
           GDataInputStream *stream)
{
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, line_cb, run_ref (run));
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Run) run = user_data;

  /* Not cancellable: it always comes, once the watch is reaped. */
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run_ended (run);
}

/* The watch ended (by our SIGTERM, by itself, or failing), and all it
 * wrote has been read: a failure is told with its own words. */
static void
run_ended (Run *run)
{
  GSubprocess *proc = run->proc;
  FifolabLog *log;
  g_autofree char *text = NULL;

  if (--run->pending > 0)
    return;
  forget_run (run);
  if (run->control != NULL && run->control->ending != NULL)
    {
      g_ptr_array_remove (run->control->ending, run);
      sync_let_go (run->control);
    }
  /* Ended: its tracees are let go, step mode may trace them. */
  if (run->session != NULL)
    fifolab_session_release_tracer (run->session, run->path, run);
  /* Ended, and so no longer tracing what the tap will hold. */
  if (run->tap_after && run->control != NULL)
    {
      if (g_strcmp0 (run->control->refused_path, run->path) == 0)
        clear_refusal (run->control);
      start_tap (run->control, run->path, run->tap_arriving);
    }
  if (run->stopping || run->control == NULL)
    return;
  if (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0)
    {
      run_status (run, _("The watch ended."), FALSE);
      return;
    }
  if (run->said->len > 0)
    text = g_strdup (run->said->str);
  else if (g_subprocess_get_if_exited (proc))
    text = g_strdup_printf (_("The watch ended with status %d."), g_subprocess_get_exit_status (proc));
  else
    text = g_strdup_printf (_("The watch was killed by signal %d."), g_subprocess_get_term_sig (proc));
  run_status (run, text, TRUE);
  run_refused (run, _("The Watch Failed"), 0, text);
  log = run_log (run);
  if (log != NULL)
    fifolab_log_append_event (log, FIFOLAB_EVENT_ERROR, run->path, text);
}

static void
stop_run (Run *run)
{
  if (run->control != NULL && run->control->ending != NULL && !run->stopping)
    g_ptr_array_add (run->control->ending, run_ref (run));
  run->stopping = TRUE;
  /* It lets its tracees go and ends; its last lines are still read. */
  g_subprocess_send_signal (run->proc, SIGTERM);
}

static void
start_watch (FifolabWatchControl *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Run) run = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  FifolabTracerKind tracer;
  const char *argv[] = { fifolab_peer_process_get_default_path (), "watch", "--json",
                         self->path, NULL };

  /* One tracer per pipe: not while step mode traces its processes, nor
   * while the last watch still lets them go. */
  tracer = self->session != NULL ? fifolab_session_get_tracer (self->session, self->path)
                                 : FIFOLAB_TRACER_NONE;
  if (tracer != FIFOLAB_TRACER_NONE)
    {
      set_status (self, tracer == FIFOLAB_TRACER_STEP ? step_mode_traces () : last_watch_stopping (), TRUE);
      return;
    }
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  if (proc == NULL)
    {
      set_status (self, error->message, TRUE);
      if (self->session != NULL)
        fifolab_log_append_event (fifolab_session_get_log (self->session), FIFOLAB_EVENT_ERROR,
                                  self->path, error->message);
      return;
    }

  run = g_rc_box_new0 (Run);
  run->control = self;
  run->path = g_strdup (self->path);
  run->proc = g_steal_pointer (&proc);
  run->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->proc));
  run->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (run->proc));
  run->said = g_string_new (NULL);
  run->waiting = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) waiting_free);
  run->pending = 3;
  if (self->session != NULL)
    {
      run->session = g_object_ref (self->session);
      fifolab_session_claim_tracer (self->session, self->path, FIFOLAB_TRACER_WATCH, run);
    }
  g_hash_table_insert (self->runs, g_strdup (self->path), run_ref (run));
  read_line (run, run->out);
  read_line (run, run->err);
  g_subprocess_wait_async (run->proc, NULL, wait_cb, run_ref (run));
  /* The path as the pipe's details show it: a name need not be UTF-8. */
  shown = fifolab_escape_home_path (self->path, 0);
  text = g_strdup_printf (_("Watching “%s”: every write and read other processes make on it is logged, and none of their bytes is taken."),
                          shown);
  run_status (run, text, FALSE);
  clear_refusal (self);
}

static void
stop_watch (FifolabWatchControl *self)
{
  Run *run = g_hash_table_lookup (self->runs, self->path);

  if (run == NULL)
    return;
  stop_run (run);
  forget_run (run);
  set_status (self, _("The watch stopped: the watched processes carry on as before."), FALSE);
  /* What the kernel refused this watch no longer applies: no watch is
   * refused anything now. */
  if (g_strcmp0 (self->refused_path, self->path) == 0)
    clear_refusal (self);
}

/* Let Go Now: the stopping watches of the pipe shown that wait for a write
 * are told a second time (fifolab-peer watch lets go at once then). */
static void
let_go_clicked_cb (GtkButton           *button,
                   FifolabWatchControl *self)
{
  for (guint i = 0; i < self->ending->len; i++)
    {
      Run *run = g_ptr_array_index (self->ending, i);

      if (g_strcmp0 (run->path, self->path) != 0 || g_hash_table_size (run->waiting) == 0 ||
          run->let_go)
        continue;
      run->let_go = TRUE;
      g_subprocess_send_signal (run->proc, SIGTERM);
    }
  sync_let_go (self);
}

/* Use Tap Instead: the watch stops first (it would trace FIFO Lab itself,
 * which holds the original pipe while it taps), then the tap starts,
 * relaying from the side that the refused processes are not on. */
static void
tap_instead_clicked_cb (GtkButton           *button,
                        FifolabWatchControl *self)
{
  g_autofree char *path = g_strdup (self->refused_path);
  FifolabTapArriving arriving = refused_arriving (self);
  Run *run;

  if (path == NULL)
    return;
  gtk_widget_set_sensitive (self->tap_instead_button, FALSE);
  run = g_hash_table_lookup (self->runs, path);
  if (run == NULL)
    {
      clear_refusal (self);
      start_tap (self, path, arriving);
      return;
    }
  run->tap_after = TRUE;
  run->tap_arriving = arriving;
  stop_run (run);
  forget_run (run);
  set_status (self, _("Stopping the watch to start a tap…"), FALSE);
}

static void
watch_toggled_cb (GtkToggleButton     *button,
                  FifolabWatchControl *self)
{
  if (self->syncing || self->path == NULL)
    return;
  if (gtk_toggle_button_get_active (button))
    {
      if (!g_hash_table_contains (self->runs, self->path))
        start_watch (self);
    }
  else
    stop_watch (self);
  sync_button (self);
}

/* Step mode on the pipe shown, or off: the toggle follows. */
static void
tracer_changed_cb (FifolabSession      *session,
                   const char          *path,
                   FifolabWatchControl *self)
{
  if (g_strcmp0 (path, self->path) == 0)
    sync_button (self);
}

GtkWidget *
fifolab_watch_control_new (void)
{
  return g_object_new (FIFOLAB_TYPE_WATCH_CONTROL, NULL);
}

void
fifolab_watch_control_set_session (FifolabWatchControl *self,
                                   FifolabSession      *session)
{
  g_return_if_fail (FIFOLAB_IS_WATCH_CONTROL (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, tracer_changed_cb, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "tracer-changed", G_CALLBACK (tracer_changed_cb), self, 0);
  sync_button (self);
}

void
fifolab_watch_control_set_path (FifolabWatchControl *self,
                                const char          *path)
{
  g_return_if_fail (FIFOLAB_IS_WATCH_CONTROL (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  /* What it said of this pipe, not what it said of another; so is why
   * its watch was refused, and whether its stopping watch waits. */
  if (path != NULL)
    {
      Said *said = g_hash_table_lookup (self->said, path);

      fifolab_toggle_status_set (self->status_label, &self->status_path, path,
                                 said != NULL ? said->text : NULL, said != NULL && said->error);
      gtk_widget_set_visible (self->refused_box,
                              self->refusals->len > 0 && g_strcmp0 (path, self->refused_path) == 0);
    }
  sync_checks (self);
  sync_let_go (self);
  sync_button (self);
}

gboolean
fifolab_watch_control_is_watching (FifolabWatchControl *self,
                                   const char          *path)
{
  g_return_val_if_fail (FIFOLAB_IS_WATCH_CONTROL (self), FALSE);

  return path != NULL && g_hash_table_contains (self->runs, path);
}

guint
_fifolab_watch_control_get_n_checks (FifolabWatchControl *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WATCH_CONTROL (self), 0);

  return self->n_checks;
}

gboolean
_fifolab_watch_control_get_checks_queued (FifolabWatchControl *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WATCH_CONTROL (self), FALSE);

  return self->check_id != 0;
}

void
fifolab_watch_control_tap_started (FifolabWatchControl *self,
                                   const char          *path,
                                   gboolean             started)
{
  g_return_if_fail (FIFOLAB_IS_WATCH_CONTROL (self));

  /* Only a tap that "Use Tap Instead" asked for. */
  if (path == NULL || !g_hash_table_remove (self->tap_waits, path))
    return;
  if (started)
    say (self, path, _("The watch stopped, and a tap runs instead: see Tap below."), FALSE);
  else
    say (self, path, _("The watch stopped, and no tap started: Tap below and the log say why. Press Watch to watch the pipe again."),
         TRUE);
}

static void
fifolab_watch_control_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fifolab_watch_control_parent_class)->map (widget);
  sync_checks (FIFOLAB_WATCH_CONTROL (widget));
}

static void
fifolab_watch_control_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fifolab_watch_control_parent_class)->unmap (widget);
  sync_checks (FIFOLAB_WATCH_CONTROL (widget));
}

static void
fifolab_watch_control_dispose (GObject *object)
{
  FifolabWatchControl *self = FIFOLAB_WATCH_CONTROL (object);
  GHashTableIter iter;
  gpointer run;

  /* Each watch is told to stop and reaped by its pending wait. */
  if (self->runs != NULL)
    {
      g_hash_table_iter_init (&iter, self->runs);
      while (g_hash_table_iter_next (&iter, NULL, &run))
        {
          ((Run *) run)->control = NULL;
          stop_run (run);
        }
      g_clear_pointer (&self->runs, g_hash_table_unref);
    }
  if (self->ending != NULL)
    {
      for (guint i = 0; i < self->ending->len; i++)
        ((Run *) g_ptr_array_index (self->ending, i))->control = NULL;
      g_clear_pointer (&self->ending, g_ptr_array_unref);
    }
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_WATCH_CONTROL);
  g_clear_object (&self->session);
  g_clear_object (&self->check_cancellable);

  G_OBJECT_CLASS (fifolab_watch_control_parent_class)->dispose (object);
}

static void
fifolab_watch_control_finalize (GObject *object)
{
  FifolabWatchControl *self = FIFOLAB_WATCH_CONTROL (object);

  g_free (self->path);
  g_free (self->status_path);
  g_hash_table_unref (self->said);
  g_free (self->refused_path);
  g_free (self->tooltip);
  g_ptr_array_unref (self->refusals);
  g_hash_table_unref (self->tap_waits);

  G_OBJECT_CLASS (fifolab_watch_control_parent_class)->finalize (object);
}

static void
fifolab_watch_control_class_init (FifolabWatchControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_watch_control_dispose;
  object_class->finalize = fifolab_watch_control_finalize;
  widget_class->map = fifolab_watch_control_map;
  widget_class->unmap = fifolab_watch_control_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-watch-control.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabWatchControl, let_go_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabWatchControl, watch_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabWatchControl, status_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabWatchControl, refused_box);
  gtk_widget_class_bind_template_child (widget_class, FifolabWatchControl, refused_heading);
  gtk_widget_class_bind_template_child (widget_class, FifolabWatchControl, refused_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabWatchControl, tap_instead_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabWatchControl, tap_instead_label);
  gtk_widget_class_bind_template_callback (widget_class, let_go_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, tap_instead_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, watch_toggled_cb);

  /**
   * FifolabWatchControl::tap-instead:
   * @path: the pipe
   * @arriving: who opens it next (a #FifolabTapArriving): the side the
   *   refused processes are not on; AUTO when not known
   *
   * "Use Tap Instead" was pressed for @path, and its watch has ended: the
   * Tap control is to start a tap on it, and to say whether it started
   * with fifolab_watch_control_tap_started().
   */
  signals[TAP_INSTEAD] = g_signal_new ("tap-instead", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_watch_control_init (FifolabWatchControl *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->tooltip = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (self->watch_button)));
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) run_unref);
  self->ending = g_ptr_array_new_with_free_func ((GDestroyNotify) run_unref);
  self->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_free);
  self->check_cancellable = g_cancellable_new ();
  self->tap_waits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->said = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) said_free);
  /* What a tap does otherwise, in short: the Tap control below says it
   * whole (fifolab_tap_get_limits()). */
  gtk_label_set_text (self->tap_instead_label,
                      _("A tap does not trace, so the kernel has nothing to refuse. But it sees only opens made after it starts, and it adds a buffer of its own: see Tap below."));
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  fifolab_accessible_set_name (GTK_WIDGET (self), _("Watch"));
  sync_button (self);
}
