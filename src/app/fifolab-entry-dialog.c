/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-byte-rows.h"
#include "fifolab-entry-dialog.h"

/* With the bytes to show: a size that fits a 1024x768 screen, panels and
 * title bar included. Without, the window takes the height of its text. */
#define DEFAULT_WIDTH 760
#define DEFAULT_HEIGHT 560

struct _FifolabEntryDialog
{
  AdwWindow    parent_instance;

  GtkLabel    *body_label;
  GtkLabel    *heading_label;
  GtkListView *hex_list;
  GtkStack    *stack;
  GtkWidget   *switcher;
  GtkListView *text_list;

  GBytes      *bytes;
};

G_DEFINE_FINAL_TYPE (FifolabEntryDialog, fifolab_entry_dialog, ADW_TYPE_WINDOW)

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

static void
set_rows (GtkListView     *list,
          FifolabByteRows *rows)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSelectionModel) selection = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  /* gtk_no_selection_new() takes the reference it is given. */
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows))));
  gtk_list_view_set_factory (list, factory);
  gtk_list_view_set_model (list, selection);
}

/* The hex rows are made when their page is first shown: most people read the
 * text, and each list makes its first rows at once. */
static void
visible_page_cb (FifolabEntryDialog *self)
{
  g_autoptr(FifolabByteRows) hex_rows = NULL;

  if (self->bytes == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "hex") != 0 ||
      gtk_list_view_get_model (self->hex_list) != NULL)
    return;

  hex_rows = fifolab_byte_rows_new_hex (self->bytes);
  set_rows (self->hex_list, hex_rows);
}

static void
fifolab_entry_dialog_dispose (GObject *object)
{
  FifolabEntryDialog *self = FIFOLAB_ENTRY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FIFOLAB_TYPE_ENTRY_DIALOG);
  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (fifolab_entry_dialog_parent_class)->dispose (object);
}

static void
fifolab_entry_dialog_class_init (FifolabEntryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_entry_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDialog, hex_list);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDialog, switcher);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDialog, text_list);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fifolab_entry_dialog_init (FifolabEntryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fifolab_entry_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @heading: what the entry is
 * @body: what the log knows about it, shown literally
 * @bytes: all its bytes
 *
 * Returns: (transfer floating): the dialog, to present
 */
FifolabEntryDialog *
fifolab_entry_dialog_new (GtkWindow  *parent,
                          const char *heading,
                          const char *body,
                          GBytes     *bytes)
{
  FifolabEntryDialog *self;
  g_autoptr(FifolabByteRows) text_rows = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (heading != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (FIFOLAB_TYPE_ENTRY_DIALOG,
                       "transient-for", parent,
                       "title", heading,
                       NULL);
  gtk_label_set_text (self->heading_label, heading);
  gtk_label_set_text (self->body_label, body);

  text_rows = fifolab_byte_rows_new_text (bytes);
  self->bytes = g_bytes_ref (bytes);
  set_rows (self->text_list, text_rows);
  visible_page_cb (self);

  if (g_bytes_get_size (bytes) > 0)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }
  else
    {
      gtk_window_set_default_size (GTK_WINDOW (self), DEFAULT_WIDTH, -1);
      /* An event without bytes: nothing to scroll through. */
      gtk_widget_set_visible (self->switcher, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->stack), FALSE);
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }

  return self;
}

const char *
fifolab_entry_dialog_get_heading (FifolabEntryDialog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DIALOG (self), NULL);

  return gtk_label_get_text (self->heading_label);
}

const char *
fifolab_entry_dialog_get_body (FifolabEntryDialog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DIALOG (self), NULL);

  return gtk_label_get_text (self->body_label);
}
