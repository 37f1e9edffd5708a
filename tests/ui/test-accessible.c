/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every control has an accessible name (issue 13). Walks the whole window,
 * every page of it (the browser's, the side pane's: details with a pipe
 * shown, processes, lessons), and the preferences and new-pipe dialogs,
 * and fails on a control whose name a screen reader would get empty, or as
 * a class name: GTK 4.8's AT-SPI backend reports "GtkToggleButton" or
 * "GtkImage" for a button with nothing to name it (a drop-down's button,
 * a search bar's close button, an icon-only button).
 *
 * A control is a widget with an interactive role (button, toggle, menu
 * button, tab, entry, spin button, drop-down, list, ...) that is focusable,
 * a button or an entry. The items of a list are its content, not controls.
 * Its name is computed as GTK 4.8's AT-SPI backend does: its "label"
 * property followed by the names of what it is "labelled-by" (a button is
 * labelled by its child: a label names it, an image does not), joined by
 * spaces. GTK's test backend (GTK_A11Y=test) keeps those properties and
 * relations. A name must also read as a name, in any language: not a
 * mnemonic's raw text ("_Send"), not the same words twice ("Send Send",
 * which is what GTK 4.8 makes of a button with a mnemonic label; "Step One
 * Call Step", "消息模板 模板", a name and visible text that says it again),
 * and without the key a translation writes apart in brackets ("模板(T)").
 * A field (an entry, a spin button: not a button, whose content can say
 * more, the folder it shows) is named by one phrase, not its own name and
 * then the other words of its caption ("Interval in milliseconds Every"). */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-accessible.h"
#include "fifolab-application.h"
#include "fifolab-compose-bar.h"
#include "fifolab-entry-details.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-overflow-bin.h"
#include "fifolab-peer-form.h"
#include "fifolab-recording-window.h"
#include "fifolab-status-viewport.h"
#include "fifolab-step-bar.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-watch-control.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

static gboolean
is_control_role (GtkAccessibleRole role)
{
  switch (role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_GRID:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_LIST:
    case GTK_ACCESSIBLE_ROLE_LIST_BOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
    case GTK_ACCESSIBLE_ROLE_TREE:
    case GTK_ACCESSIBLE_ROLE_TREE_GRID:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Every widget of the tree, by the name GTK's test backend prints for it
 * in a relation ("GtkImage<0x...>"), to follow "labelled-by". */
static void
index_widgets (GtkWidget  *widget,
               GHashTable *by_name)
{
  g_hash_table_insert (by_name, g_strdup_printf ("%s<%p>", G_OBJECT_TYPE_NAME (widget), widget), widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    index_widgets (child, by_name);
}

/* The name AT-SPI gives @widget ("" for none: it then reports the class
 * name); its parts (its own label, then each name it is labelled by) added
 * to @parts if not NULL. */
static char *
accessible_name_parts (GtkWidget  *widget,
                       GHashTable *by_name,
                       guint       depth,
                       GPtrArray  *parts)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  g_autoptr(GString) name = g_string_new (NULL);
  guint n_parts = 0;

  if (depth > 4)
    return g_string_free (g_steal_pointer (&name), FALSE);

  /* The test backend's check answers NULL when the value is the one asked
   * for, and the value itself otherwise. */
  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *label = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");

      if (label != NULL)
        {
          g_string_append (name, label);
          n_parts++;
          if (parts != NULL)
            g_ptr_array_add (parts, g_strdup (label));
        }
    }

  if (gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      /* An empty list never matches: the answer lists the targets. */
      g_autofree char *targets = gtk_test_accessible_check_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);
      g_auto(GStrv) tokens = g_strsplit_set (targets != NULL ? targets : "", " ,", -1);

      for (guint i = 0; tokens[i] != NULL; i++)
        {
          GtkWidget *target = g_hash_table_lookup (by_name, tokens[i]);
          g_autofree char *part = NULL;

          if (target == NULL || target == widget)
            continue;
          part = accessible_name_parts (target, by_name, depth + 1, NULL);
          /* GTK joins with a space each label it finds, an empty one too
           * ("Show pipe details" and its icon's "": "Show pipe details "). */
          if (part[0] != '\0' ||
              gtk_test_accessible_has_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_LABEL))
            {
              g_string_append_printf (name, "%s%s", n_parts > 0 ? " " : "", part);
              n_parts++;
              if (parts != NULL && part[0] != '\0')
                g_ptr_array_add (parts, g_strdup (part));
            }
        }
    }

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static char *
accessible_name (GtkWidget  *widget,
                 GHashTable *by_name,
                 guint       depth)
{
  return accessible_name_parts (widget, by_name, depth, NULL);
}

/* What AT-SPI falls back to, or a name as useless: a class name. */
static gboolean
is_type_name (const char *name)
{
  return g_type_from_name (name) != 0;
}

/* Whether @name holds a mnemonic's key written apart in brackets, as a
 * translation writes it when its words have no such letter: "观察(T)"
 * (from "观察(_T)"), "发送（S）", "新建管道(N)…", "模板(T) 消息模板": one
 * character in brackets after words, at the end of a part of the name
 * (before a space, an ellipsis or the end). */
static gboolean
has_bracketed_key (const char *name)
{
  static const char *const opens[] = { "(", "（" };
  static const char *const closes[] = { ")", "）" };

  for (guint i = 0; i < G_N_ELEMENTS (opens); i++)
    for (const char *open = strstr (name, opens[i]); open != NULL; open = strstr (open + 1, opens[i]))
      {
        const char *key = open + strlen (opens[i]);
        const char *after;

        if (open == name || *key == '\0' || g_unichar_isspace (g_utf8_get_char (key)))
          continue;
        if (!g_str_has_prefix (g_utf8_next_char (key), closes[i]))
          continue;
        after = g_utf8_next_char (key) + strlen (closes[i]);
        if (*after == '\0' || *after == ' ' || g_str_has_prefix (after, "…") || g_str_has_prefix (after, "..."))
          return TRUE;
      }
  return FALSE;
}

/* Whether @part says again words @whole says, compared without the
 * underscores of a mnemonic's raw text, by fifolab_accessible_says():
 * found in it as whole words ("Template" in "Message template", not "Run"
 * in "Rerun"; in a language written without spaces, anywhere: "模板" in
 * "消息模板"). A part with no words says nothing again. */
static gboolean
says_again (const char *whole,
            const char *part)
{
  g_autoptr(GString) plain_whole = g_string_new (whole);
  g_autoptr(GString) plain_part = g_string_new (part);
  g_autofree char *needle = NULL;

  g_string_replace (plain_whole, "_", "", 0);
  g_string_replace (plain_part, "_", "", 0);
  needle = fifolab_accessible_comparable (plain_part->str);
  return *needle != '\0' && fifolab_accessible_says (plain_whole->str, plain_part->str);
}

/* Whether a screen reader would read @name, made of @parts, as a name: not
 * one phrase said twice ("Statistics Statistics", or "_Send Send": a
 * mnemonic's raw text, then the label's, compared without the
 * underscores), nor a part the words of another say again ("Step One Call
 * Step", "消息模板 模板"); nor with a translation's mnemonic key:
 * "观察(T)". */
static gboolean
reads_as_name (const char *name,
               GPtrArray  *parts)
{
  g_autoptr(GString) plain = g_string_new (name);
  gsize half;

  if (has_bracketed_key (name))
    return FALSE;
  for (guint i = 0; i < parts->len; i++)
    for (guint j = 0; j < parts->len; j++)
      if (i != j && says_again (g_ptr_array_index (parts, i), g_ptr_array_index (parts, j)))
        return FALSE;
  g_string_replace (plain, "_", "", 0);
  half = plain->len / 2;
  return plain->len % 2 == 0 || plain->str[half] != ' ' ||
         strncmp (plain->str, plain->str + half + 1, half) != 0;
}

/* Whether @widget shows what labels it inside (a button's label or
 * content, a menu button's), which can say more than its name. */
static gboolean
shows_its_label (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget);
}

/* A path a person can follow to the control: its ancestors' types, and the
 * nearest text or tooltip around it. */
