/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-accessible.h"
#include "fifolab-pipe-framings.h"
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

  char              *menu_key;    /* the framing, reading, path the menu is for */
  gboolean           names_parent; /* its accessible name given to its parent too */
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
      /* The state alone says nothing was lost: the log says when it was. */
      return FIFOLAB_EVENT_READER_LEFT;
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

  /* FIFO Lab at both ends: its reader waits for no one else, and that is
   * what a person must know about such a pipe. */
  if (fifolab_session_holds_both_ends (session, path))
    {
      if (explanation != NULL)
        *explanation = _("FIFO Lab holds both ends of this pipe: what it writes comes back to its own "
                         "reader, and a second reader would compete with it for the bytes (each byte "
                         "goes to one reader only).");
      return g_strdup (_("FIFO Lab holds both ends"));
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
/* The framing items: what choosing each framing does to @path. */
static GMenu *
framing_menu_new (const char     *path,
                  FifolabFraming  current,
                  gboolean        reading)
{
  static const char *reconnect[] = {
    N_("Reconnect with _Raw Framing"),
    N_("Reconnect with _Line Framing"),
    N_("Reconnect with _Fixed-Size Framing"),
    N_("Reconnect with Length-_Prefixed Framing"),
  };
  static const char *use[] = {
    N_("Use _Raw Framing"),
    N_("Use _Line Framing"),
    N_("Use _Fixed-Size Framing"),
    N_("Use Length-_Prefixed Framing"),
  };
  GMenu *section = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (use); i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (i == (guint) current)
        continue;
      item = g_menu_item_new (_(reading ? reconnect[i] : use[i]), NULL);
      g_menu_item_set_action_and_target_value (item, "win.set-framing",
                                               g_variant_new ("(^ays)", path, fifolab_framing_to_string (i)));
      g_menu_append_item (section, item);
    }

  return section;
}

/**
 * fifolab_count_holders:
 * @scan: (nullable): the last scan of the holders
 * @session: (nullable): FIFO Lab's connections
 *
 * Counts the descriptors open on @path for reading and for writing: other
 * processes' as the scan saw them, FIFO Lab's own as the session holds them
 * now (the scan may be older than a click on Read or Write).
 */
void
fifolab_count_holders (FifolabHolderScan *scan,
                       FifolabSession    *session,
                       const char        *path,
                       guint             *readers,
                       guint             *writers)
{
  g_autoptr(GPtrArray) holders = NULL;
  gint64 self_pid = getpid ();

  *readers = *writers = 0;
  if (scan != NULL)
    holders = fifolab_holder_scan_get_holders (scan, path);
  for (guint i = 0; holders != NULL && i < holders->len; i++)
    {
      FifolabHolder *holder = g_ptr_array_index (holders, i);
      FifolabAccess access = fifolab_holder_get_access (holder);

      if (fifolab_holder_get_pid (holder) == self_pid && session != NULL)
        continue;
      if (access & FIFOLAB_ACCESS_READ)
        (*readers)++;
      if (access & FIFOLAB_ACCESS_WRITE)
        (*writers)++;
    }

  if (session != NULL)
    {
      FifolabReader *reader = fifolab_session_get_reader (session, path);
      FifolabWriter *writer = fifolab_session_get_writer (session, path);

      if (reader != NULL && fifolab_reader_get_capacity (reader) >= 0)
        (*readers)++;
      if (writer != NULL && fifolab_writer_get_capacity (writer) >= 0)
        (*writers)++;
    }
}

/**
 * fifolab_pipe_menu_new_for:
 * @framing: the pipe's framing
 * @reading: whether FIFO Lab reads the pipe (its framing items reconnect)
 *
 * Returns: (transfer full): the actions on @path
 */
GMenuModel *
fifolab_pipe_menu_new_for (const char     *path,
                           FifolabFraming  framing,
                           gboolean        reading)
{
  g_autoptr(GMenuModel) menu = fifolab_pipe_menu_new (path);
  g_autoptr(GMenu) framings = framing_menu_new (path, framing, reading);

  g_menu_insert_section (G_MENU (menu), 1, NULL, G_MENU_MODEL (framings));
  return g_steal_pointer (&menu);
}

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

/* No line break inside @part where it stands in @text, from @from on (or
 * anywhere, if not there); returns where it ends in @text. */
static const char *
keep_together_from (PangoAttrList *attrs,
                    const char    *text,
                    const char    *from,
                    const char    *part)
{
  const char *at = strstr (from, part);
  PangoAttribute *attr;

  if (at == NULL)
    at = strstr (text, part);
  if (at == NULL || *part == '\0')
    return from;
  attr = pango_attr_allow_breaks_new (FALSE);
  attr->start_index = at - text;
  attr->end_index = attr->start_index + strlen (part);
  pango_attr_list_insert (attrs, attr);
  return at + strlen (part);
}

static void
keep_together (PangoAttrList *attrs,
               const char    *text,
               const char    *part)
{
  keep_together_from (attrs, text, text, part);
}

