/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"

G_DEFINE_QUARK (fifolab-fifo-error-quark, fifolab_fifo_error)

/**
 * fifolab_fifo_set_not_a_fifo_error:
 * @error: return location for a #GError
 * @path: the path refused
 * @mode: its st_mode (from stat() when @via_symlink, else from lstat())
 * @via_symlink: whether @path is a symbolic link to what @mode describes
 *
 * Sets FIFOLAB_FIFO_ERROR_NOT_A_FIFO, saying what @path is instead. Each kind
 * of thing a path can be is a whole translatable sentence (articles and word
 * order differ between languages), so they are spelled out one by one.
 */
void
fifolab_fifo_set_not_a_fifo_error (GError     **error,
                                   const char  *path,
                                   mode_t       mode,
                                   gboolean     via_symlink)
{
  g_autofree char *name = fifolab_escape_name (path, 0);

  if (via_symlink)
    {
      switch (mode & S_IFMT)
        {
        case S_IFREG:
          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                       _("“%s” is not a named pipe: it is a symbolic link to a regular file"), name);
          return;
        case S_IFDIR:
          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                       _("“%s” is not a named pipe: it is a symbolic link to a folder"), name);
          return;
        case S_IFSOCK:
          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                       _("“%s” is not a named pipe: it is a symbolic link to a socket"), name);
          return;
        case S_IFCHR:
          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                       _("“%s” is not a named pipe: it is a symbolic link to a character device"), name);
          return;
        case S_IFBLK:
          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                       _("“%s” is not a named pipe: it is a symbolic link to a block device"), name);
          return;
        default:
          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                       _("“%s” is not a named pipe: it is a symbolic link to something else"), name);
          return;
        }
    }

  switch (mode & S_IFMT)
    {
    case S_IFREG:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is not a named pipe: it is a regular file"), name);
      return;
    case S_IFDIR:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is not a named pipe: it is a folder"), name);
      return;
    case S_IFLNK:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is not a named pipe: it is a symbolic link"), name);
      return;
    case S_IFSOCK:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is not a named pipe: it is a socket"), name);
      return;
    case S_IFCHR:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is not a named pipe: it is a character device"), name);
      return;
    case S_IFBLK:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is not a named pipe: it is a block device"), name);
      return;
    default:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is not a named pipe"), name);
      return;
    }
}

static void
set_exists_error (GError     **error,
                  const char  *path,
                  mode_t       mode)
{
  g_autofree char *name = fifolab_escape_name (path, 0);
  const char *kind = fifolab_fifo_describe_type (mode);

  g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_EXISTS,
               _("Cannot create “%s”: something else already has that name (%s); "
                 "it was left unchanged"),
               name, kind);
}

/* Whether the folder that should hold @path exists (as a folder). */
static gboolean
parent_folder_exists (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;

  return g_stat (dir, &st) == 0 && S_ISDIR (st.st_mode);
}

/* Maps an errno from lstat/stat/mkfifo/open/unlink on @path to our error.
 * @doing says which message family to use for permission errors. */
typedef enum
{
  OP_OPEN,
  OP_CREATE,
  OP_DELETE,
} Operation;

static void
set_errno_error (GError     **error,
                 const char  *path,
                 int          saved_errno,
                 Operation    op)
{
  g_autofree char *name = fifolab_escape_name (path, 0);

  switch (saved_errno)
    {
    case ENOENT:
    case ENOTDIR:
      if (!parent_folder_exists (path))
        {
          g_autofree char *dir = g_path_get_dirname (path);
          g_autofree char *dir_name = fifolab_escape_name (dir, 0);

          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_MISSING_FOLDER,
                       _("The folder “%s” does not exist"), dir_name);
        }
      else
        g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND,
                     _("“%s” does not exist; create the named pipe first"), name);
      return;

    case EACCES:
    case EPERM:
    case EROFS:
      if (op == OP_CREATE)
        g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION,
                     _("You do not have permission to create “%s”: %s"),
                     name, g_strerror (saved_errno));
      else if (op == OP_DELETE)
        g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION,
                     _("You do not have permission to delete “%s”: %s"),
                     name, g_strerror (saved_errno));
      else
        g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION,
                     _("You do not have permission to open “%s”: %s"),
                     name, g_strerror (saved_errno));
      return;

    case ENAMETOOLONG:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NAME_TOO_LONG,
                   _("The name “%s” is too long"), name);
      return;

    case ELOOP:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_SYMLINK_LOOP,
                   _("“%s” goes through a loop of symbolic links"), name);
      return;

    case ENXIO:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NO_READER,
                   _("No process has “%s” open for reading yet"), name);
      return;

    case EEXIST:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_EXISTS,
                   _("Something else already has the name “%s”"), name);
      return;

    default:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_FAILED,
                   _("Cannot use “%s”: %s"), name, g_strerror (saved_errno));
      return;
    }
}

