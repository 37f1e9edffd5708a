/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabPipeList: the browsed folder's FIFOs, then the pipes added from
 * elsewhere, each listed once; items-changed checked by a mirror. Real
 * FIFOs, real folder monitors. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-pipe-list.h"
#include "fifolab-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  char              *dir;
  char              *browsed;   /* the folder shown */
  char              *elsewhere; /* another folder */
  FifolabPipeList   *list;
  FifolabTestMirror *mirror;
  GPtrArray         *removed;
} Fixture;

static const char *
info_path (gpointer item)
{
  return fifolab_pipe_info_get_path (item);
}

static void
removed_cb (FifolabPipeList *list,
            const char      *path,
            Fixture         *fx)
{
  g_ptr_array_add (fx->removed, g_strdup (path));
}

static char *
make_fifo (const char *folder,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (folder, name, NULL);

  fifolab_fifo_create (path, 0600, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = fifolab_test_tmpdir_new ();
  fx->browsed = g_build_filename (fx->dir, "browsed", NULL);
  fx->elsewhere = g_build_filename (fx->dir, "elsewhere", NULL);
  g_assert_cmpint (g_mkdir (fx->browsed, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (fx->elsewhere, 0700), ==, 0);
  g_free (make_fifo (fx->browsed, "a"));
  g_free (make_fifo (fx->browsed, "b"));
  g_free (make_fifo (fx->elsewhere, "x"));

  fx->removed = g_ptr_array_new_with_free_func (g_free);
  fx->list = fifolab_pipe_list_new ();
  fx->mirror = fifolab_test_mirror_new (G_LIST_MODEL (fx->list), info_path, NULL);
  g_signal_connect (fx->list, "removed", G_CALLBACK (removed_cb), fx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fx->list, fx);
  g_clear_pointer (&fx->mirror, fifolab_test_mirror_free);
  g_assert_finalize_object (g_steal_pointer (&fx->list));
  g_clear_pointer (&fx->removed, g_ptr_array_unref);
  g_clear_pointer (&fx->browsed, g_free);
  g_clear_pointer (&fx->elsewhere, g_free);
  g_clear_pointer (&fx->dir, fifolab_test_tmpdir_free);
}

/* The list's paths, as names relative to the fixture's folder, joined by " ". */
static char *
describe (Fixture *fx)
{
  g_auto(GStrv) paths = fifolab_pipe_list_dup_paths (fx->list);
  GString *s = g_string_new (NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (paths[i], fx->dir));
      g_string_append_printf (s, "%s%s", i > 0 ? " " : "", paths[i] + strlen (fx->dir) + 1);
    }
  fifolab_test_mirror_check (fx->mirror);
  return g_string_free (s, FALSE);
}

typedef struct
{
  Fixture    *fx;
  const char *expected;
} ListWait;

static gboolean
list_is (gpointer data)
{
  ListWait *w = data;
  g_autofree char *now = describe (w->fx);

  return g_strcmp0 (now, w->expected) == 0;
}

static void
wait_list (Fixture    *fx,
           const char *expected)
{
  ListWait w = { fx, expected };

  if (!fifolab_test_wait_until (list_is, &w, WAIT_MS))
    {
      g_autofree char *now = describe (fx);

      g_assert_cmpstr (now, ==, expected);
    }
}

static void
set_folder (Fixture    *fx,
            const char *path)
{
  g_autoptr(GFile) folder = g_file_new_for_path (path);

  fifolab_folder_model_set_folder (fifolab_pipe_list_get_folder_model (fx->list), folder);
}

/* The folder's FIFOs first, then those from elsewhere; one added twice, or
 * added from the browsed folder, is listed once. */
static void
test_merge (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *a = g_build_filename (fx->browsed, "a", NULL);
  g_autofree char *b = g_build_filename (fx->browsed, "b", NULL);
  g_autofree char *x = g_build_filename (fx->elsewhere, "x", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (fx->list)), ==, FIFOLAB_TYPE_PIPE_INFO);
  set_folder (fx, fx->browsed);
  wait_list (fx, "browsed/a browsed/b");

  g_assert_true (fifolab_pipe_list_add (fx->list, x, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_pipe_list_add (fx->list, x, &error));
  g_assert_no_error (error);
  wait_list (fx, "browsed/a browsed/b elsewhere/x");
  g_assert_cmpint (fifolab_pipe_list_find (fx->list, x), ==, 2);

  /* From the browsed folder: shown there, not kept as an extra. */
  g_assert_true (fifolab_pipe_list_add (fx->list, a, &error));
  g_assert_no_error (error);
  g_assert_false (fifolab_pipe_set_contains (fifolab_pipe_list_get_extras (fx->list), a));
  /* Kept as an extra all the same (as when it was added before the folder
   * was browsed): still listed once. */
  g_assert_true (fifolab_pipe_set_add (fifolab_pipe_list_get_extras (fx->list), b, &error));
  g_assert_no_error (error);
  wait_list (fx, "browsed/a browsed/b elsewhere/x");
  g_assert_cmpint (fifolab_pipe_list_find (fx->list, b), ==, 1);

  /* Browsing elsewhere: x shows with its folder, b among the extras. */
  set_folder (fx, fx->elsewhere);
  wait_list (fx, "elsewhere/x browsed/b");
  g_assert_cmpint (fifolab_pipe_list_find (fx->list, a), ==, -1);

  /* And back. */
  set_folder (fx, fx->browsed);
  wait_list (fx, "browsed/a browsed/b elsewhere/x");

  /* Removed from the extras: b stays with its folder, x goes. */
  g_assert_true (fifolab_pipe_list_remove (fx->list, b));
  g_assert_true (fifolab_pipe_list_remove (fx->list, x));
  g_assert_false (fifolab_pipe_list_remove (fx->list, x));
  wait_list (fx, "browsed/a browsed/b");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fx->list), 2));
}

