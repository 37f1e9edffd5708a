/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fifolab-accessible.h"
#include "fifolab-entry-details.h"
#include "fifolab-escape.h"
#include "fifolab-export-file.h"
#include "fifolab-lazy-menu.h"
#include "fifolab-log-column-menu.h"
#include "fifolab-log-filter.h"
#include "fifolab-log-follow.h"
#include "fifolab-log-pipes.h"
#include "fifolab-log-reveal.h"
#include "fifolab-log-status.h"
#include "fifolab-log-view-private.h"

/* While entries keep coming (a flood announces some many times a frame), the
 * status line's count changes at most this often: a label that changes asks
 * the whole window for a new layout, and on X11 that costs round trips to the
 * server for the monitor's work area, every frame. It changes together with
 * the rows (when the log announces entries), so that it costs no frame of its
 * own: on GL without buffer age (Mesa under Xvfb, software) every frame
 * repaints the whole window. A change that comes without rows (the cap
 * evicting, which the log announces with its next entries) waits for them,
 * or at most STATUS_FALLBACK_MS. */
#define STATUS_INTERVAL_MS   200
#define STATUS_FALLBACK_MS   500

#define DIRECTION_BIT(d)     (1u << (d))

G_DEFINE_FINAL_TYPE (FifolabLogView, fifolab_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COLUMNS_WIDTH,
  PROP_FOLLOWING,
  PROP_HEX,
  PROP_HIDDEN_COLUMNS,
  PROP_LOG,
  PROP_N_SHOWN,
  PROP_RELATIVE_TIME,
  PROP_SEARCH_MODE,
  PROP_SELECTED_PIPE,
  PROP_SHOW_INSPECTOR,
  N_PROPS
};

enum {
  SHOW_TOAST,
  SHOW_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_status         (FifolabLogView *self);
static void update_status_with    (FifolabLogView *self,
                                   gboolean        rows_changed);

/* Filtering */

/**
 * fifolab_log_view_set_search_text:
 * @text: (nullable): text the escaped message must contain (ASCII letters in any
 *   case), or %NULL / "" for no search
 */
void
fifolab_log_view_set_search_text (FifolabLogView *self,
                                  const char     *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  /* Copied: @text may be the entry's own text, which the entry replaces. */
  shown = g_strdup (text != NULL ? text : "");
  fifolab_log_filter_set_search_text (self->filter, shown);

  /* Keep the entry showing what is searched when called from code. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), shown) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), shown);
}

/**
 * fifolab_log_view_set_pipe_filter:
 * @path: (nullable): show only the entries of this pipe, or %NULL for all
 */
void
fifolab_log_view_set_pipe_filter (FifolabLogView *self,
                                  const char     *path)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  fifolab_log_filter_set_pipe (self->filter, path);
}

/**
 * fifolab_log_view_set_folder_filter:
 * @folder: (nullable): show only the entries of the pipes in this folder, or
 *   %NULL for every pipe's
 *
 * The folder's own pipes then go by their base names in the Pipe column.
 */
void
fifolab_log_view_set_folder_filter (FifolabLogView *self,
                                    const char     *folder)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  self->folder_filtered = folder != NULL && *folder != '\0';
  fifolab_log_filter_set_folder (self->filter, folder);
  fifolab_log_columns_set_folder (self->columns, folder);
}

/**
 * fifolab_log_view_set_empty_text:
 * @text: (nullable): what the view says while its log holds no entry,
 *   translated; %NULL for the live log's, which says how it fills
 *
 * A log nobody can add to (a recording's) says what it is instead: its
 * window cannot read from a pipe nor write to one.
 */
void
fifolab_log_view_set_empty_text (FifolabLogView *self,
                                 const char     *text)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  if (g_strcmp0 (self->empty_text, text) == 0)
    return;
  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  update_status (self);
}

/**
 * fifolab_log_view_set_direction_mask:
 * @mask: directions to show, bits `1 << FifolabDirection`
 */
void
fifolab_log_view_set_direction_mask (FifolabLogView *self,
                                     guint           mask)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  fifolab_log_filter_set_direction_mask (self->filter, mask);
}

static void
search_changed_cb (FifolabLogView *self,
                   GtkSearchEntry *entry)
{
  fifolab_log_view_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* An invalid regular expression: said on the entry, which filters nothing. */
static void
regex_error_cb (FifolabLogView   *self,
                GParamSpec       *pspec,
                FifolabLogFilter *filter)
{
  const char *error = fifolab_log_filter_get_regex_error (filter);
  g_autofree char *text = error != NULL ? g_strdup_printf (_("Invalid regular expression: %s"), error) : NULL;

  fifolab_log_status_show_error (GTK_WIDGET (self->search_entry), text);
  update_status (self);
}

static void
regex_toggled_cb (FifolabLogView  *self,
                  GtkToggleButton *button)
{
  fifolab_log_filter_set_use_regex (self->filter, gtk_toggle_button_get_active (button));
}

/* Digits only; anything else (or nothing) shows every pid. */
static void
pid_changed_cb (FifolabLogView *self,
                GtkEntry       *entry)
{
  gboolean valid = fifolab_log_filter_set_pid_text (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));

  fifolab_log_status_show_error (GTK_WIDGET (entry), valid ? NULL : _("Not a process ID: digits only"));
}

/* The search opened, its entry has the focus at once but is shown (mapped)
 * only when the search bar's first frame slides it in; GTK drops the keys
 * typed before then ("Hello" typed right after Ctrl+F read "ello"). They go
 * to the entry's text, as the search bar's type-to-search sends keys to the
 * entry while it is closed. Enter and Escape are the entry's shortcuts, not
 * its text's keys, so a forwarded one would do nothing: they activate or
 * stop the search here. */