static char *
describe (GtkWidget *widget)
{
  g_autoptr(GString) path = g_string_new (G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (w);

      g_string_prepend (path, " > ");
      g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
      if (tooltip != NULL)
        {
          g_string_append_printf (path, " (inside “%s”)", tooltip);
          break;
        }
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
check_controls (GtkWidget  *widget,
                GHashTable *by_name,
                GPtrArray  *unnamed)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  /* A popover that is not open is not in the accessible tree. */
  if (GTK_IS_POPOVER (widget) && !gtk_widget_get_mapped (widget))
    return;

  /* An entry takes the focus through the text inside it, which has no
   * role of its own: the entry is the control. */
  if (is_control_role (role) &&
      (gtk_widget_get_focusable (widget) || GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) ||
       GTK_IS_EDITABLE (widget)))
    {
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *name = accessible_name_parts (widget, by_name, 0, parts);

      g_test_message ("%s: “%s”", G_OBJECT_TYPE_NAME (widget), name);
      if (name[0] == '\0' || is_type_name (name) || !reads_as_name (name, parts) ||
          (parts->len > 1 && !shows_its_label (widget)) ||
          g_ascii_isspace (name[0]) || g_ascii_isspace (name[strlen (name) - 1]))
        {
          g_autofree char *path = describe (widget);

          g_ptr_array_add (unnamed, g_strdup_printf ("%s: “%s”", path, name));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_controls (child, by_name, unnamed);
}

/* What @collect finds in @root's tree (it adds a line for each to its
 * third argument), listed for the log after @what, and counted. */
typedef void (*Collect) (GtkWidget  *widget,
                         GHashTable *by_name,
                         GPtrArray  *found);

static guint
count_found (GtkWidget  *root,
             Collect     collect,
             const char *what)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  index_widgets (root, by_name);
  collect (root, by_name, found);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("%s: %s", what, (const char *) g_ptr_array_index (found, i));
  return found->len;
}

/* The controls of @root without a name. */
static guint
count_unnamed (GtkWidget *root)
{
  return count_found (root, check_controls, "no accessible name");
}

/* The check itself sees what AT-SPI reports: an icon-only button, a
 * drop-down, a search bar's close button and a menu button, as GTK makes
 * them, have no name; named, they have one, and a class name is none. */
static void
test_accessible_check (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *drop_down = gtk_drop_down_new_from_strings ((const char *[]) { "a", "b", NULL });
  GtkWidget *search_bar = gtk_search_bar_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *mnemonic = gtk_button_new_with_mnemonic ("_Named");

  g_object_ref_sink (box);
  gtk_search_bar_set_show_close_button (GTK_SEARCH_BAR (search_bar), TRUE);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_box_append (GTK_BOX (box), mnemonic);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), drop_down);
  gtk_box_append (GTK_BOX (box), search_bar);
  gtk_box_append (GTK_BOX (box), menu_button);
  /* The menu button and the toggle button inside it; the mnemonic button,
   * named "_Named Named" by GTK 4.8. */
  g_assert_cmpuint (count_unnamed (box), ==, 6);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, "GtkMenuButton", -1);
  g_assert_cmpuint (count_unnamed (box), ==, 5);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, "Menu", -1);
  g_assert_cmpuint (count_unnamed (box), ==, 3);

  /* Named by its text alone, also after GTK sets a new label. */
  fifolab_accessible_name_parts (mnemonic);
  g_assert_cmpuint (count_unnamed (box), ==, 2);
  gtk_button_set_label (GTK_BUTTON (mnemonic), "_Renamed");
  g_assert_cmpuint (count_unnamed (box), ==, 2);

  /* A translation's mnemonic key written apart, after the words: named by
   * the words alone, not "观察(T)". */
  {
    GtkWidget *bracketed = gtk_button_new_with_mnemonic ("观察(_T)");
    GtkWidget *wide = gtk_button_new_with_mnemonic ("立即放行（_L）");
    g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autofree char *name = NULL;
    g_autofree char *wide_name = NULL;

    gtk_box_append (GTK_BOX (box), bracketed);
    gtk_box_append (GTK_BOX (box), wide);
    g_assert_cmpuint (count_unnamed (box), ==, 4);
    gtk_accessible_update_property (GTK_ACCESSIBLE (bracketed), GTK_ACCESSIBLE_PROPERTY_LABEL, "观察(T)", -1);
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (bracketed), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    g_assert_cmpuint (count_unnamed (box), ==, 4);
    fifolab_accessible_name_parts (bracketed);
    fifolab_accessible_name_parts (wide);
    g_assert_cmpuint (count_unnamed (box), ==, 2);
    index_widgets (box, by_name);
    name = accessible_name (bracketed, by_name, 0);
    wide_name = accessible_name (wide, by_name, 0);
    g_assert_cmpstr (name, ==, "观察");
    g_assert_cmpstr (wide_name, ==, "立即放行");
  }

  g_object_unref (box);
}

/* A control named, and also labelled by visible text that says the same
 * (a mnemonic label, a button's content), or by a mnemonic label whose
 * translation writes the key apart, is found out by the check, in any
 * language; named by fifolab_accessible_name_parts(), it says its words
 * once. So does a field captioned in other words ("Read size" beside
 * "Bytes per read"): its own name alone. Text a button shows that says
 * more (a folder's name) stays in the name. */
static void
test_accessible_said_once (void)
{
  static const struct {
    const char *label;          /* its own accessible name */
    const char *mnemonic;       /* its mnemonic label */
    const char *expected;       /* its name once named */
  } fields[] = {
    { "Message template", "_Template", "Message template" },
    { "消息模板", "模板(_T)", "消息模板" },
    { "消息数量", "数量（_C）", "消息数量" },
    { "Bytes per read", "Read _size", "Bytes per read" },
    { "每次读取的字节数", "读取大小(_S)", "每次读取的字节数" },
  };
  static const struct {
    const char *label;
    const char *content;        /* its AdwButtonContent's text */
    const char *expected;
  } buttons[] = {
    { "Step One Call", "_Step", "Step One Call" },
    { "单步放行一个调用", "单步(_S)", "单步放行一个调用" },
    { "上一步", "上一步", "上一步" },
    { "New pipe", "_New Pipe…", "New pipe" },
    { "新建管道", "新建管道(_N)…", "新建管道" },
    { "Choose the folder of pipes", "lab", "Choose the folder of pipes lab" },
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *shown = gtk_window_new ();
  GtkWidget *controls[G_N_ELEMENTS (fields) + G_N_ELEMENTS (buttons)];
  const char *expected[G_N_ELEMENTS (controls)];
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *label = gtk_label_new_with_mnemonic (fields[i].mnemonic);
      GtkWidget *entry = gtk_entry_new ();

      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, fields[i].label, -1);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), entry);
      controls[i] = entry;
      expected[i] = fields[i].expected;
    }
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), buttons[i].content);
      adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, buttons[i].label, -1);
      gtk_box_append (GTK_BOX (box), button);
      controls[G_N_ELEMENTS (fields) + i] = button;
      expected[G_N_ELEMENTS (fields) + i] = buttons[i].expected;
    }

  /* As GTK and libadwaita name them once shown (a button's content makes
   * the button labelled by its text when rooted): the check finds all but
   * the button whose content says more, "Choose the folder of pipes lab". */
  g_object_ref_sink (box);
  gtk_window_set_child (GTK_WINDOW (shown), box);
  g_assert_cmpuint (count_unnamed (box), ==, G_N_ELEMENTS (controls) - 1);

  /* Named, as a template is, before it is shown again. */
  gtk_window_set_child (GTK_WINDOW (shown), NULL);
  fifolab_accessible_name_parts (box);
  gtk_window_set_child (GTK_WINDOW (shown), box);
  index_widgets (box, by_name);
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      g_autofree char *name = accessible_name (controls[i], by_name, 0);

      g_test_message ("named: “%s”", name);
      g_assert_cmpstr (name, ==, expected[i]);
    }
  g_assert_cmpuint (count_unnamed (box), ==, 0);

  gtk_window_destroy (GTK_WINDOW (shown));
  g_object_unref (box);
}

