/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>

#include "fifolab-cairo.h"
#include "fifolab-sequence-draw.h"

/* Narrower, a column's labels are cut short; narrower still (a phone's
 * 360 px), the columns go past the right edge. */
#define MIN_COLUMN_WIDTH 60.0
/* Below this width the times' column is narrower. */
#define NARROW_WIDTH 520.0
#define NARROW_GUTTER_WIDTH 58.0
#define NATURAL_COLUMN_WIDTH 150.0
#define PIPE_HALF_WIDTH 7.0
#define FONT "Sans 9"

/* GNOME's palette: blue writes, green reads, orange blocked, purple the
 * bytes' way through the pipe, red what went wrong. */
static const GdkRGBA write_color = { 0.11, 0.44, 0.85, 1.0 };
static const GdkRGBA read_color = { 0.15, 0.64, 0.41, 1.0 };
static const GdkRGBA blocked_color = { 0.90, 0.38, 0.0, 0.55 };
static const GdkRGBA match_color = { 0.57, 0.25, 0.67, 1.0 };
static const GdkRGBA error_color = { 0.75, 0.11, 0.16, 1.0 };

typedef struct
{
  guint   n;
  double  gutter;   /* the times' column */
  double  width;    /* of a column, as if they were all alike */
  guint  *of_process;
  guint  *of_pipe;
  double *x;        /* each column's lifeline */
} Columns;

/* Room an arrow's label leaves: from its tail (2 px in) to 3 px before its
 * head, 8 px long; and the pipe's half, where an arrow into or out of it
 * begins or ends. */
#define LABEL_TAIL_INSET 2.0
#define ARROWHEAD_LENGTH 8.0
#define LABEL_HEAD_GAP (ARROWHEAD_LENGTH + 3.0)

static char *pipe_name (FifolabSequence *seq, guint pipe);
static char *mark_label (const FifolabSeqRow *row);

/* The width @text takes, drawn as set_text() draws it. */
static double
text_width (PangoLayout *layout,
            const char  *text,
            gboolean     bold)
{
  PangoFontDescription *font = pango_font_description_from_string (FONT);
  int width = 0;

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static double
header_width (FifolabSequence *seq,
              PangoLayout     *layout,
              const Columns   *columns,
              guint            column)
{
  char number[32];

  for (guint i = 0; i < fifolab_sequence_get_n_processes (seq); i++)
    if (columns->of_process[i] == column)
      {
        const FifolabSeqProcess *process = fifolab_sequence_get_process (seq, i);
        g_autofree char *pid = NULL;

        g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, process->pid);
        pid = g_strdup_printf (_("pid %s"), number);
        return MAX (text_width (layout, pid, TRUE),
                    text_width (layout, process->comm != NULL ? process->comm : "?", FALSE));
      }
  for (guint i = 0; i < fifolab_sequence_get_n_pipes (seq); i++)
    if (columns->of_pipe[i] == column)
      {
        g_autofree char *name = pipe_name (seq, i);

        /* What is under it ("readers compete: ...") may be cut: the name not. */
        return text_width (layout, name, TRUE);
      }
  return 0;
}

/* Where the lifelines stand. Alike, each column would be as wide as the
 * others, and a read arrow, from the pipe to the reader beside it, as short
 * as the narrowest: ""Hello fro… 80]" 21 B". Instead the space between two
 * lifelines is what the labels of the arrows between them (those in view,
 * and with params->spacing those in view before) and the names above them
 * need, where the width holds it: taken from where there is more than
 * enough, the margins outside the first and last lifelines first. Where it
 * does not, each space gets its share. */
