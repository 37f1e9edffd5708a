/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-test-util.h"

static void
assert_escape_len (const char *input,
                   gsize       len,
                   gsize       max_chars,
                   const char *expected)
{
  g_autofree char *out = fifolab_escape_for_display ((const guint8 *) input, len, max_chars);

  g_assert_cmpstr (out, ==, expected);
}

/* For literals that may contain NUL bytes. */
#define ASSERT_ESCAPE(input, expected) \
  assert_escape_len ((input), sizeof (input) - 1, 0, (expected))
#define ASSERT_ESCAPE_MAX(input, max, expected) \
  assert_escape_len ((input), sizeof (input) - 1, (max), (expected))

/* Valid UTF-8, and no character that a label or terminal would act on or hide. */
static void
assert_safe (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      g_assert_false (g_unichar_iscntrl (c));
      g_assert_cmpint (type, !=, G_UNICODE_FORMAT);
      g_assert_cmpint (type, !=, G_UNICODE_LINE_SEPARATOR);
      g_assert_cmpint (type, !=, G_UNICODE_PARAGRAPH_SEPARATOR);
    }
}

static void
test_escape_printable (void)
{
  ASSERT_ESCAPE ("", "");
  ASSERT_ESCAPE ("Hello from pid [12345]", "Hello from pid [12345]");
  ASSERT_ESCAPE ("wörld — 你好 🎉 ½", "wörld — 你好 🎉 ½");
  ASSERT_ESCAPE ("a\\b", "a\\\\b");
  ASSERT_ESCAPE ("\\x41", "\\\\x41");
  ASSERT_ESCAPE ("line\nnext\r\n\ttab", "line\\nnext\\r\\n\\ttab");
}

static void
test_escape_controls (void)
{
  ASSERT_ESCAPE ("\0", "\\x00");
  ASSERT_ESCAPE ("a\0b", "a\\x00b");
  ASSERT_ESCAPE ("\x01\x02\x1f", "\\x01\\x02\\x1f");
  ASSERT_ESCAPE ("\x1b", "\\x1b");
  ASSERT_ESCAPE ("\x7f", "\\x7f");
  ASSERT_ESCAPE ("\a\b\v\f", "\\x07\\x08\\x0b\\x0c");
  /* C1 controls written as UTF-8 are characters: \u form. */
  ASSERT_ESCAPE ("\xc2\x85\xc2\x9b", "\\u0085\\u009B");
  /* As raw bytes they are invalid UTF-8: \x form. */
  ASSERT_ESCAPE ("\x85\x9b", "\\x85\\x9b");
}

static void
test_escape_terminal (void)
{
  /* Colour, cursor movement, title setting, bracketed paste: all inert. */
  ASSERT_ESCAPE ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m");
  ASSERT_ESCAPE ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H");
  ASSERT_ESCAPE ("\x1b]0;title\x07", "\\x1b]0;title\\x07");
  ASSERT_ESCAPE ("\x9b" "31m", "\\x9b31m");
}