/* The Watch part of the details of a pipe shown (@details): each of its
 * controls, shown or not yet (Let Go Now, Use Tap Instead), is named in the
 * language shown, by the translation of its English name; in a language
 * other than English, not by the English words. */
static void
check_watch_names (GtkWidget *details)
{
  static const char *const english[] = { "Watch", "Let Go Now (the Write Returns Short)", "Use Tap Instead" };
  GtkWidget *control = fifolab_ui_test_find_descendant (details, FIFOLAB_TYPE_WATCH_CONTROL);
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  guint named[G_N_ELEMENTS (english)] = { 0 };

  g_assert_nonnull (control);
  index_widgets (control, by_name);
  g_ptr_array_add (stack, control);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_BUTTON (widget))
        g_ptr_array_add (buttons, widget);
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  g_assert_cmpuint (buttons->len, ==, G_N_ELEMENTS (english));
  for (guint i = 0; i < buttons->len; i++)
    {
      g_autofree char *name = accessible_name (g_ptr_array_index (buttons, i), by_name, 0);
      gboolean known = FALSE;

      g_test_message ("Watch part: %s “%s”", G_OBJECT_TYPE_NAME (g_ptr_array_index (buttons, i)), name);
      for (guint j = 0; j < G_N_ELEMENTS (english); j++)
        if (g_str_equal (name, g_dgettext (GETTEXT_PACKAGE, english[j])))
          {
            named[j]++;
            known = TRUE;
            if (fifolab_ui_test_language () != NULL && !g_str_has_prefix (fifolab_ui_test_language (), "en"))
              g_assert_cmpstr (name, !=, english[j]);
          }
      g_assert_true (known);
    }
  for (guint j = 0; j < G_N_ELEMENTS (english); j++)
    g_assert_cmpuint (named[j], ==, 1);
}

/* The visible page of @data (a GtkStack) holds a bin whose content is
 * built and shown. */
static gboolean
page_built (gpointer data)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (data));
  GtkWidget *content = ADW_IS_BIN (page) ? adw_bin_get_child (ADW_BIN (page)) : NULL;

  return content != NULL && gtk_widget_get_mapped (content);
}

static gboolean
lessons_mapped (gpointer data)
{
  GtkWidget *page = fifolab_ui_test_find_descendant (GTK_WIDGET (data), FIFOLAB_TYPE_LESSONS_PAGE);

  return page != NULL && gtk_widget_get_mapped (page);
}

/* Shows in the window the folder @folder, holding one FIFO, "my_pipe",
 * and that pipe; returns the pipe's path once its details page is built. */
static char *
show_pipe (const char *folder)
{
  char *path = g_build_filename (folder, "my_pipe", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_true (fifolab_window_set_folder (window, file, &error));
  g_assert_no_error (error);
  /* A pipe shown: its row and its details page are built. */
  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (page_built, fifolab_ui_test_find_descendant (_fifolab_window_get_details (window), GTK_TYPE_STACK), TIMEOUT_MS));
  return path;
}

/* Undoes show_pipe(): the session's pipes closed, the FIFO @path and the
 * folder @folder (fifolab_test_tmpdir_new()) removed. */
static void
drop_pipe (char       *folder,
           const char *path)
{
  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  g_unlink (path);
  fifolab_test_tmpdir_free (folder);
}

static void
test_accessible_window (void)
{
  g_autofree char *folder = fifolab_test_tmpdir_new ();
  g_autofree char *path = show_pipe (folder);
  GtkStack *side_stack;
  guint unnamed = 0;

  /* The search and filter bar, the side pane's pages: built when shown. */
  gtk_widget_activate_action (_fifolab_window_get_log_view (window), "log.search", NULL);
  side_stack = GTK_STACK (gtk_widget_get_ancestor (_fifolab_window_get_details (window), GTK_TYPE_STACK));
  g_assert_nonnull (side_stack);
  /* The lessons' stage, which takes the window's main area: its controls
   * (the card's, the lesson log's) counted while it is shown. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL);
  g_assert_true (fifolab_test_wait_until (lessons_mapped, window, TIMEOUT_MS));
  unnamed += count_unnamed (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL);
  gtk_stack_set_visible_child_name (side_stack, "processes");
  g_assert_true (fifolab_test_wait_until (page_built, side_stack, TIMEOUT_MS));
  /* The side pane's Lessons page (what the stage leaves behind), built
   * when chosen: counted while the stage is shown. */
  gtk_stack_set_visible_child_name (side_stack, "lessons");
  g_assert_nonnull (adw_bin_get_child (ADW_BIN (gtk_stack_get_visible_child (side_stack))));
  g_assert_true (fifolab_test_wait_until (lessons_mapped, window, TIMEOUT_MS));
  unnamed += count_unnamed (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL);
  gtk_stack_set_visible_child_name (side_stack, "details");

  unnamed += count_unnamed (GTK_WIDGET (window));

  /* The dialogs. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-pipe", NULL);
  {
    GtkWindow *dialog = NULL;
    GtkWindow *prefs;
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (toplevel != GTK_WINDOW (window) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
          dialog = toplevel;
      }
    g_assert_nonnull (dialog);
    g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (dialog), TIMEOUT_MS));
    unnamed += count_unnamed (GTK_WIDGET (dialog));
    gtk_window_destroy (dialog);

    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
    prefs = fifolab_ui_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
    g_assert_nonnull (prefs);
    g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (prefs), TIMEOUT_MS));
    unnamed += count_unnamed (GTK_WIDGET (prefs));
    gtk_window_destroy (prefs);
  }

  g_assert_cmpuint (unnamed, ==, 0);

  drop_pipe (g_steal_pointer (&folder), path);
}

/* The spin button in @root named @english in its template is named, as
 * AT-SPI computes it, by that phrase alone in the language shown: not
 * followed by its caption's other words ("Interval in milliseconds
 * Every", "Largest memory of the log, in MiB Log Memory Limit (MiB)"). */
static void
check_spin_name (GtkWidget  *root,
                 const char *english)
{
  const char *expected = g_dgettext (GETTEXT_PACKAGE, english);
  GtkWidget *spin = fifolab_ui_test_find_widget (root, fifolab_ui_test_is_spin_named, expected);
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *name = NULL;

  g_assert_nonnull (spin);
  /* Its caption may be outside @root: beside it, or its row's title. */
  index_widgets (GTK_WIDGET (gtk_widget_get_root (spin)), by_name);
  name = accessible_name (spin, by_name, 0);
  g_test_message ("spin button “%s”: “%s”", expected, name);
  g_assert_cmpstr (name, ==, expected);
}

/* The spin buttons with a caption beside them or above them: the compose
 * bar's Repeat and Every (in its row and in its Repeat… popover), the
 * Processes page's form's, the preferences' log limits. */
static void
test_accessible_field_names (void)
{
  g_autofree char *folder = fifolab_test_tmpdir_new ();
  g_autofree char *path = show_pipe (folder);
  GtkWidget *compose = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_COMPOSE_BAR);
  GtkWidget *repeat_button;
  GtkWidget *form;
  GtkStack *side_stack;
  GtkWindow *prefs;

  g_assert_nonnull (compose);
  check_spin_name (compose, "Repeat count");
  check_spin_name (compose, "Interval in milliseconds");
  repeat_button = fifolab_ui_test_find_descendant (compose, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (repeat_button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (repeat_button));
  g_assert_nonnull (gtk_menu_button_get_popover (GTK_MENU_BUTTON (repeat_button)));
  check_spin_name (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (repeat_button))), "Repeat count");
  check_spin_name (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (repeat_button))),
                   "Interval in milliseconds");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (repeat_button));

  side_stack = GTK_STACK (gtk_widget_get_ancestor (_fifolab_window_get_details (window), GTK_TYPE_STACK));
  gtk_stack_set_visible_child_name (side_stack, "processes");
  g_assert_true (fifolab_test_wait_until (page_built, side_stack, TIMEOUT_MS));
  form = fifolab_ui_test_find_descendant (GTK_WIDGET (side_stack), FIFOLAB_TYPE_PEER_FORM);
  g_assert_nonnull (form);
  check_spin_name (form, "Message count");
  check_spin_name (form, "Interval between messages in milliseconds");
  check_spin_name (form, "Bytes per read");
  gtk_stack_set_visible_child_name (side_stack, "details");

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = fifolab_ui_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (prefs), TIMEOUT_MS));
  check_spin_name (GTK_WIDGET (prefs), "Largest memory of the log, in MiB");
  check_spin_name (GTK_WIDGET (prefs), "Largest number of log entries");
  gtk_window_destroy (prefs);

  drop_pipe (g_steal_pointer (&folder), path);
}