static void
set_changed_error (GError     **error,
                   const char  *path)
{
  g_autofree char *name = fifolab_escape_name (path, 0);

  g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_CHANGED,
               _("“%s” was replaced by something else while it was being opened; "
                 "nothing was opened"),
               name);
}

static int
open_noeintr (const char *path,
              int         flags)
{
  int fd;

  do
    fd = open (path, flags);
  while (fd < 0 && errno == EINTR);

  return fd;
}

/* Sets the permission bits of the FIFO we just made to exactly @mode
 * (mkfifo applies the umask). Goes through an O_PATH descriptor so that
 * only the very FIFO we checked is changed, never whatever might have
 * been put in its place. */
static gboolean
apply_exact_mode (const char  *path,
                  mode_t       mode,
                  GError     **error)
{
  struct stat st;
  char proc_path[64];
  int fd;
  int saved_errno;

  fd = open_noeintr (path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      saved_errno = errno;
      set_errno_error (error, path, saved_errno, OP_CREATE);
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISFIFO (st.st_mode))
    {
      close (fd);
      set_changed_error (error, path);
      return FALSE;
    }

  if ((st.st_mode & 07777) == (mode & 07777))
    {
      close (fd);
      return TRUE;
    }

  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
  if (chmod (proc_path, mode & 07777) != 0)
    {
      saved_errno = errno;
      close (fd);
      /* Without /proc, fall back on the path (we made it a moment ago). */
      if (saved_errno == ENOENT && chmod (path, mode & 07777) == 0)
        return TRUE;
      set_errno_error (error, path, saved_errno == ENOENT ? errno : saved_errno, OP_CREATE);
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/**
 * fifolab_fifo_create:
 * @path: where to make the FIFO
 * @mode: its permission bits, applied exactly (the umask does not alter them)
 * @error: return location for a #FifolabFifoError
 *
 * Makes a named pipe. If a named pipe already has that name, it is left as
 * it is (its mode is not changed) and this succeeds, like the seed programs'
 * "make it unless it exists". If anything else has the name, nothing is
 * changed and %FIFOLAB_FIFO_ERROR_EXISTS is returned.
 *
 * Returns: %TRUE when a FIFO is at @path afterwards
 */
gboolean
fifolab_fifo_create (const char  *path,
                     mode_t       mode,
                     GError     **error)
{
  int saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*path == '\0')
    {
      g_set_error_literal (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME,
                           _("The name of a named pipe cannot be empty"));
      return FALSE;
    }

  if (mkfifo (path, mode & 07777) != 0)
    {
      saved_errno = errno;

      if (saved_errno == EEXIST)
        {
          struct stat st;

          if (lstat (path, &st) == 0)
            {
              if (S_ISFIFO (st.st_mode))
                return TRUE;
              set_exists_error (error, path, st.st_mode);
              return FALSE;
            }
        }

      set_errno_error (error, path, saved_errno, OP_CREATE);
      return FALSE;
    }

  return apply_exact_mode (path, mode, error);
}

static gboolean
validate_name (const char  *name,
               GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME,
                           _("The name of a named pipe cannot be empty"));
      return FALSE;
    }

  if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    {
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME,
                   _("“%s” cannot be used as a name: it stands for a folder"), name);
      return FALSE;
    }

  if (strchr (name, '/') != NULL)
    {
      g_autofree char *display = fifolab_escape_name (name, 0);

      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME,
                   _("“%s” cannot be used as a name: it contains “/”"), display);
      return FALSE;
    }

  return TRUE;
}

/**
 * fifolab_fifo_create_in:
 * @folder: the folder to create it in
 * @name: a plain file name (no '/', not empty, not "." or "..")
 * @mode: permission bits, applied exactly
 * @out_path: (out) (optional): the full path of the FIFO
 * @error: return location for a #FifolabFifoError
 *
 * Like fifolab_fifo_create(), after checking @name.
 */
gboolean
fifolab_fifo_create_in (const char  *folder,
                        const char  *name,
                        mode_t       mode,
                        char       **out_path,
                        GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_path != NULL)
    *out_path = NULL;

  if (!validate_name (name, error))
    return FALSE;

  path = g_build_filename (folder, name, NULL);
  if (!fifolab_fifo_create (path, mode, error))
    return FALSE;

  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return TRUE;
}

/**
 * fifolab_fifo_delete:
 * @path: a FIFO
 * @error: return location for a #FifolabFifoError
 *
 * Removes the named pipe at @path; refuses anything that is not one
 * (a symbolic link, even to a FIFO, is refused too).
 */
