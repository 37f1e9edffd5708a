/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The message log's cells: one list item factory per column, and the view
 * settings the cells show (relative times, hex). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#include "fifolab-accessible.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-log.h"
#include "fifolab-log-columns.h"
#include "fifolab-log-columns-private.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"

struct _FifolabLogColumns
{
  GObject     parent_instance;

  /* Whose pipe names the pipe cells show (disambiguated among its pipes). */
  FifolabSession *session;
  /* The one folder whose pipes the log shows, if it shows only one: its
   * pipes go by their base names (no namesake is shown beside them). */
  char           *folder;
  guint           folder_serial;

  /* Bound list items of the columns whose text depends on a setting. */
  GHashTable *time_items;
  GHashTable *message_items;
  /* Those of message_items whose row's accessible name is older than
   * what it shows, named at once in an idle (name_rows_id). */
  GHashTable *unnamed_items;
  guint       name_rows_id;

  /* Relative times count from the first entry seen since the log was set or
   * cleared (evictions do not move it, so times do not jump). */
  FifolabLog *log;
  gulong      log_changed_id;
  gint64      origin_mono_us;
  gboolean    has_origin;
  gboolean    relative_time;
  gboolean    hex;

  /* The words of a row's accessible name (row_name_set()), translated
   * once: a flood binds every row shown each frame, and each lookup in the
   * catalog cost about as much as the rest of the name. */
  const char *row_separator;
  const char *row_colon;
  const char *row_pid;
  const char *row_pipe;
  const char *row_directions[FIFOLAB_DIRECTION_OUTPUT + 1];
  /* What a cell that shows nothing is called (cells_name_set()). */
  const char *cell_empty;
};

G_DEFINE_FINAL_TYPE (FifolabLogColumns, fifolab_log_columns, G_TYPE_OBJECT)

/* Formatting */

/* When the entry was logged: the log's order (a watched call's own start
 * is in the tooltip and the inspector). */
static void
format_time (FifolabLogColumns *self,
             FifolabLogEntry *entry,
             char            *buf,
             gsize            size)
{
  if (self->relative_time)
    {
      gint64 delta = self->has_origin ? fifolab_log_entry_get_logged_mono_us (entry) - self->origin_mono_us : 0;

      /* Translators: a time relative to the first entry of the log, in seconds */
      g_snprintf (buf, size, _("%+.3f s"), delta / (double) G_USEC_PER_SEC);
    }
  else
    {
      gint64 wall_us = fifolab_log_entry_get_logged_wall_us (entry);
      time_t secs = (time_t) (wall_us / G_USEC_PER_SEC);
      int ms = (int) ((wall_us % G_USEC_PER_SEC) / 1000);
      struct tm tm;

      if (wall_us < 0 || localtime_r (&secs, &tm) == NULL)
        {
          buf[0] = '\0';
          return;
        }
      g_snprintf (buf, size, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    }
}

static const char *
direction_label (FifolabDirection direction)
{
  switch (direction)
    {
    case FIFOLAB_DIRECTION_SENT:
      return _("Sent");
    case FIFOLAB_DIRECTION_RECEIVED:
      return _("Received");
    case FIFOLAB_DIRECTION_EVENT:
      return _("Event");
    case FIFOLAB_DIRECTION_OUTPUT:
      return _("Output");
    default:
      return "";
    }
}

static const char *
direction_icon (FifolabLogEntry *entry)
{
  switch (fifolab_log_entry_get_direction (entry))
    {
    case FIFOLAB_DIRECTION_SENT:
      return "go-next-symbolic";
    case FIFOLAB_DIRECTION_RECEIVED:
      return "go-previous-symbolic";
    case FIFOLAB_DIRECTION_EVENT:
      {
        const char *icon = fifolab_event_kind_get_icon_name (fifolab_log_entry_get_kind (entry));
        return icon != NULL ? icon : "dialog-information-symbolic";
      }
    case FIFOLAB_DIRECTION_OUTPUT:
      return "utilities-terminal-symbolic";
    default:
      return NULL;
    }
}

static gboolean
is_error_event (FifolabEventKind kind)
{
  switch (kind)
    {
    case FIFOLAB_EVENT_NO_READER:
    case FIFOLAB_EVENT_PIPE_REMOVED:
    case FIFOLAB_EVENT_TORN:
    case FIFOLAB_EVENT_ERROR:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
format_size (gsize  size,
             char  *buf,
             gsize  buf_size)
{
  if (size < 10000)
    {
      /* Translators: a message size in bytes, e.g. "22 B" */
      g_snprintf (buf, buf_size, _("%u B"), (guint) size);
    }
  else
    {
      g_autofree char *text = g_format_size (size);
      g_strlcpy (buf, text, buf_size);
    }
}

static void
format_pid (gint64  pid,
            char   *buf,
            gsize   size)
{
  if (pid < 0)
    buf[0] = '\0';
  else
    g_snprintf (buf, size, "%" G_GINT64_FORMAT, pid);
}


/* Cells. Each factory makes its widgets once in setup; bind only sets texts. */

static FifolabLogEntry *
list_item_get_entry (GtkListItem *list_item)
{
  return FIFOLAB_LOG_ENTRY (gtk_list_item_get_item (list_item));
}

static GtkWidget *
make_cell_label (const char *css_class,
                 float       xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The cells that change with every entry are inscriptions: their size does not
 * depend on their text, so binding a row to another entry only redraws it,
 * where a label would be measured (its text shaped two or three times) again.
 * While the log follows a flood every visible row is bound anew each frame.
 * Plain text only: gtk_inscription_set_text() never parses markup. */
static GtkWidget *
make_cell_text (const char *css_class,
                float       xalign)
{
  GtkWidget *text = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (text), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (text), xalign);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 1);
  gtk_widget_set_hexpand (text, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (text, css_class);
  return text;
}

/* Sets an inscription's text and its accessible label, if it changed. */
static void
cell_text_set (GtkWidget  *widget,
               const char *text)
{
  GtkInscription *inscription = GTK_INSCRIPTION (widget);

  if (g_strcmp0 (gtk_inscription_get_text (inscription), text) == 0)
    return;
  gtk_inscription_set_text (inscription, text);
  fifolab_accessible_set_name (GTK_WIDGET (widget), text != NULL ? text : "");
}

/* A cell let go of: no more to refresh when a setting changes. */
static void
track_teardown (GtkListItemFactory *factory,
                GtkListItem        *list_item,
                FifolabLogColumns  *self)
{
  g_hash_table_remove (self->time_items, list_item);
  g_hash_table_remove (self->message_items, list_item);
  g_hash_table_remove (self->unnamed_items, list_item);
}

static void direction_icon_set (GtkWidget       *image,
                                FifolabLogEntry *entry);

/* Time cell: [direction's icon] [time]. The icon says the direction where
 * the Direction column, hidden by default, would take 100 px from the
 * message; its name is the icon's accessible label. */
static void
time_setup_cb (GtkListItemFactory *factory,
               GtkListItem        *list_item,
               FifolabLogColumns  *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();

  gtk_widget_add_css_class (image, "fifolab-direction-icon");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), make_cell_text ("fifolab-time", 1.0));
  gtk_list_item_set_child (list_item, box);
  g_hash_table_add (self->time_items, list_item);
}

/* The time shown is when the entry was logged. A watched call is logged
 * when the watch tells it (when it returned, or while it is still blocked),
 * after it began: the cell's tooltip and accessible description say when it
 * began (the inspector too). Any other entry whose time is before the row
 * above it came by a slower path and is logged when it came: they say when
 * it happened. Only set when it changes. */
static void
time_late_set (GtkWidget       *widget,
               FifolabLogEntry *entry)
{
  g_autofree char *text = NULL;
  const char *old = gtk_widget_get_tooltip_text (widget);

  if (fifolab_log_entry_is_logged_late (entry))
    {
      gint64 late_us = fifolab_log_entry_get_logged_mono_us (entry) - fifolab_log_entry_get_mono_us (entry);

      if (fifolab_log_entry_is_watched (entry))
        /* Translators: the log's time column shows when an entry was logged;
         * a watched call was logged this many seconds after it began. */
        text = g_strdup_printf (_("Logged when the watch told it; the call began %.3f s before"),
                                late_us / (double) G_USEC_PER_SEC);
      else
        /* Translators: the log's time column shows when an entry was
         * logged, in the log's order; this one came later than it happened
         * (after the row above it was logged). */
        text = g_strdup_printf (_("Logged in the log’s order, after the row above; it happened %.3f s before"),
                                late_us / (double) G_USEC_PER_SEC);
    }
  if (g_strcmp0 (old, text) == 0)
    return;
  gtk_widget_set_tooltip_text (widget, text);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
time_bind_cb (GtkListItemFactory *factory,
              GtkListItem        *list_item,
              FifolabLogColumns  *self)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  GtkWidget *image = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  char buf[64];

  direction_icon_set (image, entry);
  format_time (self, entry, buf, sizeof buf);
  cell_text_set (gtk_widget_get_next_sibling (image), buf);
  time_late_set (gtk_widget_get_next_sibling (image), entry);
}

static void
direction_setup_cb (GtkListItemFactory *factory,
                    GtkListItem        *list_item,
                    FifolabLogColumns  *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = make_cell_text (NULL, 0.0);

  gtk_widget_add_css_class (box, "fifolab-direction");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

/* Sets @widget's classes to @first and the direction's (sent, received,
 * event, output; and error); only when they change: a flood rebinds every
 * row each frame, mostly to entries that look the same here. */
static void
direction_classes_set (GtkWidget       *widget,
                       const char      *first,
                       FifolabLogEntry *entry)
{
  FifolabDirection direction = fifolab_log_entry_get_direction (entry);
  const char *classes[] = { first, NULL, NULL, NULL };
  static GQuark quark;
  guint key;

  /* A flood rebinds every row each frame, mostly to entries that look the
   * same here: the classes and the icon are only set when they change. */
  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("fifolab-direction-shown");

  switch (direction)
    {
    case FIFOLAB_DIRECTION_SENT:
      classes[1] = "sent";
      break;
    case FIFOLAB_DIRECTION_RECEIVED:
      classes[1] = "received";
      break;
    case FIFOLAB_DIRECTION_EVENT:
      classes[1] = "event";
      if (is_error_event (fifolab_log_entry_get_kind (entry)))
        classes[2] = "error";
      break;
    case FIFOLAB_DIRECTION_OUTPUT:
      classes[1] = "output";
      break;
    default:
      break;
    }

  key = 1 + direction * 2 + (classes[2] != NULL);
  if (GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (widget), quark)) != key)
    {
      g_object_set_qdata (G_OBJECT (widget), quark, GUINT_TO_POINTER (key));
      gtk_widget_set_css_classes (widget, classes);
    }
}

