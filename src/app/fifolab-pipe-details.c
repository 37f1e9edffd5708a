/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <unistd.h>

#include "fifolab-accessible.h"
#include "fifolab-pipe-details.h"
#include "fifolab-pipe-framings.h"
#include "fifolab-pipe-row.h"
#include "fifolab-status-viewport.h"
#include "fifolab-tap-control.h"
#include "fifolab-watch-control.h"

#define N_RATE_SAMPLES 3

typedef struct
{
  gint64  mono_us;
  guint64 messages;
} RateSample;

struct _FifolabPipeDetails
{
  GtkWidget          parent_instance;

  FifolabSession    *session;
  FifolabPipeInfo   *info;
  FifolabHolderScan *holder_scan;
  /* The live figures are refreshed on each of its scans while shown; the
   * pipe shown is watched meanwhile. */
  FifolabHolderMonitor *holder_monitor;
  char              *watched_path;
  GPtrArray         *holder_rows;
  char              *holders_signature;
  RateSample         samples[N_RATE_SAMPLES];
  guint              n_samples;

  /* The pipe page, made the first time a pipe is shown (NULL until then):
   * nothing is selected when the window opens, and making and measuring it
   * then cost the window's first frame. */
  AdwPreferencesGroup *connection_group;
  GtkButton           *disconnect_button;
  AdwPreferencesGroup *holders_group;
  AdwPreferencesGroup *pipe_group;
  /* The pipe's name, first: the page shows the pipe selected in the
   * browser, or the pipe of the entry selected in the log. */
  GtkLabel            *name_label;
  /* What holds the page: scrolled back to the top for another pipe. */
  GtkScrolledWindow   *scroller;
  GtkToggleButton     *read_button;
  AdwPreferencesGroup *stats_group;
  GtkToggleButton     *write_button;
  /* The framing FIFO Lab reads and sends the pipe with, its value under
   * its title (in the side pane's width it wraps there, whole); what
   * choosing another does is said under the group, which it ends. */
  AdwComboRow         *framing_row;
  GtkLabel            *framing_note;
  /* Tap (issue 15): its toggle, what a tap cannot see and what it said. */
  FifolabTapControl   *tap_control;
  /* Watch (issue 15): its toggle and what the watch said. */
  FifolabWatchControl *watch_control;
  /* Set while the toggles and the framing show the session's state. */
  gboolean             syncing;
  GtkLabel          *path_value;
  GtkLabel          *type_value;
  GtkLabel          *mode_value;
  GtkLabel          *owner_value;
  AdwActionRow      *state_row;
  GtkLabel          *capacity_value;
  GtkLabel          *queued_value;
  GtkLabel          *received_value;
  GtkLabel          *sent_value;
  GtkLabel          *rate_value;

  /* Template */
  AdwBin              *pipe_bin;
  GtkWidget           *show_pipes_button;
  GtkStack            *stack;
};

G_DEFINE_FINAL_TYPE (FifolabPipeDetails, fifolab_pipe_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_INFO,
  PROP_HOLDER_SCAN,
  PROP_SHOW_PIPES_BUTTON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A row whose title and subtitle are plain text: libadwaita parses them as
 * markup by default, and they show command names and paths. */
static GtkWidget *
new_row (void)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Its icon (a holder's reading or writing, which its subtitle says) and
   * inner boxes: said by their class names ("GtkImage") otherwise. */
  fifolab_accessible_name_parts (row);
  return row;
}

static GtkLabel *
add_value_row (AdwPreferencesGroup *group,
               const char          *title)
{
  GtkWidget *row = new_row ();
  GtkWidget *value = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value), 1.0);
  gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "dim-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_preferences_group_add (group, row);

  return GTK_LABEL (value);
}

static GtkButton *
add_button (GtkBox     *box,
            const char *label,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_box_append (box, button);

  return GTK_BUTTON (button);
}

/* Read and Write show what FIFO Lab holds: pressed while it holds that end
 * (set from the session, see refresh). A click connects that end
 * (app.read-pipe, app.write-pipe) or, pressed, closes that end only
 * (win.stop-reading, win.stop-writing): with an action, a toggle button does
 * not flip itself. */
