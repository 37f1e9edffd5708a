/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-nick.h"

/* Enum nicks: the names the command line, the settings and the exports use
 * for a framing or an event kind. */

const char *
_fifolab_enum_to_nick (GType type,
                       int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);
  const char *nick = found != NULL ? found->value_nick : NULL;

  /* The nicks are static: they outlive the reference. */
  g_type_class_unref (klass);
  return nick;
}

gboolean
_fifolab_enum_from_nick (GType       type,
                         const char *nick,
                         int        *value)
{
  GEnumClass *klass;
  GEnumValue *found;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (type);
  found = g_enum_get_value_by_nick (klass, nick);
  if (found != NULL)
    *value = found->value;
  g_type_class_unref (klass);

  return found != NULL;
}
