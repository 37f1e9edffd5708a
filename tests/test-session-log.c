/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the session puts in its log: each message once, with its final flags
 * (pid unseen, torn) and the events explaining them after it, held back while
 * a claimed pid is looked at; and what it sends, logged as the message. The
 * session's connections, receiving and sending are in test-session.c. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <fcntl.h>

#include "fifolab-fifo.h"
#include "fifolab-inspector.h"
#include "fifolab-log-entry.h"
#include "fifolab-peer-process.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"
#include "fifolab-test-util.h"

#define TIMEOUT_MS 10000

typedef FifolabTestFifo Fixture;

/* A message is stored with its final flags, the events explaining them after it */

typedef struct
{
  FifolabLog *log;
  guint       n;       /* received entries stored and announced */
  char       *path;    /* of the last one */
  guint64     serial;  /* of the last one */
} Received;

/* Counts the received entries (after a flush). */
static gboolean
received_entries (gpointer data,
                  guint    at_least)
{
  Received *r = data;
  guint n;

  fifolab_log_flush (r->log);
  n = g_list_model_get_n_items (G_LIST_MODEL (r->log));
  r->n = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (r->log), i);

      if (fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      r->n++;
      g_free (r->path);
      r->path = g_strdup (fifolab_log_entry_get_pipe_path (entry));
      r->serial = fifolab_log_entry_get_serial (entry);
    }
  return r->n >= at_least;
}

/* The received entry of serial @serial, after a flush; its index in *@index. */
static FifolabLogEntry *
entry_by_serial (FifolabLog *log,
                 guint64     serial,
                 guint      *index)
{
  guint n;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_serial (entry) == serial)
        {
          if (index != NULL)
            *index = i;
          return g_steal_pointer (&entry);
        }
    }
  return NULL;
}

static FifolabLogEntry *
entry_at (FifolabLog *log,
          guint       index)
{
  return g_list_model_get_item (G_LIST_MODEL (log), index);
}

static gboolean
received_one (gpointer data)
{
  return received_entries (data, 1);
}

static gboolean
received_two (gpointer data)
{
  return received_entries (data, 2);
}

/* No row of a message is ever announced as changed (removed == added). */
static void
no_rewrite_cb (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    data)
{
  guint *rewrites = data;

  if (removed > 0 && removed == added)
    (*rewrites)++;
}

static gboolean
received_n (gpointer data)
{
  FifolabSession *session = data;
  FifolabReader *reader = NULL;
  g_autoptr(GPtrArray) paths = fifolab_session_list_paths (session);

  if (paths->len > 0)
    reader = fifolab_session_get_reader (session, paths->pdata[0]);
  return reader != NULL && fifolab_reader_get_messages_received (reader) >= 2;
}

typedef struct
{
  FifolabInspector *inspector;
  const char       *path;
} Verdicts;

/* The claimed pids have been looked at (in a worker): the liar's is found
 * unseen, this process's found writing. */
static gboolean
verdicts_in (gpointer data)
{
  Verdicts *v = data;

  return fifolab_inspector_get_n_unseen (v->inspector) >= 1 &&
         fifolab_inspector_writer_seen (v->inspector, v->path, getpid ());
}

/* A message that claims a pid no writer of the pipe has (another process
 * holds it for writing): it is held back until the claimed process has been
 * looked at, then stored once, marked PID_UNSEEN (the row shows it), and the
 * event after it says why. One claiming this process's pid, which holds the
 * pipe, is confirmed. No row is ever rewritten. */