static void
test_escape_invalid_utf8 (void)
{
  ASSERT_ESCAPE ("\xff\xfe", "\\xff\\xfe");
  ASSERT_ESCAPE ("ok\xc3", "ok\\xc3");                   /* cut short at the end */
  ASSERT_ESCAPE ("\xe2\x82", "\\xe2\\x82");
  ASSERT_ESCAPE ("\xe2\x82x", "\\xe2\\x82x");
  ASSERT_ESCAPE ("\xc0\xaf", "\\xc0\\xaf");              /* overlong '/' */
  ASSERT_ESCAPE ("\xed\xa0\x80", "\\xed\\xa0\\x80");     /* a surrogate */
  ASSERT_ESCAPE ("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* above U+10FFFF */
  ASSERT_ESCAPE ("\xc3" "\xa9\xa9", "é\\xa9");
}

static void
test_escape_invisible (void)
{
  ASSERT_ESCAPE ("abc\xe2\x80\xae" "evil", "abc\\u202Eevil");  /* RTL override */
  ASSERT_ESCAPE ("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
                 "\\u202A\\u202B\\u202C\\u202D");
  ASSERT_ESCAPE ("\xe2\x81\xa6\xe2\x81\xa9", "\\u2066\\u2069");  /* isolates */
  ASSERT_ESCAPE ("a\xe2\x80\x8b" "b", "a\\u200Bb");            /* zero-width space */
  ASSERT_ESCAPE ("\xe2\x80\x8e\xe2\x80\x8f", "\\u200E\\u200F");  /* LRM, RLM */
  ASSERT_ESCAPE ("\xef\xbb\xbf" "bom", "\\uFEFFbom");
  ASSERT_ESCAPE ("a\xe2\x80\xa8" "b", "a\\u2028b");            /* line separator */
  ASSERT_ESCAPE ("\xc2\xad", "\\u00AD");                      /* soft hyphen */
  /* Beyond U+FFFF: "\U" and always eight digits, so that the digits that
   * follow are not read as part of it. */
  ASSERT_ESCAPE ("\xf3\xa0\x80\x81" "1", "\\U000E00011");       /* LANGUAGE TAG */
  ASSERT_ESCAPE ("\xf3\xa0\x81\xbf", "\\U000E007F");           /* CANCEL TAG */
  ASSERT_ESCAPE ("\xf0\x9d\x85\xb3", "\\U0001D173");           /* a musical format character */
}

/* Code points no font draws as text: unassigned ones, noncharacters and
 * private-use ones, as random bytes make them (an empty box on screen). */
static void
test_escape_unassigned (void)
{
  ASSERT_ESCAPE ("a\xcd\xb8" "b", "a\\u0378b");             /* unassigned */
  ASSERT_ESCAPE ("\xef\xb7\x90", "\\uFDD0");                /* a noncharacter */
  ASSERT_ESCAPE ("\xef\xbf\xbf", "\\uFFFF");
  ASSERT_ESCAPE ("\xee\x80\x80", "\\uE000");                /* private use */
  ASSERT_ESCAPE ("\xf3\xb0\x80\x80", "\\U000F0000");      /* plane 15, private use */
  ASSERT_ESCAPE ("\xf4\x8f\xbf\xbd", "\\U0010FFFD");      /* plane 16, private use */
  ASSERT_ESCAPE ("\xf4\x8f\xbf\xbf", "\\U0010FFFF");      /* the last noncharacter */
  ASSERT_ESCAPE ("\xf1\x80\x80\x80", "\\U00040000");      /* plane 4: nothing */
  /* Private use U+E000 then "1" is not the tag U+E0001. */
  ASSERT_ESCAPE ("\xee\x80\x80" "1", "\\uE0001");
  ASSERT_ESCAPE ("\xf3\xa0\x80\x81", "\\U000E0001");
  /* Assigned characters stay as they are, outside the BMP too. */
  ASSERT_ESCAPE ("\xe4\xbd\xa0\xf0\x9f\x98\x80", "你😀");

  /* Every code point shown as itself is an assigned character, none of
   * private use, control or format. */
  for (gunichar c = 0; c <= 0x10ffff; c++)
    {
      char utf8[8];
      gint n;
      g_autofree char *shown = NULL;

      if (c >= 0xd800 && c <= 0xdfff)
        continue;
      n = g_unichar_to_utf8 (c, utf8);
      shown = fifolab_escape_for_display ((const guint8 *) utf8, n, 0);
      if (strlen (shown) == (gsize) n && memcmp (shown, utf8, n) == 0)
        switch (g_unichar_type (c))
          {
          case G_UNICODE_UNASSIGNED:
          case G_UNICODE_PRIVATE_USE:
          case G_UNICODE_CONTROL:
          case G_UNICODE_FORMAT:
            g_error ("U+%04X (type %d) is shown as itself", c, g_unichar_type (c));
            break;
          default:
            break;
          }
    }
}

static void
test_escape_markup (void)
{
  ASSERT_ESCAPE ("<b>&amp;</b>", "<b>&amp;</b>");
  ASSERT_ESCAPE ("<span foreground=\"red\">x</span>", "<span foreground=\"red\">x</span>");
  ASSERT_ESCAPE ("%s%n%d", "%s%n%d");
}

static void
test_escape_truncate (void)
{
  ASSERT_ESCAPE_MAX ("Hello world", 5, "Hell…");
  ASSERT_ESCAPE_MAX ("Hello", 5, "Hello");
  ASSERT_ESCAPE_MAX ("Hello", 6, "Hello");
  ASSERT_ESCAPE_MAX ("Hello!", 5, "Hell…");
  ASSERT_ESCAPE_MAX ("Hello", 1, "…");
  ASSERT_ESCAPE_MAX ("H", 1, "H");
  ASSERT_ESCAPE_MAX ("äöüßé", 3, "äö…");
  ASSERT_ESCAPE_MAX ("äöü", 3, "äöü");
  /* Never cut inside an escape. */
  ASSERT_ESCAPE_MAX ("\x01\x02", 5, "\\x01…");
  ASSERT_ESCAPE_MAX ("\x01\x02", 8, "\\x01\\x02");
  ASSERT_ESCAPE_MAX ("\x01\x02", 7, "\\x01…");
  ASSERT_ESCAPE_MAX ("ab\x01", 4, "ab…");
  ASSERT_ESCAPE_MAX ("\xe2\x80\xae" "x", 6, "…");
  ASSERT_ESCAPE_MAX ("\xe2\x80\xae", 6, "\\u202E");
}

static void
test_escape_truncate_property (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  /* Bytes likely to make every kind of output. */
  const guint8 alphabet[] = { 'a', 'Z', ' ', '\\', '\n', 0, 0x1b, 0x7f, 0xc3, 0xa9,
                              0xe2, 0x80, 0xae, 0xff, 0xf0, 0x9f, 0x8e, 0x89 };

  for (guint round = 0; round < 300; round++)
    {
      guint8 input[40];
      gsize len = g_rand_int_range (rand, 0, sizeof input);
      g_autofree char *full = NULL;
      glong full_chars;

      for (gsize i = 0; i < len; i++)
        input[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet)];

      full = fifolab_escape_for_display (input, len, 0);
      assert_safe (full);
      full_chars = g_utf8_strlen (full, -1);

      for (gsize max = 1; max <= (gsize) full_chars + 2; max++)
        {
          g_autofree char *cut = fifolab_escape_for_display (input, len, max);
          glong cut_chars = g_utf8_strlen (cut, -1);

          assert_safe (cut);
          g_assert_cmpint (cut_chars, <=, max);

          if ((gsize) full_chars <= max)
            {
              g_assert_cmpstr (cut, ==, full);
            }
          else
            {
              gsize prefix = strlen (cut) - strlen ("…");

              g_assert_true (g_str_has_suffix (cut, "…"));
              g_assert_true (strncmp (cut, full, prefix) == 0);
              /* Cut only as much as needed: at most one escape's worth. */
              g_assert_cmpint (cut_chars, >=, (glong) max - 6);
            }
        }
    }
  g_rand_free (rand);
}

/* fifolab_escape_is_literal() says whether the escaped text is the bytes. */
static void
assert_literal_as_escaped (const guint8 *data,
                           gsize         len)
{
  g_autofree char *out = fifolab_escape_for_display (data, len, 0);
  gboolean same = strlen (out) == len && memcmp (out, data, len) == 0;

  g_assert_cmpint (fifolab_escape_is_literal (data, len), ==, same);
}

