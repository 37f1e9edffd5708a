/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabFolderModel: the FIFOs of a folder, listed and followed live.
 * FifolabPipeInfo alone is tested in test-pipe-info.c. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-folder-model.h"
#include "fifolab-pipe-info.h"
#include "fifolab-test-util.h"

#define WAIT_MS 10000
#define NOBODY 65534

/* A model, and a shadow copy of its paths rebuilt only from items-changed. */
typedef struct
{
  char               *dir;
  GFile              *folder;
  FifolabFolderModel *model;
  FifolabTestMirror  *shadow;
  GPtrArray          *removed;    /* paths from ::removed */
  guint               n_loading;  /* notify::loading */
} Fixture;

static const char *
basename_of (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash != NULL ? slash + 1 : path;
}

static const char *
info_path (gpointer item)
{
  return fifolab_pipe_info_get_path (item);
}

/* The model is sorted by name. */
static void
check_order (gpointer   item,
             guint      position,
             GPtrArray *paths)
{
  if (position > 0)
    g_assert_cmpint (strcmp (basename_of (g_ptr_array_index (paths, position - 1)),
                             basename_of (g_ptr_array_index (paths, position))), <, 0);
}

static void
removed_cb (FifolabFolderModel *model,
            const char         *path,
            Fixture            *fx)
{
  g_ptr_array_add (fx->removed, g_strdup (path));
}

static void
loading_cb (GObject    *object,
            GParamSpec *pspec,
            Fixture    *fx)
{
  fx->n_loading++;
}

static gboolean
not_loading (gpointer data)
{
  return !fifolab_folder_model_get_loading (data);
}

static void
wait_loaded (Fixture *fx)
{
  g_assert_true (fifolab_test_wait_until (not_loading, fx->model, WAIT_MS));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = fifolab_test_tmpdir_new ();
  fx->folder = g_file_new_for_path (fx->dir);
  fx->removed = g_ptr_array_new_with_free_func (g_free);
  fx->model = fifolab_folder_model_new (fx->folder);
  fx->shadow = fifolab_test_mirror_new (G_LIST_MODEL (fx->model), info_path, check_order);
  g_signal_connect (fx->model, "removed", G_CALLBACK (removed_cb), fx);
  g_signal_connect (fx->model, "notify::loading", G_CALLBACK (loading_cb), fx);
  wait_loaded (fx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (fx->model, fx);
      /* Nothing is pending once loaded: the model goes at once. */
      wait_loaded (fx);
      g_clear_pointer (&fx->shadow, fifolab_test_mirror_free);
      g_assert_finalize_object (g_steal_pointer (&fx->model));
    }
  g_clear_pointer (&fx->shadow, fifolab_test_mirror_free);
  g_clear_pointer (&fx->removed, g_ptr_array_unref);
  g_clear_object (&fx->folder);
  g_clear_pointer (&fx->dir, fifolab_test_tmpdir_free);
}

static char *
make_fifo (Fixture    *fx,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fx->dir, name, NULL);

  fifolab_fifo_create (path, 0600, &error);
  g_assert_no_error (error);
  return path;
}

static char *
make_file (Fixture    *fx,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fx->dir, name, NULL);

  g_file_set_contents (path, "not a pipe\n", -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The names the folder really holds (FIFOs only unless @all), sorted by bytes. */
static GPtrArray *
list_folder (const char *dir,
             gboolean    all)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      struct stat st;

      if (lstat (path, &st) != 0)
        continue;
      if (all || S_ISFIFO (st.st_mode))
        g_ptr_array_add (names, g_strdup (name));
    }
  return names;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