gboolean
fifolab_fifo_delete (const char  *path,
                     GError     **error)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (lstat (path, &st) != 0)
    {
      set_errno_error (error, path, errno, OP_DELETE);
      return FALSE;
    }

  if (!S_ISFIFO (st.st_mode))
    {
      fifolab_fifo_set_not_a_fifo_error (error, path, st.st_mode, FALSE);
      return FALSE;
    }

  if (unlink (path) != 0)
    {
      set_errno_error (error, path, errno, OP_DELETE);
      return FALSE;
    }

  return TRUE;
}

/**
 * fifolab_fifo_is_fifo:
 * @path: a path
 *
 * Returns: %TRUE if @path is a FIFO or a symbolic link to one (the cases
 *   fifolab_fifo_open() accepts). Never opens it.
 */
gboolean
fifolab_fifo_is_fifo (const char *path)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  return stat (path, &st) == 0 && S_ISFIFO (st.st_mode);
}

/**
 * fifolab_fifo_set_io_error:
 * @errsv: what read() or write() failed with (not EINTR)
 * @writing: whether it was write()
 * @error: return location for a #GIOErrorEnum
 *
 * The error of a read or write on a descriptor fifolab_fifo_open() gave
 * (O_NONBLOCK): EAGAIN, the pipe empty or full, is G_IO_ERROR_WOULD_BLOCK,
 * as GIO's pollable streams say it.
 */
void
fifolab_fifo_set_io_error (int      errsv,
                           gboolean writing,
                           GError **error)
{
  if (errsv == EAGAIN || errsv == EWOULDBLOCK)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, g_strerror (errsv));
  else if (writing)
    /* Translators: %s is the system's reason */
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Could not write to the pipe: %s"), g_strerror (errsv));
  else
    /* Translators: %s is the system's reason */
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Could not read from the pipe: %s"), g_strerror (errsv));
}

/**
 * fifolab_fifo_open:
 * @path: a FIFO
 * @access_mode: %O_RDONLY or %O_WRONLY
 * @error: return location for a #FifolabFifoError
 *
 * Opens a FIFO and nothing else. The path is checked with lstat() (a
 * symbolic link is followed only when its target is a FIFO); then an
 * O_PATH descriptor (which has no side effects whatever it names) is
 * checked to be that same FIFO, and the FIFO is opened through it with
 * O_NONBLOCK|O_CLOEXEC|O_NOCTTY. A final fstat() compares device and
 * inode again. So a device or a regular file put in the FIFO's place
 * between the check and the open is never opened.
 *
 * Returns: a descriptor, or -1 with @error set
 */
int
fifolab_fifo_open (const char  *path,
                   int          access_mode,
                   GError     **error)
{
  struct stat before;
  struct stat after;
  gboolean via_symlink = FALSE;
  char proc_path[64];
  int path_fd;
  int fd;
  int flags;
  int saved_errno;

  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (access_mode == O_RDONLY || access_mode == O_WRONLY, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (*path == '\0')
    {
      g_set_error_literal (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME,
                           _("The name of a named pipe cannot be empty"));
      return -1;
    }

  if (lstat (path, &before) != 0)
    {
      set_errno_error (error, path, errno, OP_OPEN);
      return -1;
    }

  if (S_ISLNK (before.st_mode))
    {
      via_symlink = TRUE;
      if (stat (path, &before) != 0)
        {
          saved_errno = errno;
          if (saved_errno == ENOENT)
            {
              g_autofree char *name = fifolab_escape_name (path, 0);

              g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND,
                           _("“%s” is a symbolic link to something that does not exist"),
                           name);
            }
          else
            set_errno_error (error, path, saved_errno, OP_OPEN);
          return -1;
        }
    }

  if (!S_ISFIFO (before.st_mode))
    {
      fifolab_fifo_set_not_a_fifo_error (error, path, before.st_mode, via_symlink);
      return -1;
    }

  /* An O_PATH descriptor does not open the file itself (no device open,
   * no reader or writer added to a pipe): it only pins the inode. */
  path_fd = open_noeintr (path, O_PATH | O_CLOEXEC | (via_symlink ? 0 : O_NOFOLLOW));
  if (path_fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == ELOOP && !via_symlink)
        set_changed_error (error, path);
      else if (saved_errno == ENOENT)
        set_changed_error (error, path);
      else
        set_errno_error (error, path, saved_errno, OP_OPEN);
      return -1;
    }

  if (fstat (path_fd, &after) != 0 ||
      !S_ISFIFO (after.st_mode) ||
      after.st_dev != before.st_dev ||
      after.st_ino != before.st_ino)
    {
      close (path_fd);
      set_changed_error (error, path);
      return -1;
    }

  flags = access_mode | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", path_fd);
  fd = open_noeintr (proc_path, flags);
  saved_errno = errno;

  if (fd < 0 && saved_errno == ENOENT)
    {
      /* No /proc: open the path itself; the fstat below still checks it. */
      fd = open_noeintr (path, flags | (via_symlink ? 0 : O_NOFOLLOW));
      saved_errno = errno;
    }
  close (path_fd);

  if (fd < 0)
    {
      if (saved_errno == ELOOP && !via_symlink)
        set_changed_error (error, path);
      else
        set_errno_error (error, path, saved_errno, OP_OPEN);
      return -1;
    }

  if (fstat (fd, &after) != 0 ||
      !S_ISFIFO (after.st_mode) ||
      after.st_dev != before.st_dev ||
      after.st_ino != before.st_ino)
    {
      close (fd);
      set_changed_error (error, path);
      return -1;
    }

  return fd;
}