static void
test_escape_literal (void)
{
  static const char *const texts[] = {
    "", "Hello from pid [42]", "a\\b", "tab\there", "line\n", "\x7f", "caf\xc3\xa9",
    "\xe4\xb8\xad\xe6\x96\x87", "\xc3", "\xc2\x85", "\xe2\x80\xae", "\xef\xbb\xbf", "\xf0\x9f\x98\x80",
    "\xed\xa0\x80", "\xe3\x85\xa4", "soft\xc2\xadhyphen",
  };
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *long_text = g_strdup_printf ("%s%s%s", "eight bytes, then ", texts[i], " and more after it");

      assert_literal_as_escaped ((const guint8 *) texts[i], strlen (texts[i]));
      assert_literal_as_escaped ((const guint8 *) long_text, strlen (long_text));
    }
  for (guint b = 0; b < 256; b++)
    {
      guint8 word[17];

      memset (word, 'x', sizeof word);
      for (guint at = 0; at < sizeof word; at++)
        {
          word[at] = b;
          assert_literal_as_escaped (word, sizeof word);
          word[at] = 'x';
        }
    }
  /* Random mixes of printable ASCII and the bytes that make it otherwise. */
  for (guint round = 0; round < 5000; round++)
    {
      static const guint8 some[] = { 'a', ' ', '~', '\\', '\n', 0, 0x7f, 0x80, 0xc3, 0xa9, 0xe2, 0x80, 0xae, 0xff };
      guint8 input[40];
      gsize len = g_rand_int_range (rand, 0, sizeof input);

      for (gsize i = 0; i < len; i++)
        input[i] = g_rand_boolean (rand) ? 'q' : some[g_rand_int_range (rand, 0, sizeof some)];
      assert_literal_as_escaped (input, len);
    }
  g_rand_free (rand);
}

static void
test_escape_all_bytes (void)
{
  for (guint b = 0; b < 256; b++)
    {
      guint8 byte = b;
      g_autofree char *out = fifolab_escape_for_display (&byte, 1, 0);

      g_assert_cmpuint (strlen (out), >, 0);
      assert_safe (out);

      if (b >= 0x20 && b < 0x7f && b != '\\')
        {
          g_assert_cmpuint (strlen (out), ==, 1);
          g_assert_cmpint (out[0], ==, (char) b);
        }
      else
        {
          g_assert_cmpint (out[0], ==, '\\');
        }
    }

  /* And random strings of any bytes. */
  {
    GRand *rand = g_rand_new_with_seed (1);

    for (guint round = 0; round < 500; round++)
      {
        guint8 input[256];
        gsize len = g_rand_int_range (rand, 0, sizeof input);
        g_autofree char *out = NULL;

        for (gsize i = 0; i < len; i++)
          input[i] = g_rand_int_range (rand, 0, 256);
        out = fifolab_escape_for_display (input, len, 0);
        assert_safe (out);
      }
    g_rand_free (rand);
  }
}

static void
test_escape_hex (void)
{
  g_autofree char *hex = fifolab_escape_hex ((const guint8 *) "Hel", 3);
  g_autofree char *one = fifolab_escape_hex ((const guint8 *) "\xff", 1);
  g_autofree char *none = fifolab_escape_hex (NULL, 0);

  g_assert_cmpstr (hex, ==, "48 65 6c");
  g_assert_cmpstr (one, ==, "ff");
  g_assert_cmpstr (none, ==, "");
}

static void
test_escape_hex_dump (void)
{
  /* As `hexdump -C` prints it, without the final offset line. */
  g_autofree char *dump = fifolab_escape_hex_dump ((const guint8 *) "Hello, world!\n\0\1\x7f\x80\xff", 19);
  g_autofree char *exact = fifolab_escape_hex_dump ((const guint8 *) "0123456789abcdef", 16);
  g_autofree char *empty = fifolab_escape_hex_dump (NULL, 0);
  g_autofree char *short_dump = fifolab_escape_hex_dump ((const guint8 *) "Hello", 5);

  g_assert_cmpstr (dump, ==,
                   "00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 01  |Hello, world!...|\n"
                   "00000010  7f 80 ff                                          |...|");
  g_assert_cmpstr (exact, ==,
                   "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|");
  g_assert_cmpstr (short_dump, ==,
                   "00000000  48 65 6c 6c 6f                                    |Hello|");
  g_assert_cmpstr (empty, ==, "");
}

/* One line of the dump at a time, for a view that makes only the lines on
 * screen: the lines joined are the dump. */
static void
test_escape_hex_dump_line (void)
{
  static const guint8 data[] = "Hello, world!\n\0\1\x7f\x80\xff";
  g_autofree char *first = fifolab_escape_hex_dump_line (data, 16, 0, 16);
  g_autofree char *last = fifolab_escape_hex_dump_line (data + 16, 3, 16, 16);
  g_autofree char *far = fifolab_escape_hex_dump_line (data, 1, 0x123456789, 16);
  g_autofree char *empty = fifolab_escape_hex_dump_line (NULL, 0, 0, 16);
  g_autofree char *dump = fifolab_escape_hex_dump (data, 19);
  g_autofree char *joined = g_strconcat (first, "\n", last, NULL);

  g_assert_cmpstr (joined, ==, dump);
  g_assert_cmpstr (far, ==,
                   "123456789  48                                                |H|");
  g_assert_cmpstr (empty, ==,
                   "00000000                                                    ||");
  g_assert_cmpuint (strlen (first), ==, fifolab_escape_hex_dump_line_chars (16));
}

/* Lines of 8 and of 4 bytes, for a view too narrow for 16: the dump's form,
 * their offsets stepping by their bytes, a short last line's bytes padded to
 * a whole line's; a whole line as many characters as said. */
