/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_PIPE_ROW (fifolab_pipe_row_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPipeRow, fifolab_pipe_row, FIFOLAB, PIPE_ROW, GtkWidget)

/* One pipe in the browser: name, mode, owner, holders ("R 1 · W 0"), FIFO Lab's
 * own connection, a warning for exposed pipes and a menu of actions.
 * Properties: info (FifolabPipeInfo), session (FifolabSession),
 *   holder-scan (FifolabHolderScan). */
GtkWidget       *fifolab_pipe_row_new              (void);
FifolabPipeInfo *fifolab_pipe_row_get_info         (FifolabPipeRow    *self);
void             fifolab_pipe_row_set_info         (FifolabPipeRow    *self,
                                                    FifolabPipeInfo   *info);
void             fifolab_pipe_row_set_session      (FifolabPipeRow    *self,
                                                    FifolabSession    *session);
void             fifolab_pipe_row_set_holder_scan  (FifolabPipeRow    *self,
                                                    FifolabHolderScan *scan);
/* With @names_parent, the row's accessible name (what it shows) is given to
 * its parent too: GTK's list row, which takes the focus and would else be
 * said by its class name ("GtkListItemWidget" or nothing). */
void             fifolab_pipe_row_set_names_parent (FifolabPipeRow    *self,
                                                    gboolean           names_parent);
/* Pops up the row's menu (for a context click or the Menu key). */
void             fifolab_pipe_row_popup_menu       (FifolabPipeRow    *self);

/* FIFO Lab's own connection to @path in words ("Reading · waiting for a
 * writer"), or NULL when it holds no end. With @explanation, the one-line
 * explanation of the most telling state. */
char            *fifolab_describe_connection       (FifolabSession    *session,
                                                    const char        *path,
                                                    const char       **explanation);
/* A GMenu with the actions on @path: Read, Write, Disconnect, Copy Path, Delete. */
GMenuModel      *fifolab_pipe_menu_new             (const char        *path);
/* The same with the framings to choose for @path: "Reconnect with Line
 * Framing" while FIFO Lab reads it (@reading), else "Use Line Framing". */
GMenuModel      *fifolab_pipe_menu_new_for         (const char        *path,
                                                    FifolabFraming     framing,
                                                    gboolean           reading);
/* Descriptors open on @path for reading and for writing: other processes'
 * from @scan, FIFO Lab's own from @session (now). */
void             fifolab_count_holders             (FifolabHolderScan *scan,
                                                    FifolabSession    *session,
                                                    const char        *path,
                                                    guint             *readers,
                                                    guint             *writers);

G_END_DECLS
