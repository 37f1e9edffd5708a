/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-peer-form-private.h"

#include "fifolab-accessible.h"
#include "fifolab-form-grid.h"
#include "fifolab-peer-row.h"
#include "fifolab-step-bar.h"

/* Positions in the framing drop-down. */
enum {
  FRAMING_SEED,
  FRAMING_RAW,
  FRAMING_LINE,
  FRAMING_FIXED,
  FRAMING_LENGTH_PREFIX,
};

/* The framings' short names, shown on the drop-down's button: the list's
 * descriptions ("Like the book’s example (one write, one read)") were cut
 * short there in the side pane ("Like the book’s …"). */
static const char *const framing_names[] = {
  [FRAMING_SEED] = N_("Book’s example"),
  [FRAMING_RAW] = N_("Raw"),
  [FRAMING_LINE] = N_("Lines"),
  [FRAMING_FIXED] = N_("Fixed size"),
  [FRAMING_LENGTH_PREFIX] = N_("Length prefix"),
};

struct _FifolabPeerForm
{
  GtkWidget       parent_instance;

  GtkWidget      *bytes_spin;
  GtkWidget      *count_spin;
  GtkWidget      *error_label;
  GtkWidget      *framing_dropdown;
  GtkWidget      *interval_spin;
  GtkWidget      *peer_list;
  GtkWidget      *reader_button;
  GtkWidget      *step_bar;
  GtkWidget      *template_entry;
  GtkWidget      *writer_button;

  char           *path;
  FifolabLog     *log;
  GListStore     *peers;
};

G_DEFINE_FINAL_TYPE (FifolabPeerForm, fifolab_peer_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PATH,
  PROP_LOG,
  PROP_PEERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return fifolab_peer_row_new (FIFOLAB_PEER_PROCESS (item));
}

/* Actions */

static void
show_error (FifolabPeerForm *self,
            const char      *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

static void
update_actions (FifolabPeerForm *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "peer.start-writer", self->path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "peer.start-reader", self->path != NULL);
}

static void
start_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FifolabPeerForm *self = FIFOLAB_PEER_FORM (widget);
  g_autoptr(GError) error = NULL;
  FifolabPeerRole role = g_str_equal (action_name, "peer.start-writer")
                         ? FIFOLAB_PEER_ROLE_WRITE : FIFOLAB_PEER_ROLE_READ;

  if (fifolab_peer_form_start (self, role, &error) == NULL)
    show_error (self, error->message);
}

static void
stop_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FifolabPeerForm *self = FIFOLAB_PEER_FORM (widget);
  gint64 pid = g_variant_get_int64 (parameter);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

      if (fifolab_peer_process_get_pid (peer) == pid)
        fifolab_peer_process_stop (peer);
    }
}

/* A read size or count of 0, said where the value is: "0" alone, with its
 * meaning in a tooltip, told nothing. The words depend on the framing: the
 * book's example, or a stream. */
static void
zero_words (FifolabPeerForm  *self,
            GtkSpinButton    *spin,
            const char      **seed,
            const char      **stream)
{
  if (GTK_WIDGET (spin) == self->bytes_spin)
    {
      /* The reader asks for one message of the book's example, or 64 KiB
       * of a stream (fifolab-peer's defaults). */
      /* Translators: the peer form's read size when it is 0: the reader asks
       * for the 22 bytes of one message of the book's example. */
      *seed = _("Auto: 22 bytes");
      /* Translators: the peer form's read size when it is 0: the reader asks
       * for 64 KiB at a time of a stream. */
      *stream = _("Auto: 64 KiB");
    }
  else
    {
      /* With the book's framing one message (a writer writes at least one,
       * see fifolab_peer_form_start(), and the book's reader reads one
       * whatever the count); with a stream's, a reader reads until every
       * writer has closed (EOF), and a writer still writes one (the tooltip
       * says so). Short: the field shows 101 px of text in the side pane. */
      /* Translators: the peer form's count when it is 0 with the book's
       * framing: a writer writes one message, the reader reads one. Keep it
       * short: the field is narrow. */
      *seed = _("One message");
      /* Translators: the peer form's count when it is 0 with a stream framing:
       * a reader reads until every writer has closed (end of file). Keep it
       * short: the field is narrow. */
      *stream = _("Until EOF");
    }
}

