/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-watch-record.h"

G_BEGIN_DECLS

/* Step mode's "torn" prediction (issue 16): whether another writer's bytes
 * came between the bytes of one write, decided from what reached the
 * reader, never from the time.
 *
 * Why from the reader's reads as the watch recorded them: a write's own
 * record cannot tell (the kernel does not say where its pieces went), the
 * log's messages are the reader's bytes cut by a framing (a line the
 * inspector marks torn may hold a whole write of one writer after the
 * piece of another's), and the times of the calls only say that a tear was
 * possible. The reads' records hold the very bytes the reader got, in the
 * order it got them (one reader, one thread: its reads do not overlap), so
 * they are the pipe's byte stream as it came out.
 *
 * In that stream, a write of N bytes is whole when its N bytes follow each
 * other, torn when anything else comes between them. Where its bytes begin
 * is found by the mark of its writer that every one of its messages
 * carries: the claim of its own pid ("[4211]", as in FIFO Lab's peers' and
 * the book's messages). Its bytes up to that claim are its "head"; the
 * process's earlier writes (all with the same head, each put in whole by
 * its call: checked) put their heads in the stream before its, so its own
 * is the one after theirs. From there the bytes read either equal its
 * bytes (whole once all N are read) or differ somewhere: another writer's
 * bytes came in between (a writer's own bytes go in in order), torn.
 * Another writer's bytes never hold the head, which claims this pid. A
 * tear inside a head would hide it: the kernel cuts a write only where it
 * slept on a full pipe, after its first piece (its size modulo the page,
 * merged into the last page) or after a whole page, so a head shorter than
 * the first cut is never cut; a longer one gives no verdict.
 *
 * The verdict is FIFOLAB_STEP_TORN_UNKNOWN (never a guess) when the stream
 * is not all there or not one: several processes or threads read the pipe
 * (which bytes went to which is known only from the order their reads
 * returned), a read's bytes were not all recorded, the write's bytes are
 * not all known (the record keeps the first FIFOLAB_WATCH_PAYLOAD_MAX:
 * give them to fifolab_step_torn_follow()), they carry no claim of their
 * writer's pid or a head the kernel may cut, an earlier write of the same
 * process was short or began otherwise, or more than
 * FIFOLAB_STEP_TORN_MAX_BYTES were read.
 * A reader the watch does not see takes bytes the stream then lacks, and
 * nothing here can tell: FIFO Lab's own reads (a lesson's pipe FIFO Lab
 * does not read; on the Processes page, the pipe may also be read in the
 * log) and a process step mode did not start. */

#define FIFOLAB_STEP_TORN_MAX_BYTES (64 * 1024 * 1024)

typedef enum
{
  FIFOLAB_STEP_TORN_WAITING,  /* not all of its bytes have been read yet */
  FIFOLAB_STEP_TORN_WHOLE,    /* its bytes reached the reader one after the other */
  FIFOLAB_STEP_TORN_TORN,     /* another writer's bytes came between them */
  FIFOLAB_STEP_TORN_UNKNOWN,  /* what was read cannot tell (see above) */
} FifolabStepTornState;

typedef struct _FifolabStepTorn FifolabStepTorn;

FifolabStepTorn     *fifolab_step_torn_new     (void);
void                 fifolab_step_torn_free    (FifolabStepTorn          *self);
/* Every record of the watch, in the order it told them. */
void                 fifolab_step_torn_add     (FifolabStepTorn          *self,
                                                const FifolabWatchRecord *record);
/* Follows the write whose CALL record is @call, just added (before any
 * later record of its process): @message its whole bytes when known
 * (NULL: the record's payload, when it holds them all). Returns its id
 * (never 0) for get() and forget(). */
guint                fifolab_step_torn_follow  (FifolabStepTorn          *self,
                                                const FifolabWatchRecord *call,
                                                GBytes                   *message);
FifolabStepTornState fifolab_step_torn_get     (FifolabStepTorn          *self,
                                                guint                     id);
void                 fifolab_step_torn_forget  (FifolabStepTorn          *self,
                                                guint                     id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabStepTorn, fifolab_step_torn_free)

G_END_DECLS
