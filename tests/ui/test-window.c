/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FIFO Lab window, built for real and driven the way a user drives it:
 * through its actions and widgets, against real FIFOs and real peer processes.
 * This program: the folder browser (pipes made, listed, deleted, from
 * elsewhere, the lessons' own), the folder going away, the window's size and
 * its types' lifetimes. The side pane's details, processes and names shown
 * literally are in test-window-details.c; the actions on a pipe and the log,
 * and their errors, in test-window-actions.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-compose-bar.h"
#include "fifolab-diagram.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-new-pipe-dialog-private.h"
#include "fifolab-pipe-details.h"
#include "fifolab-pipe-row.h"
#include "fifolab-preferences-window.h"
#include "fifolab-status-viewport.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* Whether the window's compose bar sends to the pipe of path @path. */
static gboolean
targets (gpointer path)
{
  return g_strcmp0 (fifolab_window_get_target (window), path) == 0;
}

/* New Pipe dialog → a FIFO on disk, 0600, listed and selected in the browser. */
static void
test_create_from_dialog (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "lab_pipe", NULL);
  FifolabNewPipeDialog *dialog;
  GtkEditable *name;
  GtkButton *create;
  struct stat st;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-pipe", NULL);
  dialog = FIFOLAB_NEW_PIPE_DIALOG (fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_NEW_PIPE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (dialog), TIMEOUT_MS));
  g_assert_cmpuint (fifolab_new_pipe_dialog_get_mode (dialog), ==, 0600);

  name = _fifolab_new_pipe_dialog_get_name_editable (dialog);
  create = _fifolab_new_pipe_dialog_get_create_button (dialog);

  /* Validated as typed: a slash is refused inline, Create stays off. */
  gtk_editable_set_text (name, "bad/name");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (create)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_fifolab_new_pipe_dialog_get_error_label (dialog))));

  gtk_editable_set_text (name, "lab_pipe");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (create)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_fifolab_new_pipe_dialog_get_error_label (dialog))));

  /* A button activates after its pressed animation: wait for the pipe. */
  fifolab_ui_test_press (GTK_WIDGET (create));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, path, TIMEOUT_MS));

  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, path, TIMEOUT_MS));
  g_assert_null (fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_NEW_PIPE_DIALOG));

  /* It is selected, so it is where the compose bar sends. */
  g_assert_true (fifolab_test_wait_until (targets, path, TIMEOUT_MS));

  /* The same name again: refused inline before anything is created. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-pipe", NULL);
  dialog = FIFOLAB_NEW_PIPE_DIALOG (fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_NEW_PIPE_DIALOG));
  g_assert_nonnull (dialog);
  gtk_editable_set_text (_fifolab_new_pipe_dialog_get_name_editable (dialog), "lab_pipe");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_fifolab_new_pipe_dialog_get_create_button (dialog))));
  gtk_window_close (GTK_WINDOW (dialog));
  fifolab_test_run_for (50);
}

static gboolean in_toast (GtkWidget *widget);
static GtkLabel *find_shown_label (GtkWidget  *root,
                                   const char *text);

/* A toast's action button, drawn, labelled @label. */
static gboolean
is_toast_button (GtkWidget     *widget,
                 gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 && in_toast (widget);
}

/* A button, drawn, whose tooltip is @tooltip. */
static gboolean
is_tooltip_button (GtkWidget     *widget,
                   gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
removed_said_cb (gpointer data)
{
  return fifolab_ui_test_find_widget (GTK_WIDGET (window), is_toast_button, _("Disconnect")) != NULL;
}

static gboolean
removed_not_said_cb (gpointer data)
{
  return !removed_said_cb (data);
}

/* A pipe deleted while FIFO Lab reads it is reported in the log, and in a
 * toast that offers to disconnect from it while that applies. */
static void
test_deleted_while_reading (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "doomed");
  FifolabUiEntryQuery query;

  fifolab_ui_window_test_action ("read-pipe", path);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_reader_waiting, path, TIMEOUT_MS));

  g_assert_cmpint (g_unlink (path), ==, 0);

  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PIPE_REMOVED, path, -1 };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_not_listed, path, TIMEOUT_MS));
  g_assert_nonnull (_fifolab_window_get_last_error (window));

  /* Its toast offers Disconnect, and stays while FIFO Lab holds the pipe;
   * once it lets go, the toast no longer applies, and goes. */
  g_assert_true (fifolab_test_wait_until (removed_said_cb, NULL, TIMEOUT_MS));
  fifolab_ui_window_test_action ("disconnect-pipe", path);
  g_assert_true (fifolab_test_wait_until (removed_not_said_cb, NULL, TIMEOUT_MS));
}

