/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_COMPOSE_HISTORY (fifolab_compose_history_get_type ())

G_DECLARE_FINAL_TYPE (FifolabComposeHistory, fifolab_compose_history, FIFOLAB, COMPOSE_HISTORY, GObject)

/* The templates sent from the compose bar, oldest first, walked with Up and
 * Down as a shell's history is: a position among them, or past the newest at
 * the draft (what was typed before walking). */
FifolabComposeHistory *fifolab_compose_history_new    (guint                  max_entries);
guint                  fifolab_compose_history_get_n_entries (FifolabComposeHistory *self);
/* Remembers @text as the newest (unless it is the newest already), dropping
 * the oldest beyond the maximum; back at an empty draft. */
void                   fifolab_compose_history_add    (FifolabComposeHistory *self,
                                                       const char            *text);
/* Typing: back at the draft, the one kept forgotten. */
void                   fifolab_compose_history_leave  (FifolabComposeHistory *self);
/* One older (Up); @current is kept as the draft when leaving it. FALSE when
 * there is nothing to walk (the key is not for the history); else @text is
 * the template to show, or %NULL at the oldest. */
gboolean               fifolab_compose_history_older  (FifolabComposeHistory *self,
                                                       const char            *current,
                                                       char                 **text);
/* One newer (Down). FALSE at the draft; else @text is the template to show
 * (the draft, "" if none, past the newest). */
gboolean               fifolab_compose_history_newer  (FifolabComposeHistory *self,
                                                       char                 **text);

G_END_DECLS
