/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "fifolab-step-bar.h"
#include "fifolab-accessible.h"
#include "fifolab-diagram.h"
#include "fifolab-step-outcome.h"
#include "fifolab-step-torn.h"
#include "fifolab-unit-breaks.h"
#include "fifolab-wrap-box.h"

/* A call let go by Step, followed until the watch's record of it comes
 * back: what was predicted, and its row under the bar. */
typedef struct
{
  FifolabWatchRecord *pending;   /* the PENDING record, as shown */
  FifolabStepGuess    guess;     /* NONE: no prediction */
  gboolean            released;  /* its RELEASED record came */
  gboolean            blocked;   /* a BLOCKED record of it came */
  gboolean            done;      /* its record came (or its process ended) */
  guint               torn_id;   /* "torn" predicted: followed in the bar's torn, 0: not */
  FifolabWatchRecord *call;      /* then its record, for the verdict */
  GtkWidget          *row;       /* in outcome_box */
  GtkWidget          *outcome;
  GtkWidget          *verdict;
} Followed;

struct _FifolabStepBar
{
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkWidget        *mode_button;
  GtkWidget        *step_button;
  GtkWidget        *run_button;
  GtkWidget        *more_label;
  GtkWidget        *line_label;
  GtkWidget        *guess_row;
  GtkWidget        *guess_label;
  GtkWidget        *guess_buttons;
  GtkWidget        *outcome_box;

  FifolabLesson    *lesson;
  FifolabSession   *session;
  FifolabStepWatch *watch;
  FifolabStepTorn  *torn;              /* the reader's bytes, for "torn" */
  GtkWidget        *diagram;           /* the stage's, weak */
  gulong            pipe_created_id;   /* waiting for the lesson's pipe */
  gulong            claim_wait_id;     /* waiting for a step watch of the pipe to end */
  gulong            current_id;        /* the lesson's notify::current */
  guint             chapter;           /* the lesson (1–9) its current step is in */
  gboolean          traced;            /* the watch has traced a process */
  char             *failure;           /* why step mode could not start */
  char             *path;              /* the pipe, without a lesson (the peer form's) */
  char             *tooltip;           /* the toggle's own, while not blocked */
  gboolean          focus_to_step;     /* turned on from the toggle: Step takes the focus once it can */
  int               kept_width;        /* the width the bar was laid out at, */
  int               kept_height;       /* and the most its lines took at it while on */
  /* The lesson's own button can do its step now: Run, which lets held
   * calls go, is not shown beside it (one way to run in sight). */
  gboolean          run_elsewhere;

  FifolabWatchRecord *guess_for;       /* the held call the choices are for */
  FifolabStepGuess    guess;           /* the one chosen, NONE: none */
  GPtrArray          *followed;        /* Followed, in the order stepped */
};

G_DEFINE_FINAL_TYPE (FifolabStepBar, fifolab_step_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WATCH,
  PROP_SHOWS_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_on (FifolabStepBar *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->mode_button));
}

/* The pipe step mode is for: the one the lesson's stage draws (lesson 9's
 * request_pipe, where its writer and server meet), else the one set. */
static const char *
bar_path (FifolabStepBar *self)
{
  return self->lesson != NULL ? fifolab_lesson_get_stage_path (self->lesson) : self->path;
}

/* The keyboard focus of the bar's window, NULL: none. */
static GtkWidget *
focus_widget (FifolabStepBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL ? gtk_root_get_focus (root) : NULL;
}

static gboolean
focus_is_in (FifolabStepBar *self,
             GtkWidget      *area)
{
  GtkWidget *focus = focus_widget (self);

  return focus != NULL && (focus == area || gtk_widget_is_ancestor (focus, area));
}

static void
guess_toggled_cb (GtkToggleButton *button,
                  FifolabStepBar  *self)
{
  if (gtk_toggle_button_get_active (button))
    self->guess = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "fifolab-step-guess"));
}

/* The choices for @pending (NULL: none), unchosen, unless they are for it
 * already. Returns whether the keyboard focus was on one of the choices
 * before: it is on the mode's toggle now, for the caller to put back. */
