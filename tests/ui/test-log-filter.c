/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 13: the log view's filters (pid, regular expression, combined), the
 * memory cap evicting under a real flood with what it evicted on the status
 * line, and the export format taken from the file type chosen in the dialog.
 * Everything is read from the widgets on screen. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "fifolab.h"
#include "fifolab-export-file.h"
#include "fifolab-log-view.h"
#include "fifolab-pipe-details.h"
#include "fifolab-ui-test-util.h"

/* Only bounds a failure. */
#define TIMEOUT_MS 30000
#define PIPE_A "/tmp/lab/pipe-a"
#define PIPE_B "/tmp/lab/pipe-b"

typedef struct
{
  GtkWindow      *window;
  FifolabLogView *view;
  FifolabLog     *log;
  /* The context of the log's own announcements when the test runs it by
   * hand (fixture_setup_by_hand()), else NULL. */
  GMainContext   *log_context;
} Fixture;

static void
append_from (FifolabLog       *log,
             FifolabDirection  direction,
             const char       *pipe,
             gint64            sender,
             gint64            receiver,
             const char       *text)
{
  fifolab_log_append (log, direction, FIFOLAB_EVENT_NONE, 0, pipe, sender, receiver,
                      g_get_real_time (), g_get_monotonic_time (),
                      (const guint8 *) text, strlen (text));
}

static void
fixture_present (Fixture *fixture)
{
  fixture->view = fifolab_log_view_new ();
  fifolab_log_view_set_log (fixture->view, fixture->log);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 400);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (fixture->view), TIMEOUT_MS));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->log = fifolab_log_new ();
  fixture_present (fixture);
}

/* A log that announces only when told (fifolab_log_flush()), until the test
 * runs its context: its own announcements wait there, where nothing else
 * dispatches them. */
static void
fixture_setup_by_hand (Fixture       *fixture,
                       gconstpointer  data)
{
  fixture->log_context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->log_context);
  fixture->log = fifolab_log_new ();
  g_main_context_pop_thread_default (fixture->log_context);
  fixture_present (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_destroy (fixture->window);
  fifolab_test_run_for (20);
  g_assert_null (fixture->view);
  g_clear_object (&fixture->log);
  g_clear_pointer (&fixture->log_context, g_main_context_unref);
}

static gboolean
wait_n_shown (FifolabLogView *view,
              guint           n)
{
  return fifolab_ui_test_wait_n_items (fifolab_log_view_get_shown_model (view), n, TIMEOUT_MS);
}

/* The status line: the label of the log's status box. */
static GtkLabel *
status_label (FifolabLogView *view)
{
  GtkWidget *label = NULL;

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (view)); w != NULL && label == NULL; )
    {
      if (gtk_widget_has_css_class (w, "fifolab-log-status"))
        label = fifolab_ui_test_find_descendant (w, GTK_TYPE_LABEL);
      else if (gtk_widget_get_first_child (w) != NULL)
        {
          w = gtk_widget_get_first_child (w);
          continue;
        }
      while (w != NULL && gtk_widget_get_next_sibling (w) == NULL && w != GTK_WIDGET (view))
        w = gtk_widget_get_parent (w);
      if (w == NULL || w == GTK_WIDGET (view))
        break;
      w = gtk_widget_get_next_sibling (w);
    }
  g_assert_nonnull (label);
  return GTK_LABEL (label);
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelQuery;

static gboolean
label_is (gpointer data)
{
  LabelQuery *query = data;

  return g_strcmp0 (gtk_label_get_text (query->label), query->text) == 0;
}

static gboolean
wait_status (FifolabLogView *view,
             const char     *text)
{
  LabelQuery query = { status_label (view), text };
  gboolean ok = fifolab_test_wait_until (label_is, &query, TIMEOUT_MS);

  if (!ok)
    g_test_message ("status: “%s”, expected “%s”", gtk_label_get_text (query.label), text);
  return ok;
}

