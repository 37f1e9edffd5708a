/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log as a person reads it (issue 13): in the real window at 1024x768 a
 * received message reads in full in its row beside the writer's pid; the
 * entry inspector below the list follows the selection, moved with the
 * keyboard too; it is hidden and shown with its toggle. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-entry-details.h"
#include "fifolab-log-view.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 30000
#define PIPE "/tmp/lab/my_pipe"

static void
collect_mapped (GtkWidget  *widget,
                const char *css_class,
                GPtrArray  *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (gtk_widget_has_css_class (widget, css_class))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mapped (child, css_class, out);
}

/* The cell shows all of its text: what it allocates is as wide as the text
 * laid out, and the cell is inside the visible part of the list. */
static void
assert_whole (GtkWidget  *cell,
              GtkWidget  *view,
              const char *text)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (cell, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;
  int natural = fifolab_ui_test_text_width (cell, text);

  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_compute_bounds (cell, scrolled, &bounds));
  g_test_message ("“%s”: %d px of text in a cell of %d px, at x %.0f of %d px shown",
                  text, natural, gtk_widget_get_width (cell), bounds.origin.x, gtk_widget_get_width (scrolled));
  g_assert_cmpstr (fifolab_ui_test_cell_text (cell), ==, text);
  g_assert_cmpint (natural, <=, gtk_widget_get_width (cell));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + natural, <=, gtk_widget_get_width (scrolled));
}

typedef struct
{
  int width;
  int height;
} Size;

static const Size projector = { 1024, 768 };
static const Size default_size = { 1180, 720 };

/* The real window at 1024x768 and at its default size: the textbook's
 * message, flagged (its writer gone before it was checked, as the seed's
 * writer does), and its writer's pid read in full in the row. */
static void
test_message_width (gconstpointer data)
{
  const Size *size = data;
  g_autofree char *id = g_strdup_printf ("io.github.fifolab.FifoLab.UiTestLogInspector.W%d", size->width);
  FifolabApplication *app = fifolab_application_new (id, G_APPLICATION_NON_UNIQUE);
  FifolabLog *log;
  GtkWindow *window = NULL;
  GtkWidget *view;
  GtkWidget *cell;
  g_autofree char *text = g_strdup_printf ("Hello from pid [%d]", 16742);

  window = fifolab_ui_test_activate (G_APPLICATION (app), TIMEOUT_MS);
  log = fifolab_session_get_log (fifolab_application_get_session (app));
  gtk_window_unmaximize (window);
  fifolab_ui_test_resize_window (FIFOLAB_WINDOW (window), size->width, size->height);
  view = GTK_WIDGET (_fifolab_window_get_log_view (FIFOLAB_WINDOW (window)));
  g_test_message ("window %d × %d, log %d px wide",
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
                  gtk_widget_get_width (view));

  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_PID_UNSEEN, FIFOLAB_FRAMING_RAW, PIPE,
                              16742, getpid (), g_get_real_time (), g_get_monotonic_time (),
                              (const guint8 *) text, strlen (text));
  fifolab_log_append_event (log, FIFOLAB_EVENT_END_OF_STREAM, PIPE, NULL);
  fifolab_log_flush (log);

  cell = fifolab_ui_test_wait_cell (view, "fifolab-message", text, TIMEOUT_MS);
  assert_whole (cell, view, text);
  /* The Message column, the last one shown, takes the room the others
   * leave, also the room of the hidden columns (GTK 4.8 counted their fixed
   * widths, and the row ended some 270 px short of the list's edge). */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (cell, GTK_TYPE_SCROLLED_WINDOW);
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (cell, scrolled, &bounds));
    g_test_message ("message cell ends at %.0f of %d px", bounds.origin.x + bounds.size.width,
                    gtk_widget_get_width (scrolled));
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >=, gtk_widget_get_width (scrolled) - 32);
  }
  cell = fifolab_ui_test_wait_cell (view, "fifolab-pid", "16742", TIMEOUT_MS);
  assert_whole (cell, view, "16742");

  /* An event's explanation: whole in the inspector once its row is chosen. */
  g_assert_true (gtk_widget_activate_action (view, "log.show-details", "u",
                                             g_list_model_get_n_items (fifolab_log_view_get_shown_model (FIFOLAB_LOG_VIEW (view))) - 1));
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (fifolab_log_view_get_inspector (FIFOLAB_LOG_VIEW (view))),
                            fifolab_event_kind_get_explanation (FIFOLAB_EVENT_END_OF_STREAM)));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, fifolab_log_view_get_inspector (FIFOLAB_LOG_VIEW (view)),
                                          TIMEOUT_MS));
  /* The pane laid out beside the list. */
  fifolab_ui_test_wait_frames (view, 1, TIMEOUT_MS);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    GtkWidget *inspector = GTK_WIDGET (fifolab_log_view_get_inspector (FIFOLAB_LOG_VIEW (view)));
    GtkWidget *list = fifolab_ui_test_find_descendant (view, GTK_TYPE_COLUMN_VIEW);

    g_assert_true (gtk_widget_get_mapped (inspector));
    /* The list keeps most of the height: at least 5 rows' worth. */
    collect_mapped (list, "fifolab-time", rows);
    g_test_message ("list %d px tall, inspector %d px", gtk_widget_get_height (list), gtk_widget_get_height (inspector));
    g_assert_cmpint (gtk_widget_get_height (list), >=, gtk_widget_get_height (inspector));
  }

  fifolab_ui_test_release (G_APPLICATION (app), window);
}

