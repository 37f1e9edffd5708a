/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One log entry in full, as the details dialog shows it today and an
 * inspector pane beside the log can later: what it is, what the log knows
 * about it, and all its bytes as text and hex rows made as they scroll in. */
#include "config.h"

#include <glib/gi18n.h>
#include <limits.h>

#include "fifolab-byte-rows.h"
#include "fifolab-entry-details.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"

struct _FifolabEntryDetails
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkWidget       *box;
  GtkLabel        *body_label;
  GtkLabel        *heading_label;
  GtkListView     *hex_list;
  GtkStack        *stack;
  GtkListView     *text_list;

  FifolabLogEntry *entry;
};

G_DEFINE_FINAL_TYPE (FifolabEntryDetails, fifolab_entry_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One label a row, recycled as the list scrolls; its text is literal. Rows
 * are cut to fit one line: a label that wraps costs several layouts where
 * one is enough, and the list makes two hundred rows at once. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_add_css_class (label, "fifolab-hex-dump");
  gtk_list_item_set_child (list_item, label);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkStringObject *row = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      gtk_string_object_get_string (row));
}

/* Shows @rows in @list (NULL: nothing). */
static void
set_rows (GtkListView     *list,
          FifolabByteRows *rows)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  if (rows != NULL)
    /* gtk_no_selection_new() takes the reference it is given. */
    selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows))));
  gtk_list_view_set_model (list, selection);
}

static GtkListItemFactory *
make_row_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  return factory;
}

/* The hex rows are made when their page is first shown for an entry: most
 * people read the text, and each list makes its first rows at once. */
static void
visible_page_cb (FifolabEntryDetails *self)
{
  g_autoptr(FifolabByteRows) hex_rows = NULL;

  if (self->entry == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "hex") != 0 ||
      gtk_list_view_get_model (self->hex_list) != NULL)
    return;

  hex_rows = fifolab_byte_rows_new_hex (fifolab_log_entry_get_bytes (self->entry));
  set_rows (self->hex_list, hex_rows);
}

static const char *
heading_of (FifolabLogEntry *entry)
{
  switch (fifolab_log_entry_get_direction (entry))
    {
    case FIFOLAB_DIRECTION_SENT:
      return _("Sent Message");
    case FIFOLAB_DIRECTION_RECEIVED:
      return _("Received Message");
    case FIFOLAB_DIRECTION_EVENT:
      return fifolab_event_kind_get_title (fifolab_log_entry_get_kind (entry));
    case FIFOLAB_DIRECTION_OUTPUT:
    default:
      return _("Peer Output");
    }
}

static char *
describe_entry (FifolabLogEntry *entry)
{
  GString *body = g_string_new (NULL);
  const char *path = fifolab_log_entry_get_pipe_path (entry);
  const char *explanation = fifolab_log_entry_get_explanation (entry);
  g_autofree char *flags = fifolab_message_flags_dup_explanation (fifolab_log_entry_get_flags (entry));
  gint64 sender = fifolab_log_entry_get_sender_pid (entry);
  gint64 receiver = fifolab_log_entry_get_receiver_pid (entry);
  gsize size = fifolab_log_entry_get_size (entry);
  char pid[32];

  if (explanation != NULL)
    g_string_append_printf (body, "%s\n\n", explanation);
  /* What FIFO Lab found in the message (torn, claimed pid not seen...). */
  if (flags != NULL)
    g_string_append_printf (body, "%s\n\n", flags);
  if (path != NULL)
    {
      /* Escaped like every shown name, but whole: a path has at most
       * PATH_MAX bytes, and the dialog is where to read all of it. */
      g_autofree char *shown = fifolab_escape_name (path, PATH_MAX);

      g_string_append_printf (body, _("Pipe: %s"), shown);
      g_string_append_c (body, '\n');
    }
  if (sender >= 0)
    {
      g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, sender);
      g_string_append_printf (body, _("Sender (claimed): %s"), pid);
      g_string_append_c (body, '\n');
      g_string_append (body, _("A pid written in a message is only a claim: any process can write any number."));
      g_string_append_c (body, '\n');
    }
  if (receiver >= 0)
    {
      g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, receiver);
      g_string_append_printf (body, _("Receiver: %s"), pid);
      g_string_append_c (body, '\n');
    }
  g_string_append_printf (body, ngettext ("Size: %u byte", "Size: %u bytes", (gulong) size), (guint) size);

  return g_string_free (body, FALSE);
}

