/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The entry inspector, the pane below the log: one entry in full, what it
 * is, what the log knows about it, and all its bytes as text and hex rows
 * made as they scroll in; copied as text, hex or a C array. */
#include "config.h"

#include <glib/gi18n.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-accessible.h"
#include "fifolab-byte-rows.h"
#include "fifolab-clipboard-text.h"
#include "fifolab-entry-details.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-lazy-menu.h"
#include "fifolab-shape.h"
#include "fifolab-stamp.h"

/* The previous entry on the same pipe is looked for this many entries back at
 * most: the inspector follows the selection, and a look must stay short. */
#define MAX_LOOK_BACK 10000
/* Bytes a line of a copied C array. */
#define C_ARRAY_LINE_BYTES 12
/* Pixels either side of a row's label. */
#define ROW_MARGIN 6
/* Adwaita's padding of a list's row, a side: what is taken to stand between a
 * row's label and the list's edge besides ROW_MARGIN until a row shows. */
#define ROW_PADDING 2

/* The bytes of a hex row, most first: as in a hex editor, a view too narrow
 * for a row of 16 shows rows of 8, then of 4, whole, rather than rows that
 * are cut off or scroll sideways, their characters out of sight. */
static const guint hex_row_sizes[] = { 16, 8, 4 };

struct _FifolabEntryDetails
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkWidget       *box;
  GtkMenuButton   *copy_button;
  GMenuModel      *copy_menu;
  GtkWidget       *empty_label;
  GtkWidget       *header;
  GtkWidget       *header_separator;
  GtkLabel        *heading_label;
  GtkStackSwitcher *switcher;

  /* The pane (fifolab-entry-details-pane.ui), NULL until an entry is shown */
  GtkWidget       *paned;
  GtkLabel        *body_label;
  GtkListView     *hex_list;
  GtkStack        *stack;
  GtkListView     *text_list;

  FifolabLogEntry *entry;
  FifolabLog      *log;
  /* Where another writer's bytes begin in the entry, or -1. */
  gssize           tear;
  /* Looks again, once the hex list is laid out at another width, at how
   * many bytes its rows should hold. */
  guint            hex_width_idle;
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
  gtk_widget_set_margin_start (label, ROW_MARGIN);
  gtk_widget_set_margin_end (label, ROW_MARGIN);
  gtk_widget_add_css_class (label, "fifolab-hex-dump");
  gtk_list_item_set_child (list_item, label);
  gtk_list_item_set_activatable (list_item, FALSE);
}

/* A torn message's rows: the first writer's bytes, the marker, the bytes
 * from the tear on, each side in its colour (style.css). */
static const char *const side_classes[] = {
  [FIFOLAB_BYTE_ROW_WHOLE] = NULL,
  [FIFOLAB_BYTE_ROW_FIRST] = "fifolab-torn-first",
  [FIFOLAB_BYTE_ROW_MARK] = "fifolab-torn-mark",
  [FIFOLAB_BYTE_ROW_OTHER] = "fifolab-torn-other",
};

/* @user_data: whether the rows are hex rows. The row's words are its
 * label's text; GTK's row widget around the label, which takes the focus
 * (under GTK 4.8 AT-SPI would report it unnamed), is named by them
 * (fifolab_byte_rows_dup_spoken()). Both only when the row shows other
 * words: scrolling binds again rows that show the same. */
static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkStringObject *row = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  FifolabByteRowSide side = fifolab_byte_rows_get_side (row);
  const char *text = gtk_string_object_get_string (row);

  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
    {
      GtkWidget *row_widget = gtk_widget_get_parent (label);

      gtk_label_set_text (GTK_LABEL (label), text);
      if (row_widget != NULL)
        {
          g_autofree char *spoken = fifolab_byte_rows_dup_spoken (row, GPOINTER_TO_INT (user_data));

          fifolab_accessible_set_name (row_widget, spoken);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (side_classes); i++)
    if (side_classes[i] != NULL)
      gtk_widget_remove_css_class (label, side_classes[i]);
  if (side < G_N_ELEMENTS (side_classes) && side_classes[side] != NULL)
    gtk_widget_add_css_class (label, side_classes[side]);
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

/* The factory of the text rows, or (@hex) of the hex rows. */
static GtkListItemFactory *
make_row_factory (gboolean hex)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), GINT_TO_POINTER (hex));
  return factory;
}

/* The hex rows shown, or NULL. */
static FifolabByteRows *
get_hex_rows (FifolabEntryDetails *self)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (self->hex_list);

  return selection != NULL ? FIFOLAB_BYTE_ROWS (gtk_no_selection_get_model (GTK_NO_SELECTION (selection))) : NULL;
}

