/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fifolab-step-outcome.h"
#include "fifolab-types.h"

typedef enum
{
  CALL_OTHER,
  CALL_WRITE,
  CALL_READ,
  CALL_OPEN,
} CallKind;

static CallKind
call_kind (const FifolabWatchRecord *record)
{
  /* An open first: the record of an open of the write end may carry the
   * write direction, and it is no write. */
  if (record->syscall != NULL && g_str_has_prefix (record->syscall, "open"))
    return CALL_OPEN;
  if (record->is_write)
    return CALL_WRITE;
  if (record->is_read)
    return CALL_READ;
  return CALL_OTHER;
}

/* What an open with @flags (-1: not known, a record of an older watch) can
 * do on a FIFO. Blocking, for reading or for writing: at once, or it waits
 * for the other end. Non-blocking for writing: at once, or ENXIO without a
 * reader. The others cannot wait nor fail for want of the other end: for
 * reading non-blocking, it returns at once, writer or not; O_RDWR is an end
 * of each kind, its own other end; O_PATH opens no end at all. They offer
 * no choice, as a close does: with one possible answer there is nothing to
 * predict, and a lone button always "right" would teach that these opens
 * might do otherwise. fifolab_step_guess_none_why() says why instead. */
static guint
open_guesses (int              flags,
              FifolabStepGuess out[FIFOLAB_STEP_MAX_GUESSES])
{
  if (flags < 0)
    {
      out[0] = FIFOLAB_STEP_GUESS_AT_ONCE;
      out[1] = FIFOLAB_STEP_GUESS_BLOCKS;
      out[2] = FIFOLAB_STEP_GUESS_ENXIO;
      return 3;
    }
  if ((flags & O_PATH) || (flags & O_ACCMODE) == O_RDWR)
    return 0;
  if ((flags & O_NONBLOCK) == 0)
    {
      out[0] = FIFOLAB_STEP_GUESS_AT_ONCE;
      out[1] = FIFOLAB_STEP_GUESS_BLOCKS;
      return 2;
    }
  if ((flags & O_ACCMODE) == O_WRONLY)
    {
      out[0] = FIFOLAB_STEP_GUESS_AT_ONCE;
      out[1] = FIFOLAB_STEP_GUESS_ENXIO;
      return 2;
    }
  return 0;
}

const char *
fifolab_step_guess_none_why (const FifolabWatchRecord *pending)
{
  int flags;

  g_return_val_if_fail (pending != NULL, NULL);

  if (call_kind (pending) != CALL_OPEN || pending->open_flags < 0)
    return NULL;
  flags = pending->open_flags;
  if (flags & O_PATH)
    /* Translators: step mode, a held open() that offers no prediction. */
    return _("Nothing to predict: an O_PATH open only names the file, it opens no end of the pipe and never waits");
  if ((flags & O_ACCMODE) == O_RDWR)
    return _("Nothing to predict: opened for reading and writing (O_RDWR), the process holds both ends itself, so the open never waits");
  if ((flags & O_NONBLOCK) && (flags & O_ACCMODE) == O_RDONLY)
    return _("Nothing to predict: a non-blocking open for reading returns at once, with a writer or without");
  return NULL;
}

guint
fifolab_step_guesses (const FifolabWatchRecord *pending,
                      FifolabStepGuess          out[FIFOLAB_STEP_MAX_GUESSES])
{
  g_return_val_if_fail (pending != NULL, 0);

  switch (call_kind (pending))
    {
    case CALL_WRITE:
      out[0] = FIFOLAB_STEP_GUESS_AT_ONCE;
      out[1] = FIFOLAB_STEP_GUESS_BLOCKS;
      out[2] = FIFOLAB_STEP_GUESS_EPIPE;
      /* At most PIPE_BUF bytes go in together: only a larger write can
       * be torn. */
      if (pending->requested <= FIFOLAB_PIPE_BUF)
        return 3;
      out[3] = FIFOLAB_STEP_GUESS_TORN;
      return 4;
    case CALL_READ:
      out[0] = FIFOLAB_STEP_GUESS_AT_ONCE;
      out[1] = FIFOLAB_STEP_GUESS_BLOCKS;
      out[2] = FIFOLAB_STEP_GUESS_EOF;
      return 3;
    case CALL_OPEN:
      return open_guesses (pending->open_flags, out);
    case CALL_OTHER:
    default:
      return 0;
    }
}

