/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>

#include "fifolab-cairo.h"
#include "fifolab-sequence-draw.h"
#include "fifolab-stamp.h"

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

/* The text of one draw: a layout for the names, marks and times, the font
 * parsed once, and the label of each arrow in view made once, in a layout
 * of its own: measured whole where it spaces the lifelines, then drawn
 * from it at its arrow's width (which Pango lays out anew: a layout's
 * width is part of its layout). */
typedef struct
{
  FifolabSequence       *seq;
  PangoLayout           *layout;
  PangoFontDescription  *font;
  PangoFontDescription  *bold;
  guint                  first;    /* the rows in view, [first, last] */
  guint                  last;
  PangoLayout          **labels;   /* [row - first]: its arrow's label, NULL for none */
} Text;

/* Room an arrow's label leaves: from its tail (2 px in) to 3 px before its
 * head, 8 px long; and the pipe's half, where an arrow into or out of it
 * begins or ends. */
#define LABEL_TAIL_INSET 2.0
#define ARROWHEAD_LENGTH 8.0
#define LABEL_HEAD_GAP (ARROWHEAD_LENGTH + 3.0)
/* Half the exit's line across its lifeline. */
#define EXIT_HALF_WIDTH 8.0
/* A mark's text stands this far right of what is drawn on its lifeline
 * (the bar of time blocked, an open's box, the start's dot, the exit's
 * line), clear of it, and leaves this much before the next lifeline; an
 * end of file read's, beside the pipe, is as far right of the pipe's
 * middle. */
#define MARK_GAP 4.0
#define MARK_END_GAP 4.0
/* Where bytes entered the pipe: a dot, or, for a writer not seen, a ring
 * of this radius drawn with a line this wide. */
#define DOT_RADIUS 2.5
#define RING_LINE_WIDTH 1.5
/* Between two columns' names: a readable gap, an em of the 9-point text. */
#define HEADER_GAP 12.0
/* A note beside a dot ("unseen writer") ends this far left of the pipe's
 * column, and leaves room for the widest shape on the lifeline before it
 * (an exit's line) and a mark's gap. */
#define NOTE_GAP 2.0
#define NOTE_GAPS (PIPE_HALF_WIDTH + NOTE_GAP + EXIT_HALF_WIDTH + MARK_END_GAP)
/* A margin outside the first or last lifeline, where the width holds less
 * than the spaces need: room for its name cut to "pid 1…", as a column's
 * least width gives a name between lifelines. */
#define EDGE_MIN_WIDTH (MIN_COLUMN_WIDTH * 0.6)

static char *pipe_name (FifolabSequence *seq, guint pipe);

/* A number as text, for the translated sentences that hold it as %s. */
#define NUMBER(buffer, value) \
  (g_snprintf ((buffer), sizeof (buffer), "%" G_GINT64_FORMAT, (gint64) (value)), (buffer))

/* The rows drawn with @params, whole or in part: [*@first, *@last]. FALSE
 * when there are none. */
static gboolean
rows_in_view (FifolabSequence            *seq,
              const FifolabSeqDrawParams *params,
              guint                      *first,
              guint                      *last)
{
  guint n = fifolab_sequence_get_n_rows (seq);

  if (n == 0 || params->row_height <= 0)
    return FALSE;
  *first = (guint) CLAMP (params->first_row, 0, n - 1);
  *last = (guint) MIN ((double) n - 1,
                       params->first_row + (params->height - FIFOLAB_SEQ_ROWS_TOP) / params->row_height + 1);
  return TRUE;
}

/* -------------------------------------------------------------------- */
/* Text */

/* For rows [@first, @last] (none when @first > @last). */
static void
text_init (Text            *text,
           FifolabSequence *seq,
           PangoLayout     *layout,
           guint            first,
           guint            last)
{
  text->seq = seq;
  text->layout = layout;
  text->font = pango_font_description_from_string (FONT);
  text->bold = pango_font_description_copy (text->font);
  pango_font_description_set_weight (text->bold, PANGO_WEIGHT_BOLD);
  text->first = first;
  text->last = last;
  text->labels = first <= last ? g_new0 (PangoLayout *, last - first + 1) : NULL;
}

static void
text_clear (Text *text)
{
  for (guint i = text->first; text->labels != NULL && i <= text->last; i++)
    g_clear_object (&text->labels[i - text->first]);
  g_clear_pointer (&text->labels, g_free);
  g_clear_pointer (&text->font, pango_font_description_free);
  g_clear_pointer (&text->bold, pango_font_description_free);
}

/* Row @row's arrow's label (made the first time it is asked for); NULL
 * when it has none or is not in view. */
static PangoLayout *
text_label (Text  *text,
            guint  row)
{
  PangoLayout **label;
  g_autofree char *string = NULL;

  if (text->labels == NULL || row < text->first || row > text->last)
    return NULL;
  label = &text->labels[row - text->first];
  if (*label == NULL && (string = fifolab_sequence_draw_arrow_label (text->seq, row)) != NULL)
    {
      *label = pango_layout_new (pango_layout_get_context (text->layout));
      pango_layout_set_font_description (*label, text->font);
      pango_layout_set_text (*label, string, -1);
    }
  return *label;
}

/* The width in pixels of row @row's arrow's label laid out whole; -1 when
 * it has none. */
static int
text_label_width (Text  *text,
                  guint  row)
{
  PangoLayout *label = text_label (text, row);
  int width = 0;

  if (label == NULL)
    return -1;
  pango_layout_get_pixel_size (label, &width, NULL);
  return width;
}

/* The width @string takes, drawn as set_text() draws it. */
static double
text_width (Text       *text,
            const char *string,
            gboolean    bold)
{
  int width = 0;

  pango_layout_set_font_description (text->layout, bold ? text->bold : text->font);
  pango_layout_set_text (text->layout, string, -1);
  pango_layout_set_width (text->layout, -1);
  pango_layout_get_pixel_size (text->layout, &width, NULL);
  return width;
}

