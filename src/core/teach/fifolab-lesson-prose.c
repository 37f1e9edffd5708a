/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include <gio/gio.h>

#include "fifolab-core-resources.h"
#include "fifolab-lesson-prose.h"

#define PROSE_RESOURCE "/io/github/fifolab/FifoLab/core/fifolab-lessons.xml"

typedef struct
{
  char  *id;
  guint  chapter;
  char  *texts[FIFOLAB_PROSE_N_KEYS];
} ProseStep;

struct _FifolabLessonProse
{
  GPtrArray *steps;   /* of ProseStep */
};

static const char * const key_names[FIFOLAB_PROSE_N_KEYS] = { "title", "what", "why", "action" };

static void
prose_step_free (gpointer data)
{
  ProseStep *step = data;

  g_free (step->id);
  for (guint i = 0; i < FIFOLAB_PROSE_N_KEYS; i++)
    g_free (step->texts[i]);
  g_free (step);
}

/* Parsing */

typedef struct
{
  FifolabLessonProse *prose;
  ProseStep          *step;   /* the open <step>, owned by prose */
  int                 key;    /* the open text element, or -1 */
  GString            *text;
  gboolean            in_root;
} Parser;

/* Runs of white space become one space, none at either end: what xgettext's
 * ITS extraction does by default, so that the text is the msgid. */
static char *
collapse_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static int
find_key (const char *name)
{
  for (guint i = 0; i < FIFOLAB_PROSE_N_KEYS; i++)
    if (g_str_equal (name, key_names[i]))
      return (int) i;
  return -1;
}

static void
start_step (Parser       *parser,
            const char  **names,
            const char  **values,
            GError      **error)
{
  const char *id = NULL;
  const char *chapter = NULL;
  guint64 number = 0;
  ProseStep *step;

  if (!g_markup_collect_attributes ("step", names, values, error,
                                    G_MARKUP_COLLECT_STRING, "id", &id,
                                    G_MARKUP_COLLECT_STRING, "chapter", &chapter,
                                    G_MARKUP_COLLECT_INVALID))
    return;
  if (!g_ascii_string_to_unsigned (chapter, 10, 1, G_MAXUINT, &number, NULL))
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "Step “%s”: chapter “%s” is not a number", id, chapter);
      return;
    }
  if (fifolab_lesson_prose_find (parser->prose, id) >= 0)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "Step “%s” is there twice", id);
      return;
    }
  step = g_new0 (ProseStep, 1);
  step->id = g_strdup (id);
  step->chapter = (guint) number;
  g_ptr_array_add (parser->prose->steps, step);
  parser->step = step;
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Parser *parser = user_data;
  int key;

  if (!parser->in_root && g_str_equal (element, "lessons") &&
      g_markup_parse_context_get_element_stack (context)->next == NULL)
    {
      parser->in_root = TRUE;
      return;
    }
  if (parser->in_root && parser->step == NULL && g_str_equal (element, "step"))
    {
      start_step (parser, names, values, error);
      return;
    }
  key = find_key (element);
  if (parser->step != NULL && parser->key < 0 && key >= 0)
    {
      if (parser->step->texts[key] != NULL)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "Step “%s” has <%s> twice", parser->step->id, element);
          return;
        }
      parser->key = key;
      g_string_truncate (parser->text, 0);
      return;
    }
  g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT,
               "Unexpected <%s>", element);
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Parser *parser = user_data;

  if (parser->key >= 0)
    {
      parser->step->texts[parser->key] = collapse_space (parser->text->str);
      if (parser->step->texts[parser->key][0] == '\0')
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     "Step “%s” has an empty <%s>", parser->step->id, element);
      parser->key = -1;
      return;
    }
  if (parser->step != NULL)
    {
      for (guint i = 0; i < FIFOLAB_PROSE_N_KEYS; i++)
        if (parser->step->texts[i] == NULL)
          {
            g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_MISSING_ATTRIBUTE,
                         "Step “%s” has no <%s>", parser->step->id, key_names[i]);
            return;
          }
      parser->step = NULL;
    }
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 len,
         gpointer              user_data,
         GError              **error)
{
  Parser *parser = user_data;

  if (parser->key >= 0)
    g_string_append_len (parser->text, text, (gssize) len);
}

static const GMarkupParser prose_parser = {
  start_element_cb,
  end_element_cb,
  text_cb,
  NULL,
  NULL,
};

/**
 * fifolab_lesson_prose_new_from_data:
 * @data: the XML
 * @len: its length, or -1 when nul-terminated
 * @error: return location for a #GMarkupError
 *
 * Returns: (transfer full) (nullable): the prose
 */
