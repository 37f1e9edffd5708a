/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sequence diagram in the window (issue 16), from a real exchange: the
 * window's Watch toggle watches cat and the seed's Python writer on a real
 * FIFO (cat stopped with SIGSTOP while the writer arrives, so that both are
 * watched before they meet: no timing). The toggle in the header shows the
 * diagram in place of the log; each arrow's label holds the bytes it
 * carried, escaped as the log shows them, and their size; what a screen
 * reader gets (its accessible description) names both pids, their commands
 * and the bytes that went from one to the other, and what they said; app.export-sequence writes an SVG, well-formed XML that
 * names the pids and the byte counts, and a PDF; in the export dialog the
 * file type chosen decides the format and the name's extension. A call
 * selected in the diagram selects its entry in the log's inspector, and
 * back. Bytes from a writer the watch did not see are told as such, and a
 * process killed by a signal as killed, not as an exit status. */
#include "config.h"

#include <glib/gi18n.h>
#include <gdk/x11/gdkx.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-escape.h"
#include "fifolab-sequence-draw.h"
#include "fifolab-sequence-export.h"
#include "fifolab-sequence-view.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 20000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

static void
wait_watch (GPid        pid,
            const char *text)
{
  g_autofree char *prefix = g_strdup_printf ("%d ", (int) pid);
  FifolabUiWatchQuery query = { NULL, prefix, text };

  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_watch_logged, &query, TIMEOUT_MS));
}

/* What the view's accessible description says now. */
static char *
description (GtkWidget *view)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (view);

  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION))
    return NULL;
  return gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "");
}

typedef struct
{
  GtkWidget  *view;
  const char *text;
} Said;

static gboolean
description_says (gpointer data)
{
  Said *said = data;
  g_autofree char *text = description (said->view);

  return text != NULL && strstr (text, said->text) != NULL;
}

/* The export's file, whole: SVG's last tag, or PDF's end-of-file marker,
 * at its end (a new file is written in place). */
static gboolean
file_complete (gpointer path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char *tail;

  if (!g_file_get_contents (path, &contents, &len, NULL) || len < 16)
    return FALSE;
  /* The last bytes (a PDF holds NUL bytes before them). */
  tail = contents + len - 16;
  return g_strstr_len (tail, 16, "</svg>") != NULL || g_strstr_len (tail, 16, "%%EOF") != NULL;
}

/* Text inside the SVG's elements, and whether it parses as XML. */
static void
text_cb (GMarkupParseContext *context,
         const char          *text,
         gsize                len,
         gpointer             user_data,
         GError             **error)
{
  g_string_append_len (user_data, text, (gssize) len);
}

static char *
svg_text (const char *path)
{
  static const GMarkupParser parser = { NULL, NULL, text_cb, NULL, NULL };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, text, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, (gssize) len, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (strstr (contents, "<svg"), "<svg"));
  return g_strdup (text->str);
}

static void
test_seed_watched (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "my_pipe");
  g_autofree char *script = fifolab_test_seed_script ("write_to_named_pipe.py");
  g_autofree char *svg = g_build_filename (fixture->folder, "talk.svg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->folder, "talk.pdf", NULL);
  const char *cat_argv[] = { "cat", path, NULL };
  g_autoptr(FifolabTestChild) cat = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrote = NULL;
  g_autofree char *got = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf_data = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *label = NULL;
  g_autofree char *sender = NULL;
  FifolabSequence *seq = fifolab_window_get_sequence (window);
  GtkWidget *view = GTK_WIDGET (window->sequence_view);
  GtkWidget *watch;
  GtkWidget *show;
  gsize expected;
  Said said;

  if (!fifolab_test_watch_supported (1))
    return;

  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) "Watch", TIMEOUT_MS));
  watch = fifolab_ui_window_test_button ("Watch");

  /* The exchange, watched: cat waits, is stopped, the writer waits, cat goes on. */
  cat = fifolab_test_child_spawn (cat_argv);
  fifolab_ui_test_press (watch);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, watch, TIMEOUT_MS));
  wait_watch (cat->pid, "watched from now on");
  g_assert_no_errno (kill (cat->pid, SIGSTOP));
  wait_watch (cat->pid, "stopped by signal");
  {
    const char *writer_argv[] = { fifolab_test_python (), script, path, NULL };

    writer = fifolab_test_child_spawn (writer_argv);
  }
  wait_watch (writer->pid, "watched from now on");
  g_assert_no_errno (kill (cat->pid, SIGCONT));
  fifolab_test_child_wait_ok (writer, TIMEOUT_MS);
  fifolab_test_child_wait_ok (cat, TIMEOUT_MS);
  expected = strlen (cat->out);
  g_assert_cmpuint (expected, >, strlen ("Hello "));
  wait_watch (cat->pid, "read(");

  /* Shown in place of the log. */
  show = fifolab_ui_window_test_button ("Show the sequence diagram");
  g_assert_false (gtk_widget_get_mapped (view));
  fifolab_ui_test_press (show);
  g_assert_true (fifolab_ui_test_wait_mapped (view, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window->log_view)));
  g_assert_true (gtk_widget_has_focus (view));
  g_assert_cmpint (gtk_widget_get_width (view), >, 200);

  /* One arrow: the writer's bytes, all of them, into cat's read. */
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 1);
  g_assert_cmpuint (fifolab_sequence_get_match (seq, 0)->bytes, ==, expected);

  /* Each arrow says what it carried, as the log shows it, and how much:
   * the writer's message, its pid in it. */
  bytes = fifolab_escape_for_display ((const guint8 *) cat->out, expected, FIFOLAB_WATCH_TEXT_PAYLOAD_CHARS);
  label = g_strdup_printf ("\"%s\" %" G_GSIZE_FORMAT " B", bytes, expected);
  sender = g_strdup_printf ("%d", (int) writer->pid);
  g_assert_nonnull (strstr (bytes, sender));
  {
    g_autofree char *write_label = fifolab_sequence_draw_arrow_label (seq, fifolab_sequence_get_match (seq, 0)->write);
    g_autofree char *read_label = fifolab_sequence_draw_arrow_label (seq, fifolab_sequence_get_match (seq, 0)->read);

    g_assert_cmpstr (write_label, ==, label);
    g_assert_cmpstr (read_label, ==, label);
  }

  /* What a screen reader is told of the calls in view: the bytes too. */
  wrote = g_strdup_printf ("pid %d (python3) wrote %" G_GSIZE_FORMAT " bytes to my_pipe: \"%s\"",
                           (int) writer->pid, expected, bytes);
  got = g_strdup_printf ("pid %d (cat) read %" G_GSIZE_FORMAT " bytes from my_pipe: %" G_GSIZE_FORMAT
                         " bytes written by pid %d: \"%s\"", (int) cat->pid, expected, expected,
                         (int) writer->pid, bytes);
  said = (Said) { view, wrote };
  g_assert_true (fifolab_test_wait_until (description_says, &said, TIMEOUT_MS));
  said = (Said) { view, got };
  g_assert_true (fifolab_test_wait_until (description_says, &said, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_ui_test_accessible_label (view), ==, "Sequence diagram");

  /* Exported by the action, as a script does: the SVG names both pids and
   * the bytes, in its text; the PDF is one. */
  fifolab_ui_window_test_action ("export-sequence", svg);
  g_assert_true (fifolab_test_wait_until (file_complete, svg, TIMEOUT_MS));
  text = svg_text (svg);
  g_assert_nonnull (strstr (text, wrote));
  g_assert_nonnull (strstr (text, got));
  fifolab_ui_window_test_action ("export-sequence", pdf);
  g_assert_true (fifolab_test_wait_until (file_complete, pdf, TIMEOUT_MS));
  g_assert_true (g_file_get_contents (pdf, &pdf_data, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf_data, "%PDF-"));

  /* A call selected in the diagram selects its entry in the inspector;
   * an entry selected in the log selects its call. */
  {
    FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (window->log_view);
    guint write_row = fifolab_sequence_get_match (seq, 0)->write;
    guint read_row = fifolab_sequence_get_match (seq, 0)->read;
    guint64 write_serial = fifolab_sequence_get_row (seq, write_row)->serial;
    guint64 read_serial = fifolab_sequence_get_row (seq, read_row)->serial;
    g_autoptr(FifolabLogEntry) inspected = NULL;

    g_signal_emit_by_name (view, "entry-selected", write_serial);
    g_object_get (inspector, "entry", &inspected, NULL);
    g_assert_nonnull (inspected);
    g_assert_cmpuint (fifolab_log_entry_get_serial (inspected), ==, write_serial);
    g_assert_cmpint (fifolab_log_entry_get_sender_pid (inspected), ==, writer->pid);
    g_clear_object (&inspected);

    g_assert_true (fifolab_sequence_view_select_serial (window->sequence_view, write_serial));
    {
      GListModel *shown = fifolab_log_view_get_shown_model (window->log_view);

      for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
        {
          g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (shown, i);

          if (fifolab_log_entry_get_serial (entry) == read_serial)
            gtk_widget_activate_action (GTK_WIDGET (window->log_view), "log.show-details", "u", i);
        }
    }
    g_assert_cmpuint (fifolab_sequence_view_get_selected_serial (window->sequence_view), ==, read_serial);
  }

  /* Back to the log. */
  fifolab_ui_test_press (show);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window->log_view), TIMEOUT_MS));
  fifolab_ui_test_press (watch);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, watch, TIMEOUT_MS));
}

