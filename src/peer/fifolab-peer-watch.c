/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer watch: the calls other programs make on a FIFO, one line each,
 * seen with ptrace (FifolabTracer) without taking a byte. FIFO Lab's window
 * runs it with --json and reads its lines: a crash of the tracer cannot take
 * the window down, and when the window goes its stdout breaks and the watch
 * lets its tracees go (if the watch itself is killed, the kernel does). */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-pcapng.h"
#include "fifolab-peer-step.h"
#include "fifolab-peer-watch.h"
#include "fifolab-tracer.h"

enum
{
  WATCH_OK = 0,
  WATCH_FAILED = 1,
  WATCH_BAD_INPUT = 2,
};

typedef struct
{
  GMainLoop     *loop;
  FifolabTracer *tracer;
  FifolabPeerStep *step;     /* --step */
  gboolean       json;
  guint          limit;      /* 0 = no limit */
  guint          calls;
  pid_t          command;    /* the COMMAND's pid, once it runs */
  gboolean       command_ended;
  int            command_status;
  int            status;     /* without a COMMAND */
  gboolean       output_broken;
  guint          stdout_id;     /* the watch on stdout going away */
  guint          signals;       /* SIGINT, SIGTERM or SIGHUP received */
  /* --pcapng: every write and read as a packet (docs/pcapng.md); NULL
   * once writing it failed. */
  GOutputStream       *capture_stream;
  FifolabPcapngWriter *capture;
} Watch;

static void
watch_error (const char *message)
{
  g_autofree char *shown = fifolab_escape_message (message, 0);

  g_printerr ("fifolab-peer watch: %s\n", shown);
}

static void
stop (Watch *watch)
{
  if (fifolab_tracer_is_running (watch->tracer))
    fifolab_tracer_stop (watch->tracer);
  else
    g_main_loop_quit (watch->loop);
}

/* The record's line (with its newline) into @out, the batch's output. */
static void
print_record (Watch                    *watch,
              const FifolabWatchRecord *record,
              GString                  *out)
{
  if (watch->json)
    {
      /* Written directly, not through a JsonBuilder and JsonGenerator: a
       * line per observed call, as fast as the tracer hands them over. */
      fifolab_watch_record_append_json (record, out);
      g_string_append_c (out, '\n');
    }
  else if (record->kind != FIFOLAB_WATCH_REFUSED)
    {
      g_autofree char *line = fifolab_watch_record_to_text (record);

      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }

  /* pid 0: a process no scan could see (fifolab-watch-unseen.h). */
  if (record->kind == FIFOLAB_WATCH_REFUSED && record->pid == 0)
    watch_error (record->message);
  else if (record->kind == FIFOLAB_WATCH_REFUSED)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot watch process %d: %s"),
                                               (int) record->pid, record->message);
      watch_error (text);
    }
}

/* A write or read that was seen, as one packet of the --pcapng capture
 * (fifolab_pcapng_writer_add_record()). */
static void
capture_record (Watch                    *watch,
                const FifolabWatchRecord *record)
{
  g_autoptr(GError) error = NULL;
  gint64 now_mono = g_get_monotonic_time ();
  gint64 mono = record->time_us > 0 ? record->time_us : now_mono;

  if (watch->capture == NULL ||
      fifolab_pcapng_writer_add_record (watch->capture, record, g_get_real_time () - (now_mono - mono),
                                        NULL, &error))
    return;
  {
    g_autofree char *text = g_strdup_printf (_("The capture could not be written: %s"),
                                             error->message);
    watch_error (text);
  }
  /* The watch goes on; only the capture stops, and the status says so. */
  g_clear_object (&watch->capture);
  watch->status = WATCH_FAILED;
}

/* The capture's headers (when no packet came) and all it buffered, on
 * disk: FALSE when it could not be written. */
