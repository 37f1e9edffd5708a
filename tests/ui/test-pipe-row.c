/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A pipe's row in the pipe list, in the window at the sizes people use
 * (1280 x 800, a 1024 x 768 projector), in the language --language gives:
 * the line saying who holds the pipe ("1 reader, 1 writer") reads in full,
 * wrapped between its parts if it must be, never cut. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-pipe-framings.h"
#include "fifolab-pipe-row.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

typedef struct
{
  const char *readers;  /* "1 reader", translated */
  GtkWidget  *label;    /* found: the row's label starting with it */
} HoldersQuery;

static gboolean
is_holders_label (GtkWidget     *widget,
                  gconstpointer  data)
{
  const HoldersQuery *query = data;

  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), query->readers);
}

/* The pipe's row shows its holders: one reader (cat) and one writer. */
static gboolean
holders_shown_cb (gpointer data)
{
  HoldersQuery *query = data;
  GtkWidget *row = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_PIPE_ROW);

  query->label = row != NULL ? fifolab_ui_test_find_widget (row, is_holders_label, query) : NULL;
  return query->label != NULL;
}

/* The sidebar's row line that holds @query->text, at @width x @height
 * (the sidebar folded at the smaller size shown as a person shows it),
 * laid out at that width: its layout, and its text and size logged. */