static gboolean
sync_guesses (FifolabStepBar     *self,
              FifolabWatchRecord *pending)
{
  FifolabStepGuess guesses[FIFOLAB_STEP_MAX_GUESSES];
  GtkWidget *child;
  GtkToggleButton *first = NULL;
  const char *why;
  gboolean had_focus;
  guint n;

  if (pending == self->guess_for)
    return FALSE;
  g_clear_pointer (&self->guess_for, fifolab_watch_record_unref);
  self->guess = FIFOLAB_STEP_GUESS_NONE;
  /* A choice made by the keyboard (Space), then F8: the button with the
   * focus goes with its call. Taken off it first, onto a control that
   * stays: left to GTK, the focus went out of the bar, at times onto the
   * lesson card's Previous or Next, where Enter would leave the lesson. */
  had_focus = focus_is_in (self, self->guess_buttons);
  if (had_focus)
    gtk_widget_grab_focus (self->mode_button);
  while ((child = gtk_widget_get_first_child (self->guess_buttons)) != NULL)
    fifolab_wrap_box_remove (FIFOLAB_WRAP_BOX (self->guess_buttons), child);
  n = pending != NULL ? fifolab_step_guesses (pending, guesses) : 0;
  /* No choice for an open that can do one thing only: why, instead. */
  why = n == 0 && pending != NULL ? fifolab_step_guess_none_why (pending) : NULL;
  gtk_label_set_text (GTK_LABEL (self->guess_label), why != NULL ? why : _("Predict:"));
  gtk_widget_set_visible (self->guess_row, n > 0 || why != NULL);
  if (pending == NULL)
    return had_focus;
  self->guess_for = fifolab_watch_record_ref (pending);

  for (guint i = 0; i < n; i++)
    {
      const char *text = fifolab_step_guess_label (pending, guesses[i]);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *label = gtk_label_new (text);

      /* Narrow, the choices wrap rather than widen the window. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_button_set_child (GTK_BUTTON (button), label);
      fifolab_accessible_set_name (GTK_WIDGET (button), text);
      gtk_widget_set_tooltip_text (button, fifolab_step_guess_tooltip (pending, guesses[i]));
      g_object_set_data (G_OBJECT (button), "fifolab-step-guess", GINT_TO_POINTER (guesses[i]));
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      else
        first = GTK_TOGGLE_BUTTON (button);
      g_signal_connect_object (button, "toggled", G_CALLBACK (guess_toggled_cb), self, 0);
      fifolab_wrap_box_append (FIFOLAB_WRAP_BOX (self->guess_buttons), button);
    }
  return had_focus;
}

static const char *
syscall_of (const FifolabWatchRecord *record)
{
  return record->syscall != NULL ? record->syscall : "?";
}

static void
followed_free (gpointer data)
{
  Followed *f = data;

  g_clear_pointer (&f->pending, fifolab_watch_record_unref);
  g_clear_pointer (&f->call, fifolab_watch_record_unref);
  g_free (f);
}

/* The rows of the calls whose outcome is known go (a new Step's replaces
 * them); with @all, every row (step mode ended). */
static void
forget_followed (FifolabStepBar *self,
                 gboolean        all)
{
  for (guint i = self->followed->len; i > 0; i--)
    {
      Followed *f = self->followed->pdata[i - 1];

      /* A "torn" waiting for the reader stays until it is known. */
      if (!all && (!f->done || (f->torn_id != 0 && self->torn != NULL &&
                                fifolab_step_torn_get (self->torn, f->torn_id) == FIFOLAB_STEP_TORN_WAITING)))
        continue;
      if (f->torn_id != 0 && self->torn != NULL)
        fifolab_step_torn_forget (self->torn, f->torn_id);
      gtk_box_remove (GTK_BOX (self->outcome_box), f->row);
      g_ptr_array_remove_index (self->followed, i - 1);
    }
  gtk_widget_set_visible (self->outcome_box, self->followed->len > 0);
}

/* "pid 4211: read blocked 1.4 s, then returned 22 bytes". */
static void
set_outcome (Followed   *f,
             const char *what)
{
  /* Translators: a call let go by Step and what it did: "pid 4211: write returned 22 at once". */
  g_autofree char *text = g_strdup_printf (_("pid %d: %s"), (int) f->pending->pid, what);

  fifolab_unit_breaks_set_label (GTK_LABEL (f->outcome), text);
}

static void
follow (FifolabStepBar     *self,
        FifolabWatchRecord *pending)
{
  Followed *f = g_new0 (Followed, 1);
  g_autofree char *what = NULL;

  f->pending = fifolab_watch_record_ref (pending);
  f->guess = pending == self->guess_for ? self->guess : FIFOLAB_STEP_GUESS_NONE;
  /* The verdict beside the outcome where both fit whole, else below it,
   * each as wide as the bar: in a GtkBox the two wrapped to a few words a
   * line each (a box gives a wrapping label the width its height needs),
   * half the bar empty beside them. */
  f->row = fifolab_wrap_box_new (6);
  fifolab_wrap_box_set_natural_rows (FIFOLAB_WRAP_BOX (f->row), TRUE);
  f->outcome = gtk_label_new (NULL);
  gtk_widget_set_name (f->outcome, "step-outcome");
  gtk_label_set_xalign (GTK_LABEL (f->outcome), 0);
  gtk_label_set_wrap (GTK_LABEL (f->outcome), TRUE);
  /* Not selectable: it would take the keyboard focus (see the line's). */
  gtk_widget_add_css_class (f->outcome, "title-3");
  f->verdict = gtk_label_new (NULL);
  gtk_widget_set_name (f->verdict, "step-verdict");
  gtk_label_set_xalign (GTK_LABEL (f->verdict), 0);
  gtk_label_set_wrap (GTK_LABEL (f->verdict), TRUE);
  gtk_widget_add_css_class (f->verdict, "title-3");
  gtk_widget_set_visible (f->verdict, FALSE);
  fifolab_wrap_box_append (FIFOLAB_WRAP_BOX (f->row), f->outcome);
  fifolab_wrap_box_append (FIFOLAB_WRAP_BOX (f->row), f->verdict);
  gtk_box_append (GTK_BOX (self->outcome_box), f->row);
  gtk_widget_set_visible (self->outcome_box, TRUE);

  /* Translators: a call let go by Step, before the watch says what it did: "read goes on…". */
  what = g_strdup_printf (_("%s goes on…"), syscall_of (pending));
  set_outcome (f, what);
  g_ptr_array_add (self->followed, f);
}

/* The lesson's peer @pid's whole message, as it writes it each time
 * (lesson 6's are larger than a record keeps), or NULL. */
static GBytes *
peer_message (FifolabStepBar *self,
              gint64          pid)
{
  GListModel *peers = self->lesson != NULL ? fifolab_lesson_get_peers (self->lesson) : NULL;
  guint n = peers != NULL ? g_list_model_get_n_items (peers) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);

      if (fifolab_peer_process_get_pid (peer) == pid &&
          fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_WRITE)
        return fifolab_peer_process_dup_message (peer);
    }
  return NULL;
}

