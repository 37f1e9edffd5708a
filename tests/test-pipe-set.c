/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-pipe-info.h"
#include "fifolab-pipe-set.h"
#include "fifolab-pipe-set-private.h"
#include "fifolab-test-util.h"

#define WAIT_MS 10000

/* A set, and a shadow copy of its paths rebuilt only from items-changed. */
typedef struct
{
  char              *dir;       /* a private folder; tests make subfolders */
  FifolabPipeSet    *set;
  FifolabTestMirror *shadow;
  GPtrArray         *removed;   /* paths from ::removed */
} Fixture;

static const char *
info_path (gpointer item)
{
  return fifolab_pipe_info_get_path (item);
}

static void
check_info (gpointer   item,
            guint      position,
            GPtrArray *paths)
{
  g_assert_true (fifolab_pipe_info_is_fifo (item));
}

static void
removed_cb (FifolabPipeSet *set,
            const char     *path,
            Fixture        *fx)
{
  /* Emitted once the model no longer shows the FIFO that went. */
  fifolab_test_mirror_check (fx->shadow);
  g_ptr_array_add (fx->removed, g_strdup (path));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = fifolab_test_tmpdir_new ();
  fx->removed = g_ptr_array_new_with_free_func (g_free);
  fx->set = fifolab_pipe_set_new ();
  fx->shadow = fifolab_test_mirror_new (G_LIST_MODEL (fx->set), info_path, check_info);
  g_signal_connect (fx->set, "removed", G_CALLBACK (removed_cb), fx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fx->set, fx);
  g_clear_pointer (&fx->shadow, fifolab_test_mirror_free);
  g_assert_finalize_object (g_steal_pointer (&fx->set));
  g_clear_pointer (&fx->removed, g_ptr_array_unref);
  g_clear_pointer (&fx->dir, fifolab_test_tmpdir_free);
}

static char *
make_folder (Fixture    *fx,
             const char *name)
{
  char *path = g_build_filename (fx->dir, name, NULL);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  return path;
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
add (Fixture    *fx,
     const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_pipe_set_add (fx->set, path, &error));
  g_assert_no_error (error);
  fifolab_test_mirror_check (fx->shadow);
}

/* Runs a command as a separate process, as another program would change
 * the file system behind FIFO Lab's back. */
static void
run (const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
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

  return fifolab_pipe_set_contains (w->fx->set, w->path) == w->present;
}

static void
wait_path (Fixture    *fx,
           const char *path,
           gboolean    present)
{
  PathWait w = { fx, path, present };

  g_assert_true (fifolab_test_wait_until (path_state_reached, &w, WAIT_MS));
  fifolab_test_mirror_check (fx->shadow);
}

/* Waits until the listed pipe at @path has @get (info) == @value. */
typedef struct
{
  Fixture    *fx;
  const char *path;
  guint     (*get) (FifolabPipeInfo *info);
  guint       value;
} InfoWait;

static gboolean
info_reached (gpointer data)
{
  InfoWait *w = data;
  int pos = fifolab_pipe_set_find (w->fx->set, w->path);
  g_autoptr(FifolabPipeInfo) info = NULL;

  if (pos < 0)
    return FALSE;
  info = g_list_model_get_item (G_LIST_MODEL (w->fx->set), pos);
  return w->get (info) == w->value;
}

static guint
permission_bits (FifolabPipeInfo *info)
{
  return fifolab_pipe_info_get_mode (info) & 07777;
}

static FifolabPipeInfo *
item_for (Fixture    *fx,
          const char *path)
{
  int pos = fifolab_pipe_set_find (fx->set, path);

  g_assert_cmpint (pos, >=, 0);
  return g_list_model_get_item (G_LIST_MODEL (fx->set), pos);
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

typedef struct
{
  Fixture    *fx;
  const char *path;
} RemovedWait;

static gboolean
removed_seen (gpointer data)
{
  RemovedWait *w = data;

  return removed_has (w->fx, w->path);
}

static void
wait_removed (Fixture    *fx,
              const char *path)
{
  RemovedWait w = { fx, path };

  g_assert_true (fifolab_test_wait_until (removed_seen, &w, WAIT_MS));
}

static guint64
inode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return st.st_ino;
}