static void
set_end_action (GtkToggleButton *button,
                gboolean         held,
                const char      *connect,
                const char      *release)
{
  const char *action = held ? release : connect;

  gtk_toggle_button_set_active (button, held);
  /* Said also while never pressed (GTK says it only on a change). */
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                               held ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
  if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action) != 0)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
}

static GtkToggleButton *
add_toggle (GtkBox             *box,
            const char         *label,
            const char         *name,
            const char         *tooltip)
{
  GtkWidget *button = gtk_toggle_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  /* The name AT-SPI reports, and what pressing it does. */
  fifolab_accessible_set_name (GTK_WIDGET (button), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  gtk_box_append (box, button);

  return GTK_TOGGLE_BUTTON (button);
}

static void
framing_selected_cb (AdwComboRow        *row,
                     GParamSpec         *pspec,
                     FifolabPipeDetails *self)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->info == NULL || self->session == NULL ||
      selected > FIFOLAB_FRAMING_LENGTH_PREFIX)
    return;

  if (!fifolab_session_set_framing (self->session, fifolab_pipe_info_get_path (self->info),
                                    (FifolabFraming) selected, &error))
    gtk_label_set_text (self->framing_note, error->message);
}

static AdwPreferencesGroup *
add_group (GtkBox     *box,
           const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (box, group);

  return ADW_PREFERENCES_GROUP (group);
}

/* The pipe page: Read / Write / Disconnect, then the pipe, FIFO Lab's
 * connection, the processes holding it and the statistics. */
static void
fifolab_pipe_details_ensure_page (FifolabPipeDetails *self)
{
  GtkWidget *scrolled;
  GtkWidget *box;
  GtkWidget *buttons;

  if (self->pipe_group != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->name_label, 0.0);
  gtk_label_set_ellipsize (self->name_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "title-2");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->name_label));

  /* Read and Write side by side, Disconnect under them: three buttons of
   * the widest one's width did not fit the side pane's 300 px, which then
   * cut the whole page off on its right (at 1180 px, the default width). */
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  self->read_button = add_toggle (GTK_BOX (buttons), _("_Read"), _("Read"),
                                  _("Pressed while FIFO Lab holds the read end of this pipe: press to read it, release to close the read end"));
  self->write_button = add_toggle (GTK_BOX (buttons), _("_Write"), _("Write"),
                                   _("Pressed while FIFO Lab holds the write end of this pipe: press to write to it, release to close the write end"));
  {
    GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    gtk_box_append (GTK_BOX (column), buttons);
    self->disconnect_button = add_button (GTK_BOX (column), _("_Disconnect"), _("Close FIFO Lab’s ends of this pipe"));
    gtk_box_append (GTK_BOX (box), column);
  }

  /* Watch: every call other processes make on the pipe, taking nothing. */
  self->watch_control = FIFOLAB_WATCH_CONTROL (fifolab_watch_control_new ());
  fifolab_watch_control_set_session (self->watch_control, self->session);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->watch_control));

  /* Tap: watching what other processes send each other through the pipe. */
  self->tap_control = FIFOLAB_TAP_CONTROL (fifolab_tap_control_new ());
  fifolab_tap_control_set_session (self->tap_control, self->session);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->tap_control));
  /* Where the kernel refuses the watch, its "Use Tap Instead", and
   * whether the tap started. */
  g_signal_connect_object (self->watch_control, "tap-instead",
                           G_CALLBACK (fifolab_tap_control_start), self->tap_control,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tap_control, "start-done",
                           G_CALLBACK (fifolab_watch_control_tap_started), self->watch_control,
                           G_CONNECT_SWAPPED);

  self->pipe_group = add_group (GTK_BOX (box), _("Pipe"));
  self->connection_group = add_group (GTK_BOX (box), _("FIFO Lab’s Connection"));
  self->holders_group = add_group (GTK_BOX (box), _("Processes Holding It"));
  adw_preferences_group_set_description (self->holders_group, _("Read from /proc without opening the pipe"));
  self->stats_group = add_group (GTK_BOX (box), _("Statistics"));

  self->path_value = add_value_row (self->pipe_group, _("Path"));
  self->type_value = add_value_row (self->pipe_group, _("Type"));
  self->mode_value = add_value_row (self->pipe_group, _("Permissions"));
  self->owner_value = add_value_row (self->pipe_group, _("Owner"));

  self->state_row = ADW_ACTION_ROW (new_row ());
  adw_action_row_set_subtitle_lines (self->state_row, 0);
  adw_action_row_set_icon_name (self->state_row, "network-transmit-receive-symbolic");
  adw_preferences_group_add (self->connection_group, GTK_WIDGET (self->state_row));
  {
    g_autoptr(GtkStringList) framings = gtk_string_list_new (NULL);

    for (guint i = FIFOLAB_FRAMING_RAW; i <= FIFOLAB_FRAMING_LENGTH_PREFIX; i++)
      gtk_string_list_append (framings, fifolab_framing_get_label (i));
    self->framing_row = ADW_COMBO_ROW (adw_combo_row_new ());
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->framing_row), _("Framing"));
    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->framing_row), FALSE);
    adw_combo_row_set_model (self->framing_row, G_LIST_MODEL (framings));
    adw_combo_row_set_use_subtitle (self->framing_row, TRUE);
    g_signal_connect_object (self->framing_row, "notify::selected", G_CALLBACK (framing_selected_cb), self, 0);
  }
  self->capacity_value = add_value_row (self->connection_group, _("Capacity"));
  self->queued_value = add_value_row (self->connection_group, _("Bytes queued"));
  adw_preferences_group_add (self->connection_group, GTK_WIDGET (self->framing_row));
  self->framing_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->framing_note, TRUE);
  gtk_label_set_xalign (self->framing_note, 0.0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->framing_note), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->framing_note), "dim-label");
  adw_preferences_group_add (self->connection_group, GTK_WIDGET (self->framing_note));

  self->received_value = add_value_row (self->stats_group, _("Received"));
  self->sent_value = add_value_row (self->stats_group, _("Sent"));
  self->rate_value = add_value_row (self->stats_group, _("Current rate"));

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  adw_bin_set_child (self->pipe_bin, scrolled);
  self->scroller = GTK_SCROLLED_WINDOW (scrolled);
  fifolab_accessible_name_parts (scrolled);
  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (scrolled), _("Pipe details"));
}

