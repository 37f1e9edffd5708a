/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One log entry in full (FifolabEntryDetails), on its own in a window: text,
 * escaped and binary entries, an event without bytes, and another entry
 * shown in the same widget. */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-byte-rows.h"
#include "fifolab-entry-details.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 30000
#define PIPE "/tmp/lab/my_pipe"

typedef struct
{
  GtkWindow           *window;
  FifolabEntryDetails *details;
  FifolabLog          *log;
} Fixture;

static FifolabLogEntry *
append (FifolabLog       *log,
        FifolabDirection  direction,
        guint             flags,
        gint64            sender,
        gint64            receiver,
        const void       *data,
        gsize             len)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  fifolab_log_append (log, direction, FIFOLAB_EVENT_NONE, flags, PIPE, sender, receiver,
                      g_get_real_time (), g_get_monotonic_time (), data, len);
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, n + 1);
  return g_list_model_get_item (G_LIST_MODEL (log), n);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->log = fifolab_log_new ();
  fixture->details = fifolab_entry_details_new ();
  fixture->window = fifolab_ui_test_present (GTK_WIDGET (fixture->details), 760, 560, TIMEOUT_MS);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->details), (gpointer *) &fixture->details);
  gtk_window_destroy (fixture->window);
  fifolab_test_run_for (20);
  g_assert_null (fixture->details);
  g_assert_finalize_object (fixture->log);
}

/* The rows a page's list holds (text or hex), joined. */
static char *
page_rows (Fixture    *fixture,
           const char *page)
{
  GtkStack *stack = fifolab_entry_details_get_stack (fixture->details);
  GtkWidget *child = gtk_stack_get_child_by_name (stack, page);
  GtkWidget *list = fifolab_ui_test_find_descendant (child, GTK_TYPE_LIST_VIEW);
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  GString *joined;

  if (model == NULL)
    return g_strdup ("");
  joined = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) row = g_list_model_get_item (model, i);

      if (joined->len > 0 && strcmp (page, "hex") == 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, gtk_string_object_get_string (row));
    }
  return g_string_free (joined, FALSE);
}

static gboolean
stack_shown (Fixture *fixture)
{
  return gtk_widget_get_visible (GTK_WIDGET (fifolab_entry_details_get_stack (fixture->details)));
}

static void
test_details_new_destroy (void)
{
  FifolabEntryDetails *details = g_object_ref_sink (fifolab_entry_details_new ());
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autoptr(FifolabLogEntry) got = NULL;

  g_assert_null (fifolab_entry_details_get_entry (details));
  g_assert_cmpstr (fifolab_entry_details_get_heading (details), ==, "");
  fifolab_log_append_event (log, FIFOLAB_EVENT_END_OF_STREAM, PIPE, NULL);
  fifolab_log_flush (log);
  entry = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_object_set (details, "entry", entry, NULL);
  g_object_get (details, "entry", &got, NULL);
  g_assert_true (got == entry);
  g_assert_finalize_object (details);
}

/* A pipe in the home folder is named from ~, as the side pane's details
 * name it. */
static void
test_details_home_path (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_home_dir (), "lab", "my_pipe", NULL);
  g_autoptr(FifolabLogEntry) entry = NULL;

  if (g_str_equal (g_get_home_dir (), "/"))
    {
      g_test_skip ("the home folder is /: nothing is shortened");
      return;
    }
  fifolab_log_append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_RAW, path,
                              12345, 4242, g_get_real_time (), g_get_monotonic_time (),
                              (const guint8 *) "Hello", 5);
  fifolab_log_flush (fixture->log);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  fifolab_entry_details_set_entry (fixture->details, entry);
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (fixture->details), "Pipe: ~/lab/my_pipe\n"));
}