static void
test_pid_unseen_flag (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabInspector *inspector = fifolab_inspector_new (log);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) honest = NULL;
  g_autoptr(FifolabLogEntry) lie = NULL;
  g_autoptr(FifolabLogEntry) after = NULL;
  g_autofree char *mine = g_strdup_printf ("Hello from pid [%d]\n", (int) getpid ());
  const char *liar = "Hello from pid [1]\n";
  Received r = { log, 0, NULL, 0 };
  Verdicts v = { inspector, f->path };
  guint64 honest_serial;
  guint index = 0;
  guint rewrites = 0;
  GSubprocess *other;
  int fd;

  fifolab_session_set_inspector (session, inspector);
  g_signal_connect (log, "items-changed", G_CALLBACK (no_rewrite_cb), &rewrites);
  g_assert_nonnull (fifolab_session_open_reader (session, f->path, framer, &error));
  g_assert_no_error (error);
  other = fifolab_test_writer_hold (f->path, NULL);

  fd = open (f->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, mine, strlen (mine)), ==, (gssize) strlen (mine));
  g_assert_true (fifolab_test_wait_until (received_one, &r, TIMEOUT_MS));
  honest_serial = r.serial;
  g_assert_cmpstr (r.path, ==, f->path);
  /* pid 1 (init) never holds our pipe. */
  g_assert_cmpint (write (fd, liar, strlen (liar)), ==, (gssize) strlen (liar));
  g_assert_true (fifolab_test_wait_until (received_n, session, TIMEOUT_MS));
  /* The pipe stays open for writing until this process has been looked at. */
  g_assert_true (fifolab_test_wait_until (verdicts_in, &v, TIMEOUT_MS));
  close (fd);
  g_assert_true (fifolab_test_wait_until (received_two, &r, TIMEOUT_MS));
  g_assert_cmpuint (r.n, ==, 2);
  fifolab_test_writer_end (other);

  honest = entry_by_serial (log, honest_serial, NULL);
  g_assert_nonnull (honest);
  g_assert_cmpint (fifolab_log_entry_get_direction (honest), ==, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (fifolab_log_entry_get_flags (honest), ==, FIFOLAB_MESSAGE_PID_CONFIRMED);

  lie = entry_by_serial (log, r.serial, &index);
  g_assert_nonnull (lie);
  g_assert_cmpint (fifolab_log_entry_get_direction (lie), ==, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (lie), ==, 1);
  g_assert_cmpuint (fifolab_log_entry_get_flags (lie), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  /* The explanation follows the message. */
  after = entry_at (log, index + 1);
  g_assert_cmpint (fifolab_log_entry_get_kind (after), ==, FIFOLAB_EVENT_PID_UNSEEN);
  g_assert_nonnull (strstr (fifolab_log_entry_get_display_text (after), "pid 1,"));
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);

  /* Stored once, with its final flags: no row was announced as changed. */
  g_assert_cmpuint (rewrites, ==, 0);
  g_signal_handlers_disconnect_by_data (log, &rewrites);

  fifolab_session_disconnect_all (session);
  fifolab_session_set_inspector (session, NULL);
  g_assert_finalize_object (inspector);
  g_free (r.path);
}

/* What the session holds back when each message reaches ::message. */
static void
note_held_cb (FifolabReader *reader,
              GBytes        *payload,
              guint          flags,
              gint64         wall_us,
              gint64         mono_us,
              gpointer       data)
{
  FifolabSession *session = g_object_get_data (G_OBJECT (reader), "session");

  g_array_append_vals (data, &(guint) { fifolab_session_get_n_held (session) }, 1);
}

/* A message whose claimed pid has to be looked at in /proc is held back, and
 * the message after it behind it: both are stored once, in order, the first
 * with its final flags and the event explaining them right after it. */
static void
test_held_back (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (log);
  g_autoptr(GArray) held = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  /* pid 1 (init) exists, and never holds our pipe: a worker looks at it. */
  const char *two = "Hello from pid [1]\nafter\n";
  Received r = { log, 0, NULL, 0 };
  FifolabReader *reader;
  guint rewrites = 0;
  guint n, lie = G_MAXUINT;
  GSubprocess *other;
  int fd;

  fifolab_session_set_inspector (session, inspector);
  g_signal_connect (log, "items-changed", G_CALLBACK (no_rewrite_cb), &rewrites);
  reader = fifolab_session_open_reader (session, f->path, framer, &error);
  g_assert_no_error (error);
  g_object_set_data (G_OBJECT (reader), "session", session);
  g_signal_connect (reader, "message", G_CALLBACK (note_held_cb), held);
  /* Another writer of the pipe, which contradicts the claim. */
  other = fifolab_test_writer_hold (f->path, NULL);

  fd = open (f->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  /* One write, one read: both messages reach the session in one go, before
   * any verdict can come back to the main loop. */
  g_assert_cmpint (write (fd, two, strlen (two)), ==, (gssize) strlen (two));
  g_assert_true (fifolab_test_wait_until (received_two, &r, TIMEOUT_MS));
  close (fd);
  fifolab_test_writer_end (other);

  g_assert_cmpuint (held->len, ==, 2);
  g_assert_cmpuint (g_array_index (held, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (held, guint, 1), ==, 2);
  g_assert_cmpuint (fifolab_session_get_n_held (session), ==, 0);

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n && lie == G_MAXUINT; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED)
        lie = i;
    }
  g_assert_cmpuint (lie + 2, <, n);
  {
    g_autoptr(FifolabLogEntry) message = g_list_model_get_item (G_LIST_MODEL (log), lie);
    g_autoptr(FifolabLogEntry) event = g_list_model_get_item (G_LIST_MODEL (log), lie + 1);
    g_autoptr(FifolabLogEntry) after = g_list_model_get_item (G_LIST_MODEL (log), lie + 2);

    fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (message), "Hello from pid [1]", 18);
    g_assert_cmpint (fifolab_log_entry_get_sender_pid (message), ==, 1);
    g_assert_cmpuint (fifolab_log_entry_get_flags (message), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
    g_assert_cmpint (fifolab_log_entry_get_kind (event), ==, FIFOLAB_EVENT_PID_UNSEEN);
    fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (after), "after", 5);
    g_assert_cmpint (fifolab_log_entry_get_direction (after), ==, FIFOLAB_DIRECTION_RECEIVED);
    g_assert_cmpuint (fifolab_log_entry_get_flags (after), ==, 0);
  }
  g_assert_cmpuint (r.n, ==, 2);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);
  g_assert_cmpuint (rewrites, ==, 0);

  g_signal_handlers_disconnect_by_data (log, &rewrites);
  fifolab_session_disconnect_all (session);
  g_free (r.path);
}