static void
columns_place (Columns                    *columns,
               FifolabSequence            *seq,
               const FifolabSeqDrawParams *params,
               PangoLayout                *layout,
               guint                       first,
               guint                       last)
{
  guint n = columns->n;
  /* Slot 0 is the margin before the first lifeline, slot n the one after
   * the last, slot k (0 < k < n) the space between lifelines k - 1 and k. */
  double *slot = g_new0 (double, 3 * n + 2);
  double *need = slot + n + 1;
  double *header = need + n + 1;
  double available = columns->width * n;
  double deficit = 0;
  double surplus = 0;
  double total_need = 0;
  double at;

  for (guint c = 0; c < n; c++)
    header[c] = header_width (seq, layout, columns, c) + 8;
  for (guint k = 0; k <= n; k++)
    {
      slot[k] = (k == 0 || k == n) ? columns->width / 2 : columns->width;
      if (k == 0 || k == n)
        need[k] = MIN (slot[k], MAX (header[k == 0 ? 0 : n - 1] / 2, MIN_COLUMN_WIDTH * 0.6));
      else
        need[k] = MAX (MIN_COLUMN_WIDTH, MAX (header[k - 1], header[k]));
    }
  for (guint i = first; n > 0 && i <= last && i < fifolab_sequence_get_n_rows (seq); i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);
      guint a = columns->of_process[row->process];
      guint b = columns->of_pipe[row->pipe];
      g_autofree char *label = NULL;

      /* A mark, right of its lifeline: room for it up to the next. */
      label = mark_label (row);
      if (label != NULL)
        {
          need[a + 1] = MAX (need[a + 1], text_width (layout, label, TRUE) + 10);
          g_clear_pointer (&label, g_free);
        }
      /* An arrow between neighbours: its label between their lifelines. */
      if (a + 1 != b && b + 1 != a)
        continue;
      label = fifolab_sequence_draw_arrow_label (seq, i);
      if (label == NULL)
        continue;
      need[MAX (a, b)] = MAX (need[MAX (a, b)],
                              text_width (layout, label, FALSE) + PIPE_HALF_WIDTH + LABEL_TAIL_INSET + LABEL_HEAD_GAP);
    }

  /* What the spaces needed before: the lifelines stand still while the
   * rows scroll (a space grows for a wider label that comes into view and
   * keeps that width). Other columns: other spaces. */
  if (params->spacing != NULL)
    {
      if (params->spacing->len != n + 1)
        {
          g_array_set_size (params->spacing, 0);
          g_array_set_size (params->spacing, n + 1);
        }
      for (guint k = 0; k <= n; k++)
        {
          double *kept = &g_array_index (params->spacing, double, k);

          need[k] = MAX (need[k], *kept);
          *kept = need[k];
        }
    }

  for (guint k = 0; k <= n; k++)
    {
      total_need += need[k];
      if (need[k] > slot[k])
        deficit += need[k] - slot[k];
      else
        surplus += slot[k] - need[k];
    }
  if (deficit > 0 && deficit <= surplus)
    {
      for (guint k = 0; k <= n; k++)
        slot[k] = need[k] > slot[k] ? need[k] : slot[k] - (slot[k] - need[k]) * deficit / surplus;
    }
  else if (deficit > 0)
    {
      for (guint k = 0; k <= n; k++)
        slot[k] = need[k] * available / total_need;
    }

  at = columns->gutter;
  for (guint c = 0; c < n; c++)
    {
      at += slot[c];
      columns->x[c] = at;
    }
  /* One block: slot, need and header. */
  g_free (slot);
}

/* The writers (processes whose first call that moved bytes was a write)
 * on the left, the pipes in the middle, the readers on the right, and
 * those that moved no bytes after them, each in the order they came: a
 * writer, its pipe and its reader side by side, as in the lessons. The
 * labels of rows @first to @last are those drawn. */
static void
columns_init (Columns                    *columns,
              FifolabSequence            *seq,
              const FifolabSeqDrawParams *params,
              PangoLayout                *layout,
              guint                       first,
              guint                       last)
{
  guint n_processes = fifolab_sequence_get_n_processes (seq);
  guint n_pipes = fifolab_sequence_get_n_pipes (seq);
  const guint8 groups[] = { FIFOLAB_SEQ_WRITE, FIFOLAB_SEQ_OPEN, FIFOLAB_SEQ_READ, G_MAXUINT8 };
  guint c = 0;

  columns->n = n_processes + n_pipes;
  columns->of_process = g_new0 (guint, MAX (n_processes, 1));
  columns->of_pipe = g_new0 (guint, MAX (n_pipes, 1));
  columns->x = g_new0 (double, MAX (columns->n, 1));
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      /* The pipes' place, between the writers and the readers. */
      if (groups[g] == FIFOLAB_SEQ_OPEN)
        {
          for (guint k = 0; k < n_pipes; k++)
            columns->of_pipe[k] = c++;
          continue;
        }
      for (guint k = 0; k < n_processes; k++)
        if (fifolab_sequence_get_process (seq, k)->first_move == groups[g])
          columns->of_process[k] = c++;
    }
  columns->gutter = params->width < NARROW_WIDTH ? NARROW_GUTTER_WIDTH : FIFOLAB_SEQ_GUTTER_WIDTH;
  columns->width = columns->n > 0 ? (params->width - columns->gutter) / columns->n : 0;
  if (columns->width > MIN_COLUMN_WIDTH)
    columns_place (columns, seq, params, layout, first, last);
  else
    {
      /* Too narrow to share: alike, past the right edge. */
      columns->width = MIN_COLUMN_WIDTH;
      for (c = 0; c < columns->n; c++)
        columns->x[c] = columns->gutter + (c + 0.5) * columns->width;
    }
}

static void
columns_clear (Columns *columns)
{
  g_free (columns->of_process);
  g_free (columns->of_pipe);
  g_free (columns->x);
}

static double
column_x (const Columns *columns,
          guint          column)
{
  return columns->x[column];
}

/* The space from @column's lifeline to the next one's (or, for the last,
 * to the edge, at least a column's width as before). */
