/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabSequence, the sequence diagram's model, without a display: the
 * records of `fifolab-peer watch --json PIPE -- COMMAND` watching the seed's
 * Python writer and reader, five writes read by one read, and two writers
 * tearing a message read by one read (the order forced with FIFOs used as
 * semaphores, no timing); the textbook's reader waiting in open() when a
 * watch without a COMMAND attaches to it, then a writer the watch does not
 * see, and bytes really in the pipe before a watch; then calls built here
 * for the matcher: a write split across reads, a read told before its
 * write, bytes from before the watch or from a writer not seen, competing
 * readers, the marks, and the range queries checked against a walk of
 * every row, up to 1,000,000 calls. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-sequence.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"
#include "fifolab-test-watch.h"
#include "fifolab-watch-record.h"

typedef struct
{
  char            *dir;
  char            *path;
  FifolabSequence *seq;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fifolab_test_fifo_init (&fx->dir, &fx->path, "my_pipe");
  fx->seq = fifolab_sequence_new ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_object (&fx->seq);
  fifolab_test_fifo_clear (&fx->dir, &fx->path);
}

/* -------------------------------------------------------------------- */
/* Real processes under watch */

/* Runs @script under `fifolab-peer watch --json` from its start and feeds
 * each record to the sequence (its serial: its line's number). */
static void
watch_script (Fixture    *fx,
              const char *script)
{
  g_autoptr(GPtrArray) records = fifolab_test_watch_script (fx->dir, fx->path, script);

  for (guint i = 0; i < records->len; i++)
    fifolab_sequence_add_record (fx->seq, fx->path, i, g_ptr_array_index (records, i));
}

static gint64
row_pid (FifolabSequence *seq,
         guint            row)
{
  return fifolab_sequence_get_process (seq, fifolab_sequence_get_row (seq, row)->process)->pid;
}

/* The rows of @kind that moved bytes (or, for reads, returned 0 when
 * @with_eof). */
static GArray *
rows_of (FifolabSequence *seq,
         FifolabSeqKind   kind,
         gboolean         with_eof)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < fifolab_sequence_get_n_rows (seq); i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);

      if (row->kind == kind && (row->result > 0 || with_eof))
        g_array_append_val (found, i);
    }
  return found;
}

/* The seed's exchange: the Python writer writes "Hello PID" once, the
 * Python reader reads it once: one arrow from the write to the read with
 * all its bytes, the writer's pid and the reader's; both processes have a
 * lifeline with their command and a start and an exit row; each opened the
 * pipe, and the reader's open was blocked until the writer's. */
static void
test_seed (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *writer_py = fifolab_test_seed_script ("write_to_named_pipe.py");
  g_autofree char *reader_py = fifolab_test_seed_script ("read_from_named_pipe.py");
  g_autofree char *script = NULL;
  g_autoptr(GArray) writes = NULL;
  g_autoptr(GArray) reads = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *hello = NULL;
  const FifolabSeqMatch *match;
  const FifolabSeqRow *write;
  gint64 writer;
  gint64 reader;
  guint opens = 0;
  guint exits = 0;

  if (!fifolab_test_watch_supported (2))
    return;

  script = g_strdup_printf ("'%s' '%s' '%s' > reader.out & '%s' '%s' '%s'; wait",
                            fifolab_test_python (), reader_py, fx->path,
                            fifolab_test_python (), writer_py, fx->path);
  watch_script (fx, script);

  writes = rows_of (fx->seq, FIFOLAB_SEQ_WRITE, FALSE);
  reads = rows_of (fx->seq, FIFOLAB_SEQ_READ, FALSE);
  g_assert_cmpuint (writes->len, ==, 1);
  g_assert_cmpuint (reads->len, ==, 1);
  write = fifolab_sequence_get_row (fx->seq, g_array_index (writes, guint, 0));
  writer = row_pid (fx->seq, g_array_index (writes, guint, 0));
  reader = row_pid (fx->seq, g_array_index (reads, guint, 0));
  g_assert_cmpint (writer, !=, reader);

  /* What the reader printed is what the arrow carries. */
  out_path = g_build_filename (fx->dir, "reader.out", NULL);
  g_assert_true (g_file_get_contents (out_path, &out, NULL, NULL));
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello %" G_GINT64_FORMAT "\n",
                              reader, writer);
  g_assert_cmpstr (out, ==, expected);
  hello = g_strdup_printf ("Hello %" G_GINT64_FORMAT, writer);
  g_assert_cmpint (write->result, ==, (gint64) strlen (hello));

  g_assert_cmpuint (fifolab_sequence_get_n_matches (fx->seq), ==, 1);
  match = fifolab_sequence_get_match (fx->seq, 0);
  g_assert_cmpuint (match->write, ==, g_array_index (writes, guint, 0));
  g_assert_cmpuint (match->read, ==, g_array_index (reads, guint, 0));
  g_assert_cmpuint (match->bytes, ==, (guint64) write->result);
  g_assert_cmpuint (match->offset, ==, 0);
  g_assert_cmpuint (match->flags, ==, FIFOLAB_SEQ_MATCH_NONE);
  g_assert_false (fifolab_sequence_get_pipe_competing (fx->seq, 0));
  g_assert_cmpuint (fifolab_sequence_get_n_pipes (fx->seq), ==, 1);
  g_assert_cmpstr (fifolab_sequence_get_pipe_path (fx->seq, 0), ==, fx->path);

  for (guint i = 0; i < fifolab_sequence_get_n_processes (fx->seq); i++)
    {
      const FifolabSeqProcess *process = fifolab_sequence_get_process (fx->seq, i);

      if (process->pid == writer || process->pid == reader)
        g_assert_cmpstr (process->comm, ==, "python3");
    }
  for (guint i = 0; i < fifolab_sequence_get_n_rows (fx->seq); i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (fx->seq, i);
      gint64 pid = row_pid (fx->seq, i);

      if (row->kind == FIFOLAB_SEQ_OPEN && (pid == writer || pid == reader))
        {
          g_assert_cmpint (row->error, ==, 0);
          opens++;
        }
      if (row->kind == FIFOLAB_SEQ_EXIT && (pid == writer || pid == reader))
        {
          g_assert_cmpint (row->result, ==, 0);
          exits++;
        }
      g_assert_cmpint (row->end_us, >=, row->start_us);
      g_assert_cmpuint (row->start_row, <=, i);
    }
  g_assert_cmpuint (opens, ==, 2);
  g_assert_cmpuint (exits, ==, 2);
}

