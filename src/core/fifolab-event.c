/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-enums.h"
#include "fifolab-event.h"
#include "fifolab-nick.h"

typedef struct
{
  FifolabEventKind  kind;
  const char       *title;
  const char       *explanation;
  const char       *icon_name;
} EventInfo;

/* Indexed by FifolabEventKind; the kind field lets a test check the order. */
static const EventInfo event_info[] = {
  { FIFOLAB_EVENT_NONE,
    N_("Event"),
    N_("Something happened on the pipe."),
    "dialog-information-symbolic" },
  { FIFOLAB_EVENT_CREATED,
    N_("Pipe created"),
    N_("mkfifo() made a named pipe: a name in the file system through which processes can exchange bytes. It holds no data itself; the kernel keeps the bytes in memory while both ends are open."),
    "list-add-symbolic" },
  { FIFOLAB_EVENT_DELETED,
    N_("Pipe deleted"),
    N_("The pipe’s name was removed with unlink(). Processes that still have it open keep using it; new processes can no longer open it by that name."),
    "user-trash-symbolic" },
  { FIFOLAB_EVENT_READER_OPENED,
    N_("Read end opened"),
    N_("FIFO Lab opened the pipe for reading with O_NONBLOCK, so the open returned at once instead of blocking until a writer arrives."),
    "document-open-symbolic" },
  { FIFOLAB_EVENT_WAITING_FOR_WRITER,
    N_("Waiting for a writer"),
    N_("No process has the pipe open for writing yet. A blocking open() for reading would wait here; FIFO Lab waits without blocking until data or a writer arrives."),
    "content-loading-symbolic" },
  { FIFOLAB_EVENT_WRITER_CONNECTED,
    N_("Writer connected"),
    N_("A process opened the pipe for writing, so the bytes it writes now reach this read end."),
    "network-transmit-receive-symbolic" },
  { FIFOLAB_EVENT_END_OF_STREAM,
    N_("End of stream"),
    N_("All writers closed the pipe, so read() returned 0 (end of file). FIFO Lab closes its read end and opens it again to wait for the next writer."),
    "media-playback-stop-symbolic" },
  { FIFOLAB_EVENT_REOPENED,
    N_("Read end reopened"),
    N_("After end of file, read() would keep returning 0 at once on the old descriptor, so FIFO Lab opened the pipe again to wait for the next writer."),
    "view-refresh-symbolic" },
  { FIFOLAB_EVENT_WAITING_FOR_READER,
    N_("Waiting for a reader"),
    N_("Opening a FIFO for writing without O_NONBLOCK blocks until a reader opens it; opened non-blocking it fails with ENXIO, so FIFO Lab retries."),
    "content-loading-symbolic" },
  { FIFOLAB_EVENT_READER_CONNECTED,
    N_("Reader connected"),
    N_("A process has the pipe open for reading, so the open for writing succeeded and written bytes now have somewhere to go."),
    "network-transmit-receive-symbolic" },
  { FIFOLAB_EVENT_NO_READER,
    N_("No reader"),
    N_("The last reader closed the pipe before it had everything FIFO Lab wrote: a write failed with EPIPE (the kernel also sent SIGPIPE, which FIFO Lab ignores), or bytes were left unread. Those bytes are lost. A reader that leaves after reading everything is not an error: that is “Reader left”."),
    "dialog-warning-symbolic" },
  { FIFOLAB_EVENT_PIPE_FULL,
    N_("Pipe full"),
    N_("The pipe’s buffer (64 KiB by default) is full because the reader is not draining it. A blocking writer waits until the reader reads; a non-blocking write fails with EAGAIN."),
    "dialog-warning-symbolic" },
  { FIFOLAB_EVENT_PIPE_REMOVED,
    N_("Pipe removed"),
    N_("The pipe’s name disappeared from the folder. Open descriptors still work, but no new process can open it by name."),
    "edit-delete-symbolic" },
  { FIFOLAB_EVENT_OVERLONG,
    N_("Message too long"),
    N_("A message was longer than the largest message FIFO Lab keeps in one piece, so it is shown in several pieces. No byte was dropped."),
    "dialog-warning-symbolic" },
  { FIFOLAB_EVENT_NOT_ATOMIC,
    N_("Write not atomic"),
    N_("The kernel only keeps writes of up to PIPE_BUF (4096 bytes) in one piece. A larger write may be split and interleaved with other writers’ data."),
    "dialog-warning-symbolic" },
  { FIFOLAB_EVENT_TORN,
    N_("Torn message"),
    N_("This message looks interleaved with another writer’s data: two processes wrote more than PIPE_BUF bytes at once, or wrote one message in several write() calls."),
    "dialog-error-symbolic" },
  { FIFOLAB_EVENT_CLOSED,
    N_("Closed"),
    N_("FIFO Lab closed its end of the pipe. The other end sees end of file (if it reads) or EPIPE (if it writes) once no other process holds this end."),
    "window-close-symbolic" },
  { FIFOLAB_EVENT_ERROR,
    N_("Error"),
    N_("A system call on the pipe failed; the message says which and why."),
    "dialog-error-symbolic" },
  { FIFOLAB_EVENT_PEER_STARTED,
    N_("Peer process started"),
    N_("FIFO Lab started a separate process that opens the pipe like any other program would."),
    "system-run-symbolic" },
  { FIFOLAB_EVENT_PEER_EXITED,
    N_("Peer process exited"),
    N_("The peer process ended. The kernel closed its descriptors, so if it was the last writer the reader sees end of file, and if it was the last reader writers get EPIPE."),
    "process-stop-symbolic" },
  { FIFOLAB_EVENT_PID_UNSEEN,
    N_("Claimed pid contradicted"),
    N_("The pid in a message is only what the sender wrote, not a proof: this one cannot be the writer’s. FIFO Lab’s watch saw another process write it, or FIFO Lab saw which processes held the pipe open for writing and that pid was not among them, or the pid is FIFO Lab’s own or 0, which no process has."),
    "dialog-question-symbolic" },
  { FIFOLAB_EVENT_READER_LEFT,
    N_("Reader left"),
    N_("The last reader closed the pipe after reading everything FIFO Lab wrote: a normal end of the exchange, nothing was lost. A write now would fail with EPIPE, so FIFO Lab waits for the next reader before it writes again."),
    "dialog-information-symbolic" },
  { FIFOLAB_EVENT_WRITER_EXITED,
    N_("Written before the writer exited"),
    N_("The writer wrote these bytes and then exited; the bytes waited in the pipe’s kernel buffer until they were read. That is why the writer’s exit can come before its message in the log."),
    "dialog-information-symbolic" },
  { FIFOLAB_EVENT_TAP,
    N_("Tap"),
    N_("FIFO Lab’s tap put a pipe of its own in the pipe’s place and passes on, and shows, what the processes that open the name send each other. It sees only opens made after it started and adds a buffer of its own."),
    "edit-find-symbolic" },
  { FIFOLAB_EVENT_WATCH,
    N_("Watch"),
    N_("FIFO Lab’s watch saw another process make this call on the pipe, or saw this happen to a watched process, without taking a byte: the line names the process and thread, the system call, its result or error and how long it was blocked."),
    "view-reveal-symbolic" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (event_info) == FIFOLAB_EVENT_LAST);

static const EventInfo *
lookup (FifolabEventKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (event_info))
    return &event_info[FIFOLAB_EVENT_NONE];

  g_assert (event_info[kind].kind == kind);
  return &event_info[kind];
}

