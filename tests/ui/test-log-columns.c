/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log's cells on their own: a GtkColumnView with the seven factories of
 * FifolabLogColumns over a FifolabLog, in a real window. What each kind of
 * entry shows in each column, and the settings applied to the rows shown. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-accessible.h"
#include "fifolab-entry-details.h"
#include "fifolab-log-column-menu.h"
#include "fifolab-recording.h"
#include "fifolab-log-columns.h"
#include "fifolab-log-private.h"
#include "fifolab-pipe-name.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 30000
#define BASE_MONO_US G_GINT64_CONSTANT (1000000000)
/* 10:20:30.456, 1 January 1970, UTC (the test runs with TZ=UTC). */
#define WALL_US (((10 * 3600 + 20 * 60 + 30) * G_GINT64_CONSTANT (1000000)) + 456000)

typedef struct
{
  GtkWindow         *window;
  GtkColumnView     *view;
  FifolabLog        *log;
  FifolabLogColumns *columns;
} Fixture;

static void
append (FifolabLog       *log,
        FifolabDirection  direction,
        FifolabEventKind  kind,
        guint             flags,
        const char       *pipe,
        gint64            sender,
        gint64            receiver,
        gint64            after_us,
        const void       *data,
        gsize             len)
{
  fifolab_log_append (log, direction, kind, flags, pipe, sender, receiver,
                      WALL_US + after_us, BASE_MONO_US + after_us, data, len);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const FifolabLogColumn cells[] = {
    FIFOLAB_LOG_COLUMN_TIME, FIFOLAB_LOG_COLUMN_DIRECTION, FIFOLAB_LOG_COLUMN_PIPE,
    FIFOLAB_LOG_COLUMN_SENDER, FIFOLAB_LOG_COLUMN_RECEIVER, FIFOLAB_LOG_COLUMN_SIZE,
    FIFOLAB_LOG_COLUMN_MESSAGE, FIFOLAB_LOG_COLUMN_SEEN,
  };
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  fixture->log = fifolab_log_new ();
  fixture->columns = fifolab_log_columns_new ();
  fifolab_log_columns_set_log (fixture->columns, fixture->log);
  fixture->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (fixture->log))))));
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autoptr(GtkListItemFactory) factory = fifolab_log_columns_create_factory (fixture->columns, cells[i]);
      g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new (NULL, g_steal_pointer (&factory));

      gtk_column_view_column_set_fixed_width (column, cells[i] == FIFOLAB_LOG_COLUMN_MESSAGE ? 700 : 110);
      gtk_column_view_append_column (fixture->view, column);
    }

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (fixture->view));
  fixture->window = fifolab_ui_test_present (scrolled, 1500, 500, TIMEOUT_MS);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  fifolab_test_run_for (20);
  g_assert_finalize_object (fixture->columns);
  g_assert_finalize_object (fixture->log);
}

/* Widget tree helpers */

/* An inscription set to "" may read as NULL. */
static const char *
shown_or_empty (GtkWidget *widget)
{
  const char *text = fifolab_ui_test_cell_text (widget);

  return text != NULL ? text : "";
}

static void
collect (GtkWidget *widget,
         GPtrArray *out)
{
  if (gtk_widget_get_mapped (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, out);
}

static double
left_x (GtkWidget *widget,
        GtkWidget *root)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, root, &bounds));
  return bounds.origin.x;
}

/* The mapped widget of @css_class showing @text, or NULL. */
static GtkWidget *
find_cell (Fixture    *fixture,
           const char *css_class,
           const char *text)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->view), widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (gtk_widget_has_css_class (widget, css_class) && g_strcmp0 (fifolab_ui_test_cell_text (widget), text) == 0)
        return widget;
    }
  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *css_class;
  const char *text;
} CellQuery;

static gboolean
cell_shown (gpointer data)
{
  CellQuery *query = data;

  return find_cell (query->fixture, query->css_class, query->text) != NULL;
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* The cell, once a frame has been painted with it: its row laid out. */
static GtkWidget *
wait_cell (Fixture    *fixture,
           const char *css_class,
           const char *text)
{
  CellQuery query = { fixture, css_class, text };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->view));
  gboolean painted = FALSE;
  gulong handler;

  g_test_message ("waiting for %s “%s”", css_class, text);
  g_assert_true (fifolab_test_wait_until (cell_shown, &query, TIMEOUT_MS));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
  g_assert_true (fifolab_test_wait_for (&painted, TIMEOUT_MS));
  g_signal_handler_disconnect (clock, handler);
  return find_cell (fixture, css_class, text);
}

/* The row @key is in: its ancestor that is a child of the list. */
static GtkWidget *
row_of (Fixture   *fixture,
        GtkWidget *key)
{
  GtkWidget *row = key;

  while (gtk_widget_get_parent (row) != NULL &&
         !GTK_IS_LIST_VIEW (gtk_widget_get_parent (row)) &&
         gtk_widget_get_parent (row) != GTK_WIDGET (fixture->view))
    row = gtk_widget_get_parent (row);
  return row;
}

/* The mapped widgets of @css_class in the row of @key, left to right (a
 * cell's lines top to bottom). */
static GPtrArray *
row_cells (Fixture    *fixture,
           GtkWidget  *key,
           const char *css_class)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  GPtrArray *out = g_ptr_array_new ();

  collect (row_of (fixture, key), widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (gtk_widget_has_css_class (widget, css_class))
        {
          guint at = 0;

          while (at < out->len && left_x (g_ptr_array_index (out, at), root) < left_x (widget, root))
            at++;
          g_ptr_array_insert (out, at, widget);
        }
    }
  return out;
}

/* The text of the only cell of @css_class in @key's row ("" for none shown). */
static const char *
row_text (Fixture    *fixture,
          GtkWidget  *key,
          const char *css_class)
{
  g_autoptr(GPtrArray) cells = row_cells (fixture, key, css_class);

  g_assert_cmpuint (cells->len, <=, 1);
  return cells->len == 1 ? shown_or_empty (g_ptr_array_index (cells, 0)) : "";
}

/* How many mapped widgets of @css_class @key's row has. */
static guint
row_cells_count (Fixture    *fixture,
                 GtkWidget  *key,
                 const char *css_class)
{
  g_autoptr(GPtrArray) cells = row_cells (fixture, key, css_class);

  return cells->len;
}

/* The direction cell (a box: icon, label) in @key's row. */
static GtkWidget *
row_direction (Fixture   *fixture,
               GtkWidget *key)
{
  g_autoptr(GPtrArray) cells = row_cells (fixture, key, "fifolab-direction");

  g_assert_cmpuint (cells->len, ==, 1);
  return g_ptr_array_index (cells, 0);
}

