/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lessons' stage as a teacher projects it: opened from Lessons it takes
 * the window's main area, its log holds only the lesson's pipes, the diagram
 * and the card never overlap and the diagram's texts are whole and apart at
 * 1280 x 800 and 1024 x 768, and the presentation zoom makes them larger,
 * also when its keys (and F1) are pressed as real key events. */
#include "config.h"

#include <string.h>

#include <gdk/x11/gdkx.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-diagram-private.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

static GtkWidget *
get_content (void)
{
  return adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
}

static FifolabLessonsPage *
get_page (void)
{
  return FIFOLAB_LESSONS_PAGE (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_LESSONS_PAGE));
}

static gboolean
page_mapped (gpointer data)
{
  FifolabLessonsPage *page = get_page ();

  return page != NULL && gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         fifolab_lessons_page_get_lesson (page) != NULL;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  guint *frames = user_data;

  *frames += 1;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_drawn (gpointer data)
{
  gtk_widget_queue_draw (GTK_WIDGET (window));
  return *(guint *) data >= 2;
}

/* Until the window has drawn two more frames (laid out each time). */
static void
wait_frames (void)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (window), frame_cb, &frames, NULL);

  g_assert_true (fifolab_test_wait_until (frames_drawn, &frames, TIMEOUT_MS));
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
}

typedef struct
{
  int width;
  int height;
} Size;

static gboolean
content_has_size (gpointer data)
{
  Size *size = data;

  return gtk_widget_get_width (get_content ()) == size->width &&
         gtk_widget_get_height (GTK_WIDGET (window)) <= size->height + 200;
}

/* Resizes the window (its content @width wide, the window @height high,
 * what the frame adds kept). */
static void
resize_to (int width,
           int height)
{
  Size size = { width, height };
  int default_width, default_height;

  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  gtk_window_set_default_size (GTK_WINDOW (window),
                               width + default_width - gtk_widget_get_width (get_content ()),
                               height + default_height - gtk_widget_get_height (GTK_WIDGET (window)));
  if (!fifolab_test_wait_until (content_has_size, &size, TIMEOUT_MS))
    g_error ("asked for %dx%d, the content is %dx%d, the window %dx%d", width, height,
             gtk_widget_get_width (get_content ()), gtk_widget_get_height (get_content ()),
             gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  wait_frames ();
}

static void
open_stage (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL));
  g_assert_true (fifolab_test_wait_until (page_mapped, NULL, TIMEOUT_MS));
  wait_frames ();
}

static gboolean
bounds_of (GtkWidget       *widget,
           graphene_rect_t *rect)
{
  return gtk_widget_compute_bounds (widget, GTK_WIDGET (window), rect);
}

/* Opened from Lessons, the stage takes the main area: the log view with its
 * side pane goes, the lesson's diagram, card and log are on screen; Back to
 * the Log brings the log back. */
static void
test_stage_open (void)
{
  FifolabLessonStage *stage;
  GtkWidget *stage_log;

  open_stage ();
  stage = FIFOLAB_LESSON_STAGE (gtk_widget_get_ancestor (GTK_WIDGET (get_page ()), FIFOLAB_TYPE_LESSON_STAGE));
  g_assert_nonnull (stage);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (stage)));
  g_assert_false (gtk_widget_get_mapped (_fifolab_window_get_log_view (window)));
  g_assert_false (gtk_widget_get_mapped (_fifolab_window_get_details (window)));
  stage_log = fifolab_lesson_stage_get_log_view (stage);
  g_assert_true (gtk_widget_get_mapped (stage_log));
  g_assert_true (gtk_widget_get_mapped (fifolab_lessons_page_get_diagram (get_page ())));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
  wait_frames ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (stage)));
  g_assert_true (gtk_widget_get_mapped (_fifolab_window_get_log_view (window)));
}

static gboolean
has_lesson_pipe_entry (gpointer data)
{
  GListModel *shown = data;
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (shown, i);

      if (g_str_has_suffix (fifolab_log_entry_get_pipe_path (entry), "/my_pipe"))
        return TRUE;
    }
  return FALSE;
}