static void
direction_image_set (GtkWidget       *image,
                     FifolabLogEntry *entry)
{
  const char *icon = direction_icon (entry);

  if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), icon) != 0)
    gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
}

/* The time cell's icon: the direction's, coloured, named for screen readers. */
static void
direction_icon_set (GtkWidget       *image,
                    FifolabLogEntry *entry)
{
  FifolabDirection direction = fifolab_log_entry_get_direction (entry);
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("fifolab-direction-named");
  direction_classes_set (image, "fifolab-direction-icon", entry);
  direction_image_set (image, entry);
  if (GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (image), quark)) != direction + 1u)
    {
      g_object_set_qdata (G_OBJECT (image), quark, GUINT_TO_POINTER (direction + 1u));
      fifolab_accessible_set_name (image, direction_label (direction));
    }
}

static void
direction_bind_cb (GtkListItemFactory *factory,
                   GtkListItem        *list_item,
                   FifolabLogColumns  *self)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);

  direction_classes_set (box, "fifolab-direction", entry);
  direction_image_set (image, entry);
  cell_text_set (label, direction_label (fifolab_log_entry_get_direction (entry)));
}

/* The full path is asked for when the tooltip is about to show: setting a
 * tooltip text in bind would query the pointer position (an X round trip) for
 * every row bound, many times a frame while the log follows a flood. */
static gboolean
pipe_query_tooltip_cb (GtkWidget   *label,
                       int          x,
                       int          y,
                       gboolean     keyboard_mode,
                       GtkTooltip  *tooltip,
                       GtkListItem *list_item)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  const char *path = entry != NULL ? fifolab_log_entry_get_pipe_path (entry) : NULL;
  g_autofree char *shown = NULL;

  if (path == NULL || *path == '\0')
    return FALSE;
  shown = fifolab_escape_name (path, 0);
  gtk_tooltip_set_text (tooltip, shown);
  return TRUE;
}

static void
pipe_setup_cb (GtkListItemFactory *factory,
               GtkListItem        *list_item,
               FifolabLogColumns  *self)
{
  GtkWidget *label = make_cell_text ("fifolab-pipe", 0.0);

  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect_object (label, "query-tooltip", G_CALLBACK (pipe_query_tooltip_cb), list_item, 0);
  gtk_list_item_set_child (list_item, label);
}

/* On a message cell's widget, its list item; on GTK's row widget, the
 * focus controller that names the row when the focus comes to it. */
static G_DEFINE_QUARK (fifolab-log-list-item, list_item)
static G_DEFINE_QUARK (fifolab-log-row-focus, row_focus)

/* Whether @path is a pipe of the one folder the log shows. */
static gboolean
in_folder (FifolabLogColumns *self,
           const char        *path)
{
  g_autofree char *dir = NULL;

  if (self->folder == NULL)
    return FALSE;
  dir = g_path_get_dirname (path);
  return strcmp (dir, self->folder) == 0;
}

/* The name a row shows for its pipe, @path (NULL for none), kept on
 * @holder (a cell's widget) with what it was made from: escaped and
 * disambiguated only when the path or the names change, as a flood rebinds
 * every row each frame. A name is never laid out raw (bidi overrides,
 * newlines, thousands of combining marks). Sets *@changed to whether it was
 * made anew. */