/* Clearing the log empties the diagram, and it says so. */
static void
test_cleared (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (window->sequence_view);
  g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);
  Said said = { view, "No calls observed yet." };

  record->syscall = g_strdup ("write");
  record->pid = record->tid = 4242;
  record->comm = g_strdup ("writer");
  record->is_write = TRUE;
  record->result = record->size = 5;
  record->time_us = g_get_monotonic_time ();
  fifolab_session_log_watch_record (fifolab_window_get_session (window), "/tmp/some_pipe", record);
  g_assert_cmpuint (fifolab_sequence_get_n_rows (fifolab_window_get_sequence (window)), >, 0);
  {
    /* Its bytes not copied: its arrow says only how many. */
    FifolabSequence *seq = fifolab_window_get_sequence (window);
    g_autofree char *label = fifolab_sequence_draw_arrow_label (seq, fifolab_sequence_get_n_rows (seq) - 1);

    g_assert_cmpstr (label, ==, "write 5 B");
  }

  fifolab_ui_window_test_action ("clear-log", NULL);
  g_assert_cmpuint (fifolab_sequence_get_n_rows (fifolab_window_get_sequence (window)), ==, 0);
  fifolab_ui_test_press (fifolab_ui_window_test_button ("Show the sequence diagram"));
  g_assert_true (fifolab_ui_test_wait_mapped (view, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (description_says, &said, TIMEOUT_MS));
  fifolab_ui_test_press (fifolab_ui_window_test_button ("Show the sequence diagram"));
}

/* Calls, as a watch hands them to the session: @n writes of pid 100 each
 * read by pid 200. */
static void
feed_calls (guint n)
{
  FifolabSession *session = fifolab_window_get_session (window);
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < 2 * n; i++)
    {
      g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);
      gboolean write = i % 2 == 0;

      record->syscall = g_strdup (write ? "write" : "read");
      record->pid = record->tid = write ? 100 : 200;
      record->comm = g_strdup (write ? "writer" : "reader");
      record->is_write = write;
      record->is_read = !write;
      record->result = record->size = 8;
      record->time_us = now + i;
      fifolab_session_log_watch_record (session, "/tmp/keys_pipe", record);
    }
  fifolab_log_flush (fifolab_ui_window_test_log ());
}

/* The rows in view, from what a screen reader is told: "Calls A to B of N." */
static gboolean
calls_in_view (GtkWidget *view,
               guint     *first,
               guint     *last,
               guint      n)
{
  g_autofree char *text = description (view);
  g_autofree char *tail = g_strdup_printf (" of %u.", n);

  if (text == NULL || sscanf (text, "Calls %u to %u", first, last) != 2)
    return FALSE;
  return strstr (text, tail) != NULL;
}

typedef struct
{
  GtkWidget *view;
  guint      n;
  guint      first_min;  /* the first call in view */
  guint      first_max;
  guint      at_least;   /* calls in view (a row cut at the top or the
                          * bottom makes one more or less) */
  guint      at_most;
} InView;

static gboolean
in_view (gpointer data)
{
  InView *want = data;
  guint first = 0;
  guint last = 0;

  if (!calls_in_view (want->view, &first, &last, want->n))
    return FALSE;
  return first >= want->first_min && first <= want->first_max &&
         last - first + 1 >= want->at_least && last - first + 1 <= want->at_most;
}

/* The keys, as the widget's actions: at the end first (following the
 * newest), Home goes to the first call, minus shows more calls, plus
 * fewer, 0 as many as at first; larger text shows fewer; Down selects a
 * call, and its entry is the one the inspector shows. */
static void
test_keys (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (window->sequence_view);
  FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (window->log_view);
  g_autoptr(FifolabLogEntry) inspected = NULL;
  g_autoptr(GtkCssProvider) provider = NULL;
  guint first = 0;
  guint last = 0;
  guint shown;
  InView want;

  fifolab_ui_window_test_action ("clear-log", NULL);
  feed_calls (100);
  fifolab_ui_test_press (fifolab_ui_window_test_button ("Show the sequence diagram"));
  g_assert_true (fifolab_ui_test_wait_mapped (view, TIMEOUT_MS));

  /* The newest in view. */
  want = (InView) { view, 200, 2, 200, 3, 200 };
  g_assert_true (fifolab_test_wait_until (in_view, &want, TIMEOUT_MS));
  g_assert_true (calls_in_view (view, &first, &last, 200));
  g_assert_cmpuint (last, ==, 200);
  shown = last - first + 1;

  gtk_widget_activate_action (view, "sequence-view.first", NULL);
  want = (InView) { view, 200, 1, 1, shown - 1, shown + 1 };
  g_assert_true (fifolab_test_wait_until (in_view, &want, TIMEOUT_MS));

  gtk_widget_activate_action (view, "sequence-view.zoom-out", NULL);
  gtk_widget_activate_action (view, "sequence-view.zoom-out", NULL);
  want = (InView) { view, 200, 1, 200, shown + 2, 200 };
  g_assert_true (fifolab_test_wait_until (in_view, &want, TIMEOUT_MS));
  gtk_widget_activate_action (view, "sequence-view.zoom-reset", NULL);
  gtk_widget_activate_action (view, "sequence-view.first", NULL);
  want = (InView) { view, 200, 1, 1, shown - 1, shown + 1 };
  g_assert_true (fifolab_test_wait_until (in_view, &want, TIMEOUT_MS));
  gtk_widget_activate_action (view, "sequence-view.zoom-in", NULL);
  want = (InView) { view, 200, 1, 200, 1, shown - 2 };
  g_assert_true (fifolab_test_wait_until (in_view, &want, TIMEOUT_MS));
  gtk_widget_activate_action (view, "sequence-view.zoom-reset", NULL);

  /* Page Down shows the next calls. */
  gtk_widget_activate_action (view, "sequence-view.first", NULL);
  gtk_widget_activate_action (view, "sequence-view.page-down", NULL);
  want = (InView) { view, 200, shown - 2, shown + 1, shown - 1, shown + 1 };
  g_assert_true (fifolab_test_wait_until (in_view, &want, TIMEOUT_MS));

  /* Larger text (the desktop's font size, Large Text) draws the calls
   * larger: fewer of them in view; back to the window's text, as many as
   * before. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, ".fifolab-test-large-text { font-size: 30pt; }", -1);
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (view), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  gtk_widget_add_css_class (view, "fifolab-test-large-text");
  gtk_widget_activate_action (view, "sequence-view.first", NULL);
  want = (InView) { view, 200, 1, 1, 1, MAX (shown / 2, 1) };
  g_assert_true (fifolab_test_wait_until (in_view, &want, TIMEOUT_MS));
  gtk_widget_remove_css_class (view, "fifolab-test-large-text");
  gtk_style_context_remove_provider_for_display (gtk_widget_get_display (view), GTK_STYLE_PROVIDER (provider));
  gtk_widget_activate_action (view, "sequence-view.page-down", NULL);
  gtk_widget_activate_action (view, "sequence-view.first", NULL);
  want = (InView) { view, 200, 1, 1, shown - 1, shown + 1 };
  g_assert_true (fifolab_test_wait_until (in_view, &want, TIMEOUT_MS));
  gtk_widget_activate_action (view, "sequence-view.page-down", NULL);

  /* Down selects the first call in view; the inspector shows its entry. */
  gtk_widget_activate_action (view, "sequence-view.select-next", NULL);
  g_object_get (inspector, "entry", &inspected, NULL);
  g_assert_nonnull (inspected);
  g_assert_cmpuint (fifolab_log_entry_get_serial (inspected), ==,
                    fifolab_sequence_view_get_selected_serial (window->sequence_view));
  g_assert_cmpint (fifolab_log_entry_get_kind (inspected), ==, FIFOLAB_EVENT_WATCH);

  fifolab_ui_test_press (fifolab_ui_window_test_button ("Show the sequence diagram"));
  fifolab_ui_window_test_action ("clear-log", NULL);
}

