/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-pipe-row.h"

struct _FifolabPipeRow
{
  GtkWidget          parent_instance;

  FifolabPipeInfo   *info;
  FifolabSession    *session;
  /* Follows the session's connection-changed, whichever session is set. */
  GSignalGroup      *session_signals;
  FifolabHolderScan *holder_scan;

  GtkWidget         *box;
  GtkLabel          *connection_label;
  GtkLabel          *details_label;
  GtkImage          *exposed_icon;
  GtkLabel          *holders_label;
  GtkMenuButton     *menu_button;
  GtkLabel          *name_label;

  char              *menu_path;   /* the path the row's menu acts on */
};

G_DEFINE_FINAL_TYPE (FifolabPipeRow, fifolab_pipe_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INFO,
  PROP_SESSION,
  PROP_HOLDER_SCAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static FifolabEventKind
reader_state_event (FifolabReaderState state)
{
  switch (state)
    {
    case FIFOLAB_READER_WAITING_FOR_WRITER:
      return FIFOLAB_EVENT_WAITING_FOR_WRITER;
    case FIFOLAB_READER_RECEIVING:
      return FIFOLAB_EVENT_WRITER_CONNECTED;
    case FIFOLAB_READER_END_OF_STREAM:
      return FIFOLAB_EVENT_END_OF_STREAM;
    case FIFOLAB_READER_FAILED:
      return FIFOLAB_EVENT_ERROR;
    case FIFOLAB_READER_CLOSED:
      return FIFOLAB_EVENT_CLOSED;
    case FIFOLAB_READER_IDLE:
    default:
      return FIFOLAB_EVENT_NONE;
    }
}

static FifolabEventKind
writer_state_event (FifolabWriterState state)
{
  switch (state)
    {
    case FIFOLAB_WRITER_WAITING_FOR_READER:
      return FIFOLAB_EVENT_WAITING_FOR_READER;
    case FIFOLAB_WRITER_CONNECTED:
      return FIFOLAB_EVENT_READER_CONNECTED;
    case FIFOLAB_WRITER_READER_GONE:
      return FIFOLAB_EVENT_NO_READER;
    case FIFOLAB_WRITER_FAILED:
      return FIFOLAB_EVENT_ERROR;
    case FIFOLAB_WRITER_CLOSED:
      return FIFOLAB_EVENT_CLOSED;
    case FIFOLAB_WRITER_IDLE:
    default:
      return FIFOLAB_EVENT_NONE;
    }
}

static const char *
reader_state_text (FifolabReaderState state)
{
  switch (state)
    {
    case FIFOLAB_READER_WAITING_FOR_WRITER:
      return _("Reading · waiting for a writer");
    case FIFOLAB_READER_RECEIVING:
      return _("Reading");
    case FIFOLAB_READER_END_OF_STREAM:
      return _("Reading · end of stream");
    case FIFOLAB_READER_FAILED:
      return _("Reading failed");
    case FIFOLAB_READER_IDLE:
    case FIFOLAB_READER_CLOSED:
    default:
      return NULL;
    }
}

static const char *
writer_state_text (FifolabWriterState state)
{
  switch (state)
    {
    case FIFOLAB_WRITER_WAITING_FOR_READER:
      return _("Writing · waiting for a reader");
    case FIFOLAB_WRITER_CONNECTED:
      return _("Writing");
    case FIFOLAB_WRITER_READER_GONE:
      return _("Writing · the reader left");
    case FIFOLAB_WRITER_FAILED:
      return _("Writing failed");
    case FIFOLAB_WRITER_IDLE:
    case FIFOLAB_WRITER_CLOSED:
    default:
      return NULL;
    }
}

/**
 * fifolab_describe_connection:
 *
 * Returns: (transfer full) (nullable): FIFO Lab's connection to @path in words
 */
char *
fifolab_describe_connection (FifolabSession  *session,
                             const char      *path,
                             const char     **explanation)
{
  FifolabReader *reader;
  FifolabWriter *writer;
  const char *reader_text = NULL;
  const char *writer_text = NULL;
  FifolabEventKind kind = FIFOLAB_EVENT_NONE;

  if (explanation != NULL)
    *explanation = NULL;
  if (session == NULL || path == NULL)
    return NULL;

  reader = fifolab_session_get_reader (session, path);
  writer = fifolab_session_get_writer (session, path);

  if (writer != NULL)
    {
      FifolabWriterState state = fifolab_writer_get_state (writer);

      writer_text = writer_state_text (state);
      kind = writer_state_event (state);
    }

  if (reader != NULL)
    {
      FifolabReaderState state = fifolab_reader_get_state (reader);

      reader_text = reader_state_text (state);
      /* Waiting on the read side says more than a connected writer. */
      if (kind == FIFOLAB_EVENT_NONE || state == FIFOLAB_READER_WAITING_FOR_WRITER ||
          state == FIFOLAB_READER_FAILED)
        kind = reader_state_event (state);
    }

  if (explanation != NULL && kind != FIFOLAB_EVENT_NONE)
    *explanation = fifolab_event_kind_get_explanation (kind);

  if (reader_text != NULL && writer_text != NULL)
    /* Translators: FIFO Lab reads and writes the same pipe, e.g. "Reading, Writing" */
    return g_strdup_printf (_("%s, %s"), reader_text, writer_text);
  if (reader_text != NULL)
    return g_strdup (reader_text);
  if (writer_text != NULL)
    return g_strdup (writer_text);

  return NULL;
}

/**
 * fifolab_pipe_menu_new:
 *
 * Returns: (transfer full): the actions on @path
 */
GMenuModel *
fifolab_pipe_menu_new (const char *path)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) connect = g_menu_new ();
  g_autoptr(GMenu) file = g_menu_new ();
  static const struct {
    const char *label;
    const char *action;
    gboolean    file_section;
  } items[] = {
    { N_("_Read"), "app.read-pipe", FALSE },
    { N_("_Write"), "app.write-pipe", FALSE },
    { N_("_Disconnect"), "app.disconnect-pipe", FALSE },
    { N_("_Copy Path"), "win.copy-path", TRUE },
    { N_("D_elete…"), "win.delete-pipe", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      /* A path is bytes, not necessarily UTF-8: a bytestring ("ay"). */
      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_bytestring (path));
      g_menu_append_item (items[i].file_section ? file : connect, item);
    }

  g_menu_append_section (menu, NULL, G_MENU_MODEL (connect));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (file));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* Setting a tooltip, even the same one, makes GTK on X11 query the pointer:
 * rows are updated every second and on every connection change, so only what
 * changed is set. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  const char *current = gtk_widget_get_tooltip_text (widget);

  if (g_strcmp0 (current, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static void
fifolab_pipe_row_update_holders (FifolabPipeRow *self)
{
  const char *path;
  g_autofree char *text = NULL;
  guint readers, writers;

  if (self->info == NULL || self->holder_scan == NULL)
    {
      gtk_label_set_text (self->holders_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->holders_label), FALSE);
      return;
    }

  path = fifolab_pipe_info_get_path (self->info);
  readers = fifolab_holder_scan_count (self->holder_scan, path, FIFOLAB_ACCESS_READ);
  writers = fifolab_holder_scan_count (self->holder_scan, path, FIFOLAB_ACCESS_WRITE);
  /* Translators: how many processes hold the pipe open for Reading and for Writing */
  text = g_strdup_printf (_("R %u · W %u"), readers, writers);
  gtk_label_set_text (self->holders_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->holders_label), TRUE);

  g_clear_pointer (&text, g_free);
  /* The first text was freed just above; cppcheck does not know that
   * g_clear_pointer frees, and sees it overwritten. */
  /* cppcheck-suppress memleak */
  text = g_strdup_printf (_("%u processes hold it for reading, %u for writing"), readers, writers);
  set_tooltip (GTK_WIDGET (self->holders_label), text);
}

