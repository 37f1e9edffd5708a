/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names for the controls GTK 4.8 and libadwaita 1.2 build inside their
 * widgets and leave unnamed: AT-SPI then reports a class name
 * ("GtkToggleButton", "GtkImage", "GtkListBox") where a screen reader
 * user needs to hear what the control is. A drop-down's button, a column
 * view's list, a search bar's close button, a preferences group's list, an
 * entry row's apply button, a combo row's list and a preferences window's
 * search button and entry. And a button with a mnemonic label, which GTK
 * 4.8 names twice, the first time with the underscore ("_Send Send"). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-accessible.h"

#define KEPT_NAME "fifolab-accessible-name"

static void
forget_name (GObject    *button,
             GParamSpec *pspec,
             gpointer    user_data)
{
  g_object_set_data (button, KEPT_NAME, NULL);
}

/**
 * fifolab_accessible_set_name:
 * @widget: a widget
 * @name: (not nullable): its accessible name, translated
 *
 * Gives @widget its accessible name ("label"), and keeps it, for
 * fifolab_accessible_get_name(): GTK 4.8 has no getter for it but its
 * test API. Every name FIFO Lab gives in its code goes through here.
 */
void
fifolab_accessible_set_name (GtkWidget  *widget,
                             const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  /* GTK 4.8 names a button anew by its label when the label is set:
   * the name kept is then no longer its name. Connected before (not
   * after) what names a mnemonic button again on the same change. */
  if (GTK_IS_BUTTON (widget) &&
      g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, forget_name, NULL) == 0)
    g_signal_connect (widget, "notify::label", G_CALLBACK (forget_name), NULL);
  g_object_set_data_full (G_OBJECT (widget), KEPT_NAME, g_strdup (name), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/**
 * fifolab_accessible_get_name:
 * @widget: a widget
 *
 * Returns: (nullable): the accessible name fifolab_accessible_set_name()
 *   gave @widget, as long as it is its name; %NULL for none
 */
const char *
fifolab_accessible_get_name (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_data (G_OBJECT (widget), KEPT_NAME);
}

/**
 * fifolab_accessible_name_control:
 * @control: a GtkDropDown, a GtkColumnView or a GtkMenuButton
 * @name: (not nullable): its accessible name, translated
 *
 * Names @control and the focusable list or button GTK builds inside it,
 * which takes the focus in its place and would have no name; and a column
 * view's row of column titles.
 */
void
fifolab_accessible_name_control (GtkWidget  *control,
                                 const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (control));
  g_return_if_fail (name != NULL);

  fifolab_accessible_set_name (control, name);
  if (GTK_IS_DROP_DOWN (control))
    {
      fifolab_accessible_name_drop_down_button (GTK_DROP_DOWN (control), name);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (control); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) || GTK_IS_LIST_VIEW (child))
      fifolab_accessible_set_name (child, name);
    /* GTK 4.8 makes a column view's row of titles before the list, as a
     * row widget of its own (a GtkListItemWidget, private) that AT-SPI
     * reports by its class name; its CSS name is "header". Made with the
     * view and kept: named once. */
    else if (GTK_IS_COLUMN_VIEW (control) && g_strcmp0 (gtk_widget_get_css_name (child), "header") == 0)
      /* Translators: what a screen reader says for the row of a table's
       * column titles (the log's: "Time", "Pipe", "Message"...). */
      fifolab_accessible_set_name (child, _("Column headers"));
}

/**
 * fifolab_accessible_say_nothing:
 * @accessible: a part that is only layout and holds others (a stack's
 *   page, a scroll bar's range); an icon is hidden instead (hide_decoration())
 *
 * Gives @accessible an empty name: GTK 4.8's AT-SPI backend says the class
 * name ("GtkStackPage", "GtkRange") of a part with no name and the default
 * role, which a screen reader reads out. An empty name is read as nothing;
 * what the part holds is read as before. (The role "presentation" or "none"
 * would take what it holds out of the tree too.)
 */
void
fifolab_accessible_say_nothing (GtkAccessible *accessible)
{
  g_return_if_fail (GTK_IS_ACCESSIBLE (accessible));

  if (GTK_IS_WIDGET (accessible))
    fifolab_accessible_set_name (GTK_WIDGET (accessible), "");
  else
    gtk_accessible_update_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
}