static void
assert_direction (Fixture    *fixture,
                  GtkWidget  *key,
                  const char *label,
                  const char *css_class,
                  const char *icon,
                  gboolean    error)
{
  GtkWidget *box = row_direction (fixture, key);
  GtkWidget *image = gtk_widget_get_first_child (box);

  g_assert_cmpstr (fifolab_ui_test_cell_text (gtk_widget_get_next_sibling (image)), ==, label);
  g_assert_true (gtk_widget_has_css_class (box, css_class));
  g_assert_cmpint (gtk_widget_has_css_class (box, "error"), ==, error);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, icon);
}

static void
assert_pids (Fixture    *fixture,
             GtkWidget  *key,
             const char *sender,
             const char *receiver)
{
  g_autoptr(GPtrArray) pids = row_cells (fixture, key, "fifolab-pid");

  /* The claimed pid, the receiver, and the pid seen (only by a watch). */
  g_assert_cmpuint (pids->len, ==, 3);
  g_assert_cmpstr (shown_or_empty (g_ptr_array_index (pids, 0)), ==, sender);
  g_assert_cmpstr (shown_or_empty (g_ptr_array_index (pids, 1)), ==, receiver);
  g_assert_cmpstr (shown_or_empty (g_ptr_array_index (pids, 2)), ==, "");
}

/* The flags' badge in @key's row, if shown. */
static GtkWidget *
row_badge (Fixture   *fixture,
           GtkWidget *key)
{
  g_autoptr(GPtrArray) badges = row_cells (fixture, key, "fifolab-flag");

  return badges->len > 0 ? g_ptr_array_index (badges, 0) : NULL;
}

/* Tests */

static void
test_columns_new_destroy (void)
{
  FifolabLogColumns *columns = fifolab_log_columns_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GtkListItemFactory) factory = fifolab_log_columns_create_factory (columns, FIFOLAB_LOG_COLUMN_MESSAGE);

  g_assert_true (GTK_IS_LIST_ITEM_FACTORY (factory));
  g_assert_false (fifolab_log_columns_get_hex (columns));
  g_assert_false (fifolab_log_columns_get_relative_time (columns));
  fifolab_log_columns_set_log (columns, log);
  fifolab_log_columns_set_hex (columns, TRUE);
  g_assert_true (fifolab_log_columns_get_hex (columns));
  g_assert_finalize_object (columns);
}

/* Each kind of entry, column by column. */
static void
test_columns_kinds (Fixture       *fixture,
                    gconstpointer  data)
{
  static const guint8 invalid[] = { 'a', 0xff, 'b', '\n' };
  g_autofree guint8 *big = g_malloc (12000);
  g_autofree char *big_text = NULL;
  g_autofree char *big_size = g_format_size (12000);
  GtkWidget *key;
  GtkWidget *badge;

  memset (big, 'x', 12000);
  big_text = fifolab_escape_for_display (big, 12000, 0);

  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
          12345, 4242, 0, "Hello from pid [12345]", 22);
  append (fixture->log, FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/b\xff" "d\n",
          777, -1, 1500000, "<b>&amp; %s%n", 13);
  append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_NO_READER, 0, "/tmp/lab/pipe-a",
          -1, -1, 2000000, NULL, 0);
  append (fixture->log, FIFOLAB_DIRECTION_OUTPUT, FIFOLAB_EVENT_NONE, 0, NULL,
          -1, -1, 3000000, "peer says", 9);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, FIFOLAB_MESSAGE_PID_UNSEEN,
          "/tmp/lab/pipe-a", 99999, 4242, 4000000, invalid, sizeof invalid);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
          -1, 4242, 5000000, big, 12000);
  fifolab_log_flush (fixture->log);

  /* A received message. */
  key = wait_cell (fixture, "fifolab-message", "Hello from pid [12345]");
  g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, "10:20:30.456");
  assert_direction (fixture, key, _("Received"), "received", "go-previous-symbolic", FALSE);
  g_assert_cmpstr (row_text (fixture, key, "fifolab-pipe"), ==, "pipe-a");
  assert_pids (fixture, key, "12345", "4242");
  g_assert_cmpstr (row_text (fixture, key, "fifolab-size"), ==, "22 B");
  g_assert_null (row_badge (fixture, key));
  g_assert_cmpstr (row_text (fixture, key, "fifolab-event-title"), ==, "");

  /* A sent one: markup and format directives literal, the pipe's name
   * escaped, no receiver. */
  key = wait_cell (fixture, "fifolab-message", "<b>&amp; %s%n");
  g_assert_true (GTK_IS_INSCRIPTION (key));
  g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, "10:20:31.956");
  assert_direction (fixture, key, _("Sent"), "sent", "go-next-symbolic", FALSE);
  g_assert_cmpstr (row_text (fixture, key, "fifolab-pipe"), ==, "b\\xffd\\n");
  assert_pids (fixture, key, "777", "");

  /* An event: its title and explanation, no detail, an error's colour. */
  key = wait_cell (fixture, "fifolab-event-title", fifolab_event_kind_get_title (FIFOLAB_EVENT_NO_READER));
  g_assert_cmpstr (row_text (fixture, key, "fifolab-explanation"), ==,
                   fifolab_event_kind_get_explanation (FIFOLAB_EVENT_NO_READER));
  g_assert_cmpstr (row_text (fixture, key, "fifolab-message"), ==, "");
  assert_direction (fixture, key, _("Event"), "event",
                    fifolab_event_kind_get_icon_name (FIFOLAB_EVENT_NO_READER), TRUE);
  assert_pids (fixture, key, "", "");
  g_assert_cmpstr (row_text (fixture, key, "fifolab-size"), ==, "");

  /* A peer's output: no pipe. */
  key = wait_cell (fixture, "fifolab-message", "peer says");
  assert_direction (fixture, key, _("Output"), "output", "utilities-terminal-symbolic", FALSE);
  g_assert_cmpstr (row_text (fixture, key, "fifolab-pipe"), ==, "");

  /* A flagged message with bytes that are not text: escaped, and a badge
   * that says why it is flagged. */
  key = wait_cell (fixture, "fifolab-message", "a\\xffb\\n");
  badge = row_badge (fixture, key);
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_has_css_class (badge, "warning") || gtk_widget_has_css_class (badge, "error"));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (badge)), ==,
                   fifolab_message_flag_get_icon_name (FIFOLAB_MESSAGE_PID_UNSEEN));
  g_assert_cmpstr (row_text (fixture, key, "fifolab-size"), ==, "4 B");

  /* A large one: its size in kB (as GLib writes "12.0 kB"), its text cut
   * (the entry's display text is bounded). */
  key = wait_cell (fixture, "fifolab-size", big_size);
  g_assert_true (g_str_has_prefix (big_size, "12.0"));
  g_assert_cmpuint (strlen (row_text (fixture, key, "fifolab-message")), <, strlen (big_text));
  g_assert_true (g_str_has_prefix (row_text (fixture, key, "fifolab-message"), "xxxxxxxx"));
  assert_pids (fixture, key, "", "4242");
}

/* In a message column about as wide as at 1024 x 768, an event's detail (here a
 * watched call: who, which call, what it returned) reads whole; the
 * explanation, the same for every event of its kind, gets what is left. */