static const char *
shown_pipe_name (FifolabLogColumns *self,
                 GtkWidget         *holder,
                 const char        *path,
                 gboolean          *changed)
{
  static GQuark quark, serial_quark, name_quark;
  guint serial = 0;

  if (G_UNLIKELY (quark == 0))
    {
      quark = g_quark_from_static_string ("fifolab-pipe-shown");
      serial_quark = g_quark_from_static_string ("fifolab-pipe-names-serial");
      name_quark = g_quark_from_static_string ("fifolab-pipe-shown-name");
    }
  if (path != NULL && self->session != NULL)
    serial = fifolab_session_get_names_serial (self->session);
  /* Both only grow: a new folder, or new names, never reads as the old. */
  serial += self->folder_serial;
  *changed = g_strcmp0 (g_object_get_qdata (G_OBJECT (holder), quark), path) != 0 ||
             GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (holder), serial_quark)) != serial ||
             g_object_get_qdata (G_OBJECT (holder), name_quark) == NULL;
  if (*changed)
    {
      char *shown_name = NULL;

      /* With its folder where another pipe of the session has the same
       * name, unless the log shows that folder's pipes only. */
      if (path != NULL && in_folder (self, path))
        shown_name = fifolab_escape_basename (path, 0);
      else if (path != NULL && self->session != NULL)
        shown_name = fifolab_session_dup_display_name (self->session, path);
      else if (path != NULL)
        shown_name = fifolab_escape_basename (path, 0);

      g_object_set_qdata_full (G_OBJECT (holder), quark, g_strdup (path), g_free);
      g_object_set_qdata (G_OBJECT (holder), serial_quark, GUINT_TO_POINTER (serial));
      g_object_set_qdata_full (G_OBJECT (holder), name_quark, shown_name != NULL ? shown_name : g_strdup (""), g_free);
    }
  return g_object_get_qdata (G_OBJECT (holder), name_quark);
}

static void
pipe_bind_cb (GtkListItemFactory *factory,
              GtkListItem        *list_item,
              FifolabLogColumns  *self)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *path = fifolab_log_entry_get_pipe_path (entry);
  gboolean changed;
  const char *shown_name = shown_pipe_name (self, label, path, &changed);

  if (changed)
    {
      g_autofree char *shown_path = path != NULL ? fifolab_escape_name (path, 0) : NULL;

      cell_text_set (label, shown_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      shown_path != NULL ? shown_path : "", -1);
    }
}

static gboolean
static_query_tooltip_cb (GtkWidget  *widget,
                         int         x,
                         int         y,
                         gboolean    keyboard_mode,
                         GtkTooltip *tooltip,
                         const char *text)
{
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* @tooltip is a translated string that outlives the view. Given on query, as
 * the pipe's: gtk_widget_set_tooltip_text() asks the X server where the pointer
 * is, and rows are made in bursts while a flood fills the view. */
static void
pid_setup_cb (GtkListItemFactory *factory,
              GtkListItem        *list_item,
              const char         *tooltip)
{
  GtkWidget *label = make_cell_text ("fifolab-pid", 1.0);

  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (static_query_tooltip_cb), (gpointer) tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  gtk_list_item_set_child (list_item, label);
}

static void
sender_setup_cb (GtkListItemFactory *factory,
                 GtkListItem        *list_item,
                 FifolabLogColumns  *self)
{
  pid_setup_cb (factory, list_item,
                _("The process id the message says it comes from. It is only a claim: "
                  "any process can write any number."));
}

static void
seen_setup_cb (GtkListItemFactory *factory,
               GtkListItem        *list_item,
               FifolabLogColumns  *self)
{
  pid_setup_cb (factory, list_item,
                _("The process id the watch saw make the call or write the message: "
                  "what the kernel says, not a claim"));
}

static void
receiver_setup_cb (GtkListItemFactory *factory,
                   GtkListItem        *list_item,
                   FifolabLogColumns  *self)
{
  pid_setup_cb (factory, list_item, _("The process id of the process that read the message"));
}

/* The pid @entry's sender claims (the Sender column), or -1. */
static gint64
claimed_pid (FifolabLogEntry *entry)
{
  /* A watched call claims nothing: its pid is the one seen (the PID Seen
   * column). */
  if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_EVENT &&
      fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WATCH)
    return -1;
  /* A watched message's sender is the writer the watch saw (the inspector
   * says so); the column shows what it claims, as for other messages. A
   * claim stands at its start: the row's text is enough. */
  if (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_WATCHED)
    {
      const char *row = fifolab_log_entry_get_row_text (entry);

      return fifolab_stamp_parse_claimed_pid ((const guint8 *) row, strlen (row));
    }
  return fifolab_log_entry_get_sender_pid (entry);
}

static void
sender_bind_cb (GtkListItemFactory *factory,
                GtkListItem        *list_item,
                FifolabLogColumns  *self)
{
  char buf[32];

  format_pid (claimed_pid (list_item_get_entry (list_item)), buf, sizeof buf);
  cell_text_set (gtk_list_item_get_child (list_item), buf);
}

static void
receiver_bind_cb (GtkListItemFactory *factory,
                  GtkListItem        *list_item,
                  FifolabLogColumns  *self)
{
  char buf[32];

  format_pid (fifolab_log_entry_get_receiver_pid (list_item_get_entry (list_item)), buf, sizeof buf);
  cell_text_set (gtk_list_item_get_child (list_item), buf);
}

/* The pid a watch saw: the process that made a watched call, the writer
 * of a watched message. */
static void
seen_bind_cb (GtkListItemFactory *factory,
              GtkListItem        *list_item,
              FifolabLogColumns  *self)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  gint64 pid = -1;
  char buf[32];

  if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_EVENT &&
      fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WATCH)
    pid = MAX (fifolab_log_entry_get_sender_pid (entry), fifolab_log_entry_get_receiver_pid (entry));
  else if (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_WATCHED)
    pid = fifolab_log_entry_get_sender_pid (entry);
  format_pid (pid, buf, sizeof buf);
  cell_text_set (gtk_list_item_get_child (list_item), buf);
}

static void
size_setup_cb (GtkListItemFactory *factory,
               GtkListItem        *list_item,
               FifolabLogColumns  *self)
{
  gtk_list_item_set_child (list_item, make_cell_text ("fifolab-size", 1.0));
}

static void
size_bind_cb (GtkListItemFactory *factory,
              GtkListItem        *list_item,
              FifolabLogColumns  *self)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  char buf[64];

  /* An event's bytes are its detail text: their count means nothing; an
   * evicted entry's are gone. */
  if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_EVENT ||
      fifolab_log_entry_get_evicted (entry))
    buf[0] = '\0';
  else
    format_size (fifolab_log_entry_get_size (entry), buf, sizeof buf);
  cell_text_set (gtk_list_item_get_child (list_item), buf);
}

/* A flagged message's mark: the explanation of its flags, asked for when the
 * tooltip is about to show (as the pipe's), from the entry the row shows. */
static gboolean
flag_query_tooltip_cb (GtkWidget   *badge,
                       int          x,
                       int          y,
                       gboolean     keyboard_mode,
                       GtkTooltip  *tooltip,
                       GtkListItem *list_item)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  g_autofree char *text = NULL;

  if (entry == NULL || (text = fifolab_message_flags_dup_explanation (fifolab_log_entry_get_flags (entry))) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Shows @flags on the row's badge: hidden without flags; else the most
 * serious flag's icon in the warning or error colour, and for screen readers
 * the flags' titles and explanations. Only redone when the flags change. */
static void
flag_badge_set (GtkWidget *badge,
                guint      flags)
{
  static GQuark quark;
  g_autoptr(GArray) split = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *explanation = NULL;
  guint first;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("fifolab-flags-shown");
  if (GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (badge), quark)) == flags)
    return;
  g_object_set_qdata (G_OBJECT (badge), quark, GUINT_TO_POINTER (flags));

  split = fifolab_message_flags_split (flags);
  gtk_widget_set_visible (badge, split->len > 0);
  if (split->len == 0)
    return;

  first = g_array_index (split, guint, 0);
  gtk_image_set_from_icon_name (GTK_IMAGE (badge), fifolab_message_flag_get_icon_name (first));
  gtk_widget_remove_css_class (badge, "warning");
  gtk_widget_remove_css_class (badge, "error");
  gtk_widget_add_css_class (badge, fifolab_message_flag_is_error (first) ? "error" : "warning");

  titles = fifolab_message_flags_dup_titles (flags);
  explanation = fifolab_message_flags_dup_explanation (flags);
  fifolab_accessible_set_name (GTK_WIDGET (badge), titles);
  gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation, -1);
}

