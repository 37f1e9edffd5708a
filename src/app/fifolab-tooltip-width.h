/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Tooltips as wide as their text, up to about 50 characters a line, in
 * every language: see fifolab-tooltip-width.c. Once per process; every
 * tooltip of every widget from then on, GTK's and libadwaita's too. */
void fifolab_tooltip_width_install (void);

G_END_DECLS
