/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-holder-monitor.h"
#include "fifolab-holder-scan.h"
#include "fifolab-inspector.h"
#include "fifolab-log.h"
#include "fifolab-step-watch.h"
#include "fifolab-peer-process.h"
#include "fifolab-stream-trace.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LESSON (fifolab_lesson_get_type ())

/* How often a step that needs looking at has its processes looked at (an
 * observation, not a deadline: steps complete on what is seen). */
#define FIFOLAB_LESSON_OBSERVE_INTERVAL_MS 250

G_DECLARE_FINAL_TYPE (FifolabLesson, fifolab_lesson, FIFOLAB, LESSON, GObject)

/* The guided lessons: steps a student follows by clicking, re-enacting the seed
 * chapter and going past it. Each step has a title, what to do, why, and an
 * action (a button) that does it; a step is done when FIFO Lab *observes* that
 * it happened — a peer's output line or exit, a holders scan, a read — never
 * on a timer, and only once its action ran (what the steps before left
 * behind never passes a later step's check). One exception, said as such: a
 * step whose observation the step before's run already made (lesson 3's
 * writer closes at once: lesson 4) keeps what was seen then, with the pids,
 * bytes and time, and shows it, done, once it is the current step (never
 * before). Done, the step says what FIFO Lab saw
 * (get_step_outcome(): pids, bytes, errno, exit statuses) and WAITS: the
 * current step changes only through set_current() (the teacher's Next).
 *
 * The steps' actions and checks are in fifolab-lesson-steps.c; their texts
 * (title, what, why, action label) are data, fifolab-lessons.xml, translated
 * when first asked for, with their numbers filled in from the steps' own.
 *
 * A lesson works in a folder of its own (created 0700 under the parent given to
 * new()), with the processes it starts (peers, listed in get_peers()); close()
 * (and dispose) stops them and removes the folder.
 *
 * It sees who holds its pipes through a FifolabHolderMonitor (the
 * application's, so that one timer serves the window and the lessons; or,
 * when given none, one of its own): its pipes are watched there until
 * close(), and while the current step needs looking at (its action ran, it is
 * not done yet) it holds the monitor's interval at
 * FIFOLAB_LESSON_OBSERVE_INTERVAL_MS. Each scan of the monitor is an
 * observation: the scan property follows it, and the current step is checked.
 *
 * Properties: folder, pipe-path (read-only), log (construct-only, may be NULL),
 *   holder-monitor (construct-only; NULL makes one of its own),
 *   current (guint), n-steps, queued / capacity (gint64, of the read end the
 *   lesson itself holds in the full-pipe steps; -1 otherwise), scan (the last
 *   FifolabHolderScan of its pipes, notified on every new one), slow-motion
 *   (the writers started from then on wait a second before each message).
 * Signals: ::step-completed (guint index), ::outcome-changed (guint index:
 *   what the step saw was said, or said again with more), ::pipe-created
 *   (const char *path: a FIFO the lesson just made in its folder).
 *
 * The steps belong to nine lessons ("chapters", 1–9): a lesson has a title
 * and one or more steps, numbered from 1 within it.
 */
FifolabLesson     *fifolab_lesson_new              (const char     *parent_folder,
                                                    FifolabLog     *log,
                                                    GError        **error);
/* The same, observing through @monitor (NULL: one of its own). */
FifolabLesson     *fifolab_lesson_new_with_monitor (const char           *parent_folder,
                                                    FifolabLog           *log,
                                                    FifolabHolderMonitor *monitor,
                                                    GError              **error);
const char        *fifolab_lesson_get_folder       (FifolabLesson  *self);
/* my_pipe, in the lesson's folder. */
const char        *fifolab_lesson_get_pipe_path    (FifolabLesson  *self);
/* The pipe the current step is about, for a drawing: my_pipe, or
 * request_pipe in the conversation over two pipes. */
