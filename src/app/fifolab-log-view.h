/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-entry-details.h"
#include "fifolab-log.h"
#include "fifolab-session.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LOG_VIEW (fifolab_log_view_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLogView, fifolab_log_view, FIFOLAB, LOG_VIEW, GtkWidget)

/* The live message log: a GtkColumnView over a FifolabLog with search and
 * filters, following the newest entry while the user has not scrolled up.
 *
 * Properties: log (FifolabLog, may be replaced), relative-time (gboolean),
 *   hex (gboolean: message column as hex), following (gboolean, read-only),
 *   search-mode (gboolean: the search bar is shown), n-shown (guint, read-only:
 *   entries that pass the filters), show-inspector (gboolean: the entry
 *   inspector below the list, following the selection), hidden-columns
 *   (GStrv: the columns hidden, from the header's menu), selected-pipe
 *   (string, read-only, nullable: the pipe of the first selected entry).
 * Signals: ::show-toast (const char *message) — something to tell the user
 *   (export done); the window shows it as a toast. ::show-error (const char
 *   *message) — an export failed; the window keeps it in view (its error bar).
 * Export: "log.export" asks for a file and runs fifolab_export_file_async(),
 *   as app.export-log does.
 * Actions: log.clear, log.copy, log.export, log.search (Ctrl+F), log.hex (stateful),
 *   log.relative-time (stateful), log.jump-to-newest, log.show-details (u: position
 *   among the shown entries: selected, and shown in the inspector; what a
 *   double-click or Enter on a row does), log.show-inspector (stateful,
 *   Ctrl+I), columns.NAME (stateful: a column shown). Ctrl+Shift+C, H, A copy
 *   the inspected entry as text, hex or a C array.
 * CSS: in the application's style.css. */
FifolabLogView *fifolab_log_view_new               (void);
FifolabLog     *fifolab_log_view_get_log           (FifolabLogView      *self);
void            fifolab_log_view_set_log           (FifolabLogView      *self,
                                                    FifolabLog          *log);
/* Whose pipe names the rows show (fifolab_log_columns_set_session()). */
void            fifolab_log_view_set_session       (FifolabLogView      *self,
                                                    FifolabSession      *session);
gboolean        fifolab_log_view_get_relative_time (FifolabLogView      *self);
void            fifolab_log_view_set_relative_time (FifolabLogView      *self,
                                                    gboolean             relative_time);
gboolean        fifolab_log_view_get_hex           (FifolabLogView      *self);
void            fifolab_log_view_set_hex           (FifolabLogView      *self,
                                                    gboolean             hex);
gboolean        fifolab_log_view_get_following     (FifolabLogView      *self);
gboolean        fifolab_log_view_get_search_mode   (FifolabLogView      *self);
void            fifolab_log_view_set_search_mode   (FifolabLogView      *self,
                                                    gboolean             search_mode);
guint           fifolab_log_view_get_n_shown       (FifolabLogView      *self);
/* Scrolls to the newest entry and follows again. */
void            fifolab_log_view_jump_to_newest    (FifolabLogView      *self);
/* The model the column view shows (filtered log), for tests and the window. */
GListModel     *fifolab_log_view_get_shown_model   (FifolabLogView      *self);
/* Text filters: NULL or "" for none. */
void            fifolab_log_view_set_search_text   (FifolabLogView      *self,
                                                    const char          *text);
void            fifolab_log_view_set_pipe_filter   (FifolabLogView      *self,
                                                    const char          *path);
/* Only the pipes in @folder (the lesson stage's log); NULL for all. */
void            fifolab_log_view_set_folder_filter (FifolabLogView      *self,
                                                    const char          *folder);
/* What the view says while its log holds no entry; NULL for how the live
 * log fills (reading from a pipe or writing to one). */
void            fifolab_log_view_set_empty_text    (FifolabLogView      *self,
                                                    const char          *text);
/* Which directions are shown, as a mask of 1 << FifolabDirection. */
void            fifolab_log_view_set_direction_mask (FifolabLogView     *self,
                                                     guint               mask);
/* The escaped text lines "log.copy" puts on the clipboard (selected entries, else
 * all shown ones). */
char           *fifolab_log_view_dup_copy_text     (FifolabLogView      *self);
gboolean        fifolab_log_view_get_show_inspector (FifolabLogView     *self);
void            fifolab_log_view_set_show_inspector (FifolabLogView     *self,
                                                     gboolean            show_inspector);
FifolabEntryDetails *fifolab_log_view_get_inspector (FifolabLogView     *self);
const char     *fifolab_log_view_get_selected_pipe (FifolabLogView     *self);
int             fifolab_log_view_get_columns_width (FifolabLogView      *self);
void            fifolab_log_view_set_rows_min_height (FifolabLogView    *self,
                                                      int                height);
char          **fifolab_log_view_dup_hidden_columns (FifolabLogView     *self);
void            fifolab_log_view_set_hidden_columns (FifolabLogView     *self,
                                                     const char * const *names);
G_END_DECLS
