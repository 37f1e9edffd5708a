/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-compose-bar.h"
#include "fifolab-diagram.h"
#include "fifolab-lessons.h"
#include "fifolab-log-view.h"
#include "fifolab-new-pipe-dialog.h"
#include "fifolab-peer-form.h"
#include "fifolab-pipe-details.h"
#include "fifolab-pipe-row.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define HOLDER_SCAN_INTERVAL_MS 1000
/* The range of the window-width and window-height settings (the schema says
 * so too). 32767 is as far as X11 coordinates go; GTK keeps a larger default
 * size within the monitor anyway. */
#define MIN_WINDOW_SIZE 1
#define MAX_WINDOW_SIZE 32767

struct _FifolabWindow
{
  AdwApplicationWindow  parent_instance;

  FifolabSession       *session;
  GSettings            *settings;
  FifolabFolderModel   *folder_model;
  FifolabPipeSet       *extras;
  GtkFilter            *extras_filter; /* hides extras in the browsed folder */
  GListModel           *pipes;
  GtkSingleSelection   *selection;
  FifolabHolderScan    *holder_scan;
  GCancellable         *scan_cancellable;
  guint                 scan_timer_id;
  gboolean              scan_running;
  char                 *target;
  char                 *pending_select;
  gboolean              show_details;
  GtkNativeDialog      *file_chooser;

  /* The side pane's Processes and Lessons pages, built the first time they
   * are shown (off screen at start, they made the first frame much later).
   * The diagram is made with the window and follows the session from the
   * start, so that it draws what happened before it was first shown. */
  FifolabDiagram       *diagram;
  FifolabPeerForm      *peer_form;
  FifolabLessons       *lessons;

  /* Template */
  GtkStack             *browser_stack;
  FifolabComposeBar    *compose_bar;
  FifolabPipeDetails   *details;
  AdwButtonContent     *folder_button_content;
  GtkButton            *folder_button;
  AdwBin               *lessons_bin;
  FifolabLogView       *log_view;
  GtkLabel             *list_problem_label;
  GtkListView          *pipe_list;
  GtkLabel             *problem_label;
  AdwStatusPage        *problem_page;
  AdwBin               *processes_bin;
  GtkWidget            *side_box;
  GtkStack             *side_stack;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
};

G_DEFINE_FINAL_TYPE (FifolabWindow, fifolab_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_TARGET,
  PROP_HOLDER_SCAN,
  PROP_SHOW_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fifolab_window_scan_holders (FifolabWindow *self);

FifolabSession *
fifolab_window_get_session (FifolabWindow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WINDOW (self), NULL);

  return self->session;
}

FifolabHolderScan *
fifolab_window_get_holder_scan (FifolabWindow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WINDOW (self), NULL);

  return self->holder_scan;
}

GListModel *
_fifolab_window_get_pipes (FifolabWindow *self)
{
  return self->pipes;
}

GtkWidget *
_fifolab_window_get_log_view (FifolabWindow *self)
{
  return GTK_WIDGET (self->log_view);
}

GtkWidget *
_fifolab_window_get_compose_bar (FifolabWindow *self)
{
  return GTK_WIDGET (self->compose_bar);
}

GtkWidget *
_fifolab_window_get_details (FifolabWindow *self)
{
  return GTK_WIDGET (self->details);
}

AdwToastOverlay *
_fifolab_window_get_toast_overlay (FifolabWindow *self)
{
  return self->toast_overlay;
}

const char *
_fifolab_window_get_last_error (FifolabWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "fifolab-last-error");
}

/* The most characters of a toast: names in it are bounded already, and a
 * message from elsewhere (GIO quoting a path) is bounded here. */
#define TOAST_MAX_CHARS 400

/* The text is literal, never markup (a path may contain '&' or '<'), and
 * wide enough to read in one or two lines. A message that could hide what
 * it says or take the text shaper minutes (thousands of combining marks on
 * a letter) is shown escaped. */
static GtkWidget *
fifolab_window_make_toast_label (const char *text)
{
  g_autofree char *message = fifolab_escape_message (text, TOAST_MAX_CHARS);

  return g_object_new (GTK_TYPE_LABEL,
                       "label", message,
                       "use-markup", FALSE,
                       "wrap", TRUE,
                       "wrap-mode", PANGO_WRAP_WORD_CHAR,
                       "width-chars", (int) MIN (g_utf8_strlen (message, -1), 48),
                       "max-width-chars", 72,
                       "xalign", 0.0f,
                       NULL);
}

