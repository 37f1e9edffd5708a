/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "fifolab-peer tap": @argv[0] stands for the subcommand. Returns the exit status. */
int fifolab_peer_run_tap (int    argc,
                          char **argv);