static void
test_columns_event_detail_first (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const char detail[] = "21661 cat read(3, \"Hello 21825\", 22) = 10 <0.000012>";
  g_autoptr(GtkColumnViewColumn) message = g_list_model_get_item (gtk_column_view_get_columns (fixture->view), 6);
  GtkWidget *key;
  GtkWidget *explanation;
  int natural = 0;

  gtk_column_view_column_set_fixed_width (message, 520);
  append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, "/tmp/lab/pipe-a",
          -1, 21661, 0, detail, sizeof detail - 1);
  fifolab_log_flush (fixture->log);

  key = wait_cell (fixture, "fifolab-message", detail);
  gtk_widget_measure (key, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_test_message ("detail: %d px of the %d it asks for", gtk_widget_get_width (key), natural);
  g_assert_cmpint (natural, >, 0);
  g_assert_cmpint (gtk_widget_get_width (key), >=, natural);

  /* The explanation: a readable share of it, or the mark that stands for it
   * (whole in its tooltip and the inspector). */
  explanation = find_cell (fixture, "fifolab-explanation", fifolab_event_kind_get_explanation (FIFOLAB_EVENT_WATCH));
  if (explanation == NULL)
    g_assert_cmpuint (row_cells_count (fixture, key, "fifolab-explanation-mark"), ==, 1);
}

/* Width in pixels of the first @n characters of @text as @widget draws them. */
static int
text_width (GtkWidget  *widget,
            const char *text,
            glong       n)
{
  g_autofree char *start = g_utf8_substring (text, 0, MIN (n, g_utf8_strlen (text, -1)));

  return fifolab_ui_test_text_width (widget, start);
}

/* An event row's explanation is not cut to a stub ("…", "FI…", which tell a
 * reader nothing): in a message column as wide as at 1024 x 768 and wider,
 * with details long and short, either the explanation shows a readable share
 * (its first 16 characters at least) or it is left out and a mark stands for
 * it (its tooltip and the inspector have it). The detail still reads whole
 * where it fits, and a short detail leaves the explanation its room. */
static void
test_columns_explanation_readable (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const struct
  {
    FifolabEventKind kind;
    const char      *detail;
  } events[] = {
    { FIFOLAB_EVENT_WATCH, "21661 cat read(3, \"Hello 21825\", 22) = 10 <0.000012>" },
    { FIFOLAB_EVENT_WATCH, "4538 python3 openat(AT_FDCWD, \"/tmp/lab/my_pipe\", O_WRONLY) = 3 <2.004511>" },
    { FIFOLAB_EVENT_END_OF_STREAM, "fifolab-peer pid 31337 closed the last write end of my_pipe" },
    { FIFOLAB_EVENT_NO_READER, "write(5) failed: EPIPE (Broken pipe) after 1 234 567 bytes" },
    { FIFOLAB_EVENT_PEER_EXITED, "fifolab-peer pid 12345: Killed by signal 13 (Broken pipe)" },
    { FIFOLAB_EVENT_READER_OPENED, "fd 7" },
  };
  const int widths[] = { 380, 520, 700 };
  g_autoptr(GtkColumnViewColumn) message = g_list_model_get_item (gtk_column_view_get_columns (fixture->view), 6);

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    append (fixture->log, FIFOLAB_DIRECTION_EVENT, events[i].kind, 0, "/tmp/lab/my_pipe",
            -1, 4242, i, events[i].detail, strlen (events[i].detail));
  fifolab_log_flush (fixture->log);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      gtk_column_view_column_set_fixed_width (message, widths[w]);
      for (guint i = 0; i < G_N_ELEMENTS (events); i++)
        {
          GtkWidget *key = wait_cell (fixture, "fifolab-message", events[i].detail);
          g_autoptr(GPtrArray) shown = row_cells (fixture, key, "fifolab-explanation");
          g_autoptr(GPtrArray) titles = row_cells (fixture, key, "fifolab-event-title");
          const char *explanation = fifolab_event_kind_get_explanation (events[i].kind);
          int natural = 0;

          g_assert_nonnull (explanation);
          g_assert_cmpuint (titles->len, ==, 1);
          gtk_widget_measure (key, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
          if (shown->len == 1)
            {
              GtkWidget *cell = g_ptr_array_index (shown, 0);
              int readable = MIN (text_width (cell, explanation, 16), text_width (cell, explanation, G_MAXLONG));

              g_test_message ("%d px column, %s: detail %d px, explanation %d px (16 characters: %d px)",
                              widths[w], events[i].detail, gtk_widget_get_width (key),
                              gtk_widget_get_width (cell), readable);
              g_assert_cmpstr (fifolab_ui_test_cell_text (cell), ==, explanation);
              g_assert_cmpint (gtk_widget_get_width (cell), >=, readable);
              g_assert_cmpuint (row_cells_count (fixture, key, "fifolab-explanation-mark"), ==, 0);
            }
          else
            {
              g_test_message ("%d px column, %s: detail %d px, explanation left out",
                              widths[w], events[i].detail, gtk_widget_get_width (key));
              g_assert_cmpuint (shown->len, ==, 0);
              g_assert_cmpuint (row_cells_count (fixture, key, "fifolab-explanation-mark"), ==, 1);
            }
          /* The detail first: whole where the column has room for it beside
           * the title (and the mark: 16 px, two spaces and the cell's
           * margins in 60 px). The natural width is the text's as drawn: a
           * title as wide as "Peer process exited" leaves less than 120 px
           * of a 520 px column to the rest. */
          if (gtk_widget_get_width (g_ptr_array_index (titles, 0)) + natural + 60 <= widths[w])
            g_assert_cmpint (gtk_widget_get_width (key), >=, natural);
          /* A short detail leaves the explanation its room. */
          if (strlen (events[i].detail) < 10)
            g_assert_cmpuint (shown->len, ==, 1);
        }
    }
}

/* An event's detail reads whole where the column has room for it, in any
 * script: in Chinese (run with --language zh_CN) a character is about two
 * average characters wide, and a detail given its length in average
 * characters was cut in half although the row had room for it and for the
 * explanation beside it. Run in English too. The cell's children are logged
 * with their allocations (x, width), to compare the layout of two builds. */
