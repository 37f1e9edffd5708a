/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <unistd.h>

#include "fifolab-cairo.h"
#include "fifolab-diagram-private.h"
#include "fifolab-inspector.h"

#define BOX_HEIGHT 62
#define BOX_GAP 10
#define MARGIN 12
#define PULSE_US (600 * 1000)
#define MAX_PULSES 8

typedef struct
{
  gint64    pid;
  char     *command;
  gboolean  is_self;
  gboolean  waiting;   /* started, blocked in open(): no descriptor yet */
} Participant;

struct _FifolabDiagram
{
  GtkWidget         parent_instance;

  char             *path;
  char             *name;          /* the path's file name as shown */
  GListStore       *holders;
  GListModel       *peers;
  /* Rebuilds on the peers' items-changed, whichever model is set. */
  GSignalGroup     *peers_signals;
  gint64            capacity;
  gint64            queued;
  FifolabEventKind  state_event;   /* END_OF_STREAM, NO_READER or NONE */

  GArray           *writers;       /* Participant */
  GArray           *readers;
  char             *description;

  GArray           *pulses;        /* gint64 start times */
  guint             tick_id;

  FifolabHolderScan *scan;
  FifolabSession    *session;
  FifolabLog        *log;
  GObject           *scan_source;   /* weak: it usually owns this diagram */
};

G_DEFINE_FINAL_TYPE (FifolabDiagram, fifolab_diagram, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PATH,
  PROP_HOLDERS,
  PROP_PEERS,
  PROP_CAPACITY,
  PROP_QUEUED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
participant_clear (gpointer data)
{
  Participant *p = data;

  g_clear_pointer (&p->command, g_free);
}

static void
add_participant (GArray     *array,
                 gint64      pid,
                 const char *command,
                 gboolean    waiting)
{
  Participant p = { 0 };

  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, Participant, i).pid == pid)
      return;
  p.pid = pid;
  p.command = g_strdup (command != NULL ? command : "?");
  p.is_self = pid == (gint64) getpid ();
  p.waiting = waiting;
  /* The array takes p.command with its copy of p: its clear function
   * (participant_clear) frees it. cppcheck does not follow the copy. */
  g_array_append_val (array, p);
  /* cppcheck-suppress memleak */
}

static gboolean
holds (GArray *array,
       gint64  pid)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, Participant, i).pid == pid)
      return TRUE;
  return FALSE;
}

static void
append_side (GString    *text,
             const char *heading,
             GArray     *side)
{
  g_string_append (text, heading);
  if (side->len == 0)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("none"));
    }
  for (guint i = 0; i < side->len; i++)
    {
      Participant *p = &g_array_index (side, Participant, i);
      g_autofree char *pid_text = g_strdup_printf ("%" G_GINT64_FORMAT, p->pid);
      g_autofree char *item = NULL;

      /* Translators: "pid 123 (fifolab-peer)": a pid, then a command name. */
      item = g_strdup_printf (_("pid %s (%s)"), pid_text, p->command);
      g_string_append (text, i == 0 ? " " : ", ");
      g_string_append (text, item);
      if (p->is_self)
        {
          g_string_append (text, " — ");
          g_string_append (text, _("FIFO Lab itself"));
        }
      if (p->waiting)
        {
          g_string_append (text, ", ");
          g_string_append (text, _("waiting in open()"));
        }
    }
  g_string_append (text, ". ");
}

static gboolean
writer_blocked (FifolabDiagram *self)
{
  return self->capacity > 0 && self->queued >= self->capacity && self->writers->len > 0;
}

