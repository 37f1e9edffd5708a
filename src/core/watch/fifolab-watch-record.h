/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What one line of a watch says: a call a watched process made on the FIFO,
 * or something that happened to the watch itself. */
typedef enum
{
  FIFOLAB_WATCH_CALL,      /* a system call on the FIFO */
  FIFOLAB_WATCH_ATTACH,    /* a thread is watched from now on */
  FIFOLAB_WATCH_DETACH,    /* a thread is let go (the watch stopped) */
  FIFOLAB_WATCH_EXIT,      /* a watched process ended (status in result) */
  FIFOLAB_WATCH_REFUSED,   /* the kernel refused to let it be watched (message) */
  FIFOLAB_WATCH_STOPPED,   /* a thread stopped (SIGSTOP, Ctrl+Z: signal in result) until SIGCONT */
  FIFOLAB_WATCH_PENDING,   /* step mode: a thread is held before a call on the FIFO (the call's
                            * syscall, fd, fd2, requested, size, direction and a write's payload;
                            * an open's open_flags) */
  FIFOLAB_WATCH_RELEASED,  /* step mode: a held call goes on (syscall; time_us: when) */
  FIFOLAB_WATCH_BLOCKED,   /* a thread has been inside a call on the FIFO for
                            * FIFOLAB_TRACER_BLOCKED_US, asleep in the kernel: the call's
                            * syscall, fd, fd2, requested, size and direction (an open's:
                            * the end it opens); time_us: its entry; blocked_us: so far.
                            * Its call record follows when it returns. */
  FIFOLAB_WATCH_CONTINUED, /* a thread that stopped (STOPPED) runs again: SIGCONT */
  FIFOLAB_WATCH_LETTING_GO, /* the watch stops, but a thread is inside a write that letting it
                             * go now would cut short: it is let go (DETACH) when the call
                             * returns. Only for a write still going a grace (0.2 s) after
                             * the stop began. syscall, fd (the write's descriptor, on any file),
                             * direction "write" and requested when it writes into the FIFO;
                             * time_us: the call's entry; blocked_us: so far. */
} FifolabWatchKind;

/* The largest payload a record keeps; size says how much there was. */
#define FIFOLAB_WATCH_PAYLOAD_MAX (64 * 1024)

typedef struct
{
  FifolabWatchKind kind;
  char    *syscall;      /* "write", "read", "openat", …; NULL for events */
  gint64   pid;          /* the process (thread group) */
  gint64   tid;          /* the thread */
  char    *comm;         /* its command name, escaped for display; may be NULL */
  int      fd;           /* the FIFO's descriptor in the call, -1 if none */
  int      fd2;          /* the other descriptor (dup's new one, splice's other end), -1 if none */
  gint64   result;       /* the call's return value (-1 when it failed); the exit status */
  int      error;        /* errno when the call failed, else 0 */
  gint64   requested;    /* bytes asked for (count, iovec total), -1 when not a transfer */
  gint64   size;         /* bytes the call carried: written or read, or offered when it failed */
  gint64   blocked_us;   /* time between entry and exit (BLOCKED: until the record) */
  gint64   time_us;      /* CLOCK_MONOTONIC at entry, microseconds */
  GBytes  *payload;      /* the first FIFOLAB_WATCH_PAYLOAD_MAX bytes; NULL when none was read */
  char    *message;      /* REFUSED: why, and what would allow it */
  gboolean is_write;     /* the call puts bytes into the pipe */
  gboolean is_read;      /* the call takes bytes out of it */
  gboolean signaled;     /* EXIT: killed by signal number result */
  int      open_flags;   /* PENDING open: its O_ACCMODE, O_NONBLOCK and O_PATH bits (O_PATH
                          * alone: the kernel ignores the others then); -1 when not known */
} FifolabWatchRecord;

#define FIFOLAB_TYPE_WATCH_RECORD (fifolab_watch_record_get_type ())
GType               fifolab_watch_record_get_type (void) G_GNUC_CONST;

FifolabWatchRecord *fifolab_watch_record_new     (FifolabWatchKind          kind);
FifolabWatchRecord *fifolab_watch_record_ref     (FifolabWatchRecord       *record);
void                fifolab_watch_record_unref   (FifolabWatchRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabWatchRecord, fifolab_watch_record_unref)

/* The record's kind as in the JSON ("call", "attach", …). */
const char         *fifolab_watch_kind_to_string (FifolabWatchKind          kind);
/* One JSON object (fifolab-peer watch --json): see man fifolab-peer. */
JsonNode           *fifolab_watch_record_to_json (const FifolabWatchRecord *record);
/* The same object as JSON text, appended to @out (no newline): what
 * json_to_string (fifolab_watch_record_to_json (record), FALSE) gives,
 * without building a tree (one line per observed call, at the tracer's pace). */
void                fifolab_watch_record_append_json (const FifolabWatchRecord *record,
                                                      GString                  *out);
/* An open's flags as a record keeps them (open_flags), from the call's own
 * flags argument. */
int                 fifolab_watch_open_flags     (guint64                   flags);
/* When the watch told the record (CLOCK_MONOTONIC µs; a recording's
 * "exit_us"): a call when it returned, a blocked or letting-go record when
 * it was made (its call's entry and the time blocked so far), any other at
 * its time_us. */
gint64              fifolab_watch_record_get_told_us (const FifolabWatchRecord *record);
/* When @record shows that its pipe held no byte (CLOCK_MONOTONIC µs), or
 * G_MAXINT64 when it does not: a read that returned 0 (no writer, nothing
 * in it), at its return; a read asleep in the kernel, at its entry; an
 * open of the read end asleep (no writer), at its entry, when @alone (no
 * other watched process is on the pipe to keep bytes in it). Every byte a
 * read begun since then took was written since. */
gint64              fifolab_watch_record_found_empty (const FifolabWatchRecord *record,
                                                      gboolean                  alone);
/* A write wakes the reader it feeds, and the reader's return can be seen
 * before the write's own: the records would tell a read of bytes before
 * the write that put them in. @records ends with a write that just
 * returned; it goes before the reads just before it (other threads', that
 * returned after the write began) from the first that carries its first
 * bytes on. Returns whether it moved. */
gboolean            fifolab_watch_records_tell_write_first (GPtrArray *records);
/* How many characters of a payload a line of text shows (escaped with
 * fifolab_escape_for_display(), "…" included when cut). */
#define FIFOLAB_WATCH_TEXT_PAYLOAD_CHARS 64
/* What a Watch entry of @record tells, translated: a call's explanation is
 * the Watch event's (fifolab_event_kind_get_explanation()); a refusal, an
 * attach, an exit, … each have their own, for they have no call and no
 * result. */
const char         *fifolab_watch_record_get_explanation (const FifolabWatchRecord *record);
/* One line of text, strace-like for calls; no newline. */
char               *fifolab_watch_record_to_text (const FifolabWatchRecord *record);
/* The record a line of --json describes; NULL with @error set when it is not one. */
FifolabWatchRecord *fifolab_watch_record_from_json (const char             *line,
                                                    GError                **error);
/* The same from one parsed object (a recording's "call" member). */
FifolabWatchRecord *fifolab_watch_record_from_json_object (JsonObject       *object,
                                                           GError          **error);

G_END_DECLS
