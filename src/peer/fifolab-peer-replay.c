/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer replay FILE PIPE [--speed X]: writes a recording's writes
 * (fifolab-replay-plan.h) into a FIFO with their recorded timing.
 *
 * Each write is due at its recorded offset from the first, divided by the
 * speed, counted from the moment the pipe opened (a reader arrived): an
 * absolute deadline on CLOCK_MONOTONIC (g_get_monotonic_time()'s clock),
 * waited for with clock_nanosleep(TIMER_ABSTIME). A late write (the pipe
 * was full, the machine busy) makes none of the next ones later: they keep
 * their own deadlines; nothing is accumulated. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-peer-replay.h"
#include "fifolab-recording.h"
#include "fifolab-replay-plan.h"

enum
{
  EXIT_OK = 0,
  EXIT_FAILURE_RUNTIME = 1,
  EXIT_BAD_INPUT = 2,
  EXIT_READER_GONE = 3,
};

static double opt_speed = 1.0;
static char *opt_pipe;
static gint64 opt_pid = -1;
static gboolean opt_json;
static char **opt_args;

static void
print_error (const char *message)
{
  g_autofree char *shown = fifolab_escape_message (message, 0);

  g_printerr ("fifolab-peer replay: %s\n", shown);
}

/* A command line it cannot use: said, and where to see what it takes, as
 * the other commands do. */
static int
usage_error (const char *message)
{
  print_error (message);
  g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
  return EXIT_BAD_INPUT;
}

static void
sleep_until (gint64 deadline_us)
{
  struct timespec ts = {
    .tv_sec = deadline_us / G_USEC_PER_SEC,
    .tv_nsec = (deadline_us % G_USEC_PER_SEC) * 1000,
  };

  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    ;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

/* One line of --json: the write, when it was due and when it was made. */
static void
print_progress (guint  index,
                guint  count,
                gsize  size,
                gint64 due_us,
                gint64 sent_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "write");
  json_builder_add_int_value (builder, index);
  json_builder_set_member_name (builder, "of");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) size);
  json_builder_set_member_name (builder, "due_us");
  json_builder_add_int_value (builder, due_us);
  json_builder_set_member_name (builder, "sent_us");
  json_builder_add_int_value (builder, sent_us);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_print ("%s\n", line);
  fflush (stdout);
}

static int
replay (FifolabReplayPlan *plan,
        const char        *path)
{
  g_autoptr(GError) error = NULL;
  guint64 total = 0;
  gint64 start;
  int fd;

  fd = fifolab_peer_open_fifo (path, O_WRONLY, &error);
  if (fd < 0)
    {
      print_error (error->message);
      return EXIT_FAILURE_RUNTIME;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < plan->writes->len; i++)
    {
      const FifolabReplayWrite *write = &g_array_index (plan->writes, FifolabReplayWrite, i);
      gint64 due = (gint64) ((double) write->offset_us / opt_speed + 0.5);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (write->bytes, &len);

      sleep_until (start + due);
      if (!write_all (fd, data, len))
        {
          int errsv = errno;
          g_autofree char *text = NULL;

          close (fd);
          if (errsv == EPIPE)
            {
              text = g_strdup_printf (_("The reader closed the pipe after %u of %u writes."),
                                      i, plan->writes->len);
              print_error (text);
              return EXIT_READER_GONE;
            }
          /* Translators: %u is a number, %s why the write failed. */
          text = g_strdup_printf (_("Write %u failed: %s"), i + 1, g_strerror (errsv));
          print_error (text);
          return EXIT_FAILURE_RUNTIME;
        }
      total += len;
      if (opt_json)
        print_progress (i + 1, plan->writes->len, len, due, g_get_monotonic_time () - start);
    }
  close (fd);

  if (!opt_json)
    {
      g_autofree char *name = fifolab_escape_name (path, 0);
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

      /* Translators: %u is a number of writes, the first %s a number of
       * bytes, the second the pipe's name, then a duration in seconds. */
      g_print (ngettext ("Replayed %u write (%s bytes) into “%s” in %.3f s.\n",
                         "Replayed %u writes (%s bytes) into “%s” in %.3f s.\n",
                         plan->writes->len),
               plan->writes->len, bytes, name,
               (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
    }
  return EXIT_OK;
}

int
fifolab_peer_run_replay (int    argc,
                         char **argv)
{
  static GOptionEntry entries[] = {
    { "speed", 's', 0, G_OPTION_ARG_DOUBLE, &opt_speed,
      N_("Play X times as fast, from 0.1 to 10 (default 1: the recorded timing)"), N_("X") },
    { "pipe", 'p', 0, G_OPTION_ARG_FILENAME, &opt_pipe,
      N_("The recorded pipe to replay (its path or name), when the recording holds several"),
      N_("RECORDED") },
    { "pid", 0, 0, G_OPTION_ARG_INT64, &opt_pid,
      N_("Replay only the writes of this process (by default every writer's, in order)"), N_("PID") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json,
      N_("Print one JSON object per write: its number, size, when it was due and when it was made"),
      NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("RECORDING PIPE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(FifolabReplayPlan) plan = NULL;

  g_option_context_set_summary (context,
                                _("Write the writes of a recording (a log exported as JSON Lines) "
                                  "into a named pipe, each at its recorded time from the first."));
  g_option_context_set_description (context,
                                    _("The writes are the watched writes when the recording has any, "
                                      "else the messages FIFO Lab received. The pipe must exist; the "
                                      "replay starts when a reader opens it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (opt_args == NULL || g_strv_length (opt_args) != 2)
    return usage_error (_("Give the recording and the pipe to write into."));
  if (!(opt_speed >= FIFOLAB_REPLAY_SPEED_MIN && opt_speed <= FIFOLAB_REPLAY_SPEED_MAX))
    return usage_error (_("--speed must be between 0.1 and 10."));

  file = g_file_new_for_commandline_arg (opt_args[0]);
  recording = fifolab_recording_read_file (file, NULL, &error);
  if (recording != NULL)
    plan = fifolab_replay_plan_new (recording, opt_pipe, opt_pid, &error);
  if (plan == NULL)
    {
      g_autofree char *name = fifolab_escape_name (opt_args[0], 0);
      /* Translators: the first %s is a file, the second what is wrong. */
      g_autofree char *text = g_strdup_printf (_("Cannot replay “%s”: %s"), name, error->message);

      print_error (text);
      return EXIT_BAD_INPUT;
    }
  if (plan->n_cut > 0)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("%u write was longer than the watch keeps: only its first %d bytes are replayed.",
                                   "%u writes were longer than the watch keeps: only their first %d bytes are replayed.",
                                   plan->n_cut),
                         plan->n_cut, FIFOLAB_WATCH_PAYLOAD_MAX);

      print_error (text);
    }

  fifolab_ignore_sigpipe ();
  return replay (plan, opt_args[1]);
}