/**
 * fifolab_event_kind_get_title:
 * @kind: an event kind
 *
 * Returns: the translated short title ("End of stream")
 */
const char *
fifolab_event_kind_get_title (FifolabEventKind kind)
{
  g_return_val_if_fail ((guint) kind < FIFOLAB_EVENT_LAST, _(event_info[0].title));

  return _(lookup (kind)->title);
}

/**
 * fifolab_event_kind_get_explanation:
 * @kind: an event kind
 *
 * Returns: the translated one-line explanation of what the kernel did and why
 */
const char *
fifolab_event_kind_get_explanation (FifolabEventKind kind)
{
  g_return_val_if_fail ((guint) kind < FIFOLAB_EVENT_LAST, _(event_info[0].explanation));

  return _(lookup (kind)->explanation);
}

/**
 * fifolab_event_kind_get_icon_name:
 * @kind: an event kind
 *
 * Returns: a symbolic icon name from the standard icon set
 */
const char *
fifolab_event_kind_get_icon_name (FifolabEventKind kind)
{
  g_return_val_if_fail ((guint) kind < FIFOLAB_EVENT_LAST, event_info[0].icon_name);

  return lookup (kind)->icon_name;
}

/**
 * fifolab_event_kind_to_string:
 * @kind: an event kind
 *
 * Returns: the nick of @kind ("end-of-stream"), or %NULL if invalid
 */