static void
set_value (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static char *
format_count_and_bytes (guint64 messages,
                        guint64 bytes)
{
  g_autofree char *size = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

  /* Translators: "3 messages, 66 bytes" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu message, %s",
                                       "%llu messages, %s", messages),
                          (unsigned long long) messages, size);
}

static char *
format_fill (gssize value)
{
  if (value < 0)
    return g_strdup (_("Unknown while FIFO Lab does not hold it open"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zd byte", "%zd bytes", value),
                          value);
}

static void
fifolab_pipe_details_update_holders (FifolabPipeDetails *self)
{
  g_autoptr(GPtrArray) holders = NULL;
  g_autoptr(GString) signature = g_string_new (NULL);
  const char *path;
  guint denied = 0;

  /* Nothing shows the holders before a pipe was. */
  if (self->holders_group == NULL)
    return;

  if (self->info == NULL || self->holder_scan == NULL)
    holders = g_ptr_array_new ();
  else
    {
      path = fifolab_pipe_info_get_path (self->info);
      holders = fifolab_holder_scan_get_holders (self->holder_scan, path);
      denied = fifolab_holder_scan_get_n_denied (self->holder_scan);
    }

  for (guint i = 0; i < holders->len; i++)
    {
      FifolabHolder *holder = g_ptr_array_index (holders, i);

      g_string_append_printf (signature, "%" G_GINT64_FORMAT ":%d:%u:%s;",
                              fifolab_holder_get_pid (holder),
                              fifolab_holder_get_fd (holder),
                              fifolab_holder_get_access (holder),
                              fifolab_holder_get_command (holder));
    }
  g_string_append_printf (signature, "denied=%u;scan=%d", denied, self->holder_scan != NULL);

  /* Rebuild the rows only when something changed, so the list does not flicker. */
  if (g_strcmp0 (signature->str, self->holders_signature) == 0)
    return;
  g_free (self->holders_signature);
  self->holders_signature = g_string_free (g_steal_pointer (&signature), FALSE);

  for (guint i = 0; i < self->holder_rows->len; i++)
    adw_preferences_group_remove (self->holders_group, g_ptr_array_index (self->holder_rows, i));
  g_ptr_array_set_size (self->holder_rows, 0);

  for (guint i = 0; i < holders->len; i++)
    {
      FifolabHolder *holder = g_ptr_array_index (holders, i);
      FifolabAccess access = fifolab_holder_get_access (holder);
      GtkWidget *row = new_row ();
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *end;
      const char *icon;

      /* The title holds a command name, whatever the process chose: literal
       * text, never markup ("a&b" or "<i>" would not parse). */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

      if ((access & FIFOLAB_ACCESS_READ) && (access & FIFOLAB_ACCESS_WRITE))
        end = _("reading and writing"), icon = "media-playlist-repeat-symbolic";
      else if (access & FIFOLAB_ACCESS_WRITE)
        end = _("writing"), icon = "document-send-symbolic";
      else
        end = _("reading"), icon = "mail-unread-symbolic";

      if (fifolab_holder_get_pid (holder) == (gint64) getpid ())
        /* Translators: a process holding the pipe is FIFO Lab itself */
        title = g_strdup_printf (_("%s (FIFO Lab itself), pid %lld"),
                                 fifolab_holder_get_command (holder), (long long) fifolab_holder_get_pid (holder));
      else
        /* Translators: command name and process id, "cat, pid 1234" */
        title = g_strdup_printf (_("%s, pid %lld"),
                                 fifolab_holder_get_command (holder), (long long) fifolab_holder_get_pid (holder));
      /* Translators: "reading, descriptor 3" */
      subtitle = g_strdup_printf (_("%s, descriptor %d"), end, fifolab_holder_get_fd (holder));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->holders_group, row);
      g_ptr_array_add (self->holder_rows, row);
    }

  if (holders->len == 0)
    {
      GtkWidget *row = new_row ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     self->holder_scan != NULL ? _("No process holds it open")
                                                               : _("Looking…"));
      adw_preferences_group_add (self->holders_group, row);
      g_ptr_array_add (self->holder_rows, row);
    }

  if (denied > 0)
    {
      GtkWidget *row = new_row ();
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u process could not be inspected",
                                                             "%u processes could not be inspected",
                                                             denied),
                                                denied);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Processes of other users may hold it too; they are counted, not guessed."));
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-information-symbolic");
      adw_preferences_group_add (self->holders_group, row);
      g_ptr_array_add (self->holder_rows, row);
    }
}

