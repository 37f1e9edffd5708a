/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a watch says about the processes it cannot see, with real processes
 * of real users (setpriv; the tests need root to switch to them, and are
 * skipped otherwise): a reader of another user, which hides its descriptors
 * from the watch's scans, is named by the record that follows a watched
 * write no visible process can have read, with Tap offered, while the
 * reader gets its bytes unchanged; a reader of the watch's own user, seen
 * by a scan, gives no such record; and a refusal is explained by the REAL
 * uid the kernel checks, not the effective one. Every step waits on what
 * the watch printed or on a process's state, never on time. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-test-util.h"
#include "fifolab-watch-record.h"
#include "fifolab-watch-unseen.h"

#define WAIT_MS 60000
#define WATCH_UID "65533"
#define OTHER_UID "65534"

typedef struct
{
  char *dir;
  char *path;
  char *peer;     /* a copy of fifolab-peer that the other uids can run */
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GFile) from = g_file_new_for_path (fifolab_test_peer_path ());
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  /* A fresh folder both uids can reach, a FIFO both may open, and the peer
   * copied there: the build folder may be out of their reach. */
  fx->dir = fifolab_test_tmpdir_new ();
  g_assert_cmpint (g_chmod (fx->dir, 0777), ==, 0);
  fx->path = fifolab_test_make_fifo (fx->dir, "my_pipe");
  g_assert_cmpint (g_chmod (fx->path, 0666), ==, 0);
  fx->peer = g_build_filename (fx->dir, "fifolab-peer", NULL);
  to = g_file_new_for_path (fx->peer);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fx->peer, 0755), ==, 0);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_free (fx->peer);
  fifolab_test_fifo_clear (&fx->dir, &fx->path);
}

static gboolean
users_supported (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");

  if (!fifolab_test_watch_supported (1))
    return FALSE;
  if (getuid () != 0)
    {
      g_test_skip ("needs root, to run the watch and the processes it watches as other "
                   "users (uids " WATCH_UID " and " OTHER_UID ", with setpriv)");
      return FALSE;
    }
  if (setpriv == NULL)
    {
      g_test_skip ("needs setpriv (util-linux) to run processes as other users");
      return FALSE;
    }
  return TRUE;
}

/* -------------------------------------------------------------------- */
/* fifolab-peer watch --json, as some user, and what it prints */

typedef struct
{
  GSubprocess      *proc;
  GDataInputStream *out;
  GPtrArray        *records;    /* FifolabWatchRecord */
  gboolean          ended;      /* its output ended */
} Seen;

static void next_line (Seen *seen);

static void
seen_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Seen *seen = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);

  g_assert_no_error (error);
  if (line == NULL)
    {
      seen->ended = TRUE;
      return;
    }
  g_ptr_array_add (seen->records, fifolab_watch_record_from_json (line, &error));
  g_assert_no_error (error);
  next_line (seen);
}

static void
next_line (Seen *seen)
{
  g_data_input_stream_read_line_async (seen->out, G_PRIORITY_DEFAULT, NULL, seen_line_cb, seen);
}

/* The watch of the fixture's FIFO, run by setpriv with @ids. */
static Seen *
seen_new (Fixture            *fx,
          const char * const *ids)
{
  const char *rest[] = { "--clear-groups", fx->peer, "watch", fx->path, "--json", NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Seen *seen = g_new0 (Seen, 1);

  g_ptr_array_add (argv, "setpriv");
  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) ids[i]);
  for (guint i = 0; i <= G_N_ELEMENTS (rest) - 1; i++)
    g_ptr_array_add (argv, (gpointer) rest[i]);
  seen->proc = fifolab_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    (const char * const *) argv->pdata, NULL);
  seen->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (seen->proc));
  seen->records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);
  next_line (seen);
  return seen;
}

static gboolean
seen_ended (gpointer data)
{
  return ((Seen *) data)->ended;
}

