/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lessons' stage at every window size the window allows, down to its
 * minimum, and with the presentation zoom at its largest: the card below
 * the diagram where the window is narrow keeps its title, what to do, the
 * step's button and what FIFO Lab saw at their natural height, readable
 * (the first three at once from 700 px of width up), Previous and
 * Next whole inside the card and in sight (at the window's least size in
 * the pseudo-translation, once the stage is scrolled down), and nothing
 * goes past the window's right edge. The card used to shrink to a strip about 100 px high
 * below the diagram, showing only All Lessons and Previous / Next.
 * Next's tooltip reads on one line: GTK 4.8 wrapped a tooltip at as many
 * Latin characters as it has characters, and "下一步" stood one character
 * a line.
 *
 * With --language zh_CN (or en_XA, the pseudo-translation) --localedir DIR,
 * in that language. */
#include "config.h"

#include <glib/gi18n.h>

#include <gdk/x11/gdkx.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-lessons-page.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

static gboolean
page_mapped (gpointer data)
{
  GtkWidget *page = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_LESSONS_PAGE);

  return page != NULL && gtk_widget_get_mapped (page) &&
         fifolab_lessons_page_get_lesson (FIFOLAB_LESSONS_PAGE (page)) != NULL;
}

typedef struct
{
  int      width;
  int      height;
  double   zoom;
  gboolean at_once;   /* the card's first three at once */
} Size;

static void
test_stage_narrow_sizes (void)
{
  /* The window's sizes (its frame included): the projector's, the tester's,
   * the width the card goes below the diagram at, and the window's least. */
  const Size sizes[] = {
    { 1280, 800, 1.0, TRUE },
    { 1024, 768, 1.0, TRUE },
    { 940, 768, 1.0, TRUE },
    { 700, 768, 1.0, TRUE },
    { 500, 768, 1.0, FALSE },
    { 370, 598, 1.0, FALSE },
    { 1024, 768, 2.5, FALSE },
  };
  FifolabLessonsPage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL));
  g_assert_true (fifolab_test_wait_until (page_mapped, NULL, TIMEOUT_MS));
  page = FIFOLAB_LESSONS_PAGE (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_LESSONS_PAGE));

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *what = g_strdup_printf ("%dx%d at %g %%", sizes[i].width, sizes[i].height, sizes[i].zoom * 100);

      fifolab_lessons_page_set_zoom (page, sizes[i].zoom);
      fifolab_ui_test_resize_window (window, sizes[i].width, sizes[i].height);
      fifolab_ui_test_wait_frames (GTK_WIDGET (window), 2, TIMEOUT_MS);
      /* At the window's least, the pseudo-translation's diagram and card
       * do not fit one below the other even without the log: the stage
       * scrolls down to Previous and Next. */
      fifolab_ui_test_assert_stage_fits (GTK_WIDGET (window), what, sizes[i].at_once,
                                         !(sizes[i].height < 768 && g_strcmp0 (fifolab_ui_test_language (), "en_XA") == 0));
    }
  fifolab_lessons_page_set_zoom (page, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* The label a tooltip is shown in: not given by GTK, it is found beside a
 * custom widget set for a moment, as each tooltip is asked for. */
static GtkWidget *tooltip_label;

static gboolean
query_tooltip_hook (GSignalInvocationHint *ihint,
                    guint                  n_param_values,
                    const GValue          *param_values,
                    gpointer               data)
{
  GtkTooltip *tooltip = g_value_get_object (&param_values[4]);
  g_autoptr(GtkWidget) probe = g_object_ref_sink (gtk_image_new ());
  GtkWidget *box;

  gtk_tooltip_set_custom (tooltip, probe);
  box = gtk_widget_get_parent (probe);
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && child != tooltip_label)
      {
        g_clear_weak_pointer (&tooltip_label);
        g_set_weak_pointer (&tooltip_label, child);
      }
  gtk_tooltip_set_custom (tooltip, NULL);
  return TRUE;
}

static gboolean
tooltip_shown (gpointer text)
{
  return tooltip_label != NULL && gtk_widget_get_mapped (tooltip_label) &&
         gtk_widget_get_width (tooltip_label) > 0 &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (tooltip_label)), text) == 0;
}

