/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The textbook exchange with the keyboard alone (issue 13), as a person
 * without a pointer does it, with real key events (XTEST, through xdotool):
 * create my_pipe (Ctrl+N, its name, Enter), read it with FIFO Lab (the
 * side pane's Details page, Alt+1), start a peer writer from the Processes
 * tab (Alt+2), send Hello from the compose bar, find the received Hello in
 * the log (Ctrl+F, Enter), inspect it and copy its text, show the lessons'
 * stage (F1), open the preferences (Ctrl+,) and close them (Escape), go back
 * to the log (Escape), show the stage again, run its step (Enter) and go on
 * to the next (Enter on Next), and go back to the log (Alt+B). After each
 * step: where the focus is, and what the window shows. At 1280 x 800, and
 * (--size 799x600) where the side pane folds over the log: a pixel
 * narrower than the 800 px of window from which it stands beside it.
 * Controls are reached with Tab and Shift+Tab, a bounded number of times,
 * never by a pointer or by calling an action. */
#include "config.h"

#include <glib/gi18n.h>
#include <gdk/x11/gdkx.h>
#include <stdio.h>
#include <string.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-compose-bar.h"
#include "fifolab-entry-details.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-log-view-private.h"
#include "fifolab-new-pipe-dialog.h"
#include "fifolab-preferences-window.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000
/* The most Tab presses from one control to the next one a step needs. */
#define MAX_TABS 60

static FifolabApplication *app;
static FifolabWindow *window;
/* The window's size, --size WxH: 1280 x 800, or 799 x 600, where the side
 * pane folds over the log. */
static int walk_width = 1280;
static int walk_height = 800;

typedef FifolabUiWindowFixture Fixture;

/* Types @text into @toplevel (focused first) as a keyboard would. */
static void
type_text (GtkWindow  *toplevel,
           const char *text)
{
  fifolab_ui_test_xdotool (toplevel, TIMEOUT_MS, "type", "--delay", "20", text, NULL);
}

static GtkWidget *
focus_of (GtkWindow *toplevel)
{
  return gtk_root_get_focus (GTK_ROOT (toplevel));
}

typedef struct
{
  GtkWindow *toplevel;
  GtkWidget *was;
} FocusMove;

static gboolean
focus_moved_cb (gpointer data)
{
  FocusMove *move = data;

  return focus_of (move->toplevel) != move->was;
}

/* Presses @key (Tab or shift+Tab) until the focus is in @target, waiting
 * each time for the focus to move; fails after MAX_TABS. Returns the
 * presses. */
static guint
tab_to (GtkWidget  *target,
        const char *key)
{
  guint presses = 0;

  while (!fifolab_ui_test_focus_in (target))
    {
      FocusMove move = { GTK_WINDOW (window), focus_of (GTK_WINDOW (window)) };

      g_assert_cmpuint (presses, <, MAX_TABS);
      fifolab_ui_test_press_keys (GTK_WINDOW (window), key, TIMEOUT_MS);
      g_assert_true (fifolab_test_wait_until (focus_moved_cb, &move, TIMEOUT_MS));
      presses++;
    }
  g_test_message ("%u × %s to a %s", presses, key, G_OBJECT_TYPE_NAME (target));
  return presses;
}

/* Whether @widget is a button shown whose label (as written, with its
 * mnemonic's underline: "_Read", in Chinese "读取(_R)") or accessible name
 * is @name. */
static gboolean
is_button_saying (GtkWidget     *widget,
                  gconstpointer  name)
{
  const char *label;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;
  if (fifolab_ui_test_is_button_named (widget, name))
    return TRUE;
  label = gtk_button_get_label (GTK_BUTTON (widget));
  if (label == NULL)
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (GTK_IS_LABEL (child))
        label = gtk_label_get_label (GTK_LABEL (child));
    }
  return g_strcmp0 (label, name) == 0;
}

static GtkWidget *
button_saying (const char *name)
{
  GtkWidget *button = fifolab_ui_test_find_widget (GTK_WIDGET (window), is_button_saying, name);

  if (button == NULL)
    g_test_message ("no button says “%s”", name);
  g_assert_nonnull (button);
  return button;
}

static gboolean
button_shown_cb (gpointer name)
{
  return fifolab_ui_test_find_widget (GTK_WIDGET (window), is_button_saying, name) != NULL;
}

static gboolean
editable_says_hello_cb (gpointer editable)
{
  return g_strcmp0 (gtk_editable_get_text (editable), "Hello") == 0;
}

