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
 *
 * With --language zh_CN (or en_XA, the pseudo-translation) --localedir DIR,
 * in that language. */
#include "config.h"

#include <glib/gi18n.h>

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

  status = g_test_run ();

  fifolab_ui_test_release (G_APPLICATION (app), GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return status;
}