/* The Watch part of a pipe's details, in the language shown (ui-accessible
 * runs it in English, ui-accessible-zh_CN in Chinese). */
static void
test_accessible_watch (void)
{
  g_autofree char *folder = fifolab_test_tmpdir_new ();
  g_autofree char *path = show_pipe (folder);

  check_watch_names (_fifolab_window_get_details (window));

  drop_pipe (g_steal_pointer (&folder), path);
}

/* The buttons of @widget's tree whose names begin with @phrase, each
 * name added to @names. */
static void
collect_named_buttons (GtkWidget  *widget,
                       GHashTable *by_name,
                       const char *phrase,
                       GPtrArray  *names)
{
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_BUTTON)
    {
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *name = accessible_name_parts (widget, by_name, 0, parts);

      if (g_str_has_prefix (name, phrase))
        {
          g_test_message ("folder button: “%s”", name);
          g_assert_true (reads_as_name (name, parts));
          g_ptr_array_add (names, g_steal_pointer (&name));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named_buttons (child, by_name, phrase, names);
}

/* The header's folder button says the folder shown, by its name, while the
 * window shows, after the folder changes: "Choose the folder of pipes
 * alpha", then, for a folder whose name the button's own name already says
 * ("pipes", the last word of it in the language shown), that name once,
 * then "… omega": never the folder shown before, never words twice. */
static void
test_accessible_folder_follows (void)
{
  const char *phrase = _("Choose the folder of pipes");
  g_auto(GStrv) words = g_strsplit (phrase, " ", -1);
  const char *folders[] = { "alpha", words[g_strv_length (words) - 1], "omega" };
  g_autofree char *top = fifolab_test_tmpdir_new ();

  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (top, folders[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *expected = NULL;
      gboolean found = FALSE;

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_assert_true (fifolab_window_set_folder (window, file, &error));
      g_assert_no_error (error);
      expected = fifolab_accessible_says (phrase, folders[i])
                   ? g_strdup (phrase)
                   : g_strdup_printf ("%s %s", phrase, folders[i]);

      index_widgets (GTK_WIDGET (window), by_name);
      collect_named_buttons (GTK_WIDGET (window), by_name, phrase, names);
      for (guint j = 0; j < names->len; j++)
        {
          const char *name = g_ptr_array_index (names, j);

          /* The folder button, or one that shows no folder. */
          if (g_str_equal (name, expected))
            found = TRUE;
          else
            g_assert_cmpstr (name, ==, phrase);
          if (i > 0 && !fifolab_accessible_says (phrase, folders[i - 1]))
            g_assert_null (strstr (name, folders[i - 1]));
        }
      g_assert_true (found);
    }

  fifolab_test_tmpdir_free (g_steal_pointer (&top));
}

/* The browser's page for a folder that cannot be listed, built when a
 * folder first cannot be listed (here, a folder deleted while shown): its
 * controls named as the window's others. */
static void
test_accessible_problem_page (void)
{
  g_autofree char *gone = fifolab_test_tmpdir_new ();
  g_autoptr(GFile) file = g_file_new_for_path (gone);
  g_autoptr(GError) error = NULL;
  GtkWidget *try_again;

  g_assert_true (fifolab_window_set_folder (window, file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rmdir (gone), ==, 0);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) _("Try again"),
                                          TIMEOUT_MS));
  try_again = fifolab_ui_window_test_button (_("Try again"));
  g_assert_nonnull (fifolab_ui_test_find_widget (gtk_widget_get_ancestor (try_again, ADW_TYPE_BIN),
                                                 fifolab_ui_test_is_button_named,
                                                 _("Choose another folder")));
  g_assert_cmpuint (count_unnamed (GTK_WIDGET (window)), ==, 0);
}

/* The names of @root's rows: GTK's row widgets, which take the focus in a
 * list view and a column view (under GTK 4.8, "GtkListItemWidget": its
 * cells are other types), each as AT-SPI would say it. */
static void
collect_row_names (GtkWidget  *widget,
                   GHashTable *by_name,
                   GPtrArray  *names)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget"))
    g_ptr_array_add (names, accessible_name (widget, by_name, 0));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_row_names (child, by_name, names);
}

/* Whether one of @names has each of the NULL-terminated words after it. */
static gboolean
a_name_says (GPtrArray *names,
             ...)
{
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      gboolean all = TRUE;
      const char *word;
      va_list args;

      va_start (args, names);
      while (all && (word = va_arg (args, const char *)) != NULL)
        all = strstr (name, word) != NULL;
      va_end (args);
      if (all)
        return TRUE;
    }
  return FALSE;
}

/* Whether one of @names is @name. */
static gboolean
a_name_is (GPtrArray  *names,
           const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], name))
      return TRUE;
  return FALSE;
}

/* The names of @root's rows, each one a name: not empty (AT-SPI would say
 * nothing, or the class name), not a class name. */
static GPtrArray *
collect_named_rows (GtkWidget *root)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  index_widgets (root, by_name);
  collect_row_names (root, by_name, names);
  for (guint i = 0; i < names->len; i++)
    {
      g_test_message ("row: “%s”", (const char *) names->pdata[i]);
      g_assert_cmpstr (names->pdata[i], !=, "");
      g_assert_false (is_type_name (names->pdata[i]));
    }
  return names;
}

/* Whether each of @data's rows (a widget's) has a name: the log's rows
 * are named when the main loop is idle, after they are bound. */
static gboolean
rows_all_named (gpointer data)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  index_widgets (data, by_name);
  collect_row_names (data, by_name, names);
  for (guint i = 0; i < names->len; i++)
    if (((const char *) names->pdata[i])[0] == '\0')
      return FALSE;
  return TRUE;
}

/* The parts of a column view GTK makes itself, found as the app finds
 * them: by where they stand, not by GTK's private type names. */
typedef enum
{
  PART_CELLS,   /* the children of each row of its list view */
  PART_TITLES,  /* the children of its "header" child, a hidden one too */
} ColumnViewPart;

/* Appends to @names the name AT-SPI would say for each child of @parent. */
static void
add_children_names (GtkWidget  *parent,
                    GHashTable *by_name,
                    GPtrArray  *names)
{
  for (GtkWidget *child = gtk_widget_get_first_child (parent); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (names, accessible_name (child, by_name, 0));
}

/* The names of the cells or titles (@part) of @column_view, which GTK
 * 4.8's AT-SPI backend said by their class names. */
static GPtrArray *
collect_part_names (GtkWidget      *column_view,
                    ColumnViewPart  part)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *list = fifolab_ui_test_find_descendant (column_view, GTK_TYPE_LIST_VIEW);

  g_assert_nonnull (list);
  index_widgets (column_view, by_name);
  if (part == PART_TITLES)
    {
      for (GtkWidget *child = gtk_widget_get_first_child (column_view); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (g_str_equal (gtk_widget_get_css_name (child), "header"))
          add_children_names (child, by_name, names);
    }
  else
    for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
      if (g_str_equal (gtk_widget_get_css_name (row), "row"))
        add_children_names (row, by_name, names);
  return names;
}

/* Whether each of @names is a name: not empty (AT-SPI then says the class
 * name), not a class name. */
static gboolean
all_named (GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    if (((const char *) names->pdata[i])[0] == '\0' || is_type_name (names->pdata[i]))
      return FALSE;
  return TRUE;
}

/* Whether every cell of the column view @data is named. */
static gboolean
cells_named (gpointer data)
{
  g_autoptr(GPtrArray) names = collect_part_names (data, PART_CELLS);

  return names->len > 0 && all_named (names);
}

/* Asserts that every cell and title of @column_view is named, each title
 * by its column's title. */
static void
assert_cells_and_titles_named (GtkWidget *column_view)
{
  g_autoptr(GPtrArray) cells = collect_part_names (column_view, PART_CELLS);
  g_autoptr(GPtrArray) titles = collect_part_names (column_view, PART_TITLES);
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view));

  for (guint i = 0; i < cells->len; i++)
    g_test_message ("cell: “%s”", (const char *) cells->pdata[i]);
  for (guint i = 0; i < titles->len; i++)
    g_test_message ("title: “%s”", (const char *) titles->pdata[i]);
  g_assert_cmpuint (cells->len, >, 0);
  g_assert_true (all_named (cells));
  g_assert_cmpuint (titles->len, >, 0);
  g_assert_true (all_named (titles));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (column))
        g_assert_true (a_name_is (titles, gtk_column_view_column_get_title (column)));
    }
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} RowQuery;

