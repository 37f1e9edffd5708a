/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/resource.h>

#include "fifolab-enums.h"
#include "fifolab-framer.h"
#include "fifolab-test-util.h"

/* Messages are recorded as "<flags>/<len>:<bytes>|" so that two runs can be
 * compared byte for byte, flags included. */

static void
record_cb (const guint8        *data,
           gsize                len,
           FifolabMessageFlags  flags,
           gpointer             user_data)
{
  GString *out = user_data;

  g_assert_true (data != NULL || len == 0);
  g_string_append_printf (out, "%u/%zu:", (guint) flags, len);
  g_string_append_len (out, (const char *) data, len);
  g_string_append_c (out, '|');
}

typedef struct
{
  FifolabFraming    framing;
  FifolabLineEnding ending;
  gsize             fixed_size;
  gsize             max_message;
} Config;

static FifolabFramer *
framer_for (const Config *config)
{
  FifolabFramer *framer = fifolab_framer_new (config->framing);

  fifolab_framer_set_line_ending (framer, config->ending);
  if (config->fixed_size != 0)
    fifolab_framer_set_fixed_size (framer, config->fixed_size);
  if (config->max_message != 0)
    fifolab_framer_set_max_message (framer, config->max_message);
  return framer;
}

/* Feeds @stream cut at the (sorted) positions @cuts, then finishes. */
static GString *
frame_with_cuts (const Config *config,
                 const guint8 *stream,
                 gsize         len,
                 const gsize  *cuts,
                 guint         n_cuts)
{
  g_autoptr(FifolabFramer) framer = framer_for (config);
  GString *out = g_string_new (NULL);
  gsize start = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize stop = i < n_cuts ? cuts[i] : len;

      g_assert_cmpuint (stop, >=, start);
      fifolab_framer_push (framer, stream + start, stop - start, record_cb, out);
      g_assert_cmpuint (fifolab_framer_get_buffered (framer), <=,
                        fifolab_framer_get_max_message (framer) + 4);
      start = stop;
    }
  fifolab_framer_finish (framer, record_cb, out);
  g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, 0);

  return out;
}

static GString *
frame_bytewise (const Config *config,
                const guint8 *stream,
                gsize         len)
{
  g_autoptr(FifolabFramer) framer = framer_for (config);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      fifolab_framer_push (framer, stream + i, 1, record_cb, out);
      g_assert_cmpuint (fifolab_framer_get_buffered (framer), <=,
                        fifolab_framer_get_max_message (framer) + 4);
    }
  fifolab_framer_finish (framer, record_cb, out);

  return out;
}

/* The stream framed in one push must give @expected; every split position,
 * every pair of split positions (for short streams) and one byte at a time
 * must give the same. */
static void
check_every_split (const Config *config,
                   const guint8 *stream,
                   gsize         len,
                   const char   *expected,
                   gsize         expected_len)
{
  g_autoptr(GString) whole = frame_with_cuts (config, stream, len, NULL, 0);
  g_autoptr(GString) bytewise = NULL;

  g_assert_cmpmem (whole->str, whole->len, expected, expected_len);

  for (gsize i = 0; i <= len; i++)
    {
      g_autoptr(GString) split = frame_with_cuts (config, stream, len, &i, 1);

      if (!g_string_equal (split, whole))
        g_error ("split at %zu differs:\n%s\nvs\n%s", i, split->str, whole->str);
    }

  if (len <= 120)
    {
      for (gsize i = 0; i <= len; i++)
        for (gsize j = i; j <= len; j++)
          {
            gsize cuts[2] = { i, j };
            g_autoptr(GString) split = frame_with_cuts (config, stream, len, cuts, 2);

            if (!g_string_equal (split, whole))
              g_error ("split at %zu,%zu differs:\n%s\nvs\n%s", i, j, split->str, whole->str);
          }
    }

  bytewise = frame_bytewise (config, stream, len);
  g_assert_true (g_string_equal (bytewise, whole));
}

#define CHECK_SPLITS(config, stream, expected) \
  check_every_split ((config), (const guint8 *) (stream), sizeof (stream) - 1, \
                     (expected), sizeof (expected) - 1)