void
fifolab_window_show_toast (FifolabWindow *self,
                           const char    *message)
{
  AdwToast *toast;

  g_return_if_fail (FIFOLAB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, fifolab_window_make_toast_label (message));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
fifolab_window_show_error (FifolabWindow *self,
                           const char    *message)
{
  AdwToast *toast;

  g_return_if_fail (FIFOLAB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_object_set_data_full (G_OBJECT (self), "fifolab-last-error",
                          fifolab_escape_message (message, TOAST_MAX_CHARS), g_free);

  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, fifolab_window_make_toast_label (message));
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
fifolab_window_get_target (FifolabWindow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WINDOW (self), NULL);

  return self->target;
}

void
fifolab_window_set_target (FifolabWindow *self,
                           const char    *path)
{
  g_return_if_fail (FIFOLAB_IS_WINDOW (self));

  if (g_strcmp0 (self->target, path) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

GFile *
fifolab_window_dup_folder (FifolabWindow *self)
{
  GFile *folder;

  g_return_val_if_fail (FIFOLAB_IS_WINDOW (self), NULL);

  folder = fifolab_folder_model_get_folder (self->folder_model);

  return folder ? g_object_ref (folder) : NULL;
}

static void
fifolab_window_update_folder_title (FifolabWindow *self)
{
  GFile *folder = fifolab_folder_model_get_folder (self->folder_model);
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *lab = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *shown_name = NULL;
  g_autofree char *shown_path = NULL;
  g_autofree char *shown_home_path = NULL;

  if (folder == NULL)
    return;

  path = g_file_get_path (folder);
  name = g_file_get_basename (folder);
  lab = g_build_filename (g_get_user_data_dir (), "fifolab", "lab", NULL);
  shown_name = fifolab_escape_name (name, 0);
  shown_path = fifolab_escape_name (path, 0);
  shown_home_path = fifolab_escape_home_path (path, 0);

  if (g_strcmp0 (path, lab) == 0)
    adw_button_content_set_label (self->folder_button_content, _("Lab Folder"));
  else
    adw_button_content_set_label (self->folder_button_content, shown_name);

  adw_window_title_set_subtitle (self->window_title, shown_home_path);

  /* Translators: tooltip of the folder button, %s is the folder */
  tooltip = g_strdup_printf (_("Showing the pipes of %s (Ctrl+O to choose another folder)"), shown_path);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_button), tooltip);
}

gboolean
fifolab_window_set_folder (FifolabWindow  *self,
                           GFile          *folder,
                           GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (FIFOLAB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  path = g_file_get_path (folder);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *given = path ? g_strdup (path) : g_file_get_uri (folder);
      g_autofree char *shown = fifolab_escape_name (given, 0);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("“%s” is not a folder. Choose a folder that exists."), shown);
      return FALSE;
    }

  fifolab_folder_model_set_folder (self->folder_model, folder);
  fifolab_window_update_folder_title (self);

  return TRUE;
}

