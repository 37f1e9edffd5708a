/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-test-util.h"
#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-diagram.h"
#include "fifolab-lessons-page.h"
#include "fifolab-window.h"

G_BEGIN_DECLS

/* Points XDG_DATA_HOME (and so the lab folder) at a private temporary folder,
 * then g_test_init() and gtk_init_check(). Returns FALSE (with a TAP "Bail out!"
 * line) when there is no display: run under xvfb-run, or -Dui_tests=false.
 * Returns in @data_home the folder to free with fifolab_test_tmpdir_free().
 * With "--language L --localedir DIR" among the arguments (taken out), the
 * program runs in language L, its catalog bound from DIR before anything
 * is built. */
gboolean   fifolab_ui_test_init            (int          *argc,
                                            char       ***argv,
                                            char        **data_home);
/* The language --language gave fifolab_ui_test_init(), NULL: none. */
const char *fifolab_ui_test_language       (void);
/* Iterates until @widget is mapped and a whole frame has been laid out and
 * drawn since, or the time passes. */
gboolean   fifolab_ui_test_wait_mapped     (GtkWidget    *widget,
                                            guint         timeout_ms);
/* A new window of @width x @height holding @child, presented and drawn. */
GtkWindow *fifolab_ui_test_present         (GtkWidget    *child,
                                            int           width,
                                            int           height,
                                            guint         timeout_ms);
/* How wide @text is laid out in @widget's font, in pixels. */
int         fifolab_ui_test_text_width      (GtkWidget    *widget,
                                            const char   *text);
/* @root itself or its first descendant (depth first) of @type, or NULL. */
GtkWidget *fifolab_ui_test_find_descendant (GtkWidget    *root,
                                            GType         type);
/* Appends @root itself and each descendant of @type to @found, depth first. */
void       fifolab_ui_test_find_all        (GtkWidget    *root,
                                            GType         type,
                                            GPtrArray    *found);
/* @root itself or its first descendant (depth first) that @match accepts, or NULL. */
GtkWidget *fifolab_ui_test_find_widget     (GtkWidget    *root,
                                            gboolean    (*match) (GtkWidget     *widget,
                                                                  gconstpointer  data),
                                            gconstpointer data);
/* The name AT-SPI gives @widget, or NULL when it has none of its own (with
 * GTK_A11Y=test, the backend that keeps names). */
char      *fifolab_ui_test_accessible_label (GtkWidget  *widget);
/* Whether a label drawn under @root holds @text. */
gboolean   fifolab_ui_test_shows_text       (GtkWidget  *root,
                                             const char *text);
/* What a cell of the log shows: a label's or an inscription's text, or
 * NULL for another widget (an inscription set to "" may read as NULL). */
const char *fifolab_ui_test_cell_text       (GtkWidget  *widget);
/* The mapped widget of @css_class under @root that shows @text, or NULL. */
GtkWidget *fifolab_ui_test_find_cell        (GtkWidget  *root,
                                             const char *css_class,
                                             const char *text);
/* Waits until @root shows that cell (fails the test after @timeout_ms),
 * then two frames more: a list takes a new row's width into account in
 * the frame after the one that made it. Returns the cell. */
GtkWidget *fifolab_ui_test_wait_cell        (GtkWidget  *root,
                                             const char *css_class,
                                             const char *text,
                                             guint       timeout_ms);
/* For fifolab_test_wait_until(): whether the GtkToggleButton @toggle is
 * pressed, or released. */
gboolean   fifolab_ui_test_toggle_pressed   (gpointer    toggle);
gboolean   fifolab_ui_test_toggle_released  (gpointer    toggle);
/* The first toplevel window of @type, or NULL. */
GtkWindow *fifolab_ui_test_find_toplevel   (GType         type);
/* Registers and activates @app, as the desktop starts it, and returns its
 * active window once it is drawn (transfer none). Fails the test otherwise. */
GtkWindow *fifolab_ui_test_activate        (GApplication *app,
                                            guint         timeout_ms);
/* The reverse: destroys @window, lets it go, and drops @app (transfer full). */
void       fifolab_ui_test_release         (GApplication *app,
                                            GtkWindow    *window);
/* Iterates until @model holds @n items or the time passes. */
/* The filter named @name in @chooser's list of file types; none fails the
 * test. */
GtkFileFilter *fifolab_ui_test_file_filter_named (GtkFileChooser *chooser,
                                                  const char     *name);