/* Whether @widget is in a toast (libadwaita 1.2's AdwToastWidget). */
static gboolean
in_toast (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
      return TRUE;
  return FALSE;
}

typedef struct
{
  const char *text;
  GtkLabel   *label;
} ShownText;

static gboolean
text_shown_cb (gpointer data)
{
  ShownText *shown = data;

  shown->label = find_shown_label (GTK_WIDGET (window), shown->text);
  return shown->label != NULL;
}

static gboolean
not_drawn_cb (gpointer widget)
{
  return !gtk_widget_is_drawable (widget);
}

static gboolean
text_not_shown_cb (gpointer data)
{
  return !text_shown_cb (data);
}

/* Errors are kept in view until dismissed, above the log rather than over
 * it, in no toast (one that went by itself lost the error; one that stayed
 * covered the log, more piling up behind it): the newest first, then,
 * dismissed, the one before it. They were toasts that stayed until
 * dismissed. */
static void
test_errors_kept (Fixture       *fixture,
                  gconstpointer  data)
{
  ShownText first = { "First error: /tmp/lab/a_pipe", NULL };
  ShownText second = { "Second error: /tmp/lab/b_pipe", NULL };
  const char *dismiss = _("Dismiss this error");
  GtkWidget *button;

  fifolab_window_show_error (window, first.text);
  fifolab_window_show_error (window, second.text);
  g_assert_true (fifolab_test_wait_until (text_shown_cb, &second, TIMEOUT_MS));
  g_assert_false (in_toast (GTK_WIDGET (second.label)));
  g_assert_cmpstr (_fifolab_window_get_last_error (window), ==, second.text);
  /* Above the log, not over it. */
  {
    graphene_rect_t bar, log;

    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (second.label), GTK_WIDGET (window), &bar));
    g_assert_true (gtk_widget_compute_bounds (_fifolab_window_get_log_view (window), GTK_WIDGET (window), &log));
    g_assert_cmpfloat (bar.origin.y + bar.size.height, <=, log.origin.y);
  }

  button = fifolab_ui_test_find_widget (GTK_WIDGET (window), is_tooltip_button, dismiss);
  g_assert_nonnull (button);
  fifolab_ui_test_press (button);
  g_assert_true (fifolab_test_wait_until (text_shown_cb, &first, TIMEOUT_MS));
  g_assert_false (in_toast (GTK_WIDGET (first.label)));
  g_assert_null (find_shown_label (GTK_WIDGET (window), second.text));

  fifolab_ui_test_press (button);
  g_assert_true (fifolab_test_wait_until (text_not_shown_cb, &first, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (not_drawn_cb, button, TIMEOUT_MS));
}

/* A label of @root's tree that is drawn and whose text holds @text, or NULL. */
static GtkLabel *
find_shown_label (GtkWidget  *root,
                  const char *text)
{
  if (!gtk_widget_is_drawable (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_shown_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
deleted_shown_cb (gpointer data)
{
  return find_shown_label (GTK_WIDGET (window), data) != NULL;
}

/* The folder browsed is deleted: the browser says so, with the folder's
 * path, instead of "This folder has no named pipes yet". */
static gboolean
not_mapped_cb (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

static gboolean
menu_shown_cb (gpointer button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if (menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

/* The main menu is made when first opened (it cost the first frame), and
 * opens from the keyboard (F10) with its items as before. */
static void
test_main_menu (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *header = fifolab_ui_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  GtkMenuButton *button = GTK_MENU_BUTTON (fifolab_ui_test_find_descendant (header, GTK_TYPE_MENU_BUTTON));
  GtkPopover *popover;

  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (button), TIMEOUT_MS));
  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));

  fifolab_ui_test_press_keys (GTK_WINDOW (window), "F10", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (menu_shown_cb, button, TIMEOUT_MS));
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (button), "win.new-pipe"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (button), "app.preferences"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (button), "win.show-help-overlay"));
  gtk_menu_button_popdown (button);
  g_assert_true (fifolab_test_wait_until (not_mapped_cb, popover, TIMEOUT_MS));
  /* Made once. */
  gtk_menu_button_popup (button);
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  gtk_menu_button_popdown (button);
}

