/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log-columns.h"

G_BEGIN_DECLS

/* The columns by name: "time", "direction", "pipe", "sender", "seen", "receiver",
 * "size", "message" (the settings' and the header menu's names). */
const char         *fifolab_log_column_get_name        (FifolabLogColumn   column);
/* Sets @column's factory for @which's cells and names it after @which. */
void                fifolab_log_columns_attach         (FifolabLogColumns   *self,
                                                        GtkColumnViewColumn *column,
                                                        FifolabLogColumn     which);
/* "NAME" actions (stateful: the column shows) for the attached columns of
 * @view but the message's, for the header's menu; transfer full. */
GActionGroup       *fifolab_log_columns_create_actions (GtkColumnView      *view);
/* The names of the attached columns of @view hidden (transfer full), and
 * hiding them by name (NULL: show all; the message always shows). */
char              **fifolab_log_columns_dup_hidden     (GtkColumnView      *view);
/* Widens the shown columns whose fixed width would cut their title. */
void                fifolab_log_columns_fit_titles     (GtkColumnView      *view);
void                fifolab_log_columns_set_hidden     (GtkColumnView      *view,
                                                        const char * const *names);

G_END_DECLS