const char *
fifolab_step_guess_label (const FifolabWatchRecord *pending,
                          FifolabStepGuess          guess)
{
  CallKind kind;

  g_return_val_if_fail (pending != NULL, NULL);

  kind = call_kind (pending);
  switch (guess)
    {
    case FIFOLAB_STEP_GUESS_AT_ONCE:
      if (kind == CALL_READ)
        /* Translators: a prediction of what a held read() will do. */
        return _("Returns data at once");
      return _("Returns at once");
    case FIFOLAB_STEP_GUESS_BLOCKS:
      if (kind == CALL_READ)
        return _("Blocks: the pipe is empty");
      if (kind == CALL_OPEN)
        return _("Blocks until the other end opens");
      return _("Blocks: the pipe is full");
    case FIFOLAB_STEP_GUESS_EOF:
      return _("Returns 0: end of file, no writer");
    case FIFOLAB_STEP_GUESS_EPIPE:
      return _("Fails with EPIPE and SIGPIPE: no reader");
    case FIFOLAB_STEP_GUESS_ENXIO:
      return _("Fails with ENXIO: non-blocking, no reader");
    case FIFOLAB_STEP_GUESS_TORN:
      /* Translators: a prediction of what a held write() larger than PIPE_BUF will do. */
      return _("Torn: another writer’s bytes come in between");
    case FIFOLAB_STEP_GUESS_NONE:
    default:
      return "";
    }
}

const char *
fifolab_step_guess_tooltip (const FifolabWatchRecord *pending,
                            FifolabStepGuess          guess)
{
  g_return_val_if_fail (pending != NULL, NULL);

  if (guess != FIFOLAB_STEP_GUESS_TORN)
    return NULL;
  /* Translators: the tooltip of the "Torn" prediction; PIPE_BUF is a name, 4096 its value on Linux. */
  return _("Only up to PIPE_BUF (4096) bytes of one write are sure to go into the pipe together. "
           "A larger write that finds the pipe full sleeps, and another writer’s bytes may go in "
           "before its next ones. Whether that happened shows in what the reader receives.");
}

const char *
fifolab_step_guess_name (const FifolabWatchRecord *pending,
                         FifolabStepGuess          guess)
{
  g_return_val_if_fail (pending != NULL, NULL);

  switch (guess)
    {
    case FIFOLAB_STEP_GUESS_AT_ONCE:
      if (call_kind (pending) == CALL_READ)
        /* Translators: in "You predicted: %s.", a prediction, short. */
        return _("returns data at once");
      return _("returns at once");
    case FIFOLAB_STEP_GUESS_BLOCKS:
      return _("blocks");
    case FIFOLAB_STEP_GUESS_EOF:
      return _("end of file");
    case FIFOLAB_STEP_GUESS_EPIPE:
      return "EPIPE";
    case FIFOLAB_STEP_GUESS_ENXIO:
      return "ENXIO";
    case FIFOLAB_STEP_GUESS_TORN:
      return _("torn");
    case FIFOLAB_STEP_GUESS_NONE:
    default:
      return "";
    }
}

static gboolean
failed (const FifolabWatchRecord *call)
{
  return call->result < 0 || call->error != 0;
}

gboolean
fifolab_step_guess_holds (FifolabStepGuess          guess,
                          const FifolabWatchRecord *call,
                          gboolean                  blocked)
{
  g_return_val_if_fail (call != NULL, FALSE);

  switch (guess)
    {
    case FIFOLAB_STEP_GUESS_AT_ONCE:
      /* A read "returns data": a read that returned 0 at once did not. */
      return !blocked && !failed (call) && (!call->is_read || call->result > 0);
    case FIFOLAB_STEP_GUESS_BLOCKS:
      return blocked;
    case FIFOLAB_STEP_GUESS_EOF:
      return call->is_read && !failed (call) && call->result == 0;
    case FIFOLAB_STEP_GUESS_EPIPE:
      return call->error == EPIPE;
    case FIFOLAB_STEP_GUESS_ENXIO:
      return call->error == ENXIO;
    case FIFOLAB_STEP_GUESS_TORN:
      /* Not in the call's record: fifolab_step_outcome_torn_verdict(). */
    case FIFOLAB_STEP_GUESS_NONE:
    default:
      return FALSE;
    }
}

static const char *
error_name (int error)
{
  const char *name = strerrorname_np (error);

  return name != NULL ? name : "E?";
}

/* What follows "then " or stands alone: "returned 22 bytes". */
static char *
describe_failure (const char               *syscall,
                  const FifolabWatchRecord *call,
                  const char               *secs)
{
  if (call->error == EPIPE)
    return secs != NULL
      /* Translators: "write blocked 1.4 s, then failed: EPIPE, SIGPIPE sent"; the kernel
       * sends SIGPIPE with every EPIPE of a write on a pipe. */
      ? g_strdup_printf (_("%s blocked %s s, then failed: EPIPE, SIGPIPE sent"), syscall, secs)
      : g_strdup_printf (_("%s failed: EPIPE, SIGPIPE sent"), syscall);
  if (call->error == ENXIO)
    return g_strdup_printf (_("%s failed: ENXIO, nobody has the pipe open for reading"), syscall);
  return secs != NULL
    /* Translators: the last %s is an errno name ("EINTR"). */
    ? g_strdup_printf (_("%s blocked %s s, then failed: %s"), syscall, secs, error_name (call->error))
    : g_strdup_printf (_("%s failed: %s"), syscall, error_name (call->error));
}

