/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the lesson engine (fifolab-lesson.c: sequencing, state, signals,
 * observation, prose) and its steps (fifolab-lesson-steps.c: each step's
 * action and check). Not for other units. */

#include "fifolab-lesson.h"
#include "fifolab-step-watch.h"
#include "fifolab-lesson-prose.h"
#include "fifolab-reader.h"

G_BEGIN_DECLS

struct _FifolabLesson
{
  GObject             parent_instance;

  char               *folder;
  char               *pipe;
  char               *request;
  char               *reply;
  FifolabLog         *log;
  FifolabInspector   *inspector;
  GListStore         *peers;
  int                 deferred_step; /* waits for the last stage's processes, or -1 */
  gboolean            waiting;       /* for one of them to exit (wait_async) */
  GCancellable       *cancellable;
  FifolabHolderMonitor *monitor;     /* scans the lesson's pipes (shared or its own) */
  gboolean            observing;     /* its pipes watched, ::scanned connected */
  gboolean            fast_held;     /* FIFOLAB_LESSON_OBSERVE_INTERVAL_MS held on it */
  int                 acted_step;    /* the current step once its action ran, or -1 */
  FifolabHolderScan  *scan;
  gint64              scan_started;  /* monotonic time the last finished scan began */
  char              **prose;         /* translated texts, step × key, each made when asked */
  char              **outcomes;      /* what FIFO Lab saw, per step, once done */
  char              **kept;          /* seen before the step was reached, per step */
  /* Per step with a describe_past(): what it said of its process, in the
   * past, and that process; shown instead once the process has exited or
   * a later step's action ran (its state is no longer what was said). */
  char              **pasts;
  FifolabPeerProcess **subjects;
  guint64             moved_on;      /* bit per step: a later action ran since */
  int                 stage_step;    /* the step whose action set up the stage, or -1 */
  gboolean            slow_motion;   /* writers wait before each message */
  FifolabStepWatch   *step_watch;    /* step mode: its peers start held, or NULL */

  guint               current;
  guint64             done;          /* bit per step */
  gboolean            closed;

  /* What the steps started and saw (fifolab-lesson-steps.c). */
  FifolabPeerProcess *reader;
  FifolabPeerProcess *writer;
  FifolabPeerProcess *writer2;
  gboolean            reader_pending; /* lesson 6: started once both writers wait */
  gint64              reader_started;
  gint64              writer_started;
  gint64              writer_exited_us; /* wall clock, when its exit was seen; 0 before */
  gboolean            enxio_seen;
  char               *template_;
  guint               lines;
  guint               whole;
  guint               torn;
  /* The reader's line being logged: checked before its entry is appended,
   * counted and explained on ::output right after (see check_line()). */
  gboolean            line_checked;
  gboolean            line_whole;    /* of the template's shape */
  guint               line_flags;
  gint64              line_pid;
  gsize               line_len;
  int                 held_fd;       /* a read end held without reading, or -1 */
  FifolabReader      *stream_reader; /* reads the pipe once a step says so */
  gssize              first_read_messages;
  FifolabStreamTrace *stream;        /* lesson 7: its reads, writes and messages */
  gboolean            tracing;
  gboolean            drained;
  guint64             read_bytes;    /* what FIFO Lab read in the full-pipe steps */
  FifolabPeerProcess *server;        /* lesson 9's shell, a listed peer */
  GPid                server_pid;
};

typedef struct
{
  const char  *id;    /* the action id, and the step's id in fifolab-lessons.xml */
  /* The engine ends what the steps before started (reset_stage) before the
   * action runs, and runs it only once all of that has exited. */
  gboolean     new_stage;
  /* Its check needs the processes looked at (a holders scan, what they wait
   * in, the bytes queued): once its action ran, and until it is done, the
   * lesson asks for scans every FIFOLAB_LESSON_OBSERVE_INTERVAL_MS. The
   * other checks run on events (a peer's line or exit, a read). */
  gboolean     observe;
  gboolean   (*action) (FifolabLesson  *self,
                        GError        **error);
  gboolean   (*check)  (FifolabLesson  *self);
  /* What FIFO Lab saw, in words and numbers (pids, bytes, errno, exit
   * statuses), once the check passed; asked again while the step stays the
   * current one, as more of it is seen (a later exit status). */
  char      *(*describe) (FifolabLesson *self);
  /* Optional, for a describe() that says what a process is doing now
   * (waiting inside open(), sleeping inside write()): the same said in the
   * past, and (transfer none) the process it is about. Shown, with how it
   * exited, once that is no longer true (see pasts). */
  char      *(*describe_past) (FifolabLesson       *self,
                               FifolabPeerProcess **subject);
  /* Optional: what the step shows may already happen while the step before
   * is shown (lesson 3's writer writes and closes at once: lesson 4's end).
   * seen_before() is asked on the stage the step before's action set up;
   * once TRUE, describe_before() says what was seen then, with the time,
   * kept until the teacher reaches the step: it is shown, and done, then. */
  gboolean   (*seen_before)     (FifolabLesson *self);
  char      *(*describe_before) (FifolabLesson *self);
  /* The stage draws request_pipe, where the step's writer and the server
   * meet, instead of my_pipe (the conversation over two pipes). */
  gboolean     on_request_pipe;
} FifolabLessonStep;

