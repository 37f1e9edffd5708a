/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_PIPE_DETAILS (fifolab_pipe_details_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPipeDetails, fifolab_pipe_details, FIFOLAB, PIPE_DETAILS, GtkWidget)

/* The details of one pipe: path, type, mode, owner, the processes holding each
 * end, capacity and bytes queued (while FIFO Lab holds it), FIFO Lab's
 * connection with its explanation, and statistics (refreshed on each scan of
 * the holder monitor while shown, which watches the pipe meanwhile).
 * Properties: session, info (nullable), holder-scan (nullable),
 * show-pipes-button (the page for no pipe offers to show the pipe list). */
GtkWidget       *fifolab_pipe_details_new             (void);
void             fifolab_pipe_details_set_session     (FifolabPipeDetails *self,
                                                       FifolabSession     *session);
FifolabPipeInfo *fifolab_pipe_details_get_info        (FifolabPipeDetails *self);
void             fifolab_pipe_details_set_info        (FifolabPipeDetails *self,
                                                       FifolabPipeInfo    *info);
void             fifolab_pipe_details_set_holder_scan (FifolabPipeDetails *self,
                                                       FifolabHolderScan  *scan);
gboolean         fifolab_pipe_details_get_show_pipes_button (FifolabPipeDetails *self);
void             fifolab_pipe_details_set_show_pipes_button (FifolabPipeDetails *self,
                                                             gboolean            show);
void             fifolab_pipe_details_set_holder_monitor (FifolabPipeDetails   *self,
                                                          FifolabHolderMonitor *monitor);
/* Re-reads the live figures now (each holder scan does it while shown). */
void             fifolab_pipe_details_refresh         (FifolabPipeDetails *self);

G_END_DECLS
