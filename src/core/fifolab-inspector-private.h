/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by fifolab-inspector.c (what is found in messages, and reported)
 * and fifolab-inspector-checks.c (the checks of claimed pids in a worker). */

#include "fifolab-inspector.h"

G_BEGIN_DECLS

/* How long a claimed pid found not writing to a pipe is taken as such before
 * /proc is looked at again (GObject property "recheck-interval", in ms). A
 * flood of messages claiming a pid that does not write would otherwise cost a
 * walk of that process's descriptors each. */
#define DEFAULT_RECHECK_INTERVAL_MS 250
/* Pids remembered as not writing, per pipe, before they are all forgotten. */
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
 * another pid is then reported unseen at once (it was not seen: it could
 * not be looked at). */
#define MAX_PENDING_CHECKS 64
/* Messages waiting for a verdict, in all, and the payload bytes they hold;
 * beyond that a message is reported unseen at once too. */
#define MAX_WAITERS        16384
#define MAX_WAITER_BYTES   (16 * 1024 * 1024)
/* Descriptors a worker walks between two looks at its cancellable. */
#define CANCEL_CHECK_EVERY 1024
/* Waiting messages marked unseen per main-loop iteration once their verdict
 * is in: all of them at once could hold the loop (up to MAX_WAITERS). */
#define DELIVER_SLICE      256

/* A message whose claimed pid is being checked: either held back by its
 * owner (@func, told the verdict), or not held back (@func NULL: a PID_UNSEEN
 * verdict is explained by an event in the inspector's log). */
typedef struct
{
  FifolabVerdictFunc func;
  gpointer    user_data;
  guint64     ticket;
  gsize       len;
} Waiter;

/* One (pipe, pid) pair to check, with the messages that wait for it. */
typedef struct
{
  char   *path;
  gint64  pid;
  GArray *waiters;      /* Waiter */
  guint   delivered;    /* waiters told so far, once the verdict is in */
  guint   verdict;      /* 0 (writing) or FIFOLAB_MESSAGE_PID_UNSEEN */
} Check;

/* What a worker is given: its own copy, the Check stays on the main thread. */
typedef struct
{
  char   *path;
  gint64  pid;
} CheckJob;

struct _FifolabInspector
{
  GObject     parent_instance;

  FifolabLog *log;
  char       *default_template;
  GHashTable *templates;  /* path → template */
  GHashTable *writers;    /* path → GHashTable set of gint64 pids */
  GHashTable *absent;     /* path → GHashTable gint64 pid → gint64 µs it was found not writing */
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
/* In fifolab-inspector.c. */
void      _fifolab_inspector_note_absent  (FifolabInspector *self,
                                           const char       *path,
                                           gint64            pid,
                                           gint64            now_us);

G_END_DECLS
