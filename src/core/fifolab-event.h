/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

/* Translated short title ("End of stream") of an event kind. */
const char *fifolab_event_kind_get_title       (FifolabEventKind kind);
/* Translated one-line explanation a student can read: what the kernel did and why. */
const char *fifolab_event_kind_get_explanation (FifolabEventKind kind);
/* Symbolic icon name for the kind. */
const char *fifolab_event_kind_get_icon_name   (FifolabEventKind kind);
const char *fifolab_event_kind_to_string       (FifolabEventKind kind);

G_END_DECLS