/* @scrolled's two scroll bars, and each bar's range inside, said by the
 * bar: made with the scrolled window and kept. */
static void
get_scroll_bars (GtkScrolledWindow *scrolled,
                 GtkWidget         *bars[2])
{
  bars[0] = gtk_scrolled_window_get_hscrollbar (scrolled);
  bars[1] = gtk_scrolled_window_get_vscrollbar (scrolled);
  for (guint i = 0; i < 2; i++)
    for (GtkWidget *child = gtk_widget_get_first_child (bars[i]); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      fifolab_accessible_say_nothing (GTK_ACCESSIBLE (child));
}

/**
 * fifolab_accessible_name_scroll_bars:
 * @scrolled: a scrolled window
 * @name: (not nullable): what it scrolls ("Message log", "Pipes"), translated
 *
 * Names @scrolled's scroll bars after what they scroll: GTK 4.8's AT-SPI
 * backend says "GtkScrollbar" for them, and "GtkRange" for the range in
 * each. The role ("scroll bar") and the orientation are said already.
 */
void
fifolab_accessible_name_scroll_bars (GtkScrolledWindow *scrolled,
                                     const char        *name)
{
  GtkWidget *bars[2];

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled));
  g_return_if_fail (name != NULL);

  get_scroll_bars (scrolled, bars);
  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    fifolab_accessible_set_name (bars[i], name);
}

/**
 * fifolab_accessible_label_scroll_bars:
 * @scrolled: a scrolled window
 * @label: the visible title of what it scrolls (a status page's)
 *
 * As fifolab_accessible_name_scroll_bars(), for content whose title is
 * shown and can change: the bars are labelled by @label, and say its text.
 */
void
fifolab_accessible_label_scroll_bars (GtkScrolledWindow *scrolled,
                                      GtkWidget         *label)
{
  GtkWidget *bars[2];

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled));
  g_return_if_fail (GTK_IS_WIDGET (label));

  get_scroll_bars (scrolled, bars);
  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (bars[i]), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
}

/**
 * fifolab_accessible_name_stack_pages:
 * @stack: a stack, its pages added
 *
 * A page of @stack without a title (the title names it) says nothing of
 * itself: it is only where its child is shown, and its child says what it
 * is. GTK 4.8's AT-SPI backend said "GtkStackPage".
 */
void
fifolab_accessible_name_stack_pages (GtkStack *stack)
{
  g_return_if_fail (GTK_IS_STACK (stack));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStackPage *page = gtk_stack_get_page (stack, child);

      if (gtk_stack_page_get_title (page) == NULL)
        fifolab_accessible_say_nothing (GTK_ACCESSIBLE (page));
    }
}

/**
 * fifolab_accessible_name_paned_handle:
 * @paned: a paned view, before it is shown
 * @name: (not nullable): what dragging its handle does ("Resize the log
 *   and the entry inspector"), translated
 *
 * Gives the handle GTK builds between @paned's two children the separator
 * role and @name: GTK 4.8's AT-SPI backend said "GtkPanedHandle" for it,
 * a part a person can drag.
 */
void
fifolab_accessible_name_paned_handle (GtkPaned   *paned,
                                      const char *name)
{
  g_return_if_fail (GTK_IS_PANED (paned));
  g_return_if_fail (name != NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (paned)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != gtk_paned_get_start_child (paned) && child != gtk_paned_get_end_child (paned))
      {
        /* Its role can change until it is first shown. */
        g_object_set (child, "accessible-role", GTK_ACCESSIBLE_ROLE_SEPARATOR, NULL);
        fifolab_accessible_set_name (child, name);
      }
}

/* The text @dropdown shows for its selected item: its expression's string,
 * or a string list's; NULL for none. */
static char *
drop_down_selected_text (GtkDropDown *dropdown)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);
  GtkExpression *expression = gtk_drop_down_get_expression (dropdown);
  char *text = NULL;

  if (item == NULL)
    return NULL;
  if (expression != NULL)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (gtk_expression_evaluate (expression, item, &value) && G_VALUE_HOLDS_STRING (&value))
        text = g_value_dup_string (&value);
    }
  if (text == NULL && GTK_IS_STRING_OBJECT (item))
    text = g_strdup (gtk_string_object_get_string (item));
  return text;
}

