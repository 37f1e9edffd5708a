/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for FifolabFramer: every framing, line ending, fixed size and
 * (small) max-message, with the stream cut into chunks at fuzzer-chosen points.
 *
 * Input layout: 7 header bytes, then the stream.
 *   [0] bits 0-1 framing, bits 2-3 line ending (mod 3), bit 6 finish() once
 *       mid-stream, bit 7 also check encode() round trip
 *   [1..2] max-message = 1 + (big-endian value % 300)
 *   [3] fixed-size = 1 + value
 *   [4] largest chunk (0: the whole stream in one push)
 *   [5] seed for the chunk sizes (empty pushes included)
 *   [6] where the mid-stream finish() happens, in 256ths of the stream
 *
 * The delivered messages are compared with a reference decoder that sees the
 * whole stream at once: chunking must not change what comes out (except raw
 * framing, where each push is one message). On top of that: every delivered
 * byte is the input byte at its position, deliveries are in order, delivered
 * bytes + terminators + headers = input length, no piece exceeds max-message,
 * and buffered never exceeds max-message (+1 for a pending CR, or a partial
 * 4-byte header). */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "fifolab-framer.h"

#define HEADER_SIZE 7

#define CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("fuzz_framer: check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

typedef struct
{
  gsize               offset;   /* expected: where the message starts in the stream */
  gsize               len;
  FifolabMessageFlags flags;
  guint8             *data;     /* delivered: a copy of the bytes */
} Msg;

typedef struct
{
  GArray        *msgs;      /* Msg, the actual deliveries */
  gboolean       finishing; /* inside finish(): INCOMPLETE allowed */
  gsize          max;
} Sink;

static void
msg_clear (gpointer p)
{
  Msg *m = p;

  g_free (m->data);
}

static void
on_message (const guint8        *data,
            gsize                len,
            FifolabMessageFlags  flags,
            gpointer             user_data)
{
  Sink *sink = user_data;
  Msg m = { 0, len, flags, NULL };

  CHECK (data != NULL || len == 0);
  CHECK (len <= sink->max);
  CHECK ((flags & ~(FIFOLAB_MESSAGE_OVERLONG | FIFOLAB_MESSAGE_INCOMPLETE)) == 0);
  CHECK (sink->finishing || !(flags & FIFOLAB_MESSAGE_INCOMPLETE));
  /* In finish(), a CR held for CR LF may complete a full piece first. */
  if (sink->finishing)
    CHECK ((flags & FIFOLAB_MESSAGE_INCOMPLETE) || flags == FIFOLAB_MESSAGE_OVERLONG);

  /* Copy: the data is valid only during the call (ASan sees a read past it). */
  m.data = len > 0 ? g_memdup2 (data, len) : NULL;
  g_array_append_val (sink->msgs, m);
}

/* ---- The reference decoder: the whole (segment of the) stream at once. ---- */

/* Appends message content [start, start+len) cut into pieces of at most @max:
 * pieces go out while more than @max bytes remain, the last carries the rest. */
static void
ref_pieces (GArray              *out,
            gsize                start,
            gsize                len,
            gsize                max,
            FifolabMessageFlags  end_flags,
            gboolean             emit_empty)
{
  gboolean overlong = len > max;

  while (len > max)
    {
      Msg m = { start, max, FIFOLAB_MESSAGE_OVERLONG, NULL };

      g_array_append_val (out, m);
      start += max;
      len -= max;
    }

  if (len > 0 || emit_empty)
    {
      Msg m = { start, len, end_flags | (overlong ? FIFOLAB_MESSAGE_OVERLONG : 0), NULL };

      g_array_append_val (out, m);
    }
}

/* Decodes stream[from, to) as one stream ended by finish(). Returns the bytes
 * consumed as terminators or headers. */
