/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tap's files on disk: swapping a relay FIFO into a pipe's path and back
 * with renameat2(RENAME_EXCHANGE), and finding and restoring what a crashed
 * tap left behind.
 *
 * The relay is made at the hidden name with mode 0 and gets the original's
 * mode only once it is at the path. So a hidden name holding a FIFO of mode
 * 0 is a relay that was never swapped in (a crash came between): it is
 * removed; any other FIFO there is the original, exchanged back. A FIFO of
 * mode 0 is never tapped, so the two cannot be confused. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-tap-private.h"

#ifndef RENAME_EXCHANGE
# define RENAME_EXCHANGE (1 << 1)
#endif

#define HIDDEN_SUFFIX ".fifolab-tap-"

G_DEFINE_QUARK (fifolab-tap-error-quark, fifolab_tap_error)

static int
exchange_names (const char *a,
                const char *b)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 28))
  return renameat2 (AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
  return (int) syscall (SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#endif
}

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *name = fifolab_escape_name (path, 0);

  g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_FAILED,
               /* Translators: the first %s is a path, the second why it failed. */
               _("Cannot tap “%s”: %s"), name, g_strerror (saved_errno));
}

static void
set_taken_error (GError     **error,
                 const char  *path,
                 const char  *hidden)
{
  g_autofree char *name = fifolab_escape_name (path, 0);
  g_autofree char *shown_hidden = fifolab_escape_name (hidden, 0);

  g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_CHANGED,
               _("Cannot put “%s” back: something else took its place. The "
                 "original is at “%s”."), name, shown_hidden);
}

/* Exchanges the original at @hidden with the relay at @path, and removes
 * the relay (whoever holds it open keeps it). */