/* One send path: a message, literal or a template expanded, goes into the
 * pipe framed and into the log as the message, as its reader logs it. */
static void
test_send_logs_message (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *stamped = g_strdup_printf ("pid [%d]", (int) getpid ());
  const char *expected[] = { "hi %d", stamped };
  Received r = { log, 0, NULL, 0 };
  guint n, sent = 0, received = 0;

  /* FIFO Lab reads what it writes: both ends on one pipe. */
  g_assert_nonnull (fifolab_session_open_reader (session, f->path, framer, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_session_send (session, f->path, "hi %d", FALSE, framer, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_session_send (session, f->path, "pid [%d]", TRUE, framer, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (received_two, &r, TIMEOUT_MS));

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      FifolabDirection direction = fifolab_log_entry_get_direction (entry);
      guint *count = direction == FIFOLAB_DIRECTION_SENT ? &sent : &received;

      if (direction == FIFOLAB_DIRECTION_EVENT)
        continue;
      g_assert_cmpuint (*count, <, 2);
      /* The same bytes each way, the framing beside them. */
      fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (entry), expected[*count], strlen (expected[*count]));
      g_assert_cmpint (fifolab_log_entry_get_framing (entry), ==, FIFOLAB_FRAMING_LINE);
      (*count)++;
    }
  g_assert_cmpuint (sent, ==, 2);
  g_assert_cmpuint (received, ==, 2);

  /* Refused before anything is queued: a bad template, a path that is not a FIFO. */
  g_assert_false (fifolab_session_send (session, f->path, "pid %s", TRUE, framer, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (fifolab_session_send (session, f->dir, "hi", FALSE, NULL, &error));
  g_assert_nonnull (error);

  fifolab_session_disconnect_all (session);
  g_free (r.path);
}

/* Two fifolab-peer writers write 100,000-byte lines at once into the pipe the
 * session reads: writes over PIPE_BUF interleave (made certain, not left to
 * the scheduler: fifolab_test_two_writers_torn()), and each torn line that
 * arrives carries TORN on its own entry, followed by the TORN event. */
static void
test_torn_flag (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (log);
  g_autofree char *filler = g_strnfill (100000, 'x');
  g_autofree char *template_ = g_strdup_printf ("pid [%%d] <%s> pid [%%d]", filler);
  guint n, flagged = 0, whole = 0;

  fifolab_test_two_writers_torn (session, inspector, f->path, template_, 20, 30000);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = entry_at (log, i);
      GBytes *bytes = fifolab_log_entry_get_bytes (entry);
      gboolean torn;

      if (fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      torn = fifolab_shape_check_torn (template_, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) != 0;
      /* The flag is on exactly the torn ones. */
      g_assert_cmpint (torn, ==, (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_TORN) != 0);
      if (torn)
        {
          g_autoptr(FifolabLogEntry) next = entry_at (log, i + 1);

          flagged++;
          g_assert_cmpint (fifolab_log_entry_get_kind (next), ==, FIFOLAB_EVENT_TORN);
        }
      else
        whole++;
    }
  g_test_message ("%u torn, %u whole", flagged, whole);
  g_assert_cmpuint (flagged, >, 0);
  g_assert_cmpuint (flagged, ==, fifolab_inspector_get_n_torn (inspector));

  fifolab_session_disconnect_all (session);
}

/* The story in order: a writer that writes and exits before FIFO Lab reads.
 * FIFO Lab's read end reads on a main context of its own, which is not run
 * until the writer's exit has been noticed on the default one: its bytes
 * wait in the pipe meanwhile, every time. The exit entry then comes after
 * the message (and after "writer connected"), with the time it was
 * noticed, saying that bytes waited. */

typedef struct
{
  FifolabLog *log;
  int         message;   /* index of the received message, or -1 */
  int         connected; /* of the writer-connected event */
  int         exited;    /* of the peer-exited event */
} Story;

static gboolean
story_told (gpointer data)
{
  Story *story = data;
  guint n;

  fifolab_log_flush (story->log);
  n = g_list_model_get_n_items (G_LIST_MODEL (story->log));
  story->message = story->connected = story->exited = -1;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (story->log), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED && story->message < 0)
        story->message = (int) i;
      else if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WRITER_CONNECTED && story->connected < 0)
        story->connected = (int) i;
      else if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_PEER_EXITED)
        story->exited = (int) i;
    }
  return story->message >= 0 && story->exited >= 0;
}