/* What stands between the hex list's edges and a row's text, both sides
 * alike (the list's, the row's padding, the label's margins): measured on a
 * row laid out, from the list's start however far it scrolled sideways (a
 * theme may pad rows otherwise), else Adwaita's. */
static int
hex_row_inset (FifolabEntryDetails *self)
{
  GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->hex_list));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->hex_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_widget_get_first_child (row);
      graphene_rect_t bounds;

      if (GTK_IS_LABEL (label) && gtk_widget_get_width (label) > 0 &&
          gtk_widget_compute_bounds (label, GTK_WIDGET (self->hex_list), &bounds))
        return 2 * (int) (bounds.origin.x + gtk_adjustment_get_value (hadjustment) + 0.5);
    }
  return 2 * (ROW_MARGIN + ROW_PADDING);
}

/* The bytes a hex row holds in a list @width pixels wide: the most whose
 * rows fit, else the fewest. A row's characters, even the bytes shown as
 * characters, are all digits, spaces, bars and printable ASCII, as wide as
 * each other in the rows' monospace font (style.css), which the list wears
 * too (its class): a row is as wide as as many zeros. A few layouts a width,
 * none a row. */
static guint
hex_row_bytes_for_width (FifolabEntryDetails *self,
                         int                  width)
{
  int room;

  /* Not laid out yet: the rows of a dump, until the list has a width. */
  if (width <= 0)
    return hex_row_sizes[0];
  room = width - hex_row_inset (self);
  for (guint i = 0; i < G_N_ELEMENTS (hex_row_sizes) - 1; i++)
    {
      g_autofree char *line = g_strnfill (fifolab_escape_hex_dump_line_chars (hex_row_sizes[i]), '0');
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->hex_list), line);
      int line_width = 0;

      pango_layout_get_pixel_size (layout, &line_width, NULL);
      if (line_width <= room)
        return hex_row_sizes[i];
    }
  return hex_row_sizes[G_N_ELEMENTS (hex_row_sizes) - 1];
}

/* Shows the entry's hex rows, @row_bytes each. Made in no time whatever the
 * entry's size: each row is made when it scrolls in. */
static void
show_hex_rows (FifolabEntryDetails *self,
               guint                row_bytes)
{
  g_autoptr(FifolabByteRows) hex_rows = NULL;

  hex_rows = fifolab_byte_rows_new_hex (fifolab_log_entry_get_bytes (self->entry), self->tear, row_bytes);
  set_rows (self->hex_list, hex_rows);
}

/* The hex rows are made when their page is first shown for an entry: most
 * people read the text, and each list makes its first rows at once. They
 * hold as many bytes as the page has room for: the page fills the stack,
 * whose width is known before the page is laid out. */
static void
visible_page_cb (FifolabEntryDetails *self)
{
  if (self->entry == NULL || self->stack == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "hex") != 0 ||
      gtk_list_view_get_model (self->hex_list) != NULL)
    return;

  show_hex_rows (self, hex_row_bytes_for_width (self, gtk_widget_get_width (GTK_WIDGET (self->stack))));
}

/* Once the hex list is laid out at another width: rows of as many bytes as
 * fit it now, made again only when that is another number. Not while the list
 * is being laid out, which a new model would lay out again. */
static gboolean
hex_width_idle_cb (gpointer user_data)
{
  FifolabEntryDetails *self = user_data;
  FifolabByteRows *rows = get_hex_rows (self);
  GtkAdjustment *hadjustment;
  guint row_bytes;

  self->hex_width_idle = 0;
  if (self->entry == NULL || rows == NULL)
    return G_SOURCE_REMOVE;
  hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->hex_list));
  row_bytes = hex_row_bytes_for_width (self, (int) gtk_adjustment_get_page_size (hadjustment));
  if (row_bytes != fifolab_byte_rows_get_row_bytes (rows))
    show_hex_rows (self, row_bytes);
  return G_SOURCE_REMOVE;
}

/* The width the hex list shows (its scrolled window's, less a scroll bar
 * that takes room) changed: the window or the handle beside the list moved.
 * Looked at once the list is laid out, before the next frame (a high idle
 * comes before GTK's redraw), which then lays out rows that fit. */
static void
hex_page_size_cb (FifolabEntryDetails *self)
{
  if (self->hex_width_idle == 0 && get_hex_rows (self) != NULL)
    self->hex_width_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, hex_width_idle_cb, self, NULL);
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