gboolean   fifolab_ui_test_wait_n_items    (GListModel   *model,
                                            guint         n,
                                            guint         timeout_ms);
/* Whether @model holds a FifolabPipeInfo-like item whose "path" is @path. */
gboolean   fifolab_ui_test_model_has_path  (GListModel   *model,
                                            const char   *path);

/* The window tests (test-window*.c): one application and its main window for
 * the whole program, a fresh folder browsed in it for each test. */
typedef struct
{
  char *folder;
} FifolabUiWindowFixture;

/* For a window test program's main(): fifolab_ui_test_init() (so in the
 * language --language gives), then registers and activates the application
 * the tests drive; returns it in @app and its window, once drawn, in
 * @window. FALSE when there is no display. */
gboolean    fifolab_ui_window_test_init          (int                     *argc,
                                                  char                  ***argv,
                                                  FifolabApplication     **app,
                                                  FifolabWindow          **window);
/* The same with GTK's test accessibility backend (GTK_A11Y=test), for the
 * tests that find widgets by their accessible names or check them. */
gboolean    fifolab_ui_window_test_init_accessible (int                     *argc,
                                                    char                  ***argv,
                                                    FifolabApplication     **app,
                                                    FifolabWindow          **window);
/* Runs the tests added, then destroys the window, drops the application and
 * removes the private data folder; returns what g_test_run() returned. */
int         fifolab_ui_window_test_run           (void);
/* A fresh private folder, browsed, the last error cleared; and after the test,
 * every pipe disconnected and the folder removed. */
void        fifolab_ui_window_fixture_setup      (FifolabUiWindowFixture *fixture,
                                                  gconstpointer           data);
void        fifolab_ui_window_fixture_teardown   (FifolabUiWindowFixture *fixture,
                                                  gconstpointer           data);
/* The session's log. */
FifolabLog *fifolab_ui_window_test_log           (void);
/* Activates the application's action @name: a path goes to the actions that
 * take one as bytes ("ay": a file name need not be UTF-8), other arguments
 * as a string. */
void        fifolab_ui_window_test_action        (const char             *name,
                                                  const char             *argument);
/* The first log entry matching (@kind for events only, @path unless NULL,
 * @sender_pid unless negative), or NULL. */
FifolabLogEntry *fifolab_ui_window_test_find_entry (FifolabDirection      direction,
                                                    FifolabEventKind      kind,
                                                    const char           *path,
                                                    gint64                sender_pid);

typedef struct
{
  FifolabDirection  direction;
  FifolabEventKind  kind;
  const char       *path;
  gint64            sender_pid;
} FifolabUiEntryQuery;

/* Selects, in the window's log, the first shown entry received on the pipe
 * of path @path, as a click would; FALSE while none is shown (the view
 * takes the log's new entries at its next frame): a condition for
 * fifolab_test_wait_until(). */
gboolean    fifolab_ui_window_test_select_received (gpointer path);
/* Conditions for fifolab_test_wait_until(): the log holds an entry matching
 * the FifolabUiEntryQuery @data; the pipe of path @data is listed in the
 * browser, or not; the session's reader of path @data waits for a writer. */
gboolean    fifolab_ui_window_test_has_entry       (gpointer data);
gboolean    fifolab_ui_window_test_pipe_listed     (gpointer data);
gboolean    fifolab_ui_window_test_pipe_not_listed (gpointer data);
gboolean    fifolab_ui_window_test_reader_waiting  (gpointer data);
/* Whether @widget is a drawn button whose accessible label is @name: a
 * fifolab_ui_test_find_widget() check. */
gboolean    fifolab_ui_test_is_button_named      (GtkWidget              *widget,
                                                  gconstpointer           name);
/* Whether the window shows a button named @name: a fifolab_test_wait_until()
 * check. */
gboolean    fifolab_ui_window_test_button_shown  (gpointer                name);
/* The button the window shows named @name; none fails the test. */
GtkWidget  *fifolab_ui_window_test_button        (const char             *name);
/* Whether the window shows @text (a label drawn in it holds it), or does
 * not: fifolab_test_wait_until() checks. */
gboolean    fifolab_ui_window_test_shows_text    (gpointer                text);
gboolean    fifolab_ui_window_test_shows_no_text (gpointer                text);
/* The pipe list's row (GTK's, the list's child) of the pipe at @path, or
 * NULL where the list has made none. */
