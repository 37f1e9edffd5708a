/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <sys/stat.h>

#include "fifolab-accessible.h"
#include "fifolab-lazy-menu.h"
#include "fifolab-overflow-bin.h"
#include "fifolab-pipe-row.h"
#include "fifolab-status-viewport.h"
#include "fifolab-step-bar.h"
#include "fifolab-toast.h"
#include "fifolab-width-bin.h"
#include "fifolab-window-private.h"

/* The range of the window-width and window-height settings (the schema says
 * so too). 32767 is as far as X11 coordinates go; GTK keeps a larger default
 * size within the monitor anyway. */
#define MIN_WINDOW_SIZE 1
#define MAX_WINDOW_SIZE 32767

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
  return G_LIST_MODEL (self->pipes);
}

FifolabFolderModel *
_fifolab_window_get_folder_model (FifolabWindow *self)
{
  return fifolab_pipe_list_get_folder_model (self->pipes);
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
  return self->last_error;
}

void
_fifolab_window_clear_last_error (FifolabWindow *self)
{
  g_clear_pointer (&self->last_error, g_free);
}

void
fifolab_window_show_toast (FifolabWindow *self,
                           const char    *message)
{
  g_return_if_fail (FIFOLAB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, fifolab_toast_new (message, FALSE));
}

/* An error's text, kept for the tests. */
static void
fifolab_window_keep_error (FifolabWindow *self,
                           const char    *message)
{
  g_free (self->last_error);
  self->last_error = fifolab_escape_message (message, FIFOLAB_TOAST_MAX_CHARS);
}

/* Errors are said in the banner above the window's content, not in toasts:
 * a toast that went by itself lost the error (the person looking away), and
 * one that stayed until dismissed covered the log, more of them piling up
 * behind it. The banner covers nothing and keeps each error until it is
 * dismissed. */
void
fifolab_window_show_error (FifolabWindow *self,
                           const char    *message)
{
  g_return_if_fail (FIFOLAB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  fifolab_window_keep_error (self, message);
  fifolab_error_bar_add (self->error_bar, message);
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

  folder = fifolab_folder_model_get_folder (_fifolab_window_get_folder_model (self));

  return folder ? g_object_ref (folder) : NULL;
}

static void
fifolab_window_update_folder_title (FifolabWindow *self)
{
  GFile *folder = fifolab_folder_model_get_folder (_fifolab_window_get_folder_model (self));
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

  fifolab_folder_model_set_folder (_fifolab_window_get_folder_model (self), folder);
  fifolab_window_update_folder_title (self);

  return TRUE;
}

static gboolean
fifolab_window_select_path (FifolabWindow *self,
                            const char    *path)
{
  int position = fifolab_pipe_list_find (self->pipes, path);

  if (position < 0)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, (guint) position);
  gtk_widget_activate_action (GTK_WIDGET (self->pipe_list), "list.scroll-to-item", "u", (guint) position);
  return TRUE;
}

gboolean
fifolab_window_add_pipe (FifolabWindow  *self,
                         const char     *path,
                         gboolean        select,
                         GError        **error)
{
  g_autoptr(FifolabPipeInfo) info = NULL;

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
   * list (deleted, renamed or changed by anyone); the folder stays. */
  if (!fifolab_pipe_list_add (self->pipes, path, error))
    return FALSE;

  if (select && !fifolab_window_select_path (self, path))
    {
      /* The folder monitor has not seen it yet: select it when it shows up. */
      g_free (self->pending_select);
      self->pending_select = g_strdup (path);
    }

  if (self->holder_monitor != NULL)
    fifolab_holder_monitor_queue_scan (self->holder_monitor);

  return TRUE;
}

/* Holders: the application's monitor scans /proc for the listed pipes
 * while the window is shown, faster while it is the active window. */

/* The listed paths are watched, each once: the set follows the list. */
static void
fifolab_window_sync_watches (FifolabWindow *self)
{
  g_auto(GStrv) paths = fifolab_pipe_list_dup_paths (self->pipes);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  /* Listed pipes with the same name are shown with their folders. */
  if (self->session != NULL)
    fifolab_session_set_listed_paths (self->session, (const char * const *) paths);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_hash_table_add (listed, paths[i]);
      if (!g_hash_table_contains (self->watched, paths[i]))
        {
          g_hash_table_add (self->watched, g_strdup (paths[i]));
          fifolab_holder_monitor_watch (self->holder_monitor, paths[i]);
        }
    }

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (listed, key))
      {
        fifolab_holder_monitor_unwatch (self->holder_monitor, key);
        g_hash_table_iter_remove (&iter);
      }
}

