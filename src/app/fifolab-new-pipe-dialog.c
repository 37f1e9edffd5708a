/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <sys/stat.h>

#include "fifolab.h"
#include "fifolab-accessible.h"
#include "fifolab-new-pipe-dialog-private.h"

/* NAME_MAX on Linux file systems. */
#define MAX_NAME_BYTES 255

struct _FifolabNewPipeDialog
{
  AdwWindow            parent_instance;

  GFile               *folder;
  FifolabSession      *session;   /* makes the pipe and logs it, when set */

  GtkButton           *create_button;
  GtkLabel            *error_label;
  GtkCheckButton      *group_read;
  GtkCheckButton      *group_write;
  GtkLabel            *mode_label;
  AdwPreferencesGroup *name_group;
  AdwEntryRow         *name_row;
  GtkCheckButton      *other_read;
  GtkCheckButton      *other_write;
  GtkCheckButton      *owner_read;
  GtkCheckButton      *owner_write;
};

G_DEFINE_FINAL_TYPE (FifolabNewPipeDialog, fifolab_new_pipe_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_FOLDER,
  N_PROPS
};

enum {
  CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

guint
fifolab_new_pipe_dialog_get_mode (FifolabNewPipeDialog *self)
{
  guint mode = 0;

  g_return_val_if_fail (FIFOLAB_IS_NEW_PIPE_DIALOG (self), 0);

  if (gtk_check_button_get_active (self->owner_read))
    mode |= S_IRUSR;
  if (gtk_check_button_get_active (self->owner_write))
    mode |= S_IWUSR;
  if (gtk_check_button_get_active (self->group_read))
    mode |= S_IRGRP;
  if (gtk_check_button_get_active (self->group_write))
    mode |= S_IWGRP;
  if (gtk_check_button_get_active (self->other_read))
    mode |= S_IROTH;
  if (gtk_check_button_get_active (self->other_write))
    mode |= S_IWOTH;

  return mode;
}

static void
fifolab_new_pipe_dialog_show_error (FifolabNewPipeDialog *self,
                                    const char           *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

/* Why @name cannot be used, or NULL when it can. */
static char *
fifolab_new_pipe_dialog_check_name (FifolabNewPipeDialog *self,
                                    const char           *name)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  struct stat st;

  if (name[0] == '\0')
    return NULL;
  if (strchr (name, '/') != NULL)
    return g_strdup (_("A name cannot contain “/”: the pipe is created in the folder shown above."));
  if (g_str_equal (name, ".") || g_str_equal (name, ".."))
    return g_strdup (_("“.” and “..” name folders, not pipes. Choose another name."));
  if (strlen (name) > MAX_NAME_BYTES)
    return g_strdup (_("The name is too long: file names have at most 255 bytes."));

  folder = g_file_get_path (self->folder);
  if (folder == NULL)
    return NULL;
  path = g_build_filename (folder, name, NULL);
  /* lstat only: nothing is opened. */
  if (lstat (path, &st) == 0)
    {
      if (S_ISFIFO (st.st_mode))
        return g_strdup (_("A pipe with this name already exists. Choose another name."));

      return g_strdup_printf (_("Something else already has this name (a %s). Choose another name."),
                              fifolab_fifo_describe_type (st.st_mode));
    }

  return NULL;
}

static void
fifolab_new_pipe_dialog_update_mode (FifolabNewPipeDialog *self)
{
  guint mode = fifolab_new_pipe_dialog_get_mode (self);
  g_autofree char *string = fifolab_fifo_format_mode (mode);
  g_autofree char *text = g_strdup_printf ("%s  %04o", string, mode);

  gtk_label_set_text (self->mode_label, text);
}

static void
mode_toggled_cb (FifolabNewPipeDialog *self)
{
  fifolab_new_pipe_dialog_update_mode (self);
}

static void
name_changed_cb (FifolabNewPipeDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *problem = fifolab_new_pipe_dialog_check_name (self, name);

  fifolab_new_pipe_dialog_show_error (self, problem);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), name[0] != '\0' && problem == NULL);
}