GtkWidget  *fifolab_ui_window_test_pipe_item     (const char             *path);
/* The pipe list's FifolabPipeRow of the pipe at @path, once the list has
 * made it (the test fails if it does not within 10 s). */
GtkWidget  *fifolab_ui_window_test_wait_pipe_row (const char             *path);
/* Whether the window's keyboard focus is on the pipe list's row of the
 * path @data, or in it. */
gboolean    fifolab_ui_window_test_focus_on_pipe_row (gpointer          data);
/* Resizes the window as a user would (its frame included, as xdotool
 * sizes it) to @width x @height, and waits until its content is laid out
 * at the width left, its flaps have folded or unfolded and a frame has been
 * laid out with them where they went. */
void        fifolab_ui_window_test_resize        (int                     width,
                                                  int                     height);
/* The same for any main window @window (one a test made itself). */
void        fifolab_ui_test_resize_window        (FifolabWindow          *window,
                                                  int                     width,
                                                  int                     height);
/* Whether each of the FifolabWindow @window's flaps has folded or unfolded
 * as far as it goes: a fifolab_test_wait_until() check. */
gboolean    fifolab_ui_test_flaps_settled        (gpointer                window);
/* Iterates until @widget's window has laid out and drawn @n_frames whole
 * frames begun after this call (what a widget changed now looks like once
 * laid out); fails the test when that takes longer than @timeout_ms. */
void        fifolab_ui_test_wait_frames          (GtkWidget              *widget,
                                                  guint                   n_frames,
                                                  guint                   timeout_ms);
/* A Watch entry in the log: of @path (NULL: any pipe), its line starting
 * with @prefix ("PID " or "PID COMM ") and holding @text. */
typedef struct
{
  const char *path;
  const char *prefix;
  const char *text;
} FifolabUiWatchQuery;

/* Whether the log holds the Watch entry the FifolabUiWatchQuery @query
 * asks for: a fifolab_test_wait_until() check. */
gboolean    fifolab_ui_window_test_watch_logged  (gpointer                query);
/* Creates the FIFO @name (0600) in the fixture's folder and waits until the
 * browser lists it; returns its path (transfer full). */
char       *fifolab_ui_window_test_make_fifo     (FifolabUiWindowFixture *fixture,
                                                  const char             *name);
/* A GAsyncReadyCallback for g_subprocess_wait_async(): sets the gboolean
 * @user_data once the process has exited. */
void        fifolab_ui_test_subprocess_exited_cb (GObject                *object,
                                                  GAsyncResult           *result,
                                                  gpointer                user_data);

/* Whether FIFO Lab (APP_ID) owns its name on @bus; the same as a
 * fifolab_test_wait_until() check, @bus a GDBusConnection. */
gboolean    fifolab_ui_test_app_on_bus           (GDBusConnection        *bus);
gboolean    fifolab_ui_test_app_on_bus_cb        (gpointer                bus);

/* Presses @button as the keyboard does (gtk_widget_activate()) and waits
 * until it has been clicked: GTK clicks a realized button 250 ms after its
 * activation, and drops a second activation made before then. A test that
 * pressed a button twice in a row (to show, then to hide), or checked what
 * was already so before the click came, raced with that. */
void        fifolab_ui_test_press                (GtkWidget              *button);

/* Real X key events (XTEST, through xdotool) into @window, focused first:
 * what a keyboard does, not an action called. @keys as xdotool names them
 * ("F8", "ctrl+plus"); waits until xdotool is done, failing the test when it
 * fails or does not end within @timeout_ms. */
void        fifolab_ui_test_press_keys           (GtkWindow              *window,
                                                  const char             *keys,
                                                  guint                   timeout_ms);
/* Runs xdotool on @window (focused first: "windowfocus --sync") with the
 * arguments that follow (NULL-terminated: "type", "Hello"), and waits as
 * fifolab_ui_test_press_keys() does. */
void        fifolab_ui_test_xdotool              (GtkWindow              *window,
                                                  guint                   timeout_ms,
                                                  const char             *first_arg,
                                                  ...) G_GNUC_NULL_TERMINATED;
/* A click of the pointer on @widget in @window (xdotool), as a user's. */
void        fifolab_ui_test_click                (GtkWindow              *window,
                                                  GtkWidget              *widget,
                                                  guint                   timeout_ms);