#define SHOWN_ITEM "fifolab-drop-down-shown-item"

/**
 * fifolab_accessible_shown_label:
 *
 * Returns: (transfer none) (nullable): the first label in @widget's tree
 */
GtkWidget *
fifolab_accessible_shown_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = fifolab_accessible_shown_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* The row shown says what it shows: labelled by the label its factory put
 * in it (whose name GTK keeps as its text), which may be shorter than the
 * list's text (the peer form's "Book’s example" for "Like the book’s
 * example (one write, one read)"); else named by the selected item's text. */
static void
name_shown_item (GtkDropDown *dropdown)
{
  GtkWidget *item = g_object_get_data (G_OBJECT (dropdown), SHOWN_ITEM);
  GtkWidget *label = fifolab_accessible_shown_label (item);
  g_autofree char *text = NULL;

  if (label != NULL)
    {
      g_object_set_data (G_OBJECT (item), KEPT_NAME, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      return;
    }
  text = drop_down_selected_text (dropdown);
  fifolab_accessible_set_name (item, text != NULL ? text : "");
}

static void
selected_item_changed (GObject    *dropdown,
                       GParamSpec *pspec,
                       gpointer    user_data)
{
  name_shown_item (GTK_DROP_DOWN (dropdown));
}

/* GTK 4.8 puts what a factory makes in the row when the row is first
 * shown, not when the factory is set (the peer form's): labelled by it
 * then. */
static void
shown_item_mapped (GtkWidget *item,
                   gpointer   dropdown)
{
  name_shown_item (GTK_DROP_DOWN (dropdown));
}

/* GTK 4.8 builds a drop-down's button as a box holding a stack (a label
 * for no item, the row that shows the selected item) and an arrow; AT-SPI
 * said "GtkStackPage", "GtkListItemWidget" and "GtkBuiltinIcon". The row
 * shown says the selected item's text, also after another is chosen; the
 * pages and the arrow say nothing (the button's role says it drops down). */
/* Takes @part, an icon inside a button (is_decoration()), out of the
 * accessible tree. Hidden, not named "": GTK adds the name of what labels
 * a button (its child) to the button's own with a space, an empty one too
 * ("Show pipe details "); a hidden part without a name adds nothing. */
static void
hide_decoration (GtkWidget *part)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (part), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
}

static void
name_drop_down_parts (GtkDropDown *dropdown,
                      GtkWidget   *button)
{
  GtkWidget *box = gtk_widget_get_first_child (button);

  if (box == NULL || g_object_get_data (G_OBJECT (dropdown), SHOWN_ITEM) != NULL)
    return;
  for (GtkWidget *part = gtk_widget_get_first_child (box); part != NULL; part = gtk_widget_get_next_sibling (part))
    {
      if (!GTK_IS_STACK (part))
        {
          /* The arrow. */
          hide_decoration (part);
          continue;
        }
      fifolab_accessible_name_stack_pages (GTK_STACK (part));
      for (GtkWidget *shown = gtk_widget_get_first_child (part); shown != NULL;
           shown = gtk_widget_get_next_sibling (shown))
        if (!GTK_IS_LABEL (shown))
          g_object_set_data (G_OBJECT (dropdown), SHOWN_ITEM, shown);
    }
  if (g_object_get_data (G_OBJECT (dropdown), SHOWN_ITEM) == NULL)
    return;
  g_signal_connect (dropdown, "notify::selected-item", G_CALLBACK (selected_item_changed), NULL);
  g_signal_connect_object (g_object_get_data (G_OBJECT (dropdown), SHOWN_ITEM), "map",
                           G_CALLBACK (shown_item_mapped), dropdown, 0);
  name_shown_item (dropdown);
}

/**
 * fifolab_accessible_name_drop_down_button:
 * @dropdown: a drop-down
 * @name: (not nullable): its accessible name, translated
 *
 * Names the button GTK builds inside @dropdown, which takes the focus in
 * its place, and the parts of that button (name_drop_down_parts()).
 */
void
fifolab_accessible_name_drop_down_button (GtkDropDown *dropdown,
                                          const char  *name)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (name != NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      {
        fifolab_accessible_set_name (child, name);
        name_drop_down_parts (dropdown, child);
      }
}

