/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The name to show for the pipe at @path among the pipes at @paths (which may
 * hold @path itself, and may be NULL): its base name, escaped for display;
 * when another of @paths has the same base name, followed by as many of its
 * last folders as tell it apart from each of them ("my_pipe — lesson-2",
 * "my_pipe — ~/tmp" when every folder is needed). Paths are bytes: anything
 * that is not printable UTF-8 is escaped. (transfer full) */
char     *fifolab_pipe_display_name       (const char         *path,
                                           const char * const *paths);
/* Whether another of @paths has the base name of @path. */
gboolean  fifolab_pipe_name_is_ambiguous  (const char         *path,
                                           const char * const *paths);

G_END_DECLS
