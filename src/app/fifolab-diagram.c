/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "fifolab-accessible.h"
#include "fifolab-cairo.h"
#include "fifolab-diagram-private.h"

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

/* The state changed: said again, laid out again (maybe at another height). */
void
_fifolab_diagram_changed (FifolabDiagram *self)
{
  _fifolab_diagram_update_description (self);
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
  content->absent = self->absent;
  if (self->absent)
    /* Translators: under a pipe a lesson has not made yet (no mkfifo()
     * so far): only its place is drawn. */
    *gauge = g_strdup (_("not created yet"));
  else if (self->capacity > 0 && self->queued >= 0)
    {
      g_autofree char *queued = g_strdup_printf ("%" G_GINT64_FORMAT, self->queued);
      g_autofree char *capacity = g_strdup_printf ("%" G_GINT64_FORMAT, self->capacity);

      if (self->gauge_estimated)
        /* Translators: under the pipe, FIFO Lab holding no end: "about 10 of
         * 65536 bytes in the buffer, counted by the watch" (bytes were there
         * before it started, or a write is under way). */
        *gauge = g_strdup_printf (_("about %s of %s bytes in the buffer, counted by the watch"), queued, capacity);
      else if (self->gauge_watched)
        /* Translators: under the pipe, FIFO Lab holding no end. */
        *gauge = g_strdup_printf (_("%s of %s bytes in the buffer, counted by the watch"), queued, capacity);
      else
        /* Translators: under the pipe: "10 of 65536 bytes in the buffer". */
        *gauge = g_strdup_printf (_("%s of %s bytes in the buffer"), queued, capacity);
    }
  else
    {
      *gauge = g_strdup (_("buffer: not known"));
    }
  content->gauge = *gauge;
  content->event = _fifolab_diagram_event_text (self->event, &content->event_ink);
  content->torn = self->event == FIFOLAB_DIAGRAM_EVENT_TORN;
}

/* What the fit depends on: the size, the zoom, every text but the byte
 * count, of which only the length. */
static char *
fit_key (FifolabDiagram              *self,
         const FifolabDiagramContent *content,
         int                          width,
         int                          height)
{
  GString *key = g_string_new (NULL);
  GArray *sides[] = { content->writers, content->readers };

  g_string_append_printf (key, "%dx%d@%g|%s%s|%s|%zu", width, height, self->zoom,
                          content->absent ? "absent:" : "",
                          content->name != NULL ? content->name : "",
                          content->event != NULL ? content->event : "",
                          content->gauge != NULL ? strlen (content->gauge) : 0);
  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    {
      g_string_append_c (key, '|');
      for (guint i = 0; i < sides[s]->len; i++)
        {
          FifolabDiagramParticipant *p = &g_array_index (sides[s], FifolabDiagramParticipant, i);

          g_string_append_printf (key, "%" G_GINT64_FORMAT ",%s,%s;", p->pid, p->command,
                                  p->state != NULL ? p->state : "");
        }
    }
  return g_string_free (key, FALSE);
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

      g_autofree char *key = NULL;

      get_content (self, &content, &gauge);
      /* Fitted to the space given, then the presentation zoom: found again
       * only when what is drawn changes shape, not with each byte count. */
      key = fit_key (self, &content, width, height);
      if (g_strcmp0 (key, self->fit_key) != 0)
        {
          self->fit_scale = fifolab_diagram_layout_fit (GTK_WIDGET (self), &content, width, height, self->zoom);
          g_free (self->fit_key);
          self->fit_key = g_steal_pointer (&key);
        }
      self->layout = fifolab_diagram_layout_new (GTK_WIDGET (self), &content, width, height, self->fit_scale);
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
  g_autoptr(GArray) packets = NULL;
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
  packets = _fifolab_diagram_dup_packets (self);
  fifolab_diagram_layout_draw (ensure_layout (self), widget, cr, &fg, fill, packets);
  cairo_destroy (cr);
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
  /* Zoomed in where there is no room, it is drawn as large as the room
   * holds (fifolab_diagram_layout_fit()), but never smaller than at zoom 1:
   * what it needs at least. */
  double least = MIN (self->zoom, 1.0);
  double natural_width;

  get_content (self, &content, &gauge);
  natural_width = fifolab_diagram_layout_natural_width (widget, &content, self->zoom);
  /* Narrow enough for the side pane (300 px less its margins) in every
   * language: narrower than its lines, the boxes' lines wrap, and they grow. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (240 * least + 0.999);
      *natural = MAX (*minimum, (int) (natural_width + 0.999));
    }
  else
    {
      g_autoptr(FifolabDiagramLayout) smallest = NULL;
      g_autoptr(FifolabDiagramLayout) zoomed = NULL;
      double width = for_size >= 0 ? for_size : natural_width;

      smallest = fifolab_diagram_layout_new (widget, &content, width, 0, least);
      zoomed = fifolab_diagram_layout_new (widget, &content, width, 0, self->zoom);
      *minimum = MAX (160, (int) (smallest->height + 0.999));
      *natural = MAX (200, MAX (*minimum, (int) (zoomed->height + 0.999)));
    }
}

static void
peers_changed_cb (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  FifolabDiagram *self)
{
  /* A new peer: the ones that had ended leave the stage, and what happened
   * to them leaves the pipe. */
  if (added > 0)
    {
      _fifolab_diagram_retire_exited (self);
      self->event = self->peers_event = FIFOLAB_DIAGRAM_EVENT_NONE;
    }
  _fifolab_diagram_rebuild (self);
}