static gboolean
search_key_early_cb (FifolabLogView        *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  GtkWidget *entry = GTK_WIDGET (self->search_entry);
  GtkRoot *root = gtk_widget_get_root (entry);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* The focus is the entry's text: its key controller takes the key. */
  if (!self->search_mode || gtk_widget_get_mapped (entry) || focus == NULL ||
      !gtk_widget_is_ancestor (focus, entry))
    return GDK_EVENT_PROPAGATE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) == 0)
    switch (keyval)
      {
      case GDK_KEY_Return:
      case GDK_KEY_ISO_Enter:
      case GDK_KEY_KP_Enter:
        g_signal_emit_by_name (self->search_entry, "activate");
        return GDK_EVENT_STOP;
      case GDK_KEY_Escape:
        g_signal_emit_by_name (self->search_entry, "stop-search");
        return GDK_EVENT_STOP;
      default:
        break;
      }
  return gtk_event_controller_key_forward (controller, focus);
}

/* GTK 4.8's list views move Tab from row to row (their "tab-behavior"
 * came later): leaving a log of a few hundred entries for the compose bar
 * took as many presses. Tab and Shift+Tab on a row go to the control after
 * or before the log instead, as out of any list; the arrows, Home, End and
 * Page keys still go from row to row, and the rows keep their focus, which
 * is what a screen reader reads as they go. The window moves the focus as
 * it would for Tab, with the log out of its reach for that one move (a
 * widget that cannot take the focus gives its children none), so that the
 * next control is the one GTK's own order gives, whatever the panes. */
static gboolean
rows_tab_cb (FifolabLogView        *self,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GtkEventControllerKey *controller)
{
  GtkWidget *list = GTK_WIDGET (self->column_view);
  GtkRoot *root = gtk_widget_get_root (list);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkDirectionType direction;
  gboolean moved;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) != 0 ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return GDK_EVENT_PROPAGATE;
  /* Only from a row: the column titles above them are not rows. */
  if (focus == NULL || gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW) == NULL ||
      !gtk_widget_is_ancestor (focus, list))
    return GDK_EVENT_PROPAGATE;

  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (list, TRUE);
  /* Nothing else in the window takes the focus: it stays on its row. */
  if (!moved || gtk_root_get_focus (root) == NULL)
    gtk_widget_grab_focus (focus);
  return GDK_EVENT_STOP;
}

/* Enter in the search goes to what it found, as Tab through the filters
 * would: the focus on the list, the first entry shown selected (the
 * inspector shows it), and the arrows go on from there. */
static void
search_activate_cb (FifolabLogView *self,
                    GtkSearchEntry *entry)
{
  /* What was typed is searched now, not after the entry's delay. */
  fifolab_log_view_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
  gtk_widget_child_focus (GTK_WIDGET (self->column_view), GTK_DIR_TAB_FORWARD);
}

static void
stop_search_cb (FifolabLogView *self,
                GtkSearchEntry *entry)
{
  fifolab_log_view_set_search_mode (self, FALSE);
}

static void
direction_toggled_cb (FifolabLogView  *self,
                      GtkToggleButton *button)
{
  guint mask = 0;

  if (gtk_toggle_button_get_active (self->sent_toggle))
    mask |= DIRECTION_BIT (FIFOLAB_DIRECTION_SENT);
  if (gtk_toggle_button_get_active (self->received_toggle))
    mask |= DIRECTION_BIT (FIFOLAB_DIRECTION_RECEIVED);
  if (gtk_toggle_button_get_active (self->events_toggle))
    mask |= DIRECTION_BIT (FIFOLAB_DIRECTION_EVENT) | DIRECTION_BIT (FIFOLAB_DIRECTION_OUTPUT);

  fifolab_log_view_set_direction_mask (self, mask);
}

static void
pipe_selected_cb (FifolabLogView *self,
                  GParamSpec     *pspec,
                  GtkDropDown    *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_pipes)
    return;

  /* Item 0 is "All Pipes". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    fifolab_log_view_set_pipe_filter (self, NULL);
  else
    fifolab_log_view_set_pipe_filter (self, gtk_string_list_get_string (fifolab_log_pipes_get_list (self->pipes), selected));
}

static char *
pipe_display_name (GtkStringObject *item,
                   gpointer         user_data)
{
  return fifolab_escape_basename (gtk_string_object_get_string (item), 0);
}

/* The pipes of another log: all of them shown again. */
static void
reset_pipes (FifolabLogView *self)
{
  self->updating_pipes = TRUE;
  if (self->pipe_dropdown != NULL)
    gtk_drop_down_set_selected (self->pipe_dropdown, 0);
  fifolab_log_pipes_set_log (self->pipes, self->log);
  self->updating_pipes = FALSE;

  fifolab_log_view_set_pipe_filter (self, NULL);
}

/* Following the newest entry */

/* When the list's height changes while it does not follow (it did when
 * Jump to Newest had a strip of its own below it; the status row holds it
 * now, and a resize still does it), GtkListView keeps the row it
 * anchors to at the same fraction of its height, not at the same place: its
 * rows moved (scrolled to the top, the first row went out of sight: the
 * value went from 0 to one row's height). Until that height changes, the
 * value the user scrolled to is kept, and put back once it has. */
static void
keep_top_value_changed_cb (FifolabLogView *self,
                           GtkAdjustment  *adjustment)
{
  if (self->keep_top)
    self->kept_top = gtk_adjustment_get_value (adjustment);
}