typedef enum
{
  ALIGN_START,
  ALIGN_CENTER,
  ALIGN_END,
} Align;

/* A box @width px wide in Pango units, cut to a whole unit as before, but
 * not a unit short where @width is a double's rounding error short of one:
 * the spacing gives a label, a mark or a name a box exactly as wide as it
 * is, and the box's width, found by subtracting lifelines' positions, can
 * come out 160.99999999999997 px for 161; truncated, that was one unit
 * less than the text, and it was cut with "…". (Rounded to the nearest
 * unit instead, centred text moved by half a unit, which moved a glyph by
 * a pixel in 26 of 720 test images.) */
static int
box_width (double width)
{
  return (int) (MAX (width, 1) * PANGO_SCALE + 1e-3);
}

static void
set_text (Text       *text,
          const char *string,
          double      width,
          Align       align,
          gboolean    bold)
{
  pango_layout_set_font_description (text->layout, bold ? text->bold : text->font);
  pango_layout_set_text (text->layout, string, -1);
  pango_layout_set_width (text->layout, box_width (width));
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (text->layout, align == ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                            : align == ALIGN_END  ? PANGO_ALIGN_RIGHT
                                                                  : PANGO_ALIGN_LEFT);
}

/* @string in a box @width wide whose top left is (@x, @y), cut with "…". */
static void
show_text (cairo_t    *cr,
           Text       *text,
           const char *string,
           double      x,
           double      y,
           double      width,
           Align       align,
           gboolean    bold)
{
  set_text (text, string, width, align, bold);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, text->layout);
}

/* @label centred in the box @width wide from @x whose bottom is 1 px
 * above @y (whatever the script's height), cut in the middle where it is
 * wider than that. */
static void
show_label_above (cairo_t     *cr,
                  PangoLayout *label,
                  double       x,
                  double       y,
                  double       width)
{
  int height = 0;

  pango_layout_set_width (label, box_width (width));
  pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_MIDDLE);
  pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (label, NULL, &height);
  cairo_move_to (cr, x, y - height - 1);
  pango_cairo_show_layout (cr, label);
}

static char *
pipe_name (FifolabSequence *seq,
           guint            pipe)
{
  return g_filename_display_basename (fifolab_sequence_get_pipe_path (seq, pipe));
}

/* A process's first line: "pid 4242". */
static char *
pid_label (const FifolabSeqProcess *process)
{
  char number[32];

  return g_strdup_printf (_("pid %s"), NUMBER (number, process->pid));
}

/* The first line of @process's name in a box @width px wide: "pid 4242"
 * where it fits, else the number alone. Cut to "pid …", two writers'
 * names could not be told apart. */
static char *
header_pid (Text                     *text,
            const FifolabSeqProcess  *process,
            double                    width)
{
  char number[32];
  char *pid = pid_label (process);

  if (text_width (text, pid, TRUE) <= width)
    return pid;
  g_free (pid);
  return g_strdup (NUMBER (number, process->pid));
}

/* -------------------------------------------------------------------- */
/* Marks */

/* The text of @row's mark, made here only: right of its lifeline, or, for
 * an end of file read, beside the pipe (mark_beside_pipe()). NULL when it
 * has none. */
static char *
mark_label (const FifolabSeqRow *row)
{
  char number[32];

  switch ((FifolabSeqMark) row->mark)
    {
    case FIFOLAB_SEQ_MARK_EOF:
      return g_strdup (_("EOF"));
    case FIFOLAB_SEQ_MARK_EPIPE:
      return g_strdup (_("EPIPE: no reader"));
    case FIFOLAB_SEQ_MARK_SIGPIPE:
      return g_strdup (_("killed by SIGPIPE"));
    case FIFOLAB_SEQ_MARK_ENXIO:
      return g_strdup (_("ENXIO: no reader"));
    case FIFOLAB_SEQ_MARK_ERROR:
      return g_strdup (g_strerror (row->error));
    /* Short, beside a lifeline: the signal's name is in the description
     * and the log. The same words as a process box's in the diagram. */
    case FIFOLAB_SEQ_MARK_SIGNAL:
      return g_strdup_printf (_("killed by signal %d"), (int) row->result);
    case FIFOLAB_SEQ_MARK_NONE:
    default:
      break;
    }
  switch ((FifolabSeqKind) row->kind)
    {
    case FIFOLAB_SEQ_OPEN:
      return g_strdup (_("open()"));
    case FIFOLAB_SEQ_START:
      return g_strdup (_("watched"));
    case FIFOLAB_SEQ_EXIT:
      return g_strdup_printf (_("exit %s"), NUMBER (number, row->result));
    case FIFOLAB_SEQ_WRITE:
    case FIFOLAB_SEQ_READ:
    default:
      return NULL;
    }
}

/* An end of file read is marked at the pipe's side. */
static gboolean
mark_beside_pipe (const FifolabSeqRow *row)
{
  return row->kind == FIFOLAB_SEQ_READ && row->mark == FIFOLAB_SEQ_MARK_EOF;
}

/* The note beside the dot where bytes no watched write put in entered the
 * pipe, NULL for a match with none. */
static const char *
note_text (const FifolabSeqMatch *match)
{
  if (match->flags & FIFOLAB_SEQ_MATCH_UNSEEN_WRITER)
    /* Translators: in the sequence diagram, beside the start of the bytes
     * written after the watch began by a process it did not see. */
    return _("unseen writer");
  if (match->write == G_MAXUINT)
    return _("before the watch");
  return NULL;
}