static const char *
framing_name (int framing)
{
  switch (framing)
    {
    case FIFOLAB_FRAMING_RAW:
      return _("Raw: each read is one message");
    case FIFOLAB_FRAMING_LINE:
      return _("Lines (the line ending is not part of the message)");
    case FIFOLAB_FRAMING_FIXED:
      return _("Fixed size (padding included)");
    case FIFOLAB_FRAMING_LENGTH_PREFIX:
      return _("Length-prefixed (4-byte big-endian)");
    default:
      return NULL;
    }
}

/* "2026-12-03 10:00:01.123456", local time. */
static char *
format_wall_time (gint64 wall_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  if (time == NULL)
    return NULL;
  seconds = g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
  return g_strdup_printf ("%s.%06d", seconds, (int) (wall_us % G_USEC_PER_SEC));
}

/* "+1.500000 s" into @buf. */
static const char *
format_seconds (char   *buf,
                gsize   size,
                gint64  delta_us)
{
  /* Translators: a duration in seconds, e.g. "+1.500000 s" */
  g_snprintf (buf, size, _("%+.6f s"), delta_us / (double) G_USEC_PER_SEC);
  return buf;
}

/* The time of day the entry was logged (the log's order, and its time
 * column), with, for a watched call told when it returned, when the call
 * began; since the log's first entry, since the previous entry on the same
 * pipe (looked for a bounded number of entries back), by the monotonic
 * clock, between the times they were logged. */
static void
append_timing (GString         *body,
               FifolabLogEntry *entry,
               FifolabLog      *log)
{
  g_autofree char *wall = format_wall_time (fifolab_log_entry_get_logged_wall_us (entry));
  const char *path = fifolab_log_entry_get_pipe_path (entry);
  gint64 mono_us = fifolab_log_entry_get_logged_mono_us (entry);
  g_autoptr(FifolabLogEntry) first = NULL;
  gboolean found = FALSE;
  gboolean bounded = FALSE;
  gboolean placed;
  char number[64];
  guint64 position;
  guint n;

  if (wall != NULL)
    {
      g_string_append_printf (body, _("Time: %s"), wall);
      g_string_append_c (body, '\n');
    }
  if (fifolab_log_entry_is_logged_late (entry))
    {
      g_autofree char *began = format_wall_time (fifolab_log_entry_get_wall_us (entry));
      gint64 late_us = mono_us - fifolab_log_entry_get_mono_us (entry);

      if (fifolab_log_entry_is_watched (entry))
        /* Translators: when a watched call began (a date and time), and
         * how long before this entry was logged (seconds); the call was told
         * when it returned, or while it was still blocked. */
        g_string_append_printf (body, _("The call began at %s, %.3f s before it was logged"),
                                began != NULL ? began : "", late_us / (double) G_USEC_PER_SEC);
      else
        /* Translators: when what this entry tells happened (a date and
         * time), and how long before it was logged (seconds): it came after
         * the entry above it was logged. */
        g_string_append_printf (body, _("It happened at %s, %.3f s before it was logged"),
                                began != NULL ? began : "", late_us / (double) G_USEC_PER_SEC);
      g_string_append_c (body, '\n');
    }
  if (log == NULL || (n = g_list_model_get_n_items (G_LIST_MODEL (log))) == 0)
    return;

  first = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_string_append_printf (body, _("Since the first entry: %s"),
                          format_seconds (number, sizeof number,
                                          mono_us - fifolab_log_entry_get_logged_mono_us (first)));
  g_string_append_c (body, '\n');

  /* Serials count the entries: the entry's place is its serial's distance
   * from the first one's. */
  position = fifolab_log_entry_get_serial (entry) - fifolab_log_entry_get_serial (first);
  placed = path != NULL && fifolab_log_entry_get_serial (entry) >= fifolab_log_entry_get_serial (first) &&
           position < n;
  for (guint64 i = placed ? position : 0, looked = 0; i > 0; i--, looked++)
    {
      g_autoptr(FifolabLogEntry) previous = NULL;

      /* Not found near enough: not said. */
      if (looked == MAX_LOOK_BACK)
        {
          bounded = TRUE;
          break;
        }
      previous = g_list_model_get_item (G_LIST_MODEL (log), (guint) i - 1);
      /* Another pipe's; or listed before but logged later (two clocks'
       * readings, or a recording edited by hand). */
      if (g_strcmp0 (fifolab_log_entry_get_pipe_path (previous), path) != 0 ||
          fifolab_log_entry_get_logged_mono_us (previous) > mono_us)
        continue;
      g_string_append_printf (body, _("Since the previous entry on this pipe: %s"),
                              format_seconds (number, sizeof number,
                                              mono_us - fifolab_log_entry_get_logged_mono_us (previous)));
      g_string_append_c (body, '\n');
      found = TRUE;
      break;
    }
  if (placed && !found && !bounded)
    {
      g_string_append (body, _("The first entry on this pipe in the log"));
      g_string_append_c (body, '\n');
    }
  /* Translators: how the durations here are measured. */
  g_string_append (body, _("Durations by the monotonic clock, between the times the entries were logged"));
  g_string_append_c (body, '\n');
}

