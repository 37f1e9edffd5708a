/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The compose bar on its own, in a real window under a display: the live
 * preview, refusals, sending to a real FIFO read by a real `cat`, the waiting
 * state and the history. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-compose-bar.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 10000

typedef struct
{
  GtkWindow         *window;
  FifolabComposeBar *bar;
  FifolabSession    *session;
  char              *dir;
  char              *fifo;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = fifolab_test_tmpdir_new ();
  fixture->fifo = g_build_filename (fixture->dir, "my_pipe", NULL);
  g_assert_cmpint (mkfifo (fixture->fifo, 0600), ==, 0);

  fixture->session = fifolab_session_new ();
  fixture->bar = fifolab_compose_bar_new ();
  g_object_set (fixture->bar, "session", fixture->session, NULL);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 200);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->bar));
  gtk_window_present (fixture->window);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (fixture->bar), TIMEOUT_MS));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  fifolab_session_disconnect_all (fixture->session);
  g_object_add_weak_pointer (G_OBJECT (fixture->bar), (gpointer *) &fixture->bar);
  gtk_window_destroy (fixture->window);
  fifolab_test_run_for (20);
  g_assert_null (fixture->bar);
  g_assert_finalize_object (fixture->session);
  fifolab_test_tmpdir_free (fixture->dir);
  g_free (fixture->fifo);
}

/* Widget tree checks, for fifolab_ui_test_find_widget() */

static gboolean
is_shown_label_with_text (GtkWidget     *widget,
                          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) &&
         gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static GtkLabel *
find_shown_label (FifolabComposeBar *bar,
                  const char        *text)
{
  return GTK_LABEL (fifolab_ui_test_find_widget (GTK_WIDGET (bar), is_shown_label_with_text, text));
}

typedef struct
{
  FifolabComposeBar *bar;
  const char        *text;
} LabelQuery;

static gboolean
label_shown (gpointer data)
{
  LabelQuery *query = data;

  return find_shown_label (query->bar, query->text) != NULL;
}

static gboolean
wait_label (FifolabComposeBar *bar,
            const char        *text)
{
  LabelQuery query = { bar, text };

  return fifolab_test_wait_until (label_shown, &query, TIMEOUT_MS);
}

static GtkEditable *
find_entry (FifolabComposeBar *bar)
{
  GtkWidget *entry = fifolab_ui_test_find_descendant (GTK_WIDGET (bar), GTK_TYPE_ENTRY);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

static GtkWidget *
find_send_button (FifolabComposeBar *bar)
{
  GtkWidget *button = fifolab_ui_test_find_widget (GTK_WIDGET (bar), fifolab_ui_test_is_button_of, "compose.send");

  g_assert_nonnull (button);
  return button;
}

/* Presses @keyval on the template entry: the key controller the bar put there
 * gets it as it would from the keyboard. */
static void
press_key (GtkWidget *entry,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (entry);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          break;
        }
    }
  g_assert_true (handled);
}

static char *
expected_message (const char *template_)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fifolab_stamp_expand (template_, getpid (), &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Tests */

static void
test_compose_new_destroy (void)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabComposeBar *bar = g_object_ref_sink (fifolab_compose_bar_new ());
  g_autofree char *template_ = NULL;
  FifolabFraming framing;

  g_object_get (bar, "template", &template_, "framing", &framing, NULL);
  g_assert_cmpstr (template_, ==, FIFOLAB_DEFAULT_TEMPLATE);
  g_assert_cmpint (framing, ==, FIFOLAB_FRAMING_RAW);
  g_assert_false (fifolab_compose_bar_get_can_send (bar));

  g_object_set (bar, "session", session, "target", "/nonexistent/pipe",
                "framing", FIFOLAB_FRAMING_FIXED, "fixed-size", 30, NULL);
  g_assert_true (fifolab_compose_bar_get_can_send (bar));
  g_assert_cmpuint (fifolab_compose_bar_get_fixed_size (bar), ==, 30);
  g_assert_cmpstr (fifolab_compose_bar_get_target (bar), ==, "/nonexistent/pipe");

  g_assert_finalize_object (bar);
}