static void
test_new_destroy (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *b = g_build_filename (dir, "b", NULL);
  g_autofree char *other = g_build_filename (dir, "other", NULL);
  g_autofree char *c = NULL;
  FifolabPipeSet *set = fifolab_pipe_set_new ();
  GFileMonitor *monitor_dir = NULL;
  GFileMonitor *monitor_other = NULL;

  g_assert_true (G_IS_LIST_MODEL (set));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (set)) == FIFOLAB_TYPE_PIPE_INFO);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 0);
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (set), ==, 0);

  g_assert_cmpint (g_mkdir (other, 0700), ==, 0);
  c = g_build_filename (other, "c", NULL);
  g_assert_true (fifolab_fifo_create (a, 0600, NULL));
  g_assert_true (fifolab_fifo_create (b, 0600, NULL));
  g_assert_true (fifolab_fifo_create (c, 0600, NULL));
  g_assert_true (fifolab_pipe_set_add (set, a, NULL));
  g_assert_true (fifolab_pipe_set_add (set, b, NULL));
  g_assert_true (fifolab_pipe_set_add (set, c, NULL));

  /* One monitor per folder, shared by the pipes in it. */
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (set), ==, 2);
  monitor_dir = _fifolab_pipe_set_get_monitor (set, dir);
  monitor_other = _fifolab_pipe_set_get_monitor (set, other);
  g_assert_true (G_IS_FILE_MONITOR (monitor_dir));
  g_assert_true (G_IS_FILE_MONITOR (monitor_other));
  g_assert_true (monitor_dir != monitor_other);
  g_object_add_weak_pointer (G_OBJECT (monitor_dir), (gpointer *) &monitor_dir);
  g_object_add_weak_pointer (G_OBJECT (monitor_other), (gpointer *) &monitor_other);

  /* The last pipe of a folder takes its monitor along. */
  g_assert_true (fifolab_pipe_set_remove (set, c));
  g_assert_null (monitor_other);
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (set), ==, 1);
  g_assert_true (fifolab_pipe_set_remove (set, a));
  g_assert_nonnull (monitor_dir);

  g_assert_finalize_object (set);
  g_assert_null (monitor_dir);

  g_assert_cmpint (g_unlink (a), ==, 0);
  g_assert_cmpint (g_unlink (b), ==, 0);
  g_assert_cmpint (g_unlink (c), ==, 0);
  g_assert_cmpint (g_rmdir (other), ==, 0);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_add (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *one = make_folder (fx, "one");
  g_autofree char *two = make_folder (fx, "two");
  g_autofree char *z = make_fifo (one, "z_pipe");
  g_autofree char *a = make_fifo (two, "a_pipe");
  g_autofree char *m = make_fifo (one, "m_pipe");
  g_autofree char *file = g_build_filename (one, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (one, "missing", NULL);
  g_autofree char *dotted = g_build_filename (two, "..", "one", ".", "m_pipe", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *relative = NULL;
  g_autoptr(GError) error = NULL;
  guint changes;

  add (fx, z);
  add (fx, a);
  add (fx, m);

  /* In the order they were added, not sorted. */
  g_assert_cmpuint (fx->shadow->keys->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fx->shadow->keys, 0), ==, z);
  g_assert_cmpstr (g_ptr_array_index (fx->shadow->keys, 1), ==, a);
  g_assert_cmpstr (g_ptr_array_index (fx->shadow->keys, 2), ==, m);
  g_assert_cmpint (fifolab_pipe_set_find (fx->set, a), ==, 1);
  g_assert_true (fifolab_pipe_set_contains (fx->set, m));
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 2);

  /* The same pipe again, even spelt another way, is not listed twice. */
  changes = fx->shadow->n_changes;
  add (fx, m);
  add (fx, dotted);
  g_assert_cmpuint (fx->shadow->n_changes, ==, changes);
  g_assert_cmpuint (fx->shadow->keys->len, ==, 3);
  g_assert_cmpint (fifolab_pipe_set_find (fx->set, dotted), ==, 2);
  g_assert_cmpint (g_chdir (two), ==, 0);
  relative = g_build_filename ("..", "one", "z_pipe", NULL);
  g_assert_cmpint (fifolab_pipe_set_find (fx->set, relative), ==, 0);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  /* Only FIFOs, with the reason. */
  g_assert_true (g_file_set_contents (file, "not a pipe\n", -1, NULL));
  g_assert_false (fifolab_pipe_set_add (fx->set, file, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_assert_nonnull (strstr (error->message, "notes.txt"));
  g_clear_error (&error);
  g_assert_false (fifolab_pipe_set_add (fx->set, one, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_false (fifolab_pipe_set_add (fx->set, missing, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (fx->shadow->keys->len, ==, 3);
  g_assert_false (fifolab_pipe_set_contains (fx->set, file));

  /* remove() says so through items-changed, not ::removed. */
  g_assert_true (fifolab_pipe_set_remove (fx->set, a));
  g_assert_false (fifolab_pipe_set_remove (fx->set, a));
  fifolab_test_mirror_check (fx->shadow);
  g_assert_cmpuint (fx->shadow->keys->len, ==, 2);
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 1);
  g_assert_null (_fifolab_pipe_set_get_monitor (fx->set, two));
  fifolab_test_run_for (100);
  g_assert_cmpuint (fx->removed->len, ==, 0);
  g_assert_true (fifolab_fifo_is_fifo (a));
}

static void
test_delete (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *folder = make_folder (fx, "elsewhere");
  g_autofree char *path = make_fifo (folder, "my_pipe");

  add (fx, path);
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 1);

  run ("rm", "-f", path, NULL);
  wait_path (fx, path, FALSE);
  g_assert_cmpuint (fx->removed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->removed, 0), ==, path);
  /* Its folder is no longer watched. */
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 0);

  /* Gone for good: a new FIFO of that name is not listed by itself. */
  g_free (make_fifo (folder, "my_pipe"));
  fifolab_test_run_for (200);
  g_assert_cmpuint (fx->shadow->keys->len, ==, 0);
  g_assert_cmpuint (fx->removed->len, ==, 1);
}

static void
test_rename (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *folder = make_folder (fx, "f");
  g_autofree char *away = make_folder (fx, "away");
  g_autofree char *path = make_fifo (folder, "p");
  g_autofree char *moved = g_build_filename (folder, "q", NULL);
  g_autofree char *target = make_fifo (folder, "target");
  g_autofree char *newcomer = make_fifo (away, "newcomer");
  g_autoptr(FifolabPipeInfo) before = NULL;
  g_autoptr(FifolabPipeInfo) after = NULL;

  add (fx, path);
  add (fx, target);

  /* Renamed in its folder: the path the user gave holds nothing now. */
  run ("mv", path, moved, NULL);
  wait_path (fx, path, FALSE);
  g_assert_false (fifolab_pipe_set_contains (fx->set, moved));
  g_assert_true (removed_has (fx, path));
  g_assert_true (fifolab_pipe_set_contains (fx->set, target));

  /* Another FIFO moved onto a listed name, from another folder: the FIFO
   * that was listed is gone (::removed), the path is still a pipe and stays,
   * with the newcomer's inode. */
  before = item_for (fx, target);
  run ("mv", newcomer, target, NULL);
  wait_removed (fx, target);
  fifolab_test_mirror_check (fx->shadow);
  g_assert_cmpuint (fx->shadow->keys->len, ==, 1);
  after = item_for (fx, target);
  g_assert_cmpuint (fifolab_pipe_info_get_inode (after), !=, fifolab_pipe_info_get_inode (before));
  g_assert_cmpuint (fifolab_pipe_info_get_inode (after), ==, inode_of (target));

  /* Moved out to another folder. */
  run ("mv", target, away, NULL);
  wait_path (fx, target, FALSE);
  g_assert_cmpuint (fx->shadow->keys->len, ==, 0);
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 0);
}

static void
test_chmod (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *folder = make_folder (fx, "modes");
  g_autofree char *first = make_fifo (folder, "first");
  g_autofree char *path = make_fifo (folder, "my_pipe");
  g_autofree char *last = make_fifo (folder, "last");
  InfoWait w = { fx, path, permission_bits, 0644 };
  g_autoptr(FifolabPipeInfo) info = NULL;
  g_autofree char *mode_string = NULL;
  guint changes;

  add (fx, first);
  add (fx, path);
  add (fx, last);

  changes = fx->shadow->n_changes;
  run ("chmod", "644", path, NULL);
  g_assert_true (fifolab_test_wait_until (info_reached, &w, WAIT_MS));
  fifolab_test_mirror_check (fx->shadow);
  /* Refreshed in place: the same position, the others untouched. */
  g_assert_cmpuint (fx->shadow->keys->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fx->shadow->keys, 1), ==, path);
  g_assert_cmpuint (fx->shadow->n_changes, >, changes);
  g_assert_cmpuint (fx->removed->len, ==, 0);
  info = item_for (fx, path);
  mode_string = fifolab_pipe_info_dup_mode_string (info);
  g_assert_cmpstr (mode_string, ==, "rw-r--r--");

  /* World-writable: exposed, seen without a re-add. */
  w.value = 0666;
  run ("chmod", "666", path, NULL);
  g_assert_true (fifolab_test_wait_until (info_reached, &w, WAIT_MS));
  g_clear_object (&info);
  info = item_for (fx, path);
  g_assert_true (fifolab_pipe_info_is_exposed (info));
  g_assert_cmpuint (fx->removed->len, ==, 0);
}