/* The verdict of a "torn", from what the reader has read so far. */
static void
sync_torn (FifolabStepBar *self,
           Followed       *f)
{
  FifolabStepTornState state;
  g_autofree char *verdict = NULL;

  if (f->torn_id == 0 || self->torn == NULL)
    return;
  state = fifolab_step_torn_get (self->torn, f->torn_id);
  verdict = fifolab_step_outcome_torn_verdict (f->call, state);
  gtk_label_set_text (GTK_LABEL (f->verdict), verdict);
  gtk_widget_remove_css_class (f->verdict, "dim-label");
  if (state == FIFOLAB_STEP_TORN_WAITING || state == FIFOLAB_STEP_TORN_UNKNOWN)
    gtk_widget_add_css_class (f->verdict, "dim-label");
  else
    gtk_widget_add_css_class (f->verdict, state == FIFOLAB_STEP_TORN_TORN ? "success" : "warning");
  gtk_widget_set_visible (f->verdict, TRUE);
}

/* The watch's records of the calls let go by Step: what each did. */
static void
follow_record (FifolabStepBar           *self,
               const FifolabWatchRecord *record)
{
  for (guint i = 0; i < self->followed->len; i++)
    {
      Followed *f = self->followed->pdata[i];
      g_autofree char *what = NULL;

      if (f->done)
        continue;
      if (record->kind == FIFOLAB_WATCH_EXIT && record->pid == f->pending->pid)
        {
          /* Translators: a call let go by Step whose process ended (killed) inside it. */
          what = g_strdup_printf (_("%s did not return: the process ended"), syscall_of (f->pending));
          f->done = TRUE;
          set_outcome (f, what);
          continue;
        }
      if (record->tid != f->pending->tid)
        continue;
      /* The thread's records after the Step are that call's: it makes no
       * other until this one returns. */
      switch (record->kind)
        {
        case FIFOLAB_WATCH_RELEASED:
          f->released = TRUE;
          break;
        case FIFOLAB_WATCH_BLOCKED:
          if (!f->released)
            break;
          f->blocked = TRUE;
          /* Translators: a call let go by Step, asleep in the kernel: "read is blocked…". */
          what = g_strdup_printf (_("%s is blocked, asleep in the kernel…"), syscall_of (record));
          set_outcome (f, what);
          break;
        case FIFOLAB_WATCH_CALL:
          if (!f->released)
            break;
          f->done = TRUE;
          what = fifolab_step_outcome_describe (record, f->blocked);
          set_outcome (f, what);
          if (f->guess == FIFOLAB_STEP_GUESS_TORN && self->torn != NULL)
            {
              g_autoptr(GBytes) message = peer_message (self, record->pid);

              f->call = fifolab_watch_record_ref ((FifolabWatchRecord *) record);
              f->torn_id = fifolab_step_torn_follow (self->torn, record, message);
              sync_torn (self, f);
            }
          else if (f->guess != FIFOLAB_STEP_GUESS_NONE)
            {
              g_autofree char *verdict = fifolab_step_outcome_verdict (f->pending, f->guess, record, f->blocked);
              gboolean right = fifolab_step_guess_holds (f->guess, record, f->blocked);

              gtk_label_set_text (GTK_LABEL (f->verdict), verdict);
              gtk_widget_add_css_class (f->verdict, right ? "success" : "warning");
              gtk_widget_set_visible (f->verdict, TRUE);
            }
          break;
        case FIFOLAB_WATCH_ATTACH:
        case FIFOLAB_WATCH_DETACH:
        case FIFOLAB_WATCH_EXIT:
        case FIFOLAB_WATCH_REFUSED:
        case FIFOLAB_WATCH_STOPPED:
        case FIFOLAB_WATCH_PENDING:
        default:
          break;
        }
    }
}