/* How far right of its lifeline @row's mark begins. */
static double
mark_inset (const FifolabSeqRow *row)
{
  return (row->kind == FIFOLAB_SEQ_EXIT ? EXIT_HALF_WIDTH : FIFOLAB_SEQ_BAR_HALF_WIDTH) + MARK_GAP;
}

/* -------------------------------------------------------------------- */
/* Columns */

/* The width each column's name takes, the wider of its two lines: a
 * process's pid and command, a pipe's name (what is under it, "readers
 * compete: ...", may be cut: the name not). */
static void
headers_measure (FifolabSequence *seq,
                 Text            *text,
                 const Columns   *columns,
                 double          *header)
{
  for (guint i = 0; i < fifolab_sequence_get_n_processes (seq); i++)
    {
      const FifolabSeqProcess *process = fifolab_sequence_get_process (seq, i);
      g_autofree char *pid = pid_label (process);

      header[columns->of_process[i]] = MAX (text_width (text, pid, TRUE),
                                            text_width (text, process->comm != NULL ? process->comm : "?", FALSE));
    }
  for (guint i = 0; i < fifolab_sequence_get_n_pipes (seq); i++)
    {
      g_autofree char *name = pipe_name (seq, i);

      header[columns->of_pipe[i]] = text_width (text, name, TRUE);
    }
}

/* Where the width holds less than every space needs, what the spaces get:
 * each @levels row is what all of them keep at one step down, from all
 * they need (row 0) to what is kept longest; under the last row, nothing.
 * The width falls between two rows' sums, and each space gets the lower
 * row's value and, of what is left, its share of the difference: a space
 * moves smoothly as the width changes, and what a lower row keeps (an
 * arrow's label) is cut only once every higher row's extra is gone. */
static void
spaces_shrink (double        *slot,
               const double  *levels,
               guint          n_levels,
               guint          n_spaces,
               double         available)
{
  double upper_sum = 0;
  const double *upper = levels;

  for (guint k = 0; k < n_spaces; k++)
    upper_sum += upper[k];
  for (guint l = 1; l <= n_levels; l++)
    {
      const double *lower = l < n_levels ? levels + l * n_spaces : NULL;
      double lower_sum = 0;

      for (guint k = 0; lower != NULL && k < n_spaces; k++)
        lower_sum += lower[k];
      if (lower_sum <= available || lower == NULL)
        {
          double share = upper_sum > lower_sum ? (available - lower_sum) / (upper_sum - lower_sum) : 0;

          for (guint k = 0; k < n_spaces; k++)
            {
              double low = lower != NULL ? lower[k] : 0;

              slot[k] = low + (upper[k] - low) * share;
            }
          return;
        }
      upper = lower;
      upper_sum = lower_sum;
    }
}

/* Where the lifelines stand. Alike, each column would be as wide as the
 * others, and a read arrow, from the pipe to the reader beside it, as short
 * as the narrowest: ""Hello fro… 80]" 21 B". Instead the space between two
 * lifelines is what the labels of the arrows between them (those in view,
 * and with params->spacing those in view before) and the names above them
 * need, where the width holds it: taken from where there is more than
 * enough, the margins outside the first and last lifelines first. Where it
 * does not, what a person reads first is kept longest: the arrows' labels
 * (the messages), then the names; the marks and the kept spacing give way
 * first, then the margins, then the names (spaces_shrink()). */