/* A watched message: the pids are the processes the watch saw make the
 * write() and the read(), facts; the pid written in it is checked against
 * the writer's, exactly. */
static void
append_watched_pids (GString         *body,
                     FifolabLogEntry *entry)
{
  GBytes *bytes = fifolab_log_entry_get_bytes (entry);
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gint64 claimed = fifolab_stamp_parse_claimed_pid (data, len);
  gint64 writer = fifolab_log_entry_get_sender_pid (entry);
  gint64 reader = fifolab_log_entry_get_receiver_pid (entry);
  char writer_text[32];
  char pid[32];

  g_snprintf (writer_text, sizeof writer_text, "%" G_GINT64_FORMAT, writer);
  if (writer < 0 && (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_UNSEEN_WRITER))
    g_string_append (body, _("Writer: not seen by the watch, which found the pipe empty before this was read"));
  else if (writer < 0)
    g_string_append (body, _("Writer: none seen (the bytes were in the pipe before the watch started, or a writer the watch did not see wrote them)"));
  else
    g_string_append_printf (body, _("Writer (seen by the watch): %s"), writer_text);
  g_string_append_c (body, '\n');
  if (claimed < 0)
    g_string_append (body, _("Sender: the message claims no pid"));
  else
    {
      g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, claimed);
      if (writer < 0)
        /* Translators: %s is a pid. */
        g_string_append_printf (body, _("Claimed pid %s: not checked, no watch saw its writer."), pid);
      else if (claimed == writer)
        /* Translators: %s is a pid. */
        g_string_append_printf (body, _("Claimed pid %s: matches the pid seen writing it (watched)."), pid);
      else
        /* Translators: the first %s is the pid the message claims, the second the writer's. */
        g_string_append_printf (body, _("Claim contradicted: claims %s, written by %s (watched)."),
                                pid, writer_text);
    }
  g_string_append_c (body, '\n');
  if (reader >= 0)
    {
      g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, reader);
      g_string_append_printf (body, _("Reader (seen by the watch): %s"), pid);
    }
  else
    g_string_append (body, _("Reader: not seen (the watch saw no read take it)"));
  g_string_append_c (body, '\n');
}

/* The pids: who the message says it comes from (a claim), what was checked
 * of that claim, and who read it. */
static void
append_pids (GString         *body,
             FifolabLogEntry *entry)
{
  FifolabDirection direction = fifolab_log_entry_get_direction (entry);
  gint64 sender = fifolab_log_entry_get_sender_pid (entry);
  gint64 receiver = fifolab_log_entry_get_receiver_pid (entry);
  guint flags = fifolab_log_entry_get_flags (entry);
  char pid[32];

  if (direction == FIFOLAB_DIRECTION_RECEIVED && (flags & FIFOLAB_MESSAGE_WATCHED))
    {
      append_watched_pids (body, entry);
      return;
    }
  /* A watched call: the process seen making it, no claim. */
  if (direction == FIFOLAB_DIRECTION_EVENT && fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WATCH)
    {
      if (sender >= 0)
        {
          g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, sender);
          g_string_append_printf (body, _("Writer (seen by the watch): %s"), pid);
          g_string_append_c (body, '\n');
        }
      if (receiver >= 0)
        {
          g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, receiver);
          g_string_append_printf (body, _("Reader (seen by the watch): %s"), pid);
          g_string_append_c (body, '\n');
        }
      return;
    }
  if (sender >= 0 && direction == FIFOLAB_DIRECTION_SENT && sender == getpid ())
    {
      g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, sender);
      g_string_append_printf (body, _("Sender: %s (FIFO Lab itself)"), pid);
      g_string_append_c (body, '\n');
    }
  else if (sender >= 0)
    {
      g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, sender);
      g_string_append_printf (body, _("Sender (claimed): %s"), pid);
      g_string_append_c (body, '\n');
      g_string_append (body, _("A pid written in a message is only a claim: any process can write any number."));
      g_string_append_c (body, '\n');
      if (direction == FIFOLAB_DIRECTION_RECEIVED)
        {
          if (flags & FIFOLAB_MESSAGE_PID_UNSEEN)
            g_string_append (body, _("Claim contradicted: FIFO Lab saw who held the pipe open for writing, and it was not this pid (or the pid is FIFO Lab’s own, or 0)."));
          else if (flags & FIFOLAB_MESSAGE_PID_CONFIRMED)
            g_string_append (body, _("Claim confirmed: FIFO Lab saw this pid hold the pipe open for writing."));
          else
            g_string_append (body, _("Claim not checked: the writer had closed the pipe before FIFO Lab could look. Nothing contradicts it."));
          g_string_append_c (body, '\n');
          if (flags & FIFOLAB_MESSAGE_WRITER_EXITED)
            {
              g_string_append_printf (body, _("Written by pid %s before it exited: the bytes waited in the pipe until FIFO Lab read them."),
                                      pid);
              g_string_append_c (body, '\n');
            }
        }
    }
  else if (direction == FIFOLAB_DIRECTION_RECEIVED)
    {
      g_string_append (body, _("Sender: the message claims no pid"));
      g_string_append_c (body, '\n');
    }
  if (receiver >= 0)
    {
      g_snprintf (pid, sizeof pid, "%" G_GINT64_FORMAT, receiver);
      g_string_append_printf (body, _("Receiver: %s"), pid);
      if (receiver == getpid ())
        g_string_append_printf (body, " %s", _("(FIFO Lab itself)"));
      g_string_append_c (body, '\n');
    }
}