/* The line, the count of the others, the buttons: what the watch holds. */
static void
sync_bar (FifolabStepBar *self)
{
  gboolean on = is_on (self);
  guint n = self->watch != NULL ? fifolab_step_watch_get_n_pending (self->watch) : 0;
  g_autofree char *line = NULL;
  g_autofree char *more = NULL;
  gboolean lost_focus;

  if (self->failure != NULL)
    line = g_strdup (self->failure);
  else if (on && self->watch == NULL && self->claim_wait_id != 0)
    line = g_strdup (_("Step mode starts once the pipe’s previous step watch has ended"));
  else if (on && self->watch == NULL)
    line = g_strdup (_("Step mode starts once the lesson makes its pipe"));
  else if (n == 0)
    line = g_strdup (_("Nothing is waiting"));
  else
    line = fifolab_step_watch_describe (fifolab_step_watch_get_pending (self->watch),
                                        fifolab_step_watch_get_path (self->watch));
  if (n > 1)
    more = g_strdup_printf (ngettext ("%u more waiting", "%u more waiting", n - 1), n - 1);

  fifolab_unit_breaks_set_label (GTK_LABEL (self->line_label), line);
  gtk_widget_set_visible (self->line_label, on || self->failure != NULL);
  gtk_label_set_text (GTK_LABEL (self->more_label), more != NULL ? more : "");
  gtk_widget_set_visible (self->more_label, on && more != NULL);
  /* The pipe's Watch traces its processes: one tracer per process. */
  if (!on && self->session != NULL && bar_path (self) != NULL &&
      fifolab_session_get_tracer (self->session, bar_path (self)) == FIFOLAB_TRACER_WATCH)
    {
      gtk_widget_set_sensitive (self->mode_button, FALSE);
      gtk_widget_set_tooltip_text (self->mode_button,
                                   _("The pipe’s Watch traces its processes, and a process can have only one tracer: stop the Watch to use step mode"));
    }
  else
    {
      gtk_widget_set_sensitive (self->mode_button, bar_path (self) != NULL);
      gtk_widget_set_tooltip_text (self->mode_button, self->lesson == NULL && self->path != NULL
                                   ? _("Stop each peer started here before each call on this pipe")
                                   : self->tooltip);
    }
  gtk_widget_set_visible (self->step_button, on);
  if (gtk_widget_get_visible (self->run_button) != (on && !self->run_elsewhere))
    {
      gtk_widget_set_visible (self->run_button, on && !self->run_elsewhere);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWS_RUN]);
    }
  lost_focus = sync_guesses (self, on && n > 0 ? fifolab_step_watch_get_pending (self->watch) : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stepbar.step", on && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stepbar.run", on && self->watch != NULL);
  /* The focus was on a choice for the call stepped: onto the next call's
   * first choice, where the user goes on predicting, else Step. */
  if (lost_focus && !(gtk_widget_get_first_child (self->guess_buttons) != NULL &&
                      gtk_widget_grab_focus (gtk_widget_get_first_child (self->guess_buttons))))
    gtk_widget_grab_focus (self->step_button);
  /* Turned on from its toggle (Alt+M, a click, Space), the focus stayed
   * there, and Enter turned step mode off again: Step is what the user
   * presses next, once a call waits, unless the focus has gone elsewhere
   * meanwhile. */
  if (!on)
    self->focus_to_step = FALSE;
  else if (self->focus_to_step && n > 0 && focus_widget (self) == self->mode_button &&
           gtk_widget_grab_focus (self->step_button))
    self->focus_to_step = FALSE;
}

/* The focus moved off the toggle by the user: it stays where they put it. */
static void
mode_focus_left_cb (FifolabStepBar *self)
{
  self->focus_to_step = FALSE;
}

static void
record_cb (FifolabStepWatch   *watch,
           FifolabWatchRecord *record,
           FifolabStepBar     *self)
{
  if (self->session != NULL)
    fifolab_session_log_watch_record (self->session, fifolab_step_watch_get_path (watch), record);
  if (record->kind == FIFOLAB_WATCH_ATTACH)
    self->traced = TRUE;
  /* The reader's bytes first: a write's record is followed once added. */
  if (self->torn != NULL)
    fifolab_step_torn_add (self->torn, record);
  follow_record (self, record);
  if (self->torn != NULL && record->kind == FIFOLAB_WATCH_CALL && record->is_read)
    for (guint i = 0; i < self->followed->len; i++)
      sync_torn (self, self->followed->pdata[i]);
}

static void stop_watch (FifolabStepBar *self);

/* The watch ended on its own (it failed, or was killed): step mode is off,
 * said in words. */