static gboolean
fifolab_window_select_path (FifolabWindow *self,
                            const char    *path)
{
  guint n = g_list_model_get_n_items (self->pipes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (self->pipes, i);

      if (g_strcmp0 (fifolab_pipe_info_get_path (info), path) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->pipe_list), "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
path_is_in_folder (GFile      *folder,
                   const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_get_parent (file);

  return folder != NULL && parent != NULL && g_file_equal (folder, parent);
}

gboolean
fifolab_window_add_pipe (FifolabWindow  *self,
                         const char     *path,
                         gboolean        select,
                         GError        **error)
{
  g_autoptr(FifolabPipeInfo) info = NULL;
  GFile *folder;

  g_return_val_if_fail (FIFOLAB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  info = fifolab_pipe_info_new_for_path (path, error);
  if (info == NULL)
    return FALSE;

  if (!fifolab_pipe_info_is_fifo (info))
    {
      g_autofree char *shown = fifolab_escape_name (path, 0);

      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is a %s, not a named pipe. Only FIFOs can be shown and opened."),
                   shown, fifolab_pipe_info_get_type_name (info));
      return FALSE;
    }

  /* Pipes from elsewhere are listed after the folder's, kept live by the
   * set (deleted, renamed or changed by anyone); the folder stays. */
  folder = fifolab_folder_model_get_folder (self->folder_model);
  if (!path_is_in_folder (folder, path) && !fifolab_pipe_set_add (self->extras, path, error))
    return FALSE;

  if (select && !fifolab_window_select_path (self, path))
    {
      /* The folder monitor has not seen it yet: select it when it shows up. */
      g_free (self->pending_select);
      self->pending_select = g_strdup (path);
    }

  fifolab_window_scan_holders (self);

  return TRUE;
}

static void
fifolab_window_remove_extra (FifolabWindow *self,
                             const char    *path)
{
  fifolab_pipe_set_remove (self->extras, path);
}

/* A lesson's pipes live in its own folder: listed with the extras while they
 * exist (the lesson's clean-up deletes them, and the set sees that). */
static void
fifolab_window_lesson_pipe_created_cb (FifolabWindow *self,
                                       const char    *path,
                                       FifolabLesson *lesson)
{
  g_autoptr(GError) error = NULL;

  if (!fifolab_window_add_pipe (self, path, FALSE, &error))
    g_debug ("Lesson pipe %s not listed: %s", path, error->message);
}

static void
fifolab_window_lesson_changed_cb (FifolabWindow *self)
{
  FifolabLesson *lesson = fifolab_lessons_get_lesson (self->lessons);

  if (lesson != NULL)
    g_signal_connect_object (lesson, "pipe-created", G_CALLBACK (fifolab_window_lesson_pipe_created_cb),
                             self, G_CONNECT_SWAPPED);
}

/* Holders: one scan of /proc for every listed pipe, once a second while shown. */

/* The writers a scan saw are writers seen: their messages' pids are not doubted. */
static void
fifolab_window_note_scan (FifolabWindow     *self,
                          FifolabHolderScan *scan)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GPtrArray) paths = NULL;
  guint n;

  if (!FIFOLAB_IS_APPLICATION (app))
    return;
  n = g_list_model_get_n_items (self->pipes);
  paths = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (self->pipes, i);

      g_ptr_array_add (paths, g_strdup (fifolab_pipe_info_get_path (info)));
    }
  g_ptr_array_add (paths, NULL);
  fifolab_inspector_note_scan (fifolab_application_get_inspector (FIFOLAB_APPLICATION (app)),
                               scan, (const char * const *) paths->pdata);
}

static void
fifolab_window_scan_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(FifolabWindow) self = user_data;
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GError) error = NULL;

  scan = fifolab_holder_scan_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->scan_running = FALSE;
  if (scan == NULL)
    {
      g_debug ("Holder scan failed: %s", error->message);
      return;
    }

  g_set_object (&self->holder_scan, scan);
  fifolab_window_note_scan (self, scan);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDER_SCAN]);
}

static void
fifolab_window_scan_holders (FifolabWindow *self)
{
  g_autoptr(GPtrArray) paths = NULL;
  guint n;

  if (self->scan_running || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  n = g_list_model_get_n_items (self->pipes);
  paths = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (self->pipes, i);

      g_ptr_array_add (paths, g_strdup (fifolab_pipe_info_get_path (info)));
    }
  g_ptr_array_add (paths, NULL);

  self->scan_running = TRUE;
  fifolab_holder_scan_run_async ((const char * const *) paths->pdata,
                                 self->scan_cancellable,
                                 fifolab_window_scan_cb,
                                 g_object_ref (self));
}

static gboolean
fifolab_window_scan_timeout_cb (gpointer user_data)
{
  fifolab_window_scan_holders (FIFOLAB_WINDOW (user_data));

  return G_SOURCE_CONTINUE;
}

static void
fifolab_window_map (GtkWidget *widget)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  GTK_WIDGET_CLASS (fifolab_window_parent_class)->map (widget);

  if (self->scan_cancellable == NULL)
    self->scan_cancellable = g_cancellable_new ();
  fifolab_window_scan_holders (self);
  if (self->scan_timer_id == 0)
    self->scan_timer_id = g_timeout_add (HOLDER_SCAN_INTERVAL_MS, fifolab_window_scan_timeout_cb, self);
}

static void
fifolab_window_unmap (GtkWidget *widget)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  g_clear_handle_id (&self->scan_timer_id, g_source_remove);
  /* A new cancellable next time: the cancelled scan may still be finishing. */
  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  self->scan_running = FALSE;

  GTK_WIDGET_CLASS (fifolab_window_parent_class)->unmap (widget);
}