/* Where the textbook's shape ("Hello from pid [%d]", messages one after
 * the other) breaks in @data because another message of that shape begins
 * there, or -1. A message read in raw chunks can start inside one of the
 * first writer's messages ("53]Hello from pid [8553]...") and end inside
 * another: the shape is read from its first whole message on, and a message
 * cut at the end is no sign. Nor is a break followed by anything else: a
 * message of another shape ("Hello from pid [42] " and 100 KB of filler)
 * breaks the textbook's right after its pid, which says nothing of a second
 * writer. */
static gssize
find_textbook_tear (const guint8 *data,
                    gsize         size)
{
  const char *pid = strchr (FIFOLAB_DEFAULT_TEMPLATE, '%');
  gsize prefix_len = pid != NULL ? (gsize) (pid - FIFOLAB_DEFAULT_TEMPLATE) : strlen (FIFOLAB_DEFAULT_TEMPLATE);
  const guint8 *whole = memmem (data, size, FIFOLAB_DEFAULT_TEMPLATE, prefix_len);
  gsize skip = whole != NULL ? (gsize) (whole - data) : 0;
  gssize shape = fifolab_shape_find_tear (FIFOLAB_DEFAULT_TEMPLATE, data + skip, size - skip);

  /* 0: nothing of the shape there; the end: only a message cut short. */
  if (shape <= 0 || (gsize) shape >= size - skip)
    return -1;
  shape += (gssize) skip;
  if (size - (gsize) shape < prefix_len ||
      memcmp (data + shape, FIFOLAB_DEFAULT_TEMPLATE, prefix_len) != 0)
    return -1;
  return shape;
}

/* For a torn message: where the other writer's bytes begin, or -1. Two
 * signs, the earlier one taken. Where a second, different pid is claimed,
 * the rule that flags a message in every case (fifolab_shape_check_torn()):
 * the mark is at the start of the message making that claim, begun as the
 * first writer's message begins ("Hello from "), whatever the messages'
 * size (a 100 KB message torn at 64 KiB too). Two writers' streams cut at
 * the same place in a message join seamlessly ("Hello from pid [1658" +
 * "0]Hello..."), each message whole, only the pid changed: the mark is then
 * a few bytes before the join. And, for the textbook's messages, where
 * their shape breaks because another one begins (find_textbook_tear()),
 * which finds a tear without a second claim ("Hello from pid [123" +
 * "Hello from pid [456]"). Nothing else tells where: the template the
 * message was checked against is not known here, and in a filler both
 * writers' bytes look alike, so a shape may break long after they meet.
 * Then nothing is said. A few passes at most. */
static gssize
find_tear (FifolabLogEntry *entry)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (fifolab_log_entry_get_bytes (entry), &size);
  gssize shape;
  gssize claim;

  if (!(fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_TORN) ||
      fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_EVENT || size == 0)
    return -1;
  shape = find_textbook_tear (data, size);
  claim = fifolab_shape_find_tear (NULL, data, size);
  if (claim >= 0 && (gsize) claim >= size)
    claim = -1;
  if (claim >= 0 && (shape < 0 || claim < shape))
    return claim;
  return shape;
}