static void
test_framer_lf_splits (void)
{
  Config config = { FIFOLAB_FRAMING_LINE, FIFOLAB_LINE_ENDING_LF, 0, 0 };

  CHECK_SPLITS (&config,
                "Hello from pid [12345]\n\nsecond\r line\nthird\ntail",
                "0/22:Hello from pid [12345]|"
                "0/0:|"
                "0/12:second\r line|"
                "0/5:third|"
                "2/4:tail|");

  /* A complete last line: nothing left for finish(). */
  CHECK_SPLITS (&config, "a\nbc\n", "0/1:a|0/2:bc|");
}

static void
test_framer_crlf_splits (void)
{
  Config config = { FIFOLAB_FRAMING_LINE, FIFOLAB_LINE_ENDING_CRLF, 0, 0 };

  /* A lone CR and a lone LF are data in CR LF mode. */
  CHECK_SPLITS (&config,
                "a\r\nb\rc\r\n\r\nlone\nlf\r\n\r\r\nx\r",
                "0/1:a|"
                "0/3:b\rc|"
                "0/0:|"
                "0/7:lone\nlf|"
                "0/1:\r|"
                "2/2:x\r|");
}

static void
test_framer_crlf_between (void)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GString) out = g_string_new (NULL);

  fifolab_framer_set_line_ending (framer, FIFOLAB_LINE_ENDING_CRLF);

  fifolab_framer_push (framer, (const guint8 *) "abc\r", 4, record_cb, out);
  g_assert_cmpstr (out->str, ==, "");
  g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, 4);
  fifolab_framer_push (framer, (const guint8 *) "\ndef\r\n", 6, record_cb, out);
  g_assert_cmpstr (out->str, ==, "0/3:abc|0/3:def|");
  g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, 0);

  /* The held CR turns out to be data. */
  g_string_truncate (out, 0);
  fifolab_framer_push (framer, (const guint8 *) "abc\r", 4, record_cb, out);
  fifolab_framer_push (framer, (const guint8 *) "x\r\n", 3, record_cb, out);
  g_assert_cmpstr (out->str, ==, "0/5:abc\rx|");

  /* An empty push keeps the held CR. */
  g_string_truncate (out, 0);
  fifolab_framer_push (framer, (const guint8 *) "q\r", 2, record_cb, out);
  fifolab_framer_push (framer, NULL, 0, record_cb, out);
  fifolab_framer_push (framer, (const guint8 *) "\n", 1, record_cb, out);
  g_assert_cmpstr (out->str, ==, "0/1:q|");

  /* The stream ends after the CR: it is data of an incomplete line. */
  g_string_truncate (out, 0);
  fifolab_framer_push (framer, (const guint8 *) "abc\r", 4, record_cb, out);
  fifolab_framer_finish (framer, record_cb, out);
  g_assert_cmpstr (out->str, ==, "2/4:abc\r|");
}

static void
test_framer_cr_splits (void)
{
  Config config = { FIFOLAB_FRAMING_LINE, FIFOLAB_LINE_ENDING_CR, 0, 0 };

  CHECK_SPLITS (&config,
                "one\rtwo\r\rthree\r\nfour",
                "0/3:one|"
                "0/3:two|"
                "0/0:|"
                "0/5:three|"
                "2/5:\nfour|");
}

static void
test_framer_fixed_splits (void)
{
  Config config = { FIFOLAB_FRAMING_FIXED, FIFOLAB_LINE_ENDING_LF, 5, 0 };
  Config seed = { FIFOLAB_FRAMING_FIXED, FIFOLAB_LINE_ENDING_LF, 0, 0 };

  CHECK_SPLITS (&config,
                "abcde\nfghi\0\0\0\0\0xyz",
                "0/5:abcde|"
                "0/5:\nfghi|"
                "0/5:\0\0\0\0\0|"
                "2/3:xyz|");

  /* The default is the seed's 22 bytes. */
  CHECK_SPLITS (&seed,
                "Hello from pid [12345]Hello from pid [54321]",
                "0/22:Hello from pid [12345]|"
                "0/22:Hello from pid [54321]|");
}

static void
test_framer_length_prefix_splits (void)
{
  Config config = { FIFOLAB_FRAMING_LENGTH_PREFIX, FIFOLAB_LINE_ENDING_LF, 0, 0 };

  CHECK_SPLITS (&config,
                "\0\0\0\3abc"
                "\0\0\0\0"
                "\0\0\0\012" "0123\n56789"
                "\0\0\0\1\0"
                "\0\0\0\5xy",
                "0/3:abc|"
                "0/0:|"
                "0/10:0123\n56789|"
                "0/1:\0|"
                "2/2:xy|");

  /* A partial header at the end comes out as it is. */
  CHECK_SPLITS (&config,
                "\0\0\0\2hi\0\0",
                "0/2:hi|"
                "2/2:\0\0|");

  /* A header without its payload: an empty incomplete message. */
  CHECK_SPLITS (&config,
                "\0\0\0\2hi\0\0\0\7",
                "0/2:hi|"
                "2/0:|");
}