static void
fifolab_window_unwatch_all (FifolabWindow *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      fifolab_holder_monitor_unwatch (self->holder_monitor, key);
      g_hash_table_iter_remove (&iter);
    }
}

/* The monitor scans faster while a window of the app is active (focused). */
static void
fifolab_window_update_active (FifolabWindow *self)
{
  gboolean active = gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                    gtk_window_is_active (GTK_WINDOW (self));

  if (self->holder_monitor == NULL || active == self->counted_active)
    return;
  self->counted_active = active;
  if (active)
    fifolab_holder_monitor_push_active (self->holder_monitor);
  else
    fifolab_holder_monitor_pop_active (self->holder_monitor);
}

/* The writers a scan saw are writers seen: their messages' pids are not
 * doubted. The rows, the details and the diagram follow holder-scan. */
static void
fifolab_window_scanned_cb (FifolabWindow        *self,
                           FifolabHolderScan    *scan,
                           FifolabHolderMonitor *monitor)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_set_object (&self->holder_scan, scan);
  if (FIFOLAB_IS_APPLICATION (app))
    {
      g_auto(GStrv) paths = fifolab_pipe_list_dup_paths (self->pipes);

      fifolab_inspector_note_scan (fifolab_application_get_inspector (FIFOLAB_APPLICATION (app)),
                                   scan, (const char * const *) paths);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDER_SCAN]);
}

static void
fifolab_window_map (GtkWidget *widget)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  GTK_WIDGET_CLASS (fifolab_window_parent_class)->map (widget);

  if (self->holder_monitor == NULL)
    return;
  g_signal_connect_object (self->holder_monitor, "scanned",
                           G_CALLBACK (fifolab_window_scanned_cb), self, G_CONNECT_SWAPPED);
  fifolab_window_update_active (self);
  fifolab_window_sync_watches (self);
  fifolab_holder_monitor_queue_scan (self->holder_monitor);
}

static void
fifolab_window_unmap (GtkWidget *widget)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  GTK_WIDGET_CLASS (fifolab_window_parent_class)->unmap (widget);

  if (self->holder_monitor == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->holder_monitor, fifolab_window_scanned_cb, self);
  fifolab_window_unwatch_all (self);
  fifolab_window_update_active (self);
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

/* Off screen at start (the folder is listed), the problem page is built
 * when a folder first cannot be listed. */
static void
fifolab_window_ensure_problem_page (FifolabWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->problem_page != NULL)
    return;
  g_type_ensure (FIFOLAB_TYPE_STATUS_VIEWPORT);
  builder = gtk_builder_new_from_resource ("/io/github/fifolab/FifoLab/fifolab-window-problem.ui");
  self->problem_page = GTK_WIDGET (gtk_builder_get_object (builder, "problem_page"));
  self->problem_title = GTK_LABEL (gtk_builder_get_object (builder, "problem_title"));
  self->problem_label = GTK_LABEL (gtk_builder_get_object (builder, "problem_label"));
  gtk_stack_add_named (self->browser_stack, self->problem_page, "problem");
  /* Named as the window's other parts (fifolab_window_init()). */
  fifolab_accessible_name_parts (self->problem_page);
  fifolab_accessible_name_stack_pages (self->browser_stack);
  fifolab_accessible_label_scroll_bars (GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self->problem_page))),
                                        GTK_WIDGET (self->problem_title));
}

/* The pipes; or why the folder cannot be listed (above the pipes added
 * from elsewhere, if any); or that it holds none. */