/* The stage's log holds the lesson's pipes only, the main log everything. */
static void
test_stage_log_only_lesson (void)
{
  FifolabLog *log = fifolab_session_get_log (fifolab_window_get_session (window));
  FifolabLessonStage *stage;
  FifolabLesson *lesson;
  GListModel *shown;
  g_autofree char *lesson_pipe = NULL;
  guint n;

  open_stage ();
  lesson = fifolab_lessons_page_get_lesson (get_page ());
  lesson_pipe = g_build_filename (fifolab_lesson_get_folder (lesson), "my_pipe", NULL);
  stage = FIFOLAB_LESSON_STAGE (gtk_widget_get_ancestor (GTK_WIDGET (get_page ()), FIFOLAB_TYPE_LESSON_STAGE));
  shown = fifolab_log_view_get_shown_model (FIFOLAB_LOG_VIEW (fifolab_lesson_stage_get_log_view (stage)));

  fifolab_log_append_event (log, FIFOLAB_EVENT_PIPE_REMOVED, "/elsewhere/their_pipe", NULL);
  fifolab_log_append_event (log, FIFOLAB_EVENT_PIPE_REMOVED, lesson_pipe, NULL);
  fifolab_log_append_event (log, FIFOLAB_EVENT_PIPE_REMOVED, "/elsewhere/their_pipe", NULL);
  fifolab_log_flush (log);

  /* The lesson's one entry (and whatever the lesson logged itself). */
  g_assert_true (fifolab_test_wait_until (has_lesson_pipe_entry, shown, TIMEOUT_MS));
  n = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (shown, i);

      g_assert_true (g_str_has_prefix (fifolab_log_entry_get_pipe_path (entry), fifolab_lesson_get_folder (lesson)));
    }
  /* The main log has the others. */
  g_assert_true (fifolab_ui_test_wait_n_items (fifolab_log_view_get_shown_model (FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window))),
                                               n + 2, TIMEOUT_MS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* Two writers and a reader with long command names, as the diagram shows
 * them in a lesson. */
static void
give_processes (FifolabDiagram *diagram)
{
  g_autoptr(GPtrArray) holders = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (holders, fifolab_holder_new (4194301, "write_to_named_", 3, FIFOLAB_ACCESS_WRITE));
  g_ptr_array_add (holders, fifolab_holder_new (4194302, "fifolab-peer", 3, FIFOLAB_ACCESS_WRITE));
  g_ptr_array_add (holders, fifolab_holder_new (4194303, "read_from_named", 3, FIFOLAB_ACCESS_READ));
  fifolab_diagram_set_holders (diagram, holders);
  fifolab_diagram_set_capacity (diagram, 65536);
  fifolab_diagram_set_queued (diagram, 65520);
  fifolab_diagram_note_event (diagram, FIFOLAB_EVENT_NO_READER);
}

/* The diagram's texts are whole, inside it, and no two overlap; the card is
 * beside the diagram, not over it. */
