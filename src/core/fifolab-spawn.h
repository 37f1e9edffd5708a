/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Spawns @argv with @launcher and returns the child's pid in @out_pid as the
 * child itself reported it, before exec. Unlike g_subprocess_get_identifier(),
 * which answers NULL once GLib has reaped a child that exited at once, the pid
 * is known however fast the child ends. @child_setup, if not NULL, runs in the
 * child first (the launcher's own child_setup is replaced). */
GSubprocess *fifolab_spawn (GSubprocessLauncher  *launcher,
                            const char * const   *argv,
                            GSpawnChildSetupFunc  child_setup,
                            gpointer              child_setup_data,
                            GPid                 *out_pid,
                            GError              **error);

G_END_DECLS