/* The export dialog: the file type chosen decides the format, and the name
 * gets its extension. An unshown GtkFileChooserNative has no file (no window
 * manager runs under Xvfb), so the type is chosen through its GtkFileChooser
 * API and the name typed is given to fifolab_sequence_export_for_format(), as
 * fifolab_sequence_export_dialog_get_file() does. */
static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (fifolab_sequence_export_finish (result, NULL, NULL));
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_export_format (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *dir = NULL;
  GtkFileChooserNative *dialog = NULL;
  static const struct {
    const char             *type;
    const char             *name;
    const char             *expected;
    FifolabSeqExportFormat  format;
  } cases[] = {
    /* The proposed name, with PDF chosen: PDF, named .pdf. */
    { "PDF document", "fifolab-sequence.svg", "fifolab-sequence.pdf", FIFOLAB_SEQ_EXPORT_PDF },
    { "PDF document", "calls", "calls.pdf", FIFOLAB_SEQ_EXPORT_PDF },
    { "PDF document", "calls.png", "calls.png.pdf", FIFOLAB_SEQ_EXPORT_PDF },
    { "PDF document", "calls.PDF", "calls.PDF", FIFOLAB_SEQ_EXPORT_PDF },
    { "SVG image", "calls.pdf", "calls.svg", FIFOLAB_SEQ_EXPORT_SVG },
    { "SVG image", "calls.svg", "calls.svg", FIFOLAB_SEQ_EXPORT_SVG },
  };

  /* GTK's file chooser starts GIO worker threads that LeakSanitizer reports
   * at exit (see test-log-filter's export test). */
  if (FIFOLAB_TEST_ASAN)
    {
      g_test_skip ("GTK’s file chooser leaves GIO worker objects at exit under LeakSanitizer");
      return;
    }
  dir = fifolab_test_tmpdir_new ();
  dialog = fifolab_sequence_export_dialog_new (GTK_WINDOW (window));

  /* SVG is chosen at first, for the name proposed. */
  g_assert_cmpint (fifolab_sequence_export_dialog_get_format (dialog), ==, FIFOLAB_SEQ_EXPORT_SVG);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) chosen = NULL;
      g_autofree char *name = NULL;

      gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), fifolab_ui_test_file_filter_named (GTK_FILE_CHOOSER (dialog), cases[i].type));
      g_assert_cmpint (fifolab_sequence_export_dialog_get_format (dialog), ==, cases[i].format);
      chosen = fifolab_sequence_export_for_format (file, fifolab_sequence_export_dialog_get_format (dialog));
      name = g_file_get_basename (chosen);
      g_assert_cmpstr (name, ==, cases[i].expected);
    }

  /* What is written is the chosen format: a PDF, chosen over a .svg name. */
  {
    g_autofree char *path = g_build_filename (dir, "fifolab-sequence.svg", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFile) chosen = NULL;
    g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
    g_autofree char *contents = NULL;
    gboolean done = FALSE;
    gsize length;

    gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), fifolab_ui_test_file_filter_named (GTK_FILE_CHOOSER (dialog), "PDF document"));
    chosen = fifolab_sequence_export_for_format (file, fifolab_sequence_export_dialog_get_format (dialog));
    fifolab_sequence_export_async (seq, chosen, NULL, export_done_cb, &done);
    g_assert_true (fifolab_test_wait_until (is_true, &done, TIMEOUT_MS));
    g_assert_true (g_file_load_contents (chosen, NULL, &contents, &length, NULL, NULL));
    g_assert_cmpuint (length, >, 5);
    g_assert_cmpmem (contents, 5, "%PDF-", 5);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (dialog));
  g_object_unref (dialog);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
feed_call (FifolabSession *session,
           gint64          time_us,
           gint64          pid,
           const char     *comm,
           gboolean        write,
           const char     *bytes)
{
  g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);

  record->syscall = g_strdup (write ? "write" : "read");
  record->pid = record->tid = pid;
  record->comm = g_strdup (comm);
  record->is_write = write;
  record->is_read = !write;
  record->result = record->size = strlen (bytes);
  record->payload = g_bytes_new (bytes, strlen (bytes));
  record->time_us = time_us;
  fifolab_session_log_watch_record (session, "/tmp/my_pipe", record);
}

/* Drawing parameters as the view gives them, rows 31 px high: @width
 * wide, @n_rows rows in view from the first. */
static void
params_init (FifolabSeqDrawParams *params,
             double                width,
             guint                 n_rows)
{
  *params = (FifolabSeqDrawParams) { 0 };
  params->row_height = 31;
  params->width = width;
  params->height = FIFOLAB_SEQ_ROWS_TOP + n_rows * params->row_height;
  params->selected = G_MAXUINT;
}

/* @widget has been given a size. */
static gboolean
is_laid_out (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

/* The view never got a size: where it and each of its ancestors up to the
 * window stood, the window's surface, and its X window as the server has
 * it (xdotool); then whether a resize queued on the view again, and two
 * frames, give it one (the request that showed it was lost on its way to
 * the window) or not (its parent does not lay it out). Only said: the
 * check fails either way. */
static void
say_where_view_stands (GtkWidget *view)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (view));
  const char *argv[] = { "xdotool", "getwindowgeometry", NULL, NULL };
  g_autofree char *xid = NULL;
  g_autofree char *geometry = NULL;

  for (GtkWidget *w = view; w != NULL; w = gtk_widget_get_parent (w))
    g_test_message ("%s: %d x %d, visible %d, mapped %d, child-visible %d, should layout %d",
                    G_OBJECT_TYPE_NAME (w), gtk_widget_get_width (w), gtk_widget_get_height (w),
                    gtk_widget_get_visible (w), gtk_widget_get_mapped (w),
                    gtk_widget_get_child_visible (w), gtk_widget_should_layout (w));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  argv[2] = xid;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &geometry, NULL, NULL, NULL))
    g_clear_pointer (&geometry, g_free);
  g_test_message ("surface %d x %d; X: %s", gdk_surface_get_width (surface),
                  gdk_surface_get_height (surface), geometry != NULL ? geometry : "?");
  gtk_widget_queue_resize (view);
  fifolab_ui_test_wait_frames (GTK_WIDGET (window), 2, TIMEOUT_MS);
  g_test_message ("after a resize queued on the view and two frames: %d x %d",
                  gtk_widget_get_width (view), gtk_widget_get_height (view));
}