static gboolean
zero_said_output_cb (GtkSpinButton   *spin,
                     FifolabPeerForm *self)
{
  g_autofree char *text = NULL;
  int value = gtk_spin_button_get_value_as_int (spin);

  if (value == 0)
    {
      const char *seed, *stream;

      zero_words (self, spin, &seed, &stream);
      text = g_strdup (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->framing_dropdown)) == FRAMING_SEED
                       ? seed : stream);
    }
  else
    text = g_strdup_printf ("%d", value);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* The words for 0, as shown, read back as 0. */
static int
zero_said_input_cb (GtkSpinButton   *spin,
                    double          *new_value,
                    FifolabPeerForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  const char *seed, *stream;

  zero_words (self, spin, &seed, &stream);
  if (g_strcmp0 (text, seed) == 0 || g_strcmp0 (text, stream) == 0)
    {
      *new_value = 0;
      return TRUE;
    }
  return FALSE;
}

/* A spin button's natural width: its text's for the wider of its words for
 * 0. GtkSpinButton asks for its digits only, and "Auto: 22 bytes" was cut in
 * the side pane. The width is set in the characters GtkText measures in (its
 * approximate character width, the digits' if wider). Its least width stays
 * its digits': where the words do not fit beside their label, the form puts
 * the label above (FifolabFormGrid). */
static void
fit_zero_words (FifolabPeerForm *self,
                GtkWidget       *spin)
{
  PangoContext *context = gtk_widget_get_pango_context (spin);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                        pango_font_metrics_get_approximate_digit_width (metrics));
  int char_pixels = MAX ((char_width + PANGO_SCALE - 1) / PANGO_SCALE, 1);
  const char *words[2];
  int widest = 0;
  int chars;

  pango_font_metrics_unref (metrics);
  zero_words (self, GTK_SPIN_BUTTON (spin), &words[0], &words[1]);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (spin, words[i]);
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  chars = (widest + char_pixels - 1) / char_pixels;
  if (gtk_editable_get_max_width_chars (GTK_EDITABLE (spin)) != chars)
    gtk_editable_set_max_width_chars (GTK_EDITABLE (spin), chars);
}

static void
framing_selected_cb (GtkDropDown     *dropdown,
                     GParamSpec      *pspec,
                     FifolabPeerForm *self)
{
  zero_said_output_cb (GTK_SPIN_BUTTON (self->bytes_spin), self);
  zero_said_output_cb (GTK_SPIN_BUTTON (self->count_spin), self);
}

/* The words' width follows the font (the zoom changes its size). */
static void
fifolab_peer_form_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  FifolabPeerForm *self = FIFOLAB_PEER_FORM (widget);

  GTK_WIDGET_CLASS (fifolab_peer_form_parent_class)->css_changed (widget, change);
  fit_zero_words (self, self->bytes_spin);
  fit_zero_words (self, self->count_spin);
}

/* GObject */

