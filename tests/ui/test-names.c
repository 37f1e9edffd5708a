/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile names in the window (issue 11, cases 2 and 4): a pipe path full of
 * combining marks or bidi controls must not freeze the window, and names are
 * escaped and bounded wherever they are shown: toasts, rows, details, the
 * diagram and the log. Real FIFOs, a real process, the real window. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-diagram-private.h"
#include "fifolab-pipe-row.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000
/* The processor time this process may spend until the window's next frame,
 * and between two ticks of a 10 ms timeout after it, once a hostile name is
 * shown. Unbounded, "a" + 50,000 × U+0301 took 72 s, nearly all of it
 * HarfBuzz shaping on the main thread. Processor time, not time on the clock:
 * what other processes of a loaded machine take does not count. */
#define STALL_MAX_CPU_MS 3000
/* The longest a toast about a name may be, in characters. */
#define TOAST_MAX_CHARS 400

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* The window's fixture (a new folder browsed), and an empty log after. */
static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  fifolab_ui_window_fixture_teardown (fixture, data);
  fifolab_log_clear (fifolab_session_get_log (fifolab_application_get_session (app)));
}

static void
activate_app_action (const char *name,
                     const char *argument)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), name, g_variant_new_bytestring (argument));
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

/* What a label shows of a name: valid UTF-8 of at most @max characters, no
 * control character (@newlines allowed or not), no bidi control or other
 * invisible format character, at most three combining marks in a row. */
static void
assert_text_safe (const char *text,
                  glong       max,
                  gboolean    newlines)
{
  guint run = 0;

  if (text == NULL)
    return;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  if (g_utf8_strlen (text, -1) > max)
    g_error ("%ld characters shown, more than %ld", g_utf8_strlen (text, -1), max);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((g_unichar_iscntrl (c) && !(newlines && c == '\n')) ||
          g_unichar_type (c) == G_UNICODE_FORMAT)
        g_error ("U+%04X shown in a label of %ld characters", c, g_utf8_strlen (text, -1));
      run = is_mark (c) ? run + 1 : 0;
      if (run > 3)
        g_error ("%u combining marks in a row shown", run);
    }
}

/* Every label, inscription and tooltip under @root is safe; returns how
 * many of them show @expected exactly. */
static guint
check_texts (GtkWidget  *root,
             glong       max,
             const char *expected)
{
  guint found = 0;
  const char *text = NULL;

  if (GTK_IS_LABEL (root))
    text = gtk_label_get_text (GTK_LABEL (root));
  else if (GTK_IS_INSCRIPTION (root))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (root));
  /* Long texts of the app's own (lessons, explanations) may wrap. */
  assert_text_safe (text, max, TRUE);
  if (text != NULL && expected != NULL && g_str_equal (text, expected))
    found++;
  assert_text_safe (gtk_widget_get_tooltip_text (root), max, TRUE);
  if (expected != NULL && g_strcmp0 (gtk_widget_get_tooltip_text (root), expected) == 0)
    found++;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    found += check_texts (child, max, expected);

  return found;
}

static void
frame_painted_cb (GdkFrameClock *clock,
                  gboolean      *painted)
{
  *painted = TRUE;
}

typedef struct
{
  gint64 last;
  gint64 longest;
  gint64 last_cpu;
  gint64 longest_cpu;
} Stall;

static gboolean
stall_tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = fifolab_test_cpu_time_us ();

  stall->longest = MAX (stall->longest, now - stall->last);
  stall->longest_cpu = MAX (stall->longest_cpu, cpu - stall->last_cpu);
  stall->last = now;
  stall->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

/* Case 2: read-pipe with a name that piles up marks, then the window draws
 * a frame soon, and the main loop never stalls while the name is shown. */
