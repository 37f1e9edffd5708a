/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-event.h"
#include "fifolab-tap.h"
#include "fifolab-tap-control.h"
#include "fifolab-toggle-status.h"

struct _FifolabTapControl
{
  GtkWidget        parent_instance;

  FifolabSession  *session;
  char            *path;
  /* path → FifolabTap, running or starting */
  GHashTable      *taps;
  /* The pipe the status line speaks of. */
  char            *status_path;
  GCancellable    *cancellable;
  /* Set while the toggle shows the state (no start or stop then). */
  gboolean         syncing;
  /* The status line says why a tap failed. */
  gboolean         status_error;

  /* Template */
  GtkToggleButton *tap_button;
  GtkWidget       *arriving_box;
  GtkDropDown     *arriving_dropdown;
  GtkLabel        *status_label;
  GtkLabel        *limits_label;
};

G_DEFINE_FINAL_TYPE (FifolabTapControl, fifolab_tap_control, GTK_TYPE_WIDGET)

enum
{
  START_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (FifolabTapControl *self,
            const char        *text,
            gboolean           error)
{
  self->status_error = error && text != NULL && *text != '\0';
  fifolab_toggle_status_set (self->status_label, &self->status_path, self->path, text, error);
}

/* The toggle shows whether the pipe shown is tapped. */
static void
sync_button (FifolabTapControl *self)
{
  gboolean tapping = self->path != NULL && g_hash_table_contains (self->taps, self->path);

  fifolab_toggle_status_show (self->tap_button, tapping, self->path != NULL, &self->syncing);
  /* The direction is chosen when the tap starts. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->arriving_dropdown), self->path != NULL && !tapping);
}

static FifolabLog *
get_log (FifolabTapControl *self)
{
  return self->session != NULL ? fifolab_session_get_log (self->session) : NULL;
}

/* What passed: a received message flagged TAPPED, from the writer's pid to
 * the reader's (the tap's CONNECTED event names their commands). */
static void
tap_relayed_cb (FifolabTap        *tap,
                GBytes            *data,
                gint64             from_pid,
                const char        *from_comm,
                gint64             to_pid,
                const char        *to_comm,
                FifolabTapControl *self)
{
  FifolabLog *log = get_log (self);
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);

  if (log == NULL)
    return;
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_TAPPED,
                              FIFOLAB_FRAMING_RAW, fifolab_tap_get_path (tap),
                              from_pid, to_pid, g_get_real_time (), g_get_monotonic_time (),
                              bytes, len);
}

static void
tap_event_cb (FifolabTap        *tap,
              int                kind,
              const char        *message,
              FifolabTapControl *self)
{
  FifolabLog *log = get_log (self);

  if (log != NULL)
    fifolab_log_append_event (log, kind == FIFOLAB_TAP_EVENT_ERROR ? FIFOLAB_EVENT_ERROR : FIFOLAB_EVENT_TAP,
                              fifolab_tap_get_path (tap), message);
  if (self->path != NULL && g_strcmp0 (self->path, fifolab_tap_get_path (tap)) == 0 &&
      kind != FIFOLAB_TAP_EVENT_STOPPED)
    set_status (self, message, kind == FIFOLAB_TAP_EVENT_ERROR);
}

static void
forget_tap (FifolabTapControl *self,
            FifolabTap        *tap)
{
  g_signal_handlers_disconnect_by_data (tap, self);
  g_hash_table_remove (self->taps, fifolab_tap_get_path (tap));
}