/* An event's explanation, whole, asked for when the tooltip is about to show
 * (as the pipe's): on the explanation, and on the detail and the mark that
 * stand for it when the row has no room for a readable share of it (the
 * inspector has it too). */
static gboolean
explanation_query_tooltip_cb (GtkWidget   *widget,
                              int          x,
                              int          y,
                              gboolean     keyboard_mode,
                              GtkTooltip  *tooltip,
                              GtkListItem *list_item)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  const char *explanation;

  if (entry == NULL || fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_EVENT)
    return FALSE;
  /* The detail tells it only when the row leaves the explanation out. */
  if (gtk_widget_has_css_class (widget, "fifolab-message") &&
      gtk_widget_get_child_visible (gtk_widget_get_next_sibling (widget)))
    return FALSE;
  explanation = fifolab_log_entry_get_explanation (entry);
  if (explanation == NULL || explanation[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, explanation);
  return TRUE;
}

/* What the tooltip of an event's title says (NULL for none): the title
 * whole where the cell cuts it, and the explanation where the cell shows
 * neither it nor its mark (message_cell_allocate()). */
static char *
dup_title_tooltip (GtkWidget       *title,
                   FifolabLogEntry *entry)
{
  GtkWidget *explanation, *more;
  gboolean cut;
  gboolean told;
  const char *text;

  if (entry == NULL || fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_EVENT)
    return NULL;
  more = gtk_widget_get_last_child (gtk_widget_get_parent (title));
  explanation = gtk_widget_get_prev_sibling (more);
  text = fifolab_log_entry_get_explanation (entry);
  cut = pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title)));
  told = text == NULL || text[0] == '\0' ||
         (gtk_widget_get_visible (explanation) && gtk_widget_get_child_visible (explanation)) ||
         (gtk_widget_get_visible (more) && gtk_widget_get_child_visible (more));
  if (!cut && told)
    return NULL;
  if (told)
    return g_strdup (gtk_label_get_text (GTK_LABEL (title)));
  if (!cut)
    return g_strdup (text);
  return g_strconcat (gtk_label_get_text (GTK_LABEL (title)), "\n", text, NULL);
}