static PangoLayout *
row_line_laid_out (HoldersQuery *query,
                   int           width,
                   int           height)
{
  PangoLayout *layout;
  int text_width;

  fifolab_ui_window_test_resize (width, height);
  adw_flap_set_reveal_flap (ADW_FLAP (gtk_widget_get_ancestor (_fifolab_window_get_log_view (window),
                                                               ADW_TYPE_FLAP)), TRUE);
  g_assert_true (fifolab_test_wait_until (holders_shown_cb, query, TIMEOUT_MS));
  /* The pane slid in, and the row laid out with the line it shows now. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_flaps_settled, window, TIMEOUT_MS));
  fifolab_ui_test_wait_frames (GTK_WIDGET (window), 1, TIMEOUT_MS);

  layout = gtk_label_get_layout (GTK_LABEL (query->label));
  pango_layout_get_pixel_size (layout, &text_width, NULL);
  g_test_message ("%d x %d: “%s”, %d px of text in %d px, %d line(s)",
                  width, height, gtk_label_get_text (GTK_LABEL (query->label)), text_width,
                  gtk_widget_get_width (query->label), pango_layout_get_line_count (layout));
  return layout;
}

/* The holders line at @width x @height: not ellipsized, as wide as its
 * label at most, and broken (if at all) only where the writers begin. */
static void
check_holders_line (const char *readers,
                    const char *writers,
                    int         width,
                    int         height)
{
  HoldersQuery query = { readers, NULL };
  PangoLayout *layout;
  const char *text;
  const char *writers_at;
  int text_width;
  int n_lines;

  layout = row_line_laid_out (&query, width, height);
  text = gtk_label_get_text (GTK_LABEL (query.label));
  writers_at = strstr (text, writers);
  pango_layout_get_pixel_size (layout, &text_width, NULL);
  n_lines = pango_layout_get_line_count (layout);

  g_assert_nonnull (writers_at);
  g_assert_false (pango_layout_is_ellipsized (layout));
  g_assert_cmpint (text_width, <=, gtk_widget_get_width (query.label));
  g_assert_cmpint (n_lines, <=, 2);
  if (n_lines == 2)
    g_assert_cmpint (pango_layout_get_line_readonly (layout, 1)->start_index, ==, writers_at - text);
}

/* The details line ("rw-rw-rw- · root · Raw") at @width x @height: not
 * ellipsized, as wide as its label at most, each line starting at one of
 * its parts. */
static void
check_details_line (const char *mode,
                    const char *owner,
                    const char *framing,
                    int         width,
                    int         height)
{
  HoldersQuery query = { mode, NULL };
  PangoLayout *layout;
  const char *text;
  const char *parts[3];
  int text_width;
  int n_lines;

  layout = row_line_laid_out (&query, width, height);
  text = gtk_label_get_text (GTK_LABEL (query.label));
  pango_layout_get_pixel_size (layout, &text_width, NULL);
  n_lines = pango_layout_get_line_count (layout);

  /* All of it, in order. */
  parts[0] = strstr (text, mode);
  g_assert_nonnull (parts[0]);
  parts[1] = strstr (parts[0] + strlen (mode), owner);
  g_assert_nonnull (parts[1]);
  parts[2] = strstr (parts[1] + strlen (owner), framing);
  g_assert_nonnull (parts[2]);
  g_assert_false (pango_layout_is_ellipsized (layout));
  g_assert_cmpint (text_width, <=, gtk_widget_get_width (query.label));
  /* A line starts with a part, or inside one only where that part is,
   * alone, as wide as the label (the pseudo-translation's longest
   * framing). */
  for (int i = 1; i < n_lines; i++)
    {
      int start = pango_layout_get_line_readonly (layout, i)->start_index;
      const char *part = NULL;

      g_test_message ("line %d starts at “%s”", i, text + start);
      if (start == parts[1] - text || start == parts[2] - text)
        continue;
      for (int k = 2; k >= 0 && part == NULL; k--)
        if (text + start > parts[k])
          part = k == 0 ? mode : k == 1 ? owner : framing;
      g_assert_nonnull (part);
      {
        g_autoptr(PangoLayout) alone = gtk_widget_create_pango_layout (query.label, part);
        int part_width;

        pango_layout_get_pixel_size (alone, &part_width, NULL);
        g_test_message ("“%s” alone: %d px", part, part_width);
        /* As wide as the label: it filled a line alone (1 px: rounding). */
        g_assert_cmpint (part_width, >=, gtk_widget_get_width (query.label) - 1);
      }
    }
}

/* A pipe such as /tmp/public_pipe, anyone's to read and write, its framing
 * the longest one: its mode, owner and framing read in full. */
static void
test_details_whole (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "public_pipe");
  FifolabSession *session = fifolab_window_get_session (window);
  g_autoptr(GError) error = NULL;
  const char *owner = g_get_user_name ();
  int default_width, default_height;
  const FifolabFraming framings[] = { FIFOLAB_FRAMING_RAW, FIFOLAB_FRAMING_LENGTH_PREFIX };

  g_assert_no_errno (chmod (path, 0666));
  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  for (guint i = 0; i < G_N_ELEMENTS (framings); i++)
    {
      g_assert_true (fifolab_session_set_framing (session, path, framings[i], &error));
      g_assert_no_error (error);
      check_details_line ("rw-rw-rw-", owner, fifolab_framing_get_label (framings[i]), 1280, 800);
      check_details_line ("rw-rw-rw-", owner, fifolab_framing_get_label (framings[i]), 1024, 768);
    }
  /* Back, and laid out so: a late configure event of this size would
   * otherwise set the window's default size back after the next test
   * sets its own. */
  fifolab_ui_window_test_resize (default_width, default_height);
}

static void
test_holders_whole (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "my_pipe");
  g_autofree char *readers = g_strdup_printf (ngettext ("%u reader", "%u readers", 1), 1);
  g_autofree char *writers = g_strdup_printf (ngettext ("%u writer", "%u writers", 1), 1);
  g_autoptr(GSubprocess) reader = NULL;
  GSubprocess *writer;
  int default_width, default_height;

  /* cat waits in open() for the writer, which opens once it is there. */
  reader = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, NULL, "cat", path, NULL);
  writer = fifolab_test_writer_hold (path, NULL);

  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  check_holders_line (readers, writers, 1280, 800);
  check_holders_line (readers, writers, 1024, 768);
  /* Back, and laid out so: a late configure event of this size would
   * otherwise set the window's default size back after the next test
   * sets its own. */
  fifolab_ui_window_test_resize (default_width, default_height);

  fifolab_test_writer_end (writer);
  g_assert_true (g_subprocess_wait (reader, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init (&argc, &argv, &app, &window))
    return 1;
  /* The flaps fold and reveal at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/pipe-row/holders-whole", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_holders_whole, fifolab_ui_window_fixture_teardown);

  g_test_add ("/pipe-row/details-whole", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_details_whole, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
