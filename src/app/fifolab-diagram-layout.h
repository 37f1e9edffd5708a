/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One process in the diagram: a writer or a reader of the pipe. */
typedef struct
{
  gint64    pid;
  char     *command;
  gboolean  is_self;
  gboolean  waiting;   /* started, blocked in open(): no descriptor yet */
} FifolabDiagramParticipant;

/* How a text is coloured: the foreground at some strength, or a state's. */
typedef enum
{
  FIFOLAB_DIAGRAM_INK_STRONG,
  FIFOLAB_DIAGRAM_INK_NORMAL,
  FIFOLAB_DIAGRAM_INK_DIM,
  FIFOLAB_DIAGRAM_INK_WARNING,
  FIFOLAB_DIAGRAM_INK_DANGER,
} FifolabDiagramInk;

typedef struct
{
  PangoLayout       *layout;
  graphene_rect_t    rect;     /* where its logical extents lie */
  FifolabDiagramInk  ink;
} FifolabDiagramText;

typedef struct
{
  graphene_rect_t rect;
  gboolean        writer;
  gboolean        is_self;
  gboolean        waiting;
  gboolean        blocked;
} FifolabDiagramBox;

/* Where everything of the diagram goes at one size and zoom, computed from
 * the texts' Pango extents: the writers' boxes in a column on the left, the
 * pipe with its name above and its buffer's byte count (and the last event)
 * below in the middle, the readers' boxes on the right. No text is
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
  double           zoom;
  double           font_px;    /* the texts' font size, in pixels */
  double           col_x[2];   /* the writers' and the readers' column */
  double           col_w;
} FifolabDiagramLayout;

typedef struct
{
  GArray          *writers;    /* FifolabDiagramParticipant */
  GArray          *readers;
  const char      *name;       /* the pipe's, NULL: no pipe */
  const char      *gauge;      /* the buffer's byte count, in words */
  const char      *event;      /* NULL or the last event drawn on the pipe */
  gboolean         event_is_error;
  gboolean         writers_blocked;
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

/* Draws it: @fill the buffer's share filled (0 to 1), @pulses the start
 * times (gint64, monotonic) of the messages moving through, each for @pulse_us. */
void                  fifolab_diagram_layout_draw          (FifolabDiagramLayout        *self,
                                                            cairo_t                     *cr,
                                                            const GdkRGBA               *fg,
                                                            double                       fill,
                                                            GArray                      *pulses,
                                                            gint64                       now,
                                                            gint64                       pulse_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabDiagramLayout, fifolab_diagram_layout_free)

G_END_DECLS
