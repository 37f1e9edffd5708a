/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "fifolab-accessible.h"
#include "fifolab-escape.h"
#include "fifolab-peer-process.h"
#include "fifolab-replay-control.h"

/* The replay bar (fifolab-replay-control.h). The replay is the peer's: it
 * keeps the deadlines (docs/recording.md); this bar starts it, shows each
 * write it reports (--json) and stops it with SIGTERM. */

struct _FifolabReplayControl
{
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkDropDown      *speed;
  GtkLabel         *status;
  GtkProgressBar   *progress;
  GtkButton        *stop_button;

  GSubprocess      *proc;
  GCancellable     *cancellable;
  GDataInputStream *out;
  GDataInputStream *err;
  GString          *said;       /* its standard error */
  char             *pipe;       /* escaped for display */
  guint             n_done;
  guint             pending;    /* of its output's two ends and its exit */
  gboolean          stopping;
};

G_DEFINE_FINAL_TYPE (FifolabReplayControl, fifolab_replay_control, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const double speeds[] = { 0.1, 0.25, 0.5, 1, 2, 5, 10 };

double
fifolab_replay_control_get_speed (FifolabReplayControl *self)
{
  guint selected;

  g_return_val_if_fail (FIFOLAB_IS_REPLAY_CONTROL (self), 1);

  selected = gtk_drop_down_get_selected (self->speed);
  return selected < G_N_ELEMENTS (speeds) ? speeds[selected] : 1;
}

void
fifolab_replay_control_set_speed (FifolabReplayControl *self,
                                  double                speed)
{
  guint best = 0;

  g_return_if_fail (FIFOLAB_IS_REPLAY_CONTROL (self));

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (ABS (speeds[i] - speed) < ABS (speeds[best] - speed))
      best = i;
  gtk_drop_down_set_selected (self->speed, best);
}

gboolean
fifolab_replay_control_get_running (FifolabReplayControl *self)
{
  g_return_val_if_fail (FIFOLAB_IS_REPLAY_CONTROL (self), FALSE);

  return self->proc != NULL;
}

static void
set_running (FifolabReplayControl *self,
             gboolean              running)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->speed), !running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* One line of --json: which write was made, of how many. */
static void
show_progress (FifolabReplayControl *self,
               const char           *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  JsonObject *object;
  gint64 done;
  gint64 total;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  done = json_object_get_int_member_with_default (object, "write", 0);
  total = json_object_get_int_member_with_default (object, "of", 0);
  if (done <= 0 || total <= 0)
    return;
  self->n_done = (guint) done;
  gtk_progress_bar_set_fraction (self->progress, (double) done / (double) total);
  /* Translators: the first two are numbers, the %s a pipe's name. */
  text = g_strdup_printf (_("Write %u of %u into “%s”."), (guint) done, (guint) total, self->pipe);
  gtk_label_set_text (self->status, text);
}

static void read_next (FifolabReplayControl *self,
                       GDataInputStream     *stream);
