/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "fifolab-accessible.h"
#include "fifolab-application.h"
#include "fifolab-export-file.h"
#include "fifolab-sequence-export.h"
#include "fifolab-inspector.h"
#include "fifolab-peer-process.h"
#include "fifolab-pipe-framings.h"
#include "fifolab-preferences-window.h"
#include "fifolab-recording-window.h"
#include "fifolab-tooltip-width.h"
#include "fifolab-window.h"

struct _FifolabApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  FifolabSession *session;
  GCancellable   *cancellable;
  /* The peer processes started from the app (FifolabPeerProcess), stopped on
   * shutdown; the inspector checks received messages (torn, unseen pids). */
  GListStore       *peers;
  FifolabInspector *inspector;
  /* Who holds the pipes shown: one /proc scanner for the windows and lessons. */
  FifolabHolderMonitor *holder_monitor;
};

G_DEFINE_FINAL_TYPE (FifolabApplication, fifolab_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "folder", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Show the pipes of DIR"), N_("DIR") },
  { "read", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Connect to PIPE as a reader (may be repeated)"), N_("PIPE") },
  { "write", 'w', 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Connect to PIPE as a writer (may be repeated)"), N_("PIPE") },
  { "open", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Open FILE, a log exported as JSON Lines, as a recording (may be repeated)"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  /* Shown once, by the parameter string set in init. */
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, NULL },
  { NULL }
};

FifolabSession *
fifolab_application_get_session (FifolabApplication *self)
{
  g_return_val_if_fail (FIFOLAB_IS_APPLICATION (self), NULL);

  return self->session;
}

GSettings *
fifolab_application_get_settings (FifolabApplication *self)
{
  g_return_val_if_fail (FIFOLAB_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * fifolab_application_dup_lab_folder:
 *
 * Returns: (transfer full): the private lab folder, created with mode 0700
 */
char *
fifolab_application_dup_lab_folder (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "fifolab", "lab", NULL);
  g_autoptr(GError) error = NULL;

  /* The folder model then reports a folder it cannot list in the window. */
  if (!fifolab_fifo_ensure_private_folder (path, &error))
    g_debug ("%s", error->message);

  return g_steal_pointer (&path);
}

/**
 * fifolab_application_dup_start_folder:
 *
 * Returns: (transfer full): the folder to browse first
 */
GFile *
fifolab_application_dup_start_folder (FifolabApplication *self)
{
  g_autofree char *folder = NULL;
  g_autofree char *lab = NULL;

  g_return_val_if_fail (FIFOLAB_IS_APPLICATION (self), NULL);

  folder = g_settings_get_string (self->settings, "folder");
  if (folder[0] != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (folder);

  lab = fifolab_application_dup_lab_folder ();

  return g_file_new_for_path (lab);
}

/**
 * fifolab_application_remember_folder:
 * @settings: FIFO Lab's settings
 * @folder: a local folder
 *
 * Returns: %TRUE if @folder is kept as the one to browse at the next start
 */
gboolean
fifolab_application_remember_folder (GSettings  *settings,
                                     GFile      *folder,
                                     GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (folder);
  if (path == NULL || !g_utf8_validate (path, -1, NULL))
    {
      g_autofree char *shown = fifolab_escape_home_path (path, 0);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   /* Translators: %s is a folder's path, its bytes that are not text escaped. */
                   _("FIFO Lab cannot remember “%s” for the next start: a setting holds only text, and this folder’s name is not valid UTF-8"),
                   shown);
      return FALSE;
    }
  g_settings_set_string (settings, "folder", path);
  return TRUE;
}

static FifolabWindow *
fifolab_application_ensure_window (FifolabApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (FIFOLAB_IS_WINDOW (window))
    return FIFOLAB_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (FIFOLAB_IS_WINDOW (l->data))
      return FIFOLAB_WINDOW (l->data);

  return fifolab_window_new (self);
}

/* A path given to an action: relative paths are taken in the browsed folder. */
static char *
fifolab_application_resolve_path (FifolabApplication *self,
                                  FifolabWindow      *window,
                                  const char         *path)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) file = NULL;

  if (g_path_is_absolute (path))
    return g_canonicalize_filename (path, NULL);

  folder = fifolab_window_dup_folder (window);
  if (folder == NULL)
    return g_canonicalize_filename (path, NULL);

  file = g_file_resolve_relative_path (folder, path);

  return g_file_get_path (file);
}

static gboolean
fifolab_application_read_pipe (FifolabApplication  *self,
                               FifolabWindow       *window,
                               const char          *path,
                               GError             **error)
{
  /* The pipe's framing: chosen for it before, else the preference. */
  g_autoptr(FifolabFramer) framer = fifolab_session_create_framer (self->session, path);

  /* The session refuses anything but a FIFO (nothing else is opened) and logs why. */
  if (fifolab_session_open_reader (self->session, path, framer, error) == NULL)
    return FALSE;

  /* Listed, not selected: selecting would make it the send target. */
  fifolab_window_add_pipe (window, path, FALSE, NULL);

  return TRUE;
}

static gboolean
fifolab_application_write_pipe (FifolabApplication  *self,
                                FifolabWindow       *window,
                                const char          *path,
                                GError             **error)
{
  if (fifolab_session_open_writer (self->session, path, error) == NULL)
    return FALSE;

  fifolab_window_add_pipe (window, path, TRUE, NULL);
  fifolab_window_set_target (window, path);

  return TRUE;
}

/* Connects as a reader or a writer, or (FIFOLAB_ACCESS_NONE) only lists the pipe. */
static gboolean
fifolab_application_connect_pipe (FifolabApplication  *self,
                                  FifolabWindow       *window,
                                  const char          *path,
                                  FifolabAccess        access,
                                  GError             **error)
{
  if (access == FIFOLAB_ACCESS_READ)
    return fifolab_application_read_pipe (self, window, path, error);
  if (access == FIFOLAB_ACCESS_WRITE)
    return fifolab_application_write_pipe (self, window, path, error);
  return fifolab_window_add_pipe (window, path, TRUE, error);
}

/* app.read-pipe and app.write-pipe */
static void
connect_pipe_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);
  g_autofree char *path = fifolab_application_resolve_path (self, window, g_variant_get_bytestring (parameter));
  g_autoptr(GError) error = NULL;
  FifolabAccess access = g_str_equal (g_action_get_name (G_ACTION (action)), "write-pipe")
                         ? FIFOLAB_ACCESS_WRITE : FIFOLAB_ACCESS_READ;

  if (!fifolab_application_connect_pipe (self, window, path, access, &error))
    fifolab_window_show_error (window, error->message);
}

