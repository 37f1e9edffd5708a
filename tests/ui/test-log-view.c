/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The message log view on its own, in a real window under a display: what the
 * rows show, search and filters, following, and its actions. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#include <adwaita.h>

#include "fifolab.h"
#include "fifolab-byte-rows.h"
#include "fifolab-entry-details.h"
#include "fifolab-export-file.h"
#include "fifolab-log-view.h"
#include "fifolab-ui-test-util.h"

/* Only bounds a failure. The view reveals a burst into an empty view a few rows
 * a frame (256 rows take about 64 frames), and under the sanitizers a frame can
 * take a few hundred milliseconds. */
#define TIMEOUT_MS 30000
#define PIPE_A "/tmp/lab/pipe-a"
#define PIPE_B "/tmp/lab/pipe-b"

typedef struct
{
  GtkWindow      *window;
  FifolabLogView *view;
  FifolabLog     *log;
} Fixture;

static void
append_message (FifolabLog       *log,
                FifolabDirection  direction,
                const char       *pipe,
                const void       *data,
                gsize             len)
{
  fifolab_log_append (log, direction, FIFOLAB_EVENT_NONE, 0, pipe,
                      direction == FIFOLAB_DIRECTION_SENT ? getpid () : 4242,
                      direction == FIFOLAB_DIRECTION_RECEIVED ? getpid () : -1,
                      g_get_real_time (), g_get_monotonic_time (),
                      data, len);
}

static void
append_text (FifolabLog       *log,
             FifolabDirection  direction,
             const char       *pipe,
             const char       *text)
{
  append_message (log, direction, pipe, text, strlen (text));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->log = fifolab_log_new ();
  fixture->view = fifolab_log_view_new ();
  fifolab_log_view_set_log (fixture->view, fixture->log);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 400);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (fixture->view), TIMEOUT_MS));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_destroy (fixture->window);
  fifolab_test_run_for (20);
  g_assert_null (fixture->view);
  g_assert_finalize_object (fixture->log);
}

/* Widget tree helpers */

static void
collect_labels (GtkWidget  *widget,
                const char *css_class,
                GPtrArray  *out)
{
  if ((GTK_IS_LABEL (widget) || GTK_IS_INSCRIPTION (widget)) &&
      (css_class == NULL || gtk_widget_has_css_class (widget, css_class)))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, css_class, out);
}

/* The text a label or an inscription (the log's cells) shows. */
static const char *
shown_text (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return gtk_label_get_text (GTK_LABEL (widget));
}

/* The label or inscription of class @css_class showing exactly @text and
 * drawn, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *css_class,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (root, css_class, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_mapped (label) &&
          g_strcmp0 (shown_text (label), text) == 0)
        return label;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *css_class;
  const char *text;
} LabelQuery;

static gboolean
label_shown (gpointer data)
{
  LabelQuery *query = data;

  return find_label (query->root, query->css_class, query->text) != NULL;
}

static gboolean
wait_label (GtkWidget  *root,
            const char *css_class,
            const char *text)
{
  LabelQuery query = { root, css_class, text };

  return fifolab_test_wait_until (label_shown, &query, TIMEOUT_MS);
}

typedef struct
{
  GtkWidget    *root;
  const guint8 *data;
  gsize         len;
} HexRowQuery;

/* Whether the hex row of the HexRowQuery @data's bytes (at most 4) is
 * shown: of 16, 8 or 4 bytes a row, as many as the view has room for. */