static void
fifolab_window_update_empty (FifolabWindow *self)
{
  const GError *error = fifolab_folder_model_get_error (_fifolab_window_get_folder_model (self));
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->pipes)) == 0;
  const char *page = "pipes";

  if (error != NULL)
    {
      /* The model's message is translated, with the path escaped. */
      fifolab_window_ensure_problem_page (self);
      gtk_label_set_text (self->problem_label, error->message);
      gtk_label_set_text (self->list_problem_label, error->message);
      gtk_label_set_text (self->problem_title, problem_title (error));
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

/* Before the selection hears of it: when the selected pipe goes because
 * another FIFO took its name (a tap swapped its relay in, or the original
 * back), it is still that pipe to the user, selected again once listed. */
static void
fifolab_window_pipes_changing_cb (FifolabWindow *self,
                                  guint          position,
                                  guint          removed,
                                  guint          added,
                                  GListModel    *model)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  FifolabPipeInfo *info = gtk_single_selection_get_selected_item (self->selection);
  struct stat st;

  if (info != NULL && selected >= position && selected - position < removed &&
      lstat (fifolab_pipe_info_get_path (info), &st) == 0 && S_ISFIFO (st.st_mode))
    {
      g_free (self->pending_select);
      self->pending_select = g_strdup (fifolab_pipe_info_get_path (info));
    }
}

static void fifolab_window_update_shown (FifolabWindow *self,
                                         gboolean       chosen);

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
  /* The log's pipe, listed or gone. */
  if (gtk_single_selection_get_selected_item (self->selection) == NULL)
    fifolab_window_update_shown (self, FALSE);

  if (self->holder_monitor != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    fifolab_window_sync_watches (self);
}

/* The focus on the row of self->focus_row (Ctrl+N's new pipe). The row
 * is made by the list at its next layout; an idle runs after it. Once the
 * pipe is selected and its row bound, the row takes the focus; a row not
 * made yet (further down the list) is scrolled to, and its bind calls
 * again. Given up when the user selects another pipe or the browser is not
 * shown (folded away once the pipe was chosen): the focus stays. */
static gboolean
fifolab_window_focus_row_idle (gpointer data)
{
  FifolabWindow *self = data;
  FifolabPipeInfo *selected = gtk_single_selection_get_selected_item (self->selection);

  self->focus_idle = 0;
  if (self->focus_row == NULL)
    return G_SOURCE_REMOVE;
  if (selected == NULL || g_strcmp0 (fifolab_pipe_info_get_path (selected), self->focus_row) != 0)
    {
      /* Not listed yet: selected when the folder monitor sees it. */
      if (g_strcmp0 (self->pending_select, self->focus_row) != 0)
        g_clear_pointer (&self->focus_row, g_free);
      return G_SOURCE_REMOVE;
    }
  if (!adw_flap_get_reveal_flap (self->browser_flap) || !gtk_widget_get_mapped (GTK_WIDGET (self->pipe_list)))
    {
      g_clear_pointer (&self->focus_row, g_free);
      return G_SOURCE_REMOVE;
    }
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->pipe_list)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (FIFOLAB_IS_PIPE_ROW (row) && gtk_widget_get_mapped (row) &&
          fifolab_pipe_row_get_info (FIFOLAB_PIPE_ROW (row)) == selected)
        {
          g_clear_pointer (&self->focus_row, g_free);
          gtk_widget_grab_focus (item);
          return G_SOURCE_REMOVE;
        }
    }
  gtk_widget_activate_action (GTK_WIDGET (self->pipe_list), "list.scroll-to-item", "u",
                              gtk_single_selection_get_selected (self->selection));
  return G_SOURCE_REMOVE;
}

static void
fifolab_window_focus_row_soon (FifolabWindow *self)
{
  if (self->focus_row != NULL && self->focus_idle == 0)
    self->focus_idle = g_idle_add (fifolab_window_focus_row_idle, self);
}

void
_fifolab_window_focus_pipe_row (FifolabWindow *self,
                                const char    *path)
{
  g_return_if_fail (FIFOLAB_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_free (self->focus_row);
  self->focus_row = g_strdup (path);
  fifolab_window_focus_row_soon (self);
}

/* The pipe the side pane shows: the one selected in the browser; with none
 * selected, the one last pointed at otherwise: the pipe of the entry chosen
 * in the log, or the pipe FIFO Lab opened an end of, whichever came later
 * (kept once the entry is unselected or the pipe closed); each only while
 * listed. A pipe read from the command line is listed but not selected
 * (selecting makes it the send target): the side pane shows it all the same. */
static FifolabPipeInfo *
fifolab_window_dup_shown_pipe (FifolabWindow *self)
{
  FifolabPipeInfo *info = gtk_single_selection_get_selected_item (self->selection);
  int position;

  if (info != NULL)
    return g_object_ref (info);
  position = self->recent_pipe != NULL ? fifolab_pipe_list_find (self->pipes, self->recent_pipe) : -1;
  return position >= 0 ? g_list_model_get_item (G_LIST_MODEL (self->selection), (guint) position) : NULL;
}

/* The details, the diagram and the peer form show the shown pipe. Step
 * mode belongs to the Processes page's pipe and ends when it changes: only
 * a pipe chosen in the browser (@chosen) ends it, not a click in the log. */
static void
fifolab_window_update_shown (FifolabWindow *self,
                             gboolean       chosen)
{
  g_autoptr(FifolabPipeInfo) info = fifolab_window_dup_shown_pipe (self);
  const char *path = info != NULL ? fifolab_pipe_info_get_path (info) : NULL;

  fifolab_pipe_details_set_info (self->details, info);
  if (!chosen && self->peer_form != NULL &&
      fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (fifolab_peer_form_get_step_bar (self->peer_form))) != NULL)
    return;
  fifolab_diagram_set_path (self->diagram, path);
  if (self->peer_form != NULL)
    fifolab_peer_form_set_path (self->peer_form, path);
}

