/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Telling pipes with the same name apart. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-pipe-name.h"

/* The base name of @path: what follows its last slash (trailing slashes are
 * not part of a pipe's path). Borrowed from @path. */
static const char *
base_of (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash != NULL ? slash + 1 : path;
}

/* The start of the last @n folders of @path's folder, or the whole path when
 * it has fewer; *@all says whether every folder was taken. */
static const char *
last_folders (const char *path,
              guint       n,
              gboolean   *all)
{
  const char *base = base_of (path);
  const char *p = base;

  *all = FALSE;
  /* Step back over the slash before the base name, then over @n folders. */
  for (guint i = 0; i < n; i++)
    {
      if (p <= path + 1)
        {
          *all = TRUE;
          return path;
        }
      p -= 2;   /* onto the last byte of the previous folder */
      while (p > path && *p != '/')
        p--;
      if (*p == '/')
        p++;
    }
  if (p <= path + 1)
    *all = TRUE;

  return p;
}

static gboolean
same_base (const char *a,
           const char *b)
{
  return strcmp (base_of (a), base_of (b)) == 0;
}

/**
 * fifolab_pipe_name_is_ambiguous:
 *
 * Returns: whether another path of @paths has the base name of @path
 */
gboolean
fifolab_pipe_name_is_ambiguous (const char         *path,
                                const char * const *paths)
{
  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    if (strcmp (paths[i], path) != 0 && same_base (paths[i], path))
      return TRUE;

  return FALSE;
}

/* Whether the last @n folders of @a and @b (with their base names) read the same. */
static gboolean
same_tail (const char *a,
           const char *b,
           guint       n)
{
  gboolean all_a, all_b;
  const char *ta = last_folders (a, n, &all_a);
  const char *tb = last_folders (b, n, &all_b);

  /* A path that ran out of folders is told apart by its full folder. */
  if (all_a != all_b)
    return FALSE;
  return strcmp (ta, tb) == 0;
}

/**
 * fifolab_pipe_display_name:
 * @path: a pipe
 * @paths: (nullable) (array zero-terminated=1): the pipes shown with it
 *
 * Returns: (transfer full): the name to show for @path among @paths
 */
char *
fifolab_pipe_display_name (const char         *path,
                           const char * const *paths)
{
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *shown = NULL;
  const char *base;
  const char *tail;
  gboolean all = FALSE;
  guint n = 1;

  g_return_val_if_fail (path != NULL, NULL);

  if (!fifolab_pipe_name_is_ambiguous (path, paths))
    return fifolab_escape_basename (path, 0);

  /* The fewest last folders that differ from every namesake's. */
  for (;; n++)
    {
      gboolean clash = FALSE;

      last_folders (path, n, &all);
      if (all)
        break;
      for (guint i = 0; paths[i] != NULL && !clash; i++)
        clash = strcmp (paths[i], path) != 0 && same_base (paths[i], path) &&
                same_tail (paths[i], path, n);
      if (!clash)
        break;
    }

  base = base_of (path);
  name = fifolab_escape_basename (path, 0);
  if (all)
    {
      /* Every folder: the folder as a person reads it ("~/tmp", "/tmp"). */
      if (base == path)
        folder = g_strdup (".");
      else
        folder = base > path + 1 ? g_strndup (path, base - path - 1) : g_strdup ("/");
      shown = fifolab_escape_home_path (folder, 0);
    }
  else
    {
      tail = last_folders (path, n, &all);
      folder = g_strndup (tail, base - tail - 1);
      shown = fifolab_escape_name (folder, 0);
    }

  /* Translators: a pipe's name and the folder that tells it apart from
   * another pipe of the same name, "my_pipe — lesson-2" */
  return g_strdup_printf (_("%s — %s"), name, shown);
}
