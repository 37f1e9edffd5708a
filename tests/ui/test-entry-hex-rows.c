/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The entry inspector's hex view as wide as the room it has: rows of 16
 * bytes where a row of 16 fits, else of 8, else of 4, as a hex editor shows
 * them; each row whole in sight, its offset the first of its bytes, every
 * byte there once. Narrowed by the handle between the entry's details and its
 * bytes, and by the window; Copy as Hex stays the 16-byte dump. */
#include "config.h"

#include <string.h>

#include "fifolab.h"
#include "fifolab-byte-rows.h"
#include "fifolab-entry-details.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 30000
#define PIPE "/tmp/lab/my_pipe"
/* Not a multiple of 16: the last row is short. */
#define N_BYTES 300
/* Room left beside a row, more than a row's margins and padding. */
#define SLACK 40

typedef struct
{
  GtkWindow           *window;
  FifolabEntryDetails *details;
  FifolabLog          *log;
  guint8               bytes[N_BYTES];
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(FifolabLogEntry) entry = NULL;

  /* Letters, digits and signs, and bytes shown as dots. */
  for (guint i = 0; i < N_BYTES; i++)
    fixture->bytes[i] = (guint8) (i % 5 == 4 ? i : 0x20 + (i * 7) % 95);
  fixture->log = fifolab_log_new ();
  fifolab_log_append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_RAW, PIPE,
                              4242, 4243, g_get_real_time (), g_get_monotonic_time (),
                              fixture->bytes, N_BYTES);
  fifolab_log_flush (fixture->log);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  fixture->details = fifolab_entry_details_new ();
  fixture->window = fifolab_ui_test_present (GTK_WIDGET (fixture->details), 1400, 600, TIMEOUT_MS);
  fifolab_entry_details_set_entry (fixture->details, entry);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->details), (gpointer *) &fixture->details);
  gtk_window_destroy (fixture->window);
  fifolab_test_run_for (20);
  g_assert_null (fixture->details);
  g_assert_finalize_object (fixture->log);
}

static GtkWidget *
hex_list (Fixture *fixture)
{
  GtkStack *stack = fifolab_entry_details_get_stack (fixture->details);

  return fifolab_ui_test_find_descendant (gtk_stack_get_child_by_name (stack, "hex"), GTK_TYPE_LIST_VIEW);
}

/* A line of the dump's form for @n bytes at @offset, @n at most 8: the
 * offset, the bytes in hex, the characters between bars. */
static char *
line_of (const guint8 *data,
         gsize         n,
         gsize         offset)
{
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%08zx ", offset);
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (line, " %02x", data[i]);
  g_string_append (line, "  |");
  for (gsize i = 0; i < n; i++)
    g_string_append_c (line, data[i] >= 0x20 && data[i] < 0x7f ? (char) data[i] : '.');
  g_string_append_c (line, '|');
  return g_string_free (line, FALSE);
}

static void
collect_labels (GtkWidget *root,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_ptr_array_add (labels, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* The hex rows of the model, read as text: row i starts at i times the
 * bytes of a row, says so in its offset, and holds those bytes, in hex and
 * as characters. Returns the bytes of a row. */
static gsize
check_model (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (hex_list (fixture))));
  g_autoptr(GtkStringObject) first = NULL;
  g_auto(GStrv) words = NULL;
  gsize row_bytes = 0;
  guint n;

  g_assert_nonnull (model);
  first = g_list_model_get_item (model, 0);
  /* The first row is whole: its words are the offset, then its bytes. */
  words = g_strsplit (strstr (gtk_string_object_get_string (first), "  |") != NULL ?
                      gtk_string_object_get_string (first) : "", "  |", 2);
  g_assert_nonnull (words[0]);
  {
    g_auto(GStrv) hex = g_strsplit_set (words[0], " ", -1);

    for (guint i = 1; hex[i] != NULL; i++)
      if (*hex[i] != '\0')
        row_bytes++;
  }
  g_assert_true (row_bytes == 16 || row_bytes == 8 || row_bytes == 4);

  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, (N_BYTES + row_bytes - 1) / row_bytes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) row = g_list_model_get_item (model, i);
      const char *text = gtk_string_object_get_string (row);
      gsize offset = (gsize) i * row_bytes;
      gsize len = MIN (row_bytes, N_BYTES - offset);
      g_autofree char *expected = NULL;

      g_assert_cmpuint (fifolab_byte_rows_get_start (row), ==, offset);
      if (row_bytes == 16)
        {
          /* The lines of the dump. */
          g_autofree char *dump = fifolab_escape_hex_dump (fixture->bytes + offset, len);

          expected = g_strdup_printf ("%08zx%s", offset, dump + 8);
        }
      else
        {
          g_autofree char *line = line_of (fixture->bytes + offset, len, offset);
          g_autofree char *whole = line_of (fixture->bytes, row_bytes, 0);
          char *bar = strstr (line, "  |");

          /* A short last row's bytes padded as wide as a whole row's. */
          *bar = '\0';
          expected = g_strdup_printf ("%-*s  |%s", (int) (strstr (whole, "  |") - whole), line, bar + 3);
        }
      g_assert_cmpstr (text, ==, expected);
    }
  return row_bytes;
}

/* The rows on screen, each whole in sight: as wide as its text laid out,
 * within the visible width of the list, without scrolling sideways; a row
 * of twice as many bytes would not have been. */
