/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Processes page's form, in the window at the sizes people use (1280 x
 * 800, a 1024 x 768 projector), in the language --language gives: a read
 * size of 0 says what it means where the value is ("Auto: 22 bytes" for the
 * book's example, "Auto: 64 KiB" for a stream), in full, not "0" with its
 * meaning in a tooltip; and it reads back as 0. So does a count of 0 ("One
 * message" for the book's example, whose writer writes one and reader reads
 * one; "Until EOF" for a stream, whose reader reads until every writer has
 * closed). Each field reads whole, its label beside it or, in a longer
 * language, above it. An empty list of peer processes says how it fills;
 * the peers started are listed in full, not cut off. */
#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-overflow-bin.h"
#include "fifolab-peer-form.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* Resized as a user would, and laid out at that size. */
static void
resize_to (int width,
           int height)
{
  fifolab_ui_window_test_resize (width, height);
}

/* The spin button's text as shown: @expected, all of it in its box. */
static void
check_shows (GtkWidget  *spin,
             const char *expected)
{
  GtkWidget *text = fifolab_ui_test_find_descendant (spin, GTK_TYPE_TEXT);
  int width;

  g_assert_nonnull (text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, expected);
  width = fifolab_ui_test_text_width (text, expected);
  g_test_message ("“%s”: %d px of text in %d px", expected, width, gtk_widget_get_width (text));
  g_assert_cmpint (width, <=, gtk_widget_get_width (text));
}

/* The Processes tab shown, with a pipe my_pipe in the lab folder
 * (@path: its path). */
static GtkWidget *
show_form (Fixture  *fixture,
           char    **path)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *form;

  *path = fifolab_ui_window_test_make_fifo (fixture, "my_pipe");
  g_assert_true (fifolab_window_add_pipe (window, *path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-processes", NULL));
  form = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_PEER_FORM);
  g_assert_nonnull (form);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, form, TIMEOUT_MS));
  return form;
}

/* A field of the form whose 0 is said in words (untranslated here): its
 * spin button's accessible name; the framing (the drop-down's position) of
 * a stream; the words for 0 with the book's framing and with that stream's;
 * two numbers shown as numbers (the first the one the book's words stand
 * for), and one typed. */
typedef struct
{
  const char *name;
  guint       stream;
  const char *seed_words;
  const char *stream_words;
  int         numbers[2];
  int         typed;
} ZeroSaid;

/* The read size: 0 asks for one message of the book's example (22 bytes),
 * or for 64 KiB at a time of a stream (raw). */
static const ZeroSaid read_size = {
  N_("Bytes per read"), 1, N_("Auto: 22 bytes"), N_("Auto: 64 KiB"), { 22, 100 }, 512
};
/* The count: with the book's example its writer writes one and its reader
 * reads one; a reader of a stream (lines) reads until every writer has
 * closed. */
static const ZeroSaid count = {
  N_("Message count"), 2, N_("One message"), N_("Until EOF"), { 1, 5 }, 12
};

/* The spin button's number @value, shown as a number. */
static void
check_number (GtkWidget *spin,
              int        value)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  check_shows (spin, text);
}

/* The words @words, typed over another value, read back as 0. */
static void
check_words_read (GtkWidget  *spin,
                  const char *words)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 7);
  gtk_editable_set_text (GTK_EDITABLE (spin), words);
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 0);
}

/* @field's 0, said in full at 1280 x 800 and 1024 x 768 in the words of the
 * framing chosen; a number is a number; the words read back as 0, a number
 * typed as itself. The field and the framing are left as they were. */