static double
column_right (const Columns *columns,
              guint          column)
{
  if (column + 1 < columns->n)
    return columns->x[column + 1] - columns->x[column];
  return MAX (columns->width, columns->gutter + columns->width * columns->n - columns->x[column]);
}

/* The width a name centred on @column's lifeline has: as far as the space
 * to the nearer neighbour (twice the margin at either end). */
static double
column_room (const Columns *columns,
             guint          column)
{
  double left = column > 0 ? columns->x[column] - columns->x[column - 1]
                           : 2 * (columns->x[column] - columns->gutter);
  double right = column + 1 < columns->n ? columns->x[column + 1] - columns->x[column]
                                         : 2 * (columns->gutter + columns->width * columns->n - columns->x[column]);

  return MIN (left, right);
}

static double
row_y (const FifolabSeqDrawParams *params,
       double                      row)
{
  return FIFOLAB_SEQ_ROWS_TOP + (row - params->first_row + 0.5) * params->row_height;
}

double
fifolab_sequence_draw_natural_width (FifolabSequence *seq)
{
  return FIFOLAB_SEQ_GUTTER_WIDTH +
         NATURAL_COLUMN_WIDTH * (fifolab_sequence_get_n_processes (seq) + fifolab_sequence_get_n_pipes (seq));
}

guint
fifolab_sequence_draw_row_at (FifolabSequence            *seq,
                              const FifolabSeqDrawParams *params,
                              double                      y)
{
  double row;

  if (y < FIFOLAB_SEQ_HEADER_HEIGHT || params->row_height <= 0)
    return G_MAXUINT;
  row = params->first_row + (y - FIFOLAB_SEQ_ROWS_TOP) / params->row_height;
  if (row < 0 || row >= fifolab_sequence_get_n_rows (seq))
    return G_MAXUINT;
  return (guint) row;
}

/* -------------------------------------------------------------------- */
/* Text */

typedef enum
{
  ALIGN_START,
  ALIGN_CENTER,
} Align;

static void
set_text (PangoLayout *layout,
          const char  *text,
          double       width,
          Align        align,
          gboolean     bold)
{
  PangoFontDescription *font = pango_font_description_from_string (FONT);

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, align == ALIGN_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
}

/* @text in a box @width wide whose top left is (@x, @y), cut with "…". */
static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       width,
           Align        align,
           gboolean     bold)
{
  set_text (layout, text, width, align, bold);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The same, its bottom 1 px above @y, whatever the script's height, cut
 * where @ellipsize says. */
static void
show_text_above (cairo_t            *cr,
                 PangoLayout        *layout,
                 const char         *text,
                 double              x,
                 double              y,
                 double              width,
                 PangoEllipsizeMode  ellipsize)
{
  int height = 0;

  set_text (layout, text, width, ALIGN_CENTER, FALSE);
  pango_layout_set_ellipsize (layout, ellipsize);
  pango_layout_get_pixel_size (layout, NULL, &height);
  cairo_move_to (cr, x, y - height - 1);
  pango_cairo_show_layout (cr, layout);
}

/* A number as text, for the translated sentences that hold it as %s. */
#define NUMBER(buffer, value) \
  (g_snprintf ((buffer), sizeof (buffer), "%" G_GINT64_FORMAT, (gint64) (value)), (buffer))

static char *
pipe_name (FifolabSequence *seq,
           guint            pipe)
{
  return g_filename_display_basename (fifolab_sequence_get_pipe_path (seq, pipe));
}

/* -------------------------------------------------------------------- */
/* Shapes */

/* The box of the label of an arrow from @x1 to @x2: from its tail, a
 * little in, to a little before its head, so that the size, at the end,
 * stands clear of the arrowhead. */
static void
arrow_label_box (double  x1,
                 double  x2,
                 double *left,
                 double *width)
{
  *left = x2 > x1 ? x1 + LABEL_TAIL_INSET : x2 + LABEL_HEAD_GAP;
  *width = ABS (x2 - x1) - LABEL_TAIL_INSET - LABEL_HEAD_GAP;
}

/* An arrow from @x1 to @x2, @label above it, cut in the middle: the start
 * of the bytes and their size at the end stay in view. */
static void
arrow (cairo_t       *cr,
       PangoLayout   *layout,
       const GdkRGBA *color,
       double         x1,
       double         x2,
       double         y,
       const char    *label)
{
  double dir = x2 > x1 ? 1.0 : -1.0;

  fifolab_cairo_set_rgba (cr, color, 1.0);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x1, y);
  cairo_line_to (cr, x2 - dir * 6, y);
  cairo_stroke (cr);
  cairo_move_to (cr, x2, y);
  cairo_line_to (cr, x2 - dir * ARROWHEAD_LENGTH, y - 4);
  cairo_line_to (cr, x2 - dir * ARROWHEAD_LENGTH, y + 4);
  cairo_close_path (cr);
  cairo_fill (cr);
  if (label != NULL)
    {
      double left, width;

      arrow_label_box (x1, x2, &left, &width);
      show_text_above (cr, layout, label, left, y, width, PANGO_ELLIPSIZE_MIDDLE);
    }
}