static void
start_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FifolabTap *tap = FIFOLAB_TAP (source);
  g_autoptr(FifolabTapControl) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean shown;

  if (fifolab_tap_start_finish (tap, result, &error))
    {
      g_signal_emit (self, signals[START_DONE], 0, fifolab_tap_get_path (tap), TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->taps == NULL)
    return;
  shown = g_strcmp0 (self->path, fifolab_tap_get_path (tap)) == 0;
  if (get_log (self) != NULL)
    fifolab_log_append_event (get_log (self), FIFOLAB_EVENT_ERROR, fifolab_tap_get_path (tap),
                              error->message);
  forget_tap (self, tap);
  if (shown)
    {
      set_status (self, error->message, TRUE);
      sync_button (self);
    }
  g_signal_emit (self, signals[START_DONE], 0, fifolab_tap_get_path (tap), FALSE);
}

/* A tap on @path, relaying from @arriving's side; on the pipe shown, from
 * the side chosen in the drop-down. */
static void
start_tap (FifolabTapControl  *self,
           const char         *path,
           FifolabTapArriving  arriving)
{
  g_autoptr(FifolabTap) tap = fifolab_tap_new (path);
  gboolean shown = g_strcmp0 (self->path, path) == 0;

  /* The drop-down lists AUTO, WRITERS and READERS in that order. */
  if (shown)
    arriving = (FifolabTapArriving) gtk_drop_down_get_selected (self->arriving_dropdown);
  if (arriving > FIFOLAB_TAP_ARRIVING_READERS)
    arriving = FIFOLAB_TAP_ARRIVING_AUTO;
  g_signal_connect_object (tap, "relayed", G_CALLBACK (tap_relayed_cb), self, 0);
  g_signal_connect_object (tap, "event", G_CALLBACK (tap_event_cb), self, 0);
  g_hash_table_insert (self->taps, g_strdup (path), g_object_ref (tap));
  if (shown)
    set_status (self, _("Starting the tap…"), FALSE);
  fifolab_tap_start_async (tap, arriving, self->cancellable, start_cb, g_object_ref (self));
}

static void
stop_tap (FifolabTapControl *self)
{
  FifolabTap *tap = g_hash_table_lookup (self->taps, self->path);
  g_autoptr(GError) error = NULL;

  if (tap == NULL)
    return;
  g_object_ref (tap);
  if (!fifolab_tap_stop (tap, &error))
    set_status (self, error->message, TRUE);
  else
    set_status (self, _("The tap stopped: the original pipe is back at its name."), FALSE);
  forget_tap (self, tap);
  g_object_unref (tap);
}

static void
tap_toggled_cb (GtkToggleButton   *button,
                FifolabTapControl *self)
{
  if (self->syncing || self->path == NULL)
    return;
  if (gtk_toggle_button_get_active (button))
    {
      if (!g_hash_table_contains (self->taps, self->path))
        start_tap (self, self->path, FIFOLAB_TAP_ARRIVING_AUTO);
    }
  else
    stop_tap (self);
  sync_button (self);
}

GtkWidget *
fifolab_tap_control_new (void)
{
  return g_object_new (FIFOLAB_TYPE_TAP_CONTROL, NULL);
}

/* The pipe shown is watched now (or stepped): why a tap failed on it no
 * longer applies, and goes. */
static void
tracer_changed_cb (FifolabSession    *session,
                   const char        *path,
                   FifolabTapControl *self)
{
  if (self->status_error && g_strcmp0 (path, self->path) == 0 &&
      fifolab_session_get_tracer (session, path) != FIFOLAB_TRACER_NONE)
    set_status (self, NULL, FALSE);
}