/* Puts the kept value back once the frame's layout is done: the list does
 * not see a value set while it sets its range (it blocks its handler), and
 * a value set now is laid out again before the frame is painted. */
static void
keep_top_layout_cb (FifolabLogView *self,
                    GdkFrameClock  *clock)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  g_clear_signal_handler (&self->keep_top_layout_id, clock);
  g_clear_object (&self->keep_top_layout_clock);
  if (!fifolab_log_view_get_following (self) && gtk_adjustment_get_value (adjustment) != self->kept_top)
    gtk_adjustment_set_value (adjustment, self->kept_top);
}

static void
keep_top_changed_cb (FifolabLogView *self,
                     GtkAdjustment  *adjustment)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (!self->keep_top || gtk_adjustment_get_page_size (adjustment) == self->kept_page_size)
    return;
  self->keep_top = FALSE;
  if (gtk_adjustment_get_value (adjustment) == self->kept_top || clock == NULL || self->keep_top_layout_id != 0)
    return;
  self->keep_top_layout_clock = g_object_ref (clock);
  self->keep_top_layout_id = g_signal_connect_swapped (clock, "layout", G_CALLBACK (keep_top_layout_cb), self);
}

static void
following_changed_cb (FifolabLogView   *self,
                      GParamSpec       *pspec,
                      FifolabLogFollow *follow)
{
  gboolean following = fifolab_log_follow_get_following (follow);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  self->keep_top = !following;
  self->kept_top = gtk_adjustment_get_value (adjustment);
  self->kept_page_size = gtk_adjustment_get_page_size (adjustment);
  gtk_widget_set_visible (GTK_WIDGET (self->jump_button), !following);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

/**
 * fifolab_log_view_jump_to_newest:
 *
 * Scrolls to the newest entry and follows new entries again.
 */
void
fifolab_log_view_jump_to_newest (FifolabLogView *self)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  fifolab_log_follow_jump (self->follow);
}

/* The log */

static void
log_items_changed_cb (FifolabLogView *self,
                      guint           position,
                      guint           removed,
                      guint           added,
                      GListModel     *model)
{
  update_status (self);
}

static void update_empty_label (FifolabLogView *self,
                                guint           n_total);

/* Up to this many entries, a change of the filters (a search typed, a pipe
 * or a pid chosen) is applied at once. GTK's incremental filtering goes on
 * at idle priority, after the window's frames: while frames follow each
 * other with no pause (a text cursor blinks for ten seconds after a key, and
 * a frame can take longer than the screen's interval in a slow or busy
 * machine), it did not go on at all, and the search showed old results for
 * as long as the cursor blinked. Above it, where filtering every entry in
 * one go would hold the window, filtering goes on in steps. */
#define FILTER_AT_ONCE_MAX 20000

/* Run when the entries revealed change (after the filter model has taken
 * the change) and when the filtering's steps go on. */
static void
update_incremental (FifolabLogView *self)
{
  gboolean incremental;

  if (self->filter_model == NULL)
    return;
  incremental = g_list_model_get_n_items (G_LIST_MODEL (self->reveal)) > FILTER_AT_ONCE_MAX;
  /* Fewer entries while steps are left (the cap evicted some): GTK 4.8,
   * made not incremental, filters what is left without telling the list
   * (gtk_filter_list_model_set_incremental()), which then shows rows that
   * are not there. The steps end first. */
  if (!incremental && gtk_filter_list_model_get_pending (self->filter_model) > 0)
    return;
  gtk_filter_list_model_set_incremental (self->filter_model, incremental);
}

/* What the empty log says depends on whether entries wait to be revealed:
 * the reveal shows them a frame later, and when the filter then hides them
 * all, the shown model does not change to say so. */
static void
revealed_items_changed_cb (FifolabLogView *self,
                           guint           position,
                           guint           removed,
                           guint           added,
                           GListModel     *model)
{
  update_incremental (self);
  if (self->n_shown == 0)
    update_empty_label (self, self->log != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->log)) : 0);
}

static void
count_shown_stored (FifolabLogView *self)
{
  self->n_shown_stored = self->log != NULL
                         ? fifolab_log_count_stored (self->log, G_LIST_MODEL (self->filter_model))
                         : 0;
}

static void
log_evicted_cb (FifolabLogView *self,
                GParamSpec     *pspec,
                FifolabLog     *log)
{
  count_shown_stored (self);
  update_status_with (self, FALSE);
}

/* The log cleared: nothing is left to inspect. Not when the list merely
 * shows nothing for a moment: the cap can evict every row shown before the
 * entries that evicted them are announced (fifolab-log.c), and a filter can
 * hide them all; the inspector keeps the entry read then, as it does when
 * the selection goes (update_inspector()). */
static void
log_cleared_cb (FifolabLogView *self,
                FifolabLog     *log)
{
  fifolab_entry_details_set_entry (self->inspector, NULL);
}

static void
shown_items_changed_cb (FifolabLogView *self,
                        guint           position,
                        guint           removed,
                        guint           added,
                        GListModel     *model)
{
  guint n_shown = g_list_model_get_n_items (model);

  if (n_shown != self->n_shown)
    {
      self->n_shown = n_shown;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWN]);
    }
  count_shown_stored (self);

  if (removed > 0)
    fifolab_log_follow_rows_removed (self->follow);
  if (added > 0)
    fifolab_log_follow_update (self->follow);
  update_status (self);
}