static gboolean
hex_row_shown (gpointer data)
{
  HexRowQuery *query = data;
  static const gsize row_bytes[] = { 16, 8, 4 };

  for (guint i = 0; i < G_N_ELEMENTS (row_bytes); i++)
    {
      g_autofree char *row = fifolab_escape_hex_dump_line (query->data, query->len, 0, row_bytes[i]);

      if (find_label (query->root, "fifolab-hex-dump", row) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
wait_n_shown (FifolabLogView *view,
              guint           n)
{
  return fifolab_ui_test_wait_n_items (fifolab_log_view_get_shown_model (view), n, TIMEOUT_MS);
}

static GtkAdjustment *
get_vadjustment (FifolabLogView *view)
{
  GtkWidget *column_view = fifolab_ui_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);

  g_assert_nonnull (column_view);
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
}

static gboolean
adjustment_at_bottom (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_page_size (adjustment) > 0 &&
         gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
           gtk_adjustment_get_upper (adjustment) - 2.0;
}

/* The label is laid out at the foot of the scrolled list's viewport, where
 * following puts the newest entry: the layout that places its row has run
 * and the range counts it. */
static gboolean
label_laid_out (gpointer data)
{
  LabelQuery *query = data;
  GtkWidget *label = find_label (query->root, query->css_class, query->text);
  GtkWidget *scrolled = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  graphene_rect_t bounds;

  return label != NULL && scrolled != NULL &&
         gtk_widget_compute_bounds (label, scrolled, &bounds) &&
         bounds.size.height > 0 &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled) &&
         bounds.origin.y + 3 * bounds.size.height > gtk_widget_get_height (scrolled);
}

static gboolean
has_three_items (gpointer data)
{
  return g_list_model_get_n_items (data) >= 3;
}

/* Tests */

static void
test_log_view_new_destroy (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabLogView *view = g_object_ref_sink (fifolab_log_view_new ());
  g_autoptr(FifolabLog) got = NULL;

  g_assert_true (fifolab_log_view_get_following (view));
  g_assert_false (fifolab_log_view_get_relative_time (view));
  g_assert_false (fifolab_log_view_get_hex (view));

  g_object_set (view, "log", log, "relative-time", TRUE, NULL);
  g_object_get (view, "log", &got, NULL);
  g_assert_true (got == log);
  g_assert_true (fifolab_log_view_get_relative_time (view));

  append_text (log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "hello");
  fifolab_log_flush (log);
  g_assert_cmpuint (fifolab_log_view_get_n_shown (view), ==, 1);

  /* Replacing the log shows the new one. */
  {
    g_autoptr(FifolabLog) other = fifolab_log_new ();

    fifolab_log_view_set_log (view, other);
    g_assert_cmpuint (fifolab_log_view_get_n_shown (view), ==, 0);
    fifolab_log_view_set_log (view, NULL);
  }

  g_assert_finalize_object (view);
}

static void
test_log_view_literal (Fixture       *fixture,
                       gconstpointer  data)
{
  static const guint8 invalid[] = { 'a', 0xff, 'b', '\n' };
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkWidget *label;

  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "<b>&amp;");
  append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, invalid, sizeof invalid);
  append_text (fixture->log, FIFOLAB_DIRECTION_SENT, PIPE_B, "%s%n <i>");
  fifolab_log_append_event (fixture->log, FIFOLAB_EVENT_END_OF_STREAM, PIPE_A, NULL);
  fifolab_log_flush (fixture->log);

  g_assert_true (wait_label (root, "fifolab-message", "<b>&amp;"));
  /* Shown as plain text: an inscription set with gtk_inscription_set_text(),
   * which never parses markup, or a label that does not use markup. */
  label = find_label (root, "fifolab-message", "<b>&amp;");
  g_assert_true (GTK_IS_INSCRIPTION (label) || !gtk_label_get_use_markup (GTK_LABEL (label)));
  g_assert_true (wait_label (root, "fifolab-message", "a\\xffb\\n"));
  g_assert_true (wait_label (root, "fifolab-message", "%s%n <i>"));

  /* The event: its title and its explanation. */
  g_assert_true (wait_label (root, "fifolab-event-title",
                             fifolab_event_kind_get_title (FIFOLAB_EVENT_END_OF_STREAM)));
  g_assert_true (wait_label (root, "fifolab-explanation",
                             fifolab_event_kind_get_explanation (FIFOLAB_EVENT_END_OF_STREAM)));

  /* The other columns, all shown (Direction, Receiver and Size are hidden
   * by default, to be shown from the header's menu). */
  g_assert_true (gtk_widget_activate_action (root, "columns.direction", NULL));
  g_assert_true (gtk_widget_activate_action (root, "columns.receiver", NULL));
  g_assert_true (gtk_widget_activate_action (root, "columns.size", NULL));
  g_assert_true (wait_label (root, "fifolab-pipe", "pipe-a"));
  g_assert_true (wait_label (root, "fifolab-pipe", "pipe-b"));
  g_assert_true (wait_label (root, "fifolab-size", "8 B"));
  g_assert_true (wait_label (root, "fifolab-pid", "4242"));
  {
    g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
    g_assert_true (wait_label (root, "fifolab-pid", pid));
  }
  g_assert_true (wait_label (root, NULL, _("Received")));
  g_assert_true (wait_label (root, NULL, _("Sent")));

  /* Hex view, toggled through its action. */
  g_assert_true (gtk_widget_activate_action (root, "log.hex", NULL));
  g_assert_true (fifolab_log_view_get_hex (fixture->view));
  g_assert_true (wait_label (root, "fifolab-message", "3c 62 3e 26 61 6d 70 3b"));
  g_assert_true (wait_label (root, "fifolab-message", "61 ff 62 0a"));
  g_assert_true (gtk_widget_activate_action (root, "log.hex", NULL));
  g_assert_true (wait_label (root, "fifolab-message", "<b>&amp;"));

  /* The details of one entry, in the inspector below the list: the hex
   * dump of all its bytes. */
  {
    FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (fixture->view);
    GtkWidget *pane = GTK_WIDGET (inspector);
    HexRowQuery hex_row = { pane, invalid, sizeof invalid };
    GtkStack *stack = fifolab_entry_details_get_stack (inspector);

    g_assert_true (gtk_widget_activate_action (root, "log.show-details", "u", 1));
    g_assert_true (fifolab_ui_test_wait_mapped (pane, TIMEOUT_MS));
    g_assert_cmpstr (fifolab_entry_details_get_heading (inspector), ==, _("Received Message"));
    g_assert_true (wait_label (pane, "fifolab-hex-dump", "a\\xffb\\n"));
    /* The other page: the hex dump, its row as wide as the page. */
    gtk_stack_set_visible_child_name (stack, "hex");
    g_assert_true (fifolab_test_wait_until (hex_row_shown, &hex_row, TIMEOUT_MS));
    gtk_stack_set_visible_child_name (stack, "text");

    /* An event: what it means, and no bytes to page through. */
    g_assert_true (gtk_widget_activate_action (root, "log.show-details", "u", 3));
    g_assert_cmpstr (fifolab_entry_details_get_heading (inspector), ==,
                     fifolab_event_kind_get_title (FIFOLAB_EVENT_END_OF_STREAM));
    g_assert_nonnull (strstr (fifolab_entry_details_get_body (inspector),
                              fifolab_event_kind_get_explanation (FIFOLAB_EVENT_END_OF_STREAM)));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (stack)));
  }

  /* Relative times start at the first entry. */
  g_assert_true (gtk_widget_activate_action (root, "log.relative-time", NULL));
  g_assert_true (wait_label (root, "fifolab-time", "+0.000 s"));
}