const char        *fifolab_lesson_get_stage_path   (FifolabLesson  *self);
guint              fifolab_lesson_get_n_steps      (FifolabLesson  *self);
const char        *fifolab_lesson_get_step_title   (FifolabLesson  *self,
                                                    guint           index);
const char        *fifolab_lesson_get_step_what    (FifolabLesson  *self,
                                                    guint           index);
const char        *fifolab_lesson_get_step_why     (FifolabLesson  *self,
                                                    guint           index);
/* The button's label and a stable id of the action ("mkfifo", "start-reader"...). */
const char        *fifolab_lesson_get_step_action_label (FifolabLesson *self,
                                                         guint          index);
const char        *fifolab_lesson_get_step_action_id (FifolabLesson *self,
                                                      guint          index);
/* The lesson number (1–9) a step belongs to. */
guint              fifolab_lesson_get_step_chapter (FifolabLesson  *self,
                                                    guint           index);
gboolean           fifolab_lesson_is_step_done     (FifolabLesson  *self,
                                                    guint           index);
guint              fifolab_lesson_get_current      (FifolabLesson  *self);
void               fifolab_lesson_set_current      (FifolabLesson  *self,
                                                    guint           index);
/* Does the current step's action. */
gboolean           fifolab_lesson_run_action       (FifolabLesson  *self,
                                                    GError        **error);
/* Does it again from a clean stage (what ran is stopped first); the step is
 * not done until it is seen again. */
gboolean           fifolab_lesson_replay           (FifolabLesson  *self,
                                                    GError        **error);
/* What FIFO Lab saw in step @index, in words and numbers; NULL until done. */
const char        *fifolab_lesson_get_step_outcome (FifolabLesson  *self,
                                                    guint           index);
/* The current step's action ran and FIFO Lab waits to see it happen. */
gboolean           fifolab_lesson_is_watching      (FifolabLesson  *self);
gboolean           fifolab_lesson_get_slow_motion  (FifolabLesson  *self);
void               fifolab_lesson_set_slow_motion  (FifolabLesson  *self,
                                                    gboolean        slow_motion);
/* The nine lessons: how many, each one's title (translated), first step and
 * number of steps (@chapter from 1); a step's number within its lesson (from 1). */
guint              fifolab_lesson_get_n_chapters   (FifolabLesson  *self);
const char        *fifolab_lesson_get_chapter_title (FifolabLesson *self,
                                                     guint          chapter);
guint              fifolab_lesson_get_chapter_first_step (FifolabLesson *self,
                                                          guint          chapter);
guint              fifolab_lesson_get_chapter_n_steps (FifolabLesson *self,
                                                       guint          chapter);
guint              fifolab_lesson_get_step_number  (FifolabLesson  *self,
                                                    guint           index);
/* FifolabPeerProcess items started by the lesson. */
GListModel        *fifolab_lesson_get_peers        (FifolabLesson  *self);
FifolabHolderScan *fifolab_lesson_get_scan         (FifolabLesson  *self);
FifolabHolderMonitor *fifolab_lesson_get_holder_monitor (FifolabLesson *self);
/* Lesson 7's byte stream: what FIFO Lab read there, with where each write,
 * read and message ended (empty until then, emptied by another step). */
FifolabStreamTrace *fifolab_lesson_get_stream_trace (FifolabLesson *self);
gssize             fifolab_lesson_get_queued       (FifolabLesson  *self);
gssize             fifolab_lesson_get_capacity     (FifolabLesson  *self);
/* Stops every process, closes every descriptor, removes the folder. Idempotent. */
void               fifolab_lesson_close            (FifolabLesson  *self);

/* Step mode: while @watch (a running FifolabStepWatch on the lesson's
 * pipe) is set, the processes the steps start on that pipe are started
 * held through it, traced from their first call (NULL: as usual). */
void               fifolab_lesson_set_step_watch   (FifolabLesson    *self,
                                                    FifolabStepWatch *watch);
FifolabStepWatch  *fifolab_lesson_get_step_watch   (FifolabLesson    *self);

G_END_DECLS
