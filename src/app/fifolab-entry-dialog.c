/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-entry-details.h"
#include "fifolab-entry-dialog.h"

/* With bytes to show: a size that fits a 1024x768 screen, panels and title
 * bar included. Without, the window takes the height of its text. */
#define DEFAULT_WIDTH 760
#define DEFAULT_HEIGHT 560

struct _FifolabEntryDialog
{
  AdwWindow            parent_instance;

  FifolabEntryDetails *details;
  GtkStackSwitcher    *switcher;
};

G_DEFINE_FINAL_TYPE (FifolabEntryDialog, fifolab_entry_dialog, ADW_TYPE_WINDOW)

static void
fifolab_entry_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FIFOLAB_TYPE_ENTRY_DIALOG);

  G_OBJECT_CLASS (fifolab_entry_dialog_parent_class)->dispose (object);
}

static void
fifolab_entry_dialog_class_init (FifolabEntryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_entry_dialog_dispose;

  g_type_ensure (FIFOLAB_TYPE_ENTRY_DETAILS);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDialog, details);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDialog, switcher);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fifolab_entry_dialog_init (FifolabEntryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_switcher_set_stack (self->switcher, fifolab_entry_details_get_stack (self->details));
}

/**
 * fifolab_entry_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @entry: the entry to show, all its bytes however many
 *
 * Returns: (transfer floating): the dialog, to present
 */
FifolabEntryDialog *
fifolab_entry_dialog_new (GtkWindow       *parent,
                          FifolabLogEntry *entry)
{
  FifolabEntryDialog *self;
  gboolean has_bytes;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FIFOLAB_IS_LOG_ENTRY (entry), NULL);

  self = g_object_new (FIFOLAB_TYPE_ENTRY_DIALOG,
                       "transient-for", parent,
                       NULL);
  fifolab_entry_details_set_entry (self->details, entry);
  gtk_window_set_title (GTK_WINDOW (self), fifolab_entry_details_get_heading (self->details));

  has_bytes = fifolab_log_entry_get_size (entry) > 0;
  gtk_window_set_default_size (GTK_WINDOW (self), DEFAULT_WIDTH, has_bytes ? DEFAULT_HEIGHT : -1);
  /* An event without bytes: nothing to switch between, nothing to focus. */
  gtk_widget_set_visible (GTK_WIDGET (self->switcher), has_bytes);
  gtk_window_set_focus (GTK_WINDOW (self), has_bytes ? GTK_WIDGET (self->details) : NULL);

  return self;
}

const char *
fifolab_entry_dialog_get_heading (FifolabEntryDialog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DIALOG (self), NULL);

  return fifolab_entry_details_get_heading (self->details);
}

const char *
fifolab_entry_dialog_get_body (FifolabEntryDialog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DIALOG (self), NULL);

  return fifolab_entry_details_get_body (self->details);
}
