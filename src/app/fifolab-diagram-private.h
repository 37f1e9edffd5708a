/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fifolab-diagram.h"
#include "fifolab-diagram-layout.h"

G_BEGIN_DECLS

/* What is drawn on the pipe: the last thing that happened to it. */
typedef enum
{
  FIFOLAB_DIAGRAM_EVENT_NONE,
  FIFOLAB_DIAGRAM_EVENT_EOF,           /* the last writer closed: read() gives 0 */
  FIFOLAB_DIAGRAM_EVENT_NO_READER,     /* FIFO Lab wrote with no reader: bytes lost */
  FIFOLAB_DIAGRAM_EVENT_WRITER_EPIPE,  /* a writer FIFO Lab started got EPIPE */
  FIFOLAB_DIAGRAM_EVENT_SIGPIPE,       /* a writer was killed by SIGPIPE */
  FIFOLAB_DIAGRAM_EVENT_READER_LEFT,   /* the reader left after reading everything */
  FIFOLAB_DIAGRAM_EVENT_ENXIO,         /* a non-blocking write open found no reader */
  FIFOLAB_DIAGRAM_EVENT_TORN,          /* two writers' bytes in one message */
} FifolabDiagramEvent;

/* A message on its way (fifolab-diagram-packets.c). */
typedef struct
{
  FifolabDiagram *diagram;
  AdwAnimation   *animation;   /* NULL: shown still (reduced motion) */
  char           *label;
  double          t;
} FifolabDiagramFlight;

struct _FifolabDiagram
{
  GtkWidget         parent_instance;

  char             *path;
  char             *name;          /* the path's file name as shown */
  /* The path is no pipe yet (a lesson's, before the step that makes it):
   * drawn as a dashed outline, said "not created yet". */
  gboolean          absent;
  GListStore       *holders;
  GListModel       *peers;
  /* Rebuilds on the peers' items-changed, whichever model is set. */
  GSignalGroup     *peers_signals;
  /* Pids of the peers that had exited when a newer one started: no longer
   * drawn. */
  GHashTable       *retired;
  gint64            capacity;
  gint64            queued;
  FifolabDiagramEvent event;
  FifolabDiagramEvent peers_event;  /* what the peers' ends said last */

  GArray           *writers;       /* FifolabDiagramParticipant */
  GArray           *readers;
  char             *description;

  GPtrArray        *flights;       /* FifolabDiagramFlight */
  gint64            last_flight;   /* when the last one started (monotonic) */

  FifolabHolderScan *scan;
  FifolabSession    *session;
  /* The watch's view (fifolab-diagram-watch.c): the session whose watches
   * it shows, when each watched process was first seen blocked (pid ->
   * monotonic us), the tick that counts the seconds meanwhile, and whether
   * the gauge is the watch's count (an estimate, when bytes were there
   * before the watch). */
  FifolabSession    *watch_session;
  /* Step mode's watch: a process's box says the call it is held before. */
  FifolabStepWatch  *step_watch;
  GHashTable        *blocked_since;
  guint              blocked_tick;
  gboolean           gauge_watched;
  gboolean           gauge_estimated;
  gboolean           gauge_stepped;   /* the gauge is step mode's count */
  FifolabLog        *log;
  GObject           *scan_source;   /* weak: it usually owns this diagram */

  double             zoom;          /* the presentation zoom, 1: none */
  FifolabDiagramLayout *layout;     /* made when drawn, dropped on changes */
  int                layout_width;
  int                layout_height;
  char              *fit_key;       /* what fit_scale was found for */
  double             fit_scale;
};

/* Between the diagram's files. */
/* An empty column of FifolabDiagramParticipant. */
GArray     *_fifolab_diagram_side_new       (void);
void        _fifolab_diagram_rebuild        (FifolabDiagram        *self);
void        _fifolab_diagram_changed        (FifolabDiagram        *self);
void        _fifolab_diagram_update_description (FifolabDiagram   *self);
void        _fifolab_diagram_set_event      (FifolabDiagram        *self,
                                             FifolabDiagramEvent    event);
/* What is drawn on the pipe for @event, in words, and its ink. */
const char *_fifolab_diagram_event_text     (FifolabDiagramEvent    event,
                                             FifolabDiagramInk     *ink);
void        _fifolab_diagram_retire_exited  (FifolabDiagram        *self);
/* A column's process @pid, or NULL. */
FifolabDiagramParticipant *_fifolab_diagram_find (GArray          *side,
                                                  gint64           pid);
/* Adds process @pid to @side (at most 12 a side, each once); @exited: the
 * peer it is, which has ended (NULL: it runs). */
void        _fifolab_diagram_add            (GArray                *side,
                                             gint64                 pid,
                                             const char            *command,
                                             FifolabPeerProcess    *exited);
/* @p's state line from what /proc says it does. */
void        _fifolab_diagram_set_state      (FifolabDiagramParticipant *p,
                                             const FifolabProcState    *state);
/* What a watch of the pipe saw (fifolab-diagram-watch.c): each watched
 * process's state line, those the holder scan has not seen yet added; the
 * gauge counted from the watched calls when FIFO Lab holds no end. */
void        _fifolab_diagram_apply_watch    (FifolabDiagram        *self,
                                             guint64                dev,
                                             guint64                ino);
/* Whether a watch of the pipe follows process @pid: its state comes from
 * the watch's records, not from /proc. */
gboolean    _fifolab_diagram_is_watched     (FifolabDiagram        *self,
                                             gint64                 pid);
void        _fifolab_diagram_watch_gauge    (FifolabDiagram        *self,
                                             gint64                *capacity,
                                             gint64                *queued);
void        _fifolab_diagram_stop_watch     (FifolabDiagram        *self);
void        _fifolab_diagram_flights_clear  (FifolabDiagram        *self);
/* The packets to draw now (transfer container; labels owned by the flights). */
GArray     *_fifolab_diagram_dup_packets    (FifolabDiagram        *self);
void        _fifolab_diagram_stop_following (FifolabDiagram        *self);

/* For the UI tests, which look at what the diagram tells the user. */
/* What the accessible description says now (transfer none). */
const char *_fifolab_diagram_get_description (FifolabDiagram *self);
/* Messages moving right now (0 when animations are off). */
guint       _fifolab_diagram_get_n_animating (FifolabDiagram *self);

/* The texts drawn at the current size (transfer full; an ellipsized one
 * would start with "ELLIPSIZED:"), and in @rects (graphene_rect_t, transfer
 * full) where each lies; the messages on their way ("22 B") last. */
GPtrArray  *_fifolab_diagram_dup_texts       (FifolabDiagram *self,
                                              GArray        **rects);
/* The size of the texts' font in pixels, fit and zoom included. */
double      _fifolab_diagram_get_font_px     (FifolabDiagram *self);

G_END_DECLS
