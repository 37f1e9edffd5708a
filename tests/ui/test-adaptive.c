/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window adapts to the width it is given. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-log-columns-private.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-overflow-bin.h"
#include "fifolab-peer-form.h"
#include "fifolab-pipe-details.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

/* Each test starts at the default width with the side pane shown. */
typedef struct
{
  int unused;
} Fixture;

static GtkWidget *
get_content (void)
{
  return adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
}

/* The minimum width the window's content asks for. */
static int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* On failure, which widgets ask for the width (the widest, depth first). */
static void
report_widest (GtkWidget *widget,
               int        depth,
               int        threshold)
{
  if (!gtk_widget_get_visible (widget) || min_width (widget) < threshold || depth > 12)
    return;
  g_test_message ("%*s%s.%s: minimum %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_css_classes (widget)[0] ? gtk_widget_get_css_classes (widget)[0] : "",
                  min_width (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    report_widest (child, depth + 1, threshold);
}

static void
assert_min_width_at_most (int         limit,
                          const char *what)
{
  int minimum = min_width (get_content ());

  g_test_message ("%s: the window's content needs %d px", what, minimum);
  if (minimum > limit)
    report_widest (get_content (), 0, limit / 2);
  g_assert_cmpint (minimum, <=, limit);
}

/* What the log's page holds needs no more than @limit: nothing of it
 * scrolls sideways out of sight (the page's own minimum is capped at 360,
 * the rest scrolls). */
static void
assert_log_page_fits (int         limit,
                      const char *what)
{
  GtkWidget *log_view = _fifolab_window_get_log_view (window);
  GtkWidget *page = gtk_widget_get_ancestor (log_view, FIFOLAB_TYPE_OVERFLOW_BIN);
  GtkWidget *child;
  int minimum;

  g_assert_nonnull (page);
  child = fifolab_overflow_bin_get_child (FIFOLAB_OVERFLOW_BIN (page));
  minimum = min_width (child);
  g_test_message ("%s: the log's page needs %d px", what, minimum);
  if (minimum > limit)
    report_widest (child, 0, limit / 2);
  g_assert_cmpint (minimum, <=, limit);
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  guint *frames = user_data;

  *frames += 1;
  return G_SOURCE_CONTINUE;
}

/* Iterates until the window has drawn @n more frames (laid out each time). */
static void
wait_frames (guint n)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (window), frame_cb, &frames, NULL);
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * (gint64) 1000;

  /* Something to draw each frame, so that the clock keeps ticking. */
  while (frames < n && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (GTK_WIDGET (window));
      fifolab_test_run_for (10);
    }
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
  g_assert_cmpuint (frames, >=, n);
}

typedef struct
{
  int width;
} WidthWait;

static gboolean
content_has_width_cb (gpointer data)
{
  WidthWait *wait = data;

  return gtk_widget_get_width (get_content ()) == wait->width;
}

/* Resizes the window as a user would, and waits until its content is laid
 * out at @width and has drawn. */
static void
resize_to (int width)
{
  WidthWait wait = { width };
  int default_width, default_height;

  /* The default size counts the window's frame (client-side decorations)
   * too: keep what it adds to the content's width. */
  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  gtk_window_set_default_size (GTK_WINDOW (window),
                               width + default_width - gtk_widget_get_width (get_content ()),
                               default_height);
  g_assert_true (fifolab_test_wait_until (content_has_width_cb, &wait, TIMEOUT_MS));
  /* Laid out again at that width (a flap folds while allocated, and what
   * it hides or shows then is laid out in the next frame). */
  wait_frames (2);
}

/* The window's frame: what it draws of its own inside its width, around
 * its content (window.solid-csd: 5 px a side where no compositor draws its
 * shadow, as under Xvfb without a window manager; none with one). */
static int
get_frame (void)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window), GTK_WIDGET (window), &bounds));
  return (int) bounds.size.width - gtk_widget_get_width (get_content ());
}

/* The window's width as its edge is seen, and as a window manager, xdotool
 * and the window-width setting size it: its frame included. */
static int
get_window_width (void)
{
  return gtk_widget_get_width (get_content ()) + get_frame ();
}

/* Resizes the window to @width of window (its frame included), as a window
 * manager or xdotool would. */
static void
resize_window_to (int width)
{
  int default_width, default_height;

  resize_to (width - get_frame ());
  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  g_test_message ("a window %d px wide (window-width %d): %d px of content in its %d px frame",
                  get_window_width (), default_width, gtk_widget_get_width (get_content ()), get_frame ());
  g_assert_cmpint (get_window_width (), ==, width);
  /* What the window-width setting keeps. */
  g_assert_cmpint (default_width, ==, width);
}

/* The flap holding the side pane, and the one holding the pipe browser
 * (inside it, beside the log). */
static AdwFlap *
get_side_flap (void)
{
  return ADW_FLAP (gtk_widget_get_ancestor (_fifolab_window_get_details (window), ADW_TYPE_FLAP));
}

static AdwFlap *
get_browser_flap (void)
{
  return ADW_FLAP (gtk_widget_get_ancestor (_fifolab_window_get_log_view (window), ADW_TYPE_FLAP));
}

/* The side pane (details, processes, lessons), whichever page it shows. */
static GtkWidget *
get_side_pane (void)
{
  return adw_flap_get_flap (get_side_flap ());
}

/* Whether @widget shows inside the window: mapped, with its whole width on screen. */
static gboolean
is_on_screen (GtkWidget *widget)
{
  graphene_point_t origin;
  int window_width = gtk_widget_get_width (get_content ());

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0)
    return FALSE;
  g_assert_true (gtk_widget_compute_point (widget, get_content (), &GRAPHENE_POINT_INIT (0, 0), &origin));
  g_test_message ("%s at x %g, %d px wide, in %d px", G_OBJECT_TYPE_NAME (widget),
                  origin.x, gtk_widget_get_width (widget), window_width);
  return origin.x >= 0 && origin.x + gtk_widget_get_width (widget) <= window_width;
}

static void
activate (const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  wait_frames (2);
}

/* Shows the side pane's page for @action; win.show-details toggles, so for
 * it shown is what is asked for. */
static void
show_side_page (const char *action)
{
  if (g_str_equal (action, "win.show-details"))
    g_object_set (window, "show-details", TRUE, NULL);
  else
    activate (action);
  wait_frames (2);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_object_set (window, "show-details", TRUE, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL);
  g_object_set (window, "show-details", TRUE, NULL);
  resize_to (1180);
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

/* The message column (the one that takes the width left) of the log's list:
 * where it is, and how far from the list's start its cells begin. */
static guint
message_column_index (GtkColumnView *view,
                      int           *x)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  *x = 0;
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_expand (column))
        return i;
      if (gtk_column_view_column_get_visible (column))
        *x += gtk_column_view_column_get_fixed_width (column);
    }
  g_assert_not_reached ();
}

typedef struct
{
  GtkColumnView *view;
  guint          index;
} ColumnWait;

static gboolean
message_column_at_cb (gpointer data)
{
  ColumnWait *wait = data;
  int x;

  return message_column_index (wait->view, &x) == wait->index;
}