static void
test_chown (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *folder = make_folder (fx, "owners");
  g_autofree char *path = make_fifo (folder, "my_pipe");
  InfoWait w = { fx, path, fifolab_pipe_info_get_uid, 65534 };

  if (geteuid () != 0)
    {
      g_test_skip ("Changing a file's owner needs root");
      return;
    }

  add (fx, path);
  run ("chown", "65534", path, NULL);
  g_assert_true (fifolab_test_wait_until (info_reached, &w, WAIT_MS));
  fifolab_test_mirror_check (fx->shadow);
  g_assert_cmpuint (fx->removed->len, ==, 0);
}

static void
test_replaced_by_file (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *folder = make_folder (fx, "kinds");
  g_autofree char *path = make_fifo (folder, "my_pipe");
  g_autofree char *other = make_fifo (folder, "other");
  g_autofree char *file = g_build_filename (fx->dir, "plain", NULL);

  add (fx, path);
  add (fx, other);

  /* Deleted and made again as a regular file between two looks. */
  run ("sh", "-c", "rm -f \"$1\" && echo data > \"$1\"", "sh", path, NULL);
  wait_path (fx, path, FALSE);
  g_assert_true (removed_has (fx, path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* A regular file moved onto a listed FIFO in one rename. */
  g_assert_true (g_file_set_contents (file, "data\n", -1, NULL));
  run ("mv", "-f", file, other, NULL);
  wait_path (fx, other, FALSE);
  g_assert_true (removed_has (fx, other));
  g_assert_cmpuint (fx->shadow->keys->len, ==, 0);
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 0);
}

static void
test_two_folders (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *one = make_folder (fx, "one");
  g_autofree char *two = make_folder (fx, "two");
  g_autofree char *a1 = make_fifo (one, "a");
  g_autofree char *b1 = make_fifo (one, "b");
  g_autofree char *a2 = make_fifo (two, "a");
  g_autofree char *unlisted = make_fifo (one, "unlisted");
  InfoWait w = { fx, b1, permission_bits, 0640 };

  add (fx, a1);
  add (fx, a2);
  add (fx, b1);
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 2);

  /* A pipe that is not listed comes and goes unnoticed. */
  run ("rm", unlisted, NULL);
  g_free (make_fifo (one, "new"));
  fifolab_test_run_for (200);
  g_assert_cmpuint (fx->shadow->keys->len, ==, 3);

  /* Same name in another folder: only the one deleted goes. */
  run ("rm", a1, NULL);
  wait_path (fx, a1, FALSE);
  g_assert_true (fifolab_pipe_set_contains (fx->set, a2));
  g_assert_true (fifolab_pipe_set_contains (fx->set, b1));
  g_assert_cmpstr (g_ptr_array_index (fx->shadow->keys, 0), ==, a2);
  g_assert_cmpstr (g_ptr_array_index (fx->shadow->keys, 1), ==, b1);
  g_assert_cmpuint (fx->removed->len, ==, 1);

  /* The folder's monitor still serves the pipe left in it. */
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 2);
  run ("chmod", "640", b1, NULL);
  g_assert_true (fifolab_test_wait_until (info_reached, &w, WAIT_MS));

  run ("rm", b1, NULL);
  wait_path (fx, b1, FALSE);
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 1);
  g_assert_null (_fifolab_pipe_set_get_monitor (fx->set, one));
  g_assert_nonnull (_fifolab_pipe_set_get_monitor (fx->set, two));
  g_assert_true (fifolab_pipe_set_contains (fx->set, a2));
}

