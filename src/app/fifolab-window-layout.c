/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the window adapts to its width: the pipe browser and the side pane
 * are flaps (fifolab-window.ui), side by side with the log when they fit,
 * folded over it when they do not. Folding hides a pane; unfolding brings
 * it back as the user last left it side by side. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-window-private.h"

/* Whether the keyboard focus is in @area, or nowhere (gone with a widget
 * hidden): a part that took the focus may give it back then. */
gboolean
_fifolab_window_focus_is_in (GtkWidget *area)
{
  GtkRoot *root = gtk_widget_get_root (area);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus == NULL || focus == area || gtk_widget_is_ancestor (focus, area);
}

/* @area (a pane, the stage) is where the user goes next: the focus goes
 * onto @target (into it, when it takes none itself), or @area's first
 * control, and *@return_focus (a weak pointer; may be %NULL) keeps where it
 * was, unless it was in @area already. */
void
_fifolab_window_focus_into (GtkWidget  *area,
                            GtkWidget  *target,
                            GtkWidget **return_focus)
{
  GtkRoot *root = gtk_widget_get_root (area);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == area || gtk_widget_is_ancestor (focus, area)))
    return;
  if (return_focus != NULL)
    g_set_weak_pointer (return_focus, focus);
  if (target == NULL ||
      !(gtk_widget_grab_focus (target) || gtk_widget_child_focus (target, GTK_DIR_TAB_FORWARD)))
    gtk_widget_child_focus (area, GTK_DIR_TAB_FORWARD);
}

/* The area closes: if the focus was in it (@was_in, from
 * _fifolab_window_focus_is_in() before it closed), it goes back to
 * *@return_focus, else to @fallback's first control (if any); elsewhere,
 * the user put it there and it stays. */
void
_fifolab_window_focus_back (gboolean    was_in,
                            GtkWidget **return_focus,
                            GtkWidget  *fallback)
{
  if (was_in &&
      (*return_focus == NULL || !gtk_widget_get_mapped (*return_focus) ||
       !gtk_widget_grab_focus (*return_focus)) &&
      fallback != NULL)
    gtk_widget_child_focus (fallback, GTK_DIR_TAB_FORWARD);
  g_clear_weak_pointer (return_focus);
}

/* Folded, a pane shown over the log is where the user goes next, as into
 * a dialog: it takes the focus once it is in place, else the keyboard would
 * reach it only after every control of the log and the compose bar. When it
 * closes (Escape, its button), the focus goes back to where it was. */
static void
fifolab_window_pane_take_focus (FifolabWindowPane *pane)
{
  GtkWidget *target = NULL;

  if (pane->pages != NULL)
    target = gtk_stack_get_visible_child (pane->pages);
  /* An empty folder's page shows in the list's place. */
  else if (pane->list != NULL && gtk_widget_get_mapped (pane->list))
    target = pane->list;
  _fifolab_window_focus_into (adw_flap_get_flap (pane->flap), target, &pane->return_focus);
}

static void
fifolab_window_pane_give_back_focus (FifolabWindowPane *pane)
{
  _fifolab_window_focus_back (_fifolab_window_focus_is_in (adw_flap_get_flap (pane->flap)),
                              &pane->return_focus, NULL);
}

/* Folded and shown, the pane is in place once it has slid in (at once
 * without animations, before its reveal-flap is notified). */
static void
fifolab_window_pane_progress_cb (AdwFlap           *flap,
                                 GParamSpec        *pspec,
                                 FifolabWindowPane *pane)
{
  if (adw_flap_get_folded (flap) && adw_flap_get_reveal_flap (flap) &&
      adw_flap_get_reveal_progress (flap) >= 1.0)
    fifolab_window_pane_take_focus (pane);
}

static void
fifolab_window_pane_folded_cb (AdwFlap           *flap,
                               GParamSpec        *pspec,
                               FifolabWindowPane *pane)
{
  /* Folded, a pane would cover the log: it waits to be asked for. */
  if (adw_flap_get_folded (flap))
    adw_flap_set_reveal_flap (flap, FALSE);
  else
    adw_flap_set_reveal_flap (flap, adw_flap_get_reveal_flap (flap) || pane->wanted);
}