static void
mark (cairo_t       *cr,
      PangoLayout   *layout,
      const GdkRGBA *color,
      double         x,
      double         y,
      double         width,
      const char    *label)
{
  fifolab_cairo_set_rgba (cr, color, 1.0);
  show_text (cr, layout, label, x + 6, y - 7, width, ALIGN_START, TRUE);
}

static const char *
mark_text (const FifolabSeqRow *row)
{
  switch (row->mark)
    {
    case FIFOLAB_SEQ_MARK_EOF:
      return _("EOF");
    case FIFOLAB_SEQ_MARK_EPIPE:
      return _("EPIPE: no reader");
    case FIFOLAB_SEQ_MARK_SIGPIPE:
      return _("killed by SIGPIPE");
    case FIFOLAB_SEQ_MARK_ENXIO:
      return _("ENXIO: no reader");
    case FIFOLAB_SEQ_MARK_ERROR:
      return g_strerror (row->error);
    case FIFOLAB_SEQ_MARK_NONE:
    default:
      return NULL;
    }
}

/* The mark drawn right of @row's lifeline, or NULL (an end of file read
 * is marked at the pipe's side). */
static char *
mark_label (const FifolabSeqRow *row)
{
  const char *marked = mark_text (row);
  char number[32];

  if (row->kind == FIFOLAB_SEQ_READ && row->mark == FIFOLAB_SEQ_MARK_EOF)
    return NULL;
  if (marked != NULL)
    return g_strdup (marked);
  switch ((FifolabSeqKind) row->kind)
    {
    case FIFOLAB_SEQ_OPEN:
      return g_strdup (_("open()"));
    case FIFOLAB_SEQ_START:
      return g_strdup (_("watched"));
    case FIFOLAB_SEQ_EXIT:
      return g_strdup_printf (_("exit %s"), NUMBER (number, row->result));
    default:
      return NULL;
    }
}

char *
fifolab_sequence_draw_arrow_label (FifolabSequence *seq,
                                   guint            row)
{
  const FifolabSeqRow *call = fifolab_sequence_get_row (seq, row);
  const char *text = fifolab_sequence_get_row_text (seq, row);
  char number[32];

  if ((call->kind != FIFOLAB_SEQ_WRITE && call->kind != FIFOLAB_SEQ_READ) || call->result <= 0)
    return NULL;
  NUMBER (number, call->result);
  if (text != NULL)
    /* Translators: a sequence diagram's arrow: the bytes a write or a read
     * carried (escaped as in the log) and how many, ""Hello" 5 B". */
    return g_strdup_printf (_("\"%s\" %s B"), text, number);
  if (call->kind == FIFOLAB_SEQ_WRITE)
    return g_strdup_printf (_("write %s B"), number);
  return g_strdup_printf (_("read %s B"), number);
}

/* The ends of @row's arrow: from the process into the pipe for a write,
 * out of it for a read. */
static void
arrow_ends (const Columns       *columns,
            const FifolabSeqRow *row,
            double              *x1,
            double              *x2)
{
  double x = column_x (columns, columns->of_process[row->process]);
  double px = column_x (columns, columns->of_pipe[row->pipe]);
  double toward = px > x ? -PIPE_HALF_WIDTH : PIPE_HALF_WIDTH;

  *x1 = row->kind == FIFOLAB_SEQ_WRITE ? x : px + toward;
  *x2 = row->kind == FIFOLAB_SEQ_WRITE ? px + toward : x;
}

gboolean
fifolab_sequence_draw_place_arrow_label (FifolabSequence            *seq,
                                         const FifolabSeqDrawParams *params,
                                         guint                       row,
                                         PangoLayout                *layout,
                                         double                     *left,
                                         double                     *head)
{
  guint n = fifolab_sequence_get_n_rows (seq);
  g_autofree char *label = NULL;
  Columns columns;
  guint first, last;
  double x1, x2, width;

  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), FALSE);

  if (row >= n || params->row_height <= 0)
    return FALSE;
  first = (guint) CLAMP (params->first_row, 0, n - 1);
  last = (guint) MIN ((double) n - 1,
                      params->first_row + (params->height - FIFOLAB_SEQ_ROWS_TOP) / params->row_height + 1);
  label = fifolab_sequence_draw_arrow_label (seq, row);
  if (row < first || row > last || label == NULL)
    return FALSE;
  columns_init (&columns, seq, params, layout, first, last);
  arrow_ends (&columns, fifolab_sequence_get_row (seq, row), &x1, &x2);
  columns_clear (&columns);
  arrow_label_box (x1, x2, left, &width);
  *head = x2 > x1 ? x2 - ARROWHEAD_LENGTH : x2 + ARROWHEAD_LENGTH;
  set_text (layout, label, width, ALIGN_CENTER, FALSE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  return TRUE;
}

