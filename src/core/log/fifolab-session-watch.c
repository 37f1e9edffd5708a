/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the session logs of a watch (fifolab-peer watch --json): each record
 * as a Watch event, and the observed byte stream as messages, framed per
 * writer.
 *
 * The pipe's byte stream, as the watch sees it, is the writes' bytes in the
 * order their calls returned; the reads take them from its front (a read
 * may be told before the write whose bytes it took: both ends are counted,
 * and met wherever they are). Each writer pid has a framer with the pipe's
 * framing, so that a message written in several writes is one message and
 * two writers' bytes never join. A message is complete when its writer's
 * framer hands it out; it is logged once it is complete and a read was seen
 * taking its last byte (by the end of the write that completed it: a write
 * of two lines read in two pieces logs both at the second), with the pid of
 * the writer seen making the write() as sender and that reader's pid as
 * receiver. Reads are not messages of their own: their Watch entries show
 * each one.
 *
 * A writer's unfinished message is handed out as incomplete when it closes
 * its last descriptor of the pipe (the watch shows its opens, dups and
 * closes), exits or is let go. Messages whose read was not seen (a reader
 * the watch could not trace, or that read before the watch came) are logged
 * without a receiver when the watch lets its processes go or the last one it
 * watched exits, and, the oldest first, whenever more than MAX_UNREAD bytes
 * wait: no pipe holds more. One a read took a part of (a read of 22 bytes
 * takes one writer's 21 and the first of the next) is logged then with
 * that reader: the watch saw it read it, if not whole. A writer's message
 * finished when it closes ends after its own last write, not after what
 * other writers wrote since.
 *
 * Bytes a read took that no watched write put in were in the pipe before
 * the watch started (or came from a writer it could not trace): once the
 * observed count says no write still to be told can have paid them (a write
 * that began after the read returned, or the end of the watch), they go into
 * the stream where the read took them, framed on their own, and are logged
 * with that reader, no writer pid, flagged FIFOLAB_MESSAGE_BEFORE_WATCH;
 * or FIFOLAB_MESSAGE_UNSEEN_WRITER when the first read that took them began
 * after the pipe was found empty (the book's writer, started in a shell
 * while its reader waits in open(), opens, writes and exits between two of
 * the watch's scans).
 * A write the count keeps aside (it entered after a read in debt returned,
 * while an older write that paid the read may still be told) is held until
 * the debt ends: it then goes into the stream after the write that paid, or
 * after the bytes from before the watch.
 *
 * A pid a watched message claims ("Hello from pid [N]") is checked against
 * the pid seen writing it: confirmed when they are the same, contradicted
 * (with a "Claimed pid contradicted" event saying both) when not. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-log-private.h"
#include "fifolab-session.h"
#include "fifolab-session-private.h"
#include "fifolab-stamp.h"

/* The most a pipe holds (Linux's default /proc/sys/fs/pipe-max-size). */
#define MAX_UNREAD (1024 * 1024)
/* Reads remembered ahead of the writes they took from. */
#define MAX_READS 4096

/* A process seen using the pipe. */
typedef struct
{
  FifolabFramer *framer;  /* once it wrote */
  GArray        *fds;     /* int: its descriptors of the pipe */
  /* Stream offsets: after its last write's bytes, and of the first byte its
   * framer still holds (G_MAXUINT64: none). Its unfinished message ends at
   * the one, and a read that took bytes from the other on may have taken
   * some of it. */
  guint64        last_end;
  guint64        pending;
} User;

/* A read: the stream offset after its last byte, and who made it. */
typedef struct
{
  guint64 end;
  gint64  pid;
} Read;

/* A complete message the watch has not seen read yet. */
typedef struct
{
  guint64         end;      /* stream offset after its last byte */
  guint64         start;    /* of its first byte */
  /* The first read seen taking some of its bytes, -1: none yet. A message
   * no read took whole (the book's reader reads 22 bytes of two writers'
   * 21) was still read in part, by it. */
  gint64          part_reader;
  gint64          writer;
  guint           flags;
  FifolabFraming  framing;
  gint64          wall_us;  /* when the write that completed it was made */
  gint64          mono_us;
  GBytes         *bytes;
} Unread;

typedef struct
{
  GRefString *path;
  GHashTable *users;        /* gint64 pid -> User * */
  GQueue      unread;       /* Unread *, by end */
  GArray     *reads;        /* Read, by end: those a message may still end in */
  gsize       unread_bytes;
  guint64     written;      /* bytes seen written */
  guint64     taken;        /* bytes seen read */
  FifolabObserved *observed; /* each process's last call, for the diagram */
  /* The bytes reads took beyond what was seen written (stream offsets
   * [written, taken)): paid by a write told later, or, when the observed
   * count says none will (fifolab_observed_add()), bytes that were in the
   * pipe before the watch started. */
  GByteArray *debt;
  gint64      debt_wall_us;  /* when the first read in debt was made */
  gint64      debt_mono_us;
  /* When the pipe was first found empty (fifolab_watch_record_found_empty()),
   * G_MAXINT64 until then: a read in debt begun since took bytes a writer
   * the watch did not see wrote, not bytes from before the watch. */
  gint64      empty_us;
  /* Writes the observed count keeps aside (they entered after a read in
   * debt returned, while an older write that paid it may still be told):
   * held in the order told, put in the stream once the debt ends. */
  GQueue      held;
  /* When the watch told the record being handled (monotonic µs): the
   * messages it completes are logged then. */
  gint64      told_us;
} WatchedPipe;

/* A write kept aside, and when it was made. */
typedef struct
{
  FifolabWatchRecord *record;
  gint64              wall_us;
  gint64              mono_us;
} Held;

/* What a framer's callback needs. */
typedef struct
{
  WatchedPipe    *pipe;
  gint64          writer;
  FifolabFraming  framing;
  gint64          wall_us;
  gint64          mono_us;
  GQueue          done;     /* Unread *, their end still to set */
  guint           flags;    /* FifolabMessageFlags each of them gets */
} Push;

static void
user_free (gpointer data)
{
  User *user = data;

  g_clear_object (&user->framer);
  g_array_unref (user->fds);
  g_free (user);
}

static void
unread_free (gpointer data)
{
  Unread *unread = data;

  g_bytes_unref (unread->bytes);
  g_free (unread);
}

static void
held_free (gpointer data)
{
  Held *held = data;

  fifolab_watch_record_unref (held->record);
  g_free (held);
}

static void
watched_pipe_free (gpointer data)
{
  WatchedPipe *pipe = data;

  g_ref_string_release (pipe->path);
  g_hash_table_unref (pipe->users);
  g_queue_clear_full (&pipe->unread, unread_free);
  g_array_unref (pipe->reads);
  fifolab_observed_free (pipe->observed);
  g_byte_array_unref (pipe->debt);
  g_queue_clear_full (&pipe->held, held_free);
  g_free (pipe);
}

void
_fifolab_session_finalize_watch (FifolabSession *self)
{
  g_clear_pointer (&self->watched, g_hash_table_unref);
}

static WatchedPipe *
watched_pipe (FifolabSession *self,
              const char     *path)
{
  WatchedPipe *pipe;

  if (self->watched == NULL)
    self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, watched_pipe_free);
  pipe = g_hash_table_lookup (self->watched, path);
  if (pipe == NULL)
    {
      pipe = g_new0 (WatchedPipe, 1);
      pipe->path = g_ref_string_new (path);
      pipe->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, user_free);
      pipe->reads = g_array_new (FALSE, FALSE, sizeof (Read));
      pipe->observed = fifolab_observed_new ();
      pipe->debt = g_byte_array_new ();
      pipe->empty_us = G_MAXINT64;
      g_hash_table_insert (self->watched, pipe->path, pipe);
    }
  return pipe;
}