/* fifolab-lesson-steps.c */
const FifolabLessonStep *_fifolab_lesson_steps_get        (guint         *n_steps);
/* How many steps, and step @index (< the count). */
guint                    _fifolab_lesson_steps_count      (void);
const FifolabLessonStep *_fifolab_lesson_steps_nth        (guint          index);
/* The title of lesson @chapter (1-based), untranslated. */
const char              *_fifolab_lesson_steps_get_chapter_title (guint chapter);
/* The numbers the prose's placeholders stand for. */
const FifolabProseValue *_fifolab_lesson_steps_get_values (gsize         *n_values);
/* Lets go of the processes and descriptors the steps hold (the peers are
 * stopped by then). */
void                     _fifolab_lesson_steps_release    (FifolabLesson *self);
/* The same, and forgets what the steps saw. */
void                     _fifolab_lesson_steps_reset      (FifolabLesson *self);
/* Each observation of the processes, before the current step is checked. */
void                     _fifolab_lesson_steps_observe    (FifolabLesson *self);
gssize                   _fifolab_lesson_steps_get_queued   (FifolabLesson *self);
gssize                   _fifolab_lesson_steps_get_capacity (FifolabLesson *self);

/* fifolab-lesson-outcomes.c: each step's describe(). */
char *_fifolab_lesson_describe_mkfifo (FifolabLesson *self);
char *_fifolab_lesson_describe_reader_waits (FifolabLesson *self);
char *_fifolab_lesson_describe_seed_line (FifolabLesson *self);
char *_fifolab_lesson_describe_end_of_stream (FifolabLesson *self);
char *_fifolab_lesson_describe_writer_waits (FifolabLesson *self);
char *_fifolab_lesson_describe_epipe (FifolabLesson *self);
char *_fifolab_lesson_describe_two_writers (FifolabLesson *self);
char *_fifolab_lesson_describe_byte_stream (FifolabLesson *self);
char *_fifolab_lesson_describe_full (FifolabLesson *self);
char *_fifolab_lesson_describe_drained (FifolabLesson *self);
char *_fifolab_lesson_describe_conversation (FifolabLesson *self);
char *_fifolab_lesson_describe_closed_before (FifolabLesson *self);
char *_fifolab_lesson_describe_reader_waited (FifolabLesson *self, FifolabPeerProcess **subject);
char *_fifolab_lesson_describe_writer_waited (FifolabLesson *self, FifolabPeerProcess **subject);
char *_fifolab_lesson_describe_was_full (FifolabLesson *self, FifolabPeerProcess **subject);
/* @past, then how @subject exited, if it has. */
char *_fifolab_lesson_describe_ended (const char *past, FifolabPeerProcess *subject);

/* Step mode: whether @peer is held before a call whose name begins with
 * @call ("open", "write"): at its gate, not yet seized (before any call),
 * or with that call pending. Not running or not held: FALSE. */
gboolean _fifolab_lesson_is_held_before (FifolabLesson      *self,
                                         FifolabPeerProcess *peer,
                                         const char         *call);

/* fifolab-lesson-text.c: frees FifolabLesson.prose (entries may be NULL). */
void _fifolab_lesson_free_prose (char **texts);

/* fifolab-lesson.c, for the steps */
/* Ends what the steps before started. FALSE while some of it still runs:
 * the action must then return at once; it runs again once all has exited. */
gboolean                 _fifolab_lesson_reset_stage      (FifolabLesson  *self);
gboolean                 _fifolab_lesson_ensure_pipe      (FifolabLesson  *self,
                                                           const char     *path,
                                                           GError        **error);
void                     _fifolab_lesson_evaluate         (FifolabLesson  *self);
/* The queued bytes changed (and, with @capacity_too, the read end itself). */
void                     _fifolab_lesson_notify_queued    (FifolabLesson  *self,
                                                           gboolean        capacity_too);
/* Prose checks for the tests: every step has its texts and every
 * placeholder a number; each translation fills too. */
gboolean                 _fifolab_lesson_check_prose      (FifolabLessonProse *prose,
                                                           GError            **error);

/* For tests: the inspector that checks the lesson's messages. */
FifolabInspector *_fifolab_lesson_get_inspector (FifolabLesson *self);

G_END_DECLS
