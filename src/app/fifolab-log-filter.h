/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LOG_FILTER (fifolab_log_filter_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLogFilter, fifolab_log_filter, FIFOLAB, LOG_FILTER, GtkFilter)

/* Every direction, as a mask of 1 << FifolabDirection. */
#define FIFOLAB_LOG_FILTER_ALL_DIRECTIONS \
  ((1u << FIFOLAB_DIRECTION_SENT) | (1u << FIFOLAB_DIRECTION_RECEIVED) | \
   (1u << FIFOLAB_DIRECTION_EVENT) | (1u << FIFOLAB_DIRECTION_OUTPUT))

/* Which log entries the log view shows: those of the directions chosen, of
 * one pipe or all, of one pid (claimed sender or receiver) or all, whose
 * escaped text, all of it (or event title), contains the search text, ASCII letters in
 * any case, or matches it as a regular expression (GRegex, any case; an
 * invalid one filters nothing and says why in regex-error). All combine.
 * With nothing chosen it matches everything
 * (GTK_FILTER_MATCH_ALL), and a GtkFilterListModel passes the log's changes
 * through without looking at the entries. Each change tells the filter model
 * whether it is stricter or looser than the last. */
FifolabLogFilter *fifolab_log_filter_new                (void);
/* Whether it hides anything. */
gboolean          fifolab_log_filter_is_active          (FifolabLogFilter *self);
const char       *fifolab_log_filter_get_search_text    (FifolabLogFilter *self);
/* NULL or "" for no search. */
void              fifolab_log_filter_set_search_text    (FifolabLogFilter *self,
                                                         const char       *text);
const char       *fifolab_log_filter_get_pipe           (FifolabLogFilter *self);
/* NULL or "" for every pipe. */
void              fifolab_log_filter_set_pipe           (FifolabLogFilter *self,
                                                         const char       *path);
/* Only the pipes in @folder (NULL or "" for every pipe); combines with the
 * pipe chosen. */
void              fifolab_log_filter_set_folder         (FifolabLogFilter *self,
                                                         const char       *folder);
guint             fifolab_log_filter_get_direction_mask (FifolabLogFilter *self);
void              fifolab_log_filter_set_direction_mask (FifolabLogFilter *self,
                                                         guint             mask);
gint64            fifolab_log_filter_get_pid            (FifolabLogFilter *self);
/* -1 for every pid. */
void              fifolab_log_filter_set_pid            (FifolabLogFilter *self,
                                                         gint64            pid);
/* The pid entry's text: digits, or "" for all; FALSE (and all) for other text. */
gboolean          fifolab_log_filter_set_pid_text       (FifolabLogFilter *self,
                                                         const char       *text);
gboolean          fifolab_log_filter_get_use_regex      (FifolabLogFilter *self);
void              fifolab_log_filter_set_use_regex      (FifolabLogFilter *self,
                                                         gboolean          use_regex);
/* Property regex-error (string, read-only, notified). */
const char       *fifolab_log_filter_get_regex_error    (FifolabLogFilter *self);

G_END_DECLS
