/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-error-bar.h"
#include "fifolab-escape.h"
#include "fifolab-toast.h"

struct _FifolabErrorBar
{
  GtkWidget    parent_instance;

  /* The errors not yet dismissed, escaped, the newest at the head. */
  GQueue       errors;

  /* Template */
  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkLabel    *more_label;
  GtkButton   *dismiss_button;
};

G_DEFINE_FINAL_TYPE (FifolabErrorBar, fifolab_error_bar, GTK_TYPE_WIDGET)

static void
fifolab_error_bar_update (FifolabErrorBar *self)
{
  const char *shown = g_queue_peek_head (&self->errors);
  guint more = g_queue_get_length (&self->errors) > 0 ? g_queue_get_length (&self->errors) - 1 : 0;

  if (shown == NULL)
    {
      /* Hidden once it has slid up (child_revealed_cb()). */
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  gtk_label_set_text (self->label, shown);
  if (more > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u earlier error: dismiss this one to read it.",
                                                            "%u earlier errors: dismiss this one to read the one before it.",
                                                            more),
                                               more);

      gtk_label_set_text (self->more_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), more > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->revealer), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

/* The revealer is hidden while it shows nothing: not revealed, its content
 * would still be styled and measured with the window. */
static void
child_revealed_cb (FifolabErrorBar *self)
{
  if (!gtk_revealer_get_reveal_child (self->revealer) &&
      !gtk_revealer_get_child_revealed (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->revealer), FALSE);
}

GtkWidget *
fifolab_error_bar_new (void)
{
  return g_object_new (FIFOLAB_TYPE_ERROR_BAR, NULL);
}

void
fifolab_error_bar_add (FifolabErrorBar *self,
                       const char      *message)
{
  g_autofree char *text = NULL;

  g_return_if_fail (FIFOLAB_IS_ERROR_BAR (self));
  g_return_if_fail (message != NULL);

  text = fifolab_escape_message (message, FIFOLAB_TOAST_MAX_CHARS);
  if (g_strcmp0 (g_queue_peek_head (&self->errors), text) != 0)
    g_queue_push_head (&self->errors, g_steal_pointer (&text));
  fifolab_error_bar_update (self);
}

const char *
fifolab_error_bar_get_message (FifolabErrorBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ERROR_BAR (self), NULL);

  return g_queue_peek_head (&self->errors);
}

guint
fifolab_error_bar_get_n_errors (FifolabErrorBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ERROR_BAR (self), 0);

  return g_queue_get_length (&self->errors);
}

void
fifolab_error_bar_dismiss (FifolabErrorBar *self)
{
  g_return_if_fail (FIFOLAB_IS_ERROR_BAR (self));

  g_free (g_queue_pop_head (&self->errors));
  /* The button goes with the banner: the focus goes on to what follows. */
  if (g_queue_is_empty (&self->errors) && gtk_widget_has_focus (GTK_WIDGET (self->dismiss_button)))
    gtk_widget_child_focus (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))), GTK_DIR_TAB_FORWARD);
  fifolab_error_bar_update (self);
}

static void
dismiss_clicked_cb (FifolabErrorBar *self)
{
  fifolab_error_bar_dismiss (self);
}

static void
fifolab_error_bar_dispose (GObject *object)
{
  FifolabErrorBar *self = FIFOLAB_ERROR_BAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_ERROR_BAR);
  g_queue_clear_full (&self->errors, g_free);

  G_OBJECT_CLASS (fifolab_error_bar_parent_class)->dispose (object);
}

static void
fifolab_error_bar_class_init (FifolabErrorBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_error_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-error-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabErrorBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, FifolabErrorBar, label);
  gtk_widget_class_bind_template_child (widget_class, FifolabErrorBar, more_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabErrorBar, dismiss_button);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* A screen reader says it as it comes, as it would a notification. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
fifolab_error_bar_init (FifolabErrorBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->revealer, "notify::child-revealed",
                           G_CALLBACK (child_revealed_cb), self, G_CONNECT_SWAPPED);
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  fifolab_accessible_set_name (GTK_WIDGET (self), _("Error"));
}
