/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FIFOLAB_STAMP_ERROR (fifolab_stamp_error_quark ())
/* The largest message fifolab_stamp_expand() makes. */
#define FIFOLAB_STAMP_MAX_SIZE (16 * 1024 * 1024)

typedef enum
{
  FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER, /* %s, %n, %99999d, ...: message names it */
  FIFOLAB_STAMP_ERROR_TRAILING_PERCENT,    /* a lone % at the end */
  FIFOLAB_STAMP_ERROR_TOO_LONG,            /* expansion larger than the bound */
} FifolabStampError;

GQuark   fifolab_stamp_error_quark          (void);

/* Expands @template: "%d" -> @pid in decimal, "%%" -> "%". Never uses printf.
 * Anything else after '%' is an error naming it. Returns the exact bytes. */
GBytes  *fifolab_stamp_expand               (const char   *template_,
                                             gint64        pid,
                                             GError      **error);
/* The pid a message claims: the number in "pid [N]", else the trailing number of
 * "Hello N" (the seed's writer). Returns -1 when it claims none. */
gint64   fifolab_stamp_parse_claimed_pid    (const guint8 *data,
                                             gsize         len);

G_END_DECLS