/* A layout to measure and place text in as the diagram does: on an image
 * surface's cairo context, with its font options. */
static PangoLayout *
measuring_layout (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return layout;
}

/* The labels of the arrows in view, in the diagram as wide as the view
 * is in the window @width x @height: whole, not cut, and clear of their
 * arrowheads. */
static void
check_arrow_labels (GtkWidget *view,
                    int        width,
                    int        height)
{
  FifolabSequence *seq = fifolab_window_get_sequence (window);
  /* As the view draws it: Pango on a cairo context. */
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params = { 0 };
  guint n_reads = 0;
  gboolean laid_out;

  fifolab_ui_window_test_resize (width, height);
  /* The view's own allocation is what is read: in a CI run it was still 0 px
   * wide after the window's resize and a frame, and in a run beside other
   * builds it stayed so for the whole timeout. Why is not known: say where
   * the view stood if it happens again. */
  /* Shown: a hidden view keeps the size it had last, and its labels
   * would be checked at that width, not at this window's. */
  g_assert_true (gtk_widget_get_visible (view));
  laid_out = fifolab_test_wait_until (is_laid_out, view, TIMEOUT_MS);
  if (!laid_out)
    say_where_view_stands (view);
  g_assert_true (laid_out);
  params.first_row = 0;
  params.row_height = 31;
  params.width = gtk_widget_get_width (view);
  params.height = MAX (gtk_widget_get_height (view), 400);
  params.selected = G_MAXUINT;
  for (guint i = 0; i < fifolab_sequence_get_n_rows (seq); i++)
    {
      g_autofree char *label = fifolab_sequence_draw_arrow_label (seq, i);
      PangoRectangle shown;
      double left, head;
      gboolean read = fifolab_sequence_get_row (seq, i)->kind == FIFOLAB_SEQ_READ;

      if (!fifolab_sequence_draw_place_arrow_label (seq, &params, i, layout, &left, &head))
        continue;
      pango_layout_get_pixel_extents (layout, NULL, &shown);
      g_test_message ("%d x %d (%g px): %s arrow “%s”: %d px from %g, head at %g%s",
                      width, height, params.width, read ? "read" : "write", label,
                      shown.width, left + shown.x, head,
                      pango_layout_is_ellipsized (layout) ? ", cut" : "");
      g_assert_false (pango_layout_is_ellipsized (layout));
      g_assert_cmpstr (pango_layout_get_text (layout), ==, label);
      if (head > left)
        g_assert_cmpfloat (left + shown.x + shown.width, <=, head - 2);
      else
        g_assert_cmpfloat (left + shown.x, >=, head + 2);
      n_reads += read;
    }
  g_assert_cmpuint (n_reads, ==, 4);
}

/* Two writers, one reader, as in the book's example run by fifolab-peer:
 * the reader's arrows, from the pipe to the reader beside it, read as
 * whole as the writers'. */
static void
test_arrow_labels (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (window->sequence_view);
  FifolabSession *session = fifolab_window_get_session (window);
  gint64 now = g_get_monotonic_time ();
  int default_width, default_height;

  fifolab_ui_window_test_action ("clear-log", NULL);
  for (guint i = 0; i < 2; i++)
    {
      feed_call (session, now + 40 * i, 8480, "fifolab-peer", TRUE, "Hello from pid [8480]");
      feed_call (session, now + 40 * i + 10, 8445, "cat", FALSE, "Hello from pid [8480]");
      feed_call (session, now + 40 * i + 20, 8482, "fifolab-peer", TRUE, "Job 8482: done");
      feed_call (session, now + 40 * i + 30, 8445, "cat", FALSE, "Job 8482: done");
    }
  fifolab_log_flush (fifolab_ui_window_test_log ());
  g_assert_cmpuint (fifolab_sequence_get_n_rows (fifolab_window_get_sequence (window)), ==, 8);
  fifolab_ui_test_press (fifolab_ui_window_test_button ("Show the sequence diagram"));
  g_assert_true (fifolab_ui_test_wait_mapped (view, TIMEOUT_MS));

  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  check_arrow_labels (view, 1280, 800);
  check_arrow_labels (view, 1024, 768);
  gtk_window_set_default_size (GTK_WINDOW (window), default_width, default_height);
  fifolab_ui_test_press (fifolab_ui_window_test_button ("Show the sequence diagram"));
}

/* Where the first read arrow in view from @params->first_row on has its
 * head: the reader's lifeline, less the arrowhead. */
static double
first_read_head (FifolabSequence      *seq,
                 FifolabSeqDrawParams *params,
                 PangoLayout          *layout)
{
  for (guint i = (guint) params->first_row; i < fifolab_sequence_get_n_rows (seq); i++)
    {
      double left, head;

      if (fifolab_sequence_get_row (seq, i)->kind == FIFOLAB_SEQ_READ &&
          fifolab_sequence_draw_place_arrow_label (seq, params, i, layout, &left, &head))
        return head;
    }
  g_assert_not_reached ();
}

/* A wide label in view widens the space its arrow crosses. With the
 * spacing kept between draws, as the view keeps it, the lifelines stay
 * where they are when that row scrolls away; without, they move back. */
static void
test_lifelines_still (Fixture       *fixture,
                      gconstpointer  data)
{
  FifolabSequence *seq = fifolab_window_get_sequence (window);
  FifolabSession *session = fifolab_window_get_session (window);
  g_autoptr(PangoLayout) layout = measuring_layout ();
  g_autoptr(GArray) spacing = g_array_new (FALSE, TRUE, sizeof (double));
  const char *wide = "Hello from pid [8480], a line much longer than the others";
  FifolabSeqDrawParams params = { 0 };
  gint64 now = g_get_monotonic_time ();
  double top, bottom, kept_top, kept_bottom;
  guint n_columns;

  fifolab_ui_window_test_action ("clear-log", NULL);
  feed_call (session, now, 8480, "fifolab-peer", TRUE, wide);
  feed_call (session, now + 10, 8445, "cat", FALSE, wide);
  for (guint i = 1; i <= 20; i++)
    {
      feed_call (session, now + 40 * i, 8480, "fifolab-peer", TRUE, "Hi 8480");
      feed_call (session, now + 40 * i + 10, 8445, "cat", FALSE, "Hi 8480");
    }
  fifolab_log_flush (fifolab_ui_window_test_log ());
  g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, 42);

  /* As in a 1024 x 768 window: six rows in view. */
  params_init (&params, 714, 6);

  params.first_row = 0;
  top = first_read_head (seq, &params, layout);
  params.first_row = 30;
  bottom = first_read_head (seq, &params, layout);
  g_test_message ("without the spacing kept: reader's arrowhead at %g, then %g", top, bottom);
  g_assert_cmpfloat (top, !=, bottom);

  params.spacing = spacing;
  params.first_row = 0;
  kept_top = first_read_head (seq, &params, layout);
  params.first_row = 30;
  kept_bottom = first_read_head (seq, &params, layout);
  g_test_message ("with it: %g, then %g", kept_top, kept_bottom);
  g_assert_cmpfloat (kept_top, ==, top);
  g_assert_cmpfloat (kept_bottom, ==, kept_top);

  /* A third process: other columns, the spaces found again. */
  /* Two doubles a space, one more space than lifelines. */
  n_columns = spacing->len / 2 - 1;
  feed_call (session, now + 1000, 8490, "cat", FALSE, "Hi 8480");
  fifolab_log_flush (fifolab_ui_window_test_log ());
  params.first_row = 36;
  (void) first_read_head (seq, &params, layout);
  g_assert_cmpuint (spacing->len, ==, 2 * (n_columns + 2));
}