model_matches_folder (gpointer data)
{
  Fixture *fx = data;
  g_autoptr(GPtrArray) names = list_folder (fx->dir, fifolab_folder_model_get_show_all (fx->model));
  GListModel *list = G_LIST_MODEL (fx->model);

  g_ptr_array_sort (names, compare_strings);
  if (g_list_model_get_n_items (list) != names->len)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (list, i);

      if (strcmp (basename_of (fifolab_pipe_info_get_path (info)), g_ptr_array_index (names, i)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
wait_matches (Fixture *fx)
{
  g_assert_true (fifolab_test_wait_until (model_matches_folder, fx, WAIT_MS));
  fifolab_test_mirror_check (fx->shadow);
}

typedef struct
{
  Fixture    *fx;
  const char *path;
  gboolean    present;
} PathWait;

static gboolean
path_state_reached (gpointer data)
{
  PathWait *w = data;

  return (fifolab_folder_model_find (w->fx->model, w->path) >= 0) == w->present;
}

static void
wait_path (Fixture    *fx,
           const char *path,
           gboolean    present)
{
  PathWait w = { fx, path, present };

  g_assert_true (fifolab_test_wait_until (path_state_reached, &w, WAIT_MS));
}

static gboolean
removed_has (Fixture    *fx,
             const char *path)
{
  for (guint i = 0; i < fx->removed->len; i++)
    if (g_str_equal (g_ptr_array_index (fx->removed, i), path))
      return TRUE;
  return FALSE;
}

static FifolabPipeInfo *
item_for (Fixture    *fx,
          const char *path)
{
  int pos = fifolab_folder_model_find (fx->model, path);

  g_assert_cmpint (pos, >=, 0);
  return g_list_model_get_item (G_LIST_MODEL (fx->model), pos);
}

static void
test_new_destroy (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  FifolabFolderModel *model;
  g_autoptr(GFile) got = NULL;
  gboolean show_all = TRUE;

  model = fifolab_folder_model_new (folder);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == FIFOLAB_TYPE_PIPE_INFO);
  g_assert_true (fifolab_folder_model_get_loading (model));
  g_assert_true (fifolab_test_wait_until (not_loading, model, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (fifolab_folder_model_get_error (model));
  g_assert_true (fifolab_folder_model_get_folder (model) == folder);

  g_object_get (model, "folder", &got, "show-all", &show_all, NULL);
  g_assert_true (g_file_equal (got, folder));
  g_assert_false (show_all);

  g_assert_finalize_object (model);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Dropped while its enumeration is still running: the pending callback
 * holds it until it sees the cancellation, then lets go, touching nothing. */
static void
test_destroy_while_loading (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  FifolabFolderModel *model;
  GWeakRef weak;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%02u", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (fifolab_fifo_create (path, 0600, NULL));
    }

  model = fifolab_folder_model_new (folder);
  g_assert_true (fifolab_folder_model_get_loading (model));
  g_weak_ref_init (&weak, model);
  /* Switching folders cancels the first enumeration. */
  fifolab_folder_model_set_folder (model, NULL);
  g_assert_false (fifolab_folder_model_get_loading (model));
  fifolab_folder_model_set_folder (model, folder);
  g_assert_true (fifolab_folder_model_get_loading (model));
  g_object_unref (model);

  /* Drain: the enumeration finishes and releases the model. */
  for (gint64 end = g_get_monotonic_time () + WAIT_MS * 1000;
       g_get_monotonic_time () < end;)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (&weak);

      if (alive == NULL)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  {
    g_autoptr(GObject) alive = g_weak_ref_get (&weak);
    g_assert_null (alive);
  }
  g_weak_ref_clear (&weak);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_initial_listing (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  const char *names[] = { "zeta", "Alpha", "alpha", "beta", "_x", NULL };
  FifolabFolderModel *model;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_assert_true (fifolab_fifo_create (path, 0600, NULL));
    }
  {
    g_autofree char *file = g_build_filename (dir, "regular", NULL);
    g_autofree char *sub = g_build_filename (dir, "sub", NULL);

    g_assert_true (g_file_set_contents (file, "x", 1, NULL));
    g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  }

  model = fifolab_folder_model_new (folder);
  g_assert_true (fifolab_test_wait_until (not_loading, model, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  {
    /* Byte order: "Alpha" < "_x" < "alpha" < "beta" < "zeta". */
    const char *expected[] = { "Alpha", "_x", "alpha", "beta", "zeta" };

    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (G_LIST_MODEL (model), i);
        g_assert_cmpstr (fifolab_pipe_info_get_name (info), ==, expected[i]);
        g_assert_true (fifolab_pipe_info_is_fifo (info));
      }
  }

  fifolab_folder_model_set_show_all (model, TRUE);
  g_assert_true (fifolab_folder_model_get_loading (model));
  g_assert_true (fifolab_test_wait_until (not_loading, model, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 7);

  g_assert_finalize_object (model);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_create_sorted (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *b = make_fifo (fx, "b");
  g_autofree char *a = make_fifo (fx, "a");
  g_autofree char *c = make_fifo (fx, "c");
  g_autofree char *file = make_file (fx, "a-file");

  wait_path (fx, c, TRUE);
  wait_path (fx, a, TRUE);
  wait_path (fx, b, TRUE);
  wait_matches (fx);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 3);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, a), ==, 0);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, b), ==, 1);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, c), ==, 2);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, file), ==, -1);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, "/elsewhere/a"), ==, -1);
  {
    g_autofree char *dotted = g_build_filename (fx->dir, ".", "b", NULL);
    g_assert_cmpint (fifolab_folder_model_find (fx->model, dotted), ==, 1);
  }
  g_assert_cmpuint (fx->removed->len, ==, 0);

  /* show-all: the regular file is listed too, in its place. */
  fifolab_folder_model_set_show_all (fx->model, TRUE);
  wait_loaded (fx);
  wait_matches (fx);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 4);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, file), ==, 1);
  {
    g_autoptr(FifolabPipeInfo) info = item_for (fx, file);
    g_assert_false (fifolab_pipe_info_is_fifo (info));
  }
  /* A new regular file appears live as well. */
  {
    g_autofree char *other = make_file (fx, "b-file");
    wait_path (fx, other, TRUE);
  }

  fifolab_folder_model_set_show_all (fx->model, FALSE);
  wait_loaded (fx);
  wait_matches (fx);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 3);
  g_assert_cmpuint (fx->removed->len, ==, 0);
}