static gboolean
is_label_saying (GtkWidget     *widget,
                 gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The side pane's Lessons page (what the lessons' stage leaves behind) is
 * made when it is first chosen (it cost the first frame), and then shows
 * what it showed before: why the lessons are elsewhere, and a way to them. */
static void
test_lessons_left (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkStack *side_stack = GTK_STACK (gtk_widget_get_ancestor (_fifolab_window_get_details (window), GTK_TYPE_STACK));
  GtkWidget *page = gtk_stack_get_child_by_name (side_stack, "lessons");

  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));
  g_assert_null (fifolab_ui_test_find_descendant (page, GTK_TYPE_LABEL));

  /* Chosen (the pane's switcher and drop-down choose the stack's page). */
  gtk_stack_set_visible_child_name (side_stack, "lessons");
  g_assert_true (_fifolab_window_get_stage_shown (window));
  g_assert_nonnull (fifolab_ui_test_find_widget (page, is_label_saying, _("Lessons")));
  g_assert_nonnull (fifolab_ui_test_find_widget (page, is_label_saying,
                                                 _("The lessons take the whole window, with a large diagram a class can read.")));
  g_assert_nonnull (fifolab_ui_test_find_widget (page, fifolab_ui_test_is_button_of, "win.show-lessons"));
  g_assert_nonnull (gtk_widget_get_ancestor (fifolab_ui_test_find_descendant (page, GTK_TYPE_LABEL),
                                             FIFOLAB_TYPE_STATUS_VIEWPORT));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL);
  gtk_stack_set_visible_child_name (side_stack, "details");
}

static void
test_folder_deleted (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "a");
  g_autofree char *said = g_strdup_printf ("The folder “%s” was deleted", fixture->folder);
  GtkLabel *label;

  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, path, TIMEOUT_MS));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (fixture->folder), ==, 0);

  g_assert_true (fifolab_test_wait_until (deleted_shown_cb, said, TIMEOUT_MS));
  label = find_shown_label (GTK_WIDGET (window), said);
  g_test_message ("shown: %s", gtk_label_get_text (label));
  /* Plain text, never markup. */
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_null (find_shown_label (GTK_WIDGET (window), "no named pipes yet"));
  g_assert_cmpuint (g_list_model_get_n_items (_fifolab_window_get_pipes (window)), ==, 0);
  /* A status page as the others (FifolabStatusViewport in AdwStatusPage's
   * CSS nodes), titled with what went wrong, offering what to do. */
  {
    GtkWidget *viewport = gtk_widget_get_ancestor (GTK_WIDGET (label), FIFOLAB_TYPE_STATUS_VIEWPORT);
    GtkWidget *page = viewport != NULL ? gtk_widget_get_ancestor (viewport, ADW_TYPE_BIN) : NULL;

    g_assert_nonnull (viewport);
    g_assert_nonnull (page);
    g_assert_cmpstr (gtk_widget_get_css_name (page), ==, "statuspage");
    g_assert_nonnull (find_shown_label (page, _("Folder Not Found")));
    g_assert_nonnull (fifolab_ui_test_find_widget (page, fifolab_ui_test_is_button_of, "win.reload-folder"));
    g_assert_nonnull (fifolab_ui_test_find_widget (page, fifolab_ui_test_is_button_of, "win.choose-folder"));
  }

  /* Back again: the browser lists it and the message goes. */
  g_assert_cmpint (g_mkdir (fixture->folder, 0700), ==, 0);
  g_clear_pointer (&path, g_free);
  path = fifolab_ui_window_test_make_fifo (fixture, "b");
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, path, TIMEOUT_MS));
  g_assert_null (find_shown_label (GTK_WIDGET (window), said));
}