/* A text message: what it is, what the log knows, its text and its hex. */
static void
test_details_text (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char text[] = "Hello from pid [12345]";
  g_autoptr(FifolabLogEntry) entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, 12345, 4242,
                                             text, strlen (text));
  g_autofree char *rows = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *dump = fifolab_escape_hex_dump ((const guint8 *) text, strlen (text));
  const char *body;

  fifolab_entry_details_set_entry (fixture->details, entry);
  g_assert_true (fifolab_entry_details_get_entry (fixture->details) == entry);
  g_assert_cmpstr (fifolab_entry_details_get_heading (fixture->details), ==, _("Received Message"));
  body = fifolab_entry_details_get_body (fixture->details);
  g_assert_nonnull (strstr (body, "Pipe: " PIPE));
  g_assert_nonnull (strstr (body, "Sender (claimed): 12345"));
  g_assert_nonnull (strstr (body, "only a claim"));
  g_assert_nonnull (strstr (body, "Receiver: 4242"));
  g_assert_nonnull (strstr (body, "Size: 22 bytes"));
  g_assert_true (stack_shown (fixture));

  rows = page_rows (fixture, "text");
  g_assert_cmpstr (rows, ==, text);
  /* The hex rows are made when their page shows. */
  hex = page_rows (fixture, "hex");
  g_assert_cmpstr (hex, ==, "");
  g_clear_pointer (&hex, g_free);
  gtk_stack_set_visible_child_name (fifolab_entry_details_get_stack (fixture->details), "hex");
  hex = page_rows (fixture, "hex");
  g_assert_cmpstr (hex, ==, g_strchomp (dump));

  /* Focus goes to the bytes shown. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->details)));
  g_assert_nonnull (gtk_widget_get_ancestor (gtk_window_get_focus (fixture->window), GTK_TYPE_LIST_VIEW));
}

/* Bytes that are not plain text: escaped, never markup; every byte in hex. */
static void
test_details_escaped (Fixture       *fixture,
                      gconstpointer  data)
{
  static const guint8 bytes[] = { '<', 'b', '>', 'a', 0xff, 'b', '\n', 0xe2, 0x80, 0xae, 'x', '%', 'n' };
  g_autoptr(FifolabLogEntry) entry = append (fixture->log, FIFOLAB_DIRECTION_SENT,
                                             FIFOLAB_MESSAGE_PID_UNSEEN, 777, -1, bytes, sizeof bytes);
  g_autofree char *expected = fifolab_escape_for_display (bytes, sizeof bytes, 0);
  g_autofree char *rows = NULL;
  g_autofree char *flags = fifolab_message_flags_dup_explanation (FIFOLAB_MESSAGE_PID_UNSEEN);

  fifolab_entry_details_set_entry (fixture->details, entry);
  g_assert_cmpstr (fifolab_entry_details_get_heading (fixture->details), ==, _("Sent Message"));
  /* Why it is flagged; no receiver. */
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (fixture->details), flags));
  g_assert_null (strstr (fifolab_entry_details_get_body (fixture->details), "Receiver"));
  rows = page_rows (fixture, "text");
  g_assert_cmpstr (rows, ==, expected);
  g_assert_nonnull (strstr (rows, "a\\xffb\\n"));
  g_assert_nonnull (strstr (rows, "\\u202Ex"));
}

/* Binary bytes: a hex row per 16 bytes, every byte. */
static void
test_details_binary (Fixture       *fixture,
                     gconstpointer  data)
{
  guint8 bytes[256];
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) i;
  entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, -1, 4242, bytes, sizeof bytes);
  dump = fifolab_escape_hex_dump (bytes, sizeof bytes);
  expected = fifolab_escape_for_display (bytes, sizeof bytes, 0);

  gtk_stack_set_visible_child_name (fifolab_entry_details_get_stack (fixture->details), "hex");
  fifolab_entry_details_set_entry (fixture->details, entry);
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (fixture->details), "Size: 256 bytes"));
  hex = page_rows (fixture, "hex");
  g_assert_cmpstr (hex, ==, g_strchomp (dump));
  rows = page_rows (fixture, "text");
  g_assert_cmpstr (rows, ==, expected);
}

/* An event without bytes: its title and explanation, no pages. */
static void
test_details_event (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FifolabLogEntry) entry = NULL;

  fifolab_log_append_event (fixture->log, FIFOLAB_EVENT_END_OF_STREAM, PIPE, NULL);
  fifolab_log_flush (fixture->log);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);

  fifolab_entry_details_set_entry (fixture->details, entry);
  g_assert_cmpstr (fifolab_entry_details_get_heading (fixture->details), ==,
                   fifolab_event_kind_get_title (FIFOLAB_EVENT_END_OF_STREAM));
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (fixture->details),
                            fifolab_event_kind_get_explanation (FIFOLAB_EVENT_END_OF_STREAM)));
  g_assert_false (stack_shown (fixture));
  g_assert_false (gtk_widget_grab_focus (GTK_WIDGET (fixture->details)));
}

/* Another entry in the same widget: its rows, not the last one's, on both
 * pages; none at all shows nothing. */
static void
test_details_replace (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FifolabLogEntry) first = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, -1, 4242, "first", 5);
  g_autoptr(FifolabLogEntry) second = append (fixture->log, FIFOLAB_DIRECTION_SENT, 0, 777, -1, "second!", 7);
  g_autofree char *dump = fifolab_escape_hex_dump ((const guint8 *) "second!", 7);
  g_autofree char *hex = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *none = NULL;

  fifolab_entry_details_set_entry (fixture->details, first);
  gtk_stack_set_visible_child_name (fifolab_entry_details_get_stack (fixture->details), "hex");
  fifolab_entry_details_set_entry (fixture->details, second);
  g_assert_cmpstr (fifolab_entry_details_get_heading (fixture->details), ==, _("Sent Message"));
  hex = page_rows (fixture, "hex");
  g_assert_cmpstr (hex, ==, g_strchomp (dump));
  rows = page_rows (fixture, "text");
  g_assert_cmpstr (rows, ==, "second!");

  fifolab_entry_details_set_entry (fixture->details, NULL);
  g_assert_cmpstr (fifolab_entry_details_get_heading (fixture->details), ==, "");
  g_assert_cmpstr (fifolab_entry_details_get_body (fixture->details), ==, "");
  g_assert_false (stack_shown (fixture));
  none = page_rows (fixture, "text");
  g_assert_cmpstr (none, ==, "");
}