static void
check_read_pipe_stays_responsive (const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  Stall stall;
  gint64 start, start_cpu, action_us, frame_us, frame_cpu_us;
  gulong handler;
  guint tick;
  const char *error;

  _fifolab_window_clear_last_error (window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), &painted);

  start = g_get_monotonic_time ();
  start_cpu = fifolab_test_cpu_time_us ();
  activate_app_action ("read-pipe", name);
  action_us = g_get_monotonic_time () - start;
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!painted && g_get_monotonic_time () - start < TIMEOUT_MS * (gint64) 1000)
    g_main_context_iteration (NULL, TRUE);
  frame_us = g_get_monotonic_time () - start;
  frame_cpu_us = fifolab_test_cpu_time_us () - start_cpu;
  g_signal_handler_disconnect (clock, handler);

  /* The toast, the log's entry and the row are shown in the next frames. */
  stall = (Stall) { g_get_monotonic_time (), 0, fifolab_test_cpu_time_us (), 0 };
  tick = g_timeout_add (10, stall_tick_cb, &stall);
  fifolab_test_run_for (1000);
  g_source_remove (tick);

  g_test_message ("read-pipe of %zu bytes: action %" G_GINT64_FORMAT " ms, "
                  "first frame after %" G_GINT64_FORMAT " ms (%" G_GINT64_FORMAT " ms of processor time), "
                  "longest stall after it %" G_GINT64_FORMAT " ms (%" G_GINT64_FORMAT " ms of processor time)",
                  strlen (name), action_us / 1000, frame_us / 1000, frame_cpu_us / 1000,
                  stall.longest / 1000, stall.longest_cpu / 1000);
  g_assert_true (painted);
  g_assert_cmpint (frame_cpu_us / 1000, <, STALL_MAX_CPU_MS);
  g_assert_cmpint (stall.longest_cpu / 1000, <, STALL_MAX_CPU_MS);

  error = _fifolab_window_get_last_error (window);
  g_assert_nonnull (error);
  assert_text_safe (error, TOAST_MAX_CHARS, FALSE);
  check_texts (GTK_WIDGET (_fifolab_window_get_toast_overlay (window)), 4096, NULL);
}

static void
test_read_pipe_marks (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *name = fifolab_test_repeat ("a", "\xcc\x81", 50000);

  check_read_pipe_stays_responsive (name);
}

static void
test_read_pipe_rlo_marks (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *name = fifolab_test_repeat ("", "\xe2\x80\xae\xcc\x81", 50000);

  check_read_pipe_stays_responsive (name);
}

static gboolean
pipe_listed_cb (gpointer data)
{
  return fifolab_ui_test_model_has_path (_fifolab_window_get_pipes (window), data);
}

static char *
make_fifo (Fixture    *fixture,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  g_assert_true (fifolab_fifo_create_in (fixture->folder, name, 0600, &path, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, path, TIMEOUT_MS));

  return path;
}

/* The diagram, on the side pane's Processes page (built when first shown). */
static FifolabDiagram *
show_diagram (void)
{
  GtkWidget *diagram;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-processes", NULL));
  diagram = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_DIAGRAM);
  g_assert_nonnull (diagram);
  return FIFOLAB_DIAGRAM (diagram);
}

typedef struct
{
  GtkWidget  *root;
  const char *expected;
} ShownQuery;

static gboolean
count_shown (GtkWidget  *root,
             const char *expected)
{
  return check_texts (root, 4096, expected) > 0;
}

static gboolean
shown_cb (gpointer data)
{
  ShownQuery *query = data;

  return count_shown (query->root, query->expected);
}

static void
assert_shown (GtkWidget  *root,
              const char *expected)
{
  ShownQuery query = { root, expected };

  if (!fifolab_test_wait_until (shown_cb, &query, TIMEOUT_MS))
    g_error ("“%s” is not shown in a %s", expected, G_OBJECT_TYPE_NAME (root));
}

/* Case 4: pipes whose names lie (bidi override), hide (zero-width space),
 * split rows (newline) or command a terminal are shown escaped in the pipe
 * list, the details, the diagram and the log's Pipe column. */
