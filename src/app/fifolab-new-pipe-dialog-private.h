/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-new-pipe-dialog.h"

G_BEGIN_DECLS

/* For the UI tests, which drive the dialog through its widgets. */
GtkEditable *_fifolab_new_pipe_dialog_get_name_editable (FifolabNewPipeDialog *self);
GtkButton   *_fifolab_new_pipe_dialog_get_create_button (FifolabNewPipeDialog *self);
GtkLabel    *_fifolab_new_pipe_dialog_get_error_label   (FifolabNewPipeDialog *self);

G_END_DECLS
