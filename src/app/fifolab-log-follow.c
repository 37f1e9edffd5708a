/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-log-follow.h"

/* How close to the end of the scroll range still counts as "at the bottom". */
#define BOTTOM_SLACK 2.0

struct _FifolabLogFollow
{
  GObject        parent_instance;

  GtkWidget     *widget;
  GtkAdjustment *vadjustment;
  double         last_value;
  double         last_upper;
  double         last_page_size;
  /* The frame clock whose layout phase the scroll to the end waits for. */
  GdkFrameClock *scroll_clock;
  gulong         scroll_layout_id;
  guint          shift_tick_id;
  gboolean       following;
  /* Rows left at the front: the list moves its value until the next frame. */
  gboolean       shifting;
  gint64         shift_frame;
};

G_DEFINE_FINAL_TYPE (FifolabLogFollow, fifolab_log_follow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
adjustment_at_bottom (GtkAdjustment *adjustment)
{
  double value = gtk_adjustment_get_value (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  double page_size = gtk_adjustment_get_page_size (adjustment);

  return value + page_size >= upper - BOTTOM_SLACK;
}

static void
set_following (FifolabLogFollow *self,
               gboolean          following)
{
  following = !!following;
  if (self->following == following)
    return;

  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

static void
scroll_to_bottom_now (FifolabLogFollow *self)
{
  double upper = gtk_adjustment_get_upper (self->vadjustment);
  double page_size = gtk_adjustment_get_page_size (self->vadjustment);

  if (!adjustment_at_bottom (self->vadjustment))
    gtk_adjustment_set_value (self->vadjustment, MAX (0.0, upper - page_size));
}

static void
stop_scroll_wait (FifolabLogFollow *self)
{
  /* A window destroyed runs its frame clock's dispose, which drops the
   * handlers while the clock lives on. */
  if (self->scroll_clock != NULL && self->scroll_layout_id != 0 &&
      g_signal_handler_is_connected (self->scroll_clock, self->scroll_layout_id))
    g_signal_handler_disconnect (self->scroll_clock, self->scroll_layout_id);
  self->scroll_layout_id = 0;
  g_clear_object (&self->scroll_clock);
}

static void
scroll_layout_cb (GdkFrameClock *frame_clock,
                  gpointer       user_data)
{
  FifolabLogFollow *self = user_data;

  /* After GTK's layout of this frame: the list's range counts what it
   * holds now, and the value may move. Moving it queues the list's
   * allocation, and the frame clock lays out again before it paints, so
   * the frame that shows new entries shows them at the end (scrolling in
   * the next frame's ticks painted every change twice: once where the
   * rows were laid out, once at the end). */
  stop_scroll_wait (self);
  if (self->following)
    scroll_to_bottom_now (self);
}

/* Scrolls after the next layout of the list's widget, in the same frame:
 * the list view's range is updated during allocation, and moving it from
 * inside allocation is not allowed. */
static void
schedule_scroll_to_bottom (FifolabLogFollow *self)
{
  GdkFrameClock *frame_clock;

  if (self->widget == NULL || !gtk_widget_get_mapped (self->widget))
    return;
  frame_clock = gtk_widget_get_frame_clock (self->widget);
  if (frame_clock == NULL)
    return;
  if (self->scroll_clock != frame_clock)
    {
      stop_scroll_wait (self);
      self->scroll_clock = g_object_ref (frame_clock);
      /* After GTK's own handler, which lays the window out. */
      self->scroll_layout_id = g_signal_connect_after (frame_clock, "layout", G_CALLBACK (scroll_layout_cb), self);
    }
  /* Handlers connected during a layout run from the next one: asking for
   * the phase again makes the frame clock lay out again before painting. */
  gdk_frame_clock_request_phase (frame_clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
vadjustment_changed_cb (FifolabLogFollow *self,
                        GtkAdjustment    *adjustment)
{
  /* The range grew (new entries) or the view was resized. */
  if (self->following && !adjustment_at_bottom (adjustment))
    schedule_scroll_to_bottom (self);

  /* Remember the range and value, so the next move is compared with the
   * range it is made in: only a move up within an unchanged range is the
   * user's, and a ::value-changed that follows this one and finds the value
   * remembered here moved with the range (see below). */
  self->last_value = gtk_adjustment_get_value (adjustment);
  self->last_upper = gtk_adjustment_get_upper (adjustment);
  self->last_page_size = gtk_adjustment_get_page_size (adjustment);
}

static void
vadjustment_value_changed_cb (FifolabLogFollow *self,
                              GtkAdjustment    *adjustment)
{
  double value = gtk_adjustment_get_value (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  double page_size = gtk_adjustment_get_page_size (adjustment);

  if (value == self->last_value)
    {
      /* Moved before the range change seen last: the list view placed its
       * range and value together (gtk_adjustment_configure() emits ::changed
       * with the new value in place, then ::value-changed). Its own layout,
       * not the user: it does not stop following, and resumes it only when
       * everything fits (cleared, filtered, resized): nothing to scroll from. */
      if (upper <= page_size)
        set_following (self, TRUE);
      else if (self->following && !adjustment_at_bottom (adjustment))
        schedule_scroll_to_bottom (self);
    }
  else if (adjustment_at_bottom (adjustment))
    set_following (self, TRUE);
  else if (self->shifting)
    {
      /* Rows at the front went (a cap evicting): the list moved the value
       * with them, not the user. */
    }
  else if (value < self->last_value && upper == self->last_upper && page_size == self->last_page_size)
    {
      /* Moved up over an unchanged range: the user scrolled away. */
      set_following (self, FALSE);
    }
  else if (self->following)
    schedule_scroll_to_bottom (self);

  self->last_value = value;
  self->last_upper = upper;
  self->last_page_size = page_size;
}

gboolean
fifolab_log_follow_get_following (FifolabLogFollow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FOLLOW (self), FALSE);

  return self->following;
}

void
fifolab_log_follow_jump (FifolabLogFollow *self)
{
  g_return_if_fail (FIFOLAB_IS_LOG_FOLLOW (self));

  set_following (self, TRUE);
  scroll_to_bottom_now (self);
  schedule_scroll_to_bottom (self);
}

void
fifolab_log_follow_resume (FifolabLogFollow *self)
{
  g_return_if_fail (FIFOLAB_IS_LOG_FOLLOW (self));

  set_following (self, TRUE);
  schedule_scroll_to_bottom (self);
}

static gboolean
shift_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  FifolabLogFollow *self = user_data;

  /* Ticks come before the layout: the next frame's layout places the list,
   * and the tick of the frame after it ends the shift. */
  if (gdk_frame_clock_get_frame_counter (frame_clock) <= self->shift_frame + 1)
    return G_SOURCE_CONTINUE;
  self->shift_tick_id = 0;
  self->shifting = FALSE;
  return G_SOURCE_REMOVE;
}

/**
 * fifolab_log_follow_rows_removed:
 *
 * Rows of the list were removed (a cap evicting at the front, all of them
 * cleared, or a filter made stricter): the list moves its value with them
 * until its next layout, which does not stop following, and a scroll to the
 * end waits for that layout (a value set from the stale range could lie past
 * the last row, which GtkListBase warns about and ignores).
 */
void
fifolab_log_follow_rows_removed (FifolabLogFollow *self)
{
  g_return_if_fail (FIFOLAB_IS_LOG_FOLLOW (self));

  if (self->widget == NULL || !gtk_widget_get_mapped (self->widget))
    return;
  self->shifting = TRUE;
  self->shift_frame = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (self->widget));
  if (self->shift_tick_id == 0)
    self->shift_tick_id = gtk_widget_add_tick_callback (self->widget, shift_tick_cb, self, NULL);
}

void
fifolab_log_follow_update (FifolabLogFollow *self)
{
  g_return_if_fail (FIFOLAB_IS_LOG_FOLLOW (self));

  if (self->following)
    schedule_scroll_to_bottom (self);
}

static void
fifolab_log_follow_dispose (GObject *object)
{
  FifolabLogFollow *self = FIFOLAB_LOG_FOLLOW (object);

  stop_scroll_wait (self);
  if (self->shift_tick_id != 0 && self->widget != NULL)
    gtk_widget_remove_tick_callback (self->widget, self->shift_tick_id);
  self->shift_tick_id = 0;
  g_clear_weak_pointer (&self->widget);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (fifolab_log_follow_parent_class)->dispose (object);
}

static void
fifolab_log_follow_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FifolabLogFollow *self = FIFOLAB_LOG_FOLLOW (object);

  switch (prop_id)
    {
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_log_follow_class_init (FifolabLogFollowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_log_follow_dispose;
  object_class->get_property = fifolab_log_follow_get_property;

  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fifolab_log_follow_init (FifolabLogFollow *self)
{
  self->following = TRUE;
}

/**
 * fifolab_log_follow_new:
 * @widget: the widget whose frames it scrolls in, which owns it
 * @vadjustment: the list's vertical adjustment
 */
FifolabLogFollow *
fifolab_log_follow_new (GtkWidget     *widget,
                        GtkAdjustment *vadjustment)
{
  FifolabLogFollow *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (GTK_IS_ADJUSTMENT (vadjustment), NULL);

  self = g_object_new (FIFOLAB_TYPE_LOG_FOLLOW, NULL);
  g_set_weak_pointer (&self->widget, widget);
  self->vadjustment = g_object_ref (vadjustment);
  g_signal_connect_object (vadjustment, "changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (vadjustment_value_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}