/* Five writes, then one read takes them all: five arrows into that read,
 * each with its write's bytes, one after the other in the stream; cat's
 * last read returns 0: end of file. */
static void
test_five_writes_one_read (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *sem = fifolab_test_make_fifo (fx->dir, "sem");
  g_autofree char *script = NULL;
  g_autoptr(GArray) writes = NULL;
  g_autoptr(GArray) reads = NULL;
  g_autoptr(GArray) ends = NULL;
  guint64 offset = 0;

  if (!fifolab_test_watch_supported (2))
    return;

  script = g_strdup_printf ("( read x < sem; dd bs=4096 count=1 status=none; cat ) < '%s' > out & "
                            "( for i in 1 2 3 4 5; do printf \"part$i;\"; done; : > sem ) > '%s'; wait",
                            fx->path, fx->path);
  watch_script (fx, script);

  writes = rows_of (fx->seq, FIFOLAB_SEQ_WRITE, FALSE);
  reads = rows_of (fx->seq, FIFOLAB_SEQ_READ, FALSE);
  g_assert_cmpuint (writes->len, ==, 5);
  g_assert_cmpuint (reads->len, ==, 1);
  g_assert_cmpuint (fifolab_sequence_get_n_matches (fx->seq), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      const FifolabSeqMatch *match = fifolab_sequence_get_match (fx->seq, i);

      g_assert_cmpuint (match->write, ==, g_array_index (writes, guint, i));
      g_assert_cmpuint (match->read, ==, g_array_index (reads, guint, 0));
      g_assert_cmpuint (match->bytes, ==, strlen ("part1;"));
      g_assert_cmpuint (match->offset, ==, offset);
      offset += match->bytes;
    }

  ends = rows_of (fx->seq, FIFOLAB_SEQ_READ, TRUE);
  g_assert_cmpuint (ends->len, >=, 2);
  g_assert_cmpuint (fifolab_sequence_get_row (fx->seq, g_array_index (ends, guint, ends->len - 1))->mark,
                    ==, FIFOLAB_SEQ_MARK_EOF);
}

/* Writer A writes the start of its message, B its whole message, and then
 * one read takes both (FIFOs as semaphores): two arrows into that read,
 * from two processes. */
static void
test_torn_message (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *sem1 = fifolab_test_make_fifo (fx->dir, "sem1");
  g_autofree char *sem2 = fifolab_test_make_fifo (fx->dir, "sem2");
  g_autofree char *script = NULL;
  g_autoptr(GArray) writes = NULL;
  g_autoptr(GArray) reads = NULL;
  const FifolabSeqMatch *first;
  const FifolabSeqMatch *second;

  if (!fifolab_test_watch_supported (2))
    return;

  script = g_strdup_printf ("( read x < sem2; dd bs=4096 count=1 status=none ) < '%s' > out & "
                            "( printf 'Hello from pid [%%d' $$; : > sem1 ) > '%s' & "
                            "( read x < sem1; printf 'Hello from pid [%%d]\\n' $$; : > sem2 ) > '%s'; "
                            "wait", fx->path, fx->path, fx->path);
  watch_script (fx, script);

  writes = rows_of (fx->seq, FIFOLAB_SEQ_WRITE, FALSE);
  reads = rows_of (fx->seq, FIFOLAB_SEQ_READ, FALSE);
  g_assert_cmpuint (writes->len, ==, 2);
  g_assert_cmpuint (reads->len, ==, 1);
  g_assert_cmpuint (fifolab_sequence_get_n_matches (fx->seq), ==, 2);
  first = fifolab_sequence_get_match (fx->seq, 0);
  second = fifolab_sequence_get_match (fx->seq, 1);
  g_assert_cmpuint (first->read, ==, g_array_index (reads, guint, 0));
  g_assert_cmpuint (second->read, ==, g_array_index (reads, guint, 0));
  g_assert_cmpint (row_pid (fx->seq, first->write), !=, row_pid (fx->seq, second->write));
  g_assert_cmpuint (first->bytes, ==, (guint64) fifolab_sequence_get_row (fx->seq, first->write)->result);
  g_assert_cmpuint (second->bytes, ==, (guint64) fifolab_sequence_get_row (fx->seq, second->write)->result);
  g_assert_cmpuint (second->offset, ==, first->bytes);
}

/* The watch's records, fed to the sequence (their serial: their index). */
static void
add_watch_records (Fixture          *fx,
                   FifolabTestWatch *w)
{
  for (guint i = 0; i < w->records->len; i++)
    fifolab_sequence_add_record (fx->seq, fx->path, i, g_ptr_array_index (w->records, i));
}

/* Whether the watch @data has told a BLOCKED record of an open. */
static gboolean
told_blocked_open (gpointer data)
{
  return fifolab_test_watch_told (data, FIFOLAB_WATCH_BLOCKED, "open", -1);
}

/* Whether the watch @data has told an ATTACH record. */
static gboolean
told_attach (gpointer data)
{
  return fifolab_test_watch_told (data, FIFOLAB_WATCH_ATTACH, NULL, -1);
}

static gboolean
watch_saw_pid (FifolabTestWatch *w,
               gint64            pid)
{
  for (guint i = 0; i < w->records->len; i++)
    if (((const FifolabWatchRecord *) g_ptr_array_index (w->records, i))->pid == pid)
      return TRUE;
  return FALSE;
}

/* The textbook's case: its reader waits in open() when `fifolab-peer
 * watch PIPE` (no COMMAND) starts and attaches to it; then a writer started
 * on its own opens, writes "Hello from pid [N]" and exits between two of
 * the watch's scans. The reader was seen asleep in open() alone on the
 * pipe, so the bytes it read were written after the watch began: the
 * match says a writer the watch did not see, not "before the watch". */
