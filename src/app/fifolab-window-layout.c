/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the window adapts to its width: the pipe browser and the side pane
 * are flaps (fifolab-window.ui), side by side with the log when they fit,
 * folded over it when they do not. Folding hides a pane; unfolding brings
 * it back as the user last left it side by side. */
#include "config.h"

#include "fifolab-window-private.h"

/* Which of the user's wishes a flap follows. */
static gboolean *
fifolab_window_flap_wanted (FifolabWindow *self,
                            AdwFlap       *flap)
{
  return flap == self->browser_flap ? &self->browser_wanted : &self->details_wanted;
}

static void
fifolab_window_flap_folded_cb (FifolabWindow *self,
                               GParamSpec    *pspec,
                               AdwFlap       *flap)
{
  /* Folded, a pane would cover the log: it waits to be asked for. */
  if (adw_flap_get_folded (flap))
    adw_flap_set_reveal_flap (flap, FALSE);
  else
    adw_flap_set_reveal_flap (flap, adw_flap_get_reveal_flap (flap) ||
                                    *fifolab_window_flap_wanted (self, flap));
}

static void
fifolab_window_flap_revealed_cb (FifolabWindow *self,
                                 GParamSpec    *pspec,
                                 AdwFlap       *flap)
{
  gboolean revealed = adw_flap_get_reveal_flap (flap);

  /* Side by side, showing or hiding a pane is the user's wish. */
  if (!adw_flap_get_folded (flap))
    *fifolab_window_flap_wanted (self, flap) = revealed;

  if (flap == self->side_flap && self->show_details != revealed)
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

/* A pipe chosen from the folded browser: the browser steps aside. */
void
_fifolab_window_pipe_chosen (FifolabWindow *self)
{
  if (adw_flap_get_folded (self->browser_flap))
    adw_flap_set_reveal_flap (self->browser_flap, FALSE);
}

void
_fifolab_window_init_layout (FifolabWindow *self)
{
  AdwFlap *flaps[] = { self->browser_flap, self->side_flap };
  GtkLayoutManager *switcher_layout = gtk_widget_get_layout_manager (self->side_switcher);

  self->browser_wanted = TRUE;
  self->details_wanted = self->show_details;
  adw_flap_set_reveal_flap (self->side_flap, self->show_details);

  for (guint i = 0; i < G_N_ELEMENTS (flaps); i++)
    {
      g_signal_connect_object (flaps[i], "notify::folded",
                               G_CALLBACK (fifolab_window_flap_folded_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (flaps[i], "notify::reveal-flap",
                               G_CALLBACK (fifolab_window_flap_revealed_cb), self, G_CONNECT_SWAPPED);
    }

  /* The switcher's buttons are as wide as their own labels, not all as wide
   * as the longest: the side pane stays narrow in every language. */
  if (GTK_IS_BOX_LAYOUT (switcher_layout))
    gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (switcher_layout), FALSE);
}