/* What the inspector says of a received message in the log it came from:
 * pipe, framing, the times, the claimed pid and what was checked, the
 * receiver, the size. */
static void
test_details_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char text[] = "Hello from pid [12345]";
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autoptr(FifolabLogEntry) unseen = NULL;
  g_autoptr(FifolabLogEntry) unchecked = NULL;
  g_autofree char *pid = g_strdup_printf ("Receiver: %d (FIFO Lab itself)", (int) getpid ());
  gint64 mono;
  gint64 wall;
  const char *body;

  fifolab_log_append_event (fixture->log, FIFOLAB_EVENT_READER_OPENED, PIPE, NULL);
  /* After the event above, as a real log's times follow its order (one
   * timed before it would be logged after it, later than its time). */
  mono = g_get_monotonic_time ();
  wall = g_get_real_time ();
  fifolab_log_append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WRITER_CONNECTED, 0, PIPE,
                      -1, -1, wall, mono, NULL, 0);
  fifolab_log_append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WRITER_CONNECTED, 0, "/tmp/lab/other",
                      -1, -1, wall + 100, mono + 100, NULL, 0);
  fifolab_log_append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED,
                              FIFOLAB_MESSAGE_PID_CONFIRMED | FIFOLAB_MESSAGE_WRITER_EXITED,
                              FIFOLAB_FRAMING_LINE, PIPE, 12345, getpid (), wall + 250000, mono + 250000,
                              (const guint8 *) text, strlen (text));
  fifolab_log_append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_PID_UNSEEN,
                              FIFOLAB_FRAMING_RAW, PIPE, 1, getpid (), wall + 500000, mono + 500000,
                              (const guint8 *) "Hello from pid [1]", 18);
  fifolab_log_append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0,
                              FIFOLAB_FRAMING_RAW, "/tmp/lab/other", 777, getpid (), wall + 600000, mono + 600000,
                              (const guint8 *) "Hello 777", 9);
  fifolab_log_flush (fixture->log);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 3);
  unseen = g_list_model_get_item (G_LIST_MODEL (fixture->log), 4);
  unchecked = g_list_model_get_item (G_LIST_MODEL (fixture->log), 5);

  fifolab_entry_details_set_log (fixture->details, fixture->log);
  fifolab_entry_details_set_entry (fixture->details, entry);
  body = fifolab_entry_details_get_body (fixture->details);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Pipe: " PIPE "\n"));
  g_assert_nonnull (strstr (body, "Framing: Lines"));
  g_assert_nonnull (strstr (body, "Time: "));
  /* The previous entry on this pipe is the second, not the other pipe's. */
  g_assert_nonnull (strstr (body, "Since the previous entry on this pipe: +0.250000 s\n"));
  g_assert_nonnull (strstr (body, "Since the first entry: "));
  g_assert_nonnull (strstr (body, "Sender (claimed): 12345\n"));
  g_assert_nonnull (strstr (body, "only a claim"));
  g_assert_nonnull (strstr (body, "Claim confirmed: FIFO Lab saw this pid hold the pipe"));
  g_assert_nonnull (strstr (body, "Written by pid 12345 before it exited: the bytes waited in the pipe"));
  g_assert_nonnull (strstr (body, pid));
  g_assert_nonnull (strstr (body, "Size: 22 bytes\n"));
  /* Who sent it first, before where and how; when last, its clock last. */
  g_assert_true (strstr (body, "Sender (claimed): 12345") < strstr (body, "Pipe: " PIPE));
  g_assert_true (strstr (body, "Pipe: " PIPE) < strstr (body, "Size: 22 bytes"));
  g_assert_true (strstr (body, "Size: 22 bytes") < strstr (body, "Time: "));
  g_assert_true (strstr (body, "Since the first entry: ") < strstr (body, "Since the previous entry on this pipe: "));
  g_assert_true (g_str_has_suffix (body, "Durations by the monotonic clock, between the times the entries were logged"));
  g_assert_null (strstr (body, "Another writer"));

  /* A claimed pid contradicted: said so, and why. */
  fifolab_entry_details_set_entry (fixture->details, unseen);
  body = fifolab_entry_details_get_body (fixture->details);
  g_assert_nonnull (strstr (body, "Claim contradicted: "));
  g_assert_null (strstr (body, "before it exited"));
  g_assert_nonnull (strstr (body, fifolab_message_flag_get_explanation (FIFOLAB_MESSAGE_PID_UNSEEN)));
  g_assert_nonnull (strstr (body, "Framing: Raw"));
  g_assert_nonnull (strstr (body, "Since the previous entry on this pipe: +0.250000 s\n"));

  /* A claim its writer was gone too soon to check: neutral words. */
  fifolab_entry_details_set_entry (fixture->details, unchecked);
  body = fifolab_entry_details_get_body (fixture->details);
  g_assert_nonnull (strstr (body, "Claim not checked: the writer had closed the pipe"));
  g_assert_null (strstr (body, fifolab_message_flag_get_title (FIFOLAB_MESSAGE_PID_UNSEEN)));

  /* The first entry: no previous one on its pipe. */
  g_clear_object (&entry);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  fifolab_entry_details_set_entry (fixture->details, entry);
  body = fifolab_entry_details_get_body (fixture->details);
  g_assert_nonnull (strstr (body, "The first entry on this pipe in the log"));
  g_assert_nonnull (strstr (body, "Since the first entry: +0.000000 s"));
  /* An event: no size, which would mean nothing. */
  g_assert_null (strstr (body, "Size:"));
}

