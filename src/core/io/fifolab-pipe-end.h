/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Internal to the core: what FifolabReader and FifolabWriter do the same way
 * with their end of a FIFO. A plain struct embedded in each of them (not an
 * object, not public API): the path, the safe non-blocking open (refusing
 * anything that is not a FIFO), the descriptor wrapped in a GUnixInputStream
 * or GUnixOutputStream, the pollable source that watches it, which FIFO
 * (device and inode) it is on, and the last failure. The endpoints keep their
 * states, signals and properties; these functions never emit or notify, they
 * return what changed so that the endpoint can. */
typedef struct
{
  char    *path;
  GObject *stream;   /* GUnixInputStream or GUnixOutputStream; owns fd */
  GSource *source;   /* the stream's pollable source, when watched */
  int      fd;       /* -1 when not open */
  dev_t    dev;      /* of the FIFO the last adopted descriptor is on */
  ino_t    ino;
  GError  *error;    /* the last failure, NULL when none */
} FifolabPipeEnd;

void      _fifolab_pipe_end_init          (FifolabPipeEnd  *end);

/* Inline: asked on every read and every message. */
static inline gboolean
_fifolab_pipe_end_is_open (FifolabPipeEnd *end)
{
  return end->stream != NULL;
}

/* Whether @pollable is still the stream: a signal handler run from its
 * source's callback may have closed or reopened the end. */
static inline gboolean
_fifolab_pipe_end_is_current (FifolabPipeEnd *end,
                              GObject        *pollable)
{
  return end->stream != NULL && end->stream == pollable;
}

/* Drops the stream and frees the path and the error. */
void      _fifolab_pipe_end_clear         (FifolabPipeEnd  *end);
/* fifolab_fifo_open() of the path: O_RDONLY or O_WRONLY, non-blocking. */
int       _fifolab_pipe_end_open_fd       (FifolabPipeEnd  *end,
                                           int              access_mode,
                                           GError         **error);
/* Takes @fd (opened by _fifolab_pipe_end_open_fd() with @access_mode) as the
 * stream, and remembers which FIFO it is on. Not watched yet. */
void      _fifolab_pipe_end_adopt         (FifolabPipeEnd  *end,
                                           int              fd,
                                           int              access_mode);
/* Watches the stream for readability or writability (by its access mode) on
 * the thread-default main context: @func is a GPollableSourceFunc. */
void      _fifolab_pipe_end_watch         (FifolabPipeEnd  *end,
                                           GCallback        func,
                                           gpointer         user_data,
                                           const char      *name,
                                           int              priority);
/* Destroys the watching source, if any (the stream stays open). */
void      _fifolab_pipe_end_unwatch       (FifolabPipeEnd  *end);
/* Destroys the source and closes the stream (never blocks for a pipe).
 * Returns whether it was open. */
gboolean  _fifolab_pipe_end_drop          (FifolabPipeEnd  *end);
/* Replaces the last failure (NULL clears it). Returns whether it changed:
 * FALSE only when there was none and none is set. */
gboolean  _fifolab_pipe_end_set_error     (FifolabPipeEnd  *end,
                                           const GError    *error);
/* With @fd < 0: whether the path still names the FIFO the end is on (FALSE
 * with a NOT_FOUND or CHANGED FIFOLAB_FIFO_ERROR otherwise). With @fd >= 0:
 * whether @fd, a new descriptor for the path, is open on that same FIFO
 * (FALSE with CHANGED otherwise). */
gboolean  _fifolab_pipe_end_still_ours    (FifolabPipeEnd  *end,
                                           int              fd,
                                           GError         **error);

/* For the endpoints' class_init: the properties both have, with the same
 * names, ranges and flags: path (construct-only), capacity and queued (-1
 * when not open; capacity is notified when the end opens or closes, queued
 * never), error (the last failure). */
void      _fifolab_pipe_end_class_properties (GParamSpec     **path,
                                              GParamSpec     **capacity,
                                              GParamSpec     **queued,
                                              GParamSpec     **error);
/* ::event (FifolabEventKind kind, const char *detail (nullable, translated)),
 * which both endpoints have. Returns the signal id. */
guint     _fifolab_pipe_end_new_event_signal (GType            type);

G_END_DECLS