static void
check_zero_said (Fixture        *fixture,
                 const ZeroSaid *field)
{
  g_autofree char *path = NULL;
  g_autofree char *typed = g_strdup_printf ("%d", field->typed);
  const char *seed_words = _(field->seed_words);
  const char *stream_words = _(field->stream_words);
  GtkWidget *form;
  GtkWidget *spin;
  GtkWidget *framing;
  int value;
  guint framing_was;
  int default_width, default_height;
  const int sizes[][2] = { { 1280, 800 }, { 1024, 768 } };

  form = show_form (fixture, &path);
  spin = fifolab_ui_test_find_widget (form, fifolab_ui_test_is_spin_named, _(field->name));
  g_assert_nonnull (spin);
  framing = fifolab_ui_test_find_descendant (form, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (framing);
  value = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin));
  framing_was = gtk_drop_down_get_selected (GTK_DROP_DOWN (framing));

  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      resize_to (sizes[i][0], sizes[i][1]);
      check_number (spin, field->numbers[0]);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);
      /* The book's example. */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (framing), 0);
      g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 0);
      check_shows (spin, seed_words);
      /* A stream. */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (framing), field->stream);
      check_shows (spin, stream_words);
    }

  /* A number; back to 0, the words again, which read as 0 with either
   * framing. */
  check_number (spin, field->numbers[1]);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);
  check_shows (spin, stream_words);
  check_words_read (spin, stream_words);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (framing), 0);
  check_words_read (spin, seed_words);
  /* A number typed is taken as it is. */
  gtk_editable_set_text (GTK_EDITABLE (spin), typed);
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, field->typed);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (framing), framing_was);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  resize_to (default_width, default_height);
}

static void
test_read_size_said (Fixture       *fixture,
                     gconstpointer  data)
{
  check_zero_said (fixture, &read_size);
}

static void
test_count_said (Fixture       *fixture,
                 gconstpointer  data)
{
  check_zero_said (fixture, &count);
}

/* The label on the drop-down's button (its popover's are not mapped). */
static GtkWidget *
shown_choice (GtkWidget *dropdown)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  fifolab_ui_test_find_all (dropdown, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (labels, i)))
      return g_ptr_array_index (labels, i);
  return NULL;
}

/* @widget lies across the whole of @pane's width, or inside it. */
static void
check_across (GtkWidget *widget,
              GtkWidget *pane)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, pane, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (pane));
}

/* Each field of the form reads whole at the sizes people use (1280 x 800, a
 * 1024 x 768 projector, a window tiled to half a 1920 px screen): the
 * framing drop-down's choice is not cut short (it read "Book’s exam…" in the
 * pseudo-translation, 30 % longer than English), and no label or control
 * lies past the side pane's edge (the form would scroll sideways). In English
 * and Chinese each label stands beside its control; in a longer language it
 * may stand above; in a right-to-left language the label stands to the
 * right. The spin buttons' words: check_zero_said(). */