static gboolean
status_timeout_cb (gpointer user_data)
{
  FifolabLogView *self = user_data;

  self->status_timeout_id = 0;
  /* No announcement came: on its own, then. */
  self->status_time = 0;
  update_status (self);
  return G_SOURCE_REMOVE;
}

/* Whether the person chose what to show: a search, a pipe, a pid, directions. */
static gboolean
chosen_filter (FifolabLogView *self)
{
  const char *search = fifolab_log_filter_get_search_text (self->filter);

  return (search != NULL && *search != '\0') ||
         fifolab_log_filter_get_pipe (self->filter) != NULL ||
         fifolab_log_filter_get_pid (self->filter) >= 0 ||
         fifolab_log_filter_get_direction_mask (self->filter) != FIFOLAB_LOG_FILTER_ALL_DIRECTIONS;
}

/* An empty log says how it fills; a search that hides every entry says so.
 * One line, so that it costs the first frame little. */
static void
update_empty_label (FifolabLogView *self,
                    guint           n_total)
{
  /* Entries not revealed yet are about to show, not hidden by the search. */
  gboolean none_match = n_total > 0 && self->n_shown == 0 &&
                        self->reveal != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->reveal)) > 0;
  const char *text = NULL;

  if (n_total == 0 && self->empty_text != NULL)
    text = self->empty_text;
  else if (n_total == 0)
    text = _("No messages yet: read from a pipe or write to one");
  else if (none_match && self->folder_filtered && !chosen_filter (self))
    /* The lesson stage's log, before the lesson has done anything: nobody
     * chose a search, a pipe or directions, as the line below said. */
    text = _("Nothing on this lesson’s pipes yet: what its steps do is logged here");
  else if (none_match)
    text = _("No entry matches the search, the pipe and the directions chosen");
  if (text != NULL && g_strcmp0 (gtk_label_get_text (self->empty_label), text) != 0)
    gtk_label_set_text (self->empty_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), text != NULL);
}

static void
update_status_with (FifolabLogView *self,
                    gboolean        rows_changed)
{
  guint n_total = self->log != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->log)) : 0;
  g_autofree char *text = fifolab_log_status_dup_text (self->log, fifolab_log_filter_is_active (self->filter),
                                                       self->n_shown_stored);

  if (g_strcmp0 (gtk_label_get_text (self->status_label), text) != 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 since_us = now - self->status_time;

      if (rows_changed && since_us >= STATUS_INTERVAL_MS * (gint64) 1000)
        {
          g_clear_handle_id (&self->status_timeout_id, g_source_remove);
          gtk_label_set_text (self->status_label, text);
          /* Whole, should the line be cut at a narrow width. */
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
          self->status_time = now;
        }
      else if (self->status_timeout_id == 0)
        {
          /* The next announcement sets it; this only if none comes. */
          gint64 wait_us = MAX (STATUS_FALLBACK_MS * (gint64) 1000 - since_us,
                                STATUS_INTERVAL_MS * (gint64) 1000);

          self->status_timeout_id = g_timeout_add ((guint) (wait_us / 1000) + 1, status_timeout_cb, self);
        }
    }

  update_empty_label (self, n_total);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.clear", self->log != NULL && n_total > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.copy", self->n_shown > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.export", self->log != NULL && n_total > 0);
}

static void
update_status (FifolabLogView *self)
{
  update_status_with (self, TRUE);
}

FifolabLog *
fifolab_log_view_get_log (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), NULL);

  return self->log;
}

/**
 * fifolab_log_view_set_log:
 * @log: (nullable): the log to show
 */
void
fifolab_log_view_set_log (FifolabLogView *self,
                          FifolabLog     *log)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));
  g_return_if_fail (log == NULL || FIFOLAB_IS_LOG (log));

  if (self->log == log)
    return;

  if (self->log != NULL)
    {
      g_clear_signal_handler (&self->log_items_changed_id, self->log);
      g_clear_signal_handler (&self->log_evicted_id, self->log);
      g_clear_signal_handler (&self->log_cleared_id, self->log);
    }
  g_set_object (&self->log, log);

  reset_pipes (self);
  /* Before the rows: they bind with the times relative to its first entry. */
  fifolab_log_columns_set_log (self->columns, log);
  fifolab_entry_details_set_entry (self->inspector, NULL);
  fifolab_entry_details_set_log (self->inspector, log);

  if (log != NULL)
    {
      self->log_items_changed_id = g_signal_connect_object (log, "items-changed",
                                                            G_CALLBACK (log_items_changed_cb),
                                                            self, G_CONNECT_SWAPPED);
      self->log_evicted_id = g_signal_connect_object (log, "notify::evicted",
                                                      G_CALLBACK (log_evicted_cb),
                                                      self, G_CONNECT_SWAPPED);
      self->log_cleared_id = g_signal_connect_object (log, "cleared",
                                                      G_CALLBACK (log_cleared_cb),
                                                      self, G_CONNECT_SWAPPED);
    }
  fifolab_log_reveal_set_model (self->reveal, G_LIST_MODEL (log));
  fifolab_log_follow_resume (self->follow);
  update_status (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

/* Settings */

void
fifolab_log_view_set_session (FifolabLogView *self,
                              FifolabSession *session)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  fifolab_log_columns_set_session (self->columns, session);
}

gboolean
fifolab_log_view_get_relative_time (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), FALSE);

  return fifolab_log_columns_get_relative_time (self->columns);
}

void
fifolab_log_view_set_relative_time (FifolabLogView *self,
                                    gboolean        relative_time)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  relative_time = !!relative_time;
  if (fifolab_log_columns_get_relative_time (self->columns) == relative_time)
    return;

  fifolab_log_columns_set_relative_time (self->columns, relative_time);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELATIVE_TIME]);
}