/* The words of @raw, a mnemonic's text ("_Send", "观察(_T)", "新建管道(_N)…"):
 * without its underscore, nor the key a language writes apart, in
 * brackets after the words ("(_T)", "（_S）", before an ellipsis if any),
 * which a screen reader would read out after the name as "(T)". */
static char *
mnemonic_text_words (const char *raw)
{
  static const char *const opens[] = { "(_", "（_" };
  static const char *const closes[] = { ")", "）" };
  static const char *const tails[] = { "", "…", "..." };
  g_autoptr(GString) text = g_string_new (raw);
  GString *words = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (opens); i++)
    {
      const char *open = g_strrstr (text->str, opens[i]);
      const char *key;
      const char *close;

      if (open == NULL || open == text->str)
        continue;
      key = open + strlen (opens[i]);
      if (*key == '\0' || *key == '_')
        continue;
      close = g_utf8_next_char (key);
      if (!g_str_has_prefix (close, closes[i]))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (tails); j++)
        if (g_str_equal (close + strlen (closes[i]), tails[j]))
          {
            g_string_erase (text, open - text->str, close + strlen (closes[i]) - open);
            break;
          }
    }
  for (const char *c = text->str; *c != '\0'; c++)
    {
      if (*c == '_' && c[1] != '\0')
        c++;
      g_string_append_c (words, *c);
    }
  /* "观察 (_T)": the space before the brackets goes with them. */
  g_strchomp (words->str);
  words->len = strlen (words->str);
  return g_string_free (words, FALSE);
}

/* The words of @label: its text, without a mnemonic's bracketed key. */
static char *
mnemonic_words (GtkLabel *label)
{
  if (gtk_label_get_use_underline (label))
    return mnemonic_text_words (gtk_label_get_label (label));
  return g_strdup (gtk_label_get_text (label));
}

static void
name_mnemonic_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);
  g_autofree char *name = NULL;

  if (!gtk_button_get_use_underline (button) || !GTK_IS_LABEL (child))
    return;

  /* gtk_label_get_text() is the text without the mnemonic's underscore;
   * a mnemonic in brackets after the words is no part of the name. */
  name = mnemonic_words (GTK_LABEL (child));
  fifolab_accessible_set_name (GTK_WIDGET (button), name);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
name_mnemonic_label (GtkLabel *label)
{
  g_autofree char *name = mnemonic_words (label);

  fifolab_accessible_set_name (GTK_WIDGET (label), name);
}

/* Names @widget by its mnemonic's words: a button with a mnemonic label
 * (name_mnemonic_button()), or a mnemonic label (name_mnemonic_label()). */
static void
name_mnemonic_widget (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    name_mnemonic_button (GTK_BUTTON (widget));
  else
    name_mnemonic_label (GTK_LABEL (widget));
}

static void
mnemonic_changed (GObject    *widget,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  name_mnemonic_widget (GTK_WIDGET (widget));
}

/* Names @widget (name_mnemonic_widget()) once, and again whenever GTK sets
 * its label anew.
 *
 * A mnemonic label whose language writes the key apart ("模板(_T)") names
 * itself, and what it labels (its mnemonic widget, the button it is in),
 * "模板(T)": by its words alone, also after its text changes.
 *
 * GTK 4.8 gives a button with a mnemonic label the label's raw text as its
 * accessible label and also makes it "labelled-by" the label inside, so
 * AT-SPI reads "_Send Send": named by the text alone. */
static void
name_mnemonic_once (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), "fifolab-mnemonic-named") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "fifolab-mnemonic-named", GINT_TO_POINTER (TRUE));
      g_signal_connect_after (widget, "notify::label", G_CALLBACK (mnemonic_changed), NULL);
      g_signal_connect_after (widget, "notify::use-underline", G_CALLBACK (mnemonic_changed), NULL);
    }
  name_mnemonic_widget (widget);
}

/* @text as compared for saying the same thing: case folded, without an
 * ellipsis after it ("New Pipe…" says what "New pipe" says). */
