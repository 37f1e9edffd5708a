/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Toasts whose text is the message as it is, for every window. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-escape.h"
#include "fifolab-toast.h"

/* libadwaita 1.2's overlay frees its record of a toast when the toast's
 * hiding (300 ms) ends, though the toast's showing may still be running: it
 * takes 500 ms when the toast comes up as another one fades out, and under
 * load both can end in one frame, the hiding first. The showing's end then
 * reads the freed record, and FIFO Lab crashes. So a toast dismissed
 * (Escape, its close button) before a frame SETTLED_US after it was shown
 * goes at that frame: libadwaita's longest showing, in the frame clock's
 * microseconds. */
#define SETTLED_US (500 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  AdwToast *toast;     /* unowned: the toast owns the title, which owns this */
  gint64    shown_at;  /* the frame clock's time when the title was mapped */
  guint     tick_id;   /* while it may still be coming up */
  gboolean  held;      /* dismissed while coming up */
  /* While shown: the frame clock's layout handler, and the overlay's width
   * the title's lines were last fitted to. */
  GdkFrameClock *clock;
  gulong         layout_id;
  int            fitted_width;
} Showing;

/* The toast's own handler, first, has already let go of its overlay, so
 * adw_toast_dismiss() would do nothing now: the signal again, for the
 * overlay's handler. */
static gboolean
dismiss_idle_cb (gpointer toast)
{
  g_signal_emit_by_name (toast, "dismissed");
  return G_SOURCE_REMOVE;
}

static gboolean
settled_tick_cb (GtkWidget     *title,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  Showing *showing = user_data;

  if (gdk_frame_clock_get_frame_time (clock) - showing->shown_at < SETTLED_US)
    return G_SOURCE_CONTINUE;

  showing->tick_id = 0;
  if (showing->held)
    {
      showing->held = FALSE;
      /* After this frame's ticks, the overlay's showing among them. */
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, dismiss_idle_cb,
                       g_object_ref (showing->toast), g_object_unref);
    }
  return G_SOURCE_REMOVE;
}

/* Runs before the overlay's handler, connected when the toast is added. */
static void
dismissed_cb (AdwToast *toast,
              Showing  *showing)
{
  if (showing->tick_id == 0)
    return;
  g_signal_stop_emission_by_name (toast, "dismissed");
  showing->held = TRUE;
}

/* The most characters a toast's line holds, where the window is wide. */
#define MAX_LINE_CHARS 72
#define MIN_LINE_CHARS 12

/* libadwaita 1.2's overlay gives a toast its natural width, even where the
 * overlay is narrower, and asks the window for the toast's minimum: a title
 * with a minimum width of 48 characters made a 360 px window 488 px wide,
 * past the screen's edge, the close button with it. So the title has no
 * minimum but its longest word, and its lines are as long as the overlay has
 * room for, as the toast shows (@title mapped) and whenever the overlay's
 * width changes while it shows (layout_cb()). Returns the overlay's width
 * the lines were fitted to, 0 when it has none yet. */
static int
fit_title (GtkWidget *title)
{
  GtkWidget *bin = gtk_widget_get_parent (title);
  GtkWidget *toast = bin != NULL ? gtk_widget_get_parent (bin) : NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (title, ADW_TYPE_TOAST_OVERLAY);
  PangoContext *context = gtk_widget_get_pango_context (title);
  PangoFontMetrics *metrics;
  int title_natural = 0, toast_natural = 0, char_width, room;

  if (toast == NULL || overlay == NULL || gtk_widget_get_width (overlay) <= 0)
    return 0;
  gtk_label_set_max_width_chars (GTK_LABEL (title), MAX_LINE_CHARS);
  gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &title_natural, NULL, NULL);
  gtk_widget_measure (toast, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &toast_natural, NULL, NULL);
  /* What the toast adds around its title: margins, padding, close button. */
  room = gtk_widget_get_width (overlay) - (toast_natural - title_natural);
  /* A character's width as GtkLabel counts it for max-width-chars. */
  metrics = pango_context_get_metrics (context, pango_context_get_font_description (context),
                                       pango_context_get_language (context));
  char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                    pango_font_metrics_get_approximate_digit_width (metrics)) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
  if (char_width > 0)
    gtk_label_set_max_width_chars (GTK_LABEL (title), CLAMP (room / char_width, MIN_LINE_CHARS, MAX_LINE_CHARS));
  return gtk_widget_get_width (overlay);
}