static gboolean
title_query_tooltip_cb (GtkWidget   *title,
                        int          x,
                        int          y,
                        gboolean     keyboard_mode,
                        GtkTooltip  *tooltip,
                        GtkListItem *list_item)
{
  g_autofree char *text = dup_title_tooltip (title, list_item_get_entry (list_item));

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

char *
_fifolab_log_columns_dup_title_tooltip (GtkWidget *title)
{
  GtkListItem *list_item;

  g_return_val_if_fail (GTK_IS_LABEL (title), NULL);

  list_item = g_object_get_qdata (G_OBJECT (gtk_widget_get_parent (title)), list_item_quark ());
  return list_item != NULL ? dup_title_tooltip (title, list_item_get_entry (list_item)) : NULL;
}

/* The message cell's children, in order. A message's text is an
 * inscription (see make_cell_text()); an event's detail is a label, which
 * measures its text: the layout gives it what it needs, in any script. */
typedef struct
{
  GtkWidget *badge;
  GtkWidget *title;
  GtkWidget *text;
  GtkWidget *detail;
  GtkWidget *explanation;
  GtkWidget *more;
} MessageCell;

static void
message_cell_get (GtkWidget   *cell_widget,
                  MessageCell *cell)
{
  cell->badge = gtk_widget_get_first_child (cell_widget);
  cell->title = gtk_widget_get_next_sibling (cell->badge);
  cell->text = gtk_widget_get_next_sibling (cell->title);
  cell->detail = gtk_widget_get_next_sibling (cell->text);
  cell->explanation = gtk_widget_get_next_sibling (cell->detail);
  cell->more = gtk_widget_get_next_sibling (cell->explanation);
}

/* The message cell's layout. A message's text fills the cell. An event's
 * detail (which process, which call, what it returned) comes first, as wide
 * as its text as drawn (a label's natural width: a Chinese character is
 * about two average characters wide), up to what the cell has; its
 * explanation, the same for every event of a kind, takes what is left when
 * that is a readable share (the explanation's minimum width,
 * FIFOLAB_EXPLANATION_MIN_CHARS); when it is not, the explanation is left out
 * and a mark says where it is (its tooltip, the detail's, the inspector): a
 * stub such as "FI…" told a reader nothing. The message's text, the
 * explanation and the icons are measured from font metrics, not from their
 * text: a flood rebinds and lays out every row shown each frame, and none of
 * that shapes text. Only an event's detail is shaped, when its row is bound
 * to another event (GTK keeps a label's measure until its text changes). The
 * explanation asks for no width of its own. The children are
 * MESSAGE_CELL_SPACING apart. */
#define FIFOLAB_EXPLANATION_MIN_CHARS 24
#define MESSAGE_CELL_SPACING 8

static void
message_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  MessageCell cell;
  GtkWidget *sized[5];
  guint n = 0, shown = 0;

  message_cell_get (widget, &cell);
  sized[n++] = cell.badge;
  sized[n++] = cell.title;
  sized[n++] = cell.text;
  sized[n++] = cell.detail;
  /* The mark stands for the explanation when there is no room for it. */
  sized[n++] = cell.more;

  *minimum = *natural = 0;
  for (guint i = 0; i < n; i++)
    {
      int child_min, child_nat;

      if (!gtk_widget_get_visible (sized[i]))
        continue;
      gtk_widget_measure (sized[i], orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum += child_min;
          *natural += child_nat;
          shown++;
        }
      else
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
    }
  if (orientation == GTK_ORIENTATION_VERTICAL && gtk_widget_get_visible (cell.explanation))
    {
      int child_min, child_nat;

      gtk_widget_measure (cell.explanation, orientation, -1, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
  if (shown > 1)
    {
      *minimum += (shown - 1) * MESSAGE_CELL_SPACING;
      *natural += (shown - 1) * MESSAGE_CELL_SPACING;
    }
}

static int
natural_width (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

static int
minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

static void
message_cell_allocate (GtkWidget *widget,
                       int        width,
                       int        height,
                       int        baseline)
{
  enum { BADGE, TITLE, TEXT, DETAIL, EXPLANATION, MORE, N_CHILDREN };
  MessageCell cell;
  GtkWidget *order[N_CHILDREN];
  int widths[N_CHILDREN] = { 0 };
  gboolean show[N_CHILDREN] = { FALSE };
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int left, x = 0;

  message_cell_get (widget, &cell);
  order[BADGE] = cell.badge;
  order[TITLE] = cell.title;
  order[TEXT] = cell.text;
  order[DETAIL] = cell.detail;
  order[EXPLANATION] = cell.explanation;
  order[MORE] = cell.more;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    show[i] = gtk_widget_get_visible (order[i]);

  /* The badge and the event's title, whole; a title wider than what the
   * cell has left is cut at its end there ("Written before the writer
   * exited" ran 16 px past a 360 px window), and nothing follows it. */
  left = width;
  for (guint i = 0; i < 2; i++)
    if (show[i])
      {
        widths[i] = MIN (natural_width (order[i]), MAX (left, 0));
        left -= widths[i] + MESSAGE_CELL_SPACING;
      }
  if (left <= 0)
    show[TEXT] = show[DETAIL] = show[EXPLANATION] = FALSE;

  /* A message's text fills the cell. */
  widths[TEXT] = left;
  if (!show[EXPLANATION])
    {
      /* A message, or an event without an explanation: the detail fills. */
      show[MORE] = FALSE;
      widths[DETAIL] = left;
    }
  else
    {
      /* An event: its detail whole if it can be, then the explanation if
       * what is left is a readable share, else the mark. */
      int detail = show[DETAIL] ? natural_width (cell.detail) : 0;
      int rest = left - (show[DETAIL] ? detail + MESSAGE_CELL_SPACING : 0);

      if (rest >= minimum_width (cell.explanation))
        {
          show[MORE] = FALSE;
          widths[DETAIL] = detail;
          widths[EXPLANATION] = rest;
        }
      else
        {
          show[EXPLANATION] = FALSE;
          widths[MORE] = natural_width (cell.more);
          widths[DETAIL] = left - widths[MORE] - MESSAGE_CELL_SPACING;
        }
    }

  for (guint i = TEXT; i < G_N_ELEMENTS (order); i++)
    gtk_widget_set_child_visible (order[i], show[i]);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      GtkAllocation child = { 0, 0, MAX (widths[i], 0), height };

      if (!show[i])
        continue;
      if (i == TEXT || i == DETAIL || i == EXPLANATION)
        child.width = MAX (child.width, minimum_width (order[i]));
      child.x = rtl ? width - x - child.width : x;
      gtk_widget_size_allocate (order[i], &child, -1);
      x += child.width + MESSAGE_CELL_SPACING;
    }
}

/* Message cell: [flag badge] [event title] [message's text | event's detail]
 * [explanation] [mark]. One line: rows of one height keep the list's
 * scrolling exact while it follows a flood. Laid out by
 * message_cell_measure() and message_cell_allocate(), not as a box: a plain
 * GtkWidget cannot be made (the type is abstract) and a type of its own would
 * want a file pair, so the cell is a GtkBox whose GtkBoxLayout, and with it
 * the box's spacing, is replaced; the layout spaces the children by
 * MESSAGE_CELL_SPACING. */
static void
message_setup_cb (GtkListItemFactory *factory,
                  GtkListItem        *list_item,
                  FifolabLogColumns  *self)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *badge = gtk_image_new ();
  GtkWidget *title = make_cell_label ("fifolab-event-title", 0.0);
  GtkWidget *text = make_cell_text ("fifolab-message", 0.0);
  GtkWidget *detail = make_cell_label ("fifolab-message", 0.0);
  GtkWidget *explanation = make_cell_text ("fifolab-explanation", 0.0);
  GtkWidget *more = gtk_image_new_from_icon_name ("help-about-symbolic");

  gtk_widget_set_layout_manager (cell, gtk_custom_layout_new (NULL, message_cell_measure, message_cell_allocate));
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (explanation), FIFOLAB_EXPLANATION_MIN_CHARS);
  gtk_widget_set_has_tooltip (title, TRUE);
  g_signal_connect_object (title, "query-tooltip", G_CALLBACK (title_query_tooltip_cb), list_item, 0);
  gtk_widget_set_has_tooltip (explanation, TRUE);
  g_signal_connect_object (explanation, "query-tooltip", G_CALLBACK (explanation_query_tooltip_cb), list_item, 0);
  gtk_widget_set_visible (detail, FALSE);
  gtk_widget_set_has_tooltip (detail, TRUE);
  g_signal_connect_object (detail, "query-tooltip", G_CALLBACK (explanation_query_tooltip_cb), list_item, 0);
  gtk_widget_add_css_class (more, "fifolab-explanation-mark");
  gtk_widget_add_css_class (more, "dim-label");
  gtk_widget_set_has_tooltip (more, TRUE);
  g_signal_connect_object (more, "query-tooltip", G_CALLBACK (explanation_query_tooltip_cb), list_item, 0);
  /* Translators: the accessible name of the mark that stands, in a log row
   * too narrow for it, for an event's explanation (in its tooltip) */
  fifolab_accessible_set_name (more, _("Explanation in the tooltip and the inspector"));
  gtk_widget_add_css_class (badge, "fifolab-flag");
  gtk_widget_set_visible (badge, FALSE);
  gtk_widget_set_has_tooltip (badge, TRUE);
  g_signal_connect_object (badge, "query-tooltip", G_CALLBACK (flag_query_tooltip_cb), list_item, 0);
  gtk_box_append (GTK_BOX (cell), badge);
  gtk_box_append (GTK_BOX (cell), title);
  gtk_box_append (GTK_BOX (cell), text);
  gtk_box_append (GTK_BOX (cell), detail);
  gtk_box_append (GTK_BOX (cell), explanation);
  gtk_box_append (GTK_BOX (cell), more);
  gtk_list_item_set_child (list_item, cell);
  g_hash_table_add (self->message_items, list_item);
  /* Its list item, for its row's focus (row_focus_enter_cb()). */
  g_object_set_qdata (G_OBJECT (cell), list_item_quark (), list_item);
}

/* Shows or hides a child of the message cell. Most binds change nothing
 * (a flood binds message after message), and gtk_widget_get_visible() costs
 * less than half of what gtk_widget_set_visible() does to find that out. */
static void
cell_child_show (GtkWidget *child,
                 gboolean   shown)
{
  if (gtk_widget_get_visible (child) != shown)
    gtk_widget_set_visible (child, shown);
}

/* Sets the text of a message's inscription or of an event's detail label. */
static void
shown_text_set (GtkWidget  *widget,
                const char *text)
{
  if (GTK_IS_LABEL (widget))
    gtk_label_set_text (GTK_LABEL (widget), text);
  else
    cell_text_set (widget, text);
}

/* The most characters of a message's text said in its row's accessible
 * name: a sentence or two; the inspector has the whole text. Not an
 * event's detail: that is FIFO Lab's own sentences (a watched call's line,
 * why a watch was refused and what would allow it), already bounded by the
 * row's text (FIFOLAB_LOG_ENTRY_ROW_MAX_CHARS), and cut here it lost its
 * advice mid-word ("…Stop that tracer to watch it, o…"). */
#define ROW_NAME_MAX_CHARS 200

/* Appends to @name at most ROW_NAME_MAX_CHARS characters of the first
 * @len bytes of @text, "…" when cut. */
static void
append_cut (GString    *name,
            const char *text,
            gsize       len)
{
  const char *end = text;
  guint n = 0;

  while (end < text + len && n < ROW_NAME_MAX_CHARS)
    {
      end = g_utf8_next_char (end);
      n++;
    }
  g_string_append_len (name, text, end - text);
  if (end < text + len)
    g_string_append (name, "…");
}

/* Appends to @name @format, a translated "... %s ..." (its only
 * directive), with @value in place of its "%s": without printf, which
 * would want a literal format. */
static void
append_filled (GString    *name,
               const char *format,
               const char *value)
{
  const char *at = strstr (format, "%s");

  if (at == NULL)
    {
      g_string_append (name, format);
      return;
    }
  g_string_append_len (name, format, at - format);
  g_string_append (name, value);
  g_string_append (name, at + 2);
}

