/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "fifolab-peer hold": @argv[0] stands for the subcommand. Returns only
 * when COMMAND cannot be run (the exit status then); else COMMAND runs in
 * its place, with the same pid. */
int fifolab_peer_run_hold (int    argc,
                           char **argv);