static void
test_framer_overlong_splits (void)
{
  Config lf = { FIFOLAB_FRAMING_LINE, FIFOLAB_LINE_ENDING_LF, 0, 8 };
  Config crlf = { FIFOLAB_FRAMING_LINE, FIFOLAB_LINE_ENDING_CRLF, 0, 4 };
  Config fixed = { FIFOLAB_FRAMING_FIXED, FIFOLAB_LINE_ENDING_LF, 10, 4 };
  Config prefix = { FIFOLAB_FRAMING_LENGTH_PREFIX, FIFOLAB_LINE_ENDING_LF, 0, 4 };

  /* Pieces of max-message bytes, the last one flagged too; nothing after lost.
   * A line of exactly max-message bytes is not over-long. */
  CHECK_SPLITS (&lf,
                "0123456789ABCDEFGHIJ\nnext\n01234567\n0123456789ABCDEF\nend",
                "1/8:01234567|1/8:89ABCDEF|1/4:GHIJ|"
                "0/4:next|"
                "0/8:01234567|"
                "1/8:01234567|1/8:89ABCDEF|"
                "2/3:end|");

  /* A CR at a piece boundary is held until we know whether an LF follows. */
  CHECK_SPLITS (&crlf,
                "abcd\r\nabc\r\r\nabcd\rx\r\nabcdefghij",
                "0/4:abcd|"
                "0/4:abc\r|"
                "1/4:abcd|1/2:\rx|"
                "1/4:abcd|1/4:efgh|3/2:ij|");

  CHECK_SPLITS (&fixed,
                "0123456789abcdefghijXYZ",
                "1/4:0123|1/4:4567|1/2:89|"
                "1/4:abcd|1/4:efgh|1/2:ij|"
                "2/3:XYZ|");

  CHECK_SPLITS (&prefix,
                "\0\0\0\011" "abcdefghi" "\0\0\0\004" "wxyz" "\0\0\0\007" "123456",
                "1/4:abcd|1/4:efgh|1/1:i|"
                "0/4:wxyz|"
                "1/4:1234|3/2:56|");
}

static void
test_framer_overlong_line_big (void)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GString) out = g_string_new (NULL);
  gsize max = fifolab_framer_get_max_message (framer);
  gsize long_len = 3 * max + 12345;
  g_autofree guint8 *stream = g_malloc (long_len + 6);
  gsize pos = 0;
  GString *expected = g_string_new (NULL);
  g_autofree char *expected_str = NULL;

  g_assert_cmpuint (max, ==, FIFOLAB_DEFAULT_MAX_MESSAGE);

  for (gsize i = 0; i < long_len; i++)
    stream[i] = 'a' + (i % 26);
  memcpy (stream + long_len, "\nnext\n", 6);

  /* Reading in 64 KiB chunks as from a pipe. */
  while (pos < long_len + 6)
    {
      gsize n = MIN (65536, long_len + 6 - pos);

      fifolab_framer_push (framer, stream + pos, n, record_cb, out);
      g_assert_cmpuint (fifolab_framer_get_buffered (framer), <=, max);
      pos += n;
    }

  for (guint i = 0; i < 4; i++)
    {
      gsize n = i < 3 ? max : 12345;

      g_string_append_printf (expected, "1/%zu:", n);
      g_string_append_len (expected, (const char *) stream + i * max, n);
      g_string_append_c (expected, '|');
    }
  g_string_append (expected, "0/4:next|");
  expected_str = g_string_free (expected, FALSE);

  g_assert_cmpmem (out->str, out->len, expected_str, strlen (expected_str));
}

typedef struct
{
  guint64 total;
  guint   pieces;
  guint   bad_flags;
  guint   last_flags;
} Count;

static void
count_cb (const guint8        *data,
          gsize                len,
          FifolabMessageFlags  flags,
          gpointer             user_data)
{
  Count *count = user_data;

  count->total += len;
  count->pieces++;
  count->last_flags = flags;
  if (!(flags & FIFOLAB_MESSAGE_OVERLONG))
    count->bad_flags++;
}

