/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Internal to the core. The public part of this unit, where fifolab-peer is
 * (fifolab_peer_process_set/get_default_path()), is declared in
 * fifolab-peer-process.h. */

/* "fifolab-peer write my_pipe …" for @argv (whose first element is the
 * executable's path): shell-quoted where needed, a long template cut short.
 * Transfer full. */
char *_fifolab_peer_command_describe (const char * const *argv);

G_END_DECLS