/* The heading: the pipe's name as the browser and the log show it, with
 * its folder where another listed pipe has the same name. */
static void
fifolab_pipe_details_update_name (FifolabPipeDetails *self)
{
  const char *path;
  g_autofree char *name = NULL;

  if (self->info == NULL || self->name_label == NULL)
    return;
  path = fifolab_pipe_info_get_path (self->info);
  name = self->session != NULL ? fifolab_session_dup_display_name (self->session, path)
                               : fifolab_escape_basename (path, 0);
  set_value (self->name_label, name);
}

static void
fifolab_pipe_details_update_static (FifolabPipeDetails *self)
{
  g_autofree char *mode = NULL;
  g_autofree char *mode_text = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *display_path = NULL;
  GVariant *target;

  if (self->info != NULL)
    fifolab_pipe_details_ensure_page (self);
  gtk_stack_set_visible_child_name (self->stack, self->info ? "pipe" : "empty");
  self->n_samples = 0;

  if (self->info == NULL)
    return;

  mode = fifolab_pipe_info_dup_mode_string (self->info);
  mode_text = g_strdup_printf ("%s (%04o)", mode, fifolab_pipe_info_get_mode (self->info) & 07777);
  /* Translators: owner and group of a file, "alice:staff" */
  owner = g_strdup_printf (_("%s : %s"), fifolab_pipe_info_get_owner (self->info),
                           fifolab_pipe_info_get_group (self->info));

  fifolab_pipe_details_update_name (self);
  display_path = fifolab_escape_home_path (fifolab_pipe_info_get_path (self->info), 0);
  set_value (self->path_value, display_path);
  {
    g_autofree char *shown_path = fifolab_escape_name (fifolab_pipe_info_get_path (self->info), 0);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->path_value), shown_path);
  }
  set_value (self->type_value, fifolab_pipe_info_get_type_name (self->info));
  set_value (self->mode_value, mode_text);
  set_value (self->owner_value, owner);

  /* A path is bytes, not necessarily UTF-8: a bytestring ("ay"). */
  target = g_variant_new_bytestring (fifolab_pipe_info_get_path (self->info));
  g_variant_ref_sink (target);
  /* Target first, then the name: a name without its target would not match. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->read_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->write_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->disconnect_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->disconnect_button), "app.disconnect-pipe");
  g_variant_unref (target);
}

/* Statistics: a reader's or writer's counters start at zero when FIFO Lab
 * connects (each connection is a new one), so each says from when it counts:
 * the time it was first seen, on the session's ::connection-changed. */
