/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The message log's columns by name: attaching a column view's columns to
 * their cells and names, the header menu's "columns.NAME" actions that show
 * or hide them, and the hidden columns by name for the settings. */
#include "config.h"

#include "fifolab-accessible.h"
#include "fifolab-log-column-menu.h"

static const char * const column_names[] = {
  [FIFOLAB_LOG_COLUMN_TIME] = "time",
  [FIFOLAB_LOG_COLUMN_DIRECTION] = "direction",
  [FIFOLAB_LOG_COLUMN_PIPE] = "pipe",
  [FIFOLAB_LOG_COLUMN_SENDER] = "sender",
  [FIFOLAB_LOG_COLUMN_RECEIVER] = "receiver",
  [FIFOLAB_LOG_COLUMN_SIZE] = "size",
  [FIFOLAB_LOG_COLUMN_MESSAGE] = "message",
  [FIFOLAB_LOG_COLUMN_SEEN] = "seen",
};

static GQuark
column_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("fifolab-log-column");
  return quark;
}

/* The FifolabLogColumn of @column plus one, 0 when not attached. */
static guint
column_of (GtkColumnViewColumn *column)
{
  return GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (column), column_quark ()));
}

/**
 * fifolab_log_column_get_name:
 *
 * Returns: the name of @column in the settings and the "columns." actions
 *   ("time", "direction", "pipe", "sender", "receiver", "size", "message", "seen")
 */
const char *
fifolab_log_column_get_name (FifolabLogColumn column)
{
  g_return_val_if_fail ((guint) column < G_N_ELEMENTS (column_names), NULL);

  return column_names[column];
}

/**
 * fifolab_log_columns_attach:
 *
 * Makes @column show @which: its cells, and its name for
 * fifolab_log_columns_create_actions() and the hidden columns.
 */
static GQuark
width_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("fifolab-log-column-width");
  return quark;
}

/* The header GTK 4.8 made for @column (a widget of a private type): the
 * column view's "header" child holds one per column, in their order. */
static GtkWidget *
find_title (GtkColumnViewColumn *column)
{
  GtkColumnView *view = gtk_column_view_column_get_column_view (column);
  GListModel *columns;
  GtkWidget *title = NULL;

  if (view == NULL)
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_css_name (child), "header") == 0)
      title = gtk_widget_get_first_child (child);
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; title != NULL && i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) other = g_list_model_get_item (columns, i);

      if (other == column)
        return title;
      title = gtk_widget_get_next_sibling (title);
    }
  return NULL;
}

/* A fixed width narrower than the column's title cut it ("Claimed pi" at
 * 85 pixels): the width the .ui gives fits the cells, the title may need
 * more in another language or font. Only widens, and only a shown column.
 * The title itself measures as wide as the column: what it holds (the
 * label), plus its own margin, border and padding, is what it needs. */
static void
fit_title (GtkColumnViewColumn *column)
{
  GtkWidget *title = find_title (column);
  GtkWidget *inside = title != NULL ? gtk_widget_get_first_child (title) : NULL;
  int width = gtk_column_view_column_get_fixed_width (column);
  GtkStyleContext *style;
  GtkBorder margin, border, padding;
  int natural = 0;

  if (inside == NULL || width <= 0 || !gtk_widget_get_visible (title))
    return;
  gtk_widget_measure (inside, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  style = gtk_widget_get_style_context (title);
  gtk_style_context_get_margin (style, &margin);
  gtk_style_context_get_border (style, &border);
  gtk_style_context_get_padding (style, &padding);
  natural += margin.left + margin.right + border.left + border.right + padding.left + padding.right;
  if (natural > width)
    gtk_column_view_column_set_fixed_width (column, natural);
}

/**
 * fifolab_log_columns_fit_titles:
 *
 * Widens each shown column of @view whose fixed width would cut its title;
 * once the view is in a window (its titles styled), and again by each
 * column shown later.
 */
void
fifolab_log_columns_fit_titles (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      fit_title (column);
    }
}

/* Names each column title of @view (a widget of a private type in GTK 4.8,
 * which AT-SPI reports by its class name: the title is on a label inside it) by
 * the title it shows. GTK 4.8 keeps a hidden column's title (hidden) and
 * makes its cells anew when it is shown; the titles are named again
 * whenever a column is hidden or shown (column_visible_cb()), which costs
 * a walk of eight titles, in case a title is made anew. Each by its own
 * label, not by the column's position: a title made anew need not be where
 * find_title() looks. Only names that changed are set. */