/* An event's title cut in its cell says itself whole in its tooltip, and
 * the explanation there too when the cell shows neither it nor its mark; a
 * title whole beside its explanation or its mark has no tooltip. */
static void
check_title_tooltip (GtkWidget *title)
{
  g_autofree char *tooltip = _fifolab_log_columns_dup_title_tooltip (title);
  g_autofree char *said = NULL;
  GtkWidget *more = gtk_widget_get_last_child (gtk_widget_get_parent (title));
  GtkWidget *explanation = gtk_widget_get_prev_sibling (more);
  const char *explained = gtk_inscription_get_text (GTK_INSCRIPTION (explanation));
  gboolean cut = pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title)));
  gboolean told = gtk_widget_get_child_visible (explanation) || gtk_widget_get_child_visible (more);

  g_assert_true (gtk_widget_has_css_class (explanation, "fifolab-explanation"));
  said = g_strdelimit (g_strdup (tooltip != NULL ? tooltip : "(none)"), "\n", ' ');
  g_test_message ("  its tooltip: %s", said);
  if (cut)
    {
      /* GTK asks for it only from a widget that has one. */
      g_assert_true (gtk_widget_get_has_tooltip (title));
      g_assert_nonnull (tooltip);
      g_assert_true (g_str_has_prefix (tooltip, gtk_label_get_text (GTK_LABEL (title))));
    }
  if (!told && explained != NULL && explained[0] != '\0')
    {
      g_assert_nonnull (tooltip);
      g_assert_true (g_str_has_suffix (tooltip, explained));
    }
  if (!cut && told)
    g_assert_null (tooltip);
}

/* The event titles shown in @view end within it. */
static void
check_titles_inside (GtkWidget *view)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint shown = 0;

  fifolab_ui_test_find_all (view, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      graphene_rect_t bounds;

      if (!gtk_widget_has_css_class (label, "fifolab-event-title") || !gtk_widget_get_mapped (label) ||
          !gtk_widget_get_child_visible (label) || gtk_widget_get_width (label) == 0)
        continue;
      g_assert_true (gtk_widget_compute_bounds (label, view, &bounds));
      if (bounds.origin.y < 0 || bounds.origin.y >= gtk_widget_get_height (view))
        continue;
      shown++;
      g_test_message ("“%s”: %.0f to %.0f px in %d, %s", gtk_label_get_text (GTK_LABEL (label)),
                      bounds.origin.x, bounds.origin.x + bounds.size.width, gtk_widget_get_width (view),
                      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))) ? "cut" : "whole");
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (view));
      check_title_tooltip (label);
    }
  g_assert_cmpuint (shown, >, 0);
}

/* Whatever the side pane shows, the window can be as narrow as 360 px (the
 * flaps fold), and no page makes it ask for more. */
static void
test_minimum_width (Fixture       *fixture,
                    gconstpointer  data)
{
  assert_min_width_at_most (360, "details shown");
  activate ("win.show-lessons");
  assert_min_width_at_most (360, "lessons shown");
  activate ("win.show-processes");
  assert_min_width_at_most (360, "processes shown");
  g_object_set (window, "show-details", FALSE, NULL);
  assert_min_width_at_most (360, "side pane hidden");

  /* And at 360 px the window is that wide, with the log and the compose bar
   * whole on screen: they fit, where they were 500 px wide and scrolled
   * sideways (the Send button out of sight). */
  resize_to (360);
  g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, 360);
  g_assert_true (is_on_screen (_fifolab_window_get_log_view (window)));
  g_assert_true (is_on_screen (_fifolab_window_get_compose_bar (window)));
  g_assert_cmpint (gtk_widget_get_width (_fifolab_window_get_log_view (window)), ==, 360);
  g_assert_true (adw_flap_get_folded (get_browser_flap ()));
  g_assert_false (adw_flap_get_reveal_flap (get_browser_flap ()));

  /* With no pipe chosen, the compose bar says what to do, whole, on more
   * lines if it must (it read "Choose a pipe…"). */
  {
    GtkWidget *sentence = fifolab_ui_test_find_widget (_fifolab_window_get_compose_bar (window), is_label_with_text,
                                                       _("Choose a pipe to write to"));

    g_assert_nonnull (sentence);
    wait_frames (2);
    g_assert_true (is_on_screen (sentence));
    g_test_message ("at 360 px “%s” in %d lines: %s", gtk_label_get_text (GTK_LABEL (sentence)),
                    pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (sentence))),
                    pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (sentence))) ? "cut" : "whole");
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (sentence))));
  }

  /* The list is narrower than its columns: the message comes right after
   * the time, within sight (it began past the pipe and the pid, at 300 px,
   * with 60 px of it on screen). Wide again, it is back in its place. */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (fifolab_ui_test_find_descendant (_fifolab_window_get_log_view (window),
                                                                            GTK_TYPE_COLUMN_VIEW));
    guint home;
    int x;

    g_assert_true (fifolab_test_wait_until (message_column_at_cb, &(ColumnWait) { view, 1 }, TIMEOUT_MS));
    message_column_index (view, &x);
    g_test_message ("at 360 px the message begins %d px into a list %d px wide", x, gtk_widget_get_width (GTK_WIDGET (view)));
    g_assert_cmpint (x + 200, <=, gtk_widget_get_width (GTK_WIDGET (view)));

    /* The inspector's heading reads whole beside its Text and Hex (at
     * their 100 px each it read "R…"), on two lines if it must (the +30 %
     * pseudo-translation's "Received Message~~~~~" was cut on one). */
    {
      FifolabLog *log = fifolab_session_get_log (fifolab_application_get_session (app));
      FifolabLogView *log_view = FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window));
      FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (log_view);
      static const char text[] = "Hello from pid [4242]";
      GtkWidget *heading;

      fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_RAW, "/tmp/my_pipe",
                                  4242, 0, g_get_real_time (), g_get_monotonic_time (),
                                  (const guint8 *) text, strlen (text));
      fifolab_log_flush (log);
      g_object_set (log_view, "show-inspector", TRUE, NULL);
      g_assert_true (fifolab_ui_test_wait_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)), 1, TIMEOUT_MS));
      gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
      wait_frames (2);
      heading = fifolab_ui_test_find_widget (GTK_WIDGET (inspector), is_label_with_text,
                                             fifolab_entry_details_get_heading (inspector));
      g_assert_nonnull (heading);
      g_assert_true (is_on_screen (heading));
      g_test_message ("the heading “%s”: %s", gtk_label_get_text (GTK_LABEL (heading)),
                      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (heading))) ? "cut" : "whole");
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (heading))));
      /* An entry inspected, and the search open too: the log's page still
       * fits 360 px (the inspector's two panes asked for 361). */
      assert_log_page_fits (360, "an entry inspected");
      fifolab_log_view_set_search_mode (log_view, TRUE);
      wait_frames (2);
      assert_log_page_fits (360, "an entry inspected, the search open");
      fifolab_log_view_set_search_mode (log_view, FALSE);

      /* Every event's title stays within the list, cut at its end if it
       * must (the pseudo-translation's "Waiting for a writer~~~~~~" ran
       * past the list's edge). */
      for (FifolabEventKind kind = FIFOLAB_EVENT_CREATED; kind < FIFOLAB_EVENT_LAST; kind++)
        fifolab_log_append_event (log, kind, "/tmp/my_pipe", NULL);
      fifolab_log_flush (log);
      for (guint top = 1; top < FIFOLAB_EVENT_LAST; top += 4)
        {
          /* GTK 4.8's list views scroll to an item through this action. */
          g_assert_true (gtk_widget_activate_action (fifolab_ui_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW),
                                                     "list.scroll-to-item", "u", top));
          wait_frames (2);
          check_titles_inside (GTK_WIDGET (view));
        }
      fifolab_log_clear (log);
    }
    resize_to (1180);
    home = g_list_model_get_n_items (gtk_column_view_get_columns (view)) - 3;
    g_assert_true (fifolab_test_wait_until (message_column_at_cb, &(ColumnWait) { view, home }, TIMEOUT_MS));
  }
}

