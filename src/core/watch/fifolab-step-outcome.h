/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-step-torn.h"
#include "fifolab-watch-record.h"

G_BEGIN_DECLS

/* Step mode's "predict, then see" (issue 16): what a class may predict of a
 * held call (a PENDING record), and what the call really did, in words,
 * from the watch's own record of it (its CALL record: result, errno, time
 * blocked) and whether the watch saw it asleep in the kernel (a BLOCKED
 * record of it came before that record). Nothing here is guessed from the
 * time or from the pipe's state: a call "blocked" only when the watch said
 * it slept inside it.
 *
 * The choices per call kind, each an outcome one call's record can show:
 *   write: returns at once, blocks (the pipe is full), EPIPE and SIGPIPE;
 *   read:  returns data at once, blocks (the pipe is empty), end of file;
 *   open:  per its flags (open_flags): blocking O_RDONLY or O_WRONLY,
 *          returns at once or blocks until the other end opens;
 *          O_WRONLY|O_NONBLOCK, returns at once or ENXIO; O_RDONLY|O_NONBLOCK,
 *          O_RDWR and O_PATH, none (they cannot wait nor fail for want of
 *          the other end); flags not known, all three;
 *   close and the others: none (close returns at once; what it changes is
 *   seen by the other end's calls).
 * and for a write larger than PIPE_BUF (only such a write can the kernel
 * cut: at most PIPE_BUF bytes go in together), "torn": another writer's
 * bytes come between its own. That one is not in the write's record: the
 * reader's bytes show it (fifolab-step-torn.h), so its verdict waits for
 * them (fifolab_step_outcome_torn_verdict()). It is offered whether or not
 * another writer holds the pipe open when the call is held: one may open it
 * while the write sleeps on a full pipe, and "not torn, nobody else
 * writes" is a prediction worth making too. */
typedef enum
{
  FIFOLAB_STEP_GUESS_NONE,
  FIFOLAB_STEP_GUESS_AT_ONCE,  /* returns at once (a read: with data) */
  FIFOLAB_STEP_GUESS_BLOCKS,   /* sleeps in the kernel inside the call */
  FIFOLAB_STEP_GUESS_EOF,      /* a read returns 0 */
  FIFOLAB_STEP_GUESS_EPIPE,    /* a write fails with EPIPE (SIGPIPE sent) */
  FIFOLAB_STEP_GUESS_ENXIO,    /* an open fails with ENXIO */
  FIFOLAB_STEP_GUESS_TORN,     /* a write: another writer's bytes come between its own */
} FifolabStepGuess;

#define FIFOLAB_STEP_MAX_GUESSES 4

/* The choices offered for @pending, in @out (FIFOLAB_STEP_MAX_GUESSES at
 * most); returns how many (0: none for that call). */
guint             fifolab_step_guesses          (const FifolabWatchRecord *pending,
                                                 FifolabStepGuess          out[FIFOLAB_STEP_MAX_GUESSES]);
/* Why @pending offers no choice, translated, when the call could (an open
 * whose flags leave one outcome): "Nothing to predict: …"; else NULL. */
const char       *fifolab_step_guess_none_why   (const FifolabWatchRecord *pending);
/* The choice on its button, translated: "Blocks: the pipe is empty". */
const char       *fifolab_step_guess_label      (const FifolabWatchRecord *pending,
                                                 FifolabStepGuess          guess);
/* Why the choice may come true, translated, for its tooltip; NULL when
 * its label says it all. */
const char       *fifolab_step_guess_tooltip    (const FifolabWatchRecord *pending,
                                                 FifolabStepGuess          guess);
/* The choice, short, translated, for the verdict: "blocks". */
const char       *fifolab_step_guess_name       (const FifolabWatchRecord *pending,
                                                 FifolabStepGuess          guess);
/* Whether @guess came true for the call whose record is @call (@blocked:
 * the watch saw it asleep in the kernel). A read that blocked, then
 * returned 0 makes both "blocks" and "end of file" true. FALSE for "torn",
 * which the record cannot show. */
gboolean          fifolab_step_guess_holds      (FifolabStepGuess          guess,
                                                 const FifolabWatchRecord *call,
                                                 gboolean                  blocked);
/* "read blocked 1.4 s, then returned 22 bytes", "write failed: EPIPE,
 * SIGPIPE sent": @call (a CALL record) in words, translated. Transfer full. */
char             *fifolab_step_outcome_describe (const FifolabWatchRecord *call,
                                                 gboolean                  blocked);
/* "You predicted: blocks. Right." or "... Not this time.", translated;
 * transfer full. */
char             *fifolab_step_outcome_verdict  (const FifolabWatchRecord *pending,
                                                 FifolabStepGuess          guess,
                                                 const FifolabWatchRecord *call,
                                                 gboolean                  blocked);
/* The verdict of "torn" for the write whose record is @call, from what the
 * reader's bytes say (@state): "Whether it was torn shows when the reader
 * has read these 100025 bytes" while they wait, then "You predicted: torn.
 * Right." or "... Not this time.", or that the bytes read cannot tell.
 * Translated, transfer full. */
char             *fifolab_step_outcome_torn_verdict (const FifolabWatchRecord *call,
                                                     FifolabStepTornState      state);

G_END_DECLS