static void
test_fields_whole (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  GtkWidget *form;
  GtkWidget *grid;
  GtkWidget *dropdown;
  GtkWidget *pane;
  guint framing_was;
  int default_width, default_height;
  const int sizes[][2] = { { 1280, 800 }, { 1024, 768 }, { 960, 800 } };
  gboolean beside = g_strcmp0 (fifolab_ui_test_language (), "en_XA") != 0;

  form = show_form (fixture, &path);
  /* The fields: the template's entry and the rest, each after its label. */
  grid = gtk_widget_get_parent (fifolab_ui_test_find_descendant (form, GTK_TYPE_ENTRY));
  g_assert_nonnull (grid);
  dropdown = fifolab_ui_test_find_descendant (form, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  /* The side pane, which would scroll sideways a page wider than itself. */
  pane = gtk_widget_get_ancestor (form, FIFOLAB_TYPE_OVERFLOW_BIN);
  g_assert_nonnull (pane);
  framing_was = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      guint n_framings = g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)));

      resize_to (sizes[i][0], sizes[i][1]);
      for (guint framing = 0; framing < n_framings; framing++)
        {
          GtkWidget *choice;

          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), framing);
          fifolab_ui_test_wait_frames (dropdown, 1, TIMEOUT_MS);
          choice = shown_choice (dropdown);
          g_assert_nonnull (choice);
          g_test_message ("%d x %d: “%s”, %d px of text in %d px", sizes[i][0], sizes[i][1],
                          gtk_label_get_text (GTK_LABEL (choice)),
                          fifolab_ui_test_text_width (choice, gtk_label_get_text (GTK_LABEL (choice))),
                          gtk_widget_get_width (choice));
          g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (choice))));
        }

      for (GtkWidget *label = gtk_widget_get_first_child (grid); label != NULL;)
        {
          GtkWidget *control = gtk_widget_get_next_sibling (label);
          graphene_rect_t label_bounds, control_bounds;

          g_assert_nonnull (control);
          check_across (label, pane);
          check_across (control, pane);
          g_assert_true (gtk_widget_compute_bounds (label, grid, &label_bounds));
          g_assert_true (gtk_widget_compute_bounds (control, grid, &control_bounds));
          g_test_message ("“%s”: %.0f px wide at %.0f, its control %.0f px wide at %.0f, %.0f",
                          gtk_label_get_text (GTK_LABEL (label)), label_bounds.size.width, label_bounds.origin.y,
                          control_bounds.size.width, control_bounds.origin.x, control_bounds.origin.y);
          if (beside)
            {
              /* Beside: to its left, on its row. */
              g_assert_cmpfloat (label_bounds.origin.x + label_bounds.size.width, <, control_bounds.origin.x);
              g_assert_cmpfloat (label_bounds.origin.y, <, control_bounds.origin.y + control_bounds.size.height);
              g_assert_cmpfloat (control_bounds.origin.y, <, label_bounds.origin.y + label_bounds.size.height);
            }
          label = gtk_widget_get_next_sibling (control);
        }
    }

  /* In a right-to-left language, each label beside its control stands to
   * its right. */
  if (beside)
    {
      GtkWidget *label = gtk_widget_get_first_child (grid);
      GtkWidget *control = gtk_widget_get_next_sibling (label);

      gtk_widget_set_direction (grid, GTK_TEXT_DIR_RTL);
      fifolab_ui_test_wait_frames (grid, 1, TIMEOUT_MS);
      for (; label != NULL; label = gtk_widget_get_next_sibling (control))
        {
          graphene_rect_t label_bounds, control_bounds;

          control = gtk_widget_get_next_sibling (label);
          g_assert_true (gtk_widget_compute_bounds (label, grid, &label_bounds));
          g_assert_true (gtk_widget_compute_bounds (control, grid, &control_bounds));
          g_assert_cmpfloat (control_bounds.origin.x + control_bounds.size.width, <, label_bounds.origin.x);
          g_assert_cmpfloat (label_bounds.origin.x + label_bounds.size.width, <=, gtk_widget_get_width (grid));
          g_assert_cmpfloat (control_bounds.origin.x, >=, 0);
        }
      gtk_widget_set_direction (grid, GTK_TEXT_DIR_NONE);
    }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), framing_was);
  resize_to (default_width, default_height);
}

static gboolean
is_peers_placeholder (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_LABEL (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)),
                    _("None yet: the processes that Start Writer and Start Reader run are listed here")) == 0;
}

static gboolean
unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* The list of peer processes, empty, says how it fills (it was a heading
 * over nothing); a peer started takes its place, and the words come back
 * when the list is emptied. */
static void
test_peers_said (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  FifolabPeerProcess *reader;
  GListStore *peers;
  GtkWidget *form;
  GtkWidget *empty;
  int default_width, default_height;

  form = show_form (fixture, &path);
  peers = fifolab_peer_form_get_peers (FIFOLAB_PEER_FORM (form));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (peers)), ==, 0);

  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  resize_to (1024, 768);
  empty = fifolab_ui_test_find_widget (form, is_peers_placeholder, NULL);
  g_assert_nonnull (empty);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, empty, TIMEOUT_MS));
  g_assert_cmpint (gtk_widget_get_width (empty), >, 0);

  /* A reader of the book's example: it waits in open() for a writer. */
  reader = fifolab_peer_form_start (FIFOLAB_PEER_FORM (form), FIFOLAB_PEER_ROLE_READ, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_object_ref (reader);
  g_assert_true (fifolab_test_wait_until (unmapped, empty, TIMEOUT_MS));
  fifolab_peer_process_stop (reader);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  g_object_unref (reader);

  g_list_store_remove_all (peers);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, empty, TIMEOUT_MS));
  resize_to (default_width, default_height);
}

