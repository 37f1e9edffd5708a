/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Where a line must not break in @text: inside each number and the unit
 * after it ("65536 字节", "3 s", "22 bytes"), as allow-breaks attributes
 * (Pango's byte indices). NULL: no number with a unit. Transfer full. */
PangoAttrList *fifolab_unit_breaks_attrs     (const char *text);

/* Sets @text on @label (plain text), its numbers kept with their units.
 * Set again as it is, the label is left alone (not laid out anew). */
void           fifolab_unit_breaks_set_label (GtkLabel   *label,
                                              const char *text);

G_END_DECLS