/* Activates the key binding of @widget (or an ancestor) for @keyval, as a
 * key press there does: GTK 4 has no way to synthesize the press itself. */
static gboolean
press_key (GtkWidget       *widget,
           guint            keyval,
           GdkModifierType  modifiers)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (w);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

              if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
                  gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
                  gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
                  gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, w,
                                                gtk_shortcut_get_arguments (shortcut)))
                return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
inspector_shows (gpointer data)
{
  FifolabLogView *view = data;
  FifolabLogEntry *entry = fifolab_entry_details_get_entry (fifolab_log_view_get_inspector (view));

  return entry != NULL;
}

static gboolean
unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

static gboolean
inspector_empty (gpointer inspector)
{
  return fifolab_entry_details_get_entry (inspector) == NULL;
}

/* The inspector follows the selection as the keyboard moves it; Ctrl+I hides
 * and shows it. */
static void
test_keyboard (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabLogView *view = fifolab_log_view_new ();
  FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (view);
  GtkWindow *window;
  GtkWidget *list;
  const char *texts[] = { "first message", "second message", "third message" };

  fifolab_log_view_set_log (view, log);
  window = fifolab_ui_test_present (GTK_WIDGET (view), 900, 600, TIMEOUT_MS);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_LINE, PIPE, -1, 4242,
                                g_get_real_time (), g_get_monotonic_time (),
                                (const guint8 *) texts[i], strlen (texts[i]));
  fifolab_log_flush (log);
  fifolab_ui_test_wait_cell (GTK_WIDGET (view), "fifolab-message", texts[2], TIMEOUT_MS);
  g_assert_null (fifolab_entry_details_get_entry (inspector));

  /* A click on the first row (what the list does for it). */
  list = fifolab_ui_test_find_descendant (fifolab_ui_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW),
                                          GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", 0, FALSE, FALSE));
  g_assert_true (fifolab_test_wait_until (inspector_shows, view, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_entry_details_get_heading (inspector), ==, _("Received Message"));
  g_assert_true (fifolab_log_entry_get_serial (fifolab_entry_details_get_entry (inspector)) == 0);

  /* Down, twice: the inspector shows the second, then the third. */
  g_assert_true (press_key (list, GDK_KEY_Down, 0));
  g_assert_cmpstr (fifolab_log_entry_get_display_text (fifolab_entry_details_get_entry (inspector)), ==, texts[1]);
  g_assert_true (press_key (list, GDK_KEY_Down, 0));
  g_assert_cmpstr (fifolab_log_entry_get_display_text (fifolab_entry_details_get_entry (inspector)), ==, texts[2]);
  g_assert_true (press_key (list, GDK_KEY_Up, 0));
  g_assert_cmpstr (fifolab_log_entry_get_display_text (fifolab_entry_details_get_entry (inspector)), ==, texts[1]);
  fifolab_test_run_for (50);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (inspector)));

  /* Ctrl+I hides it, and shows it again on the selected entry. */
  g_assert_true (press_key (list, GDK_KEY_i, GDK_CONTROL_MASK));
  g_assert_false (fifolab_log_view_get_show_inspector (view));
  g_assert_true (fifolab_test_wait_until (unmapped, inspector, TIMEOUT_MS));
  g_assert_true (press_key (list, GDK_KEY_Down, 0));
  g_assert_true (press_key (list, GDK_KEY_i, GDK_CONTROL_MASK));
  g_assert_true (fifolab_log_view_get_show_inspector (view));
  g_assert_cmpstr (fifolab_log_entry_get_display_text (fifolab_entry_details_get_entry (inspector)), ==, texts[2]);

  /* The copy shortcut works from the list too. */
  g_assert_true (press_key (list, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK));

  /* The log cleared: nothing to inspect. */
  fifolab_log_clear (log);
  fifolab_log_flush (log);
  g_assert_true (fifolab_test_wait_until (inspector_empty, inspector, TIMEOUT_MS));

  gtk_window_destroy (window);
  fifolab_test_run_for (20);
}