char *
fifolab_accessible_comparable (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *plain = g_string_new (g_strstrip (folded));

  if (g_str_has_suffix (plain->str, "…"))
    g_string_truncate (plain, plain->len - strlen ("…"));
  else if (g_str_has_suffix (plain->str, "..."))
    g_string_truncate (plain, plain->len - strlen ("..."));
  return g_string_free (plain, FALSE);
}

/* Whether @words is said in @name: found in it as whole words ("Step" in
 * "Step One Call", not "Run" in "Rerun"; in Chinese, written without
 * spaces, anywhere: "模板" in "消息模板"). */
gboolean
fifolab_accessible_says (const char *name,
                         const char *words)
{
  g_autofree char *haystack = fifolab_accessible_comparable (name);
  g_autofree char *needle = fifolab_accessible_comparable (words);
  gsize length = strlen (needle);

  if (length == 0)
    return TRUE;
  for (const char *at = strstr (haystack, needle); at != NULL; at = strstr (at + 1, needle))
    if ((at == haystack || !g_ascii_isalnum (at[-1])) && !g_ascii_isalnum (at[length]))
      return TRUE;
  return FALSE;
}

/* The visible text GTK 4.8 and libadwaita 1.2 make @widget "labelled-by",
 * which AT-SPI reads after its own name: the labels whose mnemonic widget
 * it is, a button's label or button content, the title of the row it
 * activates. */
static GPtrArray *
visible_labels (GtkWidget *widget)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  GList *labels = gtk_widget_list_mnemonic_labels (widget);
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  for (GList *l = labels; l != NULL; l = l->next)
    if (GTK_IS_LABEL (l->data))
      g_ptr_array_add (texts, mnemonic_words (GTK_LABEL (l->data)));
  g_list_free (labels);
  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (GTK_IS_LABEL (child))
        g_ptr_array_add (texts, mnemonic_words (GTK_LABEL (child)));
      else if (ADW_IS_BUTTON_CONTENT (child) && adw_button_content_get_label (ADW_BUTTON_CONTENT (child)) != NULL)
        g_ptr_array_add (texts, adw_button_content_get_use_underline (ADW_BUTTON_CONTENT (child))
                                  ? mnemonic_text_words (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)))
                                  : g_strdup (adw_button_content_get_label (ADW_BUTTON_CONTENT (child))));
    }
  if (row != NULL && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == widget)
    g_ptr_array_add (texts, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
  return texts;
}

/* @widget, named once (its visible text said by its name) and then
 * showing text its name does not say (the folder button, after the folder
 * changes): labelled by its mnemonic labels again, as GTK labels it when a
 * label becomes one. */
static void
relabel_by_mnemonic_labels (GtkWidget *widget)
{
  GList *labels;

  if (g_object_get_data (G_OBJECT (widget), "fifolab-said-once") == NULL)
    return;
  g_object_set_data (G_OBJECT (widget), "fifolab-said-once", NULL);
  labels = gtk_widget_list_mnemonic_labels (widget);
  for (GList *l = labels; l != NULL; l = l->next)
    {
      gtk_widget_remove_mnemonic_label (widget, l->data);
      gtk_widget_add_mnemonic_label (widget, l->data);
    }
  g_list_free (labels);
}

/* The accessible name of @widget, if it has one: the name FIFO Lab gave
 * it in code, kept by fifolab_accessible_set_name(). A name given in a
 * template (<accessibility>), or by GTK itself (a button's label), is not
 * kept anywhere FIFO Lab can read: GTK 4.8 has no getter for an accessible
 * property, only its test API, which reads it from whichever backend. */
static char *
current_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  const char *kept = fifolab_accessible_get_name (widget);

  if (kept != NULL)
    return g_strdup (kept);
  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");
}

/* Whether all the visible text @widget is labelled by is a caption beside
 * it (the labels whose mnemonic widget it is, the title of the row it
 * activates), none of it what it shows inside (a button's label or
 * content, a menu button's). */
static gboolean
only_captioned (GtkWidget *widget)
{
  GList *labels;
  gboolean beside = !GTK_IS_BUTTON (widget);

  labels = gtk_widget_list_mnemonic_labels (widget);
  for (GList *l = labels; l != NULL; l = l->next)
    if (gtk_widget_is_ancestor (l->data, widget))
      beside = FALSE;
  g_list_free (labels);
  return beside;
}