/**
 * fifolab_fifo_describe_type:
 * @mode: a stat mode
 *
 * Returns: a translated name for the file type in @mode
 */
const char *
fifolab_fifo_describe_type (mode_t mode)
{
  switch (mode & S_IFMT)
    {
    case S_IFIFO:
      return _("named pipe");
    case S_IFREG:
      return _("regular file");
    case S_IFDIR:
      return _("folder");
    case S_IFLNK:
      return _("symbolic link");
    case S_IFSOCK:
      return _("socket");
    case S_IFCHR:
      return _("character device");
    case S_IFBLK:
      return _("block device");
    default:
      return _("unknown kind of file");
    }
}

/**
 * fifolab_fifo_format_mode:
 * @mode: a stat mode
 *
 * Returns: (transfer full): the permission bits like ls shows them,
 *   "rw-r-----", with s/S for setuid/setgid and t/T for sticky
 */
char *
fifolab_fifo_format_mode (mode_t mode)
{
  char s[10];

  s[0] = (mode & S_IRUSR) ? 'r' : '-';
  s[1] = (mode & S_IWUSR) ? 'w' : '-';
  if (mode & S_ISUID)
    s[2] = (mode & S_IXUSR) ? 's' : 'S';
  else
    s[2] = (mode & S_IXUSR) ? 'x' : '-';
  s[3] = (mode & S_IRGRP) ? 'r' : '-';
  s[4] = (mode & S_IWGRP) ? 'w' : '-';
  if (mode & S_ISGID)
    s[5] = (mode & S_IXGRP) ? 's' : 'S';
  else
    s[5] = (mode & S_IXGRP) ? 'x' : '-';
  s[6] = (mode & S_IROTH) ? 'r' : '-';
  s[7] = (mode & S_IWOTH) ? 'w' : '-';
  if (mode & S_ISVTX)
    s[8] = (mode & S_IXOTH) ? 't' : 'T';
  else
    s[8] = (mode & S_IXOTH) ? 'x' : '-';
  s[9] = '\0';

  return g_strdup (s);
}

/**
 * fifolab_fifo_get_capacity:
 * @fd: an open pipe descriptor
 *
 * Returns: the pipe's capacity in bytes (F_GETPIPE_SZ), or -1
 */
gssize
fifolab_fifo_get_capacity (int fd)
{
  int size;

  if (fd < 0)
    return -1;

  size = fcntl (fd, F_GETPIPE_SZ);
  return size < 0 ? -1 : (gssize) size;
}

/**
 * fifolab_fifo_get_queued:
 * @fd: an open pipe descriptor
 *
 * Returns: the bytes written and not yet read (FIONREAD), or -1
 */
gssize
fifolab_fifo_get_queued (int fd)
{
  int queued = 0;

  if (fd < 0)
    return -1;

  if (ioctl (fd, FIONREAD, &queued) != 0)
    return -1;
  return queued;
}

/**
 * fifolab_ignore_sigpipe:
 *
 * Ignores SIGPIPE in this process, so a write to a pipe nobody reads fails
 * with EPIPE (shown as an event) instead of killing the process.
 */
void
fifolab_ignore_sigpipe (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      signal (SIGPIPE, SIG_IGN);
      g_once_init_leave (&done, 1);
    }
}

gboolean
fifolab_fifo_ensure_private_folder (const char  *path,
                                    GError     **error)
{
  g_autofree char *display = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  display = fifolab_escape_name (path, 0);

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FIFOLAB_FIFO_ERROR,
                   saved_errno == EACCES || saved_errno == EPERM
                   ? FIFOLAB_FIFO_ERROR_PERMISSION : FIFOLAB_FIFO_ERROR_FAILED,
                   _("Cannot create the folder “%s”: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  if (lstat (path, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    {
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION,
                   _("“%s” is not a private folder of yours, so FIFO Lab will not keep pipes in it"),
                   display);
      return FALSE;
    }

  if ((st.st_mode & 07777) != 0700 && chmod (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION,
                   _("Cannot make the folder “%s” private: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