static void
fifolab_window_pane_revealed_cb (AdwFlap           *flap,
                                 GParamSpec        *pspec,
                                 FifolabWindowPane *pane)
{
  /* Side by side, showing or hiding a pane is the user's wish. */
  if (!adw_flap_get_folded (flap))
    pane->wanted = adw_flap_get_reveal_flap (flap);
  else if (adw_flap_get_reveal_flap (flap))
    fifolab_window_pane_progress_cb (flap, NULL, pane);
  else
    fifolab_window_pane_give_back_focus (pane);
}

static void
fifolab_window_pane_init (FifolabWindowPane *pane,
                          AdwFlap           *flap,
                          gboolean           wanted)
{
  pane->flap = flap;
  pane->wanted = wanted;
  adw_flap_set_reveal_flap (flap, wanted);

  g_signal_connect (flap, "notify::folded", G_CALLBACK (fifolab_window_pane_folded_cb), pane);
  g_signal_connect (flap, "notify::reveal-flap", G_CALLBACK (fifolab_window_pane_revealed_cb), pane);
  g_signal_connect (flap, "notify::reveal-progress", G_CALLBACK (fifolab_window_pane_progress_cb), pane);
}

/* Before the template's widgets go: the panes' handlers with them. */
static void
fifolab_window_pane_dispose (FifolabWindowPane *pane)
{
  if (pane->flap != NULL)
    g_signal_handlers_disconnect_by_data (pane->flap, pane);
  pane->flap = NULL;
  pane->pages = NULL;
  pane->list = NULL;
  g_clear_weak_pointer (&pane->return_focus);
}

void
_fifolab_window_dispose_layout (FifolabWindow *self)
{
  g_clear_handle_id (&self->pipe_clicked_idle, g_source_remove);
  fifolab_window_pane_dispose (&self->browser_pane);
  fifolab_window_pane_dispose (&self->side_pane);
}

/* The side pane's flap shown or hidden is the window's show-details. */
static void
fifolab_window_side_revealed_cb (FifolabWindow *self,
                                 GParamSpec    *pspec,
                                 AdwFlap       *flap)
{
  gboolean revealed = adw_flap_get_reveal_flap (flap);

  if (self->show_details != revealed)
    {
      self->show_details = revealed;
      g_object_notify (G_OBJECT (self), "show-details");
    }
}

void
_fifolab_window_set_show_details (FifolabWindow *self,
                                  gboolean       show)
{
  adw_flap_set_reveal_flap (self->side_flap, show);
}

/* A pipe chosen from the folded browser: the browser steps aside. A pipe
 * is chosen by a click on its row, or Enter there. The arrows go through the list and
 * select as they go (the side pane follows, where it is beside the log);
 * closing at the first of them, a keyboard user could only ever move one
 * row. A pipe selected by the program (Ctrl+N's) leaves the list open. */
static void
fifolab_window_pipe_chosen (FifolabWindow *self)
{
  if (adw_flap_get_folded (self->browser_flap))
    adw_flap_set_reveal_flap (self->browser_flap, FALSE);
}

/* Enter on a row, or a double click: the row's pipe is chosen (it need not
 * be selected: Ctrl and the arrows move without selecting). */
static void
fifolab_window_pipe_activated_cb (FifolabWindow *self,
                                  guint          position)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  fifolab_window_pipe_chosen (self);
}

static gboolean
fifolab_window_pipe_clicked_idle (gpointer data)
{
  FifolabWindow *self = data;

  self->pipe_clicked_idle = 0;
  fifolab_window_pipe_chosen (self);
  return G_SOURCE_REMOVE;
}

/* A click on a row, not on its menu button: once the row has handled it
 * (it selects on release, after this capture), the pipe is chosen. */
