/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_WIDTH_BIN (fifolab_width_bin_get_type ())

G_DECLARE_FINAL_TYPE (FifolabWidthBin, fifolab_width_bin, FIFOLAB, WIDTH_BIN, AdwBin)

/* Holds one child, asks for the child's own minimum width, and gives
 * natural-width as its natural width (never less than the minimum). An
 * AdwFlap whose fold-threshold-policy is natural then folds at a width chosen
 * here, whatever the child's text would like, while the child can still be
 * given as little as it really needs. With natural-width 0 it asks for no
 * more than its child's least width (the side pane's page switcher).
 * Properties: natural-width (pixels). */
GtkWidget *fifolab_width_bin_new               (void);
int        fifolab_width_bin_get_natural_width (FifolabWidthBin *self);
void       fifolab_width_bin_set_natural_width (FifolabWidthBin *self,
                                                int              width);

G_END_DECLS
