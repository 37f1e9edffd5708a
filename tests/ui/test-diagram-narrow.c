/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diagram in the side pane's width (issue 13: a teacher's projector at
 * 1024 x 768 leaves the Processes page about 290 px): each process box's
 * pid and command read on one line each, as laid out in a shown window's
 * font, at the scale the diagram fits itself to. In Chinese, which may
 * break between any two characters, the buffer gauge's "65536 字节" stays
 * on one line at every size (it read 字 / 节). */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>

#include "fifolab-diagram-layout.h"

/* How many lines the text @needle is drawn on, or 0: not drawn. */
static int
drawn_lines (FifolabDiagramLayout *layout,
             const char           *needle)
{
  for (guint i = 0; i < layout->texts->len; i++)
    {
      FifolabDiagramText *text = &g_array_index (layout->texts, FifolabDiagramText, i);

      if (g_strcmp0 (pango_layout_get_text (text->layout), needle) == 0)
        return pango_layout_get_line_count (text->layout);
    }
  return 0;
}

static void
add (GArray     *side,
     gint64      pid,
     const char *command)
{
  FifolabDiagramParticipant p = { 0 };

  p.pid = pid;
  p.command = (char *) command;
  g_array_append_val (side, p);
}

static void
test_side_pane (void)
{
  const int widths[] = { 280, 290, 340, 360, 430, 440, 480 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("x");
  g_autoptr(GArray) writers = g_array_new (FALSE, TRUE, sizeof (FifolabDiagramParticipant));
  g_autoptr(GArray) readers = g_array_new (FALSE, TRUE, sizeof (FifolabDiagramParticipant));
  FifolabDiagramContent content = { 0 };

  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (label))
    g_main_context_iteration (NULL, TRUE);

  add (writers, 16451, "python3");
  add (readers, 16452, "fifolab-peer");
  content.writers = writers;
  content.readers = readers;
  content.name = "my_pipe";
  content.gauge = "0 of 65536 bytes waiting to be read";

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      double zoom = fifolab_diagram_layout_fit (label, &content, widths[i], 500, 1.0);
      g_autoptr(FifolabDiagramLayout) layout = fifolab_diagram_layout_new (label, &content, widths[i], 500, zoom);

      g_test_message ("%d px: zoom %g, columns %g px wide, pid on %d lines, command on %d",
                      widths[i], zoom, layout->col_w, drawn_lines (layout, "pid 16451"),
                      drawn_lines (layout, "python3"));
      g_assert_cmpint (drawn_lines (layout, "pid 16451"), ==, 1);
      g_assert_cmpint (drawn_lines (layout, "pid 16452"), ==, 1);
      g_assert_cmpint (drawn_lines (layout, "python3"), ==, 1);
      g_assert_cmpint (drawn_lines (layout, "fifolab-peer"), ==, 1);
      g_assert_false (layout->broken_words);
      g_assert_cmpfloat (layout->col_x[1] + layout->col_w, <=, widths[i]);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Where the text @needle is drawn, NULL: not drawn. */
static PangoLayout *
drawn_layout (FifolabDiagramLayout *layout,
              const char           *needle)
{
  for (guint i = 0; i < layout->texts->len; i++)
    {
      FifolabDiagramText *text = &g_array_index (layout->texts, FifolabDiagramText, i);

      if (g_strcmp0 (pango_layout_get_text (text->layout), needle) == 0)
        return text->layout;
    }
  return NULL;
}

/* No line of @layout begins inside "@number @unit": between the number and
 * its unit, or inside the unit. */
static void
assert_units_whole (PangoLayout *layout,
                    const char  *number,
                    const char  *unit,
                    const char  *what)
{
  const char *text = pango_layout_get_text (layout);

  for (const char *found = strstr (text, number); found != NULL; found = strstr (found + 1, number))
    {
      const char *end = found + strlen (number);

      while (*end == ' ')
        end++;
      if (!g_str_has_prefix (end, unit))
        continue;
      end += strlen (unit);
      for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
        {
          const char *start = text + ((PangoLayoutLine *) l->data)->start_index;

          if (start > found && start < end)
            g_error ("%s: a line begins inside “%s %s”: “%s”", what, number, unit, start);
        }
    }
}

static void
test_gauge_units (void)
{
  /* The Chinese catalog's "%s of %s bytes in the buffer, counted by the
   * watch" and "about %s of %s bytes...", as the stage draws them below
   * the pipe, with some byte counts. */
  const char *gauges[] = {
    "缓冲区中有 0 / 65536 字节（按观察统计）",
    "缓冲区中有 4096 / 65536 字节（按观察统计）",
    "缓冲区中约有 65536 / 65536 字节（按观察统计）",
    "缓冲区中有 22 / 65536 字节",
  };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("x");
  g_autoptr(GArray) writers = g_array_new (FALSE, TRUE, sizeof (FifolabDiagramParticipant));
  g_autoptr(GArray) readers = g_array_new (FALSE, TRUE, sizeof (FifolabDiagramParticipant));
  FifolabDiagramContent content = { 0 };
  guint n_wrapped = 0;

  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (label))
    g_main_context_iteration (NULL, TRUE);

  add (writers, 16451, "python3");
  add (readers, 16452, "fifolab-peer");
  content.writers = writers;
  content.readers = readers;
  content.name = "my_pipe";

  /* The stage's width at 1024 px of window, its text from the font's size
   * to the presentation zoom's largest: each of the gauge's line ends. */
  for (guint g = 0; g < G_N_ELEMENTS (gauges); g++)
    for (double zoom = 1.0; zoom <= 3.0; zoom += 0.05)
      {
        g_autoptr(FifolabDiagramLayout) layout = NULL;
        PangoLayout *drawn;
        g_autofree char *what = g_strdup_printf ("“%s” at zoom %g", gauges[g], zoom);

        content.gauge = gauges[g];
        layout = fifolab_diagram_layout_new (label, &content, 620, 420, zoom);
        drawn = drawn_layout (layout, gauges[g]);
        g_assert_nonnull (drawn);
        if (pango_layout_get_line_count (drawn) > 1)
          n_wrapped++;
        assert_units_whole (drawn, "65536", "字节", what);
      }
  /* The gauge did wrap, at many of those sizes. */
  g_assert_cmpuint (n_wrapped, >, 20);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() keeps the C locale: a failure names Chinese text in
   * UTF-8, not as question marks. */
  setlocale (LC_CTYPE, "C.UTF-8");
  g_test_add_func ("/diagram-narrow/side-pane", test_side_pane);
  g_test_add_func ("/diagram-narrow/gauge-units", test_gauge_units);
  return g_test_run ();
}
