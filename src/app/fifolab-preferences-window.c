/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-combo-value.h"
#include "fifolab-escape.h"
#include "fifolab-preferences-window.h"
#include "fifolab-toast.h"

struct _FifolabPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *chooser;

  AdwActionRow         *folder_row;
  GtkSpinButton        *fixed_size_spin;
  AdwComboRow          *framing_row;
  GtkSpinButton        *log_cap_spin;
  GtkSpinButton        *log_memory_cap_spin;
  GtkSwitch            *relative_time_switch;
  GtkButton            *reset_folder_button;
  AdwComboRow          *style_row;
  AdwEntryRow          *template_row;
};

G_DEFINE_FINAL_TYPE (FifolabPreferencesWindow, fifolab_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Enum keys shown in a combo row: the row's position is the enum value. */
static gboolean
enum_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
selected_to_enum (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[selected]);
}

static const char *framing_nicks[] = { "raw", "line", "fixed", "length-prefix", NULL };
static const char *style_nicks[] = { "default", "light", "dark", NULL };

static void
fifolab_preferences_window_update_folder (FifolabPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "folder");

  gtk_widget_remove_css_class (GTK_WIDGET (self->folder_row), "error");
  if (folder[0] == '\0')
    {
      g_autofree char *lab = g_build_filename (g_get_user_data_dir (), "fifolab", "lab", NULL);
      g_autofree char *shown = fifolab_escape_home_path (lab, 0);
      g_autofree char *text = g_strdup_printf (_("The private lab folder, %s"), shown);

      adw_action_row_set_subtitle (self->folder_row, text);
    }
  else
    {
      g_autofree char *shown = fifolab_escape_home_path (folder, 0);

      adw_action_row_set_subtitle (self->folder_row, shown);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_folder_button), folder[0] != '\0');
}

static void
chooser_response_cb (FifolabPreferencesWindow *self,
                     int                       response,
                     GtkFileChooserNative     *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !fifolab_application_remember_folder (self->settings, file, &error))
        {
          g_autofree char *shown = fifolab_escape_message (error->message, FIFOLAB_TOAST_MAX_CHARS);

          /* The toast goes by; the folder's row says it until a folder is
           * chosen or reset (fifolab_preferences_window_update_folder()). */
          adw_action_row_set_subtitle (self->folder_row, shown);
          gtk_widget_add_css_class (GTK_WIDGET (self->folder_row), "error");
          adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), fifolab_toast_new (error->message, TRUE));
        }
    }

  g_clear_object (&self->chooser);
}

static void
choose_folder_cb (FifolabPreferencesWindow *self)
{
  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Default Folder"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_folder_cb (FifolabPreferencesWindow *self)
{
  g_settings_reset (self->settings, "folder");
}

FifolabPreferencesWindow *
fifolab_preferences_window_new (FifolabApplication *application)
{
  return g_object_new (FIFOLAB_TYPE_PREFERENCES_WINDOW,
                       "settings", fifolab_application_get_settings (application),
                       NULL);
}

static void
fifolab_preferences_window_constructed (GObject *object)
{
  FifolabPreferencesWindow *self = FIFOLAB_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (fifolab_preferences_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "template", self->template_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "fixed-size", self->fixed_size_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-cap", self->log_cap_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-memory-cap", self->log_memory_cap_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "relative-time", self->relative_time_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "framing", self->framing_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_selected, selected_to_enum,
                                framing_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_selected, selected_to_enum,
                                style_nicks, NULL);
  g_signal_connect_object (self->settings, "changed::folder",
                           G_CALLBACK (fifolab_preferences_window_update_folder),
                           self, G_CONNECT_SWAPPED);
  fifolab_preferences_window_update_folder (self);
}

static void
fifolab_preferences_window_dispose (GObject *object)
{
  FifolabPreferencesWindow *self = FIFOLAB_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fifolab_preferences_window_parent_class)->dispose (object);
}

static void
fifolab_preferences_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  FifolabPreferencesWindow *self = FIFOLAB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  FifolabPreferencesWindow *self = FIFOLAB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_preferences_window_class_init (FifolabPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fifolab_preferences_window_constructed;
  object_class->dispose = fifolab_preferences_window_dispose;
  object_class->get_property = fifolab_preferences_window_get_property;
  object_class->set_property = fifolab_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, fixed_size_spin);
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, framing_row);
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, log_cap_spin);
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, log_memory_cap_spin);
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, relative_time_switch);
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, reset_folder_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, FifolabPreferencesWindow, template_row);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_folder_cb);
  /* Closed with Ctrl+W as the main window is (the application's keys only
   * reach the windows it owns) and with Escape (AdwPreferencesWindow's). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
fifolab_preferences_window_init (FifolabPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fifolab_combo_row_show_value_whole (self->framing_row);
  fifolab_combo_row_show_value_whole (self->style_row);
  fifolab_accessible_name_parts (GTK_WIDGET (self));
}