/* The browser */

static const char *
problem_title (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return _("Folder Not Found");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return _("Folder Not Readable");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    return _("Not a Folder");
  return _("Cannot List This Folder");
}

/* The pipes; or why the folder cannot be listed (above the pipes added
 * from elsewhere, if any); or that it holds none. */
static void
fifolab_window_update_empty (FifolabWindow *self)
{
  const GError *error = fifolab_folder_model_get_error (self->folder_model);
  gboolean empty = g_list_model_get_n_items (self->pipes) == 0;
  const char *page = "pipes";

  if (error != NULL)
    {
      /* The model's message is translated, with the path escaped. */
      gtk_label_set_text (self->problem_label, error->message);
      gtk_label_set_text (self->list_problem_label, error->message);
      adw_status_page_set_title (self->problem_page, problem_title (error));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list_problem_label), error != NULL);

  if (empty)
    page = error != NULL ? "problem" : "empty";
  gtk_stack_set_visible_child_name (self->browser_stack, page);
}

static void
fifolab_window_folder_error_cb (FifolabWindow *self,
                                GParamSpec    *pspec,
                                GObject       *model)
{
  fifolab_window_update_empty (self);
}

static void
fifolab_window_pipes_changed_cb (FifolabWindow *self,
                                 guint          position,
                                 guint          removed,
                                 guint          added,
                                 GListModel    *model)
{
  fifolab_window_update_empty (self);

  if (added > 0 && self->pending_select != NULL &&
      fifolab_window_select_path (self, self->pending_select))
    g_clear_pointer (&self->pending_select, g_free);

  if (added > 0)
    fifolab_window_scan_holders (self);
}

static void
fifolab_window_selection_changed_cb (FifolabWindow *self)
{
  FifolabPipeInfo *info = gtk_single_selection_get_selected_item (self->selection);
  const char *path = info != NULL ? fifolab_pipe_info_get_path (info) : NULL;

  fifolab_pipe_details_set_info (self->details, info);
  fifolab_diagram_set_path (self->diagram, path);
  if (self->peer_form != NULL)
    fifolab_peer_form_set_path (self->peer_form, path);
  if (info != NULL)
    fifolab_window_set_target (self, fifolab_pipe_info_get_path (info));
}

static void
fifolab_window_pipe_removed_cb (FifolabWindow *self,
                                const char    *path,
                                GListModel    *model)
{
  FifolabPipeInfo *selected = gtk_single_selection_get_selected_item (self->selection);

  /* A reader only notices at end of stream; say it now. The ends FIFO Lab
   * holds stay open: writers that have it open can still reach the reader. */
  if (fifolab_session_get_reader (self->session, path) != NULL ||
      fifolab_session_get_writer (self->session, path) != NULL)
    {
      g_autofree char *name = fifolab_escape_name (path, 0);
      g_autofree char *message = g_strdup_printf (_("The named pipe “%s” was removed while FIFO Lab holds it open. "
                                                    "Processes that have it open can still use it; no one else can open it."),
                                                  name);

      fifolab_log_append_event (fifolab_session_get_log (self->session),
                                FIFOLAB_EVENT_PIPE_REMOVED, path, message);
      fifolab_window_show_error (self, message);
    }

  /* The details of a vanished pipe would be stale. */
  if (selected == NULL || g_strcmp0 (fifolab_pipe_info_get_path (selected), path) == 0)
    fifolab_pipe_details_set_info (self->details, selected);
}