static GtkToggleButton *
find_toggle (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_TOGGLE_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *found = find_toggle (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkEditable *
search_entry (FifolabLogView *view)
{
  GtkWidget *entry = fifolab_ui_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

/* The pid entry: the one plain GtkEntry of the filter row. */
static GtkEditable *
pid_entry (FifolabLogView *view)
{
  GtkWidget *entry = fifolab_ui_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_ENTRY);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

static void
fill_log (FifolabLog *log)
{
  append_from (log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, 100, 900, "Hello from pid [100]");
  append_from (log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, 200, 900, "Hello from pid [200]");
  append_from (log, FIFOLAB_DIRECTION_SENT, PIPE_B, 900, -1, "Torn message from 900");
  append_from (log, FIFOLAB_DIRECTION_RECEIVED, PIPE_B, 100, 900, "Goodbye from pid [100]");
  fifolab_log_append_event (log, FIFOLAB_EVENT_END_OF_STREAM, PIPE_A, NULL);
  fifolab_log_flush (log);
}

/* A frame that takes longer than the screen's interval, each frame: the
 * window of a slow or busy machine while a text cursor blinks. */
static gboolean
slow_frame_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  g_usleep (25 * G_TIME_SPAN_MILLISECOND);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  FifolabLogView *view;
  guint           n;
} Shown;

static gboolean
shown_settled (gpointer data)
{
  Shown *shown = data;
  GListModel *model = fifolab_log_view_get_shown_model (shown->view);

  return g_list_model_get_n_items (model) == shown->n &&
         gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (model)) == 0;
}

/* A search, then a pipe, typed while the window draws frame after frame,
 * each slower than the screen's interval: each applies at once, and stays
 * so while the frames go on. It did not apply until the frames paused:
 * never, here, nor for ten seconds of a blinking cursor. */
static void
test_filter_busy_frames (Fixture       *fixture,
                         gconstpointer  data)
{
  GListModel *shown = fifolab_log_view_get_shown_model (fixture->view);
  Shown hello = { fixture->view, 1000 };
  Shown pipe_b = { fixture->view, 500 };
  guint tick;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Hello from pid [%u]", 1000 + i);

      append_from (fixture->log, FIFOLAB_DIRECTION_RECEIVED, i % 2 ? PIPE_A : PIPE_B, 1000 + i, 99, text);
      append_from (fixture->log, FIFOLAB_DIRECTION_RECEIVED, i % 2 ? PIPE_A : PIPE_B, 1000 + i, 99, "Goodbye");
    }
  g_assert_true (wait_n_shown (fixture->view, 2000));
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (fixture->window), slow_frame_cb, NULL, NULL);
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->view), 2, TIMEOUT_MS);

  fifolab_log_view_set_search_text (fixture->view, "Hello");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1000);
  g_assert_cmpuint (gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (shown)), ==, 0);
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->view), 3, TIMEOUT_MS);
  g_assert_true (shown_settled (&hello));

  fifolab_log_view_set_search_text (fixture->view, NULL);
  fifolab_log_view_set_pipe_filter (fixture->view, PIPE_B);
  g_assert_true (shown_settled (&(Shown) { fixture->view, 1000 }));
  fifolab_log_view_set_search_text (fixture->view, "Hello");
  g_assert_true (shown_settled (&pipe_b));
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->view), 3, TIMEOUT_MS);
  g_assert_true (shown_settled (&pipe_b));

  gtk_widget_remove_tick_callback (GTK_WIDGET (fixture->window), tick);
}

typedef struct
{
  GListModel *model;
  guint       n;     /* as told by items-changed */
} Told;

static void
told_items_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Told       *told)
{
  g_assert_cmpuint (told->n, >=, removed);
  told->n = told->n - removed + added;
  g_assert_cmpuint (told->n, ==, g_list_model_get_n_items (model));
}

static gboolean
told_settled (gpointer data)
{
  Told *told = data;

  return gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (told->model)) == 0;
}

/* A search on more entries than are filtered at once goes on in steps;
 * the log's cap then evicts entries until fewer are left, and the view
 * filters the rest at once. Every change of what is shown is told to the
 * list (GTK 4.8 filtered the rest without telling it when its filtering
 * was made not incremental while it went on: the list then showed rows
 * the model no longer had). */