static void
test_log_view_search (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkWidget *entry;
  GtkWidget *dropdown;
  GListModel *pipes;

  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "alpha one");
  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "beta two");
  append_text (fixture->log, FIFOLAB_DIRECTION_SENT, PIPE_B, "ALPHA three");
  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_B, "gamma <alpha>");
  fifolab_log_append_event (fixture->log, FIFOLAB_EVENT_WRITER_CONNECTED, PIPE_A, NULL);
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 5));

  /* Ctrl+F's action opens the search bar; the user types into its entry. */
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  g_assert_true (fifolab_log_view_get_search_mode (fixture->view));
  entry = fifolab_ui_test_find_descendant (root, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "alpha");
  g_assert_true (wait_n_shown (fixture->view, 3));
  g_assert_true (wait_label (root, "fifolab-message", "gamma <alpha>"));
  g_assert_null (find_label (root, "fifolab-message", "beta two"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "alpha t");
  g_assert_true (wait_n_shown (fixture->view, 1));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (wait_n_shown (fixture->view, 5));

  /* The direction toggles. */
  fifolab_log_view_set_direction_mask (fixture->view, 1u << FIFOLAB_DIRECTION_SENT);
  g_assert_true (wait_n_shown (fixture->view, 1));
  fifolab_log_view_set_direction_mask (fixture->view, ~0u);
  g_assert_true (wait_n_shown (fixture->view, 5));

  /* The pipe filter lists the pipes seen, by name. */
  dropdown = fifolab_ui_test_find_descendant (root, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  pipes = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  g_assert_true (fifolab_test_wait_until (has_three_items, pipes, TIMEOUT_MS));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (pipes), 1), ==, PIPE_A);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (pipes), 2), ==, PIPE_B);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);
  g_assert_true (wait_n_shown (fixture->view, 2));

  /* New entries go through the filter too. */
  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_B, "delta");
  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "epsilon");
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 3));

  /* Closing the search shows everything again. */
  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  g_assert_false (fifolab_log_view_get_search_mode (fixture->view));
  g_assert_true (wait_n_shown (fixture->view, 7));
}

static gboolean
label_gone (gpointer data)
{
  return !label_shown (data);
}

/* An empty log says how it fills; a search that hides everything says so;
 * neither shows while entries do. The tests run in the C locale. */
static void
test_log_view_empty (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  const char *empty = "No messages yet: read from a pipe or write to one";
  const char *none = "No entry matches the search, the pipe and the directions chosen";
  LabelQuery empty_query = { root, "dim-label", empty };
  LabelQuery none_query = { root, "dim-label", none };
  GtkWidget *entry;

  g_assert_true (wait_label (root, "dim-label", empty));
  g_assert_null (find_label (root, NULL, none));

  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "alpha");
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 1));
  g_assert_true (fifolab_test_wait_until (label_gone, &empty_query, TIMEOUT_MS));
  g_assert_null (find_label (root, NULL, none));

  g_assert_true (gtk_widget_activate_action (root, "log.search", NULL));
  entry = fifolab_ui_test_find_descendant (root, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "omega");
  g_assert_true (wait_n_shown (fixture->view, 0));
  g_assert_true (wait_label (root, "dim-label", none));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (wait_n_shown (fixture->view, 1));
  g_assert_true (fifolab_test_wait_until (label_gone, &none_query, TIMEOUT_MS));

  g_assert_true (gtk_widget_activate_action (root, "log.clear", NULL));
  g_assert_true (wait_label (root, "dim-label", empty));
}

typedef struct
{
  GtkAdjustment *adjustment;
  double         upper;
} UpperQuery;

/* Whether @query's adjustment's range ends beyond @query->upper. */
static gboolean
upper_above (gpointer data)
{
  UpperQuery *query = data;

  return gtk_adjustment_get_upper (query->adjustment) > query->upper;
}

/* Jump to Newest, shown while the log does not follow, covers no row:
 * the rows a person scrolled up to read (an event's explanation at their
 * end) stay whole above it. */
static void
assert_jump_button_clear (FifolabLogView *view)
{
  GtkWidget *button = fifolab_ui_test_find_widget (GTK_WIDGET (view), fifolab_ui_test_is_button_of, "log.jump-to-newest");
  GtkWidget *column_view = fifolab_ui_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *list = gtk_widget_get_ancestor (column_view, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t button_bounds, list_bounds;

  g_assert_nonnull (button);
  g_assert_nonnull (list);
  fifolab_ui_test_wait_frames (GTK_WIDGET (view), 2, TIMEOUT_MS);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (view), &button_bounds));
  g_assert_true (gtk_widget_compute_bounds (list, GTK_WIDGET (view), &list_bounds));
  g_test_message ("Jump to Newest at y %g..%g, the rows' list at y %g..%g",
                  button_bounds.origin.y, button_bounds.origin.y + button_bounds.size.height,
                  list_bounds.origin.y, list_bounds.origin.y + list_bounds.size.height);
  g_assert_cmpfloat (button_bounds.size.height, >, 0);
  g_assert_false (graphene_rect_intersection (&button_bounds, &list_bounds, NULL));
}

