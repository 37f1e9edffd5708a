/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-error-bar.h"
#include "fifolab-escape.h"
#include "fifolab-file-chooser.h"
#include "fifolab-log-view.h"
#include "fifolab-recording.h"
#include "fifolab-recording-window.h"
#include "fifolab-replay-control.h"
#include "fifolab-sequence-link.h"
#include "fifolab-toast.h"

/* A window on a recording (fifolab-recording-window.h). */

/* Entries appended to the log per main-loop iteration while it fills: a
 * few milliseconds' work, so that the window stays responsive on a large
 * file. */
#define FILL_BATCH 20000
/* Below GTK's redraw and input, as the live session's reads: a frame that
 * is due is drawn first and the batches fill the time between frames. (No
 * spinner while it reads: under Xvfb its animation alone kept idle sources
 * at this priority from ever running.) */
#define FILL_PRIORITY G_PRIORITY_DEFAULT_IDLE

struct _FifolabRecordingWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toasts;
  FifolabErrorBar      *error_bar;
  AdwWindowTitle       *title;
  GtkWidget            *notice;
  GtkLabel             *notice_label;
  GtkStack             *stack;
  AdwStatusPage        *failed_page;
  FifolabLogView       *log_view;
  FifolabSequenceView  *sequence_view;
  FifolabReplayControl *replay_control;

  GFile                *file;
  char                 *name;          /* the file's name, escaped for display */
  FifolabLog           *log;
  FifolabRecording     *recording;     /* while the log fills */
  GCancellable         *cancellable;
  GApplicationCommandLine *command_line;
  guint                 fill_source;
  gboolean              loaded;
  int                   version;      /* of the file's format, once loaded */
};

G_DEFINE_FINAL_TYPE (FifolabRecordingWindow, fifolab_recording_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FifolabLog *
fifolab_recording_window_get_log (FifolabRecordingWindow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_RECORDING_WINDOW (self), NULL);

  return self->log;
}

gboolean
fifolab_recording_window_get_loaded (FifolabRecordingWindow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_RECORDING_WINDOW (self), FALSE);

  return self->loaded;
}

static void
release_command_line (FifolabRecordingWindow *self,
                      const char             *error)
{
  if (self->command_line == NULL)
    return;
  if (error != NULL)
    {
      g_autofree char *shown = fifolab_escape_message (error, 0);

      g_application_command_line_printerr (self->command_line, "fifolab: %s: %s\n", self->name, shown);
      g_application_command_line_set_exit_status (self->command_line, 1);
    }
  g_clear_object (&self->command_line);
}

/* The title, the subtitle and the notice say what this window shows. */
static void
describe (FifolabRecordingWindow *self,
          gint64                  start_wall_us)
{
  g_autofree char *window_title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *when = NULL;

  if (start_wall_us >= 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start_wall_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      if (local != NULL)
        /* Translators: a date and time in g_date_time_format() notation. */
        when = g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));
    }

  /* Translators: %s is a file's name. */
  window_title = g_strdup_printf (_("%s — Recording"), self->name);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  adw_window_title_set_title (self->title, self->name);

  if (self->loaded && when != NULL)
    /* Translators: %u is a number of log entries, %s a date and time. */
    subtitle = g_strdup_printf (ngettext ("Recording · %u entry · from %s", "Recording · %u entries · from %s",
                                          fifolab_log_get_n_stored (self->log)),
                                fifolab_log_get_n_stored (self->log), when);
  else if (self->loaded)
    subtitle = g_strdup_printf (ngettext ("Recording · %u entry", "Recording · %u entries",
                                          fifolab_log_get_n_stored (self->log)),
                                fifolab_log_get_n_stored (self->log));
  else
    subtitle = g_strdup (_("Recording"));
  adw_window_title_set_subtitle (self->title, subtitle);

  notice = g_strdup_printf (_("A recording, opened from “%s”: what FIFO Lab saw when it was made. "
                              "Nothing is read from or written to a pipe here; "
                              "Replay into a Pipe sends its writes again."),
                            self->name);
  if (self->loaded && self->version == 1)
    {
      /* A recording of FIFO Lab 0.1.0 kept only the watched writes and
       * reads (docs/recording.md, Versions). */
      g_autofree char *whole = g_strconcat (notice, " ",
                                            _("It was made by an older FIFO Lab, which kept only the "
                                              "watched writes and reads: its sequence diagram shows "
                                              "those, without the opens, closes, starts and exits."),
                                            NULL);

      g_free (notice);
      notice = g_steal_pointer (&whole);
    }
  gtk_label_set_text (self->notice_label, notice);
}