void
fifolab_tap_control_set_session (FifolabTapControl *self,
                                 FifolabSession    *session)
{
  g_return_if_fail (FIFOLAB_IS_TAP_CONTROL (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, tracer_changed_cb, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "tracer-changed", G_CALLBACK (tracer_changed_cb), self, 0);
}

void
fifolab_tap_control_set_path (FifolabTapControl *self,
                              const char        *path)
{
  FifolabTap *tap;

  g_return_if_fail (FIFOLAB_IS_TAP_CONTROL (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  /* What it said of another pipe is not said of this one; of the same
   * pipe shown again (a swap re-lists it), it still is. */
  if (path != NULL && g_strcmp0 (path, self->status_path) != 0)
    set_status (self, NULL, FALSE);
  /* Who opens it next: the running tap's, else read from who holds it. */
  tap = path != NULL ? g_hash_table_lookup (self->taps, path) : NULL;
  if (path != NULL)
    gtk_drop_down_set_selected (self->arriving_dropdown,
                                tap != NULL ? (guint) fifolab_tap_get_arriving (tap) : FIFOLAB_TAP_ARRIVING_AUTO);
  sync_button (self);
}

void
fifolab_tap_control_start (FifolabTapControl  *self,
                           const char         *path,
                           FifolabTapArriving  arriving)
{
  g_return_if_fail (FIFOLAB_IS_TAP_CONTROL (self));
  g_return_if_fail (path != NULL);

  if (g_hash_table_contains (self->taps, path))
    {
      g_signal_emit (self, signals[START_DONE], 0, path, TRUE);
      return;
    }
  /* Who opens it next, when known: shown in the drop-down too. */
  if (g_strcmp0 (self->path, path) == 0 && arriving != FIFOLAB_TAP_ARRIVING_AUTO)
    gtk_drop_down_set_selected (self->arriving_dropdown, (guint) arriving);
  start_tap (self, path, arriving);
  if (g_strcmp0 (self->path, path) != 0)
    return;
  sync_button (self);
  /* Where the user looks next: the toggle, scrolled into view. */
  gtk_widget_grab_focus (GTK_WIDGET (self->tap_button));
}

gboolean
fifolab_tap_control_is_tapping (FifolabTapControl *self,
                                const char        *path)
{
  g_return_val_if_fail (FIFOLAB_IS_TAP_CONTROL (self), FALSE);

  return path != NULL && g_hash_table_contains (self->taps, path);
}

static void
fifolab_tap_control_dispose (GObject *object)
{
  FifolabTapControl *self = FIFOLAB_TAP_CONTROL (object);
  GHashTableIter iter;
  gpointer tap;

  g_cancellable_cancel (self->cancellable);
  /* Dropping a tap stops it and puts the original back. */
  if (self->taps != NULL)
    {
      g_hash_table_iter_init (&iter, self->taps);
      while (g_hash_table_iter_next (&iter, NULL, &tap))
        g_signal_handlers_disconnect_by_data (tap, self);
      g_clear_pointer (&self->taps, g_hash_table_unref);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_TAP_CONTROL);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fifolab_tap_control_parent_class)->dispose (object);
}

static void
fifolab_tap_control_finalize (GObject *object)
{
  FifolabTapControl *self = FIFOLAB_TAP_CONTROL (object);

  g_free (self->path);
  g_free (self->status_path);

  G_OBJECT_CLASS (fifolab_tap_control_parent_class)->finalize (object);
}

static void
fifolab_tap_control_class_init (FifolabTapControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_tap_control_dispose;
  object_class->finalize = fifolab_tap_control_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-tap-control.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabTapControl, tap_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabTapControl, arriving_box);
  gtk_widget_class_bind_template_child (widget_class, FifolabTapControl, arriving_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FifolabTapControl, status_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabTapControl, limits_label);
  gtk_widget_class_bind_template_callback (widget_class, tap_toggled_cb);

  /**
   * FifolabTapControl::start-done:
   * @path: the pipe
   * @started: whether the tap runs (else the status line and the log say
   *   why it did not start)
   *
   * A tap's start on @path has ended.
   */
  signals[START_DONE] = g_signal_new ("start-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_tap_control_init (FifolabTapControl *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->taps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (self->limits_label, fifolab_tap_get_limits ());
  fifolab_accessible_name_control (GTK_WIDGET (self->arriving_dropdown), _("Who opens it next"));
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  fifolab_accessible_set_name (GTK_WIDGET (self), _("Tap"));
  sync_button (self);
}
