/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-event.h"
#include "fifolab-log-filter.h"

#define DIRECTION_BIT(d) (1u << (d))

struct _FifolabLogFilter
{
  GtkFilter  parent_instance;

  char      *search_text;
  char      *pipe;
  guint      direction_mask;
};

G_DEFINE_FINAL_TYPE (FifolabLogFilter, fifolab_log_filter, GTK_TYPE_FILTER)

static gboolean
fifolab_log_filter_match (GtkFilter *filter,
                          gpointer   item)
{
  FifolabLogFilter *self = FIFOLAB_LOG_FILTER (filter);
  FifolabLogEntry *entry = item;
  FifolabDirection direction = fifolab_log_entry_get_direction (entry);

  if ((self->direction_mask & DIRECTION_BIT (direction)) == 0)
    return FALSE;

  if (self->pipe != NULL &&
      g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), self->pipe) != 0)
    return FALSE;

  if (self->search_text != NULL)
    {
      const char *text = fifolab_log_entry_get_display_text (entry);

      if (text != NULL && strcasestr (text, self->search_text) != NULL)
        return TRUE;
      if (direction == FIFOLAB_DIRECTION_EVENT)
        {
          FifolabEventKind kind = fifolab_log_entry_get_kind (entry);
          const char *title = fifolab_event_kind_get_title (kind);

          if (title != NULL && strcasestr (title, self->search_text) != NULL)
            return TRUE;
        }
      return FALSE;
    }

  return TRUE;
}

gboolean
fifolab_log_filter_is_active (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), FALSE);

  return self->search_text != NULL ||
         self->pipe != NULL ||
         self->direction_mask != FIFOLAB_LOG_FILTER_ALL_DIRECTIONS;
}

/* Nothing chosen: everything passes, and the filter model need not look. */
static GtkFilterMatch
fifolab_log_filter_get_strictness (GtkFilter *filter)
{
  return fifolab_log_filter_is_active (FIFOLAB_LOG_FILTER (filter)) ? GTK_FILTER_MATCH_SOME : GTK_FILTER_MATCH_ALL;
}

const char *
fifolab_log_filter_get_search_text (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), NULL);

  return self->search_text;
}

/**
 * fifolab_log_filter_set_search_text:
 * @text: (nullable): text the escaped message must contain (ASCII letters in
 *   any case), or %NULL / "" for no search
 */
void
fifolab_log_filter_set_search_text (FifolabLogFilter *self,
                                    const char       *text)
{
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  char *old;

  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->search_text) == 0)
    return;

  if (text != NULL && self->search_text != NULL && strstr (text, self->search_text) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (text == NULL || (self->search_text != NULL && strstr (self->search_text, text) != NULL))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  /* Freed at the end, by hand rather than by g_autofree (which clang's
   * static analyzer does not model): text may point into the old text. */
  old = g_steal_pointer (&self->search_text);
  self->search_text = g_strdup (text);
  gtk_filter_changed (GTK_FILTER (self), change);
  g_free (old);
}

const char *
fifolab_log_filter_get_pipe (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), NULL);

  return self->pipe;
}

/**
 * fifolab_log_filter_set_pipe:
 * @path: (nullable): only the entries of this pipe, or %NULL for all
 */
void
fifolab_log_filter_set_pipe (FifolabLogFilter *self,
                             const char       *path)
{
  char *old;

  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  if (path != NULL && *path == '\0')
    path = NULL;
  if (g_strcmp0 (path, self->pipe) == 0)
    return;

  old = g_steal_pointer (&self->pipe);
  self->pipe = g_strdup (path);
  gtk_filter_changed (GTK_FILTER (self), old == NULL ? GTK_FILTER_CHANGE_MORE_STRICT :
                                         path == NULL ? GTK_FILTER_CHANGE_LESS_STRICT :
                                         GTK_FILTER_CHANGE_DIFFERENT);
  g_free (old);
}

guint
fifolab_log_filter_get_direction_mask (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), 0);

  return self->direction_mask;
}

/**
 * fifolab_log_filter_set_direction_mask:
 * @mask: directions to show, bits `1 << FifolabDirection`
 */
void
fifolab_log_filter_set_direction_mask (FifolabLogFilter *self,
                                       guint             mask)
{
  guint old;

  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  mask &= FIFOLAB_LOG_FILTER_ALL_DIRECTIONS;
  if (mask == self->direction_mask)
    return;

  old = self->direction_mask;
  self->direction_mask = mask;

  if ((mask & old) == mask)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_MORE_STRICT);
  else if ((mask & old) == old)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_LESS_STRICT);
  else
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
fifolab_log_filter_finalize (GObject *object)
{
  FifolabLogFilter *self = FIFOLAB_LOG_FILTER (object);

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->pipe, g_free);

  G_OBJECT_CLASS (fifolab_log_filter_parent_class)->finalize (object);
}

static void
fifolab_log_filter_class_init (FifolabLogFilterClass *klass)
{
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fifolab_log_filter_finalize;
  filter_class->match = fifolab_log_filter_match;
  filter_class->get_strictness = fifolab_log_filter_get_strictness;
}

static void
fifolab_log_filter_init (FifolabLogFilter *self)
{
  self->direction_mask = FIFOLAB_LOG_FILTER_ALL_DIRECTIONS;
}

FifolabLogFilter *
fifolab_log_filter_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LOG_FILTER, NULL);
}