static void
test_log_view_follow (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkAdjustment *adjustment = get_vadjustment (fixture->view);
  LabelQuery newest = { root, "fifolab-message", "the newest" };
  double upper;

  for (guint i = 0; i < 1000; i++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "message %u", i);
      append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, text);
    }
  fifolab_log_flush (fixture->log);

  /* Following: the newest entry is on screen. */
  g_assert_true (fifolab_test_wait_until (adjustment_at_bottom, adjustment, TIMEOUT_MS));
  g_assert_true (wait_label (root, "fifolab-message", "message 999"));
  g_assert_true (fifolab_log_view_get_following (fixture->view));

  /* The user scrolls up: no more following. */
  gtk_adjustment_set_value (adjustment, 0);
  fifolab_test_run_for (50);
  g_assert_false (fifolab_log_view_get_following (fixture->view));
  g_assert_true (wait_label (root, "fifolab-message", "message 0"));
  assert_jump_button_clear (fixture->view);

  upper = gtk_adjustment_get_upper (adjustment);
  for (guint i = 0; i < 100; i++)
    append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "more");
  fifolab_log_flush (fixture->log);
  /* The list laid out with them (its range grown), and a frame more: a
   * scroll to the end would have come by now. */
  g_assert_true (fifolab_test_wait_until (upper_above, &(UpperQuery) { adjustment, upper }, TIMEOUT_MS));
  fifolab_ui_test_wait_frames (root, 1, TIMEOUT_MS);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_false (fifolab_log_view_get_following (fixture->view));
  g_assert_true (wait_label (root, "fifolab-message", "message 0"));

  /* Jump to newest follows again. */
  g_assert_true (gtk_widget_activate_action (root, "log.jump-to-newest", NULL));
  g_assert_true (fifolab_log_view_get_following (fixture->view));
  g_assert_true (fifolab_test_wait_until (adjustment_at_bottom, adjustment, TIMEOUT_MS));

  /* ... and keeps following new entries. */
  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "the newest");
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_label (root, "fifolab-message", "the newest"));
  g_assert_true (fifolab_test_wait_until (adjustment_at_bottom, adjustment, TIMEOUT_MS));
  /* A user scrolls up from what is on screen: wait until the newest row is
   * laid out in view (its row made is not enough: the layout that places it
   * comes a frame later and sets the range). */
  g_assert_true (fifolab_test_wait_until (label_laid_out, &newest, TIMEOUT_MS));
  g_assert_true (adjustment_at_bottom (adjustment));

  /* Scrolling back to the bottom by hand follows too. */
  gtk_adjustment_set_value (adjustment, 0);
  fifolab_test_run_for (50);
  g_assert_false (fifolab_log_view_get_following (fixture->view));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  fifolab_test_run_for (50);
  g_assert_true (fifolab_log_view_get_following (fixture->view));
}

typedef struct
{
  GtkAdjustment *adjustment;
  guint          painted;
  guint          painted_away;
} FollowFrames;

static void
follow_after_paint_cb (GdkFrameClock *frame_clock,
                       FollowFrames  *frames)
{
  frames->painted++;
  if (!adjustment_at_bottom (frames->adjustment))
    frames->painted_away++;
}

/* Following, a frame that shows new entries shows them at the end: no frame
 * is painted with the rows laid out away from it (the scroll ran in the
 * next frame, so each change was painted twice, once away from the end). */
static void
test_log_view_follow_same_frame (Fixture       *fixture,
                                 gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (root);
  FollowFrames frames = { get_vadjustment (fixture->view), 0, 0 };
  gulong handler;

  for (guint i = 0; i < 1000; i++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "message %u", i);
      append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, text);
    }
  fifolab_log_flush (fixture->log);
  g_assert_true (fifolab_test_wait_until (adjustment_at_bottom, frames.adjustment, TIMEOUT_MS));
  g_assert_true (wait_label (root, "fifolab-message", "message 999"));

  handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (follow_after_paint_cb), &frames);
  for (guint round = 0; round < 10; round++)
    {
      char text[32];
      LabelQuery newest = { root, "fifolab-message", text };

      for (guint i = 0; i < 30; i++)
        {
          g_snprintf (text, sizeof text, "round %u, %u", round, i);
          append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, text);
        }
      fifolab_log_flush (fixture->log);
      g_assert_true (fifolab_test_wait_until (label_laid_out, &newest, TIMEOUT_MS));
    }
  g_signal_handler_disconnect (frame_clock, handler);

  g_assert_true (fifolab_log_view_get_following (fixture->view));
  g_assert_cmpuint (frames.painted, >=, 10);
  g_assert_cmpuint (frames.painted_away, ==, 0);
}

static void
test_log_view_clear (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);

  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "one");
  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "two");
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_label (root, "fifolab-message", "two"));

  g_assert_true (gtk_widget_activate_action (root, "log.clear", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 0);
  g_assert_true (wait_n_shown (fixture->view, 0));
  fifolab_test_run_for (50);
  g_assert_null (find_label (root, "fifolab-message", "two"));

  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "three");
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_label (root, "fifolab-message", "three"));
}

static void
test_log_view_status (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);

  fifolab_log_set_cap (fixture->log, 3);
  for (guint i = 0; i < 5; i++)
    append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "x");
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_label (root, NULL, "3 entries · 2 evicted (130 bytes)"));
}

/* The memory the evicted entries took is said in the units Preferences
 * sets the log's memory limit in (MiB), not in MB: two entries counted
 * 2.25 MiB each (their bytes and 64 more) are 4.5 MiB, not "4.7 MB"
 * (GLib puts a no-break space before the unit). */
static void
test_log_view_status_mib (Fixture       *fixture,
                          gconstpointer  data)
{
  const gsize counted = 9 * 1024 * 1024 / 4;
  g_autofree guint8 *payload = g_malloc (counted - 64);

  memset (payload, 'x', counted - 64);
  fifolab_log_set_cap (fixture->log, 1);
  for (guint i = 0; i < 3; i++)
    append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, payload, counted - 64);
  fifolab_log_flush (fixture->log);
  g_assert_cmpuint (fifolab_log_get_evicted_bytes (fixture->log), ==, 2 * counted);
  g_assert_true (wait_label (GTK_WIDGET (fixture->view), NULL, "1 entry · 2 evicted (4.5\u00a0MiB)"));
}

/* Each shown column's title in the log's header reads in full: its label
 * has at least its natural width and ends within its title, which clips it
 * (GTK 4.8's titles are private widgets: only their allocation is read). */