/* At its default width the pipes, the log and the side pane sit side by side. */
static void
test_side_by_side (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_false (adw_flap_get_folded (get_browser_flap ()));
  g_assert_false (adw_flap_get_folded (get_side_flap ()));
  g_assert_true (is_on_screen (get_side_pane ()));
  g_assert_true (is_on_screen (_fifolab_window_get_log_view (window)));
}

/* Whether the log's list shows its shown columns side by side, without
 * scrolling sideways. */
static gboolean
log_columns_fit (int *upper,
                 int *page)
{
  GtkWidget *view = fifolab_ui_test_find_descendant (_fifolab_window_get_log_view (window),
                                                     GTK_TYPE_COLUMN_VIEW);
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_parent (view));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (scroller);

  *upper = (int) gtk_adjustment_get_upper (adjustment);
  *page = (int) gtk_adjustment_get_page_size (adjustment);
  return *page > 0 && *upper <= *page;
}

/* Checks each width from @from to @to (by @step): wherever the pipes stand
 * beside the log, the log's shown columns fit it; returns at how many
 * widths the pipes stood beside it. */
static guint
check_pipes_beside_whole_columns (int from,
                                  int to,
                                  int step)
{
  guint beside = 0;

  for (int width = from; width <= to; width += step)
    {
      gboolean folded;
      int upper, page;
      gboolean fit;

      resize_to (width);
      folded = adw_flap_get_folded (get_browser_flap ());
      fit = log_columns_fit (&upper, &page);
      g_test_message ("%d px: the pipes %s, the log's columns need %d px of %d",
                      width, folded ? "folded" : "beside the log", upper, page);
      if (folded)
        continue;
      beside++;
      g_assert_true (fit);
    }
  return beside;
}

/* The pipes stand beside the log only where the log's shown columns fit it
 * side by side: between where they fold and where the columns fit, the
 * claimed pid was cut off at the log's edge ("2529" at 1,045 px). With every
 * column shown, the log needs more, and the pipes fold sooner. */
static void
test_pipes_beside_whole_columns (Fixture       *fixture,
                                 gconstpointer  data)
{
  FifolabLogView *log_view = FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window));
  g_auto(GStrv) hidden = fifolab_log_view_dup_hidden_columns (log_view);
  const char *none[] = { NULL };
  guint beside;

  /* Where the pipes fold, in every language, lies in these ranges: beside
   * the side pane, and where the side pane has folded. */
  beside = check_pipes_beside_whole_columns (720, 800, 5);
  beside += check_pipes_beside_whole_columns (1000, 1180, 5);
  g_assert_cmpuint (beside, >, 0);
  g_assert_false (adw_flap_get_folded (get_browser_flap ()));

  fifolab_log_view_set_hidden_columns (log_view, none);
  wait_frames (3);
  /* No wider: the window stays within the screen (1,280 px). */
  check_pipes_beside_whole_columns (1180, 1255, 25);
  fifolab_log_view_set_hidden_columns (log_view, (const char * const *) hidden);
}

/* The cell of @css_class showing @text in the log: its text whole, within
 * the part of the list in sight. */
static void
assert_cell_in_sight (const char *css_class,
                      const char *text)
{
  GtkWidget *cell = fifolab_ui_test_wait_cell (_fifolab_window_get_log_view (window), css_class, text, TIMEOUT_MS);
  GtkWidget *scrolled;
  graphene_rect_t bounds;
  int natural;

  g_assert_nonnull (cell);
  scrolled = gtk_widget_get_ancestor (cell, GTK_TYPE_SCROLLED_WINDOW);
  natural = fifolab_ui_test_text_width (cell, text);
  g_assert_true (gtk_widget_compute_bounds (cell, scrolled, &bounds));
  g_test_message ("“%s”: %d px of text in a cell of %d px at x %.0f, in %d px of list in sight",
                  text, natural, gtk_widget_get_width (cell), bounds.origin.x, gtk_widget_get_width (scrolled));
  g_assert_cmpint (natural, <=, gtk_widget_get_width (cell));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scrolled));
}

/* The index among the log's columns, as they stand, of the one titled
 * @title. */
static guint
column_titled (GtkColumnView *view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* The log narrower than its columns (alone in a 500 px window): the time,
 * the message and its claimed pid are in sight, in that order, the pipe
 * after them (it stood before the pid, which was cut off at the edge). */
static void
test_narrow_message_and_pid (Fixture       *fixture,
                             gconstpointer  data)
{
  FifolabLog *log = fifolab_session_get_log (fifolab_application_get_session (app));
  GtkColumnView *view = GTK_COLUMN_VIEW (fifolab_ui_test_find_descendant (_fifolab_window_get_log_view (window),
                                                                          GTK_TYPE_COLUMN_VIEW));
  GtkWidget *sender = fifolab_ui_test_find_cell (_fifolab_window_get_log_view (window), "fifolab-pid", "25294");
  static const char text[] = "Hello from pid [25294]";
  guint message_at;
  int x;

  g_assert_null (sender);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_RAW, "/tmp/my_pipe",
                              25294, 0, g_get_real_time (), g_get_monotonic_time (),
                              (const guint8 *) text, strlen (text));
  fifolab_log_flush (log);

  resize_to (500);
  g_assert_true (adw_flap_get_folded (get_browser_flap ()));
  g_assert_true (adw_flap_get_folded (get_side_flap ()));
  g_assert_true (fifolab_test_wait_until (message_column_at_cb, &(ColumnWait) { view, 1 }, TIMEOUT_MS));
  message_at = message_column_index (view, &x);
  g_assert_cmpuint (column_titled (view, _("Claimed PID")), ==, message_at + 1);
  assert_cell_in_sight ("fifolab-message", text);
  assert_cell_in_sight ("fifolab-pid", "25294");

  /* Wide again: every column in its place, the pid before the message. */
  resize_to (1180);
  g_assert_true (fifolab_test_wait_until (message_column_at_cb,
                                          &(ColumnWait) { view, g_list_model_get_n_items (gtk_column_view_get_columns (view)) - 3 },
                                          TIMEOUT_MS));
  g_assert_cmpuint (column_titled (view, _("Claimed PID")), <, message_column_index (view, &x));
  fifolab_log_clear (log);
}

/* Opening a page of the side pane never widens the window, nor folds the
 * pane where it stood beside the log. */