static void
columns_place (Columns                    *columns,
               FifolabSequence            *seq,
               const FifolabSeqDrawParams *params,
               Text                       *text)
{
  guint n = columns->n;
  /* Slot 0 is the margin before the first lifeline, slot n the one after
   * the last, slot k (0 < k < n) the space between lifelines k - 1 and k. */
  double *slot = g_new0 (double, 5 * n + 4);
  double *need = slot + n + 1;
  /* levels[0] is need; what the names need and the labels need, then what
   * is kept with the names and what is kept with the labels alone. */
  double *names = need + n + 1;
  double *labels = names + n + 1;
  double *header = labels + n + 1;
  double *levels;
  double available = columns->width * n;
  double deficit = 0;
  double surplus = 0;
  double total_need = 0;
  double at;

  headers_measure (seq, text, columns, header);
  for (guint k = 0; k <= n; k++)
    {
      slot[k] = (k == 0 || k == n) ? columns->width / 2 : columns->width;
      /* Each name whole above its lifeline, HEADER_GAP from the next
       * (draw_header() cuts them to that where there is less room). */
      if (k == 0 || k == n)
        need[k] = MIN (slot[k], MAX ((header[k == 0 ? 0 : n - 1] + HEADER_GAP) / 2, MIN_COLUMN_WIDTH * 0.6));
      else
        need[k] = MAX (MIN_COLUMN_WIDTH, MAX (header[k - 1], header[k]) + HEADER_GAP);
      names[k] = need[k];
    }
  for (guint i = text->first; n > 0 && text->labels != NULL && i <= text->last; i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);
      guint a = columns->of_process[row->process];
      guint b = columns->of_pipe[row->pipe];
      int width;

      /* A mark, right of its lifeline: room for it up to the next. */
      if (!mark_beside_pipe (row))
        {
          g_autofree char *mark = mark_label (row);

          if (mark != NULL)
            need[a + 1] = MAX (need[a + 1], mark_inset (row) + text_width (text, mark, TRUE) + MARK_END_GAP);
        }
      /* An arrow between neighbours: its label between their lifelines. */
      if ((a + 1 != b && b + 1 != a) || (width = text_label_width (text, i)) < 0)
        continue;
      labels[MAX (a, b)] = MAX (labels[MAX (a, b)],
                                width + PIPE_HALF_WIDTH + LABEL_TAIL_INSET + LABEL_HEAD_GAP);
      need[MAX (a, b)] = MAX (need[MAX (a, b)], labels[MAX (a, b)]);
    }
  /* A note beside a dot ("unseen writer"), left of the pipe as far as the
   * lifeline before: kept as an arrow's label is. */
  if (n > 0 && text->labels != NULL)
    {
      g_autoptr(GArray) matches = fifolab_sequence_query_matches (seq, text->first, text->last);

      for (guint i = 0; i < matches->len; i++)
        {
          const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, g_array_index (matches, guint, i));
          const char *note = note_text (match);
          guint k;

          if (note == NULL)
            continue;
          k = columns->of_pipe[fifolab_sequence_get_row (seq, match->read)->pipe];
          labels[k] = MAX (labels[k], text_width (text, note, FALSE) + NOTE_GAPS);
          need[k] = MAX (need[k], labels[k]);
        }
    }
  /* An arrow across other lifelines (from a second writer's left, to the
   * pipe): its label spans the spaces it crosses. Each of them keeps at
   * least a column; the space beside the pipe, which its neighbours'
   * arrows share, is given the rest. Neither depends on which rows are in
   * view, so what is kept between draws does not add up. */
  for (guint i = text->first; n > 0 && text->labels != NULL && i <= text->last; i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);
      guint a = columns->of_process[row->process];
      guint b = columns->of_pipe[row->pipe];
      guint low = MIN (a, b);
      guint high = MAX (a, b);
      guint beside_pipe = b > a ? b : b + 1;
      int width;

      if (high <= low + 1 || (width = text_label_width (text, i)) < 0)
        continue;
      labels[beside_pipe] = MAX (labels[beside_pipe],
                                 width + PIPE_HALF_WIDTH + LABEL_TAIL_INSET + LABEL_HEAD_GAP -
                                 (high - low - 1) * MIN_COLUMN_WIDTH);
      need[beside_pipe] = MAX (need[beside_pipe], labels[beside_pipe]);
    }

  /* What the spaces needed before: the lifelines stand still while the
   * rows scroll (a space grows for a wider label that comes into view and
   * keeps that width). What the labels alone needed is kept beside it, so
   * that a narrow view gives way in the same order whichever rows are in
   * view. Other columns: other spaces. */
  if (params->spacing != NULL)
    {
      if (params->spacing->len != 2 * (n + 1))
        {
          g_array_set_size (params->spacing, 0);
          g_array_set_size (params->spacing, 2 * (n + 1));
        }
      for (guint k = 0; k <= n; k++)
        {
          double *kept = &g_array_index (params->spacing, double, k);
          double *kept_labels = &g_array_index (params->spacing, double, n + 1 + k);

          need[k] = MAX (need[k], *kept);
          *kept = need[k];
          labels[k] = MAX (labels[k], *kept_labels);
          *kept_labels = labels[k];
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
      /* Under need (0), what each space keeps, most wanted last: (1) the
       * labels and every name; (2) the labels and the names between
       * lifelines, a margin EDGE_MIN_WIDTH; (3) the labels, and a column
       * between lifelines; (4) the labels, and no more than keeps the
       * lifelines' marks apart. Under those, each space its share of (4). */
      levels = g_new (double, 5 * (n + 1));
      for (guint k = 0; k <= n; k++)
        {
          gboolean edge = k == 0 || k == n;

          levels[k] = need[k];
          levels[n + 1 + k] = MIN (need[k], MAX (labels[k], names[k]));
          levels[2 * (n + 1) + k] = MIN (levels[n + 1 + k],
                                         MAX (labels[k], edge ? EDGE_MIN_WIDTH : names[k]));
          levels[3 * (n + 1) + k] = MIN (levels[2 * (n + 1) + k],
                                         MAX (labels[k], edge ? EDGE_MIN_WIDTH : MIN_COLUMN_WIDTH));
          levels[4 * (n + 1) + k] = MIN (levels[3 * (n + 1) + k],
                                         MAX (labels[k], edge ? EXIT_HALF_WIDTH : 3 * EXIT_HALF_WIDTH));
        }
      spaces_shrink (slot, levels, 5, n + 1, available);
      g_free (levels);
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
 * labels in @text are those drawn. */
static void
columns_init (Columns                    *columns,
              FifolabSequence            *seq,
              const FifolabSeqDrawParams *params,
              Text                       *text)
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
    columns_place (columns, seq, params, text);
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

/* The space from @column's lifeline to the next one's, or, for the last,
 * to the right edge. */
static double
column_right (const Columns *columns,
              guint          column)
{
  if (column + 1 < columns->n)
    return columns->x[column + 1] - columns->x[column];
  return columns->gutter + columns->width * columns->n - columns->x[column];
}

/* The space from the lifeline before @column's, or for the first from the
 * times, to @column's lifeline. */
static double
column_left (const Columns *columns,
             guint          column)
{
  return columns->x[column] - (column > 0 ? columns->x[column - 1] : columns->gutter);
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

/* An arrow from @x1 to @x2, @label (laid out whole) above it, cut in the
 * middle: the start of the bytes and their size at the end stay in view. */
static void
arrow (cairo_t       *cr,
       const GdkRGBA *color,
       double         x1,
       double         x2,
       double         y,
       PangoLayout   *label)
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
      show_label_above (cr, label, left, y, width);
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
  g_autofree char *label = NULL;
  Columns columns;
  Text text;
  guint first, last;
  double x1, x2, width;

  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), FALSE);

  if (!rows_in_view (seq, params, &first, &last) || row < first || row > last)
    return FALSE;
  label = fifolab_sequence_draw_arrow_label (seq, row);
  if (label == NULL)
    return FALSE;
  text_init (&text, seq, layout, first, last);
  columns_init (&columns, seq, params, &text);
  arrow_ends (&columns, fifolab_sequence_get_row (seq, row), &x1, &x2);
  columns_clear (&columns);
  arrow_label_box (x1, x2, left, &width);
  *head = x2 > x1 ? x2 - ARROWHEAD_LENGTH : x2 + ARROWHEAD_LENGTH;
  set_text (&text, label, width, ALIGN_CENTER, FALSE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  text_clear (&text);
  return TRUE;
}

/* The box of @row's mark @mark: its left edge and width, and which side of
 * it the text keeps to. A mark stands right of its lifeline; where the
 * space there (the last lifeline's margin, which gives way to the
 * messages first) is too short for it and the one left of the lifeline is
 * longer, left of it: on the mark's row nothing else is drawn beside the
 * lifeline (a row is one call), and before, cat's "watched" and "exit 0"
 * ran past the diagram's right edge. */
static Align
mark_box (const Columns       *columns,
          Text                *text,
          const FifolabSeqRow *row,
          const char          *mark,
          double              *left,
          double              *width)
{
  guint column = columns->of_process[row->process];
  double x = column_x (columns, column);
  double px = column_x (columns, columns->of_pipe[row->pipe]);
  double inset = mark_inset (row);
  double right, before, need;

  if (mark_beside_pipe (row) && px < x)
    {
      *left = px + MARK_GAP;
      *width = x - px - (MARK_GAP + MARK_END_GAP);
      return ALIGN_START;
    }
  right = column_right (columns, column) - (inset + MARK_END_GAP);
  before = column_left (columns, column) - (inset + MARK_END_GAP);
  need = text_width (text, mark, TRUE);
  if (need > right && before > right)
    {
      *width = MIN (need, before);
      *left = x - inset - *width;
      return ALIGN_END;
    }
  *left = x + inset;
  *width = right;
  return ALIGN_START;
}

static void
draw_row (FifolabSequence            *seq,
          cairo_t                    *cr,
          Text                       *text,
          const FifolabSeqDrawParams *params,
          const Columns              *columns,
          guint                       index)
{
  const FifolabSeqRow *row = fifolab_sequence_get_row (seq, index);
  double x = column_x (columns, columns->of_process[row->process]);
  double px = column_x (columns, columns->of_pipe[row->pipe]);
  double y = row_y (params, index);
  double toward = px > x ? -PIPE_HALF_WIDTH : PIPE_HALF_WIDTH;
  g_autofree char *mark = mark_label (row);
  double x1, x2;

  switch ((FifolabSeqKind) row->kind)
    {
    case FIFOLAB_SEQ_WRITE:
    case FIFOLAB_SEQ_READ:
      if (row->result > 0)
        {
          arrow_ends (columns, row, &x1, &x2);
          arrow (cr, row->kind == FIFOLAB_SEQ_WRITE ? &write_color : &read_color, x1, x2, y,
                 text_label (text, index));
        }
      else if (mark_beside_pipe (row))
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
      cairo_rectangle (cr, x - FIFOLAB_SEQ_BAR_HALF_WIDTH, y - FIFOLAB_SEQ_BAR_HALF_WIDTH,
                       2 * FIFOLAB_SEQ_BAR_HALF_WIDTH, 2 * FIFOLAB_SEQ_BAR_HALF_WIDTH);
      cairo_stroke (cr);
      break;
    case FIFOLAB_SEQ_START:
      fifolab_cairo_set_rgba (cr, &params->fg, 1.0);
      cairo_arc (cr, x, y, FIFOLAB_SEQ_BAR_HALF_WIDTH, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case FIFOLAB_SEQ_EXIT:
      fifolab_cairo_set_rgba (cr, &params->fg, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, x - EXIT_HALF_WIDTH, y);
      cairo_line_to (cr, x + EXIT_HALF_WIDTH, y);
      cairo_stroke (cr);
      break;
    default:
      break;
    }

  if (mark != NULL)
    {
      double left, width;
      Align align = mark_box (columns, text, row, mark, &left, &width);

      /* What went wrong in red; an end of file is no error, nor is a
       * kill by a signal other than SIGPIPE (timeout's SIGTERM, the
       * user's ^C): the process boxes do not redden it either. */
      fifolab_cairo_set_rgba (cr, row->mark == FIFOLAB_SEQ_MARK_NONE || row->mark == FIFOLAB_SEQ_MARK_EOF ||
                                    row->mark == FIFOLAB_SEQ_MARK_SIGNAL
                                    ? &params->fg : &error_color, 1.0);
      show_text (cr, text, mark, left, y - 7, width, align, TRUE);
    }
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
  cairo_rectangle (cr, x - FIFOLAB_SEQ_BAR_HALF_WIDTH, MAX (top, FIFOLAB_SEQ_HEADER_HEIGHT - 4), 2 * FIFOLAB_SEQ_BAR_HALF_WIDTH,
                   bottom - MAX (top, FIFOLAB_SEQ_HEADER_HEIGHT - 4));
  cairo_fill (cr);
}

/* Where the bytes of @match entered the pipe: level with its write, or,
 * where the watch saw none (a writer it did not see, bytes there before
 * it), half a row above the read, between it and the row before. */
static double
match_write_y (const FifolabSeqDrawParams *params,
               const FifolabSeqMatch      *match)
{
  return match->write == G_MAXUINT ? row_y (params, match->read) - params->row_height / 2
                                   : row_y (params, match->write);
}

/* The note beside the dot of match @index whose writer the watch did not
 * see, or whose bytes were in the pipe before it began: set in @text's
 * layout, left of the pipe (where the writers are) and level with the
 * dot or ring, which stands half way between rows; (*@left, *@top) is its
 * box's top left corner. FALSE for a match with no note. Above the dot,
 * centred on the pipe, it stood on the row before: on the arrow, the label
 * or the "EOF" of the read before. */
static gboolean
match_note (FifolabSequence            *seq,
            const FifolabSeqDrawParams *params,
            const Columns              *columns,
            guint                       index,
            Text                       *text,
            double                     *left,
            double                     *top)
{
  const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, index);
  const FifolabSeqRow *read = fifolab_sequence_get_row (seq, match->read);
  guint column = columns->of_pipe[read->pipe];
  double width = column_left (columns, column) - NOTE_GAPS;
  const char *note = note_text (match);
  int height = 0;

  if (note == NULL)
    return FALSE;
  set_text (text, note, width, ALIGN_END, FALSE);
  pango_layout_get_pixel_size (text->layout, NULL, &height);
  *left = column_x (columns, column) - (PIPE_HALF_WIDTH + NOTE_GAP) - width;
  *top = match_write_y (params, match) - height / 2.0;
  return TRUE;
}

/* Whether match @index carries only part of its write's bytes or of its
 * read's. */
static gboolean
match_partial (FifolabSequence *seq,
               guint            index)
{
  const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, index);
  const FifolabSeqRow *write, *read;

  if (match->write == G_MAXUINT)
    return FALSE;
  write = fifolab_sequence_get_row (seq, match->write);
  read = fifolab_sequence_get_row (seq, match->read);
  return (gint64) match->bytes != write->result || (gint64) match->bytes != read->result;
}