static void
fifolab_window_set_recent_pipe (FifolabWindow *self,
                                const char    *path)
{
  if (path == NULL || g_strcmp0 (path, self->recent_pipe) == 0)
    return;
  g_free (self->recent_pipe);
  self->recent_pipe = g_strdup (path);
  fifolab_window_update_shown (self, FALSE);
}

/* A pipe FIFO Lab opens an end of is pointed at, its second end too; a
 * change of state on a pipe it holds (a writer came, end of stream) is
 * not. */
static void
fifolab_window_end_opened_cb (FifolabWindow  *self,
                              const char     *path,
                              FifolabAccess   access,
                              FifolabSession *session)
{
  fifolab_window_set_recent_pipe (self, path);
}

static void
fifolab_window_log_changed_cb (FifolabWindow *self,
                               guint          position,
                               guint          removed,
                               guint          added,
                               GListModel    *log)
{
  gboolean can_export = g_list_model_get_n_items (log) > 0;

  if (can_export != self->can_export)
    {
      self->can_export = can_export;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", can_export);
    }
}

static void
fifolab_window_log_pipe_cb (FifolabWindow *self,
                            GParamSpec    *pspec,
                            GObject       *log_view)
{
  fifolab_window_set_recent_pipe (self, fifolab_log_view_get_selected_pipe (self->log_view));
}

/* Step mode ended: the page takes the shown pipe again (the log's entry's
 * pipe may have changed meanwhile). */
static void
fifolab_window_step_watch_cb (FifolabWindow  *self,
                              GParamSpec     *pspec,
                              FifolabStepBar *bar)
{
  if (fifolab_step_bar_get_watch (bar) == NULL)
    fifolab_window_update_shown (self, FALSE);
}

static void
fifolab_window_selection_changed_cb (FifolabWindow *self)
{
  FifolabPipeInfo *info = gtk_single_selection_get_selected_item (self->selection);

  fifolab_window_update_shown (self, TRUE);
  if (info != NULL)
    fifolab_window_set_target (self, fifolab_pipe_info_get_path (info));
  /* Ctrl+N's pipe selected once listed, or another pipe chosen. */
  fifolab_window_focus_row_soon (self);
}

/* A removed pipe's toast goes once FIFO Lab no longer holds an end of it
 * (Disconnect, or the ends closed otherwise): it no longer applies. */
static void
removed_toast_connection_cb (AdwToast       *toast,
                             const char     *path,
                             FifolabSession *session)
{
  const char *removed = g_object_get_data (G_OBJECT (toast), "fifolab-removed-path");

  if (g_strcmp0 (path, removed) == 0 &&
      fifolab_session_get_reader (session, path) == NULL &&
      fifolab_session_get_writer (session, path) == NULL)
    adw_toast_dismiss (toast);
}