static void
test_unseen_writer_real (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *reader_py = fifolab_test_seed_script ("read_from_named_pipe.py");
  g_autofree char *out_path = g_build_filename (fx->dir, "reader.out", NULL);
  g_autofree char *script = NULL;
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GArray) reads = NULL;
  g_autoptr(GArray) writes = NULL;
  FifolabTestWatch *w;
  const FifolabSeqMatch *match;
  GPid reader_pid;
  GPid writer_pid;

  if (!fifolab_test_watch_supported (1))
    return;

  reader = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &reader_pid,
                               fifolab_test_python (), reader_py, fx->path, NULL);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (reader_pid), 30000));
  w = fifolab_test_watch_new (fx->dir, (const char * const[]) { fx->path, "--json", NULL },
                              G_SUBPROCESS_FLAGS_NONE);
  /* Attached, and seen asleep in open(). */
  g_assert_true (fifolab_test_wait_until (told_blocked_open, w, 30000));

  script = g_strdup_printf ("printf 'Hello from pid [%%d]' $$ > '%s'", fx->path);
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &writer_pid, "/bin/sh", "-c", script, NULL);
  g_assert_true (g_subprocess_wait_check (writer, NULL, NULL));
  g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
  g_subprocess_send_signal (w->proc, SIGTERM);
  g_assert_cmpint (fifolab_test_watch_finish (w, 30000), ==, 0);
  if (watch_saw_pid (w, writer_pid))
    {
      /* A scan found the writer in its instant on the pipe: not this case. */
      fifolab_test_watch_free (w);
      g_test_skip ("the watch's scan caught the writer");
      return;
    }
  add_watch_records (fx, w);
  fifolab_test_watch_free (w);

  reads = rows_of (fx->seq, FIFOLAB_SEQ_READ, FALSE);
  g_assert_cmpuint (reads->len, ==, 1);
  g_assert_cmpint (row_pid (fx->seq, g_array_index (reads, guint, 0)), ==, reader_pid);
  writes = rows_of (fx->seq, FIFOLAB_SEQ_WRITE, FALSE);
  g_assert_cmpuint (writes->len, ==, 0);
  g_assert_cmpuint (fifolab_sequence_get_n_matches (fx->seq), ==, 1);
  match = fifolab_sequence_get_match (fx->seq, 0);
  g_assert_cmpuint (match->write, ==, G_MAXUINT);
  g_assert_cmpuint (match->read, ==, g_array_index (reads, guint, 0));
  g_assert_cmpuint (match->bytes, ==,
                    (guint64) fifolab_sequence_get_row (fx->seq, g_array_index (reads, guint, 0))->result);
  g_assert_cmpuint (match->flags, ==, FIFOLAB_SEQ_MATCH_UNSEEN_WRITER);
}

/* Bytes really in the pipe before the watch: a writer puts "before" in
 * while the reader holds the pipe, and exits; the watch attaches to the
 * reader, which then reads them (let go through a FIFO used as a
 * semaphore) and exits: "before the watch" still. */
static void
test_before_watch_real (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *sem = fifolab_test_make_fifo (fx->dir, "sem");
  g_autofree char *reader_script = NULL;
  g_autofree char *writer_script = NULL;
  g_autofree char *release_script = NULL;
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GSubprocess) release = NULL;
  g_autoptr(GArray) reads = NULL;
  FifolabTestWatch *w;
  const FifolabSeqMatch *match;
  GPid reader_pid;

  if (!fifolab_test_watch_supported (1))
    return;

  reader_script = g_strdup_printf ("read x < '%s'; exec dd bs=22 count=1 status=none", sem);
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
    g_autofree char *cmd = g_strdup_printf ("exec sh -c \"%s\" < '%s'", reader_script, fx->path);

    reader = fifolab_test_spawn_with (launcher, (const char * const[]) { "/bin/sh", "-c", cmd, NULL },
                                      &reader_pid);
  }
  writer_script = g_strdup_printf ("printf before > '%s'", fx->path);
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, NULL, "/bin/sh", "-c", writer_script, NULL);
  g_assert_true (g_subprocess_wait_check (writer, NULL, NULL));

  w = fifolab_test_watch_new (fx->dir, (const char * const[]) { fx->path, "--json", NULL },
                              G_SUBPROCESS_FLAGS_NONE);
  g_assert_true (fifolab_test_wait_until (told_attach, w, 30000));
  release_script = g_strdup_printf (": > '%s'", sem);
  release = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, NULL, "/bin/sh", "-c", release_script, NULL);
  g_assert_true (g_subprocess_wait_check (release, NULL, NULL));
  g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
  g_subprocess_send_signal (w->proc, SIGTERM);
  g_assert_cmpint (fifolab_test_watch_finish (w, 30000), ==, 0);
  add_watch_records (fx, w);
  fifolab_test_watch_free (w);

  reads = rows_of (fx->seq, FIFOLAB_SEQ_READ, FALSE);
  g_assert_cmpuint (reads->len, ==, 1);
  g_assert_cmpint (row_pid (fx->seq, g_array_index (reads, guint, 0)), ==, reader_pid);
  g_assert_cmpint (fifolab_sequence_get_row (fx->seq, g_array_index (reads, guint, 0))->result, ==, 6);
  g_assert_cmpuint (fifolab_sequence_get_n_matches (fx->seq), ==, 1);
  match = fifolab_sequence_get_match (fx->seq, 0);
  g_assert_cmpuint (match->write, ==, G_MAXUINT);
  g_assert_cmpuint (match->bytes, ==, 6);
  g_assert_cmpuint (match->flags, ==, FIFOLAB_SEQ_MATCH_BEFORE_WATCH);
}

/* -------------------------------------------------------------------- */
/* Calls built here */

static gint64 clock_us = 1000000;

static FifolabWatchRecord *
record_new (FifolabWatchKind kind,
            const char      *syscall,
            gint64           pid,
            gint64           result,
            int              error,
            gint64           blocked_us)
{
  FifolabWatchRecord *r = fifolab_watch_record_new (kind);

  r->syscall = g_strdup (syscall);
  r->pid = r->tid = pid;
  r->comm = g_strdup_printf ("proc%" G_GINT64_FORMAT, pid);
  r->fd = 3;
  r->is_write = syscall != NULL && g_str_equal (syscall, "write");
  r->is_read = syscall != NULL && g_str_equal (syscall, "read");
  r->result = result;
  r->error = error;
  r->size = MAX (result, 0);
  r->blocked_us = blocked_us;
  /* Told when it returns: it began blocked_us before. */
  clock_us += 10;
  r->time_us = clock_us - blocked_us;
  return r;
}

