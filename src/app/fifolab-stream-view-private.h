/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-stream-view.h"

G_BEGIN_DECLS

/* For the UI tests, which look at what the view tells the user. */
/* What the view tells a screen reader (its accessible description). */
const char *_fifolab_stream_view_get_description (FifolabStreamView *self);
/* The summary line shown over the strip. */
const char *_fifolab_stream_view_get_summary     (FifolabStreamView *self);

G_END_DECLS