/* A listed FIFO deleted: gone from the list with ::removed, whichever part
 * listed it; one of several extras goes without moving the others. */
static void
test_removed (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *a = g_build_filename (fx->browsed, "a", NULL);
  g_autofree char *x = g_build_filename (fx->elsewhere, "x", NULL);
  g_autofree char *y = make_fifo (fx->elsewhere, "y");
  g_autofree char *z = make_fifo (fx->elsewhere, "z");
  g_autoptr(GError) error = NULL;

  set_folder (fx, fx->browsed);
  wait_list (fx, "browsed/a browsed/b");
  for (const char * const *p = (const char * const[]) { x, y, z, NULL }; *p != NULL; p++)
    {
      g_assert_true (fifolab_pipe_list_add (fx->list, *p, &error));
      g_assert_no_error (error);
    }
  wait_list (fx, "browsed/a browsed/b elsewhere/x elsewhere/y elsewhere/z");

  g_assert_cmpint (g_unlink (y), ==, 0);
  wait_list (fx, "browsed/a browsed/b elsewhere/x elsewhere/z");
  g_assert_cmpint (g_unlink (a), ==, 0);
  wait_list (fx, "browsed/b elsewhere/x elsewhere/z");

  g_assert_cmpuint (fx->removed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fx->removed, 0), ==, y);
  g_assert_cmpstr (g_ptr_array_index (fx->removed, 1), ==, a);
}

/* Something that is not a FIFO is refused, and nothing is listed. */
static void
test_refused (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fx->elsewhere, "plain", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "text", -1, NULL));
  g_assert_false (fifolab_pipe_list_add (fx->list, file, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->list)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pipe-list/merge", Fixture, NULL, fixture_setup, test_merge, fixture_teardown);
  g_test_add ("/pipe-list/removed", Fixture, NULL, fixture_setup, test_removed, fixture_teardown);
  g_test_add ("/pipe-list/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);

  return g_test_run ();
}