static void
huge_prefix_child (void)
{
  struct rlimit limit = { 0 };
  g_autoptr(FifolabFramer) framer = NULL;
  g_autofree guint8 *chunk = g_malloc0 (65536);
  Count count = { 0 };
  gsize max;

  /* With 1 GiB of address space, allocating the declared 4 GiB would abort. */
  limit.rlim_cur = limit.rlim_max = (rlim_t) 1024 * 1024 * 1024;
  /* ASan reserves terabytes of shadow memory: there the bound on buffered
   * bytes below is the whole check. */
  if (!FIFOLAB_TEST_ASAN)
    g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);

  framer = fifolab_framer_new (FIFOLAB_FRAMING_LENGTH_PREFIX);
  max = fifolab_framer_get_max_message (framer);

  fifolab_framer_push (framer, (const guint8 *) "\xff\xff\xff\xff", 4, count_cb, &count);

  /* 8 MiB of the declared 4 GiB payload. */
  for (guint i = 0; i < 128; i++)
    {
      fifolab_framer_push (framer, chunk, 65536, count_cb, &count);
      g_assert_cmpuint (fifolab_framer_get_buffered (framer), <=, max);
    }

  g_assert_cmpuint (count.pieces, ==, 7);
  g_assert_cmpuint (count.total, ==, 7 * (guint64) max);
  g_assert_cmpuint (count.bad_flags, ==, 0);
  g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, max);

  fifolab_framer_finish (framer, count_cb, &count);
  g_assert_cmpuint (count.total, ==, 8 * (guint64) max);
  g_assert_cmpuint (count.last_flags, ==,
                    FIFOLAB_MESSAGE_OVERLONG | FIFOLAB_MESSAGE_INCOMPLETE);
  g_assert_cmpuint (count.bad_flags, ==, 0);
}

static void
test_framer_huge_prefix (void)
{
  if (g_test_subprocess ())
    {
      huge_prefix_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_framer_huge_prefix_complete (void)
{
  /* A prefix just over the bound, followed by a normal message: the count-down
   * ends at the declared length and framing resumes. */
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LENGTH_PREFIX);
  g_autoptr(GString) out = g_string_new (NULL);
  guint8 stream[4 + 10 + 4 + 2] = { 0, 0, 0, 10, '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
                                    0, 0, 0, 2, 'o', 'k' };

  fifolab_framer_set_max_message (framer, 3);
  fifolab_framer_push (framer, stream, sizeof stream, record_cb, out);
  g_assert_cmpstr (out->str, ==, "1/3:012|1/3:345|1/3:678|1/1:9|0/2:ok|");
}

static void
test_framer_raw (void)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_RAW);
  g_autoptr(GString) out = g_string_new (NULL);

  fifolab_framer_push (framer, (const guint8 *) "Hello\nthere", 11, record_cb, out);
  fifolab_framer_push (framer, NULL, 0, record_cb, out);
  fifolab_framer_push (framer, (const guint8 *) "x", 1, record_cb, out);
  g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, 0);
  fifolab_framer_finish (framer, record_cb, out);
  g_assert_cmpstr (out->str, ==, "0/11:Hello\nthere|0/1:x|");

  g_string_truncate (out, 0);
  fifolab_framer_set_max_message (framer, 4);
  fifolab_framer_push (framer, (const guint8 *) "0123456789", 10, record_cb, out);
  fifolab_framer_push (framer, (const guint8 *) "abcd", 4, record_cb, out);
  g_assert_cmpstr (out->str, ==, "1/4:0123|1/4:4567|1/2:89|0/4:abcd|");
}

static void
test_framer_finish_resets (void)
{
  const FifolabFraming framings[] = {
    FIFOLAB_FRAMING_LINE, FIFOLAB_FRAMING_FIXED, FIFOLAB_FRAMING_LENGTH_PREFIX,
  };

  for (guint i = 0; i < G_N_ELEMENTS (framings); i++)
    {
      g_autoptr(FifolabFramer) framer = fifolab_framer_new (framings[i]);
      g_autoptr(GString) out = g_string_new (NULL);

      fifolab_framer_push (framer, (const guint8 *) "\0\0\0", 3, record_cb, out);
      g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, 3);
      fifolab_framer_finish (framer, record_cb, out);
      g_assert_cmpmem (out->str, out->len, "2/3:\0\0\0|", 8);
      g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, 0);

      /* Nothing buffered: finish hands out nothing. */
      g_string_truncate (out, 0);
      fifolab_framer_finish (framer, record_cb, out);
      g_assert_cmpuint (out->len, ==, 0);

      /* reset() drops a partial message; the next stream starts clean. */
      fifolab_framer_push (framer, (const guint8 *) "zz", 2, record_cb, out);
      fifolab_framer_reset (framer);
      g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, 0);
      fifolab_framer_finish (framer, record_cb, out);
      g_assert_cmpuint (out->len, ==, 0);
    }
}

