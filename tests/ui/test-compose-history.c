/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The compose bar's history, without the bar: what Up and Down recall. */
#include "config.h"

#include <glib.h>

#include "fifolab-compose-history.h"

/* Up: TRUE when the key is the history's, and the text recalled (NULL for none). */
static gboolean
older (FifolabComposeHistory  *history,
       const char             *current,
       char                  **text)
{
  g_clear_pointer (text, g_free);
  return fifolab_compose_history_older (history, current, text);
}

static gboolean
newer (FifolabComposeHistory  *history,
       char                  **text)
{
  g_clear_pointer (text, g_free);
  return fifolab_compose_history_newer (history, text);
}

static void
test_empty (void)
{
  g_autoptr(FifolabComposeHistory) history = fifolab_compose_history_new (10);
  g_autofree char *text = NULL;

  g_assert_cmpuint (fifolab_compose_history_get_n_entries (history), ==, 0);
  g_assert_false (older (history, "draft", &text));
  g_assert_null (text);
  g_assert_false (newer (history, &text));
  g_assert_null (text);
}

/* Up walks to the oldest and stays there (the key still taken), Down back to
 * the draft typed before walking, then no further. */
static void
test_walk (void)
{
  g_autoptr(FifolabComposeHistory) history = fifolab_compose_history_new (10);
  g_autofree char *text = NULL;

  fifolab_compose_history_add (history, "one");
  fifolab_compose_history_add (history, "two");

  g_assert_true (older (history, "draft", &text));
  g_assert_cmpstr (text, ==, "two");
  g_assert_true (older (history, "two", &text));
  g_assert_cmpstr (text, ==, "one");
  g_assert_true (older (history, "one", &text));
  g_assert_null (text);

  g_assert_true (newer (history, &text));
  g_assert_cmpstr (text, ==, "two");
  g_assert_true (newer (history, &text));
  g_assert_cmpstr (text, ==, "draft");
  g_assert_false (newer (history, &text));
  g_assert_null (text);

  /* The draft was given back: walking again keeps the new one. */
  g_assert_true (older (history, "", &text));
  g_assert_cmpstr (text, ==, "two");
  g_assert_true (newer (history, &text));
  g_assert_cmpstr (text, ==, "");
}

/* Typing while walking goes back to the draft and forgets the old one. */
static void
test_leave (void)
{
  g_autoptr(FifolabComposeHistory) history = fifolab_compose_history_new (10);
  g_autofree char *text = NULL;

  fifolab_compose_history_add (history, "one");
  fifolab_compose_history_add (history, "two");
  g_assert_true (older (history, "draft", &text));
  g_assert_true (older (history, "two", &text));
  g_assert_cmpstr (text, ==, "one");

  fifolab_compose_history_leave (history);
  g_assert_false (newer (history, &text));
  g_assert_true (older (history, "typed", &text));
  g_assert_cmpstr (text, ==, "two");
  g_assert_true (newer (history, &text));
  g_assert_cmpstr (text, ==, "typed");
}

/* The same template twice in a row is remembered once; the oldest go beyond
 * the maximum; sending goes back to an empty draft. */
static void
test_add (void)
{
  g_autoptr(FifolabComposeHistory) history = fifolab_compose_history_new (3);
  g_autofree char *text = NULL;

  fifolab_compose_history_add (history, "a");
  fifolab_compose_history_add (history, "a");
  g_assert_cmpuint (fifolab_compose_history_get_n_entries (history), ==, 1);
  fifolab_compose_history_add (history, "b");
  fifolab_compose_history_add (history, "a");
  g_assert_cmpuint (fifolab_compose_history_get_n_entries (history), ==, 3);
  fifolab_compose_history_add (history, "c");
  g_assert_cmpuint (fifolab_compose_history_get_n_entries (history), ==, 3);

  g_assert_true (older (history, "draft", &text));
  g_assert_cmpstr (text, ==, "c");
  fifolab_compose_history_add (history, "d");
  g_assert_true (older (history, NULL, &text));
  g_assert_cmpstr (text, ==, "d");
  g_assert_true (older (history, "d", &text));
  g_assert_cmpstr (text, ==, "c");
  g_assert_true (older (history, "c", &text));
  g_assert_cmpstr (text, ==, "a");
  g_assert_true (older (history, "a", &text));
  g_assert_null (text);
  for (guint i = 0; i < 3; i++)
    g_assert_true (newer (history, &text));
  g_assert_cmpstr (text, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compose-history/empty", test_empty);
  g_test_add_func ("/compose-history/walk", test_walk);
  g_test_add_func ("/compose-history/leave", test_leave);
  g_test_add_func ("/compose-history/add", test_add);

  return g_test_run ();
}