static void
test_names_escaped (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *shown;
  } cases[] = {
    { "rtl\xe2\x80\xaegpj.exe", "rtl\\u202Egpj.exe" },
    { "zw\xe2\x80\x8b", "zw\\u200B" },
    { "new\nline", "new\\nline" },
    { "esc\x1b]0;pwned\x07\x1b[2J", "esc\\x1b]0;pwned\\x07\\x1b[2J" },
  };
  /* Before it is read or selected, only the pipe list shows a name. */
  GtkWidget *list = GTK_WIDGET (window);
  GtkWidget *log_view = _fifolab_window_get_log_view (window);
  GtkWidget *details = _fifolab_window_get_details (window);
  FifolabDiagram *diagram = show_diagram ();
  g_autofree char *plain = make_fifo (fixture, "zw");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = make_fifo (fixture, cases[i].name);
      const char *description;

      g_test_message ("%s", cases[i].shown);
      /* The row, its tooltip (the path) and the rest of the list. */
      assert_shown (list, cases[i].shown);

      /* Read: the log says so, its Pipe column shows the name. */
      activate_app_action ("read-pipe", path);
      assert_shown (log_view, cases[i].shown);

      /* Selected: the details and the diagram. */
      g_assert_true (fifolab_window_add_pipe (window, path, TRUE, NULL));
      g_assert_cmpstr (fifolab_diagram_get_path (diagram), ==, path);
      description = _fifolab_diagram_get_description (diagram);
      assert_text_safe (description, 4096, FALSE);
      g_assert_nonnull (strstr (description, cases[i].shown));
      check_texts (details, 4096, NULL);
      check_texts (GTK_WIDGET (window), 4096, NULL);
    }
}

/* Case 4: a process named with a bidi override, holding a pipe, is shown
 * escaped in the diagram and the details. */
static void
test_process_name_escaped (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = make_fifo (fixture, "held");
  /* The kernel names a process after the file it runs: 15 bytes fit. */
  g_autofree char *link = g_build_filename (fixture->folder, "evil\xe2\x80\xaegpj.exe", NULL);
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GError) error = NULL;
  FifolabDiagram *diagram = show_diagram ();
  GtkWidget *details = _fifolab_window_get_details (window);
  gint64 deadline;

  g_assert_cmpint (symlink ("/bin/sh", link), ==, 0);
  activate_app_action ("read-pipe", path);
  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, NULL));

  /* It opens the pipe for writing, then waits for its stdin to close. */
  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                             link, "-c", "exec 3>\"$1\"; read x", "sh", path, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + TIMEOUT_MS * (gint64) 1000;
  while (strstr (_fifolab_diagram_get_description (diagram), "evil") == NULL &&
         g_get_monotonic_time () < deadline)
    fifolab_test_run_for (50);
  g_test_message ("%s", _fifolab_diagram_get_description (diagram));
  assert_text_safe (_fifolab_diagram_get_description (diagram), 4096, FALSE);
  g_assert_nonnull (strstr (_fifolab_diagram_get_description (diagram), "(evil\\u202Egpj.exe)"));

  check_texts (details, 4096, NULL);
  check_texts (GTK_WIDGET (window), 4096, NULL);

  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (holder, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/names/read-pipe-marks", Fixture, NULL, fifolab_ui_window_fixture_setup, test_read_pipe_marks, fixture_teardown);
  g_test_add ("/names/read-pipe-rlo-marks", Fixture, NULL, fifolab_ui_window_fixture_setup, test_read_pipe_rlo_marks, fixture_teardown);
  g_test_add ("/names/escaped", Fixture, NULL, fifolab_ui_window_fixture_setup, test_names_escaped, fixture_teardown);
  g_test_add ("/names/process-escaped", Fixture, NULL, fifolab_ui_window_fixture_setup, test_process_name_escaped, fixture_teardown);

  return fifolab_ui_window_test_run ();
}