/* The message, checked: its claimed pid against the pid seen writing it.
 * Its time is when the read that took it (or the write that completed it)
 * was made; it is logged when the watch told the record handled now (a
 * blocked read: when it returned), kept beside the log when later. */
static void
log_message (FifolabSession *self,
             WatchedPipe    *pipe,
             Unread         *unread,
             gint64          reader,
             gint64          wall_us,
             gint64          mono_us)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (unread->bytes, &len);
  gint64 claimed = fifolab_stamp_parse_claimed_pid (data, len);
  guint flags = unread->flags | FIFOLAB_MESSAGE_WATCHED;

  /* Bytes no watched writer wrote: nothing to check. */
  if (unread->writer < 0)
    flags |= (flags & FIFOLAB_MESSAGE_UNSEEN_WRITER) ? 0 : FIFOLAB_MESSAGE_BEFORE_WATCH;
  else if (claimed >= 0)
    flags |= claimed == unread->writer ? FIFOLAB_MESSAGE_PID_CONFIRMED : FIFOLAB_MESSAGE_PID_UNSEEN;
  _fifolab_log_append_told (self->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, flags,
                            (int) unread->framing, pipe->path, unread->writer, reader,
                            wall_us, mono_us, pipe->told_us, data, len);
  /* Counted with the inspector's contradictions, and explained. */
  if (flags & FIFOLAB_MESSAGE_PID_UNSEEN)
    fifolab_inspector_explain_watched (self->inspector, self->log, pipe->path, claimed, unread->writer);
}

