/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A torn message in the entry inspector, made by two real fifolab-peer
 * writers each writing one line of about 100 KB (far more than PIPE_BUF) into
 * one FIFO that a FifolabSession reads: on screen, the row that marks where
 * the other writer's bytes begin, with its offset, and the two sides' colour
 * classes over the right rows, in the text view and in the hex view. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-byte-rows.h"
#include "fifolab-entry-details.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 30000
/* "Hello from pid [N]" this many times: one line of about 100 KB. */
#define REPEATS 4500

/* Two writers' lines, read by a session: the first received entry flagged
 * torn (fifolab_test_two_writers_torn() makes their bytes interleave). */
static FifolabLogEntry *
make_torn_entry (const char  *path,
                 const char  *template_,
                 FifolabLog **log_out)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (log);
  FifolabLogEntry *torn = NULL;

  fifolab_test_two_writers_torn (session, inspector, path, template_, 1, TIMEOUT_MS);
  for (guint i = 0; torn == NULL && i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED &&
          (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_TORN))
        torn = g_steal_pointer (&entry);
    }
  g_assert_nonnull (torn);
  *log_out = g_object_ref (log);
  fifolab_session_disconnect_all (session);
  return torn;
}

/* The pid the message's first bytes claim: the first writer. */
static gint64
first_claim (const guint8 *data,
             gsize         size)
{
  static const char start[] = "Hello from pid [";

  g_assert_cmpuint (size, >, sizeof start);
  g_assert_cmpmem (data, sizeof start - 1, start, sizeof start - 1);
  return g_ascii_strtoll ((const char *) data + sizeof start - 1, NULL, 10);
}

typedef struct
{
  GtkWidget  *list;
  const char *text;
} Shown;