static void fifolab_pipe_row_update_accessible (FifolabPipeRow *self);

static void
fifolab_pipe_row_update_holders (FifolabPipeRow *self)
{
  const char *path;
  g_autofree char *text = NULL;
  g_autofree char *readers_text = NULL;
  g_autofree char *writers_text = NULL;
  guint readers, writers;

  if (self->info == NULL || self->holder_scan == NULL)
    {
      gtk_label_set_text (self->holders_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->holders_label), FALSE);
      return;
    }

  path = fifolab_pipe_info_get_path (self->info);
  fifolab_count_holders (self->holder_scan, self->session, path, &readers, &writers);
  readers_text = g_strdup_printf (ngettext ("%u reader", "%u readers", readers), readers);
  writers_text = g_strdup_printf (ngettext ("%u writer", "%u writers", writers), writers);
  /* Translators: how many processes hold the pipe open, "1 reader, 0 writers". */
  text = g_strdup_printf (_("%s, %s"), readers_text, writers_text);
  if (g_strcmp0 (gtk_label_get_text (self->holders_label), text) != 0)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      /* The line wraps between its two parts only: in Chinese, which may
       * break between any two characters, "1 个读进程，1 个写进程" did not
       * fit the list and was cut; wrapped anywhere it would read "1 个写进"
       * and "程". */
      keep_together (attrs, text, readers_text);
      keep_together (attrs, text, writers_text);
      gtk_label_set_text (self->holders_label, text);
      gtk_label_set_attributes (self->holders_label, attrs);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->holders_label), TRUE);
  fifolab_pipe_row_update_accessible (self);

  g_clear_pointer (&text, g_free);
  /* The first text was freed just above; cppcheck does not know that
   * g_clear_pointer frees, and sees it overwritten. */
  /* cppcheck-suppress memleak */
  /* Translators: "Held open by 1 reader and 0 writers". */
  text = g_strdup_printf (_("Held open by %s and %s"), readers_text, writers_text);
  set_tooltip (GTK_WIDGET (self->holders_label), text);
}

/* The mode, the owner and the framing the pipe is read and sent with; the
 * menu's framing items say what choosing another does. */
static void
fifolab_pipe_row_update_framing (FifolabPipeRow *self)
{
  g_autofree char *mode = NULL;
  g_autofree char *details = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  FifolabFraming framing = FIFOLAB_FRAMING_RAW;
  gboolean reading = FALSE;
  const char *path;

  if (self->info == NULL)
    return;

  path = fifolab_pipe_info_get_path (self->info);
  if (self->session != NULL)
    {
      framing = fifolab_session_get_framing (self->session, path);
      reading = fifolab_session_get_reader (self->session, path) != NULL;
    }

  mode = fifolab_pipe_info_dup_mode_string (self->info);
  if (self->session != NULL)
    /* Translators: permissions, owner and framing of a pipe, e.g. "rw------- · alice · Lines" */
    details = g_strdup_printf (_("%s · %s · %s"), mode, fifolab_pipe_info_get_owner (self->info),
                               fifolab_framing_get_label (framing));
  else
    /* Translators: permissions and owner of a pipe, e.g. "rw------- · alice" */
    details = g_strdup_printf (_("%s · %s"), mode, fifolab_pipe_info_get_owner (self->info));
  if (g_strcmp0 (gtk_label_get_text (self->details_label), details) != 0)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
      const char *from = details;

      /* It wraps between its parts only: "rw-rw-", "-" or "roo", "t" read
       * as nothing. The owner is looked for after the mode, which may hold
       * its letters. */
      from = keep_together_from (attrs, details, from, mode);
      from = keep_together_from (attrs, details, from, fifolab_pipe_info_get_owner (self->info));
      if (self->session != NULL)
        keep_together_from (attrs, details, from, fifolab_framing_get_label (framing));
      gtk_label_set_text (self->details_label, details);
      gtk_label_set_attributes (self->details_label, attrs);
    }

  /* The menu's actions target the path: a new menu only when it would read
   * differently. */
  key = g_strdup_printf ("%d:%d:%s", (int) framing, reading, path);
  if (g_strcmp0 (self->menu_key, key) != 0)
    {
      menu = self->session != NULL ? fifolab_pipe_menu_new_for (path, framing, reading)
                                   : fifolab_pipe_menu_new (path);
      gtk_menu_button_set_menu_model (self->menu_button, menu);
      g_free (self->menu_key);
      self->menu_key = g_steal_pointer (&key);
    }
}

/* The row's accessible name: what it shows, in the order it shows it (the
 * name, with its folder where names collide; FIFO Lab's connection; mode,
 * owner and framing; the holders; exposed). The list's row (GTK's, which
 * takes the focus) is given the name too (fifolab_pipe_row_set_names_parent()). */