/* fifolab_ui_test_find_widget() checks: @widget is named @name
 * (gtk_widget_get_name()); @widget is a button (drawn or not yet) of the
 * action @action. */
gboolean    fifolab_ui_test_is_named             (GtkWidget              *widget,
                                                  gconstpointer           name);
gboolean    fifolab_ui_test_is_button_of         (GtkWidget              *widget,
                                                  gconstpointer           action);
/* fifolab_ui_test_find_widget() check: @widget is the spin button whose
 * accessible label is @name (as its template names it, translated). */
gboolean    fifolab_ui_test_is_spin_named        (GtkWidget              *widget,
                                                  gconstpointer           name);
/* Whether the keyboard focus of @area's window is @area or in it; the same
 * as a fifolab_test_wait_until() check. */
gboolean    fifolab_ui_test_focus_in             (GtkWidget              *area);
gboolean    fifolab_ui_test_focus_in_cb          (gpointer                area);
/* fifolab_test_wait_until() checks on a GtkWidget: mapped; sensitive and
 * mapped. */
gboolean    fifolab_ui_test_mapped               (gpointer                widget);
gboolean    fifolab_ui_test_sensitive            (gpointer                widget);

/* A diagram and a text: whether the diagram draws a text holding @needle is
 * the fifolab_test_wait_until() check fifolab_ui_test_diagram_draws(). */
typedef struct
{
  FifolabDiagram *diagram;
  const char     *needle;
} FifolabUiDiagramText;

gboolean    fifolab_ui_test_diagram_draws        (gpointer                text);

/* Step mode's bar (a FifolabStepBar) and its controls. */
typedef struct
{
  GtkWidget *widget;
  GtkWidget *mode_button;
  GtkWidget *step_button;
  GtkWidget *run_button;
  GtkWidget *line;
} FifolabUiStepBar;

/* @bar and its controls (each must be there). */
void        fifolab_ui_test_step_bar_init        (FifolabUiStepBar       *parts,
                                                  GtkWidget              *bar);
/* Whether the FifolabStepBar @bar has a watch: a fifolab_test_wait_until()
 * check. */
gboolean    fifolab_ui_test_step_bar_has_watch   (gpointer                bar);
/* Presses Step: @keys (xdotool's names, "F8") as real keys into
 * @step_button's window, or, when NULL, @step_button itself; then waits
 * until the call it let go is no longer @watch's oldest. */
void        fifolab_ui_test_press_step           (GtkWidget              *step_button,
                                                  FifolabStepWatch       *watch,
                                                  const char             *keys,
                                                  guint                   timeout_ms);
/* Waits until @was is no longer @watch's oldest call waiting: the call a
 * Step let go has gone. */
void        fifolab_ui_test_wait_stepped         (FifolabStepWatch       *watch,
                                                  FifolabWatchRecord     *was,
                                                  guint                   timeout_ms);
/* Steps with @step_button until @reader (a FifolabPeerProcess) has printed
 * a line: each time once Step can be pressed, fewer than @max_steps times. */
void        fifolab_ui_test_step_until_output    (GtkWidget              *step_button,
                                                  FifolabStepWatch       *watch,
                                                  gpointer                reader,
                                                  guint                   max_steps,
                                                  guint                   timeout_ms);

/* Whether @widget is a step bar's outcome label shown ("step-outcome")
 * whose text starts with @prefix ("pid N: "): a
 * fifolab_ui_test_find_widget() check. */
gboolean    fifolab_ui_test_is_step_outcome_with_prefix (GtkWidget       *widget,
                                                         gconstpointer    prefix);

/* The verdict a step bar @bar shows beside process @pid's outcome
 * ("step-verdict"), NULL while none is shown. */
const char *fifolab_ui_test_step_verdict        (GtkWidget              *bar,
                                                  gint64                  pid);
/* A new array (transfer full) that gets every record @watch emits from
 * now on, from the test's own "record" handler (after the bar's). */
GPtrArray  *fifolab_ui_test_capture_records      (FifolabStepWatch       *watch);

/* The lessons page under @root, or NULL. */
FifolabLessonsPage *fifolab_ui_test_lessons_page (GtkWidget              *root);
/* Whether the window @root shows its lessons page with a lesson: a
 * fifolab_test_wait_until() check. */
