/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-session.h"

G_BEGIN_DECLS

/* Keeps @session's framings in @settings: the "framing" and "fixed-size"
 * keys are the defaults for new connections; "pipe-framings" remembers the
 * framing chosen for each pipe, read now and written whenever one changes. */
void        fifolab_pipe_framings_attach   (FifolabSession *session,
                                            GSettings      *settings);
/* The framing's name as the compose bar lists it ("Lines"), translated. */
const char *fifolab_framing_get_label      (FifolabFraming  framing);

G_END_DECLS