static void
test_escape_hex_dump_line_narrow (void)
{
  static const guint8 data[] = "Hello, world!\n\0\1\x7f\x80\xff";
  g_autofree char *eight = fifolab_escape_hex_dump_line (data + 8, 8, 8, 8);
  g_autofree char *eight_last = fifolab_escape_hex_dump_line (data + 16, 3, 16, 8);
  g_autofree char *four = fifolab_escape_hex_dump_line (data + 12, 4, 12, 4);
  g_autofree char *four_last = fifolab_escape_hex_dump_line (data + 16, 3, 16, 4);

  g_assert_cmpstr (eight, ==, "00000008  6f 72 6c 64 21 0a 00 01  |orld!...|");
  g_assert_cmpstr (eight_last, ==, "00000010  7f 80 ff                 |...|");
  g_assert_cmpstr (four, ==, "0000000c  21 0a 00 01  |!...|");
  g_assert_cmpstr (four_last, ==, "00000010  7f 80 ff     |...|");
  g_assert_cmpuint (fifolab_escape_hex_dump_line_chars (16), ==, 78);
  g_assert_cmpuint (strlen (eight), ==, fifolab_escape_hex_dump_line_chars (8));
  g_assert_cmpuint (strlen (four), ==, fifolab_escape_hex_dump_line_chars (4));
}

/* Rows of text for a view that shows a few at a time: each is cut after a
 * newline or before it would be longer than the most characters, never inside
 * a character or an escape; escaped one by one and joined, they are the whole
 * escaped. */
static void
check_text_rows (const guint8 *data,
                 gsize         len,
                 gsize         max_chars)
{
  g_autofree char *whole = fifolab_escape_for_display (data, len, 0);
  g_autoptr(GString) joined = g_string_new (NULL);
  gsize at = 0;

  while (at < len)
    {
      gsize n = fifolab_escape_text_row_length (data + at, len - at, max_chars);
      g_autofree char *row = NULL;
      const guint8 *newline;

      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <=, len - at);
      row = fifolab_escape_for_display (data + at, n, 0);
      g_assert_cmpuint (g_utf8_strlen (row, -1), <=, max_chars);
      /* A newline ends a row, and only at its end. */
      newline = memchr (data + at, '\n', n);
      g_assert_true (newline == NULL || newline == data + at + n - 1);
      /* A row cut short could not have taken the next step. */
      if (newline == NULL && at + n < len)
        {
          gsize more = fifolab_escape_text_row_length (data + at, len - at, max_chars + 10);
          g_autofree char *longer = fifolab_escape_for_display (data + at, more, 0);

          g_assert_cmpuint (more, >, n);
          g_assert_cmpuint (g_utf8_strlen (longer, -1), >, max_chars);
        }
      g_string_append (joined, row);
      at += n;
    }
  g_assert_cmpstr (joined->str, ==, whole);
}

static void
test_escape_text_rows (void)
{
  /* A multibyte character, a bidi override (\u202E), a format character
   * beyond the BMP (\U000E0001), invalid and truncated UTF-8, control bytes. */
  static const char mixed[] =
    "Hello from pid [12345]\nh\xc3\xa9llo \xe2\x9c\x93\xe2\x80\xae\xf3\xa0\x80\x81"
    "\\ \t\r\n\x01\x7f\xff\xfe<b>%s</b>\n\n\xe2\x9c";
  g_autofree guint8 *random = g_malloc (4096);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  g_assert_cmpuint (fifolab_escape_text_row_length (NULL, 0, 10), ==, 0);
  g_assert_cmpuint (fifolab_escape_text_row_length ((const guint8 *) "ab\ncd", 5, 80), ==, 3);
  g_assert_cmpuint (fifolab_escape_text_row_length ((const guint8 *) "\n", 1, 80), ==, 1);
  g_assert_cmpuint (fifolab_escape_text_row_length ((const guint8 *) "abcdefghijkl", 12, 10), ==, 10);
  /* "abcd" then \x01 (4 characters) makes 8, \x02 would make 12: cut before. */
  g_assert_cmpuint (fifolab_escape_text_row_length ((const guint8 *) "abcd\x01\x02", 6, 10), ==, 5);
  /* The check mark is three bytes and one character: never cut inside. */
  g_assert_cmpuint (fifolab_escape_text_row_length ((const guint8 *) "abcdefghi\xe2\x9c\x93z", 13, 10), ==, 12);
  g_assert_cmpuint (fifolab_escape_text_row_length ((const guint8 *) "abcdefghij\xe2\x9c\x93", 13, 10), ==, 10);
  /* A tag character is "\U000E0001", ten characters: a row of its own. */
  g_assert_cmpuint (fifolab_escape_text_row_length ((const guint8 *) "a\xf3\xa0\x80\x81", 5, 10), ==, 1);
  g_assert_cmpuint (fifolab_escape_text_row_length ((const guint8 *) "\xf3\xa0\x80\x81" "a", 5, 10), ==, 4);

  for (gsize max = 10; max <= 40; max++)
    check_text_rows ((const guint8 *) mixed, sizeof mixed - 1, max);

  /* Bytes of every kind, UTF-8 lead bytes made likely. */
  for (guint round = 0; round < 20; round++)
    {
      for (gsize i = 0; i < 4096; i++)
        {
          guint32 r = g_rand_int (rand);

          random[i] = (r & 0x300) == 0 ? (guint8) (0xc0 | (r & 0x3f)) : (guint8) r;
        }
      check_text_rows (random, 4096, 10 + round * 7);
    }
}

