/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The compose bar's history: the templates sent, and where Up and Down have
 * walked among them, with the draft they left. No widgets: the bar shows what
 * this answers. */
#include "config.h"

#include "fifolab-compose-history.h"

struct _FifolabComposeHistory
{
  GObject    parent_instance;

  /* Sent templates, oldest first; pos == len means the draft. */
  GPtrArray *entries;
  guint      pos;
  guint      max_entries;
  char      *draft;
};

G_DEFINE_FINAL_TYPE (FifolabComposeHistory, fifolab_compose_history, G_TYPE_OBJECT)

FifolabComposeHistory *
fifolab_compose_history_new (guint max_entries)
{
  FifolabComposeHistory *self;

  g_return_val_if_fail (max_entries > 0, NULL);

  self = g_object_new (FIFOLAB_TYPE_COMPOSE_HISTORY, NULL);
  self->max_entries = max_entries;
  return self;
}

guint
fifolab_compose_history_get_n_entries (FifolabComposeHistory *self)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_HISTORY (self), 0);

  return self->entries->len;
}

void
fifolab_compose_history_add (FifolabComposeHistory *self,
                             const char            *text)
{
  g_return_if_fail (FIFOLAB_IS_COMPOSE_HISTORY (self));

  if (self->entries->len == 0 ||
      g_strcmp0 (g_ptr_array_index (self->entries, self->entries->len - 1), text) != 0)
    {
      if (self->entries->len >= self->max_entries)
        g_ptr_array_remove_index (self->entries, 0);
      g_ptr_array_add (self->entries, g_strdup (text));
    }
  fifolab_compose_history_leave (self);
}

void
fifolab_compose_history_leave (FifolabComposeHistory *self)
{
  g_return_if_fail (FIFOLAB_IS_COMPOSE_HISTORY (self));

  self->pos = self->entries->len;
  g_clear_pointer (&self->draft, g_free);
}

gboolean
fifolab_compose_history_older (FifolabComposeHistory  *self,
                               const char             *current,
                               char                  **text)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_HISTORY (self), FALSE);
  g_return_val_if_fail (text != NULL && *text == NULL, FALSE);

  if (self->pos == 0)
    return self->entries->len > 0;
  if (self->pos == self->entries->len)
    {
      g_free (self->draft);
      self->draft = g_strdup (current);
    }
  self->pos--;
  *text = g_strdup (g_ptr_array_index (self->entries, self->pos));
  return TRUE;
}

gboolean
fifolab_compose_history_newer (FifolabComposeHistory  *self,
                               char                  **text)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_HISTORY (self), FALSE);
  g_return_val_if_fail (text != NULL && *text == NULL, FALSE);

  if (self->pos >= self->entries->len)
    return FALSE;
  self->pos++;
  if (self->pos == self->entries->len)
    {
      char *draft = g_steal_pointer (&self->draft);

      *text = draft != NULL ? draft : g_strdup ("");
    }
  else
    *text = g_strdup (g_ptr_array_index (self->entries, self->pos));
  return TRUE;
}

static void
fifolab_compose_history_finalize (GObject *object)
{
  FifolabComposeHistory *self = FIFOLAB_COMPOSE_HISTORY (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->draft, g_free);

  G_OBJECT_CLASS (fifolab_compose_history_parent_class)->finalize (object);
}

static void
fifolab_compose_history_class_init (FifolabComposeHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fifolab_compose_history_finalize;
}

static void
fifolab_compose_history_init (FifolabComposeHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_free);
}