static void
test_filter_fewer_while_filtering (Fixture       *fixture,
                                   gconstpointer  data)
{
  GListModel *shown = fifolab_log_view_get_shown_model (fixture->view);
  const guint many = 20500, fewer = 19000;
  Told told = { shown, 0 };
  guint n_hello = 0;
  gulong changed;

  for (guint i = 0; i < many; i++)
    append_from (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, 1000, 99, i % 2 ? "Hello" : "Goodbye");
  g_assert_true (wait_n_shown (fixture->view, many));
  told.n = g_list_model_get_n_items (shown);
  changed = g_signal_connect (shown, "items-changed", G_CALLBACK (told_items_changed_cb), &told);

  fifolab_log_view_set_search_text (fixture->view, "Hello");
  g_assert_cmpuint (gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (shown)), >, 0);
  fifolab_log_set_cap (fixture->log, fewer);
  fifolab_log_flush (fixture->log);
  g_assert_true (fifolab_test_wait_until (told_settled, &told, TIMEOUT_MS));
  /* The cap evicts the oldest entries (in batches: it may leave a few
   * more than it keeps), down to fewer than the 20,000 filtered at once. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), <, 20000);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), i);

      if (g_str_equal (fifolab_log_entry_get_display_text (entry), "Hello"))
        n_hello++;
    }
  g_test_message ("%u shown of %u in the log, %u of them Hello", g_list_model_get_n_items (shown),
                  g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), n_hello);
  g_assert_true (wait_n_shown (fixture->view, n_hello));
  g_assert_cmpuint (told.n, ==, n_hello);

  g_signal_handler_disconnect (shown, changed);
}

static void
test_filter_pid (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkEditable *pid;

  fill_log (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 5));
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  pid = pid_entry (fixture->view);

  /* The claimed sender or the receiver. */
  gtk_editable_set_text (pid, "100");
  g_assert_true (wait_n_shown (fixture->view, 2));
  g_assert_true (wait_status (fixture->view, "2 of 5 entries shown"));
  gtk_editable_set_text (pid, "900");
  g_assert_true (wait_n_shown (fixture->view, 4));
  gtk_editable_set_text (pid, "4");
  g_assert_true (wait_n_shown (fixture->view, 0));

  /* Not digits: said on the entry, and no pid filtered. */
  gtk_editable_set_text (pid, "12a");
  g_assert_true (wait_n_shown (fixture->view, 5));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (pid), "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (pid)));

  gtk_editable_set_text (pid, "");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (pid), "error"));
  g_assert_true (wait_status (fixture->view, "5 entries"));
}

static gboolean
has_error (gpointer data)
{
  return gtk_widget_has_css_class (data, "error");
}

static void
test_filter_regex (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkToggleButton *regex;
  GtkEditable *search;
  const char *tooltip;

  fill_log (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 5));
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  search = search_entry (fixture->view);
  regex = find_toggle (root, ".*");
  g_assert_nonnull (regex);

  /* Plain text: ".*" is two characters no entry holds. */
  gtk_editable_set_text (search, "pid \\[[12]00\\]$");
  g_assert_true (wait_n_shown (fixture->view, 0));

  /* A regular expression, any case. */
  gtk_toggle_button_set_active (regex, TRUE);
  g_assert_true (wait_n_shown (fixture->view, 3));
  gtk_editable_set_text (search, "^(hello|goodbye) FROM pid \\[100\\]$");
  g_assert_true (wait_n_shown (fixture->view, 2));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (search), "error"));

  /* Invalid: an error on the entry (once the search entry passes the text
   * on), nothing hidden, no crash. */
  gtk_editable_set_text (search, "Hello (from");
  g_assert_true (fifolab_test_wait_until (has_error, search, TIMEOUT_MS));
  g_assert_true (wait_n_shown (fixture->view, 5));
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (search));
  g_assert_nonnull (tooltip);
  g_assert_true (g_str_has_prefix (tooltip, "Invalid regular expression: "));
  g_assert_true (wait_status (fixture->view, "5 entries"));

  /* Fixed: the error goes. */
  gtk_editable_set_text (search, "Hello \\(?from");
  g_assert_true (wait_n_shown (fixture->view, 2));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (search), "error"));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (search)));

  /* Back to plain text: the same text is looked for literally. */
  gtk_toggle_button_set_active (regex, FALSE);
  g_assert_true (wait_n_shown (fixture->view, 0));
}