static void
test_escape_perf (void)
{
  g_autoptr(GString) row = g_string_new (NULL);
  const guint n_rows = 1000000;
  gsize total = 0;
  double seconds;

  if (!g_test_perf ())
    {
      g_test_skip ("only with -m perf");
      return;
    }

  /* A typical row: mostly ASCII with a little UTF-8 and a newline. */
  while (row->len < 60)
    g_string_append (row, "Hello from pid [12345] é ");
  g_string_truncate (row, 62);
  g_string_append (row, "\n");

  g_test_timer_start ();
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *out = fifolab_escape_for_display ((const guint8 *) row->str, row->len, 200);

      total += strlen (out);
    }
  seconds = g_test_timer_elapsed ();

  g_test_message ("escaped %u rows of %zu bytes in %.3f s: %.0f rows/s",
                  n_rows, row->len, seconds, n_rows / seconds);
  g_assert_cmpuint (total, >, 0);
}

/* Names */

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

/* Safe, at most @max characters, no more than three combining marks on a
 * character, and none on the "…", a backslash escape or nothing. */
static void
assert_name_safe (const char *text,
                  gsize       max)
{
  guint run = 0;
  gunichar before = 0;   /* the character the current run of marks sits on */

  assert_safe (text);
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, (glong) max);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_mark (c))
        {
          run++;
          g_assert_cmpuint (run, <=, 3);
          g_assert_true (before != 0);
          g_assert_true (before != 0x2026);
        }
      else
        {
          run = 0;
          before = c;
        }
      g_assert_cmpuint (c, !=, 0x00a0);
    }
}

static void
assert_name (const char *name,
             gsize       max,
             const char *expected)
{
  g_autofree char *out = fifolab_escape_name (name, max);

  g_assert_cmpstr (out, ==, expected);
  assert_name_safe (out, max != 0 ? max : FIFOLAB_ESCAPE_NAME_MAX_CHARS);
}

/* Issue 11, case 4: names that look like other names, or act on a terminal. */
static void
test_escape_name_lookalikes (void)
{
  g_autofree char *zw = fifolab_escape_name ("zw\xe2\x80\x8b", 0);
  g_autofree char *plain = fifolab_escape_name ("zw", 0);

  assert_name ("my_pipe", 0, "my_pipe");
  assert_name ("r\xc3\xa9sum\xc3\xa9 \xe7\xae\xa1\xe9\x81\x93", 0, "r\xc3\xa9sum\xc3\xa9 \xe7\xae\xa1\xe9\x81\x93");
  assert_name (NULL, 0, "");
  assert_name ("", 0, "");
  /* The file shown as "rtlexe.jpg" without the escape. */
  assert_name ("rtl\xe2\x80\xaegpj.exe", 0, "rtl\\u202Egpj.exe");
  assert_name ("evil\xe2\x80\xaegpj.exe", 0, "evil\\u202Egpj.exe");
  g_assert_cmpstr (zw, ==, "zw\\u200B");
  g_assert_cmpstr (zw, !=, plain);
  assert_name ("two\nlines", 0, "two\\nlines");
  assert_name ("tab\there\r", 0, "tab\\there\\r");
  /* A terminal title change and screen clear. */
  assert_name ("\x1b]0;pwned\x07\x1b[2J\x1b[H", 0, "\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H");
  assert_name ("bad-\xff\xfe-name", 0, "bad-\\xff\\xfe-name");
  assert_name ("back\\slash", 0, "back\\\\slash");
  /* Spaces that look like U+0020, and Hangul fillers that draw nothing. */
  assert_name ("a\xc2\xa0" "b", 0, "a\\u00A0b");
  assert_name ("a\xe3\x80\x80" "b", 0, "a\\u3000b");
  assert_name ("zw\xe3\x85\xa4", 0, "zw\\u3164");
  assert_name ("a b", 0, "a b");
  /* Markup and formats stay literal. */
  assert_name ("<b>%s&amp;", 0, "<b>%s&amp;");
}

/* Issue 11, case 2: marks on one character are bounded. */
static void
test_escape_name_marks (void)
{
  /* Up to three are shown, the rest escaped. */
  assert_name ("e\xcc\x81", 0, "e\xcc\x81");
  assert_name ("e\xcc\x81\xcc\x82\xcc\x83", 0, "e\xcc\x81\xcc\x82\xcc\x83");
  assert_name ("e\xcc\x81\xcc\x82\xcc\x83\xcc\x84x\xcc\x81", 0,
               "e\xcc\x81\xcc\x82\xcc\x83\\u0304x\xcc\x81");
  /* A mark with nothing to sit on, or that would sit on an escape. */
  assert_name ("\xcc\x81" "a", 0, "\\u0301a");
  assert_name ("\xe2\x80\xae\xcc\x81", 0, "\\u202E\\u0301");
  assert_name ("\n\xcc\x81", 0, "\\n\\u0301");
  /* Hangul syllables are letters, and emoji with a variation selector one mark. */
  assert_name ("\xed\x95\x9c", 0, "\xed\x95\x9c");
  assert_name ("\xe2\x9d\xa4\xef\xb8\x8f", 0, "\xe2\x9d\xa4\xef\xb8\x8f");
}

/* The names of issue 11: "a" + 50,000 × U+0301, 50,000 × (U+202E U+0301),
 * and longer; the text is bounded and so is the time taken. */