static guint64 next_serial;

static void
add (FifolabSequence  *seq,
     const char       *path,
     FifolabWatchKind  kind,
     const char       *syscall,
     gint64            pid,
     gint64            result,
     int               error,
     gint64            blocked_us)
{
  g_autoptr(FifolabWatchRecord) r = record_new (kind, syscall, pid, result, error, blocked_us);

  fifolab_sequence_add_record (seq, path, next_serial++, r);
}

static void
add_call (FifolabSequence *seq,
          const char      *syscall,
          gint64           pid,
          gint64           result)
{
  add (seq, "/p", FIFOLAB_WATCH_CALL, syscall, pid, result, 0, 0);
}

static void
assert_match (FifolabSequence *seq,
              guint            i,
              guint            write,
              guint            read,
              guint64          offset,
              guint64          bytes,
              guint            flags)
{
  const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, i);

  g_assert_cmpuint (match->write, ==, write);
  g_assert_cmpuint (match->read, ==, read);
  g_assert_cmpuint (match->offset, ==, offset);
  g_assert_cmpuint (match->bytes, ==, bytes);
  g_assert_cmpuint (match->flags, ==, flags);
}

/* One write of 10 bytes read as 4 and 6: two arrows from it; then a read
 * told before the write whose bytes it took is matched when it comes. */
static void
test_split_and_early_read (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();

  add_call (seq, "write", 100, 10);      /* row 0 */
  add_call (seq, "read", 200, 4);        /* row 1 */
  add_call (seq, "read", 200, 6);        /* row 2 */
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 2);
  assert_match (seq, 0, 0, 1, 0, 4, 0);
  assert_match (seq, 1, 0, 2, 4, 6, 0);

  /* The read returned before the write's record came, but the write
   * began before it returned: its bytes. */
  {
    g_autoptr(FifolabWatchRecord) read = record_new (FIFOLAB_WATCH_CALL, "read", 200, 5, 0, 0);
    g_autoptr(FifolabWatchRecord) write = record_new (FIFOLAB_WATCH_CALL, "write", 100, 8, 0, 0);

    write->time_us = read->time_us - 5;
    fifolab_sequence_add_record (seq, "/p", next_serial++, read);   /* row 3 */
    g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 2);
    fifolab_sequence_add_record (seq, "/p", next_serial++, write);  /* row 4 */
  }
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 3);
  assert_match (seq, 2, 4, 3, 10, 5, 0);
  /* The 3 bytes left wait for the next read. */
  add_call (seq, "read", 200, 3);        /* row 5 */
  assert_match (seq, 3, 4, 5, 15, 3, 0);
  g_assert_cmpuint (fifolab_sequence_get_n_processes (seq), ==, 2);
  g_assert_cmpstr (fifolab_sequence_get_process (seq, 1)->comm, ==, "proc200");
  g_assert_cmpuint (fifolab_sequence_get_process (seq, 0)->first_move, ==, FIFOLAB_SEQ_WRITE);
  g_assert_cmpuint (fifolab_sequence_get_process (seq, 1)->first_move, ==, FIFOLAB_SEQ_READ);
}

/* A read takes 5 bytes that no write put in; the next write began after it
 * returned: those were in the pipe before the watch. The write's bytes go
 * to the next read. What is still missing when the watch lets go came from
 * before it too. */
static void
test_before_watch (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();

  add_call (seq, "read", 200, 5);        /* row 0 */
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 0);
  add_call (seq, "write", 100, 7);       /* row 1 */
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 1);
  assert_match (seq, 0, G_MAXUINT, 0, 0, 5, FIFOLAB_SEQ_MATCH_BEFORE_WATCH);
  add_call (seq, "read", 200, 7);        /* row 2 */
  assert_match (seq, 1, 1, 2, 5, 7, 0);

  add_call (seq, "read", 200, 2);        /* row 3 */
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 2);
  add (seq, "/p", FIFOLAB_WATCH_DETACH, NULL, 200, 0, 0, 0);
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 3);
  assert_match (seq, 2, G_MAXUINT, 3, 12, 2, FIFOLAB_SEQ_MATCH_BEFORE_WATCH);
  g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, 4);
}

/* A record of a call still asleep in the kernel, on the read side. */
static void
add_blocked (FifolabSequence *seq,
             const char      *syscall,
             gint64           pid)
{
  g_autoptr(FifolabWatchRecord) r = record_new (FIFOLAB_WATCH_BLOCKED, syscall, pid, 0, 0, 0);

  r->is_read = TRUE;
  g_assert_false (fifolab_sequence_add_record (seq, "/p", next_serial++, r));
}

/* Bytes no watched write put in, read after the pipe was found empty
 * since the watch began, came from a writer it did not see: after an open
 * of the read end seen asleep with no other watched process on the pipe,
 * after a read seen asleep, after a read that returned 0. They are matched
 * when the last watched process on the pipe ends. An open asleep while
 * another watched process is on the pipe (it may keep bytes in it) proves
 * nothing: those bytes were there before the watch. */