/* Appends to @name what the message cell says of @entry: a message's
 * text (@shown, cut, without the line end it shows as "\n"); an event's
 * title, its detail (@shown, whole) and its explanation. */
static void
append_message_said (FifolabLogColumns *self,
                     GString           *name,
                     FifolabLogEntry   *entry,
                     const char        *shown)
{
  if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_EVENT)
    {
      const char *explanation = fifolab_log_entry_get_explanation (entry);

      g_string_append (name, fifolab_event_kind_get_title (fifolab_log_entry_get_kind (entry)));
      if (fifolab_log_entry_get_size (entry) > 0 && shown[0] != '\0')
        {
          g_string_append (name, self->row_colon);
          g_string_append (name, shown);
        }
      if (explanation != NULL && explanation[0] != '\0')
        {
          g_string_append (name, self->row_separator);
          g_string_append (name, explanation);
        }
    }
  else
    {
      gsize len = strlen (shown);

      /* The row shows a message's line end as "\n", not said. */
      append_cut (name, shown, self->hex ? len : fifolab_escape_said_length (shown, len));
    }
}

/* Appends to @name the names of what @widget, a cell's widget or one of
 * its children, shows, in order: the time cell's direction icon and time;
 * a pipe's name; a pid; a size. The names are those cell_text_set() and
 * direction_icon_set() gave; an unnamed widget is said by its children. */
static void
append_cell_parts (FifolabLogColumns *self,
                   GString           *name,
                   GtkWidget         *widget)
{
  const char *part = fifolab_accessible_get_name (widget);

  if (part != NULL)
    {
      if (part[0] != '\0')
        {
          if (name->len > 0)
            g_string_append (name, self->row_separator);
          g_string_append (name, part);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      append_cell_parts (self, name, child);
}

/* Names each cell of @row (GTK's column view cells, which under GTK 4.8
 * AT-SPI would report by their private class name) by what it
 * shows: @message_cell's by @message_said, the others by the names of
 * their widgets (append_cell_parts()); an empty one by a word, as an empty
 * name would be said as the class name. Only names that changed are set.
 * Done with the row's name, not when a cell is bound: a flood rebinds every
 * row each frame. A column shown again has new cells: the pass after it
 * names them (fifolab_log_columns_name_cells_soon()). */
static void
cells_name_set (FifolabLogColumns *self,
                GtkWidget         *row,
                GtkWidget         *message_cell,
                const char        *message_said)
{
  g_autoptr(GString) name = g_string_new (NULL);

  for (GtkWidget *column_cell = gtk_widget_get_first_child (row); column_cell != NULL;
       column_cell = gtk_widget_get_next_sibling (column_cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (column_cell);
      const char *said;

      if (child == NULL)
        continue;
      if (child == message_cell)
        said = message_said;
      else
        {
          g_string_truncate (name, 0);
          append_cell_parts (self, name, child);
          said = name->str;
        }
      if (said[0] == '\0')
        said = self->cell_empty;
      if (g_strcmp0 (fifolab_accessible_get_name (column_cell), said) != 0)
        fifolab_accessible_set_name (column_cell, said);
    }
}

/* Names the log's row (GTK's row widget, which takes the focus; under GTK
 * 4.8 AT-SPI would report its class name, "GtkListItemWidget") by what it
 * shows, in the order a person reads it: a message's direction, its text
 * (@shown, cut), the pid it claims and its pipe; an event's title, its
 * detail (@shown), its explanation and its pipe; the flags' titles. And
 * the row's cells, each by what it shows (cells_name_set()). @cell is the
 * message cell's widget: its parent is the column view's cell, whose
 * parent is the row. */
static void
row_name_set (FifolabLogColumns *self,
              GtkWidget         *cell,
              MessageCell       *parts,
              FifolabLogEntry   *entry,
              const char        *shown)
{
  GtkWidget *column_cell = gtk_widget_get_parent (cell);
  GtkWidget *row = column_cell != NULL ? gtk_widget_get_parent (column_cell) : NULL;
  g_autoptr(GString) name = NULL;
  g_autoptr(GString) said = NULL;
  const char *separator = self->row_separator;
  FifolabDirection direction = fifolab_log_entry_get_direction (entry);
  const char *path = fifolab_log_entry_get_pipe_path (entry);
  gint64 pid = claimed_pid (entry);

  if (row == NULL)
    return;
  said = g_string_new (NULL);
  append_message_said (self, said, entry, shown);
  name = g_string_new (NULL);
  if (direction != FIFOLAB_DIRECTION_EVENT)
    {
      if ((guint) direction < G_N_ELEMENTS (self->row_directions))
        g_string_append (name, self->row_directions[direction]);
      g_string_append (name, self->row_colon);
    }
  g_string_append_len (name, said->str, said->len);
  if (pid >= 0)
    {
      char buf[32];

      format_pid (pid, buf, sizeof buf);
      g_string_append (name, separator);
      append_filled (name, self->row_pid, buf);
    }
  if (path != NULL)
    {
      gboolean changed;

      g_string_append (name, separator);
      append_filled (name, self->row_pipe, shown_pipe_name (self, cell, path, &changed));
    }
  if (gtk_widget_get_visible (parts->badge))
    {
      g_string_append (name, separator);
      g_string_append (name, fifolab_accessible_get_name (parts->badge));
      /* The flags show in the message cell. */
      if (said->len > 0)
        g_string_append (said, separator);
      g_string_append (said, fifolab_accessible_get_name (parts->badge));
    }
  if (g_strcmp0 (fifolab_accessible_get_name (row), name->str) != 0)
    fifolab_accessible_set_name (row, name->str);
  cells_name_set (self, row, cell, said->str);
}

/* What a message cell shows of @entry: its text (escaped), its bytes in
 * hex (put in *@hex, freed by the caller) or, evicted, a note. */
static const char *
message_shown_text (FifolabLogColumns  *self,
                    FifolabLogEntry    *entry,
                    char              **hex)
{
  gsize size = fifolab_log_entry_get_size (entry);

  if (fifolab_log_entry_get_evicted (entry))
    /* Made after the cap evicted it, before the view was told (at most a
     * tenth of a second later). */
    return _("Removed by the log’s memory cap");
  if (self->hex)
    {
      GBytes *bytes = fifolab_log_entry_get_bytes (entry);
      const guint8 *data = g_bytes_get_data (bytes, NULL);

      *hex = fifolab_escape_hex (data, MIN (size, FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES));
      if (size > FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES)
        {
          char *cut = g_strconcat (*hex, " …", NULL);

          g_free (*hex);
          *hex = cut;
        }
      return *hex;
    }
  return fifolab_log_entry_get_row_text (entry);
}

/* Names the row of @list_item (bound) by what its message cell shows. */
static void
row_name_now (FifolabLogColumns *self,
              GtkListItem       *list_item)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  GtkWidget *cell_widget = gtk_list_item_get_child (list_item);
  g_autofree char *hex = NULL;
  MessageCell cell;

  message_cell_get (cell_widget, &cell);
  row_name_set (self, cell_widget, &cell, entry, message_shown_text (self, entry, &hex));
}

static gboolean
name_rows_cb (gpointer user_data)
{
  FifolabLogColumns *self = user_data;
  GHashTableIter iter;
  gpointer key;

  self->name_rows_id = 0;
  g_hash_table_iter_init (&iter, self->unnamed_items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GtkListItem *list_item = key;

      if (gtk_list_item_get_item (list_item) != NULL)
        row_name_now (self, list_item);
      g_hash_table_iter_remove (&iter);
    }
  return G_SOURCE_REMOVE;
}

/* The pass that names the rows of unnamed_items, once the main loop has
 * nothing else to do. */
static void
name_rows_schedule (FifolabLogColumns *self)
{
  if (self->name_rows_id != 0)
    return;
  self->name_rows_id = g_idle_add_full (G_PRIORITY_LOW, name_rows_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->name_rows_id),
                            "[fifolab] log row names");
}

/* The focus came to a row (GTK's row widget, @controller's) whose name
 * waits for the naming pass: named now, as a screen reader says it. */
static void
row_focus_enter_cb (GtkEventController *controller,
                    FifolabLogColumns  *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (controller);

  for (GtkWidget *column_cell = gtk_widget_get_first_child (row); column_cell != NULL;
       column_cell = gtk_widget_get_next_sibling (column_cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (column_cell);
      GtkListItem *list_item = child != NULL ? g_object_get_qdata (G_OBJECT (child), list_item_quark ()) : NULL;

      if (list_item != NULL && g_hash_table_remove (self->unnamed_items, list_item) &&
          gtk_list_item_get_item (list_item) != NULL)
        row_name_now (self, list_item);
    }
}

/* Names @list_item's row now if it holds the focus (a screen reader says
 * the focused row's name), else when the focus comes to it or once the main
 * loop has nothing else to do, whichever is first:
 * a flood rebinds every row each frame, and a name given each time would
 * cost the flood a few per cent of its work and send assistive technologies
 * hundreds of name changes a frame that no one could listen to. The rows
 * get their names when the flood pauses. */
static void
row_name_soon (FifolabLogColumns *self,
               GtkListItem       *list_item)
{
  GtkWidget *cell_widget = gtk_list_item_get_child (list_item);
  GtkWidget *column_cell = gtk_widget_get_parent (cell_widget);
  GtkWidget *row = column_cell != NULL ? gtk_widget_get_parent (column_cell) : NULL;

  if (row != NULL && (gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0)
    {
      g_hash_table_remove (self->unnamed_items, list_item);
      row_name_now (self, list_item);
      return;
    }
  /* Rebound while its name waits (a flood's frames): nothing more to do.
   * Else its row, kept for other items, is told once when the focus comes
   * to it. */
  if (!g_hash_table_add (self->unnamed_items, list_item))
    return;
  if (row != NULL && g_object_get_qdata (G_OBJECT (row), row_focus_quark ()) == NULL)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect_object (focus, "enter", G_CALLBACK (row_focus_enter_cb), self, 0);
      gtk_widget_add_controller (row, focus);
      g_object_set_qdata (G_OBJECT (row), row_focus_quark (), focus);
    }
  name_rows_schedule (self);
}

/**
 * fifolab_log_columns_name_cells_soon:
 *
 * Names the cells of every row bound anew, in one pass once the main loop
 * has nothing else to do (as row_name_soon()): for what the rows' other
 * cells show changed without their messages' (the times made relative), or
 * a column was shown again, with new cells.
 */
void
fifolab_log_columns_name_cells_soon (FifolabLogColumns *self)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (FIFOLAB_IS_LOG_COLUMNS (self));

  g_hash_table_iter_init (&iter, self->message_items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (gtk_list_item_get_item (key) != NULL)
      g_hash_table_add (self->unnamed_items, key);
  if (g_hash_table_size (self->unnamed_items) > 0)
    name_rows_schedule (self);
}

static void
message_bind_cb (GtkListItemFactory *factory,
                 GtkListItem        *list_item,
                 FifolabLogColumns  *self)
{
  FifolabLogEntry *entry = list_item_get_entry (list_item);
  MessageCell cell;
  GtkWidget *text;
  gboolean is_event = fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_EVENT;
  gboolean explained = FALSE;
  gsize size = fifolab_log_entry_get_size (entry);
  g_autofree char *hex = NULL;
  const char *shown;

  message_cell_get (gtk_list_item_get_child (list_item), &cell);
  text = is_event ? cell.detail : cell.text;
  if (is_event)
    {
      FifolabEventKind kind = fifolab_log_entry_get_kind (entry);
      const char *explanation = fifolab_log_entry_get_explanation (entry);

      gtk_label_set_text (GTK_LABEL (cell.title), fifolab_event_kind_get_title (kind));
      explained = explanation != NULL && explanation[0] != '\0';
      cell_text_set (cell.explanation, explained ? explanation : NULL);
    }
  cell_child_show (cell.title, is_event);
  cell_child_show (cell.explanation, explained);
  cell_child_show (cell.more, explained);
  flag_badge_set (cell.badge, fifolab_log_entry_get_flags (entry));

  shown = message_shown_text (self, entry, &hex);
  shown_text_set (text, shown);
  row_name_soon (self, list_item);
  if (fifolab_log_entry_get_evicted (entry))
    gtk_widget_add_css_class (text, "dim-label");
  else
    gtk_widget_remove_css_class (text, "dim-label");

  /* A message's text fills the cell; an event's detail, between its title
   * and its explanation, is a label as wide as its text. */
  cell_child_show (cell.text, !is_event);
  cell_child_show (cell.detail, is_event && size > 0);
}

static void
refresh_items (FifolabLogColumns *self,
               GHashTable     *set,
               void          (*bind) (GtkListItemFactory *, GtkListItem *, FifolabLogColumns *))
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GtkListItem *list_item = key;

      if (gtk_list_item_get_item (list_item) != NULL)
        bind (NULL, list_item, self);
    }
}