static void
test_filter_combined (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkToggleButton *sent, *events;

  fill_log (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 5));
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  sent = find_toggle (root, "Sent");
  events = find_toggle (root, "Events");
  g_assert_nonnull (sent);
  g_assert_nonnull (events);

  /* Received only, pipe B, pid 100, text "pid": the one entry. */
  gtk_toggle_button_set_active (sent, FALSE);
  gtk_toggle_button_set_active (events, FALSE);
  g_assert_true (wait_n_shown (fixture->view, 3));
  fifolab_log_view_set_pipe_filter (fixture->view, PIPE_B);
  g_assert_true (wait_n_shown (fixture->view, 1));
  gtk_editable_set_text (pid_entry (fixture->view), "100");
  gtk_editable_set_text (search_entry (fixture->view), "goodbye");
  g_assert_true (wait_n_shown (fixture->view, 1));
  g_assert_true (wait_status (fixture->view, "1 of 5 entries shown"));
  gtk_editable_set_text (pid_entry (fixture->view), "200");
  g_assert_true (wait_n_shown (fixture->view, 0));
  g_assert_true (wait_status (fixture->view, "0 of 5 entries shown"));

  /* Closing the search shows everything again. */
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  fifolab_log_view_set_pipe_filter (fixture->view, NULL);
  g_assert_true (wait_n_shown (fixture->view, 5));
  g_assert_true (wait_status (fixture->view, "5 entries"));
}

/* A line of @n 'x' then @tail, as a Lines pipe logs it (no newline). */
static void
append_long (FifolabLog *log,
             gsize       n,
             const char *tail)
{
  g_autoptr(GString) text = g_string_sized_new (n + strlen (tail));

  for (gsize i = 0; i < n; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, tail);
  append_from (log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, 100, 900, text->str);
}

/* The search looks through the whole of each text message, to the framer's
 * largest: it looked only at the display text, cut after 4096 characters,
 * and missed NEEDLE past that ("2 of 7 entries shown"), plain or as a
 * regular expression, and in escaped text as in text shown as it is. */
static void
test_filter_whole_text (Fixture       *fixture,
                        gconstpointer  data)
{
  static const gsize lengths[] = { 1000, 3000, 5000, 20000, 70000 };
  GtkToggleButton *regex;

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *tail = g_strdup_printf ("NEEDLE%" G_GSIZE_FORMAT, lengths[i]);

      append_long (fixture->log, lengths[i], tail);
    }
  /* Escaped: a tab (shown "\t"); a message with one is searched in its
   * first 4096 characters, as the inspector shows it. */
  append_long (fixture->log, 3000, "\tTAIL needle");
  append_long (fixture->log, FIFOLAB_DEFAULT_MAX_MESSAGE - 8, "AB, then");
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 7));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "log.search", NULL));

  gtk_editable_set_text (search_entry (fixture->view), "NEEDLE");
  g_assert_true (wait_status (fixture->view, "6 of 7 entries shown"));
  gtk_editable_set_text (search_entry (fixture->view), "needle70000");
  g_assert_true (wait_status (fixture->view, "1 of 7 entries shown"));
  /* As the inspector shows it. */
  gtk_editable_set_text (search_entry (fixture->view), "\\ttail");
  g_assert_true (wait_status (fixture->view, "1 of 7 entries shown"));

  regex = find_toggle (GTK_WIDGET (fixture->view), ".*");
  g_assert_nonnull (regex);
  gtk_toggle_button_set_active (regex, TRUE);
  gtk_editable_set_text (search_entry (fixture->view), "AB|BA");
  g_assert_true (wait_status (fixture->view, "1 of 7 entries shown"));
  gtk_editable_set_text (search_entry (fixture->view), "^x+needle(5|20)000$");
  g_assert_true (wait_status (fixture->view, "2 of 7 entries shown"));
}

static gboolean
is_menu_button_with_menu (GtkWidget     *widget,
                          gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget)) != NULL;
}

/* The first frame (issue 13): what the closed search bar and the status
 * row's narrower rows would hold is not made with the view; the search's
 * filters are made when it first opens, and work; closed and opened again,
 * they are kept, showing everything again. */
