/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Framing per pipe, FIFO Lab's own ends and pipes with the same name, read
 * from the real window as a person sees them: the row's text, the Read and
 * Write toggles (their state and accessible names), the compose bar's
 * framing, the log's Pipe column. Real FIFOs and real writer processes. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-pipe-details.h"
#include "fifolab-pipe-row.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* The window's fixture (a new folder browsed), and an empty log after. */
static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_settings_reset (fifolab_application_get_settings (app), "framing");
  g_settings_reset (fifolab_application_get_settings (app), "pipe-framings");
  fifolab_ui_window_fixture_teardown (fixture, data);
  fifolab_log_clear (fifolab_session_get_log (fifolab_application_get_session (app)));
}

static FifolabSession *
get_session (void)
{
  return fifolab_application_get_session (app);
}

static void
activate_app_action (const char *name,
                     const char *path)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), name, g_variant_new_bytestring (path));
}

/* Every text shown under @root (labels and inscriptions), one a line. */
static void
collect_texts (GtkWidget *root,
               GString   *out)
{
  const char *text = NULL;

  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_LABEL (root))
    text = gtk_label_get_text (GTK_LABEL (root));
  else if (GTK_IS_INSCRIPTION (root))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (root));
  if (text != NULL && *text != '\0')
    g_string_append_printf (out, "%s\n", text);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

typedef struct
{
  GtkWidget  *root;
  const char *line;
} Shows;

static gboolean
shows_cb (gpointer data)
{
  Shows *s = data;
  g_autoptr(GString) texts = g_string_new ("\n");
  g_autofree char *line = g_strdup_printf ("\n%s\n", s->line);

  collect_texts (s->root, texts);
  return strstr (texts->str, line) != NULL;
}

/* Waits until @root shows a text that is exactly @line. */
static void
assert_shows (GtkWidget  *root,
              const char *line)
{
  Shows s = { root, line };

  if (!fifolab_test_wait_until (shows_cb, &s, TIMEOUT_MS))
    {
      g_autoptr(GString) texts = g_string_new (NULL);

      collect_texts (root, texts);
      g_error ("“%s” is not shown; shown:\n%s", line, texts->str);
    }
}

static gboolean
is_toggle_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* The details' Read or Write toggle, found by what it shows ("_Read"); its
 * accessible name must be @name (not just its class's). */
static GtkToggleButton *
get_toggle (const char *name)
{
  g_autofree char *label = g_strconcat ("_", name, NULL);
  GtkWidget *toggle = fifolab_ui_test_find_widget (_fifolab_window_get_details (window), is_toggle_labelled, label);
  g_autofree char *problem = NULL;

  g_assert_nonnull (toggle);
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  g_assert_null (problem);
  return GTK_TOGGLE_BUTTON (toggle);
}

typedef struct
{
  const char *name;
  gboolean    active;
} ToggleState;

static gboolean
toggle_is_cb (gpointer data)
{
  ToggleState *t = data;

  return gtk_toggle_button_get_active (get_toggle (t->name)) == t->active;
}

static void
assert_toggle (const char *name,
               gboolean    active)
{
  ToggleState t = { name, active };
  g_autofree char *problem = NULL;

  g_assert_true (fifolab_test_wait_until (toggle_is_cb, &t, TIMEOUT_MS));
  /* What assistive technologies are told: pressed or not. */
  problem = gtk_test_accessible_check_state (GTK_ACCESSIBLE (get_toggle (name)), GTK_ACCESSIBLE_STATE_PRESSED,
                                             active ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE);
  g_assert_cmpstr (problem, ==, NULL);
}

/* The framing the compose bar shows (its drop-down's item). */
static const char *
compose_framing (void)
{
  GtkWidget *dropdown = fifolab_ui_test_find_descendant (_fifolab_window_get_compose_bar (window), GTK_TYPE_DROP_DOWN);
  GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));

  return gtk_string_object_get_string (item);
}