/* Watched calls are logged when they return, with the time they began: a
 * read that waited is listed after a write that began later, and logged no
 * earlier than that write above it (here, told without its return: logged
 * with it). The time since the previous entry on the pipe is never
 * negative, and the clock is named. */
static void
test_details_watch_order (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char wrote[] = "100 writer write(3, \"hi\\n\", 3) = 3 <0.000010>";
  static const char read[] = "200 reader read(3, \"hi\\n\", 22) = 3 <0.700000>";
  g_autoptr(FifolabLogEntry) entry = NULL;
  gint64 mono = g_get_monotonic_time ();
  gint64 wall = g_get_real_time ();
  const char *body;

  fifolab_log_append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, PIPE,
                      -1, -1, wall, mono, (const guint8 *) "attached", 8);
  /* The write began at +0.7 s, the read at +0.1 s (and waited for it). */
  fifolab_log_append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, PIPE,
                      100, -1, wall + 700000, mono + 700000, (const guint8 *) wrote, strlen (wrote));
  fifolab_log_append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, PIPE,
                      -1, 200, wall + 100000, mono + 100000, (const guint8 *) read, strlen (read));
  fifolab_log_flush (fixture->log);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 2);

  fifolab_entry_details_set_log (fixture->details, fixture->log);
  fifolab_entry_details_set_entry (fixture->details, entry);
  body = fifolab_entry_details_get_body (fixture->details);
  g_test_message ("%s", body);
  g_assert_null (strstr (body, "Since the previous entry on this pipe: -"));
  g_assert_nonnull (strstr (body, "Since the previous entry on this pipe: +0.000000 s\n"));
  g_assert_nonnull (strstr (body, ", 0.600 s before it was logged\n"));
  g_assert_true (g_str_has_suffix (body, "Durations by the monotonic clock, between the times the entries were logged"));
}

/* Bytes a watched read took that were in the pipe before the watch: no
 * writer seen, the claim not checked, the reader seen. */
static void
test_details_before_watch (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char text[] = "Hello from pid [4242]";
  g_autoptr(FifolabLogEntry) entry = NULL;
  const char *body;
  FifolabMessageFlags unseen = GPOINTER_TO_UINT (data);

  fifolab_log_append_message (fixture->log, FIFOLAB_DIRECTION_RECEIVED,
                              FIFOLAB_MESSAGE_WATCHED | (unseen ? unseen : FIFOLAB_MESSAGE_BEFORE_WATCH),
                              FIFOLAB_FRAMING_RAW, PIPE, -1, 4250, g_get_real_time (), g_get_monotonic_time (),
                              (const guint8 *) text, strlen (text));
  fifolab_log_flush (fixture->log);
  entry = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  fifolab_entry_details_set_log (fixture->details, fixture->log);
  fifolab_entry_details_set_entry (fixture->details, entry);
  body = fifolab_entry_details_get_body (fixture->details);
  g_test_message ("%s", body);
  if (unseen)
    g_assert_nonnull (strstr (body, "Writer: not seen by the watch, which found the pipe empty before this was read\n"));
  else
    g_assert_nonnull (strstr (body, "Writer: none seen (the bytes were in the pipe before the watch started, or a writer the watch did not see wrote them)\n"));
  g_assert_nonnull (strstr (body, "Claimed pid 4242: not checked, no watch saw its writer.\n"));
  g_assert_nonnull (strstr (body, "Reader (seen by the watch): 4250\n"));
  g_assert_nonnull (strstr (body, fifolab_message_flag_get_title (unseen ? unseen : FIFOLAB_MESSAGE_BEFORE_WATCH)));
  g_assert_null (strstr (body, ": -1"));
}

/* A watched message: the pids seen making the write() and the read(), and
 * its claim checked against the writer's: matched, or contradicted with
 * both pids; never "only a claim" for the pids the watch saw. */
