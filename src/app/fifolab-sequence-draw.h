/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-sequence.h"

G_BEGIN_DECLS

/* Drawing a FifolabSequence with cairo and Pango, the same for the window's
 * view and the SVG and PDF export: a column per process (its lifeline, with
 * its pid and command at the top) and per FIFO, interleaved so that a
 * writer, its pipe and its reader stand side by side; one row per call,
 * time running down. A write is an arrow from its process into the pipe, a
 * read one out of it, each labelled with its bytes; inside the pipe's
 * column a line joins each write to the reads that took its bytes (dashed
 * where several readers compete: attributed by the order the reads
 * returned). Time blocked in a call is a bar on the lifeline from the row
 * where it began; end of file, EPIPE, SIGPIPE, ENXIO, the start and the
 * exit are marks. Only the rows in view are drawn. */

#define FIFOLAB_SEQ_HEADER_HEIGHT 46.0
/* Where the first row's top is drawn: a little below the header, so that
 * its labels stand clear of it. */
#define FIFOLAB_SEQ_ROWS_TOP      (FIFOLAB_SEQ_HEADER_HEIGHT + 8.0)
#define FIFOLAB_SEQ_GUTTER_WIDTH  84.0
/* Half the width of what is drawn on a lifeline: the bar of time blocked,
 * an open's box, the start's dot. */
#define FIFOLAB_SEQ_BAR_HALF_WIDTH 4.0

typedef struct
{
  double   first_row;     /* the (fractional) row at the top of the rows */
  double   row_height;
  double   width;
  double   height;
  guint    selected;      /* a row, G_MAXUINT for none */
  GdkRGBA  fg;            /* text and lines */
  GdkRGBA  bg;            /* behind the column headers */
  /* NULL, or the room each space before, between and after the lifelines
   * has needed so far, then the room its arrows' labels alone have needed
   * (doubles, two per space, kept by the caller between draws): the
   * lifelines then stand still as the rows scroll. Emptied when the
   * number of columns changes; the caller empties it when it clears. */
  GArray  *spacing;
} FifolabSeqDrawParams;

void     fifolab_sequence_draw          (FifolabSequence            *seq,
                                         cairo_t                    *cr,
                                         const FifolabSeqDrawParams *params);
/* The label of @row's arrow, as drawn (before it is cut to its room): the
 * bytes the write or read carried as the log shows them and their size,
 * ""Hello from pid [42]" 22 B"; "write 22 B" or "read 22 B" where the
 * watch did not copy them. NULL when the row has no arrow. */
char    *fifolab_sequence_draw_arrow_label (FifolabSequence          *seq,
                                            guint                     row);
/* Where the label of @row's arrow is drawn with @params: @layout holds it
 * as drawn (its box's width, cut in the middle with "…" where that is too
 * short), *@left is its box's left edge, *@head the x where the arrowhead
 * begins. FALSE when @row has no arrow or is not in view. */
gboolean fifolab_sequence_draw_place_arrow_label (FifolabSequence            *seq,
                                                  const FifolabSeqDrawParams *params,
                                                  guint                       row,
                                                  PangoLayout                *layout,
                                                  double                     *left,
                                                  double                     *head);
/* Where the mark beside @row's lifeline is drawn ("open()", "exit 0",
 * "EPIPE: no reader"; an end of file read's beside the pipe): @layout
 * holds it as drawn, *@left is its box's left edge, *@lifeline the x of
 * the process's lifeline. FALSE when @row has none or is not in view. */
gboolean fifolab_sequence_draw_place_mark (FifolabSequence            *seq,
                                           const FifolabSeqDrawParams *params,
                                           guint                       row,
                                           PangoLayout                *layout,
                                           double                     *left,
                                           double                     *lifeline);
/* Where the note beside match @match's dot is drawn ("unseen writer",
 * "before the watch"): @layout holds it as drawn, (*@left, *@top) is its
 * box's top left corner, *@dot the y of the middle of the dot or ring it
 * stands beside. FALSE when the match has none or is not in view. */
gboolean fifolab_sequence_draw_place_match_note (FifolabSequence            *seq,
                                                 const FifolabSeqDrawParams *params,
                                                 guint                       match,
                                                 PangoLayout                *layout,
                                                 double                     *left,
                                                 double                     *top,
                                                 double                     *dot);
/* Where the count of bytes of match @match is drawn, for a match that
 * carried part of its write's bytes or of its read's ("14 B"): @layout
 * holds it as drawn, (*@left, *@top) is its box's top left corner. FALSE
 * when the match carried them whole, has a note, or is not in view. */
gboolean fifolab_sequence_draw_place_match_bytes (FifolabSequence            *seq,
                                                  const FifolabSeqDrawParams *params,
                                                  guint                       match,
                                                  PangoLayout                *layout,
                                                  double                     *left,
                                                  double                     *top);
/* Where line @line (0: the pid or the pipe's name, 1: the command or what
 * is under the name) above the @column-th lifeline from the left is drawn:
 * @layout holds it as drawn (cut to its box), *@left is its box's left
 * edge. FALSE when there is no such column or no row. */
gboolean fifolab_sequence_draw_place_header (FifolabSequence            *seq,
                                             const FifolabSeqDrawParams *params,
                                             guint                       column,
                                             guint                       line,
                                             PangoLayout                *layout,
                                             double                     *left);
/* The row drawn at @y, G_MAXUINT for none. */
guint    fifolab_sequence_draw_row_at   (FifolabSequence            *seq,
                                         const FifolabSeqDrawParams *params,
                                         double                      y);
/* The width the columns want (each of them readable). */
double   fifolab_sequence_draw_natural_width (FifolabSequence       *seq);
/* In words, what rows [@first, @last] show, one sentence a line after a
 * heading: for the view's accessible description. */
char    *fifolab_sequence_describe      (FifolabSequence            *seq,
                                         guint                       first,
                                         guint                       last);

G_END_DECLS
