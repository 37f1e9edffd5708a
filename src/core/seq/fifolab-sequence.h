/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-log.h"
#include "fifolab-watch-record.h"

G_BEGIN_DECLS

/* Who sent what to whom: the calls a watch observed on one or more FIFOs,
 * as a sequence diagram's model.
 *
 * Each call that matters to the picture (a write, a read, an open of the
 * pipe, a process watched from now on, its exit) is a row, in the order the
 * watch told them, which is the order they returned; rows never move. On
 * each pipe, every write occupies a range of the pipe's byte stream and
 * every read takes the range at the stream's front: matching them gives the
 * arrows (write, read, bytes). A write split across reads gives several, a
 * read joining several writes too. A read told before the write whose bytes
 * it took is matched when the write comes; bytes a read took that no write
 * the watch saw had put in (the write started after the read returned, or
 * none came before the watch let go or the last watched process on the
 * pipe ended) were in the pipe before the watch; or, when the pipe was
 * found empty after the watch began and before the read began (a read
 * returned 0, a read or an open of the read end was seen asleep in the
 * kernel, the latter with no other watched process on the pipe), they
 * were written since by a writer the watch did not see (one that opened,
 * wrote and exited between two of its scans, or another user's).
 * Where several processes read one pipe, which bytes went to which reader
 * is known only from the order the reads returned: such matches say so.
 *
 * Adding a call is O(1) amortised; the rows, spans and matches that meet a
 * range of rows are found without walking the others, and the row at a time
 * by binary search, so a session of 1,000,000 calls draws only what is
 * visible.
 *
 * Bounded: when it holds more than max-rows rows (by default
 * FIFOLAB_SEQUENCE_DEFAULT_MAX_ROWS), the oldest half of them are
 * forgotten, with the matches they take part in; the bytes they left
 * waiting in a pipe still count, unmatched.
 *
 * Signals: "changed" () after each added row and on clear; "trimmed"
 * (guint n) when the oldest n rows were forgotten: every row index (rows,
 * matches' write and read, start_row, first_row) went down by n. */

#define FIFOLAB_SEQUENCE_DEFAULT_MAX_ROWS 2000000

#define FIFOLAB_TYPE_SEQUENCE (fifolab_sequence_get_type ())

G_DECLARE_FINAL_TYPE (FifolabSequence, fifolab_sequence, FIFOLAB, SEQUENCE, GObject)

typedef enum
{
  FIFOLAB_SEQ_WRITE,    /* write, writev, …: bytes into the pipe */
  FIFOLAB_SEQ_READ,     /* read, readv, …: bytes out of it (0: end of file) */
  FIFOLAB_SEQ_OPEN,     /* open or openat of the pipe */
  FIFOLAB_SEQ_START,    /* the process is watched from now on (attached, or started) */
  FIFOLAB_SEQ_EXIT,     /* the process ended */
} FifolabSeqKind;

/* What a row shows beside its call. */
typedef enum
{
  FIFOLAB_SEQ_MARK_NONE = 0,
  FIFOLAB_SEQ_MARK_EOF,      /* a read returned 0: every writer had closed */
  FIFOLAB_SEQ_MARK_EPIPE,    /* a write failed: no reader left */
  FIFOLAB_SEQ_MARK_SIGPIPE,  /* the process was killed by SIGPIPE */
  FIFOLAB_SEQ_MARK_ENXIO,    /* a non-blocking write-open found no reader */
  FIFOLAB_SEQ_MARK_ERROR,    /* another error (errno in the row) */
  FIFOLAB_SEQ_MARK_SIGNAL,   /* killed by another signal: its number is the result */
} FifolabSeqMark;

typedef struct
{
  guint64 serial;       /* the caller's id: the log entry's serial */
  gint64  start_us;     /* when the call began (CLOCK_MONOTONIC) */
  gint64  end_us;       /* when it returned: start_us + the time blocked */
  gint64  result;       /* bytes moved, the descriptor opened; EXIT: status or signal (by the mark) */
  guint   process;      /* index of its process */
  guint   pipe;         /* index of its pipe */
  guint   start_row;    /* the first row that returned after this call began */
  int     error;        /* errno, 0 when none */
  guint8  kind;         /* FifolabSeqKind */
  guint8  mark;         /* FifolabSeqMark */
} FifolabSeqRow;

typedef enum
{
  FIFOLAB_SEQ_MATCH_NONE = 0,
  FIFOLAB_SEQ_MATCH_BY_ORDER = 1 << 0,      /* several readers: attributed by the order the reads returned */
  FIFOLAB_SEQ_MATCH_BEFORE_WATCH = 1 << 1,  /* the bytes were in the pipe before the watch (write is G_MAXUINT) */
  FIFOLAB_SEQ_MATCH_UNSEEN_WRITER = 1 << 2, /* written after the pipe was found empty, by a writer
                                             * the watch did not see (write is G_MAXUINT) */
} FifolabSeqMatchFlags;