static void
fifolab_window_add_removed_toast (FifolabWindow *self,
                                  const char    *path,
                                  AdwToast      *toast)
{
  g_object_set_data_full (G_OBJECT (toast), "fifolab-removed-path", g_strdup (path), g_free);
  g_signal_connect_object (self->session, "connection-changed",
                           G_CALLBACK (removed_toast_connection_cb), toast, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
fifolab_window_pipe_removed_cb (FifolabWindow *self,
                                const char    *path,
                                GListModel    *model)
{
  FifolabPipeInfo *selected = gtk_single_selection_get_selected_item (self->selection);
  /* A reader only notices at end of stream: the session says it now (in
   * the log) when FIFO Lab holds an end, and the window shows it. */
  g_autofree char *message = fifolab_session_note_pipe_removed (self->session, path);

  if (message != NULL)
    {
      AdwToast *toast = fifolab_toast_new (message, TRUE);

      fifolab_window_keep_error (self, message);
      adw_toast_set_timeout (toast, 0);
      /* The pipe's row, and with it its Disconnect, are gone while FIFO Lab
       * still holds its ends: the toast offers to close them, and stays
       * while it can (the log keeps its message). */
      adw_toast_set_button_label (toast, _("Disconnect"));
      adw_toast_set_action_name (toast, "app.disconnect-pipe");
      adw_toast_set_action_target_value (toast, g_variant_new_bytestring (path));
      fifolab_window_add_removed_toast (self, path, toast);
    }

  /* The details of a vanished pipe would be stale. */
  if (selected == NULL || g_strcmp0 (fifolab_pipe_info_get_path (selected), path) == 0)
    fifolab_window_update_shown (self, FALSE);
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
  /* GTK's row, which takes the focus, says what the pipe's row shows: the
   * pipe's row keeps its name current. */
  fifolab_pipe_row_set_names_parent (FIFOLAB_PIPE_ROW (row), TRUE);
}

static void
fifolab_window_bind_row_cb (FifolabWindow            *self,
                            GtkListItem              *item,
                            GtkSignalListItemFactory *factory)
{
  FifolabPipeInfo *info = gtk_list_item_get_item (item);

  fifolab_pipe_row_set_info (FIFOLAB_PIPE_ROW (gtk_list_item_get_child (item)), info);
  /* Ctrl+N's pipe: its row made. */
  if (self->focus_row != NULL && g_strcmp0 (fifolab_pipe_info_get_path (info), self->focus_row) == 0)
    fifolab_window_focus_row_soon (self);
}

static void
fifolab_window_unbind_row_cb (FifolabWindow            *self,
                              GtkListItem              *item,
                              GtkSignalListItemFactory *factory)
{
  fifolab_pipe_row_set_info (FIFOLAB_PIPE_ROW (gtk_list_item_get_child (item)), NULL);
}

/* The side pane's Processes (diagram, peer form) and Lessons pages, built
 * when first shown: by their actions or the pane's switcher. */

void
_fifolab_window_ensure_processes (FifolabWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(FifolabPipeInfo) info = NULL;
  GtkWidget *scrolled;
  GtkWidget *box;

  if (self->peer_form != NULL)
    return;

  self->peer_form = FIFOLAB_PEER_FORM (fifolab_peer_form_new ());
  if (FIFOLAB_IS_APPLICATION (app))
    fifolab_peer_form_set_peers (self->peer_form, fifolab_application_get_peers (FIFOLAB_APPLICATION (app)));
  if (self->session != NULL)
    fifolab_peer_form_set_log (self->peer_form, fifolab_session_get_log (self->session));
  fifolab_peer_form_set_session (self->peer_form, self->session);
  /* The held calls are said on the page's diagram's boxes too. */
  fifolab_step_bar_set_diagram (FIFOLAB_STEP_BAR (fifolab_peer_form_get_step_bar (self->peer_form)),
                                GTK_WIDGET (self->diagram));
  g_signal_connect_object (fifolab_peer_form_get_step_bar (self->peer_form), "notify::watch",
                           G_CALLBACK (fifolab_window_step_watch_cb), self, G_CONNECT_SWAPPED);
  info = fifolab_window_dup_shown_pipe (self);
  fifolab_peer_form_set_path (self->peer_form, info != NULL ? fifolab_pipe_info_get_path (info) : NULL);

  gtk_widget_set_margin_top (GTK_WIDGET (self->diagram), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->diagram), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->diagram), 6);
  /* The form adapts to the pane's width (FifolabFormGrid); the page scrolls
   * down only, so that it is as tall as the form is at the width it has. A
   * language too long even for that scrolls the whole pane sideways
   * (FifolabOverflowBin). */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->diagram));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->peer_form));

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (scrolled), _("Processes"));
  adw_bin_set_child (self->processes_bin, scrolled);
}