static void
test_columns_detail_whole (Fixture       *fixture,
                           gconstpointer  data)
{
  /* What the inspector writes for such a message (fifolab-inspector.c). */
  const char *detail = _("The message claims pid 0, which no process has.");
  const char *explanation = fifolab_event_kind_get_explanation (FIFOLAB_EVENT_PID_UNSEEN);
  g_autoptr(GtkColumnViewColumn) message = g_list_model_get_item (gtk_column_view_get_columns (fixture->view), 6);
  GtkWidget *key, *cell;
  g_autoptr(GPtrArray) shown = NULL;
  int needed;

  /* Room for the title, the detail and 24 characters of the explanation,
   * in English and in Chinese. */
  gtk_column_view_column_set_fixed_width (message, 800);
  append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PID_UNSEEN, 0, "/tmp/lab/my_pipe",
          -1, 4242, 0, detail, strlen (detail));
  fifolab_log_flush (fixture->log);

  key = wait_cell (fixture, "fifolab-message", detail);
  cell = gtk_widget_get_parent (key);
  for (GtkWidget *child = gtk_widget_get_first_child (cell); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && gtk_widget_get_child_visible (child))
      {
        graphene_rect_t bounds;

        g_assert_true (gtk_widget_compute_bounds (child, cell, &bounds));
        g_test_message ("%s: x %g, width %g", G_OBJECT_TYPE_NAME (child), bounds.origin.x, bounds.size.width);
      }

  needed = fifolab_ui_test_text_width (key, detail);
  g_test_message ("%s: %d px, %d px needed; a %d px cell", detail, gtk_widget_get_width (key), needed,
                  gtk_widget_get_width (cell));
  /* The row has room for it and for a readable share of the explanation. */
  shown = row_cells (fixture, key, "fifolab-explanation");
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (fifolab_ui_test_cell_text (g_ptr_array_index (shown, 0)), ==, explanation);
  /* The detail whole. */
  g_assert_cmpint (gtk_widget_get_width (key), >=, needed);
  if (GTK_IS_LABEL (key))
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (key))));
}

/* Where the fixture's PID Seen column begins: after six columns of 110 px
 * and the message's 700. */
#define SEEN_X (6 * 110 + 700)

/* Whether a pid cell shows @text in the PID Seen column (@seen) or in
 * another (the claimed pid's, the receiver's). */
static gboolean
pid_shown (Fixture    *fixture,
           const char *text,
           gboolean    seen)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->view), widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (gtk_widget_has_css_class (widget, "fifolab-pid") && g_strcmp0 (fifolab_ui_test_cell_text (widget), text) == 0 &&
          (left_x (widget, GTK_WIDGET (fixture->view)) >= SEEN_X - 1) == seen)
        return TRUE;
    }
  return FALSE;
}

/* A watched write's row: its pid is the one seen, under PID Seen; the
 * Claimed PID column is empty (a call claims nothing). A read's pid is seen
 * too, and is the receiver. */
static void
test_columns_watched_call (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char wrote[] = "4538 python3 write(3, \"Hello from pid [3980]\", 21) = 21 <0.000012>";
  static const char read[] = "4516 cat read(3, \"Hello from pid [3980]\", 22) = 21 <0.000012>";

  append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, "/tmp/lab/pipe-a",
          4538, -1, 0, wrote, sizeof wrote - 1);
  append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, "/tmp/lab/pipe-a",
          -1, 4516, 10, read, sizeof read - 1);
  fifolab_log_flush (fixture->log);

  wait_cell (fixture, "fifolab-message", wrote);
  wait_cell (fixture, "fifolab-message", read);
  g_assert_true (pid_shown (fixture, "4538", TRUE));
  g_assert_false (pid_shown (fixture, "4538", FALSE));
  g_assert_true (pid_shown (fixture, "4516", TRUE));
  /* The receiver's column says it too. */
  g_assert_true (pid_shown (fixture, "4516", FALSE));
}

/* The teacher's case, as a recording holds it: a write blocked in a full
 * pipe (its "blocked" record, 0.1002 s in), the reader let go 7.365 s after
 * the write began, and the watch stopping with the write still inside
 * ("letting-go", 7.565 s in). Both records carry the write's start as their
 * time; the time column shows when each entry was logged, so that reading
 * down the time never runs backwards, and says in the cell's tooltip, and
 * the inspector in words, when the call began. */
#define LATE_PIPE "/tmp/lab/my_pipe"
#define LATE_EXPLAIN "\"explanation\":\"x\",\"pipe\":\"" LATE_PIPE "\","
static const char late_recording[] =
  "{\"serial\":0,\"time\":\"1970-01-01T10:20:30.456000Z\",\"mono_us\":1000000000,\"direction\":\"event\","
  "\"event\":\"watch\"," LATE_EXPLAIN "\"sender_pid\":100,\"receiver_pid\":null,\"size\":48,\"flags\":[],"
  "\"text\":\"100 writer blocked in write(3, 0) for 0.100200 s\",\"framing\":null,"
  "\"recording\":{\"version\":2,\"start\":\"1970-01-01T10:20:30.456000Z\",\"start_mono_us\":1000000000},"
  "\"call\":{\"event\":\"blocked\",\"syscall\":\"write\",\"pid\":100,\"tid\":100,\"comm\":\"writer\","
  "\"time_us\":1000000000,\"fd\":3,\"blocked_us\":100200,\"direction\":\"write\",\"requested\":0,\"size\":0,"
  "\"exit_us\":1000100200}}\n"
  "{\"serial\":1,\"time\":\"1970-01-01T10:20:37.821000Z\",\"mono_us\":1007365000,\"direction\":\"event\","
  "\"event\":\"watch\"," LATE_EXPLAIN "\"sender_pid\":null,\"receiver_pid\":null,\"size\":23,\"flags\":[],"
  "\"text\":\"200 ? no longer watched\",\"framing\":null,"
  "\"call\":{\"event\":\"detach\",\"pid\":200,\"tid\":200,\"comm\":null,\"time_us\":1007365000,"
  "\"exit_us\":1007365000}}\n"
  "{\"serial\":2,\"time\":\"1970-01-01T10:20:30.456000Z\",\"mono_us\":1000000000,\"direction\":\"event\","
  "\"event\":\"watch\"," LATE_EXPLAIN "\"sender_pid\":100,\"receiver_pid\":null,\"size\":53,\"flags\":[],"
  "\"text\":\"100 writer inside write(3, 0): let go when it returns\",\"framing\":null,"
  "\"call\":{\"event\":\"letting-go\",\"syscall\":\"write\",\"pid\":100,\"tid\":100,\"comm\":\"writer\","
  "\"time_us\":1000000000,\"fd\":3,\"blocked_us\":7565000,\"direction\":\"write\",\"requested\":0,\"size\":0,"
  "\"exit_us\":1007565000}}\n";