/* Bytes [offset, offset + bytes) of a pipe's stream, written by row write
 * and read by row read. */
typedef struct
{
  guint   write;        /* row, G_MAXUINT for bytes from before the watch or an unseen writer */
  guint   read;         /* row */
  guint64 offset;
  guint64 bytes;
  guint   flags;        /* FifolabSeqMatchFlags */
} FifolabSeqMatch;

typedef struct
{
  gint64  pid;
  char   *comm;         /* escaped for display; NULL when not known */
  guint   first_row;
  guint8  first_move;   /* FIFOLAB_SEQ_WRITE or _READ: its first call that moved bytes; 0xff none yet */
} FifolabSeqProcess;

FifolabSequence         *fifolab_sequence_new            (void);
/* Adds what @record (a record of a watch of @path) shows: at most one row.
 * Returns TRUE when it added one. */
gboolean                 fifolab_sequence_add_record     (FifolabSequence          *self,
                                                          const char               *path,
                                                          guint64                   serial,
                                                          const FifolabWatchRecord *record);
/* At most @max_rows rows are kept (>= 2). */
void                     fifolab_sequence_set_max_rows   (FifolabSequence          *self,
                                                          guint                     max_rows);
/* The watch let go: bytes still waited for by reads came from before it. */
void                     fifolab_sequence_settle         (FifolabSequence          *self);
/* What @self holds now, to be read elsewhere (an export's thread): the
 * rows, matches, processes and pipes; nothing waits to be matched in it. */
FifolabSequence         *fifolab_sequence_copy           (FifolabSequence          *self);
void                     fifolab_sequence_clear          (FifolabSequence          *self);
/* Follows @log (fifolab-sequence-follow.c): each watch record it logs as a
 * Watch entry (writes, reads, opens, attaches, exits) is added with that
 * entry's serial; clearing the log clears the sequence. */
void                     fifolab_sequence_follow_log     (FifolabSequence          *self,
                                                          FifolabLog               *log);

guint                    fifolab_sequence_get_n_rows     (FifolabSequence          *self);
const FifolabSeqRow     *fifolab_sequence_get_row        (FifolabSequence          *self,
                                                          guint                     row);
/* What write or read @row carried, as the log shows it: escaped with
 * fifolab_escape_for_display(), at most FIFOLAB_WATCH_TEXT_PAYLOAD_CHARS
 * characters ("…" included when cut). NULL when the watch did not copy its
 * bytes, or @row moved none. Valid until the next add, trim or clear. */
const char              *fifolab_sequence_get_row_text   (FifolabSequence          *self,
                                                          guint                     row);
guint                    fifolab_sequence_get_n_matches  (FifolabSequence          *self);
const FifolabSeqMatch   *fifolab_sequence_get_match      (FifolabSequence          *self,
                                                          guint                     match);
guint                    fifolab_sequence_get_n_processes (FifolabSequence         *self);
const FifolabSeqProcess *fifolab_sequence_get_process    (FifolabSequence          *self,
                                                          guint                     process);
guint                    fifolab_sequence_get_n_pipes    (FifolabSequence          *self);
const char              *fifolab_sequence_get_pipe_path  (FifolabSequence          *self,
                                                          guint                     pipe);
/* Whether several processes read @pipe, so that which read got which bytes
 * is known only from the order the reads returned. */
gboolean                 fifolab_sequence_get_pipe_competing (FifolabSequence      *self,
                                                          guint                     pipe);

/* The first row that returned at or after @mono_us (n_rows when none):
 * binary search. */
guint                    fifolab_sequence_row_at_time    (FifolabSequence          *self,
                                                          gint64                    mono_us);
/* The row whose serial is @serial, G_MAXUINT when none: binary search. */
guint                    fifolab_sequence_find_serial    (FifolabSequence          *self,
                                                          guint64                   serial);
/* The rows whose span [start_row, row] meets [@first, @last], in order:
 * a GArray of guint (transfer full). */
GArray                  *fifolab_sequence_query_rows     (FifolabSequence          *self,
                                                          guint                     first,
                                                          guint                     last);
/* The matches whose rows' range meets [@first, @last], in order: a GArray
 * of guint (transfer full). */
GArray                  *fifolab_sequence_query_matches  (FifolabSequence          *self,
                                                          guint                     first,
                                                          guint                     last);

G_END_DECLS