static void
ended_cb (FifolabStepWatch *watch,
          FifolabStepBar   *self)
{
  if (watch != self->watch)
    return;
  stop_watch (self);
  g_free (self->failure);
  self->failure = g_strdup (_("Step mode ended: the watch stopped"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
  sync_bar (self);
}

/* A claim on a pipe's processes, given back when its step watch is gone;
 * till then, the watch's last records are logged still. */
typedef struct
{
  FifolabSession   *session;
  char             *path;
  FifolabStepWatch *watch;
} Claim;

/* A record of a watch that is ending: the calls under way when it was
 * stopped return, its tracees are let go or exit. The session (and the
 * diagram drawn from it) learns of it, or a process blocked in a write
 * would stay drawn blocked in it, exited, for ever. */
static void
claim_record_cb (FifolabStepWatch   *watch,
                 FifolabWatchRecord *record,
                 Claim              *claim)
{
  fifolab_session_log_watch_record (claim->session, claim->path, record);
}

static void
claim_free (Claim *claim)
{
  g_signal_handlers_disconnect_by_data (claim->watch, claim);
  g_object_unref (claim->watch);
  g_object_unref (claim->session);
  g_free (claim->path);
  g_free (claim);
}

static void
claim_ended_cb (FifolabStepWatch *watch,
                Claim            *claim)
{
  claim_free (claim);
}

static void
watch_gone_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Claim *claim = user_data;

  fifolab_step_watch_wait_finish (FIFOLAB_STEP_WATCH (source), result, NULL);
  /* Its process reaped: the kernel has let its tracees go, another tracer
   * may take them. The watch lived until now: its claim was its own. */
  fifolab_session_release_tracer (claim->session, claim->path, source);
  /* Its last records may still be in its output: read to the end. */
  if (fifolab_step_watch_is_running (claim->watch))
    g_signal_connect (claim->watch, "ended", G_CALLBACK (claim_ended_cb), claim);
  else
    claim_free (claim);
}

/* Lets every held call go on, ends the watch, the lesson starts its
 * processes as usual again. */
static void
stop_watch (FifolabStepBar *self)
{
  g_autoptr(FifolabStepWatch) watch = g_steal_pointer (&self->watch);

  self->traced = FALSE;
  if (self->lesson != NULL && self->pipe_created_id != 0)
    g_signal_handler_disconnect (self->lesson, self->pipe_created_id);
  self->pipe_created_id = 0;
  if (self->session != NULL && self->claim_wait_id != 0)
    g_signal_handler_disconnect (self->session, self->claim_wait_id);
  self->claim_wait_id = 0;
  if (self->followed != NULL)
    forget_followed (self, TRUE);
  g_clear_pointer (&self->torn, fifolab_step_torn_free);
  if (watch == NULL)
    return;
  g_signal_handlers_disconnect_by_data (watch, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH]);
  if (self->diagram != NULL)
    fifolab_diagram_set_step_watch (FIFOLAB_DIAGRAM (self->diagram), NULL);
  if (self->lesson != NULL && fifolab_lesson_get_step_watch (self->lesson) == watch)
    fifolab_lesson_set_step_watch (self->lesson, NULL);
  fifolab_step_watch_run (watch);
  fifolab_step_watch_stop (watch);
  /* The claim stays until the watch's process has ended: while it exits,
   * its tracees are still traced, and a Watch started now would be
   * refused them. */
  if (self->session != NULL)
    {
      Claim *claim = g_new0 (Claim, 1);

      claim->session = g_object_ref (self->session);
      claim->path = g_strdup (fifolab_step_watch_get_path (watch));
      claim->watch = g_object_ref (watch);
      g_signal_connect (watch, "record", G_CALLBACK (claim_record_cb), claim);
      fifolab_step_watch_wait_async (watch, NULL, watch_gone_cb, claim);
    }
}

static gboolean
pipe_exists (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && S_ISFIFO (st.st_mode);
}

static void start_watch (FifolabStepBar *self);

/* Waiting for a step watch of the pipe to end (the one before, ending):
 * step mode starts once it has given its claim back. */
static void
claim_changed_cb (FifolabStepBar *self,
                  const char     *path)
{
  if (g_strcmp0 (path, bar_path (self)) != 0 ||
      fifolab_session_get_tracer (self->session, path) == FIFOLAB_TRACER_STEP)
    return;
  g_signal_handler_disconnect (self->session, self->claim_wait_id);
  self->claim_wait_id = 0;
  if (is_on (self) && self->watch == NULL)
    start_watch (self);
  sync_bar (self);
}

static void
start_watch (FifolabStepBar *self)
{
  const char *path = bar_path (self);
  g_autoptr(FifolabStepWatch) watch = NULL;
  g_autoptr(GError) error = NULL;

  /* A step watch of this pipe still ends (step mode off and on again, or
   * another lesson): its processes are still traced until it has. */
  if (self->session != NULL &&
      fifolab_session_get_tracer (self->session, path) == FIFOLAB_TRACER_STEP)
    {
      if (self->claim_wait_id == 0)
        self->claim_wait_id = g_signal_connect_swapped (self->session, "tracer-changed",
                                                        G_CALLBACK (claim_changed_cb), self);
      return;
    }
  watch = fifolab_step_watch_new (path);

  g_signal_connect_object (watch, "record", G_CALLBACK (record_cb), self, 0);
  g_signal_connect_object (watch, "pending-changed", G_CALLBACK (sync_bar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (watch, "ended", G_CALLBACK (ended_cb), self, 0);
  /* One tracer per pipe: not while its Watch runs. */
  if (self->session != NULL &&
      !fifolab_session_claim_tracer (self->session, path, FIFOLAB_TRACER_STEP, watch))
    {
      g_signal_handlers_disconnect_by_data (watch, self);
      g_free (self->failure);
      self->failure = g_strdup (_("Step mode could not start: the pipe’s Watch traces its processes, and a process can have only one tracer"));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
      return;
    }
  if (!fifolab_step_watch_start (watch, &error))
    {
      if (self->session != NULL)
        fifolab_session_release_tracer (self->session, path, watch);
      g_signal_handlers_disconnect_by_data (watch, self);
      g_free (self->failure);
      self->failure = g_strdup_printf (_("Step mode could not start: %s"), error->message);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
      return;
    }
  self->watch = g_steal_pointer (&watch);
  self->torn = fifolab_step_torn_new ();
  if (self->lesson != NULL)
    fifolab_lesson_set_step_watch (self->lesson, self->watch);
  if (self->diagram != NULL)
    fifolab_diagram_set_step_watch (FIFOLAB_DIAGRAM (self->diagram), self->watch);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH]);
}