static gboolean
exchange_back (const char  *hidden,
               const char  *path,
               GError     **error)
{
  if (exchange_names (hidden, path) != 0 || g_unlink (hidden) != 0)
    {
      set_errno_error (error, errno, path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_file (const struct stat *a,
           const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static gboolean
pid_is_alive (gint64 pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

char *
_fifolab_tap_hidden_path (const char *path,
                          gint64      pid)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *hidden = g_strdup_printf (".%s" HIDDEN_SUFFIX "%" G_GINT64_FORMAT,
                                             base, pid);

  return g_build_filename (dir, hidden, NULL);
}

int
_fifolab_tap_reopen (int path_fd,
                     int flags)
{
  char proc_path[64];
  int fd;

  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", path_fd);
  do
    fd = open (proc_path, flags | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  while (fd < 0 && errno == EINTR);
  return fd;
}

/**
 * fifolab_tap_leftover_get_path:
 * @hidden_path: a path whose name may be a tap's hidden name
 * @pid: (out) (optional): the pid in the name
 *
 * Returns: (transfer full) (nullable): "DIR/NAME" for "DIR/.NAME.fifolab-tap-PID".
 */
char *
fifolab_tap_leftover_get_path (const char *hidden_path,
                               gint64     *pid)
{
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  const char *suffix;
  const char *digits;
  char *end = NULL;
  guint64 number;

  g_return_val_if_fail (hidden_path != NULL, NULL);

  base = g_path_get_basename (hidden_path);
  suffix = g_strrstr (base, HIDDEN_SUFFIX);
  if (base[0] != '.' || suffix == NULL || suffix == base + 1)
    return NULL;
  digits = suffix + strlen (HIDDEN_SUFFIX);
  if (!g_ascii_isdigit (*digits))
    return NULL;
  errno = 0;
  number = g_ascii_strtoull (digits, &end, 10);
  if (errno != 0 || *end != '\0' || number == 0 || number > G_MAXINT)
    return NULL;

  name = g_strndup (base + 1, (gsize) (suffix - base - 1));
  if (g_str_equal (name, ".") || g_str_equal (name, ".."))
    return NULL;
  if (pid != NULL)
    *pid = (gint64) number;
  dir = g_path_get_dirname (hidden_path);
  return g_build_filename (dir, name, NULL);
}

/* Whether @dir holds a tap's hidden name for the pipe @base (whatever pid). */
static gboolean
has_hidden_name (const char *dir,
                 const char *base)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s" HIDDEN_SUFFIX, base);
  const char *entry;

  if (listing == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *full = NULL;
      g_autofree char *owner = NULL;

      if (!g_str_has_prefix (entry, prefix))
        continue;
      full = g_build_filename (dir, entry, NULL);
      owner = fifolab_tap_leftover_get_path (full, NULL);
      if (owner != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_tappable (const char   *path,
                struct stat  *st,
                GError      **error)
{
  g_autofree char *name = fifolab_escape_name (path, 0);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);

  if (lstat (path, st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_NOT_A_FIFO,
                     _("Cannot tap “%s”: it does not exist."), name);
      else
        set_errno_error (error, saved_errno, path);
      return FALSE;
    }

  if (S_ISLNK (st->st_mode))
    {
      g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_NOT_A_FIFO,
                   _("Cannot tap “%s”: it is a symbolic link. Tap the pipe it leads to."),
                   name);
      return FALSE;
    }

  if (!S_ISFIFO (st->st_mode))
    {
      g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_NOT_A_FIFO,
                   /* Translators: the second %s is a kind of file, such as “regular file”. */
                   _("Cannot tap “%s”: it is a %s, not a named pipe."),
                   name, fifolab_fifo_describe_type (st->st_mode));
      return FALSE;
    }

  if ((st->st_mode & 07777) == 0)
    {
      g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_FAILED,
                   _("Cannot tap “%s”: its mode is 000, so nobody may open it."), name);
      return FALSE;
    }

  if (has_hidden_name (dir, base))
    {
      g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_LEFTOVER,
                   _("“%s” is tapped already, or a tap that crashed left it swapped: "
                     "restore the leftover first."), name);
      return FALSE;
    }

  return TRUE;
}

gboolean
_fifolab_tap_swap_in (const char  *path,
                      const char  *hidden,
                      int         *original_fd,
                      int         *relay_fd,
                      GError     **error)
{
  g_autofree char *name = fifolab_escape_name (path, 0);
  struct stat st, original_st, relay_st, now_at_path, now_hidden;
  char proc_path[64];
  int orig;
  int relay;

  if (!check_tappable (path, &st, error))
    return FALSE;

  orig = open (path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (orig < 0 || fstat (orig, &original_st) != 0 || !same_file (&st, &original_st))
    {
      int saved_errno = orig < 0 ? errno : 0;

      if (orig >= 0)
        close (orig);
      if (saved_errno != 0)
        set_errno_error (error, saved_errno, path);
      else
        g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_CHANGED,
                     _("Cannot tap “%s”: it was replaced while the tap started."), name);
      return FALSE;
    }

  /* Mode 0 until it is at the path: see the top of the file. */
  if (mkfifo (hidden, 0) != 0)
    {
      int saved_errno = errno;

      close (orig);
      if (saved_errno == EEXIST)
        g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_LEFTOVER,
                     _("“%s” is tapped already, or a tap that crashed left it swapped: "
                       "restore the leftover first."), name);
      else
        set_errno_error (error, saved_errno, path);
      return FALSE;
    }

  relay = open (hidden, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (relay < 0 || fstat (relay, &relay_st) != 0)
    {
      set_errno_error (error, errno, path);
      if (relay >= 0)
        close (relay);
      close (orig);
      g_unlink (hidden);
      return FALSE;
    }

  if (exchange_names (hidden, path) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINVAL || saved_errno == ENOSYS || saved_errno == EOPNOTSUPP)
        g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_NOT_SUPPORTED,
                     _("Cannot tap “%s”: its filesystem cannot exchange two names "
                       "atomically (renameat2 with RENAME_EXCHANGE)."), name);
      else
        set_errno_error (error, saved_errno, path);
      close (relay);
      close (orig);
      g_unlink (hidden);
      return FALSE;
    }

  /* Another program may have replaced the path between the checks and the
   * exchange: then put back whatever was there. */
  if (lstat (path, &now_at_path) != 0 || lstat (hidden, &now_hidden) != 0 ||
      !same_file (&now_at_path, &relay_st) || !same_file (&now_hidden, &original_st))
    {
      if (exchange_names (hidden, path) == 0)
        g_unlink (hidden);
      close (relay);
      close (orig);
      g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_CHANGED,
                   _("Cannot tap “%s”: it was replaced while the tap started."), name);
      return FALSE;
    }

  /* Now the relay may be opened as the original could be. The owner can
   * be copied only by root; otherwise the relay is this user's. */
  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", relay);
  if (chmod (proc_path, original_st.st_mode & 07777) != 0)
    g_debug ("tap: chmod of the relay failed: %s", g_strerror (errno));
  if (geteuid () == 0 && chown (proc_path, original_st.st_uid, original_st.st_gid) != 0)
    g_debug ("tap: chown of the relay failed: %s", g_strerror (errno));

  *original_fd = orig;
  *relay_fd = relay;
  return TRUE;
}