const char *
fifolab_event_kind_to_string (FifolabEventKind kind)
{
  return _fifolab_enum_to_nick (FIFOLAB_TYPE_EVENT_KIND, kind);
}

/* Message flags */

typedef struct
{
  FifolabMessageFlags  flag;
  const char          *title;
  const char          *explanation;
  const char          *icon_name;
  gboolean             is_error;
} FlagInfo;

/* The most serious first: the order rows list them in (a row's badge shows
 * the first one's icon). The flags that also have an event say the same as
 * the event. Where the bytes came from (the tap, the watch) comes last: a
 * watched message's row shows the watch's eye only when the watch saw
 * nothing more to say, not in place of "Unseen writer" or "Writer
 * unknown". */
static const FlagInfo flag_info[] = {
  { FIFOLAB_MESSAGE_TORN,
    N_("Torn message"),
    N_("This message looks interleaved with another writer’s data: two processes wrote more than PIPE_BUF bytes at once, or wrote one message in several write() calls."),
    "dialog-error-symbolic", TRUE },
  { FIFOLAB_MESSAGE_PID_UNSEEN,
    N_("Claimed pid contradicted"),
    N_("The pid this message claims cannot be its writer’s, so the message lies: FIFO Lab’s watch saw another process write it, or FIFO Lab saw the processes holding the pipe open for writing and that pid was not among them, or it is FIFO Lab’s own pid or 0. A pid written in a message is only a claim."),
    "dialog-question-symbolic", FALSE },
  { FIFOLAB_MESSAGE_PARTIAL,
    N_("Partly written"),
    N_("write() took only part of this message and the rest was not sent (the reader went away, or FIFO Lab closed its write end): only the bytes shown went into the pipe."),
    "dialog-warning-symbolic", FALSE },
  { FIFOLAB_MESSAGE_INCOMPLETE,
    N_("Incomplete message"),
    N_("The stream ended inside this message: every writer closed the pipe before its end (a line’s terminator, or all the bytes its size or length prefix announced) arrived."),
    "dialog-warning-symbolic", FALSE },
  { FIFOLAB_MESSAGE_NOT_ATOMIC,
    N_("Write not atomic"),
    N_("The kernel only keeps writes of up to PIPE_BUF (4096 bytes) in one piece. A larger write may be split and interleaved with other writers’ data."),
    "dialog-warning-symbolic", FALSE },
  { FIFOLAB_MESSAGE_OVERLONG,
    N_("Message too long"),
    N_("A message was longer than the largest message FIFO Lab keeps in one piece, so it is shown in several pieces. No byte was dropped."),
    "dialog-warning-symbolic", FALSE },
  { FIFOLAB_MESSAGE_BEFORE_WATCH,
    N_("Writer unknown"),
    N_("A watched process read these bytes, but the watch saw no process write them: either they were in the pipe before the watch started, or a writer the watch did not see wrote them (one that opened the pipe, wrote and closed between two of the watch’s scans, or another user’s process). No writer pid is known."),
    "document-open-recent-symbolic", FALSE },
  { FIFOLAB_MESSAGE_UNSEEN_WRITER,
    N_("Unseen writer"),
    N_("A watched process read these bytes after the pipe was found empty, but the watch saw no process write them: a writer it did not see wrote them (one that opened the pipe, wrote and closed between two of the watch’s scans, or another user’s process). A pid the message claims is not checked."),
    /* The watch's eye struck through: not "Claimed pid contradicted"'s
     * question, which says a claim lies. */
    "view-conceal-symbolic", FALSE },
  { FIFOLAB_MESSAGE_TAPPED,
    N_("Passed through the tap"),
    N_("FIFO Lab’s tap passed these bytes on from one process to another and showed them here. The pids are the processes FIFO Lab saw holding each side, not a claim written in the message."),
    "edit-find-symbolic", FALSE },
  { FIFOLAB_MESSAGE_WATCHED,
    N_("Seen by the watch"),
    N_("FIFO Lab’s watch saw another process write or read these bytes on the pipe; it took none of them. The pid is the process seen making the call, not a claim written in the message."),
    "view-reveal-symbolic", FALSE },
};

