/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Largest write the kernel keeps atomic on Linux (PIPE_BUF). */
#define FIFOLAB_PIPE_BUF 4096
/* The seed reader reads this many bytes: "Hello from pid [NNNNN]". */
#define FIFOLAB_SEED_MESSAGE_SIZE 22
#define FIFOLAB_DEFAULT_TEMPLATE "Hello from pid [%d]"
/* Default bound on one framed message (over-long ones are reported in pieces). */
#define FIFOLAB_DEFAULT_MAX_MESSAGE (1024 * 1024)
/* The largest fixed message size offered anywhere (peer --size, settings,
 * compose bar, spawned peers): a larger one would be cut into pieces by a
 * framer with the default bound. The settings schema repeats it (1048576). */
#define FIFOLAB_MAX_FIXED_SIZE FIFOLAB_DEFAULT_MAX_MESSAGE

typedef enum
{
  FIFOLAB_FRAMING_RAW,            /*< nick=raw >*/
  FIFOLAB_FRAMING_LINE,           /*< nick=line >*/
  FIFOLAB_FRAMING_FIXED,          /*< nick=fixed >*/
  FIFOLAB_FRAMING_LENGTH_PREFIX,  /*< nick=length-prefix >*/
} FifolabFraming;

typedef enum
{
  FIFOLAB_LINE_ENDING_LF,   /*< nick=lf >*/
  FIFOLAB_LINE_ENDING_CRLF, /*< nick=crlf >*/
  FIFOLAB_LINE_ENDING_CR,   /*< nick=cr >*/
} FifolabLineEnding;

/* Flags a framed message can carry. */
typedef enum /*< flags >*/
{
  FIFOLAB_MESSAGE_NONE       = 0,
  FIFOLAB_MESSAGE_OVERLONG   = 1 << 0, /*< nick=overlong >*/   /* a piece of a message longer than the bound */
  FIFOLAB_MESSAGE_INCOMPLETE = 1 << 1, /*< nick=incomplete >*/ /* stream ended inside the message */
  FIFOLAB_MESSAGE_NOT_ATOMIC = 1 << 2, /*< nick=not-atomic >*/ /* written in one write() of more than PIPE_BUF */
  FIFOLAB_MESSAGE_TORN       = 1 << 3, /*< nick=torn >*/       /* looks interleaved with another writer */
  FIFOLAB_MESSAGE_PARTIAL    = 1 << 4, /*< nick=partial >*/    /* fewer bytes written than asked */
  /* The claimed pid is contradicted by what FIFO Lab saw: the pipe's writers
   * were seen and it was not among them, or it is FIFO Lab's own pid (and
   * FIFO Lab did not write to the pipe), or pid 0. The name is older than
   * that meaning; a claim with neither this nor PID_CONFIRMED is "not
   * checked" (its writer was gone before FIFO Lab could look). */
  FIFOLAB_MESSAGE_PID_UNSEEN = 1 << 5, /*< nick=pid-unseen >*/
  /* FIFO Lab saw the claimed pid hold the pipe open for writing. */
  FIFOLAB_MESSAGE_PID_CONFIRMED = 1 << 6, /*< nick=pid-confirmed >*/
  /* Its writer (the claimed pid, seen writing) had exited when FIFO Lab read
   * it: the bytes waited in the pipe. */
  FIFOLAB_MESSAGE_WRITER_EXITED = 1 << 7, /*< nick=writer-exited >*/
  /* Bytes a tap (FifolabTap) passed on between two other processes: the
   * pids are the holders seen on each side, not a claim in the bytes. */
  FIFOLAB_MESSAGE_TAPPED = 1 << 8, /*< nick=tapped >*/
  /* Bytes a watch (fifolab-peer watch) saw another process write or read:
   * the pid is the process seen making the call, not a claim in the bytes. */
  FIFOLAB_MESSAGE_WATCHED = 1 << 9, /*< nick=watched >*/
  /* With WATCHED: bytes a watched read took that were in the pipe before
   * the watch started (or that a writer it could not see wrote): no writer
   * pid. */
  FIFOLAB_MESSAGE_BEFORE_WATCH = 1 << 10, /*< nick=before-watch >*/
  /* With WATCHED: bytes a watched read took that no watched write put in,
   * read by a read begun after the pipe was found empty: a writer the watch
   * did not see wrote them (it opened, wrote and closed between two of the
   * watch's scans, or is another user's). No writer pid. */
  FIFOLAB_MESSAGE_UNSEEN_WRITER = 1 << 11, /*< nick=unseen-writer >*/
} FifolabMessageFlags;

typedef enum
{
  FIFOLAB_DIRECTION_SENT,     /*< nick=sent >*/
  FIFOLAB_DIRECTION_RECEIVED, /*< nick=received >*/
  FIFOLAB_DIRECTION_EVENT,    /*< nick=event >*/
  FIFOLAB_DIRECTION_OUTPUT,   /*< nick=output >*/ /* a peer process's stdout/stderr line */
} FifolabDirection;

