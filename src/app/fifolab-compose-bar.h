/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-session.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_COMPOSE_BAR (fifolab_compose_bar_get_type ())

G_DECLARE_FINAL_TYPE (FifolabComposeBar, fifolab_compose_bar, FIFOLAB, COMPOSE_BAR, GtkWidget)

/* The compose bar: a PID-stamp template with a live preview of the exact bytes,
 * framing, repeat count and interval, and Send (Ctrl+Return).
 *
 * Properties: session (FifolabSession), target (utf8 path or NULL), template
 *   (utf8, default FIFOLAB_DEFAULT_TEMPLATE), framing (FifolabFraming),
 *   fixed-size (guint, 1..1048576, default 22), repeat-count (guint, 1..1000000),
 *   interval (guint ms, 0..60000), sending (gboolean, read-only: a repeat is
 *   running), can-send (gboolean, read-only).
 * Actions: compose.send (Ctrl+Return), compose.stop, compose.clear-queue.
 * Signals: ::show-toast (const char *message) — a send failed. */
FifolabComposeBar *fifolab_compose_bar_new            (void);
FifolabSession    *fifolab_compose_bar_get_session    (FifolabComposeBar *self);
void               fifolab_compose_bar_set_session    (FifolabComposeBar *self,
                                                       FifolabSession    *session);
const char        *fifolab_compose_bar_get_target     (FifolabComposeBar *self);
void               fifolab_compose_bar_set_target     (FifolabComposeBar *self,
                                                       const char        *target);
const char        *fifolab_compose_bar_get_template   (FifolabComposeBar *self);
void               fifolab_compose_bar_set_template   (FifolabComposeBar *self,
                                                       const char        *template_);
FifolabFraming     fifolab_compose_bar_get_framing    (FifolabComposeBar *self);
void               fifolab_compose_bar_set_framing    (FifolabComposeBar *self,
                                                       FifolabFraming     framing);
guint              fifolab_compose_bar_get_fixed_size (FifolabComposeBar *self);
void               fifolab_compose_bar_set_fixed_size (FifolabComposeBar *self,
                                                       guint              fixed_size);
gboolean           fifolab_compose_bar_get_sending    (FifolabComposeBar *self);
gboolean           fifolab_compose_bar_get_can_send   (FifolabComposeBar *self);
/* The exact bytes Send would write now (framed), or NULL with @error. */
GBytes            *fifolab_compose_bar_dup_preview_bytes (FifolabComposeBar *self,
                                                          GError           **error);

G_END_DECLS
