/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-recording.h"

G_BEGIN_DECLS

/* What a replay of a recording writes (docs/recording.md, "Replay"): the
 * recording's writes, each with its offset from the first.
 *
 * The writes are the watched writes that put bytes into the pipe (from
 * their "call": the bytes written, at the call's entry time) when the
 * recording has any; else the messages FIFO Lab received (a read session:
 * each message with the framing it was cut with put back, at the time it
 * was read). Only one pipe is replayed: @pipe chooses it (the recorded path,
 * or its last component); without it, a recording of several pipes is
 * refused, naming them. @pid, when not -1, keeps the writes of that process
 * only (the watched writer, or the sender of a message). The writes of
 * several writers on the one pipe are replayed in their recorded order. */

typedef struct
{
  gint64  offset_us;   /* from the first write, as recorded */
  GBytes *bytes;
} FifolabReplayWrite;

typedef struct
{
  GArray   *writes;    /* FifolabReplayWrite, in recorded order */
  char     *pipe;      /* the recorded pipe */
  gboolean  watched;   /* from watched writes, not received messages */
  guint     n_cut;     /* writes of which the recording kept only the start */
} FifolabReplayPlan;

FifolabReplayPlan *fifolab_replay_plan_new  (FifolabRecording  *recording,
                                             const char        *pipe,
                                             gint64             pid,
                                             GError           **error);
void               fifolab_replay_plan_free (FifolabReplayPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabReplayPlan, fifolab_replay_plan_free)

/* The speeds a replay accepts: its timing divided by X. */
#define FIFOLAB_REPLAY_SPEED_MIN 0.1
#define FIFOLAB_REPLAY_SPEED_MAX 10.0

G_END_DECLS
