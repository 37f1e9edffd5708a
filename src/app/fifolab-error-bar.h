/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_ERROR_BAR (fifolab_error_bar_get_type ())

G_DECLARE_FINAL_TYPE (FifolabErrorBar, fifolab_error_bar, FIFOLAB, ERROR_BAR, GtkWidget)

/* A banner over the window's content saying what went wrong, in place of a
 * toast that stayed until dismissed and covered the log: it takes its room
 * above the content, covers nothing, and stays until the person dismisses
 * it. Errors come one after another in it, the newest shown first; Dismiss
 * shows the one before it, and hides the banner after the last, so no error
 * is lost. A message is literal text, shown escaped as a toast's is
 * (fifolab_escape_message()); the same message twice in a row is shown
 * once. Hidden while it has nothing to say. */
GtkWidget  *fifolab_error_bar_new         (void);
void        fifolab_error_bar_add         (FifolabErrorBar *self,
                                           const char      *message);
/* The message shown (escaped), NULL when none. */
const char *fifolab_error_bar_get_message (FifolabErrorBar *self);
/* How many errors wait to be dismissed, the one shown among them. */
guint       fifolab_error_bar_get_n_errors (FifolabErrorBar *self);
/* The one shown goes; the one before it is shown. */
void        fifolab_error_bar_dismiss     (FifolabErrorBar *self);

G_END_DECLS