/* How many bytes match @index carried, where it carried part of a write's
 * or a read's ("14 B"): set in @text's layout, its box's top left corner
 * (*@left, *@top). FALSE for a match that carried them whole, or has a
 * note instead. It stands level with an end only this match has, where no
 * arrow is: a read that joined writes has one from each, each beside its
 * write's dot, right of the pipe (the reads' arrows and labels, out of the
 * pipe to the right, are on other rows); a write split across reads, one
 * to each, each left of the pipe level with its read (the writes' arrows
 * come in from the left on other rows). Half way down its line, it stood
 * on the label of a read in the row below. */
static gboolean
match_bytes (FifolabSequence            *seq,
             const FifolabSeqDrawParams *params,
             const Columns              *columns,
             guint                       index,
             Text                       *text,
             double                     *left,
             double                     *top)
{
  const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, index);
  const FifolabSeqRow *read = fifolab_sequence_get_row (seq, match->read);
  double px = column_x (columns, columns->of_pipe[read->pipe]);
  double width = column_room (columns, columns->of_pipe[read->pipe]) / 2 - PIPE_HALF_WIDTH - 4;
  g_autofree char *label = NULL;
  char number[32];
  double y;
  int height = 0;

  if (!match_partial (seq, index) ||
      (match->flags & FIFOLAB_SEQ_MATCH_UNSEEN_WRITER))
    return FALSE;
  label = g_strdup_printf (_("%s B"), NUMBER (number, match->bytes));
  if ((gint64) match->bytes == fifolab_sequence_get_row (seq, match->write)->result)
    {
      set_text (text, label, width, ALIGN_START, FALSE);
      *left = px + PIPE_HALF_WIDTH + 2;
      y = row_y (params, match->write);
    }
  else if ((gint64) match->bytes == read->result)
    {
      set_text (text, label, width, ALIGN_END, FALSE);
      *left = px - PIPE_HALF_WIDTH - 2 - width;
      y = row_y (params, match->read);
    }
  else
    {
      /* Part of a write into part of a read: neither end is its own. */
      set_text (text, label, width, ALIGN_START, FALSE);
      *left = px + PIPE_HALF_WIDTH + 2;
      y = (row_y (params, match->write) + row_y (params, match->read)) / 2;
    }
  pango_layout_get_pixel_size (text->layout, NULL, &height);
  *top = y - height / 2.0;
  return TRUE;
}