static void
test_escape_name_huge (void)
{
  g_autofree char *marks = fifolab_test_repeat ("a", "\xcc\x81", 50000);
  g_autofree char *rlo_marks = fifolab_test_repeat ("", "\xe2\x80\xae\xcc\x81", 50000);
  g_autofree char *long_marks = fifolab_test_repeat ("a", "\xcc\x81", 5000000);
  g_autofree char *out = NULL;
  gint64 start;
  gint64 took;

  out = fifolab_escape_name (marks, 0);
  assert_name_safe (out, FIFOLAB_ESCAPE_NAME_MAX_CHARS);
  g_assert_true (g_str_has_prefix (out, "a\xcc\x81\xcc\x81\xcc\x81\\u0301\\u0301"));
  g_assert_nonnull (strstr (out, "…"));
  g_assert_true (g_str_has_suffix (out, "\\u0301"));
  g_clear_pointer (&out, g_free);

  out = fifolab_escape_name (rlo_marks, 0);
  assert_name_safe (out, FIFOLAB_ESCAPE_NAME_MAX_CHARS);
  g_assert_null (strstr (out, "\xe2\x80\xae"));
  g_assert_null (strstr (out, "\xcc\x81"));
  g_assert_true (g_str_has_prefix (out, "\\u202E\\u0301\\u202E\\u0301"));
  g_assert_true (g_str_has_suffix (out, "\\u202E\\u0301"));
  g_clear_pointer (&out, g_free);

  /* 10 MB: bounded by what is shown, not by the length of the name. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *o = fifolab_escape_name (long_marks, 0);

      assert_name_safe (o, FIFOLAB_ESCAPE_NAME_MAX_CHARS);
    }
  took = g_get_monotonic_time () - start;
  g_test_message ("10 names of 10 MB: %" G_GINT64_FORMAT " µs", took);
  g_assert_cmpint (took, <, 2 * G_USEC_PER_SEC);
}

/* A long path keeps its start and its end: the file name stays visible. */
static void
test_escape_name_middle (void)
{
  g_autofree char *folder = g_strnfill (400, 'd');
  g_autofree char *path = g_strconcat ("/home/", folder, "/my_pipe", NULL);
  g_autofree char *out = fifolab_escape_name (path, 0);
  g_autofree char *exact = g_strnfill (200, 'x');
  g_autofree char *over = g_strnfill (201, 'x');
  g_autofree char *over_out = NULL;

  assert_name_safe (out, FIFOLAB_ESCAPE_NAME_MAX_CHARS);
  g_assert_cmpint (g_utf8_strlen (out, -1), ==, FIFOLAB_ESCAPE_NAME_MAX_CHARS);
  g_assert_true (g_str_has_prefix (out, "/home/ddd"));
  g_assert_true (g_str_has_suffix (out, "ddd/my_pipe"));
  g_assert_nonnull (strstr (out, "d…d"));

  assert_name (exact, 0, exact);
  over_out = fifolab_escape_name (over, 0);
  g_assert_cmpint (g_utf8_strlen (over_out, -1), ==, 200);
  g_assert_nonnull (strstr (over_out, "x…x"));

  assert_name ("abcdefghij", 10, "abcdefghij");
  assert_name ("abcdefghijk", 10, "abc…fghijk");
  assert_name ("abcdefghijk", 1, "…");
  assert_name ("abcdefghijk", 2, "…k");
  /* Never inside an escape; a mark whose base is cut off goes with it. */
  assert_name ("ab\ncdefghijk", 7, "ab…hijk");
  assert_name ("abcdefgh\n", 7, "ab…gh\\n");
  assert_name ("abcdefghe\xcc\x81", 5, "a…he\xcc\x81");
  assert_name ("abcdefghe\xcc\x81", 3, "…e\xcc\x81");
  assert_name ("abcdefghe\xcc\x81", 2, "…");
  assert_name ("abcd\xe2\x80\xae", 8, "ab…");
  assert_name ("abcd\xe2\x80\xae", 9, "ab…\\u202E");
  assert_name ("abcdefg\xe2\x80\xae" "z", 9, "ab…z");
}

/* Any bytes: safe, bounded, and whole when short enough. */
static void
test_escape_name_property (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  const guint8 alphabet[] = { 'a', 'Z', ' ', '\\', '\n', 0x1b, 0x7f, 0xc3, 0xa9,
                              0xcc, 0x81, 0xe2, 0x80, 0xae, 0xff, 0xf0, 0x9f, 0x8e, 0x89,
                              0xc2, 0xa0 };

  for (guint round = 0; round < 300; round++)
    {
      char input[60];
      gsize len = g_rand_int_range (rand, 0, sizeof input);
      g_autofree char *full = NULL;
      glong full_chars;

      for (gsize i = 0; i < len; i++)
        {
          input[i] = (char) alphabet[g_rand_int_range (rand, 0, sizeof alphabet)];
          /* Three marks in a row in four rounds. */
          if (round % 4 == 0 && i % 8 < 6)
            input[i] = (char) (i % 2 == 0 ? 0xcc : 0x81);
        }
      input[len] = '\0';

      full = fifolab_escape_name (input, 10000);
      assert_name_safe (full, 10000);
      full_chars = g_utf8_strlen (full, -1);

      for (gsize max = 1; max <= (gsize) full_chars + 2; max++)
        {
          g_autofree char *cut = fifolab_escape_name (input, max);

          assert_name_safe (cut, max);
          if ((gsize) full_chars <= max)
            g_assert_cmpstr (cut, ==, full);
          else
            g_assert_nonnull (strstr (cut, "…"));
        }
    }
  g_rand_free (rand);
}

/* Messages from elsewhere: kept when safe, escaped when not. */
static void
test_escape_message (void)
{
  g_autofree char *marks = fifolab_test_repeat ("Error opening file “a", "\xcc\x81", 50000);
  g_autofree char *out = NULL;
  char *m;

  m = fifolab_escape_message ("Cannot open “C:\\x”: Permission denied\nsecond line", 0);
  g_assert_cmpstr (m, ==, "Cannot open “C:\\x”: Permission denied\nsecond line");
  g_free (m);
  m = fifolab_escape_message ("r\xc3\xa9sum\xc3\xa9 e\xcc\x81\xcc\x82\xcc\x83", 0);
  g_assert_cmpstr (m, ==, "r\xc3\xa9sum\xc3\xa9 e\xcc\x81\xcc\x82\xcc\x83");
  g_free (m);
  m = fifolab_escape_message (NULL, 0);
  g_assert_cmpstr (m, ==, "");
  g_free (m);
  m = fifolab_escape_message ("Unknown option --x\x1b[2J", 0);
  g_assert_cmpstr (m, ==, "Unknown option --x\\x1b[2J");
  g_free (m);
  m = fifolab_escape_message ("file “rtl\xe2\x80\xaegpj.exe”", 0);
  g_assert_cmpstr (m, ==, "file “rtl\\u202Egpj.exe”");
  g_free (m);
  m = fifolab_escape_message ("bad \xff", 0);
  g_assert_cmpstr (m, ==, "bad \\xff");
  g_free (m);
  m = fifolab_escape_message ("abcdefghijk", 10);
  g_assert_cmpstr (m, ==, "abc…fghijk");
  g_free (m);

  out = fifolab_escape_message (marks, 400);
  assert_name_safe (out, 400);
  g_assert_true (g_str_has_prefix (out, "Error opening file “a\xcc\x81\xcc\x81\xcc\x81\\u0301"));
}

/* Event kinds live here too: every kind has the texts a student reads. */
static void
test_event_kinds (void)
{
  GEnumClass *klass = g_type_class_ref (FIFOLAB_TYPE_EVENT_KIND);

  for (FifolabEventKind kind = FIFOLAB_EVENT_NONE; kind < FIFOLAB_EVENT_LAST; kind++)
    {
      const char *title = fifolab_event_kind_get_title (kind);
      const char *explanation = fifolab_event_kind_get_explanation (kind);
      const char *icon = fifolab_event_kind_get_icon_name (kind);
      GEnumValue *value = g_enum_get_value (klass, kind);

      g_assert_nonnull (value);
      g_assert_cmpstr (fifolab_event_kind_to_string (kind), ==, value->value_nick);

      g_assert_nonnull (title);
      g_assert_cmpuint (strlen (title), >, 0);
      g_assert_null (strchr (title, '\n'));
      g_assert_true (g_utf8_validate (title, -1, NULL));

      g_assert_nonnull (explanation);
      g_assert_cmpuint (strlen (explanation), >, 20);
      g_assert_null (strchr (explanation, '\n'));
      g_assert_true (g_utf8_validate (explanation, -1, NULL));
      g_assert_true (g_str_has_suffix (explanation, "."));

      g_assert_nonnull (icon);
      g_assert_true (g_str_has_suffix (icon, "-symbolic"));

      /* Icons come from the standard set; check it where it is installed. */
      if (g_file_test ("/usr/share/icons/Adwaita/index.theme", G_FILE_TEST_EXISTS))
        {
          const char *contexts[] = { "actions", "status", "places", "ui", "devices",
                                     "apps", "categories", "emblems", "mimetypes",
                                     "legacy", NULL };
          gboolean found = FALSE;

          for (guint i = 0; contexts[i] != NULL && !found; i++)
            {
              g_autofree char *file = g_strdup_printf ("%s.svg", icon);
              g_autofree char *path = g_build_filename ("/usr/share/icons/Adwaita/scalable",
                                                        contexts[i], file, NULL);

              found = g_file_test (path, G_FILE_TEST_EXISTS);
            }
          if (!found)
            g_error ("icon %s of %s not in Adwaita", icon, value->value_nick);
        }
    }

  g_assert_cmpstr (fifolab_event_kind_to_string (FIFOLAB_EVENT_END_OF_STREAM), ==, "end-of-stream");
  g_assert_cmpstr (fifolab_event_kind_to_string (FIFOLAB_EVENT_NO_READER), ==, "no-reader");
  g_assert_cmpstr (fifolab_event_kind_get_title (FIFOLAB_EVENT_END_OF_STREAM), ==, "End of stream");
  g_assert_nonnull (strstr (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_END_OF_STREAM),
                            "read() returned 0"));
  g_assert_nonnull (strstr (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_NO_READER), "EPIPE"));
  g_assert_nonnull (strstr (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_NO_READER), "SIGPIPE"));
  g_assert_nonnull (strstr (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_WAITING_FOR_READER),
                            "ENXIO"));
  g_assert_nonnull (strstr (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_NOT_ATOMIC), "4096"));
  g_assert_nonnull (strstr (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_PIPE_FULL), "64 KiB"));
  g_assert_nonnull (strstr (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_PID_UNSEEN),
                            "only what the sender wrote"));

  g_type_class_unref (klass);
}