/* Stops the watch (SIGTERM): it lets its processes go and ends well. */
static void
seen_stop (Seen *seen)
{
  g_subprocess_send_signal (seen->proc, SIGTERM);
  g_assert_true (fifolab_test_wait_until (seen_ended, seen, WAIT_MS));
  g_assert_true (g_subprocess_wait (seen->proc, NULL, NULL));
  g_assert_true (g_subprocess_get_successful (seen->proc));
}

static void
seen_free (Seen *seen)
{
  if (!seen->ended)
    {
      g_subprocess_force_exit (seen->proc);
      fifolab_test_wait_until (seen_ended, seen, WAIT_MS);
    }
  g_clear_object (&seen->out);
  g_clear_object (&seen->proc);
  g_ptr_array_unref (seen->records);
  g_free (seen);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Seen, seen_free)

/* The first record of @kind about @pid (for calls: one that moved bytes,
 * and of the direction @syscall names), or NULL. */
static FifolabWatchRecord *
seen_find (Seen             *seen,
           FifolabWatchKind  kind,
           gint64            pid,
           const char       *syscall)
{
  for (guint i = 0; i < seen->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (seen->records, i);

      if (r->kind != kind || r->pid != pid)
        continue;
      if (syscall == NULL || (g_strcmp0 (r->syscall, syscall) == 0 && r->result > 0))
        return r;
    }
  return NULL;
}

typedef struct
{
  Seen             *seen;
  FifolabWatchKind  kind;
  gint64            pid;
  const char       *syscall;
} Wanted;

static gboolean
seen_has (gpointer data)
{
  Wanted *w = data;

  return seen_find (w->seen, w->kind, w->pid, w->syscall) != NULL;
}

/* Waits for the record seen_find() finds; fails the test, saying what it
 * waited for and every record the watch printed, when none comes. */
#define seen_wait(seen, kind, pid, syscall) \
  seen_wait_at (__FILE__, __LINE__, seen, kind, pid, syscall)

static FifolabWatchRecord *
seen_wait_at (const char       *file,
              int               line,
              Seen             *seen,
              FifolabWatchKind  kind,
              gint64            pid,
              const char       *syscall)
{
  Wanted w = { seen, kind, pid, syscall };
  g_autoptr(GString) got = NULL;
  g_autofree char *message = NULL;

  if (fifolab_test_wait_until (seen_has, &w, WAIT_MS))
    return seen_find (seen, kind, pid, syscall);

  got = g_string_new (NULL);
  for (guint i = 0; i < seen->records->len; i++)
    {
      g_autofree char *text = fifolab_watch_record_to_text (g_ptr_array_index (seen->records, i));

      g_string_append_printf (got, "\n  %s %s", fifolab_watch_kind_to_string (
                                ((FifolabWatchRecord *) g_ptr_array_index (seen->records, i))->kind),
                              text);
    }
  message = g_strdup_printf ("waited %d ms for a “%s” record of pid %" G_GINT64_FORMAT "%s%s%s; "
                             "the watch %s and printed %u records:%s",
                             WAIT_MS, fifolab_watch_kind_to_string (kind), pid,
                             syscall != NULL ? " (" : "", syscall != NULL ? syscall : "",
                             syscall != NULL ? "() that moved bytes)" : "",
                             seen->ended ? "ended" : "still runs", seen->records->len, got->str);
  g_assertion_message (G_LOG_DOMAIN, file, line, G_STRFUNC, message);
  return NULL;
}

static guint
count_unseen (Seen *seen)
{
  guint n = 0;

  for (guint i = 0; i < seen->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (seen->records, i);

      n += r->kind == FIFOLAB_WATCH_REFUSED && r->pid == 0;
    }
  return n;
}

/* -------------------------------------------------------------------- */
/* The processes on the pipe */

#define AS(uid) "setpriv", "--reuid=" uid, "--regid=" uid, "--clear-groups"