/* GObject */

static void
fifolab_diagram_dispose (GObject *object)
{
  FifolabDiagram *self = FIFOLAB_DIAGRAM (object);

  _fifolab_diagram_flights_clear (self);
  _fifolab_diagram_stop_following (self);
  _fifolab_diagram_stop_watch (self);
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
  g_clear_pointer (&self->fit_key, g_free);
  g_clear_pointer (&self->writers, g_array_unref);
  g_clear_pointer (&self->readers, g_array_unref);
  g_clear_pointer (&self->flights, g_ptr_array_unref);
  g_clear_pointer (&self->retired, g_hash_table_unref);

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
  self->writers = _fifolab_diagram_side_new ();
  self->readers = _fifolab_diagram_side_new ();
  self->retired = g_hash_table_new (NULL, NULL);
  self->peers_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->peers_signals, "items-changed", G_CALLBACK (peers_changed_cb), self);

  fifolab_accessible_set_name (GTK_WIDGET (self), _("Pipe diagram"));
  _fifolab_diagram_update_description (self);
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
  /* Said otherwise by fifolab_diagram_set_exists(). */
  self->absent = FALSE;
  g_clear_pointer (&self->name, g_free);
  if (path != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      /* Drawn and described: escaped and bounded, never laid out raw. */
      self->name = fifolab_escape_name (base, 0);
    }
  g_list_store_remove_all (self->holders);
  self->event = self->peers_event = FIFOLAB_DIAGRAM_EVENT_NONE;
  self->queued = self->capacity = -1;
  _fifolab_diagram_flights_clear (self);
  /* The peers that ended before stay off the new pipe's stage. */
  _fifolab_diagram_retire_exited (self);
  if (self->scan != NULL && path != NULL)
    {
      g_autoptr(GPtrArray) holders = fifolab_holder_scan_get_holders (self->scan, path);

      g_list_store_splice (self->holders, 0, 0, holders->pdata, holders->len);
    }
  _fifolab_diagram_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

void
fifolab_diagram_set_exists (FifolabDiagram *self,
                            gboolean        exists)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  if (self->absent == !exists)
    return;
  self->absent = !exists;
  _fifolab_diagram_changed (self);
}

gboolean
fifolab_diagram_get_exists (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), FALSE);
  return !self->absent;
}

void
fifolab_diagram_set_holders (FifolabDiagram *self,
                             GPtrArray      *holders)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  g_list_store_splice (self->holders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->holders)),
                       holders != NULL ? holders->pdata : NULL, holders != NULL ? holders->len : 0);
  _fifolab_diagram_rebuild (self);
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
  g_hash_table_remove_all (self->retired);
  _fifolab_diagram_retire_exited (self);
  _fifolab_diagram_rebuild (self);
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
  _fifolab_diagram_changed (self);
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
  _fifolab_diagram_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
}

void
_fifolab_diagram_set_event (FifolabDiagram      *self,
                            FifolabDiagramEvent  event)
{
  if (event == self->event)
    return;
  self->event = event;
  _fifolab_diagram_changed (self);
}

void
fifolab_diagram_note_event (FifolabDiagram   *self,
                            FifolabEventKind  kind)
{
  FifolabDiagramEvent event = self->event;

  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  switch (kind)
    {
    case FIFOLAB_EVENT_END_OF_STREAM:
      event = FIFOLAB_DIAGRAM_EVENT_EOF;
      break;
    case FIFOLAB_EVENT_NO_READER:
      event = FIFOLAB_DIAGRAM_EVENT_NO_READER;
      break;
    case FIFOLAB_EVENT_READER_LEFT:
      event = FIFOLAB_DIAGRAM_EVENT_READER_LEFT;
      break;
    case FIFOLAB_EVENT_WAITING_FOR_READER:
      event = FIFOLAB_DIAGRAM_EVENT_ENXIO;
      break;
    case FIFOLAB_EVENT_TORN:
      event = FIFOLAB_DIAGRAM_EVENT_TORN;
      break;
    case FIFOLAB_EVENT_PEER_EXITED:
      /* Which peer, and how it ended, the peers say. */
      _fifolab_diagram_rebuild (self);
      return;
    case FIFOLAB_EVENT_WRITER_CONNECTED:
    case FIFOLAB_EVENT_READER_CONNECTED:
    case FIFOLAB_EVENT_PIPE_REMOVED:
      event = FIFOLAB_DIAGRAM_EVENT_NONE;
      break;
    default:
      break;
    }
  _fifolab_diagram_set_event (self, event);
}

const char *
_fifolab_diagram_get_description (FifolabDiagram *self)
{
  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), NULL);
  return self->description;
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
  g_autoptr(GArray) packets = NULL;
  g_autoptr(GArray) packet_rects = NULL;
  g_autoptr(GPtrArray) labels = NULL;

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
  packets = _fifolab_diagram_dup_packets (self);
  labels = fifolab_diagram_layout_place_packets (layout, GTK_WIDGET (self), packets, &packet_rects);
  for (guint i = 0; i < labels->len; i++)
    {
      g_ptr_array_add (texts, g_strdup (pango_layout_get_text (g_ptr_array_index (labels, i))));
      g_array_append_val (*rects, g_array_index (packet_rects, graphene_rect_t, i));
    }
  return texts;
}

double
_fifolab_diagram_get_font_px (FifolabDiagram *self)
{
  return ensure_layout (self)->font_px;
}