/* Delete asks first; confirmed, the FIFO is gone and the log says so. */
static void
test_delete_pipe (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "to_delete");
  AdwMessageDialog *dialog;
  FifolabUiEntryQuery query;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-pipe", "^ay", path);
  dialog = ADW_MESSAGE_DIALOG (fifolab_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);

  /* Cancel keeps it. */
  adw_message_dialog_response (dialog, "cancel");
  fifolab_test_run_for (100);
  g_assert_true (fifolab_fifo_is_fifo (path));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-pipe", "^ay", path);
  dialog = ADW_MESSAGE_DIALOG (fifolab_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_DELETED, path, -1 };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_not_listed, path, TIMEOUT_MS));
  fifolab_test_run_for (100);
}

/* Runs a command as a separate process, as another program would. */
static void
run_command (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* `fifolab PIPE` reaching the running instance: its command-line handler
 * with the arguments a second fifolab would forward. */
static int
command_line_add (const char *path)
{
  const char *pipes[] = { path, NULL };
  const char *args[] = { "fifolab", path, NULL };
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  g_autoptr(GVariantDict) platform = g_variant_dict_new (NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GApplicationCommandLine) command_line = NULL;
  int status = -1;

  g_variant_dict_insert_value (options, G_OPTION_REMAINING, g_variant_new_bytestring_array (pipes, -1));
  g_variant_dict_insert_value (platform, "cwd", g_variant_new_bytestring (cwd));
  command_line = g_object_new (G_TYPE_APPLICATION_COMMAND_LINE,
                               "arguments", g_variant_new_bytestring_array (args, -1),
                               "options", g_variant_dict_end (options),
                               "platform-data", g_variant_dict_end (platform),
                               NULL);
  g_signal_emit_by_name (app, "command-line", command_line, &status);
  return status;
}

typedef struct
{
  const char *path;
  guint       mode;
} ModeQuery;

static gboolean
listed_with_mode_cb (gpointer data)
{
  ModeQuery *query = data;
  GListModel *pipes = _fifolab_window_get_pipes (window);

  for (guint i = 0; i < g_list_model_get_n_items (pipes); i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (pipes, i);

      if (g_strcmp0 (fifolab_pipe_info_get_path (info), query->path) == 0)
        return (fifolab_pipe_info_get_mode (info) & 0777) == query->mode;
    }
  return FALSE;
}

static gboolean
listed_once_cb (gpointer data)
{
  GListModel *pipes = _fifolab_window_get_pipes (window);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (pipes); i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (pipes, i);

      if (g_strcmp0 (fifolab_pipe_info_get_path (info), data) == 0)
        n++;
    }
  return n == 1;
}

static void
browse (const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_window_set_folder (window, file, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *path;
  GtkWidget  *button;
} ToastButton;

/* A toast's button (not the details'), mapped, labelled Disconnect, for
 * the pipe @data. */
static gboolean
is_toast_disconnect (GtkWidget     *widget,
                     gconstpointer  data)
{
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_get_mapped (widget) ||
      gtk_widget_get_ancestor (widget, g_type_from_name ("AdwToastWidget")) == NULL ||
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), _("Disconnect")) != 0)
    return FALSE;
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_BYTESTRING) &&
         g_strcmp0 (g_variant_get_bytestring (target), data) == 0;
}

static gboolean
toast_button_shown_cb (gpointer data)
{
  ToastButton *query = data;

  query->button = fifolab_ui_test_find_widget (GTK_WIDGET (window), is_toast_disconnect, query->path);
  return query->button != NULL;
}

static gboolean
no_reader_cb (gpointer path)
{
  return fifolab_session_get_reader (fifolab_application_get_session (app), path) == NULL;
}

/* A pipe from another folder given on the command line is listed after the
 * folder's pipes and follows what other programs do to it: chmod shows,
 * rm takes the row away; one FIFO Lab reads is reported removed. */