/* Whether the X server has the pointer outside the window: asked of the
 * server, not of the events GTK has seen so far. */
static gboolean
pointer_outside (gpointer data)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkDevice *pointer = gdk_seat_get_pointer (gdk_display_get_default_seat (gdk_surface_get_display (surface)));
  double x, y;

  gdk_surface_get_device_position (surface, pointer, &x, &y, NULL);
  return x < 0 || y < 0 || x >= gdk_surface_get_width (surface) || y >= gdk_surface_get_height (surface);
}

/* The pointer to the far corner of the window's monitor, outside the
 * window: GTK showed no tooltip when the pointer was already inside the
 * window (where an earlier test left it, in the same X server) and moved
 * onto a widget without crossing into the window. From there the move onto
 * Next is a real enter, wherever the pointer was. Not xdotool's --sync: it
 * waits for good when the pointer is at the corner already, as the run
 * before this one leaves it. */
static void
move_pointer_away (void)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
  GdkRectangle area;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  gdk_monitor_get_geometry (monitor, &area);
  x = g_strdup_printf ("%d", area.x + area.width - 1);
  y = g_strdup_printf ("%d", area.y + area.height - 1);
  fifolab_ui_test_xdotool (GTK_WINDOW (window), TIMEOUT_MS, "mousemove", x, y, NULL);
  if (!fifolab_test_wait_until (pointer_outside, NULL, TIMEOUT_MS))
    g_error ("the pointer at %s,%s is still inside the window (%dx%d)", x, y,
             gdk_surface_get_width (surface), gdk_surface_get_height (surface));
}

/* The pointer rests on Next, at 1024 x 768: its tooltip, "Next Step",
 * shows on one line. */
static void
test_stage_narrow_tooltip (void)
{
  GtkWidget *next;
  graphene_point_t point;
  double surface_x, surface_y;
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  const char *text = _("Next Step");
  gulong hook;
  int lines;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL));
  g_assert_true (fifolab_test_wait_until (page_mapped, NULL, TIMEOUT_MS));
  fifolab_ui_test_resize_window (window, 1024, 768);
  fifolab_ui_test_wait_frames (GTK_WIDGET (window), 2, TIMEOUT_MS);
  next = fifolab_ui_test_find_widget (GTK_WIDGET (window), fifolab_ui_test_is_button_of, "lessons.next");
  g_assert_nonnull (next);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (next), ==, text);

  move_pointer_away ();
  hook = g_signal_add_emission_hook (g_signal_lookup ("query-tooltip", GTK_TYPE_WIDGET), 0,
                                     query_tooltip_hook, NULL, NULL);
  g_assert_true (gtk_widget_compute_point (next, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (next) / 2.0,
                                                                 gtk_widget_get_height (next) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  x = g_strdup_printf ("%d", (int) (point.x + surface_x));
  y = g_strdup_printf ("%d", (int) (point.y + surface_y));
  fifolab_ui_test_xdotool (GTK_WINDOW (window), TIMEOUT_MS, "mousemove", "--window", xid, x, y, NULL);
  if (!fifolab_test_wait_until (tooltip_shown, (gpointer) text, TIMEOUT_MS))
    g_error ("Next's tooltip “%s” did not show", text);
  fifolab_ui_test_wait_frames (tooltip_label, 1, TIMEOUT_MS);

  lines = pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (tooltip_label)));
  if (lines != 1)
    g_error ("Next's tooltip “%s” is laid out on %d lines, %d px wide", text, lines,
             gtk_widget_get_width (tooltip_label));

  g_signal_remove_emission_hook (g_signal_lookup ("query-tooltip", GTK_TYPE_WIDGET), hook);
  g_clear_weak_pointer (&tooltip_label);
  /* The pointer off the window, for what follows. */
  move_pointer_away ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;
  fifolab_ignore_sigpipe ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  window = FIFOLAB_WINDOW (fifolab_ui_test_activate (G_APPLICATION (app), TIMEOUT_MS));

  g_test_add_func ("/stage-narrow/sizes", test_stage_narrow_sizes);
  g_test_add_func ("/stage-narrow/tooltip", test_stage_narrow_tooltip);

  status = g_test_run ();

  fifolab_ui_test_release (G_APPLICATION (app), GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return status;
}
