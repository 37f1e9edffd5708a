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

/* The name the application's windows show for @path: its base name, with
 * enough of its folder where another listed pipe has the same name
 * (fifolab_session_dup_display_name()), escaped; without an application,
 * the base name. *@serial gets the names' serial: when it changes, the name
 * may read differently. (transfer full) */
char       *fifolab_app_dup_pipe_name      (const char     *path,
                                            guint          *serial);
/* The names' serial alone (cheap: for a cell bound again and again). */
guint       fifolab_app_get_pipe_names_serial (void);
/* Gives the button inside @dropdown (a GtkToggleButton that GTK 4.8 leaves
 * nameless: AT-SPI reports "GtkToggleButton") the accessible name @name. */
void        fifolab_drop_down_name_button  (GtkDropDown    *dropdown,
                                            const char     *name);

G_END_DECLS