static gsize
ref_decode (GArray            *out,
            const guint8      *stream,
            gsize              from,
            gsize              to,
            FifolabFraming     framing,
            FifolabLineEnding  ending,
            gsize              fixed,
            gsize              max)
{
  gsize overhead = 0;
  gsize p = from;

  switch (framing)
    {
    case FIFOLAB_FRAMING_LINE:
      {
        guint8 term = ending == FIFOLAB_LINE_ENDING_CR ? '\r' : '\n';
        gsize term_len = ending == FIFOLAB_LINE_ENDING_CRLF ? 2 : 1;

        for (;;)
          {
            gsize q = p;

            if (ending == FIFOLAB_LINE_ENDING_CRLF)
              {
                while (q + 1 < to && !(stream[q] == '\r' && stream[q + 1] == '\n'))
                  q++;
                if (q + 1 >= to)
                  q = to;
              }
            else
              {
                while (q < to && stream[q] != term)
                  q++;
              }

            if (q >= to)
              {
                ref_pieces (out, p, to - p, max, FIFOLAB_MESSAGE_INCOMPLETE, FALSE);
                break;
              }
            ref_pieces (out, p, q - p, max, FIFOLAB_MESSAGE_NONE, TRUE);
            overhead += term_len;
            p = q + term_len;
          }
      }
      break;

    case FIFOLAB_FRAMING_FIXED:
      while (to - p >= fixed)
        {
          ref_pieces (out, p, fixed, max, FIFOLAB_MESSAGE_NONE, TRUE);
          p += fixed;
        }
      ref_pieces (out, p, to - p, max, FIFOLAB_MESSAGE_INCOMPLETE, FALSE);
      break;

    case FIFOLAB_FRAMING_LENGTH_PREFIX:
      while (p < to)
        {
          guint32 n;

          if (to - p < 4)
            {
              /* A partial header comes out as the (incomplete) message. */
              Msg m = { p, to - p, FIFOLAB_MESSAGE_INCOMPLETE, NULL };

              g_array_append_val (out, m);
              p = to;
              break;
            }
          n = ((guint32) stream[p] << 24) | ((guint32) stream[p + 1] << 16) |
              ((guint32) stream[p + 2] << 8) | stream[p + 3];
          p += 4;
          overhead += 4;
          if (to - p < n)
            {
              /* The header came, not all of its payload: an incomplete message,
               * empty if nothing of it came. */
              ref_pieces (out, p, to - p, max, FIFOLAB_MESSAGE_INCOMPLETE, TRUE);
              p = to;
              break;
            }
          ref_pieces (out, p, n, max, FIFOLAB_MESSAGE_NONE, TRUE);
          p += n;
        }
      break;

    case FIFOLAB_FRAMING_RAW:
    default:
      g_assert_not_reached ();
    }

  return overhead;
}

/* ---- Chunking ---- */