static void
test_delete (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *a = make_fifo (fx, "a");
  g_autofree char *b = make_fifo (fx, "b");

  wait_path (fx, b, TRUE);
  wait_path (fx, a, TRUE);
  fx->shadow->n_changes = 0;

  g_assert_true (fifolab_fifo_delete (a, NULL));
  wait_path (fx, a, FALSE);
  wait_matches (fx);
  g_assert_cmpuint (fx->removed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->removed, 0), ==, a);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, b), ==, 0);
  g_assert_cmpuint (fx->shadow->n_changes, ==, 1);
}

static void
test_rename (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *a = make_fifo (fx, "a");
  g_autofree char *m = make_fifo (fx, "m");
  g_autofree char *z = g_build_filename (fx->dir, "z", NULL);
  g_autofree char *outside_dir = fifolab_test_tmpdir_new ();
  g_autofree char *outside = g_build_filename (outside_dir, "moved", NULL);
  guint64 inode;

  wait_path (fx, a, TRUE);
  wait_path (fx, m, TRUE);
  {
    g_autoptr(FifolabPipeInfo) info = item_for (fx, a);
    inode = fifolab_pipe_info_get_inode (info);
  }

  g_assert_cmpint (g_rename (a, z), ==, 0);
  wait_path (fx, z, TRUE);
  wait_path (fx, a, FALSE);
  wait_matches (fx);
  g_assert_true (removed_has (fx, a));
  {
    g_autoptr(FifolabPipeInfo) info = item_for (fx, z);
    g_assert_cmpuint (fifolab_pipe_info_get_inode (info), ==, inode);
    g_assert_cmpstr (fifolab_pipe_info_get_name (info), ==, "z");
  }

  /* Moved out of the folder, and back in under another name. */
  g_assert_cmpint (g_rename (m, outside), ==, 0);
  wait_path (fx, m, FALSE);
  g_assert_true (removed_has (fx, m));
  {
    g_autofree char *back = g_build_filename (fx->dir, "back", NULL);

    g_assert_cmpint (g_rename (outside, back), ==, 0);
    wait_path (fx, back, TRUE);
  }
  wait_matches (fx);
  fifolab_test_tmpdir_free (g_steal_pointer (&outside_dir));
}

/* The same name, now a regular file: gone from the FIFO list, reported removed. */
static void
test_replaced_by_file (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *x = make_fifo (fx, "x");
  g_autofree char *y = make_fifo (fx, "y");

  wait_path (fx, x, TRUE);
  wait_path (fx, y, TRUE);

  /* Unlinked, then a file created under the name. */
  g_assert_cmpint (g_unlink (x), ==, 0);
  g_assert_true (g_file_set_contents (x, "data", -1, NULL));
  wait_path (fx, x, FALSE);
  g_assert_true (removed_has (fx, x));

  /* Atomically replaced by rename over it: the name never disappears. */
  {
    g_autofree char *tmp = make_file (fx, "y.tmp");

    g_assert_cmpint (g_rename (tmp, y), ==, 0);
  }
  wait_path (fx, y, FALSE);
  g_assert_true (removed_has (fx, y));
  wait_matches (fx);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 0);
}