static void
fifolab_window_setup_row_cb (FifolabWindow            *self,
                             GtkListItem              *item,
                             GtkSignalListItemFactory *factory)
{
  GtkWidget *row = fifolab_pipe_row_new ();

  fifolab_pipe_row_set_session (FIFOLAB_PIPE_ROW (row), self->session);
  g_object_bind_property (self, "holder-scan", row, "holder-scan", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
}

static void
fifolab_window_bind_row_cb (FifolabWindow            *self,
                            GtkListItem              *item,
                            GtkSignalListItemFactory *factory)
{
  FifolabPipeInfo *info = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  g_autofree char *mode = fifolab_pipe_info_dup_mode_string (info);
  g_autofree char *label = NULL;

  fifolab_pipe_row_set_info (FIFOLAB_PIPE_ROW (row), info);

  /* Translators: accessible name of a pipe in the list: "my_pipe, rw-------, owned by alice" */
  label = g_strdup_printf (_("%s, %s, owned by %s"),
                           fifolab_pipe_info_get_name (info), mode,
                           fifolab_pipe_info_get_owner (info));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
fifolab_window_unbind_row_cb (FifolabWindow            *self,
                              GtkListItem              *item,
                              GtkSignalListItemFactory *factory)
{
  fifolab_pipe_row_set_info (FIFOLAB_PIPE_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Actions */

static void
fifolab_window_pipe_created_cb (FifolabWindow        *self,
                                const char           *path,
                                FifolabNewPipeDialog *dialog)
{
  g_autoptr(GError) error = NULL;

  fifolab_log_append_event (fifolab_session_get_log (self->session),
                            FIFOLAB_EVENT_CREATED, path, NULL);
  if (!fifolab_window_add_pipe (self, path, TRUE, &error))
    fifolab_window_show_error (self, error->message);
}

/* The side pane's Processes (diagram, peer form) and Lessons pages, built
 * when first shown: by their actions or the pane's switcher. */

static void
fifolab_window_ensure_processes (FifolabWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  FifolabPipeInfo *info;
  GtkWidget *scrolled;
  GtkWidget *box;

  if (self->peer_form != NULL)
    return;

  self->peer_form = FIFOLAB_PEER_FORM (fifolab_peer_form_new ());
  if (FIFOLAB_IS_APPLICATION (app))
    fifolab_peer_form_set_peers (self->peer_form, fifolab_application_get_peers (FIFOLAB_APPLICATION (app)));
  if (self->session != NULL)
    fifolab_peer_form_set_log (self->peer_form, fifolab_session_get_log (self->session));
  info = gtk_single_selection_get_selected_item (self->selection);
  fifolab_peer_form_set_path (self->peer_form, info != NULL ? fifolab_pipe_info_get_path (info) : NULL);

  gtk_widget_set_margin_top (GTK_WIDGET (self->diagram), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->diagram), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->diagram), 6);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->diagram));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->peer_form));

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  adw_bin_set_child (self->processes_bin, scrolled);
}

static void
fifolab_window_ensure_lessons (FifolabWindow *self)
{
  g_autofree char *lab = NULL;

  if (self->lessons != NULL)
    return;

  /* Lessons get a folder of their own under the lab folder. */
  lab = fifolab_application_dup_lab_folder ();
  self->lessons = FIFOLAB_LESSONS (fifolab_lessons_new ());
  if (self->session != NULL)
    fifolab_lessons_set_log (self->lessons, fifolab_session_get_log (self->session));
  fifolab_lessons_set_parent_folder (self->lessons, lab);
  g_signal_connect_object (self->lessons, "notify::lesson", G_CALLBACK (fifolab_window_lesson_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* Shown (mapped), the panel starts its lesson. */
  adw_bin_set_child (self->lessons_bin, GTK_WIDGET (self->lessons));
  fifolab_window_lesson_changed_cb (self);
}

static void
fifolab_window_side_page_changed_cb (FifolabWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->side_stack);

  if (g_strcmp0 (name, "processes") == 0)
    fifolab_window_ensure_processes (self);
  else if (g_strcmp0 (name, "lessons") == 0)
    fifolab_window_ensure_lessons (self);
}

static void
show_side_page_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  g_object_set (self, "show-details", TRUE, NULL);
  if (g_str_equal (action_name, "win.show-lessons"))
    {
      fifolab_window_ensure_lessons (self);
      gtk_stack_set_visible_child_name (self->side_stack, "lessons");
    }
  else
    {
      fifolab_window_ensure_processes (self);
      gtk_stack_set_visible_child_name (self->side_stack, "processes");
    }
}

static void
start_peer_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  show_side_page_action (widget, "win.show-processes", NULL);
  gtk_widget_activate_action (GTK_WIDGET (self->peer_form),
                              g_str_equal (action_name, "win.start-writer") ? "peer.start-writer" : "peer.start-reader",
                              NULL);
}

/* The keyboard shortcuts window is built the first time it is asked for:
 * GtkApplication would build one with every window, before its first frame
 * (so it is not at gtk/help-overlay.ui in the resources). */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/fifolab/FifoLab/fifolab-help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