static void
name_titles (GtkColumnView *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (child), "header") != 0)
        continue;
      for (GtkWidget *title = gtk_widget_get_first_child (child); title != NULL;
           title = gtk_widget_get_next_sibling (title))
        {
          GtkWidget *label = fifolab_accessible_shown_label (title);
          const char *text = label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;

          if (text != NULL && text[0] != '\0' && g_strcmp0 (fifolab_accessible_get_name (title), text) != 0)
            fifolab_accessible_set_name (title, text);
        }
    }
}

/* GTK 4.8's column view counts a hidden column's fixed width in the width
 * the columns need (gtk_column_view_measure_across()), so the expanding
 * Message column never got the room the hidden ones left: a hidden column
 * is given a fixed width of 0, and its own width back when it is shown. */
static void
column_width_update (GtkColumnViewColumn *column)
{
  int width = gtk_column_view_column_get_fixed_width (column);

  if (!gtk_column_view_column_get_visible (column))
    {
      if (width == 0)
        return;
      /* Stored plus one, so that "no fixed width" (-1) is not NULL. */
      g_object_set_qdata (G_OBJECT (column), width_quark (), GINT_TO_POINTER (width + 1));
      gtk_column_view_column_set_fixed_width (column, 0);
    }
  else if (width == 0)
    {
      gtk_column_view_column_set_fixed_width (column,
                                              GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (column), width_quark ())) - 1);
      fit_title (column);
    }
}

/* A column shown again has new cells (GTK 4.8 makes them when it is
 * shown): they are named as the others, and the titles again (name_titles()). */
static void
column_visible_cb (GtkColumnViewColumn *column,
                   GParamSpec          *pspec,
                   FifolabLogColumns   *self)
{
  GtkColumnView *view = gtk_column_view_column_get_column_view (column);

  column_width_update (column);
  if (view != NULL)
    name_titles (view);
  if (gtk_column_view_column_get_visible (column))
    fifolab_log_columns_name_cells_soon (self);
}

void
fifolab_log_columns_attach (FifolabLogColumns   *self,
                            GtkColumnViewColumn *column,
                            FifolabLogColumn     which)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_if_fail (FIFOLAB_IS_LOG_COLUMNS (self));
  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));

  factory = fifolab_log_columns_create_factory (self, which);
  gtk_column_view_column_set_factory (column, factory);
  g_object_set_qdata (G_OBJECT (column), column_quark (), GUINT_TO_POINTER (which + 1u));
  g_signal_connect_object (column, "notify::visible", G_CALLBACK (column_visible_cb), self, 0);
  column_visible_cb (column, NULL, self);
}

/**
 * fifolab_log_columns_create_actions:
 * @view: a column view whose columns were attached
 *
 * Returns: (transfer full): a stateful action per column but the message's,
 *   named after it, whose state is whether it shows (for a menu of
 *   "columns.NAME" items)
 */
GActionGroup *
fifolab_log_columns_create_actions (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  GSimpleActionGroup *group = g_simple_action_group_new ();

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      guint which = column_of (column);
      g_autoptr(GPropertyAction) action = NULL;

      if (which == 0 || which - 1 == FIFOLAB_LOG_COLUMN_MESSAGE)
        continue;
      action = g_property_action_new (column_names[which - 1], column, "visible");
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  return G_ACTION_GROUP (group);
}

/**
 * fifolab_log_columns_dup_hidden:
 *
 * Returns: (transfer full): the names of the attached columns of @view hidden
 */
char **
fifolab_log_columns_dup_hidden (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      guint which = column_of (column);

      if (which != 0 && !gtk_column_view_column_get_visible (column))
        g_strv_builder_add (builder, column_names[which - 1]);
    }
  return g_strv_builder_end (builder);
}

/**
 * fifolab_log_columns_set_hidden:
 * @names: (nullable): the columns to hide; the other attached ones show, and
 *   the message's always does
 */
void
fifolab_log_columns_set_hidden (GtkColumnView      *view,
                                const char * const *names)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      guint which = column_of (column);

      if (which != 0)
        gtk_column_view_column_set_visible (column,
                                            which - 1 == FIFOLAB_LOG_COLUMN_MESSAGE || names == NULL ||
                                            !g_strv_contains (names, column_names[which - 1]));
    }
}
