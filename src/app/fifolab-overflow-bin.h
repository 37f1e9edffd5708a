/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_OVERFLOW_BIN (fifolab_overflow_bin_get_type ())

G_DECLARE_FINAL_TYPE (FifolabOverflowBin, fifolab_overflow_bin, FIFOLAB, OVERFLOW_BIN, GtkWidget)

/* Holds one child and asks for its minimum width, but never more than
 * max-minimum-width: given less than the child needs, the child scrolls
 * sideways. An adaptive container (AdwFlap) then folds by the child's real
 * width, while the window can still be as narrow as the cap.
 * Properties: child (nullable), max-minimum-width (pixels). */
GtkWidget *fifolab_overflow_bin_new                   (void);
GtkWidget *fifolab_overflow_bin_get_child             (FifolabOverflowBin *self);
void       fifolab_overflow_bin_name_scroll_bars      (FifolabOverflowBin *self,
                                                       const char         *name);
void       fifolab_overflow_bin_set_child             (FifolabOverflowBin *self,
                                                       GtkWidget          *child);
int        fifolab_overflow_bin_get_max_minimum_width (FifolabOverflowBin *self);
void       fifolab_overflow_bin_set_max_minimum_width (FifolabOverflowBin *self,
                                                       int                 width);

G_END_DECLS
