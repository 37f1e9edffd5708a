/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the Watch and Tap controls of a pipe's details share: a toggle that
 * shows whether the pipe shown is watched or tapped, and a status line
 * under it that speaks of one pipe. */

/* Shows @text (plain text; NULL or "" hides the line) in @label, styled as
 * an error when @error, and records in *@status_path that it speaks of
 * @path. */
void fifolab_toggle_status_set  (GtkLabel        *label,
                                 char           **status_path,
                                 const char      *path,
                                 const char      *text,
                                 gboolean         error);
/* Shows @button pressed when @pressed, without its ::toggled handler acting
 * on it (*@syncing is TRUE meanwhile: the handler returns at once then), and
 * tells assistive technologies; the button is sensitive when @sensitive. */
void fifolab_toggle_status_show (GtkToggleButton *button,
                                 gboolean         pressed,
                                 gboolean         sensitive,
                                 gboolean        *syncing);

G_END_DECLS