static char *
dup_tear_sentence (gssize tear)
{
  return g_strdup_printf (_("Another writer’s bytes begin at byte %zu (offset %08zx in the hex view)."),
                          (gsize) tear, (gsize) tear);
}

static void
append_tear (GString *body,
             gssize   tear)
{
  g_autofree char *sentence = NULL;

  if (tear < 0)
    return;
  sentence = dup_tear_sentence (tear);
  g_string_append (body, sentence);
  g_string_append_c (body, '\n');
  g_string_append (body, _("The text and hex views show the bytes before it and from it on in two colours, with a marked row between them. After it the writers’ bytes may alternate again: only the first place where they meet is marked."));
  g_string_append_c (body, '\n');
}

static char *
describe_entry (FifolabLogEntry *entry,
                FifolabLog      *log,
                gssize           tear)
{
  GString *body = g_string_new (NULL);
  const char *path = fifolab_log_entry_get_pipe_path (entry);
  const char *explanation = fifolab_log_entry_get_explanation (entry);
  const char *framing = framing_name (fifolab_log_entry_get_framing (entry));
  g_autofree char *flags = fifolab_message_flags_dup_explanation (fifolab_log_entry_get_flags (entry));
  FifolabDirection direction = fifolab_log_entry_get_direction (entry);
  gsize size = fifolab_log_entry_get_size (entry);

  if (explanation != NULL)
    g_string_append_printf (body, "%s\n\n", explanation);
  /* An event's bytes are its detail: a sentence, read here. */
  if (direction == FIFOLAB_DIRECTION_EVENT && size > 0)
    g_string_append_printf (body, "%s\n\n", fifolab_log_entry_get_display_text (entry));
  /* What FIFO Lab found in the message (torn, claimed pid contradicted...). */
  if (flags != NULL)
    g_string_append_printf (body, "%s\n", flags);
  append_tear (body, tear);
  if (flags != NULL)
    g_string_append_c (body, '\n');
  /* Who sent it, and what was checked of that, first: with the text, what
   * a person opens a message for; then where and how it came, then when. */
  append_pids (body, entry);
  if (path != NULL)
    {
      /* Escaped like every shown name, but whole: a path has at most
       * PATH_MAX bytes, and the inspector is where to read all of it. In
       * the home folder, from ~ as the pipe's details show it. */
      g_autofree char *shown = fifolab_escape_home_path (path, PATH_MAX);

      g_string_append_printf (body, _("Pipe: %s"), shown);
      g_string_append_c (body, '\n');
    }
  if (framing != NULL)
    {
      g_string_append_printf (body, _("Framing: %s"), framing);
      g_string_append_c (body, '\n');
    }
  /* An event's size means nothing to a reader: its bytes are its detail. */
  if (direction != FIFOLAB_DIRECTION_EVENT)
    {
      g_string_append_printf (body, ngettext ("Size: %u byte", "Size: %u bytes", (gulong) size), (guint) size);
      g_string_append_c (body, '\n');
    }
  append_timing (body, entry, log);

  while (body->len > 0 && body->str[body->len - 1] == '\n')
    g_string_truncate (body, body->len - 1);
  return g_string_free (body, FALSE);
}

/* Copy */

static char *
dup_c_array (const guint8 *data,
             gsize         size)
{
  GString *out = g_string_sized_new (48 + size * 6);

  g_string_append_printf (out, "static const unsigned char message[%" G_GSIZE_FORMAT "] = {\n", size);
  for (gsize i = 0; i < size; i += C_ARRAY_LINE_BYTES)
    {
      g_string_append (out, " ");
      for (gsize j = i; j < MIN (size, i + C_ARRAY_LINE_BYTES); j++)
        g_string_append_printf (out, " 0x%02x,", data[j]);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "};\n");
  return g_string_free (out, FALSE);
}

/**
 * fifolab_entry_details_dup_copy:
 * @format: how to write the entry
 *
 * Returns: (transfer full) (nullable): the entry as "inspector.copy-*" puts
 *   it on the clipboard: its whole text (an event: its title and
 *   explanation), its hex dump, or its bytes as a C array
 */