/* A control named in its template ("Step One Call") and labelled by
 * visible text that says the same ("Step", "单步"): AT-SPI would read the
 * words twice ("Step One Call Step", "上一步 上一步"); its name alone says
 * them once. So for a field named in its template and captioned in other
 * words (beside the spin button "Interval in milliseconds", "Every"; a
 * row's title "Log Memory Limit (MiB)" for "Largest memory of the log, in
 * MiB"): AT-SPI would read two phrases for one thing; its name is the one
 * written to say what it is. Visible text shown inside a button that says
 * more (a folder's name after "Choose the folder of pipes") stays; and
 * comes back when the text changes so (another folder shown). */
static void
name_once (GtkWidget *widget)
{
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  gboolean captioned;

  if (GTK_IS_LABEL (widget))
    return;
  texts = visible_labels (widget);
  if (texts->len == 0)
    return;
  name = current_name (widget);
  if (name == NULL)
    return;
  captioned = only_captioned (widget);
  for (guint i = 0; i < texts->len && !captioned; i++)
    if (!fifolab_accessible_says (name, g_ptr_array_index (texts, i)))
      {
        relabel_by_mnemonic_labels (widget);
        return;
      }
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  g_object_set_data (G_OBJECT (widget), "fifolab-said-once", GINT_TO_POINTER (TRUE));
}

static void
mnemonic_widget_changed (GObject    *label,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  GtkWidget *widget = gtk_label_get_mnemonic_widget (GTK_LABEL (label));

  if (widget != NULL)
    name_once (widget);
}

/* A label becomes a control's mnemonic label, and GTK makes the control
 * labelled by it, also after the control is named: AdwButtonContent makes
 * its label its button's when it is rooted. Whether the control's name says
 * the label's text is asked again when the text changes. */
static void
follow_mnemonic_widget (GtkLabel *label)
{
  if (g_object_get_data (G_OBJECT (label), "fifolab-mnemonic-followed") != NULL)
    return;
  g_object_set_data (G_OBJECT (label), "fifolab-mnemonic-followed", GINT_TO_POINTER (TRUE));
  g_signal_connect_after (label, "notify::mnemonic-widget", G_CALLBACK (mnemonic_widget_changed), NULL);
  /* Its text changes (a button's content shows another folder): what it
   * labels may say it, or no longer. */
  g_signal_connect_after (label, "notify::label", G_CALLBACK (mnemonic_widget_changed), NULL);
}

static const char *
row_title (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "";
}

/* A part of a button or a check box beside its words, that says nothing
 * more of its own: an icon next to the label ("Next Step" and its arrow),
 * GTK's own arrow in a menu button or the mark of a check box. The
 * button's name says what it does; GTK 4.8's AT-SPI backend said
 * "GtkImage" or "GtkBuiltinIcon" for the part. An icon named on purpose
 * (fifolab_accessible_set_name(), a lesson's "Done" mark) is not one. */
static gboolean
is_decoration (GtkWidget *widget)
{
  return !GTK_IS_LABEL (widget) && gtk_widget_get_first_child (widget) == NULL &&
         !gtk_widget_get_focusable (widget) && fifolab_accessible_get_name (widget) == NULL &&
         (gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) != NULL ||
          gtk_widget_get_ancestor (widget, GTK_TYPE_CHECK_BUTTON) != NULL);
}

/* Whether @widget has no name at all, as GTK 4.8 keeps it: no "label", not
 * even an empty one, and no "labelled-by". AT-SPI then says its class name,
 * unless its role is one GTK leaves unnamed. */
static gboolean
has_no_name (GtkWidget *widget)
{
  return !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
         !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* What the scroll bars of @scrolled, made by libadwaita or GTK with no
 * name, are named after: the preferences page or the status page they
 * scroll, by its title. */
static const char *
scrolled_content_name (GtkWidget *scrolled)
{
  GtkWidget *page = gtk_widget_get_ancestor (scrolled, ADW_TYPE_PREFERENCES_PAGE);
  const char *title = NULL;

  if (page != NULL)
    title = adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page));
  if ((title == NULL || title[0] == '\0') && ADW_IS_STATUS_PAGE (gtk_widget_get_parent (scrolled)))
    title = adw_status_page_get_title (ADW_STATUS_PAGE (gtk_widget_get_parent (scrolled)));
  if (title == NULL || title[0] == '\0')
    /* Translators: what a screen reader says for a scroll bar whose
     * content has no title of its own (a preferences window's search
     * results). */
    title = _("Content");
  return title;
}

