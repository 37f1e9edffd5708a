/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LOG_ENTRY (fifolab_log_entry_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLogEntry, fifolab_log_entry, FIFOLAB, LOG_ENTRY, GObject)

/* A row of a FifolabLog, made on demand (the log stores entries compactly).
 * Immutable. Properties mirror the getters. sender-pid is the pid the message
 * *claims* (-1 when none); receiver-pid is the pid of the process that read it
 * (for sent entries: FIFO Lab's own pid as sender, receiver -1). The bytes of
 * a sent or received message are the message without its framing, the same
 * for both directions; the framing is beside them. */
FifolabLogEntry  *fifolab_log_entry_new            (guint64              serial,
                                                    gint64               wall_us,
                                                    gint64               mono_us,
                                                    FifolabDirection     direction,
                                                    FifolabEventKind     kind,
                                                    guint                flags,
                                                    int                  framing,
                                                    const char          *pipe_path,
                                                    gint64               sender_pid,
                                                    gint64               receiver_pid,
                                                    GBytes              *bytes);
guint64           fifolab_log_entry_get_serial     (FifolabLogEntry *self);
gint64            fifolab_log_entry_get_wall_us    (FifolabLogEntry *self);
gint64            fifolab_log_entry_get_mono_us    (FifolabLogEntry *self);
/* When the entry was logged. The time above is when what it tells
 * happened: for a watched call, when the call began (a write that blocked
 * 7 s is told, and logged, when it returns; a "blocked" or "letting-go"
 * record while it is still inside); for a watched message, when the call
 * that delivered it began (a read asleep on an empty pipe: logged when it
 * returns, as its call); for any other entry the two are the same, unless
 * it came after an entry logged later than its time (by a slower path: a
 * message held for the inspector, a watch's record handled after FIFO
 * Lab's own read), when it is logged when it came. The log lists its
 * entries in the order they were logged: none before the one above it. */
gint64            fifolab_log_entry_get_logged_wall_us (FifolabLogEntry *self);
gint64            fifolab_log_entry_get_logged_mono_us (FifolabLogEntry *self);
/* The shortest delay that makes an entry "logged late": the log's time
 * column shows milliseconds. */
#define FIFOLAB_LOG_ENTRY_LATE_US 1000
/* Logged FIFOLAB_LOG_ENTRY_LATE_US or more after its time. */
gboolean          fifolab_log_entry_is_logged_late (FifolabLogEntry *self);
/* What a watch told: a Watch entry, or a watched message (whose time is
 * when a call began). */
gboolean          fifolab_log_entry_is_watched     (FifolabLogEntry *self);
FifolabDirection  fifolab_log_entry_get_direction  (FifolabLogEntry *self);
FifolabEventKind  fifolab_log_entry_get_kind       (FifolabLogEntry *self);
guint             fifolab_log_entry_get_flags      (FifolabLogEntry *self);
const char       *fifolab_log_entry_get_pipe_path  (FifolabLogEntry *self);
gint64            fifolab_log_entry_get_sender_pid (FifolabLogEntry *self);
gint64            fifolab_log_entry_get_receiver_pid (FifolabLogEntry *self);
/* The FifolabFraming of a sent or received message, -1 for other entries. */
int               fifolab_log_entry_get_framing    (FifolabLogEntry *self);
/* The exact bytes (payload; for events the detail text, may be empty). */
GBytes           *fifolab_log_entry_get_bytes      (FifolabLogEntry *self);
gsize             fifolab_log_entry_get_size       (FifolabLogEntry *self);
gboolean          fifolab_log_entry_get_evicted    (FifolabLogEntry *self);
/* fifolab_escape_for_display of the bytes, cut after 4096 characters
 * (cached). */
const char       *fifolab_log_entry_get_display_text (FifolabLogEntry *self);
/* What the log's search looks in: all of a message that shows as it is
 * (printable text, no backslash), else the display text. @len bytes of
 * UTF-8, not NUL-terminated. */
const char       *fifolab_log_entry_peek_text      (FifolabLogEntry *self,
                                                    gsize           *len);
/* The most characters of a row's text: more than the widest screen shows in a
 * row; the whole text is in the entry inspector. */
#define FIFOLAB_LOG_ENTRY_ROW_MAX_CHARS 512
/* The start of the display text, for a row: at most
 * FIFOLAB_LOG_ENTRY_ROW_MAX_CHARS characters, "…" when cut (cached). */
const char       *fifolab_log_entry_get_row_text   (FifolabLogEntry *self);
/* For events, the kind's explanation; NULL otherwise. */
const char       *fifolab_log_entry_get_explanation (FifolabLogEntry *self);

G_END_DECLS