static void
pop_unread (FifolabSession *self,
            WatchedPipe    *pipe,
            gint64          reader,
            gint64          wall_us,
            gint64          mono_us)
{
  Unread *unread = g_queue_pop_head (&pipe->unread);
  gboolean whole = reader >= 0;

  pipe->unread_bytes -= g_bytes_get_size (unread->bytes);
  /* No read took it whole: at the time it was written, with the reader
   * that took a part of it, if one did. */
  log_message (self, pipe, unread, whole ? reader : unread->part_reader,
               whole ? wall_us : unread->wall_us, whole ? mono_us : unread->mono_us);
  unread_free (unread);
}

/* Logs the complete messages a read took, with its reader, now. */
static void
deliver (FifolabSession *self,
         WatchedPipe    *pipe,
         gint64          wall_us,
         gint64          mono_us)
{
  Unread *unread;
  guint done = 0;
  GHashTableIter iter;
  gpointer value;
  guint64 limit;

  while ((unread = g_queue_peek_head (&pipe->unread)) != NULL && unread->end <= pipe->taken)
    {
      /* The read that took its last byte (the reads end at or after it). */
      while (done + 1 < pipe->reads->len && g_array_index (pipe->reads, Read, done).end < unread->end)
        done++;
      pop_unread (self, pipe,
                  pipe->reads->len > 0 ? g_array_index (pipe->reads, Read, done).pid : -1,
                  wall_us, mono_us);
    }
  /* Later messages end after what was written so far, and begin with the
   * bytes a writer's framer still holds, if it holds any. */
  limit = pipe->written;
  g_hash_table_iter_init (&iter, pipe->users);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    limit = MIN (limit, ((User *) value)->pending);
  while (done < pipe->reads->len && g_array_index (pipe->reads, Read, done).end < limit)
    done++;
  if (pipe->reads->len - done > MAX_READS)
    done = pipe->reads->len - MAX_READS;
  g_array_remove_range (pipe->reads, 0, done);
}

static void
framed_cb (const guint8        *data,
           gsize                len,
           FifolabMessageFlags  flags,
           gpointer             user_data)
{
  Push *push = user_data;
  Unread *unread = g_new0 (Unread, 1);

  unread->writer = push->writer;
  unread->part_reader = -1;
  unread->flags = flags | push->flags;
  unread->framing = push->framing;
  unread->wall_us = push->wall_us;
  unread->mono_us = push->mono_us;
  unread->bytes = g_bytes_new (data, len);
  g_queue_push_tail (&push->done, unread);
}

/* The messages a push completed, ending at @end, are logged once read. */
static void
queue_done (FifolabSession *self,
            Push           *push,
            guint64         end)
{
  Unread *unread;

  while ((unread = g_queue_pop_head (&push->done)) != NULL)
    {
      unread->end = end;
      unread->start = end - MIN (end, (guint64) g_bytes_get_size (unread->bytes));
      /* Reads told before it was complete may have taken some of it. */
      for (guint i = 0; unread->start < push->pipe->taken && i < push->pipe->reads->len; i++)
        if (g_array_index (push->pipe->reads, Read, i).end > unread->start)
          {
            unread->part_reader = g_array_index (push->pipe->reads, Read, i).pid;
            break;
          }
      push->pipe->unread_bytes += g_bytes_get_size (unread->bytes);
      g_queue_push_tail (&push->pipe->unread, unread);
    }
  deliver (self, push->pipe, push->wall_us, push->mono_us);
  while (push->pipe->unread_bytes > MAX_UNREAD)
    pop_unread (self, push->pipe, -1, 0, 0);
}

static User *
user_of (WatchedPipe *pipe,
         gint64       pid)
{
  User *user = g_hash_table_lookup (pipe->users, &pid);

  if (user == NULL)
    {
      user = g_new0 (User, 1);
      user->fds = g_array_new (FALSE, FALSE, sizeof (int));
      user->pending = G_MAXUINT64;
      g_hash_table_insert (pipe->users, g_memdup2 (&pid, sizeof pid), user);
    }
  return user;
}