gboolean
fifolab_log_view_get_hex (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), FALSE);

  return fifolab_log_columns_get_hex (self->columns);
}

void
fifolab_log_view_set_hex (FifolabLogView *self,
                          gboolean        hex)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  hex = !!hex;
  if (fifolab_log_columns_get_hex (self->columns) == hex)
    return;

  fifolab_log_columns_set_hex (self->columns, hex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEX]);
}

gboolean
fifolab_log_view_get_following (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), FALSE);

  /* None once disposed: nothing to follow. */
  return self->follow != NULL && fifolab_log_follow_get_following (self->follow);
}

gboolean
fifolab_log_view_get_search_mode (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), FALSE);

  return self->search_mode;
}

/* The filters but the search entry, made the first time the search opens:
 * the closed search bar shows none of them. */
static void
ensure_filters (FifolabLogView *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GtkExpression) expression = NULL;

  if (self->filter_row != NULL)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "direction_toggled_cb", G_CALLBACK (direction_toggled_cb),
                                           "pid_changed_cb", G_CALLBACK (pid_changed_cb),
                                           "pipe_selected_cb", G_CALLBACK (pipe_selected_cb),
                                           "regex_toggled_cb", G_CALLBACK (regex_toggled_cb),
                                           NULL);
  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  /* Its handlers get the log view, as the template's do. */
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  gtk_builder_add_from_resource (builder, "/io/github/fifolab/FifoLab/fifolab-log-view-filters.ui", NULL);

  self->regex_toggle = GTK_TOGGLE_BUTTON (gtk_builder_get_object (builder, "regex_toggle"));
  self->pid_entry = GTK_ENTRY (gtk_builder_get_object (builder, "pid_entry"));
  self->filter_row = GTK_WIDGET (gtk_builder_get_object (builder, "filter_row"));
  self->pipe_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "pipe_dropdown"));
  self->sent_toggle = GTK_TOGGLE_BUTTON (gtk_builder_get_object (builder, "sent_toggle"));
  self->received_toggle = GTK_TOGGLE_BUTTON (gtk_builder_get_object (builder, "received_toggle"));
  self->events_toggle = GTK_TOGGLE_BUTTON (gtk_builder_get_object (builder, "events_toggle"));
  g_assert (self->regex_toggle != NULL && self->pid_entry != NULL && self->filter_row != NULL &&
            self->pipe_dropdown != NULL && self->sent_toggle != NULL &&
            self->received_toggle != NULL && self->events_toggle != NULL);

  /* Pipe filter: "All Pipes" then the pipes seen, shown by name. */
  self->updating_pipes = TRUE;
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (pipe_display_name), NULL, NULL);
  gtk_drop_down_set_expression (self->pipe_dropdown, expression);
  gtk_drop_down_set_model (self->pipe_dropdown, G_LIST_MODEL (fifolab_log_pipes_get_list (self->pipes)));
  gtk_drop_down_set_selected (self->pipe_dropdown, 0);
  self->updating_pipes = FALSE;

  gtk_box_append (GTK_BOX (self->search_row), GTK_WIDGET (self->regex_toggle));
  gtk_box_append (GTK_BOX (self->search_row), GTK_WIDGET (self->pid_entry));
  gtk_box_append (GTK_BOX (self->search_box), self->filter_row);
  fifolab_accessible_name_control (GTK_WIDGET (self->pipe_dropdown), _("Pipe"));
  fifolab_accessible_name_parts (GTK_WIDGET (self->regex_toggle));
  fifolab_accessible_name_parts (GTK_WIDGET (self->pid_entry));
  fifolab_accessible_name_parts (self->filter_row);
}

void
fifolab_log_view_set_search_mode (FifolabLogView *self,
                                  gboolean        search_mode)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  search_mode = !!search_mode;
  if (self->search_mode == search_mode)
    return;

  self->search_mode = search_mode;
  if (search_mode)
    {
      ensure_filters (self);
      gtk_widget_set_visible (self->search_box, TRUE);
    }
  gtk_search_bar_set_search_mode (self->search_bar, search_mode);

  /* The pipes seen are collected while the search bar is open. */
  fifolab_log_pipes_set_active (self->pipes, search_mode);
  if (!search_mode)
    {
      /* Closing the search shows everything again. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      if (self->filter_row != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->pid_entry), "");
          gtk_toggle_button_set_active (self->sent_toggle, TRUE);
          gtk_toggle_button_set_active (self->received_toggle, TRUE);
          gtk_toggle_button_set_active (self->events_toggle, TRUE);
          gtk_drop_down_set_selected (self->pipe_dropdown, 0);
        }
      fifolab_log_view_set_search_text (self, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

static void
search_bar_mode_cb (FifolabLogView *self,
                    GParamSpec     *pspec,
                    GtkSearchBar   *search_bar)
{
  fifolab_log_view_set_search_mode (self, gtk_search_bar_get_search_mode (search_bar));
}

guint
fifolab_log_view_get_n_shown (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), 0);

  return self->n_shown;
}

/**
 * fifolab_log_view_get_shown_model:
 *
 * Returns: (transfer none): the entries that pass the filters, as shown
 */
GListModel *
fifolab_log_view_get_shown_model (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

/* Export */

static void
fifolab_log_view_export_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(FifolabLogView) self = user_data;
  g_autofree char *outcome = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = fifolab_export_file_finish (result, &outcome, &error);

  if (outcome != NULL && !g_cancellable_is_cancelled (self->cancellable))
    g_signal_emit (self, signals[done ? SHOW_TOAST : SHOW_ERROR], 0, outcome);
}

static void
export_dialog_response_cb (FifolabLogView       *self,
                           int                   response,
                           GtkFileChooserNative *dialog)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = fifolab_export_file_dialog_get_file (dialog);
  if (file != NULL && self->log != NULL)
    fifolab_export_file_async (self->log, file, self->cancellable,
                               fifolab_log_view_export_cb, g_object_ref (self));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (dialog));
  g_clear_object (&self->export_dialog);
}