void
_fifolab_window_ensure_lessons (FifolabWindow *self)
{
  g_autofree char *lab = NULL;

  if (self->lessons != NULL)
    return;

  /* Lessons get a folder of their own under the lab folder. */
  lab = fifolab_application_dup_lab_folder ();
  self->lessons = FIFOLAB_LESSONS_PAGE (fifolab_lessons_page_new ());
  if (self->session != NULL)
    fifolab_lessons_page_set_log (self->lessons, fifolab_session_get_log (self->session));
  fifolab_lessons_page_set_watch_session (self->lessons, self->session);
  fifolab_lessons_page_set_parent_folder (self->lessons, lab);
  fifolab_lessons_page_set_holder_monitor (self->lessons, self->holder_monitor);
  fifolab_lessons_page_set_settings (self->lessons, self->settings);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "stage-zoom", self->lessons, "zoom", G_SETTINGS_BIND_GET);
  /* Shown (mapped) on the stage, the panel starts its lesson. Its pipes stay
   * in its own folder, out of the browser (and so never the compose bar's
   * target); the stage's log shows only them. */
  /* The stage too: off screen until now, it cost the start a second log view. */
  self->stage = FIFOLAB_LESSON_STAGE (fifolab_lesson_stage_new ());
  fifolab_overflow_bin_set_child (FIFOLAB_OVERFLOW_BIN (self->stage_page), GTK_WIDGET (self->stage));
  if (self->session != NULL)
    fifolab_lesson_stage_set_log (self->stage, fifolab_session_get_log (self->session));
  fifolab_log_view_set_session (FIFOLAB_LOG_VIEW (fifolab_lesson_stage_get_log_view (self->stage)),
                                self->session);
  fifolab_lesson_stage_set_session (self->stage, self->session);
  fifolab_lesson_stage_set_page (self->stage, GTK_WIDGET (self->lessons));
}

/* The lessons take the window's main area (the stage); back on the log, the
 * lesson ends (its page is unmapped) and the side pane shows the details.
 * The stage takes the focus (its lesson's button: Enter runs the step), else
 * the keyboard's focus would go with the log hidden; back on the log, it
 * returns where it was. */
void
_fifolab_window_show_stage (FifolabWindow *self,
                            gboolean       show)
{
  gboolean was_shown = gtk_widget_get_visible (self->stage_page);
  /* Asked before the stage hides: its focus goes with it. */
  gboolean focus_on_stage = _fifolab_window_focus_is_in (self->stage_page);

  if (show)
    _fifolab_window_ensure_lessons (self);
  /* The one hidden first: the other is mapped (the lesson starts) after
   * the first is unmapped. */
  gtk_widget_set_visible (show ? self->log_page : self->stage_page, FALSE);
  gtk_widget_set_visible (show ? self->stage_page : self->log_page, TRUE);
  if (!show && g_strcmp0 (gtk_stack_get_visible_child_name (self->side_stack), "lessons") == 0)
    gtk_stack_set_visible_child_name (self->side_stack, "details");

  if (show && !was_shown)
    _fifolab_window_focus_into (self->stage_page, GTK_WIDGET (self->lessons), &self->stage_return_focus);
  else if (!show && was_shown)
    _fifolab_window_focus_back (focus_on_stage, &self->stage_return_focus, self->log_page);
}

gboolean
_fifolab_window_get_stage_shown (FifolabWindow *self)
{
  return gtk_widget_get_visible (self->stage_page);
}

/* The side pane's Lessons page (what the stage leaves behind), built the
 * first time it is shown: off screen at start, it cost the first frame. */
static void
fifolab_window_ensure_lessons_left (FifolabWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWidget *page;

  if (adw_bin_get_child (self->lessons_bin) != NULL)
    return;
  g_type_ensure (FIFOLAB_TYPE_STATUS_VIEWPORT);
  builder = gtk_builder_new_from_resource ("/io/github/fifolab/FifoLab/fifolab-window-lessons.ui");
  page = GTK_WIDGET (gtk_builder_get_object (builder, "lessons_left"));
  adw_bin_set_child (self->lessons_bin, page);
  /* Named as the window's other parts (fifolab_window_init()). */
  fifolab_accessible_name_parts (page);
  fifolab_accessible_label_scroll_bars (GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (page))),
                                        GTK_WIDGET (gtk_builder_get_object (builder, "lessons_page_title")));
}