/* `cat PIPE` as @uid, its output in the file @out (mode 0666 first). */
static GSubprocess *
start_cat (Fixture    *fx,
           const char *uid_arg,
           const char *gid_arg,
           const char *out,
           GPid       *pid)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  const char *argv[] = { "setpriv", uid_arg, gid_arg, "--clear-groups", "cat", fx->path, NULL };

  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  return fifolab_test_spawn_with (launcher, argv, pid);
}

/* A writer as uid WATCH_UID: opens the pipe, and on a line on its stdin
 * writes "Hello from pid [ITS PID]\n" once and ends. */
static GSubprocess *
start_writer (Fixture *fx,
              GPid    *pid)
{
  return fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, pid, AS (WATCH_UID),
                             "sh", "-c", "exec 3>\"$1\"; read _; echo \"Hello from pid [$$]\" >&3",
                             "sh", fx->path, NULL);
}

static void
writer_go (GSubprocess *writer)
{
  fifolab_test_go_ahead_last (writer);
  g_assert_true (g_subprocess_wait (writer, NULL, NULL));
  g_assert_true (g_subprocess_get_successful (writer));
}

static char *
contents_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* -------------------------------------------------------------------- */

/* The reader is another user's: the watch cannot see it, sees the write,
 * and then says that a process it cannot see has the pipe, and why, and
 * offers a tap; the reader gets the line unchanged. */
static void
test_unseen_reader (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *got = NULL;
  g_autofree char *line = NULL;
  g_autofree char *said = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(Seen) seen = NULL;
  FifolabWatchRecord *write;
  FifolabWatchRecord *unseen;
  GPid cat_pid;
  GPid writer_pid;

  if (!users_supported ())
    return;

  out = g_build_filename (fx->dir, "cat.out", NULL);
  cat = start_cat (fx, "--reuid=" OTHER_UID, "--regid=" OTHER_UID, out, &cat_pid);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (cat_pid), WAIT_MS));
  writer = start_writer (fx, &writer_pid);

  seen = seen_new (fx, (const char * const[]) { "--reuid=" WATCH_UID, "--regid=" WATCH_UID, NULL });
  seen_wait (seen, FIFOLAB_WATCH_ATTACH, writer_pid, NULL);
  writer_go (writer);

  write = seen_wait (seen, FIFOLAB_WATCH_CALL, writer_pid, "write");
  line = g_strdup_printf ("Hello from pid [%d]\n", (int) writer_pid);
  g_assert_cmpint (write->size, ==, (gint64) strlen (line));
  unseen = seen_wait (seen, FIFOLAB_WATCH_REFUSED, 0, NULL);
  said = g_strdup_printf ("pid %d’s write() put %u bytes into my_pipe, and no process FIFO Lab "
                          "can see has it open for reading.", (int) writer_pid, (guint) strlen (line));
  g_test_message ("%s", unseen->message);
  g_assert_nonnull (strstr (unseen->message, said));
  g_assert_nonnull (strstr (unseen->message, "of other users could not be looked at"));
  g_assert_nonnull (strstr (unseen->message, "Run the watch as that user or as root"));
  g_assert_nonnull (strstr (unseen->message, "use a tap"));
  g_assert_cmpint (unseen->error, ==, EACCES);
  /* The reader itself was never in sight. */
  g_assert_null (seen_find (seen, FIFOLAB_WATCH_ATTACH, cat_pid, NULL));

  g_assert_true (g_subprocess_wait (cat, NULL, NULL));
  g_assert_true (g_subprocess_get_successful (cat));
  got = contents_of (out);
  g_assert_cmpstr (got, ==, line);

  seen_stop (seen);
  g_assert_cmpuint (count_unseen (seen), ==, 1);
}

/* A marker: a process of the watch's user waiting in open() to write (no
 * reader is left), holding no end. Once the watch attaches to it, a scan
 * begun after the marker started has been judged. */