static void
assert_readable (const char *what)
{
  FifolabLessonsPage *page = get_page ();
  FifolabDiagram *diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (page));
  GtkWidget *card = gtk_widget_get_next_sibling (GTK_WIDGET (diagram));
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  graphene_rect_t diagram_bounds, card_bounds, inside;
  FifolabLesson *lesson = fifolab_lessons_page_get_lesson (page);

  /* The processes given to the diagram stay while it is read: the lesson's
   * own scans (every 250 ms while a step is observed) would put its real,
   * empty ones back whenever one came between giving them and reading the
   * layout, as it did under ASan. */
  g_assert_cmpuint (g_signal_handlers_block_matched (lesson, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, page), >, 0);
  give_processes (diagram);
  wait_frames ();
  g_assert_true (bounds_of (GTK_WIDGET (diagram), &diagram_bounds));
  g_assert_true (bounds_of (card, &card_bounds));
  g_test_message ("%s: diagram %gx%g at %g,%g; card %gx%g at %g,%g", what,
                  diagram_bounds.size.width, diagram_bounds.size.height, diagram_bounds.origin.x, diagram_bounds.origin.y,
                  card_bounds.size.width, card_bounds.size.height, card_bounds.origin.x, card_bounds.origin.y);
  g_assert_false (graphene_rect_intersection (&diagram_bounds, &card_bounds, NULL));

  texts = _fifolab_diagram_dup_texts (diagram, &rects);
  g_assert_cmpuint (texts->len, ==, rects->len);
  g_assert_cmpuint (texts->len, >=, 3 * 3 + 3);
  inside = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (diagram)) + 0.5,
                               gtk_widget_get_height (GTK_WIDGET (diagram)) + 0.5);
  for (guint i = 0; i < texts->len; i++)
    {
      graphene_rect_t *a = &g_array_index (rects, graphene_rect_t, i);

      g_test_message ("%s: \"%s\" %gx%g at %g,%g", what, (char *) texts->pdata[i],
                      a->size.width, a->size.height, a->origin.x, a->origin.y);
      g_string_append_printf (all, "%s\n", (char *) texts->pdata[i]);
      g_assert_false (g_str_has_prefix (texts->pdata[i], "ELLIPSIZED:"));
      g_assert_null (strstr (texts->pdata[i], "…"));
      g_assert_true (graphene_rect_contains_rect (&inside, a));
      for (guint j = 0; j < i; j++)
        {
          graphene_rect_t *b = &g_array_index (rects, graphene_rect_t, j);
          graphene_rect_t common;

          if (graphene_rect_intersection (a, b, &common))
            g_assert_true (common.size.width < 0.5 || common.size.height < 0.5);
        }
    }
  /* Every word of the processes' lines is there, whole. */
  g_assert_nonnull (strstr (all->str, "4194301"));
  g_assert_nonnull (strstr (all->str, "write_to_named_"));
  g_assert_nonnull (strstr (all->str, "read_from_named"));
  g_assert_nonnull (strstr (all->str, "65520"));
  g_signal_handlers_unblock_matched (lesson, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, page);
}

static void
test_stage_layout (void)
{
  open_stage ();
  /* The 1280 x 800 screen the tests run on holds a window of 1270 x 790 at
   * most (GTK keeps its frame's resize borders on the screen). */
  resize_to (1270, 790);
  assert_readable ("1270x790 (a 1280x800 screen)");
  resize_to (1024, 768);
  assert_readable ("1024x768");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* Ctrl+plus makes the diagram's font larger (kept in the settings), the
 * texts still apart; Ctrl+0 brings it back. */
static void
test_stage_zoom (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.fifolab.FifoLab");
  FifolabDiagram *diagram;
  double before, after;

  open_stage ();
  resize_to (1024, 768);
  diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (get_page ()));
  before = _fifolab_diagram_get_font_px (diagram);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  wait_frames ();
  after = _fifolab_diagram_get_font_px (diagram);
  g_test_message ("font %g px, zoomed %g px", before, after);
  g_assert_cmpfloat (after, >, before * 1.4);
  g_assert_cmpfloat (g_settings_get_double (settings, "stage-zoom"), ==, 1.5);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_next_sibling (GTK_WIDGET (diagram)), "fifolab-zoom-150"));
  assert_readable ("1024x768 at 150 %");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  wait_frames ();
  g_assert_cmpfloat (_fifolab_diagram_get_font_px (diagram), ==, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* Keys pressed as a person presses them */

static void
keys_pressed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    g_error ("xdotool: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

/* Real X key events (XTEST, through xdotool) into the window, focused first:
 * what a keyboard does, not an action called. */
static void
press_keys (const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autoptr(GSubprocess) xdotool = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  xdotool = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "xdotool", "windowfocus", "--sync", xid,
                              "key", "--clearmodifiers", keys, NULL);
  if (xdotool == NULL)
    g_error ("cannot run xdotool (build-aux/install-deps.sh installs it): %s", error->message);
  g_subprocess_wait_check_async (xdotool, NULL, keys_pressed_cb, &done);
  g_assert_true (fifolab_test_wait_for (&done, TIMEOUT_MS));
}

static gboolean
is_title_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

/* What is on screen at the present zoom: the diagram's font and the height of
 * the card's title as laid out. */
typedef struct
{
  double font_px;
  int    title_height;
} Shown;

static Shown
shown_now (void)
{
  FifolabLessonsPage *page = get_page ();
  FifolabLesson *lesson = fifolab_lessons_page_get_lesson (page);
  const char *title = fifolab_lesson_get_step_title (lesson, fifolab_lesson_get_current (lesson));
  GtkWidget *label = fifolab_ui_test_find_widget (GTK_WIDGET (page), is_title_label, title);
  Shown shown = { _fifolab_diagram_get_font_px (FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (page))), 0 };
  PangoRectangle extents;

  g_assert_nonnull (label);
  pango_layout_get_pixel_extents (gtk_label_get_layout (GTK_LABEL (label)), NULL, &extents);
  shown.title_height = extents.height;
  return shown;
}

