/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-entry-details.h"
#include "fifolab-log-columns.h"
#include "fifolab-log-filter.h"
#include "fifolab-log-follow.h"
#include "fifolab-log-pipes.h"
#include "fifolab-log-reveal.h"
#include "fifolab-log-view.h"

G_BEGIN_DECLS

/* The log view's parts share this: fifolab-log-view.c (the widget: model
 * chain, filter, pipes, follow, status, export, columns) and
 * fifolab-log-view-inspector.c (selection to the entry inspector, copying). */
struct _FifolabLogView
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkColumnView       *column_view;
  GtkColumnViewColumn *direction_column;
  GtkLabel            *empty_label;
  FifolabEntryDetails *inspector;
  GtkPaned            *inspector_paned;
  GtkButton           *jump_button;
  GtkColumnViewColumn *message_column;
  GtkColumnViewColumn *pipe_column;
  GtkColumnViewColumn *receiver_column;
  GtkScrolledWindow   *scrolled_window;
  GtkSearchBar        *search_bar;
  GtkWidget           *search_box;
  GtkWidget           *search_row;
  GtkSearchEntry      *search_entry;
  GtkColumnViewColumn *sender_column;
  GtkColumnViewColumn *seen_column;
  GtkColumnViewColumn *size_column;
  GtkLabel            *status_label;
  GMenuModel          *status_menu;
  GtkMenuButton       *narrow_menu_button;
  GtkColumnViewColumn *time_column;

  FifolabLog          *log;
  gulong               log_items_changed_id;
  gulong               log_evicted_id;
  gulong               log_cleared_id;

  /* log -> reveal -> filter_model -> selection -> column view */
  FifolabLogReveal    *reveal;
  FifolabLogFilter    *filter;
  /* Only a folder's pipes are shown (the lesson stage's log). */
  gboolean             folder_filtered;
  /* What the log says while it holds no entry, if not how a live log
   * fills (fifolab_log_view_set_empty_text()). */
  char                *empty_text;
  GtkFilterListModel  *filter_model;
  GtkMultiSelection   *selection;
  /* The pipe of the first selected entry ("selected-pipe"). */
  char                *selected_pipe;

  /* Pipes seen, for the pipe filter: collected in an idle while searching. */
  FifolabLogPipes     *pipes;
  gboolean             updating_pipes;

  /* The cells, and the settings they show (relative times, hex). */
  FifolabLogColumns   *columns;

  /* Following */
  FifolabLogFollow    *follow;
  /* Since following stopped, until the list's height changes (the window
   * resized): the value to keep, and the height it was kept at. */
  gboolean             keep_top;
  double               kept_top;
  double               kept_page_size;
  GdkFrameClock       *keep_top_layout_clock;
  gulong               keep_top_layout_id;

  /* The columns in their order in the .ui, and the idle that moves the
   * message and the claimed pid where the list is narrow
   * (place_message_column()). */
  GPtrArray           *home_columns;
  guint                place_message_id;
  /* fifolab_log_view_get_columns_width() */
  int                  columns_width;

  /* The status line: when its text last changed, and the later change due. */
  gint64               status_time;
  guint                status_timeout_id;

  GCancellable        *cancellable;
  GtkFileChooserNative *export_dialog;

  guint                n_shown;
  /* Of them, those still stored (the status line's count): counted when the
   * filter model has just changed or the log has just announced, never in
   * the middle of the log's items-changed, when the models after it still
   * show what it showed before. */
  guint                n_shown_stored;
  gboolean             search_mode;

  /* The other filters, NULL until the search first opens (ensure_filters()):
   * the filter row holds the pipe drop-down and the direction toggles. */
  GtkWidget           *filter_row;
  GtkToggleButton     *regex_toggle;
  GtkEntry            *pid_entry;
  GtkDropDown         *pipe_dropdown;
  GtkToggleButton     *sent_toggle;
  GtkToggleButton     *received_toggle;
  GtkToggleButton     *events_toggle;
  gboolean             show_inspector;
};

/* fifolab-log-view-inspector.c */
void _fifolab_log_view_class_init_inspector (GtkWidgetClass *widget_class);
void _fifolab_log_view_init_inspector       (FifolabLogView *self);

G_END_DECLS