static void
update_description (FifolabDiagram *self)
{
  GString *text = g_string_new (NULL);
  const char *name = self->name;

  if (name == NULL)
    {
      g_string_append (text, _("No pipe selected."));
    }
  else
    {
      /* Translators: %s is a pipe's file name. */
      g_string_append_printf (text, _("Pipe %s."), name);
      g_string_append_c (text, ' ');
      append_side (text, _("Writers:"), self->writers);
      append_side (text, _("Readers:"), self->readers);
      if (self->capacity > 0 && self->queued >= 0)
        {
          g_autofree char *queued = g_strdup_printf ("%" G_GINT64_FORMAT, self->queued);
          g_autofree char *capacity = g_strdup_printf ("%" G_GINT64_FORMAT, self->capacity);

          /* Translators: "Buffer: 10 of 65536 bytes queued." */
          g_string_append_printf (text, _("Buffer: %s of %s bytes queued."), queued, capacity);
          g_string_append_c (text, ' ');
        }
      if (writer_blocked (self))
        {
          g_string_append (text, _("The pipe is full: writers are blocked."));
          g_string_append_c (text, ' ');
        }
      if (self->state_event == FIFOLAB_EVENT_END_OF_STREAM)
        g_string_append (text, _("End of file: the last writer closed."));
      else if (self->state_event == FIFOLAB_EVENT_NO_READER)
        g_string_append (text, _("EPIPE: a writer wrote with no reader left."));
    }

  g_free (self->description);
  self->description = g_strstrip (g_string_free (text, FALSE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

static void
rebuild (FifolabDiagram *self)
{
  guint old_rows = MAX (self->writers->len, self->readers->len);
  guint n;

  g_array_set_size (self->writers, 0);
  g_array_set_size (self->readers, 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->holders));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabHolder) holder = g_list_model_get_item (G_LIST_MODEL (self->holders), i);
      FifolabAccess access = fifolab_holder_get_access (holder);

      if (access & FIFOLAB_ACCESS_WRITE)
        add_participant (self->writers, fifolab_holder_get_pid (holder),
                         fifolab_holder_get_command (holder), FALSE);
      if (access & FIFOLAB_ACCESS_READ)
        add_participant (self->readers, fifolab_holder_get_pid (holder),
                         fifolab_holder_get_command (holder), FALSE);
    }

  /* Peers FIFO Lab started on this pipe that hold nothing yet: blocked in open(). */
  n = self->peers != NULL ? g_list_model_get_n_items (self->peers) : 0;
  for (guint i = 0; i < n && self->path != NULL; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (self->peers, i);
      gint64 pid = fifolab_peer_process_get_pid (peer);
      GArray *side;

      if (!fifolab_peer_process_is_running (peer) ||
          g_strcmp0 (fifolab_peer_process_get_path (peer), self->path) != 0)
        continue;
      side = fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_WRITE ? self->writers : self->readers;
      if (!holds (side, pid))
        add_participant (side, pid, "fifolab-peer", TRUE);
    }

  update_description (self);
  /* More boxes on a side need more height. */
  if (MAX (self->writers->len, self->readers->len) != old_rows)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Drawing */

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_text (FifolabDiagram *self,
           cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           gboolean        bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  /* Plain text, never markup: a command name is whatever the process says. */
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  /* Titles stay on one line; longer texts may take two. */
  pango_layout_set_height (layout, bold ? -1 : -2);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_side (FifolabDiagram *self,
           cairo_t        *cr,
           GArray         *side,
           double          x,
           double          width,
           double          height,
           const GdkRGBA  *fg,
           const GdkRGBA  *accent,
           const GdkRGBA  *warning,
           gboolean        blocked)
{
  double total = side->len * BOX_HEIGHT + (side->len > 0 ? (side->len - 1) * BOX_GAP : 0);
  double y = MAX (MARGIN, (height - total) / 2);

  for (guint i = 0; i < side->len; i++, y += BOX_HEIGHT + BOX_GAP)
    {
      Participant *p = &g_array_index (side, Participant, i);
      g_autofree char *title = NULL;
      g_autofree char *pid_text = NULL;
      const char *state = NULL;
      const GdkRGBA *edge = p->is_self ? accent : fg;

      rounded_rect (cr, x, y, width, BOX_HEIGHT, 6);
      fifolab_cairo_set_rgba (cr, p->is_self ? accent : fg, p->is_self ? 0.18 : 0.07);
      cairo_fill_preserve (cr);
      if (p->waiting)
        {
          static const double dash[] = { 4, 3 };

          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          edge = warning;
        }
      else if (blocked)
        edge = warning;
      fifolab_cairo_set_rgba (cr, edge, 0.9);
      cairo_set_line_width (cr, p->is_self ? 2 : 1);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      /* Translators: a process box's first line, "pid 1234". */
      pid_text = g_strdup_printf ("%" G_GINT64_FORMAT, p->pid);
      title = g_strdup_printf (_("pid %s"), pid_text);
      fifolab_cairo_set_rgba (cr, fg, 1.0);
      draw_text (self, cr, title, x + 8, y + 4, width - 16, TRUE);
      fifolab_cairo_set_rgba (cr, fg, 0.85);
      draw_text (self, cr, p->is_self ? _("FIFO Lab") : p->command, x + 8, y + 22, width - 16, TRUE);

      /* Short: the box is narrow (the description says it in full). */
      if (p->waiting)
        /* Translators: a process blocked in the open() call, in a narrow box. */
        state = _("in open()…");
      else if (blocked)
        /* Translators: a writer blocked because the pipe is full, in a narrow box. */
        state = _("pipe full…");
      if (state != NULL)
        {
          fifolab_cairo_set_rgba (cr, p->waiting || blocked ? warning : fg, 0.9);
          draw_text (self, cr, state, x + 8, y + 40, width - 16, TRUE);
        }
    }

  if (side->len == 0)
    {
      fifolab_cairo_set_rgba (cr, fg, 0.5);
      draw_text (self, cr, _("none"), x + 8, height / 2 - 8, width - 16, FALSE);
    }
}

static void
fifolab_diagram_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  const GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  const GdkRGBA warning = { 0.90, 0.57, 0.04, 1.0 };
  const GdkRGBA danger = { 0.88, 0.11, 0.14, 1.0 };
  double col = MAX (60, width * 0.32);
  double pipe_x = col + 2 * MARGIN;
  double pipe_w = MAX (20, width - 2 * col - 4 * MARGIN);
  double pipe_y = height / 2 - 18;
  double fill = 0;
  gint64 now = g_get_monotonic_time ();
  cairo_t *cr;

  fifolab_widget_get_fg (widget, &fg);

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->path == NULL)
    {
      fifolab_cairo_set_rgba (cr, &fg, 0.6);
      draw_text (self, cr, _("Select a pipe to see who uses it."), MARGIN, height / 2 - 8,
                 width - 2 * MARGIN, FALSE);
      cairo_destroy (cr);
      return;
    }

  draw_side (self, cr, self->writers, MARGIN, col, height, &fg, &accent, &warning, writer_blocked (self));
  draw_side (self, cr, self->readers, width - col - MARGIN, col, height, &fg, &accent, &warning, FALSE);

  /* The pipe, and its buffer filling from the reader's end. */
  if (self->capacity > 0 && self->queued > 0)
    fill = MIN (1.0, (double) self->queued / (double) self->capacity);
  rounded_rect (cr, pipe_x, pipe_y, pipe_w, 36, 18);
  fifolab_cairo_set_rgba (cr, &fg, 0.06);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip (cr);
  cairo_rectangle (cr, pipe_x + pipe_w * (1 - fill), pipe_y, pipe_w * fill, 36);
  fifolab_cairo_set_rgba (cr, fill >= 1.0 ? &warning : &accent, 0.45);
  cairo_fill (cr);
  cairo_restore (cr);
  rounded_rect (cr, pipe_x, pipe_y, pipe_w, 36, 18);
  fifolab_cairo_set_rgba (cr, &fg, 0.6);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  {
    const char *name = self->name;
    g_autofree char *gauge = NULL;

    if (self->capacity > 0 && self->queued >= 0)
      gauge = g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " B", self->queued, self->capacity);
    else
      gauge = g_strdup (_("buffer: not known"));
    fifolab_cairo_set_rgba (cr, &fg, 1.0);
    draw_text (self, cr, name, pipe_x + 4, pipe_y - 24, pipe_w - 8, TRUE);
    fifolab_cairo_set_rgba (cr, &fg, 0.7);
    draw_text (self, cr, gauge, pipe_x + 4, pipe_y + 42, pipe_w - 8, FALSE);
  }

  /* Arrows: writers → pipe → readers. */
  fifolab_cairo_set_rgba (cr, &fg, 0.4);
  cairo_move_to (cr, MARGIN + col + 2, height / 2);
  cairo_line_to (cr, pipe_x - 2, height / 2);
  cairo_move_to (cr, pipe_x + pipe_w + 2, height / 2);
  cairo_line_to (cr, width - col - MARGIN - 2, height / 2);
  cairo_stroke (cr);

  if (self->state_event != FIFOLAB_EVENT_NONE)
    {
      const char *label = self->state_event == FIFOLAB_EVENT_END_OF_STREAM
                          ? _("EOF: the last writer closed")
                          : _("EPIPE: no reader left");

      fifolab_cairo_set_rgba (cr, self->state_event == FIFOLAB_EVENT_NO_READER ? &danger : &warning, 1.0);
      draw_text (self, cr, label, pipe_x + 4, pipe_y + 62, pipe_w - 8, FALSE);
    }

  /* Messages in flight. */
  for (guint i = 0; i < self->pulses->len; i++)
    {
      double t = (double) (now - g_array_index (self->pulses, gint64, i)) / PULSE_US;
      double x0 = MARGIN + col;
      double x1 = width - col - MARGIN;

      if (t < 0 || t > 1)
        continue;
      cairo_arc (cr, x0 + (x1 - x0) * t, height / 2, 6, 0, 2 * G_PI);
      fifolab_cairo_set_rgba (cr, &accent, 1.0 - 0.5 * t);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static gboolean
animations_enabled (FifolabDiagram *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (widget);
  gint64 now = g_get_monotonic_time ();

  for (guint i = self->pulses->len; i > 0; i--)
    if (now - g_array_index (self->pulses, gint64, i - 1) > PULSE_US)
      g_array_remove_index (self->pulses, i - 1);

  gtk_widget_queue_draw (widget);
  if (self->pulses->len == 0)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
fifolab_diagram_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (widget);

  /* Narrow enough for the side pane (300 px less its margins) in every
   * language: the boxes scale and their text is ellipsized. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
    }
  else
    {
      guint n = MAX (MAX (self->writers->len, self->readers->len), 1);
      int boxes = (int) (n * BOX_HEIGHT + (n - 1) * BOX_GAP + 2 * MARGIN);

      *minimum = MAX (160, boxes);
      *natural = MAX (200, boxes);
    }
}

static void
peers_changed_cb (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  FifolabDiagram *self)
{
  rebuild (self);
}

/* GObject */

static void
fifolab_diagram_dispose (GObject *object)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (object);

  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  fifolab_diagram_follow (self, NULL, NULL);
  g_clear_object (&self->scan);
  g_clear_object (&self->peers_signals);
  g_clear_object (&self->peers);
  g_clear_object (&self->holders);

  G_OBJECT_CLASS (fifolab_diagram_parent_class)->dispose (object);
}

static void
fifolab_diagram_finalize (GObject *object)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->writers, g_array_unref);
  g_clear_pointer (&self->readers, g_array_unref);
  g_clear_pointer (&self->pulses, g_array_unref);

  G_OBJECT_CLASS (fifolab_diagram_parent_class)->finalize (object);
}