static void
draw_row (FifolabSequence            *seq,
          cairo_t                    *cr,
          PangoLayout                *layout,
          const FifolabSeqDrawParams *params,
          const Columns              *columns,
          guint                       index)
{
  const FifolabSeqRow *row = fifolab_sequence_get_row (seq, index);
  double x = column_x (columns, columns->of_process[row->process]);
  double px = column_x (columns, columns->of_pipe[row->pipe]);
  double y = row_y (params, index);
  double toward = px > x ? -PIPE_HALF_WIDTH : PIPE_HALF_WIDTH;
  double right = column_right (columns, columns->of_process[row->process]) - 10;
  const char *marked = mark_text (row);
  g_autofree char *label = NULL;
  char number[32];

  switch ((FifolabSeqKind) row->kind)
    {
    case FIFOLAB_SEQ_WRITE:
      if (row->result > 0)
        {
          double x1, x2;

          label = fifolab_sequence_draw_arrow_label (seq, index);
          arrow_ends (columns, row, &x1, &x2);
          arrow (cr, layout, &write_color, x1, x2, y, label);
        }
      break;
    case FIFOLAB_SEQ_READ:
      if (row->result > 0)
        {
          double x1, x2;

          label = fifolab_sequence_draw_arrow_label (seq, index);
          arrow_ends (columns, row, &x1, &x2);
          arrow (cr, layout, &read_color, x1, x2, y, label);
        }
      else if (row->mark == FIFOLAB_SEQ_MARK_EOF)
        {
          fifolab_cairo_set_rgba (cr, &params->fg, 0.6);
          cairo_set_line_width (cr, 1.0);
          cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
          cairo_move_to (cr, px + toward, y);
          cairo_line_to (cr, x, y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      break;
    case FIFOLAB_SEQ_OPEN:
      fifolab_cairo_set_rgba (cr, &params->fg, 0.8);
      cairo_rectangle (cr, x - 4, y - 4, 8, 8);
      cairo_stroke (cr);
      if (marked == NULL)
        mark (cr, layout, &params->fg, x, y, right, _("open()"));
      break;
    case FIFOLAB_SEQ_START:
      fifolab_cairo_set_rgba (cr, &params->fg, 1.0);
      cairo_arc (cr, x, y, 4, 0, 2 * G_PI);
      cairo_fill (cr);
      mark (cr, layout, &params->fg, x, y, right, _("watched"));
      break;
    case FIFOLAB_SEQ_EXIT:
      fifolab_cairo_set_rgba (cr, &params->fg, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, x - 8, y);
      cairo_line_to (cr, x + 8, y);
      cairo_stroke (cr);
      if (marked == NULL)
        {
          label = g_strdup_printf (_("exit %s"), NUMBER (number, row->result));
          mark (cr, layout, &params->fg, x, y, right, label);
        }
      break;
    default:
      break;
    }

  if (marked != NULL)
    mark (cr, layout, row->mark == FIFOLAB_SEQ_MARK_EOF ? &params->fg : &error_color,
          row->kind == FIFOLAB_SEQ_READ && row->mark == FIFOLAB_SEQ_MARK_EOF ? MIN (x, px) : x,
          y, row->kind == FIFOLAB_SEQ_READ && row->mark == FIFOLAB_SEQ_MARK_EOF && px < x ? x - px - 10 : right,
          marked);
}

/* A bar on the lifeline while the call was blocked: from the row where it
 * began (the middle of the row before the first that returned after it
 * began) to its own. Calls that returned at once have none. */
static void
draw_span (FifolabSequence            *seq,
           cairo_t                    *cr,
           const FifolabSeqDrawParams *params,
           const Columns              *columns,
           guint                       index)
{
  const FifolabSeqRow *row = fifolab_sequence_get_row (seq, index);
  double x = column_x (columns, columns->of_process[row->process]);
  double top;
  double bottom = row_y (params, index);

  if (row->kind != FIFOLAB_SEQ_WRITE && row->kind != FIFOLAB_SEQ_READ && row->kind != FIFOLAB_SEQ_OPEN)
    return;
  if (row->start_row == index && row->end_us - row->start_us < 1000)
    return;
  top = row->start_row < index ? row_y (params, row->start_row) - params->row_height / 2
                               : bottom - params->row_height / 3;
  fifolab_cairo_set_rgba (cr, &blocked_color, 1.0);
  cairo_rectangle (cr, x - 4, MAX (top, FIFOLAB_SEQ_HEADER_HEIGHT - 4), 8,
                   bottom - MAX (top, FIFOLAB_SEQ_HEADER_HEIGHT - 4));
  cairo_fill (cr);
}

/* The bytes' way through the pipe: from the write's row to the read's. */
static void
draw_match (FifolabSequence            *seq,
            cairo_t                    *cr,
            PangoLayout                *layout,
            const FifolabSeqDrawParams *params,
            const Columns              *columns,
            guint                       index)
{
  const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, index);
  const FifolabSeqRow *read = fifolab_sequence_get_row (seq, match->read);
  double px = column_x (columns, columns->of_pipe[read->pipe]);
  double room = column_room (columns, columns->of_pipe[read->pipe]);
  double shift = ((double) (index % 3) - 1.0) * 3.0;
  double y_read = row_y (params, match->read);
  double y_write;
  gboolean whole = TRUE;

  if (match->write == G_MAXUINT)
    y_write = y_read - params->row_height * 0.8;
  else
    {
      const FifolabSeqRow *write = fifolab_sequence_get_row (seq, match->write);

      y_write = row_y (params, match->write);
      whole = (gint64) match->bytes == write->result && (gint64) match->bytes == read->result;
    }

  fifolab_cairo_set_rgba (cr, &match_color, 0.9);
  cairo_set_line_width (cr, 1.5);
  if (match->flags & FIFOLAB_SEQ_MATCH_BY_ORDER)
    cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
  cairo_move_to (cr, px + shift, y_write);
  cairo_line_to (cr, px + shift, y_read);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_arc (cr, px + shift, y_write, 2.5, 0, 2 * G_PI);
  cairo_fill (cr);

  if (match->write == G_MAXUINT)
    {
      show_text (cr, layout, _("before the watch"), px - room / 2 + 4,
                 y_write - 14, room - 8, ALIGN_CENTER, FALSE);
    }
  else if (!whole)
    {
      char number[32];
      g_autofree char *label = g_strdup_printf (_("%s B"), NUMBER (number, match->bytes));

      show_text (cr, layout, label, px + PIPE_HALF_WIDTH + 2, (y_write + y_read) / 2 - 7,
                 room / 2 - PIPE_HALF_WIDTH - 4, ALIGN_START, FALSE);
    }
}

static void
draw_header (FifolabSequence            *seq,
             cairo_t                    *cr,
             PangoLayout                *layout,
             const FifolabSeqDrawParams *params,
             const Columns              *columns)
{
  fifolab_cairo_set_rgba (cr, &params->bg, 1.0);
  cairo_rectangle (cr, 0, 0, params->width, FIFOLAB_SEQ_HEADER_HEIGHT);
  cairo_fill (cr);
  fifolab_cairo_set_rgba (cr, &params->fg, 0.25);
  cairo_rectangle (cr, 0, FIFOLAB_SEQ_HEADER_HEIGHT - 1, params->width, 1);
  cairo_fill (cr);

  fifolab_cairo_set_rgba (cr, &params->fg, 0.7);
  show_text (cr, layout, _("Time (s)"), 4, FIFOLAB_SEQ_HEADER_HEIGHT - 20,
             columns->gutter - 8, ALIGN_START, FALSE);

  for (guint i = 0; i < fifolab_sequence_get_n_processes (seq); i++)
    {
      const FifolabSeqProcess *process = fifolab_sequence_get_process (seq, i);
      double room = column_room (columns, columns->of_process[i]);
      double x = column_x (columns, columns->of_process[i]) - room / 2 + 4;
      char number[32];
      g_autofree char *pid = NULL;

      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, process->pid);
      pid = g_strdup_printf (_("pid %s"), number);
      fifolab_cairo_set_rgba (cr, &params->fg, 1.0);
      show_text (cr, layout, pid, x, 6, room - 8, ALIGN_CENTER, TRUE);
      show_text (cr, layout, process->comm != NULL ? process->comm : "?", x, 24,
                 room - 8, ALIGN_CENTER, FALSE);
    }
  for (guint i = 0; i < fifolab_sequence_get_n_pipes (seq); i++)
    {
      double room = column_room (columns, columns->of_pipe[i]);
      double x = column_x (columns, columns->of_pipe[i]) - room / 2 + 4;
      g_autofree char *name = pipe_name (seq, i);

      fifolab_cairo_set_rgba (cr, &match_color, 1.0);
      show_text (cr, layout, name, x, 6, room - 8, ALIGN_CENTER, TRUE);
      fifolab_cairo_set_rgba (cr, &params->fg, 0.7);
      show_text (cr, layout,
                 fifolab_sequence_get_pipe_competing (seq, i) ? _("readers compete: by order of reads")
                                                             : _("FIFO"),
                 x, 24, room - 8, ALIGN_CENTER, FALSE);
    }
}