static void
fifolab_pipe_row_update_connection (FifolabPipeRow *self)
{
  g_autofree char *text = NULL;
  const char *explanation = NULL;

  if (self->info != NULL)
    text = fifolab_describe_connection (self->session, fifolab_pipe_info_get_path (self->info), &explanation);

  gtk_label_set_text (self->connection_label, text ? text : "");
  set_tooltip (GTK_WIDGET (self->connection_label), explanation);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_label), text != NULL);
}

static void
fifolab_pipe_row_update (FifolabPipeRow *self)
{
  g_autofree char *mode = NULL;
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *shown_path = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  gboolean exposed = FALSE;

  if (self->info == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->details_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->exposed_icon), FALSE);
      gtk_menu_button_set_menu_model (self->menu_button, NULL);
      g_clear_pointer (&self->menu_path, g_free);
      fifolab_pipe_row_update_holders (self);
      fifolab_pipe_row_update_connection (self);
      return;
    }

  mode = fifolab_pipe_info_dup_mode_string (self->info);
  /* Translators: permissions and owner of a pipe, e.g. "rw------- · alice" */
  details = g_strdup_printf (_("%s · %s"), mode, fifolab_pipe_info_get_owner (self->info));
  /* The name is escaped and bounded by the info; the path is shown likewise. */
  gtk_label_set_text (self->name_label, fifolab_pipe_info_get_name (self->info));
  shown_path = fifolab_escape_name (fifolab_pipe_info_get_path (self->info), 0);
  set_tooltip (GTK_WIDGET (self->name_label), shown_path);
  gtk_label_set_text (self->details_label, details);

  exposed = fifolab_pipe_info_is_exposed (self->info);
  gtk_widget_set_visible (GTK_WIDGET (self->exposed_icon), exposed);
  if (exposed)
    {
      const char *why = _("Other users may write to this pipe (it is world-writable or owned by someone else): "
                          "its messages and the pids they claim may come from anyone.");

      set_tooltip (GTK_WIDGET (self->exposed_icon), why);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->exposed_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Exposed pipe"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why,
                                      -1);
    }

  /* The menu's actions target the path: a new menu only for a new path. */
  if (g_strcmp0 (self->menu_path, fifolab_pipe_info_get_path (self->info)) != 0)
    {
      menu = fifolab_pipe_menu_new (fifolab_pipe_info_get_path (self->info));
      gtk_menu_button_set_menu_model (self->menu_button, menu);
      g_free (self->menu_path);
      self->menu_path = g_strdup (fifolab_pipe_info_get_path (self->info));
    }

  accessible = g_strdup_printf (_("Actions for %s"), fifolab_pipe_info_get_name (self->info));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  fifolab_pipe_row_update_holders (self);
  fifolab_pipe_row_update_connection (self);
}

