/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FIFOLAB_TAP_ERROR (fifolab_tap_error_quark ())

typedef enum
{
  FIFOLAB_TAP_ERROR_FAILED,
  FIFOLAB_TAP_ERROR_NOT_A_FIFO,        /* the path is missing or not a FIFO (or a symlink) */
  FIFOLAB_TAP_ERROR_DIRECTION_UNKNOWN, /* AUTO, and nobody holds the pipe open */
  FIFOLAB_TAP_ERROR_LEFTOVER,          /* the pipe is tapped already (or a crashed tap's leftover) */
  FIFOLAB_TAP_ERROR_CHANGED,           /* the path changed under the tap */
  FIFOLAB_TAP_ERROR_NOT_SUPPORTED,     /* the filesystem cannot exchange names atomically */
  FIFOLAB_TAP_ERROR_IN_USE,            /* restore: the tap's process still runs */
  FIFOLAB_TAP_ERROR_NOT_A_LEFTOVER,    /* restore: not a tap's hidden name */
} FifolabTapError;

/* Which processes open the path while the tap runs. The tap relays in one
 * direction only: from the side that arrives to the side that held the
 * original FIFO before it started. */
typedef enum
{
  /* Decide from who holds the original when the tap starts: a reader ⇒
   * WRITERS (also when writers hold it too); only writers ⇒ READERS. */
  FIFOLAB_TAP_ARRIVING_AUTO,
  /* A reader waits on the original: new writers open the path, and the tap
   * relays from the path to the original. */
  FIFOLAB_TAP_ARRIVING_WRITERS,
  /* A writer holds the original: new readers open the path, and the tap
   * relays from the original to the path. */
  FIFOLAB_TAP_ARRIVING_READERS,
} FifolabTapArriving;

/* What ::event reports (its message says it in words, translated). */
typedef enum
{
  FIFOLAB_TAP_EVENT_STARTED,            /* swapped in */
  FIFOLAB_TAP_EVENT_CONNECTED,          /* bytes began to pass for a new opener */
  FIFOLAB_TAP_EVENT_WAITING_FOR_READER, /* bytes wait in the tap: nobody reads the other side */
  FIFOLAB_TAP_EVENT_END_OF_STREAM,      /* the writers closed: passed on to the reader */
  FIFOLAB_TAP_EVENT_NO_READER,          /* the reader left: the writer will get EPIPE */
  FIFOLAB_TAP_EVENT_ERROR,
  FIFOLAB_TAP_EVENT_STOPPED,            /* swapped back */
} FifolabTapEvent;

#define FIFOLAB_TYPE_TAP (fifolab_tap_get_type ())

G_DECLARE_FINAL_TYPE (FifolabTap, fifolab_tap, FIFOLAB, TAP, GObject)

/* A tap on the FIFO at @path, for when ptrace is refused. Starting it makes
 * a relay FIFO (same mode) and swaps it into @path with one atomic
 * renameat2(RENAME_EXCHANGE); the original lives on at the hidden name
 * ".NAME.fifolab-tap-PID" in the same folder, so processes holding it keep
 * it. Processes that open @path afterwards open the relay, and the tap
 * passes their bytes on between the relay and the original on the main
 * context (GUnixInputStream/GUnixOutputStream, async), emitting ::relayed
 * for each piece. Stopping swaps the original back and removes the relay.
 *
 * What a tap cannot do (fifolab_tap_get_limits()): it sees only opens made
 * after it started (bytes between processes that held the original before
 * pass it by), it relays one way only, and it adds a buffer of its own (a
 * writer may put a pipe's capacity more in before it blocks).
 *
 * Signals:
 *   ::relayed (GBytes *data, gint64 from_pid, const char *from_comm,
 *              gint64 to_pid, const char *to_comm): bytes passed on; the
 *     pids from the holder scans around the first piece of its connection, -1 and
 *     NULL when not known (the process was gone before the scan, or several
 *     held that side: then the first).
 *   ::event (FifolabTapEvent kind, const char *message). */
FifolabTap        *fifolab_tap_new                 (const char           *path);
/* Scans who holds the pipe (asynchronously), decides the direction (see
 * FifolabTapArriving), swaps the relay in and starts relaying. */
void               fifolab_tap_start_async         (FifolabTap           *self,
                                                    FifolabTapArriving    arriving,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean           fifolab_tap_start_finish        (FifolabTap           *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Swaps the original back into the path, removes the relay and stops
 * relaying. A process connected through the tap at that moment is cut off
 * (a writer then gets EPIPE, a reader EOF). Also done at dispose. FALSE with
 * @error when the path changed meanwhile (the original then stays at the
 * hidden name and is reported as a leftover). */
gboolean           fifolab_tap_stop                (FifolabTap           *self,
                                                    GError              **error);
gboolean           fifolab_tap_is_running          (FifolabTap           *self);
const char        *fifolab_tap_get_path            (FifolabTap           *self);
/* The original's name while the tap runs, else NULL. */
const char        *fifolab_tap_get_hidden_path     (FifolabTap           *self);
/* The direction in use (never AUTO once started). */
FifolabTapArriving fifolab_tap_get_arriving        (FifolabTap           *self);
guint64            fifolab_tap_get_bytes_relayed   (FifolabTap           *self);

/* What a tap changes and cannot see, in a sentence or two (translated). */
const char        *fifolab_tap_get_limits          (void);

/* The hidden names of taps whose process is gone in @dir (a crash left them:
 * the original FIFO at the hidden name, the relay at its path), sorted.
 * Transfer full; empty when none. */
char             **fifolab_tap_find_leftovers      (const char           *dir,
                                                    GError              **error);
/* The path a hidden name belongs to (transfer full), or NULL when
 * @hidden_path is not a tap's hidden name; the tap's pid in @pid. */
char              *fifolab_tap_leftover_get_path   (const char           *hidden_path,
                                                    gint64               *pid);
/* Puts the original back at its path (exchanging it with the relay, which
 * is removed) and removes the hidden name. Refuses while the tap's process
 * runs. */
gboolean           fifolab_tap_restore_leftover    (const char           *hidden_path,
                                                    GError              **error);

GQuark             fifolab_tap_error_quark         (void);

G_END_DECLS