static gboolean
fill_cb (gpointer user_data)
{
  FifolabRecordingWindow *self = user_data;
  gint64 start_wall_us;

  if (!fifolab_recording_fill_log (self->recording, self->log, FILL_BATCH))
    return G_SOURCE_CONTINUE;

  self->fill_source = 0;
  self->version = fifolab_recording_get_version (self->recording);
  start_wall_us = fifolab_recording_get_start_wall_us (self->recording);
  if (start_wall_us < 0 && fifolab_recording_get_n_entries (self->recording) > 0)
    start_wall_us = fifolab_recording_get_entry (self->recording, 0)->wall_us;
  g_clear_pointer (&self->recording, fifolab_recording_free);
  fifolab_log_flush (self->log);
  self->loaded = TRUE;
  describe (self, start_wall_us);
  gtk_stack_set_visible_child_name (self->stack, "log");
  gtk_widget_set_visible (GTK_WIDGET (self->replay_control), TRUE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "replay")),
                               TRUE);
  release_command_line (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  return G_SOURCE_REMOVE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FifolabRecordingWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->recording = fifolab_recording_read_file_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->recording == NULL)
    {
      /* The description is markup: the message is shown literally. */
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->failed_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      /* Nothing was opened: no notice of a recording, nothing to replay. */
      gtk_widget_set_visible (self->notice, FALSE);
      release_command_line (self, error->message);
      return;
    }
  self->fill_source = g_idle_add_full (FILL_PRIORITY, fill_cb, self, NULL);
}

gboolean
fifolab_recording_window_replay (FifolabRecordingWindow *self,
                                 const char             *pipe)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (FIFOLAB_IS_RECORDING_WINDOW (self), FALSE);

  path = g_file_get_path (self->file);
  if (path == NULL)
    {
      fifolab_error_bar_add (self->error_bar, _("Only a recording in a local folder can be replayed."));
      return FALSE;
    }
  return fifolab_replay_control_start (self->replay_control, path, pipe);
}

static void
replay_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  FifolabRecordingWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) pipe = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = pipe != NULL ? g_file_get_path (pipe) : NULL;

      if (path != NULL)
        fifolab_recording_window_replay (self, path);
    }
  g_object_unref (dialog);
}

static void
replay_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  FifolabRecordingWindow *self = user_data;
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Replay into a Pipe"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Replay"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (replay_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
outcome_cb (GtkWidget  *window,
            const char *outcome,
            gboolean    failed)
{
  FifolabRecordingWindow *self = FIFOLAB_RECORDING_WINDOW (window);

  /* A failure stays in the banner until dismissed; what went well goes by. */
  if (failed)
    fifolab_error_bar_add (self->error_bar, outcome);
  else
    adw_toast_overlay_add_toast (self->toasts, fifolab_toast_new (outcome, FALSE));
}

static void
toast_cb (FifolabRecordingWindow *self,
          const char             *message)
{
  adw_toast_overlay_add_toast (self->toasts, fifolab_toast_new (message, FALSE));
}

static void
error_cb (FifolabRecordingWindow *self,
          const char             *message)
{
  fifolab_error_bar_add (self->error_bar, message);
}

static void
fifolab_recording_window_constructed (GObject *object)
{
  FifolabRecordingWindow *self = FIFOLAB_RECORDING_WINDOW (object);
  g_autofree char *basename = g_file_get_basename (self->file);

  G_OBJECT_CLASS (fifolab_recording_window_parent_class)->constructed (object);

  self->name = fifolab_escape_name (basename != NULL ? basename : "", 0);
  describe (self, -1);
  fifolab_recording_read_file_async (self->file, self->cancellable, read_cb, g_object_ref (self));
}

static void
fifolab_recording_window_dispose (GObject *object)
{
  FifolabRecordingWindow *self = FIFOLAB_RECORDING_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->fill_source, g_source_remove);
  g_clear_pointer (&self->recording, fifolab_recording_free);
  release_command_line (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_RECORDING_WINDOW);

  G_OBJECT_CLASS (fifolab_recording_window_parent_class)->dispose (object);
}