/* A label on screen under @root showing @text exactly, or NULL. */
static GtkWidget *
find_shown (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_shown (gpointer data)
{
  Shown *shown = data;

  return find_shown (shown->list, shown->text) != NULL;
}

static void
collect_labels (GtkWidget *root,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_ptr_array_add (labels, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static const char *
side_class (FifolabByteRowSide side)
{
  switch (side)
    {
    case FIFOLAB_BYTE_ROW_FIRST:
      return "fifolab-torn-first";
    case FIFOLAB_BYTE_ROW_MARK:
      return "fifolab-torn-mark";
    case FIFOLAB_BYTE_ROW_OTHER:
      return "fifolab-torn-other";
    case FIFOLAB_BYTE_ROW_WHOLE:
    default:
      return NULL;
    }
}

/* One page of the bytes ("text" or "hex"): its rows hold bytes of one side
 * of the tear each, the marker stands between them; scrolled to the marker,
 * the rows on screen wear their side's colour class, and there are rows of
 * both sides. Returns the row just after the marker (the first bytes of the
 * other writer), as shown. */
static char *
check_page (FifolabEntryDetails *details,
            const char          *page,
            gssize               tear,
            const char          *mark)
{
  GtkStack *stack = fifolab_entry_details_get_stack (details);
  GtkWidget *list;
  GListModel *model;
  g_autoptr(GHashTable) sides = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint n, mark_at = G_MAXUINT, n_first = 0, n_other = 0;
  Shown shown;
  GtkWidget *mark_label;
  char *after;

  gtk_stack_set_visible_child_name (stack, page);
  list = fifolab_ui_test_find_descendant (gtk_stack_get_child_by_name (stack, page), GTK_TYPE_LIST_VIEW);
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  g_assert_nonnull (model);
  n = g_list_model_get_n_items (model);

  /* The model: each row wholly on its side. */
  for (guint i = 0; i < n; i++)
    {
      GtkStringObject *row = g_list_model_get_item (model, i);
      FifolabByteRowSide side = fifolab_byte_rows_get_side (row);
      gsize start = fifolab_byte_rows_get_start (row);

      g_ptr_array_add (rows, row);
      switch (side)
        {
        case FIFOLAB_BYTE_ROW_FIRST:
          g_assert_cmpuint (mark_at, ==, G_MAXUINT);
          g_assert_cmpuint (start, <, (gsize) tear);
          break;
        case FIFOLAB_BYTE_ROW_MARK:
          g_assert_cmpuint (mark_at, ==, G_MAXUINT);
          mark_at = i;
          g_assert_cmpstr (gtk_string_object_get_string (row), ==, mark);
          break;
        case FIFOLAB_BYTE_ROW_OTHER:
          g_assert_cmpuint (mark_at, <, i);
          g_assert_cmpuint (start, >=, (gsize) tear);
          break;
        case FIFOLAB_BYTE_ROW_WHOLE:
        default:
          g_assert_not_reached ();
        }
    }
  g_assert_cmpuint (mark_at, <, n - 1);
  after = g_strdup (gtk_string_object_get_string (g_ptr_array_index (rows, mark_at + 1)));
  g_assert_cmpuint (fifolab_byte_rows_get_start (g_ptr_array_index (rows, mark_at + 1)), ==, (gsize) tear);
  /* The rows around the marker, by their text: whose they are. */
  for (guint i = mark_at > 40 ? mark_at - 40 : 0; i < MIN (n, mark_at + 40); i++)
    {
      GtkStringObject *row = g_ptr_array_index (rows, i);

      g_hash_table_insert (sides, (gpointer) gtk_string_object_get_string (row),
                           GINT_TO_POINTER (fifolab_byte_rows_get_side (row)));
    }

  /* On screen: scrolled to a few rows past the marker (the list scrolls as
   * little as it can: the row asked for comes in at the bottom), the marker
   * shows in words, and each row its side's class and no other's. */
  g_assert_true (fifolab_ui_test_wait_mapped (list, TIMEOUT_MS));
  g_assert_true (gtk_widget_activate_action (list, "list.scroll-to-item", "u", MIN (n - 1, mark_at + 4)));
  shown.list = list;
  shown.text = mark;
  g_assert_true (fifolab_test_wait_until (is_shown, &shown, TIMEOUT_MS));
  mark_label = find_shown (list, mark);
  g_assert_true (gtk_widget_has_css_class (mark_label, "fifolab-torn-mark"));
  collect_labels (list, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      gpointer side;

      if (!g_hash_table_lookup_extended (sides, gtk_label_get_text (GTK_LABEL (label)), NULL, &side))
        continue;
      for (FifolabByteRowSide s = FIFOLAB_BYTE_ROW_FIRST; s <= FIFOLAB_BYTE_ROW_OTHER; s++)
        g_assert_cmpint (gtk_widget_has_css_class (label, side_class (s)), ==, (int) s == GPOINTER_TO_INT (side));
      n_first += GPOINTER_TO_INT (side) == FIFOLAB_BYTE_ROW_FIRST;
      n_other += GPOINTER_TO_INT (side) == FIFOLAB_BYTE_ROW_OTHER;
    }
  g_test_message ("%s: %u rows, the marker at %u; on screen %u of the first writer, %u from the tear",
                  page, n, mark_at, n_first, n_other);
  if (tear > 0)
    g_assert_cmpuint (n_first, >, 0);
  g_assert_cmpuint (n_other, >, 0);
  return after;
}

static void
test_torn_two_writers (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "my_pipe", NULL);
  g_autofree char *template_ = NULL;
  g_autoptr(GString) shape = g_string_new (NULL);
  g_autoptr(FifolabLog) log = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autoptr(GBytes) first_stream = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *text_after = NULL;
  g_autofree char *hex_after = NULL;
  g_autofree char *offset = NULL;
  FifolabEntryDetails *details;
  GtkWindow *window;
  const guint8 *data;
  const guint8 *first;
  gsize size = 0, first_size = 0, differs = 0;
  gint64 start_us;
  gssize tear;

  for (guint i = 0; i < REPEATS; i++)
    g_string_append (shape, FIFOLAB_DEFAULT_TEMPLATE);
  template_ = g_strdup (shape->str);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  entry = make_torn_entry (path, template_, &log);
  data = g_bytes_get_data (fifolab_log_entry_get_bytes (entry), &size);
  g_assert_cmpuint (size, >, 4096);

  /* Where the bytes first differ from what the first writer wrote. */
  first_stream = fifolab_stamp_expand (template_, first_claim (data, size), NULL);
  first = g_bytes_get_data (first_stream, &first_size);
  while (differs < MIN (size, first_size) && data[differs] == first[differs])
    differs++;
  g_assert_cmpuint (differs, <, size);

  details = fifolab_entry_details_new ();
  window = fifolab_ui_test_present (GTK_WIDGET (details), 1000, 600, TIMEOUT_MS);
  fifolab_entry_details_set_log (details, log);
  start_us = g_get_monotonic_time ();
  fifolab_entry_details_set_entry (details, entry);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (fifolab_entry_details_get_stack (details)), TIMEOUT_MS));
  g_test_message ("a torn message of %zu bytes opened and shown in %.1f ms",
                  size, (g_get_monotonic_time () - start_us) / 1000.0);

  /* The tear as marked: within the first writer's unit where its bytes stop
   * (the shape can only tell where a unit breaks), and all before it is the
   * first writer's. */
  tear = fifolab_entry_details_get_tear (details);
  g_test_message ("%zu bytes; they differ from the first writer's at %zu; marked at %zd", size, differs, tear);
  g_assert_cmpint (tear, >=, 0);
  g_assert_cmpint (tear, <, (gssize) size);
  g_assert_cmpint (tear, <=, (gssize) differs + (gssize) strlen ("Hello from pid [4194304]"));
  g_assert_cmpint (tear + (gssize) strlen ("Hello from pid [4194304]"), >=, (gssize) differs);

  /* In words, in the body and in the views' descriptions. */
  sentence = g_strdup_printf ("Another writer’s bytes begin at byte %zd (offset %08zx in the hex view).",
                              tear, (gsize) tear);
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (details), sentence));
  mark = g_strdup_printf ("▶ Another writer’s bytes from offset %zd (%08zx)", tear, (gsize) tear);

  text_after = check_page (details, "text", tear, mark);
  /* The text row after the marker starts with the other writer's bytes. */
  g_assert_cmpint (strncmp (text_after, (const char *) data + tear, strlen (text_after)), ==, 0);
  hex_after = check_page (details, "hex", tear, mark);
  offset = g_strdup_printf ("%08zx ", (gsize) tear);
  g_assert_true (g_str_has_prefix (hex_after, offset));
  {
      GtkStack *stack = fifolab_entry_details_get_stack (details);
      GtkWidget *text = fifolab_ui_test_find_descendant (gtk_stack_get_child_by_name (stack, "text"), GTK_TYPE_LIST_VIEW);
      GtkWidget *hex = fifolab_ui_test_find_descendant (gtk_stack_get_child_by_name (stack, "hex"), GTK_TYPE_LIST_VIEW);

      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (hex), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence);
    }

  /* A message that is not torn: no marker, no colours, no description. */
  {
    static const char whole[] = "Hello from pid [42]";
    GtkStack *stack = fifolab_entry_details_get_stack (details);
    GtkWidget *text = fifolab_ui_test_find_descendant (gtk_stack_get_child_by_name (stack, "text"), GTK_TYPE_LIST_VIEW);
    g_autoptr(GtkStringObject) row = NULL;

    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, path, 42, getpid (),
                        g_get_real_time (), g_get_monotonic_time (), (const guint8 *) whole, strlen (whole));
    fifolab_log_flush (log);
    g_clear_object (&entry);
    entry = g_list_model_get_item (G_LIST_MODEL (log), g_list_model_get_n_items (G_LIST_MODEL (log)) - 1);
    fifolab_entry_details_set_entry (details, entry);
    g_assert_cmpint (fifolab_entry_details_get_tear (details), ==, -1);
    gtk_stack_set_visible_child_name (stack, "text");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (text)))), ==, 1);
    row = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (text))), 0);
    g_assert_cmpint (fifolab_byte_rows_get_side (row), ==, FIFOLAB_BYTE_ROW_WHOLE);
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  }

  gtk_window_destroy (window);
  fifolab_test_run_for (20);
  unlink (path);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Two writers' lines of one message each, "Hello from pid [N] " and 100000
 * bytes of filler, far over the 64 KiB a read takes at most: the first torn
 * line holds the first writer's bytes, then, from where the other writer's
 * message begins, the other's. The inspector marks that byte, as the rule
 * that flagged it tells it (a second pid claimed), not where the textbook's
 * shape ends, after the first writer's pid. */
