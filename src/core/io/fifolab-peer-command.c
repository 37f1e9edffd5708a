/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "fifolab-framer.h"
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

/* Command line */

static void G_GNUC_PRINTF (2, 3)
add_printf (GStrvBuilder *builder,
            const char   *format,
            ...)
{
  g_autofree char *arg = NULL;
  va_list args;

  va_start (args, format);
  arg = g_strdup_vprintf (format, args);
  va_end (args);
  g_strv_builder_add (builder, arg);
}

/* The command line FifolabPeerProcess runs. */
GStrv
_fifolab_peer_command_build_argv (const FifolabPeerArgs *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, fifolab_peer_process_get_default_path ());
  g_strv_builder_add (builder, self->write ? "write" : "read");
  g_strv_builder_add (builder, self->path);

  if (self->write)
    {
      if (self->template_ != NULL)
        {
          g_strv_builder_add (builder, "--message");
          g_strv_builder_add (builder, self->template_);
        }
      if (self->interval > 0)
        add_printf (builder, "--interval=%u", self->interval);
      if (self->delay > 0)
        add_printf (builder, "--delay=%u", self->delay);
    }
  else if (self->bytes > 0)
    {
      add_printf (builder, "--bytes=%u", self->bytes);
    }

  if (self->count >= 0)
    add_printf (builder, "--count=%d", self->count);
  if (self->framing_set)
    {
      g_strv_builder_add (builder, "--framing");
      g_strv_builder_add (builder, fifolab_framing_to_string (self->framing));
      if (self->framing == FIFOLAB_FRAMING_FIXED)
        add_printf (builder, "--size=%u", self->fixed_size);
    }

  return g_strv_builder_end (builder);
}
