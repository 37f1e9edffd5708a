/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_STATUS_VIEWPORT (fifolab_status_viewport_get_type ())

G_DECLARE_FINAL_TYPE (FifolabStatusViewport, fifolab_status_viewport, FIFOLAB, STATUS_VIEWPORT, GtkWidget)

/* The scrollable inside a status page's GtkScrolledWindow (CSS name
 * "viewport", so that libadwaita's status page style applies): it scrolls
 * its child vertically only, and centres it vertically when the child is
 * shorter than the view (the child's own valign stays fill).
 *
 * Why not a GtkViewport with a child of valign center, as in AdwStatusPage:
 * gtk_widget_allocate() asks a child of valign center its width for the
 * height it is given (and the status page has two such boxes), and for a
 * column of wrapping labels each such question is a binary search over
 * widths, each step laying every label out anew: at start, most of the
 * window's text shapings. This one sizes the child as GtkViewport does
 * (GTK 4.8: its width for the view's, then its height for that width) and
 * centres it itself, at the same place, asking only heights for widths.
 * Properties: child (nullable), and GtkScrollable's. */
GtkWidget *fifolab_status_viewport_new       (void);
GtkWidget *fifolab_status_viewport_get_child (FifolabStatusViewport *self);
void       fifolab_status_viewport_set_child (FifolabStatusViewport *self,
                                              GtkWidget             *child);

G_END_DECLS
