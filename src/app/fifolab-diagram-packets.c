/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bytes moving: each message a pill with its size that travels along the
 * pipe from the writers to the readers (an AdwTimedAnimation); with reduced
 * motion (GtkSettings gtk-enable-animations FALSE) the last one stands still
 * in the middle of the pipe until the next. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-diagram-private.h"

#define FLIGHT_MS 900
#define MAX_FLIGHTS 8

static void
flight_free (gpointer data)
{
  FifolabDiagramFlight *flight = data;

  /* Resetting the animation sets its value once more: nothing to draw. */
  flight->diagram = NULL;
  if (flight->animation != NULL)
    {
      g_signal_handlers_disconnect_by_data (flight->animation, flight);
      adw_animation_reset (flight->animation);
      g_clear_object (&flight->animation);
    }
  g_free (flight->label);
  g_free (flight);
}

static void
flight_value_cb (double   value,
                 gpointer user_data)
{
  FifolabDiagramFlight *flight = user_data;

  flight->t = value;
  if (flight->diagram != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (flight->diagram));
}

static void
flight_free_idle (gpointer data)
{
  flight_free (data);
}

static void
flight_done_cb (AdwAnimation         *animation,
                FifolabDiagramFlight *flight)
{
  FifolabDiagram *self = flight->diagram;
  guint index;

  /* Off the stage now; freed (and its animation let go of) once the
   * animation has finished emitting ::done. */
  g_signal_handlers_disconnect_by_data (animation, flight);
  if (g_ptr_array_find (self->flights, flight, &index))
    g_ptr_array_steal_index (self->flights, index);
  flight->diagram = NULL;
  g_idle_add_once (flight_free_idle, flight);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
animations_enabled (FifolabDiagram *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

static void
ensure_flights (FifolabDiagram *self)
{
  if (self->flights == NULL)
    self->flights = g_ptr_array_new_with_free_func (flight_free);
}

void
_fifolab_diagram_flights_clear (FifolabDiagram *self)
{
  if (self->flights != NULL)
    g_ptr_array_set_size (self->flights, 0);
}

/**
 * fifolab_diagram_pulse_bytes:
 * @self: a diagram
 * @size: the message's size in bytes, -1: not known (no label)
 *
 * A message went through: a pill labelled with its size moves from the
 * writers to the readers, or, with reduced motion, stands in the pipe.
 */
void
fifolab_diagram_pulse_bytes (FifolabDiagram *self,
                             gssize          size)
{
  FifolabDiagramFlight *flight;
  gint64 now = g_get_monotonic_time ();
  gboolean moving;

  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  ensure_flights (self);
  moving = animations_enabled (self);
  if (moving)
    {
      /* One shown still before (reduced motion then) makes way. */
      for (guint i = self->flights->len; i > 0; i--)
        if (((FifolabDiagramFlight *) g_ptr_array_index (self->flights, i - 1))->animation == NULL)
          g_ptr_array_remove_index (self->flights, i - 1);
      /* A flood is shown as a stream of a few pills, not thousands (one that
       * would cover the one before waits out of sight: see
       * fifolab_diagram_layout_place_packets()). */
      if (self->flights->len >= MAX_FLIGHTS ||
          (self->flights->len > 0 && now - self->last_flight < FLIGHT_MS * 1000 / MAX_FLIGHTS))
        return;
    }
  else
    {
      /* Standing still, the last message is the one shown. */
      _fifolab_diagram_flights_clear (self);
    }

  flight = g_new0 (FifolabDiagramFlight, 1);
  flight->diagram = self;
  if (size >= 0)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GSSIZE_FORMAT, size);

      /* Translators: a message's size on its way through the pipe, "22 B". */
      flight->label = g_strdup_printf (_("%s B"), bytes);
    }
  flight->t = 0.5;
  g_ptr_array_add (self->flights, flight);
  self->last_flight = now;
  if (moving)
    {
      AdwAnimationTarget *target = adw_callback_animation_target_new (flight_value_cb, flight, NULL);

      flight->t = 0;
      flight->animation = adw_timed_animation_new (GTK_WIDGET (self), 0, 1, FLIGHT_MS, target);
      adw_timed_animation_set_easing (ADW_TIMED_ANIMATION (flight->animation), ADW_LINEAR);
      g_signal_connect (flight->animation, "done", G_CALLBACK (flight_done_cb), flight);
      adw_animation_play (flight->animation);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fifolab_diagram_pulse_message (FifolabDiagram *self)
{
  fifolab_diagram_pulse_bytes (self, -1);
}

GArray *
_fifolab_diagram_dup_packets (FifolabDiagram *self)
{
  GArray *packets = g_array_new (FALSE, FALSE, sizeof (FifolabDiagramPacket));

  for (guint i = 0; self->flights != NULL && i < self->flights->len; i++)
    {
      FifolabDiagramFlight *flight = g_ptr_array_index (self->flights, i);
      FifolabDiagramPacket packet = { flight->t, flight->label };

      g_array_append_val (packets, packet);
    }
  return packets;
}

guint
_fifolab_diagram_get_n_animating (FifolabDiagram *self)
{
  guint n = 0;

  g_return_val_if_fail (FIFOLAB_IS_DIAGRAM (self), 0);

  for (guint i = 0; self->flights != NULL && i < self->flights->len; i++)
    n += ((FifolabDiagramFlight *) g_ptr_array_index (self->flights, i))->animation != NULL ? 1 : 0;
  return n;
}