static gboolean
capture_close (Watch *watch)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (watch->capture_stream == NULL)
    return TRUE;
  if (watch->capture != NULL)
    ok = fifolab_pcapng_writer_finish (watch->capture, NULL, &error);
  if (!g_output_stream_close (watch->capture_stream, NULL, ok ? &error : NULL))
    ok = FALSE;
  if (!ok && error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The capture could not be written: %s"),
                                               error->message);
      watch_error (text);
    }
  g_clear_object (&watch->capture);
  g_clear_object (&watch->capture_stream);
  return ok && watch->status != WATCH_FAILED;
}

static void
records_cb (FifolabTracer *tracer,
            GPtrArray     *records,
            gpointer       user_data)
{
  Watch *watch = user_data;
  g_autoptr(GString) out = g_string_sized_new (records->len * 256);

  if (watch->step != NULL)
    fifolab_peer_step_note_records (watch->step, records);
  for (guint i = 0; i < records->len; i++)
    {
      FifolabWatchRecord *record = g_ptr_array_index (records, i);

      if (watch->limit != 0 && watch->calls >= watch->limit)
        break;
      print_record (watch, record, out);
      capture_record (watch, record);
      if (record->kind == FIFOLAB_WATCH_CALL)
        watch->calls++;
      if (record->kind == FIFOLAB_WATCH_EXIT && watch->command > 0 &&
          record->pid == watch->command)
        {
          watch->command_ended = TRUE;
          watch->command_status = record->signaled ? 128 + (int) record->result
                                                   : (int) record->result;
        }
    }
  /* One write per batch, seen live by whoever reads us: the window, a
   * test, a pipe to grep. */
  if (!watch->output_broken &&
      (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) == EOF))
    watch->output_broken = TRUE;

  if (watch->output_broken || watch->command_ended ||
      (watch->limit != 0 && watch->calls >= watch->limit))
    stop (watch);
}

static void
spawned_cb (FifolabTracer *tracer,
            int            pid,
            const char    *error,
            gpointer       user_data)
{
  Watch *watch = user_data;

  if (pid > 0)
    {
      watch->command = pid;
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("The command could not be started: %s"),
                                             error != NULL ? error : "");
    watch_error (text);
  }
  watch->status = WATCH_FAILED;
  stop (watch);
}

static void
finished_cb (FifolabTracer *tracer,
             const char    *error,
             gpointer       user_data)
{
  Watch *watch = user_data;

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The watch stopped: %s"), error);

      watch_error (text);
      watch->status = WATCH_FAILED;
    }
  g_main_loop_quit (watch->loop);
}

/* The first signal stops the watch, which lets a thread inside a write go
 * when the write returns; a second one lets it go at once, its write cut
 * short. */
static gboolean
signal_cb (gpointer user_data)
{
  Watch *watch = user_data;

  if (watch->signals++ == 0 || !fifolab_tracer_is_running (watch->tracer))
    stop (watch);
  else
    fifolab_tracer_let_go_now (watch->tracer);
  return G_SOURCE_CONTINUE;
}

/* Whoever reads our output has gone (FIFO FIFO Lab killed): poll reports an
 * error on the write end of a pipe with no reader left. */
static gboolean
stdout_gone_cb (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  Watch *watch = user_data;

  watch->output_broken = TRUE;
  watch->stdout_id = 0;
  stop (watch);
  return G_SOURCE_REMOVE;
}

static int
usage_error (const char *message)
{
  watch_error (message);
  g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
  return WATCH_BAD_INPUT;
}

