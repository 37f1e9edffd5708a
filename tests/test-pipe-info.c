/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabPipeInfo: a snapshot of what lstat() says about one path, FIFO or
 * not, and the clear errors for paths that cannot be looked at. The folder
 * model that lists them is tested in test-folder-model.c. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-pipe-info.h"
#include "fifolab-test-util.h"

static void
test_pipe_info_fifo (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "my_pipe", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *mode_string = NULL;
  g_autofree char *prop_path = NULL;
  g_autofree char *prop_name = NULL;
  g_autofree char *prop_owner = NULL;
  g_autoptr(GDateTime) prop_mtime = NULL;
  FifolabPipeInfo *info;
  struct stat st;
  guint64 inode = 0;
  guint file_type = 0;
  gboolean is_fifo = FALSE;
  gboolean exposed = TRUE;

  g_assert_true (fifolab_fifo_create (path, 0640, NULL));
  g_assert_cmpint (lstat (path, &st), ==, 0);

  info = fifolab_pipe_info_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fifolab_pipe_info_get_path (info), ==, path);
  g_assert_cmpstr (fifolab_pipe_info_get_name (info), ==, "my_pipe");
  g_assert_true (fifolab_pipe_info_is_fifo (info));
  g_assert_cmpuint (fifolab_pipe_info_get_file_type (info), ==, S_IFIFO);
  g_assert_cmpuint (fifolab_pipe_info_get_mode (info), ==, st.st_mode);
  mode_string = fifolab_pipe_info_dup_mode_string (info);
  g_assert_cmpstr (mode_string, ==, "rw-r-----");
  g_assert_cmpstr (fifolab_pipe_info_get_type_name (info), ==, fifolab_fifo_describe_type (S_IFIFO));
  g_assert_cmpuint (fifolab_pipe_info_get_uid (info), ==, getuid ());
  g_assert_cmpuint (fifolab_pipe_info_get_gid (info), ==, st.st_gid);
  g_assert_cmpstr (fifolab_pipe_info_get_owner (info), ==, g_get_user_name ());
  g_assert_nonnull (fifolab_pipe_info_get_group (info));
  g_assert_cmpuint (fifolab_pipe_info_get_inode (info), ==, st.st_ino);
  g_assert_cmpuint (fifolab_pipe_info_get_device (info), ==, st.st_dev);
  g_assert_cmpuint (fifolab_pipe_info_get_size (info), ==, 0);
  g_assert_cmpint (g_date_time_to_unix (fifolab_pipe_info_get_mtime (info)), ==, st.st_mtim.tv_sec);
  g_assert_cmpint (g_date_time_get_microsecond (fifolab_pipe_info_get_mtime (info)), ==,
                   st.st_mtim.tv_nsec / 1000);
  g_assert_cmpint (g_date_time_to_unix (fifolab_pipe_info_get_atime (info)), ==, st.st_atim.tv_sec);
  g_assert_cmpint (g_date_time_to_unix (fifolab_pipe_info_get_ctime (info)), ==, st.st_ctim.tv_sec);
  g_assert_false (fifolab_pipe_info_is_exposed (info));

  g_object_get (info,
                "path", &prop_path,
                "name", &prop_name,
                "owner", &prop_owner,
                "mtime", &prop_mtime,
                "inode", &inode,
                "file-type", &file_type,
                "is-fifo", &is_fifo,
                "is-exposed", &exposed,
                NULL);
  g_assert_cmpstr (prop_path, ==, path);
  g_assert_cmpstr (prop_name, ==, "my_pipe");
  g_assert_cmpstr (prop_owner, ==, g_get_user_name ());
  g_assert_true (g_date_time_equal (prop_mtime, fifolab_pipe_info_get_mtime (info)));
  g_assert_cmpuint (inode, ==, st.st_ino);
  g_assert_cmpuint (file_type, ==, S_IFIFO);
  g_assert_true (is_fifo);
  g_assert_false (exposed);

  g_assert_finalize_object (info);

  /* A snapshot: a later chmod shows only in a new one. World-writable is exposed. */
  g_assert_cmpint (g_chmod (path, 0622), ==, 0);
  info = fifolab_pipe_info_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_true (fifolab_pipe_info_is_exposed (info));
  g_assert_finalize_object (info);

  /* Owned by a user with no name: the number stands in, and it is exposed. */
  if (getuid () == 0)
    {
      g_assert_cmpint (g_chmod (path, 0600), ==, 0);
      g_assert_cmpint (chown (path, 4242, 4243), ==, 0);
      info = fifolab_pipe_info_new_for_path (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fifolab_pipe_info_get_owner (info), ==, "4242");
      g_assert_cmpstr (fifolab_pipe_info_get_group (info), ==, "4243");
      g_assert_true (fifolab_pipe_info_is_exposed (info));
      g_assert_finalize_object (info);
    }

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_pipe_info_other_kinds (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *bad = g_build_filename (dir, "\xc3\x28-bad", NULL);
  g_autoptr(GError) error = NULL;
  FifolabPipeInfo *info;

  g_assert_true (g_file_set_contents (file, "12345", 5, NULL));
  g_assert_true (fifolab_fifo_create (fifo, 0600, NULL));
  g_assert_cmpint (symlink (fifo, link), ==, 0);
  g_assert_true (fifolab_fifo_create (bad, 0600, NULL));

  info = fifolab_pipe_info_new_for_path (file, &error);
  g_assert_no_error (error);
  g_assert_false (fifolab_pipe_info_is_fifo (info));
  g_assert_cmpuint (fifolab_pipe_info_get_file_type (info), ==, S_IFREG);
  g_assert_cmpstr (fifolab_pipe_info_get_type_name (info), ==, fifolab_fifo_describe_type (S_IFREG));
  g_assert_cmpuint (fifolab_pipe_info_get_size (info), ==, 5);
  g_assert_finalize_object (info);

  /* The link itself, not the FIFO it leads to; its 0777 bits are not "exposed". */
  info = fifolab_pipe_info_new_for_path (link, &error);
  g_assert_no_error (error);
  g_assert_false (fifolab_pipe_info_is_fifo (info));
  g_assert_cmpuint (fifolab_pipe_info_get_file_type (info), ==, S_IFLNK);
  g_assert_false (fifolab_pipe_info_is_exposed (info));
  g_assert_finalize_object (info);

  info = fifolab_pipe_info_new_for_path (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_pipe_info_get_file_type (info), ==, S_IFDIR);
  g_assert_finalize_object (info);

  info = fifolab_pipe_info_new_for_path ("/dev/null", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_pipe_info_get_file_type (info), ==, S_IFCHR);
  g_assert_finalize_object (info);

  info = fifolab_pipe_info_new_for_path (bad, &error);
  g_assert_no_error (error);
  g_assert_true (fifolab_pipe_info_is_fifo (info));
  g_assert_true (g_utf8_validate (fifolab_pipe_info_get_name (info), -1, NULL));
  g_assert_cmpstr (fifolab_pipe_info_get_path (info), ==, bad);
  g_assert_finalize_object (info);

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_pipe_info_errors (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *in_missing = g_build_filename (dir, "nowhere", "pipe", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *under_file = g_build_filename (dir, "file", "pipe", NULL);
  g_autofree char *loop = g_build_filename (dir, "loop", NULL);
  g_autofree char *through_loop = g_build_filename (dir, "loop", "pipe", NULL);
  g_autofree char *long_name = g_strnfill (300, 'x');
  g_autofree char *too_long = g_build_filename (dir, long_name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_cmpint (symlink ("loop", loop), ==, 0);

  g_assert_null (fifolab_pipe_info_new_for_path (missing, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);

  g_assert_null (fifolab_pipe_info_new_for_path (in_missing, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_MISSING_FOLDER);
  g_clear_error (&error);

  g_assert_null (fifolab_pipe_info_new_for_path (under_file, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_MISSING_FOLDER);
  g_clear_error (&error);

  g_assert_null (fifolab_pipe_info_new_for_path (through_loop, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_SYMLINK_LOOP);
  g_clear_error (&error);

  g_assert_null (fifolab_pipe_info_new_for_path (too_long, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NAME_TOO_LONG);
  g_clear_error (&error);

  g_assert_null (fifolab_pipe_info_new_for_path ("", &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME);
  g_clear_error (&error);

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/folder-model/pipe-info/fifo", test_pipe_info_fifo);
  g_test_add_func ("/folder-model/pipe-info/other-kinds", test_pipe_info_other_kinds);
  g_test_add_func ("/folder-model/pipe-info/errors", test_pipe_info_errors);

  return g_test_run ();
}