/* Whether the whole of @widget is in view in @scroller. */
static void
check_inside (GtkWidget *widget,
              GtkWidget *scroller)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
  g_test_message ("%s: from %.0f to %.0f px, in view to %d px", G_OBJECT_TYPE_NAME (widget),
                  bounds.origin.y, bounds.origin.y + bounds.size.height, gtk_widget_get_height (scroller));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scroller));
}

/* Scrolled to its end, the page shows the last of @list's rows, and below
 * the list no more than the form's margin: the page is as tall as the form
 * at the width it has, with no blank space to scroll into. Returns whether
 * the page scrolls at all. */
static gboolean
check_end (GtkWidget *list,
           GtkWidget *last_row,
           GtkWidget *scroller)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  int margin = gtk_widget_get_margin_bottom (gtk_widget_get_parent (list));
  graphene_rect_t bounds;
  double upper, page;
  double blank;

  /* The page laid out at its new size first: its adjustment's bounds. */
  fifolab_ui_test_wait_frames (scroller, 1, TIMEOUT_MS);
  upper = gtk_adjustment_get_upper (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  gtk_adjustment_set_value (adjustment, upper - page);
  fifolab_ui_test_wait_frames (scroller, 1, TIMEOUT_MS);
  check_inside (list, scroller);
  check_inside (last_row, scroller);
  g_assert_true (gtk_widget_compute_bounds (list, scroller, &bounds));
  blank = gtk_widget_get_height (scroller) - (bounds.origin.y + bounds.size.height);
  g_test_message ("page %.0f px of %.0f, scrolled to %.0f: %.0f px below the list (the form's margin %d px)",
                  page, upper, gtk_adjustment_get_value (adjustment), blank, margin);
  if (upper > page)
    g_assert_cmpfloat (blank, <=, margin + 1);
  return upper > page;
}

typedef struct
{
  GtkWidget *row;
  char      *pid;
} RowQuery;

/* The row's accessible name says its pid and its pipe, my_pipe. */
static gboolean
row_says_cb (gpointer data)
{
  RowQuery *query = data;
  g_autofree char *label = fifolab_ui_test_accessible_label (query->row);

  return label != NULL && strstr (label, query->pid) != NULL && strstr (label, "my_pipe") != NULL;
}

/* The peer processes started are listed at the form's bottom, in full, at the
 * sizes people use: a 1024 x 768 projector, a window tiled to half a 1920 px
 * screen (960 px wide, as tall as the screen lets it be here), a 1024 x 600
 * window. Once, a sideways scroller around the form gave it the height of
 * its widest layout, and the list was cut off; later, the height of its
 * narrowest, and the page scrolled into blank space below the list. */
