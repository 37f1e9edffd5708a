/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_FRAMER (fifolab_framer_get_type ())

G_DECLARE_FINAL_TYPE (FifolabFramer, fifolab_framer, FIFOLAB, FRAMER, GObject)

/* Called once per framed message. @data is valid only during the call.
 * For line framing the terminator is not part of @data; for length-prefix the
 * 4-byte header is not. Every input byte except terminators and headers reaches
 * exactly one call, in order. */
typedef void (*FifolabFramerFunc) (const guint8        *data,
                                   gsize                len,
                                   FifolabMessageFlags  flags,
                                   gpointer             user_data);

/* Properties: framing (FifolabFraming), line-ending, fixed-size (default 22),
 * max-message (default FIFOLAB_DEFAULT_MAX_MESSAGE), buffered (read-only, bytes held). */
FifolabFramer     *fifolab_framer_new               (FifolabFraming     framing);
FifolabFraming     fifolab_framer_get_framing       (FifolabFramer     *self);
void               fifolab_framer_set_framing       (FifolabFramer     *self,
                                                     FifolabFraming     framing);
FifolabLineEnding  fifolab_framer_get_line_ending   (FifolabFramer     *self);
void               fifolab_framer_set_line_ending   (FifolabFramer     *self,
                                                     FifolabLineEnding  ending);
gsize              fifolab_framer_get_fixed_size    (FifolabFramer     *self);
void               fifolab_framer_set_fixed_size    (FifolabFramer     *self,
                                                     gsize              size);
gsize              fifolab_framer_get_max_message   (FifolabFramer     *self);
void               fifolab_framer_set_max_message   (FifolabFramer     *self,
                                                     gsize              max);
gsize              fifolab_framer_get_buffered      (FifolabFramer     *self);
/* Feed one chunk; calls @func for each message completed by it. */
void               fifolab_framer_push              (FifolabFramer     *self,
                                                     const guint8      *data,
                                                     gsize              len,
                                                     FifolabFramerFunc  func,
                                                     gpointer           user_data);
/* End of stream: hands out what is buffered, flagged INCOMPLETE, and resets. */
void               fifolab_framer_finish            (FifolabFramer     *self,
                                                     FifolabFramerFunc  func,
                                                     gpointer           user_data);
void               fifolab_framer_reset             (FifolabFramer     *self);
/* The bytes to write for one message under this framing (adds terminator or header;
 * fixed size pads with NUL, and a longer payload is a G_IO_ERROR_INVALID_ARGUMENT).
 * Changing framing, line-ending, fixed-size or max-message drops buffered bytes
 * (call finish() first). @func must not push/finish/reset/reconfigure the framer. */
GBytes            *fifolab_framer_encode            (FifolabFramer     *self,
                                                     GBytes            *payload,
                                                     GError           **error);
/* Translated one-line description of the current framing ("Lines ending in LF"). */
char              *fifolab_framer_describe          (FifolabFramer     *self);
gboolean           fifolab_framing_from_string      (const char        *str,
                                                     FifolabFraming    *framing);
const char        *fifolab_framing_to_string        (FifolabFraming     framing);

G_END_DECLS
