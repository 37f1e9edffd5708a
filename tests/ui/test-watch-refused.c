/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the window's Watch does when the kernel refuses it a process, with
 * real processes on a real FIFO: cat run under strace, which traces it, so
 * that the watch cannot (a process has one tracer at a time).
 *
 *  - cat waits in open() for a writer: "Use Tap Instead" stops the watch
 *    and starts a tap that relays from the writers that come (cat is a
 *    reader, and holds no descriptor yet to tell the tap so), and a
 *    writer's message goes through it to cat.
 *  - The tap cannot start (the pipe's mode is 000): the details say that no
 *    tap started, and the tap's error goes once the pipe is watched again.
 *  - Three such cats in a row, each ending before the next comes: only the
 *    refusal of the one still on the pipe is listed, and none once it has
 *    gone too.
 *  - Whether a refused cat is still on the pipe is checked only while its
 *    refusal is on screen: not while another pipe or another page is
 *    shown, nor once Watch is switched off. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-tap-control.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-watch-control.h"
#include "fifolab-watch-control-private.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 20000
/* How often the Watch control checks the refused processes while it shows
 * them (CHECK_INTERVAL_MS in fifolab-watch-control.c). */
#define CHECK_INTERVAL_MS 500

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* Whether the Tap control (the Tap toggle's) does not show @text: the log
 * keeps what the tap said, so the window as a whole may. */
static gboolean
tap_control_shows_no_text (gpointer text)
{
  GtkWidget *control = gtk_widget_get_ancestor (fifolab_ui_window_test_button ("Tap"),
                                                FIFOLAB_TYPE_TAP_CONTROL);

  g_assert_nonnull (control);
  return !fifolab_ui_test_shows_text (control, text);
}

/* Whether the Watch control (the Watch toggle's, its refusals under it)
 * shows @text, or does not: the log keeps each refusal as a Watch entry,
 * so the window as a whole does. */
static gboolean
watch_control_shows_text (gpointer text)
{
  return fifolab_ui_test_shows_text (fifolab_ui_window_test_watch_control (), text);
}

static gboolean
watch_control_shows_no_text (gpointer text)
{
  return !watch_control_shows_text (text);
}

/* strace, and cat, its child, that it traces. */
typedef struct
{
  FifolabTestChild *strace;
  GPid              cat;
} Straced;

/* Whether strace's child has come, traced, and waits in open() of the
 * FIFO; its pid in cat. */
static gboolean
cat_waits_traced (gpointer data)
{
  Straced *straced = data;
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/children",
                                           (int) straced->strace->pid, (int) straced->strace->pid);
  g_autofree char *children = NULL;
  GPid cat;

  if (!g_file_get_contents (path, &children, NULL, NULL) || !g_ascii_isdigit (children[0]))
    return FALSE;
  cat = (GPid) atoi (children);
  if (!fifolab_test_in_fifo_open (GINT_TO_POINTER (cat)) ||
      fifolab_test_tracer_of (cat) != straced->strace->pid)
    return FALSE;
  straced->cat = cat;
  return TRUE;
}

/* `strace -o /dev/null cat PATH`, once cat waits in open() of @path.
 * strace dies with this test (fifolab_test_child_spawn()), and cat, by
 * setpriv, with strace: a failed assertion leaves no cat waiting in open()
 * for ever, holding the test's stderr, which meson reads to its end before
 * it says the test failed. */
static Straced
spawn_straced_cat (const char *path)
{
  const char *argv[] = { "strace", "-o", "/dev/null", "setpriv", "--pdeathsig", "KILL", "cat", path, NULL };
  Straced straced = { fifolab_test_child_spawn (argv), 0 };

  g_assert_true (fifolab_test_wait_until (cat_waits_traced, &straced, TIMEOUT_MS));
  return straced;
}

/* What the window says of a refused cat. */
static char *
refused_text (const Straced *straced)
{
  return g_strdup_printf ("Process %d (cat) is already traced by process %d (strace",
                          (int) straced->cat, (int) straced->strace->pid);
}

/* Writes the peer's message to @path; returns it. */
static char *
write_message (const char *path)
{
  const char *argv[] = { fifolab_test_peer_path (), "write", path, NULL };
  g_autoptr(FifolabTestChild) writer = fifolab_test_child_spawn (argv);

  fifolab_test_child_wait_ok (writer, TIMEOUT_MS);
  return g_strdup_printf ("Hello from pid [%d]", (int) writer->pid);
}

/* The watch is refused cat, which strace traces: says so, and offers a
 * tap. */
static GtkToggleButton *
watch_refused (const char    *path,
               const Straced *straced)
{
  GtkToggleButton *toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);
  g_autofree char *refused = refused_text (straced);

  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (watch_control_shows_text, refused, TIMEOUT_MS));
  g_assert_true (watch_control_shows_text ((gpointer) "The Kernel Refused the Watch"));
  g_assert_true (fifolab_ui_window_test_button_shown ((gpointer) "Use Tap Instead"));
  return toggle;
}