static void
fifolab_window_side_page_changed_cb (FifolabWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->side_stack);

  /* Another page chosen (from code, or the pane's drop-down): the lessons
   * give the window back. */
  if (g_strcmp0 (name, "lessons") != 0 && _fifolab_window_get_stage_shown (self))
    _fifolab_window_show_stage (self, FALSE);
  if (g_strcmp0 (name, "processes") == 0)
    _fifolab_window_ensure_processes (self);
  else if (g_strcmp0 (name, "lessons") == 0)
    {
      fifolab_window_ensure_lessons_left (self);
      _fifolab_window_show_stage (self, TRUE);
    }
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
fifolab_window_log_view_error_cb (FifolabWindow *self,
                                  const char    *message,
                                  GtkWidget     *widget)
{
  fifolab_window_show_error (self, message);
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
  /* Export Log, in the header and the main menu, has nothing to save in an empty log. */
  g_signal_connect_object (fifolab_session_get_log (self->session), "items-changed",
                           G_CALLBACK (fifolab_window_log_changed_cb), self, G_CONNECT_SWAPPED);
  self->can_export = g_list_model_get_n_items (G_LIST_MODEL (fifolab_session_get_log (self->session))) > 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", self->can_export);
  fifolab_log_view_set_session (self->log_view, self->session);
  g_signal_connect_object (self->session, "end-opened",
                           G_CALLBACK (fifolab_window_end_opened_cb), self, G_CONNECT_SWAPPED);
  g_object_set (self->compose_bar, "session", self->session, NULL);
  fifolab_pipe_details_set_session (self->details, self->session);
  g_object_bind_property (self, "holder-scan", self->details, "holder-scan", G_BINDING_SYNC_CREATE);
  /* One /proc scanner for every window and lesson; the details refresh on its scans. */
  self->holder_monitor = g_object_ref (fifolab_application_get_holder_monitor (app));
  fifolab_pipe_details_set_holder_monitor (self->details, self->holder_monitor);

  /* The teaching aid: the diagram follows the session and the scans; peers
   * started from the form are the application's. The peer form and the
   * lessons are set up when first shown. */
  fifolab_diagram_follow (self->diagram, self->session, G_OBJECT (self));
  fifolab_diagram_set_peers (self->diagram, G_LIST_MODEL (fifolab_application_get_peers (app)));
  _fifolab_window_load_sequence (self);

  g_settings_bind (self->settings, "relative-time", self->log_view, "relative-time", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "log-hidden-columns", self->log_view, "hidden-columns", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-show-inspector", self->log_view, "show-inspector", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "template", self->compose_bar, "template", G_SETTINGS_BIND_DEFAULT);
  /* The compose bar's framing is its target's (the preference is the session's default). */
  g_settings_bind (self->settings, "fixed-size", self->compose_bar, "fixed-size", G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self, "target", self->compose_bar, "target",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  folder = fifolab_application_dup_start_folder (app);
  fifolab_folder_model_set_folder (_fifolab_window_get_folder_model (self), folder);
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

  if (self->holder_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->holder_monitor, self);
      fifolab_window_unwatch_all (self);
      if (self->counted_active)
        fifolab_holder_monitor_pop_active (self->holder_monitor);
      self->counted_active = FALSE;
    }
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);

  _fifolab_window_dispose_layout (self);
  g_clear_weak_pointer (&self->stage_return_focus);
  /* Its step bar ends step mode as it goes: nothing to show any more. */
  if (self->peer_form != NULL)
    g_signal_handlers_disconnect_by_data (fifolab_peer_form_get_step_bar (self->peer_form), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_WINDOW);
  /* Gone with the template's widgets. */
  self->peer_form = NULL;
  self->lessons = NULL;

  if (self->pipes != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pipes, self);
      g_signal_handlers_disconnect_by_data (_fifolab_window_get_folder_model (self), self);
    }
  g_clear_handle_id (&self->focus_idle, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->diagram);
  g_clear_object (&self->pipes);
  g_clear_object (&self->holder_scan);
  g_clear_object (&self->holder_monitor);
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
  g_clear_pointer (&self->focus_row, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->recent_pipe, g_free);

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
          _fifolab_window_set_show_details (self, self->show_details);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The window's frame is known once its style is (GTK adds solid-csd as
 * the window is realized, where no compositor draws its shadow): the
 * side pane's threshold counts it before the flaps are laid out. */