static void
test_peers_shown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  FifolabPeerProcess *readers[2];
  GListStore *peers;
  GtkWidget *form;
  GtkWidget *list;
  GtkWidget *scroller;
  int default_width, default_height;
  const int sizes[][2] = { { 1024, 768 }, { 960, 800 }, { 1024, 600 } };
  gboolean scrolls = FALSE;

  form = show_form (fixture, &path);
  list = fifolab_ui_test_find_descendant (form, GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  /* The page's scroller, the first around the form that scrolls down. */
  scroller = gtk_widget_get_ancestor (form, GTK_TYPE_SCROLLED_WINDOW);
  while (scroller != NULL)
    {
      GtkPolicyType vertical;

      gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scroller), NULL, &vertical);
      if (vertical != GTK_POLICY_NEVER)
        break;
      scroller = gtk_widget_get_ancestor (gtk_widget_get_parent (scroller), GTK_TYPE_SCROLLED_WINDOW);
    }
  g_assert_nonnull (scroller);
  peers = fifolab_peer_form_get_peers (FIFOLAB_PEER_FORM (form));

  /* Two readers of the book's example: each waits in open() for a writer. */
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      readers[i] = fifolab_peer_form_start (FIFOLAB_PEER_FORM (form), FIFOLAB_PEER_ROLE_READ, &error);
      g_assert_no_error (error);
      g_assert_nonnull (readers[i]);
      g_object_ref (readers[i]);
    }

  /* Each row (GtkListBoxRow, which takes the focus) says what it shows:
   * what the process does, its pid and its pipe; not "GtkListBoxRow". */
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      RowQuery query = { GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)), NULL };

      query.pid = g_strdup_printf ("%" G_GINT64_FORMAT, fifolab_peer_process_get_pid (readers[i]));
      g_assert_nonnull (query.row);
      g_assert_true (fifolab_test_wait_until (row_says_cb, &query, TIMEOUT_MS));
      g_free (query.pid);
    }

  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      GtkWidget *last_row;

      resize_to (sizes[i][0], sizes[i][1]);
      last_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), G_N_ELEMENTS (readers) - 1));
      g_assert_nonnull (last_row);
      scrolls |= check_end (list, last_row, scroller);
    }
  /* 600 px is short enough for the page to scroll: the check was made. */
  g_assert_true (scrolls);

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      fifolab_peer_process_stop (readers[i]);
      g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, readers[i], TIMEOUT_MS));
      g_object_unref (readers[i]);
    }
  g_list_store_remove_all (peers);
  resize_to (default_width, default_height);
}

typedef struct
{
  GtkWidget  *list;
  const char *text;
} ShownQuery;

/* Whether a label in the list of peers, on screen, says @query's text. */
static gboolean
list_says (gpointer data)
{
  ShownQuery *query = data;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  fifolab_ui_test_find_all (query->list, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_mapped (label) && gtk_widget_get_width (label) > 0 &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), query->text) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
list_does_not_say (gpointer data)
{
  return !list_says (data);
}

/* A peer the form started on my_pipe, blocked in open() until the test
 * opened the pipe's other end (@fd); @peer is a reference. */
typedef struct
{
  GtkWidget          *form;
  char               *path;
  FifolabPeerProcess *peer;
  int                 fd;
} OpenedPeer;

static void
opened_peer_clear (OpenedPeer *opened)
{
  g_clear_object (&opened->peer);
  g_clear_pointer (&opened->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OpenedPeer, opened_peer_clear)

/* What a test checks while the peer waits in open() (@waits: the words its
 * row says then). */
typedef void (*WhileWaitingFunc) (FifolabPeerProcess *peer,
                                  ShownQuery         *waits,
                                  gpointer            data);

/* Starts a peer of @role from the Processes page's form: its row says it
 * waits in open() for the other end; @while_waiting runs then; the test
 * opens the pipe's other end, the peer's open() returns, and the row no
 * longer says it waits. */
static void
start_peer_until_opened (Fixture          *fixture,
                         FifolabPeerRole   role,
                         WhileWaitingFunc  while_waiting,
                         gpointer          data,
                         OpenedPeer       *opened)
{
  gboolean reads = role == FIFOLAB_PEER_ROLE_READ;
  g_autoptr(GError) error = NULL;
  ShownQuery waits;

  opened->form = show_form (fixture, &opened->path);
  waits.list = fifolab_ui_test_find_descendant (opened->form, GTK_TYPE_LIST_BOX);
  waits.text = reads ? _("Waiting in open() for a writer") : _("Waiting in open() for a reader");
  g_assert_nonnull (waits.list);

  opened->peer = fifolab_peer_form_start (FIFOLAB_PEER_FORM (opened->form), role, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened->peer);
  g_object_ref (opened->peer);
  g_assert_true (fifolab_test_wait_until (list_says, &waits, TIMEOUT_MS));
  while_waiting (opened->peer, &waits, data);

  opened->fd = g_open (opened->path, (reads ? O_WRONLY : O_RDONLY) | O_NONBLOCK | O_CLOEXEC, 0);
  g_assert_cmpint (opened->fd, >=, 0);
  g_assert_true (fifolab_test_wait_until (list_does_not_say, &waits, TIMEOUT_MS));
}

/* Stops @opened's peer, closes the pipe's other end and empties the list. */
static void
stop_opened_peer (OpenedPeer *opened)
{
  fifolab_peer_process_stop (opened->peer);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, opened->peer, TIMEOUT_MS));
  g_close (opened->fd, NULL);
  g_list_store_remove_all (fifolab_peer_form_get_peers (FIFOLAB_PEER_FORM (opened->form)));
}