static void
log_export_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->log == NULL || self->export_dialog != NULL)
    return;

  self->export_dialog = fifolab_export_file_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (self->export_dialog, "response", G_CALLBACK (export_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_dialog));
}

/* Actions */

static void
log_clear_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (widget);

  if (self->log != NULL)
    fifolab_log_clear (self->log);
}

static void
log_jump_to_newest_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  fifolab_log_view_jump_to_newest (FIFOLAB_LOG_VIEW (widget));
}

/* The columns, each shown or hidden from the header's menu ("columns.NAME") */

/**
 * fifolab_log_view_dup_hidden_columns:
 *
 * Returns: (transfer full): the names of the columns hidden (see
 *   fifolab_log_column_get_name())
 */
char **
fifolab_log_view_dup_hidden_columns (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), NULL);

  return fifolab_log_columns_dup_hidden (self->column_view);
}

/**
 * fifolab_log_view_set_hidden_columns:
 * @names: (nullable): the columns to hide; the others show (the message
 *   column always does)
 */
void
fifolab_log_view_set_hidden_columns (FifolabLogView     *self,
                                     const char * const *names)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  g_object_freeze_notify (G_OBJECT (self));
  fifolab_log_columns_set_hidden (self->column_view, names);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
column_visible_cb (FifolabLogView      *self,
                   GParamSpec          *pspec,
                   GtkColumnViewColumn *column)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDDEN_COLUMNS]);
}

/**
 * fifolab_log_view_get_columns_width:
 *
 * Returns: the width the view needs for its list to show every shown
 * column side by side, without scrolling sideways (the columns' widths and
 * what stands beside the list, such as a scroll bar that takes room); known
 * once the view is mapped, 0 before. The window gives the log this width
 * before it puts the pipes beside it.
 */
int
fifolab_log_view_get_columns_width (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), 0);

  return self->columns_width;
}

/**
 * fifolab_log_view_set_rows_min_height:
 * @self: the view
 * @height: the least height of its list of rows, in pixels
 *
 * Sets how short the list of rows can be (195 px by default, which with the
 * inspector's sets their split). A view without its inspector, below a
 * lesson's stage, can yield more to what is above it.
 */
void
fifolab_log_view_set_rows_min_height (FifolabLogView *self,
                                      int             height)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));
  g_return_if_fail (height >= -1);

  /* The rows' overlay (fifolab-log-view.ui) holds the scrolled list. */
  gtk_widget_set_size_request (gtk_widget_get_parent (GTK_WIDGET (self->scrolled_window)), -1, height);
}

/* The columns' least width is the sum of their fixed widths (each widened
 * to its title, fifolab_log_columns_fit_titles()): rows that come do not
 * change it; a column shown, hidden or resized does. */
static void
update_columns_width (FifolabLogView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->scrolled_window);
  double page = gtk_adjustment_get_page_size (adjustment);
  int columns = 0;
  int beside = 0;
  int width;

  gtk_widget_measure (GTK_WIDGET (self->column_view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &columns, NULL, NULL, NULL);
  /* Laid out: what of the view's width the list does not get to show. */
  if (page > 0 && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    beside = MAX (gtk_widget_get_width (GTK_WIDGET (self)) - (int) page, 0);
  width = columns + beside;
  if (width == self->columns_width)
    return;
  self->columns_width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS_WIDTH]);
}

/* Where the list is too narrow for its shown columns (it scrolls sideways:
 * 360 px of window show the time, the pipe and the claimed pid, and no
 * message), the message follows the first shown column, and the claimed
 * pid follows the message: what a person reads first is in sight, before
 * the pipe (at 500 px, the message and its pid whole, the pipe cut). Where
 * they fit, every column is back in its place. Moving a column changes no
 * width, so the answer holds once moved. */
static gboolean
place_message_column_cb (gpointer data)
{
  FifolabLogView *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->scrolled_window);
  gboolean narrow = gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 0.5;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gboolean placed = FALSE;

  self->place_message_id = 0;
  update_columns_width (self);

  for (guint i = 0; i < self->home_columns->len; i++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->home_columns, i);

      if (narrow && (column == self->message_column || column == self->sender_column))
        continue;
      g_ptr_array_add (order, column);
      /* The first shown column leads; the message and its pid next. */
      if (narrow && !placed && gtk_column_view_column_get_visible (column))
        {
          g_ptr_array_add (order, self->message_column);
          g_ptr_array_add (order, self->sender_column);
          placed = TRUE;
        }
    }
  /* No other column shown: the two in their own order, last. */
  if (narrow && !placed)
    {
      g_ptr_array_add (order, self->sender_column);
      g_ptr_array_add (order, self->message_column);
    }

  for (guint i = 0; i < order->len; i++)
    {
      g_autoptr(GtkColumnViewColumn) shown = g_list_model_get_item (columns, i);

      if (shown != g_ptr_array_index (order, i))
        gtk_column_view_insert_column (self->column_view, i, g_ptr_array_index (order, i));
    }
  return G_SOURCE_REMOVE;
}