/* A record of a watch of my_pipe, added to @seq. */
static void
add_record (FifolabSequence  *seq,
            FifolabWatchKind  kind,
            const char       *syscall,
            gint64            pid,
            const char       *comm,
            const char       *bytes,
            gint64            time_us,
            gint64            blocked_us)
{
  g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_new (kind);
  static guint64 serial;

  record->syscall = g_strdup (syscall);
  record->pid = record->tid = pid;
  record->comm = g_strdup (comm);
  record->fd = 3;
  record->is_write = g_strcmp0 (syscall, "write") == 0;
  record->is_read = g_strcmp0 (syscall, "read") == 0;
  if (bytes != NULL)
    {
      record->result = record->size = strlen (bytes);
      record->payload = g_bytes_new (bytes, strlen (bytes));
    }
  else if (g_strcmp0 (syscall, "openat") == 0)
    record->result = 3;
  record->time_us = time_us;
  record->blocked_us = blocked_us;
  g_assert_true (fifolab_sequence_add_record (seq, "/tmp/lab/my_pipe", ++serial, record));
}

/* The screenshots' run: cat watched, blocked in its open until the first
 * of two writers (@comm) comes, each writes twice; cat reads, the writers
 * exit, cat reads the end of file and exits. */
static FifolabSequence *
two_writers (const char *comm)
{
  FifolabSequence *seq = fifolab_sequence_new ();
  gint64 t = 1000000;

  add_record (seq, FIFOLAB_WATCH_ATTACH, NULL, 14487, "cat", NULL, t, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "openat", 14487, "cat", NULL, t + 100, 2000000);
  add_record (seq, FIFOLAB_WATCH_ATTACH, NULL, 16077, comm, NULL, t + 2000000, 0);
  add_record (seq, FIFOLAB_WATCH_ATTACH, NULL, 16079, comm, NULL, t + 2200000, 0);
  for (guint i = 0; i < 2; i++)
    {
      t = 3000000 + i * 1000000;
      add_record (seq, FIFOLAB_WATCH_CALL, "write", 16077, comm, "Hello from pid [16077]", t, 0);
      add_record (seq, FIFOLAB_WATCH_CALL, "read", 14487, "cat", "Hello from pid [16077]", t - 500000, 500010);
      add_record (seq, FIFOLAB_WATCH_CALL, "write", 16079, comm, "Job 16079: done", t + 100, 0);
      add_record (seq, FIFOLAB_WATCH_CALL, "read", 14487, "cat", "Job 16079: done", t + 50, 60);
    }
  add_record (seq, FIFOLAB_WATCH_EXIT, NULL, 16077, comm, NULL, t + 1000, 0);
  add_record (seq, FIFOLAB_WATCH_EXIT, NULL, 16079, comm, NULL, t + 1100, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "read", 14487, "cat", NULL, t + 200, 1000);
  add_record (seq, FIFOLAB_WATCH_EXIT, NULL, 14487, "cat", NULL, t + 1300, 0);
  return seq;
}

/* The book's reader, whose bytes a writer the watch did not see put in
 * the pipe (@unseen), or that were there before the watch began; @again,
 * then an end of file, and bytes again from a writer not seen. */
static FifolabSequence *
noted_read (gboolean unseen,
            gboolean again)
{
  FifolabSequence *seq = fifolab_sequence_new ();

  add_record (seq, FIFOLAB_WATCH_ATTACH, NULL, 4200, "python3", NULL, 1000000, 0);
  if (unseen)
    {
      g_autoptr(FifolabWatchRecord) blocked = fifolab_watch_record_new (FIFOLAB_WATCH_BLOCKED);

      blocked->syscall = g_strdup ("openat");
      blocked->pid = blocked->tid = 4200;
      blocked->is_read = TRUE;
      blocked->time_us = 1000100;
      blocked->blocked_us = 100000;
      g_assert_false (fifolab_sequence_add_record (seq, "/tmp/lab/my_pipe", 0, blocked));
      add_record (seq, FIFOLAB_WATCH_CALL, "openat", 4200, "python3", NULL, 1000100, 2000000);
    }
  add_record (seq, FIFOLAB_WATCH_CALL, "read", 4200, "python3", "Hello from pid [4242]", 3000200, 50);
  if (again)
    {
      add_record (seq, FIFOLAB_WATCH_CALL, "read", 4200, "python3", NULL, 3000300, 0);
      add_record (seq, FIFOLAB_WATCH_CALL, "read", 4200, "python3", "Hello from pid [4243]", 3000350, 0);
    }
  add_record (seq, FIFOLAB_WATCH_EXIT, NULL, 4200, "python3", NULL, 3000400, 0);
  return seq;
}

/* The textbook's writer run in a shell, unseen: its reader was seen asleep
 * in open() alone on the pipe, then read "Hello from pid [4242]" that no
 * watched write put in. The words say that a process the watch did not see
 * wrote them, and the pid the message claims as a claim; not "before the
 * watch", nor "written by pid". */
static void
test_unseen_writer_words (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(FifolabSequence) seq = noted_read (TRUE, FALSE);
  g_autofree char *words = NULL;

  words = fifolab_sequence_describe (seq, 0, fifolab_sequence_get_n_rows (seq) - 1);
  g_test_message ("%s", words);
  g_assert_nonnull (strstr (words, "pid 4200 (python3) read 21 bytes from my_pipe: 21 bytes written by "
                                   "a process the watch did not see"));
  g_assert_nonnull (strstr (words, "the message claims pid 4242, which the watch did not see"));
  g_assert_null (strstr (words, "before the watch"));
  g_assert_null (strstr (words, "written by pid"));
}

/* Widths the view has in 1280 x 800 and 1024 x 768 windows, and narrower. */
static const double view_widths[] = { 746, 714, 480 };

/* A process killed by a signal (timeout 1 cat my_pipe: SIGTERM) is told so
 * beside its lifeline and in the words, as the log tells it: its exit was
 * marked "exit 15" and described as "exited (15)", as if 15 had been its
 * exit status. */
static void
test_killed_by_signal (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
  g_autoptr(FifolabWatchRecord) killed = fifolab_watch_record_new (FIFOLAB_WATCH_EXIT);
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params = { 0 };
  g_autofree char *logged = NULL;
  g_autofree char *said = NULL;
  g_autofree char *words = NULL;
  double left, lifeline;
  guint last;

  add_record (seq, FIFOLAB_WATCH_ATTACH, NULL, 4200, "cat", NULL, 1000000, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "openat", 4200, "cat", NULL, 1000100, 1000000);
  killed->pid = killed->tid = 4200;
  killed->comm = g_strdup ("cat");
  killed->signaled = TRUE;
  killed->result = SIGTERM;
  killed->time_us = 2000200;
  /* Its serial after any add_record() gave, as the rows' must rise. */
  g_assert_true (fifolab_sequence_add_record (seq, "/tmp/lab/my_pipe", G_MAXUINT64, killed));
  last = fifolab_sequence_get_n_rows (seq) - 1;

  /* The log's words for the same record. */
  logged = fifolab_watch_record_to_text (killed);
  g_test_message ("log: %s", logged);
  g_assert_nonnull (strstr (logged, "killed by signal 15 ("));

  params_init (&params, view_widths[0], fifolab_sequence_get_n_rows (seq));
  g_assert_true (fifolab_sequence_draw_place_mark (seq, &params, last, layout, &left, &lifeline));
  g_test_message ("mark: “%s”", pango_layout_get_text (layout));
  g_assert_cmpstr (pango_layout_get_text (layout), ==, "killed by signal 15");

  words = fifolab_sequence_describe (seq, 0, last);
  g_test_message ("%s", words);
  said = g_strdup_printf ("pid 4200 (cat) was killed by signal 15 (%s)", g_strsignal (SIGTERM));
  g_assert_nonnull (strstr (words, said));
  g_assert_nonnull (strstr (logged, strstr (said, "killed by")));
  g_assert_null (strstr (words, "exited"));
}

/* Each mark stands clear of what is drawn on its lifeline: of the open's
 * box and the bar of the time the open was blocked (the reader's "open()"
 * touched them), of the start's dot and of the exit's line. */