void
fifolab_sequence_draw (FifolabSequence            *seq,
                       cairo_t                    *cr,
                       const FifolabSeqDrawParams *params)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  guint n = fifolab_sequence_get_n_rows (seq);
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) matches = NULL;
  Columns columns;
  guint first;
  guint last;
  double bottom = params->height;

  if (n == 0)
    {
      fifolab_cairo_set_rgba (cr, &params->fg, 0.7);
      show_text (cr, layout, _("No calls observed yet: press Watch in a pipe's details to see who writes and who reads."),
                 24, params->height / 2 - 10, params->width - 48, ALIGN_CENTER, FALSE);
      g_object_unref (layout);
      return;
    }

  first = (guint) CLAMP (params->first_row, 0, n - 1);
  last = (guint) MIN ((double) n - 1,
                      params->first_row + (params->height - FIFOLAB_SEQ_ROWS_TOP) / params->row_height + 1);
  columns_init (&columns, seq, params, layout, first, last);
  bottom = MIN (bottom, row_y (params, n - 1) + params->row_height / 2);

  cairo_save (cr);
  cairo_rectangle (cr, 0, FIFOLAB_SEQ_HEADER_HEIGHT, params->width, params->height - FIFOLAB_SEQ_HEADER_HEIGHT);
  cairo_clip (cr);

  if (params->selected != G_MAXUINT && params->selected >= first && params->selected <= last)
    {
      fifolab_cairo_set_rgba (cr, &write_color, 0.15);
      cairo_rectangle (cr, 0, row_y (params, params->selected) - params->row_height / 2,
                       params->width, params->row_height);
      cairo_fill (cr);
    }

  /* The pipes, and the processes' lifelines from their first row. */
  for (guint i = 0; i < fifolab_sequence_get_n_pipes (seq); i++)
    {
      double px = column_x (&columns, columns.of_pipe[i]);

      fifolab_cairo_set_rgba (cr, &match_color, 0.10);
      cairo_rectangle (cr, px - PIPE_HALF_WIDTH, FIFOLAB_SEQ_HEADER_HEIGHT, 2 * PIPE_HALF_WIDTH,
                       bottom - FIFOLAB_SEQ_HEADER_HEIGHT);
      cairo_fill (cr);
    }
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < fifolab_sequence_get_n_processes (seq); i++)
    {
      const FifolabSeqProcess *process = fifolab_sequence_get_process (seq, i);
      double x = column_x (&columns, columns.of_process[i]);
      double top = row_y (params, process->first_row) - params->row_height / 2;

      if (process->first_row > last)
        continue;
      fifolab_cairo_set_rgba (cr, &params->fg, 0.35);
      cairo_set_dash (cr, (double[]) { 4, 4 }, 2, 0);
      cairo_move_to (cr, x, MAX (top, FIFOLAB_SEQ_HEADER_HEIGHT));
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* The times. */
  if (params->row_height >= 14)
    {
      gint64 origin = fifolab_sequence_get_row (seq, 0)->start_us;

      fifolab_cairo_set_rgba (cr, &params->fg, 0.7);
      for (guint i = first; i <= last; i++)
        {
          char text[48];

          /* Microseconds, or milliseconds where the column is narrow. */
          g_snprintf (text, sizeof text, columns.gutter < FIFOLAB_SEQ_GUTTER_WIDTH ? "%.3f" : "%.6f",
                      (double) (fifolab_sequence_get_row (seq, i)->end_us - origin) / G_USEC_PER_SEC);
          show_text (cr, layout, text, 4, row_y (params, i) - 7, columns.gutter - 8,
                     ALIGN_START, FALSE);
        }
    }

  rows = fifolab_sequence_query_rows (seq, first, last);
  for (guint i = 0; i < rows->len; i++)
    draw_span (seq, cr, params, &columns, g_array_index (rows, guint, i));
  matches = fifolab_sequence_query_matches (seq, first, last);
  for (guint i = 0; i < matches->len; i++)
    draw_match (seq, cr, layout, params, &columns, g_array_index (matches, guint, i));
  for (guint i = first; i <= last; i++)
    draw_row (seq, cr, layout, params, &columns, i);
  cairo_restore (cr);

  draw_header (seq, cr, layout, params, &columns);
  columns_clear (&columns);
  g_object_unref (layout);
}

