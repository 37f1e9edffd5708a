/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer tap: a FifolabTap in a terminal. It swaps a relay into the
 * pipe's path, prints what passes (one line per piece, or one JSON object
 * per line with --json), and puts the original back on SIGINT, SIGTERM or
 * SIGHUP. With --restore it puts back what a crashed tap left instead. */
#include "config.h"

#include <glib/gi18n.h>

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "fifolab-escape.h"
#include "fifolab-peer-tap.h"
#include "fifolab-tap.h"

enum
{
  EXIT_OK = 0,
  EXIT_FAILURE_RUNTIME = 1,
  EXIT_BAD_INPUT = 2,
};

typedef struct
{
  GMainLoop  *loop;
  FifolabTap *tap;
  gboolean    json;
  gboolean    started;
  GError     *error;
} TapRun;

static void
print_error (const char *message)
{
  g_autofree char *shown = fifolab_escape_message (message, 0);

  g_printerr ("%s: %s\n", g_get_prgname (), shown);
}

static void
print_json (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *line = NULL;

  json_node_set_object (root, object);
  line = json_to_string (root, FALSE);
  printf ("%s\n", line);
  fflush (stdout);
}

static void
set_process (JsonObject *object,
             const char *pid_member,
             const char *comm_member,
             gint64      pid,
             const char *comm)
{
  if (pid > 0)
    json_object_set_int_member (object, pid_member, pid);
  else
    json_object_set_null_member (object, pid_member);
  if (comm != NULL)
    json_object_set_string_member (object, comm_member, comm);
  else
    json_object_set_null_member (object, comm_member);
}

static char *
describe_process (gint64      pid,
                  const char *comm)
{
  if (pid <= 0)
    return g_strdup ("?");
  return g_strdup_printf ("%d (%s)", (int) pid, comm != NULL ? comm : "?");
}

static void
relayed_cb (FifolabTap *tap,
            GBytes     *bytes,
            gint64      from_pid,
            const char *from_comm,
            gint64      to_pid,
            const char *to_comm,
            TapRun     *run)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (run->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "type", "data");
      json_object_set_int_member (object, "time_us", g_get_real_time ());
      json_object_set_string_member (object, "direction",
                                     fifolab_tap_get_arriving (tap) == FIFOLAB_TAP_ARRIVING_WRITERS
                                     ? "to-original" : "from-original");
      set_process (object, "from_pid", "from_comm", from_pid, from_comm);
      set_process (object, "to_pid", "to_comm", to_pid, to_comm);
      json_object_set_int_member (object, "size", (gint64) size);
      if (g_utf8_validate ((const char *) data, (gssize) size, NULL))
        {
          g_autofree char *text = g_strndup ((const char *) data, size);

          json_object_set_string_member (object, "text", text);
        }
      else
        {
          g_autofree char *encoded = g_base64_encode (data, size);

          json_object_set_string_member (object, "base64", encoded);
        }
      print_json (object);
    }
  else
    {
      g_autofree char *from = describe_process (from_pid, from_comm);
      g_autofree char *to = describe_process (to_pid, to_comm);
      g_autofree char *text = fifolab_escape_for_display (data, size, 0);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *time = g_date_time_format (now, "%H:%M:%S.%f");

      /* Translators: a line of “fifolab-peer tap”: the time, the writer
       * (“1234 (python3)” or “?”), the reader, the number of bytes and the
       * bytes as text. */
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "%s %s → %s: %zu byte: %s\n",
                           "%s %s → %s: %zu bytes: %s\n", size),
              time, from, to, size, text);
      fflush (stdout);
    }
}

static const char *
event_nick (FifolabTapEvent kind)
{
  switch (kind)
    {
    case FIFOLAB_TAP_EVENT_STARTED: return "started";
    case FIFOLAB_TAP_EVENT_CONNECTED: return "connected";
    case FIFOLAB_TAP_EVENT_WAITING_FOR_READER: return "waiting-for-reader";
    case FIFOLAB_TAP_EVENT_END_OF_STREAM: return "end-of-stream";
    case FIFOLAB_TAP_EVENT_NO_READER: return "no-reader";
    case FIFOLAB_TAP_EVENT_ERROR: return "error";
    case FIFOLAB_TAP_EVENT_STOPPED: return "stopped";
    default: return "unknown";
    }
}

static void
event_cb (FifolabTap *tap,
          int         kind,
          const char *message,
          TapRun     *run)
{
  if (run->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "type", "event");
      json_object_set_int_member (object, "time_us", g_get_real_time ());
      json_object_set_string_member (object, "event", event_nick ((FifolabTapEvent) kind));
      json_object_set_string_member (object, "message", message);
      print_json (object);
    }
  else
    print_error (message);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  TapRun *run = user_data;

  run->started = fifolab_tap_start_finish (FIFOLAB_TAP (source), result, &run->error);
  if (!run->started)
    g_main_loop_quit (run->loop);
  else if (!run->json)
    print_error (fifolab_tap_get_limits ());
}

