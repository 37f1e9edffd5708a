/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"
#include "fifolab-peer-process.h"
#include "fifolab-step-watch.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_DIAGRAM (fifolab_diagram_get_type ())

G_DECLARE_FINAL_TYPE (FifolabDiagram, fifolab_diagram, FIFOLAB, DIAGRAM, GtkWidget)

/* A drawing of one pipe: the writer processes on the left, the pipe with its
 * buffer gauge (bytes queued against capacity) in the middle, the readers on the
 * right; each process a box with its pid, command name and what the kernel
 * says it does now (/proc: waiting in open() for a reader or a writer, blocked
 * in write() on the full pipe, waiting in read(), exited with its status, not
 * known), FIFO Lab marked as itself. Events are drawn on the pipe (end of
 * file, EPIPE, SIGPIPE, ENXIO, a torn message, the reader left). Messages
 * passing move as packets with their size (standing still when GtkSettings
 * gtk-enable-animations is FALSE). At zoom 1 it fills the space it is given;
 * the zoom multiplies that. The accessible description says the same in
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
/* Whether the path is a pipe now (TRUE, as after set_path(), unless told
 * otherwise): a lesson's pipe before the step that makes it is drawn as its
 * place only, a dashed outline, "not created yet" under it, and said so. */
void        fifolab_diagram_set_exists         (FifolabDiagram    *self,
                                                gboolean           exists);
gboolean    fifolab_diagram_get_exists         (FifolabDiagram    *self);
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
/* FIFO Lab's own end's gauge (-1, -1: no end); without one, step mode's
 * count when it is known for sure (fifolab_step_watch_get_queued()). */
void        fifolab_diagram_set_end_gauge      (FifolabDiagram    *self,
                                                gint64             capacity,
                                                gint64             queued);
/* The presentation zoom: texts and sizes scaled (1: the widget's font). */
double      fifolab_diagram_get_zoom           (FifolabDiagram    *self);
void        fifolab_diagram_set_zoom           (FifolabDiagram    *self,
                                                double             zoom);
/* END_OF_STREAM, NO_READER, READER_LEFT, WAITING_FOR_READER (ENXIO) and TORN
 * are drawn on the pipe until another comes or a writer or reader connects
 * again; PEER_EXITED looks at how the peers ended (EPIPE, SIGPIPE, the last
 * writer gone: end of file). */
void        fifolab_diagram_note_event         (FifolabDiagram    *self,
                                                FifolabEventKind   kind);
/* A message went through: a packet labelled with its @size ("22 B"; -1: no
 * label) travels from the writers to the readers; with reduced motion it
 * stands in the pipe until the next. pulse_message(): size not known. */
void        fifolab_diagram_pulse_bytes        (FifolabDiagram    *self,
                                                gssize             size);
void        fifolab_diagram_pulse_message      (FifolabDiagram    *self);
/* Follows @log's entries on the diagram's pipe: messages read move as
 * packets, events (EOF, EPIPE, ENXIO, a torn message, the reader left) are
 * drawn on the pipe. NULL stops. */
void        fifolab_diagram_set_log            (FifolabDiagram    *self,
                                                FifolabLog        *log);
/* Follows FIFO Lab live: @session's log (messages animate, EOF / EPIPE drawn,
 * capacity and bytes queued from FIFO Lab's own reader or writer of the path)
 * and the "holder-scan" property of @scan_source (e.g. the window). NULLs stop. */
void        fifolab_diagram_follow             (FifolabDiagram    *self,
                                                FifolabSession    *session,
                                                GObject           *scan_source);

/* Shows what the watches of @session (fifolab_session_get_observed()) saw
 * on the diagram's pipe: each watched process's call, the gauge counted from
 * the watched calls when FIFO Lab holds no end. fifolab_diagram_follow() sets
 * it too. NULL stops. */
void        fifolab_diagram_set_watch_session  (FifolabDiagram    *self,
                                                FifolabSession    *session);
/* Step mode: a process @watch holds before a call on the pipe has that
 * call in its box ("about to write 22 B"). NULL stops. */
void        fifolab_diagram_set_step_watch     (FifolabDiagram    *self,
                                                FifolabStepWatch  *watch);

G_END_DECLS