static void
test_columns_logged_late (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char *const texts[] = {
    "100 writer blocked in write(3, 0) for 0.100200 s",
    "200 ? no longer watched",
    "100 writer inside write(3, 0): let go when it returns",
  };
  /* Logged at 0.1002 s, 7.365 s and 7.565 s after the write began. */
  static const char *const shown[] = { "10:20:30.556", "10:20:37.821", "10:20:38.021" };
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (late_recording, -1, NULL);
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;
  FifolabEntryDetails *details = NULL;
  GtkWidget *time_cell;
  const char *body;

  recording = fifolab_recording_read (stream, NULL, &error);
  g_assert_no_error (error);
  while (!fifolab_recording_fill_log (recording, fixture->log, 100))
    ;
  fifolab_log_flush (fixture->log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GtkWidget *key = wait_cell (fixture, "fifolab-message", texts[i]);

      g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, shown[i]);
    }

  /* Said where the time is shown: the call began before. */
  time_cell = find_cell (fixture, "fifolab-time", shown[2]);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (time_cell), ==,
                   "Logged when the watch told it; the call began 7.565 s before");
  g_assert_null (gtk_widget_get_tooltip_text (find_cell (fixture, "fifolab-time", shown[1])));

  /* Relative times, from the first entry's logged time. */
  fifolab_log_columns_set_relative_time (fixture->columns, TRUE);
  g_assert_cmpstr (row_text (fixture, wait_cell (fixture, "fifolab-message", texts[2]), "fifolab-time"), ==,
                   "+7.465 s");
  fifolab_log_columns_set_relative_time (fixture->columns, FALSE);

  /* The inspector: logged, when the call began, durations between the
   * logged times. */
  details = g_object_ref_sink (fifolab_entry_details_new ());
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 2);
  fifolab_entry_details_set_log (details, fixture->log);
  fifolab_entry_details_set_entry (details, entry);
  body = fifolab_entry_details_get_body (details);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Time: 1970-01-01 10:20:38.021000\n"));
  g_assert_nonnull (strstr (body, "The call began at 1970-01-01 10:20:30.456000, 7.565 s before it was logged\n"));
  g_assert_nonnull (strstr (body, "Since the first entry: +7.464800 s\n"));
  g_assert_nonnull (strstr (body, "Since the previous entry on this pipe: +0.200000 s\n"));
  g_assert_true (g_str_has_suffix (body, "Durations by the monotonic clock, between the times the entries were logged"));

  /* An entry logged when it happened says nothing more. */
  g_clear_object (&entry);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 1);
  fifolab_entry_details_set_entry (details, entry);
  body = fifolab_entry_details_get_body (details);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Time: 1970-01-01 10:20:37.821000\n"));
  g_assert_null (strstr (body, "The call began"));
  g_assert_nonnull (strstr (body, "Since the previous entry on this pipe: +7.264800 s"));
  g_assert_finalize_object (details);
}

/* A look at the end of the list: scrolled there, then, once a frame was
 * painted, whether it is still there and shows the cell. */
typedef struct
{
  CellQuery query;
  gboolean  painted;
  gboolean  scrolled;
} EndQuery;

static gboolean
cell_shown_at_end (gpointer data)
{
  EndQuery *end = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (end->query.fixture->view));
  double last = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (end->scrolled && !end->painted)
    return FALSE;
  /* Laid out and painted since it was scrolled to the end. */
  if (end->scrolled && gtk_adjustment_get_value (adjustment) >= last &&
      find_cell (end->query.fixture, end->query.css_class, end->query.text) != NULL)
    return TRUE;
  gtk_adjustment_set_value (adjustment, last);
  end->scrolled = TRUE;
  end->painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (end->query.fixture->view));
  return FALSE;
}

/* The cell, in a row near the end of a log that may be longer than the
 * window: once scrolled there and painted with it. */
static GtkWidget *
wait_cell_at_end (Fixture    *fixture,
                  const char *css_class,
                  const char *text)
{
  EndQuery end = { { fixture, css_class, text }, FALSE, FALSE };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->view));
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &end.painted);

  g_assert_true (fifolab_test_wait_until (cell_shown_at_end, &end, TIMEOUT_MS));
  g_signal_handler_disconnect (clock, handler);
  return wait_cell (fixture, css_class, text);
}

/* HH:MM:SS.mmm of @wall_us, as the time column shows it (TZ=UTC). */
static char *
clock_text (gint64 wall_us)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (wall_us / G_USEC_PER_SEC);
  g_autofree char *hms = g_date_time_format (at, "%H:%M:%S");

  return g_strdup_printf ("%s.%03d", hms, (int) ((wall_us % G_USEC_PER_SEC) / 1000));
}

/* A real blocked read: cat asleep in read() on the empty pipe, under
 * fifolab-peer watch, then a shell's write (once /proc says cat sleeps). The
 * session's log, exported and opened as a recording, is shown: the
 * message's row shows when it was logged (the read's return, when the read
 * delivered it), the time of the Watch entry just above it, never earlier
 * than the write's row above; its tooltip, the inspector and relative time
 * say so, as for a watched call. */
static void
test_columns_logged_late_read (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char text[] = "Hello, blocked reader";
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *script = NULL;
  g_autoptr(FifolabSession) session = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autoptr(FifolabLogEntry) above = NULL;
  g_autoptr(FifolabLogEntry) first = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *relative = NULL;
  FifolabEntryDetails *details = NULL;
  GtkWidget *key;
  guint position = G_MAXUINT;
  gint64 late_us;

  if (!fifolab_test_watch_supported (2))
    return;

  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  session = fifolab_session_new ();
  g_assert_true (fifolab_session_set_framing (session, path, FIFOLAB_FRAMING_LINE, NULL));
  script = fifolab_test_blocked_read_script (path, text);
  records = fifolab_test_watch_script (dir, path, script);
  for (guint i = 0; i < records->len; i++)
    fifolab_session_log_watch_record (session, path, g_ptr_array_index (records, i));

  json = fifolab_test_export_jsonl (fifolab_session_get_log (session));
  stream = g_memory_input_stream_new_from_bytes (json);
  recording = fifolab_recording_read (stream, NULL, &error);
  g_assert_no_error (error);
  while (!fifolab_recording_fill_log (recording, fixture->log, 100))
    ;
  fifolab_log_flush (fixture->log);
  fifolab_test_fifo_clear (&dir, &path);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->log)); i++)
    {
      g_autoptr(FifolabLogEntry) e = g_list_model_get_item (G_LIST_MODEL (fixture->log), i);

      if (fifolab_log_entry_get_direction (e) == FIFOLAB_DIRECTION_RECEIVED)
        {
          g_assert_cmpuint (position, ==, G_MAXUINT);
          position = i;
        }
    }
  g_assert_cmpuint (position, >, 0);
  g_assert_cmpuint (position, <, G_MAXUINT);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), position);
  above = g_list_model_get_item (G_LIST_MODEL (fixture->log), position - 1);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  g_assert_cmpstr (fifolab_log_entry_get_display_text (entry), ==, text);
  g_test_message ("above: %s", fifolab_log_entry_get_display_text (above));
  late_us = fifolab_log_entry_get_logged_mono_us (entry) - fifolab_log_entry_get_mono_us (entry);

  /* Shown when it was logged: with the Watch entry of the call that
   * delivered it, just above. */
  g_assert_cmpint (fifolab_log_entry_get_kind (above), ==, FIFOLAB_EVENT_WATCH);
  g_assert_cmpint (fifolab_log_entry_get_mono_us (entry), ==, fifolab_log_entry_get_mono_us (above));
  g_assert_cmpint (fifolab_log_entry_get_logged_mono_us (entry), ==,
                   fifolab_log_entry_get_logged_mono_us (above));
  shown = clock_text (fifolab_log_entry_get_logged_wall_us (above));
  key = wait_cell_at_end (fixture, "fifolab-message", text);
  g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, shown);
  /* The blocked read delivered it (the watch told the write first): it
   * began before the write, and the row says when. */
  if (strstr (fifolab_log_entry_get_display_text (above), " read(") != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf ("Logged when the watch told it; the call began %.3f s before",
                                                  late_us / (double) G_USEC_PER_SEC);
      g_autofree char *inspector = g_strdup_printf (", %.3f s before it was logged\n",
                                                    late_us / (double) G_USEC_PER_SEC);
      g_autofree char *start = clock_text (fifolab_log_entry_get_wall_us (entry));
      GtkWidget *time_cell = NULL;
      g_autoptr(GPtrArray) cells = row_cells (fixture, key, "fifolab-time");
      const char *body;

      /* It slept at least until /proc said so: more than a millisecond. */
      g_assert_true (fifolab_log_entry_is_logged_late (entry));
      g_assert_cmpstr (start, !=, shown);
      g_assert_cmpuint (cells->len, ==, 1);
      time_cell = g_ptr_array_index (cells, 0);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (time_cell), ==, tooltip);

      details = g_object_ref_sink (fifolab_entry_details_new ());
      fifolab_entry_details_set_log (details, fixture->log);
      fifolab_entry_details_set_entry (details, entry);
      body = fifolab_entry_details_get_body (details);
      g_test_message ("%s", body);
      g_assert_nonnull (strstr (body, "The call began at "));
      g_assert_nonnull (strstr (body, inspector));
      g_assert_finalize_object (details);
    }

  /* Relative times, from the first entry's logged time. */
  relative = g_strdup_printf ("%+.3f s", (fifolab_log_entry_get_logged_mono_us (entry) -
                                          fifolab_log_entry_get_logged_mono_us (first)) / (double) G_USEC_PER_SEC);
  fifolab_log_columns_set_relative_time (fixture->columns, TRUE);
  g_assert_cmpstr (row_text (fixture, wait_cell_at_end (fixture, "fifolab-message", text), "fifolab-time"), ==,
                   relative);
  fifolab_log_columns_set_relative_time (fixture->columns, FALSE);
}

