/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-peer-command.h"
#include "fifolab-peer-process.h"

/* The fifolab-peer command: where the executable is (the default path that
 * FifolabPeerProcess runs), and how a command line is shown in the log's
 * "peer started" line. */

/* Longest template shown in the log's "peer started" line. */
#define SHOWN_TEMPLATE_MAX 60

static char *default_path;

/* Default path */

/**
 * fifolab_peer_process_set_default_path:
 * @path: (nullable): the fifolab-peer executable, or %NULL to look it up again
 */
void
fifolab_peer_process_set_default_path (const char *path)
{
  g_free (default_path);
  default_path = g_strdup (path);
}

static char *
find_peer (void)
{
  const char *env = g_getenv ("FIFOLAB_PEER");
  g_autofree char *exe = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      /* Installed: beside the app. Build tree: src/app/fifolab → src/peer/. */
      const char *candidates[] = { "fifolab-peer", "../peer/fifolab-peer", "peer/fifolab-peer" };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);
          g_autofree char *canonical = g_canonicalize_filename (path, NULL);

          if (g_file_test (canonical, G_FILE_TEST_IS_EXECUTABLE) &&
              !g_file_test (canonical, G_FILE_TEST_IS_DIR))
            return g_steal_pointer (&canonical);
        }
    }

  return g_build_filename (BINDIR, "fifolab-peer", NULL);
}

/**
 * fifolab_peer_process_get_default_path:
 *
 * Returns: the fifolab-peer executable start() runs
 */
const char *
fifolab_peer_process_get_default_path (void)
{
  if (default_path == NULL)
    default_path = find_peer ();
  return default_path;
}

char *
_fifolab_peer_command_describe (const char * const *argv)
{
  GString *text = g_string_new ("fifolab-peer");

  for (guint i = 1; argv[i] != NULL; i++)
    {
      g_autofree char *arg = NULL;
      g_autofree char *quoted = NULL;

      /* A template can be long: show its start. */
      if (g_utf8_strlen (argv[i], -1) > SHOWN_TEMPLATE_MAX && g_utf8_validate (argv[i], -1, NULL))
        {
          g_autofree char *start = g_utf8_substring (argv[i], 0, SHOWN_TEMPLATE_MAX);
          arg = g_strconcat (start, "…", NULL);
        }
      else
        arg = g_strdup (argv[i]);
      quoted = g_shell_quote (arg);
      g_string_append_c (text, ' ');
      g_string_append (text, strpbrk (arg, " \t'\"\\$`!*?[]{}()<>|&;#~") != NULL ? quoted : arg);
    }
  return g_string_free (text, FALSE);
}