static void
test_compose_preview (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *message = expected_message (FIFOLAB_DEFAULT_TEMPLATE);
  g_autofree char *count = g_strdup_printf ("%u bytes", (guint) strlen (message));
  GtkEditable *entry = find_entry (fixture->bar);
  GtkWidget *preview;
  int natural;

  /* The seed's message: 22 bytes for a 5-digit pid. */
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, FIFOLAB_DEFAULT_TEMPLATE);
  g_assert_true (wait_label (fixture->bar, message));
  g_assert_true (wait_label (fixture->bar, count));
  if (getpid () >= 10000 && getpid () < 100000)
    g_assert_true (wait_label (fixture->bar, "22 bytes"));

  /* Set apart from the target ("Choose a pipe to write to" and the message
   * do not read as one sentence): a shaded box as wide as the bytes, not
   * stretched across the row. */
  preview = GTK_WIDGET (find_shown_label (fixture->bar, message));
  g_assert_true (gtk_widget_has_css_class (preview, "fifolab-preview"));
  fifolab_ui_test_wait_frames (preview, 2, TIMEOUT_MS);
  gtk_widget_measure (preview, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (preview), <=, natural);

  /* Lines framing adds the terminator, shown escaped. */
  fifolab_compose_bar_set_framing (fixture->bar, FIFOLAB_FRAMING_LINE);
  {
    g_autofree char *line = g_strconcat (message, "\\n", NULL);
    g_autofree char *line_count = g_strdup_printf ("%u bytes", (guint) strlen (message) + 1);

    g_assert_true (wait_label (fixture->bar, line));
    g_assert_true (wait_label (fixture->bar, line_count));
  }
  fifolab_compose_bar_set_framing (fixture->bar, FIFOLAB_FRAMING_RAW);

  /* Markup is shown as typed; %% is one percent sign. */
  gtk_editable_set_text (entry, "<b>&amp; 100%%");
  g_assert_cmpstr (fifolab_compose_bar_get_template (fixture->bar), ==, "<b>&amp; 100%%");
  g_assert_true (wait_label (fixture->bar, "<b>&amp; 100%"));
  g_assert_true (wait_label (fixture->bar, "13 bytes"));
  g_assert_true (wait_label (fixture->bar, "<b>&amp; 100%"));
  g_assert_false (gtk_label_get_use_markup (find_shown_label (fixture->bar, "<b>&amp; 100%")));

  /* No bytes: the count says so, and no empty box is shown. */
  gtk_editable_set_text (entry, "");
  g_assert_true (wait_label (fixture->bar, "0 bytes"));
  g_assert_false (gtk_widget_get_visible (preview));
}

static void
test_compose_refusals (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkEditable *entry = find_entry (fixture->bar);
  GtkWidget *send = find_send_button (fixture->bar);

  /* No target: the bar says so and Send is off. Cut short in a narrow
   * window, the sentence keeps its start, and the tooltip says it whole. */
  g_assert_true (wait_label (fixture->bar, _("Choose a pipe to write to")));
  g_assert_false (gtk_widget_get_sensitive (send));
  {
    GtkLabel *target = find_shown_label (fixture->bar, _("Choose a pipe to write to"));

    g_assert_cmpint (gtk_label_get_ellipsize (target), ==, PANGO_ELLIPSIZE_END);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (target)), ==, _("Choose a pipe to write to"));
  }

  fifolab_compose_bar_set_target (fixture->bar, fixture->fifo);
  g_assert_true (wait_label (fixture->bar, "To my_pipe"));
  g_assert_true (gtk_widget_get_sensitive (send));
  /* A pipe's name keeps its start and its end. */
  g_assert_cmpint (gtk_label_get_ellipsize (find_shown_label (fixture->bar, "To my_pipe")), ==, PANGO_ELLIPSIZE_MIDDLE);

  /* A printf conversion the template does not support: the error, inline. */
  gtk_editable_set_text (entry, "Hello %s");
  fifolab_test_run_for (20);
  g_assert_false (gtk_widget_get_sensitive (send));
  g_assert_false (fifolab_compose_bar_get_can_send (fixture->bar));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = fifolab_stamp_expand ("Hello %s", getpid (), &error);

    g_assert_null (bytes);
    g_assert_nonnull (strstr (error->message, "%s"));
    g_assert_true (wait_label (fixture->bar, error->message));
  }

  /* Fixing it gives Send back. */
  gtk_editable_set_text (entry, "Hello %d");
  fifolab_test_run_for (20);
  g_assert_true (gtk_widget_get_sensitive (send));

  /* A message longer than the fixed size is refused too. */
  fifolab_compose_bar_set_framing (fixture->bar, FIFOLAB_FRAMING_FIXED);
  fifolab_compose_bar_set_fixed_size (fixture->bar, 4);
  fifolab_test_run_for (20);
  g_assert_false (gtk_widget_get_sensitive (send));
  fifolab_compose_bar_set_fixed_size (fixture->bar, 22);
  fifolab_test_run_for (20);
  g_assert_true (gtk_widget_get_sensitive (send));
}

