/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-framer.h"

G_BEGIN_DECLS

/* Internal to the framer: its state, shared by fifolab-framer.c (the object,
 * its settings and the streaming calls) and fifolab-framer-scan.c (how each
 * framing cuts the stream). */

struct _FifolabFramer
{
  GObject            parent_instance;

  FifolabFraming     framing;
  FifolabLineEnding  line_ending;
  gsize              fixed_size;
  gsize              max_message;

  /* The unfinished message (content only: no terminator, no header). */
  guint8            *buf;
  gsize              buf_len;
  gsize              buf_alloc;

  /* An earlier piece of the current message was handed out as OVERLONG. */
  guint              overlong : 1;
  /* CRLF: the last byte seen was a CR that may start a terminator. */
  guint              pending_cr : 1;
  /* Inside push()/finish(): the callback must not reconfigure the framer. */
  guint              busy : 1;

  /* FIXED: bytes of the current message seen so far (including pieces out). */
  gsize              fixed_seen;

  /* LENGTH_PREFIX: header bytes collected, and payload bytes still expected. */
  guint8             header[4];
  guint              header_len;
  guint32            remaining;

  FifolabFramerFunc  func;
  gpointer           user_data;
};

/* Cuts @len bytes (not 0) by the current framing, handing each message that
 * completes to self->func. */
void   _fifolab_framer_scan              (FifolabFramer *self,
                                          const guint8  *data,
                                          gsize          len);
/* End of stream: hands out the unfinished message, if any, flagged INCOMPLETE. */
void   _fifolab_framer_scan_end          (FifolabFramer *self);
/* Bytes held for the unfinished message (a partial header and a pending CR
 * included). */
gsize  _fifolab_framer_compute_buffered  (FifolabFramer *self);
/* Forgets the unfinished message (the buffer stays allocated). */
void   _fifolab_framer_clear_state       (FifolabFramer *self);
void   _fifolab_framer_release_buffer    (FifolabFramer *self);

G_END_DECLS
