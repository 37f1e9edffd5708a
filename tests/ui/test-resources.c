/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application's one resource bundle, its style sheet loaded the
 * libadwaita way (AdwApplication takes style.css from the resource base path)
 * and the application's log domain. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "fifolab-application.h"
#include "fifolab-peer-form.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000
#define BASE "/io/github/fifolab/FifoLab/"

static FifolabApplication *app;
static FifolabWindow *window;

/* Every file the code loads from the resources is in the one bundle, under
 * the application's resource base path. */
static void
test_one_bundle (void)
{
  static const char *files[] = {
    "style.css",
    "fifolab-compose-bar.ui",
    "fifolab-entry-details.ui",
    "fifolab-help-overlay.ui",
    "fifolab-lessons-page.ui",
    "fifolab-log-view.ui",
    "fifolab-new-pipe-dialog.ui",
    "fifolab-peer-form.ui",
    "fifolab-pipe-details.ui",
    "fifolab-pipe-row.ui",
    "fifolab-preferences-window.ui",
    "fifolab-window.ui",
    "icons/scalable/apps/io.github.fifolab.FifoLab.svg",
    "icons/16x16/apps/fifolab-pipe-symbolic.symbolic.png",
    "icons/96x96/apps/fifolab-pipe-symbolic.symbolic.png",
    "icons/128x128/apps/fifolab-pipe-symbolic.symbolic.png",
  };
  g_autoptr(GBytes) css = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpstr (g_application_get_resource_base_path (G_APPLICATION (app)), ==, "/io/github/fifolab/FifoLab");
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat (BASE, files[i], NULL);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", path);
      g_assert_true (g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  /* The log's rules are in style.css: no second style sheet to load by hand. */
  css = g_resources_lookup_data (BASE "style.css", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (css);
  text = g_strndup (g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  g_assert_nonnull (strstr (text, ".fifolab-sidebar"));
  g_assert_nonnull (strstr (text, "columnview.fifolab-log .fifolab-message"));
}

static GtkWidget *
find_with_class (GtkWidget  *widget,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
font_family (GtkWidget *widget)
{
  return pango_font_description_get_family (pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
}

/* The application's style sheet applies to the window it shows: the compose
 * bar's template and preview are set in a monospace font by style.css alone. */
static void
test_style_applies (void)
{
  GtkWidget *compose = _fifolab_window_get_compose_bar (window);
  GtkWidget *entry = find_with_class (compose, "fifolab-template");
  GtkWidget *preview = find_with_class (compose, "fifolab-preview");

  g_assert_nonnull (entry);
  g_assert_nonnull (preview);
  g_assert_cmpstr (font_family (entry), ==, "monospace");
  g_assert_cmpstr (font_family (preview), ==, "monospace");
  /* A widget without a class of ours keeps the theme's font. */
  g_assert_cmpstr (font_family (compose), !=, "monospace");
}

/* The icon the window shows for a pipe (its rows, and the status pages of an
 * empty folder, of no pipe selected and of the lessons) is drawn from the
 * pre-rendered symbolic PNGs in the resources at every size it is shown at,
 * never from an SVG: an SVG would load the SVG loader, librsvg (about 6 MB
 * of RSS), into every FIFO Lab at its start (issue 13). */
static void
test_pipe_icon_prerendered (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  static const int sizes[] = { 16, 32, 96, 128 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int scale = 1; scale <= 2; scale++)
      {
        g_autoptr(GtkIconPaintable) icon = NULL;
        g_autoptr(GFile) file = NULL;
        g_autofree char *uri = NULL;

        icon = gtk_icon_theme_lookup_icon (theme, "fifolab-pipe-symbolic", NULL, sizes[i], scale,
                                           GTK_TEXT_DIR_NONE, 0);
        file = gtk_icon_paintable_get_file (icon);
        g_assert_nonnull (file);
        uri = g_file_get_uri (file);
        g_test_message ("%d px at scale %d: %s", sizes[i], scale, uri);
        g_assert_true (g_str_has_prefix (uri, "resource://" BASE "icons/"));
        g_assert_true (g_str_has_suffix (uri, ".symbolic.png"));
        g_assert_true (gtk_icon_paintable_is_symbolic (icon));
      }
}

/* With the window shown and drawn, nothing has loaded the SVG loader. */
static void
test_no_svg_loader (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  g_assert_null (strstr (maps, "librsvg"));
}

/* The application's messages are in its own domain, "fifolab". */
static void
test_app_domain (void)
{
  g_test_expect_message ("fifolab", G_LOG_LEVEL_CRITICAL, "*FIFOLAB_IS_PEER_FORM*");
  fifolab_peer_form_set_path (NULL, "/tmp/nowhere");
  g_test_assert_expected_messages ();

  g_test_expect_message ("fifolab", G_LOG_LEVEL_CRITICAL, "*FIFOLAB_IS_APPLICATION*");
  g_assert_null (fifolab_application_get_session (NULL));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTestResources", G_APPLICATION_NON_UNIQUE);
  window = FIFOLAB_WINDOW (fifolab_ui_test_activate (G_APPLICATION (app), TIMEOUT_MS));

  g_test_add_func ("/resources/one-bundle", test_one_bundle);
  g_test_add_func ("/resources/style-applies", test_style_applies);
  g_test_add_func ("/resources/app-log-domain", test_app_domain);
  g_test_add_func ("/resources/pipe-icon-prerendered", test_pipe_icon_prerendered);
  g_test_add_func ("/resources/no-svg-loader", test_no_svg_loader);

  status = g_test_run ();

  fifolab_ui_test_release (G_APPLICATION (g_steal_pointer (&app)), GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));

  return status;
}
