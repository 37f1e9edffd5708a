/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"
#include "fifolab-peer-process.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_DIAGRAM (fifolab_diagram_get_type ())

G_DECLARE_FINAL_TYPE (FifolabDiagram, fifolab_diagram, FIFOLAB, DIAGRAM, GtkWidget)

/* A drawing of one pipe: the writer processes on the left, the pipe with its
 * buffer gauge (bytes queued against capacity) in the middle, the readers on the
 * right; each process a box with its pid and command name, FIFO Lab marked as
 * itself. States are drawn: a process waiting in open() (a peer FIFO Lab started
 * that holds no end yet), a writer blocked on a full pipe, end of file, EPIPE.
 * Messages passing are briefly animated (not when GtkSettings
 * gtk-enable-animations is FALSE). The accessible description says the same in
 * words ("Writers: pid 123 (fifolab-peer)…").
 *
 * Properties: path, holders (GListModel of FifolabHolder, read-only view of
 *   what set_holders() got), peers (GListModel of FifolabPeerProcess), capacity,
 *   queued (gint64, -1 unknown), zoom (double). */
GtkWidget  *fifolab_diagram_new                (void);
const char *fifolab_diagram_get_path           (FifolabDiagram    *self);
/* Changing the path forgets the holders and the states of the old one. */
void        fifolab_diagram_set_path           (FifolabDiagram    *self,
                                                const char        *path);
/* @holders: FifolabHolder elements (NULL: none). Copied. */
void        fifolab_diagram_set_holders        (FifolabDiagram    *self,
                                                GPtrArray         *holders);
/* Takes the holders of the current path from @scan (NULL: none). */
void        fifolab_diagram_set_holder_scan    (FifolabDiagram    *self,
                                                FifolabHolderScan *scan);
GListModel *fifolab_diagram_get_holders        (FifolabDiagram    *self);
void        fifolab_diagram_set_peers          (FifolabDiagram    *self,
                                                GListModel        *peers);
gint64      fifolab_diagram_get_capacity       (FifolabDiagram    *self);
void        fifolab_diagram_set_capacity       (FifolabDiagram    *self,
                                                gint64             capacity);
gint64      fifolab_diagram_get_queued         (FifolabDiagram    *self);
void        fifolab_diagram_set_queued         (FifolabDiagram    *self,
                                                gint64             queued);
/* The presentation zoom: texts and sizes scaled (1: the widget's font). */
double      fifolab_diagram_get_zoom           (FifolabDiagram    *self);
void        fifolab_diagram_set_zoom           (FifolabDiagram    *self,
                                                double             zoom);
/* END_OF_STREAM and NO_READER are drawn until a writer or reader connects again. */
void        fifolab_diagram_note_event         (FifolabDiagram    *self,
                                                FifolabEventKind   kind);
/* A message went through: a dot travels from the writers to the readers. */
void        fifolab_diagram_pulse_message      (FifolabDiagram    *self);
/* Follows FIFO Lab live: @session's log (messages animate, EOF / EPIPE drawn,
 * capacity and bytes queued from FIFO Lab's own reader or writer of the path)
 * and the "holder-scan" property of @scan_source (e.g. the window). NULLs stop. */
void        fifolab_diagram_follow             (FifolabDiagram    *self,
                                                FifolabSession    *session,
                                                GObject           *scan_source);

G_END_DECLS