/* The bytes' way through the pipe: from the write's row to the read's. */
static void
draw_match (FifolabSequence            *seq,
            cairo_t                    *cr,
            Text                       *text,
            const FifolabSeqDrawParams *params,
            const Columns              *columns,
            guint                       index)
{
  const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, index);
  const FifolabSeqRow *read = fifolab_sequence_get_row (seq, match->read);
  double px = column_x (columns, columns->of_pipe[read->pipe]);
  double shift = ((double) (index % 3) - 1.0) * 3.0;
  double y_read = row_y (params, match->read);
  double y_write = match_write_y (params, match);
  double x, y;

  fifolab_cairo_set_rgba (cr, &match_color, 0.9);
  cairo_set_line_width (cr, 1.5);
  if (match->flags & FIFOLAB_SEQ_MATCH_BY_ORDER)
    cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
  cairo_move_to (cr, px + shift, y_write);
  cairo_line_to (cr, px + shift, y_read);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_arc (cr, px + shift, y_write, DOT_RADIUS, 0, 2 * G_PI);
  /* A writer not seen: a ring, where a seen write or bytes that were
   * there before have a dot. */
  if (match->flags & FIFOLAB_SEQ_MATCH_UNSEEN_WRITER)
    {
      cairo_set_line_width (cr, RING_LINE_WIDTH);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);

  if (match_note (seq, params, columns, index, text, &x, &y) ||
      match_bytes (seq, params, columns, index, text, &x, &y))
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, text->layout);
    }
}

/* The box of the names above @column: its left edge and width, centred
 * on the lifeline and cut to leave HEADER_GAP to the nearer neighbour's. */
static void
header_box (const Columns *columns,
            guint          column,
            double        *left,
            double        *width)
{
  double room = column_room (columns, column);

  *left = column_x (columns, column) - room / 2 + HEADER_GAP / 2;
  *width = room - HEADER_GAP;
}

/* What is under a pipe's name. */
static const char *
pipe_subtitle (FifolabSequence *seq,
               guint            pipe)
{
  return fifolab_sequence_get_pipe_competing (seq, pipe) ? _("readers compete: by order of reads") : _("FIFO");
}