static void
test_marks_clear (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FifolabSequence) seq = two_writers ("fifolab-peer");
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params = { 0 };
  guint n_marks = 0;

  params_init (&params, 0, 20);
  for (guint w = 0; w < G_N_ELEMENTS (view_widths); w++)
    for (guint i = 0; i < fifolab_sequence_get_n_rows (seq); i++)
      {
        const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);
        /* The exit's line reaches 8 px right of the lifeline, the rest 4. */
        double shape = row->kind == FIFOLAB_SEQ_EXIT ? 8 : FIFOLAB_SEQ_BAR_HALF_WIDTH;
        PangoRectangle ink;
        double left, lifeline, clear;

        params.width = view_widths[w];
        if (!fifolab_sequence_draw_place_mark (seq, &params, i, layout, &left, &lifeline) ||
            (row->kind == FIFOLAB_SEQ_READ && row->mark == FIFOLAB_SEQ_MARK_EOF))
          continue;
        pango_layout_get_pixel_extents (layout, &ink, NULL);
        /* Right of the lifeline, or, where there is more room, left. */
        clear = left + ink.x > lifeline ? left + ink.x - (lifeline + shape)
                                        : lifeline - shape - (left + ink.x + ink.width);
        g_test_message ("%g px: “%s” from %g to %g, its lifeline at %g: %g px clear",
                        params.width, pango_layout_get_text (layout), left + ink.x,
                        left + ink.x + ink.width, lifeline, clear);
        g_assert_cmpfloat (clear, >=, 3);
        n_marks++;
      }
  /* The three processes' starts and exits and cat's open(), at each width. */
  g_assert_cmpuint (n_marks, ==, 7 * G_N_ELEMENTS (view_widths));
}

/* Two writers, then cat reading both messages in one read() (35 B: 14
 * from the first, 21 from the second), then one write that cat takes in
 * two reads (10 B, then 11); the writers exit, cat reads the end of file
 * and exits. */
static FifolabSequence *
joined_and_split (void)
{
  FifolabSequence *seq = fifolab_sequence_new ();

  add_record (seq, FIFOLAB_WATCH_ATTACH, NULL, 7677, "cat", NULL, 1000000, 0);
  add_record (seq, FIFOLAB_WATCH_ATTACH, NULL, 7788, "fifolab-peer", NULL, 1100000, 0);
  add_record (seq, FIFOLAB_WATCH_ATTACH, NULL, 7782, "fifolab-peer", NULL, 1200000, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "write", 7788, "fifolab-peer", "Job 7788: done", 2000000, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "write", 7782, "fifolab-peer", "Hello from pid [7782]", 2000100, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "read", 7677, "cat", "Job 7788: doneHello from pid [7782]", 2000200, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "write", 7782, "fifolab-peer", "Hello from pid [7782]", 3000000, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "read", 7677, "cat", "Hello from", 3000100, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "read", 7677, "cat", " pid [7782]", 3000200, 0);
  add_record (seq, FIFOLAB_WATCH_EXIT, NULL, 7788, "fifolab-peer", NULL, 3000300, 0);
  add_record (seq, FIFOLAB_WATCH_EXIT, NULL, 7782, "fifolab-peer", NULL, 3000400, 0);
  add_record (seq, FIFOLAB_WATCH_CALL, "read", 7677, "cat", NULL, 3000500, 0);
  add_record (seq, FIFOLAB_WATCH_EXIT, NULL, 7677, "cat", NULL, 3000600, 0);
  return seq;
}

typedef struct
{
  double x, y, width, height;
} Box;

static gboolean
boxes_meet (const Box *a,
            const Box *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static double
row_middle (const FifolabSeqDrawParams *params,
            guint                       row)
{
  return FIFOLAB_SEQ_ROWS_TOP + (row - params->first_row + 0.5) * params->row_height;
}

/* What the rows' arrows and marks take, drawn with @params: each arrow's
 * label and its line, 1.5 px thick, from 2 px before its label's box to
 * the arrowhead's point, 8 px past where it begins (each arrow here
 * points right, into the pipe or out of it to the reader); each mark's
 * box, and, for an end of file, its dashed line to the reader. */
static GArray *
drawn_boxes (FifolabSequence            *seq,
             const FifolabSeqDrawParams *params,
             PangoLayout                *layout)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (Box));

  for (guint i = 0; i < fifolab_sequence_get_n_rows (seq); i++)
    {
      double y = row_middle (params, i);
      PangoRectangle logical;
      double left, head, lifeline;
      Box box;

      if (fifolab_sequence_draw_place_arrow_label (seq, params, i, layout, &left, &head))
        {
          pango_layout_get_pixel_extents (layout, NULL, &logical);
          box = (Box) { left + logical.x, y - 1 - logical.height, logical.width, logical.height };
          g_array_append_val (boxes, box);
          g_assert_cmpfloat (head, >, left);
          box = (Box) { left - 2, y - 0.75, head + 8 - (left - 2), 1.5 };
          g_array_append_val (boxes, box);
        }
      if (fifolab_sequence_draw_place_mark (seq, params, i, layout, &left, &lifeline))
        {
          pango_layout_get_pixel_extents (layout, NULL, &logical);
          box = (Box) { left + logical.x, y - 7 + logical.y, logical.width, logical.height };
          g_array_append_val (boxes, box);
          if (left < lifeline && fifolab_sequence_get_row (seq, i)->mark == FIFOLAB_SEQ_MARK_EOF)
            {
              box = (Box) { left + logical.x + logical.width, y - 0.5, lifeline - (left + logical.x + logical.width), 1 };
              g_array_append_val (boxes, box);
            }
        }
    }
  return boxes;
}

/* The byte counts beside the pipe, where a read joined writes or a write
 * was split across reads ("14 B", "21 B"): each whole, clear of every
 * arrow's label and line, and of each other. Drawn half way between the
 * write's row and the read's, they stood on the label of the read just
 * below: "21 B" across the quote of ""Job 7788: doneHello…" 35 B". */
static void
test_match_bytes_clear (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FifolabSequence) seq = joined_and_split ();
  g_autoptr(PangoLayout) layout = measuring_layout ();
  const double heights[] = { 28, 31 };
  FifolabSeqDrawParams params;
  guint n_rows = fifolab_sequence_get_n_rows (seq);

  for (guint w = 0; w < G_N_ELEMENTS (view_widths); w++)
    for (guint h = 0; h < G_N_ELEMENTS (heights); h++)
      {
        g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (Box));
        g_autoptr(GArray) arrows = NULL;

        params_init (&params, view_widths[w], n_rows);
        params.row_height = heights[h];
        params.height = FIFOLAB_SEQ_ROWS_TOP + n_rows * params.row_height;
        arrows = drawn_boxes (seq, &params, layout);

        for (guint m = 0; m < fifolab_sequence_get_n_matches (seq); m++)
          {
            PangoRectangle logical;
            double left, top;
            Box count;

            if (!fifolab_sequence_draw_place_match_bytes (seq, &params, m, layout, &left, &top))
              continue;
            pango_layout_get_pixel_extents (layout, NULL, &logical);
            count = (Box) { left + logical.x, top + logical.y, logical.width, logical.height };
            g_test_message ("%g px, rows of %g px: “%s” at (%g, %g), %g × %g",
                            params.width, params.row_height, pango_layout_get_text (layout),
                            count.x, count.y, count.width, count.height);
            g_assert_false (pango_layout_is_ellipsized (layout));
            for (guint a = 0; a < arrows->len; a++)
              g_assert_false (boxes_meet (&count, &g_array_index (arrows, Box, a)));
            for (guint c = 0; c < counts->len; c++)
              g_assert_false (boxes_meet (&count, &g_array_index (counts, Box, c)));
            g_array_append_val (counts, count);
          }
        /* 14 B and 21 B into the joined read, 10 B and 11 B out of the
         * split write. */
        g_assert_cmpuint (counts->len, ==, 4);
      }
}