static void
pipe_created_cb (FifolabLesson  *lesson,
                 const char     *path,
                 FifolabStepBar *self)
{
  if (self->watch != NULL || g_strcmp0 (path, bar_path (self)) != 0)
    return;
  g_signal_handler_disconnect (lesson, self->pipe_created_id);
  self->pipe_created_id = 0;
  start_watch (self);
  sync_bar (self);
}

static void
mode_toggled_cb (FifolabStepBar *self)
{
  if (!is_on (self))
    {
      stop_watch (self);
      sync_bar (self);
      return;
    }
  self->focus_to_step = focus_widget (self) == self->mode_button;
  g_clear_pointer (&self->failure, g_free);
  if (bar_path (self) == NULL)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
      return;
    }
  /* A pipe without a lesson is there already (the browser lists it). */
  if (self->lesson == NULL && self->watch == NULL)
    start_watch (self);
  else if (self->watch == NULL && self->pipe_created_id == 0)
    {
      if (pipe_exists (bar_path (self)))
        start_watch (self);
      else
        self->pipe_created_id = g_signal_connect (self->lesson, "pipe-created",
                                                  G_CALLBACK (pipe_created_cb), self);
    }
  sync_bar (self);
}

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (widget);
  g_autoptr(FifolabWatchRecord) pending = NULL;

  if (self->watch == NULL || fifolab_step_watch_get_pending (self->watch) == NULL)
    return;
  /* The call shown (and its prediction, if any) goes, as held longest. */
  pending = fifolab_watch_record_ref (fifolab_step_watch_get_pending (self->watch));
  forget_followed (self, FALSE);
  follow (self, pending);
  if (!fifolab_step_watch_step (self->watch))
    forget_followed (self, TRUE);
}

static void
run_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (widget);

  if (self->watch != NULL)
    fifolab_step_watch_run (self->watch);
}

/* While step mode is on, the bar keeps room for a line of each thing it
 * says (the call held, the choices, what the call stepped did), as if all
 * were shown: the stage below it (the diagram) would otherwise move down
 * and up again with each Step, as the choices and the outcome come and go.
 * Where it needs more (a text wrapped to more lines, a blocked call's
 * outcome beside the last one's), it grows, and keeps that room at that
 * width until step mode is off: it moves the diagram once, not at each
 * Step. */
static int
reserved_height (FifolabStepBar *self,
                 int             for_width)
{
  int spacing = gtk_box_get_spacing (GTK_BOX (self->box));
  int height = 0, button = 0, line = 0, guesses = 0;

  gtk_widget_measure (self->box, GTK_ORIENTATION_VERTICAL, for_width, NULL, &height, NULL, NULL);
  gtk_widget_measure (self->mode_button, GTK_ORIENTATION_VERTICAL, -1, NULL, &button, NULL, NULL);
  /* One line of the held call's text (its width not limited: one line).
   * The outcome's title-3 is as high a line as the held call's title-2. */
  gtk_widget_measure (self->line_label, GTK_ORIENTATION_VERTICAL, -1, NULL, &line, NULL, NULL);
  if (gtk_widget_get_visible (self->guess_row))
    {
      gtk_widget_measure (self->guess_row, GTK_ORIENTATION_VERTICAL, for_width, NULL, &guesses, NULL, NULL);
      height += MAX (0, button - guesses);
    }
  else
    height += spacing + button;
  if (!gtk_widget_get_visible (self->outcome_box))
    height += spacing + line;
  if (for_width == self->kept_width)
    height = MAX (height, self->kept_height);
  return height;
}

static void
fifolab_step_bar_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, NULL, NULL);
  *minimum_baseline = *natural_baseline = -1;
  if (orientation == GTK_ORIENTATION_VERTICAL && is_on (self))
    {
      int reserved = reserved_height (self, for_size);

      *minimum = MAX (*minimum, reserved);
      *natural = MAX (*natural, reserved);
    }
}

static GtkSizeRequestMode
fifolab_step_bar_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fifolab_step_bar_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (widget);
  int natural = 0;

  /* The box at the top (valign start), the room kept below it. */
  gtk_widget_size_allocate (self->box, &(GtkAllocation) { 0, 0, width, height }, -1);
  if (!is_on (self) || width != self->kept_width)
    self->kept_height = 0;
  self->kept_width = width;
  if (is_on (self))
    {
      gtk_widget_measure (self->box, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
      self->kept_height = MAX (self->kept_height, natural);
    }
}