static void
test_attribute_change (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *p = make_fifo (fx, "p");

  wait_path (fx, p, TRUE);
  {
    g_autoptr(FifolabPipeInfo) info = item_for (fx, p);
    g_assert_cmpuint (fifolab_pipe_info_get_mode (info) & 07777, ==, 0600);
  }

  g_assert_cmpint (g_chmod (p, 0666), ==, 0);
  for (gint64 end = g_get_monotonic_time () + WAIT_MS * 1000;
       g_get_monotonic_time () < end;)
    {
      g_autoptr(FifolabPipeInfo) info = item_for (fx, p);

      if ((fifolab_pipe_info_get_mode (info) & 07777) == 0666)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  {
    g_autoptr(FifolabPipeInfo) info = item_for (fx, p);
    g_assert_cmpuint (fifolab_pipe_info_get_mode (info) & 07777, ==, 0666);
    g_assert_true (fifolab_pipe_info_is_exposed (info));
  }
  fifolab_test_mirror_check (fx->shadow);
  /* A change of mode is not a removal. */
  g_assert_cmpuint (fx->removed->len, ==, 0);
}

static void
test_invalid_utf8_name (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *bad = make_fifo (fx, "bad-\xff\xfe-name");
  g_autofree char *good = make_fifo (fx, "bad-a");
  g_autoptr(FifolabPipeInfo) info = NULL;
  const char *name;

  wait_path (fx, bad, TRUE);
  wait_path (fx, good, TRUE);
  wait_matches (fx);

  info = item_for (fx, bad);
  g_assert_cmpstr (fifolab_pipe_info_get_path (info), ==, bad);
  name = fifolab_pipe_info_get_name (info);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  /* The bytes that are not UTF-8 are shown escaped, as in payloads. */
  g_assert_cmpstr (name, ==, "bad-\\xff\\xfe-name");
  /* Byte order: 'a' (0x61) sorts before 0xff. */
  g_assert_cmpint (fifolab_folder_model_find (fx->model, good), ==, 0);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, bad), ==, 1);

  g_assert_cmpint (g_unlink (bad), ==, 0);
  wait_path (fx, bad, FALSE);
  g_assert_true (removed_has (fx, bad));
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (missing);
  FifolabFolderModel *model;
  const GError *error;

  model = fifolab_folder_model_new (folder);
  g_assert_true (fifolab_test_wait_until (not_loading, model, WAIT_MS));
  error = fifolab_folder_model_get_error (model);
  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* Created later, then reloaded: listed, the error cleared. */
  g_assert_cmpint (g_mkdir (missing, 0700), ==, 0);
  {
    g_autofree char *p = g_build_filename (missing, "p", NULL);
    g_assert_true (fifolab_fifo_create (p, 0600, NULL));
  }
  fifolab_folder_model_reload (model);
  g_assert_true (fifolab_test_wait_until (not_loading, model, WAIT_MS));
  g_assert_null (fifolab_folder_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  g_assert_finalize_object (model);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
has_error (gpointer data)
{
  return !fifolab_folder_model_get_loading (data) && fifolab_folder_model_get_error (data) != NULL;
}

static gboolean
has_no_error (gpointer data)
{
  return !fifolab_folder_model_get_loading (data) && fifolab_folder_model_get_error (data) == NULL;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static gboolean
listed_without_error (gpointer data)
{
  Fixture *fx = data;

  return has_no_error (fx->model) && model_matches_folder (fx);
}

/* The folder browsed is deleted: the model says so instead of looking
 * empty, and lists the folder again once it is back. */
static void
test_folder_deleted (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *a = make_fifo (fx, "a");
  g_autofree char *b = NULL;
  const GError *error;
  guint n_error_notify = 0;

  wait_path (fx, a, TRUE);
  g_assert_null (fifolab_folder_model_get_error (fx->model));
  g_signal_connect (fx->model, "notify::error", G_CALLBACK (count_cb), &n_error_notify);

  g_assert_cmpint (g_unlink (a), ==, 0);
  g_assert_cmpint (g_rmdir (fx->dir), ==, 0);
  g_assert_true (fifolab_test_wait_until (has_error, fx->model, WAIT_MS));
  error = fifolab_folder_model_get_error (fx->model);
  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("deleted: %s", error->message);
  g_assert_nonnull (strstr (error->message, "was deleted"));
  g_assert_nonnull (strstr (error->message, fx->dir));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 0);
  g_assert_cmpuint (n_error_notify, ==, 1);
  g_assert_true (removed_has (fx, a));
  fifolab_test_mirror_check (fx->shadow);

  /* Made again under the same name: listed, the error cleared, without a
   * reload asked for (GLib watches for a missing folder to come back). */
  g_assert_cmpint (g_mkdir (fx->dir, 0700), ==, 0);
  b = make_fifo (fx, "b");
  g_assert_true (fifolab_test_wait_until (listed_without_error, fx, WAIT_MS));
  g_assert_cmpint (fifolab_folder_model_find (fx->model, b), ==, 0);
  g_assert_cmpuint (n_error_notify, ==, 2);
  fifolab_test_mirror_check (fx->shadow);
  g_signal_handlers_disconnect_by_func (fx->model, count_cb, &n_error_notify);
}

/* Replaced by a file while browsed: "not a folder". */
static void
test_folder_replaced_by_file (Fixture       *fx,
                              gconstpointer  data)
{
  g_autofree char *a = make_fifo (fx, "a");
  const GError *error;

  wait_path (fx, a, TRUE);
  g_assert_cmpint (g_unlink (a), ==, 0);
  g_assert_cmpint (g_rmdir (fx->dir), ==, 0);
  g_assert_true (g_file_set_contents (fx->dir, "a file now\n", -1, NULL));
  g_assert_true (fifolab_test_wait_until (has_error, fx->model, WAIT_MS));
  error = fifolab_folder_model_get_error (fx->model);
  /* Deleted first: either is right until the file is seen. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      fifolab_folder_model_reload (fx->model);
      g_assert_true (fifolab_test_wait_until (has_error, fx->model, WAIT_MS));
      error = fifolab_folder_model_get_error (fx->model);
    }
  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_test_message ("replaced by a file: %s", error->message);
  g_assert_nonnull (strstr (error->message, "not a folder"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 0);
  g_assert_cmpint (g_unlink (fx->dir), ==, 0);
  g_assert_cmpint (g_mkdir (fx->dir, 0700), ==, 0);
}

typedef struct
{
  FifolabFolderModel *model;
  guint               n_items;
  gint                code;   /* -1: no error */
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *w = data;
  const GError *error = fifolab_folder_model_get_error (w->model);

  if (fifolab_folder_model_get_loading (w->model))
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (w->model)) != w->n_items)
    return FALSE;
  if (w->code < 0)
    return error == NULL;
  return g_error_matches (error, G_IO_ERROR, w->code);
}