static void
test_no_widening (Fixture       *fixture,
                  gconstpointer  data)
{
  /* The lessons take the window instead (the stage, test_stage_*). */
  const char *actions[] = { "win.show-processes", "win.show-details", "win.show-processes" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_test_message ("%s at 1180 px", actions[i]);
      show_side_page (actions[i]);
      g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, 1180);
      g_assert_false (adw_flap_get_folded (get_side_flap ()));
      g_assert_true (is_on_screen (get_side_pane ()));
    }

  resize_to (800);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_test_message ("%s at 800 px", actions[i]);
      show_side_page (actions[i]);
      g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, 800);
      /* What was asked for is shown, inside the window. */
      g_assert_true (is_on_screen (get_side_pane ()));
    }
}

/* At 600 px the side pane lies folded: hidden until asked for, then over the
 * log, and the toggle says so. */
static void
test_folded (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *details = get_side_pane ();
  gboolean shown = TRUE;

  resize_to (600);
  g_assert_true (adw_flap_get_folded (get_side_flap ()));
  g_assert_false (is_on_screen (details));
  g_object_get (window, "show-details", &shown, NULL);
  g_assert_false (shown);

  activate ("win.show-details");
  g_object_get (window, "show-details", &shown, NULL);
  g_assert_true (shown);
  g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, 600);
  g_assert_true (is_on_screen (details));

  /* Hidden again, and wide again: side by side as before it folded. */
  activate ("win.show-details");
  g_assert_false (is_on_screen (details));
  resize_to (1180);
  g_assert_false (adw_flap_get_folded (get_side_flap ()));
  g_assert_true (is_on_screen (details));
}

/* The side pane's button to the pipe list, on its page for no pipe; NULL
 * where it is not shown. */
static GtkWidget *
find_show_pipes (void)
{
  return fifolab_ui_test_find_widget (_fifolab_window_get_details (window),
                                      fifolab_ui_test_is_button_named, _("Show the pipes"));
}

/* Presses the side pane's button to the pipe list, which is on screen. */
static void
press_show_pipes (void)
{
  GtkWidget *button = find_show_pipes ();

  g_assert_nonnull (button);
  g_assert_true (is_on_screen (button));
  fifolab_ui_test_press (button);
  wait_frames (2);
}

static void
assert_pipes_over_log (gboolean browser_shown,
                       gboolean side_shown)
{
  g_assert_true (adw_flap_get_folded (get_browser_flap ()));
  g_assert_cmpint (adw_flap_get_reveal_flap (get_browser_flap ()), ==, browser_shown);
  g_assert_cmpint (adw_flap_get_reveal_flap (get_side_flap ()), ==, side_shown);
}

/* Where the pipe list is folded out of sight, the side pane's page for no
 * pipe offers it: at 1,024 px it said "Select a pipe" with none in sight.
 * Folded over the log, the panes show one at a time: the side pane covered
 * the pipe list shown after it, and the keyboard's focus in it. */
static void
test_show_pipes_from_details (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *details = _fifolab_window_get_details (window);

  /* The side pane on its details (another test may have left it on
   * another page). */
  activate ("win.side-page-details");
  g_assert_true (gtk_widget_is_drawable (details));
  g_assert_null (fifolab_pipe_details_get_info (FIFOLAB_PIPE_DETAILS (details)));
  g_assert_false (adw_flap_get_folded (get_browser_flap ()));
  g_assert_null (find_show_pipes ());

  /* The side pane beside the log, the pipe list folded. */
  resize_to (1024);
  g_assert_false (adw_flap_get_folded (get_side_flap ()));
  assert_pipes_over_log (FALSE, TRUE);
  press_show_pipes ();
  assert_pipes_over_log (TRUE, TRUE);
  g_assert_true (is_on_screen (adw_flap_get_flap (get_browser_flap ())));
  g_assert_true (is_on_screen (get_side_pane ()));
  g_assert_null (find_show_pipes ());
  activate ("win.toggle-pipes");
  assert_pipes_over_log (FALSE, TRUE);
  g_assert_nonnull (find_show_pipes ());

  /* Both folded: the side pane steps aside for the pipe list, and comes
   * back when it goes. */
  resize_to (400);
  g_assert_true (adw_flap_get_folded (get_side_flap ()));
  activate ("win.show-details");
  assert_pipes_over_log (FALSE, TRUE);
  press_show_pipes ();
  assert_pipes_over_log (TRUE, FALSE);
  g_assert_true (is_on_screen (adw_flap_get_flap (get_browser_flap ())));
  activate ("win.toggle-pipes");
  assert_pipes_over_log (FALSE, TRUE);

  /* The side pane asked for over the pipe list: the list steps aside. */
  activate ("win.toggle-pipes");
  assert_pipes_over_log (TRUE, FALSE);
  activate ("win.show-details");
  assert_pipes_over_log (FALSE, TRUE);
  activate ("win.show-details");
  assert_pipes_over_log (FALSE, FALSE);
}

static gboolean
is_mapped_drop_down (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_DROP_DOWN (widget) && gtk_widget_get_mapped (widget);
}

/* The page the side pane's drop-down has selected. */
static GtkWidget *
get_selected_page (GtkDropDown *dropdown)
{
  g_autoptr(GObject) page = g_list_model_get_item (gtk_drop_down_get_model (dropdown),
                                                   gtk_drop_down_get_selected (dropdown));

  return gtk_stack_page_get_child (GTK_STACK_PAGE (page));
}

/* The side pane says which page it shows: the switcher's buttons where their
 * titles fit, else a drop-down that follows the page and turns it. */
static void
assert_side_page_shown (void)
{
  GtkWidget *side_pane = get_side_pane ();
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (_fifolab_window_get_details (window), GTK_TYPE_STACK));
  GtkWidget *switcher = fifolab_ui_test_find_descendant (side_pane, GTK_TYPE_STACK_SWITCHER);
  GtkWidget *dropdown = fifolab_ui_test_find_widget (side_pane, is_mapped_drop_down, NULL);
  GtkWidget *shown;
  guint n_pages;

  if (gtk_widget_get_mapped (switcher))
    {
      g_test_message ("the side pane's switcher shows");
      g_assert_true (is_on_screen (switcher));
      return;
    }
  g_test_message ("the side pane's drop-down shows");
  g_assert_nonnull (dropdown);
  g_assert_true (is_on_screen (dropdown));
  shown = gtk_stack_get_visible_child (stack);
  g_assert_true (get_selected_page (GTK_DROP_DOWN (dropdown)) == shown);

  /* Another page chosen from it is shown; and back. */
  n_pages = g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)) + 1) % n_pages);
  g_assert_true (gtk_stack_get_visible_child (stack) != shown);
  gtk_stack_set_visible_child (stack, shown);
  g_assert_true (get_selected_page (GTK_DROP_DOWN (dropdown)) == shown);
}