static void
add_fd (User *user,
        int   fd)
{
  for (guint i = 0; i < user->fds->len; i++)
    if (g_array_index (user->fds, int, i) == fd)
      return;
  g_array_append_val (user->fds, fd);
}

/* @pid's unfinished message, incomplete; its framer is forgotten. */
static void
finish_writer (FifolabSession *self,
               WatchedPipe    *pipe,
               gint64          pid,
               gint64          wall_us,
               gint64          mono_us)
{
  User *user = g_hash_table_lookup (pipe->users, &pid);
  Push push = { pipe, pid, 0, wall_us, mono_us, G_QUEUE_INIT };

  if (user == NULL || user->framer == NULL)
    return;
  push.framing = fifolab_framer_get_framing (user->framer);
  fifolab_framer_finish (user->framer, framed_cb, &push);
  g_clear_object (&user->framer);
  user->pending = G_MAXUINT64;
  /* Its last bytes, not the other writers' written since. */
  queue_done (self, &push, user->last_end);
}

static void
note_write (FifolabSession           *self,
            WatchedPipe              *pipe,
            const FifolabWatchRecord *record,
            gint64                    wall_us,
            gint64                    mono_us)
{
  User *user = user_of (pipe, record->pid);
  Push push = { pipe, record->pid, 0, wall_us, mono_us, G_QUEUE_INIT };
  const guint8 *data = NULL;
  gsize len = 0;
  gsize buffered;

  if (user->framer == NULL)
    user->framer = fifolab_session_create_framer (self, pipe->path);
  add_fd (user, record->fd);

  /* A write offered the whole buffer; the pipe took result bytes (of which
   * the record keeps the first FIFOLAB_WATCH_PAYLOAD_MAX). */
  if (record->payload != NULL)
    data = g_bytes_get_data (record->payload, &len);
  len = MIN (len, (gsize) record->result);
  push.framing = fifolab_framer_get_framing (user->framer);
  fifolab_framer_push (user->framer, data, len, framed_cb, &push);
  /* A read told before this write took its first bytes. */
  g_byte_array_remove_range (pipe->debt, 0, MIN (pipe->debt->len, (guint) MIN ((guint64) record->result, G_MAXUINT)));
  /* What the framer still holds comes after the messages it handed out. */
  pipe->written += (guint64) record->result;
  user->last_end = pipe->written - ((guint64) record->result - len);
  buffered = fifolab_framer_get_buffered (user->framer);
  if (buffered == 0)
    user->pending = G_MAXUINT64;
  else if (buffered <= len)
    user->pending = user->last_end - buffered;
  queue_done (self, &push, user->last_end - buffered);
}

/* The bytes of a read beyond what was seen written so far: kept until a
 * write pays them or they are found to be from before the watch. */
static void
owe_debt (WatchedPipe              *pipe,
          const FifolabWatchRecord *record,
          gint64                    wall_us,
          gint64                    mono_us)
{
  guint64 end = pipe->taken + (guint64) record->result;
  guint64 from = MAX (pipe->taken, pipe->written);
  const guint8 *data = NULL;
  gsize len = 0;

  if (end <= from)
    return;
  if (pipe->debt->len == 0)
    {
      pipe->debt_wall_us = wall_us;
      pipe->debt_mono_us = mono_us;
    }
  if (record->payload != NULL)
    data = g_bytes_get_data (record->payload, &len);
  /* The read's bytes [from - taken, result), as far as the record kept them. */
  if (from - pipe->taken < len && pipe->debt->len < MAX_UNREAD)
    g_byte_array_append (pipe->debt, data + (from - pipe->taken),
                         (guint) MIN (len - (from - pipe->taken), (gsize) (MAX_UNREAD - pipe->debt->len)));
}

/* Whether @record shows the pipe held no byte: alone, an open of the read
 * end asleep says so too (no other watched process is on the pipe to keep
 * bytes in it). */
static void
note_empty (WatchedPipe              *pipe,
            const FifolabWatchRecord *record)
{
  guint n_users = g_hash_table_size (pipe->users);
  gboolean alone = n_users == 0 ||
                   (n_users == 1 && g_hash_table_contains (pipe->users, &record->pid));

  pipe->empty_us = MIN (pipe->empty_us, fifolab_watch_record_found_empty (record, alone));
}

/* @before bytes the reads took were in the pipe before the watch, or, when
 * the first read that took them began after the pipe was found empty, a
 * writer the watch did not see wrote them: they go into the stream where
 * the reads took them, as written by no watched process, framed on their
 * own and logged with their reader. */