static void
fifolab_diagram_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_HOLDERS:
      g_value_set_object (value, self->holders);
      break;
    case PROP_PEERS:
      g_value_set_object (value, self->peers);
      break;
    case PROP_CAPACITY:
      g_value_set_int64 (value, self->capacity);
      break;
    case PROP_QUEUED:
      g_value_set_int64 (value, self->queued);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_diagram_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      fifolab_diagram_set_path (self, g_value_get_string (value));
      break;
    case PROP_PEERS:
      fifolab_diagram_set_peers (self, g_value_get_object (value));
      break;
    case PROP_CAPACITY:
      fifolab_diagram_set_capacity (self, g_value_get_int64 (value));
      break;
    case PROP_QUEUED:
      fifolab_diagram_set_queued (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_diagram_class_init (FifolabDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_diagram_dispose;
  object_class->finalize = fifolab_diagram_finalize;
  object_class->get_property = fifolab_diagram_get_property;
  object_class->set_property = fifolab_diagram_set_property;

  widget_class->snapshot = fifolab_diagram_snapshot;
  widget_class->measure = fifolab_diagram_measure;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOLDERS] =
    g_param_spec_object ("holders", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_int64 ("capacity", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUED] =
    g_param_spec_int64 ("queued", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "fifolab-diagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fifolab_diagram_init (FifolabDiagram *self)
{
  self->holders = g_list_store_new (FIFOLAB_TYPE_HOLDER);
  self->capacity = -1;
  self->queued = -1;
  self->writers = g_array_new (FALSE, TRUE, sizeof (Participant));
  g_array_set_clear_func (self->writers, participant_clear);
  self->readers = g_array_new (FALSE, TRUE, sizeof (Participant));
  g_array_set_clear_func (self->readers, participant_clear);
  self->pulses = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->peers_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->peers_signals, "items-changed", G_CALLBACK (peers_changed_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pipe diagram"),
                                  -1);
  update_description (self);
}

/* Public API */

GtkWidget *
fifolab_diagram_new (void)
{
  return g_object_new (FIFOLAB_TYPE_DIAGRAM, NULL);
}

const char *
fifolab_diagram_get_path (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), NULL);
  return self->path;
}

void
fifolab_diagram_set_path (FifolabDiagram *self,
                          const char     *path)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  g_clear_pointer (&self->name, g_free);
  if (path != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      /* Drawn and described: escaped and bounded, never laid out raw. */
      self->name = fifolab_escape_name (base, 0);
    }
  g_list_store_remove_all (self->holders);
  self->state_event = FIFOLAB_EVENT_NONE;
  self->queued = self->capacity = -1;
  g_array_set_size (self->pulses, 0);
  if (self->scan != NULL && path != NULL)
    {
      g_autoptr(GPtrArray) holders = fifolab_holder_scan_get_holders (self->scan, path);

      g_list_store_splice (self->holders, 0, 0, holders->pdata, holders->len);
    }
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

void
fifolab_diagram_set_holders (FifolabDiagram *self,
                             GPtrArray      *holders)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  g_list_store_splice (self->holders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->holders)),
                       holders != NULL ? holders->pdata : NULL, holders != NULL ? holders->len : 0);
  rebuild (self);
}