static gboolean
row_named (gpointer data)
{
  RowQuery *query = data;
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  index_widgets (query->root, by_name);
  collect_row_names (query->root, by_name, names);
  return a_name_says (names, query->text, NULL);
}

static gboolean
label_starts_with (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), data);
}

/* Whether a label in @data's root shows text that starts with its text:
 * a list's row bound. */
static gboolean
row_shown (gpointer data)
{
  RowQuery *query = data;

  return fifolab_ui_test_find_widget (query->root, label_starts_with, query->text) != NULL;
}

/* A row says what it shows, in the language shown: a received message its
 * direction, text, claimed pid and pipe; an event its title and
 * explanation; a pipe in the list its name, connection and framing; the
 * row of the log's column titles that it is the column headers; a row of
 * the entry inspector's text its text, one of its hex view its offset, its
 * bytes and their characters. GTK 4.8's AT-SPI backend said
 * "GtkListItemWidget" for each, or nothing. */
static void
test_accessible_rows (void)
{
  static const char text[] = "Hello from pid [4242]";
  g_autofree char *folder = fifolab_test_tmpdir_new ();
  g_autofree char *path = show_pipe (folder);
  FifolabLog *log = fifolab_session_get_log (fifolab_application_get_session (app));
  GtkWidget *log_view = _fifolab_window_get_log_view (window);
  GtkWidget *pipe_list = GTK_WIDGET (window->pipe_list);
  RowQuery query = { log_view, text };
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pipe_part = g_strdup_printf (_("pipe %s"), "my_pipe");
  g_autofree char *pid_part = g_strdup_printf (_("claimed pid %s"), "4242");
  gint64 now = g_get_real_time ();
  static const char line[] = "Hello from pid [4243]\n";
  g_autofree char *line_pid_part = g_strdup_printf (_("claimed pid %s"), "4243");
  g_autofree char *line_said = g_strconcat ("Hello from pid [4243]", C_("row parts", ", "), line_pid_part, NULL);

  g_assert_nonnull (pipe_list);
  fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WRITER_CONNECTED, 0, path, 4242, -1,
                      now, g_get_monotonic_time (), NULL, 0);
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, 0, 0, path, 4242, getpid (),
                      now, g_get_monotonic_time (), (const guint8 *) text, strlen (text));
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, 0, 0, path, 4243, getpid (),
                      now, g_get_monotonic_time (), (const guint8 *) line, strlen (line));
  query.text = "[4243]";
  g_assert_true (fifolab_test_wait_until (row_named, &query, TIMEOUT_MS));
  query.text = text;
  g_assert_true (fifolab_test_wait_until (row_named, &query, TIMEOUT_MS));

  index_widgets (log_view, by_name);
  collect_row_names (log_view, by_name, names);
  /* In the order a person reads it. */
  g_assert_true (a_name_says (names, _("Received"), text, pid_part, pipe_part, NULL));
  for (guint i = 0; i < names->len; i++)
    if (strstr (names->pdata[i], text) != NULL)
      {
        const char *name = names->pdata[i];

        g_assert_true (strstr (name, _("Received")) < strstr (name, text));
        g_assert_true (strstr (name, text) < strstr (name, pid_part));
        g_assert_true (strstr (name, pid_part) < strstr (name, pipe_part));
      }
  /* A line's end, shown in the row as "\n", is not said. */
  g_assert_true (a_name_says (names, line_said, NULL));
  for (guint i = 0; i < names->len; i++)
    g_assert_null (strstr (names->pdata[i], "\\n"));
  g_assert_true (a_name_says (names, fifolab_event_kind_get_title (FIFOLAB_EVENT_WRITER_CONNECTED),
                              fifolab_event_kind_get_explanation (FIFOLAB_EVENT_WRITER_CONNECTED),
                              pipe_part, NULL));
  for (guint i = 0; i < names->len; i++)
    g_assert_false (is_type_name (names->pdata[i]));

  /* The column view's own rows, the titles' too: each a name. */
  {
    GtkWidget *column_view = fifolab_ui_test_find_descendant (log_view, GTK_TYPE_COLUMN_VIEW);
    g_autoptr(GPtrArray) view_names = NULL;

    g_assert_nonnull (column_view);
    g_assert_true (fifolab_test_wait_until (rows_all_named, column_view, TIMEOUT_MS));
    view_names = collect_named_rows (column_view);
    g_assert_true (a_name_is (view_names, _("Column headers")));
  }

  /* Each cell of the log's rows and each column title says what it shows
   * (GTK 4.8's AT-SPI backend said their private class names): a
   * message's cell its text, without the line end; and so still after a
   * column is hidden and shown again, which makes its cells anew. */
  {
    GtkWidget *column_view = fifolab_ui_test_find_descendant (log_view, GTK_TYPE_COLUMN_VIEW);
    GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view));
    g_autoptr(GtkColumnViewColumn) pipe_column = NULL;
    g_autoptr(GPtrArray) cells = NULL;

    assert_cells_and_titles_named (column_view);
    cells = collect_part_names (column_view, PART_CELLS);
    g_assert_true (a_name_is (cells, text));
    g_assert_true (a_name_is (cells, "Hello from pid [4243]"));
    g_assert_true (a_name_is (cells, "my_pipe"));

    for (guint i = 0; i < g_list_model_get_n_items (columns) && pipe_column == NULL; i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        if (g_strcmp0 (gtk_column_view_column_get_title (column), _("Pipe")) == 0)
          pipe_column = g_steal_pointer (&column);
      }
    g_assert_nonnull (pipe_column);
    g_assert_true (gtk_column_view_column_get_visible (pipe_column));
    gtk_column_view_column_set_visible (pipe_column, FALSE);
    gtk_column_view_column_set_visible (pipe_column, TRUE);
    g_assert_true (fifolab_test_wait_until (cells_named, column_view, TIMEOUT_MS));
    assert_cells_and_titles_named (column_view);
    g_ptr_array_unref (cells);
    cells = collect_part_names (column_view, PART_CELLS);
    g_assert_true (a_name_is (cells, "my_pipe"));
  }

  /* The inspector's rows, once the line's row is chosen: its text without
   * the "\n" it shows; in hex, each row's offset, bytes and characters. */
  {
    FifolabEntryDetails *inspector = fifolab_log_view_get_inspector (FIFOLAB_LOG_VIEW (log_view));
    GtkWidget *column_view = fifolab_ui_test_find_descendant (log_view, GTK_TYPE_COLUMN_VIEW);
    GtkSelectionModel *shown = gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));
    g_autofree char *hex_first = g_strdup_printf (_("Offset 0x%04zx: %s, “%s”"), (gsize) 0,
                                                  "48 65 6c 6c 6f 20 66 72 6f 6d 20 70 69 64 20 5b",
                                                  "Hello from pid [");
    g_autofree char *hex_second = g_strdup_printf (_("Offset 0x%04zx: %s, “%s”"), (gsize) 0x10,
                                                   "34 32 34 33 5d 0a", "4243].");
    g_autoptr(GPtrArray) inspector_names = NULL;
    guint position = G_MAXUINT;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shown)) && position == G_MAXUINT; i++)
      {
        g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (shown), i);
        GBytes *bytes = fifolab_log_entry_get_bytes (entry);

        if (bytes != NULL && g_bytes_get_size (bytes) == strlen (line) &&
            memcmp (g_bytes_get_data (bytes, NULL), line, strlen (line)) == 0)
          position = i;
      }
    g_assert_cmpuint (position, !=, G_MAXUINT);
    gtk_selection_model_select_item (shown, position, TRUE);
    /* The rows, bound, show the text and the hex lines. */
    query.root = GTK_WIDGET (inspector);
    query.text = "Hello from pid [4243]\\n";
    g_assert_true (fifolab_test_wait_until (row_shown, &query, TIMEOUT_MS));
    inspector_names = collect_named_rows (GTK_WIDGET (inspector));
    g_assert_true (a_name_is (inspector_names, "Hello from pid [4243]"));

    gtk_stack_set_visible_child_name (fifolab_entry_details_get_stack (inspector), "hex");
    query.text = "00000010 ";
    g_assert_true (fifolab_test_wait_until (row_shown, &query, TIMEOUT_MS));
    g_ptr_array_unref (inspector_names);
    inspector_names = collect_named_rows (GTK_WIDGET (inspector));
    g_assert_true (a_name_is (inspector_names, hex_first));
    g_assert_true (a_name_is (inspector_names, hex_second));
    gtk_stack_set_visible_child_name (fifolab_entry_details_get_stack (inspector), "text");
    gtk_selection_model_unselect_all (shown);
  }

  /* The pipe's row in the list. */
  query.root = pipe_list;
  query.text = "my_pipe";
  /* The browser, folded over the log at the test window's width. */
  adw_flap_set_reveal_flap (window->browser_flap, TRUE);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, pipe_list, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (row_named, &query, TIMEOUT_MS));
  g_ptr_array_set_size (names, 0);
  g_hash_table_remove_all (by_name);
  index_widgets (pipe_list, by_name);
  collect_row_names (pipe_list, by_name, names);
  g_assert_cmpuint (names->len, >=, 1);
  g_assert_true (a_name_says (names, "my_pipe", "rw-------", NULL));

  drop_pipe (g_steal_pointer (&folder), path);
}