static void
test_framer_round_trip (void)
{
  const char *payloads[] = {
    "Hello from pid [12345]", "", "x", "two words", "\x01\x02\xff\xfe", "ünïcödé",
  };
  const FifolabFraming framings[] = {
    FIFOLAB_FRAMING_LINE, FIFOLAB_FRAMING_FIXED, FIFOLAB_FRAMING_LENGTH_PREFIX,
  };

  for (guint f = 0; f < G_N_ELEMENTS (framings); f++)
    for (FifolabLineEnding ending = FIFOLAB_LINE_ENDING_LF;
         ending <= FIFOLAB_LINE_ENDING_CR; ending++)
      {
        g_autoptr(FifolabFramer) framer = fifolab_framer_new (framings[f]);
        g_autoptr(GByteArray) stream = g_byte_array_new ();
        g_autoptr(GString) expected = g_string_new (NULL);
        g_autoptr(GString) out = g_string_new (NULL);
        gsize pos = 0;
        GRand *rand = g_rand_new_with_seed (f * 7 + ending);

        fifolab_framer_set_line_ending (framer, ending);

        for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
          {
            g_autoptr(GBytes) payload = g_bytes_new_static (payloads[i], strlen (payloads[i]));
            g_autoptr(GError) error = NULL;
            g_autoptr(GBytes) encoded = fifolab_framer_encode (framer, payload, &error);

            g_assert_no_error (error);
            g_assert_nonnull (encoded);
            g_byte_array_append (stream, g_bytes_get_data (encoded, NULL),
                                 g_bytes_get_size (encoded));

            if (framings[f] == FIFOLAB_FRAMING_FIXED)
              {
                /* Padded with NUL to the fixed size. */
                g_assert_cmpuint (g_bytes_get_size (encoded), ==, 22);
                g_string_append (expected, "0/22:");
                g_string_append_len (expected, g_bytes_get_data (encoded, NULL), 22);
                g_string_append_c (expected, '|');
              }
            else
              {
                g_string_append_printf (expected, "0/%zu:%s|", strlen (payloads[i]), payloads[i]);
              }
          }

        /* Random chunk sizes, as reads from a pipe. */
        while (pos < stream->len)
          {
            gsize n = g_rand_int_range (rand, 0, 9);

            /* Not inside MIN(): it would draw twice. */
            n = MIN (n, stream->len - pos);

            fifolab_framer_push (framer, stream->data + pos, n, record_cb, out);
            pos += n;
          }
        fifolab_framer_finish (framer, record_cb, out);
        g_rand_free (rand);

        g_assert_cmpmem (out->str, out->len, expected->str, expected->len);
      }
}