gboolean
_fifolab_tap_swap_out (const char  *path,
                       const char  *hidden,
                       int          original_fd,
                       int          relay_fd,
                       GError     **error)
{
  g_autofree char *name = fifolab_escape_name (path, 0);
  struct stat original_st, relay_st, at_path, at_hidden;
  gboolean path_exists;

  if (fstat (original_fd, &original_st) != 0 || fstat (relay_fd, &relay_st) != 0 ||
      lstat (hidden, &at_hidden) != 0 || !same_file (&at_hidden, &original_st))
    {
      g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_CHANGED,
                   _("Cannot put “%s” back: its original is no longer at the tap's "
                     "hidden name."), name);
      return FALSE;
    }

  path_exists = lstat (path, &at_path) == 0;
  if (!path_exists)
    {
      /* Someone removed the relay: the original just goes back. */
      if (rename (hidden, path) != 0)
        {
          set_errno_error (error, errno, path);
          return FALSE;
        }
      return TRUE;
    }

  if (!same_file (&at_path, &relay_st))
    {
      set_taken_error (error, path, hidden);
      return FALSE;
    }

  return exchange_back (hidden, path, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * fifolab_tap_find_leftovers:
 * @dir: a folder
 * @error: where a folder that cannot be listed is reported
 *
 * Returns: (transfer full): the hidden names of crashed taps in @dir, sorted.
 */
char **
fifolab_tap_find_leftovers (const char  *dir,
                            GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_return_val_if_fail (dir != NULL, NULL);

  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return NULL;

  while ((entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *full = NULL;
      g_autofree char *owner = NULL;
      gint64 pid = 0;
      struct stat st;

      if (entry[0] != '.' || strstr (entry, HIDDEN_SUFFIX) == NULL)
        continue;
      full = g_build_filename (dir, entry, NULL);
      owner = fifolab_tap_leftover_get_path (full, &pid);
      if (owner == NULL || pid_is_alive (pid))
        continue;
      if (lstat (full, &st) != 0 || !S_ISFIFO (st.st_mode))
        continue;
      g_ptr_array_add (found, g_steal_pointer (&full));
    }

  g_ptr_array_sort (found, compare_names);
  g_ptr_array_add (found, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&found), FALSE);
}

/**
 * fifolab_tap_restore_leftover:
 * @hidden_path: a name fifolab_tap_find_leftovers() returned
 * @error: where a refusal is reported
 *
 * Returns: whether the original is back at its path.
 */
gboolean
fifolab_tap_restore_leftover (const char  *hidden_path,
                              GError     **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *path = NULL;
  gint64 pid = 0;
  struct stat hidden_st, path_st;

  g_return_val_if_fail (hidden_path != NULL, FALSE);

  shown = fifolab_escape_name (hidden_path, 0);
  path = fifolab_tap_leftover_get_path (hidden_path, &pid);
  if (path == NULL || lstat (hidden_path, &hidden_st) != 0 || !S_ISFIFO (hidden_st.st_mode))
    {
      g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_NOT_A_LEFTOVER,
                   _("“%s” is not a named pipe left behind by a tap."), shown);
      return FALSE;
    }

  if (pid_is_alive (pid))
    {
      g_autofree char *name = fifolab_escape_name (path, 0);

      g_set_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_IN_USE,
                   /* Translators: %d is a process id, %s a path. */
                   _("The tap of process %d still runs: stop it instead (it puts "
                     "“%s” back itself)."), (int) pid, name);
      return FALSE;
    }

  /* A relay that was never swapped in: nothing was moved. */
  if ((hidden_st.st_mode & 07777) == 0)
    {
      if (g_unlink (hidden_path) != 0)
        {
          set_errno_error (error, errno, path);
          return FALSE;
        }
      return TRUE;
    }

  if (lstat (path, &path_st) != 0)
    {
      if (errno != ENOENT || rename (hidden_path, path) != 0)
        {
          set_errno_error (error, errno, path);
          return FALSE;
        }
      return TRUE;
    }

  if (!S_ISFIFO (path_st.st_mode))
    {
      set_taken_error (error, path, hidden_path);
      return FALSE;
    }

  return exchange_back (hidden_path, path, error);
}
