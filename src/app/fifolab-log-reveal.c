/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Revealing a burst to the log's column view a few rows per frame
 *
 * GTK 4.8's list views keep up to 200 rows (each ~20 widgets in the log)
 * around the visible ones, and make them while handling items-changed. When a
 * flood starts in a log view that shows few entries, the first burst announced
 * would make all of them in that one call: a quarter of a second without a
 * frame on a slow machine. Between the log and the filter, this model shows a
 * prefix of the log: all of it, except that while the view is mapped and
 * shows fewer than FIFOLAB_LOG_REVEAL_FREE entries, at most
 * FIFOLAB_LOG_REVEAL_STEP new entries at the end are shown between two frames
 * at the start of a burst, twice as many after each frame while it lasts (up
 * to FIFOLAB_LOG_REVEAL_STEP_MAX), however many times the log announces entries meanwhile (the frame clock's
 * update phase shows the next ones). Past FIFOLAB_LOG_REVEAL_FREE the view has
 * all its rows, new entries only rebind them, and everything shows at once, so
 * a long log or a flood that goes on passes straight through. So does a log
 * whose cap evicts (entries removed from the front while some remain) until
 * it shows none again: a memory cap in bytes can hold fewer than
 * FIFOLAB_LOG_REVEAL_FREE big entries for ever, and throttling it kept the
 * frame clock running and the view behind the log for as long as the flood
 * lasted, each frame paying for a shift of every row for 4 new ones (issue 13:
 * raw intake with a 16 MiB cap fell to a few MB/s). The log itself is always
 * complete; only the view catches up over a few frames. */
#include "config.h"

#include "fifolab-log-reveal.h"

struct _FifolabLogReveal
{
  GObject        parent_instance;

  GListModel    *model;
  gulong         changed_id;
  guint          n_revealed;
  /* Throttled while set: the view's; each frame it paints gives a new budget. */
  GdkFrameClock *clock;
  gulong         after_paint_id;
  gulong         update_id;
  guint          budget;
  /* The budget of the next frame: FIFOLAB_LOG_REVEAL_STEP at the start of a
   * burst, doubled by every frame after which entries still wait. */
  guint          step;
  /* The clock runs (gdk_frame_clock_begin_updating()) while items wait. */
  gboolean       updating;
  /* Items shown were removed from the front (a cap evicting) since the
   * model last showed none: the log is full, no burst to spread. */
  gboolean       evicting;
};

static GType
fifolab_log_reveal_get_item_type (GListModel *list)
{
  FifolabLogReveal *self = FIFOLAB_LOG_REVEAL (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
fifolab_log_reveal_get_n_items (GListModel *list)
{
  return FIFOLAB_LOG_REVEAL (list)->n_revealed;
}

static gpointer
fifolab_log_reveal_get_item (GListModel *list,
                             guint       position)
{
  FifolabLogReveal *self = FIFOLAB_LOG_REVEAL (list);

  if (self->model == NULL || position >= self->n_revealed)
    return NULL;
  return g_list_model_get_item (self->model, position);
}

static void
fifolab_log_reveal_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fifolab_log_reveal_get_item_type;
  iface->get_n_items = fifolab_log_reveal_get_n_items;
  iface->get_item = fifolab_log_reveal_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabLogReveal, fifolab_log_reveal, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fifolab_log_reveal_list_model_init))

/* How many of @wanted new entries at the end of @n_shown ones may be shown
 * now; they count against the FIFOLAB_LOG_REVEAL_STEP of the next frame. */
static guint
reveal_take (FifolabLogReveal *self,
             guint             n_shown,
             guint             wanted)
{
  guint n;

  if (self->clock == NULL || n_shown >= FIFOLAB_LOG_REVEAL_FREE || self->evicting)
    return wanted;

  n = MIN (wanted, self->budget);
  self->budget -= n;
  return n;
}

static gboolean
reveal_has_pending (FifolabLogReveal *self)
{
  return self->model != NULL && self->n_revealed < g_list_model_get_n_items (self->model);
}

/* The clock runs while entries wait, and only then. */
static void
reveal_update_clock (FifolabLogReveal *self)
{
  gboolean wanted = self->clock != NULL && reveal_has_pending (self);

  if (wanted == self->updating)
    return;
  self->updating = wanted;
  if (wanted)
    gdk_frame_clock_begin_updating (self->clock);
  else
    {
      gdk_frame_clock_end_updating (self->clock);
      /* The burst is shown: the next one starts small again. */
      self->step = FIFOLAB_LOG_REVEAL_STEP;
      self->budget = MIN (self->budget, FIFOLAB_LOG_REVEAL_STEP);
    }
}

static void reveal_step (FifolabLogReveal *self);