static gboolean
pipe_selected_cb (gpointer path)
{
  FifolabPipeInfo *info = gtk_single_selection_get_selected_item (window->selection);

  return info != NULL && g_strcmp0 (fifolab_pipe_info_get_path (info), path) == 0;
}

static gboolean
side_page_is_cb (gpointer name)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (window->side_stack), name) == 0;
}

/* The received message of @path whose bytes are @text. */
typedef struct
{
  const char *path;
  const char *text;
  gboolean    prefix;
} Received;

/* Transfer full. */
static FifolabLogEntry *
find_received (const Received *query)
{
  FifolabLog *log = fifolab_ui_window_test_log ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      const char *text = fifolab_log_entry_get_display_text (entry);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED &&
          g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), query->path) == 0 &&
          (query->prefix ? g_str_has_prefix (text, query->text) : g_str_equal (text, query->text)))
        return g_steal_pointer (&entry);
    }
  return NULL;
}

static gboolean
received_cb (gpointer data)
{
  g_autoptr(FifolabLogEntry) entry = find_received (data);

  return entry != NULL;
}

static FifolabLogView *
log_view (void)
{
  return FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window));
}

/* A row's text drawn in the log (an inscription) that is @text. */
static gboolean
is_inscription_saying (GtkWidget     *widget,
                       gconstpointer  text)
{
  return GTK_IS_INSCRIPTION (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0;
}

/* The entry selected in the log, when exactly one is (transfer full). */
static FifolabLogEntry *
selected_entry (void)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (log_view ()->selection);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

  if (gtk_bitset_get_size (selected) != 1)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_nth (selected, 0));
}

/* Whether @a and @b are the same entry of the log. */
static gboolean
same_entry (FifolabLogEntry *a,
            FifolabLogEntry *b)
{
  return a != NULL && b != NULL && fifolab_log_entry_get_serial (a) == fifolab_log_entry_get_serial (b);
}

typedef struct
{
  FifolabLogEntry *was;
} SelectionMove;

static gboolean
selection_moved_cb (gpointer data)
{
  SelectionMove *move = data;
  g_autoptr(FifolabLogEntry) now = selected_entry ();

  return now != NULL && !same_entry (now, move->was);
}

static gboolean
search_settled_cb (gpointer data)
{
  FifolabLogView *view = data;

  return g_strcmp0 (fifolab_log_filter_get_search_text (view->filter), "Hello") == 0 &&
         gtk_filter_list_model_get_pending (view->filter_model) == 0;
}

typedef struct
{
  gboolean done;
  char    *text;
} ClipboardRead;

