/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* fifolab-peer watch: argv[0] stands for "fifolab-peer watch". */
int fifolab_peer_watch_main (int    argc,
                             char **argv);
