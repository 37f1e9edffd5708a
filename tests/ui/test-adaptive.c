/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window adapts to the width it is given. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
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

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_object_set (window, "show-details", TRUE, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL);
  g_object_set (window, "show-details", TRUE, NULL);
  resize_to (1180);
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

  /* And at 360 px the window is that wide, with the log on screen. */
  resize_to (360);
  g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, 360);
  /* The log is there, scrolled sideways where its rows need more. */
  g_assert_true (gtk_widget_get_mapped (_fifolab_window_get_log_view (window)));
  g_assert_true (adw_flap_get_folded (get_browser_flap ()));
  g_assert_false (adw_flap_get_reveal_flap (get_browser_flap ()));
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

/* Opening a page of the side pane never widens the window, nor folds the
 * pane where it stood beside the log. */
static void
test_no_widening (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *actions[] = { "win.show-lessons", "win.show-processes", "win.show-details", "win.show-lessons" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_test_message ("%s at 1180 px", actions[i]);
      /* win.show-details toggles: shown is what is asked for. */
      if (g_str_equal (actions[i], "win.show-details"))
        g_object_set (window, "show-details", TRUE, NULL);
      else
        activate (actions[i]);
      wait_frames (2);
      g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, 1180);
      g_assert_false (adw_flap_get_folded (get_side_flap ()));
      g_assert_true (is_on_screen (get_side_pane ()));
    }

  resize_to (800);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_test_message ("%s at 800 px", actions[i]);
      if (g_str_equal (actions[i], "win.show-details"))
        g_object_set (window, "show-details", TRUE, NULL);
      else
        activate (actions[i]);
      wait_frames (2);
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

/* At 800 px the side pane stands beside the log (the pipes folded over it),
 * the window as wide as asked, whatever page the pane shows; a pixel
 * narrower it folds. The log alone asks for the 500 px it gets then. */
static void
test_side_pane_at_800 (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *actions[] = { "win.show-details", "win.show-lessons", "win.show-processes" };
  const int narrower[] = { 799, 600 };

  GtkWidget *log_column = gtk_widget_get_parent (_fifolab_window_get_log_view (window));

  if (min_width (log_column) != 500)
    report_widest (log_column, 0, 250);
  g_assert_cmpint (min_width (log_column), ==, 500);
  resize_to (800);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_test_message ("%s at 800 px", actions[i]);
      if (g_str_equal (actions[i], "win.show-details"))
        g_object_set (window, "show-details", TRUE, NULL);
      else
        activate (actions[i]);
      g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, 800);
      g_assert_false (adw_flap_get_folded (get_side_flap ()));
      g_assert_true (is_on_screen (get_side_pane ()));
      g_assert_true (is_on_screen (_fifolab_window_get_log_view (window)));
      g_assert_cmpint (gtk_widget_get_width (_fifolab_window_get_log_view (window)), ==, 500);
      g_assert_true (adw_flap_get_folded (get_browser_flap ()));
    }

  for (guint i = 0; i < G_N_ELEMENTS (narrower); i++)
    {
      resize_to (narrower[i]);
      g_assert_cmpint (gtk_widget_get_width (get_content ()), ==, narrower[i]);
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
                            "win.show-details", "app.clear-log", "app.preferences", "app.about" };
  GtkWidget *header = fifolab_ui_test_find_descendant (get_content (), ADW_TYPE_HEADER_BAR);
  GtkWidget *menu_button = fifolab_ui_test_find_descendant (header, GTK_TYPE_MENU_BUTTON);
  GtkWidget *browser_toggle;

  g_assert_nonnull (menu_button);
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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  /* Run with LANGUAGE (zh_CN, or the +30 % pseudo-translation en_XA) and
   * FIFOLAB_LOCALEDIR, the same checks hold in that language. */
  if (g_getenv ("FIFOLAB_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FIFOLAB_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  fifolab_ignore_sigpipe ();

  /* The flaps fold and reveal at once, as with reduced motion: each frame
   * shows where they end. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  window = FIFOLAB_WINDOW (fifolab_ui_test_activate (G_APPLICATION (app), TIMEOUT_MS));

  g_test_add ("/adaptive/minimum-width", Fixture, NULL, fixture_setup, test_minimum_width, NULL);
  g_test_add ("/adaptive/side-by-side", Fixture, NULL, fixture_setup, test_side_by_side, NULL);
  g_test_add ("/adaptive/no-widening", Fixture, NULL, fixture_setup, test_no_widening, NULL);
  g_test_add ("/adaptive/folded", Fixture, NULL, fixture_setup, test_folded, NULL);
  g_test_add ("/adaptive/side-pane-at-800", Fixture, NULL, fixture_setup, test_side_pane_at_800, NULL);
  g_test_add ("/adaptive/header-reachable", Fixture, NULL, fixture_setup, test_header_reachable, NULL);

  status = g_test_run ();

  fifolab_ui_test_release (G_APPLICATION (app), GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));

  return status;
}