static guint32
next_random (guint32 *state)
{
  /* xorshift32; the state is never 0. */
  guint32 x = *state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

static gsize
buffered_bound (FifolabFraming    framing,
                FifolabLineEnding ending,
                gsize             max)
{
  if (framing == FIFOLAB_FRAMING_LENGTH_PREFIX)
    return MAX (max, 3);
  if (framing == FIFOLAB_FRAMING_LINE && ending == FIFOLAB_LINE_ENDING_CRLF)
    return max + 1;
  return max;
}

/* Pushes stream[from, to) in random chunks, then finish(). Raw framing: the
 * expected messages are built per chunk here. Returns the overhead bytes. */
static gsize
run_segment (FifolabFramer     *framer,
             Sink              *sink,
             GArray            *expected,
             const guint8      *stream,
             gsize              from,
             gsize              to,
             guint              max_chunk,
             guint32           *rng)
{
  FifolabFraming framing = fifolab_framer_get_framing (framer);
  FifolabLineEnding ending = fifolab_framer_get_line_ending (framer);
  gsize max = fifolab_framer_get_max_message (framer);
  gsize bound = buffered_bound (framing, ending, max);
  gsize p = from;

  while (p < to)
    {
      gsize n = to - p;

      if (max_chunk > 0)
        {
          gsize r = next_random (rng) % (max_chunk + 1);  /* MIN() evaluates twice */

          n = MIN (n, r);
        }

      if (framing == FIFOLAB_FRAMING_RAW)
        ref_pieces (expected, p, n, max,
                    n > max ? FIFOLAB_MESSAGE_OVERLONG : FIFOLAB_MESSAGE_NONE, FALSE);

      /* A copy of exactly the chunk: ASan catches reads outside it. */
      {
        guint8 *chunk = n > 0 ? g_memdup2 (stream + p, n) : NULL;

        fifolab_framer_push (framer, chunk, n, on_message, sink);
        g_free (chunk);
      }
      p += n;

      CHECK (fifolab_framer_get_buffered (framer) <= bound);
    }

  sink->finishing = TRUE;
  fifolab_framer_finish (framer, on_message, sink);
  sink->finishing = FALSE;
  CHECK (fifolab_framer_get_buffered (framer) == 0);

  if (framing == FIFOLAB_FRAMING_RAW)
    return 0;

  return ref_decode (expected, stream, from, to, framing, ending,
                     fifolab_framer_get_fixed_size (framer), max);
}

/* ---- encode() round trip ---- */

static void
collect (const guint8        *data,
         gsize                len,
         FifolabMessageFlags  flags,
         gpointer             user_data)
{
  GByteArray *out = user_data;

  CHECK (flags == FIFOLAB_MESSAGE_NONE);
  CHECK (out->len == 0);
  g_byte_array_append (out, data, len);
  /* Mark that a message arrived even when it is empty. */
  g_byte_array_append (out, (const guint8 *) "", 1);
}

static void
check_encode (FifolabFramer *framer,
              const guint8  *payload,
              gsize          len)
{
  FifolabFraming framing = fifolab_framer_get_framing (framer);
  FifolabLineEnding ending = fifolab_framer_get_line_ending (framer);
  gsize fixed = fifolab_framer_get_fixed_size (framer);
  g_autoptr(FifolabFramer) decoder = NULL;
  g_autoptr(GBytes) in = g_bytes_new (payload, len);
  g_autoptr(GBytes) wire = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const guint8 *w;
  gsize wlen;

  wire = fifolab_framer_encode (framer, in, &error);
  if (framing == FIFOLAB_FRAMING_FIXED && len > fixed)
    {
      CHECK (wire == NULL);
      CHECK (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
      CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  CHECK (wire != NULL && error == NULL);
  w = g_bytes_get_data (wire, &wlen);

  switch (framing)
    {
    case FIFOLAB_FRAMING_RAW:
      CHECK (wlen == len && (len == 0 || memcmp (w, payload, len) == 0));
      return;

    case FIFOLAB_FRAMING_LINE:
      {
        gsize term_len = ending == FIFOLAB_LINE_ENDING_CRLF ? 2 : 1;

        CHECK (wlen == len + term_len);
        CHECK (len == 0 || memcmp (w, payload, len) == 0);
        /* A terminator inside the payload makes more than one message. */
        if (ending == FIFOLAB_LINE_ENDING_CRLF)
          {
            for (gsize i = 0; i + 2 < wlen; i++)
              if (w[i] == '\r' && w[i + 1] == '\n')
                return;
          }
        else if (memchr (payload, ending == FIFOLAB_LINE_ENDING_CR ? '\r' : '\n', len) != NULL)
          {
            return;
          }
      }
      break;

    case FIFOLAB_FRAMING_FIXED:
      CHECK (wlen == fixed);
      CHECK (len == 0 || memcmp (w, payload, len) == 0);
      for (gsize i = len; i < fixed; i++)
        CHECK (w[i] == 0);
      break;

    case FIFOLAB_FRAMING_LENGTH_PREFIX:
      CHECK (wlen == len + 4);
      break;

    default:
      g_assert_not_reached ();
    }

  /* Decoding the wire bytes gives the payload back as one message. */
  decoder = fifolab_framer_new (framing);
  fifolab_framer_set_line_ending (decoder, ending);
  fifolab_framer_set_fixed_size (decoder, fixed);
  fifolab_framer_set_max_message (decoder, MAX (wlen, 1));
  fifolab_framer_push (decoder, w, wlen, collect, out);
  CHECK (fifolab_framer_get_buffered (decoder) == 0);
  CHECK (out->len >= 1);
  if (framing == FIFOLAB_FRAMING_FIXED)
    {
      CHECK (out->len == fixed + 1);
      CHECK (memcmp (out->data, w, fixed) == 0);
    }
  else
    {
      CHECK (out->len == len + 1);
      CHECK (len == 0 || memcmp (out->data, payload, len) == 0);
    }
}

/* ---- The target ---- */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() or warning in the core is a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  guint8 hdr[HEADER_SIZE] = { 0 };
  const guint8 *stream;
  gsize len;
  FifolabFraming framing;
  FifolabLineEnding ending;
  gsize max;
  gsize fixed;
  guint max_chunk;
  guint32 rng;
  gsize split;
  gsize overhead;
  gsize delivered = 0;
  g_autoptr(FifolabFramer) framer = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, TRUE, sizeof (Msg));
  Sink sink;

  memcpy (hdr, data, MIN (size, HEADER_SIZE));
  stream = size > HEADER_SIZE ? data + HEADER_SIZE : (const guint8 *) "";
  len = size > HEADER_SIZE ? size - HEADER_SIZE : 0;

  framing = hdr[0] & 3;
  ending = ((hdr[0] >> 2) & 3) % 3;
  max = 1 + (((gsize) hdr[1] << 8) | hdr[2]) % 300;
  fixed = 1 + (gsize) hdr[3];
  max_chunk = hdr[4];
  rng = 0x9e3779b9u ^ ((guint32) hdr[5] * 0x01000193u);
  split = (hdr[0] & 0x40) ? (len * hdr[6]) / 256 : len;

  framer = fifolab_framer_new (framing);
  fifolab_framer_set_line_ending (framer, ending);
  fifolab_framer_set_fixed_size (framer, fixed);
  fifolab_framer_set_max_message (framer, max);
  CHECK (fifolab_framer_get_buffered (framer) == 0);

  sink.msgs = g_array_new (FALSE, TRUE, sizeof (Msg));
  g_array_set_clear_func (sink.msgs, msg_clear);
  sink.finishing = FALSE;
  sink.max = framing == FIFOLAB_FRAMING_LENGTH_PREFIX ? MAX (max, 3) : max;

  /* One or two streams through the same framer: finish() resets it. */
  overhead = run_segment (framer, &sink, expected, stream, 0, split, max_chunk, &rng);
  if (split < len)
    overhead += run_segment (framer, &sink, expected, stream, split, len, max_chunk, &rng);

  /* The deliveries are exactly the reference's, in order, byte for byte. */
  CHECK (sink.msgs->len == expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const Msg *want = &g_array_index (expected, Msg, i);
      const Msg *got = &g_array_index (sink.msgs, Msg, i);

      CHECK (got->len == want->len);
      CHECK (got->flags == want->flags);
      CHECK (got->len == 0 || memcmp (got->data, stream + want->offset, got->len) == 0);
      delivered += got->len;
    }

  /* Every input byte is delivered once, or was a terminator or header. */
  CHECK (delivered + overhead == len);

  if (hdr[0] & 0x80)
    check_encode (framer, stream, MIN (len, 512));

  g_array_unref (sink.msgs);
  return 0;
}
