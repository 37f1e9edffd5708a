/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The lessons' prose as data: fifolab-lessons.xml, compiled into the core's
 * resources, one <step id="…" chapter="N"> per step with a <title>, <what>,
 * <why> and <action>. The texts are msgids (xgettext extracts them through
 * po/its/fifolab-lessons.its, collapsing whitespace as this parser does);
 * fifolab_lesson_prose_format() translates one and fills in its {name}
 * placeholders with the numbers the steps use. */

typedef enum
{
  FIFOLAB_PROSE_TITLE,
  FIFOLAB_PROSE_WHAT,
  FIFOLAB_PROSE_WHY,
  FIFOLAB_PROSE_ACTION,
  FIFOLAB_PROSE_N_KEYS
} FifolabProseKey;

/* A number a placeholder {name} stands for. */
typedef struct
{
  const char *name;
  gint64      value;
} FifolabProseValue;

typedef struct _FifolabLessonProse FifolabLessonProse;

/* Parses the XML; fails on anything but the format above, a step without one
 * of its four texts, a text given twice or a step id used twice. */
FifolabLessonProse *fifolab_lesson_prose_new_from_data (const char          *data,
                                                        gssize               len,
                                                        GError             **error);
/* The prose compiled into the core, parsed once (transfer none; NULL after a
 * critical if the resource is broken — the tests see that first). */
FifolabLessonProse *fifolab_lesson_prose_get_default   (void);
void                fifolab_lesson_prose_free          (FifolabLessonProse  *self);
guint               fifolab_lesson_prose_get_n_steps   (FifolabLessonProse  *self);
/* The index of the step with @id, or -1. */
int                 fifolab_lesson_prose_find          (FifolabLessonProse  *self,
                                                        const char          *id);
const char         *fifolab_lesson_prose_get_id        (FifolabLessonProse  *self,
                                                        guint                index);
guint               fifolab_lesson_prose_get_chapter   (FifolabLessonProse  *self,
                                                        guint                index);
/* The untranslated text (the msgid). */
const char         *fifolab_lesson_prose_get_text      (FifolabLessonProse  *self,
                                                        guint                index,
                                                        FifolabProseKey      key);
/* @text with each {name} replaced by its value from @values (transfer full);
 * NULL with @error for an unknown name or an unclosed brace. */
char               *fifolab_lesson_prose_fill          (const char              *text,
                                                        const FifolabProseValue *values,
                                                        gsize                    n_values,
                                                        GError                 **error);
/* The text translated (g_dgettext) and filled. A translation whose
 * placeholders do not fill falls back to the untranslated text. */
char               *fifolab_lesson_prose_format        (FifolabLessonProse      *self,
                                                        guint                    index,
                                                        FifolabProseKey          key,
                                                        const FifolabProseValue *values,
                                                        gsize                    n_values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabLessonProse, fifolab_lesson_prose_free)

G_END_DECLS