/* The path helpers read the home folder once per process: each case runs in
 * a child started with its own $HOME. */
static void
run_with_home (const char *home)
{
  g_autofree char *old = g_strdup (g_getenv ("HOME"));

  g_setenv ("HOME", home, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (old != NULL)
    g_setenv ("HOME", old, TRUE);
  else
    g_unsetenv ("HOME");
  g_test_trap_assert_passed ();
}

static void
assert_home_path (const char *path,
                  const char *expected)
{
  g_autofree char *shown = fifolab_escape_home_path (path, 0);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_escape_home_path (void)
{
  if (!g_test_subprocess ())
    {
      run_with_home ("/home/al");
      return;
    }

  g_assert_cmpstr (g_get_home_dir (), ==, "/home/al");
  assert_home_path ("/home/al/lab/my_pipe", "~/lab/my_pipe");
  assert_home_path ("/home/al/my_pipe", "~/my_pipe");
  /* The home folder itself. */
  assert_home_path ("/home/al", "~");
  assert_home_path ("/home/al/", "~/");
  /* Only a whole component is the home folder. */
  assert_home_path ("/home/alice/my_pipe", "/home/alice/my_pipe");
  assert_home_path ("/home/alice", "/home/alice");
  assert_home_path ("/home/a", "/home/a");
  assert_home_path ("/srv/home/al/p", "/srv/home/al/p");
  assert_home_path ("/tmp/lab/my_pipe", "/tmp/lab/my_pipe");
  /* Escaped as a name, inside the home folder or not. */
  assert_home_path ("/home/al/b\xff" "d\npipe", "~/b\\xffd\\npipe");
  assert_home_path ("/tmp/\xfe\xff", "/tmp/\\xfe\\xff");
  assert_home_path ("/home/al/\xe2\x80\xae" "evil", "~/\\u202Eevil");
  assert_home_path (NULL, "");
  /* Bounded like a name: the start and the end stay. */
  {
    g_autofree char *shown = fifolab_escape_home_path ("/home/al/a-very-long-folder-name/my_pipe", 12);

    g_assert_cmpuint (g_utf8_strlen (shown, -1), <=, 12);
    g_assert_true (g_str_has_prefix (shown, "~/"));
    g_assert_true (g_str_has_suffix (shown, "pipe"));
  }
}

static void
test_escape_home_path_trailing_slash (void)
{
  if (!g_test_subprocess ())
    {
      run_with_home ("/home/al/");
      return;
    }

  assert_home_path ("/home/al/lab/my_pipe", "~/lab/my_pipe");
  assert_home_path ("/home/al", "~");
  assert_home_path ("/home/alice/my_pipe", "/home/alice/my_pipe");
}

static void
test_escape_home_path_root (void)
{
  if (!g_test_subprocess ())
    {
      run_with_home ("/");
      return;
    }

  /* A home folder of "/" would turn every path into "~/...". */
  assert_home_path ("/tmp/lab/my_pipe", "/tmp/lab/my_pipe");
  assert_home_path ("/", "/");
}

static void
assert_basename (const char *path,
                 const char *expected)
{
  g_autofree char *shown = fifolab_escape_basename (path, 0);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_escape_basename (void)
{
  assert_basename ("/tmp/lab/my_pipe", "my_pipe");
  assert_basename ("my_pipe", "my_pipe");
  assert_basename ("lab/my_pipe", "my_pipe");
  /* Nothing after the last slash: the whole path. */
  assert_basename ("/tmp/lab/", "/tmp/lab/");
  assert_basename ("/", "/");
  assert_basename ("", "");
  assert_basename (NULL, "");
  /* Escaped as a name. */
  assert_basename ("/tmp/a\xff\n", "a\\xff\\n");
  assert_basename ("/tmp/\xe2\x80\xae" "gpj.exe", "\\u202Egpj.exe");
  assert_basename ("/tmp/<b>&amp;", "<b>&amp;");
  {
    g_autofree char *shown = fifolab_escape_basename ("/tmp/a-very-long-pipe-name-indeed", 10);

    g_assert_cmpuint (g_utf8_strlen (shown, -1), <=, 10);
    g_assert_true (g_str_has_prefix (shown, "a"));
  }
}

/* What a screen reader says of shown text: the escape of a line's end at
 * its end left out, an escaped backslash before an "n" kept. */
static void
test_escape_said_length (void)
{
  static const struct {
    const guint8 *bytes;
    gsize         len;
    gsize         said;   /* bytes of the escaped text said */
  } cases[] = {
    { (const guint8 *) "Hello\n", 6, 5 },          /* "Hello\n" */
    { (const guint8 *) "\n", 1, 0 },               /* "\n" */
    { (const guint8 *) "a\\n", 3, 4 },            /* "a\\\\n": a backslash, then n */
    { (const guint8 *) "a\\\n", 3, 3 },          /* "a\\\\\n": a backslash, then a line end */
    { (const guint8 *) "n", 1, 1 },
    { (const guint8 *) "", 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = fifolab_escape_for_display (cases[i].bytes, cases[i].len, 0);

      g_test_message ("“%s”", shown);
      g_assert_cmpuint (fifolab_escape_said_length (shown, strlen (shown)), ==, cases[i].said);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/escape/printable", test_escape_printable);
  g_test_add_func ("/escape/controls", test_escape_controls);
  g_test_add_func ("/escape/terminal", test_escape_terminal);
  g_test_add_func ("/escape/invalid-utf8", test_escape_invalid_utf8);
  g_test_add_func ("/escape/invisible", test_escape_invisible);
  g_test_add_func ("/escape/unassigned", test_escape_unassigned);
  g_test_add_func ("/escape/markup", test_escape_markup);
  g_test_add_func ("/escape/truncate", test_escape_truncate);
  g_test_add_func ("/escape/truncate-property", test_escape_truncate_property);
  g_test_add_func ("/escape/all-bytes", test_escape_all_bytes);
  g_test_add_func ("/escape/literal", test_escape_literal);
  g_test_add_func ("/escape/hex", test_escape_hex);
  g_test_add_func ("/escape/hex-dump", test_escape_hex_dump);
  g_test_add_func ("/escape/hex-dump-line", test_escape_hex_dump_line);
  g_test_add_func ("/escape/hex-dump-line-narrow", test_escape_hex_dump_line_narrow);
  g_test_add_func ("/escape/text-rows", test_escape_text_rows);
  g_test_add_func ("/escape/perf", test_escape_perf);
  g_test_add_func ("/escape/name/lookalikes", test_escape_name_lookalikes);
  g_test_add_func ("/escape/name/marks", test_escape_name_marks);
  g_test_add_func ("/escape/name/huge", test_escape_name_huge);
  g_test_add_func ("/escape/name/middle", test_escape_name_middle);
  g_test_add_func ("/escape/name/property", test_escape_name_property);
  g_test_add_func ("/escape/message", test_escape_message);
  g_test_add_func ("/escape/home-path", test_escape_home_path);
  g_test_add_func ("/escape/home-path/trailing-slash", test_escape_home_path_trailing_slash);
  g_test_add_func ("/escape/home-path/root", test_escape_home_path_root);
  g_test_add_func ("/escape/basename", test_escape_basename);
  g_test_add_func ("/escape/said-length", test_escape_said_length);
  g_test_add_func ("/event/kinds", test_event_kinds);

  return g_test_run ();
}
