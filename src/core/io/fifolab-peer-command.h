/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

/* Internal to the core. The public part of this unit, where fifolab-peer is
 * (fifolab_peer_process_set/get_default_path()), is declared in
 * fifolab-peer-process.h. */

/* "fifolab-peer write my_pipe …" for @argv (whose first element is the
 * executable's path): shell-quoted where needed, a long template cut short.
 * Transfer full. */
char *_fifolab_peer_command_describe (const char * const *argv);

/* What a FifolabPeerProcess passes to fifolab-peer. */
typedef struct
{
  gboolean        write;        /* else read */
  const char     *path;
  const char     *template_;    /* NULL: the peer's default */
  guint           interval;
  guint           delay;
  guint           bytes;
  int             count;        /* -1: the peer's default */
  gboolean        framing_set;  /* else no --framing */
  FifolabFraming  framing;
  guint           fixed_size;
} FifolabPeerArgs;

/* fifolab-peer and its arguments for @args. Transfer full. */
GStrv _fifolab_peer_command_build_argv (const FifolabPeerArgs *args);

G_END_DECLS
