/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <unistd.h>

#include "fifolab-cairo.h"
#include "fifolab-diagram-layout.h"
#include "fifolab-diagram-private.h"
#include "fifolab-inspector.h"

#define PULSE_US (600 * 1000)
#define MAX_PULSES 8

typedef FifolabDiagramParticipant Participant;

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

  double             zoom;          /* the presentation zoom, 1: none */
  FifolabDiagramLayout *layout;     /* made when drawn, dropped on changes */
  int                layout_width;
  int                layout_height;
};

G_DEFINE_FINAL_TYPE (FifolabDiagram, fifolab_diagram, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PATH,
  PROP_HOLDERS,
  PROP_PEERS,
  PROP_CAPACITY,
  PROP_QUEUED,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void drop_layout (FifolabDiagram *self);

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
  /* Other boxes, other lines: laid out again, maybe at another height. */
  drop_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Drawing */

/* What the layout needs from the diagram's state (the strings static or
 * owned by @gauge). */
static void
get_content (FifolabDiagram        *self,
             FifolabDiagramContent *content,
             char                 **gauge)
{
  content->writers = self->writers;
  content->readers = self->readers;
  content->name = self->name;
  if (self->capacity > 0 && self->queued >= 0)
    {
      g_autofree char *queued = g_strdup_printf ("%" G_GINT64_FORMAT, self->queued);
      g_autofree char *capacity = g_strdup_printf ("%" G_GINT64_FORMAT, self->capacity);

      /* Translators: under the pipe: "10 of 65536 bytes in the buffer". */
      *gauge = g_strdup_printf (_("%s of %s bytes in the buffer"), queued, capacity);
    }
  else
    {
      *gauge = g_strdup (_("buffer: not known"));
    }
  content->gauge = *gauge;
  content->event = NULL;
  content->event_is_error = self->state_event == FIFOLAB_EVENT_NO_READER;
  if (self->state_event == FIFOLAB_EVENT_END_OF_STREAM)
    content->event = _("EOF: the last writer closed");
  else if (self->state_event == FIFOLAB_EVENT_NO_READER)
    content->event = _("EPIPE: no reader left");
  content->writers_blocked = writer_blocked (self);
}

/* The layout for the current size, state and zoom, made when first needed
 * after a change (dropped by drop_layout()). */
static FifolabDiagramLayout *
ensure_layout (FifolabDiagram *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->layout != NULL &&
      (self->layout_width != width || self->layout_height != height))
    g_clear_pointer (&self->layout, fifolab_diagram_layout_free);
  if (self->layout == NULL)
    {
      FifolabDiagramContent content = { 0 };
      g_autofree char *gauge = NULL;

      get_content (self, &content, &gauge);
      self->layout = fifolab_diagram_layout_new (GTK_WIDGET (self), &content, width, height, self->zoom);
      self->layout_width = width;
      self->layout_height = height;
    }
  return self->layout;
}

static void
drop_layout (FifolabDiagram *self)
{
  g_clear_pointer (&self->layout, fifolab_diagram_layout_free);
}

static void
fifolab_diagram_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double fill = 0;
  GdkRGBA fg;
  cairo_t *cr;

  fifolab_widget_get_fg (widget, &fg);

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->path == NULL)
    {
      PangoLayout *text = gtk_widget_create_pango_layout (widget, _("Select a pipe to see who uses it."));

      pango_layout_set_width (text, (int) ((width - 24) * PANGO_SCALE));
      pango_layout_set_wrap (text, PANGO_WRAP_WORD_CHAR);
      fifolab_cairo_set_rgba (cr, &fg, 0.6);
      cairo_move_to (cr, 12, height / 2 - 8);
      pango_cairo_show_layout (cr, text);
      g_object_unref (text);
      cairo_destroy (cr);
      return;
    }

  if (self->capacity > 0 && self->queued > 0)
    fill = MIN (1.0, (double) self->queued / (double) self->capacity);
  fifolab_diagram_layout_draw (ensure_layout (self), cr, &fg, fill, self->pulses, g_get_monotonic_time (), PULSE_US);
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

static GtkSizeRequestMode
fifolab_diagram_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
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
  FifolabDiagramContent content = { 0 };
  g_autofree char *gauge = NULL;
  double natural_width;

  get_content (self, &content, &gauge);
  natural_width = fifolab_diagram_layout_natural_width (widget, &content, self->zoom);
  /* Narrow enough for the side pane (300 px less its margins) in every
   * language: narrower than its lines, the boxes' lines wrap, and they grow. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (240 * self->zoom + 0.999);
      *natural = MAX (*minimum, (int) (natural_width + 0.999));
    }
  else
    {
      g_autoptr(FifolabDiagramLayout) layout = NULL;

      layout = fifolab_diagram_layout_new (widget, &content, for_size >= 0 ? for_size : natural_width, 0, self->zoom);
      *minimum = MAX (160, (int) (layout->height + 0.999));
      *natural = MAX (200, *minimum);
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

  drop_layout (self);
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
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
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
    case PROP_ZOOM:
      fifolab_diagram_set_zoom (self, g_value_get_double (value));
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
  widget_class->get_request_mode = fifolab_diagram_get_request_mode;

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
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0.5, 4.0, 1.0,
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
  self->zoom = 1.0;
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
  drop_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
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
  drop_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
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
  drop_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
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

double
fifolab_diagram_get_zoom (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), 1.0);
  return self->zoom;
}

/**
 * fifolab_diagram_set_zoom:
 * @zoom: how much larger than the widget's font the texts are drawn, and
 *   every size with them (1: as the font)
 */
void
fifolab_diagram_set_zoom (FifolabDiagram *self,
                          double          zoom)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  zoom = CLAMP (zoom, 0.5, 4.0);
  if (G_APPROX_VALUE (zoom, self->zoom, 0.001))
    return;
  self->zoom = zoom;
  drop_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/* For the UI tests: the texts drawn at the current size and where. */
GPtrArray *
_fifolab_diagram_dup_texts (FifolabDiagram *self,
                            GArray        **rects)
{
  FifolabDiagramLayout *layout = ensure_layout (self);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  *rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  if (self->path == NULL)
    return texts;
  for (guint i = 0; i < layout->texts->len; i++)
    {
      FifolabDiagramText *text = &g_array_index (layout->texts, FifolabDiagramText, i);

      g_ptr_array_add (texts, g_strdup (pango_layout_get_text (text->layout)));
      g_array_append_val (*rects, text->rect);
      if (pango_layout_is_ellipsized (text->layout))
        g_ptr_array_index (texts, texts->len - 1) = g_strconcat ("ELLIPSIZED:", pango_layout_get_text (text->layout), NULL);
    }
  return texts;
}

double
_fifolab_diagram_get_font_px (FifolabDiagram *self)
{
  return ensure_layout (self)->font_px;
}