static gint64
counted_since (gpointer end)
{
  gint64 *since;

  if (end == NULL)
    return 0;
  since = g_object_get_data (G_OBJECT (end), "fifolab-counted-since");
  if (since == NULL)
    {
      since = g_new (gint64, 1);
      *since = g_get_real_time ();
      g_object_set_data_full (G_OBJECT (end), "fifolab-counted-since", since, g_free);
    }
  return *since;
}

/* The subtitle of @value's row: "Counted since 12:03:41", or none. */
static void
set_since (GtkLabel *value,
           gpointer  end)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (value), ADW_TYPE_ACTION_ROW);
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *text = NULL;

  if (end != NULL)
    time = g_date_time_new_from_unix_local (counted_since (end) / G_USEC_PER_SEC);
  if (time != NULL)
    clock = g_date_time_format (time, "%H:%M:%S");
  if (clock != NULL)
    /* Translators: under a pipe's Received or Sent count; %s is a time of day */
    text = g_strdup_printf (_("Counted since %s"), clock);
  if (row != NULL && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), text != NULL ? text : "") != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text != NULL ? text : "");
}

void
fifolab_pipe_details_refresh (FifolabPipeDetails *self)
{
  FifolabReader *reader = NULL;
  FifolabWriter *writer = NULL;
  g_autofree char *state = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *queued = NULL;
  g_autofree char *received = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *rate = NULL;
  const char *explanation = NULL;
  const char *path;
  gssize cap = -1, fill = -1;
  guint64 total;
  gint64 now;

  g_return_if_fail (FIFOLAB_IS_PIPE_DETAILS (self));

  if (self->info == NULL)
    return;

  path = fifolab_pipe_info_get_path (self->info);
  if (self->session != NULL)
    {
      reader = fifolab_session_get_reader (self->session, path);
      writer = fifolab_session_get_writer (self->session, path);
    }

  state = fifolab_describe_connection (self->session, path, &explanation);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row),
                                 state ? state : _("Not connected"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->state_row),
                               explanation ? explanation
                                           : _("FIFO Lab holds neither end. Read or Write connects it."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->disconnect_button), reader != NULL || writer != NULL);

  /* What FIFO Lab holds, and the framing it reads and sends with. */
  self->syncing = TRUE;
  set_end_action (self->read_button, reader != NULL, "app.read-pipe", "win.stop-reading");
  set_end_action (self->write_button, writer != NULL, "app.write-pipe", "win.stop-writing");
  if (self->session != NULL)
    adw_combo_row_set_selected (self->framing_row, fifolab_session_get_framing (self->session, path));
  self->syncing = FALSE;
  gtk_label_set_text (self->framing_note,
                      reader != NULL ? _("Choosing another framing reconnects FIFO Lab’s read end with it.")
                                     : _("FIFO Lab reads and sends with this framing; the preference is only the default for other pipes."));

  if (reader != NULL)
    {
      cap = fifolab_reader_get_capacity (reader);
      fill = fifolab_reader_get_queued (reader);
    }
  if (cap < 0 && writer != NULL)
    {
      cap = fifolab_writer_get_capacity (writer);
      fill = fifolab_writer_get_queued (writer);
    }
  capacity = format_fill (cap);
  queued = format_fill (fill);
  set_value (self->capacity_value, capacity);
  set_value (self->queued_value, queued);

  received = format_count_and_bytes (reader ? fifolab_reader_get_messages_received (reader) : 0,
                                     reader ? fifolab_reader_get_bytes_received (reader) : 0);
  sent = format_count_and_bytes (writer ? fifolab_writer_get_messages_sent (writer) : 0,
                                 writer ? fifolab_writer_get_bytes_sent (writer) : 0);
  set_value (self->received_value, received);
  set_value (self->sent_value, sent);
  set_since (self->received_value, reader);
  set_since (self->sent_value, writer);

  /* Rate over the last few refreshes (one a holder scan): keep a few samples,
   * compare with the oldest. */
  total = (reader ? fifolab_reader_get_messages_received (reader) : 0) +
          (writer ? fifolab_writer_get_messages_sent (writer) : 0);
  now = g_get_monotonic_time ();
  if (self->n_samples == N_RATE_SAMPLES)
    {
      memmove (&self->samples[0], &self->samples[1], sizeof (RateSample) * (N_RATE_SAMPLES - 1));
      self->n_samples--;
    }
  self->samples[self->n_samples++] = (RateSample) { now, total };

  if (self->n_samples > 1 && now > self->samples[0].mono_us && total >= self->samples[0].messages)
    {
      double seconds = (now - self->samples[0].mono_us) / (double) G_USEC_PER_SEC;
      double per_second = (total - self->samples[0].messages) / seconds;

      /* Translators: messages per second */
      rate = g_strdup_printf (_("%.1f messages/s"), per_second);
    }
  else
    rate = g_strdup (_("Measuring…"));
  set_value (self->rate_value, rate);
}

