/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The presentation zoom for widgets styled with a CSS class: one style
 * provider per class on the display, its rules rewritten with the zoom
 * (labels @zoom times their usual size, .title-3 headings too). */
void fifolab_zoom_css_set (GdkDisplay *display,
                           const char *css_class,
                           double      zoom);

G_END_DECLS
