/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Menus whose popover is made the first time they open. */
#include "config.h"

#include "fifolab-lazy-menu.h"

static void
set_menu_cb (GtkMenuButton *button,
             gpointer       menu)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, menu);
}

/**
 * fifolab_menu_button_set_menu_on_open:
 * @button: a menu button without a menu model
 * @menu: the menu it opens
 *
 * Gives @button @menu the first time it opens (by click, key or
 * gtk_menu_button_popup()), not now: a menu's popover costs about as much to
 * build as a row of buttons, and a menu that is not opened need not cost the
 * window's first frame. The button says it has a popup meanwhile.
 */
void
fifolab_menu_button_set_menu_on_open (GtkMenuButton *button,
                                      GMenuModel    *menu)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (menu));

  gtk_menu_button_set_create_popup_func (button, set_menu_cb, g_object_ref (menu), g_object_unref);
}
