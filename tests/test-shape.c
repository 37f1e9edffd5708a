/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pure shape checks (fifolab-shape.c): no state, no I/O. */
#include "config.h"

#include <string.h>

#include "fifolab-shape.h"
#include "fifolab-test-util.h"

#define M(s) (const guint8 *) (s), strlen (s)

/* Whole messages of the template, one or several, with their terminators. */
static void
test_matches (void)
{
  const char *t = "Hello from pid [%d]";

  g_assert_true (fifolab_shape_matches (t, M ("Hello from pid [4242]")));
  g_assert_true (fifolab_shape_matches (t, M ("Hello from pid [4242]\r\n")));
  /* The seed's reader may read two 22-byte messages at once, or NUL padding. */
  g_assert_true (fifolab_shape_matches (t, M ("Hello from pid [1]\nHello from pid [22]\n")));
  g_assert_true (fifolab_shape_matches (t, (const guint8 *) "Hello from pid [7]\0\0", 20));
  /* Each "%d" within one message is the same number. */
  g_assert_true (fifolab_shape_matches ("%d says %d", M ("12 says 12")));
  g_assert_false (fifolab_shape_matches ("%d says %d", M ("12 says 13")));
  /* "%%" is a literal percent. */
  g_assert_true (fifolab_shape_matches ("%d: 100%% done", M ("5: 100% done")));
  g_assert_false (fifolab_shape_matches ("%d: 100%% done", M ("5: 100%% done")));
  /* Not the shape: no digits, cut, extra, empty, only terminators. */
  g_assert_false (fifolab_shape_matches (t, M ("Hello from pid []")));
  g_assert_false (fifolab_shape_matches (t, M ("Hello from pid [12")));
  g_assert_false (fifolab_shape_matches (t, M ("Hello from pid [12] and more")));
  g_assert_false (fifolab_shape_matches (t, M ("")));
  g_assert_false (fifolab_shape_matches (t, M ("\n\r\n")));
  /* A template the stamp refuses has no shape. */
  g_assert_false (fifolab_shape_matches ("pid %s", M ("pid x")));
}

/* Torn: not whole messages, but a piece of one (its start anywhere, its end
 * at the end), or two different pids. Another kind of message is not torn. */
static void
test_torn (void)
{
  const char *t = "Hello from pid [%d]";

  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("Hello from pid [5]")), ==, 0);
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("Hello from pid [5]Hello from pid [6]")), ==, 0);
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("xxHello from pid [5")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("om pid [5]")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("om pid [5]\n")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("good morning")), ==, 0);
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("")), ==, 0);

  /* Without a template (or with one the stamp refuses): two claimed pids. */
  g_assert_cmpuint (fifolab_shape_check_torn (NULL, M ("pid [5] pid [6]")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (NULL, M ("pid [5] pid [5]")), ==, 0);
  g_assert_cmpuint (fifolab_shape_check_torn (NULL, M ("pid [5] pid [6")), ==, 0);
  g_assert_cmpuint (fifolab_shape_check_torn ("pid %s", M ("pid [5] pid [6]")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (NULL, M ("Hello from pid [5]")), ==, 0);
}

/* Where another writer's bytes begin in a torn message. */
static void
test_find_tear (void)
{
  const char *t = "Hello from pid [%d]";

  /* Whole messages: no tear. */
  g_assert_cmpint (fifolab_shape_find_tear (t, M ("Hello from pid [5]")), ==, -1);
  g_assert_cmpint (fifolab_shape_find_tear (t, M ("Hello from pid [5]\nHello from pid [6]\n")), ==, -1);
  g_assert_cmpint (fifolab_shape_find_tear (t, M ("")), ==, -1);
  /* Cut inside the pid by another message. */
  g_assert_cmpint (fifolab_shape_find_tear (t, M ("Hello from pid [123Hello from pid [456]45]")), ==, 19);
  /* Cut inside the text. */
  g_assert_cmpint (fifolab_shape_find_tear (t, M ("Hello frHello from pid [6]om pid [5]")), ==, 8);
  /* A whole message, then a torn one. */
  g_assert_cmpint (fifolab_shape_find_tear (t, M ("Hello from pid [5]Hello from pid [5Hello")), ==, 35);
  /* Another writer's end first, then a message of the shape. */
  g_assert_cmpint (fifolab_shape_find_tear (t, M ("xxHello from pid [5]")), ==, 2);
  g_assert_cmpint (fifolab_shape_find_tear (t, M ("om pid [5]")), ==, 0);
  /* Two pids in one message of the template's shape: the second's digits. */
  g_assert_cmpint (fifolab_shape_find_tear ("pid %d and %d", M ("pid 5 and 6")), ==, 10);

  /* Without a template: the second, different claim. */
  g_assert_cmpint (fifolab_shape_find_tear (NULL, M ("pid [5] pid [6]")), ==, 8);
  g_assert_cmpint (fifolab_shape_find_tear (NULL, M ("pid [5] pid [5]")), ==, -1);
  g_assert_cmpint (fifolab_shape_find_tear (NULL, M ("no pid here")), ==, -1);
  /* Where the message making it begins, as the first one begins: after a
   * filler, exactly; never before the claim before it. */
  g_assert_cmpint (fifolab_shape_find_tear (NULL, M ("Hello from pid [5] xxxHello from pid [6] xxx")), ==, 22);
  g_assert_cmpint (fifolab_shape_find_tear (NULL, M ("53]Hello from pid [5] xxHello from pid [6]")), ==, 24);
  g_assert_cmpint (fifolab_shape_find_tear (NULL, M ("Hello from pid [5]from pid [6]")), ==, 18);
}

/* Long digit runs and huge messages cost no more than a pass over them. */
static void
test_long_input (void)
{
  g_autofree char *digits = g_strnfill (100000, '9');
  g_autofree char *message = g_strdup_printf ("Hello from pid [%s]", digits);
  g_autofree char *many = NULL;
  GString *s = g_string_new (NULL);

  g_assert_false (fifolab_shape_matches ("Hello from pid [%d]", M (message)));
  g_assert_cmpuint (fifolab_shape_check_torn ("Hello from pid [%d]", M (message)), ==,
                    FIFOLAB_MESSAGE_TORN);
  for (guint i = 0; i < 10000; i++)
    g_string_append (s, "Hello from pid [12345]\n");
  many = g_string_free (s, FALSE);
  g_assert_true (fifolab_shape_matches ("Hello from pid [%d]", M (many)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shape/matches", test_matches);
  g_test_add_func ("/shape/torn", test_torn);
  g_test_add_func ("/shape/find-tear", test_find_tear);
  g_test_add_func ("/shape/long-input", test_long_input);

  return g_test_run ();
}
