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

/* What a flag on a message's row means (one FifolabMessageFlags bit; NONE or
 * an unknown bit gives NULL): translated title ("Torn message"), explanation a
 * student can read, and a symbolic icon name. */
const char *fifolab_message_flag_get_title       (FifolabMessageFlags flag);
const char *fifolab_message_flag_get_explanation (FifolabMessageFlags flag);
const char *fifolab_message_flag_get_icon_name   (FifolabMessageFlags flag);
/* Whether @flag says something went wrong with the message itself (torn),
 * rather than something to be aware of (a warning). */
gboolean    fifolab_message_flag_is_error        (FifolabMessageFlags flag);
/* The known bits of @flags, the most serious first, as an array of single
 * flags (transfer container; empty when none). */
GArray     *fifolab_message_flags_split          (guint               flags);
/* The titles of @flags joined ("Torn message, Claimed pid contradicted"), or NULL
 * when none; transfer full. */
char       *fifolab_message_flags_dup_titles     (guint               flags);
/* Each flag's title and explanation, one paragraph each ("Torn message: …"),
 * or NULL when none; transfer full. */
char       *fifolab_message_flags_dup_explanation (guint              flags);

G_END_DECLS