static void
test_pipe_elsewhere (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *local = fifolab_ui_window_test_make_fifo (fixture, "local_pipe");
  g_autofree char *elsewhere = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (elsewhere, "their_pipe", NULL);
  g_autofree char *held = g_build_filename (elsewhere, "held_pipe", NULL);
  GListModel *pipes = _fifolab_window_get_pipes (window);
  g_autoptr(FifolabPipeInfo) last = NULL;
  g_autoptr(GError) error = NULL;
  ModeQuery mode = { path, 0644 };
  FifolabUiEntryQuery query;

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_fifo_create (held, 0600, &error));
  g_assert_no_error (error);

  g_assert_cmpint (command_line_add (path), ==, 0);
  g_assert_true (fifolab_ui_window_test_pipe_listed (path));
  last = g_list_model_get_item (pipes, g_list_model_get_n_items (pipes) - 1);
  g_assert_cmpstr (fifolab_pipe_info_get_path (last), ==, path);
  g_assert_true (fifolab_ui_window_test_pipe_listed (local));
  /* Given twice, listed once. */
  g_assert_cmpint (command_line_add (path), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (pipes), ==, 2);

  {
    const char *chmod_argv[] = { "chmod", "644", path, NULL };

    run_command (chmod_argv);
    g_assert_true (fifolab_test_wait_until (listed_with_mode_cb, &mode, TIMEOUT_MS));
  }

  /* Browsing its folder lists it once, with that folder's pipes; back home it
   * is still listed, once, after the folder's. */
  browse (elsewhere);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, held, TIMEOUT_MS));
  fifolab_test_run_for (100);
  g_assert_true (listed_once_cb (path));
  browse (fixture->folder);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, local, TIMEOUT_MS));
  fifolab_test_run_for (100);
  g_assert_true (listed_once_cb (path));
  g_assert_false (fifolab_ui_window_test_pipe_listed (held));
  {
    const char *rm_argv[] = { "rm", path, NULL };

    run_command (rm_argv);
    g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_not_listed, path, TIMEOUT_MS));
    g_assert_true (fifolab_ui_window_test_pipe_listed (local));
  }

  /* Read from, then deleted by someone else: the log says so. */
  fifolab_ui_window_test_action ("read-pipe", held);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, held, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_reader_waiting, held, TIMEOUT_MS));
  {
    const char *rm_argv[] = { "rm", held, NULL };

    run_command (rm_argv);
  }
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_not_listed, held, TIMEOUT_MS));
  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PIPE_REMOVED, held, -1 };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  /* Its row gone, its Disconnect with it: the toast's closes FIFO Lab's end. */
  {
    ToastButton disconnect = { held, NULL };

    g_assert_true (fifolab_test_wait_until (toast_button_shown_cb, &disconnect, TIMEOUT_MS));
    g_assert_nonnull (fifolab_session_get_reader (fifolab_application_get_session (app), held));
    fifolab_ui_test_press (disconnect.button);
    g_assert_true (fifolab_test_wait_until (no_reader_cb, held, TIMEOUT_MS));
  }

  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  fifolab_test_tmpdir_free (g_steal_pointer (&elsewhere));
}

static gboolean
lesson_step_done_cb (gpointer data)
{
  return fifolab_lesson_is_step_done (data, 0);
}

/* The lessons work in a folder of their own; the pipes they make stay out
 * of the browser (no second my_pipe there), and leaving the lessons leaves
 * the compose bar's target the pipe the user had chosen. */