static void
test_torn_big_lines (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "my_pipe", NULL);
  g_autofree char *filler = g_strnfill (100000, 'x');
  g_autofree char *template_ = g_strconcat (FIFOLAB_DEFAULT_TEMPLATE, " ", filler, NULL);
  g_autofree char *sentence = NULL;
  g_autoptr(FifolabLog) log = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;
  FifolabEntryDetails *details;
  GtkWindow *window;
  const guint8 *data;
  const guint8 *other;
  gsize size = 0;
  gssize begins;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  entry = make_torn_entry (path, template_, &log);
  data = g_bytes_get_data (fifolab_log_entry_get_bytes (entry), &size);
  g_assert_cmpuint (size, >, 65536);
  first_claim (data, size);
  /* Each writer wrote one message: the other's bytes begin with its start. */
  other = memmem (data + 1, size - 1, "Hello from pid [", strlen ("Hello from pid ["));
  g_assert_nonnull (other);
  begins = other - data;

  details = fifolab_entry_details_new ();
  window = fifolab_ui_test_present (GTK_WIDGET (details), 1000, 600, TIMEOUT_MS);
  fifolab_entry_details_set_log (details, log);
  fifolab_entry_details_set_entry (details, entry);
  g_test_message ("%zu bytes, the other writer's from %zd; marked at %zd",
                  size, begins, fifolab_entry_details_get_tear (details));
  g_assert_cmpint (fifolab_entry_details_get_tear (details), ==, begins);
  sentence = g_strdup_printf ("Another writer’s bytes begin at byte %zd (offset %08zx in the hex view).",
                              begins, (gsize) begins);
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (details), sentence));

  gtk_window_destroy (window);
  fifolab_test_run_for (20);
  unlink (path);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  /* GTK's test accessibility backend keeps the descriptions checked here
   * (the suite's "none" keeps nothing). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  g_test_add_func ("/entry-torn/two-writers", test_torn_two_writers);
  g_test_add_func ("/entry-torn/big-lines", test_torn_big_lines);

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