static void
fifolab_step_bar_dispose (GObject *object)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (object);
  GtkWidget *child;

  stop_watch (self);
  if (self->lesson != NULL && self->current_id != 0)
    g_signal_handler_disconnect (self->lesson, self->current_id);
  self->current_id = 0;
  g_clear_pointer (&self->guess_for, fifolab_watch_record_unref);
  g_clear_weak_pointer (&self->diagram);
  g_clear_object (&self->lesson);
  g_clear_object (&self->session);
  g_clear_pointer (&self->failure, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->tooltip, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_STEP_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fifolab_step_bar_parent_class)->dispose (object);
}

static void
fifolab_step_bar_finalize (GObject *object)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (object);

  g_clear_pointer (&self->followed, g_ptr_array_unref);

  G_OBJECT_CLASS (fifolab_step_bar_parent_class)->finalize (object);
}

static void
fifolab_step_bar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (object);

  switch (prop_id)
    {
    case PROP_WATCH:
      g_value_set_object (value, self->watch);
      break;
    case PROP_SHOWS_RUN:
      g_value_set_boolean (value, gtk_widget_get_visible (self->run_button));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_step_bar_class_init (FifolabStepBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_step_bar_dispose;
  object_class->finalize = fifolab_step_bar_finalize;
  g_type_ensure (FIFOLAB_TYPE_WRAP_BOX);
  object_class->get_property = fifolab_step_bar_get_property;

  /**
   * FifolabStepBar:watch:
   *
   * The running step watch, %NULL while step mode is off or waits for the
   * pipe: the page showing the pipe keeps to it while it runs.
   */
  properties[PROP_WATCH] =
    g_param_spec_object ("watch", NULL, NULL, FIFOLAB_TYPE_STEP_WATCH,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * FifolabStepBar:shows-run:
   *
   * Whether Run (let every held call go) is shown: while step mode is on,
   * unless the lesson's own button can do its step
   * (fifolab_step_bar_set_run_elsewhere()).
   */
  properties[PROP_SHOWS_RUN] =
    g_param_spec_boolean ("shows-run", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-step-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, box);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, guess_buttons);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, guess_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, guess_row);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, line_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, mode_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, more_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, outcome_box);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, run_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, step_button);

  gtk_widget_class_install_action (widget_class, "stepbar.step", NULL, step_activated);
  gtk_widget_class_install_action (widget_class, "stepbar.run", NULL, run_activated);

  widget_class->measure = fifolab_step_bar_measure;
  widget_class->size_allocate = fifolab_step_bar_size_allocate;
  widget_class->get_request_mode = fifolab_step_bar_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "stepbar");
  /* Only layout: GTK 4.8's AT-SPI backend says a widget of the default role
   * by its class name, one of the generic role by nothing. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
fifolab_step_bar_init (FifolabStepBar *self)
{
  GtkEventController *shortcuts;
  GtkEventController *focus;

  self->followed = g_ptr_array_new_with_free_func (followed_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tooltip = g_strdup (gtk_widget_get_tooltip_text (self->mode_button));
  /* "Step Mode", as its label says (GTK 4.8 would also read the
   * underscore), the same on the stage and on the Processes page; Step
   * and Run by their names alone, not "Step One Call Step". */
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  g_signal_connect_object (self->mode_button, "toggled", G_CALLBACK (mode_toggled_cb), self, G_CONNECT_SWAPPED);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (mode_focus_left_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->mode_button, focus);

  /* F8 steps wherever the focus is in the window (no accelerator of the
   * application's uses it: fifolab-application.c). In the capture phase:
   * the window runs it before the focused widget and its parents see the
   * key. Else a GtkPaned the focus is in takes F8 first, its key binding
   * to move the focus onto its handle (cycle-handle-focus): with the
   * focus on the stage's Next (in its paned), F8 moved the focus and
   * never stepped. With step mode off (the action disabled), F8 goes on
   * to the paned as before. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F8, 0),
                                                          gtk_named_action_new ("stepbar.step")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  sync_bar (self);
}

GtkWidget *
fifolab_step_bar_new (void)
{
  return g_object_new (FIFOLAB_TYPE_STEP_BAR, NULL);
}

static guint
current_chapter (FifolabLesson *lesson)
{
  return fifolab_lesson_get_step_chapter (lesson, fifolab_lesson_get_current (lesson));
}

/* Another lesson chosen (the outline, Next or Previous past its last or
 * first step) while step mode is on: what the one before started runs on,
 * nothing stays held; step mode goes on for the new lesson's processes.
 * On the same pipe, with the same watch: the processes before run on
 * watched, not held (a new watch would find one still waiting in open()
 * on the pipe and hold it again, and, not having seen its calls, could
 * no longer count the bytes in the pipe). On another pipe, or once Run
 * has let every call go, with a new watch (the one before ends), which
 * holds only the processes started through it: one let run before and
 * still on the pipe, which it finds and watches, is not held again.
 * Another step of the same lesson keeps the watch, and what it holds. */
