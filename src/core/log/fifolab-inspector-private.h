/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by fifolab-inspector.c (what is found in messages, and reported)
 * and fifolab-inspector-checks.c (the checks of claimed pids in a worker). */

#include "fifolab-inspector.h"

G_BEGIN_DECLS

/* How long the verdict on a claimed pid that was not found writing to a pipe
 * (contradicted, or not checked) is kept before /proc is looked at again
 * (GObject property "recheck-interval", in ms). A flood of messages claiming
 * a pid that does not write would otherwise cost a walk of that process's
 * descriptors each. */
#define DEFAULT_RECHECK_INTERVAL_MS 250
/* Verdicts remembered per pipe, before they are all forgotten. */
#define MAX_ABSENT 4096

/* Whether a claimed pid holds the pipe is found by walking that process's
 * /proc/PID/fd, which may hold a million descriptors: never on the main
 * thread. One worker at a time per inspector takes the checks in turn; a
 * (pipe, pid) pair waiting for its check or being checked is not queued
 * again, and one found not writing is not checked again within the recheck
 * interval. So a message costs the main loop a few table look-ups whatever
 * it claims, and the messages that claim a pid being checked wait for the
 * verdict (held back by the session until it comes, or explained by an event
 * when it is PID_UNSEEN).
 *
 * The pairs waiting or being checked, at most: a message claiming yet
 * another pid is then not checked (it could not be looked at, which
 * contradicts nothing). */
#define MAX_PENDING_CHECKS 64
/* Messages waiting for a verdict, in all, and the payload bytes they hold;
 * beyond that a message is not checked either. */
#define MAX_WAITERS        16384
#define MAX_WAITER_BYTES   (16 * 1024 * 1024)
/* Descriptors a worker walks between two looks at its cancellable. */
#define CANCEL_CHECK_EVERY 1024
/* Waiting messages marked unseen per main-loop iteration once their verdict
 * is in: all of them at once could hold the loop (up to MAX_WAITERS). */
#define DELIVER_SLICE      256

/* A message whose claimed pid is being checked: either held back by its
 * owner (@func, told the verdict), or not held back (@func NULL: a
 * contradiction, PID_UNSEEN, is explained by an event in the inspector's
 * log). */
typedef struct
{
  FifolabVerdictFunc func;
  gpointer    user_data;
  guint64     ticket;
  gsize       len;
} Waiter;

/* A writer seen on a pipe, and whether it has exited since: asked of the
 * system (one stat) for the first message that needs it, the answer kept
 * until the next holder scan of the pipe (alive) or its end of stream (gone),
 * so that a flood of messages from one writer costs no system call each. */
typedef enum
{
  WRITER_NOT_ASKED,
  WRITER_ALIVE,
  WRITER_GONE,
} WriterLife;

typedef struct
{
  gint64     pid;       /* the key */
  WriterLife life;
} Writer;

/* One (pipe, pid) pair to check, with the messages that wait for it. */
typedef struct
{
  char   *path;
  gint64  pid;
  GArray *waiters;      /* Waiter */
  guint   delivered;    /* waiters told so far, once the verdict is in */
  guint   verdict;      /* PID_CONFIRMED, PID_UNSEEN (contradicted) or 0 (not checked) */
  gint64  queued_us;    /* when it was queued (monotonic) */
} Check;

/* What a worker is given, and what it finds: its own copies, the Check stays
 * on the main thread. */
typedef struct
{
  char   *path;
  gint64  pid;
  gint64  self_pid;
  guint   verdict;      /* as Check's, set by the worker */
  GArray *writers;      /* gint64: the other writers a scan found, or NULL */
} CheckJob;

struct _FifolabInspector
{
  GObject     parent_instance;

  FifolabLog *log;
  char       *default_template;
  GHashTable *templates;  /* path → template */
  gint64      self_pid;   /* FIFO Lab's own */
  GHashTable *writers;    /* path → GHashTable gint64 pid → Writer: seen writing since the last end of stream */
  GHashTable *absent;     /* path → GHashTable gint64 pid → Recent: a verdict other than confirmed */
  GHashTable *eofs;       /* path → gint64 µs (monotonic) of the last end of stream noted */
  GHashTable *told;       /* path → GHashTable set of gint64 pids whose WRITER_EXITED event is logged */
  guint       recheck_interval_ms;
  GHashTable *readers;    /* FifolabReader* (weak) → handler id */
  guint       n_torn;
  guint       n_unseen;

  GHashTable *checks;     /* Check* → itself: every check queued or running (owned) */
  GQueue      queue;      /* Check* not started yet, oldest first */
  Check      *running;    /* the one the worker has, or NULL */
  GQueue      deliveries; /* Check* with a verdict, waiters still to tell (owned) */
  GSource    *deliver_source; /* idle source marking them, on the
                               * thread-default context of the checks */
  GCancellable *cancellable; /* cancelled at dispose */
  guint       n_waiters;
  gsize       waiter_bytes;
};

void      _fifolab_inspector_init_checks  (FifolabInspector *self);
void      _fifolab_inspector_stop_checks  (FifolabInspector *self);
/* The check of (@path, @pid) queued or running, or NULL. */
Check    *_fifolab_inspector_find_check   (FifolabInspector *self,
                                           const char       *path,
                                           gint64            pid);
/* The check of (@path, @pid), queued now if it is not yet; NULL when it
 * cannot be (too many pending). */
Check    *_fifolab_inspector_queue_check  (FifolabInspector *self,
                                           const char       *path,
                                           gint64            pid);
/* Has a message wait for the verdict on @check: FALSE when too many wait. */
gboolean  _fifolab_inspector_add_waiter   (FifolabInspector *self,
                                           Check            *check,
                                           const Waiter     *waiter);
/* Whether process @pid exists at all (one stat, not a walk). */
gboolean  _fifolab_process_exists         (gint64            pid);
/* In fifolab-inspector.c: a verdict other than confirmed, kept for the
 * recheck interval. */
typedef struct
{
  gint64 checked_us;
  guint  verdict;
} Recent;

void      _fifolab_inspector_note_absent  (FifolabInspector *self,
                                           const char       *path,
                                           gint64            pid,
                                           guint             verdict,
                                           gint64            now_us);
/* The monotonic time of the last end of stream noted on @path, or 0. */
gint64    _fifolab_inspector_last_eof     (FifolabInspector *self,
                                           const char       *path);

/* For tests: checks every message of @reader on its own (no session), from
 * now on until unwatch or dispose. */
void _fifolab_inspector_watch_reader   (FifolabInspector *self,
                                        FifolabReader    *reader);
void _fifolab_inspector_unwatch_reader (FifolabInspector *self,
                                        FifolabReader    *reader);

G_END_DECLS