static void
fifolab_recording_window_finalize (GObject *object)
{
  FifolabRecordingWindow *self = FIFOLAB_RECORDING_WINDOW (object);

  g_clear_object (&self->file);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->recording, fifolab_recording_free);
  g_free (self->name);

  G_OBJECT_CLASS (fifolab_recording_window_parent_class)->finalize (object);
}

static void
fifolab_recording_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  FifolabRecordingWindow *self = FIFOLAB_RECORDING_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_recording_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  FifolabRecordingWindow *self = FIFOLAB_RECORDING_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_recording_window_class_init (FifolabRecordingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fifolab_recording_window_constructed;
  object_class->dispose = fifolab_recording_window_dispose;
  object_class->finalize = fifolab_recording_window_finalize;
  object_class->get_property = fifolab_recording_window_get_property;
  object_class->set_property = fifolab_recording_window_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FIFOLAB_TYPE_LOG_VIEW);
  g_type_ensure (FIFOLAB_TYPE_SEQUENCE_VIEW);
  g_type_ensure (FIFOLAB_TYPE_REPLAY_CONTROL);
  g_type_ensure (FIFOLAB_TYPE_ERROR_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-recording-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, title);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, notice);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, sequence_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabRecordingWindow, replay_control);
}

static void
fifolab_recording_window_init (FifolabRecordingWindow *self)
{
  static const GActionEntry actions[] = {
    { "replay", replay_action },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->log = fifolab_log_new ();
  fifolab_log_view_set_log (self->log_view, self->log);
  /* Its window reads from no pipe and writes to none: an empty log is an
   * empty recording, not one waiting for messages. */
  fifolab_log_view_set_empty_text (self->log_view, _("This recording holds no entries"));
  /* Before the calls are attached, as the recording is read. */
  fifolab_sequence_view_set_log (self->sequence_view, self->log);
  fifolab_sequence_link (GTK_WIDGET (self), self->log_view, self->sequence_view, outcome_cb);
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "replay")),
                               FALSE);
  g_signal_connect_object (self->replay_control, "toast", G_CALLBACK (toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_view, "show-toast", G_CALLBACK (toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_view, "show-error", G_CALLBACK (error_cb), self, G_CONNECT_SWAPPED);
  /* Its stack's pages, its header's and status page's inner parts, the
   * button with a mnemonic: named as the main window's are. */
  fifolab_accessible_name_parts (GTK_WIDGET (self));
}

FifolabRecordingWindow *
fifolab_recording_window_open (GtkApplication          *app,
                               GFile                   *file,
                               GApplicationCommandLine *command_line)
{
  FifolabRecordingWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (FIFOLAB_TYPE_RECORDING_WINDOW, "application", app, "file", file, NULL);
  if (command_line != NULL && !self->loaded)
    self->command_line = g_object_ref (command_line);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

static void
choose_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  GtkApplication *app = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        fifolab_recording_window_open (app, file, NULL);
    }
  g_object_unref (dialog);
  g_object_unref (app);
}

static const FifolabFileType recording_types[] = {
  { N_("Recordings (JSON Lines)"), { "*.jsonl", "*.json" }, NULL },
  { N_("All Files"), { "*" }, NULL },
};

void
fifolab_recording_window_choose (GtkApplication *app,
                                 GtkWindow      *parent)
{
  GtkFileChooserNative *dialog;

  g_return_if_fail (GTK_IS_APPLICATION (app));

  dialog = fifolab_file_chooser_new (parent, GTK_FILE_CHOOSER_ACTION_OPEN, _("Open Recording"), _("_Open"),
                                     recording_types, G_N_ELEMENTS (recording_types));
  g_signal_connect (dialog, "response", G_CALLBACK (choose_response_cb), g_object_ref (app));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