static const FlagInfo *
lookup_flag (FifolabMessageFlags flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_info); i++)
    if (flag_info[i].flag == flag)
      return &flag_info[i];
  return NULL;
}

/**
 * fifolab_message_flag_get_title:
 * @flag: one message flag
 *
 * Returns: (nullable): the translated title of @flag ("Torn message")
 */
const char *
fifolab_message_flag_get_title (FifolabMessageFlags flag)
{
  const FlagInfo *info = lookup_flag (flag);

  return info != NULL ? _(info->title) : NULL;
}

/**
 * fifolab_message_flag_get_explanation:
 * @flag: one message flag
 *
 * Returns: (nullable): the translated explanation of what @flag means and why
 *   it can happen
 */
const char *
fifolab_message_flag_get_explanation (FifolabMessageFlags flag)
{
  const FlagInfo *info = lookup_flag (flag);

  return info != NULL ? _(info->explanation) : NULL;
}

/**
 * fifolab_message_flag_get_icon_name:
 * @flag: one message flag
 *
 * Returns: (nullable): a symbolic icon name from the standard icon set
 */
const char *
fifolab_message_flag_get_icon_name (FifolabMessageFlags flag)
{
  const FlagInfo *info = lookup_flag (flag);

  return info != NULL ? info->icon_name : NULL;
}

gboolean
fifolab_message_flag_is_error (FifolabMessageFlags flag)
{
  const FlagInfo *info = lookup_flag (flag);

  return info != NULL && info->is_error;
}

/**
 * fifolab_message_flags_split:
 * @flags: #FifolabMessageFlags
 *
 * Returns: (transfer container) (element-type guint): the known flags set in
 *   @flags, one bit each, the most serious first
 */
GArray *
fifolab_message_flags_split (guint flags)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < G_N_ELEMENTS (flag_info); i++)
    if (flags & flag_info[i].flag)
      g_array_append_val (out, flag_info[i].flag);
  return out;
}

/* One piece per flag set in @flags, the most serious first, joined by
 * @separator; NULL when none is set. With @explain, each piece is the
 * flag's title and its explanation; else the title alone. */
static char *
join_flags (guint       flags,
            const char *separator,
            gboolean    explain)
{
  g_autoptr(GArray) split = fifolab_message_flags_split (flags);
  GString *out;

  if (split->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < split->len; i++)
    {
      guint flag = g_array_index (split, guint, i);

      if (i > 0)
        g_string_append (out, separator);
      if (explain)
        /* Translators: a message flag's title, then its explanation:
         * "Torn message: This message looks interleaved…". */
        g_string_append_printf (out, _("%s: %s"),
                                fifolab_message_flag_get_title (flag),
                                fifolab_message_flag_get_explanation (flag));
      else
        g_string_append (out, fifolab_message_flag_get_title (flag));
    }
  return g_string_free (out, FALSE);
}

/**
 * fifolab_message_flags_dup_titles:
 * @flags: #FifolabMessageFlags
 *
 * Returns: (transfer full) (nullable): the titles of @flags, the most serious
 *   first, or %NULL when none is set
 */
char *
fifolab_message_flags_dup_titles (guint flags)
{
  /* Translators: between the titles of a message's flags, as in
   * "Torn message, Claimed pid contradicted". */
  return join_flags (flags, C_("flag list", ", "), FALSE);
}

/**
 * fifolab_message_flags_dup_explanation:
 * @flags: #FifolabMessageFlags
 *
 * Returns: (transfer full) (nullable): one paragraph per flag of @flags, its
 *   title and its explanation, or %NULL when none is set
 */
char *
fifolab_message_flags_dup_explanation (guint flags)
{
  return join_flags (flags, "\n\n", TRUE);
}
