/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Internal to the core: an enum value's nick ("end-of-stream") and back, for
 * the enums' to_string() and from_string() functions. */

/* The nick of @value in the enum @type, or NULL when it has none. */
const char *_fifolab_enum_to_nick   (GType        type,
                                     int          value);
/* The value whose nick is @nick (NULL gives FALSE). */
gboolean    _fifolab_enum_from_nick (GType        type,
                                     const char  *nick,
                                     int         *value);

G_END_DECLS
