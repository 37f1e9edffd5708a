/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-log-columns.h"

G_BEGIN_DECLS

/* For the UI tests: what the tooltip of @title, an event's title in a log
 * row's message cell, says now, or NULL when it has none. */
char *_fifolab_log_columns_dup_title_tooltip (GtkWidget *title);

G_END_DECLS
