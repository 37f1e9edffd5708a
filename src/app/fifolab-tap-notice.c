/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-escape.h"
#include "fifolab-tap.h"
#include "fifolab-tap-notice.h"

struct _FifolabTapNotice
{
  GtkWidget      parent_instance;

  GFile         *folder;
  /* The hidden names found by the last scan (sorted); NULL when none. */
  GStrv          leftovers;
  /* The scan in flight (cancelled when the folder changes); while it runs,
   * a change of the folder's pipes makes one more scan after it, not one
   * each (a flood of new pipes would start a thread for each). */
  GCancellable  *cancellable;
  gboolean       scanning;
  gboolean       again;

  /* Template */
  GtkRevealer   *revealer;
  GtkLabel      *label;
  GtkButton     *restore_button;
};

G_DEFINE_FINAL_TYPE (FifolabTapNotice, fifolab_tap_notice, GTK_TYPE_WIDGET)

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_leftovers (FifolabTapNotice *self,
                GStrv             leftovers)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  guint n;

  g_clear_pointer (&self->leftovers, g_strfreev);
  n = leftovers != NULL ? g_strv_length (leftovers) : 0;
  if (n > 0)
    self->leftovers = leftovers;
  else
    g_strfreev (leftovers);
  if (n > 0)
    path = fifolab_tap_leftover_get_path (self->leftovers[0], NULL);
  if (path == NULL)
    {
      /* Hidden once it has slid up (child_revealed_cb()). */
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  name = fifolab_escape_basename (path, 0);
  /* Translators: %s is a pipe's name. */
  text = g_strdup_printf (_("A tap that crashed left “%s” swapped: new openers of the name reach "
                            "the tap’s relay pipe, which nobody passes on. Restore puts the "
                            "original pipe back at its name; processes holding it keep it."),
                          name);
  if (n > 1)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more pipe is left swapped.",
                                                            "%u more pipes are left swapped.",
                                                            n - 1),
                                               n - 1);
      g_autofree char *both = g_strconcat (text, " ", more, NULL);

      g_free (text);
      text = g_steal_pointer (&both);
    }
  gtk_label_set_text (self->label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->revealer), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

/* The revealer is hidden while it shows nothing: not revealed, its content
 * would still be styled and measured with the window. */
static void
child_revealed_cb (FifolabTapNotice *self)
{
  if (!gtk_revealer_get_reveal_child (self->revealer) &&
      !gtk_revealer_get_child_revealed (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->revealer), FALSE);
}

static void
find_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  char **leftovers = fifolab_tap_find_leftovers (task_data, &error);

  if (leftovers == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, leftovers, (GDestroyNotify) g_strfreev);
}

static void
find_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  FifolabTapNotice *self = FIFOLAB_TAP_NOTICE (source);
  g_autoptr(GError) error = NULL;
  char **leftovers = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled: the scan of the new folder says. A folder that cannot be
   * read has none to offer (the browser says why it cannot list it). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->scanning = FALSE;
  show_leftovers (self, leftovers);
  if (self->again)
    fifolab_tap_notice_rescan (self);
}

static void
start_scan (FifolabTapNotice *self)
{
  g_autoptr(GTask) task = NULL;
  char *dir;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->scanning = self->again = FALSE;
  dir = self->folder != NULL ? g_file_get_path (self->folder) : NULL;
  if (dir == NULL)
    {
      show_leftovers (self, NULL);
      return;
    }
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, find_cb, NULL);
  g_task_set_source_tag (task, start_scan);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, dir, g_free);
  self->scanning = TRUE;
  g_task_run_in_thread (task, find_thread);
}

void
fifolab_tap_notice_rescan (FifolabTapNotice *self)
{
  g_return_if_fail (FIFOLAB_IS_TAP_NOTICE (self));

  if (self->scanning)
    self->again = TRUE;
  else
    start_scan (self);
}

static void
restore_clicked_cb (FifolabTapNotice *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (self->leftovers == NULL)
    return;
  path = fifolab_tap_leftover_get_path (self->leftovers[0], NULL);
  name = fifolab_escape_basename (path != NULL ? path : self->leftovers[0], 0);
  if (fifolab_tap_restore_leftover (self->leftovers[0], &error))
    /* Translators: %s is a pipe's name. */
    message = g_strdup_printf (_("“%s” is back: the original pipe is at its name again."), name);
  else
    message = g_strdup (error->message);
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
  fifolab_tap_notice_rescan (self);
}

GtkWidget *
fifolab_tap_notice_new (void)
{
  return g_object_new (FIFOLAB_TYPE_TAP_NOTICE, NULL);
}

void
fifolab_tap_notice_set_folder (FifolabTapNotice *self,
                               GFile            *folder)
{
  g_return_if_fail (FIFOLAB_IS_TAP_NOTICE (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  g_set_object (&self->folder, folder);
  start_scan (self);
}

static void
folder_changed_cb (FifolabTapNotice   *self,
                   GParamSpec         *pspec,
                   FifolabFolderModel *model)
{
  fifolab_tap_notice_set_folder (self, fifolab_folder_model_get_folder (model));
}

static void
pipes_changed_cb (FifolabTapNotice *self)
{
  fifolab_tap_notice_rescan (self);
}

void
fifolab_tap_notice_follow (FifolabTapNotice   *self,
                           FifolabFolderModel *model)
{
  g_return_if_fail (FIFOLAB_IS_TAP_NOTICE (self));
  g_return_if_fail (FIFOLAB_IS_FOLDER_MODEL (model));

  g_signal_connect_object (model, "notify::folder", G_CALLBACK (folder_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (pipes_changed_cb),
                           self, G_CONNECT_SWAPPED);
  fifolab_tap_notice_set_folder (self, fifolab_folder_model_get_folder (model));
}

const char *
fifolab_tap_notice_get_leftover (FifolabTapNotice *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TAP_NOTICE (self), NULL);

  return self->leftovers != NULL ? self->leftovers[0] : NULL;
}

static void
fifolab_tap_notice_dispose (GObject *object)
{
  FifolabTapNotice *self = FIFOLAB_TAP_NOTICE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_TAP_NOTICE);
  g_clear_object (&self->folder);
  g_clear_pointer (&self->leftovers, g_strfreev);

  G_OBJECT_CLASS (fifolab_tap_notice_parent_class)->dispose (object);
}

static void
fifolab_tap_notice_class_init (FifolabTapNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_tap_notice_dispose;

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-tap-notice.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabTapNotice, revealer);
  gtk_widget_class_bind_template_child (widget_class, FifolabTapNotice, label);
  gtk_widget_class_bind_template_child (widget_class, FifolabTapNotice, restore_button);
  gtk_widget_class_bind_template_callback (widget_class, restore_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_tap_notice_init (FifolabTapNotice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->revealer, "notify::child-revealed",
                           G_CALLBACK (child_revealed_cb), self, G_CONNECT_SWAPPED);
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  fifolab_accessible_set_name (GTK_WIDGET (self), _("Tap left behind"));
}
