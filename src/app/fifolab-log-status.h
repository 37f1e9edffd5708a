/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

/* What the log view's status line and filter row say (no type: the view
 * owns the widgets). */

/* "1,234 entries", or "12 of 1,234 entries shown" while @filtering, then
 * " · 5,678 evicted (12.3 MB)" once the caps evicted any; @log may be NULL.
 * Only stored entries count (@n_shown too: see fifolab_log_count_stored()),
 * never evicted ones the log's model still holds. */
char *fifolab_log_status_dup_text   (FifolabLog  *log,
                                     gboolean     filtering,
                                     guint        n_shown);
/* Marks @entry as holding invalid input, saying @error in its tooltip and
 * to assistive technologies; NULL clears it. */
void  fifolab_log_status_show_error (GtkWidget   *entry,
                                     const char  *error);

G_END_DECLS