static void
test_framer_encode (void)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_RAW);
  g_autoptr(GBytes) payload = g_bytes_new_static ("abc", 3);
  g_autoptr(GBytes) long_payload = g_bytes_new_static ("0123456789", 10);
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GError) error = NULL;

  encoded = fifolab_framer_encode (framer, payload, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (encoded, payload));
  g_clear_pointer (&encoded, g_bytes_unref);

  fifolab_framer_set_framing (framer, FIFOLAB_FRAMING_LINE);
  fifolab_framer_set_line_ending (framer, FIFOLAB_LINE_ENDING_CRLF);
  encoded = fifolab_framer_encode (framer, payload, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded), "abc\r\n", 5);
  g_clear_pointer (&encoded, g_bytes_unref);

  fifolab_framer_set_framing (framer, FIFOLAB_FRAMING_LENGTH_PREFIX);
  encoded = fifolab_framer_encode (framer, payload, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded), "\0\0\0\3abc", 7);
  g_clear_pointer (&encoded, g_bytes_unref);

  fifolab_framer_set_framing (framer, FIFOLAB_FRAMING_FIXED);
  fifolab_framer_set_fixed_size (framer, 5);
  encoded = fifolab_framer_encode (framer, payload, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded), "abc\0\0", 5);
  g_clear_pointer (&encoded, g_bytes_unref);

  /* Longer than the fixed size: refused, and the message says both sizes. */
  encoded = fifolab_framer_encode (framer, long_payload, &error);
  g_assert_null (encoded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "10"));
  g_assert_nonnull (strstr (error->message, "5"));
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_framer_properties (void)
{
  FifolabFramer *framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GString) out = g_string_new (NULL);
  guint framing_notifies = 0;
  guint buffered_notifies = 0;
  guint64 fixed_size = 0;
  FifolabFraming framing;
  g_autofree char *desc = NULL;

  g_signal_connect (framer, "notify::framing", G_CALLBACK (notify_count_cb), &framing_notifies);
  g_signal_connect (framer, "notify::buffered", G_CALLBACK (notify_count_cb), &buffered_notifies);

  g_assert_cmpint (fifolab_framer_get_framing (framer), ==, FIFOLAB_FRAMING_LINE);
  g_assert_cmpint (fifolab_framer_get_line_ending (framer), ==, FIFOLAB_LINE_ENDING_LF);
  g_assert_cmpuint (fifolab_framer_get_fixed_size (framer), ==, FIFOLAB_SEED_MESSAGE_SIZE);
  g_assert_cmpuint (fifolab_framer_get_max_message (framer), ==, FIFOLAB_DEFAULT_MAX_MESSAGE);

  fifolab_framer_set_framing (framer, FIFOLAB_FRAMING_LINE);
  g_assert_cmpuint (framing_notifies, ==, 0);
  g_object_set (framer, "framing", FIFOLAB_FRAMING_FIXED, NULL);
  g_assert_cmpuint (framing_notifies, ==, 1);
  g_object_get (framer, "fixed-size", &fixed_size, NULL);
  g_assert_cmpuint (fixed_size, ==, 22);

  desc = fifolab_framer_describe (framer);
  g_assert_cmpstr (desc, ==, "Fixed size: 22 bytes");
  g_clear_pointer (&desc, g_free);

  fifolab_framer_push (framer, (const guint8 *) "abc", 3, record_cb, out);
  g_assert_cmpuint (buffered_notifies, ==, 1);
  /* Still 6 < 22 buffered: changed, notified. */
  fifolab_framer_push (framer, (const guint8 *) "def", 3, record_cb, out);
  g_assert_cmpuint (buffered_notifies, ==, 2);
  fifolab_framer_push (framer, NULL, 0, record_cb, out);
  g_assert_cmpuint (buffered_notifies, ==, 2);
  fifolab_framer_reset (framer);
  g_assert_cmpuint (buffered_notifies, ==, 3);
  g_assert_cmpuint (fifolab_framer_get_buffered (framer), ==, 0);

  fifolab_framer_set_framing (framer, FIFOLAB_FRAMING_RAW);
  desc = fifolab_framer_describe (framer);
  g_assert_cmpstr (desc, ==, "Raw: each read is one message");
  g_clear_pointer (&desc, g_free);

  fifolab_framer_set_framing (framer, FIFOLAB_FRAMING_LINE);
  desc = fifolab_framer_describe (framer);
  g_assert_cmpstr (desc, ==, "Lines ending in LF");
  g_clear_pointer (&desc, g_free);

  fifolab_framer_set_line_ending (framer, FIFOLAB_LINE_ENDING_CRLF);
  desc = fifolab_framer_describe (framer);
  g_assert_cmpstr (desc, ==, "Lines ending in CR LF");
  g_clear_pointer (&desc, g_free);

  fifolab_framer_set_framing (framer, FIFOLAB_FRAMING_LENGTH_PREFIX);
  desc = fifolab_framer_describe (framer);
  g_assert_cmpstr (desc, ==, "Length-prefixed (4-byte big-endian)");
  g_clear_pointer (&desc, g_free);

  g_assert_true (fifolab_framing_from_string ("length-prefix", &framing));
  g_assert_cmpint (framing, ==, FIFOLAB_FRAMING_LENGTH_PREFIX);
  g_assert_true (fifolab_framing_from_string ("raw", &framing));
  g_assert_cmpint (framing, ==, FIFOLAB_FRAMING_RAW);
  g_assert_false (fifolab_framing_from_string ("lines", &framing));
  g_assert_false (fifolab_framing_from_string (NULL, &framing));
  g_assert_cmpint (framing, ==, FIFOLAB_FRAMING_RAW);
  for (FifolabFraming f = FIFOLAB_FRAMING_RAW; f <= FIFOLAB_FRAMING_LENGTH_PREFIX; f++)
    {
      FifolabFraming back;

      g_assert_true (fifolab_framing_from_string (fifolab_framing_to_string (f), &back));
      g_assert_cmpint (back, ==, f);
    }
  g_assert_cmpstr (fifolab_framing_to_string (FIFOLAB_FRAMING_FIXED), ==, "fixed");
  g_assert_cmpstr (fifolab_framing_to_string (FIFOLAB_FRAMING_LINE), ==, "line");

  g_assert_finalize_object (framer);
}