/* A watched message's pid cell shows the pid it claims, not the writer the
 * watch saw (that one is under PID Seen, and in the inspector): a
 * contradicted claim reads as the claim, marked. */
static void
test_columns_watched_claim (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char text[] = "Hello from pid [3980]";

  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE,
          FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_PID_UNSEEN, "/tmp/lab/pipe-a",
          4538, 4516, 0, text, sizeof text - 1);
  fifolab_log_flush (fixture->log);

  wait_cell (fixture, "fifolab-message", text);
  g_assert_true (pid_shown (fixture, "3980", FALSE));
  g_assert_false (pid_shown (fixture, "4538", FALSE));
  g_assert_true (pid_shown (fixture, "4538", TRUE));
}

/* A watched message no watched write put in: its row's badge shows that
 * the writer was not seen ("Unseen writer", or "Writer unknown" for bytes
 * that may have been in the pipe before the watch), not only the watch's
 * eye, and says it first to a screen reader. Each with an icon of its own,
 * which no other flag's badge shows ("Unseen writer" once showed the
 * question of "Claimed pid contradicted"), found in the icon theme. */
static void
test_columns_unseen_writer (Fixture       *fixture,
                            gconstpointer  data)
{
  static const struct {
    FifolabMessageFlags flag;
    const char         *text;
  } cases[] = {
    { FIFOLAB_MESSAGE_UNSEEN_WRITER, "Hello from pid [4101]" },
    { FIFOLAB_MESSAGE_BEFORE_WATCH, "Hello from pid [4102]" },
  };
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (fixture->window)));
  g_autoptr(GFlagsClass) flags_class = g_type_class_ref (FIFOLAB_TYPE_MESSAGE_FLAGS);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *icon = fifolab_message_flag_get_icon_name (cases[i].flag);

      g_assert_nonnull (icon);
      g_assert_true (gtk_icon_theme_has_icon (theme, icon));
      for (guint j = 0; j < flags_class->n_values; j++)
        {
          FifolabMessageFlags other = flags_class->values[j].value;

          if (other == cases[i].flag || fifolab_message_flag_get_icon_name (other) == NULL)
            continue;
          g_test_message ("%s: %s; %s: %s", fifolab_message_flag_get_title (cases[i].flag), icon,
                          fifolab_message_flag_get_title (other), fifolab_message_flag_get_icon_name (other));
          g_assert_cmpstr (icon, !=, fifolab_message_flag_get_icon_name (other));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE,
            FIFOLAB_MESSAGE_WATCHED | cases[i].flag, "/tmp/lab/pipe-a",
            -1, 4250, i, cases[i].text, strlen (cases[i].text));
  fifolab_log_flush (fixture->log);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *key = wait_cell (fixture, "fifolab-message", cases[i].text);
      GtkWidget *badge = row_badge (fixture, key);
      const char *name;

      g_assert_nonnull (badge);
      g_assert_true (gtk_widget_get_visible (badge));
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (badge)), ==,
                       fifolab_message_flag_get_icon_name (cases[i].flag));
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (badge)), !=,
                       fifolab_message_flag_get_icon_name (FIFOLAB_MESSAGE_WATCHED));
      g_assert_true (gtk_widget_has_css_class (badge, "warning"));
      name = fifolab_accessible_get_name (badge);
      g_test_message ("%s: %s", cases[i].text, name);
      g_assert_true (g_str_has_prefix (name, fifolab_message_flag_get_title (cases[i].flag)));
      g_assert_nonnull (strstr (name, fifolab_message_flag_get_title (FIFOLAB_MESSAGE_WATCHED)));
    }
}

/* The settings apply to the rows already shown. */
static void
test_columns_settings (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree guint8 *long_bytes = g_malloc (FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES + 1);
  g_autofree char *long_hex = NULL;
  g_autofree char *long_hex_cut = NULL;
  GtkWidget *key;

  memset (long_bytes, 'A', FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES + 1);
  long_hex = fifolab_escape_hex (long_bytes, FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES);
  long_hex_cut = g_strconcat (long_hex, " …", NULL);

  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
          -1, 4242, 0, "Hi", 2);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
          -1, 4242, 1500000, "there", 5);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
          -1, 4242, 2000000, long_bytes, FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES + 1);
  fifolab_log_flush (fixture->log);
  key = wait_cell (fixture, "fifolab-message", "there");
  g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, "10:20:31.956");

  /* Relative times count from the first entry. */
  fifolab_log_columns_set_relative_time (fixture->columns, TRUE);
  g_assert_true (fifolab_log_columns_get_relative_time (fixture->columns));
  g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, "+1.500 s");
  key = wait_cell (fixture, "fifolab-message", "Hi");
  g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, "+0.000 s");

  /* Cleared: the next first entry is the origin. */
  fifolab_log_clear (fixture->log);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
          -1, 4242, 7000000, "again", 5);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
          -1, 4242, 7250000, "and again", 9);
  fifolab_log_flush (fixture->log);
  key = wait_cell (fixture, "fifolab-message", "and again");
  g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, "+0.250 s");
  fifolab_log_columns_set_relative_time (fixture->columns, FALSE);
  g_assert_cmpstr (row_text (fixture, key, "fifolab-time"), ==, "10:20:37.706");

  /* Hex, cut after FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES bytes. */
  fifolab_log_columns_set_hex (fixture->columns, TRUE);
  g_assert_nonnull (find_cell (fixture, "fifolab-message", "61 6e 64 20 61 67 61 69 6e"));
  fifolab_log_columns_set_hex (fixture->columns, FALSE);
  g_assert_nonnull (find_cell (fixture, "fifolab-message", "and again"));

  fifolab_log_clear (fixture->log);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
          -1, 4242, 0, long_bytes, FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES + 1);
  fifolab_log_flush (fixture->log);
  fifolab_log_columns_set_hex (fixture->columns, TRUE);
  wait_cell (fixture, "fifolab-message", long_hex_cut);
}