void
fifolab_diagram_set_holder_scan (FifolabDiagram    *self,
                                 FifolabHolderScan *scan)
{
  g_autoptr(GPtrArray) holders = NULL;

  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  g_set_object (&self->scan, scan);
  if (scan != NULL && self->path != NULL)
    holders = fifolab_holder_scan_get_holders (scan, self->path);
  fifolab_diagram_set_holders (self, holders);
}

/**
 * fifolab_diagram_get_holders:
 * @self: a diagram
 *
 * Returns: (transfer none): the holders drawn, a list of FifolabHolder
 */
GListModel *
fifolab_diagram_get_holders (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), NULL);
  return G_LIST_MODEL (self->holders);
}

void
fifolab_diagram_set_peers (FifolabDiagram *self,
                           GListModel     *peers)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));
  g_return_if_fail (peers == NULL || G_IS_LIST_MODEL (peers));

  if (!g_set_object (&self->peers, peers))
    return;
  /* NULL after dispose. */
  if (self->peers_signals != NULL)
    g_signal_group_set_target (self->peers_signals, peers);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEERS]);
}

gint64
fifolab_diagram_get_capacity (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), -1);
  return self->capacity;
}

void
fifolab_diagram_set_capacity (FifolabDiagram *self,
                              gint64          capacity)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  capacity = MAX (capacity, -1);
  if (self->capacity == capacity)
    return;
  self->capacity = capacity;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