static void
test_unseen_writer (void)
{
  {
    g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();

    add (seq, "/p", FIFOLAB_WATCH_ATTACH, NULL, 200, 0, 0, 0);   /* row 0 */
    add_blocked (seq, "openat", 200);
    add_call (seq, "openat", 200, 3);                            /* row 1 */
    add_call (seq, "read", 200, 21);                             /* row 2 */
    g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 0);
    add (seq, "/p", FIFOLAB_WATCH_EXIT, NULL, 200, 0, 0, 0);     /* row 3 */
    g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 1);
    assert_match (seq, 0, G_MAXUINT, 2, 0, 21, FIFOLAB_SEQ_MATCH_UNSEEN_WRITER);
  }
  {
    g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();

    add (seq, "/p", FIFOLAB_WATCH_ATTACH, NULL, 300, 0, 0, 0);   /* row 0 */
    add (seq, "/p", FIFOLAB_WATCH_ATTACH, NULL, 200, 0, 0, 0);   /* row 1 */
    add_blocked (seq, "openat", 200);
    add_call (seq, "openat", 200, 3);                            /* row 2 */
    add_call (seq, "read", 200, 5);                              /* row 3 */
    add (seq, "/p", FIFOLAB_WATCH_EXIT, NULL, 200, 0, 0, 0);     /* row 4 */
    /* 300 could still write them. */
    g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 0);
    add (seq, "/p", FIFOLAB_WATCH_EXIT, NULL, 300, 0, 0, 0);     /* row 5 */
    g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 1);
    assert_match (seq, 0, G_MAXUINT, 3, 0, 5, FIFOLAB_SEQ_MATCH_BEFORE_WATCH);
  }
  {
    g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();

    add_call (seq, "read", 200, 5);                              /* row 0 */
    add_call (seq, "read", 200, 0);                              /* row 1: end of file */
    add_call (seq, "read", 200, 4);                              /* row 2 */
    add_blocked (seq, "read", 200);
    add_call (seq, "read", 200, 3);                              /* row 3 */
    add (seq, "/p", FIFOLAB_WATCH_DETACH, NULL, 200, 0, 0, 0);
    g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 3);
    assert_match (seq, 0, G_MAXUINT, 0, 0, 5, FIFOLAB_SEQ_MATCH_BEFORE_WATCH);
    assert_match (seq, 1, G_MAXUINT, 2, 5, 4, FIFOLAB_SEQ_MATCH_UNSEEN_WRITER);
    assert_match (seq, 2, G_MAXUINT, 3, 9, 3, FIFOLAB_SEQ_MATCH_UNSEEN_WRITER);
  }
  {
    g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();

    /* A read seen asleep: the pipe was empty; its write, watched, is told
     * after it: matched to it, not to an unseen writer. */
    add_blocked (seq, "read", 200);
    {
      g_autoptr(FifolabWatchRecord) read = record_new (FIFOLAB_WATCH_CALL, "read", 200, 6, 0, 0);
      g_autoptr(FifolabWatchRecord) write = record_new (FIFOLAB_WATCH_CALL, "write", 100, 6, 0, 0);

      write->time_us = read->time_us - 5;
      fifolab_sequence_add_record (seq, "/p", next_serial++, read);   /* row 0 */
      fifolab_sequence_add_record (seq, "/p", next_serial++, write);  /* row 1 */
    }
    add (seq, "/p", FIFOLAB_WATCH_DETACH, NULL, 200, 0, 0, 0);
    g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 1);
    assert_match (seq, 0, 1, 0, 0, 6, 0);
  }
}

/* Two readers on one pipe: from the second one on, the matches say they
 * are attributed by the order the reads returned. Two pipes share one
 * timeline, each matched on its own. */
static void
test_competing_readers (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();

  add_call (seq, "write", 100, 4);       /* row 0 */
  add_call (seq, "read", 200, 2);        /* row 1 */
  g_assert_false (fifolab_sequence_get_pipe_competing (seq, 0));
  add_call (seq, "read", 300, 2);        /* row 2 */
  g_assert_true (fifolab_sequence_get_pipe_competing (seq, 0));
  assert_match (seq, 0, 0, 1, 0, 2, 0);
  assert_match (seq, 1, 0, 2, 2, 2, FIFOLAB_SEQ_MATCH_BY_ORDER);

  add (seq, "/q", FIFOLAB_WATCH_CALL, "write", 300, 3, 0, 0);   /* row 3 */
  add (seq, "/q", FIFOLAB_WATCH_CALL, "read", 100, 3, 0, 0);    /* row 4 */
  g_assert_cmpuint (fifolab_sequence_get_n_pipes (seq), ==, 2);
  g_assert_cmpstr (fifolab_sequence_get_pipe_path (seq, 1), ==, "/q");
  g_assert_false (fifolab_sequence_get_pipe_competing (seq, 1));
  assert_match (seq, 2, 3, 4, 0, 3, 0);
  g_assert_cmpuint (fifolab_sequence_get_row (seq, 4)->pipe, ==, 1);

  /* A copy holds the same, and goes on its own. */
  {
    g_autoptr(FifolabSequence) copy = fifolab_sequence_copy (seq);
    g_autoptr(GArray) rows = NULL;

    g_assert_cmpuint (fifolab_sequence_get_n_rows (copy), ==, 5);
    g_assert_cmpuint (fifolab_sequence_get_n_processes (copy), ==, 3);
    assert_match (copy, 1, 0, 2, 2, 2, FIFOLAB_SEQ_MATCH_BY_ORDER);
    g_assert_true (fifolab_sequence_get_pipe_competing (copy, 0));
    g_assert_false (fifolab_sequence_get_pipe_competing (copy, 1));
    g_assert_cmpstr (fifolab_sequence_get_pipe_path (copy, 1), ==, "/q");
    rows = fifolab_sequence_query_rows (copy, 1, 2);
    g_assert_cmpuint (rows->len, ==, 2);
    add_call (copy, "read", 300, 1);
    g_assert_cmpuint (fifolab_sequence_get_n_processes (copy), ==, 3);
    g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, 5);
  }
}

/* Two readers one after the other (the first exited before the second
 * read) do not compete: their reads are matched as they come, and the
 * pipe is not said to be read by competing readers. */
static void
test_readers_in_turn (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();

  add_call (seq, "write", 100, 4);                            /* row 0 */
  add_call (seq, "read", 200, 2);                             /* row 1 */
  add (seq, "/p", FIFOLAB_WATCH_EXIT, NULL, 200, 0, 0, 0);    /* row 2 */
  add_call (seq, "read", 300, 2);                             /* row 3 */
  g_assert_false (fifolab_sequence_get_pipe_competing (seq, 0));
  assert_match (seq, 0, 0, 1, 0, 2, 0);
  assert_match (seq, 1, 0, 3, 2, 2, 0);
  /* A third reader while the second still holds it: they compete. */
  add_call (seq, "write", 100, 2);                            /* row 4 */
  add_call (seq, "read", 400, 2);                             /* row 5 */
  g_assert_true (fifolab_sequence_get_pipe_competing (seq, 0));
}

/* Each mark, from the call or event that shows it; calls that are none of
 * these make no row. */