static void
test_filter_made_when_opened (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkWidget *dropdown;
  GListModel *pipes;
  guint pipe_b = GTK_INVALID_LIST_POSITION;

  fill_log (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 5));
  g_assert_null (fifolab_ui_test_find_descendant (root, GTK_TYPE_DROP_DOWN));
  g_assert_null (fifolab_ui_test_find_descendant (root, GTK_TYPE_ENTRY));
  g_assert_null (find_toggle (root, "Sent"));
  g_assert_null (fifolab_ui_test_find_widget (root, is_menu_button_with_menu, NULL));

  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  dropdown = fifolab_ui_test_find_descendant (root, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, dropdown, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, pid_entry (fixture->view), TIMEOUT_MS));

  /* The pipe filter lists the pipes seen, and filters by the one chosen. */
  pipes = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  g_assert_true (fifolab_ui_test_wait_n_items (pipes, 3, TIMEOUT_MS));
  for (guint i = 0; i < g_list_model_get_n_items (pipes); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (pipes), i), PIPE_B) == 0)
      pipe_b = i;
  g_assert_cmpuint (pipe_b, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), pipe_b);
  g_assert_true (wait_n_shown (fixture->view, 2));
  gtk_toggle_button_set_active (find_toggle (root, "Sent"), FALSE);
  g_assert_true (wait_n_shown (fixture->view, 1));

  /* Closed, everything shows; opened again, the same filters, reset. */
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  g_assert_true (wait_n_shown (fixture->view, 5));
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  g_assert_true (fifolab_ui_test_find_descendant (root, GTK_TYPE_DROP_DOWN) == dropdown);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 0);
  g_assert_true (gtk_toggle_button_get_active (find_toggle (root, "Sent")));
  g_assert_true (wait_n_shown (fixture->view, 5));
}

/* The log view laid out as narrow as it goes (the window asked for less),
 * with its search entry shown and allocated in it. The window's resize comes
 * back from the X server in its own time: a slow machine takes longer than a
 * fixed wait. */
static gboolean
search_laid_out_narrow (gpointer data)
{
  FifolabLogView *view = data;
  GtkWidget *search = GTK_WIDGET (search_entry (view));
  int min = 0;

  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return gtk_widget_get_mapped (search) && gtk_widget_get_width (search) > 0 &&
         gtk_widget_get_width (GTK_WIDGET (view)) <= min;
}

/* "Torn" showed as "orn": the search entry keeps room for a word or two
 * in a narrow window. */
static void
test_filter_search_width (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkEditable *search;
  PangoLayout *layout;
  int text_width;

  /* As narrow as the window goes: the entry gets its least width. */
  gtk_window_set_default_size (fixture->window, 200, 400);
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  search = search_entry (fixture->view);
  gtk_editable_set_text (search, "Torn message");
  g_assert_true (fifolab_test_wait_until (search_laid_out_narrow, fixture->view, TIMEOUT_MS));

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (search), "Torn message");
  pango_layout_get_pixel_size (layout, &text_width, NULL);
  g_object_unref (layout);
  {
    int min = 0;

    gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    g_test_message ("the log view is at least %d px wide", min);
  }
  g_test_message ("search entry %d px wide for text of %d px", gtk_widget_get_width (GTK_WIDGET (search)), text_width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (search)), >, text_width);
}

/* The memory cap under a real flood: a writer process (seq) floods a FIFO
 * that the session reads (line framing) into the log; the oldest entries go,
 * and the status line says how many and how much. */
static gboolean
subprocess_done (gpointer data)
{
  return g_object_get_data (data, "done") != NULL;
}

static void
subprocess_wait_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_object_set_data (object, "done", GINT_TO_POINTER (TRUE));
}

static gboolean
log_has_end_of_stream (gpointer data)
{
  FifolabLog *log = data;
  guint n;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = n > 4 ? n - 4 : 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_END_OF_STREAM)
        return TRUE;
    }
  return FALSE;
}

/* The log's model keeps the evicted entries the last announcement added
 * until the next one (KEPT_ENTRIES in fifolab-log.c); the status line, which
 * counts them as evicted, did count them as entries too: "8 entries · 4
 * evicted" for a log of 4, and "4 of 8 entries shown" for its filter. The
 * log announces only when told until the end, so that the kept entries stay
 * while the status line is read. */
