/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* "fifolab-peer replay": @argv[0] stands for the subcommand. Returns the exit status. */
int fifolab_peer_run_replay (int    argc,
                             char **argv);

/* From fifolab-peer.c: opens the FIFO at @path with @access_mode, blocking
 * until the other end opens it, as write and read do; nothing but a FIFO. */
int fifolab_peer_open_fifo  (const char  *path,
                             int          access_mode,
                             GError     **error);