char *
fifolab_entry_details_dup_copy (FifolabEntryDetails   *self,
                                FifolabEntryCopyFormat format)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self), NULL);

  if (self->entry == NULL)
    return NULL;
  data = g_bytes_get_data (fifolab_log_entry_get_bytes (self->entry), &size);

  switch (format)
    {
    case FIFOLAB_ENTRY_COPY_TEXT:
      if (fifolab_log_entry_get_direction (self->entry) == FIFOLAB_DIRECTION_EVENT)
        return g_strconcat (gtk_label_get_text (self->heading_label), "\n",
                            gtk_label_get_text (self->body_label), "\n", NULL);
      return fifolab_escape_for_display (data, size, 0);
    case FIFOLAB_ENTRY_COPY_HEX:
      return fifolab_escape_hex_dump (data, size);
    case FIFOLAB_ENTRY_COPY_C_ARRAY:
      return size > 0 ? dup_c_array (data, size) : NULL;
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * fifolab_entry_details_copy:
 * @format: how to write the entry
 *
 * Returns: %TRUE when something was put on the clipboard
 */
gboolean
fifolab_entry_details_copy (FifolabEntryDetails   *self,
                            FifolabEntryCopyFormat format)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self), FALSE);

  text = fifolab_entry_details_dup_copy (self, format);
  if (text == NULL)
    return FALSE;
  fifolab_clipboard_take_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), g_steal_pointer (&text));
  return TRUE;
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FifolabEntryDetails *self = FIFOLAB_ENTRY_DETAILS (widget);

  if (g_str_equal (action_name, "inspector.copy-hex"))
    fifolab_entry_details_copy (self, FIFOLAB_ENTRY_COPY_HEX);
  else if (g_str_equal (action_name, "inspector.copy-c-array"))
    fifolab_entry_details_copy (self, FIFOLAB_ENTRY_COPY_C_ARRAY);
  else
    fifolab_entry_details_copy (self, FIFOLAB_ENTRY_COPY_TEXT);
}

static void
update_actions (FifolabEntryDetails *self)
{
  gboolean has_entry = self->entry != NULL;
  gboolean has_bytes = has_entry && fifolab_log_entry_get_size (self->entry) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.copy-text", has_entry);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.copy-hex", has_bytes);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.copy-c-array", has_bytes);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), has_entry);
}

/**
 * fifolab_entry_details_set_log:
 * @log: (nullable): the log the entries shown come from
 */
void
fifolab_entry_details_set_log (FifolabEntryDetails *self,
                               FifolabLog          *log)
{
  g_return_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self));
  g_return_if_fail (log == NULL || FIFOLAB_IS_LOG (log));

  g_set_object (&self->log, log);
}

/* The pane is built the first time it is needed: at start no entry is
 * selected and it is hidden, and most of the inspector's widgets are in it. */
static void
ensure_pane (FifolabEntryDetails *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GtkListItemFactory) text_factory = NULL;
  g_autoptr(GtkListItemFactory) hex_factory = NULL;

  if (self->paned != NULL)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "visible_page_cb",
                                          G_CALLBACK (visible_page_cb));
  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  /* Its handlers get the inspector, as a template's do. */
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  gtk_builder_add_from_resource (builder, "/io/github/fifolab/FifoLab/fifolab-entry-details-pane.ui", NULL);

  self->paned = GTK_WIDGET (gtk_builder_get_object (builder, "paned"));
  self->body_label = GTK_LABEL (gtk_builder_get_object (builder, "body_label"));
  self->hex_list = GTK_LIST_VIEW (gtk_builder_get_object (builder, "hex_list"));
  self->stack = GTK_STACK (gtk_builder_get_object (builder, "stack"));
  self->text_list = GTK_LIST_VIEW (gtk_builder_get_object (builder, "text_list"));
  g_assert (self->paned != NULL && self->body_label != NULL && self->hex_list != NULL &&
            self->stack != NULL && self->text_list != NULL);

  text_factory = make_row_factory (FALSE);
  hex_factory = make_row_factory (TRUE);
  gtk_list_view_set_factory (self->text_list, text_factory);
  gtk_list_view_set_factory (self->hex_list, hex_factory);
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->hex_list)), "notify::page-size",
                           G_CALLBACK (hex_page_size_cb), self, G_CONNECT_SWAPPED);
  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self->body_label), GTK_TYPE_SCROLLED_WINDOW)),
                                       _("Entry inspector"));
  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (self->text_list))),
                                       _("Message text"));
  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (self->hex_list))),
                                       _("Bytes in hexadecimal"));
  fifolab_accessible_name_stack_pages (self->stack);
  /* Translators: what a screen reader says for the bar a person drags to
   * share the entry inspector's width between what the log knows about
   * the entry and its bytes. */
  fifolab_accessible_name_paned_handle (GTK_PANED (self->paned), _("Resize the entry’s details and its bytes"));
  gtk_widget_set_visible (GTK_WIDGET (self->stack), FALSE);
  gtk_box_append (GTK_BOX (self->box), self->paned);
  gtk_stack_switcher_set_stack (self->switcher, self->stack);
}

/* The views of a torn message's bytes say where the tear is, for those who
 * do not see the colours. */