static void
disconnect_pipe_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);
  g_autofree char *path = fifolab_application_resolve_path (self, window, g_variant_get_bytestring (parameter));

  fifolab_session_disconnect (self->session, path, FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE);
}

static void
send_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);
  g_autoptr(FifolabFramer) framer = NULL;
  g_autoptr(GError) error = NULL;
  const char *target = fifolab_window_get_target (window);
  const char *text = g_variant_get_string (parameter, NULL);

  if (target == NULL)
    {
      fifolab_window_show_error (window, _("Choose a pipe to send to first: select one, or connect to it as a writer."));
      return;
    }

  /* The text is sent literally, not expanded as a template, with the target's framing. */
  framer = fifolab_session_create_framer (self->session, target);
  if (!fifolab_session_send (self->session, target, text, FALSE, framer, &error))
    fifolab_window_show_error (window, error->message);
}

/* How an export went, told in the window (nothing when it was cancelled). */
static void
tell_export_outcome (const char   *outcome,
                     const GError *error)
{
  GApplication *app = g_application_get_default ();
  FifolabWindow *window;

  /* g_application_get_default () returns no reference (transfer none), but
   * cppcheck's gtk.cfg lists it as an allocator, so it sees `app` leak here. */
  if (outcome == NULL || !FIFOLAB_IS_APPLICATION (app))
    return; /* cppcheck-suppress memleak */

  window = fifolab_application_ensure_window (FIFOLAB_APPLICATION (app));
  if (error != NULL)
    fifolab_window_show_error (window, outcome);
  else
    fifolab_window_show_toast (window, outcome);
}

