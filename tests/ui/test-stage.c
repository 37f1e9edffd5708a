/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lessons' stage as a teacher projects it: opened from Lessons it takes
 * the window's main area, its log holds only the lesson's pipes (and, empty,
 * says that the lesson's steps fill it), the diagram
 * and the card never overlap and the diagram's texts are whole and apart at
 * 1280 x 800 and 1024 x 768, the card can be read to its last line (what
 * does not fit scrolls, with a scrollbar drawn beside the text), and the
 * presentation zoom makes them larger, also when its keys (and F1) are
 * pressed as real key events. */
#include "config.h"

#include <glib/gi18n.h>

#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static gboolean
is_shown_label (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
stage_log_says_empty (gpointer stage_log)
{
  return fifolab_ui_test_find_widget (stage_log, is_shown_label,
                                      _("Nothing on this lesson’s pipes yet: what its steps do is logged here")) != NULL;
}

/* Before the lesson has done anything, the stage's log says that its steps
 * fill it: it said "No entry matches the search, the pipe and the directions
 * chosen", to a student who had chosen none, while the main log held
 * entries of other pipes. */
static void
test_stage_log_empty_said (void)
{
  FifolabLog *log = fifolab_session_get_log (fifolab_window_get_session (window));
  FifolabLessonStage *stage;
  GtkWidget *stage_log;
  GListModel *shown;

  open_stage ();
  stage = FIFOLAB_LESSON_STAGE (gtk_widget_get_ancestor (GTK_WIDGET (get_page ()), FIFOLAB_TYPE_LESSON_STAGE));
  stage_log = fifolab_lesson_stage_get_log_view (stage);
  shown = fifolab_log_view_get_shown_model (FIFOLAB_LOG_VIEW (stage_log));
  fifolab_log_append_event (log, FIFOLAB_EVENT_PIPE_REMOVED, "/elsewhere/their_pipe", NULL);
  fifolab_log_flush (log);
  g_assert_true (fifolab_ui_test_wait_n_items (fifolab_log_view_get_shown_model (FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window))),
                                               g_list_model_get_n_items (G_LIST_MODEL (log)), TIMEOUT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_true (fifolab_test_wait_until (stage_log_says_empty, stage_log, TIMEOUT_MS));
  g_assert_null (fifolab_ui_test_find_widget (stage_log, is_shown_label,
                                              _("No entry matches the search, the pipe and the directions chosen")));
  /* The next tests count the main log's entries from none. */
  fifolab_log_clear (log);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

typedef struct
{
  FifolabSession *session;
  const char     *path;
} NameCheck;

/* The session names the pipe with its folder (a namesake is listed). */
static gboolean
named_with_folder (gpointer data)
{
  NameCheck *check = data;
  g_autofree char *shown = fifolab_session_dup_display_name (check->session, check->path);

  return strcmp (shown, "my_pipe") != 0;
}

/* A Pipe cell of @root, mapped, showing something (the first one). */
static gboolean
is_shown_pipe_cell (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_INSCRIPTION (widget) && gtk_widget_has_css_class (widget, "fifolab-pipe") &&
         gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 &&
         gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL &&
         *gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != '\0';
}

static gboolean
has_shown_pipe_cell (gpointer data)
{
  return fifolab_ui_test_find_widget (data, is_shown_pipe_cell, NULL) != NULL;
}

/* The width the text of @cell needs, in its own font. */
static int
cell_text_width (GtkWidget *cell)
{
  return fifolab_ui_test_text_width (cell, gtk_inscription_get_text (GTK_INSCRIPTION (cell)));
}

/* The stage's log shows the lesson's pipes only: at 1024 x 768 its Pipe
 * column reads the lesson's pipe whole, also where the window's folder has
 * a pipe of the same name (which the main log tells apart by its folder:
 * "my_pipe — lesson-2", cut to "my_pipe …" in the column). */
static void
test_stage_pipe_column (void)
{
  FifolabSession *session = fifolab_window_get_session (window);
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(GFile) folder = fifolab_window_dup_folder (window);
  g_autofree char *namesake = NULL;
  g_autofree char *lesson_pipe = NULL;
  FifolabLessonStage *stage;
  GtkWidget *stage_log, *cell;
  NameCheck check;

  open_stage ();
  resize_to (1024, 768);
  g_assert_nonnull (folder);
  namesake = g_build_filename (g_file_peek_path (folder), "my_pipe", NULL);
  lesson_pipe = g_build_filename (fifolab_lesson_get_folder (fifolab_lessons_page_get_lesson (get_page ())), "my_pipe", NULL);
  g_assert_cmpstr (namesake, !=, lesson_pipe);
  g_assert_cmpint (mkfifo (namesake, 0600), ==, 0);
  check.session = session;
  check.path = lesson_pipe;
  g_assert_true (fifolab_test_wait_until (named_with_folder, &check, TIMEOUT_MS));

  stage = FIFOLAB_LESSON_STAGE (gtk_widget_get_ancestor (GTK_WIDGET (get_page ()), FIFOLAB_TYPE_LESSON_STAGE));
  stage_log = fifolab_lesson_stage_get_log_view (stage);
  fifolab_log_append_event (log, FIFOLAB_EVENT_PIPE_REMOVED, lesson_pipe, NULL);
  fifolab_log_flush (log);
  g_assert_true (fifolab_test_wait_until (has_shown_pipe_cell, stage_log, TIMEOUT_MS));
  wait_frames ();
  cell = fifolab_ui_test_find_widget (stage_log, is_shown_pipe_cell, NULL);
  g_test_message ("the Pipe cell reads \"%s\": %d px of text in %d px",
                  gtk_inscription_get_text (GTK_INSCRIPTION (cell)), cell_text_width (cell), gtk_widget_get_width (cell));
  g_assert_true (g_str_has_prefix (gtk_inscription_get_text (GTK_INSCRIPTION (cell)), "my_pipe"));
  g_assert_cmpint (cell_text_width (cell), <=, gtk_widget_get_width (cell));

  g_assert_cmpint (unlink (namesake), ==, 0);
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
  /* In use, the pipe is there (the lesson, at its first step, has not made
   * it: the diagram would draw only its place). */
  fifolab_diagram_set_exists (diagram, TRUE);
  fifolab_diagram_set_capacity (diagram, 65536);
  fifolab_diagram_set_queued (diagram, 65520);
  fifolab_diagram_note_event (diagram, FIFOLAB_EVENT_NO_READER);
}

/* The diagram's texts (the packets on their way among them) are whole,
 * inside it, and no two overlap; returns them, one a line. */
static char *
assert_texts_readable (FifolabDiagram *diagram,
                       const char     *what)
{
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  GString *all = g_string_new (NULL);
  graphene_rect_t inside;

  texts = _fifolab_diagram_dup_texts (diagram, &rects);
  g_assert_cmpuint (texts->len, ==, rects->len);
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
  return g_string_free (all, FALSE);
}

/* Where the text @needle is drawn (asserts that it is). */
static graphene_rect_t
text_rect (FifolabDiagram *diagram,
           const char     *needle)
{
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = _fifolab_diagram_dup_texts (diagram, &rects);

  for (guint i = 0; i < texts->len; i++)
    if (strstr (texts->pdata[i], needle) != NULL)
      return g_array_index (rects, graphene_rect_t, i);
  g_error ("\"%s\" is not drawn", needle);
}

/* The diagram's texts are whole, inside it, and no two overlap; the card is
 * beside the diagram, not over it. */
static void
assert_readable (const char *what)
{
  FifolabLessonsPage *page = get_page ();
  FifolabDiagram *diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (page));
  GtkWidget *card = gtk_widget_get_next_sibling (GTK_WIDGET (diagram));
  g_autofree char *all = NULL;
  graphene_rect_t diagram_bounds, card_bounds;
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

  all = assert_texts_readable (diagram, what);
  /* Every word of the processes' lines is there, whole. */
  g_assert_nonnull (strstr (all, "4194301"));
  g_assert_nonnull (strstr (all, "write_to_named_"));
  g_assert_nonnull (strstr (all, "read_from_named"));
  g_assert_nonnull (strstr (all, "65520"));
  /* Which side writes, which reads: said above each column. */
  g_assert_cmpfloat (text_rect (diagram, "Writers").origin.x, <, text_rect (diagram, "Readers").origin.x);
  g_assert_cmpfloat (text_rect (diagram, "write_to_named_").origin.x, <, text_rect (diagram, "read_from_named").origin.x);
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

/* The lesson's card, as a teacher projects it: all of it can be read. What
 * does not fit scrolls, with a scrollbar beside the text, always drawn (an
 * overlay one shows only while the pointer moves over the card: a line cut
 * at its bottom edge read as the card's end); scrolled to the end, the last
 * line (the lesson's folder) is whole inside the card. Previous and Next
 * stay whole at the card's foot, in sight whatever the text's length. */
static void
assert_card_readable (const char *what)
{
  FifolabLessonsPage *page = get_page ();
  GtkWidget *card = gtk_widget_get_next_sibling (fifolab_lessons_page_get_diagram (page));
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (fifolab_ui_test_find_descendant (card, GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  GtkWidget *viewport = gtk_scrolled_window_get_child (scrolled);
  GtkWidget *scrollbar = gtk_scrolled_window_get_vscrollbar (scrolled);
  GtkWidget *box = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  GtkWidget *last = gtk_widget_get_last_child (box);
  double overflow = gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment);
  static const char * const buttons[] = { "lessons.previous", "lessons.next" };
  graphene_rect_t viewport_bounds, scrollbar_bounds, last_bounds, card_bounds;

  g_test_message ("%s: the card's text is %g px high, %g px shown", what,
                  gtk_adjustment_get_upper (vadjustment), gtk_adjustment_get_page_size (vadjustment));
  g_assert_true (GTK_IS_LABEL (last));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (last)), !=, "");
  if (overflow > 0.5)
    {
      g_assert_true (gtk_widget_get_mapped (scrollbar));
      g_assert_true (bounds_of (viewport, &viewport_bounds));
      g_assert_true (bounds_of (scrollbar, &scrollbar_bounds));
      g_test_message ("%s: scrollbar %gx%g at %g,%g; text %gx%g at %g,%g", what,
                      scrollbar_bounds.size.width, scrollbar_bounds.size.height,
                      scrollbar_bounds.origin.x, scrollbar_bounds.origin.y,
                      viewport_bounds.size.width, viewport_bounds.size.height,
                      viewport_bounds.origin.x, viewport_bounds.origin.y);
      g_assert_cmpfloat (scrollbar_bounds.size.width, >=, 4);
      g_assert_false (graphene_rect_intersection (&viewport_bounds, &scrollbar_bounds, NULL));
      gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
      wait_frames ();
    }
  g_assert_true (bounds_of (viewport, &viewport_bounds));
  g_assert_true (bounds_of (last, &last_bounds));
  g_assert_cmpfloat (last_bounds.origin.y, >=, viewport_bounds.origin.y - 0.5);
  g_assert_cmpfloat (last_bounds.origin.y + last_bounds.size.height, <=,
                     viewport_bounds.origin.y + viewport_bounds.size.height + 0.5);
  gtk_adjustment_set_value (vadjustment, 0);
  wait_frames ();

  /* At the top of the text, as a step is shown: the buttons on screen. */
  g_assert_true (bounds_of (card, &card_bounds));
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = fifolab_ui_test_find_widget (card, fifolab_ui_test_is_button_of, buttons[i]);
      graphene_rect_t button_bounds;

      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (bounds_of (button, &button_bounds));
      g_test_message ("%s: %s at %g,%g, %gx%g; card %g px high", what, buttons[i],
                      button_bounds.origin.x, button_bounds.origin.y,
                      button_bounds.size.width, button_bounds.size.height, card_bounds.size.height);
      g_assert_true (graphene_rect_contains_rect (&card_bounds, &button_bounds));
      g_assert_false (graphene_rect_intersection (&viewport_bounds, &button_bounds, NULL));
    }
}

static void
test_stage_card (void)
{
  FifolabLessonsPage *page;

  open_stage ();
  page = get_page ();
  resize_to (1270, 790);
  assert_card_readable ("1270x790");
  resize_to (1024, 768);
  assert_card_readable ("1024x768");
  fifolab_lessons_page_set_zoom (page, 1.5);
  wait_frames ();
  assert_card_readable ("1024x768 at 150 %");
  fifolab_lessons_page_set_zoom (page, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* The size of @label's font in pixels, as CSS gives it. */
static double
label_font_px (GtkWidget *label)
{
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (label));
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  return pango_font_description_get_size_is_absolute (font) ? size : size * 96.0 / 72.0;
}

/* The widget's own font in pixels: the diagram at zoom 1 before fitting. */
static double
widget_font_px (GtkWidget *widget)
{
  return label_font_px (widget);
}

/* Ctrl+plus makes the diagram's font larger (kept in the settings) and the
 * card's text 1.5 times its size, the texts still apart; Ctrl+0 brings it
 * back. */
static void
test_stage_zoom (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.fifolab.FifoLab");
  FifolabDiagram *diagram;
  GtkWidget *card;
  GtkWidget *card_label;
  double before, after, card_before, card_after, base;

  open_stage ();
  resize_to (1024, 768);
  diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (get_page ()));
  card = gtk_widget_get_next_sibling (GTK_WIDGET (diagram));
  card_label = fifolab_ui_test_find_descendant (card, GTK_TYPE_LABEL);
  g_assert_nonnull (card_label);
  before = _fifolab_diagram_get_font_px (diagram);
  card_before = label_font_px (card_label);
  base = widget_font_px (GTK_WIDGET (diagram));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  wait_frames ();
  after = _fifolab_diagram_get_font_px (diagram);
  card_after = label_font_px (card_label);
  g_test_message ("font %g px (the widget's %g px), zoomed %g px; card %g px, zoomed %g px",
                  before, base, after, card_before, card_after);
  /* Zoomed, at least the zoom times the widget's font (the card, wider
   * now, leaves the diagram less room to fill). */
  g_assert_cmpfloat (after, >=, base * 1.5 - 0.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "stage-zoom"), ==, 1.5);
  g_assert_cmpfloat (fabs (card_after / card_before - 1.5), <, 0.05);
  assert_readable ("1024x768 at 150 %");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  wait_frames ();
  /* Back to what fills the space at zoom 1: at least the widget's font.
   * (At 1024 px that can be larger than zoomed: the zoomed card is wider and
   * leaves the diagram less room.) */
  g_assert_cmpfloat (_fifolab_diagram_get_font_px (diagram), >=, base);
  g_assert_cmpfloat (fabs (label_font_px (card_label) - card_before), <, 0.01);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* Keys pressed as a person presses them */

static void
press_keys (const char *keys)
{
  fifolab_ui_test_press_keys (GTK_WINDOW (window), keys, TIMEOUT_MS);
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
  /* Zoomed in, the card's text is larger and the diagram, which fills the
   * room it has at 100 %, at least as large. */
  if (wait->sign > 0)
    return now.font_px >= wait->from.font_px && now.title_height > wait->from.title_height;
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

/* F1 opens the stage; Ctrl+plus makes the card's text larger on screen and
 * the diagram no smaller, Ctrl+minus both smaller, Ctrl+0 brings them back:
 * keys pressed, text measured. */
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

/* At zoom 1 the diagram fills what it is given: its font larger than the
 * widget's and its texts spread over most of its width; and at every zoom
 * from 0.75 to 2.5, at 1270 x 790 and 1024 x 768, nothing overlaps or is cut. */
static void
test_stage_fitted (void)
{
  const double zooms[] = { 0.75, 1.0, 1.25, 2.0, 2.5 };
  const Size sizes[] = { { 1270, 790 }, { 1024, 768 } };
  FifolabLessonsPage *page;
  FifolabDiagram *diagram;

  open_stage ();
  page = get_page ();
  diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (page));
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      resize_to (sizes[s].width, sizes[s].height);
      fifolab_lessons_page_set_zoom (page, 1.0);
      assert_readable ("fill");
      {
        g_autoptr(GArray) rects = NULL;
        g_autoptr(GPtrArray) texts = _fifolab_diagram_dup_texts (diagram, &rects);
        double left = G_MAXDOUBLE, right = 0;

        for (guint i = 0; i < rects->len; i++)
          {
            graphene_rect_t *r = &g_array_index (rects, graphene_rect_t, i);

            left = MIN (left, r->origin.x);
            right = MAX (right, r->origin.x + r->size.width);
          }
        g_test_message ("%dx%d: texts from %g to %g of %d px, font %g px (the widget's %g)",
                        sizes[s].width, sizes[s].height, left, right,
                        gtk_widget_get_width (GTK_WIDGET (diagram)),
                        _fifolab_diagram_get_font_px (diagram), widget_font_px (GTK_WIDGET (diagram)));
        g_assert_cmpfloat (right - left, >, 0.7 * gtk_widget_get_width (GTK_WIDGET (diagram)));
        /* With room to spare (not at 1024 px, where the lines just fit),
         * larger than the widget's font. */
        if (sizes[s].width > 1200)
          g_assert_cmpfloat (_fifolab_diagram_get_font_px (diagram), >, widget_font_px (GTK_WIDGET (diagram)) * 1.2);
      }
      for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
        {
          g_autofree char *what = g_strdup_printf ("%dx%d at zoom %g", sizes[s].width, sizes[s].height, zooms[z]);

          fifolab_lessons_page_set_zoom (page, zooms[z]);
          assert_readable (what);
        }
    }
  fifolab_lessons_page_set_zoom (page, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

typedef struct
{
  FifolabDiagram *diagram;
  const char     *needle;
  gboolean        rebuild;   /* give it (no) holders again first */
} Shows;

/* Whether the diagram draws @needle now (looked at again after a rebuild:
 * the kernel's state is read when the diagram is given its holders). */
static gboolean
diagram_shows (gpointer data)
{
  Shows *shows = data;
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  if (shows->rebuild)
    fifolab_diagram_set_holders (shows->diagram, NULL);
  texts = _fifolab_diagram_dup_texts (shows->diagram, &rects);
  for (guint i = 0; i < texts->len; i++)
    if (strstr (texts->pdata[i], shows->needle) != NULL)
      return TRUE;
  return FALSE;
}

/* Waits until the kernel says the peer does @activity on its pipe. */
static void
wait_peer_does (FifolabPeerProcess  *peer,
                FifolabProcActivity  activity)
{
  FifolabTestActivity query = { (GPid) fifolab_peer_process_get_pid (peer),
                                fifolab_peer_process_get_path (peer), activity };

  g_assert_true (fifolab_test_wait_until (fifolab_test_does, &query, TIMEOUT_MS));
}

static gboolean
peer_gone (gpointer data)
{
  return !fifolab_peer_process_is_running (data);
}

/* The lesson's stage at 1024 x 768, its diagram given to the test: the
 * lesson's own scans held off until stage_release() (they would put its
 * real processes back while the test's are read). */
typedef struct
{
  FifolabLessonsPage *page;
  FifolabLesson      *lesson;
  FifolabDiagram     *diagram;
  const char         *path;
} Stage;

static void
stage_take (Stage *stage)
{
  open_stage ();
  resize_to (1024, 768);
  stage->page = get_page ();
  stage->lesson = fifolab_lessons_page_get_lesson (stage->page);
  stage->diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (stage->page));
  stage->path = fifolab_lesson_get_pipe_path (stage->lesson);
  g_assert_cmpuint (g_signal_handlers_block_matched (stage->lesson, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, stage->page), >, 0);
  /* The test's processes use the pipe (a peer makes it), which the page,
   * its lesson's signals blocked, does not see made. */
  fifolab_diagram_set_exists (stage->diagram, TRUE);
}

static void
stage_release (Stage *stage)
{
  fifolab_diagram_set_peers (stage->diagram, fifolab_lesson_get_peers (stage->lesson));
  g_signal_handlers_unblock_matched (stage->lesson, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, stage->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* What the kernel says each process does, in its box: a real reader blocked
 * in open() on the lesson's pipe (on the right, "waiting in open() for a
 * writer"), then, with a read end held, a real writer blocked in write() on
 * the full pipe (on the left), the gauge full; then the writer exited. */
static void
test_stage_kernel_state (void)
{
  Stage stage;
  g_autoptr(GListStore) peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *pid_text = NULL;
  graphene_rect_t state_rect, pipe_name;
  FifolabDiagram *diagram;
  const char *path;
  Shows shows;
  int fd;

  stage_take (&stage);
  diagram = stage.diagram;
  path = stage.path;
  fifolab_diagram_set_peers (diagram, G_LIST_MODEL (peers));
  shows.diagram = diagram;
  shows.rebuild = TRUE;

  /* A reader, alone: blocked in open() until a writer comes. */
  reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_assert_true (fifolab_peer_process_start (reader, &error));
  g_assert_no_error (error);
  g_list_store_append (peers, reader);
  wait_peer_does (reader, FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER);
  shows.needle = "waiting in open() for a writer";
  g_assert_true (fifolab_test_wait_until (diagram_shows, &shows, TIMEOUT_MS));
  wait_frames ();
  all = assert_texts_readable (diagram, "reader in open()");
  pid_text = g_strdup_printf ("pid %" G_GINT64_FORMAT, fifolab_peer_process_get_pid (reader));
  g_assert_nonnull (strstr (all, pid_text));
  state_rect = text_rect (diagram, "waiting in open() for a writer");
  pipe_name = text_rect (diagram, "my_pipe");
  /* Readers on the right of the pipe. */
  g_assert_cmpfloat (state_rect.origin.x, >, pipe_name.origin.x);
  fifolab_peer_process_stop (reader);
  g_assert_true (fifolab_test_wait_until (peer_gone, reader, TIMEOUT_MS));

  /* A read end held (as FIFO Lab holds one) that reads nothing, and a
   * writer of a million messages: the pipe fills, the writer blocks in write(). */
  fd = fifolab_fifo_open (path, O_RDONLY, &error);
  g_assert_no_error (error);
  writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  fifolab_peer_process_set_count (writer, 1000000);
  fifolab_peer_process_set_interval (writer, 0);
  g_assert_true (fifolab_peer_process_start (writer, &error));
  g_assert_no_error (error);
  g_list_store_append (peers, writer);
  wait_peer_does (writer, FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED);
  {
    const char *paths[] = { path, NULL };
    g_autoptr(FifolabHolderScan) scan = fifolab_holder_scan_run_sync (paths, NULL, &error);

    g_assert_no_error (error);
    fifolab_diagram_set_holder_scan (diagram, scan);
  }
  fifolab_diagram_set_capacity (diagram, fifolab_fifo_get_capacity (fd));
  fifolab_diagram_set_queued (diagram, fifolab_fifo_get_queued (fd));
  wait_frames ();
  g_free (all);
  all = assert_texts_readable (diagram, "writer in write()");
  g_test_message ("%s", _fifolab_diagram_get_description (diagram));
  g_assert_nonnull (strstr (all, "blocked in write(): the pipe is full"));
  g_assert_cmpfloat (text_rect (diagram, "blocked in write(): the pipe is full").origin.x, <, pipe_name.origin.x);
  g_assert_nonnull (strstr (all, " of 65536 bytes in the buffer"));
  /* The reader stopped before: off the stage once the writer started. */
  g_assert_null (strstr (all, pid_text));

  /* Stopped, the writer says how it ended. */
  fifolab_peer_process_stop (writer);
  g_assert_true (fifolab_test_wait_until (peer_gone, writer, TIMEOUT_MS));
  shows.needle = "killed by signal 15";
  g_assert_true (fifolab_test_wait_until (diagram_shows, &shows, TIMEOUT_MS));
  close (fd);
  stage_release (&stage);
}

/* The fraction of the pixels in @rect of @diagram, as drawn, that are red
 * (the danger colour), against the others that are not background. */
static double
red_share (FifolabDiagram        *diagram,
           const graphene_rect_t *rect)
{
  GtkWidget *widget = GTK_WIDGET (diagram);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  guint red = 0, inked = 0;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = (int) rect->origin.y; y < (int) (rect->origin.y + rect->size.height) && y < height; y++)
    for (int x = (int) rect->origin.x; x < (int) (rect->origin.x + rect->size.width) && x < width; x++)
      {
        /* Cairo's ARGB32, premultiplied: B, G, R, A in memory. */
        const guchar *p = pixels + ((gsize) y * width + x) * 4;

        if (p[3] < 128)
          continue;
        inked++;
        if (p[2] > 150 && p[1] < 90 && p[0] < 90)
          red++;
      }
  return inked > 0 ? (double) red / inked : 0;
}

/* Events drawn on the pipe, from the lesson's log: "No reader" (bytes lost)
 * in red; "Reader left", end of file and ENXIO not; a torn message says so;
 * a message read moves as a packet labelled with its size. */
static void
test_stage_events (void)
{
  FifolabLog *log = fifolab_session_get_log (fifolab_window_get_session (window));
  FifolabDiagram *diagram;
  const char *path;
  const guint8 hello[] = "Hello from pid [12345]";
  struct {
    FifolabEventKind kind;
    const char      *text;
    gboolean         red;
  } events[] = {
    { FIFOLAB_EVENT_NO_READER, "no reader: EPIPE, the bytes were lost", TRUE },
    { FIFOLAB_EVENT_READER_LEFT, "reader left: it closed after reading everything", FALSE },
    { FIFOLAB_EVENT_END_OF_STREAM, "end of file: the last writer closed", FALSE },
    { FIFOLAB_EVENT_WAITING_FOR_READER, "ENXIO: no reader yet", FALSE },
    { FIFOLAB_EVENT_TORN, "torn message: two writers' bytes mixed", FALSE },
  };
  Shows shows;
  Stage stage;

  stage_take (&stage);
  diagram = stage.diagram;
  path = stage.path;
  give_processes (diagram);
  shows.diagram = diagram;
  shows.rebuild = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      graphene_rect_t rect;
      double share;

      fifolab_log_append_event (log, events[i].kind, path, NULL);
      fifolab_log_flush (log);
      shows.needle = events[i].text;
      g_assert_true (fifolab_test_wait_until (diagram_shows, &shows, TIMEOUT_MS));
      wait_frames ();
      g_free (assert_texts_readable (diagram, events[i].text));
      rect = text_rect (diagram, events[i].text);
      share = red_share (diagram, &rect);
      g_test_message ("\"%s\": %.0f %% of its ink red", events[i].text, share * 100);
      if (events[i].red)
        g_assert_cmpfloat (share, >, 0.5);
      else
        g_assert_cmpfloat (share, <, 0.05);
    }

  /* A message read: its 22 bytes on their way, standing still in the pipe
   * (reduced motion), between the writers and the readers. */
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, FIFOLAB_MESSAGE_NONE, path,
                      12345, getpid (), g_get_real_time (), g_get_monotonic_time (), hello, sizeof hello - 1);
  fifolab_log_flush (log);
  shows.needle = "22 B";
  g_assert_true (fifolab_test_wait_until (diagram_shows, &shows, TIMEOUT_MS));
  g_assert_cmpuint (_fifolab_diagram_get_n_animating (diagram), ==, 0);
  g_free (assert_texts_readable (diagram, "packet"));
  g_assert_cmpfloat (text_rect (diagram, "22 B").origin.x, >, text_rect (diagram, "write_to_named_").origin.x);
  g_assert_cmpfloat (text_rect (diagram, "22 B").origin.x, <, text_rect (diagram, "read_from_named").origin.x);
  stage_release (&stage);
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
  g_test_add_func ("/stage/log-empty-said", test_stage_log_empty_said);
  g_test_add_func ("/stage/log-only-lesson-pipes", test_stage_log_only_lesson);
  g_test_add_func ("/stage/pipe-column", test_stage_pipe_column);
  g_test_add_func ("/stage/layout", test_stage_layout);
  g_test_add_func ("/stage/card", test_stage_card);
  g_test_add_func ("/stage/zoom", test_stage_zoom);
  g_test_add_func ("/stage/zoom-keys", test_stage_zoom_keys);
  g_test_add_func ("/stage/fitted", test_stage_fitted);
  g_test_add_func ("/stage/kernel-state", test_stage_kernel_state);
  g_test_add_func ("/stage/events", test_stage_events);

  status = g_test_run ();

  fifolab_ui_test_release (G_APPLICATION (app), GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return status;
}