char *
fifolab_step_outcome_describe (const FifolabWatchRecord *call,
                               gboolean                  blocked)
{
  const char *syscall;
  g_autofree char *secs = NULL;
  int result;

  g_return_val_if_fail (call != NULL, NULL);

  syscall = call->syscall != NULL ? call->syscall : "?";
  /* At least 0.1: a call the watch saw asleep slept FIFOLAB_TRACER_BLOCKED_US. */
  if (blocked)
    secs = g_strdup_printf ("%.1f", MAX (call->blocked_us, 100000) / (double) G_USEC_PER_SEC);
  if (failed (call))
    return describe_failure (syscall, call, secs);

  result = (int) MIN (call->result, G_MAXINT);
  switch (call_kind (call))
    {
    case CALL_READ:
      if (result == 0)
        return secs != NULL
          ? g_strdup_printf (_("%s blocked %s s, then returned 0: end of file"), syscall, secs)
          : g_strdup_printf (_("%s returned 0: end of file"), syscall);
      return secs != NULL
        /* Translators: "read blocked 1.4 s, then returned 22 bytes". */
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s blocked %s s, then returned %d byte",
                                        "%s blocked %s s, then returned %d bytes", (gulong) result),
                           syscall, secs, result)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s returned %d byte at once",
                                        "%s returned %d bytes at once", (gulong) result),
                           syscall, result);
    case CALL_OPEN:
      return secs != NULL
        /* Translators: "openat blocked 2.0 s until the other end opened, then returned descriptor 3". */
        ? g_strdup_printf (_("%s blocked %s s until the other end opened, then returned descriptor %d"),
                           syscall, secs, result)
        : g_strdup_printf (_("%s returned descriptor %d at once"), syscall, result);
    case CALL_WRITE:
      if (secs == NULL && call->requested > call->result)
        /* Translators: a write that put only part of its bytes in: "write returned 4096 at
         * once, of 8192 bytes". */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s returned %d at once, of %d byte",
                                             "%s returned %d at once, of %d bytes",
                                             (gulong) call->requested),
                                syscall, result, (int) MIN (call->requested, G_MAXINT));
      G_GNUC_FALLTHROUGH;
    case CALL_OTHER:
    default:
      return secs != NULL
        /* Translators: "write blocked 1.4 s, then returned 22": a call, the time it slept
         * in the kernel, what it returned. */
        ? g_strdup_printf (_("%s blocked %s s, then returned %d"), syscall, secs, result)
        /* Translators: "write returned 22 at once". */
        : g_strdup_printf (_("%s returned %d at once"), syscall, result);
    }
}

char *
fifolab_step_outcome_verdict (const FifolabWatchRecord *pending,
                              FifolabStepGuess          guess,
                              const FifolabWatchRecord *call,
                              gboolean                  blocked)
{
  const char *name;

  g_return_val_if_fail (pending != NULL, NULL);
  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (guess != FIFOLAB_STEP_GUESS_NONE, NULL);

  name = fifolab_step_guess_name (pending, guess);
  if (fifolab_step_guess_holds (guess, call, blocked))
    /* Translators: %s is a prediction, short: "blocks", "end of file". */
    return g_strdup_printf (_("You predicted: %s. Right."), name);
  return g_strdup_printf (_("You predicted: %s. Not this time."), name);
}

char *
fifolab_step_outcome_torn_verdict (const FifolabWatchRecord *call,
                                   FifolabStepTornState      state)
{
  const char *name;
  gulong n;

  g_return_val_if_fail (call != NULL, NULL);

  name = fifolab_step_guess_name (call, FIFOLAB_STEP_GUESS_TORN);
  n = (gulong) MAX (call->result, 0);
  switch (state)
    {
    case FIFOLAB_STEP_TORN_WAITING:
      /* Translators: the verdict of the "torn" prediction, until the reader has read the write's bytes. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Whether it was torn shows when the reader has read this %lu byte",
                                           "Whether it was torn shows when the reader has read these %lu bytes", n),
                              n);
    case FIFOLAB_STEP_TORN_TORN:
      return g_strdup_printf (_("You predicted: %s. Right."), name);
    case FIFOLAB_STEP_TORN_WHOLE:
      return g_strdup_printf (_("You predicted: %s. Not this time."), name);
    case FIFOLAB_STEP_TORN_UNKNOWN:
    default:
      /* Translators: the verdict of the "torn" prediction when the bytes the reader read cannot show it
       * (several readers, bytes the watch did not see). */
      return g_strdup_printf (_("You predicted: %s. What the reader read cannot tell whether it was torn."), name);
    }
}