static void
fifolab_application_export_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;

  fifolab_export_file_finish (result, &outcome, &error);
  tell_export_outcome (outcome, error);
}

static void
export_log_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);
  const char *arg = g_variant_get_string (parameter, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  FifolabExportFormat format;

  /* Relative export paths are taken in the current directory, like a shell. */
  path = g_canonicalize_filename (arg, NULL);
  if (!fifolab_export_format_from_filename (path, &format))
    {
      g_autofree char *shown = fifolab_escape_name (path, 0);
      g_autofree char *message = g_strdup_printf (_("Cannot tell the export format of “%s”: name the file .jsonl, .csv, .txt or .pcapng."), shown);
      fifolab_window_show_error (window, message);
      return;
    }

  file = g_file_new_for_path (path);
  fifolab_export_file_async (fifolab_session_get_log (self->session), file, self->cancellable,
                             fifolab_application_export_cb, NULL);
}

static void
export_sequence_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;

  fifolab_sequence_export_finish (result, &outcome, &error);
  tell_export_outcome (outcome, error);
}

/* The window's sequence diagram to a file, .svg or .pdf, for scripts. */
static void
export_sequence_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);
  g_autofree char *path = g_canonicalize_filename (g_variant_get_string (parameter, NULL), NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  fifolab_sequence_export_async (fifolab_window_get_sequence (window), file, self->cancellable,
                                 export_sequence_done_cb, NULL);
}

static void
open_recording_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = user_data;

  fifolab_recording_window_choose (app, gtk_application_get_active_window (app));
}

static void
clear_log_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  FifolabApplication *self = user_data;

  fifolab_log_clear (fifolab_session_get_log (self->session));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);
  FifolabPreferencesWindow *prefs = fifolab_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

/* Ctrl+W closes @window, as it closes the main window: the application's
 * keys (set below) only reach the windows it owns. */
