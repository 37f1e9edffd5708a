/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-find.h"

/* fifolab_find_bytes() against memmem() on the same input. */
static void
assert_as_memmem (const char *haystack,
                  gsize       haystack_len,
                  const char *needle,
                  gsize       needle_len)
{
  const guint8 *got = fifolab_find_bytes ((const guint8 *) haystack, haystack_len,
                                          (const guint8 *) needle, needle_len);
  const void *want = memmem (haystack, haystack_len, needle, needle_len);

  g_assert_true ((const void *) got == want);
}

static void
test_find_basic (void)
{
  static const char text[] = "Hello from pid [42]\nHello from pid [43]";

  assert_as_memmem (text, strlen (text), "pid [", 5);
  assert_as_memmem (text, strlen (text), "Hello from pid [", 16);
  assert_as_memmem (text, strlen (text), "[43]", 4);
  assert_as_memmem (text, strlen (text), "[44]", 4);
  assert_as_memmem (text, strlen (text), "", 0);
  assert_as_memmem (text, 3, "Hello", 5);
  assert_as_memmem ("", 0, "a", 1);
  assert_as_memmem ("[", 1, "[", 1);
  /* At the very start and the very end. */
  assert_as_memmem (text, strlen (text), "Hello", 5);
  assert_as_memmem (text, strlen (text), "43]", 3);
  /* Bytes past the given length are not looked at. */
  assert_as_memmem (text, strlen (text) - 1, "43]", 3);
  /* NUL and non-ASCII bytes. */
  assert_as_memmem ("a\0b\xff[c", 6, "\xff[", 2);
  assert_as_memmem ("a\0b\xff[c", 6, "\0b", 2);
}

/* A haystack full of the byte it skips to: still right (and the memmem()
 * fallback keeps it linear). */
static void
test_find_common_key (void)
{
  gsize len = 256 * 1024;
  g_autofree char *haystack = g_malloc (len);

  memset (haystack, '[', len);
  memcpy (haystack + len - 7, "pid [1]", 7);
  assert_as_memmem (haystack, len, "pid [", 5);
  assert_as_memmem (haystack, len, "pid [2", 6);
  assert_as_memmem (haystack, len, "[[[[[[[[", 8);
}

/* Random short haystacks over a small alphabet, where matches and near
 * matches are frequent. */
static void
test_find_random (void)
{
  static const char alphabet[] = "pid [1]\0";
  GRand *rand = g_rand_new_with_seed (13);

  for (guint round = 0; round < 20000; round++)
    {
      char haystack[64], needle[6];
      gsize haystack_len = g_rand_int_range (rand, 0, sizeof haystack + 1);
      gsize needle_len = g_rand_int_range (rand, 0, sizeof needle + 1);

      for (gsize i = 0; i < haystack_len; i++)
        haystack[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      for (gsize i = 0; i < needle_len; i++)
        needle[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      assert_as_memmem (haystack, haystack_len, needle, needle_len);
    }
  g_rand_free (rand);
}

/* fifolab_find_ascii_caseless() against strcasestr() on a NUL-terminated
 * copy (the C locale's: ASCII letters in any case). */
static void
assert_as_strcasestr (const char *haystack,
                      gsize       haystack_len,
                      const char *needle)
{
  g_autofree char *copy = g_strndup (haystack, haystack_len);
  const char *got = fifolab_find_ascii_caseless (haystack, haystack_len, needle, strlen (needle));
  const char *want = strcasestr (copy, needle);

  g_assert_true (want == NULL ? got == NULL : got == haystack + (want - copy));
}

static void
test_find_caseless (void)
{
  static const char text[] = "Hello from pid [42], NEEDLE 7 \xff é";
  /* Bytes past the length are not read: no NUL ends it. */
  static const char unended[4] = { 'a', 'B', 'c', 'D' };
  static const char alphabet[] = "aAbB[1 \xc3\xa9";
  GRand *rand = g_rand_new_with_seed (17);

  assert_as_strcasestr (text, strlen (text), "hello");
  assert_as_strcasestr (text, strlen (text), "needle");
  assert_as_strcasestr (text, strlen (text), "PID [42]");
  assert_as_strcasestr (text, strlen (text), "\\XFF");
  assert_as_strcasestr (text, strlen (text), "é");
  assert_as_strcasestr (text, strlen (text), "É");
  assert_as_strcasestr (text, strlen (text), "needles");
  assert_as_strcasestr (text, strlen (text), "");
  assert_as_strcasestr (text, 3, "hello");
  g_assert_true (fifolab_find_ascii_caseless (unended, 4, "bcd", 3) == unended + 1);
  g_assert_null (fifolab_find_ascii_caseless (unended, 3, "bcd", 3));

  for (guint round = 0; round < 20000; round++)
    {
      char haystack[64], needle[6];
      gsize haystack_len = g_rand_int_range (rand, 0, sizeof haystack);
      gsize needle_len = g_rand_int_range (rand, 0, sizeof needle);

      for (gsize i = 0; i < haystack_len; i++)
        haystack[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      for (gsize i = 0; i < needle_len; i++)
        needle[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      needle[needle_len] = '\0';
      assert_as_strcasestr (haystack, haystack_len, needle);
    }
  g_rand_free (rand);
}

/* A long message of the letter it skips to, in both cases: still right,
 * and the lowercase copy keeps it linear. */
static void
test_find_caseless_common_key (void)
{
  gsize len = 1024 * 1024;
  g_autofree char *haystack = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    haystack[i] = i % 3 ? 'x' : 'X';
  memcpy (haystack + len - 7, "NEEDLE7", 7);
  assert_as_strcasestr (haystack, len, "needle7");
  assert_as_strcasestr (haystack, len, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxy");
  assert_as_strcasestr (haystack, len, "xXxneedle");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/find/basic", test_find_basic);
  g_test_add_func ("/find/common-key", test_find_common_key);
  g_test_add_func ("/find/random", test_find_random);
  g_test_add_func ("/find/caseless", test_find_caseless);
  g_test_add_func ("/find/caseless-common-key", test_find_caseless_common_key);

  return g_test_run ();
}