/* Whether GTK 4.8's AT-SPI backend says @accessible by its class name
 * ("GtkScrollbar", "AdwSqueezer", "GtkStackPage"): it has no "label",
 * not even an empty one, nor a "labelled-by", and a role that GTK does not
 * leave unnamed (a generic container's, a group's). Seen with pyatspi: a
 * GtkBox (generic) is said "", a squeezer (the default role) "AdwSqueezer",
 * the same squeezer made with the generic role "". */
static gboolean
says_class_name (GtkAccessible *accessible)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (accessible);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return FALSE;
  /* Hidden: not in the tree. (The check answers NULL for the value asked.) */
  if (gtk_test_accessible_has_state (accessible, GTK_ACCESSIBLE_STATE_HIDDEN))
    {
      g_autofree char *hidden = gtk_test_accessible_check_state (accessible, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);

      if (hidden == NULL)
        return FALSE;
    }
  /* Presentation and none are not in the tree at all (GTK's window
   * controls' icons). */
  return role != GTK_ACCESSIBLE_ROLE_GENERIC && role != GTK_ACCESSIBLE_ROLE_GROUP &&
         role != GTK_ACCESSIBLE_ROLE_PRESENTATION && role != GTK_ACCESSIBLE_ROLE_NONE;
}

/* The text @dropdown shows for its selected item, as GTK's own search in
 * it reads it: its expression's string, or a string list's. */
static char *
drop_down_text (GtkDropDown *dropdown)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);
  GtkExpression *expression = gtk_drop_down_get_expression (dropdown);
  g_auto(GValue) value = G_VALUE_INIT;

  if (item == NULL)
    return g_strdup ("");
  if (expression != NULL && gtk_expression_evaluate (expression, item, &value))
    return g_value_dup_string (&value);
  return g_strdup (gtk_string_object_get_string (item));
}

/* Adds to @found what in @dropdown's button would be said as a class
 * name, or its shown item if it does not say the selected text. GTK 4.8
 * builds the button as a box holding a stack (a label for no item, the
 * row showing the selected one) and an arrow. */
/* The text of the first label in @widget's tree: what a row shows. */
static const char *
shown_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = shown_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

static void
check_drop_down (GtkDropDown *dropdown,
                 GHashTable  *by_name,
                 GPtrArray   *found)
{
  g_autofree char *selected = drop_down_text (dropdown);
  GtkWidget *button = NULL;
  guint items = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      button = child;
  g_assert_nonnull (button);
  for (GtkWidget *part = gtk_widget_get_first_child (gtk_widget_get_first_child (button)); part != NULL;
       part = gtk_widget_get_next_sibling (part))
    {
      if (!GTK_IS_STACK (part))
        {
          if (says_class_name (GTK_ACCESSIBLE (part)))
            g_ptr_array_add (found, g_strdup_printf ("drop-down's %s", G_OBJECT_TYPE_NAME (part)));
          continue;
        }
      for (GtkWidget *shown = gtk_widget_get_first_child (part); shown != NULL;
           shown = gtk_widget_get_next_sibling (shown))
        {
          g_autofree char *name = NULL;
          const char *expected;

          if (GTK_IS_LABEL (shown))
            continue;
          items++;
          /* What the row shows (the peer form's "Book’s example"), which
           * may be shorter than the list's text. */
          expected = shown_text (shown) != NULL ? shown_text (shown) : selected;
          name = accessible_name (shown, by_name, 0);
          g_test_message ("drop-down's item: “%s”", name);
          if (!g_str_equal (name, expected))
            g_ptr_array_add (found, g_strdup_printf ("drop-down's item “%s”, not “%s”", name, expected));
        }
    }
  g_assert_cmpuint (items, ==, 1);
}

/* Adds to @found each part of @widget's tree that AT-SPI would say by its
 * class name, of those GTK 4.8 said so in FIFO Lab's window: a scroll bar
 * (which must also say what it scrolls) and the range in it, a stack's
 * page, a drop-down's shown item and arrow, an icon in a button or a
 * check box, the containers that are only layout (squeezers, flaps, paned
 * views, overlays, bins, FIFO Lab's own). */