static void
test_marks (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
  const struct
  {
    FifolabWatchKind kind;
    const char      *syscall;
    gint64           result;
    int              error;
    FifolabSeqKind   row_kind;
    FifolabSeqMark   mark;
  } cases[] = {
    { FIFOLAB_WATCH_ATTACH, NULL, 0, 0, FIFOLAB_SEQ_START, FIFOLAB_SEQ_MARK_NONE },
    { FIFOLAB_WATCH_CALL, "openat", -1, ENXIO, FIFOLAB_SEQ_OPEN, FIFOLAB_SEQ_MARK_ENXIO },
    { FIFOLAB_WATCH_CALL, "openat", 3, 0, FIFOLAB_SEQ_OPEN, FIFOLAB_SEQ_MARK_NONE },
    { FIFOLAB_WATCH_CALL, "read", 0, 0, FIFOLAB_SEQ_READ, FIFOLAB_SEQ_MARK_EOF },
    { FIFOLAB_WATCH_CALL, "write", -1, EPIPE, FIFOLAB_SEQ_WRITE, FIFOLAB_SEQ_MARK_EPIPE },
    { FIFOLAB_WATCH_CALL, "read", -1, EINTR, FIFOLAB_SEQ_READ, FIFOLAB_SEQ_MARK_ERROR },
    { FIFOLAB_WATCH_EXIT, NULL, SIGPIPE, 0, FIFOLAB_SEQ_EXIT, FIFOLAB_SEQ_MARK_SIGPIPE },
    { FIFOLAB_WATCH_EXIT, NULL, SIGTERM, 0, FIFOLAB_SEQ_EXIT, FIFOLAB_SEQ_MARK_SIGNAL },
    { FIFOLAB_WATCH_EXIT, NULL, 0, 0, FIFOLAB_SEQ_EXIT, FIFOLAB_SEQ_MARK_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FifolabWatchRecord) r = record_new (cases[i].kind, cases[i].syscall, 100,
                                                    cases[i].result, cases[i].error, 0);

      r->signaled = cases[i].mark == FIFOLAB_SEQ_MARK_SIGPIPE || cases[i].mark == FIFOLAB_SEQ_MARK_SIGNAL;
      g_assert_true (fifolab_sequence_add_record (seq, "/p", i, r));
      g_assert_cmpuint (fifolab_sequence_get_row (seq, i)->kind, ==, cases[i].row_kind);
      g_assert_cmpuint (fifolab_sequence_get_row (seq, i)->mark, ==, cases[i].mark);
      g_assert_cmpint (fifolab_sequence_get_row (seq, i)->error, ==, cases[i].error);
    }
  {
    g_autoptr(FifolabWatchRecord) close_call = record_new (FIFOLAB_WATCH_CALL, "close", 100, 0, 0, 0);
    g_autoptr(FifolabWatchRecord) stopped = record_new (FIFOLAB_WATCH_STOPPED, NULL, 100, SIGSTOP, 0, 0);

    g_assert_false (fifolab_sequence_add_record (seq, "/p", 100, close_call));
    g_assert_false (fifolab_sequence_add_record (seq, "/p", 101, stopped));
  }
  g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, G_N_ELEMENTS (cases));
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 0);
  /* It moved no bytes. */
  g_assert_cmpuint (fifolab_sequence_get_process (seq, 0)->first_move, ==, G_MAXUINT8);
  g_assert_cmpuint (fifolab_sequence_find_serial (seq, 4), ==, 4);
  g_assert_cmpuint (fifolab_sequence_find_serial (seq, 100), ==, G_MAXUINT);

  fifolab_sequence_clear (seq);
  g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, 0);
  g_assert_cmpuint (fifolab_sequence_get_n_processes (seq), ==, 0);
  g_assert_cmpuint (fifolab_sequence_get_n_pipes (seq), ==, 0);
}

/* The range queries against a walk of every row and match, on random
 * calls with random times blocked (a few very long), and the row at a
 * time against a walk. */
static void
test_queries (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
  GRand *rand = g_rand_new_with_seed (16);
  guint n;

  for (guint i = 0; i < 3000; i++)
    {
      gboolean write = g_rand_boolean (rand);
      gint64 blocked = g_rand_int_range (rand, 0, 100) < 3 ? g_rand_int_range (rand, 0, 30000)
                                                          : g_rand_int_range (rand, 0, 40);

      add (seq, "/p", FIFOLAB_WATCH_CALL, write ? "write" : "read",
           write ? 100 + g_rand_int_range (rand, 0, 3) : 200,
           g_rand_int_range (rand, 1, 30), 0, blocked);
    }
  n = fifolab_sequence_get_n_rows (seq);
  g_assert_cmpuint (n, ==, 3000);

  for (guint k = 0; k < 200; k++)
    {
      guint first = g_rand_int_range (rand, 0, n);
      guint last = MIN (n - 1, first + g_rand_int_range (rand, 0, 40));
      g_autoptr(GArray) rows = fifolab_sequence_query_rows (seq, first, last);
      g_autoptr(GArray) matches = fifolab_sequence_query_matches (seq, first, last);
      guint found = 0;

      for (guint i = 0; i < n; i++)
        {
          const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);

          if (row->start_row <= last && i >= first)
            {
              g_assert_cmpuint (found, <, rows->len);
              g_assert_cmpuint (g_array_index (rows, guint, found), ==, i);
              found++;
            }
        }
      g_assert_cmpuint (found, ==, rows->len);

      found = 0;
      for (guint i = 0; i < fifolab_sequence_get_n_matches (seq); i++)
        {
          const FifolabSeqMatch *match = fifolab_sequence_get_match (seq, i);
          guint low = match->write == G_MAXUINT ? match->read : MIN (match->write, match->read);
          guint high = match->write == G_MAXUINT ? match->read : MAX (match->write, match->read);

          if (low <= last && high >= first)
            {
              g_assert_cmpuint (g_array_index (matches, guint, found), ==, i);
              found++;
            }
        }
      g_assert_cmpuint (found, ==, matches->len);
    }

  /* A row's span begins at the first row that returned after it began. */
  for (guint i = 0; i < n; i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);
      guint walk = 0;

      while (walk < i && fifolab_sequence_get_row (seq, walk)->end_us < row->start_us)
        walk++;
      g_assert_cmpuint (row->start_row, <=, walk);
      g_assert_cmpuint (fifolab_sequence_row_at_time (seq, row->end_us), <=, i);
    }
  g_rand_free (rand);
}

/* 1,000,000 calls: a range in the middle gives its own rows and matches,
 * and the one read blocked from the start. */
