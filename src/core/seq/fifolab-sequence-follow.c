/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A sequence that follows a log: every record a watch logged (writes,
 * reads, opens, attaches, exits, …), as the log attaches them to their
 * Watch entries, live or filled from a recording. */
#include "config.h"

#include "fifolab-sequence.h"

static void
call_attached_cb (FifolabLog         *log,
                  guint64             serial,
                  const char         *path,
                  FifolabWatchRecord *record,
                  FifolabSequence    *self)
{
  fifolab_sequence_add_record (self, path, serial, record);
}

static void
cleared_cb (FifolabLog      *log,
            FifolabSequence *self)
{
  fifolab_sequence_clear (self);
}

/**
 * fifolab_sequence_follow_log:
 * @log: the log a session fills
 *
 * From now on, each watch record @log attaches to its entry (writes,
 * reads, opens, attaches, exits, …, with the entry's serial) is added to
 * @self, and clearing @log clears it, for as
 * long as both live.
 */
void
fifolab_sequence_follow_log (FifolabSequence *self,
                             FifolabLog      *log)
{
  g_return_if_fail (FIFOLAB_IS_SEQUENCE (self));
  g_return_if_fail (FIFOLAB_IS_LOG (log));

  g_signal_connect_object (log, "call-attached", G_CALLBACK (call_attached_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (log, "cleared", G_CALLBACK (cleared_cb), self, G_CONNECT_DEFAULT);
}