static void
flag_set_cb (gboolean *flag)
{
  *flag = TRUE;
}

typedef struct
{
  gboolean done;
  char    *text;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static char *
read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { FALSE, NULL };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &read);
  g_assert_true (fifolab_test_wait_for (&read.done, TIMEOUT_MS));
  return read.text;
}

/* Real keys (@keys, as xdotool names them) into @window, with the clipboard
 * emptied first: what they put on it, or NULL when it did not change within
 * @wait_ms. */
static char *
keys_copy (GtkWindow  *window,
           const char *keys,
           guint       wait_ms)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  gboolean changed = FALSE;
  gulong id;

  gdk_clipboard_set_text (clipboard, "");
  fifolab_test_run_for (20);
  id = g_signal_connect_swapped (clipboard, "changed", G_CALLBACK (flag_set_cb), &changed);
  fifolab_ui_test_press_keys (window, keys, TIMEOUT_MS);
  fifolab_test_wait_for (&changed, wait_ms);
  g_signal_handler_disconnect (clipboard, id);
  return changed ? read_clipboard (GTK_WIDGET (window)) : NULL;
}

static gboolean
focus_in_cb (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The tester's case: a row clicked, Ctrl+Shift+A pressed. The list's own
 * binding (unselect all) took the key before the copy, and the row lost its
 * selection. The copy works from the list and from the inspector; in the
 * search entry the key is still the text's (unselect all). */
static void
test_copy_c_array_keys (void)
{
  static const char expected[] =
    "static const unsigned char message[3] = {\n"
    "  0x68, 0x69, 0x21,\n"
    "};\n";
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabLogView *view = fifolab_log_view_new ();
  FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (view);
  GtkSelectionModel *selection;
  GtkWindow *window;
  GtkWidget *cell;
  GtkWidget *search_text;
  g_autofree char *from_list = NULL;
  g_autofree char *from_inspector = NULL;
  g_autofree char *from_search = NULL;
  const char *texts[] = { "first message", "hi!" };

  fifolab_log_view_set_log (view, log);
  window = fifolab_ui_test_present (GTK_WIDGET (view), 900, 600, TIMEOUT_MS);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (fifolab_ui_test_find_descendant (GTK_WIDGET (view),
                                                                                        GTK_TYPE_COLUMN_VIEW)));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_LINE, PIPE, -1, 4242,
                                g_get_real_time (), g_get_monotonic_time (),
                                (const guint8 *) texts[i], strlen (texts[i]));
  fifolab_log_flush (log);
  cell = fifolab_ui_test_wait_cell (GTK_WIDGET (view), "fifolab-message", texts[1], TIMEOUT_MS);

  /* The row clicked: selected, inspected, the focus in the list. */
  fifolab_ui_test_click (window, cell, TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (inspector_shows, view, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_log_entry_get_display_text (fifolab_entry_details_get_entry (inspector)), ==, texts[1]);
  g_assert_true (gtk_selection_model_is_selected (selection, 1));
  g_assert_true (focus_in_cb (fifolab_ui_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW)));

  /* Ctrl+Shift+A in the list: the entry as a C array, the row still
   * selected. */
  from_list = keys_copy (window, "ctrl+shift+a", TIMEOUT_MS);
  g_assert_cmpstr (from_list, ==, expected);
  g_assert_true (gtk_selection_model_is_selected (selection, 1));

  /* And in the inspector. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (inspector)));
  g_assert_true (fifolab_test_wait_until (focus_in_cb, inspector, TIMEOUT_MS));
  from_inspector = keys_copy (window, "ctrl+shift+a", TIMEOUT_MS);
  g_assert_cmpstr (from_inspector, ==, expected);
  g_assert_true (gtk_selection_model_is_selected (selection, 1));

  /* In the search entry it is the text's: its selection goes, nothing is
   * copied. */
  fifolab_log_view_set_search_mode (view, TRUE);
  search_text = fifolab_ui_test_find_descendant (fifolab_ui_test_find_descendant (GTK_WIDGET (view),
                                                                                  GTK_TYPE_SEARCH_ENTRY),
                                                 GTK_TYPE_TEXT);
  g_assert_nonnull (search_text);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, search_text, TIMEOUT_MS));
  g_assert_true (gtk_widget_grab_focus (search_text));
  gtk_editable_set_text (GTK_EDITABLE (search_text), "hi");
  gtk_editable_select_region (GTK_EDITABLE (search_text), 0, -1);
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (search_text), NULL, NULL));
  from_search = keys_copy (window, "ctrl+shift+a", 300);
  g_assert_null (from_search);
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (search_text), NULL, NULL));

  gtk_window_destroy (window);
  fifolab_test_run_for (20);
}