/* A pipe's cell shows its name as the session given shows it: with enough
 * of its folder where another of the session's pipes has the same name;
 * without a session, its base name. */
static void
test_columns_session_names (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *paths[] = { "/tmp/lab/pipe-a", "/tmp/other/pipe-a", NULL };
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autofree char *expected = fifolab_pipe_display_name (paths[0], paths);
  GtkWidget *key;

  g_assert_cmpstr (expected, !=, "pipe-a");
  fifolab_session_set_listed_paths (session, paths);
  fifolab_log_columns_set_session (fixture->columns, session);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, paths[0],
          -1, 4242, 0, "Hi", 2);
  fifolab_log_flush (fixture->log);
  key = wait_cell (fixture, "fifolab-message", "Hi");
  g_assert_cmpstr (row_text (fixture, key, "fifolab-pipe"), ==, expected);

  /* Without the session: rows bound from now on show the base name. */
  fifolab_log_columns_set_session (fixture->columns, NULL);
  append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, paths[1],
          -1, 4242, 1000, "there", 5);
  fifolab_log_flush (fixture->log);
  key = wait_cell (fixture, "fifolab-message", "there");
  g_assert_cmpstr (row_text (fixture, key, "fifolab-pipe"), ==, "pipe-a");
}

static guint
count_widgets (GtkWidget *widget)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);
  return n;
}

/* The widgets of the list's rows, the most in one row (each row is the
 * same), and in *@n_of_class those of @css_class in all rows. */
static guint
widgets_per_row (Fixture    *fixture,
                 const char *css_class,
                 guint      *n_of_class)
{
  GtkWidget *list = fifolab_ui_test_find_descendant (GTK_WIDGET (fixture->view), GTK_TYPE_LIST_VIEW);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  guint most = 0;

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_css_name (row), "row"))
      most = MAX (most, count_widgets (row));
  collect (list, all);
  *n_of_class = 0;
  for (guint i = 0; i < all->len; i++)
    if (gtk_widget_has_css_class (all->pdata[i], css_class))
      (*n_of_class)++;
  return most;
}

/* Shows or hides a column as its item in the header's menu does (a toggle). */
static void
activate_column (GActionGroup *group,
                 const char   *name,
                 gboolean      shown)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (group, name);

  if (g_variant_get_boolean (state) != shown)
    g_action_group_activate_action (group, name, NULL);
  g_clear_pointer (&state, g_variant_unref);
  state = g_action_group_get_action_state (group, name);
  g_assert_cmpint (g_variant_get_boolean (state), ==, shown);
}

/* A column hidden from the header's menu costs the rows nothing: GTK 4.8
 * makes no cell for it in a row, so its factory makes no widgets (Direction:
 * a cell, a box, an icon and a text; Receiver and Size: a cell and a text
 * each, 8 a row in all). Shown again, every row there shows its entry in it
 * at once; hidden again, the widgets go. */
static void
test_columns_hidden_cost_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  GListModel *columns = gtk_column_view_get_columns (fixture->view);
  g_autoptr(GSimpleActionGroup) actions = NULL;
  guint hidden, shown, n_size;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      fifolab_log_columns_attach (fixture->columns, column, (FifolabLogColumn) i);
    }
  actions = G_SIMPLE_ACTION_GROUP (fifolab_log_columns_create_actions (fixture->view));
  activate_column (G_ACTION_GROUP (actions), "direction", FALSE);
  activate_column (G_ACTION_GROUP (actions), "receiver", FALSE);
  activate_column (G_ACTION_GROUP (actions), "size", FALSE);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *text = g_strdup_printf ("m%02u", i);

      append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
              -1, 4242, i * 1000, text, 3);
    }
  fifolab_log_flush (fixture->log);
  wait_cell (fixture, "fifolab-message", "m19");
  hidden = widgets_per_row (fixture, "fifolab-size", &n_size);
  g_assert_cmpuint (n_size, ==, 0);

  activate_column (G_ACTION_GROUP (actions), "direction", TRUE);
  activate_column (G_ACTION_GROUP (actions), "receiver", TRUE);
  activate_column (G_ACTION_GROUP (actions), "size", TRUE);
  /* Bound at once: every row shows its entry in the columns shown again. */
  wait_cell (fixture, "fifolab-size", "3 B");
  shown = widgets_per_row (fixture, "fifolab-size", &n_size);
  g_assert_cmpuint (n_size, >, 0);
  {
    GtkWidget *key = find_cell (fixture, "fifolab-message", "m07");

    g_assert_nonnull (key);
    g_assert_cmpstr (row_text (fixture, key, "fifolab-size"), ==, "3 B");
    assert_pids (fixture, key, "", "4242");
    assert_direction (fixture, key, _("Received"), "received", "go-previous-symbolic", FALSE);
  }
  g_test_message ("widgets per row: %u with Direction, Receiver and Size hidden, %u shown", hidden, shown);
  g_assert_cmpuint (shown, ==, hidden + 8);

  activate_column (G_ACTION_GROUP (actions), "size", FALSE);
  activate_column (G_ACTION_GROUP (actions), "receiver", FALSE);
  activate_column (G_ACTION_GROUP (actions), "direction", FALSE);
  wait_cell (fixture, "fifolab-message", "m00");
  g_assert_cmpuint (widgets_per_row (fixture, "fifolab-size", &n_size), ==, hidden);
  g_assert_cmpuint (n_size, ==, 0);
}

typedef struct
{
  GtkWidget  *row;
  const char *text;
} NameQuery;

static gboolean
row_name_says (gpointer data)
{
  NameQuery *query = data;
  const char *name = fifolab_accessible_get_name (query->row);

  return name != NULL && strstr (name, query->text) != NULL;
}

/* A row's spoken name follows what it shows: at once for the row that
 * holds the focus (a screen reader says it) or when the focus comes to it,
 * for the others once the main loop has nothing else to do. A flood rebinds every row each frame: a name
 * given at each bind cost it a few per cent of its work and would send
 * assistive technologies hundreds of name changes a frame. */