gboolean    fifolab_ui_test_lesson_shown         (gpointer                root);
/* Shows @window's lessons' stage (win.show-lessons) and returns its lessons
 * page (transfer none), with a lesson; the stage's step bar in @parts. */
FifolabLessonsPage *fifolab_ui_test_show_stage   (GtkWidget              *window,
                                                  FifolabUiStepBar       *parts,
                                                  guint                   timeout_ms);
/* Makes the step of @page's lesson whose action is @action_id the current
 * one and runs it, as the page's button does (lessons.run). */
void        fifolab_ui_test_run_lesson_step      (FifolabLessonsPage     *page,
                                                  const char             *action_id);

/* The Watch tests (test-watch*.c). Python (fifolab_test_python() -c
 * fifolab_ui_test_waiting_peer PIPE write|read), told by SIGUSR1 when to go
 * on: opens PIPE for writing or reading, waits for SIGUSR1, then writes
 * 100000 bytes, more than the pipe holds (printing what write() returned),
 * or reads 22, then waits for SIGUSR1 again. */
extern const char fifolab_ui_test_waiting_peer[];
/* Adds the pipe @path to the window and returns its Watch toggle once it
 * is shown. */
GtkToggleButton *fifolab_ui_window_test_watch_toggle (const char        *path,
                                                      guint              timeout_ms);
/* Waits until the log holds the Watch entry of @path for process @pid
 * (@comm) holding @text; fails the test otherwise. */
void        fifolab_ui_window_test_wait_watch_event (const char          *path,
                                                     GPid                 pid,
                                                     const char          *comm,
                                                     const char          *text,
                                                     guint                timeout_ms);
/* Adds the pipe @path, shows the Processes page, starts a waiting peer
 * reader (fifolab_ui_test_waiting_peer), presses Watch once it waits in
 * open(), then starts a waiting peer writer; returns the Watch toggle once
 * the watch follows both, each holding the pipe and waiting for SIGUSR1. */
GtkToggleButton *fifolab_ui_window_test_watch_waiting_peers (const char        *path,
                                                             FifolabTestChild **reader,
                                                             FifolabTestChild **writer,
                                                             guint              timeout_ms);
/* The Watch control (a FifolabWatchControl) the window shows: the Watch
 * toggle's, with its status line and refusals under it; none fails the
 * test. */
GtkWidget  *fifolab_ui_window_test_watch_control (void);
/* For fifolab_ui_window_test_logged_message(): a pid left unchecked. */
#define FIFOLAB_UI_ANY_PID G_MININT64
/* Whether the log holds a message received on @path, flagged @flag
 * (FIFOLAB_MESSAGE_WATCHED, FIFOLAB_MESSAGE_TAPPED, ...), whose text is
 * @text, with @sender_pid and @receiver_pid as the pids seen writing and
 * reading it (-1: none seen; FIFOLAB_UI_ANY_PID: any). */
gboolean    fifolab_ui_window_test_logged_message (const char          *path,
                                                   FifolabMessageFlags  flag,
                                                   gint64               sender_pid,
                                                   gint64               receiver_pid,
                                                   const char          *text);
/* A process of the window's diagram and a text. */
typedef struct
{
  GPid        pid;
  const char *text;
} FifolabUiBoxQuery;

/* fifolab_test_wait_until() checks on a FifolabUiBoxQuery: the window's
 * diagram says of process @pid what holds @text, both in its accessible
 * description and in the box drawn for it (its first line the pid, its last
 * what it does); or says it in neither, the box still drawn and the
 * description still naming the process. */
gboolean    fifolab_ui_window_test_diagram_says        (gpointer          query);
gboolean    fifolab_ui_window_test_diagram_does_not_say (gpointer         query);

/* Checks the lessons' stage in @window (a FifolabWindow showing it) as laid
 * out now, described as @what: nothing past the window's right edge; the
 * card at least its minimum high, Previous and Next inside it and in sight
 * (without scrolling where @buttons_at_once, else once the stage is
 * scrolled to them); the card's title, instructions, step's button and
 * status each at its natural height and shown once scrolled to (the first
 * three without scrolling where @text_at_once). Leaves everything scrolled
 * to the top. */
void        fifolab_ui_test_assert_stage_fits    (GtkWidget              *window,
                                                  const char             *what,
                                                  gboolean                text_at_once,
                                                  gboolean                buttons_at_once);

G_END_DECLS