static GSubprocess *
mark_a_scan (Fixture *fx,
             Seen    *seen)
{
  GPid pid;
  GSubprocess *marker = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &pid, AS (WATCH_UID),
                                            "sh", "-c", "exec 3>\"$1\"", "sh", fx->path, NULL);

  seen_wait (seen, FIFOLAB_WATCH_ATTACH, pid, NULL);
  return marker;
}

/* A reader of the watch's own user, started after the watch and seen by
 * its scans, is watched reading: no process is said to be unseen, though
 * the watch cannot look at root's processes. */
static void
test_seen_reader_no_alarm (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *got = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(Seen) seen = NULL;
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func (g_object_unref);
  GPid cat_pid;
  GPid writer_pid;

  if (!users_supported ())
    return;

  seen = seen_new (fx, (const char * const[]) { "--reuid=" WATCH_UID, "--regid=" WATCH_UID, NULL });
  writer = start_writer (fx, &writer_pid);
  seen_wait (seen, FIFOLAB_WATCH_ATTACH, writer_pid, NULL);
  out = g_build_filename (fx->dir, "cat.out", NULL);
  cat = start_cat (fx, "--reuid=" WATCH_UID, "--regid=" WATCH_UID, out, &cat_pid);
  seen_wait (seen, FIFOLAB_WATCH_ATTACH, cat_pid, NULL);
  writer_go (writer);

  seen_wait (seen, FIFOLAB_WATCH_CALL, writer_pid, "write");
  seen_wait (seen, FIFOLAB_WATCH_CALL, cat_pid, "read");
  g_assert_true (g_subprocess_wait (cat, NULL, NULL));
  g_assert_true (g_subprocess_get_successful (cat));
  line = g_strdup_printf ("Hello from pid [%d]\n", (int) writer_pid);
  got = contents_of (out);
  g_assert_cmpstr (got, ==, line);

  /* Scans do not overlap, and each marker starts once the last one was
   * attached: by the third, two scans begun after the write (and after
   * the reader left) have been judged, which is what a record needs. */
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (markers, mark_a_scan (fx, seen));
  g_assert_cmpuint (count_unseen (seen), ==, 0);

  for (guint i = 0; i < markers->len; i++)
    g_subprocess_force_exit (g_ptr_array_index (markers, i));
  seen_stop (seen);
  g_assert_cmpuint (count_unseen (seen), ==, 0);
}

/* A watch whose real uid is not its effective one: the kernel checks the
 * real uid for ptrace, so a reader of the effective uid (whose descriptors
 * the scan, with the effective uid, may read) is refused as another
 * user's, not blamed on a container. */
static void
test_refusal_real_uid (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(Seen) seen = NULL;
  GSubprocess *holder;
  FifolabWatchRecord *refused;
  GPid cat_pid;
  GPid holder_pid;

  if (!users_supported ())
    return;

  out = g_build_filename (fx->dir, "cat.out", NULL);
  cat = start_cat (fx, "--reuid=" OTHER_UID, "--regid=" OTHER_UID, out, &cat_pid);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (cat_pid), WAIT_MS));
  /* root holds the write end: the reader's open returns, and it holds the
   * read end where the scan looks. */
  holder = fifolab_test_writer_hold (fx->path, &holder_pid);

  seen = seen_new (fx, (const char * const[]) { "--ruid=" WATCH_UID, "--euid=" OTHER_UID,
                                                "--rgid=" OTHER_UID, "--egid=" OTHER_UID, NULL });
  refused = seen_wait (seen, FIFOLAB_WATCH_REFUSED, cat_pid, NULL);
  g_test_message ("%s", refused->message);
  g_assert_cmpint (refused->error, ==, EPERM);
  g_assert_nonnull (strstr (refused->message, "belongs to another user (uid " OTHER_UID ")"));
  g_assert_null (strstr (refused->message, "container"));
  seen_stop (seen);

  fifolab_test_writer_end (holder);
  g_assert_true (g_subprocess_wait (cat, NULL, NULL));
  g_assert_true (g_subprocess_get_successful (cat));
}