static void
flag_set_cb (gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

static void
count_cb (gpointer count)
{
  (*(guint *) count)++;
}

static gboolean
search_closed_again_cb (gpointer changes)
{
  return *(guint *) changes >= 2 && !fifolab_log_view_get_search_mode (log_view ());
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
inspector_shows_cb (gpointer data)
{
  FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (log_view ());

  return gtk_widget_is_drawable (GTK_WIDGET (inspector)) &&
         same_entry (fifolab_entry_details_get_entry (inspector), data) &&
         fifolab_ui_test_shows_text (GTK_WIDGET (inspector), "Hello");
}

static gboolean
inspector_hidden_cb (gpointer data)
{
  return !fifolab_log_view_get_show_inspector (log_view ()) &&
         !gtk_widget_is_drawable (GTK_WIDGET (fifolab_log_view_get_inspector (log_view ())));
}

static gboolean
stage_shown_cb (gpointer data)
{
  return _fifolab_window_get_stage_shown (window) && fifolab_ui_test_lesson_shown (window);
}

static gboolean
log_shown_cb (gpointer data)
{
  return !_fifolab_window_get_stage_shown (window) && gtk_widget_is_drawable (GTK_WIDGET (log_view ()));
}

static gboolean
is_lesson_button (GtkWidget  *widget,
                  const char *action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
is_lesson_run_button (GtkWidget *widget)
{
  return is_lesson_button (widget, "lessons.run");
}

/* The focus is on the lessons' button of the action @data, sensitive. */
static gboolean
focus_on_lesson_button_cb (gpointer data)
{
  GtkWidget *focus = focus_of (GTK_WINDOW (window));

  return focus != NULL && is_lesson_button (focus, data) && gtk_widget_is_sensitive (focus);
}

static guint
lesson_current (FifolabLessonsPage *page)
{
  return fifolab_lesson_get_current (fifolab_lessons_page_get_lesson (page));
}

static gboolean
lesson_moved_cb (gpointer data)
{
  FifolabLessonsPage *page = fifolab_ui_test_lessons_page (GTK_WIDGET (window));

  return page != NULL && fifolab_lessons_page_get_lesson (page) != NULL &&
         lesson_current (page) != GPOINTER_TO_UINT (data);
}

/* The side pane, folded over the log, shown in place or hidden. */
static gboolean
side_pane_in_cb (gpointer data)
{
  return adw_flap_get_reveal_flap (window->side_flap) && adw_flap_get_reveal_progress (window->side_flap) >= 1.0;
}

static gboolean
side_pane_out_cb (gpointer data)
{
  return !adw_flap_get_reveal_flap (window->side_flap) && adw_flap_get_reveal_progress (window->side_flap) <= 0.0;
}

/* Alt+@digit: the side pane's page @name shown, in place, the focus in it. */
static void
side_page_by_key (const char *keys,
                  const char *name)
{
  GtkWidget *page;

  fifolab_ui_test_press_keys (GTK_WINDOW (window), keys, TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (side_page_is_cb, (gpointer) name, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (side_pane_in_cb, NULL, TIMEOUT_MS));
  page = gtk_stack_get_visible_child (window->side_stack);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_focus_in_cb, page, TIMEOUT_MS));
  g_test_message ("%s: the %s page, the focus on a %s in it", keys, name,
                  G_OBJECT_TYPE_NAME (focus_of (GTK_WINDOW (window))));
}

static gboolean
lesson_step_done_cb (gpointer data)
{
  FifolabLessonsPage *page = data;
  FifolabLesson *lesson = NULL;

  g_object_get (page, "lesson", &lesson, NULL);
  if (lesson == NULL)
    return FALSE;
  g_object_unref (lesson);
  return fifolab_lesson_is_step_done (lesson, fifolab_lesson_get_current (lesson));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      /* The list holds it. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
toplevel_focused_cb (gpointer data)
{
  GtkWindow *toplevel = find_toplevel (*(GType *) data);

  return toplevel != NULL && gtk_window_is_active (toplevel) && focus_of (toplevel) != NULL;
}

static gboolean
toplevel_gone_cb (gpointer data)
{
  return find_toplevel (*(GType *) data) == NULL;
}

/* The exchange, at the size --size gave. */
static void
test_exchange (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "my_pipe", NULL);
  GType dialog_type = FIFOLAB_TYPE_NEW_PIPE_DIALOG;
  GType prefs_type = FIFOLAB_TYPE_PREFERENCES_WINDOW;
  GtkWidget *compose = _fifolab_window_get_compose_bar (window);
  GtkWindow *dialog;
  GtkWidget *read_button, *writer_button, *message, *focus, *on_log, *before;
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autoptr(FifolabLogEntry) selected = NULL;
  FifolabLessonsPage *page;
  ClipboardRead clip = { FALSE, NULL };
  Received peer_message = { path, "Hello from pid [", TRUE };
  Received hello = { path, "Hello", FALSE };
  g_autofree char *expected = NULL;
  gboolean copied = FALSE;
  guint search_changes = 0;
  gulong changed;
  guint step;

  g_object_set (window, "show-details", TRUE, NULL);
  fifolab_ui_window_test_resize (walk_width, walk_height);
  g_test_message ("%d x %d: the side pane %s", walk_width, walk_height,
                  adw_flap_get_folded (window->side_flap) ? "folded over the log" : "beside the log");

  /* Ctrl+N: the New Pipe dialog, the focus on its name; the name, Enter:
   * the pipe made, listed and selected, the dialog gone. */
  before = focus_of (GTK_WINDOW (window));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+n", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (toplevel_focused_cb, &dialog_type, TIMEOUT_MS));
  dialog = find_toplevel (dialog_type);
  g_assert_true (GTK_IS_EDITABLE (focus_of (dialog)) ||
                 GTK_IS_EDITABLE (gtk_widget_get_ancestor (focus_of (dialog), GTK_TYPE_EDITABLE)) ||
                 GTK_IS_TEXT (focus_of (dialog)));
  type_text (dialog, "my_pipe");
  fifolab_ui_test_press_keys (dialog, "Return", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, path, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (toplevel_gone_cb, &dialog_type, TIMEOUT_MS));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (fifolab_compose_bar_get_target (FIFOLAB_COMPOSE_BAR (compose)), ==, path);
  /* Back in the window, the pipe made selected in the browser; the focus
   * on its row where the browser shows (as a file manager puts it on a new
   * folder), where it was before Ctrl+N where the browser, folded, stepped
   * aside once the pipe was chosen. */
  g_assert_true (fifolab_test_wait_until (pipe_selected_cb, path, TIMEOUT_MS));
  if (adw_flap_get_reveal_flap (window->browser_flap))
    {
      g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_focus_on_pipe_row, path, TIMEOUT_MS));
      g_test_message ("Ctrl+N: the focus on the new pipe's row");
    }
  else
    g_assert_true (focus_of (GTK_WINDOW (window)) == before);

  /* Alt+1: the side pane's Details page (folded, shown over the log), the
   * focus in it; FIFO Lab's Read, by Tab: it waits for a writer. */
  side_page_by_key ("alt+1", "details");
  read_button = button_saying (_("_Read"));
  tab_to (read_button, "Tab");
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "space", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_reader_waiting, path, TIMEOUT_MS));

  /* Alt+2: the Processes tab, the focus in it; Start Writer: a peer
   * writes the book's message, FIFO Lab reads it. */
  side_page_by_key ("alt+2", "processes");
  g_assert_true (fifolab_test_wait_until (button_shown_cb, (gpointer) _("Start _Writer"), TIMEOUT_MS));
  writer_button = button_saying (_("Start _Writer"));
  tab_to (writer_button, "Tab");
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "space", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (received_cb, &peer_message, TIMEOUT_MS));
  entry = find_received (&peer_message);
  /* A process of its own wrote it, its pid in the message. */
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), >, 0);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), !=, getpid ());
  expected = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", fifolab_log_entry_get_sender_pid (entry));
  g_assert_cmpstr (fifolab_log_entry_get_display_text (entry), ==, expected);

  /* Folded over the log, the side pane closes with Escape. */
  if (adw_flap_get_folded (window->side_flap))
    {
      fifolab_ui_test_press_keys (GTK_WINDOW (window), "Escape", TIMEOUT_MS);
      g_assert_true (fifolab_test_wait_until (side_pane_out_cb, NULL, TIMEOUT_MS));
    }

  /* The compose bar's message, by Shift+Tab; Hello, Ctrl+Enter: sent, and
   * received by FIFO Lab's reader. */
  message = fifolab_ui_test_find_descendant (compose, GTK_TYPE_ENTRY);
  g_assert_nonnull (message);
  tab_to (message, "shift+Tab");
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+a", TIMEOUT_MS);
  type_text (GTK_WINDOW (window), "Hello");
  g_assert_true (fifolab_test_wait_until (editable_says_hello_cb, message, TIMEOUT_MS));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+Return", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (received_cb, &hello, TIMEOUT_MS));

  /* Ctrl+F and Escape in one burst, a search opened by mistake: it opens
   * and closes before its first frame. */
  changed = g_signal_connect_swapped (log_view (), "notify::search-mode", G_CALLBACK (count_cb), &search_changes);
  fifolab_ui_test_xdotool (GTK_WINDOW (window), TIMEOUT_MS, "key", "--clearmodifiers", "--delay", "0",
                           "ctrl+f", "Escape", NULL);
  g_assert_true (fifolab_test_wait_until (search_closed_again_cb, &search_changes, TIMEOUT_MS));
  g_signal_handler_disconnect (log_view (), changed);

  /* Ctrl+F, Hello: three entries shown (the peer's, and Hello sent and
   * received); Enter: the focus on the list, the first of them selected;
   * Down to the received Hello. */
  /* Ctrl+F, Hello and Enter in one burst, as fast as a person who knows
   * the keys: all of them reach the window before the search bar's first
   * frame shows its entry. None is lost (the first letters were, the first
   * time, and then the Enter). */
  fifolab_ui_test_xdotool (GTK_WINDOW (window), TIMEOUT_MS, "key", "--clearmodifiers", "--delay", "0",
                           "ctrl+f", "shift+h", "e", "l", "l", "o", "Return", NULL);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_focus_in_cb, log_view ()->column_view, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (editable_says_hello_cb, log_view ()->search_entry, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (search_settled_cb, log_view (), TIMEOUT_MS));
  selected = selected_entry ();
  g_assert_nonnull (selected);
  g_clear_object (&entry);
  entry = g_list_model_get_item (G_LIST_MODEL (log_view ()->filter_model), 0);
  g_assert_true (same_entry (selected, entry));
  g_test_message ("Enter: %u entries found, the first selected: “%s”",
                  g_list_model_get_n_items (G_LIST_MODEL (log_view ()->filter_model)),
                  fifolab_log_entry_get_display_text (selected));
  g_clear_object (&entry);
  entry = find_received (&hello);
  for (guint downs = 0; !same_entry (selected, entry); downs++)
    {
      SelectionMove move = { selected };

      g_assert_cmpuint (downs, <, g_list_model_get_n_items (G_LIST_MODEL (log_view ()->filter_model)));
      fifolab_ui_test_press_keys (GTK_WINDOW (window), "Down", TIMEOUT_MS);
      g_assert_true (fifolab_test_wait_until (selection_moved_cb, &move, TIMEOUT_MS));
      g_clear_object (&selected);
      selected = selected_entry ();
      g_assert_true (fifolab_ui_test_focus_in (GTK_WIDGET (log_view ()->column_view)));
    }
  g_assert_nonnull (fifolab_ui_test_find_widget (GTK_WIDGET (log_view ()->column_view), is_inscription_saying, "Hello"));

  /* The inspector (Ctrl+I shows and hides it) shows the entry; its text
   * copied (Shift+Ctrl+C). */
  if (!fifolab_log_view_get_show_inspector (log_view ()))
    fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+i", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (inspector_shows_cb, entry, TIMEOUT_MS));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+i", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (inspector_hidden_cb, NULL, TIMEOUT_MS));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+i", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (inspector_shows_cb, entry, TIMEOUT_MS));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "");
  changed = g_signal_connect_swapped (gtk_widget_get_clipboard (GTK_WIDGET (window)), "changed",
                                      G_CALLBACK (flag_set_cb), &copied);
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "shift+ctrl+c", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_for (&copied, TIMEOUT_MS));
  g_signal_handler_disconnect (gtk_widget_get_clipboard (GTK_WIDGET (window)), changed);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL, clipboard_read_cb, &clip);
  g_assert_true (fifolab_test_wait_for (&clip.done, TIMEOUT_MS));
  g_assert_cmpstr (clip.text, ==, "Hello");
  g_free (clip.text);
  on_log = focus_of (GTK_WINDOW (window));
  g_assert_true (fifolab_ui_test_focus_in (GTK_WIDGET (log_view ()->column_view)));

  /* F1: the lessons' stage, the focus on its step's button. */
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "F1", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (stage_shown_cb, NULL, TIMEOUT_MS));
  page = fifolab_ui_test_lessons_page (GTK_WIDGET (window));
  focus = focus_of (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)));
  g_assert_true (is_lesson_run_button (focus));
  g_assert_true (gtk_widget_is_sensitive (focus));

  /* Ctrl+,: the preferences, focused; Escape closes them, the focus back
   * in the window where it was. */
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+comma", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (toplevel_focused_cb, &prefs_type, TIMEOUT_MS));
  fifolab_ui_test_press_keys (find_toplevel (prefs_type), "Escape", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (toplevel_gone_cb, &prefs_type, TIMEOUT_MS));
  g_assert_true (focus_of (GTK_WINDOW (window)) == focus);

  /* Escape on the stage: back to the log, the focus where it was. */
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "Escape", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (log_shown_cb, NULL, TIMEOUT_MS));
  g_assert_true (focus_of (GTK_WINDOW (window)) == on_log);

  /* F1 again, Enter: the step runs. Its button turns insensitive: the
   * focus goes to Next (not nowhere, the next Tab at the header); Enter
   * again: the next step, the focus on its button. Back to the Log's
   * mnemonic, Alt+B: the focus back on the log where it was. */
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "F1", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (stage_shown_cb, NULL, TIMEOUT_MS));
  page = fifolab_ui_test_lessons_page (GTK_WIDGET (window));
  g_assert_true (is_lesson_run_button (focus_of (GTK_WINDOW (window))));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "Return", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (lesson_step_done_cb, page, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (focus_on_lesson_button_cb, (gpointer) "lessons.next", TIMEOUT_MS));
  step = lesson_current (page);
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "Return", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (lesson_moved_cb, GUINT_TO_POINTER (step), TIMEOUT_MS));
  g_assert_cmpuint (lesson_current (page), ==, step + 1);
  g_assert_true (fifolab_test_wait_until (focus_on_lesson_button_cb, (gpointer) "lessons.run", TIMEOUT_MS));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "alt+b", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (log_shown_cb, NULL, TIMEOUT_MS));
  g_assert_true (focus_of (GTK_WINDOW (window)) == on_log);

  fifolab_ui_window_test_resize (1180, 720);
}

int
main (int   argc,
      char *argv[])
{
  /* --size WxH, taken out before the test framework sees the arguments. */
  for (int i = 1; i + 1 < argc; i++)
    if (g_str_equal (argv[i], "--size"))
      {
        g_assert_cmpint (sscanf (argv[i + 1], "%dx%d", &walk_width, &walk_height), ==, 2);
        memmove (&argv[i], &argv[i + 2], (argc - i - 1) * sizeof (char *));
        argc -= 2;
        break;
      }

  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/keyboard-walk/exchange", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_exchange, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