/* Where the margin right of the last lifeline gives way to the messages
 * (half a 1280 px screen, and the pipe list open beside it), cat's marks
 * were cut to "watc…" and "exi…" with room to spare on its left, where
 * nothing else is drawn on their rows: the margin's width was not theirs,
 * they ran past the diagram's edge. From 500 to 760 px in steps of 10, each
 * of cat's marks is whole and within the diagram, on whichever side of its
 * lifeline it stands. */
static void
test_marks_whole (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FifolabSequence) seq = joined_and_split ();
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params;
  guint n_marks = 0;

  params_init (&params, 0, fifolab_sequence_get_n_rows (seq));
  for (params.width = 500; params.width <= 760; params.width += 10)
    for (guint i = 0; i < fifolab_sequence_get_n_rows (seq); i++)
      {
        const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);
        PangoRectangle ink;
        double left, lifeline;

        if (g_strcmp0 (fifolab_sequence_get_process (seq, row->process)->comm, "cat") != 0 ||
            !fifolab_sequence_draw_place_mark (seq, &params, i, layout, &left, &lifeline))
          continue;
        pango_layout_get_pixel_extents (layout, &ink, NULL);
        g_test_message ("%g px: “%s” from %g to %g, its lifeline at %g%s", params.width,
                        pango_layout_get_text (layout), left + ink.x, left + ink.x + ink.width, lifeline,
                        pango_layout_is_ellipsized (layout) ? ", cut" : "");
        g_assert_false (pango_layout_is_ellipsized (layout));
        g_assert_cmpfloat (left + ink.x, >=, FIFOLAB_SEQ_GUTTER_WIDTH);
        g_assert_cmpfloat (left + ink.x + ink.width, <=, params.width);
        n_marks++;
      }
  /* "watched", "EOF" and "exit 0" at each width. */
  g_assert_cmpuint (n_marks, ==, 3 * 27);
}

/* The names above two neighbouring lifelines stand a readable gap apart
 * (one em of the diagram's 9-point text, 12 px), whether the commands are
 * short or as long as Linux keeps them (15 characters): in Chinese at
 * 1024 px, "PID 16077" and "PID 16079" stood about 13 px apart, and long
 * commands 8. */
static void
test_headers_apart (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *comms[] = { "fifolab-peer", "fifolab-peer-wr" };
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params = { 0 };

  params_init (&params, 0, 20);
  for (guint c = 0; c < G_N_ELEMENTS (comms); c++)
    {
      g_autoptr(FifolabSequence) seq = two_writers (comms[c]);

      for (guint w = 0; w < G_N_ELEMENTS (view_widths); w++)
        for (guint line = 0; line < 2; line++)
          {
            double right_of_previous = -G_MAXDOUBLE;
            double left;

            params.width = view_widths[w];
            for (guint column = 0; fifolab_sequence_draw_place_header (seq, &params, column, line, layout, &left); column++)
              {
                PangoRectangle ink;

                pango_layout_get_pixel_extents (layout, &ink, NULL);
                g_test_message ("%g px, %s: “%s” from %g to %g, %g px after the previous",
                                params.width, comms[c], pango_layout_get_text (layout), left + ink.x,
                                left + ink.x + ink.width, left + ink.x - right_of_previous);
                g_assert_cmpfloat (left + ink.x - right_of_previous, >=, 12);
                right_of_previous = left + ink.x + ink.width;
              }
          }
    }
}

/* Where a writer's "pid 16077" does not fit above its lifeline, its number
 * alone does: cut to "pid …", two writers could not be told apart. A name
 * is cut only where not even the number fits. */
static void
test_pid_kept (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(FifolabSequence) seq = two_writers ("fifolab-peer");
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params = { 0 };
  guint n_numbers = 0;

  params_init (&params, 0, fifolab_sequence_get_n_rows (seq) + 1);
  for (params.width = 360; params.width <= 900; params.width += 10)
    for (guint i = 0; i < fifolab_sequence_get_n_processes (seq); i++)
      {
        const FifolabSeqProcess *process = fifolab_sequence_get_process (seq, i);
        g_autofree char *number = g_strdup_printf ("%d", (int) process->pid);
        g_autoptr(PangoLayout) digits = NULL;
        int digits_width;
        double left;
        double width = params.width;
        guint column = 0;

        /* Its column, found where every name is whole (the columns' order
         * does not change with the width). */
        params.width = 2000;
        for (; fifolab_sequence_draw_place_header (seq, &params, column, 0, layout, &left); column++)
          if (strstr (pango_layout_get_text (layout), number) != NULL)
            break;
        params.width = width;
        g_assert_true (fifolab_sequence_draw_place_header (seq, &params, column, 0, layout, &left));
        digits = pango_layout_copy (layout);
        pango_layout_set_text (digits, number, -1);
        pango_layout_set_width (digits, -1);
        pango_layout_get_pixel_size (digits, &digits_width, NULL);
        g_test_message ("%g px: “%s” in %d px%s", params.width, pango_layout_get_text (layout),
                        pango_layout_get_width (layout) / PANGO_SCALE,
                        pango_layout_is_ellipsized (layout) ? ", cut" : "");
        if (pango_layout_is_ellipsized (layout))
          g_assert_cmpint (digits_width, >, pango_layout_get_width (layout) / PANGO_SCALE);
        if (g_strcmp0 (pango_layout_get_text (layout), number) == 0)
          n_numbers++;
      }
  /* Somewhere the number stood alone. */
  g_assert_cmpuint (n_numbers, >, 0);
}

/* How many of the arrows' labels in @seq, drawn @width px wide with all
 * its rows in view, are cut ("…"); *@n_arrows: how many arrows there are. */
static guint
labels_cut_kept (FifolabSequence *seq,
                 double           width,
                 GArray          *spacing,
                 guint           *n_arrows)
{
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params = { 0 };
  guint n_cut = 0;

  params_init (&params, width, fifolab_sequence_get_n_rows (seq) + 1);
  params.spacing = spacing;
  *n_arrows = 0;
  for (guint i = 0; i < fifolab_sequence_get_n_rows (seq); i++)
    {
      g_autofree char *label = fifolab_sequence_draw_arrow_label (seq, i);
      PangoRectangle shown;
      double left, head;

      if (!fifolab_sequence_draw_place_arrow_label (seq, &params, i, layout, &left, &head))
        continue;
      pango_layout_get_pixel_extents (layout, NULL, &shown);
      g_test_message ("%g px: “%s”: %d px from %g, head at %g%s", width, label, shown.width,
                      left + shown.x, head, pango_layout_is_ellipsized (layout) ? ", cut" : "");
      if (pango_layout_is_ellipsized (layout) || g_strcmp0 (pango_layout_get_text (layout), label) != 0)
        n_cut++;
      else if (head > left)
        g_assert_cmpfloat (left + shown.x + shown.width, <=, head - 2);
      else
        g_assert_cmpfloat (left + shown.x, >=, head + 2);
      (*n_arrows)++;
    }
  return n_cut;
}

static guint
labels_cut (FifolabSequence *seq,
            double           width,
            guint           *n_arrows)
{
  return labels_cut_kept (seq, width, NULL, n_arrows);
}

/* The view's way: the spacing kept while the rows scroll by at @width, one
 * in view at a time, from the top to the bottom. */
static void
scroll_through (FifolabSequence *seq,
                double           width,
                GArray          *spacing)
{
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params = { 0 };

  params_init (&params, width, 1);
  params.spacing = spacing;
  for (guint first = 0; first < fifolab_sequence_get_n_rows (seq); first++)
    {
      double left, head;

      params.first_row = first;
      for (guint i = first; i < MIN (first + 1, fifolab_sequence_get_n_rows (seq)); i++)
        (void) fifolab_sequence_draw_place_arrow_label (seq, &params, i, layout, &left, &head);
    }
}