static void
collect_class_names (GtkWidget  *widget,
                     GHashTable *by_name,
                     GPtrArray  *found)
{
  static GType layout[10];
  GtkWidget *parent = gtk_widget_get_parent (widget);
  guint before = found->len;

  if (layout[0] == 0)
    {
      GType types[] = { ADW_TYPE_SQUEEZER, ADW_TYPE_FLAP, ADW_TYPE_BIN, ADW_TYPE_WINDOW_TITLE, GTK_TYPE_PANED,
                        GTK_TYPE_OVERLAY, FIFOLAB_TYPE_OVERFLOW_BIN, FIFOLAB_TYPE_STATUS_VIEWPORT,
                        FIFOLAB_TYPE_STEP_BAR, FIFOLAB_TYPE_LESSON_STAGE };

      G_STATIC_ASSERT (G_N_ELEMENTS (types) == G_N_ELEMENTS (layout));
      memcpy (layout, types, sizeof layout);
    }
  /* A popover that is not open is not in the accessible tree. */
  if ((GTK_IS_POPOVER (widget) || (GTK_IS_NATIVE (widget) && parent != NULL)) && !gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_SCROLLBAR (widget))
    {
      g_autofree char *name = accessible_name (widget, by_name, 0);

      g_test_message ("scroll bar: “%s”", name);
      if (name[0] == '\0' || is_type_name (name))
        g_ptr_array_add (found, g_strdup_printf ("scroll bar “%s” in %s", name, G_OBJECT_TYPE_NAME (parent)));
    }
  else if (parent != NULL && GTK_IS_SCROLLBAR (parent) && says_class_name (GTK_ACCESSIBLE (widget)))
    g_ptr_array_add (found, g_strdup_printf ("%s in a scroll bar", G_OBJECT_TYPE_NAME (widget)));
  else if (GTK_IS_DROP_DOWN (widget))
    check_drop_down (GTK_DROP_DOWN (widget), by_name, found);
  /* An icon beside a button's words, a menu button's arrow, a check box's
   * mark: the button says what it does (a drop-down's are checked above). */
  else if (!GTK_IS_LABEL (widget) && gtk_widget_get_first_child (widget) == NULL &&
           gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) == NULL &&
           (gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) != NULL ||
            gtk_widget_get_ancestor (widget, GTK_TYPE_CHECK_BUTTON) != NULL) &&
           says_class_name (GTK_ACCESSIBLE (widget)))
    g_ptr_array_add (found, g_strdup_printf ("%s (%s) in %s", G_OBJECT_TYPE_NAME (widget),
                                             GTK_IS_IMAGE (widget) && gtk_image_get_icon_name (GTK_IMAGE (widget)) ? gtk_image_get_icon_name (GTK_IMAGE (widget)) : "",
                                             G_OBJECT_TYPE_NAME (gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) != NULL
                                                                 ? gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON)
                                                                 : gtk_widget_get_ancestor (widget, GTK_TYPE_CHECK_BUTTON))));
  for (guint i = 0; i < G_N_ELEMENTS (layout); i++)
    if (G_OBJECT_TYPE (widget) == layout[i] && says_class_name (GTK_ACCESSIBLE (widget)))
      g_ptr_array_add (found, g_strdup (G_OBJECT_TYPE_NAME (widget)));
  if (GTK_IS_STACK (widget))
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (says_class_name (GTK_ACCESSIBLE (gtk_stack_get_page (GTK_STACK (widget), child))))
        g_ptr_array_add (found, g_strdup_printf ("GtkStackPage in %s", G_OBJECT_TYPE_NAME (parent)));
  /* Any other part said so, of those libadwaita and GTK build inside their
   * widgets (a header bar's and a status page's "AdwGizmo", a paned view's
   * "GtkPanedHandle", a leaflet, a view switcher, an action row's icon) or
   * FIFO Lab leaves without text (a heading with nothing to head yet:
   * "GtkLabel"). A drop-down's parts are checked above. */
  /* Not in the tree AT-SPI gives (seen with pyatspi): a scroll bar's
   * slider and trough inside its range, a tooltip's window. */
  if (found->len == before && gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) == NULL &&
      (parent == NULL || gtk_widget_get_ancestor (parent, GTK_TYPE_RANGE) == NULL) &&
      !(GTK_IS_NATIVE (widget) && parent != NULL) &&
      (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_WIDGET ||
       GTK_IS_LABEL (widget) || GTK_IS_IMAGE (widget)) &&
      says_class_name (GTK_ACCESSIBLE (widget)))
    g_ptr_array_add (found, describe (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_class_names (child, by_name, found);
}

/* The parts of @root said by their class names. */
static guint
count_class_names (GtkWidget *root)
{
  return count_found (root, collect_class_names, "said by its class name");
}

/* The check sees what AT-SPI says: a scroll bar, a squeezer, a stack's
 * page and a drop-down's parts, as GTK 4.8 makes them, by their class
 * names; named so, not. */
static void
test_accessible_class_names_check (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *squeezer = adw_squeezer_new ();
  GtkWidget *quiet = g_object_new (ADW_TYPE_SQUEEZER, "accessible-role", GTK_ACCESSIBLE_ROLE_GENERIC, NULL);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *drop_down = gtk_drop_down_new_from_strings ((const char *[]) { "alpha", "beta", NULL });

  g_object_ref_sink (box);
  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("page"), "page");
  gtk_stack_add_titled (GTK_STACK (stack), gtk_label_new ("titled"), "titled", "Titled");
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), squeezer);
  gtk_box_append (GTK_BOX (box), quiet);
  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), drop_down);
  /* Two bars and their ranges, a squeezer, the untitled page, the drop-down's
   * two pages, its item (said "GtkListItemWidget", not "alpha") and arrow. */
  g_assert_cmpuint (count_class_names (box), ==, 10);

  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (scrolled), "Content");
  fifolab_accessible_name_stack_pages (GTK_STACK (stack));
  fifolab_accessible_name_control (drop_down, "Choice");
  g_assert_cmpuint (count_class_names (box), ==, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), 1);
  g_assert_cmpuint (count_class_names (box), ==, 1);
  fifolab_accessible_say_nothing (GTK_ACCESSIBLE (squeezer));
  g_assert_cmpuint (count_class_names (box), ==, 0);

  /* What GTK and libadwaita build inside a paned view (its handle), a
   * header bar and an action row with an icon (their inner gizmos, the
   * icon), and a label with no text yet: said by their class names; the
   * handle named where it is made, the rest by fifolab_accessible_name_parts(),
   * the icon also once the row shows it. */
  {
    GtkWidget *paned = g_object_new (GTK_TYPE_PANED, "accessible-role", GTK_ACCESSIBLE_ROLE_GENERIC, NULL);
    GtkWidget *header = adw_header_bar_new ();
    GtkWidget *row = adw_action_row_new ();
    GtkWidget *heading = gtk_label_new (NULL);
    g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    guint said;

    gtk_paned_set_start_child (GTK_PANED (paned), gtk_label_new ("above"));
    gtk_paned_set_end_child (GTK_PANED (paned), gtk_label_new ("below"));
    gtk_box_append (GTK_BOX (box), paned);
    gtk_box_append (GTK_BOX (box), header);
    gtk_box_append (GTK_BOX (box), row);
    gtk_box_append (GTK_BOX (box), heading);
    said = count_class_names (box);
    g_test_message ("before: %u", said);
    /* The handle, the header bar's two gizmos, the empty heading, at
     * least. */
    g_assert_cmpuint (said, >=, 4);

    fifolab_accessible_name_paned_handle (GTK_PANED (paned), "Resize");
    fifolab_accessible_name_parts (header);
    fifolab_accessible_name_parts (row);
    fifolab_accessible_name_parts (heading);
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "mail-unread-symbolic");
    g_assert_cmpuint (count_class_names (box), ==, 0);
    index_widgets (paned, by_name);
    for (GtkWidget *child = gtk_widget_get_first_child (paned); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (child != gtk_paned_get_start_child (GTK_PANED (paned)) &&
          child != gtk_paned_get_end_child (GTK_PANED (paned)))
        {
          g_autofree char *name = accessible_name (child, by_name, 0);

          g_assert_cmpstr (name, ==, "Resize");
          g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)), ==,
                           GTK_ACCESSIBLE_ROLE_SEPARATOR);
        }
    /* The heading says its text once it has one. */
    gtk_label_set_text (GTK_LABEL (heading), "Received");
    g_hash_table_remove_all (by_name);
    index_widgets (heading, by_name);
    {
      g_autofree char *name = accessible_name (heading, by_name, 0);

      g_assert_cmpstr (name, ==, "Received");
    }
  }

  g_object_unref (box);
}

/* Nothing in the window, every page of it, is said by its class name (as
 * collect_class_names() finds it): the scroll bars say what they scroll,
 * a drop-down's shown item the selected text, after another is chosen
 * too, and the parts that are only layout nothing. */
static gboolean
is_toast_title (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), "Log exported") == 0;
}

static gboolean
toast_shown (gpointer data)
{
  return fifolab_ui_test_find_widget (data, is_toast_title, NULL) != NULL;
}

/* A mapped button with no label of its own (an icon). */
static gboolean
is_icon_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW) == NULL &&
         gtk_widget_get_parent (widget) != NULL &&
         g_str_equal (G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)), "AdwToastWidget");
}

static gboolean
toast_gone (gpointer data)
{
  GtkWidget *overlay = data;

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwToastWidget"))
      return FALSE;
  return TRUE;
}