static void
fifolab_peer_form_dispose (GObject *object)
{
  FifolabPeerForm *self = FIFOLAB_PEER_FORM (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_PEER_FORM);
  /* GTK 4.8 leaves template children that are not bound: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->log);
  g_clear_object (&self->peers);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (fifolab_peer_form_parent_class)->dispose (object);
}

static void
fifolab_peer_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FifolabPeerForm *self = FIFOLAB_PEER_FORM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_PEERS:
      g_value_set_object (value, self->peers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_peer_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FifolabPeerForm *self = FIFOLAB_PEER_FORM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      fifolab_peer_form_set_path (self, g_value_get_string (value));
      break;
    case PROP_LOG:
      fifolab_peer_form_set_log (self, g_value_get_object (value));
      break;
    case PROP_PEERS:
      fifolab_peer_form_set_peers (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_peer_form_class_init (FifolabPeerFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_peer_form_dispose;
  object_class->get_property = fifolab_peer_form_get_property;
  object_class->set_property = fifolab_peer_form_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, FIFOLAB_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, G_TYPE_LIST_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FIFOLAB_TYPE_FORM_GRID);
  g_type_ensure (FIFOLAB_TYPE_STEP_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-peer-form.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, bytes_spin);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, count_spin);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, framing_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, peer_list);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, reader_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, step_bar);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, template_entry);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerForm, writer_button);

  gtk_widget_class_install_action (widget_class, "peer.start-writer", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "peer.start-reader", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "peer.stop", "x", stop_activated);

  widget_class->css_changed = fifolab_peer_form_css_changed;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
framing_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
framing_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  guint position = gtk_list_item_get_position (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       position < G_N_ELEMENTS (framing_names) ? _(framing_names[position]) : "");
}

/* The label GtkButton made for its "label" property. */
static void
wrap_button_label (GtkWidget *button)
{
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  g_return_if_fail (GTK_IS_LABEL (label));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
}

static void
fifolab_peer_form_init (FifolabPeerForm *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Start Writer and Start Reader side by side, each label on two lines
   * where one does not fit (a language longer than English). */
  wrap_button_label (self->writer_button);
  wrap_button_label (self->reader_button);
  g_signal_connect (factory, "setup", G_CALLBACK (framing_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (framing_bind_cb), NULL);
  gtk_drop_down_set_factory (GTK_DROP_DOWN (self->framing_dropdown), factory);
  fifolab_accessible_name_control (self->framing_dropdown, _("Framing"));
  g_signal_connect_object (self->bytes_spin, "output", G_CALLBACK (zero_said_output_cb), self, 0);
  g_signal_connect_object (self->bytes_spin, "input", G_CALLBACK (zero_said_input_cb), self, 0);
  g_signal_connect_object (self->framing_dropdown, "notify::selected", G_CALLBACK (framing_selected_cb), self, 0);
  g_signal_connect_object (self->count_spin, "output", G_CALLBACK (zero_said_output_cb), self, 0);
  g_signal_connect_object (self->count_spin, "input", G_CALLBACK (zero_said_input_cb), self, 0);
  zero_said_output_cb (GTK_SPIN_BUTTON (self->bytes_spin), self);
  zero_said_output_cb (GTK_SPIN_BUTTON (self->count_spin), self);
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  fifolab_peer_form_set_peers (self, NULL);
  update_actions (self);
}

/* Public API */

GtkWidget *
fifolab_peer_form_new (void)
{
  return g_object_new (FIFOLAB_TYPE_PEER_FORM, NULL);
}

void
fifolab_peer_form_set_path (FifolabPeerForm *self,
                            const char      *path)
{
  g_return_if_fail (FIFOLAB_IS_PEER_FORM (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  /* Another pipe: step mode (of the one before) is off, its peers run on. */
  fifolab_step_bar_set_path (FIFOLAB_STEP_BAR (self->step_bar), path);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

const char *
fifolab_peer_form_get_path (FifolabPeerForm *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_FORM (self), NULL);
  return self->path;
}

void
fifolab_peer_form_set_log (FifolabPeerForm *self,
                           FifolabLog      *log)
{
  g_return_if_fail (FIFOLAB_IS_PEER_FORM (self));

  if (g_set_object (&self->log, log))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

/**
 * fifolab_peer_form_set_peers:
 * @self: a form
 * @peers: (nullable): a store of FifolabPeerProcess; %NULL makes a private one
 */
void
fifolab_peer_form_set_peers (FifolabPeerForm *self,
                             GListStore      *peers)
{
  g_autoptr(GListStore) own = NULL;

  g_return_if_fail (FIFOLAB_IS_PEER_FORM (self));

  if (peers == NULL)
    {
      own = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
      peers = own;
    }
  if (self->peers == peers)
    return;
  g_set_object (&self->peers, peers);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->peer_list), G_LIST_MODEL (peers),
                           create_row, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEERS]);
}

/**
 * fifolab_peer_form_get_peers:
 * @self: a form
 *
 * Returns: (transfer none): the peers listed
 */
GListStore *
fifolab_peer_form_get_peers (FifolabPeerForm *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_FORM (self), NULL);
  return self->peers;
}

/**
 * fifolab_peer_form_start:
 * @self: a form
 * @role: write or read
 * @error: return location for a #GError
 *
 * Returns: (transfer none) (nullable): the peer started, listed in the peers
 */
FifolabPeerProcess *
fifolab_peer_form_start (FifolabPeerForm  *self,
                         FifolabPeerRole   role,
                         GError          **error)
{
  g_autoptr(FifolabPeerProcess) peer = NULL;
  FifolabStepWatch *watch;
  guint framing;
  int count;

  g_return_val_if_fail (FIFOLAB_IS_PEER_FORM (self), NULL);

  if (self->path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Select a pipe first: a peer needs a pipe to open."));
      return NULL;
    }

  peer = fifolab_peer_process_new (role, self->path, self->log);
  framing = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->framing_dropdown));
  count = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->count_spin));

  if (role == FIFOLAB_PEER_ROLE_WRITE)
    {
      const char *template_ = gtk_editable_get_text (GTK_EDITABLE (self->template_entry));

      fifolab_peer_process_set_template (peer, template_);
      /* A writer writes at least one message. */
      fifolab_peer_process_set_count (peer, MAX (count, 1));
      fifolab_peer_process_set_interval (peer, (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->interval_spin)));
    }
  else
    {
      fifolab_peer_process_set_bytes (peer, (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->bytes_spin)));
      /* The seed's reader reads once; any other framing reads a stream. */
      if (framing != FRAMING_SEED)
        fifolab_peer_process_set_count (peer, count);
    }

  switch (framing)
    {
    case FRAMING_RAW:
      fifolab_peer_process_set_framing (peer, FIFOLAB_FRAMING_RAW);
      break;
    case FRAMING_LINE:
      fifolab_peer_process_set_framing (peer, FIFOLAB_FRAMING_LINE);
      break;
    case FRAMING_FIXED:
      fifolab_peer_process_set_framing (peer, FIFOLAB_FRAMING_FIXED);
      break;
    case FRAMING_LENGTH_PREFIX:
      fifolab_peer_process_set_framing (peer, FIFOLAB_FRAMING_LENGTH_PREFIX);
      break;
    case FRAMING_SEED:
    default:
      break;
    }

  /* In step mode, held from its first call: the watch seizes it first. */
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (self->step_bar));
  if (watch != NULL && fifolab_step_watch_is_running (watch) &&
      g_strcmp0 (fifolab_step_watch_get_path (watch), self->path) == 0)
    {
      if (!fifolab_step_watch_start_peer (watch, peer, self->peers, error))
        return NULL;
    }
  else if (!fifolab_peer_process_start_listed (peer, self->peers, error))
    return NULL;

  show_error (self, NULL);
  /* The store holds it now. */
  return peer;
}

const char *
_fifolab_peer_form_get_error (FifolabPeerForm *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_FORM (self), NULL);
  if (!gtk_widget_get_visible (self->error_label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->error_label));
}

/* The session the step watch's records are logged in (the window's). */
void
fifolab_peer_form_set_session (FifolabPeerForm *self,
                               FifolabSession  *session)
{
  g_return_if_fail (FIFOLAB_IS_PEER_FORM (self));

  fifolab_step_bar_set_session (FIFOLAB_STEP_BAR (self->step_bar), session);
}

/**
 * fifolab_peer_form_get_step_bar:
 *
 * Returns: (transfer none): step mode's bar for the form's pipe, a #FifolabStepBar
 */
GtkWidget *
fifolab_peer_form_get_step_bar (FifolabPeerForm *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_FORM (self), NULL);
  return self->step_bar;
}