/* From 800 px of window up the side pane stands beside the log (the pipes
 * folded over it), the window as wide as asked, whatever page the pane
 * shows; a pixel narrower it folds (README). Of window: its edge as seen,
 * as a window manager, xdotool and the window-width setting size it. Where
 * the window draws a frame inside that width (5 px a side without a
 * compositor, as here), the content was 790 px at 800: the side pane lay
 * folded, its toggle off, up to 809 px. To the side pane, the log's natural
 * width is the 500 px it gets then, less that frame, in every language (its
 * own is what its columns need, at least 500:
 * test_pipes_beside_whole_columns()); it needs no more than 360. */
static void
test_side_pane_at_800 (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *actions[] = { "win.show-details", "win.show-processes" };
  const int widths[] = { 800, 801 };
  const int narrower[] = { 799, 600 };
  GtkWidget *log_column = gtk_widget_get_parent (gtk_widget_get_parent (_fifolab_window_get_log_view (window)));
  int frame = get_frame ();
  int minimum, natural;

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      resize_window_to (widths[w]);
      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        {
          gboolean shown = FALSE;

          g_test_message ("%s at %d px of window", actions[i], widths[w]);
          show_side_page (actions[i]);
          g_assert_cmpint (get_window_width (), ==, widths[w]);
          g_assert_false (adw_flap_get_folded (get_side_flap ()));
          g_assert_true (adw_flap_get_reveal_flap (get_side_flap ()));
          g_object_get (window, "show-details", &shown, NULL);
          g_assert_true (shown);
          g_assert_true (is_on_screen (get_side_pane ()));
          g_assert_true (is_on_screen (_fifolab_window_get_log_view (window)));
          g_assert_cmpint (gtk_widget_get_width (get_side_pane ()), ==, 300);
          g_assert_cmpint (gtk_widget_get_width (_fifolab_window_get_log_view (window)), ==,
                           widths[w] - frame - 300);
          g_assert_true (adw_flap_get_folded (get_browser_flap ()));
          assert_side_page_shown ();
        }
    }

  gtk_widget_measure (log_column, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("the log's column: minimum %d px, natural %d px", minimum, natural);
  if (minimum > 360)
    report_widest (log_column, 0, 180);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (natural, ==, MAX (500, fifolab_log_view_get_columns_width (FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window)))));
  gtk_widget_measure (adw_flap_get_content (get_side_flap ()), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, &natural, NULL, NULL);
  g_test_message ("the side pane's neighbour (the log and the pipes): minimum %d px, natural %d px; frame %d px",
                  minimum, natural, frame);
  g_assert_cmpint (natural, ==, 500 - frame);

  /* A pipe's details fit the pane they show in: three buttons of the widest
   * one's width did not, and the page was cut off on its right. */
  {
    g_autofree char *dir = fifolab_test_tmpdir_new ();
    g_autofree char *path = fifolab_test_make_fifo (dir, "a_pipe_with_a_long_name_for_the_details");
    g_autoptr(GError) error = NULL;
    g_autoptr(FifolabPipeInfo) info = fifolab_pipe_info_new_for_path (path, &error);
    GtkWidget *details = _fifolab_window_get_details (window);

    g_assert_no_error (error);
    show_side_page ("win.show-details");
    fifolab_pipe_details_set_info (FIFOLAB_PIPE_DETAILS (details), info);
    if (min_width (details) > gtk_widget_get_width (get_side_pane ()))
      report_widest (details, 0, 200);
    g_assert_cmpint (min_width (details), <=, gtk_widget_get_width (get_side_pane ()));
    fifolab_pipe_details_set_info (FIFOLAB_PIPE_DETAILS (details), NULL);
    fifolab_test_tmpdir_free (g_steal_pointer (&dir));
  }

  for (guint i = 0; i < G_N_ELEMENTS (narrower); i++)
    {
      resize_window_to (narrower[i]);
      g_assert_cmpint (get_window_width (), ==, narrower[i]);
      g_assert_true (adw_flap_get_folded (get_side_flap ()));
      g_assert_false (is_on_screen (get_side_pane ()));
    }
}

/* The header bar's functions are all reachable at 800 px: each as a mapped,
 * sensitive button, or as an item of the main menu whose button is. */
static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_mapped_button_for (GtkWidget     *widget,
                      gconstpointer  action)
{
  return GTK_IS_ACTIONABLE (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static GtkWidget *
find_mapped_button (GtkWidget  *root,
                    const char *action)
{
  return fifolab_ui_test_find_widget (root, is_mapped_button_for, action);
}

static void
test_header_reachable (Fixture       *fixture,
                       gconstpointer  data)
{
  const int widths[] = { 800, 600, 360 };
  const char *actions[] = { "win.choose-folder", "win.new-pipe", "win.export", "win.show-lessons",
                            "win.show-details", "win.clear-log", "app.preferences", "app.about" };
  GtkWidget *header = fifolab_ui_test_find_descendant (get_content (), ADW_TYPE_HEADER_BAR);
  GtkWidget *menu_button = fifolab_ui_test_find_descendant (header, GTK_TYPE_MENU_BUTTON);
  GtkWidget *browser_toggle;
  FifolabLog *log = fifolab_session_get_log (fifolab_application_get_session (app));

  g_assert_nonnull (menu_button);
  /* Export Log needs an entry to save. */
  fifolab_log_append_event (log, FIFOLAB_EVENT_CREATED, "/tmp/my_pipe", NULL);
  fifolab_log_flush (log);
  /* The main menu is made when first opened: opened as a user would. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  wait_frames (2);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)))));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  wait_frames (1);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      resize_to (widths[w]);
      g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, widths[w]);
      g_assert_true (is_on_screen (menu_button));
      g_assert_true (gtk_widget_is_sensitive (menu_button));
      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        {
          GtkWidget *button = find_mapped_button (header, actions[i]);

          g_test_message ("%d px: %s %s", widths[w], actions[i], button ? "has a button" : "in the menu");
          if (button != NULL)
            {
              g_assert_true (is_on_screen (button));
              g_assert_true (gtk_widget_is_sensitive (button));
            }
          else
            g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                            actions[i]));
          g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), actions[i] + 4) ||
                         !g_str_has_prefix (actions[i], "app."));
        }
      /* The pipe browser's toggle: a button even at 360 px. */
      browser_toggle = gtk_widget_get_first_child (header);
      while (browser_toggle != NULL && !GTK_IS_TOGGLE_BUTTON (browser_toggle))
        browser_toggle = fifolab_ui_test_find_descendant (browser_toggle, GTK_TYPE_TOGGLE_BUTTON);
      g_assert_nonnull (browser_toggle);
      g_assert_true (is_on_screen (browser_toggle));
    }

  /* Below 800 px the labelled buttons gave way, at 800 the main ones show. */
  resize_to (1180);
  g_assert_nonnull (find_mapped_button (header, "win.new-pipe"));
  g_assert_nonnull (find_mapped_button (header, "win.show-lessons"));
}

/* The functions of the log's filter row, its status line and the compose bar,
 * each by the accessible name a screen reader gives it, or, moved into a menu,
 * by its action. */
typedef struct
{
  const char *name;
  const char *action;
} Function;

static const Function log_functions[] = {
  { "Search messages", NULL }, { "Regular expression", NULL }, { "Process ID", NULL },
  { "Pipe", NULL }, { "Sent", NULL }, { "Received", NULL }, { "Events", NULL },
  { "Show entry inspector", "log.show-inspector" }, { "Search and filter", "log.search" },
  { "Relative Time", "log.relative-time" }, { "Show messages as hex", "log.hex" },
  { "Copy entries", "log.copy" }, { "Export log", "log.export" }, { "Clear log", "log.clear" },
  { "Message template", NULL }, { "_Send", "compose.send" }, { "Framing", NULL },
  { "Repeat count", NULL }, { "Interval in milliseconds", NULL },
};

/* @text without its mnemonic marks ("_Send": "Send"). */
static char *
strip_mnemonic (const char *text)
{
  GString *stripped = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (stripped, *p);
  return g_string_free (stripped, FALSE);
}

/* Whether AT-SPI names @widget @data (a msgid, translated): by its accessible
 * label, else by its own label. */
static gboolean
has_accessible_name (GtkWidget     *widget,
                     gconstpointer  data)
{
  g_autofree char *name = strip_mnemonic (_((const char *) data));
  g_autofree char *mismatch = NULL;
  g_autofree char *own = NULL;

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
      if (mismatch == NULL)
        return TRUE;
    }
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    own = strip_mnemonic (gtk_button_get_label (GTK_BUTTON (widget)));
  else if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
    own = strip_mnemonic (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)));
  return own != NULL && g_str_equal (own, name);
}