/* The list's width or its columns' changed, while the view is laid out:
 * the column is moved once that is done. */
static void
place_message_column (FifolabLogView *self)
{
  if (self->place_message_id == 0)
    self->place_message_id = g_idle_add (place_message_column_cb, self);
}

/* GObject */

static void
fifolab_log_view_map (GtkWidget *widget)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (fifolab_log_view_parent_class)->map (widget);
  fifolab_log_reveal_set_frame_clock (self->reveal, gtk_widget_get_frame_clock (widget));
  /* Styled now: the titles measure as they are drawn. */
  fifolab_log_columns_fit_titles (self->column_view);
  update_columns_width (self);

  fifolab_log_follow_update (self->follow);
}

static void
fifolab_log_view_unmap (GtkWidget *widget)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (widget);

  /* Not shown: nothing to spread over frames. */
  fifolab_log_reveal_set_frame_clock (self->reveal, NULL);

  GTK_WIDGET_CLASS (fifolab_log_view_parent_class)->unmap (widget);
}

static void
fifolab_log_view_dispose (GObject *object)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->keep_top_layout_clock != NULL)
    g_clear_signal_handler (&self->keep_top_layout_id, self->keep_top_layout_clock);
  g_clear_object (&self->keep_top_layout_clock);
  if (self->export_dialog != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_dialog));
      g_clear_object (&self->export_dialog);
    }
  if (self->reveal != NULL)
    fifolab_log_reveal_set_frame_clock (self->reveal, NULL);
  if (self->pipes != NULL)
    fifolab_log_pipes_set_active (self->pipes, FALSE);
  g_clear_handle_id (&self->status_timeout_id, g_source_remove);

  if (self->log != NULL)
    {
      g_clear_signal_handler (&self->log_items_changed_id, self->log);
      g_clear_signal_handler (&self->log_evicted_id, self->log);
      g_clear_signal_handler (&self->log_cleared_id, self->log);
    }
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  g_clear_object (&self->follow);

  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_LOG_VIEW);
  /* The template's root box is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  /* After the list went: what its columns or scroll bar queued as they
   * went, too. */
  g_clear_handle_id (&self->place_message_id, g_source_remove);
  g_clear_pointer (&self->home_columns, g_ptr_array_unref);
  /* The filters went with it. */
  self->filter_row = NULL;
  self->regex_toggle = NULL;
  self->pid_entry = NULL;
  self->pipe_dropdown = NULL;
  self->sent_toggle = NULL;
  self->received_toggle = NULL;
  self->events_toggle = NULL;

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->reveal);
  g_clear_object (&self->filter);
  g_clear_object (&self->columns);
  g_clear_object (&self->pipes);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->selected_pipe, g_free);
  g_clear_pointer (&self->empty_text, g_free);

  G_OBJECT_CLASS (fifolab_log_view_parent_class)->dispose (object);
}