/* -------------------------------------------------------------------- */
/* The rule, record by record (no processes, no root) */

static void
feed (FifolabWatchUnseen *unseen,
      FifolabWatchKind    kind,
      gint64              pid,
      gboolean            is_write,
      gint64              result,
      gint64              time_us)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);
  FifolabWatchRecord *r = fifolab_watch_record_new (kind);

  r->pid = r->tid = pid;
  r->syscall = kind == FIFOLAB_WATCH_CALL ? g_strdup (is_write ? "write" : "read") : NULL;
  r->is_write = kind == FIFOLAB_WATCH_CALL && is_write;
  r->is_read = kind == FIFOLAB_WATCH_CALL && !is_write;
  r->result = result;
  r->requested = 22;
  r->time_us = time_us;
  r->blocked_us = 10;
  g_ptr_array_add (records, r);
  fifolab_watch_unseen_note_records (unseen, records);
}

/* The number of records a scan begun at @started_us leads to, with the
 * message of the last in @message. */
static guint
scan (FifolabWatchUnseen *unseen,
      gint64              started_us,
      guint               n_denied,
      guint               n_readers,
      guint               n_writers,
      char              **message)
{
  FifolabWatchSight sight = { started_us, n_denied, n_readers, n_writers };
  g_autoptr(GPtrArray) records = fifolab_watch_unseen_note_scan (unseen, &sight);
  FifolabWatchRecord *last;

  if (records == NULL)
    return 0;
  last = g_ptr_array_index (records, records->len - 1);
  g_assert_cmpint (last->kind, ==, FIFOLAB_WATCH_REFUSED);
  g_assert_cmpint (last->pid, ==, 0);
  if (message != NULL)
    {
      g_free (*message);
      *message = g_strdup (last->message);
    }
  return records->len;
}

/* A write no reader can be seen for: a record after two scans begun after
 * it, once per watch; none from a scan begun before it returned, none when
 * every process could be looked at, none when a reader is in sight. */
static void
test_rule_write (void)
{
  g_autoptr(FifolabWatchUnseen) unseen = fifolab_watch_unseen_new ("/tmp/x/my_pipe");
  g_autoptr(FifolabWatchUnseen) all_seen = fifolab_watch_unseen_new ("/tmp/x/my_pipe");
  g_autoptr(FifolabWatchUnseen) reader = fifolab_watch_unseen_new ("/tmp/x/my_pipe");
  g_autofree char *message = NULL;

  /* Nothing watched yet: nothing to say, however much is hidden. */
  g_assert_cmpuint (scan (unseen, 500, 40, 0, 1, NULL), ==, 0);
  feed (unseen, FIFOLAB_WATCH_CALL, 1234, TRUE, 22, 1000);
  g_assert_cmpuint (scan (unseen, 1005, 40, 0, 1, NULL), ==, 0);   /* began before it returned */
  g_assert_cmpuint (scan (unseen, 2000, 40, 0, 1, NULL), ==, 0);   /* the first after it */
  g_assert_cmpuint (scan (unseen, 3000, 40, 0, 1, &message), ==, 1);
  g_assert_nonnull (strstr (message, "pid 1234’s write() put 22 bytes into my_pipe"));
  g_assert_nonnull (strstr (message, "40 processes of other users"));
  feed (unseen, FIFOLAB_WATCH_CALL, 1234, TRUE, 22, 4000);
  g_assert_cmpuint (scan (unseen, 5000, 40, 0, 1, NULL), ==, 0);
  g_assert_cmpuint (scan (unseen, 6000, 40, 0, 1, NULL), ==, 0);   /* said once */

  feed (all_seen, FIFOLAB_WATCH_CALL, 1234, TRUE, 22, 1000);
  g_assert_cmpuint (scan (all_seen, 2000, 0, 0, 1, NULL), ==, 0);
  g_assert_cmpuint (scan (all_seen, 3000, 0, 0, 1, NULL), ==, 0);

  /* A watched reader that ended after the write began could have read it. */
  feed (reader, FIFOLAB_WATCH_CALL, 99, FALSE, 5, 100);
  feed (reader, FIFOLAB_WATCH_CALL, 1234, TRUE, 22, 1000);
  feed (reader, FIFOLAB_WATCH_EXIT, 99, FALSE, 0, 1500);
  g_assert_cmpuint (scan (reader, 2000, 40, 0, 1, NULL), ==, 0);
  g_assert_cmpuint (scan (reader, 3000, 40, 0, 1, NULL), ==, 0);
  /* A reader in sight explains the next write as well. */
  feed (reader, FIFOLAB_WATCH_CALL, 1234, TRUE, 22, 4000);
  g_assert_cmpuint (scan (reader, 5000, 40, 1, 1, NULL), ==, 0);
  g_assert_cmpuint (scan (reader, 6000, 40, 1, 1, NULL), ==, 0);
  /* Once its reader has gone for good, the watch has no reader to show. */
  feed (reader, FIFOLAB_WATCH_CALL, 1234, TRUE, 22, 7000);
  g_assert_cmpuint (scan (reader, 8000, 40, 0, 1, NULL), ==, 0);
  g_assert_cmpuint (scan (reader, 9000, 40, 0, 1, NULL), ==, 1);
}