static gboolean
expire_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_exit_after_message (Fixture       *f,
                         gconstpointer  data)
{
  for (guint run = 0; run < 20; run++)
    {
      g_autoptr(FifolabSession) session = fifolab_session_new ();
      g_autoptr(GMainContext) reading = g_main_context_new ();
      g_autoptr(FifolabPeerProcess) writer = NULL;
      g_autoptr(FifolabLogEntry) message = NULL;
      g_autoptr(FifolabLogEntry) exited = NULL;
      g_autoptr(GSource) timeout = g_timeout_source_new (TIMEOUT_MS);
      g_autoptr(GError) error = NULL;
      gboolean expired = FALSE;
      Story story = { fifolab_session_get_log (session), -1, -1, -1 };
      g_autofree char *waited = NULL;
      const char *detail;

      g_main_context_push_thread_default (reading);
      g_assert_nonnull (fifolab_session_open_reader (session, f->path, NULL, &error));
      g_main_context_pop_thread_default (reading);
      g_assert_no_error (error);

      writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, f->path, story.log);
      fifolab_session_watch_peer (session, writer);
      g_assert_true (fifolab_peer_process_start (writer, &error));
      g_assert_no_error (error);
      g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
      g_assert_cmpint (fifolab_peer_process_get_exit_code (writer), ==, 0);

      /* Now FIFO Lab reads. */
      g_source_set_callback (timeout, expire_cb, &expired, NULL);
      g_source_attach (timeout, reading);
      while (!story_told (&story) && !expired)
        g_main_context_iteration (reading, TRUE);
      g_source_destroy (timeout);
      g_assert_false (expired);

      g_assert_cmpint (story.connected, <, story.message);
      g_assert_cmpint (story.message, <, story.exited);
      message = g_list_model_get_item (G_LIST_MODEL (story.log), (guint) story.message);
      exited = g_list_model_get_item (G_LIST_MODEL (story.log), (guint) story.exited);
      g_assert_cmpint (fifolab_log_entry_get_sender_pid (message), ==, fifolab_peer_process_get_pid (writer));
      /* Its true time: noticed before the message was read. */
      g_assert_cmpint (fifolab_log_entry_get_mono_us (exited), <, fifolab_log_entry_get_mono_us (message));
      detail = fifolab_log_entry_get_display_text (exited);
      waited = g_strdup_printf ("Noticed while %zu bytes still waited in the pipe",
                                fifolab_log_entry_get_size (message));
      g_assert_nonnull (strstr (detail, waited));

      fifolab_session_disconnect_all (session);
      while (g_main_context_iteration (reading, FALSE))
        ;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add ("/session/pid-unseen-flag", Fixture, NULL,
              fifolab_test_fifo_setup, test_pid_unseen_flag, fifolab_test_fifo_teardown);
  g_test_add ("/session/held-back", Fixture, NULL,
              fifolab_test_fifo_setup, test_held_back, fifolab_test_fifo_teardown);
  g_test_add ("/session/send-logs-message", Fixture, NULL,
              fifolab_test_fifo_setup, test_send_logs_message, fifolab_test_fifo_teardown);
  g_test_add ("/session/torn-flag", Fixture, NULL,
              fifolab_test_fifo_setup, test_torn_flag, fifolab_test_fifo_teardown);
  g_test_add ("/session/exit-after-message", Fixture, NULL,
              fifolab_test_fifo_setup, test_exit_after_message, fifolab_test_fifo_teardown);

  return g_test_run ();
}