static void
fifolab_log_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_COLUMNS_WIDTH:
      g_value_set_int (value, self->columns_width);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, fifolab_log_view_get_following (self));
      break;
    case PROP_HEX:
      g_value_set_boolean (value, fifolab_log_columns_get_hex (self->columns));
      break;
    case PROP_HIDDEN_COLUMNS:
      g_value_take_boxed (value, fifolab_log_view_dup_hidden_columns (self));
      break;
    case PROP_SHOW_INSPECTOR:
      g_value_set_boolean (value, self->show_inspector);
      break;
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_N_SHOWN:
      g_value_set_uint (value, self->n_shown);
      break;
    case PROP_RELATIVE_TIME:
      g_value_set_boolean (value, fifolab_log_columns_get_relative_time (self->columns));
      break;
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, self->search_mode);
      break;
    case PROP_SELECTED_PIPE:
      g_value_set_string (value, self->selected_pipe);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_log_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_HEX:
      fifolab_log_view_set_hex (self, g_value_get_boolean (value));
      break;
    case PROP_HIDDEN_COLUMNS:
      fifolab_log_view_set_hidden_columns (self, g_value_get_boxed (value));
      break;
    case PROP_SHOW_INSPECTOR:
      fifolab_log_view_set_show_inspector (self, g_value_get_boolean (value));
      break;
    case PROP_LOG:
      fifolab_log_view_set_log (self, g_value_get_object (value));
      break;
    case PROP_RELATIVE_TIME:
      fifolab_log_view_set_relative_time (self, g_value_get_boolean (value));
      break;
    case PROP_SEARCH_MODE:
      fifolab_log_view_set_search_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_log_view_class_init (FifolabLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_log_view_dispose;
  object_class->get_property = fifolab_log_view_get_property;
  object_class->set_property = fifolab_log_view_set_property;

  widget_class->map = fifolab_log_view_map;
  widget_class->unmap = fifolab_log_view_unmap;

  properties[PROP_COLUMNS_WIDTH] =
    g_param_spec_int ("columns-width", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEX] =
    g_param_spec_boolean ("hex", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIDDEN_COLUMNS] =
    g_param_spec_boxed ("hidden-columns", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_INSPECTOR] =
    g_param_spec_boolean ("show-inspector", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         FIFOLAB_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SHOWN] =
    g_param_spec_uint ("n-shown", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_PIPE] =
    g_param_spec_string ("selected-pipe", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELATIVE_TIME] =
    g_param_spec_boolean ("relative-time", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FifolabLogView::show-toast:
   * @message: what to tell the user (plain text)
   */
  signals[SHOW_TOAST] =
    g_signal_new ("show-toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * FifolabLogView::show-error:
   * @message: what went wrong (plain text), to be kept in view until dismissed
   */
  signals[SHOW_ERROR] =
    g_signal_new ("show-error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, column_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, direction_column);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, inspector);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, inspector_paned);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, message_column);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, pipe_column);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, receiver_column);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, search_box);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, search_row);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, sender_column);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, seen_column);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, size_column);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, status_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, status_menu);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, narrow_menu_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabLogView, time_column);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);

  gtk_widget_class_install_action (widget_class, "log.clear", NULL, log_clear_action);
  gtk_widget_class_install_action (widget_class, "log.export", NULL, log_export_action);
  gtk_widget_class_install_action (widget_class, "log.jump-to-newest", NULL, log_jump_to_newest_action);
  gtk_widget_class_install_property_action (widget_class, "log.search", "search-mode");
  gtk_widget_class_install_property_action (widget_class, "log.hex", "hex");
  gtk_widget_class_install_property_action (widget_class, "log.relative-time", "relative-time");
  gtk_widget_class_install_property_action (widget_class, "log.show-inspector", "show-inspector");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "log.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "log.show-inspector", NULL);
  _fifolab_log_view_class_init_inspector (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fifolab-log-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_log_view_init (FifolabLogView *self)
{

  self->cancellable = g_cancellable_new ();
  self->columns = fifolab_log_columns_new ();
  self->show_inspector = TRUE;

  g_type_ensure (FIFOLAB_TYPE_ENTRY_DETAILS);
  gtk_widget_init_template (GTK_WIDGET (self));
  fifolab_menu_button_set_menu_on_open (self->narrow_menu_button, self->status_menu);
  fifolab_accessible_name_control (GTK_WIDGET (self->column_view), _("Message log"));
  fifolab_accessible_name_scroll_bars (self->scrolled_window, _("Message log"));
  fifolab_accessible_name_parts (GTK_WIDGET (self->search_bar));
  /* Translators: what a screen reader says for the bar a person drags to
   * share the height between the log's rows and the entry inspector. */
  fifolab_accessible_name_paned_handle (self->inspector_paned, _("Resize the log and the entry inspector"));

  /* Model chain */
  self->filter = fifolab_log_filter_new ();
  g_signal_connect_object (self->filter, "notify::regex-error",
                           G_CALLBACK (regex_error_cb), self, G_CONNECT_SWAPPED);
  self->reveal = fifolab_log_reveal_new ();
  /* After the filter model's own handler: it has taken the change when
   * update_incremental() looks at what it has left to filter. */
  g_signal_connect_object (self->reveal, "items-changed",
                           G_CALLBACK (revealed_items_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->reveal)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_object (self->filter_model, "notify::pending",
                           G_CALLBACK (update_incremental), self, G_CONNECT_SWAPPED);
  update_incremental (self);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (shown_items_changed_cb), self, G_CONNECT_SWAPPED);
  _fifolab_log_view_init_inspector (self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* Columns */
  {
    const struct
    {
      GtkColumnViewColumn *column;
      FifolabLogColumn     cells;
    } columns[] = {
      { self->time_column, FIFOLAB_LOG_COLUMN_TIME },
      { self->direction_column, FIFOLAB_LOG_COLUMN_DIRECTION },
      { self->pipe_column, FIFOLAB_LOG_COLUMN_PIPE },
      { self->sender_column, FIFOLAB_LOG_COLUMN_SENDER },
      { self->seen_column, FIFOLAB_LOG_COLUMN_SEEN },
      { self->receiver_column, FIFOLAB_LOG_COLUMN_RECEIVER },
      { self->size_column, FIFOLAB_LOG_COLUMN_SIZE },
      { self->message_column, FIFOLAB_LOG_COLUMN_MESSAGE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
      {
        fifolab_log_columns_attach (self->columns, columns[i].column, columns[i].cells);
        g_signal_connect_object (columns[i].column, "notify::visible", G_CALLBACK (column_visible_cb),
                                 self, G_CONNECT_SWAPPED);
        /* Resized: the width the columns need changed, once laid out. */
        g_signal_connect_object (columns[i].column, "notify::fixed-width", G_CALLBACK (place_message_column),
                                 self, G_CONNECT_SWAPPED);
      }
  }
  self->home_columns = g_ptr_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (gtk_column_view_get_columns (self->column_view)); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), i);

      g_ptr_array_add (self->home_columns, column);
    }
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (place_message_column), self, G_CONNECT_SWAPPED);
  {
    GActionGroup *column_actions = fifolab_log_columns_create_actions (self->column_view);

    gtk_widget_insert_action_group (GTK_WIDGET (self), "columns", column_actions);
    g_object_unref (column_actions);
  }

  /* Pipe filter: "All Pipes" then the pipes seen (its drop-down is made with
   * the other filters, ensure_filters()). */
  self->pipes = fifolab_log_pipes_new (_("All Pipes"));

  /* Search */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (search_key_early_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (rows_tab_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
  }
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_bar_mode_cb), self, G_CONNECT_SWAPPED);

  /* Following */
  self->follow = fifolab_log_follow_new (GTK_WIDGET (self),
                                         gtk_scrolled_window_get_vadjustment (self->scrolled_window));
  g_signal_connect_object (self->follow, "notify::following",
                           G_CALLBACK (following_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (keep_top_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "value-changed",
                           G_CALLBACK (keep_top_value_changed_cb), self, G_CONNECT_SWAPPED);

  update_status (self);
}

FifolabLogView *
fifolab_log_view_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LOG_VIEW, NULL);
}