gint64
fifolab_diagram_get_queued (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), -1);
  return self->queued;
}

void
fifolab_diagram_set_queued (FifolabDiagram *self,
                            gint64          queued)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  queued = MAX (queued, -1);
  if (self->queued == queued)
    return;
  self->queued = queued;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
}

void
fifolab_diagram_note_event (FifolabDiagram   *self,
                            FifolabEventKind  kind)
{
  FifolabEventKind state = self->state_event;

  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  switch (kind)
    {
    case FIFOLAB_EVENT_END_OF_STREAM:
    case FIFOLAB_EVENT_NO_READER:
      state = kind;
      break;
    case FIFOLAB_EVENT_WRITER_CONNECTED:
    case FIFOLAB_EVENT_READER_CONNECTED:
    case FIFOLAB_EVENT_PIPE_REMOVED:
      state = FIFOLAB_EVENT_NONE;
      break;
    default:
      break;
    }
  if (state == self->state_event)
    return;
  self->state_event = state;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fifolab_diagram_pulse_message (FifolabDiagram *self)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  /* Reduced motion: the message is in the log; nothing moves here. */
  if (!animations_enabled (self))
    return;
  /* A flood is shown as a stream of a few dots, not thousands. */
  if (self->pulses->len >= MAX_PULSES ||
      (self->pulses->len > 0 &&
       now - g_array_index (self->pulses, gint64, self->pulses->len - 1) < PULSE_US / MAX_PULSES))
    return;
  g_array_append_val (self->pulses, now);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

/* Following */

static void
update_gauge (FifolabDiagram *self)
{
  gssize capacity = -1;
  gssize queued = -1;

  if (self->session != NULL && self->path != NULL)
    {
      FifolabReader *reader = fifolab_session_get_reader (self->session, self->path);
      FifolabWriter *writer = fifolab_session_get_writer (self->session, self->path);

      if (reader != NULL && fifolab_reader_get_capacity (reader) > 0)
        {
          capacity = fifolab_reader_get_capacity (reader);
          queued = fifolab_reader_get_queued (reader);
        }
      else if (writer != NULL && fifolab_writer_get_capacity (writer) > 0)
        {
          capacity = fifolab_writer_get_capacity (writer);
          queued = fifolab_writer_get_queued (writer);
        }
    }
  fifolab_diagram_set_capacity (self, capacity);
  fifolab_diagram_set_queued (self, queued);
}

static void
scan_source_notify_cb (GObject        *source,
                       GParamSpec     *pspec,
                       FifolabDiagram *self)
{
  g_autoptr(FifolabHolderScan) scan = NULL;

  g_object_get (source, "holder-scan", &scan, NULL);
  fifolab_diagram_set_holder_scan (self, scan);
  update_gauge (self);
}

/* At most this many new entries are looked at per batch: a flood shows as a
 * stream of dots anyway. */
#define FOLLOW_MAX_ENTRIES 64

static void
log_items_changed_cb (GListModel     *log,
                      guint           position,
                      guint           removed,
                      guint           added,
                      FifolabDiagram *self)
{
  gboolean touched = FALSE;
  guint first;

  if (added == 0 || self->path == NULL)
    return;

  first = position + (added > FOLLOW_MAX_ENTRIES ? added - FOLLOW_MAX_ENTRIES : 0);
  for (guint i = first; i < position + added; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (log, i);

      if (entry == NULL || g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), self->path) != 0)
        continue;
      touched = TRUE;
      switch (fifolab_log_entry_get_direction (entry))
        {
        case FIFOLAB_DIRECTION_RECEIVED:
        case FIFOLAB_DIRECTION_OUTPUT:
          fifolab_diagram_pulse_message (self);
          break;
        case FIFOLAB_DIRECTION_EVENT:
          fifolab_diagram_note_event (self, fifolab_log_entry_get_kind (entry));
          break;
        case FIFOLAB_DIRECTION_SENT:
        default:
          break;
        }
    }
  if (touched)
    update_gauge (self);
}

