/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lessons' words: each step's prose (title, what, why, the button's
 * label; data in fifolab-lessons.xml, translated and filled in with the
 * steps' numbers when first asked for), and the nine lessons the steps
 * belong to: their titles, their steps, a step's number within its lesson. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-lesson-private.h"

/* The step's text, translated, its numbers filled in; made once per lesson. */
static const char *
prose (FifolabLesson   *self,
       guint            index,
       FifolabProseKey  key)
{
  FifolabLessonProse *data = fifolab_lesson_prose_get_default ();
  char **text;

  g_return_val_if_fail (index < _fifolab_lesson_steps_count (), NULL);
  /* Disposed. */
  g_return_val_if_fail (self->prose != NULL, "");

  text = &self->prose[index * FIFOLAB_PROSE_N_KEYS + key];
  if (*text == NULL)
    {
      int found = data != NULL ? fifolab_lesson_prose_find (data, _fifolab_lesson_steps_nth (index)->id) : -1;
      const FifolabProseValue *values;
      gsize n_values;

      values = _fifolab_lesson_steps_get_values (&n_values);
      if (found < 0)
        {
          g_critical ("The lessons’ prose has no step “%s”", _fifolab_lesson_steps_nth (index)->id);
          *text = g_strdup ("");
        }
      else
        *text = fifolab_lesson_prose_format (data, (guint) found, key, values, n_values);
    }
  return *text;
}

gboolean
_fifolab_lesson_check_prose (FifolabLessonProse  *data,
                             GError             **error)
{
  gsize n_values;
  guint n;
  const FifolabLessonStep *steps = _fifolab_lesson_steps_get (&n);
  const FifolabProseValue *values = _fifolab_lesson_steps_get_values (&n_values);

  if (fifolab_lesson_prose_get_n_steps (data) != n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The prose has %u steps, the lesson %u", fifolab_lesson_prose_get_n_steps (data), n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      int found = fifolab_lesson_prose_find (data, steps[i].id);

      if (found < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The prose has no step “%s”", steps[i].id);
          return FALSE;
        }
      for (guint key = 0; key < FIFOLAB_PROSE_N_KEYS; key++)
        {
          const char *msgid = fifolab_lesson_prose_get_text (data, (guint) found, key);
          g_autofree char *filled = fifolab_lesson_prose_fill (msgid, values, n_values, error);
          g_autofree char *translated = NULL;

          if (filled == NULL)
            return FALSE;
          translated = fifolab_lesson_prose_fill (g_dgettext (GETTEXT_PACKAGE, msgid), values, n_values, error);
          if (translated == NULL)
            return FALSE;
        }
    }
  return TRUE;
}

/* Made on demand: any entry may still be NULL. */
void
_fifolab_lesson_free_prose (char **texts)
{
  for (guint i = 0; i < _fifolab_lesson_steps_count () * FIFOLAB_PROSE_N_KEYS; i++)
    g_free (texts[i]);
  g_free (texts);
}

/* Public API */

const char *
fifolab_lesson_get_step_title (FifolabLesson *self,
                               guint          index)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return prose (self, index, FIFOLAB_PROSE_TITLE);
}

const char *
fifolab_lesson_get_step_what (FifolabLesson *self,
                              guint          index)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return prose (self, index, FIFOLAB_PROSE_WHAT);
}

const char *
fifolab_lesson_get_step_why (FifolabLesson *self,
                             guint          index)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return prose (self, index, FIFOLAB_PROSE_WHY);
}

const char *
fifolab_lesson_get_step_action_label (FifolabLesson *self,
                                      guint          index)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return prose (self, index, FIFOLAB_PROSE_ACTION);
}

const char *
fifolab_lesson_get_step_action_id (FifolabLesson *self,
                                   guint          index)
{
  g_return_val_if_fail (index < _fifolab_lesson_steps_count (), NULL);
  return _fifolab_lesson_steps_nth (index)->id;
}

guint
fifolab_lesson_get_step_chapter (FifolabLesson *self,
                                 guint          index)
{
  FifolabLessonProse *data = fifolab_lesson_prose_get_default ();
  int found;

  g_return_val_if_fail (index < _fifolab_lesson_steps_count (), 0);
  found = data != NULL ? fifolab_lesson_prose_find (data, _fifolab_lesson_steps_nth (index)->id) : -1;
  return found >= 0 ? fifolab_lesson_prose_get_chapter (data, (guint) found) : 0;
}

/* The nine lessons */

guint
fifolab_lesson_get_n_chapters (FifolabLesson *self)
{
  guint n = 0;

  for (guint i = 0; i < _fifolab_lesson_steps_count (); i++)
    n = MAX (n, fifolab_lesson_get_step_chapter (self, i));
  return n;
}

const char *
fifolab_lesson_get_chapter_title (FifolabLesson *self,
                                  guint          chapter)
{
  return g_dgettext (GETTEXT_PACKAGE, _fifolab_lesson_steps_get_chapter_title (chapter));
}

guint
fifolab_lesson_get_chapter_first_step (FifolabLesson *self,
                                       guint          chapter)
{
  for (guint i = 0; i < _fifolab_lesson_steps_count (); i++)
    if (fifolab_lesson_get_step_chapter (self, i) == chapter)
      return i;
  g_return_val_if_reached (0);
}

guint
fifolab_lesson_get_chapter_n_steps (FifolabLesson *self,
                                    guint          chapter)
{
  guint n = 0;

  for (guint i = 0; i < _fifolab_lesson_steps_count (); i++)
    if (fifolab_lesson_get_step_chapter (self, i) == chapter)
      n++;
  return n;
}

guint
fifolab_lesson_get_step_number (FifolabLesson *self,
                                guint          index)
{
  guint chapter = fifolab_lesson_get_step_chapter (self, index);

  return index - fifolab_lesson_get_chapter_first_step (self, chapter) + 1;
}

