/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A number and its unit read as one: a wrapped line never ends between
 * "65536" and "bytes", nor inside "字节". Chinese text may break between any
 * two characters, and a unit of two characters split over two lines (字 /
 * 节) read as two words. The unit is the word after the number and the
 * spaces after it; in scripts written without spaces between words (Han,
 * kana), where a word has no end to find, its first two characters: the
 * units FIFO Lab writes there (字节, 毫秒, 秒) are one or two long. */
#include "config.h"

#include "fifolab-unit-breaks.h"

/* The longest unit kept whole in a script without spaces, in characters. */
#define UNSPACED_UNIT_CHARS 2

static gboolean
is_unspaced (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Between a number and its unit: a space on the same line. */
static gboolean
is_gap (gunichar c)
{
  return g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

PangoAttrList *
fifolab_unit_breaks_attrs (const char *text)
{
  PangoAttrList *attrs = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  p = text;
  while (*p != '\0')
    {
      const char *start, *end;
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isdigit (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      /* The number: its digits, and a point or comma between two. */
      start = p;
      while (*p != '\0')
        {
          const char *next = g_utf8_next_char (p);

          c = g_utf8_get_char (p);
          if (g_unichar_isdigit (c) ||
              ((c == '.' || c == ',') && g_unichar_isdigit (g_utf8_get_char (next))))
            p = next;
          else
            break;
        }
      while (*p != '\0' && is_gap (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      c = g_utf8_get_char (p);
      if (!g_unichar_isalpha (c))
        continue;
      /* Its unit. */
      if (is_unspaced (c))
        {
          for (guint n = 0; n < UNSPACED_UNIT_CHARS && *p != '\0' && is_unspaced (g_utf8_get_char (p)); n++)
            p = g_utf8_next_char (p);
        }
      else
        {
          while (*p != '\0' && g_unichar_isalpha (g_utf8_get_char (p)) && !is_unspaced (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
        }
      end = p;

      {
        PangoAttribute *attr = pango_attr_allow_breaks_new (FALSE);

        attr->start_index = start - text;
        attr->end_index = end - text;
        if (attrs == NULL)
          attrs = pango_attr_list_new ();
        pango_attr_list_insert (attrs, attr);
      }
    }
  return attrs;
}

/* pango_attr_list_equal() takes no NULL list, which is no attribute. */
static gboolean
attrs_equal (PangoAttrList *a,
             PangoAttrList *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return pango_attr_list_equal (a, b);
}

void
fifolab_unit_breaks_set_label (GtkLabel   *label,
                               const char *text)
{
  g_autoptr(PangoAttrList) attrs = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  if (text == NULL)
    text = "";
  attrs = fifolab_unit_breaks_attrs (text);
  /* Set again as it is (the step bar sets its line at each of its syncs):
   * GTK lays a label out anew whenever it is given attributes, even equal
   * ones. The attributes follow from the text alone, but someone may have
   * changed the label's since: they are compared too. */
  if (g_str_equal (gtk_label_get_label (label), text) &&
      !gtk_label_get_use_markup (label) && !gtk_label_get_use_underline (label) &&
      attrs_equal (gtk_label_get_attributes (label), attrs))
    return;
  gtk_label_set_text (label, text);
  gtk_label_set_attributes (label, attrs);
}