static gboolean
is_on_screen_menu_button (GtkWidget     *widget,
                          gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_get_width (widget) > 0;
}

/* The mapped menu buttons under @root. */
static void
collect_menu_buttons (GtkWidget *root,
                      GPtrArray *buttons)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (is_on_screen_menu_button (root, NULL))
    g_ptr_array_add (buttons, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_menu_buttons (child, buttons);
}

/* Whether @widget shows and can be used where it is: on screen, with no
 * insensitive container around it (an action may disable it on its own:
 * Send with no pipe chosen). */
static gboolean
is_usable (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return is_on_screen (widget) && (parent == NULL || gtk_widget_is_sensitive (parent)) &&
         (gtk_widget_is_sensitive (widget) ||
          (GTK_IS_ACTIONABLE (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL));
}

static gboolean
is_mapped_named (GtkWidget     *widget,
                 gconstpointer  data)
{
  /* A control, not the label inside it. */
  return !GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) && has_accessible_name (widget, data);
}

/* Where @function is reached: on screen as a widget of its name, or in the
 * popover or menu of a menu button on screen (popped up to be sure). */
static const char *
find_function (GtkWidget      *root,
               const Function *function)
{
  GtkWidget *widget = fifolab_ui_test_find_widget (root, is_mapped_named, function->name);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  if (widget != NULL && is_usable (widget))
    return "on screen";

  collect_menu_buttons (root, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = buttons->pdata[i];
      GMenuModel *menu;
      GtkPopover *popover;

      if (!is_usable (GTK_WIDGET (button)))
        continue;
      /* A menu made when first opened: opened as a user would. */
      if (gtk_menu_button_get_popover (button) == NULL)
        {
          gtk_menu_button_popup (button);
          wait_frames (2);
          gtk_menu_button_popdown (button);
          wait_frames (1);
        }
      menu = gtk_menu_button_get_menu_model (button);
      popover = gtk_menu_button_get_popover (button);
      if (menu != NULL && function->action != NULL && menu_has_action (menu, function->action))
        return "in a menu";
      if (menu == NULL && popover != NULL &&
          fifolab_ui_test_find_widget (GTK_WIDGET (popover), has_accessible_name, function->name) != NULL)
        {
          gboolean shown;

          gtk_menu_button_popup (button);
          wait_frames (2);
          widget = fifolab_ui_test_find_widget (GTK_WIDGET (popover), has_accessible_name, function->name);
          shown = gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget);
          gtk_menu_button_popdown (button);
          wait_frames (1);
          if (shown)
            return "in a popover";
        }
    }
  return NULL;
}

/* Every function of the log and the compose bar can be reached at 800 px
 * beside the side pane, and narrower with the pane folded, down to 360 px;
 * the message entry keeps a width to type in. With the fixed size's spin button shown,
 * the compose bar's Repeat and Every go into a popover at 800 px. */
static void
test_log_reachable (Fixture       *fixture,
                    gconstpointer  data)
{
  const int widths[] = { 1180, 800, 600, 360 };
  GtkWidget *log_view = _fifolab_window_get_log_view (window);
  GtkWidget *column = gtk_widget_get_parent (log_view);

  g_object_set (log_view, "search-mode", TRUE, NULL);
  g_object_set (_fifolab_window_get_compose_bar (window), "framing", FIFOLAB_FRAMING_FIXED, NULL);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      GtkWidget *entry;

      resize_to (widths[w]);
      if (min_width (column) > widths[w])
        report_widest (column, 0, widths[w] / 2);
      for (guint i = 0; i < G_N_ELEMENTS (log_functions); i++)
        {
          const char *where = find_function (column, &log_functions[i]);

          g_test_message ("%d px: %s %s", widths[w], log_functions[i].name, where ? where : "NOT REACHABLE");
          g_assert_nonnull (where);
        }
      entry = fifolab_ui_test_find_widget (column, is_mapped_named, "Message template");
      g_assert_cmpint (gtk_widget_get_width (entry), >=, 200);
    }
  g_object_set (log_view, "search-mode", FALSE, NULL);
  g_object_set (_fifolab_window_get_compose_bar (window), "framing", FIFOLAB_FRAMING_RAW, NULL);
}

/* The status line's label on screen (the squeezer shows one of two). */
static gboolean
is_mapped_status_label (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) == NULL &&
         gtk_widget_get_ancestor (widget, ADW_TYPE_SQUEEZER) != NULL;
}

typedef struct
{
  GtkWidget  *status;
  const char *text;
} StatusWait;

static gboolean
status_has_cb (gpointer data)
{
  StatusWait *wait = data;
  GtkWidget *label = fifolab_ui_test_find_widget (wait->status, is_mapped_status_label, NULL);

  return label != NULL && strstr (gtk_label_get_text (GTK_LABEL (label)), wait->text) != NULL;
}

