/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_FORM_GRID (fifolab_form_grid_get_type ())

G_DECLARE_FINAL_TYPE (FifolabFormGrid, fifolab_form_grid, FIFOLAB, FORM_GRID, GtkWidget)

/* A form's fields: its children in pairs, a label then the control it names
 * (in a .ui file, <child> elements in that order; a label without
 * a control after it is not shown).
 *
 * Where the width lets every control have its natural width and every label
 * keep its words whole, each label stands beside its control, the labels in
 * a column as wide as the widest of them (or as the width leaves, down to
 * the longest word: a label may then take two lines). Narrower, each label
 * stands above its control, and the control takes the whole width: in a
 * language longer than English, in a narrow pane, the controls' text (a
 * drop-down's choice, a spin button's words) is still read whole rather than
 * cut.
 *
 * A control is centred on its row when its label takes more lines than it
 * is high. */
GtkWidget *fifolab_form_grid_new (void);

G_END_DECLS