static void
test_status_kept (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  gint64 deadline;

  fifolab_log_set_cap (fixture->log, 4);
  for (guint round = 0; round < 2; round++)
    {
      append_from (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, 100, 900, "a");
      append_from (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_B, 100, 900, "b");
      append_from (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, 100, 900, "a");
      append_from (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_B, 100, 900, "b");
      fifolab_log_flush (fixture->log);
    }
  /* The first four, evicted, are still in the model, before the four stored,
   * until the next announcement. */
  g_assert_cmpuint (fifolab_log_get_n_stored (fixture->log), ==, 4);
  g_assert_cmpuint (fifolab_log_get_evicted (fixture->log), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 8);
  g_assert_true (wait_n_shown (fixture->view, 8));
  g_assert_true (wait_status (fixture->view, "4 entries · 4 evicted (260 bytes)"));

  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  fifolab_log_view_set_pipe_filter (fixture->view, PIPE_B);
  g_assert_true (wait_n_shown (fixture->view, 4));
  g_assert_true (wait_status (fixture->view, "2 of 4 entries shown · 4 evicted (260 bytes)"));

  /* The next announcement removes them and keeps the one it evicts of
   * those the last added (an "a", not shown): neither is counted. */
  append_from (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_B, 100, 900, "b");
  fifolab_log_flush (fixture->log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 5);
  g_assert_true (wait_status (fixture->view, "3 of 4 entries shown · 5 evicted (325 bytes)"));

  /* Left to itself, the log announces again with nothing appended, and the
   * kept one goes: the model holds the stored entries only. */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)) != 4 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (fixture->log_context, FALSE);
      fifolab_test_run_for (10);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 4);
  g_assert_true (wait_n_shown (fixture->view, 3));
  g_assert_true (wait_status (fixture->view, "3 of 4 entries shown · 5 evicted (325 bytes)"));
}

static void
test_cap_flood (void)
{
  const guint64 cap = 1024 * 1024;
  const guint n_lines = 200000;
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  Fixture fixture_ = { 0 }, *fixture = &fixture_;
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  g_autofree char *size = NULL;
  g_autofree char *expected = NULL;
  guint64 evicted;
  guint n;

  fifolab_test_fifo_init (&dir, &path, "flood");
  fixture->log = g_object_ref (fifolab_session_get_log (session));
  fifolab_log_set_memory_cap (fixture->log, cap);
  fixture_present (fixture);

  g_assert_nonnull (fifolab_session_open_reader (session, path, framer, &error));
  g_assert_no_error (error);
  /* 200,000 lines: counted with their 64 bytes each, over 14 MB, fourteen
   * times the cap. */
  command = g_strdup_printf ("exec seq 1 %u > '%s'", n_lines, path);
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, NULL, "/bin/sh", "-c", command, NULL);
  g_subprocess_wait_async (writer, NULL, subprocess_wait_cb, NULL);
  g_assert_true (fifolab_test_wait_until (subprocess_done, writer, TIMEOUT_MS));
  g_assert_true (g_subprocess_get_successful (writer));
  g_assert_true (fifolab_test_wait_until (log_has_end_of_stream, fixture->log, TIMEOUT_MS));
  fifolab_session_disconnect_all (session);
  fifolab_log_flush (fixture->log);

  evicted = fifolab_log_get_evicted (fixture->log);
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->log));
  g_test_message ("%u entries kept, %" G_GUINT64_FORMAT " evicted, %" G_GUINT64_FORMAT " bytes counted",
                  n, evicted, fifolab_log_get_memory_bytes (fixture->log));
  g_assert_cmpuint (evicted, >, 0);
  g_assert_cmpuint (fifolab_log_get_memory_bytes (fixture->log), <=, cap);
  /* Every line went through: what is kept and what went add up to them. */
  g_assert_cmpuint (n + evicted, >=, n_lines);

  /* The status counts the stored entries, not the evicted ones the model
   * keeps until the next announcement; their memory in MiB, as the cap is
   * set (over 12 MiB evicted). */
  size = g_format_size_full (fifolab_log_get_evicted_bytes (fixture->log), G_FORMAT_SIZE_IEC_UNITS);
  g_assert_true (g_str_has_suffix (size, "\u00a0MiB"));
  expected = g_strdup_printf ("%u entries · %" G_GUINT64_FORMAT " evicted (%s)",
                              fifolab_log_get_n_stored (fixture->log), evicted, size);
  g_assert_true (wait_status (fixture->view, expected));

  /* Clear Log: the counts start again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "log.clear", NULL));
  g_assert_true (wait_status (fixture->view, "0 entries"));

  fixture_teardown (fixture, NULL);
  fifolab_test_fifo_clear (&dir, &path);
}

/* The export dialog: the file type chosen decides the format, and the name
 * gets its extension. No window manager runs under Xvfb and an unshown
 * GtkFileChooserNative has no file, so the file type is chosen through its
 * GtkFileChooser API and the name typed is given to
 * fifolab_export_file_for_format(), as fifolab_export_file_dialog_get_file()
 * does. */