typedef struct
{
  Shown  from;
  int    sign;   /* +1 larger, -1 smaller, 0 the same */
} ZoomWait;

static gboolean
zoomed (gpointer data)
{
  ZoomWait *wait = data;
  Shown now;

  gtk_widget_queue_draw (GTK_WIDGET (window));
  now = shown_now ();
  if (wait->sign > 0)
    return now.font_px > wait->from.font_px && now.title_height > wait->from.title_height;
  if (wait->sign < 0)
    return now.font_px < wait->from.font_px && now.title_height < wait->from.title_height;
  return now.font_px == wait->from.font_px && now.title_height == wait->from.title_height;
}

static void
wait_zoomed (const Shown *from,
             int          sign,
             const char  *keys)
{
  ZoomWait wait = { *from, sign };
  Shown now;

  if (!fifolab_test_wait_until (zoomed, &wait, TIMEOUT_MS))
    {
      now = shown_now ();
      g_error ("after %s: font %g px, title %d px high; before %g px, %d px", keys,
               now.font_px, now.title_height, from->font_px, from->title_height);
    }
  now = shown_now ();
  g_test_message ("after %s: font %g px, title %d px high", keys, now.font_px, now.title_height);
}

/* F1 opens the stage; Ctrl+plus and Ctrl+minus make its text larger and
 * smaller on screen, Ctrl+0 brings it back: keys pressed, text measured. */
static void
test_stage_zoom_keys (void)
{
  Shown normal, larger, smaller;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
  wait_frames ();
  press_keys ("F1");
  g_assert_true (fifolab_test_wait_until (page_mapped, NULL, TIMEOUT_MS));
  resize_to (1024, 768);
  press_keys ("ctrl+0");
  wait_frames ();
  normal = shown_now ();
  g_test_message ("at 100 %%: font %g px, title %d px high", normal.font_px, normal.title_height);

  press_keys ("ctrl+plus");
  wait_zoomed (&normal, +1, "Ctrl+plus");
  larger = shown_now ();
  press_keys ("ctrl+minus");
  wait_zoomed (&larger, -1, "Ctrl+minus");
  press_keys ("ctrl+minus");
  wait_zoomed (&normal, -1, "Ctrl+minus twice");
  smaller = shown_now ();
  press_keys ("ctrl+0");
  wait_zoomed (&smaller, +1, "Ctrl+0");
  wait_zoomed (&normal, 0, "Ctrl+0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;
  fifolab_ignore_sigpipe ();
  /* Reduced motion, as a projector's machine may have it. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  window = FIFOLAB_WINDOW (fifolab_ui_test_activate (G_APPLICATION (app), TIMEOUT_MS));

  g_test_add_func ("/stage/open", test_stage_open);
  g_test_add_func ("/stage/log-only-lesson-pipes", test_stage_log_only_lesson);
  g_test_add_func ("/stage/layout", test_stage_layout);
  g_test_add_func ("/stage/zoom", test_stage_zoom);
  g_test_add_func ("/stage/zoom-keys", test_stage_zoom_keys);

  status = g_test_run ();

  fifolab_ui_test_release (G_APPLICATION (app), GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return status;
}