/* The item of @menu (sections of items) labelled @label: its action and target. */
static gboolean
menu_find (GMenuModel  *menu,
           const char  *label,
           char       **action,
           GVariant   **target)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *text = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &text) &&
              g_str_equal (text, label))
            {
              g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", action);
              *target = g_menu_model_get_item_attribute_value (section, j, G_MENU_ATTRIBUTE_TARGET, NULL);
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* Chooses the row's menu item labelled @label, as a click on it does. */
static void
choose_from_row_menu (GtkWidget  *row,
                      const char *label)
{
  GtkWidget *button = fifolab_ui_test_find_descendant (row, GTK_TYPE_MENU_BUTTON);
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_autofree char *action = NULL;
  g_autoptr(GVariant) target = NULL;

  if (!menu_find (menu, label, &action, &target))
    g_error ("The row's menu has no “%s”", label);
  g_assert_true (gtk_widget_activate_action_variant (row, action, target));
}

/* The received messages of the log, in order. */
static GPtrArray *
received (void)
{
  return fifolab_test_log_entries (fifolab_session_get_log (get_session ()), FIFOLAB_DIRECTION_RECEIVED);
}

static gboolean
received_at_least_cb (gpointer data)
{
  g_autoptr(GPtrArray) messages = received ();

  return messages->len >= GPOINTER_TO_UINT (data);
}

/* The bytes of the received messages from the @first on, and whether all
 * of them have @framing. */
static char *
received_text_from (guint           first,
                    FifolabFraming  framing,
                    gboolean       *all_framed)
{
  g_autoptr(GPtrArray) messages = received ();
  GString *out = g_string_new (NULL);

  *all_framed = TRUE;
  for (guint i = first; i < messages->len; i++)
    {
      GBytes *bytes = fifolab_log_entry_get_bytes (g_ptr_array_index (messages, i));

      g_string_append_len (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (fifolab_log_entry_get_framing (g_ptr_array_index (messages, i)) != (int) framing)
        *all_framed = FALSE;
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  guint       first;
  const char *text;
} Rest;

static gboolean
received_rest_cb (gpointer data)
{
  Rest *r = data;
  gboolean all_raw;
  g_autofree char *text = received_text_from (r->first, FIFOLAB_FRAMING_RAW, &all_raw);

  return strlen (text) >= strlen (r->text);
}

/* Line framing chosen when connecting (the preference then), shown on the
 * row, the details and the compose bar; switched to raw from the row's menu
 * ("Reconnect with Raw Framing") while a writer process writes a line at
 * each go-ahead: the lines after the switch arrive raw, one message per write, and
 * the row, the details and the compose bar say Raw. Changing the preference
 * afterwards changes no connected pipe. */
static void
test_switch_while_connected (Fixture       *fixture,
                             gconstpointer  data)
{
  GSettings *settings = fifolab_application_get_settings (app);
  g_autofree char *path = fifolab_test_make_fifo (fixture->folder, "my_pipe");
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *lines_text = NULL;
  g_autofree char *raw_text = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  const char *script =
    "exec 3>\"$1\" && printf 'one\\n' >&3 && "
    "read go && printf 'two\\n' >&3 && read go && printf 'three\\n' >&3 && "
    "read go && printf 'four\\n' >&3";
  GOutputStream *go;
  GtkWidget *row, *details;
  FifolabReader *reader;
  gboolean all_raw;
  Rest r = { 1, "two\nthree\nfour\n" };

  g_settings_set_string (settings, "framing", "line");
  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  row = fifolab_ui_window_test_wait_pipe_row (path);
  details = _fifolab_window_get_details (window);

  /* Before connecting: the pipe would be read with the default, Lines. */
  lines_text = g_strdup_printf ("rw------- · %s · Lines", g_get_user_name ());
  raw_text = g_strdup_printf ("rw------- · %s · Raw", g_get_user_name ());
  assert_shows (row, lines_text);
  assert_toggle ("Read", FALSE);
  assert_toggle ("Write", FALSE);
  g_assert_cmpstr (compose_framing (), ==, "Lines");
  /* The drop-down's button has a name of its own, not its class's. */
  {
    GtkWidget *dropdown = fifolab_ui_test_find_descendant (_fifolab_window_get_compose_bar (window), GTK_TYPE_DROP_DOWN);
    GtkWidget *button = fifolab_ui_test_find_descendant (dropdown, GTK_TYPE_TOGGLE_BUTTON);
    g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                                   GTK_ACCESSIBLE_PROPERTY_LABEL, _("Framing"));

    g_assert_cmpstr (problem, ==, NULL);
  }

  /* Read pressed: FIFO Lab holds the read end, line-framed. */
  fifolab_ui_test_press (GTK_WIDGET (get_toggle ("Read")));
  assert_toggle ("Read", TRUE);
  assert_toggle ("Write", FALSE);
  reader = fifolab_session_get_reader (get_session (), path);
  g_assert_nonnull (reader);
  g_assert_cmpint (fifolab_framer_get_framing (fifolab_reader_get_framer (reader)), ==, FIFOLAB_FRAMING_LINE);
  assert_shows (row, lines_text);
  assert_shows (details, "Lines");

  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, NULL, "sh", "-c", script, "sh", path, NULL);
  g_assert_true (fifolab_test_wait_until (received_at_least_cb, GUINT_TO_POINTER (1), TIMEOUT_MS));

  /* The row's menu says what switching does, and does it. */
  choose_from_row_menu (row, _("Reconnect with _Raw Framing"));
  reader = fifolab_session_get_reader (get_session (), path);
  g_assert_cmpint (fifolab_framer_get_framing (fifolab_reader_get_framer (reader)), ==, FIFOLAB_FRAMING_RAW);
  g_assert_cmpstr (compose_framing (), ==, "Raw");
  assert_toggle ("Read", TRUE);
  assert_shows (row, raw_text);
  assert_shows (details, "Raw");

  /* The preference is only the default: the connected pipe keeps Raw. */
  g_settings_set_string (settings, "framing", "fixed");
  fifolab_test_run_for (20);
  g_assert_cmpstr (compose_framing (), ==, "Raw");
  reader = fifolab_session_get_reader (get_session (), path);
  g_assert_cmpint (fifolab_framer_get_framing (fifolab_reader_get_framer (reader)), ==, FIFOLAB_FRAMING_RAW);

  /* The writer's next lines come raw: one message per write. Each is written
   * once the one before has arrived, so no two can wait in the pipe together
   * however slow the machine (then one read would take both). */
  go = g_subprocess_get_stdin_pipe (writer);
  for (guint i = 0; i < 3; i++)
    {
      fifolab_test_go_ahead (writer);
      g_assert_true (fifolab_test_wait_until (received_at_least_cb, GUINT_TO_POINTER (2 + i), TIMEOUT_MS));
    }
  g_assert_true (g_output_stream_close (go, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (received_rest_cb, &r, TIMEOUT_MS));
  rest = received_text_from (1, FIFOLAB_FRAMING_RAW, &all_raw);
  g_assert_cmpstr (rest, ==, "two\nthree\nfour\n");
  g_assert_true (all_raw);
  messages = received ();
  g_assert_cmpuint (messages->len, ==, 4);
}

/* FIFO Lab holding both ends says so, and why it matters; its own ends count
 * among the holders at once; releasing Write closes the write end only. */
static void
test_both_ends (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = fifolab_test_make_fifo (fixture->folder, "both");
  g_autoptr(GError) error = NULL;
  GtkWidget *row, *details;

  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  row = fifolab_ui_window_test_wait_pipe_row (path);
  details = _fifolab_window_get_details (window);

  activate_app_action ("read-pipe", path);
  assert_toggle ("Read", TRUE);
  fifolab_ui_test_press (GTK_WIDGET (get_toggle ("Write")));
  assert_toggle ("Write", TRUE);
  assert_toggle ("Read", TRUE);

  assert_shows (row, _("FIFO Lab holds both ends"));
  assert_shows (row, "1 reader, 1 writer");
  assert_shows (details, _("FIFO Lab holds both ends"));

  /* Write released: FIFO Lab reads on, alone. */
  fifolab_ui_test_press (GTK_WIDGET (get_toggle ("Write")));
  assert_toggle ("Write", FALSE);
  assert_toggle ("Read", TRUE);
  g_assert_null (fifolab_session_get_writer (get_session (), path));
  g_assert_nonnull (fifolab_session_get_reader (get_session (), path));
}

/* Two lessons' my_pipe and a browsed one: the rows, the compose bar's target
 * and the log's Pipe column show enough of the folder to tell them apart. */
static void
test_same_name (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dir1 = g_build_filename (fixture->folder, "lesson-1", NULL);
  g_autofree char *dir2 = g_build_filename (fixture->folder, "lesson-2", NULL);
  g_autofree char *browsed = fifolab_test_make_fifo (fixture->folder, "my_pipe");
  g_autofree char *path1 = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *folder_name = g_path_get_basename (fixture->folder);
  g_autofree char *browsed_name = g_strdup_printf ("my_pipe — %s", folder_name);
  g_autoptr(GBytes) payload = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (dir1, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (dir2, 0700), ==, 0);
  path1 = fifolab_test_make_fifo (dir1, "my_pipe");
  path2 = fifolab_test_make_fifo (dir2, "my_pipe");

  g_assert_true (fifolab_window_add_pipe (window, path1, FALSE, &error));
  g_assert_true (fifolab_window_add_pipe (window, path2, TRUE, &error));
  g_assert_no_error (error);

  assert_shows (fifolab_ui_window_test_wait_pipe_row (path1), "my_pipe — lesson-1");
  assert_shows (fifolab_ui_window_test_wait_pipe_row (path2), "my_pipe — lesson-2");
  assert_shows (fifolab_ui_window_test_wait_pipe_row (browsed), browsed_name);
  assert_shows (_fifolab_window_get_compose_bar (window), "To my_pipe — lesson-2");

  /* The log's Pipe column. */
  activate_app_action ("read-pipe", path2);
  g_assert_true (fifolab_session_send_bytes (get_session (), path2, payload, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (received_at_least_cb, GUINT_TO_POINTER (1), TIMEOUT_MS));
  assert_shows (_fifolab_window_get_log_view (window), "my_pipe — lesson-2");
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/framing/switch-while-connected", Fixture, NULL, fifolab_ui_window_fixture_setup, test_switch_while_connected, fixture_teardown);
  g_test_add ("/framing/both-ends", Fixture, NULL, fifolab_ui_window_fixture_setup, test_both_ends, fixture_teardown);
  g_test_add ("/framing/same-name", Fixture, NULL, fifolab_ui_window_fixture_setup, test_same_name, fixture_teardown);

  return fifolab_ui_window_test_run ();
}