static void
fifolab_pipe_details_scanned_cb (FifolabPipeDetails   *self,
                                 FifolabHolderScan    *scan,
                                 FifolabHolderMonitor *monitor)
{
  fifolab_pipe_details_refresh (self);
}

/* While shown: refreshed on the monitor's scans, the pipe shown watched. */
static void
fifolab_pipe_details_unfollow (FifolabPipeDetails *self)
{
  if (self->holder_monitor == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->holder_monitor, fifolab_pipe_details_scanned_cb, self);
  if (self->watched_path != NULL)
    fifolab_holder_monitor_unwatch (self->holder_monitor, self->watched_path);
  g_clear_pointer (&self->watched_path, g_free);
}

static void
fifolab_pipe_details_follow (FifolabPipeDetails *self)
{
  fifolab_pipe_details_unfollow (self);
  if (self->holder_monitor == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_signal_connect_object (self->holder_monitor, "scanned",
                           G_CALLBACK (fifolab_pipe_details_scanned_cb), self, G_CONNECT_SWAPPED);
  if (self->info != NULL)
    {
      self->watched_path = g_strdup (fifolab_pipe_info_get_path (self->info));
      fifolab_holder_monitor_watch (self->holder_monitor, self->watched_path);
    }
}

static void
fifolab_pipe_details_connection_changed_cb (FifolabPipeDetails *self,
                                            const char         *path,
                                            FifolabSession     *session)
{
  /* A new reader or writer counts from zero: remember from when. */
  counted_since (fifolab_session_get_reader (session, path));
  counted_since (fifolab_session_get_writer (session, path));
  if (self->info != NULL && g_strcmp0 (path, fifolab_pipe_info_get_path (self->info)) == 0)
    fifolab_pipe_details_refresh (self);
}

GtkWidget *
fifolab_pipe_details_new (void)
{
  return g_object_new (FIFOLAB_TYPE_PIPE_DETAILS, NULL);
}

void
fifolab_pipe_details_set_session (FifolabPipeDetails *self,
                                  FifolabSession     *session)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_DETAILS (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (self->tap_control != NULL)
    fifolab_tap_control_set_session (self->tap_control, session);
  if (self->watch_control != NULL)
    fifolab_watch_control_set_session (self->watch_control, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "connection-changed",
                               G_CALLBACK (fifolab_pipe_details_connection_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "framing-changed",
                               G_CALLBACK (fifolab_pipe_details_connection_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::default-framing",
                               G_CALLBACK (fifolab_pipe_details_refresh),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "names-changed",
                               G_CALLBACK (fifolab_pipe_details_update_name),
                               self, G_CONNECT_SWAPPED);
    }
  fifolab_pipe_details_update_name (self);

  fifolab_pipe_details_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

FifolabPipeInfo *
fifolab_pipe_details_get_info (FifolabPipeDetails *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_DETAILS (self), NULL);

  return self->info;
}

void
fifolab_pipe_details_set_info (FifolabPipeDetails *self,
                               FifolabPipeInfo    *info)
{
  gboolean another;

  g_return_if_fail (FIFOLAB_IS_PIPE_DETAILS (self));
  g_return_if_fail (info == NULL || FIFOLAB_IS_PIPE_INFO (info));

  /* Another pipe (or one shown again after none): its details from their
   * top, its name and its Read and Write buttons in view, not as far down
   * as the last pipe's were scrolled. A new snapshot of the same pipe (the
   * browser's rescans make them) is a refresh, which leaves them where the
   * user scrolled. */
  another = info != NULL &&
            (self->info == NULL ||
             g_strcmp0 (fifolab_pipe_info_get_path (self->info), fifolab_pipe_info_get_path (info)) != 0);
  if (!g_set_object (&self->info, info))
    return;

  fifolab_pipe_details_update_static (self);
  if (another)
    {
      GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

      gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));
    }
  /* Tap: the toggle is the shown pipe's. */
  if (self->tap_control != NULL)
    fifolab_tap_control_set_path (self->tap_control, info != NULL ? fifolab_pipe_info_get_path (info) : NULL);
  if (self->watch_control != NULL)
    fifolab_watch_control_set_path (self->watch_control, info != NULL ? fifolab_pipe_info_get_path (info) : NULL);
  fifolab_pipe_details_update_holders (self);
  fifolab_pipe_details_refresh (self);
  if (self->holder_monitor != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    fifolab_pipe_details_follow (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

/**
 * fifolab_pipe_details_set_holder_monitor:
 * @monitor: (nullable): the application's monitor, whose scans refresh the
 *   live figures while the details are shown
 */
void
fifolab_pipe_details_set_holder_monitor (FifolabPipeDetails   *self,
                                         FifolabHolderMonitor *monitor)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_DETAILS (self));
  g_return_if_fail (monitor == NULL || FIFOLAB_IS_HOLDER_MONITOR (monitor));

  if (self->holder_monitor == monitor)
    return;
  fifolab_pipe_details_unfollow (self);
  g_set_object (&self->holder_monitor, monitor);
  fifolab_pipe_details_follow (self);
}

void
fifolab_pipe_details_set_holder_scan (FifolabPipeDetails *self,
                                      FifolabHolderScan  *scan)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_DETAILS (self));

  if (g_set_object (&self->holder_scan, scan))
    {
      fifolab_pipe_details_update_holders (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDER_SCAN]);
    }
}