FifolabLessonProse *
fifolab_lesson_prose_new_from_data (const char  *data,
                                    gssize       len,
                                    GError     **error)
{
  g_autoptr(FifolabLessonProse) self = g_new0 (FifolabLessonProse, 1);
  g_autoptr(GMarkupParseContext) context = NULL;
  Parser parser = { NULL, NULL, -1, NULL, FALSE };

  g_return_val_if_fail (data != NULL, NULL);

  self->steps = g_ptr_array_new_with_free_func (prose_step_free);
  parser.prose = self;
  parser.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&prose_parser, G_MARKUP_PREFIX_ERROR_POSITION, &parser, NULL);
  if (!g_markup_parse_context_parse (context, data, len, error) ||
      !g_markup_parse_context_end_parse (context, error))
    {
      g_string_free (parser.text, TRUE);
      return NULL;
    }
  g_string_free (parser.text, TRUE);
  if (!parser.in_root)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "The document is not <lessons>");
      return NULL;
    }
  return g_steal_pointer (&self);
}

FifolabLessonProse *
fifolab_lesson_prose_get_default (void)
{
  static FifolabLessonProse *prose;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resource_lookup_data (fifolab_core_get_resource (), PROSE_RESOURCE,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

      if (bytes != NULL)
        prose = fifolab_lesson_prose_new_from_data (g_bytes_get_data (bytes, NULL),
                                                    (gssize) g_bytes_get_size (bytes), &error);
      if (prose == NULL)
        g_critical ("The lessons’ prose cannot be read: %s", error->message);
      g_once_init_leave (&loaded, 1);
    }
  return prose;
}

void
fifolab_lesson_prose_free (FifolabLessonProse *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_free (self);
}

guint
fifolab_lesson_prose_get_n_steps (FifolabLessonProse *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->steps->len;
}

int
fifolab_lesson_prose_find (FifolabLessonProse *self,
                           const char         *id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (id != NULL, -1);

  for (guint i = 0; i < self->steps->len; i++)
    if (g_str_equal (((ProseStep *) self->steps->pdata[i])->id, id))
      return (int) i;
  return -1;
}

const char *
fifolab_lesson_prose_get_id (FifolabLessonProse *self,
                             guint               index)
{
  g_return_val_if_fail (self != NULL && index < self->steps->len, NULL);
  return ((ProseStep *) self->steps->pdata[index])->id;
}

guint
fifolab_lesson_prose_get_chapter (FifolabLessonProse *self,
                                  guint               index)
{
  g_return_val_if_fail (self != NULL && index < self->steps->len, 0);
  return ((ProseStep *) self->steps->pdata[index])->chapter;
}

const char *
fifolab_lesson_prose_get_text (FifolabLessonProse *self,
                               guint               index,
                               FifolabProseKey     key)
{
  g_return_val_if_fail (self != NULL && index < self->steps->len, NULL);
  g_return_val_if_fail (key < FIFOLAB_PROSE_N_KEYS, NULL);
  return ((ProseStep *) self->steps->pdata[index])->texts[key];
}

/**
 * fifolab_lesson_prose_fill:
 * @text: a text with {name} placeholders
 * @values: (array length=n_values): what the names stand for
 * @n_values: how many
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): @text filled in
 */
char *
fifolab_lesson_prose_fill (const char              *text,
                           const FifolabProseValue *values,
                           gsize                    n_values,
                           GError                 **error)
{
  g_autoptr(GString) out = NULL;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *open = strchr (p, '{'); open != NULL; open = strchr (p, '{'))
    {
      const char *close = strchr (open, '}');
      gsize name_len;
      gboolean found = FALSE;

      if (close == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "An unclosed “{” in “%s”", text);
          return NULL;
        }
      g_string_append_len (out, p, open - p);
      name_len = (gsize) (close - open - 1);
      for (gsize i = 0; i < n_values && !found; i++)
        if (strlen (values[i].name) == name_len && strncmp (values[i].name, open + 1, name_len) == 0)
          {
            g_string_append_printf (out, "%" G_GINT64_FORMAT, values[i].value);
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "No number is called “%.*s” in “%s”", (int) name_len, open + 1, text);
          return NULL;
        }
      p = close + 1;
    }
  g_string_append (out, p);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * fifolab_lesson_prose_format:
 *
 * Returns: (transfer full): the translated, filled text
 */
char *
fifolab_lesson_prose_format (FifolabLessonProse      *self,
                             guint                    index,
                             FifolabProseKey          key,
                             const FifolabProseValue *values,
                             gsize                    n_values)
{
  g_autoptr(GError) error = NULL;
  const char *msgid = fifolab_lesson_prose_get_text (self, index, key);
  const char *translated;
  char *filled;

  g_return_val_if_fail (msgid != NULL, g_strdup (""));

  translated = g_dgettext (GETTEXT_PACKAGE, msgid);
  filled = fifolab_lesson_prose_fill (translated, values, n_values, &error);
  if (filled != NULL)
    return filled;
  if (translated != msgid)
    {
      g_warning ("A translation of the lessons does not fill in: %s",
                 error != NULL ? error->message : msgid);
      g_clear_error (&error);
      filled = fifolab_lesson_prose_fill (msgid, values, n_values, &error);
      if (filled != NULL)
        return filled;
    }
  g_critical ("The lessons’ prose does not fill in: %s", error != NULL ? error->message : msgid);
  return g_strdup (msgid);
}