static void
fifolab_pipe_row_connection_changed_cb (FifolabPipeRow *self,
                                        const char     *path,
                                        FifolabSession *session)
{
  if (self->info != NULL && g_strcmp0 (path, fifolab_pipe_info_get_path (self->info)) == 0)
    fifolab_pipe_row_update_connection (self);
}

GtkWidget *
fifolab_pipe_row_new (void)
{
  return g_object_new (FIFOLAB_TYPE_PIPE_ROW, NULL);
}

FifolabPipeInfo *
fifolab_pipe_row_get_info (FifolabPipeRow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_ROW (self), NULL);

  return self->info;
}

void
fifolab_pipe_row_set_info (FifolabPipeRow  *self,
                           FifolabPipeInfo *info)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_ROW (self));
  g_return_if_fail (info == NULL || FIFOLAB_IS_PIPE_INFO (info));

  if (g_set_object (&self->info, info))
    {
      fifolab_pipe_row_update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
    }
}

void
fifolab_pipe_row_set_session (FifolabPipeRow *self,
                              FifolabSession *session)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_ROW (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  /* NULL after dispose. */
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, session);

  fifolab_pipe_row_update_connection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
fifolab_pipe_row_set_holder_scan (FifolabPipeRow    *self,
                                  FifolabHolderScan *scan)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_ROW (self));

  if (g_set_object (&self->holder_scan, scan))
    {
      fifolab_pipe_row_update_holders (self);
      /* The scan ticks every second: a good moment to catch state changes too. */
      fifolab_pipe_row_update_connection (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDER_SCAN]);
    }
}

void
fifolab_pipe_row_popup_menu (FifolabPipeRow *self)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_ROW (self));

  if (self->info != NULL)
    gtk_menu_button_popup (self->menu_button);
}

static void
fifolab_pipe_row_pressed_cb (FifolabPipeRow *self,
                             int             n_press,
                             double          x,
                             double          y,
                             GtkGestureClick *gesture)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  fifolab_pipe_row_popup_menu (self);
}

static void
fifolab_pipe_row_dispose (GObject *object)
{
  FifolabPipeRow *self = FIFOLAB_PIPE_ROW (object);

  fifolab_pipe_row_set_session (self, NULL);
  g_clear_object (&self->session_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_PIPE_ROW);
  g_clear_object (&self->info);
  g_clear_object (&self->holder_scan);
  g_clear_pointer (&self->menu_path, g_free);

  G_OBJECT_CLASS (fifolab_pipe_row_parent_class)->dispose (object);
}

static void
fifolab_pipe_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FifolabPipeRow *self = FIFOLAB_PIPE_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO:
      g_value_set_object (value, self->info);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_HOLDER_SCAN:
      g_value_set_object (value, self->holder_scan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_pipe_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FifolabPipeRow *self = FIFOLAB_PIPE_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO:
      fifolab_pipe_row_set_info (self, g_value_get_object (value));
      break;
    case PROP_SESSION:
      fifolab_pipe_row_set_session (self, g_value_get_object (value));
      break;
    case PROP_HOLDER_SCAN:
      fifolab_pipe_row_set_holder_scan (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_pipe_row_class_init (FifolabPipeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_pipe_row_dispose;
  object_class->get_property = fifolab_pipe_row_get_property;
  object_class->set_property = fifolab_pipe_row_set_property;

  properties[PROP_INFO] =
    g_param_spec_object ("info", NULL, NULL,
                         FIFOLAB_TYPE_PIPE_INFO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         FIFOLAB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOLDER_SCAN] =
    g_param_spec_object ("holder-scan", NULL, NULL,
                         FIFOLAB_TYPE_HOLDER_SCAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-pipe-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeRow, box);
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeRow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeRow, exposed_icon);
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeRow, holders_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeRow, name_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fifolab_pipe_row_init (FifolabPipeRow *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (FIFOLAB_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "connection-changed",
                                 G_CALLBACK (fifolab_pipe_row_connection_changed_cb),
                                 self, G_CONNECT_SWAPPED);

  /* A right click opens the same menu as the button. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (fifolab_pipe_row_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  fifolab_pipe_row_update (self);
}