static void
current_changed_cb (FifolabStepBar *self)
{
  guint chapter = current_chapter (self->lesson);
  gboolean moved;

  if (chapter == self->chapter)
    return;
  self->chapter = chapter;
  /* To or from lesson 9, whose processes meet on another pipe: a watch
   * of the pipe before would hold none of them. */
  moved = self->watch != NULL &&
          g_strcmp0 (fifolab_step_watch_get_path (self->watch), bar_path (self)) != 0;
  if (!is_on (self))
    return;
  /* Waiting for the pipe before to be made: this one may be there. */
  if (self->watch == NULL && self->claim_wait_id == 0 && pipe_exists (bar_path (self)))
    {
      if (self->pipe_created_id != 0)
        g_signal_handler_disconnect (self->lesson, self->pipe_created_id);
      self->pipe_created_id = 0;
      start_watch (self);
      sync_bar (self);
      return;
    }
  if (!moved && (self->watch == NULL || !self->traced))
    return;
  if (g_strcmp0 (bar_path (self), fifolab_step_watch_get_path (self->watch)) == 0 &&
      fifolab_step_watch_let_run_started (self->watch))
    {
      /* The calls stepped before are the lesson before's. */
      forget_followed (self, TRUE);
      sync_bar (self);
      return;
    }
  stop_watch (self);
  if (pipe_exists (bar_path (self)))
    start_watch (self);
  else
    self->pipe_created_id = g_signal_connect (self->lesson, "pipe-created",
                                              G_CALLBACK (pipe_created_cb), self);
  sync_bar (self);
}

/**
 * fifolab_step_bar_set_lesson:
 * @lesson: (nullable): the lesson running on the stage
 *
 * Another lesson (or none) turns step mode off: its processes run on.
 */
void
fifolab_step_bar_set_lesson (FifolabStepBar *self,
                             FifolabLesson  *lesson)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));

  if (self->lesson == lesson)
    return;
  stop_watch (self);
  if (self->lesson != NULL && self->current_id != 0)
    g_signal_handler_disconnect (self->lesson, self->current_id);
  self->current_id = 0;
  g_set_object (&self->lesson, lesson);
  if (lesson != NULL)
    {
      self->chapter = current_chapter (lesson);
      self->current_id = g_signal_connect_swapped (lesson, "notify::current",
                                                   G_CALLBACK (current_changed_cb), self);
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
  g_clear_pointer (&self->failure, g_free);
  sync_bar (self);
}

void
fifolab_step_bar_set_session (FifolabStepBar *self,
                              FifolabSession *session)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));

  if (self->session == session)
    return;
  if (self->session != NULL && self->claim_wait_id != 0)
    g_signal_handler_disconnect (self->session, self->claim_wait_id);
  self->claim_wait_id = 0;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, sync_bar, self);
  g_set_object (&self->session, session);
  /* The pipe's Watch, on or off, makes the toggle insensitive or not. */
  if (session != NULL)
    g_signal_connect_object (session, "tracer-changed", G_CALLBACK (sync_bar), self, G_CONNECT_SWAPPED);
  sync_bar (self);
}

/**
 * fifolab_step_bar_get_watch:
 *
 * Returns: (transfer none) (nullable): the running step watch
 */
FifolabStepWatch *
fifolab_step_bar_get_watch (FifolabStepBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_BAR (self), NULL);
  return self->watch;
}

/* @diagram (a FifolabDiagram, NULL: none): the stage's, whose boxes say
 * the calls step mode holds. */
void
fifolab_step_bar_set_diagram (FifolabStepBar *self,
                              GtkWidget      *diagram)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));
  g_return_if_fail (diagram == NULL || FIFOLAB_IS_DIAGRAM (diagram));

  if (self->diagram == diagram)
    return;
  if (self->diagram != NULL)
    fifolab_diagram_set_step_watch (FIFOLAB_DIAGRAM (self->diagram), NULL);
  g_set_weak_pointer (&self->diagram, diagram);
  if (diagram != NULL)
    fifolab_diagram_set_step_watch (FIFOLAB_DIAGRAM (diagram), self->watch);
}

/**
 * fifolab_step_bar_set_path:
 * @path: (nullable): the pipe, for step mode without a lesson
 *
 * Step mode for the processes started on @path from elsewhere (the
 * Processes page's peer form, which starts them through the watch while it
 * runs). Another pipe (or none) turns step mode off: its processes run on.
 * A lesson set takes precedence.
 */
void
fifolab_step_bar_set_path (FifolabStepBar *self,
                           const char     *path)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  if (self->lesson == NULL)
    {
      stop_watch (self);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
      g_clear_pointer (&self->failure, g_free);
    }
  g_free (self->path);
  self->path = g_strdup (path);
  sync_bar (self);
}

/**
 * fifolab_step_bar_set_run_elsewhere:
 * @run_elsewhere: the lesson's own button can do its step now
 *
 * Run is then not shown: two buttons saying "Run", one doing the step and
 * one letting its held calls go, were one too many.
 */
void
fifolab_step_bar_set_run_elsewhere (FifolabStepBar *self,
                                    gboolean        run_elsewhere)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));

  if (self->run_elsewhere == run_elsewhere)
    return;
  self->run_elsewhere = run_elsewhere;
  sync_bar (self);
}

gboolean
fifolab_step_bar_get_shows_run (FifolabStepBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_BAR (self), FALSE);
  return gtk_widget_get_visible (self->run_button);
}