static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_assert_true (fifolab_export_file_finish (result, NULL, NULL));
  g_object_set_data (object, "done", GINT_TO_POINTER (TRUE));
}

/* The name exported to when the file type @type is chosen in @dialog and
 * @name typed. */
static char *
chosen_name (GtkFileChooserNative *dialog,
             const char           *dir,
             const char           *type,
             const char           *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) chosen = NULL;

  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), fifolab_ui_test_file_filter_named (GTK_FILE_CHOOSER (dialog), type));
  chosen = fifolab_export_file_for_format (file, fifolab_export_file_dialog_get_format (dialog));
  g_assert_nonnull (chosen);
  return g_file_get_basename (chosen);
}

static void
test_export_format (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *dir = NULL;
  GtkFileChooserNative *dialog = NULL;
  static const struct {
    const char          *type;
    const char          *name;
    const char          *expected;
    FifolabExportFormat  format;
  } cases[] = {
    /* The proposed name, with CSV chosen: CSV, named .csv. */
    { "CSV", "fifolab-log.jsonl", "fifolab-log.csv", FIFOLAB_EXPORT_CSV },
    { "CSV", "log", "log.csv", FIFOLAB_EXPORT_CSV },
    { "CSV", "log.bin", "log.bin.csv", FIFOLAB_EXPORT_CSV },
    { "CSV", "log.CSV", "log.CSV", FIFOLAB_EXPORT_CSV },
    { "JSON Lines", "log.csv", "log.jsonl", FIFOLAB_EXPORT_JSON_LINES },
    { "JSON Lines", "log.json", "log.json", FIFOLAB_EXPORT_JSON_LINES },
    { "Text (received messages)", "log.jsonl", "log.txt", FIFOLAB_EXPORT_SEED_TEXT },
    { "Text (received messages)", "capture.log", "capture.log", FIFOLAB_EXPORT_SEED_TEXT },
    { "pcapng (watched writes and reads, for Wireshark)", "fifolab-log.jsonl", "fifolab-log.pcapng",
      FIFOLAB_EXPORT_PCAPNG },
  };

  /* GTK's file chooser starts loading folders, bookmarks and cloud accounts
   * in GIO's worker threads as soon as it is made, and what those leave when
   * the test ends is reported by LeakSanitizer from library threads that no
   * suppression can tell apart from a real leak. */
  if (FIFOLAB_TEST_ASAN)
    {
      g_test_skip ("GTK’s file chooser leaves GIO worker objects at exit under LeakSanitizer");
      return;
    }
  dir = fifolab_test_tmpdir_new ();
  dialog = fifolab_export_file_dialog_new (fixture->window);
  fill_log (fixture->log);

  /* JSON Lines is chosen at first, for the name proposed. */
  g_assert_cmpint (fifolab_export_file_dialog_get_format (dialog), ==, FIFOLAB_EXPORT_JSON_LINES);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = chosen_name (dialog, dir, cases[i].type, cases[i].name);

      g_assert_cmpstr (name, ==, cases[i].expected);
      g_assert_cmpint (fifolab_export_file_dialog_get_format (dialog), ==, cases[i].format);
    }

  /* What is written is the chosen format: CSV chosen over a .jsonl name. */
  {
    g_autofree char *path = g_build_filename (dir, "fifolab-log.jsonl", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFile) chosen = NULL;
    g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
    g_autoptr(GBytes) expected = NULL;
    g_autofree char *contents = NULL;
    gsize length;

    gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), fifolab_ui_test_file_filter_named (GTK_FILE_CHOOSER (dialog), "CSV"));
    chosen = fifolab_export_file_for_format (file, fifolab_export_file_dialog_get_format (dialog));
    fifolab_export_file_async (fixture->log, chosen, NULL, export_done_cb, NULL);
    g_assert_true (fifolab_test_wait_until (subprocess_done, fixture->log, TIMEOUT_MS));

    g_assert_true (fifolab_log_export (fixture->log, FIFOLAB_EXPORT_CSV, memory, NULL, NULL));
    g_assert_true (g_output_stream_close (memory, NULL, NULL));
    expected = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
    g_assert_true (g_file_load_contents (chosen, NULL, &contents, &length, NULL, NULL));
    g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (dialog));
  g_object_unref (dialog);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Statistics say from when they count: a pipe's Received row says the time
 * FIFO Lab's reader was connected, and nothing while none is. */