static gboolean
quit_cb (gpointer user_data)
{
  TapRun *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static int
restore (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = fifolab_escape_name (path, 0);
  g_auto(GStrv) leftovers = fifolab_tap_find_leftovers (dir, &error);
  guint restored = 0;

  if (leftovers == NULL)
    {
      print_error (error->message);
      return EXIT_FAILURE_RUNTIME;
    }

  for (guint i = 0; leftovers[i] != NULL; i++)
    {
      g_autofree char *owner = fifolab_tap_leftover_get_path (leftovers[i], NULL);
      g_autofree char *owner_base = g_path_get_basename (owner);
      g_autofree char *base = g_path_get_basename (path);

      if (!g_str_equal (owner_base, base))
        continue;
      if (!fifolab_tap_restore_leftover (leftovers[i], &error))
        {
          print_error (error->message);
          return EXIT_FAILURE_RUNTIME;
        }
      restored++;
    }

  if (restored == 0)
    {
      g_autofree char *text = g_strdup_printf (_("Nothing to restore: no tap that crashed "
                                                 "left “%s” swapped."), name);
      print_error (text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is the original pipe again."), name);
      print_error (text);
    }
  return EXIT_OK;
}

static gboolean
parse_arriving (const char          *text,
                FifolabTapArriving  *arriving)
{
  if (text == NULL || g_str_equal (text, "auto"))
    *arriving = FIFOLAB_TAP_ARRIVING_AUTO;
  else if (g_str_equal (text, "writers"))
    *arriving = FIFOLAB_TAP_ARRIVING_WRITERS;
  else if (g_str_equal (text, "readers"))
    *arriving = FIFOLAB_TAP_ARRIVING_READERS;
  else
    return FALSE;
  return TRUE;
}

int
fifolab_peer_run_tap (int    argc,
                      char **argv)
{
  g_autofree char *opt_arriving = NULL;
  g_auto(GStrv) opt_paths = NULL;
  gboolean opt_json = FALSE;
  gboolean opt_restore = FALSE;
  gboolean opt_version = FALSE;
  GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json,
      N_("Print one JSON object per line: each piece that passes and each event"), NULL },
    { "arriving", 'a', 0, G_OPTION_ARG_STRING, &opt_arriving,
      N_("Which side opens the pipe from now on: auto (default: decided from who holds "
         "it), writers (a reader waits on it) or readers (a writer waits on it)"),
      N_("SIDE") },
    { "restore", 'r', 0, G_OPTION_ARG_NONE, &opt_restore,
      N_("Do not tap: put back the original pipe that a crashed tap left swapped"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version,
      N_("Show the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("PIPE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(FifolabTap) tap = NULL;
  g_autofree char *description = NULL;
  FifolabTapArriving arriving = FIFOLAB_TAP_ARRIVING_AUTO;
  TapRun run = { 0 };
  guint signal_ids[3];
  int status = EXIT_OK;

  description = g_strdup_printf ("%s\n\n%s\n\n%s\n",
                                 _("For when Watch may not trace the programs (ptrace is "
                                   "refused): swaps a relay pipe into PIPE's path, prints "
                                   "what passes between the processes that open PIPE from "
                                   "now on and the one that held it, and puts the original "
                                   "back on Ctrl+C (SIGINT), SIGTERM or SIGHUP. The original "
                                   "waits meanwhile at “.PIPE.fifolab-tap-PID” in the same "
                                   "folder; if the tap is killed, “--restore” puts it back."),
                                 fifolab_tap_get_limits (),
                                 _("Exit status: 0 when the original is back, 1 when the pipe "
                                   "could not be tapped or put back, 2 for bad usage."));
  g_option_context_set_summary (context, _("Relay and show the traffic on a named pipe."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !parse_arriving (opt_arriving, &arriving))
    {
      if (error != NULL)
        print_error (error->message);
      else
        print_error (_("--arriving must be auto, writers or readers."));
      g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return EXIT_BAD_INPUT;
    }

  if (opt_version)
    {
      g_print ("fifolab-peer %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (opt_paths == NULL || opt_paths[0] == NULL || opt_paths[1] != NULL)
    {
      print_error (opt_paths == NULL || opt_paths[0] == NULL
                   ? _("Give the path of the pipe.")
                   : _("Give exactly one pipe path."));
      g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return EXIT_BAD_INPUT;
    }

  if (opt_restore)
    return restore (opt_paths[0]);

  loop = g_main_loop_new (NULL, FALSE);
  tap = fifolab_tap_new (opt_paths[0]);
  run.loop = loop;
  run.tap = tap;
  run.json = opt_json;
  g_signal_connect (tap, "relayed", G_CALLBACK (relayed_cb), &run);
  g_signal_connect (tap, "event", G_CALLBACK (event_cb), &run);
  signal_ids[0] = g_unix_signal_add (SIGINT, quit_cb, &run);
  signal_ids[1] = g_unix_signal_add (SIGTERM, quit_cb, &run);
  signal_ids[2] = g_unix_signal_add (SIGHUP, quit_cb, &run);

  fifolab_tap_start_async (tap, arriving, NULL, started_cb, &run);
  g_main_loop_run (loop);

  for (guint i = 0; i < G_N_ELEMENTS (signal_ids); i++)
    g_source_remove (signal_ids[i]);

  if (!run.started)
    {
      print_error (run.error->message);
      if (g_error_matches (run.error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_LEFTOVER))
        g_printerr (_("Run “%s --restore PIPE” to put back what a crashed tap left.\n"),
                    g_get_prgname ());
      status = g_error_matches (run.error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_DIRECTION_UNKNOWN)
               ? EXIT_BAD_INPUT : EXIT_FAILURE_RUNTIME;
    }
  else if (!fifolab_tap_stop (tap, &error))
    {
      print_error (error->message);
      status = EXIT_FAILURE_RUNTIME;
    }

  g_signal_handlers_disconnect_by_data (tap, &run);
  g_clear_error (&run.error);
  return status;
}