static void
fifolab_window_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  _fifolab_window_fit_frame (FIFOLAB_WINDOW (widget));

  GTK_WIDGET_CLASS (fifolab_window_parent_class)->size_allocate (widget, width, height, baseline);
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
  widget_class->size_allocate = fifolab_window_size_allocate;

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
  g_type_ensure (FIFOLAB_TYPE_OVERFLOW_BIN);
  g_type_ensure (FIFOLAB_TYPE_PIPE_DETAILS);
  g_type_ensure (FIFOLAB_TYPE_SEQUENCE_VIEW);
  g_type_ensure (FIFOLAB_TYPE_STATUS_VIEWPORT);
  g_type_ensure (FIFOLAB_TYPE_TAP_NOTICE);
  g_type_ensure (FIFOLAB_TYPE_ERROR_BAR);
  g_type_ensure (FIFOLAB_TYPE_WIDTH_BIN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, browser_flap);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, browser_stack);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, compose_bar);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, details);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, folder_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, folder_button_content);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, log_width_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, sequence_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, log_page);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, stage_page);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, tap_notice);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, list_problem_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, pipe_list);
  /* Kept by the template only, for gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "empty_page", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "empty_page_title", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "side_page", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, processes_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, lessons_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, side_box);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, side_flap);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, side_neighbour_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, side_switcher);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, side_switcher_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FifolabWindow, window_title);

  _fifolab_window_class_init_actions (widget_class);
}

/* The scroll bars of the window's template, each named after what it
 * scrolls (fifolab_accessible_name_scroll_bars()); and the browser's
 * pages, which only hold the list or the page for no pipes. */
static void
fifolab_window_name_scroll_bars (FifolabWindow *self)
{
  GtkWidget *empty_page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), FIFOLAB_TYPE_WINDOW, "empty_page"));
  GtkWidget *empty_title = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), FIFOLAB_TYPE_WINDOW, "empty_page_title"));
  GObject *side_page = gtk_widget_get_template_child (GTK_WIDGET (self), FIFOLAB_TYPE_WINDOW, "side_page");

  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (self->pipe_list))),
                                       _("Pipes"));
  fifolab_accessible_label_scroll_bars (GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (empty_page))), empty_title);
  fifolab_overflow_bin_name_scroll_bars (FIFOLAB_OVERFLOW_BIN (self->log_page), _("FIFO Lab"));
  fifolab_overflow_bin_name_scroll_bars (FIFOLAB_OVERFLOW_BIN (self->stage_page), _("Lessons"));
  /* Translators: what the scroll bars of the side pane (the pipe's
   * details, the processes, the lessons) scroll, said by a screen reader. */
  fifolab_overflow_bin_name_scroll_bars (FIFOLAB_OVERFLOW_BIN (side_page), _("Side pane"));
  fifolab_accessible_name_stack_pages (self->browser_stack);
}

static void
fifolab_window_init (FifolabWindow *self)
{
  GtkListItemFactory *factory;

  self->show_details = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  fifolab_window_name_scroll_bars (self);
  fifolab_menu_button_set_menu_on_open (self->primary_menu_button, self->primary_menu);
  self->diagram = g_object_ref_sink (FIFOLAB_DIAGRAM (fifolab_diagram_new ()));

  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The folder's pipes, then those from elsewhere, each once. */
  self->pipes = fifolab_pipe_list_new ();
  g_signal_connect_object (self->pipes, "items-changed", G_CALLBACK (fifolab_window_pipes_changing_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (_fifolab_window_get_folder_model (self), "notify::error",
                           G_CALLBACK (fifolab_window_folder_error_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->pipes)));
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
  g_signal_connect_object (self->log_view, "show-error", G_CALLBACK (fifolab_window_log_view_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_view, "notify::selected-pipe", G_CALLBACK (fifolab_window_log_pipe_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compose_bar, "show-toast", G_CALLBACK (fifolab_window_log_view_toast_cb), self, G_CONNECT_SWAPPED);
  /* A tap that crashed left a pipe of the folder swapped: offered for restoring. */
  fifolab_tap_notice_follow (self->tap_notice, _fifolab_window_get_folder_model (self));
  g_signal_connect_object (self->tap_notice, "toast", G_CALLBACK (fifolab_window_log_view_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pipes, "removed", G_CALLBACK (fifolab_window_pipe_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::is-active", G_CALLBACK (fifolab_window_update_active), self, G_CONNECT_SWAPPED);
  _fifolab_window_init_dnd (self);
  _fifolab_window_init_sequence (self);
  /* The window starts with details shown; the button reflects it. */
  _fifolab_window_init_layout (self);
}
