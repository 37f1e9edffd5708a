/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LOG_REVEAL (fifolab_log_reveal_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLogReveal, fifolab_log_reveal, FIFOLAB, LOG_REVEAL, GObject)

/* New entries at the end shown in the first frame of a burst while the view
 * has few rows; each further frame of the same burst may show twice as many
 * as the one before, up to FIFOLAB_LOG_REVEAL_STEP_MAX. */
#define FIFOLAB_LOG_REVEAL_STEP 4
#define FIFOLAB_LOG_REVEAL_STEP_MAX 64
/* From this many entries shown on, everything shows at once. */
#define FIFOLAB_LOG_REVEAL_FREE 256

/* A GListModel that shows a prefix of another (the log) to a list view: all
 * of it, except that while it has a frame clock (the view is mapped) and
 * shows fewer than FIFOLAB_LOG_REVEAL_FREE items, new items at the end come
 * in at most FIFOLAB_LOG_REVEAL_STEP in the first frame of a burst and twice
 * as many in each next one (up to FIFOLAB_LOG_REVEAL_STEP_MAX); the clock
 * runs until every
 * item is shown. Once items shown are removed from the front while others
 * stay (a cap evicting), everything passes through until it shows none.
 * Its items are the other model's. */
FifolabLogReveal *fifolab_log_reveal_new             (void);
GListModel       *fifolab_log_reveal_get_model       (FifolabLogReveal *self);
/* Shows all of @model at once. */
void              fifolab_log_reveal_set_model       (FifolabLogReveal *self,
                                                      GListModel       *model);
/* NULL: no throttling, whatever waits shows now. */
void              fifolab_log_reveal_set_frame_clock (FifolabLogReveal *self,
                                                      GdkFrameClock    *clock);

G_END_DECLS