static gboolean
titles_whole (gpointer data)
{
  GtkWidget *column_view = fifolab_ui_test_find_descendant (data, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *header = gtk_widget_get_first_child (column_view);
  guint n_shown = 0;

  g_assert_cmpstr (gtk_widget_get_css_name (header), ==, "header");
  for (GtkWidget *title = gtk_widget_get_first_child (header);
       title != NULL;
       title = gtk_widget_get_next_sibling (title))
    {
      GtkWidget *label = fifolab_ui_test_find_descendant (title, GTK_TYPE_LABEL);
      graphene_rect_t bounds;
      int natural = 0;

      g_assert_nonnull (label);
      if (!gtk_widget_get_mapped (label))
        continue;
      n_shown++;
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (!gtk_widget_compute_bounds (label, title, &bounds))
        return FALSE;
      if (gtk_widget_get_width (label) < natural ||
          bounds.origin.x + bounds.size.width > gtk_widget_get_width (title))
        {
          g_test_message ("title “%s”: %d pixels of %d, ending at %.0f of %d",
                          gtk_label_get_text (GTK_LABEL (label)), gtk_widget_get_width (label), natural,
                          bounds.origin.x + bounds.size.width, gtk_widget_get_width (title));
          return FALSE;
        }
    }
  return n_shown > 0;
}

/* "Claimed pid" (now "Claimed PID") was cut to "Claimed pi" by its
 * column's fixed width (85 pixels): a column is at least as wide as its
 * title, also one shown later from the header's menu. */
static void
test_log_view_titles_whole (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  const char * const shown_later[] = { "columns.direction", "columns.seen", "columns.receiver", "columns.size" };

  g_assert_true (fifolab_test_wait_until (titles_whole, root, TIMEOUT_MS));
  for (guint i = 0; i < G_N_ELEMENTS (shown_later); i++)
    g_assert_true (gtk_widget_activate_action (root, shown_later[i], NULL));
  g_assert_true (fifolab_test_wait_until (titles_whole, root, TIMEOUT_MS));
}

/* The columns menu said "Pid Seen" where the column's title said "Pid
 * seen": each item of a column's header menu is the title of a column,
 * word for word (both in header capitalization, as the HIG asks). */
static void
test_log_view_titles_as_menu (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (fifolab_ui_test_find_descendant (GTK_WIDGET (fixture->view),
                                                                                 GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  GMenuModel *menu = NULL;
  guint n_items = 0;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_hash_table_add (titles, (gpointer) gtk_column_view_column_get_title (column));
      if (menu == NULL)
        menu = gtk_column_view_column_get_header_menu (column);
    }
  g_assert_nonnull (menu);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      g_assert_nonnull (section);
      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *label = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
          g_test_message ("menu item %s", label);
          g_assert_true (g_hash_table_contains (titles, label));
          n_items++;
        }
      g_object_unref (section);
    }
  g_assert_cmpuint (n_items, ==, g_list_model_get_n_items (columns) - 1);
}

/* The widget of class @css_class under @widget, or NULL. */
static GtkWidget *
find_with_class (GtkWidget  *widget,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  FifolabLog *log;
  guint       appended;
  gboolean    rows_changed;
  gboolean    status_changed;
  guint       status_changes;
  guint       painted;
  guint       status_alone;
  gint64      start;
} StatusFlood;

/* Fed for 2 s at least, and until the cap has evicted: how many entries the
 * main loop lets the feed append in a given time varies with the machine
 * (a sanitizer build under load appended 135 in 2 s, short of the cap). */
static gboolean
status_flood_done (gpointer data)
{
  StatusFlood *flood = data;

  return fifolab_log_get_evicted (flood->log) > 0 &&
         g_get_monotonic_time () - flood->start >= 2 * G_USEC_PER_SEC;
}

static gboolean
status_flood_feed_cb (gpointer data)
{
  StatusFlood *flood = data;

  for (guint i = 0; i < 5; i++)
    append_text (flood->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "x");
  flood->appended += 5;
  return G_SOURCE_CONTINUE;
}

static void
status_flood_rows_cb (GListModel  *model,
                      guint        position,
                      guint        removed,
                      guint        added,
                      StatusFlood *flood)
{
  flood->rows_changed = TRUE;
}

static void
status_flood_label_cb (GObject     *label,
                       GParamSpec  *pspec,
                       StatusFlood *flood)
{
  flood->status_changed = TRUE;
  flood->status_changes++;
}

static void
status_flood_after_paint_cb (GdkFrameClock *frame_clock,
                             StatusFlood   *flood)
{
  flood->painted++;
  if (flood->status_changed && !flood->rows_changed)
    flood->status_alone++;
  flood->status_changed = FALSE;
  flood->rows_changed = FALSE;
}

/* Under a steady stream with the cap evicting (5 entries every 5 ms, as the
 * main loop lets it, for 2 s and until the cap evicts), the status line changes at most 5 times a
 * second, and only in frames that change the rows too: never a frame of its
 * own. */
static void
test_log_view_status_with_rows (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkWidget *status_box = find_with_class (root, "fifolab-log-status");
  GtkWidget *label = status_box != NULL ? fifolab_ui_test_find_descendant (status_box, GTK_TYPE_LABEL) : NULL;
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (root);
  GListModel *shown = fifolab_log_view_get_shown_model (fixture->view);
  StatusFlood flood = { fixture->log, 0, FALSE, FALSE, 0, 0, 0, 0 };
  gulong rows_id, label_id, paint_id;
  guint feed_id;
  guint elapsed_ms;

  g_assert_nonnull (label);
  fifolab_log_set_cap (fixture->log, 200);
  rows_id = g_signal_connect (shown, "items-changed", G_CALLBACK (status_flood_rows_cb), &flood);
  label_id = g_signal_connect (label, "notify::label", G_CALLBACK (status_flood_label_cb), &flood);
  paint_id = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (status_flood_after_paint_cb), &flood);

  flood.start = g_get_monotonic_time ();
  feed_id = g_timeout_add (5, status_flood_feed_cb, &flood);
  g_assert_true (fifolab_test_wait_until (status_flood_done, &flood, 60000));
  g_source_remove (feed_id);
  elapsed_ms = (guint) ((g_get_monotonic_time () - flood.start) / 1000);

  g_signal_handler_disconnect (shown, rows_id);
  g_signal_handler_disconnect (label, label_id);
  g_signal_handler_disconnect (frame_clock, paint_id);

  g_test_message ("%u appended in %u ms, %u frames, status changed %u times, %u of them in a frame of its own",
                  flood.appended, elapsed_ms, flood.painted, flood.status_changes, flood.status_alone);
  g_assert_cmpuint (flood.status_changes, >=, 3);
  g_assert_cmpuint (flood.status_changes, <=, elapsed_ms / 200 + 1);
  g_assert_cmpuint (flood.status_alone, ==, 0);
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