static void
draw_header (FifolabSequence            *seq,
             cairo_t                    *cr,
             Text                       *text,
             const FifolabSeqDrawParams *params,
             const Columns              *columns)
{
  double x, width;

  fifolab_cairo_set_rgba (cr, &params->bg, 1.0);
  cairo_rectangle (cr, 0, 0, params->width, FIFOLAB_SEQ_HEADER_HEIGHT);
  cairo_fill (cr);
  fifolab_cairo_set_rgba (cr, &params->fg, 0.25);
  cairo_rectangle (cr, 0, FIFOLAB_SEQ_HEADER_HEIGHT - 1, params->width, 1);
  cairo_fill (cr);

  fifolab_cairo_set_rgba (cr, &params->fg, 0.7);
  show_text (cr, text, _("Time (s)"), 4, FIFOLAB_SEQ_HEADER_HEIGHT - 20,
             columns->gutter - 8, ALIGN_START, FALSE);

  for (guint i = 0; i < fifolab_sequence_get_n_processes (seq); i++)
    {
      const FifolabSeqProcess *process = fifolab_sequence_get_process (seq, i);
      g_autofree char *pid = NULL;

      header_box (columns, columns->of_process[i], &x, &width);
      pid = header_pid (text, process, width);
      fifolab_cairo_set_rgba (cr, &params->fg, 1.0);
      show_text (cr, text, pid, x, 6, width, ALIGN_CENTER, TRUE);
      show_text (cr, text, process->comm != NULL ? process->comm : "?", x, 24,
                 width, ALIGN_CENTER, FALSE);
    }
  for (guint i = 0; i < fifolab_sequence_get_n_pipes (seq); i++)
    {
      g_autofree char *name = pipe_name (seq, i);

      header_box (columns, columns->of_pipe[i], &x, &width);
      fifolab_cairo_set_rgba (cr, &match_color, 1.0);
      show_text (cr, text, name, x, 6, width, ALIGN_CENTER, TRUE);
      fifolab_cairo_set_rgba (cr, &params->fg, 0.7);
      show_text (cr, text, pipe_subtitle (seq, i), x, 24, width, ALIGN_CENTER, FALSE);
    }
}

gboolean
fifolab_sequence_draw_place_mark (FifolabSequence            *seq,
                                  const FifolabSeqDrawParams *params,
                                  guint                       row,
                                  PangoLayout                *layout,
                                  double                     *left,
                                  double                     *lifeline)
{
  const FifolabSeqRow *call;
  g_autofree char *mark = NULL;
  Columns columns;
  Text text;
  guint first, last;
  double width;
  Align align;

  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), FALSE);

  if (!rows_in_view (seq, params, &first, &last) || row < first || row > last)
    return FALSE;
  call = fifolab_sequence_get_row (seq, row);
  mark = mark_label (call);
  if (mark == NULL)
    return FALSE;
  text_init (&text, seq, layout, first, last);
  columns_init (&columns, seq, params, &text);
  align = mark_box (&columns, &text, call, mark, left, &width);
  *lifeline = column_x (&columns, columns.of_process[call->process]);
  columns_clear (&columns);
  set_text (&text, mark, width, align, TRUE);
  text_clear (&text);
  return TRUE;
}

/* What match @match has beside it, placed by @place with @params, when
 * its rows are in view. */
typedef gboolean (*MatchTextFunc) (FifolabSequence            *seq,
                                   const FifolabSeqDrawParams *params,
                                   const Columns              *columns,
                                   guint                       index,
                                   Text                       *text,
                                   double                     *left,
                                   double                     *top);

static gboolean
place_match_text (FifolabSequence            *seq,
                  const FifolabSeqDrawParams *params,
                  guint                       match,
                  MatchTextFunc               place,
                  PangoLayout                *layout,
                  double                     *left,
                  double                     *top)
{
  g_autoptr(GArray) matches = NULL;
  Columns columns;
  Text text;
  guint first, last;
  gboolean in_view = FALSE;
  gboolean placed;

  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), FALSE);

  if (!rows_in_view (seq, params, &first, &last))
    return FALSE;
  matches = fifolab_sequence_query_matches (seq, first, last);
  for (guint i = 0; i < matches->len; i++)
    in_view |= g_array_index (matches, guint, i) == match;
  if (!in_view)
    return FALSE;
  text_init (&text, seq, layout, first, last);
  columns_init (&columns, seq, params, &text);
  placed = place (seq, params, &columns, match, &text, left, top);
  columns_clear (&columns);
  text_clear (&text);
  return placed;
}

gboolean
fifolab_sequence_draw_place_match_note (FifolabSequence            *seq,
                                        const FifolabSeqDrawParams *params,
                                        guint                       match,
                                        PangoLayout                *layout,
                                        double                     *left,
                                        double                     *top,
                                        double                     *dot)
{
  if (!place_match_text (seq, params, match, match_note, layout, left, top))
    return FALSE;
  *dot = match_write_y (params, fifolab_sequence_get_match (seq, match));
  return TRUE;
}

gboolean
fifolab_sequence_draw_place_match_bytes (FifolabSequence            *seq,
                                         const FifolabSeqDrawParams *params,
                                         guint                       match,
                                         PangoLayout                *layout,
                                         double                     *left,
                                         double                     *top)
{
  return place_match_text (seq, params, match, match_bytes, layout, left, top);
}