static void
test_lesson_pipes_apart (Fixture       *fixture,
                         gconstpointer  data)
{
  FifolabLessonsPage *lessons;
  FifolabLesson *lesson;
  g_autofree char *mine = fifolab_ui_window_test_make_fifo (fixture, "my_pipe");
  g_autofree char *pipe = NULL;
  g_autofree char *lesson_folder = NULL;

  fifolab_window_set_target (window, mine);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL);
  lessons = FIFOLAB_LESSONS_PAGE (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_LESSONS_PAGE));
  g_assert_nonnull (lessons);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (lessons), TIMEOUT_MS));
  lesson = fifolab_lessons_page_get_lesson (lessons);
  g_assert_nonnull (lesson);
  pipe = g_strdup (fifolab_lesson_get_pipe_path (lesson));
  lesson_folder = g_strdup (fifolab_lesson_get_folder (lesson));
  g_assert_false (fifolab_ui_window_test_pipe_listed (pipe));

  /* Step 1, by its button: mkfifo my_pipe, in the lesson's folder only. */
  fifolab_lesson_set_current (lesson, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lessons), "lessons.run", NULL));
  g_assert_true (fifolab_test_wait_until (lesson_step_done_cb, lesson, TIMEOUT_MS));
  g_assert_true (fifolab_fifo_is_fifo (pipe));
  /* Made (and announced, pipe-created) during the action: a pipe listed
   * for it would be listed by now. */
  g_assert_false (fifolab_ui_window_test_pipe_listed (pipe));
  g_assert_true (fifolab_ui_window_test_pipe_listed (mine));
  g_assert_cmpstr (fifolab_window_get_target (window), ==, mine);

  /* The student goes back to the log from the stage: the lesson ends, its
   * folder goes; the compose bar still sends to the user's pipe. */
  g_assert_true (_fifolab_window_get_stage_shown (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
  g_assert_false (_fifolab_window_get_stage_shown (window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (lessons)));
  g_assert_null (fifolab_lessons_page_get_lesson (lessons));
  g_assert_false (g_file_test (lesson_folder, G_FILE_TEST_EXISTS));
  g_assert_false (fifolab_ui_window_test_pipe_listed (pipe));
  g_assert_cmpstr (fifolab_window_get_target (window), ==, mine);
}

/* Opens a second main window with the size the settings hold, shows it, and
 * closes it as a user does (close-request saves its size). G_DEBUG has
 * fatal-warnings: a Gtk-CRITICAL about the size fails the test here. */
static void
open_and_close_window (int *width,
                       int *height)
{
  GtkWindow *toplevel = g_object_ref (GTK_WINDOW (fifolab_window_new (app)));

  gtk_window_present (toplevel);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (toplevel), TIMEOUT_MS));
  gtk_window_get_default_size (toplevel, width, height);
  gtk_window_close (toplevel);
  /* Gone once a holder scan started while it was shown has come back
   * cancelled. */
  g_assert_true (fifolab_test_unref_finalized (toplevel, TIMEOUT_MS));
}

/* window-width and window-height: the schema refuses sizes GTK refuses (a
 * negative one gave a Gtk-CRITICAL when the window opened), and the window
 * opens without a warning at both ends of the range. */
static void
test_size_settings (Fixture       *fixture,
                    gconstpointer  data)
{
  GSettings *settings = fifolab_application_get_settings (app);
  g_autoptr(GSettingsSchema) schema = NULL;
  const char *keys[] = { "window-width", "window-height" };
  const gint32 refused[] = { G_MININT32, -5, -1, 0, 32768, G_MAXINT32 };
  int width, height;

  g_object_get (settings, "settings-schema", &schema, NULL);

  /* A schema without a range takes a negative size: show what the window
   * makes of it. With the range this cannot be written at all. */
  {
    g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, "window-width");
    g_autoptr(GVariant) negative = g_variant_ref_sink (g_variant_new_int32 (-5));

    if (g_settings_schema_key_range_check (key, negative))
      {
        g_test_message ("the schema takes window-width -5; opening a window with it");
        g_settings_set_int (settings, "window-width", -5);
        g_settings_set_int (settings, "window-height", -7);
        open_and_close_window (&width, &height);
        g_test_message ("opened with -5 × -7: default size %d × %d", width, height);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, keys[i]);
      g_autoptr(GVariant) default_value = g_settings_schema_key_get_default_value (key);

      for (guint j = 0; j < G_N_ELEMENTS (refused); j++)
        {
          g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_int32 (refused[j]));

          g_test_message ("%s %d", keys[i], refused[j]);
          g_assert_false (g_settings_schema_key_range_check (key, value));
        }
      g_assert_true (g_settings_schema_key_range_check (key, default_value));
    }

  /* The extremes the schema allows open a window without a warning, and the
   * size saved on closing is one the schema takes (else writing it would warn). */
  g_settings_set_int (settings, "window-width", 1);
  g_settings_set_int (settings, "window-height", 1);
  open_and_close_window (&width, &height);
  g_assert_cmpint (width, >=, 1);
  g_assert_cmpint (height, >=, 1);

  g_settings_set_int (settings, "window-width", 32767);
  g_settings_set_int (settings, "window-height", 32767);
  open_and_close_window (&width, &height);
  g_assert_cmpint (width, >=, 1);
  g_assert_cmpint (height, >=, 1);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), <=, 32767);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), <=, 32767);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* The New Pipe dialog says where the pipe will be made: a folder named
 * with markup's characters, or bytes that are not text, shown as text
 * (the group's description is markup), from "~" when in the home folder. */
static void
test_new_pipe_folder_text (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "R&D <lab> \xff", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autofree char *shown = fifolab_escape_home_path (path, 0);
  g_autofree char *said = g_strdup_printf ("It will be created in %s.", shown);
  GtkWindow *dialog;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_nonnull (strstr (shown, "R&D <lab> "));
  dialog = g_object_ref (GTK_WINDOW (fifolab_new_pipe_dialog_new (GTK_WINDOW (window), folder)));
  gtk_window_present (dialog);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (dialog), TIMEOUT_MS));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (dialog), said));
  gtk_window_destroy (dialog);
  g_assert_finalize_object (dialog);
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