static void
append_temperatures (FifolabLog *log,
                     guint       first,
                     guint       n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *text = g_strdup_printf ("temperature %u", i);

      fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_LINE, PIPE, -1, 4242,
                                  g_get_real_time (), g_get_monotonic_time (),
                                  (const guint8 *) text, strlen (text));
    }
  fifolab_log_flush (log);
}

/* For fifolab_test_wait_until(): the view shows as many entries as its log
 * stores. */
static gboolean
shows_stored (gpointer data)
{
  FifolabLogView *view = data;

  return g_list_model_get_n_items (fifolab_log_view_get_shown_model (view)) ==
         fifolab_log_get_n_stored (fifolab_log_view_get_log (view));
}

/* The tester's case: a log capped at 3 entries, read a line at a time from a
 * stream that stops, the entry inspected evicted by the last lines. The row
 * goes and the selection with it, without another line: the inspector no
 * longer shows it as the selected entry (it keeps it as it keeps any entry
 * whose selection went, see update_inspector()), and the list shows the 3
 * entries the status line and an export count. */
static void
test_evicted_selection (gconstpointer data)
{
  gboolean settled = GPOINTER_TO_INT (data);
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabLogView *view = fifolab_log_view_new ();
  FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (view);
  GListModel *shown = fifolab_log_view_get_shown_model (view);
  GtkSelectionModel *selection;
  g_autoptr(GtkBitset) selected = NULL;
  GtkWindow *window;
  GtkWidget *list;

  fifolab_log_set_cap (log, 3);
  fifolab_log_view_set_log (view, log);
  window = fifolab_ui_test_present (GTK_WIDGET (view), 900, 600, TIMEOUT_MS);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (fifolab_ui_test_find_descendant (GTK_WIDGET (view),
                                                                                        GTK_TYPE_COLUMN_VIEW)));

  /* Six lines, then one: "temperature 23" is stored, the last row. */
  append_temperatures (log, 17, 6);
  append_temperatures (log, 23, 1);
  fifolab_ui_test_wait_cell (GTK_WIDGET (view), "fifolab-message", "temperature 23", TIMEOUT_MS);
  list = fifolab_ui_test_find_descendant (fifolab_ui_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW),
                                          GTK_TYPE_LIST_VIEW);
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)",
                                             g_list_model_get_n_items (shown) - 1, FALSE, FALSE));
  g_assert_true (fifolab_test_wait_until (inspector_shows, view, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_log_entry_get_display_text (fifolab_entry_details_get_entry (inspector)), ==,
                   "temperature 23");

  /* With @settled, the next announcement has removed the entry evicted by
   * "temperature 23" (kept in the model until then, see KEPT_ENTRIES in
   * fifolab-log.c) before the three come: all three rows shown then go in one
   * announcement, and the list shows nothing for a moment. Without, the
   * three come at once and "temperature 23" is kept meanwhile. */
  if (settled)
    g_assert_true (fifolab_test_wait_until (shows_stored, view, TIMEOUT_MS));

  /* Three more evict it; then nothing comes. */
  append_temperatures (log, 24, 3);
  fifolab_ui_test_wait_cell (GTK_WIDGET (view), "fifolab-message", "temperature 26", TIMEOUT_MS);
  g_assert_cmpuint (fifolab_log_get_evicted (log), ==, 7);

  /* Within 2 s (the tester waited that long), the view has let it go. */
  fifolab_test_wait_until (shows_stored, view, 2000);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, fifolab_log_get_n_stored (log));
  g_assert_cmpuint (fifolab_log_view_get_n_shown (view), ==, 3);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (shown, i);

      g_assert_cmpstr (fifolab_log_entry_get_display_text (entry), !=, "temperature 23");
    }
  fifolab_ui_test_wait_frames (GTK_WIDGET (view), 2, TIMEOUT_MS);
  g_assert_null (fifolab_ui_test_find_cell (GTK_WIDGET (view), "fifolab-message", "temperature 23"));
  /* What the inspector does whenever the selection goes: it keeps the entry
   * last read (evicted or filtered out, it is still the one read). */
  g_assert_nonnull (fifolab_entry_details_get_entry (inspector));
  g_assert_cmpstr (fifolab_log_entry_get_display_text (fifolab_entry_details_get_entry (inspector)), ==,
                   "temperature 23");

  gtk_window_destroy (window);
  fifolab_test_run_for (20);
}