gboolean
fifolab_sequence_draw_place_header (FifolabSequence            *seq,
                                    const FifolabSeqDrawParams *params,
                                    guint                       column,
                                    guint                       line,
                                    PangoLayout                *layout,
                                    double                     *left)
{
  g_autofree char *name = NULL;
  gboolean bold = line == 0;
  Columns columns;
  Text text;
  guint first, last;
  double width;

  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), FALSE);

  if (!rows_in_view (seq, params, &first, &last) || line > 1 ||
      column >= fifolab_sequence_get_n_processes (seq) + fifolab_sequence_get_n_pipes (seq))
    return FALSE;
  text_init (&text, seq, layout, first, last);
  columns_init (&columns, seq, params, &text);
  header_box (&columns, column, left, &width);
  for (guint i = 0; name == NULL && i < fifolab_sequence_get_n_processes (seq); i++)
    if (columns.of_process[i] == column)
      {
        const FifolabSeqProcess *process = fifolab_sequence_get_process (seq, i);

        name = line == 0 ? header_pid (&text, process, width)
                         : g_strdup (process->comm != NULL ? process->comm : "?");
      }
  for (guint i = 0; name == NULL && i < fifolab_sequence_get_n_pipes (seq); i++)
    if (columns.of_pipe[i] == column)
      name = line == 0 ? pipe_name (seq, i) : g_strdup (pipe_subtitle (seq, i));
  columns_clear (&columns);
  set_text (&text, name, width, ALIGN_CENTER, bold);
  text_clear (&text);
  return TRUE;
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
  Text text;
  guint first;
  guint last;
  double bottom = params->height;

  if (!rows_in_view (seq, params, &first, &last))
    {
      if (n == 0)
        {
          text_init (&text, seq, layout, 1, 0);
          fifolab_cairo_set_rgba (cr, &params->fg, 0.7);
          show_text (cr, &text, _("No calls observed yet: press Watch in a pipe's details to see who writes and who reads."),
                     24, params->height / 2 - 10, params->width - 48, ALIGN_CENTER, FALSE);
          text_clear (&text);
        }
      g_object_unref (layout);
      return;
    }

  text_init (&text, seq, layout, first, last);
  columns_init (&columns, seq, params, &text);
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
          char time[48];

          /* Microseconds, or milliseconds where the column is narrow. */
          g_snprintf (time, sizeof time, columns.gutter < FIFOLAB_SEQ_GUTTER_WIDTH ? "%.3f" : "%.6f",
                      (double) (fifolab_sequence_get_row (seq, i)->end_us - origin) / G_USEC_PER_SEC);
          show_text (cr, &text, time, 4, row_y (params, i) - 7, columns.gutter - 8,
                     ALIGN_START, FALSE);
        }
    }

  rows = fifolab_sequence_query_rows (seq, first, last);
  for (guint i = 0; i < rows->len; i++)
    draw_span (seq, cr, params, &columns, g_array_index (rows, guint, i));
  matches = fifolab_sequence_query_matches (seq, first, last);
  for (guint i = 0; i < matches->len; i++)
    draw_match (seq, cr, &text, params, &columns, g_array_index (matches, guint, i));
  for (guint i = first; i <= last; i++)
    draw_row (seq, cr, &text, params, &columns, i);
  cairo_restore (cr);

  draw_header (seq, cr, &text, params, &columns);
  columns_clear (&columns);
  text_clear (&text);
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

/* The pid @read's bytes claim ("Hello from pid [N]"), when all of them came
 * from one writer the watch did not see: -1 when none. */
static gint64
unseen_claim (FifolabSequence *seq,
              guint            read,
              GArray          *matches)
{
  const char *text = fifolab_sequence_get_row_text (seq, read);
  guint n = 0;

  for (guint i = 0; i < matches->len; i++)
    {
      const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, g_array_index (matches, guint, i));

      if (match->read != read)
        continue;
      if (!(match->flags & FIFOLAB_SEQ_MATCH_UNSEEN_WRITER))
        return -1;
      n++;
    }
  if (n != 1 || text == NULL)
    return -1;
  return fifolab_stamp_parse_claimed_pid ((const guint8 *) text, strlen (text));
}

/* The pids whose writes a read took bytes of, "1, 2"; "before the watch";
 * a writer the watch did not see, with the pid the bytes claim. */
static char *
writers_of (FifolabSequence *seq,
            guint            read)
{
  g_autoptr(GArray) matches = fifolab_sequence_query_matches (seq, read, read);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 claim = unseen_claim (seq, read, matches);

  for (guint i = 0; i < matches->len; i++)
    {
      const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, g_array_index (matches, guint, i));
      char bytes[32];

      if (match->read != read)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_snprintf (bytes, sizeof bytes, "%" G_GUINT64_FORMAT, match->bytes);
      if ((match->flags & FIFOLAB_SEQ_MATCH_UNSEEN_WRITER) && claim >= 0)
        {
          char pid[32];

          g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, claim);
          /* Translators: the bytes were written after the watch began; the
           * pid is only what the message says of itself, never checked. */
          g_string_append_printf (text, _("%s bytes written by a process the watch did not see, "
                                          "after the pipe was found empty (it came and went between "
                                          "two of the watch’s scans, or is another user’s); the "
                                          "message claims pid %s, which the watch did not see"),
                                  bytes, pid);
        }
      else if (match->flags & FIFOLAB_SEQ_MATCH_UNSEEN_WRITER)
        g_string_append_printf (text, _("%s bytes written by a process the watch did not see, "
                                        "after the pipe was found empty (it came and went between "
                                        "two of the watch’s scans, or is another user’s)"),
                                bytes);
      else if (match->write == G_MAXUINT)
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
      if (row->mark == FIFOLAB_SEQ_MARK_SIGNAL)
        /* Translators: "pid 4242 (cat) was killed by signal 15 (Terminated)",
         * the signal's description as the log gives it. */
        return g_strdup_printf (_("pid %s was killed by signal %d (%s)"), process, (int) row->result,
                                g_strsignal ((int) row->result));
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