/* Every event the log can show; each has a title and an explanation
 * (fifolab-event.h). Append only: the numbers are stored in logs. */
typedef enum
{
  FIFOLAB_EVENT_NONE,               /*< nick=none >*/
  FIFOLAB_EVENT_CREATED,            /*< nick=created >*/
  FIFOLAB_EVENT_DELETED,            /*< nick=deleted >*/
  FIFOLAB_EVENT_READER_OPENED,      /*< nick=reader-opened >*/
  FIFOLAB_EVENT_WAITING_FOR_WRITER, /*< nick=waiting-for-writer >*/
  FIFOLAB_EVENT_WRITER_CONNECTED,   /*< nick=writer-connected >*/
  FIFOLAB_EVENT_END_OF_STREAM,      /*< nick=end-of-stream >*/
  FIFOLAB_EVENT_REOPENED,           /*< nick=reopened >*/
  FIFOLAB_EVENT_WAITING_FOR_READER, /*< nick=waiting-for-reader >*/
  FIFOLAB_EVENT_READER_CONNECTED,   /*< nick=reader-connected >*/
  FIFOLAB_EVENT_NO_READER,          /*< nick=no-reader >*/ /* EPIPE */
  FIFOLAB_EVENT_PIPE_FULL,          /*< nick=pipe-full >*/
  FIFOLAB_EVENT_PIPE_REMOVED,       /*< nick=pipe-removed >*/
  FIFOLAB_EVENT_OVERLONG,           /*< nick=overlong >*/
  FIFOLAB_EVENT_NOT_ATOMIC,         /*< nick=not-atomic >*/
  FIFOLAB_EVENT_TORN,               /*< nick=torn >*/
  FIFOLAB_EVENT_CLOSED,             /*< nick=closed >*/
  FIFOLAB_EVENT_ERROR,              /*< nick=error >*/
  FIFOLAB_EVENT_PEER_STARTED,       /*< nick=peer-started >*/
  FIFOLAB_EVENT_PEER_EXITED,        /*< nick=peer-exited >*/
  FIFOLAB_EVENT_PID_UNSEEN,         /*< nick=pid-unseen >*/ /* a claim contradicted */
  FIFOLAB_EVENT_READER_LEFT,        /*< nick=reader-left >*/ /* the reader closed, nothing lost */
  FIFOLAB_EVENT_WRITER_EXITED,      /*< nick=writer-exited >*/ /* bytes read after their writer exited */
  FIFOLAB_EVENT_TAP,                /*< nick=tap >*/ /* what a tap did; its words in the detail */
  FIFOLAB_EVENT_WATCH,              /*< nick=watch >*/ /* a call or event a watch saw; its line in the detail */
  FIFOLAB_EVENT_LAST,               /*< skip >*/
} FifolabEventKind;

typedef enum
{
  FIFOLAB_READER_IDLE,               /*< nick=idle >*/
  FIFOLAB_READER_WAITING_FOR_WRITER, /*< nick=waiting-for-writer >*/
  FIFOLAB_READER_RECEIVING,          /*< nick=receiving >*/
  FIFOLAB_READER_END_OF_STREAM,      /*< nick=end-of-stream >*/
  FIFOLAB_READER_CLOSED,             /*< nick=closed >*/
  FIFOLAB_READER_FAILED,             /*< nick=failed >*/
} FifolabReaderState;

typedef enum
{
  FIFOLAB_WRITER_IDLE,               /*< nick=idle >*/
  FIFOLAB_WRITER_WAITING_FOR_READER, /*< nick=waiting-for-reader >*/
  FIFOLAB_WRITER_CONNECTED,          /*< nick=connected >*/
  FIFOLAB_WRITER_READER_GONE,        /*< nick=reader-gone >*/
  FIFOLAB_WRITER_CLOSED,             /*< nick=closed >*/
  FIFOLAB_WRITER_FAILED,             /*< nick=failed >*/
} FifolabWriterState;

typedef enum /*< flags >*/
{
  FIFOLAB_ACCESS_NONE  = 0,
  FIFOLAB_ACCESS_READ  = 1 << 0, /*< nick=read >*/
  FIFOLAB_ACCESS_WRITE = 1 << 1, /*< nick=write >*/
} FifolabAccess;

typedef enum
{
  FIFOLAB_EXPORT_JSON_LINES, /*< nick=jsonl >*/
  FIFOLAB_EXPORT_CSV,        /*< nick=csv >*/
  FIFOLAB_EXPORT_SEED_TEXT,  /*< nick=text >*/
  FIFOLAB_EXPORT_PCAPNG,     /*< nick=pcapng >*/ /* the watched writes and reads */
} FifolabExportFormat;

G_END_DECLS