static GtkWidget *
get_status_box (void)
{
  GtkWidget *log_view = _fifolab_window_get_log_view (window);
  GtkWidget *status = NULL;

  /* The last row of the log view: its status line. */
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_first_child (log_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    status = child;
  g_assert_true (gtk_widget_has_css_class (status, "fifolab-log-status"));
  return status;
}

/* With entries evicted, the status line reads whole, the count of entries and
 * the count and size of what was evicted: at 1024 px, the side pane beside
 * the log; at 1100 px (the least width with the pipes beside it too in
 * every language, test_pipes_beside_whole_columns()) and at 1180 px, with
 * both panes shown. */
static void
test_status_whole (Fixture       *fixture,
                   gconstpointer  data)
{
  const int widths[] = { 1024, 1100, 1180 };
  FifolabLog *log = fifolab_session_get_log (fifolab_application_get_session (app));
  guint64 cap = fifolab_log_get_memory_cap (log);
  guint8 payload[64];
  GtkWidget *status = get_status_box ();
  char evicted[32];

  memset (payload, 'x', sizeof payload);
  fifolab_log_set_memory_cap (log, 1024 * 1024);
  for (guint i = 0; i < 200000; i++)
    fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_RAW, "/tmp/my_pipe",
                                12345, 12346, g_get_real_time (), g_get_monotonic_time (),
                                payload, sizeof payload);
  fifolab_log_flush (log);
  g_assert_cmpuint (fifolab_log_get_evicted (log), >, 100000);
  g_snprintf (evicted, sizeof evicted, "%'" G_GUINT64_FORMAT, fifolab_log_get_evicted (log));
  g_assert_true (fifolab_test_wait_until (status_has_cb, &(StatusWait) { status, evicted }, TIMEOUT_MS));

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      GtkWidget *label;
      int text_width;

      resize_to (widths[w]);
      g_assert_false (adw_flap_get_folded (get_side_flap ()));
      if (widths[w] >= 1100)
        g_assert_false (adw_flap_get_folded (get_browser_flap ()));
      label = fifolab_ui_test_find_widget (status, is_mapped_status_label, NULL);
      g_assert_nonnull (label);
      pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (label)), &text_width, NULL);
      g_test_message ("%d px: “%s”, %d px of text in %d px", widths[w], gtk_label_get_text (GTK_LABEL (label)),
                      text_width, gtk_widget_get_width (label));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
      g_assert_cmpint (text_width, <=, gtk_widget_get_width (label));
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), evicted));
      g_assert_true (is_on_screen (label));
    }

  fifolab_log_clear (log);
  fifolab_log_set_memory_cap (log, cap);
}

/* The status line at every width, from wide to the narrowest window: one
 * label on screen with the counts, whole, or cut with the whole text in its
 * tooltip; the rarer buttons on screen, or the menu that holds them. And it
 * builds no more than two rows to choose from (wide, and narrower with the
 * counts cut where they do not fit): the label and each button once in
 * each, the menu once (its items, once it has opened, are in its popover). A third row, with a label never cut, showed what
 * the narrower row shows and was styled and measured at every start. */
static void
test_status_rows (Fixture       *fixture,
                  gconstpointer  data)
{
  const int widths[] = { 1180, 1024, 800, 600, 360 };
  static const char *const actions[] = { "log.show-inspector", "log.search", "log.relative-time", "log.hex",
                                         "log.copy", "log.export", "log.clear" };
  GtkWidget *status = get_status_box ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();
  guint n_counts = 0;

  fifolab_ui_test_find_all (status, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_ancestor (labels->pdata[i], GTK_TYPE_BUTTON) == NULL &&
        gtk_widget_get_ancestor (labels->pdata[i], GTK_TYPE_POPOVER) == NULL)
      n_counts++;
  g_assert_cmpuint (n_counts, ==, 2);
  fifolab_ui_test_find_all (status, GTK_TYPE_MENU_BUTTON, menus);
  g_assert_cmpuint (menus->len, ==, 1);
  fifolab_ui_test_find_all (status, GTK_TYPE_BUTTON, buttons);
  for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
    {
      guint n = 0;

      for (guint i = 0; i < buttons->len; i++)
        if (GTK_IS_ACTIONABLE (buttons->pdata[i]) &&
            g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), actions[a]) == 0)
          n++;
      g_test_message ("%s: %u buttons", actions[a], n);
      g_assert_cmpuint (n, ==, a < 2 ? 2 : 1);
    }

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      GtkWidget *label;
      GtkWidget *menu = menus->pdata[0];
      GtkWidget *clear = NULL;
      PangoLayout *layout;
      int text_width;

      resize_to (widths[w]);
      label = fifolab_ui_test_find_widget (status, is_mapped_status_label, NULL);
      g_assert_nonnull (label);
      layout = gtk_label_get_layout (GTK_LABEL (label));
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      g_test_message ("%d px: “%s” in %d px, %s", widths[w], gtk_label_get_text (GTK_LABEL (label)),
                      gtk_widget_get_width (label), pango_layout_is_ellipsized (layout) ? "cut" : "whole");
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "");
      if (pango_layout_is_ellipsized (layout))
        g_assert_cmpstr (gtk_widget_get_tooltip_text (label), ==, gtk_label_get_text (GTK_LABEL (label)));
      else
        g_assert_cmpint (text_width, <=, gtk_widget_get_width (label));
      for (guint i = 0; i < buttons->len; i++)
        if (GTK_IS_ACTIONABLE (buttons->pdata[i]) &&
            g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "log.clear") == 0)
          clear = buttons->pdata[i];
      g_assert_nonnull (clear);
      /* The rarer buttons on screen, or the menu, never both. */
      g_assert_true (gtk_widget_get_mapped (clear) != gtk_widget_get_mapped (menu));
    }
}

static gboolean
is_mapped_label (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget);
}

/* The framing chosen in the peer form (Processes) is read whole on its
 * button in the side pane, at 1024 px and at half a 1920 px screen: the
 * book's example was cut to "Like the book’s …" ("和书中的例子一样（…").
 * The form fits the pane, every control of it on screen, in the +30 %
 * pseudo-translation too: there Start Writer and Start Reader were side by
 * side on one line each, the form 380 px wide in a 300 px pane, and its
 * right side cut off. The choice reads whole there too (it read "Book’s
 * exam…" beside its label). */
static void
test_peer_framing_whole (Fixture       *fixture,
                         gconstpointer  data)
{
  const int widths[] = { 1024, 960 };
  GtkWidget *form;
  GtkWidget *dropdown;

  show_side_page ("win.show-processes");
  form = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_PEER_FORM);
  g_assert_nonnull (form);
  dropdown = fifolab_ui_test_find_descendant (form, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr(GPtrArray) controls = g_ptr_array_new ();
      GtkWidget *label;
      PangoRectangle shown;

      resize_to (widths[i]);
      show_side_page ("win.show-processes");
      g_assert_false (adw_flap_get_folded (get_side_flap ()));
      g_test_message ("%d px: the form needs %d px, in a pane of %d", widths[i], min_width (form),
                      gtk_widget_get_width (get_side_pane ()));
      fifolab_ui_test_find_all (form, GTK_TYPE_BUTTON, controls);
      fifolab_ui_test_find_all (form, GTK_TYPE_ENTRY, controls);
      fifolab_ui_test_find_all (form, GTK_TYPE_SPIN_BUTTON, controls);
      fifolab_ui_test_find_all (form, GTK_TYPE_DROP_DOWN, controls);
      g_assert_cmpuint (controls->len, >=, 8);
      for (guint c = 0; c < controls->len; c++)
        if (gtk_widget_get_mapped (controls->pdata[c]))
          g_assert_true (is_on_screen (controls->pdata[c]));
      /* The button's label, which shows the choice (the list's are not
       * mapped: its popover is closed). */
      label = fifolab_ui_test_find_widget (dropdown, is_mapped_label, NULL);
      g_assert_nonnull (label);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "");
      pango_layout_get_pixel_extents (gtk_label_get_layout (GTK_LABEL (label)), NULL, &shown);
      g_test_message ("%d px: “%s” in %d lines, %d x %d px of text in %d x %d px", widths[i],
                      gtk_label_get_text (GTK_LABEL (label)),
                      pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))),
                      shown.width, shown.height, gtk_widget_get_width (label), gtk_widget_get_height (label));
      g_assert_true (is_on_screen (label));
      g_assert_true (is_on_screen (dropdown));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
      g_assert_cmpint (shown.width, <=, gtk_widget_get_width (label));
      g_assert_cmpint (shown.height, <=, gtk_widget_get_height (label));
    }
}

