/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-framer-private.h"

/* How the framer cuts a stream
 *
 * A pipe is a byte stream; the framer cuts it into messages. Chunks arrive in any
 * size, so a message (or a CR LF pair, or a 4-byte length header) may be split
 * anywhere. Messages that lie entirely inside one pushed chunk are handed to the
 * callback straight from that chunk, without copying; only the unfinished tail of a
 * chunk is copied into the framer's buffer, which never grows beyond max-message.
 *
 * A message longer than max-message is handed out in pieces flagged OVERLONG: a
 * piece of max-message bytes goes out as soon as one more byte of the same message
 * arrives (so a message of exactly max-message bytes is not over-long), and the last
 * piece, when the message ends, is flagged OVERLONG as well. Nothing is dropped.
 */

static inline void
emit (FifolabFramer       *self,
      const guint8        *data,
      gsize                len,
      FifolabMessageFlags  flags)
{
  self->func (data, len, flags, self->user_data);
}

static void
buffer_reserve (FifolabFramer *self,
                gsize          needed)
{
  gsize alloc;

  g_assert (needed <= self->max_message);

  if (needed <= self->buf_alloc)
    return;

  /* Grow geometrically, but never past max-message. */
  alloc = MAX (self->buf_alloc, 256);
  while (alloc < needed && alloc < self->max_message / 2)
    alloc *= 2;
  alloc = CLAMP (MAX (alloc, needed), needed, self->max_message);

  self->buf = g_realloc (self->buf, alloc);
  self->buf_alloc = alloc;
}

/* Appends content of the current (unfinished) message. Hands out full pieces of
 * max-message bytes flagged OVERLONG once more bytes follow them. */
static void
feed_content (FifolabFramer *self,
              const guint8  *data,
              gsize          len)
{
  gsize max = self->max_message;

  while (len > 0)
    {
      gsize n;

      if (self->buf_len == max)
        {
          emit (self, self->buf, max, FIFOLAB_MESSAGE_OVERLONG);
          self->buf_len = 0;
          self->overlong = TRUE;
        }

      if (self->buf_len == 0 && len > max)
        {
          /* A whole piece inside the chunk, with more behind it: no copy. */
          emit (self, data, max, FIFOLAB_MESSAGE_OVERLONG);
          self->overlong = TRUE;
          data += max;
          len -= max;
          continue;
        }

      n = MIN (len, max - self->buf_len);
      buffer_reserve (self, self->buf_len + n);
      memcpy (self->buf + self->buf_len, data, n);
      self->buf_len += n;
      data += n;
      len -= n;
    }
}

/* The current message ends with these @len content bytes. */
static void
complete_message (FifolabFramer *self,
                  const guint8  *data,
                  gsize          len)
{
  if (self->buf_len == 0 && !self->overlong)
    {
      FifolabMessageFlags flags = FIFOLAB_MESSAGE_NONE;

      /* The common case: the whole message is inside the chunk. */
      while (len > self->max_message)
        {
          emit (self, data, self->max_message, FIFOLAB_MESSAGE_OVERLONG);
          data += self->max_message;
          len -= self->max_message;
          flags = FIFOLAB_MESSAGE_OVERLONG;
        }
      emit (self, data, len, flags);
      return;
    }

  feed_content (self, data, len);
  emit (self, self->buf, self->buf_len,
        self->overlong ? FIFOLAB_MESSAGE_OVERLONG : FIFOLAB_MESSAGE_NONE);
  self->buf_len = 0;
  self->overlong = FALSE;
}

static void
push_raw (FifolabFramer *self,
          const guint8  *data,
          gsize          len)
{
  FifolabMessageFlags flags;

  if (len == 0)
    return;

  flags = len > self->max_message ? FIFOLAB_MESSAGE_OVERLONG : FIFOLAB_MESSAGE_NONE;
  while (len > self->max_message)
    {
      emit (self, data, self->max_message, flags);
      data += self->max_message;
      len -= self->max_message;
    }
  emit (self, data, len, flags);
}

/* LF or CR: one terminator byte. */
static void
push_line_single (FifolabFramer *self,
                  const guint8  *data,
                  gsize          len,
                  guint8         term)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  while (p < end)
    {
      const guint8 *q = memchr (p, term, end - p);

      if (q == NULL)
        {
          feed_content (self, p, end - p);
          return;
        }

      complete_message (self, p, q - p);
      p = q + 1;
    }
}

