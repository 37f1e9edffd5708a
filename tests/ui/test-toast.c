/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FIFO Lab's toasts in a real AdwToastOverlay, with animations on: a toast
 * dismissed as it comes up must not crash libadwaita 1.2. Its overlay frees
 * what it knows of a toast when the toast's hiding (300 ms) ends, while the
 * toast's showing may still run (500 ms when it comes up as another one
 * fades out); the showing's end then read freed memory. */
#include "config.h"

#include <adwaita.h>

#include "fifolab-toast.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 10000

typedef struct
{
  GtkWindow       *window;
  AdwToastOverlay *overlay;
  gboolean         animations;
  int              expected_width;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();

  g_object_get (settings, "gtk-enable-animations", &fixture->animations, NULL);
  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
  fixture->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (fixture->overlay, gtk_label_new ("FIFO Lab"));
  fixture->window = fifolab_ui_test_present (GTK_WIDGET (fixture->overlay), 640, 480, TIMEOUT_MS);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", fixture->animations, NULL);
}

static GtkWidget *
title_of (AdwToast *toast)
{
  return adw_toast_get_custom_title (toast);
}

/* The toast's own widget: the title's bin's parent. */
static GtkWidget *
widget_of (AdwToast *toast)
{
  return gtk_widget_get_parent (gtk_widget_get_parent (title_of (toast)));
}

static gboolean
unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* @toast comes up now (as it is added, or as the toast before it goes);
 * dismisses it as soon as its title is mapped. It stays until it has come up,
 * then goes; what is left of its showing ends, frames later, without
 * reading freed memory (the crash, on the old code, comes in those
 * frames: meson test's MALLOC_PERTURB_ fills what was freed). */
static void
dismiss_as_it_comes_up (Fixture  *fixture,
                        AdwToast *toast)
{
  GtkWidget *title = title_of (toast);

  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, title, TIMEOUT_MS));
  adw_toast_dismiss (toast);
  /* Not hiding yet: a hiding toast no longer takes clicks. */
  g_assert_true (gtk_widget_get_can_target (widget_of (toast)));
  g_assert_true (fifolab_test_wait_until (unmapped, title, TIMEOUT_MS));
  /* Longer than the longest showing (500 ms) after the hiding began. */
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 2, TIMEOUT_MS);
  fifolab_test_run_for (700);
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 2, TIMEOUT_MS);
}

/* A toast comes up as the one before it fades out (Escape pressed twice
 * with two toasts queued). */
static void
test_toast_next_dismissed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AdwToast) first = g_object_ref (fifolab_toast_new ("First toast", FALSE));
  g_autoptr(AdwToast) second = g_object_ref (fifolab_toast_new ("Second toast", FALSE));

  adw_toast_overlay_add_toast (fixture->overlay, first);
  adw_toast_overlay_add_toast (fixture->overlay, second);
  g_assert_true (fifolab_ui_test_wait_mapped (title_of (first), TIMEOUT_MS));
  g_assert_false (gtk_widget_get_mapped (title_of (second)));

  adw_toast_dismiss (first);
  dismiss_as_it_comes_up (fixture, second);
  g_assert_false (gtk_widget_get_mapped (title_of (first)));
}

/* An error toast replaces a toast still coming up, and is dismissed at
 * once; the toast it put back comes up again, and is dismissed at once. */
static void
test_toast_error_dismissed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AdwToast) notice = g_object_ref (fifolab_toast_new ("A notice", FALSE));
  g_autoptr(AdwToast) error = g_object_ref (fifolab_toast_new ("An error", TRUE));

  adw_toast_overlay_add_toast (fixture->overlay, notice);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, title_of (notice), TIMEOUT_MS));
  adw_toast_overlay_add_toast (fixture->overlay, error);

  dismiss_as_it_comes_up (fixture, error);
  g_assert_true (fifolab_ui_test_wait_mapped (title_of (notice), TIMEOUT_MS));
  adw_toast_dismiss (notice);
  g_assert_true (fifolab_test_wait_until (unmapped, title_of (notice), TIMEOUT_MS));
}

/* Once it has come up, a toast goes as soon as it is dismissed. */
static void
test_toast_settled_dismissed (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AdwToast) toast = g_object_ref (fifolab_toast_new ("A notice", FALSE));
  GtkWidget *title = title_of (toast);

  adw_toast_overlay_add_toast (fixture->overlay, toast);
  g_assert_true (fifolab_ui_test_wait_mapped (title, TIMEOUT_MS));
  fifolab_test_run_for (600);
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 2, TIMEOUT_MS);

  adw_toast_dismiss (toast);
  /* Its widget fades out, and no longer takes clicks. */
  g_assert_false (gtk_widget_get_can_target (widget_of (toast)));
  g_assert_true (fifolab_test_wait_until (unmapped, title, TIMEOUT_MS));
}

static const char long_message[] =
  "The named pipe \u201c/tmp/lab/my_pipe\u201d was removed while FIFO Lab holds it open. "
  "Processes that have it open can still use it; no one else can open it.";

/* Whether the toast's widget lies within the overlay, across. */
static gboolean
toast_within (Fixture  *fixture,
              AdwToast *toast)
{
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->overlay));

  g_assert_true (gtk_widget_compute_bounds (widget_of (toast), GTK_WIDGET (fixture->overlay), &bounds));
  g_test_message ("overlay %d px wide, toast from %.0f to %.0f", width,
                  bounds.origin.x, bounds.origin.x + bounds.size.width);
  if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > width)
    return FALSE;
  /* And what it holds: a toast given less than it asked for lays its
   * title and close button out past its own edge. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget_of (toast)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      g_assert_true (gtk_widget_compute_bounds (child, GTK_WIDGET (fixture->overlay), &bounds));
      if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > width)
        {
          g_test_message ("its %s from %.0f to %.0f", G_OBJECT_TYPE_NAME (child),
                          bounds.origin.x, bounds.origin.x + bounds.size.width);
          return FALSE;
        }
    }
  return TRUE;
}

/* A long error in a narrow window (360 px, a phone's): the toast wraps its
 * text within the window, its close button in view, and the window stays
 * as narrow. In a wide one its lines are long (not a narrow column). */