static void
wait_state (FifolabFolderModel *model,
            guint               n_items,
            gint                code)
{
  StateWait w = { model, n_items, code };
  const GError *error;

  if (!fifolab_test_wait_until (state_reached, &w, WAIT_MS))
    {
      error = fifolab_folder_model_get_error (model);
      g_error ("Expected %u items and error %d; have %u items, error %d (%s)",
               n_items, code, g_list_model_get_n_items (G_LIST_MODEL (model)),
               error ? error->code : -1, error ? error->message : "none");
    }
}

static void
removed_count_cb (FifolabFolderModel *model,
                  const char         *path,
                  guint              *count)
{
  (*count)++;
}

/* Runs as nobody when started as root: root lists any folder. */
static void
unreadable_folder_child (const char *locked)
{
  g_autoptr(GFile) folder = g_file_new_for_path (locked);
  g_autoptr(FifolabFolderModel) model = NULL;
  const GError *error;
  guint n_removed = 0;

  if (geteuid () == 0)
    {
      g_assert_cmpint (setgroups (0, NULL), ==, 0);
      g_assert_cmpint (setgid (NOBODY), ==, 0);
      g_assert_cmpint (setuid (NOBODY), ==, 0);
    }
  /* Searchable, not readable: the FIFO in it can be opened, not listed. */
  g_assert_cmpint (access (locked, X_OK), ==, 0);
  g_assert_cmpint (access (locked, R_OK), !=, 0);

  model = fifolab_folder_model_new (folder);
  g_signal_connect (model, "removed", G_CALLBACK (removed_count_cb), &n_removed);
  wait_state (model, 0, G_IO_ERROR_PERMISSION_DENIED);
  error = fifolab_folder_model_get_error (model);
  g_test_message ("unreadable: %s", error->message);
  g_assert_nonnull (strstr (error->message, "permission denied"));
  g_assert_nonnull (strstr (error->message, locked));

  /* Made readable: listed without a reload asked for (GLib retries the
   * watch it could not set up, every few seconds). */
  g_assert_cmpint (g_chmod (locked, 0700), ==, 0);
  wait_state (model, 1, -1);

  /* Made unreadable while watched: said at once; the FIFO did not go. */
  g_assert_cmpint (g_chmod (locked, 0311), ==, 0);
  wait_state (model, 0, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (n_removed, ==, 0);

  g_assert_cmpint (g_chmod (locked, 0711), ==, 0);
  wait_state (model, 1, -1);
  g_assert_cmpuint (n_removed, ==, 0);

  g_signal_handlers_disconnect_by_func (model, removed_count_cb, &n_removed);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_unreadable_folder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *locked = NULL;
  g_autofree char *p = NULL;

  if (g_test_subprocess ())
    {
      unreadable_folder_child (g_getenv ("FIFOLAB_TEST_PATH"));
      return;
    }

  dir = fifolab_test_tmpdir_new ();
  locked = g_build_filename (dir, "locked", NULL);
  p = g_build_filename (locked, "p", NULL);
  g_assert_cmpint (g_mkdir (locked, 0700), ==, 0);
  g_assert_true (fifolab_fifo_create (p, 0600, NULL));
  if (geteuid () == 0)
    {
      /* nobody may pass through the test folder, and owns the folder
       * so that it can make it readable again. */
      g_assert_cmpint (g_chmod (dir, 0711), ==, 0);
      g_assert_cmpint (chown (locked, NOBODY, NOBODY), ==, 0);
    }
  g_assert_cmpint (g_chmod (locked, 0311), ==, 0);

  g_setenv ("FIFOLAB_TEST_PATH", locked, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("FIFOLAB_TEST_PATH");
  g_assert_cmpint (g_chmod (locked, 0700), ==, 0);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
  g_test_trap_assert_passed ();
}

static void
test_switch_folder (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *other_dir = fifolab_test_tmpdir_new ();
  g_autoptr(GFile) other = g_file_new_for_path (other_dir);
  g_autofree char *a = make_fifo (fx, "a");
  g_autofree char *b = make_fifo (fx, "b");
  g_autofree char *q = g_build_filename (other_dir, "q", NULL);

  g_assert_true (fifolab_fifo_create (q, 0600, NULL));
  wait_path (fx, a, TRUE);
  wait_path (fx, b, TRUE);

  fifolab_folder_model_set_folder (fx->model, other);
  wait_loaded (fx);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 1);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, q), ==, 0);
  g_assert_cmpint (fifolab_folder_model_find (fx->model, a), ==, -1);
  fifolab_test_mirror_check (fx->shadow);
  /* Leaving a folder is not the FIFOs going away. */
  g_assert_cmpuint (fx->removed->len, ==, 0);

  /* Only the new folder is watched. */
  {
    g_autofree char *c = make_fifo (fx, "c");
    g_autofree char *r = g_build_filename (other_dir, "r", NULL);

    g_assert_true (fifolab_fifo_create (r, 0600, NULL));
    wait_path (fx, r, TRUE);
    fifolab_test_run_for (100);
    g_assert_cmpint (fifolab_folder_model_find (fx->model, c), ==, -1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 2);
  }

  fifolab_folder_model_set_folder (fx->model, fx->folder);
  wait_loaded (fx);
  g_clear_pointer (&other_dir, fifolab_test_tmpdir_free);
}