/* -------------------------------------------------------------------- */
/* In words */

static char *
who (FifolabSequence     *seq,
     const FifolabSeqRow *row)
{
  const FifolabSeqProcess *process = fifolab_sequence_get_process (seq, row->process);

  return g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", process->pid,
                          process->comm != NULL ? process->comm : "?");
}

/* The pids whose writes a read took bytes of, "1, 2"; "before the watch". */
static char *
writers_of (FifolabSequence *seq,
            guint            read)
{
  g_autoptr(GArray) matches = fifolab_sequence_query_matches (seq, read, read);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < matches->len; i++)
    {
      const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, g_array_index (matches, guint, i));
      char bytes[32];

      if (match->read != read)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_snprintf (bytes, sizeof bytes, "%" G_GUINT64_FORMAT, match->bytes);
      if (match->write == G_MAXUINT)
        g_string_append_printf (text, _("%s bytes from before the watch"), bytes);
      else
        {
          const FifolabSeqRow *write = fifolab_sequence_get_row (seq, match->write);
          char pid[32];

          g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT,
                      fifolab_sequence_get_process (seq, write->process)->pid);
          g_string_append_printf (text, _("%s bytes written by pid %s"), bytes, pid);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_row (FifolabSequence *seq,
              guint            index)
{
  const FifolabSeqRow *row = fifolab_sequence_get_row (seq, index);
  g_autofree char *process = who (seq, row);
  g_autofree char *pipe = pipe_name (seq, row->pipe);
  const char *text = fifolab_sequence_get_row_text (seq, index);
  char number[32];

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, row->result);
  switch ((FifolabSeqKind) row->kind)
    {
    case FIFOLAB_SEQ_WRITE:
      if (row->mark == FIFOLAB_SEQ_MARK_EPIPE)
        return g_strdup_printf (_("pid %s could not write to %s: EPIPE, no reader is left"), process, pipe);
      if (row->result < 0)
        return g_strdup_printf (_("pid %s could not write to %s: %s"), process, pipe, g_strerror (row->error));
      if (text != NULL)
        return g_strdup_printf (_("pid %s wrote %s bytes to %s: \"%s\""), process, number, pipe, text);
      return g_strdup_printf (_("pid %s wrote %s bytes to %s"), process, number, pipe);
    case FIFOLAB_SEQ_READ:
      if (row->mark == FIFOLAB_SEQ_MARK_EOF)
        return g_strdup_printf (_("pid %s read the end of file from %s"), process, pipe);
      if (row->result < 0)
        return g_strdup_printf (_("pid %s could not read from %s: %s"), process, pipe, g_strerror (row->error));
      {
        g_autofree char *writers = writers_of (seq, index);

        if (text != NULL && *writers == '\0')
          return g_strdup_printf (_("pid %s read %s bytes from %s: \"%s\""), process, number, pipe, text);
        if (text != NULL)
          /* Translators: the fourth %s says whose writes the bytes came
           * from ("22 bytes written by pid 4242"), the last is the bytes. */
          return g_strdup_printf (_("pid %s read %s bytes from %s: %s: \"%s\""), process, number, pipe, writers, text);
        if (*writers == '\0')
          return g_strdup_printf (_("pid %s read %s bytes from %s"), process, number, pipe);
        return g_strdup_printf (_("pid %s read %s bytes from %s: %s"), process, number, pipe, writers);
      }
    case FIFOLAB_SEQ_OPEN:
      if (row->mark == FIFOLAB_SEQ_MARK_ENXIO)
        return g_strdup_printf (_("pid %s could not open %s: ENXIO, no reader yet"), process, pipe);
      if (row->result < 0)
        return g_strdup_printf (_("pid %s could not open %s: %s"), process, pipe, g_strerror (row->error));
      return g_strdup_printf (_("pid %s opened %s"), process, pipe);
    case FIFOLAB_SEQ_START:
      return g_strdup_printf (_("pid %s is watched from here"), process);
    case FIFOLAB_SEQ_EXIT:
      if (row->mark == FIFOLAB_SEQ_MARK_SIGPIPE)
        return g_strdup_printf (_("pid %s was killed by SIGPIPE"), process);
      return g_strdup_printf (_("pid %s exited (%s)"), process, number);
    default:
      return g_strdup ("");
    }
}

