/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pipes with the same name told apart. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "fifolab-pipe-name.h"

static void
assert_name (const char         *path,
             const char * const *paths,
             const char         *expected)
{
  g_autofree char *name = fifolab_pipe_display_name (path, paths);

  g_assert_cmpstr (name, ==, expected);
}

/* A name nobody shares is the base name alone. */
static void
test_unique (void)
{
  const char *paths[] = { "/tmp/a/my_pipe", "/tmp/b/other", NULL };

  assert_name ("/tmp/a/my_pipe", paths, "my_pipe");
  assert_name ("/tmp/a/my_pipe", NULL, "my_pipe");
  /* The path itself, listed twice, is not a namesake. */
  {
    const char *twice[] = { "/tmp/a/my_pipe", "/tmp/a/my_pipe", NULL };

    assert_name ("/tmp/a/my_pipe", twice, "my_pipe");
    g_assert_false (fifolab_pipe_name_is_ambiguous ("/tmp/a/my_pipe", twice));
  }
}

/* Two lessons' pipes and a browsed one, all my_pipe: the last folder tells
 * the lessons apart; one more folder where the last is the same. */
static void
test_namesakes (void)
{
  const char *paths[] = {
    "/home/u/.local/share/fifolab/lessons/lesson-1/my_pipe",
    "/home/u/.local/share/fifolab/lessons/lesson-2/my_pipe",
    "/srv/x/lab/my_pipe",
    "/srv/y/lab/my_pipe",
    NULL,
  };

  g_assert_true (fifolab_pipe_name_is_ambiguous (paths[0], paths));
  assert_name (paths[0], paths, "my_pipe — lesson-1");
  assert_name (paths[1], paths, "my_pipe — lesson-2");
  assert_name (paths[2], paths, "my_pipe — x/lab");
  assert_name (paths[3], paths, "my_pipe — y/lab");
}

/* When a namesake's folder ends like this one's whole folder, the whole
 * folder is shown. */
static void
test_whole_folder (void)
{
  g_autofree char *home_pipe = g_build_filename (g_get_home_dir (), "tmp", "my_pipe", NULL);
  const char *paths[] = { "/tmp/my_pipe", "/var/tmp/my_pipe", home_pipe, NULL };

  assert_name ("/tmp/my_pipe", paths, "my_pipe — /tmp");
  assert_name ("/var/tmp/my_pipe", paths, "my_pipe — /var/tmp");
  {
    g_autofree char *a = fifolab_pipe_display_name (paths[0], paths);
    g_autofree char *b = fifolab_pipe_display_name (paths[1], paths);
    g_autofree char *c = fifolab_pipe_display_name (paths[2], paths);

    g_assert_cmpstr (a, !=, c);
    g_assert_cmpstr (b, !=, c);
    g_assert_true (g_str_has_prefix (c, "my_pipe — "));
  }
}

/* Names are bytes: the folder and the name are escaped, never shown raw. */
static void
test_escaped (void)
{
  const char *paths[] = { "/tmp/caf\xe9/p\nipe", "/tmp/other/p\nipe", NULL };
  g_autofree char *name = fifolab_pipe_display_name (paths[0], paths);

  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_null (strchr (name, '\n'));
  g_assert_nonnull (strstr (name, " — "));
  g_assert_nonnull (strstr (name, "caf"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pipe-name/unique", test_unique);
  g_test_add_func ("/pipe-name/namesakes", test_namesakes);
  g_test_add_func ("/pipe-name/whole-folder", test_whole_folder);
  g_test_add_func ("/pipe-name/escaped", test_escaped);

  return g_test_run ();
}