/* Makes @n FIFOs as fast as it can, then deletes every other one. */
typedef struct
{
  const char *dir;
  guint       n;
  gint64      elapsed_us;
  int         done;
} Churn;

static gboolean
churn_done (gpointer data)
{
  Churn *churn = data;

  return g_atomic_int_get (&churn->done);
}

static gpointer
churn_thread (gpointer data)
{
  Churn *churn = data;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < churn->n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/fifo-%04u", churn->dir, (i * 7919) % churn->n);

      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
    }
  for (guint i = 0; i < churn->n; i += 2)
    {
      g_autofree char *path = g_strdup_printf ("%s/fifo-%04u", churn->dir, i);

      g_assert_cmpint (unlink (path), ==, 0);
    }
  churn->elapsed_us = g_get_monotonic_time () - start;
  g_atomic_int_set (&churn->done, TRUE);
  return NULL;
}

static void
test_churn (Fixture       *fx,
            gconstpointer  data)
{
  Churn churn = { fx->dir, 1000, 0, FALSE };
  GThread *thread;
  gint64 start = g_get_monotonic_time ();
  gint64 cpu_start = fifolab_test_cpu_time_us ();
  gint64 converged;
  guint n_loading_before = fx->n_loading;

  fx->shadow->n_changes = 0;
  thread = g_thread_new ("churn", churn_thread, &churn);
  /* Keep the main loop turning while the other thread works. */
  g_assert_true (fifolab_test_wait_until (churn_done, &churn, WAIT_MS));
  g_thread_join (thread);

  wait_matches (fx);
  converged = g_get_monotonic_time () - start;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->model)), ==, 500);

  g_test_message ("churn: 1000 mkfifo + 500 unlink in %.1f ms; model equal to the folder "
                  "after %.1f ms; %u items-changed; %.1f ms CPU (incl. polling)",
                  churn.elapsed_us / 1e3, converged / 1e3, fx->shadow->n_changes,
                  (fifolab_test_cpu_time_us () - cpu_start) / 1e3);
  /* Applied incrementally: the folder was never re-read. */
  g_assert_cmpuint (fx->n_loading, ==, n_loading_before);
  /* A FIFO created and deleted within one batch may never be listed at
   * all; any that was listed is reported when it goes. */
  g_assert_cmpuint (fx->removed->len, <=, 500);
  for (guint i = 0; i < fx->removed->len; i++)
    {
      const char *name = basename_of (g_ptr_array_index (fx->removed, i));
      guint64 num = g_ascii_strtoull (name + strlen ("fifo-"), NULL, 10);

      g_assert_cmpuint (num % 2, ==, 0);
    }

  /* Nothing more arrives afterwards. */
  {
    guint n_changes = fx->shadow->n_changes;

    fifolab_test_run_for (200);
    g_assert_cmpuint (fx->shadow->n_changes, ==, n_changes);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/folder-model/new-destroy", test_new_destroy);
  g_test_add_func ("/folder-model/destroy-while-loading", test_destroy_while_loading);
  g_test_add_func ("/folder-model/initial-listing", test_initial_listing);
  g_test_add_func ("/folder-model/missing-folder", test_missing_folder);
  g_test_add_func ("/folder-model/unreadable-folder", test_unreadable_folder);
  g_test_add ("/folder-model/folder-deleted", Fixture, NULL,
              fixture_setup, test_folder_deleted, fixture_teardown);
  g_test_add ("/folder-model/folder-replaced-by-file", Fixture, NULL,
              fixture_setup, test_folder_replaced_by_file, fixture_teardown);
  g_test_add ("/folder-model/create-sorted", Fixture, NULL,
              fixture_setup, test_create_sorted, fixture_teardown);
  g_test_add ("/folder-model/delete", Fixture, NULL,
              fixture_setup, test_delete, fixture_teardown);
  g_test_add ("/folder-model/rename", Fixture, NULL,
              fixture_setup, test_rename, fixture_teardown);
  g_test_add ("/folder-model/replaced-by-file", Fixture, NULL,
              fixture_setup, test_replaced_by_file, fixture_teardown);
  g_test_add ("/folder-model/attribute-change", Fixture, NULL,
              fixture_setup, test_attribute_change, fixture_teardown);
  g_test_add ("/folder-model/invalid-utf8-name", Fixture, NULL,
              fixture_setup, test_invalid_utf8_name, fixture_teardown);
  g_test_add ("/folder-model/switch-folder", Fixture, NULL,
              fixture_setup, test_switch_folder, fixture_teardown);
  g_test_add ("/folder-model/churn", Fixture, NULL,
              fixture_setup, test_churn, fixture_teardown);

  return g_test_run ();
}