static void
fifolab_window_pipe_list_released_cb (GtkGestureClick *gesture,
                                      int              n_press,
                                      double           x,
                                      double           y,
                                      FifolabWindow   *self)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  gboolean on_row = FALSE;

  /* Beside the log, the list stays where it is. */
  if (!adw_flap_get_folded (self->browser_flap))
    return;
  for (GtkWidget *widget = gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT);
       widget != NULL && widget != list;
       widget = gtk_widget_get_parent (widget))
    {
      if (GTK_IS_BUTTON (widget))
        return;
      on_row = gtk_widget_get_parent (widget) == list;
    }
  if (on_row && self->pipe_clicked_idle == 0)
    self->pipe_clicked_idle = g_idle_add (fifolab_window_pipe_clicked_idle, self);
}

/* Folded, the panes are shown over the log one at a time: the side pane
 * would cover the pipe list (the keyboard's focus in it, out of sight), and
 * in a narrow window the two would cover the log. The one shown last is
 * where the user went. The side pane steps aside while a pipe is chosen
 * and comes back when the list goes (showing the pipe chosen, if one was).
 * Its page for no pipe offers the pipe list wherever that is out of sight. */
static void
fifolab_window_flap_revealed_cb (FifolabWindow *self,
                                 GParamSpec    *pspec,
                                 AdwFlap       *flap)
{
  gboolean browser_over, side_over;

  /* The window's parts going (dispose). */
  if (self->browser_flap == NULL || self->side_flap == NULL || self->details == NULL)
    return;
  browser_over = adw_flap_get_folded (self->browser_flap) && adw_flap_get_reveal_flap (self->browser_flap);
  side_over = adw_flap_get_folded (self->side_flap) && adw_flap_get_reveal_flap (self->side_flap);
  if (flap == self->side_flap && adw_flap_get_reveal_flap (flap))
    self->side_stepped_aside = FALSE;
  if (browser_over && side_over)
    {
      if (flap == self->browser_flap)
        self->side_stepped_aside = TRUE;
      adw_flap_set_reveal_flap (flap == self->browser_flap ? self->side_flap : self->browser_flap, FALSE);
    }
  else if (flap == self->browser_flap && !adw_flap_get_reveal_flap (flap) && self->side_stepped_aside)
    {
      self->side_stepped_aside = FALSE;
      if (adw_flap_get_folded (self->side_flap))
        adw_flap_set_reveal_flap (self->side_flap, TRUE);
    }
  fifolab_pipe_details_set_show_pipes_button (self->details,
                                              adw_flap_get_folded (self->browser_flap) &&
                                              !adw_flap_get_reveal_flap (self->browser_flap));
}

/* The side pane's drop-down, shown where the switcher's buttons do not fit,
 * and the stack's pages follow each other. */
static void
fifolab_window_side_pages_changed_cb (GtkSelectionModel *pages,
                                      guint              position,
                                      guint              n_items,
                                      GtkDropDown       *dropdown)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (pages, i) && gtk_drop_down_get_selected (dropdown) != i)
      gtk_drop_down_set_selected (dropdown, i);
}

static void
fifolab_window_side_dropdown_cb (GtkDropDown       *dropdown,
                                 GParamSpec        *pspec,
                                 GtkSelectionModel *pages)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected != GTK_INVALID_LIST_POSITION && !gtk_selection_model_is_selected (pages, selected))
    gtk_selection_model_select_item (pages, selected, TRUE);
}

static void
fifolab_window_init_side_dropdown (FifolabWindow *self)
{
  /* The switcher's sibling in their squeezer (fifolab-window.ui). */
  GtkWidget *dropdown = gtk_widget_get_next_sibling (self->side_switcher);
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (self->side_stack);
  g_autoptr(GtkExpression) title = gtk_property_expression_new (GTK_TYPE_STACK_PAGE, NULL, "title");

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  gtk_drop_down_set_expression (GTK_DROP_DOWN (dropdown), title);
  gtk_drop_down_set_model (GTK_DROP_DOWN (dropdown), G_LIST_MODEL (pages));
  fifolab_window_side_pages_changed_cb (pages, 0, 0, GTK_DROP_DOWN (dropdown));
  g_signal_connect_object (pages, "selection-changed",
                           G_CALLBACK (fifolab_window_side_pages_changed_cb), dropdown, 0);
  g_signal_connect_object (dropdown, "notify::selected",
                           G_CALLBACK (fifolab_window_side_dropdown_cb), pages, 0);
  fifolab_accessible_name_drop_down_button (GTK_DROP_DOWN (dropdown), _("Side pane view"));
}