/**
 * fifolab_diagram_follow:
 * @self: a diagram
 * @session: (nullable): FIFO Lab's session
 * @scan_source: (nullable): an object with a "holder-scan" property
 */
void
fifolab_diagram_follow (FifolabDiagram *self,
                        FifolabSession *session,
                        GObject        *scan_source)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));
  g_return_if_fail (scan_source == NULL || G_IS_OBJECT (scan_source));

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  if (self->scan_source != NULL)
    g_signal_handlers_disconnect_by_data (self->scan_source, self);
  g_clear_object (&self->log);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->scan_source);

  if (session != NULL)
    {
      self->session = g_object_ref (session);
      self->log = g_object_ref (fifolab_session_get_log (session));
      g_signal_connect (self->log, "items-changed", G_CALLBACK (log_items_changed_cb), self);
    }
  if (scan_source != NULL)
    {
      g_set_weak_pointer (&self->scan_source, scan_source);
      g_signal_connect (scan_source, "notify::holder-scan", G_CALLBACK (scan_source_notify_cb), self);
      scan_source_notify_cb (scan_source, NULL, self);
    }
}

const char *
_fifolab_diagram_get_description (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), NULL);
  return self->description;
}

guint
_fifolab_diagram_get_n_animating (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), 0);
  return self->pulses->len;
}