/* cat waits in open(), a reader holding nothing yet: Use Tap Instead
 * starts a tap for the writers to come, and a writer's message goes
 * through it to cat. */
static void
test_refused_reader_tap (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "straced");
  g_autofree char *message = NULL;
  FifolabTestInode swapped = { path, 0 };
  GtkToggleButton *toggle;
  GtkWidget *tap;
  Straced straced;

  if (!fifolab_test_watch_supported (1))
    return;
  swapped.ino = fifolab_test_inode_of (path);
  straced = spawn_straced_cat (path);
  toggle = watch_refused (path, &straced);

  /* Tap instead: the watch stops, a relay takes the pipe's name. */
  fifolab_ui_test_press (fifolab_ui_window_test_button ("Use Tap Instead"));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_inode_differs, &swapped, TIMEOUT_MS));
  tap = fifolab_ui_window_test_button ("Tap");
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, tap, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, (gpointer) "The watch stopped, and a tap runs instead: see Tap below.", TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_shows_no_text ((gpointer) "so the tap cannot tell which way to relay"));

  /* A writer comes: its message goes through the tap to cat, and so does
   * the end of the stream. */
  message = write_message (path);
  fifolab_test_child_wait_ok (straced.strace, TIMEOUT_MS);
  g_assert_cmpstr (straced.strace->out, ==, message);
  g_assert_true (fifolab_ui_window_test_logged_message (path, FIFOLAB_MESSAGE_TAPPED, FIFOLAB_UI_ANY_PID,
                                                       FIFOLAB_UI_ANY_PID, message));

  /* Released, the tap puts the original back. */
  fifolab_ui_test_press (tap);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, tap, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_test_inode_of (path), ==, swapped.ino);
  fifolab_test_child_free (straced.strace);
}

/* The tap cannot start (the pipe's mode is 000): the watch's line says so
 * instead of a tap running; the tap's error goes when the pipe is watched
 * again. */
static void
test_refused_no_tap (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "untappable");
  g_autofree char *message = NULL;
  const char *mode_000 = "its mode is 000, so nobody may open it.";
  GtkToggleButton *toggle;
  GtkWidget *tap;
  Straced straced;

  if (!fifolab_test_watch_supported (1))
    return;
  straced = spawn_straced_cat (path);
  toggle = watch_refused (path, &straced);

  /* cat has begun its open(): the mode no longer matters to it. */
  g_assert_no_errno (chmod (path, 0));
  fifolab_ui_test_press (fifolab_ui_window_test_button ("Use Tap Instead"));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, (gpointer) mode_000, TIMEOUT_MS));
  g_assert_false (tap_control_shows_no_text ((gpointer) mode_000));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, (gpointer) "The watch stopped, and no tap started", TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_shows_no_text ((gpointer) "a tap runs instead"));
  tap = fifolab_ui_window_test_button ("Tap");
  g_assert_true (fifolab_ui_test_toggle_released (tap));

  /* Watched again: why the tap failed no longer applies. */
  g_assert_no_errno (chmod (path, 0600));
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (tap_control_shows_no_text, (gpointer) mode_000, TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_shows_no_text ((gpointer) "no tap started"));

  message = write_message (path);
  fifolab_test_child_wait_ok (straced.strace, TIMEOUT_MS);
  g_assert_cmpstr (straced.strace->out, ==, message);
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  fifolab_test_child_free (straced.strace);
}

/* Three straced cats in a row, with Watch on, each ending before the next
 * comes: the refusals of the cats gone go, and that of the one on the
 * pipe stays, until it goes too. */
static void
test_refused_current (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "again");
  char *refused[3] = { NULL, NULL, NULL };
  GtkToggleButton *toggle;
  Straced straced[3];

  if (!fifolab_test_watch_supported (1))
    return;
  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));

  for (guint i = 0; i < G_N_ELEMENTS (straced); i++)
    {
      straced[i] = spawn_straced_cat (path);
      refused[i] = refused_text (&straced[i]);
      g_assert_true (fifolab_test_wait_until (watch_control_shows_text, refused[i], TIMEOUT_MS));
      if (i + 1 < G_N_ELEMENTS (straced))
        {
          g_autofree char *message = write_message (path);

          fifolab_test_child_wait_ok (straced[i].strace, TIMEOUT_MS);
          g_assert_cmpstr (straced[i].strace->out, ==, message);
        }
    }

  /* Only the cat still on the pipe is refused now. */
  g_assert_true (fifolab_test_wait_until (watch_control_shows_no_text, refused[0], TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (watch_control_shows_no_text, refused[1], TIMEOUT_MS));
  g_assert_true (watch_control_shows_text (refused[2]));
  g_assert_true (watch_control_shows_no_text ((gpointer) "cannot be watched either"));
  g_assert_true (fifolab_ui_window_test_button_shown ((gpointer) "Use Tap Instead"));

  /* It ends: nothing is refused, nor is a tap offered. */
  g_free (write_message (path));
  fifolab_test_child_wait_ok (straced[2].strace, TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (watch_control_shows_no_text, refused[2], TIMEOUT_MS));
  g_assert_true (watch_control_shows_no_text ((gpointer) "The Kernel Refused the Watch"));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Use Tap Instead"));

  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  for (guint i = 0; i < G_N_ELEMENTS (straced); i++)
    {
      fifolab_test_child_free (straced[i].strace);
      g_free (refused[i]);
    }
}

