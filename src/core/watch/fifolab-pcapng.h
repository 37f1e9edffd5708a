/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-watch-record.h"

G_BEGIN_DECLS

/* The link type of every capture: LINKTYPE_USER0. */
#define FIFOLAB_PCAPNG_LINKTYPE 147
/* The fixed header before each packet's payload (docs/pcapng.md). */
#define FIFOLAB_PCAPNG_HEADER_SIZE 64
#define FIFOLAB_PCAPNG_MAGIC "FLAB"
#define FIFOLAB_PCAPNG_VERSION 1
/* At most this many payload bytes of one call are kept (the packet's
 * original length still says how many there were). */
#define FIFOLAB_PCAPNG_MAX_PAYLOAD (16 * 1024 * 1024)

typedef enum
{
  FIFOLAB_PCAPNG_WRITE = 0, /* the process put the bytes into the pipe */
  FIFOLAB_PCAPNG_READ  = 1, /* the process took the bytes out of it */
} FifolabPcapngDirection;

#define FIFOLAB_TYPE_PCAPNG_WRITER (fifolab_pcapng_writer_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPcapngWriter, fifolab_pcapng_writer, FIFOLAB, PCAPNG_WRITER, GObject)

/* Writes a pcapng capture of observed reads and writes on a FIFO to @stream:
 * a Section Header Block and one Interface Description Block (named
 * @pipe_name when not NULL) at the first packet or at close, then one
 * Enhanced Packet Block per call. Synchronous: use it on one thread (a
 * GTask's worker for a file). Blocks are buffered and written whole. */
FifolabPcapngWriter *fifolab_pcapng_writer_new  (GOutputStream          *stream,
                                                 const char             *pipe_name);
/* One observed call. @time_us is wall-clock time (g_get_real_time()); @comm
 * the command name (at most 15 bytes are kept); @syscall its name ("write",
 * "read", "writev"...), stored as the number of this machine's architecture
 * (-1 when unknown); @result the call's return value (-1 with @errno_value
 * on failure); @data/@size the bytes it moved. */
gboolean  fifolab_pcapng_writer_add_packet      (FifolabPcapngWriter    *self,
                                                 gint64                  time_us,
                                                 gint64                  pid,
                                                 gint64                  tid,
                                                 const char             *comm,
                                                 int                     fd,
                                                 FifolabPcapngDirection  direction,
                                                 const char             *syscall,
                                                 gint64                  result,
                                                 int                     errno_value,
                                                 gint64                  blocked_us,
                                                 const guint8           *data,
                                                 gsize                   size,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* The packet of a watched call (fifolab-peer watch's record) at wall-clock
 * @time_us: its pid, thread, command, descriptor, call, result, errno and
 * time blocked, and the bytes the pipe took or gave (a write's buffer beyond
 * its result was not written; a failed call or an end of file has none).
 * Anything but a write or read adds nothing and returns TRUE. */
gboolean  fifolab_pcapng_writer_add_record      (FifolabPcapngWriter      *self,
                                                 const FifolabWatchRecord *record,
                                                 gint64                    time_us,
                                                 GCancellable             *cancellable,
                                                 GError                  **error);
/* Writes the headers if no packet was added, then flushes the stream (it
 * does not close it). */
gboolean  fifolab_pcapng_writer_finish          (FifolabPcapngWriter    *self,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
guint64   fifolab_pcapng_writer_get_n_packets   (FifolabPcapngWriter    *self);
/* The packet comment for a call, as written in the file: English, as a file
 * format's text is ("pid 1234 (python3) write 22 bytes"). Transfer full. */
char     *fifolab_pcapng_format_comment         (gint64                  pid,
                                                 const char             *comm,
                                                 const char             *syscall,
                                                 gint64                  result,
                                                 int                     errno_value,
                                                 gint64                  blocked_us);
/* The number of @syscall on this architecture, or -1. */
int       fifolab_pcapng_syscall_number         (const char             *syscall);

G_END_DECLS