static void
test_details_watched (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char text[] = "Hello from pid [4242]";
  g_autoptr(FifolabLogEntry) matched = NULL;
  g_autoptr(FifolabLogEntry) contradicted = NULL;
  const char *body;

  matched = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED,
                    FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_PID_CONFIRMED, 4242, 4250,
                    text, strlen (text));
  contradicted = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED,
                         FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_PID_UNSEEN, 4243, -1,
                         text, strlen (text));
  fifolab_entry_details_set_log (fixture->details, fixture->log);

  fifolab_entry_details_set_entry (fixture->details, matched);
  body = fifolab_entry_details_get_body (fixture->details);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Writer (seen by the watch): 4242\n"));
  g_assert_nonnull (strstr (body, "Claimed pid 4242: matches the pid seen writing it (watched).\n"));
  g_assert_nonnull (strstr (body, "Reader (seen by the watch): 4250\n"));
  g_assert_null (strstr (body, "only a claim"));
  g_assert_null (strstr (body, "contradicted"));

  fifolab_entry_details_set_entry (fixture->details, contradicted);
  body = fifolab_entry_details_get_body (fixture->details);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Writer (seen by the watch): 4243\n"));
  g_assert_nonnull (strstr (body, "Claim contradicted: claims 4242, written by 4243 (watched).\n"));
  g_assert_nonnull (strstr (body, "Reader: not seen (the watch saw no read take it)\n"));
  g_assert_null (strstr (body, "matches the pid"));

  /* A watched write: the pid seen making it, not a claim. */
  {
    g_autoptr(FifolabLogEntry) call = NULL;
    static const char line[] = "4242 python3 write(3, \"Hello 4242\", 10) = 10 <0.000012>";
    guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->log));

    fifolab_log_append (fixture->log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, PIPE, 4242, -1,
                        g_get_real_time (), g_get_monotonic_time (), (const guint8 *) line, strlen (line));
    fifolab_log_flush (fixture->log);
    call = g_list_model_get_item (G_LIST_MODEL (fixture->log), n);
    fifolab_entry_details_set_entry (fixture->details, call);
    body = fifolab_entry_details_get_body (fixture->details);
    g_assert_nonnull (strstr (body, "Writer (seen by the watch): 4242"));
    g_assert_null (strstr (body, "claim"));
  }
}

/* A torn message: where the other writer's bytes begin, in words and on the
 * hex view's offsets. */
static void
test_details_torn (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char torn[] = "Hello from pid [123Hello from pid [456]45]";
  g_autoptr(FifolabLogEntry) entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_TORN,
                                             123, 4242, torn, strlen (torn));
  const char *body;

  fifolab_entry_details_set_entry (fixture->details, entry);
  body = fifolab_entry_details_get_body (fixture->details);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, fifolab_message_flag_get_explanation (FIFOLAB_MESSAGE_TORN)));
  g_assert_nonnull (strstr (body, "Another writer’s bytes begin at byte 19 (offset 00000013 in the hex view)."));
  g_assert_cmpint (fifolab_entry_details_get_tear (fixture->details), ==, 19);

  /* A raw read that starts inside the first writer's message: that piece is
   * the first writer's, the tear is where the shape breaks after it. */
  {
    static const char chunk[] = "5]Hello from pid [1]Hello frHello from pid [2]";
    static const char alone[] = "5]Hello from pid [1]Hello from pid [1]";

    g_clear_object (&entry);
    entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_TORN, 1, 4242, chunk, strlen (chunk));
    fifolab_entry_details_set_entry (fixture->details, entry);
    g_assert_cmpint (fifolab_entry_details_get_tear (fixture->details), ==, 28);
    g_clear_object (&entry);
    entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_TORN, 1, 4242, alone, strlen (alone));
    fifolab_entry_details_set_entry (fixture->details, entry);
    g_assert_cmpint (fifolab_entry_details_get_tear (fixture->details), ==, -1);
    g_assert_null (strstr (fifolab_entry_details_get_body (fixture->details), "Another writer"));
  }

  /* Cut at both ends, one writer's bytes: no tear. Two writers' streams
   * joined where their messages are cut alike ("...pid [165" + "80]..."):
   * every message whole, the mark at the start of the first one claiming
   * the other pid. */
  {
    static const char cut[] = "3]Hello from pid [1]Hello from pid [1]Hello fr";
    static const char seamless[] = "Hello from pid [16581]Hello from pid [16580]Hello from pid [16580]";

    g_clear_object (&entry);
    entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_TORN, 1, 4242, cut, strlen (cut));
    fifolab_entry_details_set_entry (fixture->details, entry);
    g_assert_cmpint (fifolab_entry_details_get_tear (fixture->details), ==, -1);
    g_clear_object (&entry);
    entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_TORN, 16581, 4242,
                    seamless, strlen (seamless));
    fifolab_entry_details_set_entry (fixture->details, entry);
    g_assert_cmpint (fifolab_entry_details_get_tear (fixture->details), ==, 22);
  }

  /* The same text without the flag: nothing said of a tear. */
  g_clear_object (&entry);
  entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, 123, 4242, torn, strlen (torn));
  fifolab_entry_details_set_entry (fixture->details, entry);
  g_assert_null (strstr (fifolab_entry_details_get_body (fixture->details), "Another writer"));
  g_assert_cmpint (fifolab_entry_details_get_tear (fixture->details), ==, -1);
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

static void
pasted_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **pasted = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, pasted, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (G_SUBPROCESS (object)));
}