static void
test_million (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
  g_autoptr(FifolabWatchRecord) waiting = record_new (FIFOLAB_WATCH_CALL, "read", 300, 0, 0, 0);
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) matches = NULL;
  guint middle;

  add_call (seq, "write", 100, 1);
  add_call (seq, "read", 200, 1);
  for (guint i = 1; i < 499999; i++)
    {
      add_call (seq, "write", 100, 64);
      add_call (seq, "read", 200, 64);
    }
  /* A reader of another pipe blocked since the first call. */
  waiting->blocked_us = clock_us - 1000000;
  waiting->time_us = 1000000;
  fifolab_sequence_add_record (seq, "/q", next_serial++, waiting);
  g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, 999999);
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 499999);

  middle = 500000;
  rows = fifolab_sequence_query_rows (seq, middle, middle + 9);
  g_assert_cmpuint (rows->len, ==, 11);
  g_assert_cmpuint (g_array_index (rows, guint, 10), ==, 999998);
  matches = fifolab_sequence_query_matches (seq, middle, middle + 9);
  g_assert_cmpuint (matches->len, ==, 5);
  g_assert_cmpuint (fifolab_sequence_get_match (seq, g_array_index (matches, guint, 0))->write, ==, middle);
  g_assert_cmpuint (fifolab_sequence_row_at_time (seq, fifolab_sequence_get_row (seq, middle)->end_us),
                    ==, middle);
  g_assert_cmpuint (fifolab_sequence_find_serial (seq, fifolab_sequence_get_row (seq, middle)->serial),
                    ==, middle);
}

static void
count_trimmed (FifolabSequence *seq,
               guint            n,
               guint           *total)
{
  *total += n;
}

/* Bounded: past max-rows rows, the oldest half goes, with the matches they
 * take part in; the rows kept keep their matches (indices moved down), the
 * bytes a forgotten write left in the pipe still count, and the queries
 * agree with a walk. */
static void
test_bounded (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
  guint trimmed = 0;
  guint64 first_serial;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) matches = NULL;
  const FifolabSeqMatch *match;
  guint n;

  fifolab_sequence_set_max_rows (seq, 10);
  g_signal_connect (seq, "trimmed", G_CALLBACK (count_trimmed), &trimmed);

  /* A write of 5 bytes nobody reads yet, then traffic on another pipe
   * until it is forgotten. */
  add_call (seq, "write", 100, 5);
  first_serial = fifolab_sequence_get_row (seq, 0)->serial;
  for (guint i = 0; i < 6; i++)
    {
      add (seq, "/q", FIFOLAB_WATCH_CALL, "write", 300, 3, 0, 0);
      add (seq, "/q", FIFOLAB_WATCH_CALL, "read", 400, 3, 0, 0);
    }
  g_assert_cmpuint (trimmed, >, 0);
  n = fifolab_sequence_get_n_rows (seq);
  g_assert_cmpuint (n, <=, 10);
  g_assert_cmpuint (fifolab_sequence_find_serial (seq, first_serial), ==, G_MAXUINT);
  g_assert_cmpuint (fifolab_sequence_get_row (seq, 0)->serial, ==, first_serial + trimmed);

  /* Every match kept joins a write and a read of the same pipe, 3 bytes. */
  for (guint i = 0; i < fifolab_sequence_get_n_matches (seq); i++)
    {
      match = fifolab_sequence_get_match (seq, i);
      g_assert_cmpuint (match->write, <, n);
      g_assert_cmpuint (match->read, <, n);
      g_assert_cmpint (fifolab_sequence_get_row (seq, match->write)->kind, ==, FIFOLAB_SEQ_WRITE);
      g_assert_cmpint (fifolab_sequence_get_row (seq, match->read)->kind, ==, FIFOLAB_SEQ_READ);
      g_assert_cmpuint (match->bytes, ==, 3);
    }
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), >=, (n - 1) / 2);
  rows = fifolab_sequence_query_rows (seq, 0, n - 1);
  g_assert_cmpuint (rows->len, ==, n);
  matches = fifolab_sequence_query_matches (seq, 0, n - 1);
  g_assert_cmpuint (matches->len, ==, fifolab_sequence_get_n_matches (seq));

  /* The forgotten write's 5 bytes are read first: no match for them; the
   * next write's bytes go to the read after, at stream offset 5. */
  {
    guint before = fifolab_sequence_get_n_matches (seq);

    add_call (seq, "read", 200, 5);
    g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, before);
    add_call (seq, "write", 100, 4);
    add_call (seq, "read", 200, 4);
    n = fifolab_sequence_get_n_rows (seq);
    match = fifolab_sequence_get_match (seq, fifolab_sequence_get_n_matches (seq) - 1);
    g_assert_cmpuint (match->read, ==, n - 1);
    g_assert_cmpuint (match->write, ==, n - 2);
    g_assert_cmpuint (match->offset, ==, 5);
    g_assert_cmpuint (match->bytes, ==, 4);
  }
}

/* The bytes a write or read carried, for its arrow: escaped as the log
 * line shows them (control bytes escaped, cut after the same 64
 * characters), none for a call whose bytes the watch did not copy nor for
 * the other rows; each row keeps its own through the trims that bound the
 * sequence, in a copy, and none after a clear. */
static char *
text_of_serial (guint64 serial)
{
  /* Every third call's bytes not copied; every fifth long. */
  if (serial % 3 == 0)
    return NULL;
  if (serial % 5 == 0)
    return g_strdup_printf ("%080" G_GUINT64_FORMAT, serial);
  return g_strdup_printf ("Hello from pid [%" G_GUINT64_FORMAT "]\n", serial);
}

static void
assert_texts (FifolabSequence *seq)
{
  for (guint i = 0; i < fifolab_sequence_get_n_rows (seq); i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);
      g_autofree char *bytes = text_of_serial (row->serial);
      g_autofree char *shown = NULL;

      if (bytes != NULL && row->kind != FIFOLAB_SEQ_OPEN)
        shown = fifolab_escape_for_display ((const guint8 *) bytes, strlen (bytes), FIFOLAB_WATCH_TEXT_PAYLOAD_CHARS);
      g_assert_cmpstr (fifolab_sequence_get_row_text (seq, i), ==, shown);
    }
}