static void
note_before (FifolabSession *self,
             WatchedPipe    *pipe,
             guint64         before)
{
  g_autoptr(FifolabFramer) framer = NULL;
  Push push = { pipe, -1, 0, pipe->debt_wall_us, pipe->debt_mono_us, G_QUEUE_INIT };
  guint len = (guint) MIN ((guint64) pipe->debt->len, before);

  if (before == 0)
    return;
  framer = fifolab_session_create_framer (self, pipe->path);
  push.framing = fifolab_framer_get_framing (framer);
  if (pipe->debt_mono_us >= pipe->empty_us)
    push.flags = FIFOLAB_MESSAGE_UNSEEN_WRITER;
  fifolab_framer_push (framer, pipe->debt->data, len, framed_cb, &push);
  fifolab_framer_finish (framer, framed_cb, &push);
  g_byte_array_remove_range (pipe->debt, 0, len);
  pipe->written += before;
  queue_done (self, &push, pipe->written);
}

/* The writes kept aside go into the stream, in the order they were told,
 * once the observed count holds them no longer (the debt they could not
 * pay was paid by an older write, or was there before the watch). */
static void
release_held (FifolabSession *self,
              WatchedPipe    *pipe)
{
  Held *held;

  if (fifolab_observed_is_holding (pipe->observed))
    return;
  while ((held = g_queue_pop_head (&pipe->held)) != NULL)
    {
      note_write (self, pipe, held->record, held->wall_us, held->mono_us);
      held_free (held);
    }
}

static void
note_read (FifolabSession           *self,
           WatchedPipe              *pipe,
           const FifolabWatchRecord *record,
           gint64                    wall_us,
           gint64                    mono_us)
{
  Read read;

  add_fd (user_of (pipe, record->pid), record->fd);
  owe_debt (pipe, record, wall_us, mono_us);
  /* The complete messages it takes a part of, first. */
  for (GList *l = pipe->unread.head; l != NULL; l = l->next)
    {
      Unread *unread = l->data;

      if (unread->start >= pipe->taken + (guint64) record->result)
        break;
      if (unread->part_reader < 0 && unread->end > pipe->taken)
        unread->part_reader = record->pid;
    }
  pipe->taken += (guint64) record->result;
  read.end = pipe->taken;
  read.pid = record->pid;
  g_array_append_val (pipe->reads, read);
  deliver (self, pipe, wall_us, mono_us);
}

/* Opens, dups and closes: a writer that closes its last descriptor of the
 * pipe has finished writing. */
static void
note_descriptors (FifolabSession           *self,
                  WatchedPipe              *pipe,
                  const FifolabWatchRecord *record,
                  gint64                    wall_us,
                  gint64                    mono_us)
{
  User *user = user_of (pipe, record->pid);

  if (g_strcmp0 (record->syscall, "close") != 0)
    {
      /* open, openat, dup*, fcntl(F_DUPFD): a new descriptor of the pipe */
      if (record->result >= 0 && record->error == 0)
        add_fd (user, (int) record->result);
      return;
    }
  if (record->result != 0)
    return;
  for (guint i = 0; i < user->fds->len; i++)
    if (g_array_index (user->fds, int, i) == record->fd)
      {
        g_array_remove_index_fast (user->fds, i);
        break;
      }
  if (user->fds->len == 0)
    finish_writer (self, pipe, record->pid, wall_us, mono_us);
}

/* The watch lets its processes go: what waits is logged as it is. */
static void
let_go (FifolabSession *self,
        WatchedPipe    *pipe,
        gint64          pid,
        gint64          wall_us,
        gint64          mono_us)
{
  finish_writer (self, pipe, pid, wall_us, mono_us);
  while (!g_queue_is_empty (&pipe->unread))
    pop_unread (self, pipe, -1, 0, 0);
}

/**
 * fifolab_session_log_watch_record:
 * @path: the pipe watched
 * @record: one record of `fifolab-peer watch --json @path`
 *
 * Logs what a watch of @path saw (see the top of fifolab-session-watch.c):
 * the record's line as a FIFOLAB_EVENT_WATCH entry (with the pid of the
 * process that made a write as sender, of one that made a read as
 * receiver), a write or read kept beside it for the pcapng export, and the
 * watched byte stream as messages framed per writer, flagged
 * FIFOLAB_MESSAGE_WATCHED, each logged once a read took it.
 */