new_pipe_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  FifolabNewPipeDialog *dialog;
  GFile *folder = fifolab_folder_model_get_folder (self->folder_model);

  if (folder == NULL)
    return;

  dialog = fifolab_new_pipe_dialog_new (GTK_WINDOW (self), folder);
  g_signal_connect_object (dialog, "created", G_CALLBACK (fifolab_window_pipe_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  fifolab_folder_model_reload (self->folder_model);
}

static void
choose_folder_response_cb (FifolabWindow   *self,
                           int              response,
                           GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (folder != NULL)
        {
          if (fifolab_window_set_folder (self, folder, &error))
            {
              g_autofree char *path = g_file_get_path (folder);
              g_settings_set_string (self->settings, "folder", path);
            }
          else
            fifolab_window_show_error (self, error->message);
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->file_chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  GtkFileChooserNative *chooser;
  GFile *folder = fifolab_folder_model_get_folder (self->folder_model);

  if (self->file_chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Choose the Folder of Pipes"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"),
                                         _("_Cancel"));
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (choose_folder_response_cb), self, G_CONNECT_SWAPPED);
  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->file_chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  /* The log view owns the save dialog; the window only gives it a shortcut. */
  gtk_widget_activate_action (GTK_WIDGET (self->log_view), "log.export", NULL);
}

/* The log view and the compose bar report through toasts. */
static void
fifolab_window_log_view_toast_cb (FifolabWindow *self,
                                  const char    *message,
                                  GtkWidget     *widget)
{
  fifolab_window_show_toast (self, message);
}

static void
toggle_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  fifolab_log_view_set_search_mode (self->log_view, !fifolab_log_view_get_search_mode (self->log_view));
}

static void
copy_path_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  const char *path = g_variant_get_bytestring (parameter);
  g_autofree char *text = NULL;

  /* Clipboard text is UTF-8: a path that is not is copied as a file URI,
   * which keeps its bytes (%FF); a relative one has none, so it is shown. */
  if (g_utf8_validate (path, -1, NULL))
    text = g_strdup (path);
  else
    text = g_filename_to_uri (path, NULL, NULL);
  if (text == NULL)
    text = g_filename_display_name (path);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  fifolab_window_show_toast (self, _("Path copied"));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  FifolabWindow *self = FIFOLAB_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self == NULL)
    return;

  fifolab_session_disconnect (self->session, path, FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE);
  if (!fifolab_fifo_delete (path, &error))
    {
      fifolab_window_show_error (self, error->message);
      return;
    }

  fifolab_log_append_event (fifolab_session_get_log (self->session),
                            FIFOLAB_EVENT_DELETED, path, NULL);
  fifolab_window_remove_extra (self, path);
}

static void
delete_pipe_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  const char *path = g_variant_get_bytestring (parameter);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = fifolab_escape_name (base, 0);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is the name of a pipe */
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The pipe is removed from the folder. Processes that hold it open keep "
                                     "their ends, but nobody can open it by name any more. FIFO Lab "
                                     "disconnects from it first."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Drag and drop: folders are browsed, FIFOs added. */

static gboolean
fifolab_window_drop_cb (FifolabWindow *self,
                        const GValue  *value,
                        double         x,
                        double         y,
                        GtkDropTarget *target)
{
  GSList *files;
  gboolean any = FALSE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (file);
          g_autofree char *shown = fifolab_escape_name (uri, 0);
          g_autofree char *message = g_strdup_printf (_("“%s” is not a local file: only pipes on this computer can be opened."), shown);
          fifolab_window_show_error (self, message);
          continue;
        }

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && files->next == NULL)
        ok = fifolab_window_set_folder (self, file, &error);
      else
        ok = fifolab_window_add_pipe (self, path, TRUE, &error);

      if (!ok)
        fifolab_window_show_error (self, error->message);
      any |= ok;
    }
  g_slist_free (files);

  return any;
}

/* Lifecycle */