static void
check_shown (Fixture *fixture,
             gsize    row_bytes)
{
  GtkWidget *list = hex_list (fixture);
  GtkWidget *scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  int shown = gtk_widget_get_width (scrolled);

  collect_labels (list, labels);
  g_assert_cmpuint (labels->len, >, 3);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));
      int natural = fifolab_ui_test_text_width (label, text);
      graphene_rect_t bounds;

      g_assert_true (g_str_has_suffix (text, "|"));
      g_assert_true (gtk_widget_compute_bounds (label, scrolled, &bounds));
      if (i == 0)
        g_test_message ("%zu bytes a row: “%s”, %d px at x %.0f, %d px shown",
                        row_bytes, text, natural, bounds.origin.x, shown);
      g_assert_cmpint (natural, <=, gtk_widget_get_width (label));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + natural, <=, shown);
      if (row_bytes < 16 && i == 0)
        {
          g_autofree char *wider = row_bytes == 8 ? fifolab_escape_hex_dump (fixture->bytes, 16)
                                                  : line_of (fixture->bytes, 8, 0);

          g_assert_cmpfloat (bounds.origin.x + fifolab_ui_test_text_width (label, wider), >, shown);
        }
    }
}

/* How wide a whole row of @row_bytes is laid out in the rows' font. */
static int
row_width (Fixture *fixture,
           gsize    row_bytes)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *line = row_bytes == 16 ? fifolab_escape_hex_dump (fixture->bytes, 16)
                                          : line_of (fixture->bytes, row_bytes, 0);

  collect_labels (hex_list (fixture), labels);
  g_assert_cmpuint (labels->len, >, 0);
  return fifolab_ui_test_text_width (g_ptr_array_index (labels, 0), line);
}

/* The handle between the entry's details and its bytes dragged so that
 * the bytes have @width pixels, then two frames: the rows are made again
 * once the list is laid out at its new width, before the next frame. */
static void
set_bytes_width (Fixture *fixture,
                 int      width)
{
  GtkWidget *paned = fifolab_ui_test_find_descendant (GTK_WIDGET (fixture->details), GTK_TYPE_PANED);
  GtkWidget *stack = GTK_WIDGET (fifolab_entry_details_get_stack (fixture->details));

  gtk_paned_set_position (GTK_PANED (paned), gtk_widget_get_width (paned) - width);
  fifolab_ui_test_wait_frames (paned, 3, TIMEOUT_MS);
  g_test_message ("the bytes' page %d px wide, %d asked", gtk_widget_get_width (stack), width);
  g_assert_cmpint (ABS (gtk_widget_get_width (stack) - width), <, SLACK / 4);
}

/* Wide, the rows of the dump; the handle dragged to leave the bytes a
 * little more than a row of 8, then of 4, needs: rows of 8, then of 4,
 * whole; dragged back, rows of 16 again. */
static void
test_hex_rows_handle (Fixture       *fixture,
                      gconstpointer  data)
{
  static const gsize sizes[] = { 16, 8, 4, 16 };
  int widths[G_N_ELEMENTS (sizes)];

  gtk_stack_set_visible_child_name (fifolab_entry_details_get_stack (fixture->details), "hex");
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2, TIMEOUT_MS);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    widths[i] = row_width (fixture, sizes[i]) + SLACK;
  /* Each just too narrow for the row before it. */
  g_assert_cmpint (widths[1], <, widths[0] - SLACK);
  g_assert_cmpint (widths[2], <, widths[1] - SLACK);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      set_bytes_width (fixture, widths[i]);
      g_assert_cmpuint (check_model (fixture), ==, sizes[i]);
      check_shown (fixture, sizes[i]);
    }
}

static gboolean
details_narrowed (gpointer data)
{
  Fixture *fixture = data;

  return gtk_widget_get_width (GTK_WIDGET (fixture->details)) <= 600;
}

/* The window narrowed while the text shows: the hex page, shown then, has
 * rows of fewer than 16 from the start, the first frame; whole on screen.
 * Copy as Hex copies the dump of 16 bytes a line whatever the view shows. */
static void
test_hex_rows_window (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkStack *stack = fifolab_entry_details_get_stack (fixture->details);
  g_autofree char *dump = fifolab_escape_hex_dump (fixture->bytes, N_BYTES);
  g_autofree char *copied = NULL;
  gsize row_bytes;

  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2, TIMEOUT_MS);
  gtk_window_set_default_size (fixture->window, 560, 600);
  g_assert_true (fifolab_test_wait_until (details_narrowed, fixture, TIMEOUT_MS));
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2, TIMEOUT_MS);
  g_test_message ("window narrowed: the bytes' page %d px wide", gtk_widget_get_width (GTK_WIDGET (stack)));

  gtk_stack_set_visible_child_name (stack, "hex");
  row_bytes = check_model (fixture);
  g_assert_cmpuint (row_bytes, <, 16);
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2, TIMEOUT_MS);
  g_assert_cmpuint (check_model (fixture), ==, row_bytes);
  check_shown (fixture, row_bytes);

  copied = fifolab_entry_details_dup_copy (fixture->details, FIFOLAB_ENTRY_COPY_HEX);
  g_assert_cmpstr (copied, ==, dump);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GtkCssProvider) style = NULL;
  int ret;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;
  /* The rows' monospace font, from the application's style.css, which
   * AdwApplication loads for the window and which the inspector alone here
   * has not. */
  style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (style, "/io/github/fifolab/FifoLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/entry-hex-rows/handle", Fixture, NULL, fixture_setup, test_hex_rows_handle, fixture_teardown);
  g_test_add ("/entry-hex-rows/window", Fixture, NULL, fixture_setup, test_hex_rows_window, fixture_teardown);

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