static GtkWidget *
find_window_title (GtkWidget *widget)
{
  if (ADW_IS_WINDOW_TITLE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *title = find_window_title (child);

      if (title != NULL)
        return title;
    }
  return NULL;
}

/* The title of the page @widget is on, in its header bar: the window title
 * in the nearest ancestor that has one (NULL: none, or empty). */
static const char *
page_title (GtkWidget *widget)
{
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget); ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      GtkWidget *title = find_window_title (ancestor);

      if (title != NULL)
        {
          const char *text = adw_window_title_get_title (ADW_WINDOW_TITLE (title));

          return text != NULL && text[0] != '\0' ? text : NULL;
        }
    }
  return NULL;
}

/* The parts of @widget that GTK 4.8 and libadwaita 1.2 make and leave
 * without a name, said by their class names ("AdwGizmo", "AdwLeaflet",
 * "GtkStackPage", "GtkScrollbar"): layout says nothing, a scroll bar what
 * it scrolls, a view switcher that it switches pages. */
static void
name_built_parts (GtkWidget *widget)
{
  GtkWidget *label;
  const char *title;

  if (GTK_IS_STACK (widget))
    fifolab_accessible_name_stack_pages (GTK_STACK (widget));
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkWidget *bars[2];

      get_scroll_bars (GTK_SCROLLED_WINDOW (widget), bars);
      for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
        if (has_no_name (bars[i]))
          fifolab_accessible_set_name (bars[i], scrolled_content_name (widget));
    }
  if (!has_no_name (widget))
    return;
  /* The About window's What's New and Debugging Information: text views
   * named by their page's title. */
  if (GTK_IS_TEXT_VIEW (widget) && (title = page_title (widget)) != NULL)
    fifolab_accessible_set_name (widget, title);
  /* A button whose content is a label, which GTK 4.8 does not name it by
   * (the About window's version, which copies it): named by its text. */
  else if (GTK_IS_BUTTON (widget) && (label = fifolab_accessible_shown_label (widget)) != NULL &&
           gtk_label_get_text (GTK_LABEL (label))[0] != '\0')
    fifolab_accessible_set_name (widget, gtk_label_get_text (GTK_LABEL (label)));
  /* An entry row's pen, a combo row's arrow, an action row's icon (a
   * holder's reading or writing, which its subtitle says), the shortcuts
   * window's picture for no results: the text beside it says what it is.
   * Out of the tree by its role, not hidden: GTK shows a hidden part again
   * when the row shows its icon. (FIFO Lab's own images that say something
   * are named, some after this runs: not these.) */
  else if (GTK_IS_IMAGE (widget) && (gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW) != NULL ||
                                     GTK_IS_SHORTCUTS_WINDOW (gtk_widget_get_root (widget)) ||
                                     /* The About window's application icon, above its name. */
                                     ADW_IS_ABOUT_WINDOW (gtk_widget_get_root (widget))))
    g_object_set (widget, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  else if (ADW_IS_VIEW_SWITCHER (widget))
    /* Translators: what a screen reader says for the row of buttons that
     * switches a window's pages (the preferences' "General", ...). */
    fifolab_accessible_set_name (widget, _("Pages"));
  /* Only layout, of the default role (a header bar's or a status page's
   * inner box, a leaflet, a squeezer, a window title, an action bar): a
   * control (focusable) needs a name, and has one elsewhere. Inside a
   * button (a view switcher's icon and its indicator), hidden as an icon
   * is: an empty name would add a space to the button's. */
  else if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_WIDGET &&
           !gtk_widget_get_focusable (widget))
    {
      if (gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) != NULL && fifolab_accessible_shown_label (widget) == NULL)
        hide_decoration (widget);
      else
        fifolab_accessible_say_nothing (GTK_ACCESSIBLE (widget));
    }
  /* A label with no text yet (a heading filled in when there is something
   * to head): said as nothing; GTK names it by its text once it has one.
   * Hiding it would shift the layout. */
  else if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] == '\0')
    fifolab_accessible_say_nothing (GTK_ACCESSIBLE (widget));
}