int
fifolab_peer_watch_main (int    argc,
                         char **argv)
{
  static gboolean opt_json;
  static gboolean opt_step;
  static gboolean opt_hold_named;
  static int opt_count;
  static int opt_except;
  static char *opt_pcapng;
  static char **opt_rest;
  static GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
      N_("One JSON object per line (see the manual page for its members)"), NULL },
    { "count", 'c', 0, G_OPTION_ARG_INT, &opt_count,
      N_("Stop after N calls (default: until interrupted, or until COMMAND ends)"), N_("N") },
    { "step", 0, 0, G_OPTION_ARG_NONE, &opt_step,
      N_("Hold each call on PIPE until a command on standard input lets it go on (see below)"), NULL },
    { "hold-named", 0, 0, G_OPTION_ARG_NONE, &opt_hold_named,
      N_("With --step, hold only the processes named by “hold PID” (and COMMAND, and those they start); watch the others without holding them"),
      NULL },
    { "except", 0, 0, G_OPTION_ARG_INT, &opt_except,
      N_("Never watch process PID, though it holds PIPE (FIFO Lab passes its own pid with --step)"),
      N_("PID") },
    { "pcapng", 0, 0, G_OPTION_ARG_FILENAME, &opt_pcapng,
      N_("Also write every write and read seen to FILE as a pcapng capture, which Wireshark and tshark open"),
      N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabTracer) tracer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(FifolabPeerStep) step = NULL;
  g_autoptr(GPtrArray) command = g_ptr_array_new ();
  g_autofree char *description = NULL;
  g_autofree char **options = NULL;
  const char *path = NULL;
  Watch watch = { 0 };
  int n_options = argc;

  /* Before any thread exists: SIGCHLD, sent at every stop of a tracee,
   * wakes no thread and runs no handler. */
  fifolab_tracer_block_sigchld ();
  fifolab_ignore_sigpipe ();

  description = g_strdup_printf ("%s\n\n%s\n\n%s\n",
                                 _("Shows, live, each read, write, open, close and dup that other "
                                   "processes make on the FIFO PIPE, with the pid and thread, the "
                                   "bytes, the result and the time the call was blocked, without "
                                   "taking a byte: it traces them with ptrace. It attaches to every "
                                   "process that holds PIPE open or waits in open() on it, and to "
                                   "new ones as they come. With “-- COMMAND”, it starts COMMAND "
                                   "watched from its first instruction and ends when it ends."),
                                 _("With --step, each watched process stops before each read, write, "
                                   "open or close on PIPE, shown as a pending call, until a line on "
                                   "standard input lets it go on: “step” (or an empty line) for the "
                                   "call that has waited longest, “step TID” for thread TID's, “run” "
                                   "to stop holding them, “attach PID” to watch process PID at once "
                                   "(FIFO Lab holds the processes it starts until then), “hold PID” "
                                   "to watch it at once and hold its calls. The end of "
                                   "standard input is “run”. "
                                   "COMMAND's standard input is then /dev/null."),
                                 _("Exit status: COMMAND's when there is one; else 0 when stopped "
                                   "(--count reached, interrupted, or its output closed), 1 when "
                                   "the watch failed, 2 for bad usage."));
  context = g_option_context_new (_("PIPE [-- COMMAND [ARG…]]"));
  g_option_context_set_summary (context, _("Watch the calls other programs make on a named pipe."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  /* "PIPE -- COMMAND…": options are parsed before the first "--" that
   * follows a pipe; a pipe whose name starts with "-" comes after a "--" of
   * its own ("-- -pipe -- COMMAND"). */
  options = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    options[i] = argv[i];
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--") == 0)
      {
        gboolean have_pipe = FALSE;

        /* Not an option's value ("-c N", "--pcapng FILE"). */
        for (int j = 1; j < i; j++)
          if (argv[j][0] != '-' && !(j > 1 && (strcmp (argv[j - 1], "-c") == 0 ||
                                               strcmp (argv[j - 1], "--count") == 0 ||
                                               strcmp (argv[j - 1], "--pcapng") == 0 ||
                                               strcmp (argv[j - 1], "--except") == 0)))
            have_pipe = TRUE;
        if (!have_pipe && i + 1 < argc)
          {
            /* "-- PIPE [-- COMMAND]" */
            path = argv[i + 1];
            n_options = i;
            if (i + 2 < argc && strcmp (argv[i + 2], "--") == 0)
              for (int k = i + 3; k < argc; k++)
                g_ptr_array_add (command, argv[k]);
            else if (i + 2 < argc)
              return usage_error (_("Give exactly one pipe path, then “--” before a command."));
          }
        else
          {
            n_options = i;
            for (int k = i + 1; k < argc; k++)
              g_ptr_array_add (command, argv[k]);
          }
        break;
      }
  options[n_options] = NULL;

  if (!g_option_context_parse (context, &n_options, &options, &error))
    return usage_error (error->message);
  if (opt_count < 0)
    return usage_error (_("--count must be 1 or more."));
  if (opt_except < 0)
    return usage_error (_("--except takes a process id."));

  if (path == NULL)
    {
      if (opt_rest == NULL || opt_rest[0] == NULL)
        return usage_error (_("Give the path of the pipe."));
      if (opt_rest[1] != NULL)
        return usage_error (_("Give exactly one pipe path, then “--” before a command."));
      path = opt_rest[0];
    }
  else if (opt_rest != NULL && opt_rest[0] != NULL)
    return usage_error (_("Give exactly one pipe path, then “--” before a command."));
  g_ptr_array_add (command, NULL);

  tracer = fifolab_tracer_new (path, &error);
  if (tracer == NULL)
    {
      watch_error (error->message);
      return WATCH_BAD_INPUT;
    }

  if (opt_pcapng != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (opt_pcapng);
      g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE,
                                                            NULL, &error);

      if (stream == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("The capture could not be written: %s"),
                                                   error->message);
          watch_error (text);
          return WATCH_FAILED;
        }
      watch.capture_stream = G_OUTPUT_STREAM (g_steal_pointer (&stream));
      watch.capture = fifolab_pcapng_writer_new (watch.capture_stream, path);
    }

  if (opt_except > 0)
    fifolab_tracer_ignore (tracer, opt_except);
  fifolab_tracer_set_hold_named (tracer, opt_hold_named);

  loop = g_main_loop_new (NULL, FALSE);
  watch.loop = loop;
  watch.tracer = tracer;
  watch.json = opt_json;
  watch.limit = (guint) opt_count;
  if (opt_step)
    {
      step = fifolab_peer_step_new_from_stdin (tracer);
      watch.step = step;
    }
  g_signal_connect (tracer, "records", G_CALLBACK (records_cb), &watch);
  g_signal_connect (tracer, "spawned", G_CALLBACK (spawned_cb), &watch);
  g_signal_connect (tracer, "finished", G_CALLBACK (finished_cb), &watch);

  if (!fifolab_tracer_start (tracer, &error))
    {
      watch_error (error->message);
      capture_close (&watch);
      return WATCH_FAILED;
    }
  if (command->len > 1 &&
      !fifolab_tracer_spawn (tracer, (const char * const *) command->pdata, &error))
    {
      watch_error (error->message);
      fifolab_tracer_stop (tracer);
      watch.status = WATCH_FAILED;
    }

  g_unix_signal_add (SIGINT, signal_cb, &watch);
  g_unix_signal_add (SIGTERM, signal_cb, &watch);
  g_unix_signal_add (SIGHUP, signal_cb, &watch);
  watch.stdout_id = g_unix_fd_add (STDOUT_FILENO, G_IO_ERR | G_IO_HUP, stdout_gone_cb, &watch);

  g_main_loop_run (loop);
  /* Unless it went off (and removed itself). */
  g_clear_handle_id (&watch.stdout_id, g_source_remove);
  if (!capture_close (&watch))
    watch.status = WATCH_FAILED;

  if (watch.command > 0 && !watch.command_ended)
    {
      /* Let go before it ended (--count, interrupted): it runs on, untraced;
       * its status is still ours to give. Nothing else is left to do. */
      int wstatus;
      pid_t got;

      do
        got = waitpid (watch.command, &wstatus, 0);
      while (got < 0 && errno == EINTR);
      if (got == watch.command)
        return WIFSIGNALED (wstatus) ? 128 + WTERMSIG (wstatus) : WEXITSTATUS (wstatus);
      return WATCH_FAILED;
    }
  if (watch.command > 0)
    {
      /* Reaped by the tracer already; its status came with its exit. */
      return watch.command_status;
    }
  return command->len > 1 ? WATCH_FAILED : watch.status;
}