/* Each type goes away with its last reference: nothing leaks a reference. */
static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "short_lived");
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabPipeInfo) info = fifolab_pipe_info_new_for_path (path, &error);
  FifolabApplication *other_app;
  GtkWidget *widget;
  GtkWindow *toplevel;

  g_assert_no_error (error);

  widget = g_object_ref_sink (fifolab_pipe_row_new ());
  fifolab_pipe_row_set_session (FIFOLAB_PIPE_ROW (widget), fifolab_application_get_session (app));
  fifolab_pipe_row_set_info (FIFOLAB_PIPE_ROW (widget), info);
  g_assert_finalize_object (widget);

  widget = g_object_ref_sink (fifolab_pipe_details_new ());
  fifolab_pipe_details_set_session (FIFOLAB_PIPE_DETAILS (widget), fifolab_application_get_session (app));
  fifolab_pipe_details_set_info (FIFOLAB_PIPE_DETAILS (widget), info);
  g_assert_finalize_object (widget);

  toplevel = g_object_ref (GTK_WINDOW (fifolab_new_pipe_dialog_new (GTK_WINDOW (window), folder)));
  gtk_window_present (toplevel);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (toplevel), TIMEOUT_MS));
  gtk_window_destroy (toplevel);
  g_assert_finalize_object (toplevel);

  toplevel = g_object_ref (GTK_WINDOW (fifolab_preferences_window_new (app)));
  gtk_window_present (toplevel);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (toplevel), TIMEOUT_MS));
  gtk_window_destroy (toplevel);
  g_assert_finalize_object (toplevel);

  /* A second main window on the same application, shown, then closed. */
  toplevel = g_object_ref (GTK_WINDOW (fifolab_window_new (app)));
  gtk_window_present (toplevel);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (toplevel), TIMEOUT_MS));
  gtk_window_destroy (toplevel);
  /* Gone once a holder scan started while it was shown has come back
   * cancelled. */
  g_assert_true (fifolab_test_unref_finalized (toplevel, TIMEOUT_MS));

  other_app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTestOther", G_APPLICATION_NON_UNIQUE);
  g_assert_finalize_object (other_app);
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/window/create-from-dialog", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_create_from_dialog, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/deleted-while-reading", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_deleted_while_reading, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/errors-kept", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_errors_kept, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/main-menu", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_main_menu, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/lessons-left", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_lessons_left, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/folder-deleted", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_folder_deleted, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/delete-pipe", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_delete_pipe, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/new-pipe-folder-text", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_new_pipe_folder_text, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/new-destroy", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_new_destroy, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/pipe-elsewhere", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_pipe_elsewhere, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/lesson-pipes-apart", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_lesson_pipes_apart, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/size-settings", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_size_settings, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