gboolean
fifolab_pipe_details_get_show_pipes_button (FifolabPipeDetails *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_DETAILS (self), FALSE);

  return gtk_widget_get_visible (self->show_pipes_button);
}

void
fifolab_pipe_details_set_show_pipes_button (FifolabPipeDetails *self,
                                            gboolean            show)
{
  g_return_if_fail (FIFOLAB_IS_PIPE_DETAILS (self));

  show = !!show;
  if (gtk_widget_get_visible (self->show_pipes_button) == show)
    return;
  gtk_widget_set_visible (self->show_pipes_button, show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PIPES_BUTTON]);
}

/* The focus goes into the page shown, never into the one going. While the
 * stack cross-fades from one page to the other (another pipe chosen, or the
 * first), both are mapped and in the same place, and GTK's order gave the
 * focus to the page going, the first child: Alt+1 pressed then put it on
 * the page for no pipe, which GTK took it from when the fade ended, to the
 * side pane's scroller, out of the page. */
static gboolean
fifolab_pipe_details_focus (GtkWidget        *widget,
                            GtkDirectionType  direction)
{
  FifolabPipeDetails *self = FIFOLAB_PIPE_DETAILS (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  return page != NULL && gtk_widget_child_focus (page, direction);
}

static void
fifolab_pipe_details_map (GtkWidget *widget)
{
  FifolabPipeDetails *self = FIFOLAB_PIPE_DETAILS (widget);

  GTK_WIDGET_CLASS (fifolab_pipe_details_parent_class)->map (widget);

  fifolab_pipe_details_refresh (self);
  fifolab_pipe_details_follow (self);
}

static void
fifolab_pipe_details_unmap (GtkWidget *widget)
{
  FifolabPipeDetails *self = FIFOLAB_PIPE_DETAILS (widget);

  fifolab_pipe_details_unfollow (self);

  GTK_WIDGET_CLASS (fifolab_pipe_details_parent_class)->unmap (widget);
}

static void
fifolab_pipe_details_dispose (GObject *object)
{
  FifolabPipeDetails *self = FIFOLAB_PIPE_DETAILS (object);

  fifolab_pipe_details_unfollow (self);
  g_clear_object (&self->holder_monitor);
  fifolab_pipe_details_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_PIPE_DETAILS);
  /* The pipe page went with the template's widgets. */
  self->pipe_group = self->connection_group = self->holders_group = self->stats_group = NULL;
  self->tap_control = NULL;
  self->watch_control = NULL;
  self->scroller = NULL;
  g_clear_object (&self->info);
  g_clear_object (&self->holder_scan);
  g_clear_pointer (&self->holder_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fifolab_pipe_details_parent_class)->dispose (object);
}