typedef struct
{
  GMutex mutex;
  GCond cond;
  gboolean done;
  GPid pasting;
} Watchdog;

/* Aborts the test if the main thread is not done within 30 s: a paste that
 * hangs it leaves nothing else to fail. The program pasting goes first. */
static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *watchdog = data;
  gint64 end = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&watchdog->mutex);
  while (!watchdog->done)
    if (!g_cond_wait_until (&watchdog->cond, &watchdog->mutex, end))
      {
        if (watchdog->pasting > 0)
          kill (watchdog->pasting, SIGKILL);
        g_error ("A paste of the copied entry by another program hung FIFO Lab's main loop for 30 s");
      }
  g_mutex_unlock (&watchdog->mutex);
  return NULL;
}

/* What another program pastes: xclip's output, the main loop running
 * meanwhile to hand the clipboard's text over. */
static char *
paste_elsewhere (Watchdog *watchdog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) xclip = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                   &error, "xclip", "-o", "-selection", "clipboard", NULL);
  char *pasted = NULL;

  g_assert_no_error (error);
  g_mutex_lock (&watchdog->mutex);
  watchdog->pasting = atoi (g_subprocess_get_identifier (xclip));
  g_mutex_unlock (&watchdog->mutex);
  g_subprocess_communicate_utf8_async (xclip, NULL, NULL, pasted_cb, &pasted);
  while (pasted == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_mutex_lock (&watchdog->mutex);
  watchdog->pasting = 0;
  g_mutex_unlock (&watchdog->mutex);
  return pasted;
}

/* An entry larger than an X property holds (256 KiB), copied and pasted
 * into another program, twice: each paste gets it whole, and FIFO Lab goes
 * on. With gdk_clipboard_set_text() in GTK 4.8 on X11, xclip got nothing
 * and FIFO Lab hung for good in the first paste, blocked in closing the
 * clipboard's stream. */
static void
test_details_copy_large (Fixture       *fixture,
                         gconstpointer  data)
{
  const gsize size = 600000;
  g_autofree char *bytes = g_malloc (size + 1);
  g_autoptr(FifolabLogEntry) entry = NULL;
  Watchdog watchdog = { 0 };
  GThread *thread;

  memset (bytes, 'A', size);
  bytes[size] = '\0';
  entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, -1, 4242, bytes, size);
  fifolab_entry_details_set_entry (fixture->details, entry);
  g_mutex_init (&watchdog.mutex);
  g_cond_init (&watchdog.cond);
  thread = g_thread_new ("watchdog", watchdog_thread, &watchdog);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *pasted = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->details), "inspector.copy-text", NULL));
      pasted = paste_elsewhere (&watchdog);
      g_assert_cmpuint (strlen (pasted), ==, size);
      g_assert_cmpstr (pasted, ==, bytes);
    }
  g_mutex_lock (&watchdog.mutex);
  watchdog.done = TRUE;
  g_cond_signal (&watchdog.cond);
  g_mutex_unlock (&watchdog.mutex);
  g_thread_join (thread);
  g_mutex_clear (&watchdog.mutex);
  g_cond_clear (&watchdog.cond);
}

/* Copy as text, hex and a C array: what lands on the clipboard. */
static void
test_details_copy (Fixture       *fixture,
                   gconstpointer  data)
{
  static const guint8 bytes[] = { 'h', 'i', '\n', 0x00, 0xff, '<', 'b', '>', 'x', 'y', 'z', '%', 'n', 0x7f };
  g_autoptr(FifolabLogEntry) entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, -1, 4242,
                                             bytes, sizeof bytes);
  g_autoptr(FifolabLogEntry) event = NULL;
  GtkWidget *widget = GTK_WIDGET (fixture->details);
  g_autofree char *text = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *array = NULL;
  g_autofree char *dump = fifolab_escape_hex_dump (bytes, sizeof bytes);
  g_autofree char *escaped = fifolab_escape_for_display (bytes, sizeof bytes, 0);

  /* Nothing to copy yet. */
  g_assert_null (fifolab_entry_details_dup_copy (fixture->details, FIFOLAB_ENTRY_COPY_TEXT));
  g_assert_false (fifolab_entry_details_copy (fixture->details, FIFOLAB_ENTRY_COPY_C_ARRAY));

  fifolab_entry_details_set_entry (fixture->details, entry);

  g_assert_true (gtk_widget_activate_action (widget, "inspector.copy-c-array", NULL));
  array = read_clipboard (widget);
  g_assert_cmpstr (array, ==,
                   "static const unsigned char message[14] = {\n"
                   "  0x68, 0x69, 0x0a, 0x00, 0xff, 0x3c, 0x62, 0x3e, 0x78, 0x79, 0x7a, 0x25,\n"
                   "  0x6e, 0x7f,\n"
                   "};\n");

  g_assert_true (gtk_widget_activate_action (widget, "inspector.copy-hex", NULL));
  hex = read_clipboard (widget);
  g_assert_cmpstr (hex, ==, dump);

  g_assert_true (gtk_widget_activate_action (widget, "inspector.copy-text", NULL));
  text = read_clipboard (widget);
  g_assert_cmpstr (text, ==, escaped);
  g_assert_nonnull (strstr (text, "hi\\n\\x00\\xff<b>"));

  /* An event without bytes: its title and explanation as text, no bytes. */
  fifolab_log_append_event (fixture->log, FIFOLAB_EVENT_END_OF_STREAM, PIPE, NULL);
  fifolab_log_flush (fixture->log);
  event = g_list_model_get_item (G_LIST_MODEL (fixture->log), 1);
  fifolab_entry_details_set_entry (fixture->details, event);
  g_clear_pointer (&text, g_free);
  text = fifolab_entry_details_dup_copy (fixture->details, FIFOLAB_ENTRY_COPY_TEXT);
  g_assert_true (g_str_has_prefix (text, fifolab_event_kind_get_title (FIFOLAB_EVENT_END_OF_STREAM)));
  g_assert_nonnull (strstr (text, fifolab_event_kind_get_explanation (FIFOLAB_EVENT_END_OF_STREAM)));
  g_assert_null (fifolab_entry_details_dup_copy (fixture->details, FIFOLAB_ENTRY_COPY_C_ARRAY));
  g_assert_true (gtk_widget_is_sensitive (fifolab_ui_test_find_descendant (widget, GTK_TYPE_MENU_BUTTON)));
}