/* A Watch control, and a count of its checks. */
typedef struct
{
  FifolabWatchControl *control;
  guint                n_checks;
} Checks;

/* Whether @checks->n_checks checks have begun: a fifolab_test_wait_until()
 * check. */
static gboolean
checks_reached (gpointer data)
{
  Checks *checks = data;

  return _fifolab_watch_control_get_n_checks (checks->control) >= checks->n_checks;
}

static gboolean
unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* @control checks nothing now: its timer is off, and no check begins while
 * the main loop runs for three of its intervals. */
static void
assert_not_checking (FifolabWatchControl *control)
{
  guint n_checks = _fifolab_watch_control_get_n_checks (control);

  g_assert_false (_fifolab_watch_control_get_checks_queued (control));
  fifolab_test_run_for (3 * CHECK_INTERVAL_MS);
  g_assert_cmpuint (_fifolab_watch_control_get_n_checks (control), ==, n_checks);
  g_assert_false (_fifolab_watch_control_get_checks_queued (control));
}

/* @control checks the refused processes again: at once, or at the latest
 * on its timer. */
static void
wait_checking (FifolabWatchControl *control)
{
  Checks checks = { control, _fifolab_watch_control_get_n_checks (control) + 1 };

  g_assert_true (_fifolab_watch_control_get_checks_queued (control));
  g_assert_true (fifolab_test_wait_until (checks_reached, &checks, TIMEOUT_MS));
}

/* A refused cat stays on the pipe, and Watch on: it is checked while its
 * refusal is on screen, and only then. */
static void
test_refused_checks (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "checked");
  g_autofree char *other = fifolab_ui_window_test_make_fifo (fixture, "elsewhere");
  g_autofree char *refused = NULL;
  g_autoptr(GError) error = NULL;
  FifolabWatchControl *control;
  GtkToggleButton *toggle;
  Checks checks;
  Straced straced;

  if (!fifolab_test_watch_supported (1))
    return;
  straced = spawn_straced_cat (path);
  refused = refused_text (&straced);
  toggle = watch_refused (path, &straced);
  control = FIFOLAB_WATCH_CONTROL (fifolab_ui_window_test_watch_control ());

  /* Shown: checked again and again. */
  checks = (Checks) { control, _fifolab_watch_control_get_n_checks (control) + 2 };
  g_assert_true (_fifolab_watch_control_get_checks_queued (control));
  g_assert_true (fifolab_test_wait_until (checks_reached, &checks, TIMEOUT_MS));

  /* Another pipe shown in the same details: not checked, and then this one
   * again: checked again. */
  g_assert_true (fifolab_window_add_pipe (window, other, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (watch_control_shows_no_text, refused, TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_watch_control () == GTK_WIDGET (control));
  assert_not_checking (control);
  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (watch_control_shows_text, refused, TIMEOUT_MS));
  wait_checking (control);

  /* The processes page in place of the details: not checked, and then the
   * details again: checked again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-processes", NULL);
  g_assert_true (fifolab_test_wait_until (unmapped, control, TIMEOUT_MS));
  assert_not_checking (control);
  gtk_stack_set_visible_child_name (window->side_stack, "details");
  g_assert_true (fifolab_test_wait_until (watch_control_shows_text, refused, TIMEOUT_MS));
  wait_checking (control);

  /* Watch off: the refusal goes with the watch, and nothing is checked. */
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  g_assert_true (watch_control_shows_no_text (refused));
  g_assert_true (watch_control_shows_no_text ((gpointer) "The Kernel Refused the Watch"));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Use Tap Instead"));
  assert_not_checking (control);

  /* cat reads a writer's message, and ends. */
  {
    g_autofree char *message = write_message (path);

    fifolab_test_child_wait_ok (straced.strace, TIMEOUT_MS);
    g_assert_cmpstr (straced.strace->out, ==, message);
  }
  fifolab_test_child_free (straced.strace);
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/watch-refused/reader-tap", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_refused_reader_tap, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch-refused/no-tap", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_refused_no_tap, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch-refused/current", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_refused_current, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch-refused/checks", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_refused_checks, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