static void
fifolab_pipe_details_finalize (GObject *object)
{
  FifolabPipeDetails *self = FIFOLAB_PIPE_DETAILS (object);

  g_clear_pointer (&self->holders_signature, g_free);

  G_OBJECT_CLASS (fifolab_pipe_details_parent_class)->finalize (object);
}

static void
fifolab_pipe_details_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FifolabPipeDetails *self = FIFOLAB_PIPE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_INFO:
      g_value_set_object (value, self->info);
      break;
    case PROP_HOLDER_SCAN:
      g_value_set_object (value, self->holder_scan);
      break;
    case PROP_SHOW_PIPES_BUTTON:
      g_value_set_boolean (value, fifolab_pipe_details_get_show_pipes_button (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_pipe_details_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FifolabPipeDetails *self = FIFOLAB_PIPE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fifolab_pipe_details_set_session (self, g_value_get_object (value));
      break;
    case PROP_INFO:
      fifolab_pipe_details_set_info (self, g_value_get_object (value));
      break;
    case PROP_HOLDER_SCAN:
      fifolab_pipe_details_set_holder_scan (self, g_value_get_object (value));
      break;
    case PROP_SHOW_PIPES_BUTTON:
      fifolab_pipe_details_set_show_pipes_button (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_pipe_details_class_init (FifolabPipeDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_pipe_details_dispose;
  object_class->finalize = fifolab_pipe_details_finalize;
  object_class->get_property = fifolab_pipe_details_get_property;
  object_class->set_property = fifolab_pipe_details_set_property;

  widget_class->focus = fifolab_pipe_details_focus;
  widget_class->map = fifolab_pipe_details_map;
  widget_class->unmap = fifolab_pipe_details_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         FIFOLAB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INFO] =
    g_param_spec_object ("info", NULL, NULL,
                         FIFOLAB_TYPE_PIPE_INFO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOLDER_SCAN] =
    g_param_spec_object ("holder-scan", NULL, NULL,
                         FIFOLAB_TYPE_HOLDER_SCAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the page for no pipe offers to show the pipe list: where the
   * window has folded it out of sight, there is nothing to select. */
  properties[PROP_SHOW_PIPES_BUTTON] =
    g_param_spec_boolean ("show-pipes-button", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FIFOLAB_TYPE_STATUS_VIEWPORT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-pipe-details.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeDetails, pipe_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeDetails, show_pipes_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabPipeDetails, stack);
  /* Kept by the template only, for gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "empty_scroller", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "empty_page_title", FALSE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_pipe_details_init (FifolabPipeDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->holder_rows = g_ptr_array_new ();

  fifolab_accessible_set_name (GTK_WIDGET (self), _("Pipe details"));
  fifolab_accessible_name_stack_pages (self->stack);
  /* The page for no pipe: its bars say its title ("No Pipe Selected"). */
  fifolab_accessible_label_scroll_bars (GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (self), FIFOLAB_TYPE_PIPE_DETAILS, "empty_scroller")),
                                        GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), FIFOLAB_TYPE_PIPE_DETAILS, "empty_page_title")));
  fifolab_pipe_details_update_holders (self);
}