static gboolean
fifolab_window_close_request (GtkWindow *window)
{
  FifolabWindow *self = FIFOLAB_WINDOW (window);
  int width, height;

  /* GSettings warns about a value outside the schema's range, and writes
   * nothing: keep the size within it. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width",
                      CLAMP (width, MIN_WINDOW_SIZE, MAX_WINDOW_SIZE));
  g_settings_set_int (self->settings, "window-height",
                      CLAMP (height, MIN_WINDOW_SIZE, MAX_WINDOW_SIZE));
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (fifolab_window_parent_class)->close_request (window);
}

/* After construction: GtkWindow:application is set after constructed(). */
static void
fifolab_window_load (FifolabWindow      *self,
                     FifolabApplication *app)
{
  g_autoptr(GFile) folder = NULL;

  g_assert (FIFOLAB_IS_APPLICATION (app));
  g_assert (FIFOLAB_IS_SESSION (self->session));

  self->settings = g_object_ref (fifolab_application_get_settings (app));
  /* The schema's range keeps the size sane, but a schema installed by an older
   * FIFO Lab had none: a negative size would be a Gtk-CRITICAL. */
  gtk_window_set_default_size (GTK_WINDOW (self),
                               CLAMP (g_settings_get_int (self->settings, "window-width"),
                                      MIN_WINDOW_SIZE, MAX_WINDOW_SIZE),
                               CLAMP (g_settings_get_int (self->settings, "window-height"),
                                      MIN_WINDOW_SIZE, MAX_WINDOW_SIZE));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_object_set (self->log_view, "log", fifolab_session_get_log (self->session), NULL);
  g_object_set (self->compose_bar, "session", self->session, NULL);
  fifolab_pipe_details_set_session (self->details, self->session);
  g_object_bind_property (self, "holder-scan", self->details, "holder-scan", G_BINDING_SYNC_CREATE);

  /* The teaching aid: the diagram follows the session and the scans; peers
   * started from the form are the application's. The peer form and the
   * lessons are set up when first shown. */
  fifolab_diagram_follow (self->diagram, self->session, G_OBJECT (self));
  fifolab_diagram_set_peers (self->diagram, G_LIST_MODEL (fifolab_application_get_peers (app)));

  g_settings_bind (self->settings, "relative-time", self->log_view, "relative-time", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "template", self->compose_bar, "template", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "framing", self->compose_bar, "framing", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "fixed-size", self->compose_bar, "fixed-size", G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self, "target", self->compose_bar, "target",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  folder = fifolab_application_dup_start_folder (app);
  fifolab_folder_model_set_folder (self->folder_model, folder);
  fifolab_window_update_folder_title (self);
  fifolab_window_update_empty (self);
}

FifolabWindow *
fifolab_window_new (FifolabApplication *application)
{
  FifolabWindow *self;

  g_return_val_if_fail (FIFOLAB_IS_APPLICATION (application), NULL);

  self = g_object_new (FIFOLAB_TYPE_WINDOW,
                       "application", application,
                       "session", fifolab_application_get_session (application),
                       NULL);
  fifolab_window_load (self, application);

  return self;
}

static void
fifolab_window_dispose (GObject *object)
{
  FifolabWindow *self = FIFOLAB_WINDOW (object);

  g_clear_handle_id (&self->scan_timer_id, g_source_remove);
  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_WINDOW);
  /* Gone with the template's widgets. */
  self->peer_form = NULL;
  self->lessons = NULL;

  if (self->folder_model != NULL)
    g_signal_handlers_disconnect_by_data (self->folder_model, self);
  if (self->extras != NULL)
    g_signal_handlers_disconnect_by_data (self->extras, self);
  if (self->pipes != NULL)
    g_signal_handlers_disconnect_by_data (self->pipes, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->diagram);
  g_clear_object (&self->pipes);
  g_clear_object (&self->extras);
  g_clear_object (&self->extras_filter);
  g_clear_object (&self->folder_model);
  g_clear_object (&self->holder_scan);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fifolab_window_parent_class)->dispose (object);
}

static void
fifolab_window_finalize (GObject *object)
{
  FifolabWindow *self = FIFOLAB_WINDOW (object);

  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->pending_select, g_free);

  G_OBJECT_CLASS (fifolab_window_parent_class)->finalize (object);
}