static void outcome   (FifolabReplayControl *self);

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GDataInputStream *stream = G_DATA_INPUT_STREAM (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (stream, result, NULL, &error);
  FifolabReplayControl *self = user_data;

  /* Cancelled: the control is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      outcome (self);
      return;
    }
  if (stream == self->out)
    show_progress (self, line);
  else
    {
      g_string_append (self->said, line);
      g_string_append_c (self->said, '\n');
    }
  read_next (self, stream);
}

static void
read_next (FifolabReplayControl *self,
           GDataInputStream     *stream)
{
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, self->cancellable, line_cb, self);
}

/* Once it has exited and everything it said is read: how it ended. */
static void
outcome (FifolabReplayControl *self)
{
  GSubprocess *proc = self->proc;
  g_autofree char *outcome = NULL;

  if (--self->pending > 0)
    return;

  if (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0)
    /* Translators: %u is a number of writes, %s a pipe's name. */
    outcome = g_strdup_printf (ngettext ("Replayed %u write into “%s”.",
                                         "Replayed %u writes into “%s”.", self->n_done),
                               self->n_done, self->pipe);
  else if (self->stopping)
    outcome = g_strdup_printf (ngettext ("Replay stopped after %u write.",
                                         "Replay stopped after %u writes.", self->n_done),
                               self->n_done);
  else
    {
      /* Its own words, without the program's name before them. */
      char *said = self->said->str;

      if (g_str_has_prefix (said, "fifolab-peer replay: "))
        said += strlen ("fifolab-peer replay: ");
      outcome = g_strdup_printf (_("The replay failed: %s"), g_strstrip (said));
    }
  g_clear_object (&self->proc);
  gtk_label_set_text (self->status, outcome);
  set_running (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, outcome);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    return; /* cancelled: the control is gone */
  outcome (user_data);
}

gboolean
fifolab_replay_control_start (FifolabReplayControl *self,
                              const char           *recording,
                              const char           *pipe)
{
  char speed_text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *argv[] = { fifolab_peer_process_get_default_path (), "replay", "--json",
                         "--speed", speed_text, "--", recording, pipe, NULL };

  g_return_val_if_fail (FIFOLAB_IS_REPLAY_CONTROL (self), FALSE);
  g_return_val_if_fail (recording != NULL && pipe != NULL, FALSE);

  if (self->proc != NULL)
    {
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, _("A replay runs already: stop it first."));
      return FALSE;
    }

  g_ascii_dtostr (speed_text, sizeof speed_text, fifolab_replay_control_get_speed (self));
  self->proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error);
  if (self->proc == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      return FALSE;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->out);
  g_clear_object (&self->err);
  self->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->proc));
  self->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->proc));
  g_string_truncate (self->said, 0);
  g_free (self->pipe);
  self->pipe = fifolab_escape_home_path (pipe, 0);
  self->n_done = 0;
  self->pending = 3;
  self->stopping = FALSE;
  read_next (self, self->out);
  read_next (self, self->err);
  g_subprocess_wait_async (self->proc, self->cancellable, wait_cb, self);

  gtk_progress_bar_set_fraction (self->progress, 0);
  /* Translators: %s is a pipe's name. */
  text = g_strdup_printf (_("Waiting for a reader to open “%s”: the replay starts when one does."),
                          self->pipe);
  gtk_label_set_text (self->status, text);
  set_running (self, TRUE);
  return TRUE;
}

void
fifolab_replay_control_stop (FifolabReplayControl *self)
{
  g_return_if_fail (FIFOLAB_IS_REPLAY_CONTROL (self));

  if (self->proc == NULL)
    return;
  self->stopping = TRUE;
  g_subprocess_send_signal (self->proc, SIGTERM);
}

static void
stop_clicked_cb (FifolabReplayControl *self)
{
  fifolab_replay_control_stop (self);
}

static void
fifolab_replay_control_dispose (GObject *object)
{
  FifolabReplayControl *self = FIFOLAB_REPLAY_CONTROL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->proc != NULL)
    g_subprocess_send_signal (self->proc, SIGTERM);
  g_clear_object (&self->proc);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->out);
  g_clear_object (&self->err);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_REPLAY_CONTROL);

  G_OBJECT_CLASS (fifolab_replay_control_parent_class)->dispose (object);
}

static void
fifolab_replay_control_finalize (GObject *object)
{
  FifolabReplayControl *self = FIFOLAB_REPLAY_CONTROL (object);

  g_string_free (self->said, TRUE);
  g_free (self->pipe);

  G_OBJECT_CLASS (fifolab_replay_control_parent_class)->finalize (object);
}

static void
fifolab_replay_control_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FifolabReplayControl *self = FIFOLAB_REPLAY_CONTROL (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, fifolab_replay_control_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_replay_control_class_init (FifolabReplayControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_replay_control_dispose;
  object_class->finalize = fifolab_replay_control_finalize;
  object_class->get_property = fifolab_replay_control_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-replay-control.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabReplayControl, box);
  gtk_widget_class_bind_template_child (widget_class, FifolabReplayControl, speed);
  gtk_widget_class_bind_template_child (widget_class, FifolabReplayControl, status);
  gtk_widget_class_bind_template_child (widget_class, FifolabReplayControl, progress);
  gtk_widget_class_bind_template_child (widget_class, FifolabReplayControl, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_replay_control_init (FifolabReplayControl *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->said = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
  fifolab_accessible_set_name (GTK_WIDGET (self), _("Replay"));
  /* The drop-down's button, which takes the focus, had no name, and the
   * drop-down said its name twice (its own and its mnemonic label's). */
  fifolab_accessible_name_control (GTK_WIDGET (self->speed), _("Replay speed"));
  fifolab_accessible_name_parts (GTK_WIDGET (self));
}

FifolabReplayControl *
fifolab_replay_control_new (void)
{
  return g_object_new (FIFOLAB_TYPE_REPLAY_CONTROL, NULL);
}