static void
update_descriptions (FifolabEntryDetails *self)
{
  GtkAccessible *lists[] = { GTK_ACCESSIBLE (self->text_list), GTK_ACCESSIBLE (self->hex_list) };
  g_autofree char *sentence = self->tear >= 0 ? dup_tear_sentence (self->tear) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      if (sentence != NULL)
        gtk_accessible_update_property (lists[i], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence, -1);
      else
        gtk_accessible_reset_property (lists[i], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/**
 * fifolab_entry_details_get_tear:
 *
 * Returns: where another writer's bytes begin in the entry shown, as the
 *   views mark it, or -1
 */
gssize
fifolab_entry_details_get_tear (FifolabEntryDetails *self)
{
  g_return_val_if_fail (FIFOLAB_IS_ENTRY_DETAILS (self), -1);

  return self->tear;
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
  if (entry != NULL)
    ensure_pane (self);
  self->tear = entry != NULL ? find_tear (entry) : -1;

  /* An event's bytes are its detail, in the body: nothing to page through. */
  has_bytes = entry != NULL && fifolab_log_entry_get_size (entry) > 0 &&
              fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_EVENT;
  if (entry != NULL)
    body = describe_entry (entry, self->log, self->tear);
  gtk_label_set_text (self->heading_label, entry != NULL ? heading_of (entry) : "");

  /* Without an entry the pane, if it was ever made, is hidden and emptied. */
  if (self->paned != NULL)
    {
      gtk_label_set_text (self->body_label, body != NULL ? body : "");
      if (entry != NULL)
        text_rows = fifolab_byte_rows_new_text (fifolab_log_entry_get_bytes (entry), self->tear);
      set_rows (self->text_list, text_rows);
      /* The hex rows of another entry go; made again when their page shows. */
      set_rows (self->hex_list, NULL);
      update_descriptions (self);
      visible_page_cb (self);
      /* An event without bytes: nothing to scroll through. */
      gtk_widget_set_visible (GTK_WIDGET (self->stack), has_bytes);
      gtk_widget_set_visible (self->paned, entry != NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->switcher), has_bytes);
  gtk_widget_set_visible (self->empty_label, entry == NULL);
  /* Nothing to head or copy: a lone, disabled copy button said nothing. */
  gtk_widget_set_visible (self->header, entry != NULL);
  gtk_widget_set_visible (self->header_separator, entry != NULL);
  update_actions (self);

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

  return self->body_label != NULL ? gtk_label_get_text (self->body_label) : "";
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

  ensure_pane (self);
  return self->stack;
}

/* Focus goes to the bytes shown, where the keys scroll. */
static gboolean
fifolab_entry_details_grab_focus (GtkWidget *widget)
{
  FifolabEntryDetails *self = FIFOLAB_ENTRY_DETAILS (widget);
  gboolean hex;

  if (self->stack == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->stack)))
    return FALSE;
  hex = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "hex") == 0;
  return gtk_widget_grab_focus (GTK_WIDGET (hex ? self->hex_list : self->text_list));
}

static void
fifolab_entry_details_dispose (GObject *object)
{
  FifolabEntryDetails *self = FIFOLAB_ENTRY_DETAILS (object);
  GtkWidget *child;

  g_clear_handle_id (&self->hex_width_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_ENTRY_DETAILS);
  /* The pane was in the template's box: gone with it. */
  self->paned = NULL;
  self->body_label = NULL;
  self->hex_list = NULL;
  self->stack = NULL;
  self->text_list = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->entry);
  g_clear_object (&self->log);

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
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, box);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, copy_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, copy_menu);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, empty_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, header);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, header_separator);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, heading_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabEntryDetails, switcher);

  gtk_widget_class_install_action (widget_class, "inspector.copy-text", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "inspector.copy-hex", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "inspector.copy-c-array", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "inspector.copy-text", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "inspector.copy-hex", NULL);
  /* Ctrl+Shift+A: a capture-phase shortcut, see fifolab_entry_details_init(). */

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fifolab-entry-details");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_entry_details_init (FifolabEntryDetails *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  self->tear = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Ctrl+Shift+A is also unselect-all in the text and hex lists (and a
   * selectable label), which have the key before the class binding: taken
   * in the capture phase. The inspector has no text entry to take it from. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("inspector.copy-c-array")));
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  fifolab_menu_button_set_menu_on_open (self->copy_button, self->copy_menu);
  update_actions (self);
}

FifolabEntryDetails *
fifolab_entry_details_new (void)
{
  return g_object_new (FIFOLAB_TYPE_ENTRY_DETAILS, NULL);
}