static void
reveal_model_changed_cb (FifolabLogReveal *self,
                         guint             position,
                         guint             removed,
                         guint             added,
                         GListModel       *model)
{
  guint n_before = self->n_revealed;
  guint removed_shown, added_shown;

  /* A change past the shown prefix leaves it as it is. */
  if (position < n_before)
    {
      removed_shown = MIN (removed, n_before - position);
      /* Evicted from the front of a log that still holds entries, even if
       * none of those shown stays: a cap that evicts more than the view
       * shows between two announcements (a flood of big messages) would
       * otherwise start spreading the next entries again, a few a frame,
       * and the view would fall behind the log for good while rows for
       * evicted entries were made at its front. */
      if (position == 0 && removed_shown > 0 && g_list_model_get_n_items (model) > 0)
        self->evicting = TRUE;
      /* Added where the prefix now ends (the log appends at its end): these may
       * wait; added inside the prefix: shown, or it would not be a prefix. */
      if (position + removed >= n_before)
        added_shown = reveal_take (self, n_before - removed_shown, added);
      else
        added_shown = added;

      self->n_revealed = n_before - removed_shown + added_shown;
      if (g_list_model_get_n_items (model) == 0)
        self->evicting = FALSE;
      if (removed_shown > 0 || added_shown > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), position, removed_shown, added_shown);
    }
  else if (position == n_before && added > 0)
    {
      added_shown = reveal_take (self, n_before, added);
      self->n_revealed = n_before + added_shown;
      if (added_shown > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added_shown);
    }
  else if (added > 0 && self->evicting)
    {
      /* Added past entries that wait: nothing to spread any more. */
      reveal_step (self);
    }

  reveal_update_clock (self);
}

/* Shows the next entries that wait, as many as the budget allows. */
static void
reveal_step (FifolabLogReveal *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  guint position = self->n_revealed;
  guint added;

  if (position < n && (added = reveal_take (self, position, n - position)) > 0)
    {
      self->n_revealed += added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
    }
  reveal_update_clock (self);
}

/* A burst that still waits after a frame gets twice the budget in the next:
 * with 4 rows a frame, 256 entries took 64 frames, and on a slow renderer
 * (GL on llvmpipe, 50-130 ms a frame under load) those frames back to back
 * left the reader, which runs below the redraw priority, about one pass of
 * reads between two of them for 5-10 s of a flood (issue 13). Doubling
 * reaches FIFOLAB_LOG_REVEAL_FREE in 8 frames, while the first frame of a
 * burst still makes few rows and a single entry still shows at once. */
static void
reveal_after_paint_cb (FifolabLogReveal *self)
{
  if (self->updating)
    self->step = MIN (self->step * 2, FIFOLAB_LOG_REVEAL_STEP_MAX);
  else
    self->step = FIFOLAB_LOG_REVEAL_STEP;
  self->budget = self->step;
}

/**
 * fifolab_log_reveal_set_frame_clock:
 * @clock: (nullable): the frame clock of the view that shows the model
 *
 * With a clock, a burst at the end of a short model is shown a few items a
 * frame; without, everything that waits is shown now and changes pass
 * straight through.
 */
void
fifolab_log_reveal_set_frame_clock (FifolabLogReveal *self,
                                    GdkFrameClock    *clock)
{
  g_return_if_fail (FIFOLAB_IS_LOG_REVEAL (self));
  g_return_if_fail (clock == NULL || GDK_IS_FRAME_CLOCK (clock));

  if (self->clock == clock)
    return;

  if (self->clock != NULL)
    {
      if (self->updating)
        gdk_frame_clock_end_updating (self->clock);
      self->updating = FALSE;
      g_clear_signal_handler (&self->after_paint_id, self->clock);
      g_clear_signal_handler (&self->update_id, self->clock);
    }
  g_set_object (&self->clock, clock);
  self->step = FIFOLAB_LOG_REVEAL_STEP;
  self->budget = FIFOLAB_LOG_REVEAL_STEP;
  if (clock != NULL)
    {
      self->after_paint_id = g_signal_connect_object (clock, "after-paint", G_CALLBACK (reveal_after_paint_cb),
                                                      self, G_CONNECT_SWAPPED);
      self->update_id = g_signal_connect_object (clock, "update", G_CALLBACK (reveal_step),
                                                 self, G_CONNECT_SWAPPED);
    }
  reveal_step (self);
}

/**
 * fifolab_log_reveal_get_model:
 *
 * Returns: (transfer none) (nullable): the model shown
 */
GListModel *
fifolab_log_reveal_get_model (FifolabLogReveal *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_REVEAL (self), NULL);

  return self->model;
}

/**
 * fifolab_log_reveal_set_model:
 * @model: (nullable): the model to show
 *
 * Shows all of @model at once.
 */
void
fifolab_log_reveal_set_model (FifolabLogReveal *self,
                              GListModel       *model)
{
  guint removed;

  g_return_if_fail (FIFOLAB_IS_LOG_REVEAL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  removed = self->n_revealed;
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_id, self->model);
  g_set_object (&self->model, model);
  if (model != NULL)
    self->changed_id = g_signal_connect_object (model, "items-changed",
                                                G_CALLBACK (reveal_model_changed_cb),
                                                self, G_CONNECT_SWAPPED);

  self->n_revealed = model != NULL ? g_list_model_get_n_items (model) : 0;
  self->evicting = FALSE;
  if (removed > 0 || self->n_revealed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_revealed);
  reveal_update_clock (self);
}

static void
fifolab_log_reveal_dispose (GObject *object)
{
  FifolabLogReveal *self = FIFOLAB_LOG_REVEAL (object);

  /* The model first: letting go of the clock shows no more items then. */
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_id, self->model);
  g_clear_object (&self->model);
  fifolab_log_reveal_set_frame_clock (self, NULL);

  G_OBJECT_CLASS (fifolab_log_reveal_parent_class)->dispose (object);
}

static void
fifolab_log_reveal_class_init (FifolabLogRevealClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fifolab_log_reveal_dispose;
}

static void
fifolab_log_reveal_init (FifolabLogReveal *self)
{
  self->step = FIFOLAB_LOG_REVEAL_STEP;
}

FifolabLogReveal *
fifolab_log_reveal_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LOG_REVEAL, NULL);
}
