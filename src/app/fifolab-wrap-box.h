/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_WRAP_BOX (fifolab_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (FifolabWrapBox, fifolab_wrap_box, FIFOLAB, WRAP_BOX, GtkWidget)

/* A row of children that wraps onto further rows where the width does not
 * hold them all at their minimum width (GTK 4.8 has no wrapping box). In a
 * row each child gets its minimum width, then what is left goes towards
 * their natural widths, then to the ones that expand. Asks for the widest
 * child's minimum width only. Properties: spacing (between children in a
 * row and between rows, pixels); natural-rows (a child goes onto a new row
 * where its natural width, not only its minimum, does not fit beside the
 * ones before: for labels that wrap, which read best each whole on its
 * own row rather than squeezed side by side into a few words a line). */
GtkWidget *fifolab_wrap_box_new         (int             spacing);
void       fifolab_wrap_box_append      (FifolabWrapBox *self,
                                         GtkWidget      *child);
void       fifolab_wrap_box_remove      (FifolabWrapBox *self,
                                         GtkWidget      *child);
int        fifolab_wrap_box_get_spacing (FifolabWrapBox *self);
void       fifolab_wrap_box_set_spacing (FifolabWrapBox *self,
                                         int             spacing);
gboolean   fifolab_wrap_box_get_natural_rows (FifolabWrapBox *self);
void       fifolab_wrap_box_set_natural_rows (FifolabWrapBox *self,
                                              gboolean        natural_rows);

G_END_DECLS