static void
test_texts (void)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
  g_autoptr(FifolabSequence) copy = NULL;
  guint trimmed = 0;

  fifolab_sequence_set_max_rows (seq, 10);
  g_signal_connect (seq, "trimmed", G_CALLBACK (count_trimmed), &trimmed);
  next_serial = 1;
  for (guint i = 0; i < 40; i++)
    {
      const char *syscall = i % 7 == 6 ? "openat" : (i % 2 == 0 ? "write" : "read");
      g_autoptr(FifolabWatchRecord) r = NULL;
      g_autofree char *bytes = text_of_serial (next_serial);

      r = record_new (FIFOLAB_WATCH_CALL, syscall, i % 2 == 0 ? 100 : 200, 20, 0, 0);
      if (bytes != NULL)
        r->payload = g_bytes_new (bytes, strlen (bytes));
      fifolab_sequence_add_record (seq, "/p", next_serial++, r);
      assert_texts (seq);
    }
  g_assert_cmpuint (trimmed, >, 0);
  copy = fifolab_sequence_copy (seq);
  g_assert_cmpuint (fifolab_sequence_get_n_rows (copy), ==, fifolab_sequence_get_n_rows (seq));
  assert_texts (copy);

  fifolab_sequence_clear (seq);
  add_call (seq, "write", 100, 5);
  g_assert_null (fifolab_sequence_get_row_text (seq, 0));
  {
    g_autoptr(FifolabWatchRecord) r = record_new (FIFOLAB_WATCH_CALL, "write", 100, 4, 0, 0);

    r->payload = g_bytes_new_static ("a\nb\x01", 4);
    fifolab_sequence_add_record (seq, "/p", next_serial++, r);
    g_assert_cmpstr (fifolab_sequence_get_row_text (seq, 1), ==, "a\\nb\\x01");
  }
  assert_texts (copy);
}

/* A sequence following a session's log gets every record the session
 * logs from a watch (the attach, the open and the exit as well as the
 * write and the read), with their Watch entries' serials, and is emptied
 * with the log. */
static void
test_follows_log (void)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(FifolabWatchRecord) write = record_new (FIFOLAB_WATCH_CALL, "write", 100, 11, 0, 0);
  g_autoptr(FifolabWatchRecord) read = record_new (FIFOLAB_WATCH_CALL, "read", 200, 11, 0, 9);
  g_autoptr(FifolabLogEntry) entry = NULL;
  const FifolabSeqRow *row;

  g_autoptr(FifolabWatchRecord) attach = record_new (FIFOLAB_WATCH_ATTACH, NULL, 100, 0, 0, 0);
  g_autoptr(FifolabWatchRecord) open = record_new (FIFOLAB_WATCH_CALL, "openat", 100, 3, 0, 0);
  g_autoptr(FifolabWatchRecord) exit = record_new (FIFOLAB_WATCH_EXIT, NULL, 100, 0, 0, 0);

  fifolab_sequence_follow_log (seq, log);
  write->payload = g_bytes_new_static ("Hello 12345", 11);
  read->payload = g_bytes_new_static ("Hello 12345", 11);
  fifolab_session_log_watch_record (session, "/tmp/my_pipe", attach);
  fifolab_session_log_watch_record (session, "/tmp/my_pipe", open);
  fifolab_session_log_watch_record (session, "/tmp/my_pipe", write);
  fifolab_session_log_watch_record (session, "/tmp/my_pipe", read);
  fifolab_session_log_watch_record (session, "/tmp/my_pipe", exit);
  g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, 5);
  g_assert_cmpint (fifolab_sequence_get_row (seq, 0)->kind, ==, FIFOLAB_SEQ_START);
  g_assert_cmpint (fifolab_sequence_get_row (seq, 1)->kind, ==, FIFOLAB_SEQ_OPEN);
  g_assert_cmpint (fifolab_sequence_get_row (seq, 2)->kind, ==, FIFOLAB_SEQ_WRITE);
  g_assert_cmpint (fifolab_sequence_get_row (seq, 3)->kind, ==, FIFOLAB_SEQ_READ);
  g_assert_cmpint (fifolab_sequence_get_row (seq, 4)->kind, ==, FIFOLAB_SEQ_EXIT);
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 1);
  g_assert_cmpuint (fifolab_sequence_get_match (seq, 0)->bytes, ==, 11);
  g_assert_cmpstr (fifolab_sequence_get_pipe_path (seq, 0), ==, "/tmp/my_pipe");

  /* The read's row is its Watch entry. */
  fifolab_log_flush (log);
  row = fifolab_sequence_get_row (seq, 3);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)) && entry == NULL; i++)
    {
      g_autoptr(FifolabLogEntry) item = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_serial (item) == row->serial)
        entry = g_steal_pointer (&item);
    }
  g_assert_nonnull (entry);
  g_assert_cmpint (fifolab_log_entry_get_kind (entry), ==, FIFOLAB_EVENT_WATCH);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, 200);

  fifolab_log_clear (log);
  g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sequence/seed", Fixture, NULL, fixture_setup, test_seed, fixture_teardown);
  g_test_add ("/sequence/five-writes-one-read", Fixture, NULL, fixture_setup,
              test_five_writes_one_read, fixture_teardown);
  g_test_add ("/sequence/torn-message", Fixture, NULL, fixture_setup, test_torn_message,
              fixture_teardown);
  g_test_add_func ("/sequence/split-and-early-read", test_split_and_early_read);
  g_test_add_func ("/sequence/before-watch", test_before_watch);
  g_test_add_func ("/sequence/unseen-writer", test_unseen_writer);
  g_test_add ("/sequence/unseen-writer-real", Fixture, NULL, fixture_setup, test_unseen_writer_real,
              fixture_teardown);
  g_test_add ("/sequence/before-watch-real", Fixture, NULL, fixture_setup, test_before_watch_real,
              fixture_teardown);
  g_test_add_func ("/sequence/competing-readers", test_competing_readers);
  g_test_add_func ("/sequence/readers-in-turn", test_readers_in_turn);
  g_test_add_func ("/sequence/marks", test_marks);
  g_test_add_func ("/sequence/queries", test_queries);
  g_test_add_func ("/sequence/million", test_million);
  g_test_add_func ("/sequence/follows-log", test_follows_log);
  g_test_add_func ("/sequence/bounded", test_bounded);
  g_test_add_func ("/sequence/texts", test_texts);

  return g_test_run ();
}