typedef struct
{
  char     *out;
  gboolean  done;
} CatResult;

static void
cat_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CatResult *cat = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;

  g_assert_true (g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &out, NULL, &error));
  g_assert_no_error (error);
  cat->out = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  cat->done = TRUE;
}

static gboolean
not_sending (gpointer data)
{
  return !fifolab_compose_bar_get_sending (data);
}

static gboolean
four_sent (gpointer data)
{
  return fifolab_writer_get_messages_sent (data) >= 4;
}

static void
test_compose_send_to_cat (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *message = expected_message (FIFOLAB_DEFAULT_TEMPLATE);
  g_autofree char *expected = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GError) error = NULL;
  CatResult result = { NULL, FALSE };

  /* timeout: a failing test must not leave cat blocked on the FIFO. */
  cat = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "timeout", "30", "cat", fixture->fifo, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_async (cat, NULL, NULL, cat_done_cb, &result);

  g_object_set (fixture->bar, "target", fixture->fifo, "repeat-count", 3, "interval", 20, NULL);

  /* Send (the button): once now, twice more on the timer. */
  g_signal_emit_by_name (find_send_button (fixture->bar), "clicked");
  g_assert_true (fifolab_compose_bar_get_sending (fixture->bar));
  g_assert_true (fifolab_test_wait_until (not_sending, fixture->bar, TIMEOUT_MS));

  /* Then the lines framing, once. */
  g_object_set (fixture->bar, "repeat-count", 1, "framing", FIFOLAB_FRAMING_LINE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));

  /* Everything written: closing our end lets cat finish. */
  {
    FifolabWriter *writer = fifolab_session_get_writer (fixture->session, fixture->fifo);

    g_assert_nonnull (writer);
    g_assert_true (fifolab_test_wait_until (four_sent, writer, TIMEOUT_MS));
  }
  fifolab_session_disconnect (fixture->session, fixture->fifo, FIFOLAB_ACCESS_WRITE);
  g_assert_true (fifolab_test_wait_for (&result.done, TIMEOUT_MS));

  expected = g_strconcat (message, message, message, message, "\n", NULL);
  g_assert_cmpstr (result.out, ==, expected);
  g_free (result.out);
}

static void
test_compose_waiting (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *waiting2 = g_strdup_printf (ngettext ("Waiting for a reader… %u queued",
                                                         "Waiting for a reader… %u queued", 2), 2);
  GtkWidget *drop;
  FifolabWriter *writer;

  /* Nobody reads: the messages wait in the queue, and the bar says so. */
  fifolab_compose_bar_set_target (fixture->bar, fixture->fifo);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  g_assert_true (wait_label (fixture->bar, waiting2));
  writer = fifolab_session_get_writer (fixture->session, fixture->fifo);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, 2);

  /* Dropping the queue, through its button. */
  drop = fifolab_ui_test_find_widget (GTK_WIDGET (fixture->bar), fifolab_ui_test_is_button_of, "compose.clear-queue");
  g_assert_nonnull (drop);
  g_assert_true (gtk_widget_is_drawable (drop));
  g_signal_emit_by_name (drop, "clicked");
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, 0);
  g_assert_true (wait_label (fixture->bar, _("Waiting for a reader…")));
  fifolab_test_run_for (20);
  g_assert_false (gtk_widget_get_visible (drop));
}

/* FIFO Lab reading the pipe it writes to: once a reader is connected, the
 * bar says the reader may be FIFO Lab's own, where "A reader is connected"
 * read as if another process took the message. With FIFO Lab's reader
 * closed and cat reading, the bar says what it says of any reader. */