/**
 * fifolab_entry_details_set_entry:
 * @entry: (nullable): the entry to show
 *
 * Shows @entry, all of its bytes however many.
 */
void
fifolab_entry_details_set_entry (FifolabEntryDetails *self,
                                 FifolabLogEntry     *entry)
{
  g_autoptr(FifolabByteRows) text_rows = NULL;
  g_autofree char *body = NULL;
  gboolean has_bytes;

  g_return_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self));
  g_return_if_fail (entry == NULL || FIFOLAB_IS_LOG_ENTRY (entry));

  if (!g_set_object (&self->entry, entry))
    return;

  has_bytes = entry != NULL && fifolab_log_entry_get_size (entry) > 0;
  if (entry != NULL)
    body = describe_entry (entry);
  gtk_label_set_text (self->heading_label, entry != NULL ? heading_of (entry) : "");
  gtk_label_set_text (self->body_label, body != NULL ? body : "");

  if (entry != NULL)
    text_rows = fifolab_byte_rows_new_text (fifolab_log_entry_get_bytes (entry));
  set_rows (self->text_list, text_rows);
  /* The hex rows of another entry go; made again when their page shows. */
  set_rows (self->hex_list, NULL);
  visible_page_cb (self);
  /* An event without bytes: nothing to scroll through. */
  gtk_widget_set_visible (GTK_WIDGET (self->stack), has_bytes);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

/**
 * fifolab_entry_details_get_entry:
 *
 * Returns: (transfer none) (nullable): the entry shown
 */
FifolabLogEntry *
fifolab_entry_details_get_entry (FifolabEntryDetails *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self), NULL);

  return self->entry;
}

/* What the entry is: "Received Message", an event's title... */
const char *
fifolab_entry_details_get_heading (FifolabEntryDetails *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self), NULL);

  return gtk_label_get_text (self->heading_label);
}

/* What the log knows about the entry, as shown. */
const char *
fifolab_entry_details_get_body (FifolabEntryDetails *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self), NULL);

  return gtk_label_get_text (self->body_label);
}

/**
 * fifolab_entry_details_get_stack:
 *
 * Returns: (transfer none): the pages of the bytes, "text" and "hex", for a
 *   GtkStackSwitcher
 */
GtkStack *
fifolab_entry_details_get_stack (FifolabEntryDetails *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self), NULL);

  return self->stack;
}

/* Focus goes to the bytes shown, where the keys scroll. */
static gboolean
fifolab_entry_details_grab_focus (GtkWidget *widget)
{
  FifolabEntryDetails *self = FIFOLAB_ENTRY_DETAILS (widget);
  gboolean hex = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "hex") == 0;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->stack)))
    return FALSE;
  return gtk_widget_grab_focus (GTK_WIDGET (hex ? self->hex_list : self->text_list));
}

static void
fifolab_entry_details_dispose (GObject *object)
{
  FifolabEntryDetails *self = FIFOLAB_ENTRY_DETAILS (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_ENTRY_DETAILS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (fifolab_entry_details_parent_class)->dispose (object);
}

static void
fifolab_entry_details_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FifolabEntryDetails *self = FIFOLAB_ENTRY_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_entry_details_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FifolabEntryDetails *self = FIFOLAB_ENTRY_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      fifolab_entry_details_set_entry (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_entry_details_class_init (FifolabEntryDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_entry_details_dispose;
  object_class->get_property = fifolab_entry_details_get_property;
  object_class->set_property = fifolab_entry_details_set_property;

  widget_class->grab_focus = fifolab_entry_details_grab_focus;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL,
                         FIFOLAB_TYPE_LOG_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-entry-details.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, body_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, box);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, heading_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, hex_list);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, text_list);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fifolab-entry-details");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_entry_details_init (FifolabEntryDetails *self)
{
  g_autoptr(GtkListItemFactory) text_factory = make_row_factory ();
  g_autoptr(GtkListItemFactory) hex_factory = make_row_factory ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->text_list, text_factory);
  gtk_list_view_set_factory (self->hex_list, hex_factory);
  gtk_widget_set_visible (GTK_WIDGET (self->stack), FALSE);
}

FifolabEntryDetails *
fifolab_entry_details_new (void)
{
  return g_object_new (FIFOLAB_TYPE_ENTRY_DETAILS, NULL);
}