static void
test_log_view_copy (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  GtkColumnView *column_view;
  g_autofree char *all = NULL;
  g_autofree char *selected = NULL;

  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "first\tline");
  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "<b>second</b>");
  fifolab_log_append_event (fixture->log, FIFOLAB_EVENT_END_OF_STREAM, PIPE_A, NULL);
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 3));

  /* Nothing selected: all shown entries, escaped. */
  g_assert_true (gtk_widget_activate_action (root, "log.copy", NULL));
  all = read_clipboard (root);
  {
    g_autofree char *expected = g_strdup_printf ("first\\tline\n<b>second</b>\n%s\n",
                                                 fifolab_event_kind_get_title (FIFOLAB_EVENT_END_OF_STREAM));
    g_assert_cmpstr (all, ==, expected);
  }

  /* A selection: only the selected. */
  column_view = GTK_COLUMN_VIEW (fifolab_ui_test_find_descendant (root, GTK_TYPE_COLUMN_VIEW));
  gtk_selection_model_select_item (gtk_column_view_get_model (column_view), 1, TRUE);
  g_assert_true (gtk_widget_activate_action (root, "log.copy", NULL));
  selected = read_clipboard (root);
  g_assert_cmpstr (selected, ==, "<b>second</b>\n");
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  if (!fifolab_export_file_finish (result, NULL, error))
    g_assert_nonnull (*error);
  g_object_set_data (object, "done", GINT_TO_POINTER (TRUE));
}

static gboolean
export_done (gpointer data)
{
  return g_object_get_data (data, "done") != NULL;
}

static gboolean
run_export (FifolabLogView *view,
            GFile          *file,
            GError        **error)
{
  FifolabLog *log = fifolab_log_view_get_log (view);

  g_object_set_data (G_OBJECT (log), "done", NULL);
  fifolab_export_file_async (log, file, NULL, export_done_cb, error);
  g_assert_true (fifolab_test_wait_until (export_done, log, TIMEOUT_MS));
  return *error == NULL;
}