static void
fifolab_pipe_row_update_accessible (FifolabPipeRow *self)
{
  g_autoptr(GString) name = g_string_new (gtk_label_get_text (self->name_label));
  GtkLabel *parts[] = { self->connection_label, self->details_label, self->holders_label };
  GtkWidget *parent;

  if (self->info == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (parts[i])) && gtk_label_get_text (parts[i])[0] != '\0')
      /* Translators: "row parts" separate the parts of a pipe's row as a
       * screen reader says it: "my_pipe, Reading, rw------- · alice · Lines,
       * 1 reader, 0 writers" */
      g_string_append_printf (name, "%s%s", C_("row parts", ", "), gtk_label_get_text (parts[i]));
  if (gtk_widget_get_visible (GTK_WIDGET (self->exposed_icon)))
    g_string_append_printf (name, "%s%s", C_("row parts", ", "), _("Exposed pipe"));
  if (g_strcmp0 (fifolab_accessible_get_name (GTK_WIDGET (self)), name->str) != 0)
    fifolab_accessible_set_name (GTK_WIDGET (self), name->str);
  parent = gtk_widget_get_parent (GTK_WIDGET (self));
  if (self->names_parent && parent != NULL &&
      g_strcmp0 (fifolab_accessible_get_name (parent), name->str) != 0)
    fifolab_accessible_set_name (parent, name->str);
}

/**
 * fifolab_pipe_row_set_names_parent:
 * @self: a row
 * @names_parent: whether its parent is named as the row
 *
 * Names the row's parent (GTK's list row, which takes the focus) by what
 * the row shows, now and whenever it changes.
 */
void
fifolab_pipe_row_set_names_parent (FifolabPipeRow *self,
                                   gboolean        names_parent)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_ROW (self));

  self->names_parent = !!names_parent;
  fifolab_pipe_row_update_accessible (self);
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
  fifolab_pipe_row_update_framing (self);
  /* FIFO Lab's own ends count among the holders at once. */
  fifolab_pipe_row_update_holders (self);
  fifolab_pipe_row_update_accessible (self);
}

/* The name, with its folder when another listed pipe has the same one. */
static void
fifolab_pipe_row_update_name (FifolabPipeRow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *accessible = NULL;

  if (self->info == NULL)
    return;

  if (self->session != NULL)
    name = fifolab_session_dup_display_name (self->session, fifolab_pipe_info_get_path (self->info));
  else
    name = g_strdup (fifolab_pipe_info_get_name (self->info));
  if (g_strcmp0 (gtk_label_get_text (self->name_label), name) != 0)
    gtk_label_set_text (self->name_label, name);

  accessible = g_strdup_printf (_("Actions for %s"), name);
  fifolab_accessible_set_name (GTK_WIDGET (self->menu_button), accessible);
  fifolab_pipe_row_update_accessible (self);
}

static void
fifolab_pipe_row_update (FifolabPipeRow *self)
{
  g_autofree char *shown_path = NULL;
  gboolean exposed = FALSE;

  if (self->info == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->details_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->exposed_icon), FALSE);
      gtk_menu_button_set_menu_model (self->menu_button, NULL);
      g_clear_pointer (&self->menu_key, g_free);
      fifolab_pipe_row_update_holders (self);
      fifolab_pipe_row_update_connection (self);
      return;
    }

  /* The name is escaped and bounded; the path is shown likewise. */
  fifolab_pipe_row_update_name (self);
  shown_path = fifolab_escape_name (fifolab_pipe_info_get_path (self->info), 0);
  set_tooltip (GTK_WIDGET (self->name_label), shown_path);

  exposed = fifolab_pipe_info_is_exposed (self->info);
  gtk_widget_set_visible (GTK_WIDGET (self->exposed_icon), exposed);
  if (exposed)
    {
      const char *why = _("Other users may write to this pipe (it is world-writable or owned by someone else): "
                          "its messages and the pids they claim may come from anyone.");

      set_tooltip (GTK_WIDGET (self->exposed_icon), why);
      fifolab_accessible_set_name (GTK_WIDGET (self->exposed_icon), _("Exposed pipe"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->exposed_icon), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why, -1);
    }

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

static void
fifolab_pipe_row_names_changed_cb (FifolabPipeRow *self,
                                   FifolabSession *session)
{
  fifolab_pipe_row_update_name (self);
}

static void
fifolab_pipe_row_default_framing_cb (FifolabPipeRow *self,
                                     GParamSpec     *pspec,
                                     FifolabSession *session)
{
  fifolab_pipe_row_update_framing (self);
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

  fifolab_pipe_row_update_name (self);
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
  g_clear_pointer (&self->menu_key, g_free);

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
  g_signal_group_connect_object (self->session_signals, "framing-changed",
                                 G_CALLBACK (fifolab_pipe_row_connection_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "names-changed",
                                 G_CALLBACK (fifolab_pipe_row_names_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::default-framing",
                                 G_CALLBACK (fifolab_pipe_row_default_framing_cb),
                                 self, G_CONNECT_SWAPPED);

  /* A right click opens the same menu as the button. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (fifolab_pipe_row_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  fifolab_pipe_row_update (self);
}