static void
test_compose_own_reader (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(FifolabFramer) framer = fifolab_session_create_framer (fixture->session, fixture->fifo);
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GError) error = NULL;
  CatResult result = { NULL, FALSE };
  FifolabReader *reader;
  FifolabWriter *writer;

  reader = fifolab_session_open_reader (fixture->session, fixture->fifo, framer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  fifolab_compose_bar_set_target (fixture->bar, fixture->fifo);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  g_assert_true (wait_label (fixture->bar, _("FIFO Lab reads this pipe too: what you send can come back to its own log")));
  g_assert_null (find_shown_label (fixture->bar, _("A reader is connected")));
  /* And it did come back. */
  g_assert_true (fifolab_test_wait_received (reader, 0, TIMEOUT_MS));

  /* cat reading too (timeout: a failing test must not leave it blocked),
   * then FIFO Lab's reader closed: any reader's words. */
  cat = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "timeout", "30", "cat", fixture->fifo, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_async (cat, NULL, NULL, cat_done_cb, &result);
  fifolab_session_disconnect (fixture->session, fixture->fifo, FIFOLAB_ACCESS_READ);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  g_assert_true (wait_label (fixture->bar, _("A reader is connected")));

  /* Our end closed, cat finishes. */
  writer = fifolab_session_get_writer (fixture->session, fixture->fifo);
  g_assert_nonnull (writer);
  fifolab_session_disconnect (fixture->session, fixture->fifo, FIFOLAB_ACCESS_WRITE);
  g_assert_true (fifolab_test_wait_for (&result.done, TIMEOUT_MS));
  g_free (result.out);
}

static void
toast_cb (FifolabComposeBar *bar,
          const char        *message,
          GPtrArray         *toasts)
{
  g_ptr_array_add (toasts, g_strdup (message));
}

static gboolean
is_shown_label_with_prefix (GtkWidget     *widget,
                            gconstpointer  data)
{
  return GTK_IS_LABEL (widget) &&
         gtk_widget_is_drawable (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

/* The writer's queue is bounded: when it is full, sending stops with the
 * writer's error, in the bar and as a toast, the queue can still be dropped
 * from the bar, and then sending works again. */
static void
test_compose_queue_full (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *message = expected_message (FIFOLAB_DEFAULT_TEMPLATE);
  g_autofree char *prefix = g_strdup_printf (_("Could not send to “%s”: %s"), "my_pipe", "");
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *label;
  GtkWidget *drop;
  FifolabWriter *writer;

  g_signal_connect (fixture->bar, "show-toast", G_CALLBACK (toast_cb), toasts);
  fifolab_compose_bar_set_target (fixture->bar, fixture->fifo);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  writer = fifolab_session_get_writer (fixture->session, fixture->fifo);
  g_assert_nonnull (writer);
  g_object_set (writer, "max-queued-bytes", (guint64) (3 * strlen (message)), NULL);

  /* Ten more asked for, nobody reads: two fit, then the queue is full. */
  g_object_set (fixture->bar, "repeat-count", 10, "interval", 0, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  g_assert_true (fifolab_test_wait_until (not_sending, fixture->bar, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, 3);
  g_assert_cmpuint (fifolab_writer_get_queued_bytes (writer), ==, 3 * strlen (message));

  g_assert_cmpuint (toasts->len, ==, 1);
  g_test_message ("toast: %s", (char *) g_ptr_array_index (toasts, 0));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (toasts, 0), prefix));
  label = fifolab_ui_test_find_widget (GTK_WIDGET (fixture->bar), is_shown_label_with_prefix, prefix);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, g_ptr_array_index (toasts, 0));

  /* The full queue can be dropped from the bar; that clears the error. */
  drop = fifolab_ui_test_find_widget (GTK_WIDGET (fixture->bar), fifolab_ui_test_is_button_of, "compose.clear-queue");
  g_assert_nonnull (drop);
  fifolab_test_run_for (20);
  g_assert_true (gtk_widget_is_drawable (drop));
  g_signal_emit_by_name (drop, "clicked");
  g_assert_cmpuint (fifolab_writer_get_queued_bytes (writer), ==, 0);
  fifolab_test_run_for (20);
  g_assert_null (fifolab_ui_test_find_widget (GTK_WIDGET (fixture->bar), is_shown_label_with_prefix, prefix));

  /* And sending works again. */
  g_object_set (fixture->bar, "repeat-count", 1, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, 1);
  g_assert_cmpuint (toasts->len, ==, 2);  /* the "dropped" toast, no new error */
}

static void
test_compose_stop (Fixture       *fixture,
                   gconstpointer  data)
{
  FifolabWriter *writer;

  fifolab_compose_bar_set_target (fixture->bar, fixture->fifo);
  g_object_set (fixture->bar, "repeat-count", 1000, "interval", 50, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  g_assert_true (fifolab_compose_bar_get_sending (fixture->bar));
  g_assert_false (fifolab_compose_bar_get_can_send (fixture->bar));
  fifolab_test_run_for (120);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.stop", NULL));
  g_assert_false (fifolab_compose_bar_get_sending (fixture->bar));
  g_assert_true (fifolab_compose_bar_get_can_send (fixture->bar));

  writer = fifolab_session_get_writer (fixture->session, fixture->fifo);
  {
    guint queued = fifolab_writer_get_queued_messages (writer);

    g_assert_cmpuint (queued, >=, 2);
    g_assert_cmpuint (queued, <, 10);
    fifolab_test_run_for (150);
    g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, queued);
  }

  /* Interval 0: all in one go (in batches). */
  fifolab_writer_clear_queue (writer);
  g_object_set (fixture->bar, "repeat-count", 2500, "interval", 0, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  g_assert_true (fifolab_test_wait_until (not_sending, fixture->bar, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, 2500);
}

static void
test_compose_history (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkEditable *entry = find_entry (fixture->bar);

  fifolab_compose_bar_set_target (fixture->bar, fixture->fifo);
  gtk_editable_set_text (entry, "first %d");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  gtk_editable_set_text (entry, "second %d");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "compose.send", NULL));
  gtk_editable_set_text (entry, "draft");

  press_key (GTK_WIDGET (entry), GDK_KEY_Up);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "second %d");
  g_assert_cmpstr (fifolab_compose_bar_get_template (fixture->bar), ==, "second %d");
  press_key (GTK_WIDGET (entry), GDK_KEY_Up);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "first %d");
  press_key (GTK_WIDGET (entry), GDK_KEY_Up);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "first %d");
  press_key (GTK_WIDGET (entry), GDK_KEY_Down);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "second %d");
  press_key (GTK_WIDGET (entry), GDK_KEY_Down);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "draft");
}