/* The first line of each lifeline's name (its pid) as drawn at @width:
 * how many of its characters show before a cut ("pid 1…" shows 5). */
static guint
fewest_name_chars (FifolabSequence *seq,
                   double           width)
{
  g_autoptr(PangoLayout) layout = measuring_layout ();
  FifolabSeqDrawParams params = { 0 };
  guint fewest = G_MAXUINT;
  double left;

  params_init (&params, width, fifolab_sequence_get_n_rows (seq) + 1);
  for (guint column = 0; fifolab_sequence_draw_place_header (seq, &params, column, 0, layout, &left); column++)
    {
      PangoLayoutIter *iter = pango_layout_get_iter (layout);
      PangoLayoutRun *run;
      guint shown = 0;

      /* The characters drawn: each glyph of the line's runs but "…". */
      do
        {
          run = pango_layout_iter_get_run_readonly (iter);
          if (run != NULL)
            shown += run->glyphs->num_glyphs;
        }
      while (pango_layout_iter_next_run (iter));
      pango_layout_iter_free (iter);
      if (pango_layout_is_ellipsized (layout))
        shown--;
      g_test_message ("%g px: column %u name “%s”, %u characters shown", width, column,
                      pango_layout_get_text (layout), shown);
      fewest = MIN (fewest, shown);
    }
  return fewest;
}

/* The screenshots' run, two writers and cat with five-digit pids, at each
 * of @widths (view widths, ending with 0): how many of the eight arrows'
 * labels are cut, drawn at once and after scrolling through; each pid
 * shows at least @name_chars characters. */
static guint
screenshots_labels_cut (const double *widths,
                        guint         name_chars)
{
  g_autoptr(FifolabSequence) seq = two_writers ("fifolab-peer");
  guint n_cut = 0;

  for (guint w = 0; widths[w] > 0; w++)
    {
      g_autoptr(GArray) spacing = g_array_new (FALSE, TRUE, sizeof (double));
      guint n_arrows = 0;
      guint cut = labels_cut (seq, widths[w], &n_arrows);

      g_test_message ("%g px: %u of %u labels cut", widths[w], cut, n_arrows);
      g_assert_cmpuint (n_arrows, ==, 8);
      n_cut += cut;
      g_assert_cmpuint (fewest_name_chars (seq, widths[w]), >=, name_chars);
      /* Scrolled through first, one row in view at a time: the spaces
       * kept are what these rows needed, and do not add up to more (a
       * write across the second writer's lifeline, alone in view, once
       * kept more room than the label needed). */
      scroll_through (seq, widths[w], spacing);
      cut = labels_cut_kept (seq, widths[w], spacing, &n_arrows);
      g_test_message ("%g px, scrolled through: %u labels cut", widths[w], cut);
      n_cut += cut;
    }
  return n_cut;
}

/* In the widths the view has in 1280 x 800 and 1024 x 768 windows (712 px
 * in Chinese): each of the eight arrows' labels whole. In Chinese at 714
 * and 712 px, "Job 16079: done" 15 字节 (161 px) was given a space of
 * exactly its need, and both of its writes' labels were cut: their box's
 * width, found from the lifelines' positions, fell short of 161 px by a
 * double's rounding, and Pango was given one unit less. */
static void
check_screenshots_labels (void)
{
  const double widths[] = { 746, 714, 712, 0 };

  g_assert_cmpuint (screenshots_labels_cut (widths, 5), ==, 0);
}

/* Half a 1280 px screen, and less: 660, 640 and 620 px. The spaces give
 * way in the order a person reads the least: the marks and the margins
 * first, then the names, the messages on the arrows last. All eight labels
 * whole (at 640 and 620 px, four were cut when every space shrank alike),
 * and every pid still shows at least "pid 1…". */
static void
check_narrow_labels (void)
{
  const double widths[] = { 660, 640, 620, 0 };

  g_assert_cmpuint (screenshots_labels_cut (widths, 5), ==, 0);
}

/* The notes beside the dots of bytes from a writer the watch did not see
 * ("unseen writer", a ring), or from before the watch (a dot): whole, level
 * with their ring or dot, and clear of every arrow, label and mark. Above
 * the ring, a note stood on the row before: on the "EOF" of the read
 * before it. (Before that, in Chinese the ring was drawn on the
 * characters, in English on the "n" of "unseen".) */
static void
check_notes_clear (void)
{
  g_autoptr(PangoLayout) layout = measuring_layout ();
  const char *notes[] = { _("unseen writer"), _("before the watch") };

  for (guint k = 0; k < 2; k++)
    for (guint w = 0; w < G_N_ELEMENTS (view_widths); w++)
      {
        g_autoptr(FifolabSequence) seq = noted_read (k == 0, TRUE);
        g_autoptr(GArray) drawn = NULL;
        FifolabSeqDrawParams params;
        guint n_notes = 0;

        params_init (&params, view_widths[w], fifolab_sequence_get_n_rows (seq));
        drawn = drawn_boxes (seq, &params, layout);
        for (guint i = 0; i < fifolab_sequence_get_n_matches (seq); i++)
          {
            PangoRectangle ink, logical;
            double left, top, dot;
            Box note;

            if (!fifolab_sequence_draw_place_match_note (seq, &params, i, layout, &left, &top, &dot))
              continue;
            pango_layout_get_pixel_extents (layout, &ink, &logical);
            note = (Box) { left + logical.x, top + logical.y, logical.width, logical.height };
            g_test_message ("%g px: “%s” at (%g, %g), %g × %g; its dot at %g px",
                            params.width, pango_layout_get_text (layout), note.x, note.y,
                            note.width, note.height, dot);
            g_assert_false (pango_layout_is_ellipsized (layout));
            g_assert_cmpfloat (ABS (note.y + note.height / 2 - dot), <=, 1);
            for (guint d = 0; d < drawn->len; d++)
              g_assert_false (boxes_meet (&note, &g_array_index (drawn, Box, d)));
            /* The first read's note; the second's where its bytes, too,
             * came from a writer the watch did not see. */
            if (n_notes++ == 0)
              g_assert_cmpstr (pango_layout_get_text (layout), ==, notes[k]);
            else
              g_assert_cmpstr (pango_layout_get_text (layout), ==, notes[0]);
          }
        g_assert_cmpuint (n_notes, ==, 2);
      }
}

/* In English, then in Chinese: in a child, with the catalog built in po/,
 * so that what it translates is not kept for the other tests. */
static void
test_labels_whole (Fixture       *fixture,
                   gconstpointer  data)
{
  void (*check) (void) = data;

  if (g_test_subprocess ())
    {
      g_autofree char *localedir = g_test_build_filename (G_TEST_BUILT, "..", "..", "po", NULL);

      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
      /* Not English by accident: the marks and names are the Chinese ones. */
      g_assert_cmpstr (_("watched"), ==, "开始观察");
      g_assert_cmpstr (_("pid %s"), ==, "PID %s");
      check ();
      return;
    }
  check ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/sequence-view/seed-watched", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_seed_watched, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/keys", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_keys, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/cleared", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_cleared, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/arrow-labels", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_arrow_labels, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/lifelines-still", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_lifelines_still, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/marks-clear", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_marks_clear, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/match-bytes-clear", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_match_bytes_clear, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/marks-whole", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_marks_whole, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/headers-apart", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_headers_apart, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/pid-kept", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_pid_kept, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/labels-whole", Fixture, check_screenshots_labels,
              fifolab_ui_window_fixture_setup, test_labels_whole, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/labels-first-narrow", Fixture, check_narrow_labels,
              fifolab_ui_window_fixture_setup, test_labels_whole, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/notes-clear", Fixture, check_notes_clear,
              fifolab_ui_window_fixture_setup, test_labels_whole, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/unseen-writer-words", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_unseen_writer_words, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/killed-by-signal", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_killed_by_signal, fifolab_ui_window_fixture_teardown);
  g_test_add ("/sequence-view/export-format", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_export_format, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