static void
test_accessible_class_names (void)
{
  static const char text[] = "hi";
  g_autofree char *folder = fifolab_test_tmpdir_new ();
  g_autofree char *path = show_pipe (folder);
  FifolabLog *log = fifolab_session_get_log (fifolab_application_get_session (app));
  GtkWidget *log_view = _fifolab_window_get_log_view (window);
  GtkWidget *column_view = fifolab_ui_test_find_descendant (log_view, GTK_TYPE_COLUMN_VIEW);
  GtkSelectionModel *shown = gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));
  GtkStack *side_stack = GTK_STACK (gtk_widget_get_ancestor (_fifolab_window_get_details (window), GTK_TYPE_STACK));
  guint said = 0;

  /* A message chosen: the inspector's pane (its scrolled views) is built. */
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, 0, 0, path, 4242, getpid (),
                      g_get_real_time (), g_get_monotonic_time (), (const guint8 *) text, strlen (text));
  /* Selected once the view has it (at its next frame). */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, path, TIMEOUT_MS));
  g_assert_nonnull (fifolab_ui_test_find_descendant (GTK_WIDGET (fifolab_log_view_get_inspector (FIFOLAB_LOG_VIEW (log_view))),
                                                     GTK_TYPE_PANED));
  said += count_class_names (GTK_WIDGET (window));

  /* A toast: libadwaita's widget for it, its title's bin and its close
   * button (an icon, no tooltip) were said "AdwToastWidget", "AdwBin",
   * "GtkImage". Its close button is named; its text says itself. */
  {
    GtkWidget *overlay = GTK_WIDGET (_fifolab_window_get_toast_overlay (window));
    GtkWidget *close;

    fifolab_window_show_toast (window, "Log exported");
    g_assert_true (fifolab_test_wait_until (toast_shown, overlay, TIMEOUT_MS));
    said += count_class_names (GTK_WIDGET (window));
    close = fifolab_ui_test_find_widget (overlay, is_icon_button, NULL);
    g_assert_nonnull (close);
    g_assert_cmpstr (fifolab_accessible_get_name (close), ==, _("Dismiss"));
    fifolab_ui_test_press (close);
    /* Gone before the test goes on: the counts below see no toast. */
    g_assert_true (fifolab_test_wait_until (toast_gone, overlay, TIMEOUT_MS));
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL);
  g_assert_true (fifolab_test_wait_until (lessons_mapped, window, TIMEOUT_MS));
  said += count_class_names (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL);
  gtk_stack_set_visible_child_name (side_stack, "processes");
  g_assert_true (fifolab_test_wait_until (page_built, side_stack, TIMEOUT_MS));
  said += count_class_names (GTK_WIDGET (window));
  gtk_stack_set_visible_child_name (side_stack, "lessons");
  g_assert_true (fifolab_test_wait_until (lessons_mapped, window, TIMEOUT_MS));
  said += count_class_names (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL);
  gtk_stack_set_visible_child_name (side_stack, "details");
  said += count_class_names (GTK_WIDGET (window));
  g_assert_cmpuint (said, ==, 0);

  gtk_selection_model_unselect_all (shown);
  drop_pipe (g_steal_pointer (&folder), path);
}

/* The transient window of @window opened last (a dialog). */
static GtkWindow *
find_transient (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel != GTK_WINDOW (window) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          !GTK_IS_SHORTCUTS_WINDOW (toplevel))
        return toplevel;
    }
  return NULL;
}

static gboolean
recording_loaded (gpointer data)
{
  return fifolab_recording_window_get_loaded (data);
}

/* The class names and the unnamed controls of @root, a window, logged
 * after @what. */
static guint
count_said_wrong (GtkWidget  *root,
                  const char *what)
{
  guint said = count_class_names (root) + count_unnamed (root);

  g_test_message ("%s: %u", what, said);
  return said;
}

/* The other windows a person opens: the preferences (libadwaita's
 * leaflet, view switchers, search page, its rows' icons), the new-pipe
 * dialog (its header bar's and entry row's gizmos) and a recording's
 * window (its stack's pages, its status page's scroll bars, its log's
 * paned handle, the replay bar's speed drop-down): nothing in them said by
 * its class name, every control named. The shortcuts window has a title
 * (AT-SPI said "GtkShortcutsWindow" for it). */
static void
test_accessible_other_windows (void)
{
  g_autofree char *folder = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autofree char *recording_path = NULL;
  g_autoptr(GFile) recording_file = NULL;
  FifolabRecordingWindow *recording;
  GtkShortcutsWindow *overlay;
  GtkWindow *dialog;
  GtkWindow *prefs;
  guint said = 0;

  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = fifolab_ui_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (prefs), TIMEOUT_MS));
  said += count_said_wrong (GTK_WIDGET (prefs), "preferences");
  gtk_window_destroy (prefs);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-pipe", NULL);
  dialog = find_transient ();
  g_assert_nonnull (dialog);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (dialog), TIMEOUT_MS));
  said += count_said_wrong (GTK_WIDGET (dialog), "new pipe");
  gtk_window_destroy (dialog);

  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, 0, 0, "/lab/my_pipe", 4242, 4300,
                      g_get_real_time (), g_get_monotonic_time (), (const guint8 *) "hi", 2);
  recording_path = fifolab_test_save_jsonl (log, folder, "talk.jsonl");
  recording_file = g_file_new_for_path (recording_path);
  recording = fifolab_recording_window_open (GTK_APPLICATION (app), recording_file, NULL);
  g_assert_true (fifolab_test_wait_until (recording_loaded, recording, TIMEOUT_MS));
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (recording), TIMEOUT_MS));
  said += count_said_wrong (GTK_WIDGET (recording), "recording");
  gtk_window_destroy (GTK_WINDOW (recording));

  /* Built when first asked for. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (overlay), TIMEOUT_MS));
  said += count_said_wrong (GTK_WIDGET (overlay), "shortcuts");
  g_test_message ("shortcuts window: “%s”", gtk_window_get_title (GTK_WINDOW (overlay)));
  g_assert_nonnull (gtk_window_get_title (GTK_WINDOW (overlay)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (overlay)), !=, "");
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);

  g_assert_cmpuint (said, ==, 0);

  /* libadwaita's About window: its Back buttons (an icon and a tooltip)
   * say their tooltip, not "GtkImage"; its two text views their page's
   * title, its version button the version. Nothing said by class name. */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkWindow *about;
    guint named = 0;

    g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
    about = fifolab_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
    g_assert_nonnull (about);
    fifolab_ui_test_find_all (GTK_WIDGET (about), GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      {
        GtkWidget *button = g_ptr_array_index (buttons, i);
        const char *tooltip = gtk_widget_get_tooltip_text (button);

        if (tooltip == NULL || GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (button))))
          continue;
        g_assert_cmpstr (fifolab_accessible_get_name (button), ==, tooltip);
        named++;
      }
    g_test_message ("About window: %u buttons named by their tooltips", named);
    g_assert_cmpuint (named, >, 0);
    g_assert_cmpuint (count_said_wrong (GTK_WIDGET (about), "about"), ==, 0);
    gtk_window_destroy (about);
  }

  g_unlink (recording_path);
  fifolab_test_tmpdir_free (g_steal_pointer (&folder));
}

int
main (int   argc,
      char *argv[])
{
  /* What a screen reader would get is checked. */
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add_func ("/accessible/check", test_accessible_check);
  g_test_add_func ("/accessible/said-once", test_accessible_said_once);
  g_test_add_func ("/accessible/window", test_accessible_window);
  g_test_add_func ("/accessible/field-names", test_accessible_field_names);
  g_test_add_func ("/accessible/watch", test_accessible_watch);
  g_test_add_func ("/accessible/folder-follows", test_accessible_folder_follows);
  g_test_add_func ("/accessible/problem-page", test_accessible_problem_page);
  g_test_add_func ("/accessible/rows", test_accessible_rows);
  g_test_add_func ("/accessible/class-names-check", test_accessible_class_names_check);
  g_test_add_func ("/accessible/class-names", test_accessible_class_names);
  g_test_add_func ("/accessible/other-windows", test_accessible_other_windows);

  return fifolab_ui_window_test_run ();
}