static void
fifolab_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FifolabWindow *self = FIFOLAB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_HOLDER_SCAN:
      g_value_set_object (value, self->holder_scan);
      break;
    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FifolabWindow *self = FIFOLAB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_TARGET:
      fifolab_window_set_target (self, g_value_get_string (value));
      break;
    case PROP_SHOW_DETAILS:
      if (self->show_details != g_value_get_boolean (value))
        {
          self->show_details = g_value_get_boolean (value);
          gtk_widget_set_visible (self->side_box, self->show_details);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_window_class_init (FifolabWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fifolab_window_dispose;
  object_class->finalize = fifolab_window_finalize;
  object_class->get_property = fifolab_window_get_property;
  object_class->set_property = fifolab_window_set_property;

  widget_class->map = fifolab_window_map;
  widget_class->unmap = fifolab_window_unmap;

  window_class->close_request = fifolab_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         FIFOLAB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOLDER_SCAN] =
    g_param_spec_object ("holder-scan", NULL, NULL,
                         FIFOLAB_TYPE_HOLDER_SCAN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FIFOLAB_TYPE_COMPOSE_BAR);
  g_type_ensure (FIFOLAB_TYPE_LOG_VIEW);
  g_type_ensure (FIFOLAB_TYPE_PIPE_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, browser_stack);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, compose_bar);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, details);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, folder_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, folder_button_content);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, lessons_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, list_problem_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, pipe_list);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, problem_page);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, processes_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, side_box);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, window_title);

  gtk_widget_class_install_action (widget_class, "win.new-pipe", NULL, new_pipe_action);
  gtk_widget_class_install_action (widget_class, "win.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "win.reload-folder", NULL, reload_folder_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-search", NULL, toggle_search_action);
  /* A path is bytes (need not be UTF-8): a bytestring. */
  gtk_widget_class_install_action (widget_class, "win.copy-path", "ay", copy_path_action);
  gtk_widget_class_install_action (widget_class, "win.delete-pipe", "ay", delete_pipe_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-details", "show-details");
  gtk_widget_class_install_action (widget_class, "win.show-lessons", NULL, show_side_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-processes", NULL, show_side_page_action);
  gtk_widget_class_install_action (widget_class, "win.start-writer", NULL, start_peer_action);
  gtk_widget_class_install_action (widget_class, "win.start-reader", NULL, start_peer_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
}

/* A pipe added from elsewhere is not listed twice once the user browses the
 * folder it lives in: the folder's section shows it then. */
static gboolean
fifolab_window_extra_visible (gpointer item,
                              gpointer user_data)
{
  FifolabWindow *self = user_data;

  if (self->folder_model == NULL)
    return TRUE;
  return !path_is_in_folder (fifolab_folder_model_get_folder (self->folder_model),
                             fifolab_pipe_info_get_path (item));
}

static void
fifolab_window_folder_changed_cb (FifolabWindow *self)
{
  gtk_filter_changed (self->extras_filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
fifolab_window_init (FifolabWindow *self)
{
  g_autoptr(GListStore) sections = NULL;
  g_autoptr(GtkFilterListModel) extras = NULL;
  GtkListItemFactory *factory;
  GtkDropTarget *drop;

  self->show_details = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->diagram = g_object_ref_sink (FIFOLAB_DIAGRAM (fifolab_diagram_new ()));

  self->folder_model = fifolab_folder_model_new (NULL);
  self->extras = fifolab_pipe_set_new ();
  sections = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (sections, self->folder_model);
  self->extras_filter = GTK_FILTER (gtk_custom_filter_new (fifolab_window_extra_visible, self, NULL));
  extras = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->extras)),
                                      g_object_ref (self->extras_filter));
  g_list_store_append (sections, extras);
  g_signal_connect_object (self->folder_model, "notify::folder",
                           G_CALLBACK (fifolab_window_folder_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->folder_model, "notify::error",
                           G_CALLBACK (fifolab_window_folder_error_cb), self, G_CONNECT_SWAPPED);
  self->pipes = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&sections))));
  self->selection = gtk_single_selection_new (g_object_ref (self->pipes));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (fifolab_window_setup_row_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (fifolab_window_bind_row_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (fifolab_window_unbind_row_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->pipe_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->pipe_list, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->pipes, "items-changed", G_CALLBACK (fifolab_window_pipes_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (fifolab_window_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->side_stack, "notify::visible-child-name", G_CALLBACK (fifolab_window_side_page_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_view, "show-toast", G_CALLBACK (fifolab_window_log_view_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compose_bar, "show-toast", G_CALLBACK (fifolab_window_log_view_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->folder_model, "removed", G_CALLBACK (fifolab_window_pipe_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->extras, "removed", G_CALLBACK (fifolab_window_pipe_removed_cb), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (fifolab_window_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* The window starts with details shown; the button reflects it. */
  gtk_widget_set_visible (self->side_box, self->show_details);
}