/* The overlay, laid out again, is another width (the window resized while
 * the toast shows): the toast kept the width it was given for the old one,
 * past the edge of a narrower window. Fitted again after the window's own
 * layout, in the same frame (a resize it queues is laid out before the
 * frame is drawn). Nothing runs between frames: no frames are asked for. */
static void
layout_cb (GdkFrameClock *clock,
           GtkWidget     *title)
{
  Showing *showing = g_object_get_data (G_OBJECT (title), "fifolab-toast-showing");
  GtkWidget *overlay = gtk_widget_get_ancestor (title, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL && gtk_widget_get_width (overlay) != showing->fitted_width)
    showing->fitted_width = fit_title (title);
}

static void
stop_fitting (Showing *showing)
{
  if (showing->layout_id != 0)
    g_signal_handler_disconnect (showing->clock, showing->layout_id);
  showing->layout_id = 0;
  g_clear_object (&showing->clock);
}

static void
showing_free (gpointer data)
{
  Showing *showing = data;

  stop_fitting (showing);
  g_free (showing);
}

/* libadwaita 1.2 builds a toast's widget when it shows, around the title:
 * the widget and its title's bin said nothing but their class names to a
 * screen reader ("AdwToastWidget", "AdwBin"), and its close button, an
 * icon with no tooltip, "GtkImage". Named each time the title is mapped
 * (the toast shown, or queued and shown later). */
static void
title_map_cb (GtkWidget *title,
              Showing   *showing)
{
  GtkWidget *bin = gtk_widget_get_parent (title);
  GtkWidget *toast = bin != NULL ? gtk_widget_get_parent (bin) : NULL;

  showing->shown_at = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (title));
  if (showing->tick_id == 0)
    showing->tick_id = gtk_widget_add_tick_callback (title, settled_tick_cb, showing, NULL);
  showing->fitted_width = fit_title (title);
  stop_fitting (showing);
  showing->clock = g_object_ref (gtk_widget_get_frame_clock (title));
  showing->layout_id = g_signal_connect_after (showing->clock, "layout", G_CALLBACK (layout_cb), title);

  if (toast == NULL)
    return;
  fifolab_accessible_name_parts (toast);
  for (GtkWidget *child = gtk_widget_get_first_child (toast); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) && gtk_button_get_icon_name (GTK_BUTTON (child)) != NULL)
      /* Translators: the accessible name of a notification's close button */
      fifolab_accessible_set_name (child, _("Dismiss"));
}

/* A toast put back in the queue (a more urgent one came) or gone with its
 * window: one dismissed while coming up goes once it has come up again. */
static void
title_unmap_cb (GtkWidget *title,
                Showing   *showing)
{
  if (showing->tick_id != 0)
    gtk_widget_remove_tick_callback (title, showing->tick_id);
  showing->tick_id = 0;
  stop_fitting (showing);
}

AdwToast *
fifolab_toast_new (const char *message,
                   gboolean    error)
{
  g_autofree char *text = NULL;
  GtkWidget *title;
  AdwToast *toast;
  Showing *showing;

  g_return_val_if_fail (message != NULL, NULL);

  text = fifolab_escape_message (message, FIFOLAB_TOAST_MAX_CHARS);
  toast = adw_toast_new ("");
  title = g_object_new (GTK_TYPE_LABEL,
                        "label", text,
                        "use-markup", FALSE,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        "max-width-chars", MAX_LINE_CHARS,
                        "xalign", 0.0f,
                        NULL);
  showing = g_new0 (Showing, 1);
  showing->toast = toast;
  g_object_set_data_full (G_OBJECT (title), "fifolab-toast-showing", showing, showing_free);
  g_signal_connect (title, "map", G_CALLBACK (title_map_cb), showing);
  g_signal_connect (title, "unmap", G_CALLBACK (title_unmap_cb), showing);
  g_signal_connect (toast, "dismissed", G_CALLBACK (dismissed_cb), showing);
  adw_toast_set_custom_title (toast, title);
  /* An error comes before other toasts, and goes by as they do: where it
   * must stay, the caller says it where it belongs too (an error bar, a
   * row), or keeps the toast while its action applies. */
  if (error)
    adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  return toast;
}