static void
test_log_view_export (Fixture       *fixture,
                      gconstpointer  data)
{
  static const guint8 bytes[] = { 'H', 'i', 0x00, 0xff, '\n', '"', ',' };
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  const char *names[] = { "log.jsonl", "log.csv", "log.txt" };
  const FifolabExportFormat formats[] = { FIFOLAB_EXPORT_JSON_LINES, FIFOLAB_EXPORT_CSV, FIFOLAB_EXPORT_SEED_TEXT };

  append_text (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, "Hello from pid [12345]");
  append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, bytes, sizeof bytes);
  append_text (fixture->log, FIFOLAB_DIRECTION_SENT, PIPE_B, "<b>&amp;");
  fifolab_log_append_event (fixture->log, FIFOLAB_EVENT_END_OF_STREAM, PIPE_A, NULL);
  fifolab_log_flush (fixture->log);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) expected = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (run_export (fixture->view, file, &error));
      g_assert_no_error (error);

      /* The same bytes as the log's own export. */
      g_assert_true (fifolab_log_export (fixture->log, formats[i], memory, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (memory, NULL, &error));
      expected = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
      g_assert_cmpuint (length, >, 0);
    }

  /* An unknown extension is refused, and nothing is written. */
  {
    g_autofree char *path = g_build_filename (dir, "log.bin", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    g_assert_false (run_export (fixture->view, file, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  /* A folder that does not exist: an error, not a crash. */
  {
    g_autofree char *path = g_build_filename (dir, "missing", "log.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    g_assert_false (run_export (fixture->view, file, &error));
    g_assert_nonnull (error);
  }

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Issue 11: opening an entry of any size, up to the largest the framer keeps,
 * shows it at once in scrollable views that make widgets only for the rows on
 * screen; issue 13: in the inspector below the list. */

/* The most characters one label of the details may hold: a row of text or of
 * the hex dump, never the whole message. */
#define DETAILS_MAX_LABEL_CHARS 1024
/* The most labels the inspector may hold: the rows on screen and a margin, not
 * one per line of the message (65,536 hex lines for the largest). */
#define DETAILS_MAX_LABELS 500
/* How long opening takes is printed (--verbose), not asserted: a timed test
 * fails on a slow or loaded machine (under AddressSanitizer the largest entry
 * takes about 1.8 s of processor time) without saying anything of the code.
 * What makes opening fast whatever the size is asserted instead: bounded
 * labels, a bounded number of them, a pane that keeps its height. Without
 * virtualization those fail at once (one label held the whole hex dump, and
 * the dialog it replaces was 1,245 px tall for 64 KiB). */

/* Bytes that exercise every kind of row: text lines, a line longer than a
 * row cut inside multibyte characters, control bytes, invalid UTF-8, a bidi
 * override, markup and format directives. */
typedef struct
{
  gsize    size;
  gboolean newlines;
} LargeEntry;

static const LargeEntry large_64k = { 64 * 1024, FALSE };
static const LargeEntry large_largest = { FIFOLAB_DEFAULT_MAX_MESSAGE, FALSE };
/* The most rows: a row a byte. */
static const LargeEntry large_newlines = { FIFOLAB_DEFAULT_MAX_MESSAGE, TRUE };

static guint8 *
make_large_message (gsize len)
{
  static const char *const pieces[] = {
    "Hello from pid [12345]\n",
    "<b>bold</b> %s%n &amp;\r\n",
    "h\xc3\xa9llo \xe2\x9c\x93 \xe2\x80\xae reversed\t\x01\x7f\xff\xfe\n",
  };
  guint8 *data = g_malloc (len);
  gsize at = 0;

  for (guint k = 0; at < len; k++)
    {
      if (k % 5 == 4)
        {
          /* 600 bytes without a newline: 200 three-byte characters. */
          for (guint i = 0; i < 200 && at < len; i++)
            for (guint j = 0; j < 3 && at < len; j++)
              data[at++] = (guint8) "\xe2\x9c\x93"[j];
        }
      else
        {
          const char *piece = pieces[k % G_N_ELEMENTS (pieces)];

          for (gsize i = 0; piece[i] != '\0' && at < len; i++)
            data[at++] = (guint8) piece[i];
        }
    }
  return data;
}

static void
collect_list_views (GtkWidget *widget,
                    GPtrArray *out)
{
  if (GTK_IS_LIST_VIEW (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_list_views (child, out);
}

static const char *
model_string (GListModel *model,
              guint       position,
              GString    *scratch)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  g_assert_true (GTK_IS_STRING_OBJECT (item));
  g_string_assign (scratch, gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  return scratch->str;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 *painted_at = user_data;

  if (*painted_at == 0)
    *painted_at = g_get_monotonic_time ();
}

/* The processor time of this process, all its threads (GL's too). */
static gint64
process_cpu_us (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts), ==, 0);
  return ts.tv_sec * G_GINT64_CONSTANT (1000000) + ts.tv_nsec / 1000;
}

static gboolean
is_nonzero (gpointer data)
{
  return *(gint64 *) data != 0;
}

static void
test_log_view_details_large (Fixture       *fixture,
                             gconstpointer  data)
{
  const LargeEntry *large = data;
  gsize size = large->size;
  g_autofree guint8 *bytes = large->newlines ? memset (g_malloc (size), '\n', size) : make_large_message (size);
  GtkWidget *root = GTK_WIDGET (fixture->view);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  g_autoptr(GString) scratch = g_string_new (NULL);
  GListModel *hex_rows = NULL;
  GListModel *text_rows = NULL;
  GtkListView *hex_list = NULL;
  gsize row_bytes;
  GtkWidget *stack;
  GtkWidget *dialog = GTK_WIDGET (fifolab_log_view_get_inspector (fixture->view));
  int pane_height;
  GdkFrameClock *clock;
  gint64 start;
  gint64 start_cpu;
  gint64 cpu;
  gint64 painted_at = 0;
  gulong handler;

  append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED, PIPE_A, bytes, size);
  fifolab_log_flush (fixture->log);
  g_assert_true (wait_n_shown (fixture->view, 1));
  fifolab_test_run_for (50);

  /* What a double-click or Enter on the row does. */
  start_cpu = process_cpu_us ();
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (root, "log.show-details", "u", 0));
  g_assert_true (fifolab_entry_details_get_entry (FIFOLAB_ENTRY_DETAILS (dialog)) != NULL);
  g_assert_true (gtk_widget_get_realized (GTK_WIDGET (dialog)));
  pane_height = gtk_widget_get_height (dialog);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (dialog));
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted_at);
  g_assert_true (fifolab_test_wait_until (is_nonzero, &painted_at, TIMEOUT_MS));
  cpu = process_cpu_us () - start_cpu;
  g_signal_handler_disconnect (clock, handler);
  g_test_message ("%" G_GSIZE_FORMAT " bytes: details shown and painted in %.1f ms "
                  "(%.1f ms of processor time)",
                  size, (painted_at - start) / 1000.0, cpu / 1000.0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  /* It keeps its place below the list, whatever the size of the entry. */
  fifolab_test_run_for (50);
  g_assert_cmpint (gtk_widget_get_height (dialog), <=, MAX (pane_height, 400));
  g_assert_cmpint (gtk_widget_get_height (dialog), <, gtk_widget_get_height (GTK_WIDGET (fixture->window)));
  g_assert_cmpint (gtk_widget_get_width (dialog), <=, gtk_widget_get_width (GTK_WIDGET (fixture->window)));

  /* Bounded labels, and only so many of them: the rows are made as they
   * come on screen. */
  collect_labels (GTK_WIDGET (dialog), NULL, labels);
  g_test_message ("%u labels in the inspector", labels->len);
  g_assert_cmpuint (labels->len, <=, DETAILS_MAX_LABELS);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      g_assert_cmpuint (g_utf8_strlen (shown_text (label), -1), <=, DETAILS_MAX_LABEL_CHARS);
      g_assert_true (GTK_IS_INSCRIPTION (label) || !gtk_label_get_use_markup (GTK_LABEL (label)));
    }

  /* Two scrollable lists: the text, shown first, and the hex dump, made when
   * its page is shown. */
  stack = GTK_WIDGET (fifolab_entry_details_get_stack (FIFOLAB_ENTRY_DETAILS (dialog)));
  g_assert_nonnull (stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "text");
  {
    GtkWidget *switcher = fifolab_ui_test_find_descendant (GTK_WIDGET (dialog), GTK_TYPE_STACK_SWITCHER);

    g_assert_nonnull (switcher);
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (switcher), GTK_ACCESSIBLE_PROPERTY_LABEL));
  }
  /* Its rows of 16 bytes, or of fewer where 16 would not fit the page. */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "hex");
  hex_list = GTK_LIST_VIEW (fifolab_ui_test_find_descendant (gtk_stack_get_child_by_name (GTK_STACK (stack), "hex"),
                                                             GTK_TYPE_LIST_VIEW));
  row_bytes = fifolab_byte_rows_get_row_bytes (FIFOLAB_BYTE_ROWS (gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (hex_list)))));
  g_test_message ("%" G_GSIZE_FORMAT " bytes a hex row in a page %d px wide", row_bytes, gtk_widget_get_width (stack));
  {
    g_autofree char *first = fifolab_escape_hex_dump_line (bytes, row_bytes, 0, row_bytes);

    g_assert_true (wait_label (GTK_WIDGET (dialog), "fifolab-hex-dump", first));
  }
  g_ptr_array_set_size (labels, 0);
  collect_labels (GTK_WIDGET (dialog), NULL, labels);
  g_assert_cmpuint (labels->len, <=, DETAILS_MAX_LABELS);

  collect_list_views (GTK_WIDGET (dialog), lists);
  g_assert_cmpuint (lists->len, ==, 2);
  for (guint i = 0; i < lists->len; i++)
    {
      GtkListView *list = g_ptr_array_index (lists, i);
      GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));

      g_assert_nonnull (gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_SCROLLED_WINDOW));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL));
      if (list == hex_list)
        g_assert_true (g_str_has_prefix (model_string (model, 0, scratch), "00000000 "));
      else
        text_rows = model;
    }
  g_assert_nonnull (text_rows);
  hex_rows = G_LIST_MODEL (gtk_list_view_get_model (hex_list));
  g_assert_cmpuint (fifolab_byte_rows_get_row_bytes (FIFOLAB_BYTE_ROWS (gtk_no_selection_get_model (GTK_NO_SELECTION (hex_rows)))),
                    ==, row_bytes);

  /* Scrolled to the end, the last line is on screen. */
  {
    gsize last = (size - 1) / row_bytes * row_bytes;
    g_autofree char *expected = fifolab_escape_hex_dump_line (bytes + last, size - last, last, row_bytes);

    /* What the End key does in the list. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (hex_list), "list.scroll-to-item", "u",
                                               g_list_model_get_n_items (hex_rows) - 1));
    g_assert_true (wait_label (GTK_WIDGET (dialog), "fifolab-hex-dump", expected));
  }

  /* The hex dump has every byte: lines of hexdump -C's form, row_bytes each. */
  g_assert_cmpuint (g_list_model_get_n_items (hex_rows), ==, (size + row_bytes - 1) / row_bytes);
  for (gsize line = 0; line < size; line += row_bytes * 997)
    {
      g_autofree char *expected = fifolab_escape_hex_dump_line (bytes + line, MIN (row_bytes, size - line), line,
                                                                row_bytes);

      g_assert_cmpstr (model_string (hex_rows, line / row_bytes, scratch), ==, expected);
    }

  /* The text rows, end to end, are the whole message as literal text. */
  {
    g_autofree char *whole = fifolab_escape_for_display (bytes, size, 0);
    g_autoptr(GString) joined = g_string_sized_new (strlen (whole));
    guint n = g_list_model_get_n_items (text_rows);

    for (guint i = 0; i < n; i++)
      {
        const char *row = model_string (text_rows, i, scratch);

        g_assert_cmpuint (g_utf8_strlen (row, -1), <=, DETAILS_MAX_LABEL_CHARS);
        g_string_append (joined, row);
      }
    g_assert_cmpstr (joined->str, ==, whole);
  }

}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  /* The accessible names are checked: GTK's in-memory test backend keeps
   * them, where with GTK_A11Y=none (the UI tests' environment) GTK drops them
   * and nothing can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  g_test_add_func ("/log-view/new-destroy", test_log_view_new_destroy);
  g_test_add ("/log-view/literal", Fixture, NULL, fixture_setup, test_log_view_literal, fixture_teardown);
  g_test_add ("/log-view/search", Fixture, NULL, fixture_setup, test_log_view_search, fixture_teardown);
  g_test_add ("/log-view/follow", Fixture, NULL, fixture_setup, test_log_view_follow, fixture_teardown);
  g_test_add ("/log-view/follow-same-frame", Fixture, NULL, fixture_setup, test_log_view_follow_same_frame, fixture_teardown);
  g_test_add ("/log-view/clear", Fixture, NULL, fixture_setup, test_log_view_clear, fixture_teardown);
  g_test_add ("/log-view/status", Fixture, NULL, fixture_setup, test_log_view_status, fixture_teardown);
  g_test_add ("/log-view/status-mib", Fixture, NULL, fixture_setup, test_log_view_status_mib, fixture_teardown);
  g_test_add ("/log-view/titles-whole", Fixture, NULL, fixture_setup, test_log_view_titles_whole, fixture_teardown);
  g_test_add ("/log-view/titles-as-menu", Fixture, NULL, fixture_setup, test_log_view_titles_as_menu, fixture_teardown);
  g_test_add ("/log-view/status-with-rows", Fixture, NULL, fixture_setup, test_log_view_status_with_rows, fixture_teardown);
  g_test_add ("/log-view/copy", Fixture, NULL, fixture_setup, test_log_view_copy, fixture_teardown);
  g_test_add ("/log-view/export", Fixture, NULL, fixture_setup, test_log_view_export, fixture_teardown);
  g_test_add ("/log-view/empty", Fixture, NULL, fixture_setup, test_log_view_empty, fixture_teardown);
  g_test_add ("/log-view/details-large/64k", Fixture, &large_64k,
              fixture_setup, test_log_view_details_large, fixture_teardown);
  g_test_add ("/log-view/details-large/largest", Fixture, &large_largest,
              fixture_setup, test_log_view_details_large, fixture_teardown);
  g_test_add ("/log-view/details-large/newlines", Fixture, &large_newlines,
              fixture_setup, test_log_view_details_large, fixture_teardown);

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
