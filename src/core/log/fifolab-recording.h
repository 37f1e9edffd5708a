/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fifolab-log.h"
#include "fifolab-types.h"
#include "fifolab-watch-record.h"

G_BEGIN_DECLS

/* A recording: a log exported as JSON Lines (fifolab_log_export()), read
 * back (docs/recording.md). Each line is one entry; the first line carries
 * a "recording" member (the format's version and the session's start), and
 * each watched write or read a "call" member (the call the watch observed,
 * with the keys of `fifolab-peer watch --json`). Files without these members
 * (exported before they existed) are read too: their entries have no calls.
 *
 * Reading is streaming, line by line, and blocks: from a worker thread (see
 * fifolab_recording_read_file_async()) or a command-line program. Bad input
 * is a G_IO_ERROR_INVALID_DATA whose translated message names the line. */

/* The version of the format this FIFO Lab writes and reads. */
#define FIFOLAB_RECORDING_VERSION 2

typedef struct _FifolabRecording FifolabRecording;

/* One entry as read. */
typedef struct
{
  guint64             serial;
  gint64              wall_us;
  gint64              mono_us;
  FifolabDirection    direction;
  FifolabEventKind    kind;          /* FIFOLAB_EVENT_NONE for messages */
  guint               flags;         /* FifolabMessageFlags */
  int                 framing;       /* a FifolabFraming, -1 for none */
  GRefString         *pipe;          /* the exact name; NULL for none */
  gint64              sender_pid;    /* -1 for none */
  gint64              receiver_pid;  /* -1 for none */
  GBytes             *bytes;
  FifolabWatchRecord *call;          /* the observed call, or NULL */
  gint64              logged_mono_us; /* "logged_mono_us", 0 for none */
} FifolabRecordingEntry;

FifolabRecording *fifolab_recording_read        (GInputStream        *stream,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
FifolabRecording *fifolab_recording_read_file   (GFile               *file,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
/* Reads @file in a worker thread. */
void              fifolab_recording_read_file_async  (GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
FifolabRecording *fifolab_recording_read_file_finish (GAsyncResult        *result,
                                                      GError             **error);
void              fifolab_recording_free        (FifolabRecording    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabRecording, fifolab_recording_free)

guint             fifolab_recording_get_n_entries (FifolabRecording  *self);
const FifolabRecordingEntry *
                  fifolab_recording_get_entry   (FifolabRecording    *self,
                                                 guint                index);
/* The version its first line says, 0 for a file exported before there was one. */
int               fifolab_recording_get_version (FifolabRecording    *self);
/* When the session began (wall clock, µs since the epoch), or -1 when the
 * file does not say. */
gint64            fifolab_recording_get_start_wall_us (FifolabRecording *self);
/* Appends to @log, a log that never held an entry, the next @max entries
 * not added yet (0: all of them), with their serials, times and calls, as
 * the live session made them. Returns TRUE when every entry is in. Call it
 * from the log's main context, in batches from an idle for a large file. */
gboolean          fifolab_recording_fill_log    (FifolabRecording    *self,
                                                 FifolabLog          *log,
                                                 guint                max);

/* For the export (fifolab-log-export.c): the members a recording adds to a
 * JSON Lines entry, after all the others. The first line's "recording",
 * with @time (the entry's "time") as the session's start: */
void              _fifolab_recording_add_header (JsonObject          *object,
                                                 const char          *time,
                                                 gint64               mono_us);
/* A Watch entry's "call": the watch record it logged, as
 * fifolab-peer watch --json writes it, then "exit_us". Appended to @out as
 * the member's text ("call":{…}), for the end of the entry's object. */
void              _fifolab_recording_append_call (GString                  *out,
                                                  const FifolabWatchRecord *record);

G_END_DECLS