static void
check_running (FifolabPeerProcess *writer,
               ShownQuery         *waits,
               gpointer            data)
{
  g_assert_true (fifolab_peer_process_is_running (writer));
}

/* A writer with no reader is blocked in open(): its row says it waits for a
 * reader (it said "Running"), as the pipe's diagram does; once a reader
 * opens the pipe, the row no longer says so. */
static void
test_peer_waits_said (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(OpenedPeer) opened = { NULL, };

  start_peer_until_opened (fixture, FIFOLAB_PEER_ROLE_WRITE, check_running, NULL, &opened);
  stop_opened_peer (&opened);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

/* What the peer does, as its activity property says. */
static int
peer_activity (FifolabPeerProcess *peer)
{
  int activity = -1;

  g_object_get (peer, "activity", &activity, NULL);
  return activity;
}

/* The reader waits for a writer, as it is told; still waiting, it is read
 * again (by the row's hold, and the diagram above it), not told again.
 * @data: the number of times it is told from now on. */
static void
check_told_once (FifolabPeerProcess *reader,
                 ShownQuery         *waits,
                 gpointer            data)
{
  guint *n_notify = data;

  g_assert_cmpint (peer_activity (reader), ==, FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER);
  g_signal_connect (reader, "notify::activity", G_CALLBACK (count_notify_cb), n_notify);
  fifolab_test_run_for (1600);
  g_assert_cmpuint (*n_notify, ==, 0);
  g_assert_true (list_says (waits));
}

/* A row on screen says what its peer does from the peer's activity, which
 * one timer of the peer refreshes (the row has none of its own) and which is
 * told only when it changes: once when the reader stops waiting in open(),
 * not at every read of /proc (each 500 ms). */
static void
test_peer_activity_told (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(OpenedPeer) opened = { NULL, };
  guint n_notify = 0;

  start_peer_until_opened (fixture, FIFOLAB_PEER_ROLE_READ, check_told_once, &n_notify, &opened);
  /* A writer came: told, and the row says so. */
  g_assert_cmpuint (n_notify, >=, 1);
  g_assert_cmpint (peer_activity (opened.peer), !=, FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER);

  stop_opened_peer (&opened);
  g_assert_cmpint (peer_activity (opened.peer), ==, FIFOLAB_PROC_ACTIVITY_EXITED);
  g_signal_handlers_disconnect_by_data (opened.peer, &n_notify);
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/peer-form/read-size-said", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_read_size_said, fifolab_ui_window_fixture_teardown);
  g_test_add ("/peer-form/count-said", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_count_said, fifolab_ui_window_fixture_teardown);
  g_test_add ("/peer-form/fields-whole", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_fields_whole, fifolab_ui_window_fixture_teardown);
  g_test_add ("/peer-form/peers-said", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_peers_said, fifolab_ui_window_fixture_teardown);
  g_test_add ("/peer-form/peer-waits-said", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_peer_waits_said, fifolab_ui_window_fixture_teardown);
  g_test_add ("/peer-form/peer-activity-told", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_peer_activity_told, fifolab_ui_window_fixture_teardown);
  g_test_add ("/peer-form/peers-shown", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_peers_shown, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