static AdwActionRow *
row_titled (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found = row_titled (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
subtitle_set (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (data);

  return subtitle != NULL && *subtitle != '\0';
}

static void
test_statistics_since (void)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabPipeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GRegex) since = g_regex_new ("^Counted since [0-9]{2}:[0-9]{2}:[0-9]{2}$", 0, 0, NULL);
  GtkWidget *details = fifolab_pipe_details_new ();
  GtkWindow *window;
  AdwActionRow *received;

  fifolab_test_fifo_init (&dir, &path, "stats");
  info = fifolab_pipe_info_new_for_path (path, &error);
  g_assert_no_error (error);
  fifolab_pipe_details_set_session (FIFOLAB_PIPE_DETAILS (details), session);
  fifolab_pipe_details_set_info (FIFOLAB_PIPE_DETAILS (details), info);
  window = fifolab_ui_test_present (details, 500, 700, TIMEOUT_MS);

  received = row_titled (details, "Received");
  g_assert_nonnull (received);
  g_assert_false (subtitle_set (received));

  g_assert_nonnull (fifolab_session_open_reader (session, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (subtitle_set, received, TIMEOUT_MS));
  g_test_message ("Received: %s", adw_action_row_get_subtitle (received));
  g_assert_true (g_regex_match (since, adw_action_row_get_subtitle (received), 0, NULL));

  fifolab_session_disconnect_all (session);
  fifolab_pipe_details_refresh (FIFOLAB_PIPE_DETAILS (details));
  g_assert_false (subtitle_set (received));

  gtk_window_destroy (window);
  fifolab_test_run_for (20);
  fifolab_test_fifo_clear (&dir, &path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  g_test_add ("/log-filter/pid", Fixture, NULL, fixture_setup, test_filter_pid, fixture_teardown);
  g_test_add ("/log-filter/busy-frames", Fixture, NULL, fixture_setup, test_filter_busy_frames, fixture_teardown);
  g_test_add ("/log-filter/fewer-while-filtering", Fixture, NULL, fixture_setup, test_filter_fewer_while_filtering,
              fixture_teardown);
  g_test_add ("/log-filter/regex", Fixture, NULL, fixture_setup, test_filter_regex, fixture_teardown);
  g_test_add ("/log-filter/whole-text", Fixture, NULL, fixture_setup, test_filter_whole_text, fixture_teardown);
  g_test_add ("/log-filter/combined", Fixture, NULL, fixture_setup, test_filter_combined, fixture_teardown);
  g_test_add ("/log-filter/made-when-opened", Fixture, NULL, fixture_setup, test_filter_made_when_opened, fixture_teardown);
  g_test_add ("/log-filter/search-width", Fixture, NULL, fixture_setup, test_filter_search_width, fixture_teardown);
  g_test_add ("/log-filter/export-format", Fixture, NULL, fixture_setup, test_export_format, fixture_teardown);
  g_test_add ("/log-filter/status-kept", Fixture, NULL, fixture_setup_by_hand, test_status_kept, fixture_teardown);
  g_test_add_func ("/log-filter/cap-flood", test_cap_flood);
  g_test_add_func ("/log-filter/statistics-since", test_statistics_since);

  {
    int status = g_test_run ();

    fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
    return status;
  }
}