static void
test_columns_row_names (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char *const texts[] = { "alpha", "beta", "gamma" };
  g_autofree char *alpha_hex = fifolab_escape_hex ((const guint8 *) "alpha", 5);
  g_autofree char *beta_hex = fifolab_escape_hex ((const guint8 *) "beta", 4);
  GtkWidget *alpha, *beta;
  NameQuery query;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/pipe-a",
            4242, 4243, i * 1000, texts[i], strlen (texts[i]));
  fifolab_log_flush (fixture->log);
  wait_cell (fixture, "fifolab-message", "gamma");
  alpha = row_of (fixture, find_cell (fixture, "fifolab-message", "alpha"));
  beta = row_of (fixture, find_cell (fixture, "fifolab-message", "beta"));
  query = (NameQuery) { beta, "beta" };
  g_assert_true (fifolab_test_wait_until (row_name_says, &query, TIMEOUT_MS));
  g_assert_nonnull (strstr (fifolab_accessible_get_name (alpha), "alpha"));

  g_assert_true (gtk_widget_grab_focus (alpha));
  g_assert_true (gtk_widget_get_state_flags (alpha) & GTK_STATE_FLAG_FOCUS_WITHIN);

  /* Every row shown is bound again, now. */
  fifolab_log_columns_set_hex (fixture->columns, TRUE);
  g_assert_nonnull (find_cell (fixture, "fifolab-message", beta_hex));
  g_test_message ("at once: “%s”, “%s”", fifolab_accessible_get_name (alpha), fifolab_accessible_get_name (beta));
  g_assert_nonnull (strstr (fifolab_accessible_get_name (alpha), alpha_hex));
  g_assert_null (strstr (fifolab_accessible_get_name (beta), beta_hex));
  g_assert_nonnull (strstr (fifolab_accessible_get_name (beta), "beta"));

  /* The focus comes to a row whose name waits: named at once. */
  g_assert_true (gtk_widget_grab_focus (beta));
  g_assert_nonnull (strstr (fifolab_accessible_get_name (beta), beta_hex));

  query = (NameQuery) { row_of (fixture, find_cell (fixture, "fifolab-message", "67 61 6d 6d 61")), "67 61 6d 6d 61" };
  g_assert_true (fifolab_test_wait_until (row_name_says, &query, TIMEOUT_MS));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *hex = fifolab_escape_hex ((const guint8 *) texts[i], strlen (texts[i]));
      GtkWidget *row = row_of (fixture, find_cell (fixture, "fifolab-message", hex));

      g_assert_nonnull (strstr (fifolab_accessible_get_name (row), hex));
      g_assert_nonnull (strstr (fifolab_accessible_get_name (row), "4242"));
    }
}

/* The tester's case: a Watch refusal (the process already traced by
 * strace). Its row's name was cut mid-word after 200 characters ("…Stop
 * that tracer to watch it, o…"), the cut meant for a message's text, and
 * went on with the explanation of a watched call ("the system call, its
 * result or error…"), which a refusal has not. The detail, FIFO Lab's own
 * sentences, is said whole, and the explanation is a refusal's. */
static void
test_columns_refusal_name (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char detail[] =
    "4242 cat cannot be watched: Process 4242 (cat) is already traced by process 4241 (strace: a "
    "debugger, strace or another watch): a process can have one tracer at a time. Stop that tracer "
    "to watch it, or use a tap, which relays the pipe without tracing.";
  g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_new (FIFOLAB_WATCH_REFUSED);
  const char *name;
  GtkWidget *row;
  NameQuery query;
  guint64 serial;

  record->pid = record->tid = 4242;
  record->comm = g_strdup ("cat");
  record->message = g_strdup (strstr (detail, "Process"));
  serial = fifolab_log_append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, "/tmp/lab/pipe-a",
                               -1, -1, WALL_US, BASE_MONO_US, (const guint8 *) detail, sizeof detail - 1);
  _fifolab_log_attach_call (fixture->log, serial, WALL_US, "/tmp/lab/pipe-a", record);
  fifolab_log_flush (fixture->log);

  row = row_of (fixture, wait_cell (fixture, "fifolab-message", detail));
  query = (NameQuery) { row, "4242 cat cannot be watched" };
  g_assert_true (fifolab_test_wait_until (row_name_says, &query, TIMEOUT_MS));
  name = fifolab_accessible_get_name (row);
  g_test_message ("%s", name);
  g_assert_nonnull (strstr (name, detail));
  g_assert_null (strstr (name, fifolab_event_kind_get_explanation (FIFOLAB_EVENT_WATCH)));
  g_assert_nonnull (strstr (name, "refused"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  /* Times of day as UTC, whatever the machine's zone. */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  /* In another language (zh_CN), only what depends on its script. */
  g_test_add ("/log-columns/detail-whole", Fixture, NULL, fixture_setup, test_columns_detail_whole, fixture_teardown);
  if (fifolab_ui_test_language () == NULL)
    {
      g_test_add_func ("/log-columns/new-destroy", test_columns_new_destroy);
      g_test_add ("/log-columns/kinds", Fixture, NULL, fixture_setup, test_columns_kinds, fixture_teardown);
      g_test_add ("/log-columns/event-detail-first", Fixture, NULL, fixture_setup, test_columns_event_detail_first, fixture_teardown);
      g_test_add ("/log-columns/explanation-readable", Fixture, NULL, fixture_setup, test_columns_explanation_readable, fixture_teardown);
      g_test_add ("/log-columns/watched-call", Fixture, NULL, fixture_setup, test_columns_watched_call, fixture_teardown);
      g_test_add ("/log-columns/watched-claim", Fixture, NULL, fixture_setup, test_columns_watched_claim, fixture_teardown);
      g_test_add ("/log-columns/unseen-writer", Fixture, NULL, fixture_setup, test_columns_unseen_writer, fixture_teardown);
      g_test_add ("/log-columns/logged-late", Fixture, NULL, fixture_setup, test_columns_logged_late, fixture_teardown);
      g_test_add ("/log-columns/logged-late-read", Fixture, NULL, fixture_setup, test_columns_logged_late_read, fixture_teardown);
      g_test_add ("/log-columns/settings", Fixture, NULL, fixture_setup, test_columns_settings, fixture_teardown);
      g_test_add ("/log-columns/session-names", Fixture, NULL, fixture_setup, test_columns_session_names, fixture_teardown);
      g_test_add ("/log-columns/hidden-cost-nothing", Fixture, NULL, fixture_setup, test_columns_hidden_cost_nothing, fixture_teardown);
      g_test_add ("/log-columns/row-names", Fixture, NULL, fixture_setup, test_columns_row_names, fixture_teardown);
      g_test_add ("/log-columns/refusal-name", Fixture, NULL, fixture_setup, test_columns_refusal_name, fixture_teardown);
    }

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
