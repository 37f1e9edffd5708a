/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-window.h"

G_BEGIN_DECLS

/* For the UI tests, which look at what the user sees. */
GListModel      *_fifolab_window_get_pipes         (FifolabWindow *self);
GtkWidget       *_fifolab_window_get_log_view      (FifolabWindow *self);
GtkWidget       *_fifolab_window_get_compose_bar   (FifolabWindow *self);
GtkWidget       *_fifolab_window_get_details       (FifolabWindow *self);
AdwToastOverlay *_fifolab_window_get_toast_overlay (FifolabWindow *self);
/* The text of the last error shown, or NULL. */
const char      *_fifolab_window_get_last_error    (FifolabWindow *self);

G_END_DECLS