static void
create_clicked_cb (FifolabNewPipeDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *folder = g_file_get_path (self->folder);
  g_autofree char *problem = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    return;

  problem = fifolab_new_pipe_dialog_check_name (self, name);
  if (problem != NULL)
    {
      fifolab_new_pipe_dialog_show_error (self, problem);
      return;
    }

  if (self->session != NULL
      ? !fifolab_session_create_pipe (self->session, folder, name, fifolab_new_pipe_dialog_get_mode (self), &path, &error)
      : !fifolab_fifo_create_in (folder, name, fifolab_new_pipe_dialog_get_mode (self), &path, &error))
    {
      fifolab_new_pipe_dialog_show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, path);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * fifolab_new_pipe_dialog_set_session:
 * @session: (nullable): the session that makes the pipe (and logs it)
 */
void
fifolab_new_pipe_dialog_set_session (FifolabNewPipeDialog *self,
                                     FifolabSession       *session)
{
  g_return_if_fail (FIFOLAB_IS_NEW_PIPE_DIALOG (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  g_set_object (&self->session, session);
}

FifolabNewPipeDialog *
fifolab_new_pipe_dialog_new (GtkWindow *parent,
                             GFile     *folder)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  return g_object_new (FIFOLAB_TYPE_NEW_PIPE_DIALOG,
                       "transient-for", parent,
                       "folder", folder,
                       NULL);
}

GtkEditable *
_fifolab_new_pipe_dialog_get_name_editable (FifolabNewPipeDialog *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkButton *
_fifolab_new_pipe_dialog_get_create_button (FifolabNewPipeDialog *self)
{
  return self->create_button;
}

GtkLabel *
_fifolab_new_pipe_dialog_get_error_label (FifolabNewPipeDialog *self)
{
  return self->error_label;
}

static void
fifolab_new_pipe_dialog_constructed (GObject *object)
{
  FifolabNewPipeDialog *self = FIFOLAB_NEW_PIPE_DIALOG (object);
  g_autofree char *folder = g_file_get_path (self->folder);
  g_autofree char *shown = fifolab_escape_home_path (folder, 0);
  g_autofree char *description = NULL;
  g_autofree char *markup = NULL;

  G_OBJECT_CLASS (fifolab_new_pipe_dialog_parent_class)->constructed (object);

  /* Translators: %s is a folder */
  description = g_strdup_printf (_("A named pipe (FIFO) carries bytes from the processes that open it "
                                   "for writing to those that open it for reading. It will be created in %s."),
                                 shown);
  /* A group's description is markup (libadwaita 1.2 has no switch for it):
   * a folder named "R&D" or "<lab>" is text. */
  markup = g_markup_escape_text (description, -1);
  adw_preferences_group_set_description (self->name_group, markup);
}

static void
fifolab_new_pipe_dialog_dispose (GObject *object)
{
  FifolabNewPipeDialog *self = FIFOLAB_NEW_PIPE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_NEW_PIPE_DIALOG);
  g_clear_object (&self->folder);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fifolab_new_pipe_dialog_parent_class)->dispose (object);
}

static void
fifolab_new_pipe_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FifolabNewPipeDialog *self = FIFOLAB_NEW_PIPE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_new_pipe_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FifolabNewPipeDialog *self = FIFOLAB_NEW_PIPE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_new_pipe_dialog_class_init (FifolabNewPipeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fifolab_new_pipe_dialog_constructed;
  object_class->dispose = fifolab_new_pipe_dialog_dispose;
  object_class->get_property = fifolab_new_pipe_dialog_get_property;
  object_class->set_property = fifolab_new_pipe_dialog_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-new-pipe-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, group_read);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, group_write);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, mode_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, name_group);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, other_read);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, other_write);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, owner_read);
  gtk_widget_class_bind_template_child (widget_class, FifolabNewPipeDialog, owner_write);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* And Ctrl+W, as the main window (the application's keys only reach the
   * windows it owns). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
fifolab_new_pipe_dialog_init (FifolabNewPipeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  fifolab_new_pipe_dialog_update_mode (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}