/* A lesson cleans up by removing its whole folder: every pipe in it goes,
 * each reported, in one batch when the events come together. */
static void
test_folder_removed (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *lesson = make_folder (fx, "lesson");
  g_autofree char *keep_folder = make_folder (fx, "keep");
  g_autofree char *keep = make_fifo (keep_folder, "keep");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  add (fx, keep);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("pipe%02u", i);
      char *path = make_fifo (lesson, name);

      g_ptr_array_add (paths, path);
      add (fx, path);
    }
  g_assert_cmpuint (fx->shadow->keys->len, ==, 21);

  run ("rm", "-rf", lesson, NULL);
  for (guint i = 0; i < paths->len; i++)
    wait_path (fx, g_ptr_array_index (paths, i), FALSE);
  g_assert_cmpuint (fx->shadow->keys->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->shadow->keys, 0), ==, keep);
  g_assert_cmpuint (fx->removed->len, ==, 20);
  for (guint i = 0; i < paths->len; i++)
    g_assert_true (removed_has (fx, g_ptr_array_index (paths, i)));
  g_assert_cmpuint (fifolab_pipe_set_get_n_folders (fx->set), ==, 1);
}

/* Destroyed with a flush pending: nothing runs on the dead set. */
static void
test_destroy_pending (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "p", NULL);
  FifolabPipeSet *set = fifolab_pipe_set_new ();
  GFileMonitor *monitor;

  g_assert_true (fifolab_fifo_create (path, 0600, NULL));
  g_assert_true (fifolab_pipe_set_add (set, path, NULL));
  monitor = _fifolab_pipe_set_get_monitor (set, dir);
  g_assert_nonnull (monitor);
  g_object_add_weak_pointer (G_OBJECT (monitor), (gpointer *) &monitor);

  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  /* Long enough for the monitor's event, not for the flush. */
  fifolab_test_run_for (10);
  g_assert_finalize_object (set);
  g_assert_null (monitor);
  fifolab_test_run_for (100);

  g_assert_cmpint (g_unlink (path), ==, 0);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pipe-set/new-destroy", test_new_destroy);
  g_test_add_func ("/pipe-set/destroy-pending", test_destroy_pending);
  g_test_add ("/pipe-set/add", Fixture, NULL, fixture_setup, test_add, fixture_teardown);
  g_test_add ("/pipe-set/delete", Fixture, NULL, fixture_setup, test_delete, fixture_teardown);
  g_test_add ("/pipe-set/rename", Fixture, NULL, fixture_setup, test_rename, fixture_teardown);
  g_test_add ("/pipe-set/chmod", Fixture, NULL, fixture_setup, test_chmod, fixture_teardown);
  g_test_add ("/pipe-set/chown", Fixture, NULL, fixture_setup, test_chown, fixture_teardown);
  g_test_add ("/pipe-set/replaced-by-file", Fixture, NULL, fixture_setup, test_replaced_by_file, fixture_teardown);
  g_test_add ("/pipe-set/two-folders", Fixture, NULL, fixture_setup, test_two_folders, fixture_teardown);
  g_test_add ("/pipe-set/folder-removed", Fixture, NULL, fixture_setup, test_folder_removed, fixture_teardown);

  return g_test_run ();
}