static void
test_compose_shortcut (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->bar));
  gboolean found = FALSE;

  /* Ctrl+Return is bound to compose.send on the bar. */
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_autofree char *action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

          if (g_strcmp0 (trigger, "<Control>Return") == 0 &&
              g_strcmp0 (action, "action(compose.send)") == 0)
            found = TRUE;
        }
    }
  g_assert_true (found);
}

static gboolean
is_visible_cb (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

/* The first frame (issue 13): the Repeat… popover, for where Repeat and
 * Every do not fit in the row, is made the first time it opens, its spin
 * buttons sharing the row's values. */
static void
test_compose_repeat_popover (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *button = fifolab_ui_test_find_descendant (GTK_WIDGET (fixture->bar), GTK_TYPE_MENU_BUTTON);
  g_autoptr(GPtrArray) row = g_ptr_array_new ();
  g_autoptr(GPtrArray) popup = g_ptr_array_new ();
  GtkPopover *popover;

  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  /* Repeat and Every (the fixed size's is made when Fixed size is chosen). */
  fifolab_ui_test_find_all (GTK_WIDGET (fixture->bar), GTK_TYPE_SPIN_BUTTON, row);
  g_assert_cmpuint (row->len, ==, 2);

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  fifolab_ui_test_find_all (GTK_WIDGET (popover), GTK_TYPE_SPIN_BUTTON, popup);
  g_assert_cmpuint (popup->len, ==, 2);
  for (guint i = 0; i < popup->len; i++)
    {
      GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (popup->pdata[i]);
      gboolean shared = FALSE;

      for (guint j = 0; j < row->len; j++)
        shared |= gtk_spin_button_get_adjustment (row->pdata[j]) == adjustment;
      g_assert_true (shared);
    }
  gtk_spin_button_set_value (popup->pdata[0], 7);
  {
    gboolean seen = FALSE;

    for (guint j = 0; j < row->len; j++)
      seen |= gtk_spin_button_get_value_as_int (row->pdata[j]) == 7;
    g_assert_true (seen);
  }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_true (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)) == popover);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* Its words (an icon where they do not fit) keep their mnemonic, Alt+R. */
  {
    GtkWidget *label = fifolab_ui_test_find_descendant (button, GTK_TYPE_LABEL);

    g_assert_nonnull (label);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, _("_Repeat…"));
    g_assert_true (gtk_label_get_use_underline (GTK_LABEL (label)));
    g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (label)) == button);
    /* Shown where Repeat and Every do not fit in the row. A button
     * activated by a key shows itself pressed, then clicks. */
    gtk_window_set_default_size (fixture->window, 360, 200);
    g_assert_true (fifolab_ui_test_wait_mapped (button, TIMEOUT_MS));
    g_assert_true (gtk_widget_mnemonic_activate (button, FALSE));
    g_assert_true (fifolab_test_wait_until (is_visible_cb, popover, TIMEOUT_MS));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
    gtk_window_set_default_size (fixture->window, 900, 200);
  }
}

