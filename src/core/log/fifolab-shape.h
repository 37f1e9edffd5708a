/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

/* TRUE when @data is made of whole messages of @template_'s shape (each "%d"
 * the same decimal number within one message; trailing NUL, CR and LF ignored). */
gboolean          fifolab_shape_matches              (const char         *template_,
                                                      const guint8       *data,
                                                      gsize               len);
/* FIFOLAB_MESSAGE_TORN when @data does not match @template_ but holds a piece of
 * it (a message of the same writers cut or mixed); NULL @template_: when it
 * claims two different pids. */
guint             fifolab_shape_check_torn           (const char         *template_,
                                                      const guint8       *data,
                                                      gsize               len);

/* Where the bytes of another writer begin in a torn message @data: reading
 * whole messages of @template_'s shape from the start, the offset of the
 * first byte that breaks the shape (when nothing of the shape starts the
 * message, where the template's start appears later, or 0). NULL @template_:
 * where the message claiming a second, different "pid [N]" begins (its claim,
 * less the bytes the first claim has before it when the same come before
 * it). -1 when @data holds no tear. */
gssize            fifolab_shape_find_tear            (const char         *template_,
                                                      const guint8       *data,
                                                      gsize               len);

G_END_DECLS
