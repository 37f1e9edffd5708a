/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How a text is coloured: the foreground at some strength, or a state's. */
typedef enum
{
  FIFOLAB_DIAGRAM_INK_STRONG,
  FIFOLAB_DIAGRAM_INK_NORMAL,
  FIFOLAB_DIAGRAM_INK_DIM,
  FIFOLAB_DIAGRAM_INK_WARNING,
  FIFOLAB_DIAGRAM_INK_DANGER,
} FifolabDiagramInk;

/* One process in the diagram: a writer or a reader of the pipe. */
typedef struct
{
  gint64             pid;
  char              *command;
  gboolean           is_self;
  gboolean           waiting;   /* blocked in open(): no descriptor yet */
  gboolean           blocked;   /* blocked in write() on the full pipe */
  gboolean           exited;
  gboolean           sigpipe;   /* exited: killed by SIGPIPE */
  char              *state;     /* what it does now, in words (NULL: holds its end) */
  FifolabDiagramInk  state_ink;
} FifolabDiagramParticipant;

typedef struct
{
  PangoLayout       *layout;
  graphene_rect_t    rect;     /* where its logical extents lie */
  FifolabDiagramInk  ink;
} FifolabDiagramText;

typedef struct
{
  graphene_rect_t    rect;
  gboolean           writer;
  gboolean           is_self;
  gboolean           waiting;
  gboolean           exited;
  FifolabDiagramInk  alert;     /* the edge: NORMAL, or WARNING / DANGER */
  guint              index;     /* its place in its column: a writer's colour */
} FifolabDiagramBox;

/* A message on its way through the pipe: @t from 0 (leaving the writers) to
 * 1 (reaching the readers); @label its size ("22 B"), NULL: none. */
typedef struct
{
  double      t;
  const char *label;
} FifolabDiagramPacket;

/* Where everything of the diagram goes at one size and scale, computed from
 * the texts' Pango extents: the writers' boxes in a column on the left under
 * "Writers", the pipe with its name above and its buffer's byte count (and the
 * last event) below in the middle, the readers' boxes on the right under
 * "Readers". No text is
 * ellipsized: a column too narrow for a line wraps it, and the boxes grow.
 * Texts never overlap: each column stacks its own, and the columns do not
 * meet. */
typedef struct
{
  GArray          *texts;      /* FifolabDiagramText */
  GArray          *boxes;      /* FifolabDiagramBox */
  graphene_rect_t  pipe;
  double           width;
  double           height;     /* what the content needs (at least as given) */
  double           zoom;       /* the scale everything is drawn at */
  double           font_px;    /* the texts' font size, in pixels */
  double           col_x[2];   /* the writers' and the readers' column */
  double           col_w;
  gboolean         torn;       /* draw the buffer in two writers' colours */
  gboolean         absent;     /* the pipe is not there yet: an outline only */
  gboolean         broken_words; /* a word was broken to fit its line */
  FifolabDiagramInk event_ink; /* the pipe's outline: NORMAL, or the event's */
} FifolabDiagramLayout;

typedef struct
{
  GArray          *writers;    /* FifolabDiagramParticipant */
  GArray          *readers;
  const char      *name;       /* the pipe's, NULL: no pipe */
  const char      *gauge;      /* the buffer's byte count, in words */
  const char      *event;      /* NULL or the last event drawn on the pipe */
  FifolabDiagramInk event_ink;
  gboolean         torn;       /* the event is a torn message: two writers' colours */
  gboolean         absent;     /* the pipe is not created yet (the gauge says so) */
} FifolabDiagramContent;

/* @widget gives the font (its Pango context) scaled by @zoom. */
FifolabDiagramLayout *fifolab_diagram_layout_new          (GtkWidget                   *widget,
                                                           const FifolabDiagramContent *content,
                                                           double                       width,
                                                           double                       height,
                                                           double                       zoom);
void                  fifolab_diagram_layout_free         (FifolabDiagramLayout        *self);
/* The width the content asks for, every line on one line. */
double                fifolab_diagram_layout_natural_width (GtkWidget                   *widget,
                                                            const FifolabDiagramContent *content,
                                                            double                       zoom);

/* The scale at which the content fills @width x @height at @zoom: its
 * natural size at zoom 1 scaled up to the space (at most FIT_MAX), times
 * @zoom, less where that would not fit, never less than MIN (@zoom, 1). */
double                fifolab_diagram_layout_fit           (GtkWidget                   *widget,
                                                            const FifolabDiagramContent *content,
                                                            double                       width,
                                                            double                       height,
                                                            double                       zoom);

/* The labels of the @packets (FifolabDiagramPacket) that can be shown now,
 * and in @rects (graphene_rect_t) where each lies: one that would cover
 * another already placed (they are given furthest along first) is left out
 * until there is room. Made in @widget's font; transfer full. */
GPtrArray            *fifolab_diagram_layout_place_packets (FifolabDiagramLayout        *self,
                                                            GtkWidget                   *widget,
                                                            GArray                      *packets,
                                                            GArray                     **rects);

/* Draws it: @fill the buffer's share filled (0 to 1), @packets
 * (FifolabDiagramPacket) the messages on their way. */
void                  fifolab_diagram_layout_draw          (FifolabDiagramLayout        *self,
                                                            GtkWidget                   *widget,
                                                            cairo_t                     *cr,
                                                            const GdkRGBA               *fg,
                                                            double                       fill,
                                                            GArray                      *packets);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabDiagramLayout, fifolab_diagram_layout_free)

G_END_DECLS