/* A read of bytes no watched write put in: only once the pipe was found
 * empty (a read returned 0), since bytes from before the watch may be
 * there until then; and only while no writer is in sight. */
static void
test_rule_read (void)
{
  g_autoptr(FifolabWatchUnseen) unseen = fifolab_watch_unseen_new ("/tmp/x/my_pipe");
  g_autofree char *message = NULL;

  feed (unseen, FIFOLAB_WATCH_CALL, 77, FALSE, 22, 1000);         /* from before the watch? */
  g_assert_cmpuint (scan (unseen, 2000, 40, 1, 0, NULL), ==, 0);
  g_assert_cmpuint (scan (unseen, 3000, 40, 1, 0, NULL), ==, 0);
  feed (unseen, FIFOLAB_WATCH_CALL, 77, FALSE, 0, 3500);          /* empty, no writer */
  feed (unseen, FIFOLAB_WATCH_CALL, 55, TRUE, 10, 3600);          /* a watched writer */
  feed (unseen, FIFOLAB_WATCH_CALL, 77, FALSE, 10, 3700);         /* took what it wrote */
  g_assert_cmpuint (scan (unseen, 4000, 40, 1, 0, NULL), ==, 0);
  g_assert_cmpuint (scan (unseen, 5000, 40, 1, 0, NULL), ==, 0);
  feed (unseen, FIFOLAB_WATCH_CALL, 77, FALSE, 22, 6000);         /* no one wrote these */
  g_assert_cmpuint (scan (unseen, 7000, 40, 1, 1, NULL), ==, 0);  /* a writer in sight */
  feed (unseen, FIFOLAB_WATCH_CALL, 77, FALSE, 22, 8000);
  g_assert_cmpuint (scan (unseen, 9000, 40, 1, 0, NULL), ==, 0);
  g_assert_cmpuint (scan (unseen, 10000, 40, 1, 0, &message), ==, 1);
  g_assert_nonnull (strstr (message, "pid 77’s read() took 22 bytes from my_pipe"));
  g_assert_nonnull (strstr (message, "no process FIFO Lab can see has it open for writing"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watch-unseen/rule/write", test_rule_write);
  g_test_add_func ("/watch-unseen/rule/read", test_rule_read);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/watch-unseen/reader-of-another-user", test_unseen_reader);
  ADD ("/watch-unseen/reader-seen-no-alarm", test_seen_reader_no_alarm);
  ADD ("/watch-unseen/refusal-real-uid", test_refusal_real_uid);
#undef ADD

  return g_test_run ();
}