/* Jump to Newest as shown: of the two (the status line's wide row and its
 * narrower one), the one on screen. */
static gboolean
is_mapped_jump_button (GtkWidget     *widget,
                       gconstpointer  data)
{
  return fifolab_ui_test_is_button_of (widget, "log.jump-to-newest") && gtk_widget_get_mapped (widget);
}

static gboolean
jump_button_shown_cb (gpointer log_view)
{
  return fifolab_ui_test_find_widget (log_view, is_mapped_jump_button, NULL) != NULL;
}

/* At a quarter of a 1920 x 1080 screen, with an entry selected and shown in
 * the inspector and the list scrolled up (not following, Jump to Newest
 * shown), the log shows at least five whole rows, and Jump to Newest covers
 * none of them: it showed two, below them the button's strip and a 180 px
 * inspector. */
static void
test_short_window_rows (Fixture       *fixture,
                        gconstpointer  data)
{
  FifolabLog *log = fifolab_session_get_log (fifolab_application_get_session (app));
  GtkWidget *log_view = _fifolab_window_get_log_view (window);
  GtkWidget *column_view = fifolab_ui_test_find_descendant (log_view, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *list = fifolab_ui_test_find_descendant (column_view, GTK_TYPE_LIST_VIEW);
  GtkWidget *scrolled = gtk_widget_get_ancestor (column_view, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *inspector = GTK_WIDGET (fifolab_log_view_get_inspector (FIFOLAB_LOG_VIEW (log_view)));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  GtkWidget *jump;
  graphene_rect_t shown, list_bounds, jump_bounds;
  int default_width, default_height;
  guint n_whole = 0;

  g_assert_nonnull (list);
  g_assert_nonnull (scrolled);
  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  fifolab_ui_test_resize_window (window, 960, 540);
  g_assert_false (adw_flap_get_folded (get_side_flap ()));

  for (guint i = 0; i < 40; i++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "Hello from pid [%u]", 1000 + i);
      fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_RAW, "/tmp/my_pipe",
                                  1000 + i, 0, g_get_real_time (), g_get_monotonic_time (),
                                  (const guint8 *) text, strlen (text));
    }
  fifolab_log_flush (log);
  g_object_set (log_view, "show-inspector", TRUE, NULL);
  g_assert_true (fifolab_ui_test_wait_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view))), 40, TIMEOUT_MS));
  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view)), 3, TRUE);
  /* Scrolled up, as a person reading: no longer following. */
  gtk_adjustment_set_value (adjustment, 0);
  g_assert_true (fifolab_test_wait_until (jump_button_shown_cb, log_view, TIMEOUT_MS));
  wait_frames (2);
  g_assert_false (fifolab_log_view_get_following (FIFOLAB_LOG_VIEW (log_view)));
  g_assert_true (gtk_widget_get_mapped (inspector));

  /* What of the list the scrolled window shows (below the column titles). */
  g_assert_true (gtk_widget_compute_bounds (list, scrolled, &list_bounds));
  g_assert_true (graphene_rect_intersection (&list_bounds,
                                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (scrolled),
                                                                  gtk_widget_get_height (scrolled)),
                                             &shown));
  jump = fifolab_ui_test_find_widget (log_view, is_mapped_jump_button, NULL);
  g_assert_true (gtk_widget_compute_bounds (jump, scrolled, &jump_bounds));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (row) || g_strcmp0 (gtk_widget_get_css_name (row), "row") != 0 ||
          !gtk_widget_compute_bounds (row, scrolled, &bounds) || bounds.size.height <= 0)
        continue;
      if (graphene_rect_contains_rect (&shown, &bounds))
        n_whole++;
      /* No row's text under the button, whole or in part. */
      if (graphene_rect_intersection (&shown, &bounds, &bounds))
        g_assert_false (graphene_rect_intersection (&jump_bounds, &bounds, NULL));
    }
  g_test_message ("960 x 540: %u whole rows in %g px of list, inspector %d px, Jump to Newest at y %g..%g",
                  n_whole, shown.size.height, gtk_widget_get_height (inspector),
                  jump_bounds.origin.y, jump_bounds.origin.y + jump_bounds.size.height);
  g_assert_cmpuint (n_whole, >=, 5);
  /* The inspector still shows the entry, a few lines of it. */
  g_assert_cmpint (gtk_widget_get_height (inspector), >=, 100);

  fifolab_log_clear (log);
  fifolab_ui_test_resize_window (window, default_width, default_height);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  /* GTK's test accessibility backend keeps the names a screen reader reads. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* With --language zh_CN (or en_XA, the +30 % pseudo-translation) and
   * --localedir, the same checks hold in that language. */
  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  fifolab_ignore_sigpipe ();

  /* The flaps fold and reveal at once, as with reduced motion: each frame
   * shows where they end. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  window = FIFOLAB_WINDOW (fifolab_ui_test_activate (G_APPLICATION (app), TIMEOUT_MS));

  g_test_add ("/adaptive/minimum-width", Fixture, NULL, fixture_setup, test_minimum_width, NULL);
  g_test_add ("/adaptive/side-by-side", Fixture, NULL, fixture_setup, test_side_by_side, NULL);
  g_test_add ("/adaptive/pipes-beside-whole-columns", Fixture, NULL, fixture_setup,
              test_pipes_beside_whole_columns, NULL);
  g_test_add ("/adaptive/narrow-message-and-pid", Fixture, NULL, fixture_setup,
              test_narrow_message_and_pid, NULL);
  g_test_add ("/adaptive/no-widening", Fixture, NULL, fixture_setup, test_no_widening, NULL);
  g_test_add ("/adaptive/folded", Fixture, NULL, fixture_setup, test_folded, NULL);
  g_test_add ("/adaptive/show-pipes-from-details", Fixture, NULL, fixture_setup,
              test_show_pipes_from_details, NULL);
  g_test_add ("/adaptive/side-pane-at-800", Fixture, NULL, fixture_setup, test_side_pane_at_800, NULL);
  g_test_add ("/adaptive/header-reachable", Fixture, NULL, fixture_setup, test_header_reachable, NULL);
  g_test_add ("/adaptive/log-reachable", Fixture, NULL, fixture_setup, test_log_reachable, NULL);
  g_test_add ("/adaptive/status-whole", Fixture, NULL, fixture_setup, test_status_whole, NULL);
  g_test_add ("/adaptive/status-rows", Fixture, NULL, fixture_setup, test_status_rows, NULL);
  g_test_add ("/adaptive/peer-framing-whole", Fixture, NULL, fixture_setup, test_peer_framing_whole, NULL);
  g_test_add ("/adaptive/short-window-rows", Fixture, NULL, fixture_setup, test_short_window_rows, NULL);

  status = g_test_run ();

  fifolab_ui_test_release (G_APPLICATION (app), GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));

  return status;
}