GtkListItemFactory *
fifolab_log_columns_create_factory (FifolabLogColumns *self,
                                    FifolabLogColumn   column)
{
  static const struct
  {
    GCallback setup;
    GCallback bind;
  } cells[] = {
    [FIFOLAB_LOG_COLUMN_TIME] = { G_CALLBACK (time_setup_cb), G_CALLBACK (time_bind_cb) },
    [FIFOLAB_LOG_COLUMN_DIRECTION] = { G_CALLBACK (direction_setup_cb), G_CALLBACK (direction_bind_cb) },
    [FIFOLAB_LOG_COLUMN_PIPE] = { G_CALLBACK (pipe_setup_cb), G_CALLBACK (pipe_bind_cb) },
    [FIFOLAB_LOG_COLUMN_SENDER] = { G_CALLBACK (sender_setup_cb), G_CALLBACK (sender_bind_cb) },
    [FIFOLAB_LOG_COLUMN_RECEIVER] = { G_CALLBACK (receiver_setup_cb), G_CALLBACK (receiver_bind_cb) },
    [FIFOLAB_LOG_COLUMN_SIZE] = { G_CALLBACK (size_setup_cb), G_CALLBACK (size_bind_cb) },
    [FIFOLAB_LOG_COLUMN_MESSAGE] = { G_CALLBACK (message_setup_cb), G_CALLBACK (message_bind_cb) },
    [FIFOLAB_LOG_COLUMN_SEEN] = { G_CALLBACK (seen_setup_cb), G_CALLBACK (seen_bind_cb) },
  };
  GtkListItemFactory *factory;

  g_return_val_if_fail (FIFOLAB_IS_LOG_COLUMNS (self), NULL);
  g_return_val_if_fail ((guint) column < G_N_ELEMENTS (cells), NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", cells[column].setup, self, 0);
  g_signal_connect_object (factory, "bind", cells[column].bind, self, 0);
  if (column == FIFOLAB_LOG_COLUMN_TIME || column == FIFOLAB_LOG_COLUMN_MESSAGE)
    g_signal_connect_object (factory, "teardown", G_CALLBACK (track_teardown), self, 0);
  return factory;
}

/* Sets a setting; TRUE when it changed (the rows shown need rebinding). */
static gboolean
set_flag (gboolean *flag,
          gboolean  value)
{
  if (*flag == !!value)
    return FALSE;
  *flag = !!value;
  return TRUE;
}

gboolean
fifolab_log_columns_get_relative_time (FifolabLogColumns *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_COLUMNS (self), FALSE);

  return self->relative_time;
}

