/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fifolab-session.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_NEW_PIPE_DIALOG (fifolab_new_pipe_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FifolabNewPipeDialog, fifolab_new_pipe_dialog, FIFOLAB, NEW_PIPE_DIALOG, AdwWindow)

/* Asks for a name (validated as typed) and permissions (default rw for the
 * owner: 0600) and creates the FIFO in @folder with fifolab_fifo_create_in().
 * Errors are shown inline; the dialog stays open until a pipe is created.
 * Property: folder (GFile, construct-only). Signal ::created (const char *path). */
FifolabNewPipeDialog *fifolab_new_pipe_dialog_new        (GtkWindow            *parent,
                                                          GFile                *folder);
/* With a session, the pipe is made through it (fifolab_session_create_pipe(),
 * which logs it); without, only made. */
void                  fifolab_new_pipe_dialog_set_session (FifolabNewPipeDialog *self,
                                                           FifolabSession       *session);
/* The permission bits chosen. */
guint                 fifolab_new_pipe_dialog_get_mode   (FifolabNewPipeDialog *self);

G_END_DECLS