static void
test_toast_fits (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AdwToast) narrow = g_object_ref (fifolab_toast_new (long_message, TRUE));
  g_autoptr(AdwToast) wide = g_object_ref (fifolab_toast_new (long_message, TRUE));

  gtk_window_set_default_size (fixture->window, 360, 480);
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 2, TIMEOUT_MS);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->overlay)), ==, 360);
  adw_toast_overlay_add_toast (fixture->overlay, narrow);
  g_assert_true (fifolab_ui_test_wait_mapped (title_of (narrow), TIMEOUT_MS));
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 3, TIMEOUT_MS);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->overlay)), ==, 360);
  g_assert_true (toast_within (fixture, narrow));
  adw_toast_dismiss (narrow);
  g_assert_true (fifolab_test_wait_until (unmapped, title_of (narrow), TIMEOUT_MS));

  gtk_window_set_default_size (fixture->window, 1280, 480);
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 2, TIMEOUT_MS);
  adw_toast_overlay_add_toast (fixture->overlay, wide);
  g_assert_true (fifolab_ui_test_wait_mapped (title_of (wide), TIMEOUT_MS));
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 3, TIMEOUT_MS);
  g_assert_true (toast_within (fixture, wide));
  g_test_message ("title %d px wide at 1280 px", gtk_widget_get_width (title_of (wide)));
  g_assert_cmpint (gtk_widget_get_width (title_of (wide)), >=, 400);
  adw_toast_dismiss (wide);
  g_assert_true (fifolab_test_wait_until (unmapped, title_of (wide), TIMEOUT_MS));
}

/* An error's toast comes before others, and goes by as they do: it stayed
 * until dismissed, covering what was under it, more piling up behind it.
 * What must stay in view is said where it belongs (test-window.c). */
static void
test_toast_error_times_out (void)
{
  g_autoptr(AdwToast) notice = fifolab_toast_new ("A notice", FALSE);
  g_autoptr(AdwToast) error = fifolab_toast_new ("An error", TRUE);

  g_assert_cmpuint (adw_toast_get_timeout (error), >, 0);
  g_assert_cmpuint (adw_toast_get_timeout (error), ==, adw_toast_get_timeout (notice));
  g_assert_cmpint (adw_toast_get_priority (error), ==, ADW_TOAST_PRIORITY_HIGH);
  g_assert_cmpint (adw_toast_get_priority (notice), ==, ADW_TOAST_PRIORITY_NORMAL);
}

static gboolean
overlay_width_cb (gpointer data)
{
  Fixture *fixture = data;

  return gtk_widget_get_width (GTK_WIDGET (fixture->overlay)) == fixture->expected_width;
}

/* A long toast shown in a wide window, which then narrows to 600 px, then
 * 360 px, and widens again: the toast is fitted to each width, its text
 * wrapped within the window and its close button in view. It kept the
 * width it was shown at, past the right edge of the narrowed window. */
static void
test_toast_refits (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AdwToast) toast = g_object_ref (fifolab_toast_new (long_message, FALSE));
  static const int widths[] = { 600, 360, 1280 };

  /* It stays while the window is resized, however slowly. */
  adw_toast_set_timeout (toast, 0);
  gtk_window_set_default_size (fixture->window, 1280, 480);
  fixture->expected_width = 1280;
  g_assert_true (fifolab_test_wait_until (overlay_width_cb, fixture, TIMEOUT_MS));
  adw_toast_overlay_add_toast (fixture->overlay, toast);
  g_assert_true (fifolab_ui_test_wait_mapped (title_of (toast), TIMEOUT_MS));
  fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 3, TIMEOUT_MS);
  g_assert_true (toast_within (fixture, toast));
  g_assert_cmpint (gtk_widget_get_width (title_of (toast)), >=, 400);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      gtk_window_set_default_size (fixture->window, widths[i], 480);
      fixture->expected_width = widths[i];
      g_assert_true (fifolab_test_wait_until (overlay_width_cb, fixture, TIMEOUT_MS));
      fifolab_ui_test_wait_frames (GTK_WIDGET (fixture->overlay), 3, TIMEOUT_MS);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->overlay)), ==, widths[i]);
      g_assert_true (toast_within (fixture, toast));
    }
  /* Wide again, its lines are long again. */
  g_assert_cmpint (gtk_widget_get_width (title_of (toast)), >=, 400);

  adw_toast_dismiss (toast);
  g_assert_true (fifolab_test_wait_until (unmapped, title_of (toast), TIMEOUT_MS));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  g_test_add ("/toast/next-dismissed", Fixture, NULL, fixture_setup, test_toast_next_dismissed, fixture_teardown);
  g_test_add ("/toast/error-dismissed", Fixture, NULL, fixture_setup, test_toast_error_dismissed, fixture_teardown);
  g_test_add ("/toast/fits", Fixture, NULL, fixture_setup, test_toast_fits, fixture_teardown);
  g_test_add_func ("/toast/error-times-out", test_toast_error_times_out);
  g_test_add ("/toast/refits", Fixture, NULL, fixture_setup, test_toast_refits, fixture_teardown);
  g_test_add ("/toast/settled-dismissed", Fixture, NULL, fixture_setup, test_toast_settled_dismissed, fixture_teardown);

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