char *
fifolab_sequence_describe (FifolabSequence *seq,
                           guint            first,
                           guint            last)
{
  guint n = fifolab_sequence_get_n_rows (seq);
  g_autoptr(GString) text = g_string_new (NULL);
  char from[32];
  char to[32];
  char all[32];

  if (n == 0)
    return g_strdup (_("No calls observed yet."));
  last = MIN (last, n - 1);
  first = MIN (first, last);
  g_snprintf (from, sizeof from, "%u", first + 1);
  g_snprintf (to, sizeof to, "%u", last + 1);
  g_snprintf (all, sizeof all, "%u", n);
  /* Translators: the calls shown, "3 to 12 of 40". */
  g_string_append_printf (text, _("Calls %s to %s of %s."), from, to, all);
  for (guint i = 0; i < fifolab_sequence_get_n_pipes (seq); i++)
    if (fifolab_sequence_get_pipe_competing (seq, i))
      {
        g_autofree char *name = pipe_name (seq, i);

        g_string_append_c (text, '\n');
        g_string_append_printf (text, _("Several processes read %s: which bytes went to which reader is known only from the order the reads returned."), name);
      }
  for (guint i = first; i <= last; i++)
    {
      g_autofree char *line = describe_row (seq, i);

      g_string_append_c (text, '\n');
      g_string_append (text, line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