static void
push_line_crlf (FifolabFramer *self,
                const guint8  *data,
                gsize          len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  if (len == 0)
    return;

  if (self->pending_cr)
    {
      self->pending_cr = FALSE;
      if (*p == '\n')
        {
          complete_message (self, p, 0);
          p++;
        }
      else
        {
          /* The CR was data after all. */
          feed_content (self, (const guint8 *) "\r", 1);
        }
    }

  while (p < end)
    {
      const guint8 *q = memchr (p, '\n', end - p);

      if (q == NULL)
        {
          if (end[-1] == '\r')
            {
              feed_content (self, p, end - 1 - p);
              self->pending_cr = TRUE;
            }
          else
            {
              feed_content (self, p, end - p);
            }
          return;
        }

      /* p always follows a consumed LF (or the chunk start, handled above), so
       * a CR pairing with q lies inside [p, q). */
      if (q > p && q[-1] == '\r')
        complete_message (self, p, q - 1 - p);
      else
        feed_content (self, p, q + 1 - p);  /* a lone LF is data */
      p = q + 1;
    }
}

static void
push_fixed (FifolabFramer *self,
            const guint8  *data,
            gsize          len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  while (p < end)
    {
      gsize need = self->fixed_size - self->fixed_seen;
      gsize avail = end - p;

      if (avail < need)
        {
          feed_content (self, p, avail);
          self->fixed_seen += avail;
          return;
        }

      complete_message (self, p, need);
      self->fixed_seen = 0;
      p += need;
    }
}

static void
push_length_prefix (FifolabFramer *self,
                    const guint8  *data,
                    gsize          len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  while (p < end)
    {
      gsize avail = end - p;

      if (self->header_len < 4)
        {
          gsize n = MIN (avail, 4 - self->header_len);

          memcpy (self->header + self->header_len, p, n);
          self->header_len += n;
          p += n;

          if (self->header_len == 4)
            {
              self->remaining = ((guint32) self->header[0] << 24) |
                                ((guint32) self->header[1] << 16) |
                                ((guint32) self->header[2] << 8) |
                                (guint32) self->header[3];
              if (self->remaining == 0)
                {
                  complete_message (self, p, 0);
                  self->header_len = 0;
                }
            }
          continue;
        }

      if (avail < self->remaining)
        {
          /* Counts down the declared length: a huge prefix costs at most
           * max-message bytes of buffer, handed out in OVERLONG pieces. */
          feed_content (self, p, avail);
          self->remaining -= avail;
          return;
        }

      complete_message (self, p, self->remaining);
      p += self->remaining;
      self->remaining = 0;
      self->header_len = 0;
    }
}

gsize
_fifolab_framer_compute_buffered (FifolabFramer *self)
{
  gsize n = self->buf_len + (self->pending_cr ? 1 : 0);

  if (self->framing == FIFOLAB_FRAMING_LENGTH_PREFIX && self->header_len < 4)
    n += self->header_len;

  return n;
}

void
_fifolab_framer_clear_state (FifolabFramer *self)
{
  self->buf_len = 0;
  self->overlong = FALSE;
  self->pending_cr = FALSE;
  self->fixed_seen = 0;
  self->header_len = 0;
  self->remaining = 0;
}

void
_fifolab_framer_release_buffer (FifolabFramer *self)
{
  g_clear_pointer (&self->buf, g_free);
  self->buf_alloc = 0;
}

void
_fifolab_framer_scan (FifolabFramer *self,
                      const guint8  *data,
                      gsize          len)
{
  switch (self->framing)
    {
    case FIFOLAB_FRAMING_RAW:
      push_raw (self, data, len);
      break;

    case FIFOLAB_FRAMING_LINE:
      if (self->line_ending == FIFOLAB_LINE_ENDING_CRLF)
        push_line_crlf (self, data, len);
      else
        push_line_single (self, data, len,
                          self->line_ending == FIFOLAB_LINE_ENDING_CR ? '\r' : '\n');
      break;

    case FIFOLAB_FRAMING_FIXED:
      push_fixed (self, data, len);
      break;

    case FIFOLAB_FRAMING_LENGTH_PREFIX:
      push_length_prefix (self, data, len);
      break;

    default:
      g_assert_not_reached ();
    }
}

void
_fifolab_framer_scan_end (FifolabFramer *self)
{
  FifolabMessageFlags flags;

  if (self->pending_cr)
    {
      /* No LF came: the CR was data. */
      self->pending_cr = FALSE;
      feed_content (self, (const guint8 *) "\r", 1);
    }

  flags = FIFOLAB_MESSAGE_INCOMPLETE;
  if (self->overlong)
    flags |= FIFOLAB_MESSAGE_OVERLONG;

  if (self->framing == FIFOLAB_FRAMING_LENGTH_PREFIX &&
      self->header_len > 0 && self->header_len < 4)
    emit (self, self->header, self->header_len, flags);
  else if (self->framing == FIFOLAB_FRAMING_LENGTH_PREFIX && self->header_len == 4)
    emit (self, self->buf != NULL ? self->buf : self->header, self->buf_len, flags);
  else if (self->buf_len > 0 || self->overlong)
    emit (self, self->buf, self->buf_len, flags);
}