/**
 * fifolab_accessible_name_parts:
 * @root: a widget whose parts are made (after gtk_widget_init_template())
 *
 * Names the unnamed controls libadwaita and GTK build inside @root's
 * search bars, preferences groups, entry rows and combo rows, after what
 * they belong to.
 */
void
fifolab_accessible_name_parts (GtkWidget *root)
{
  GtkWidget *parent = gtk_widget_get_parent (root);

  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_LIST_BOX (root) && parent != NULL)
    {
      GtkWidget *group = gtk_widget_get_ancestor (parent, ADW_TYPE_PREFERENCES_GROUP);
      const char *title = group != NULL ? adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)) : NULL;

      fifolab_accessible_set_name (root, title != NULL && title[0] != '\0' ? title : _("Settings"));
      /* libadwaita also has it labelled by the group's title: said twice. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  else if (GTK_IS_BUTTON (root) && gtk_widget_get_ancestor (root, GTK_TYPE_SEARCH_BAR) != NULL &&
           !GTK_IS_TOGGLE_BUTTON (root))
    fifolab_accessible_set_name (root, _("Close search"));
  else if (GTK_IS_BUTTON (root) && gtk_widget_get_ancestor (root, ADW_TYPE_ENTRY_ROW) != NULL)
    fifolab_accessible_set_name (root, _("Apply"));
  else if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)))
    name_mnemonic_once (root);
  else if (GTK_IS_LIST_VIEW (root) && gtk_widget_get_ancestor (root, ADW_TYPE_COMBO_ROW) != NULL)
    fifolab_accessible_set_name (root, row_title (root));
  else if (GTK_IS_SHORTCUTS_WINDOW (gtk_widget_get_root (root)) &&
           (GTK_IS_SEARCH_ENTRY (root) ||
            (GTK_IS_TOGGLE_BUTTON (root) && gtk_widget_get_ancestor (root, GTK_TYPE_MENU_BUTTON) == NULL)))
    /* Translators: what a screen reader says for the keyboard shortcuts
     * window's search entry and the button that shows it. */
    fifolab_accessible_set_name (root, _("Search shortcuts"));
  else if (GTK_IS_MENU_BUTTON (root) && GTK_IS_SHORTCUTS_WINDOW (gtk_widget_get_root (root)) && has_no_name (root))
    /* Translators: what a screen reader says for the keyboard shortcuts
     * window's menu of its sections (shown when it has more than one). */
    {
      fifolab_accessible_name_control (root, _("Shortcut sections"));
      /* Its button was also labelled by the menu button: said twice. */
      for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        gtk_accessible_reset_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  else if ((GTK_IS_TOGGLE_BUTTON (root) || GTK_IS_SEARCH_ENTRY (root)) &&
           gtk_widget_get_ancestor (root, ADW_TYPE_HEADER_BAR) != NULL &&
           /* A page's button in the view switcher is named by its page
            * ("General"), not "Search General". */
           gtk_widget_get_ancestor (root, ADW_TYPE_VIEW_SWITCHER) == NULL &&
           ADW_IS_PREFERENCES_WINDOW (gtk_widget_get_root (root)))
    fifolab_accessible_set_name (root, _("Search"));
  /* A button made of an icon and a tooltip with no name of its own (the
   * About window's Back): its icon is hidden, and GTK 4.8 does not name a
   * button by its tooltip; the tooltip says what it does. (FIFO Lab's own
   * buttons are named where they are made, and keep their names.) */
  else if (GTK_IS_BUTTON (root) &&
           fifolab_accessible_shown_label (root) == NULL && gtk_widget_get_tooltip_text (root) != NULL &&
           !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL))
    fifolab_accessible_set_name (root, gtk_widget_get_tooltip_text (root));
  else if (is_decoration (root))
    hide_decoration (root);
  else
    name_built_parts (root);

  if (GTK_IS_LABEL (root) && gtk_label_get_use_underline (GTK_LABEL (root)))
    name_mnemonic_once (root);
  if (GTK_IS_LABEL (root))
    follow_mnemonic_widget (GTK_LABEL (root));
  name_once (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fifolab_accessible_name_parts (child);
}