/* The pipes fold over the log where the log, beside them, would be
 * narrower than its shown columns: they would scroll sideways, and the
 * last of them (the claimed pid) would be cut off at the log's edge. The
 * sequence diagram, shown in the log's place, has no columns. */
static void
fifolab_window_log_width_cb (FifolabWindow *self)
{
  int width = self->log_least_natural_width;

  /* The window's parts going (dispose). */
  if (self->log_width_bin == NULL || self->log_view == NULL)
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->log_view)))
    width = MAX (width, fifolab_log_view_get_columns_width (self->log_view));
  fifolab_width_bin_set_natural_width (self->log_width_bin, width);
}

/* The side pane stands beside the log from 800 px of window up (300 px of
 * pane, the rest the log's): of the window as the user sees its edge, and
 * as the window manager, the window-width setting and xdotool size it.
 * Where no compositor draws the window's shadow, GTK draws a frame inside
 * that width instead (window.solid-csd: 5 px of padding a side), and the
 * content is 10 px narrower than the window: 790 px at 800. The side flap
 * folds where its content's natural width and the pane's do not fit
 * (fold-threshold-policy natural): the log's 500 px, less the frame. With
 * a compositor the frame is none, and the log has its 500 px at 800. */
void
_fifolab_window_fit_frame (FifolabWindow *self)
{
  GtkStyleContext *style;
  GtkBorder padding, border;
  int frame;

  /* The window's parts going (dispose). */
  if (self->side_neighbour_bin == NULL)
    return;
  style = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_padding (style, &padding);
  gtk_style_context_get_border (style, &border);
  frame = padding.left + padding.right + border.left + border.right;
  fifolab_width_bin_set_natural_width (self->side_neighbour_bin,
                                       MAX (0, self->side_neighbour_natural_width - frame));
}

void
_fifolab_window_init_layout (FifolabWindow *self)
{
  GtkLayoutManager *switcher_layout = gtk_widget_get_layout_manager (self->side_switcher);
  GtkGesture *click;

  fifolab_window_pane_init (&self->browser_pane, self->browser_flap, TRUE);
  fifolab_window_pane_init (&self->side_pane, self->side_flap, self->show_details);
  self->side_pane.pages = self->side_stack;
  self->browser_pane.list = GTK_WIDGET (self->pipe_list);
  g_signal_connect_object (self->pipe_list, "activate",
                           G_CALLBACK (fifolab_window_pipe_activated_cb), self, G_CONNECT_SWAPPED);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "released", G_CALLBACK (fifolab_window_pipe_list_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->pipe_list), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (self->side_flap, "notify::reveal-flap",
                           G_CALLBACK (fifolab_window_side_revealed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->browser_flap, "notify::reveal-flap",
                           G_CALLBACK (fifolab_window_flap_revealed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->browser_flap, "notify::folded",
                           G_CALLBACK (fifolab_window_flap_revealed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->side_flap, "notify::reveal-flap",
                           G_CALLBACK (fifolab_window_flap_revealed_cb), self, G_CONNECT_SWAPPED);
  fifolab_window_flap_revealed_cb (self, NULL, self->browser_flap);

  /* The switcher's buttons are as wide as their own labels, not all as wide
   * as the longest: the side pane stays narrow in every language. */
  if (GTK_IS_BOX_LAYOUT (switcher_layout))
    gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (switcher_layout), FALSE);
  fifolab_window_init_side_dropdown (self);

  self->log_least_natural_width = fifolab_width_bin_get_natural_width (self->log_width_bin);
  self->side_neighbour_natural_width = fifolab_width_bin_get_natural_width (self->side_neighbour_bin);
  g_signal_connect_object (self->log_view, "notify::columns-width",
                           G_CALLBACK (fifolab_window_log_width_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_view, "notify::visible",
                           G_CALLBACK (fifolab_window_log_width_cb), self, G_CONNECT_SWAPPED);
}