void
fifolab_session_log_watch_record (FifolabSession     *self,
                                  const char         *path,
                                  FifolabWatchRecord *record)
{
  g_autofree char *line = NULL;
  WatchedPipe *pipe;
  gint64 now_mono = g_get_monotonic_time ();
  gint64 mono_us;
  gint64 wall_us;
  guint64 serial;
  guint64 before;
  gboolean moved;

  g_return_if_fail (FIFOLAB_IS_SESSION (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (record != NULL);

  mono_us = record->time_us > 0 ? record->time_us : now_mono;
  wall_us = g_get_real_time () - (now_mono - mono_us);
  pipe = watched_pipe (self, path);
  /* A call is told when it returns, a blocked or letting-go record while
   * it is still inside. */
  pipe->told_us = record->time_us > 0 ? fifolab_watch_record_get_told_us (record) : mono_us;
  /* Before the entry: whoever follows the log finds it counted. */
  before = fifolab_observed_add (pipe->observed, record);
  line = fifolab_watch_record_to_text (record);
  serial = _fifolab_log_append_told (self->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH,
                                     FIFOLAB_MESSAGE_NONE, -1, pipe->path,
                                     record->is_write ? record->pid : -1, record->is_read ? record->pid : -1,
                                     wall_us, mono_us, pipe->told_us, (const guint8 *) line, strlen (line));
  /* This write (or the end of the watch) shows that no watched write will
   * pay what the reads took: it was there before. */
  note_before (self, pipe, before);
  /* Before this record's own bytes: the writes kept aside were told first
   * (a write that paid the debt is older than they: it goes in first). */
  if (before > 0)
    release_held (self, pipe);
  /* After the debt it settled: that was taken by reads made before. */
  note_empty (pipe, record);
  /* Every record is kept beside its entry, for the export (a recording
   * gives the sequence diagram its opens, closes, attaches and exits too),
   * and told to the sequence diagram. */
  _fifolab_log_attach_call (self->log, serial, wall_us, pipe->path, record);

  switch (record->kind)
    {
    case FIFOLAB_WATCH_CALL:
      moved = record->result > 0 && (record->is_write || record->is_read);
      if (moved && record->is_write && fifolab_observed_kept_aside (pipe->observed))
        {
          Held *held = g_new0 (Held, 1);

          /* Its descriptor is the process's from now on. */
          add_fd (user_of (pipe, record->pid), record->fd);
          held->record = fifolab_watch_record_ref (record);
          held->wall_us = wall_us;
          held->mono_us = mono_us;
          g_queue_push_tail (&pipe->held, held);
        }
      else if (moved && record->is_write)
        note_write (self, pipe, record, wall_us, mono_us);
      else if (moved)
        note_read (self, pipe, record, wall_us, mono_us);
      else if (!record->is_write && !record->is_read)
        note_descriptors (self, pipe, record, wall_us, mono_us);
      break;
    case FIFOLAB_WATCH_EXIT:
      finish_writer (self, pipe, record->pid, wall_us, mono_us);
      g_hash_table_remove (pipe->users, &record->pid);
      /* No watched process is left to read what waits. */
      if (g_hash_table_size (pipe->users) == 0)
        let_go (self, pipe, record->pid, wall_us, mono_us);
      break;
    case FIFOLAB_WATCH_DETACH:
      let_go (self, pipe, record->pid, wall_us, mono_us);
      g_hash_table_remove (pipe->users, &record->pid);
      break;
    case FIFOLAB_WATCH_ATTACH:
      /* A process that may read or write from now on. */
      user_of (pipe, record->pid);
      break;
    case FIFOLAB_WATCH_REFUSED:
    case FIFOLAB_WATCH_STOPPED:
    case FIFOLAB_WATCH_CONTINUED:
    case FIFOLAB_WATCH_PENDING:
    case FIFOLAB_WATCH_RELEASED:
    case FIFOLAB_WATCH_BLOCKED:
    default:
      break;
    }
  /* A write that paid the debt: the writes kept aside follow it. */
  release_held (self, pipe);
}

/**
 * fifolab_session_get_observed:
 * @path: a pipe
 *
 * Returns: (transfer none) (nullable): what the watch of @path saw each
 *   process do, NULL when none was seen
 */
FifolabObserved *
fifolab_session_get_observed (FifolabSession *self,
                              const char     *path)
{
  WatchedPipe *pipe;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);

  if (self->watched == NULL || path == NULL)
    return NULL;
  pipe = g_hash_table_lookup (self->watched, path);
  return pipe != NULL ? pipe->observed : NULL;
}