/* The pane of an entry is made when the first entry shows, not at start:
 * before it, the inspector holds no lists (nothing off screen is built). */
static void
test_details_pane_when_needed (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(FifolabLogEntry) entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, -1, 4242, "hi", 2);
  GtkWidget *widget = GTK_WIDGET (fixture->details);
  GtkWidget *copy = fifolab_ui_test_find_descendant (widget, GTK_TYPE_MENU_BUTTON);

  g_assert_null (fifolab_ui_test_find_descendant (widget, GTK_TYPE_LIST_VIEW));
  g_assert_null (fifolab_ui_test_find_descendant (widget, GTK_TYPE_PANED));
  g_assert_cmpstr (fifolab_entry_details_get_body (fixture->details), ==, "");
  /* Only the hint: no empty heading over a lone, disabled copy button. */
  g_assert_true (fifolab_ui_test_shows_text (widget, _("Select an entry of the log to read it in full here")));
  g_assert_nonnull (copy);
  g_assert_false (gtk_widget_get_mapped (copy));

  fifolab_entry_details_set_entry (fixture->details, entry);
  g_assert_true (stack_shown (fixture));
  g_assert_nonnull (fifolab_ui_test_find_descendant (widget, GTK_TYPE_PANED));
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (fixture->details), "4242"));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, copy, TIMEOUT_MS));
  g_assert_true (gtk_widget_is_sensitive (copy));
  g_assert_false (fifolab_ui_test_shows_text (widget, _("Select an entry of the log to read it in full here")));

  /* No entry again: the pane hides, the hint shows. */
  fifolab_entry_details_set_entry (fixture->details, NULL);
  g_assert_false (gtk_widget_get_visible (fifolab_ui_test_find_descendant (widget, GTK_TYPE_PANED)));
  g_assert_cmpstr (fifolab_entry_details_get_body (fixture->details), ==, "");
  g_assert_false (gtk_widget_get_mapped (copy));
}

static gboolean
popover_shown (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (data));

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* The copy button's menu, made when it first opens, offers the three copies. */
static void
test_details_copy_menu (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FifolabLogEntry) entry = append (fixture->log, FIFOLAB_DIRECTION_RECEIVED, 0, -1, 4242, "hi", 2);
  GtkWidget *button = fifolab_ui_test_find_descendant (GTK_WIDGET (fixture->details), GTK_TYPE_MENU_BUTTON);
  GtkWidget *popover;

  fifolab_entry_details_set_entry (fixture->details, entry);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_true (fifolab_test_wait_until (popover_shown, button, TIMEOUT_MS));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (fifolab_ui_test_shows_text (popover, _("Copy as Text")));
  g_assert_true (fifolab_ui_test_shows_text (popover, _("Copy as Hex")));
  g_assert_true (fifolab_ui_test_shows_text (popover, _("Copy as C Array")));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* Opened again, the same menu. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_true (fifolab_test_wait_until (popover_shown, button, TIMEOUT_MS));
  g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))) == popover);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
}

/* The words of row @position of @rows, as a screen reader says them. */
static char *
spoken (FifolabByteRows *rows,
        guint            position,
        gboolean         hex)
{
  g_autoptr(GtkStringObject) row = g_list_model_get_item (G_LIST_MODEL (rows), position);

  g_assert_nonnull (row);
  return fifolab_byte_rows_dup_spoken (row, hex);
}

/* What a screen reader says for the inspector's rows (their names): a
 * text row its text, without the "\n" that shows a line's end (a
 * backslash then an "n" is said), an empty line as such; a hex row its
 * offset, its bytes and the characters they show (a bar among them too),
 * the short last row's bytes without the padding, a narrow view's rows of
 * four bytes alike; the tear's marker its words without the arrow. */