static void
test_framer_new_destroy (void)
{
  FifolabFramer *framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GString) out = g_string_new (NULL);

  /* Holding a partial message when destroyed. */
  fifolab_framer_push (framer, (const guint8 *) "partial", 7, record_cb, out);
  g_assert_finalize_object (framer);
}

typedef struct
{
  guint64 messages;
  guint64 bytes;
} Tally;

static void
tally_cb (const guint8        *data,
          gsize                len,
          FifolabMessageFlags  flags,
          gpointer             user_data)
{
  Tally *tally = user_data;

  tally->messages++;
  tally->bytes += len;
}

static void
test_framer_perf_lines (void)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  /* 64-byte messages (63 bytes + LF) in 64 KiB reads, as from a pipe. The
   * chunk size is not a multiple of 64, so lines straddle reads. */
  const gsize chunk_size = 65536 - 7;
  const guint64 total_messages = 20 * 1000 * 1000;
  gsize stream_len = 65536 + 128;
  g_autofree guint8 *stream = g_malloc (stream_len);
  Tally tally = { 0 };
  guint64 fed = 0;
  gsize offset = 0;
  double seconds;
  double rate;

  if (!g_test_perf ())
    {
      g_test_skip ("only with -m perf");
      return;
    }

  for (gsize i = 0; i < stream_len; i++)
    stream[i] = (i % 64) == 63 ? '\n' : 'a' + (i % 26);

  g_test_timer_start ();
  while (fed < total_messages * 64)
    {
      /* Start each read where the previous one ended in the 64-byte cycle. */
      fifolab_framer_push (framer, stream + offset, chunk_size, tally_cb, &tally);
      fed += chunk_size;
      offset = fed % 64;
    }
  seconds = g_test_timer_elapsed ();

  rate = tally.messages / seconds;
  g_test_message ("%" G_GUINT64_FORMAT " line-framed 64-byte messages in %.3f s: "
                  "%.0f messages/s, %.0f MB/s",
                  tally.messages, seconds, rate, fed / seconds / 1e6);
  g_test_maximized_result (rate, "%.0f messages/s", rate);
  g_assert_cmpuint (tally.bytes, ==, tally.messages * 63);
  g_assert_cmpfloat (rate, >=, 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framer/new-destroy", test_framer_new_destroy);
  g_test_add_func ("/framer/properties", test_framer_properties);
  g_test_add_func ("/framer/raw", test_framer_raw);
  g_test_add_func ("/framer/lf-splits", test_framer_lf_splits);
  g_test_add_func ("/framer/crlf-splits", test_framer_crlf_splits);
  g_test_add_func ("/framer/crlf-between", test_framer_crlf_between);
  g_test_add_func ("/framer/cr-splits", test_framer_cr_splits);
  g_test_add_func ("/framer/fixed-splits", test_framer_fixed_splits);
  g_test_add_func ("/framer/length-prefix-splits", test_framer_length_prefix_splits);
  g_test_add_func ("/framer/overlong-splits", test_framer_overlong_splits);
  g_test_add_func ("/framer/overlong-line-big", test_framer_overlong_line_big);
  g_test_add_func ("/framer/huge-prefix", test_framer_huge_prefix);
  g_test_add_func ("/framer/huge-prefix-complete", test_framer_huge_prefix_complete);
  g_test_add_func ("/framer/finish-resets", test_framer_finish_resets);
  g_test_add_func ("/framer/encode", test_framer_encode);
  g_test_add_func ("/framer/round-trip", test_framer_round_trip);
  g_test_add_func ("/framer/perf-lines", test_framer_perf_lines);

  return g_test_run ();
}