static void
add_close_key (GtkWidget *window)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_w, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);
  /* Credited in the user's language, as on the About page itself. */
  const char *developers[] = { _("The FIFO Lab developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("FIFO Lab"),
                        "application-icon", APP_ID,
                        "developer-name", _("The FIFO Lab developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/fifolab/fifolab",
                        "issue-url", "https://github.com/fifolab/fifolab/issues",
                        "comments", _("Create named pipes, connect to them and watch messages flow between processes."),
                        "copyright", _("© 2025 The FIFO Lab developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: Replace "translator-credits" with your names, one name per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  add_close_key (about);
  fifolab_accessible_name_parts (about);
  /* GTK owns every toplevel window from its creation (the toplevel list) and
   * frees it when it is closed; cppcheck only sees g_object_new's result go
   * out of scope. */
  gtk_window_present (GTK_WINDOW (about));
  /* cppcheck-suppress memleak */
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FifolabApplication *self = user_data;

  /* Close the windows so that they save their state. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

/* Peer processes */

static void
fifolab_application_peers_changed_cb (FifolabApplication *self,
                                      guint               position,
                                      guint               removed,
                                      guint               added,
                                      GListModel         *peers)
{
  /* A writer FIFO Lab started is a writer it has seen: its pid is not doubted. */
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);

      if (fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_WRITE)
        fifolab_inspector_note_writer (self->inspector, fifolab_peer_process_get_path (peer),
                                       fifolab_peer_process_get_pid (peer));
      /* Its exit after the bytes it left in the pipe. */
      fifolab_session_watch_peer (self->session, peer);
    }
}

/**
 * fifolab_application_get_peers:
 *
 * Returns: (transfer none): the FifolabPeerProcess items started from the app
 */
GListStore *
fifolab_application_get_peers (FifolabApplication *self)
{
  g_return_val_if_fail (FIFOLAB_IS_APPLICATION (self), NULL);

  return self->peers;
}

/**
 * fifolab_application_get_inspector:
 *
 * Returns: (transfer none): the inspector of received messages
 */
FifolabInspector *
fifolab_application_get_inspector (FifolabApplication *self)
{
  g_return_val_if_fail (FIFOLAB_IS_APPLICATION (self), NULL);

  return self->inspector;
}

/**
 * fifolab_application_get_holder_monitor:
 *
 * Returns: (transfer none): the one monitor of who holds the pipes shown,
 *   made when first asked for
 */
FifolabHolderMonitor *
fifolab_application_get_holder_monitor (FifolabApplication *self)
{
  g_return_val_if_fail (FIFOLAB_IS_APPLICATION (self), NULL);

  if (self->holder_monitor == NULL)
    self->holder_monitor = fifolab_holder_monitor_new ();
  return self->holder_monitor;
}

/**
 * fifolab_application_start_peer:
 *
 * Runs fifolab-peer on @path like the seed (one message), logged and listed.
 *
 * Returns: (transfer none) (nullable): the running peer
 */
FifolabPeerProcess *
fifolab_application_start_peer (FifolabApplication  *self,
                                FifolabPeerRole      role,
                                const char          *path,
                                GError             **error)
{
  g_autoptr(FifolabPeerProcess) peer = NULL;

  g_return_val_if_fail (FIFOLAB_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  peer = fifolab_peer_process_new (role, path, fifolab_session_get_log (self->session));
  if (!fifolab_peer_process_start_listed (peer, self->peers, error))
    return NULL;
  /* The store holds it now. */
  return peer;
}

static void
start_peer_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  FifolabApplication *self = user_data;
  FifolabWindow *window = fifolab_application_ensure_window (self);
  g_autofree char *path = fifolab_application_resolve_path (self, window, g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;
  FifolabPeerRole role = g_str_equal (g_action_get_name (G_ACTION (action)), "start-writer")
                         ? FIFOLAB_PEER_ROLE_WRITE : FIFOLAB_PEER_ROLE_READ;

  if (fifolab_application_start_peer (self, role, path, &error) == NULL)
    fifolab_window_show_error (window, error->message);
}

/* A pipe's path is a file name, bytes that need not be UTF-8: the actions
 * that take one take it as a bytestring ("ay"; from a shell:
 * gapplication action io.github.fifolab.FifoLab read-pipe "b'/tmp/my_pipe'"). */
static const GActionEntry app_actions[] = {
  { "read-pipe", connect_pipe_action, "ay" },
  { "write-pipe", connect_pipe_action, "ay" },
  { "disconnect-pipe", disconnect_pipe_action, "ay" },
  { "send", send_action, "s" },
  { "start-writer", start_peer_action, "s" },
  { "start-reader", start_peer_action, "s" },
  { "export-log", export_log_action, "s" },
  { "export-sequence", export_sequence_action, "s" },
  { "clear-log", clear_log_action },
  { "open-recording", open_recording_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
fifolab_application_apply_color_scheme (FifolabApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      break;
    }

  adw_style_manager_set_color_scheme (manager, scheme);
}

static void
fifolab_application_settings_changed_cb (FifolabApplication *self,
                                         const char         *key,
                                         GSettings          *settings)
{
  if (g_strcmp0 (key, "color-scheme") == 0)
    fifolab_application_apply_color_scheme (self);
  else if (g_strcmp0 (key, "log-cap") == 0)
    fifolab_log_set_cap (fifolab_session_get_log (self->session),
                         g_settings_get_uint (settings, "log-cap"));
  else if (g_strcmp0 (key, "log-memory-cap") == 0)
    fifolab_log_set_memory_cap (fifolab_session_get_log (self->session),
                                (guint64) g_settings_get_uint (settings, "log-memory-cap") << 20);
}

static void
load_icon_theme_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  /* Any lookup loads the theme's folders (under the theme's own lock). */
  (void) gtk_icon_theme_has_icon (task_data, "open-menu-symbolic");
  g_task_return_boolean (task, TRUE);
}

/* The icon theme's index, read in a worker while the window is built.
 * GTK reads it in a thread when it makes the display's icon theme, but
 * GtkApplication's and libadwaita's start add their icon resource paths
 * after that, and each addition throws the index away: the window's first
 * icon then read it again on the main thread (67 M of the 993 M instructions
 * to the first frame, issue 13). The window's first icons now find it read,
 * or wait for the worker to finish. */
static void
fifolab_application_load_icon_theme (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GTask) task = NULL;

  if (display == NULL)
    return;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, fifolab_application_load_icon_theme);
  g_task_set_task_data (task, g_object_ref (gtk_icon_theme_get_for_display (display)), g_object_unref);
  g_task_run_in_thread (task, load_icon_theme_thread);
}

static void
fifolab_application_startup (GApplication *app)
{
  FifolabApplication *self = FIFOLAB_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    /* The window's: Ctrl+L in a recording's window or the preferences
     * cleared the live log behind them. */
    { "win.clear-log", { "<Control>l", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.new-pipe", { "<Control>n", NULL } },
    { "win.choose-folder", { "<Control>o", NULL } },
    { "win.toggle-search", { "<Control>f", NULL } },
    { "win.export", { "<Control><Shift>e", NULL } },
    { "win.show-details", { "F9", NULL } },
    { "win.toggle-pipes", { "<Control>F9", NULL } },
    { "win.show-lessons", { "F1", NULL } },
    /* The side pane's Details and Processes tabs, Alt and their number, as
     * GNOME's tabs (its Lessons tab is the stage: F1, as help is). */
    { "win.side-page-details", { "<Alt>1", NULL } },
    { "win.side-page-processes", { "<Alt>2", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-reset", { "<Control>0", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (fifolab_application_parent_class)->startup (app);
  fifolab_application_load_icon_theme ();
  /* GTK 4.8 wraps a Chinese tooltip at half its width, a short one one
   * character a line. */
  fifolab_tooltip_width_install ();

  /* A write after the reader left must be an event, not a killed process. */
  fifolab_ignore_sigpipe ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  self->session = fifolab_session_new ();
  /* Pipes are read below GTK's resize and redraw priorities (and below input
   * events): under a flood a frame is drawn when it is due, and the reads fill
   * the time between frames, instead of a backlog of reads holding a frame
   * back. Nothing is dropped: the kernel keeps what waits in the pipe. */
  fifolab_session_set_reader_priority (self->session, G_PRIORITY_DEFAULT_IDLE);
  fifolab_pipe_framings_attach (self->session, self->settings);
  self->cancellable = g_cancellable_new ();
  self->peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  self->inspector = fifolab_inspector_new (fifolab_session_get_log (self->session));
  fifolab_session_set_inspector (self->session, self->inspector);
  g_signal_connect_object (self->peers, "items-changed",
                           G_CALLBACK (fifolab_application_peers_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (fifolab_application_settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  fifolab_log_set_cap (fifolab_session_get_log (self->session),
                       g_settings_get_uint (self->settings, "log-cap"));
  fifolab_log_set_memory_cap (fifolab_session_get_log (self->session),
                              (guint64) g_settings_get_uint (self->settings, "log-memory-cap") << 20);
  fifolab_application_apply_color_scheme (self);
}

static void
fifolab_application_shutdown (GApplication *app)
{
  FifolabApplication *self = FIFOLAB_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    fifolab_session_disconnect_all (self->session);
  /* Peers still running when FIFO Lab quits are stopped (SIGTERM; fifolab-peer
   * does not catch it, and it dies with FIFO Lab anyway: PR_SET_PDEATHSIG). */
  for (guint i = 0; self->peers != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->peers)); i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

      fifolab_peer_process_stop (peer);
    }

  G_APPLICATION_CLASS (fifolab_application_parent_class)->shutdown (app);
}

static void
fifolab_application_activate (GApplication *app)
{
  FifolabApplication *self = FIFOLAB_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (fifolab_application_ensure_window (self)));
}

static int
fifolab_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static gboolean
fifolab_application_connect_from_command_line (FifolabApplication      *self,
                                               FifolabWindow           *window,
                                               GApplicationCommandLine *command_line,
                                               const char              *arg,
                                               FifolabAccess            access)
{
  g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, arg);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  gboolean ok = fifolab_application_connect_pipe (self, window, path, access, &error);

  if (!ok)
    {
      g_autofree char *shown = fifolab_escape_message (error->message, 0);

      g_application_command_line_printerr (command_line, "fifolab: %s\n", shown);
      fifolab_window_show_error (window, error->message);
    }

  return ok;
}

static int
fifolab_application_command_line (GApplication            *app,
                                  GApplicationCommandLine *command_line)
{
  FifolabApplication *self = FIFOLAB_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **read_paths = NULL;
  g_autofree const char **write_paths = NULL;
  g_autofree const char **pipes = NULL;
  const char *folder = NULL;
  g_autofree const char **recordings = NULL;
  FifolabWindow *window;
  int status = 0;

  /* Recordings open in windows of their own; the main window too when
   * something else is asked for. */
  if (g_variant_dict_lookup (options, "open", "^a&ay", &recordings))
    {
      for (guint i = 0; recordings[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, recordings[i]);

          fifolab_recording_window_open (GTK_APPLICATION (self), file, command_line);
        }
      if (!g_variant_dict_contains (options, "folder") && !g_variant_dict_contains (options, "read") &&
          !g_variant_dict_contains (options, "write") && !g_variant_dict_contains (options, G_OPTION_REMAINING))
        return 0;
    }

  window = fifolab_application_ensure_window (self);

  if (g_variant_dict_lookup (options, "folder", "^&ay", &folder))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, folder);
      g_autoptr(GError) error = NULL;

      if (!fifolab_window_set_folder (window, file, &error))
        {
          g_autofree char *shown = fifolab_escape_message (error->message, 0);

          g_application_command_line_printerr (command_line, "fifolab: %s\n", shown);
          fifolab_window_show_error (window, error->message);
          status = 1;
        }
    }

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &pipes))
    for (guint i = 0; pipes[i] != NULL; i++)
      if (!fifolab_application_connect_from_command_line (self, window, command_line, pipes[i], FIFOLAB_ACCESS_NONE))
        status = 1;

  if (g_variant_dict_lookup (options, "read", "^a&ay", &read_paths))
    for (guint i = 0; read_paths[i] != NULL; i++)
      if (!fifolab_application_connect_from_command_line (self, window, command_line, read_paths[i], FIFOLAB_ACCESS_READ))
        status = 1;

  if (g_variant_dict_lookup (options, "write", "^a&ay", &write_paths))
    for (guint i = 0; write_paths[i] != NULL; i++)
      if (!fifolab_application_connect_from_command_line (self, window, command_line, write_paths[i], FIFOLAB_ACCESS_WRITE))
        status = 1;

  gtk_window_present (GTK_WINDOW (window));

  return status;
}

static void
fifolab_application_dispose (GObject *object)
{
  FifolabApplication *self = FIFOLAB_APPLICATION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->peers);
  g_clear_object (&self->inspector);
  g_clear_object (&self->holder_monitor);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fifolab_application_parent_class)->dispose (object);
}

static void
fifolab_application_class_init (FifolabApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* What the application makes in startup() lives until dispose(). */
  app_class->startup = fifolab_application_startup;
  app_class->shutdown = fifolab_application_shutdown;
  app_class->activate = fifolab_application_activate;
  app_class->handle_local_options = fifolab_application_handle_local_options;
  app_class->command_line = fifolab_application_command_line;
  G_OBJECT_CLASS (klass)->dispose = fifolab_application_dispose;
}

static void
fifolab_application_init (FifolabApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PIPE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Create named pipes, connect to them and watch messages flow."));
}

FifolabApplication *
fifolab_application_new (const char        *application_id,
                         GApplicationFlags  flags)
{
  return g_object_new (FIFOLAB_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/fifolab/FifoLab",
                       NULL);
}