static void
test_details_row_words (void)
{
  static const char data[] = "a|b\n\nback\\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, strlen (data));
  g_autoptr(FifolabByteRows) text = fifolab_byte_rows_new_text (bytes, -1);
  g_autoptr(FifolabByteRows) hex = fifolab_byte_rows_new_hex (bytes, 3, 16);
  g_autoptr(FifolabByteRows) narrow = fifolab_byte_rows_new_hex (bytes, 3, 4);
  g_autofree char *mark = fifolab_byte_rows_dup_tear_mark (3);
  g_autofree char *first = g_strdup_printf (_("Offset 0x%04zx: %s, “%s”"), (gsize) 0, "61 7c 62", "a|b");
  g_autofree char *other = g_strdup_printf (_("Offset 0x%04zx: %s, “%s”"), (gsize) 3,
                                            "0a 0a 62 61 63 6b 5c 6e", "..back\\n");
  g_autofree char *narrow_first = g_strdup_printf (_("Offset 0x%04zx: %s, “%s”"), (gsize) 3, "0a 0a 62 61", "..ba");
  g_autofree char *narrow_last = g_strdup_printf (_("Offset 0x%04zx: %s, “%s”"), (gsize) 7, "63 6b 5c 6e", "ck\\n");
  char *words;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (text)), ==, 3);
  g_assert_cmpstr ((words = spoken (text, 0, FALSE)), ==, "a|b");
  g_free (words);
  g_assert_cmpstr ((words = spoken (text, 1, FALSE)), ==, _("Empty line"));
  g_free (words);
  g_assert_cmpstr ((words = spoken (text, 2, FALSE)), ==, "back\\\\n");
  g_free (words);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hex)), ==, 3);
  g_assert_cmpstr ((words = spoken (hex, 0, TRUE)), ==, first);
  g_free (words);
  g_assert_true (g_str_has_prefix (mark, "▶ "));
  g_assert_cmpstr ((words = spoken (hex, 1, TRUE)), ==, mark + strlen ("▶ "));
  g_free (words);
  g_assert_cmpstr ((words = spoken (hex, 2, TRUE)), ==, other);
  g_free (words);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (narrow)), ==, 4);
  g_assert_cmpstr ((words = spoken (narrow, 0, TRUE)), ==, first);
  g_free (words);
  g_assert_cmpstr ((words = spoken (narrow, 2, TRUE)), ==, narrow_first);
  g_free (words);
  g_assert_cmpstr ((words = spoken (narrow, 3, TRUE)), ==, narrow_last);
  g_free (words);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  g_test_add_func ("/entry-details/new-destroy", test_details_new_destroy);
  g_test_add_func ("/entry-details/row-words", test_details_row_words);
  g_test_add ("/entry-details/text", Fixture, NULL, fixture_setup, test_details_text, fixture_teardown);
  g_test_add ("/entry-details/home-path", Fixture, NULL, fixture_setup, test_details_home_path, fixture_teardown);
  g_test_add ("/entry-details/escaped", Fixture, NULL, fixture_setup, test_details_escaped, fixture_teardown);
  g_test_add ("/entry-details/binary", Fixture, NULL, fixture_setup, test_details_binary, fixture_teardown);
  g_test_add ("/entry-details/event", Fixture, NULL, fixture_setup, test_details_event, fixture_teardown);
  g_test_add ("/entry-details/replace", Fixture, NULL, fixture_setup, test_details_replace, fixture_teardown);
  g_test_add ("/entry-details/before-watch", Fixture, NULL, fixture_setup, test_details_before_watch, fixture_teardown);
  g_test_add ("/entry-details/unseen-writer", Fixture, GUINT_TO_POINTER (FIFOLAB_MESSAGE_UNSEEN_WRITER),
              fixture_setup, test_details_before_watch, fixture_teardown);
  g_test_add ("/entry-details/watch-order", Fixture, NULL, fixture_setup, test_details_watch_order, fixture_teardown);
  g_test_add ("/entry-details/fields", Fixture, NULL, fixture_setup, test_details_fields, fixture_teardown);
  g_test_add ("/entry-details/watched", Fixture, NULL, fixture_setup, test_details_watched, fixture_teardown);
  g_test_add ("/entry-details/torn", Fixture, NULL, fixture_setup, test_details_torn, fixture_teardown);
  g_test_add ("/entry-details/copy", Fixture, NULL, fixture_setup, test_details_copy, fixture_teardown);
  g_test_add ("/entry-details/pane-when-needed", Fixture, NULL, fixture_setup, test_details_pane_when_needed,
              fixture_teardown);
  g_test_add ("/entry-details/copy-large", Fixture, NULL, fixture_setup, test_details_copy_large, fixture_teardown);
  g_test_add ("/entry-details/copy-menu", Fixture, NULL, fixture_setup, test_details_copy_menu, fixture_teardown);

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
