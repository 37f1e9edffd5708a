/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-peer-row.h"

struct _FifolabPeerRow
{
  GtkWidget           parent_instance;

  FifolabPeerProcess *peer;
  gboolean            holding;   /* the peer's activity, while mapped */

  GtkLabel           *state_label;
  GtkLabel           *detail_label;
  GtkWidget          *stop_button;
};

G_DEFINE_FINAL_TYPE (FifolabPeerRow, fifolab_peer_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PEER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The row's accessible name: its two lines, what the process waits for
 * or does, then its pid, role and pipe. The list's row (a GtkListBoxRow,
 * which takes the focus and would else be said by its class name) is
 * given the name too. */
static void
update_accessible (FifolabPeerRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  g_autofree char *name = NULL;

  /* Translators: a process's row as a screen reader says it: what it does,
   * then "pid 4242 · writes to my_pipe" */
  name = g_strdup_printf (_("%s, %s"), gtk_label_get_text (self->state_label),
                          gtk_label_get_text (self->detail_label));
  if (g_strcmp0 (fifolab_accessible_get_name (GTK_WIDGET (self)), name) != 0)
    fifolab_accessible_set_name (GTK_WIDGET (self), name);
  if (GTK_IS_LIST_BOX_ROW (parent) && g_strcmp0 (fifolab_accessible_get_name (parent), name) != 0)
    fifolab_accessible_set_name (parent, name);
}

/* The first line, what the peer does (from the peer's activity: the row
 * reads no /proc itself), and whether it can be stopped. */
static void
update_state (FifolabPeerRow *self)
{
  FifolabProcActivity activity = fifolab_peer_process_get_activity (self->peer);
  g_autofree char *state = fifolab_peer_process_describe_activity (self->peer, activity);

  if (g_strcmp0 (gtk_label_get_text (self->state_label), state) != 0)
    gtk_label_set_text (self->state_label, state);
  if (fifolab_proc_activity_is_opening (activity))
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  gtk_widget_set_sensitive (self->stop_button, fifolab_peer_process_is_running (self->peer));
  update_accessible (self);
}

/* The second line and the button's name: the peer's pid, role and path do
 * not change once it is listed (it is listed once it runs). */
static void
set_details (FifolabPeerRow *self)
{
  g_autofree char *base = g_path_get_basename (fifolab_peer_process_get_path (self->peer));
  g_autofree char *name = fifolab_escape_name (base, 0);
  g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, fifolab_peer_process_get_pid (self->peer));
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  text = g_strdup_printf (fifolab_peer_process_get_role (self->peer) == FIFOLAB_PEER_ROLE_WRITE
                          /* Translators: pid, pipe name (under what the process does now). */
                          ? _("pid %s · writes to %s")
                          /* Translators: pid, pipe name (under what the process does now). */
                          : _("pid %s · reads from %s"),
                          pid, name);
  gtk_label_set_text (self->detail_label, text);
  /* Translators: %s is a pid. */
  accessible = g_strdup_printf (_("Stop process %s"), pid);
  fifolab_accessible_set_name (self->stop_button, accessible);
  update_accessible (self);
}

static void
peer_notify_cb (FifolabPeerProcess *peer,
                GParamSpec         *pspec,
                FifolabPeerRow     *self)
{
  update_state (self);
}

static void
stop_clicked_cb (GtkButton      *button,
                 FifolabPeerRow *self)
{
  fifolab_peer_process_stop (self->peer);
}

static void
hold_activity (FifolabPeerRow *self,
               gboolean        hold)
{
  if (self->holding == hold || self->peer == NULL)
    return;
  self->holding = hold;
  if (hold)
    fifolab_peer_process_hold_activity (self->peer);
  else
    fifolab_peer_process_release_activity (self->peer);
}

/* GtkWidget */

/* Only a row on screen wants to know what its peer does; the first hold
 * reads it at once (and notifies when it changed). */
static void
fifolab_peer_row_map (GtkWidget *widget)
{
  FifolabPeerRow *self = FIFOLAB_PEER_ROW (widget);

  GTK_WIDGET_CLASS (fifolab_peer_row_parent_class)->map (widget);
  hold_activity (self, TRUE);
  update_state (self);
}

static void
fifolab_peer_row_unmap (GtkWidget *widget)
{
  hold_activity (FIFOLAB_PEER_ROW (widget), FALSE);
  GTK_WIDGET_CLASS (fifolab_peer_row_parent_class)->unmap (widget);
}

/* GObject */

static void
fifolab_peer_row_constructed (GObject *object)
{
  FifolabPeerRow *self = FIFOLAB_PEER_ROW (object);

  G_OBJECT_CLASS (fifolab_peer_row_parent_class)->constructed (object);

  g_return_if_fail (self->peer != NULL);
  set_details (self);
  g_signal_connect_object (self->peer, "notify::state", G_CALLBACK (peer_notify_cb), self, 0);
  g_signal_connect_object (self->peer, "notify::activity", G_CALLBACK (peer_notify_cb), self, 0);
  update_state (self);
}

static void
fifolab_peer_row_dispose (GObject *object)
{
  FifolabPeerRow *self = FIFOLAB_PEER_ROW (object);
  GtkWidget *child;

  hold_activity (self, FALSE);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_PEER_ROW);
  /* GTK 4.8 leaves template children that are not bound: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->peer);

  G_OBJECT_CLASS (fifolab_peer_row_parent_class)->dispose (object);
}

static void
fifolab_peer_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FifolabPeerRow *self = FIFOLAB_PEER_ROW (object);

  switch (prop_id)
    {
    case PROP_PEER:
      g_value_set_object (value, self->peer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_peer_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FifolabPeerRow *self = FIFOLAB_PEER_ROW (object);

  switch (prop_id)
    {
    case PROP_PEER:
      self->peer = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_peer_row_class_init (FifolabPeerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fifolab_peer_row_constructed;
  object_class->dispose = fifolab_peer_row_dispose;
  object_class->get_property = fifolab_peer_row_get_property;
  object_class->set_property = fifolab_peer_row_set_property;
  widget_class->map = fifolab_peer_row_map;
  widget_class->unmap = fifolab_peer_row_unmap;

  properties[PROP_PEER] =
    g_param_spec_object ("peer", NULL, NULL, FIFOLAB_TYPE_PEER_PROCESS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-peer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabPeerRow, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fifolab_peer_row_init (FifolabPeerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fifolab_peer_row_new (FifolabPeerProcess *peer)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (peer), NULL);
  return g_object_new (FIFOLAB_TYPE_PEER_ROW, "peer", peer, NULL);
}

/**
 * fifolab_peer_row_get_peer:
 * @self: a row
 *
 * Returns: (transfer none): the peer the row shows
 */
FifolabPeerProcess *
fifolab_peer_row_get_peer (FifolabPeerRow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PEER_ROW (self), NULL);
  return self->peer;
}