void
fifolab_log_columns_set_relative_time (FifolabLogColumns *self,
                                       gboolean           relative_time)
{
  g_return_if_fail (FIFOLAB_IS_LOG_COLUMNS (self));

  if (set_flag (&self->relative_time, relative_time))
    {
      refresh_items (self, self->time_items, time_bind_cb);
      fifolab_log_columns_name_cells_soon (self);
    }
}

static void
update_origin (FifolabLogColumns *self)
{
  gboolean had_origin = self->has_origin;

  if (self->log == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->log)) == 0)
    self->has_origin = FALSE;
  else if (!self->has_origin)
    {
      g_autoptr(FifolabLogEntry) first = g_list_model_get_item (G_LIST_MODEL (self->log), 0);

      self->origin_mono_us = fifolab_log_entry_get_logged_mono_us (first);
      self->has_origin = TRUE;
    }

  if (self->has_origin && !had_origin && self->relative_time)
    {
      refresh_items (self, self->time_items, time_bind_cb);
      fifolab_log_columns_name_cells_soon (self);
    }
}

static void
log_items_changed_cb (FifolabLogColumns *self,
                      guint              position,
                      guint              removed,
                      guint              added,
                      GListModel        *model)
{
  if (!self->has_origin || g_list_model_get_n_items (model) == 0)
    update_origin (self);
}

/**
 * fifolab_log_columns_set_log:
 * @log: (nullable): the log whose entries the cells show
 *
 * Relative times count from its first entry. Set it before the rows get the
 * log's changes (connect to the log first), so that new rows show the right
 * times when they are bound.
 */
void
fifolab_log_columns_set_log (FifolabLogColumns *self,
                             FifolabLog        *log)
{
  g_return_if_fail (FIFOLAB_IS_LOG_COLUMNS (self));
  g_return_if_fail (log == NULL || FIFOLAB_IS_LOG (log));

  if (self->log != NULL)
    g_clear_signal_handler (&self->log_changed_id, self->log);
  g_set_object (&self->log, log);
  if (log != NULL)
    self->log_changed_id = g_signal_connect_object (log, "items-changed", G_CALLBACK (log_items_changed_cb),
                                                    self, G_CONNECT_SWAPPED);
  self->has_origin = FALSE;
  update_origin (self);
}

/**
 * fifolab_log_columns_set_session:
 * @session: (nullable): whose pipe names the pipe cells show
 *
 * A pipe's cell shows its name as @session shows it (with enough of its
 * folder where another of its pipes has the same name); without a session,
 * its base name. Rows bound from now on show it.
 */
void
fifolab_log_columns_set_session (FifolabLogColumns *self,
                                 FifolabSession    *session)
{
  g_return_if_fail (FIFOLAB_IS_LOG_COLUMNS (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  g_set_object (&self->session, session);
}

/**
 * fifolab_log_columns_set_folder:
 * @folder: (nullable): the one folder whose pipes the log shows, or %NULL
 *
 * The log shows @folder's pipes only (the lesson stage's): a pipe of it
 * goes by its base name, as no namesake from another folder is shown beside
 * it ("my_pipe", not "my_pipe — lesson-2", cut in a narrow column). Rows
 * bound from now on show it.
 */
void
fifolab_log_columns_set_folder (FifolabLogColumns *self,
                                const char        *folder)
{
  g_autofree char *canonical = NULL;

  g_return_if_fail (FIFOLAB_IS_LOG_COLUMNS (self));

  if (folder != NULL)
    canonical = g_canonicalize_filename (folder, "/");
  if (g_strcmp0 (self->folder, canonical) == 0)
    return;
  g_free (self->folder);
  self->folder = g_steal_pointer (&canonical);
  self->folder_serial++;
}

gboolean
fifolab_log_columns_get_hex (FifolabLogColumns *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_COLUMNS (self), FALSE);

  return self->hex;
}

void
fifolab_log_columns_set_hex (FifolabLogColumns *self,
                             gboolean           hex)
{
  g_return_if_fail (FIFOLAB_IS_LOG_COLUMNS (self));

  if (set_flag (&self->hex, hex))
    refresh_items (self, self->message_items, message_bind_cb);
}

static void
fifolab_log_columns_dispose (GObject *object)
{
  FifolabLogColumns *self = FIFOLAB_LOG_COLUMNS (object);

  if (self->log != NULL)
    g_clear_signal_handler (&self->log_changed_id, self->log);
  g_clear_object (&self->log);
  g_clear_object (&self->session);
  g_clear_pointer (&self->folder, g_free);
  g_clear_handle_id (&self->name_rows_id, g_source_remove);
  g_hash_table_remove_all (self->unnamed_items);

  G_OBJECT_CLASS (fifolab_log_columns_parent_class)->dispose (object);
}

static void
fifolab_log_columns_finalize (GObject *object)
{
  FifolabLogColumns *self = FIFOLAB_LOG_COLUMNS (object);

  g_clear_pointer (&self->time_items, g_hash_table_unref);
  g_clear_pointer (&self->message_items, g_hash_table_unref);
  g_clear_pointer (&self->unnamed_items, g_hash_table_unref);

  G_OBJECT_CLASS (fifolab_log_columns_parent_class)->finalize (object);
}

static void
fifolab_log_columns_class_init (FifolabLogColumnsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fifolab_log_columns_dispose;
  G_OBJECT_CLASS (klass)->finalize = fifolab_log_columns_finalize;
}

static void
fifolab_log_columns_init (FifolabLogColumns *self)
{
  self->time_items = g_hash_table_new (NULL, NULL);
  self->message_items = g_hash_table_new (NULL, NULL);
  self->unnamed_items = g_hash_table_new (NULL, NULL);

  /* Translators: separates the parts of a log row as a screen reader says
   * it: "Received: Hello, claimed pid 4242, pipe my_pipe" */
  self->row_separator = C_("row parts", ", ");
  /* Translators: between an event's title and its detail, or a message's
   * direction and its text, as a screen reader says a log row: "Received: Hello" */
  self->row_colon = C_("row parts", ": ");
  /* Translators: a part of a log row as a screen reader says it: the pid
   * its sender claims (the Sender column) */
  self->row_pid = _("claimed pid %s");
  /* Translators: a part of a log row as a screen reader says it: its
   * pipe's name */
  self->row_pipe = _("pipe %s");
  /* Translators: what a screen reader says for a cell of the log that
   * shows nothing: a message that claims no pid, an event's size */
  self->cell_empty = C_("log cell", "none");
  for (guint i = 0; i < G_N_ELEMENTS (self->row_directions); i++)
    self->row_directions[i] = direction_label (i);
}

FifolabLogColumns *
fifolab_log_columns_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LOG_COLUMNS, NULL);
}