/* The first frame (issue 13): the fixed size's spin button is made the
 * first time Fixed size is chosen (at start the framing is Raw), after the
 * drop-down, showing the size already set, with its tooltip; it sets the
 * size, hides with another framing and shows again, the same one. */
static void
test_compose_fixed_size_spin (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *dropdown = fifolab_ui_test_find_descendant (GTK_WIDGET (fixture->bar), GTK_TYPE_DROP_DOWN);
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  g_autoptr(GPtrArray) after = g_ptr_array_new ();
  GtkWidget *spin = NULL;

  g_assert_nonnull (dropdown);
  fifolab_ui_test_find_all (GTK_WIDGET (fixture->bar), GTK_TYPE_SPIN_BUTTON, before);
  g_assert_cmpuint (before->len, ==, 2);

  fifolab_compose_bar_set_fixed_size (fixture->bar, 30);
  /* Chosen in the drop-down, as a user would. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), FIFOLAB_FRAMING_FIXED);
  g_assert_cmpint (fifolab_compose_bar_get_framing (fixture->bar), ==, FIFOLAB_FRAMING_FIXED);
  fifolab_ui_test_find_all (GTK_WIDGET (fixture->bar), GTK_TYPE_SPIN_BUTTON, after);
  g_assert_cmpuint (after->len, ==, 3);
  spin = gtk_widget_get_next_sibling (dropdown);
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  g_assert_true (gtk_widget_get_visible (spin));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 30);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (spin), ==, _("Size of each message in bytes (padded with zero bytes)"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 40);
  g_assert_cmpuint (fifolab_compose_bar_get_fixed_size (fixture->bar), ==, 40);
  fifolab_compose_bar_set_fixed_size (fixture->bar, 12);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 12);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), FIFOLAB_FRAMING_RAW);
  g_assert_false (gtk_widget_get_visible (spin));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), FIFOLAB_FRAMING_FIXED);
  g_assert_true (gtk_widget_get_visible (spin));
  g_assert_true (gtk_widget_get_next_sibling (dropdown) == spin);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/compose/new-destroy", test_compose_new_destroy);
  g_test_add ("/compose/preview", Fixture, NULL, fixture_setup, test_compose_preview, fixture_teardown);
  g_test_add ("/compose/refusals", Fixture, NULL, fixture_setup, test_compose_refusals, fixture_teardown);
  g_test_add ("/compose/send-to-cat", Fixture, NULL, fixture_setup, test_compose_send_to_cat, fixture_teardown);
  g_test_add ("/compose/waiting", Fixture, NULL, fixture_setup, test_compose_waiting, fixture_teardown);
  g_test_add ("/compose/own-reader", Fixture, NULL, fixture_setup, test_compose_own_reader, fixture_teardown);
  g_test_add ("/compose/stop", Fixture, NULL, fixture_setup, test_compose_stop, fixture_teardown);
  g_test_add ("/compose/queue-full", Fixture, NULL, fixture_setup, test_compose_queue_full, fixture_teardown);
  g_test_add ("/compose/history", Fixture, NULL, fixture_setup, test_compose_history, fixture_teardown);
  g_test_add ("/compose/shortcut", Fixture, NULL, fixture_setup, test_compose_shortcut, fixture_teardown);
  g_test_add ("/compose/repeat-popover", Fixture, NULL, fixture_setup, test_compose_repeat_popover, fixture_teardown);
  g_test_add ("/compose/fixed-size-spin", Fixture, NULL, fixture_setup, test_compose_fixed_size_spin, fixture_teardown);

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