/* The columns hidden and shown from the header's menu. */
static void
test_columns_menu (void)
{
  FifolabLogView *view = g_object_ref_sink (fifolab_log_view_new ());
  g_auto(GStrv) hidden = fifolab_log_view_dup_hidden_columns (view);
  g_auto(GStrv) after = NULL;
  const char *none[] = { NULL };
  const char *some[] = { "time", "pipe", NULL };

  /* The pid a watch saw is hidden too, by default (issue 15). */
  g_assert_true (g_strv_equal ((const char * const *) hidden,
                               (const char *[]) { "direction", "seen", "receiver", "size", NULL }));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "columns.size", NULL));
  after = fifolab_log_view_dup_hidden_columns (view);
  g_assert_true (g_strv_equal ((const char * const *) after, (const char *[]) { "direction", "seen", "receiver", NULL }));
  g_clear_pointer (&after, g_strfreev);

  fifolab_log_view_set_hidden_columns (view, none);
  after = fifolab_log_view_dup_hidden_columns (view);
  g_assert_cmpuint (g_strv_length (after), ==, 0);
  g_clear_pointer (&after, g_strfreev);
  g_object_set (view, "hidden-columns", some, NULL);
  g_object_get (view, "hidden-columns", &after, NULL);
  g_assert_true (g_strv_equal ((const char * const *) after, some));
  g_assert_finalize_object (view);
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

  g_test_add_data_func ("/log-inspector/message-width/1024x768", &projector, test_message_width);
  g_test_add_data_func ("/log-inspector/message-width/1180x720", &default_size, test_message_width);
  g_test_add_func ("/log-inspector/keyboard", test_keyboard);
  g_test_add_func ("/log-inspector/copy-c-array-keys", test_copy_c_array_keys);
  g_test_add_data_func ("/log-inspector/evicted-selection", GINT_TO_POINTER (FALSE), test_evicted_selection);
  g_test_add_data_func ("/log-inspector/evicted-selection-settled", GINT_TO_POINTER (TRUE), test_evicted_selection);
  g_test_add_func ("/log-inspector/columns-menu", test_columns_menu);

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
