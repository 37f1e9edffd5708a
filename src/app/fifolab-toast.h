/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A toast saying @message as literal text, never markup (a path may
 * contain '&' or '<'), wide enough to read in one or two lines; a message
 * that could hide what it says is shown escaped (fifolab_escape_message()),
 * at most FIFOLAB_TOAST_MAX_CHARS characters. An @error comes before other
 * toasts, and times out as they do (a toast is a brief notice: an error that
 * must stay is said where it belongs, fifolab-error-bar.h). Its lines fit
 * the overlay's width, as it shows and as the window is resized. Dismissed
 * as it comes up, a toast goes once it has come up (a crash in libadwaita
 * 1.2 otherwise). */
#define FIFOLAB_TOAST_MAX_CHARS 400

AdwToast *fifolab_toast_new (const char *message,
                             gboolean    error);

G_END_DECLS
