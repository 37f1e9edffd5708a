/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Small drawing helpers the diagram and the stream view share. */

/* Sets @color as the source, its alpha scaled by @alpha. */
static inline void
fifolab_cairo_set_rgba (cairo_t       *cr,
                        const GdkRGBA *color,
                        double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* The foreground colour @widget's style gives it (GTK 4.8 has no
 * gtk_widget_get_color()). */
static inline void
fifolab_widget_get_fg (GtkWidget *widget,
                       GdkRGBA   *fg)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

G_END_DECLS
