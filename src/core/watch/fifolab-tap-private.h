/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sys/types.h>

#include "fifolab-tap.h"

G_BEGIN_DECLS

/* The tap's files on disk (fifolab-tap-swap.c). */

/* "DIR/.NAME.fifolab-tap-PID" for @path. Transfer full. */
char     *_fifolab_tap_hidden_path   (const char  *path,
                                      gint64       pid);
/* Makes the relay at @hidden and exchanges it with the FIFO at @path; on
 * success *@original_fd and *@relay_fd are O_PATH descriptors of the two
 * inodes (the original now at @hidden, the relay at @path). */
gboolean  _fifolab_tap_swap_in       (const char  *path,
                                      const char  *hidden,
                                      int         *original_fd,
                                      int         *relay_fd,
                                      GError     **error);
/* Exchanges them back when both are still where swap_in left them, and
 * removes the relay. */
gboolean  _fifolab_tap_swap_out      (const char  *path,
                                      const char  *hidden,
                                      int          original_fd,
                                      int          relay_fd,
                                      GError     **error);
/* Opens the FIFO @path_fd refers to (O_PATH) with @flags | O_NONBLOCK |
 * O_CLOEXEC; -1 with errno set on failure. */
int       _fifolab_tap_reopen        (int          path_fd,
                                      int          flags);

G_END_DECLS
