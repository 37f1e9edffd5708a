/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer: the seed chapter's writer and reader as one small tool.
 *
 * It is a command-line program: like the seed, it blocks in open() until the
 * other end arrives. It still opens nothing but a FIFO: the path is checked
 * with lstat() first, the descriptor is taken with O_PATH (which opens no
 * device and blocks on nothing), checked with fstat(), and only that very
 * inode is then opened for reading or writing (through /proc/self/fd) and
 * checked again with fstat(). */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-peer-hold.h"
#include "fifolab-peer-replay.h"
#include "fifolab-peer-tap.h"
#include "fifolab-peer-watch.h"
#include "fifolab-stamp.h"
#include "fifolab-types.h"

enum
{
  EXIT_OK = 0,
  EXIT_FAILURE_RUNTIME = 1,
  EXIT_BAD_INPUT = 2,
  EXIT_READER_GONE = 3,
};

#define DEFAULT_STREAM_READ_SIZE (64 * 1024)
#define MAX_READ_SIZE (16 * 1024 * 1024)

static gboolean opt_version;

/* Common to both subcommands. */
static char *opt_framing;
#define UNSET G_MININT
static int opt_count = UNSET;
static int opt_size = FIFOLAB_SEED_MESSAGE_SIZE;
static gboolean opt_no_create;
/* The arguments that are not options: the pipe. GOption leaves a "--" in argv
 * when an argument after it starts with a dash ("-- -leading"), unless the
 * rest is collected this way; then "--" ends the options and is dropped. */
static char **opt_paths;

/* write */
static char *opt_message;
static int opt_interval;
static int opt_delay;

/* read */
static int opt_bytes = UNSET;

static void
print_error (const char *message)
{
  /* Our messages show names escaped already; one from elsewhere (an option
   * parser quoting an argument) is escaped before it reaches the terminal. */
  g_autofree char *shown = fifolab_escape_message (message, 0);

  g_printerr ("fifolab-peer: %s\n", shown);
}

static void
print_version (void)
{
  g_print ("fifolab-peer %s\n", PACKAGE_VERSION);
}

static const char *
exit_status_text (void)
{
  return _("Exit status: 0 when everything was done, 1 when the pipe could not be "
           "opened, read or written, 2 for bad usage or input (nothing is opened "
           "then), 3 when the reader closed the pipe before every message was "
           "written.");
}

static int
exit_code_for_fifo_error (const GError *error)
{
  if (error->domain != FIFOLAB_FIFO_ERROR)
    return EXIT_FAILURE_RUNTIME;

  switch ((FifolabFifoError) error->code)
    {
    case FIFOLAB_FIFO_ERROR_NOT_FOUND:
    case FIFOLAB_FIFO_ERROR_MISSING_FOLDER:
    case FIFOLAB_FIFO_ERROR_NOT_A_FIFO:
    case FIFOLAB_FIFO_ERROR_EXISTS:
    case FIFOLAB_FIFO_ERROR_NAME_TOO_LONG:
    case FIFOLAB_FIFO_ERROR_SYMLINK_LOOP:
    case FIFOLAB_FIFO_ERROR_INVALID_NAME:
      return EXIT_BAD_INPUT;
    case FIFOLAB_FIFO_ERROR_FAILED:
    case FIFOLAB_FIFO_ERROR_PERMISSION:
    case FIFOLAB_FIFO_ERROR_CHANGED:
    case FIFOLAB_FIFO_ERROR_NO_READER:
    default:
      return EXIT_FAILURE_RUNTIME;
    }
}

static void
set_error_from_errno (GError     **error,
                      int          saved_errno,
                      const char  *path)
{
  g_autofree char *name = fifolab_escape_name (path, 0);
  FifolabFifoError code;

  switch (saved_errno)
    {
    case EACCES:
    case EPERM:
      code = FIFOLAB_FIFO_ERROR_PERMISSION;
      break;
    case ENAMETOOLONG:
      code = FIFOLAB_FIFO_ERROR_NAME_TOO_LONG;
      break;
    case ELOOP:
      code = FIFOLAB_FIFO_ERROR_SYMLINK_LOOP;
      break;
    case ENOENT:
      code = FIFOLAB_FIFO_ERROR_NOT_FOUND;
      break;
    default:
      code = FIFOLAB_FIFO_ERROR_FAILED;
      break;
    }

  g_set_error (error, FIFOLAB_FIFO_ERROR, code,
               /* Translators: the first %s is a path, the second why it failed. */
               _("Cannot open “%s”: %s"), name, g_strerror (saved_errno));
}

/* The core's refusal (what the path is instead), and that nothing happened. */
static void
set_not_a_fifo_error (GError      **error,
                      const char   *path,
                      mode_t        mode,
                      gboolean      via_symlink)
{
  g_autoptr(GError) refusal = NULL;

  fifolab_fifo_set_not_a_fifo_error (&refusal, path, mode, via_symlink);
  g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
               /* Translators: %s says what a path is instead of a named pipe,
                * such as ““x” is not a named pipe: it is a regular file”. */
               _("%s. Nothing was opened or changed."), refusal->message);
}

/* Makes sure @path names a FIFO, creating it (mode 0600) when it is missing
 * and @may_create. Refuses anything else without opening it. */
static gboolean
ensure_fifo (const char  *path,
             gboolean     may_create,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean via_symlink = FALSE;
  struct stat st;

  if (lstat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT)
        {
          set_error_from_errno (error, saved_errno, path);
          return FALSE;
        }

      if (!may_create)
        {
          g_autofree char *name = fifolab_escape_name (path, 0);

          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND,
                       _("“%s” does not exist, and --no-create forbids creating it."),
                       name);
          return FALSE;
        }

      /* As the seed does: create the pipe when it is missing. */
      if (!fifolab_fifo_create (path, 0600, &local_error))
        {
          /* The other end may have created it a moment ago: that is fine. */
          if (lstat (path, &st) == 0 && S_ISFIFO (st.st_mode))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  if (S_ISLNK (st.st_mode))
    {
      /* A symlink is followed only when it leads to a FIFO. */
      via_symlink = TRUE;
      if (stat (path, &st) != 0)
        {
          set_error_from_errno (error, errno, path);
          return FALSE;
        }
    }

  if (!S_ISFIFO (st.st_mode))
    {
      set_not_a_fifo_error (error, path, st.st_mode, via_symlink);
      return FALSE;
    }

  return TRUE;
}

/* Opens the FIFO at @path with @access_mode (O_RDONLY or O_WRONLY), blocking
 * until the other end opens it, as the seed does. Opens nothing that is not a
 * FIFO. Returns the descriptor or -1 with @error set. */
static int
open_fifo_blocking (const char  *path,
                    int          access_mode,
                    GError     **error)
{
  struct stat before;
  struct stat after;
  char proc_path[64];
  int path_fd;
  int fd;

  /* O_PATH neither blocks nor opens the file for I/O: no device side effects. */
  path_fd = open (path, O_PATH | O_CLOEXEC);
  if (path_fd < 0)
    {
      set_error_from_errno (error, errno, path);
      return -1;
    }

  if (fstat (path_fd, &before) != 0)
    {
      set_error_from_errno (error, errno, path);
      close (path_fd);
      return -1;
    }

  if (!S_ISFIFO (before.st_mode))
    {
      set_not_a_fifo_error (error, path, before.st_mode, FALSE);
      close (path_fd);
      return -1;
    }

  /* Reopen exactly the inode checked above. */
  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", path_fd);
  do
    fd = open (proc_path, access_mode | O_CLOEXEC | O_NOCTTY);
  while (fd < 0 && errno == EINTR);

  if (fd < 0 && errno == ENOENT)
    {
      /* No /proc: fall back to the path; fstat below still checks the result. */
      do
        fd = open (path, access_mode | O_CLOEXEC | O_NOCTTY);
      while (fd < 0 && errno == EINTR);
    }

  if (fd < 0)
    {
      set_error_from_errno (error, errno, path);
      close (path_fd);
      return -1;
    }
  close (path_fd);

  if (fstat (fd, &after) != 0)
    {
      set_error_from_errno (error, errno, path);
      close (fd);
      return -1;
    }

  if (!S_ISFIFO (after.st_mode) ||
      after.st_dev != before.st_dev ||
      after.st_ino != before.st_ino)
    {
      g_autofree char *name = fifolab_escape_name (path, 0);

      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_CHANGED,
                   _("“%s” was replaced while it was being opened; it was closed again."),
                   name);
      close (fd);
      return -1;
    }

  return fd;
}

int
fifolab_peer_open_fifo (const char  *path,
                        int          access_mode,
                        GError     **error)
{
  return open_fifo_blocking (path, access_mode, error);
}

static gboolean
parse_framing (FifolabFraming  *framing,
               GError         **error)
{
  *framing = FIFOLAB_FRAMING_RAW;
  if (opt_framing == NULL)
    return TRUE;

  if (!fifolab_framing_from_string (opt_framing, framing))
    {
      g_autofree char *shown = fifolab_escape_name (opt_framing, 0);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is what the user typed after --framing. */
                   _("Unknown framing “%s”: use raw, line, fixed or length-prefix."),
                   shown);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_options (gboolean   is_write,
               GError   **error)
{
  if (opt_count != UNSET && (opt_count < 0 || (is_write && opt_count == 0)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   is_write
                   ? _("--count must be 1 or more.")
                   : _("--count must be 0 (until the end of the stream) or more."));
      return FALSE;
    }

  /* A reader's framer holds at most FIFOLAB_MAX_FIXED_SIZE bytes of one
   * message and hands a longer one out in pieces: refuse a size it would cut,
   * on both ends, before anything is opened. */
  if (opt_size < 1 || (guint) opt_size > FIFOLAB_MAX_FIXED_SIZE)
    {
      g_autofree char *size = g_format_size_full (FIFOLAB_MAX_FIXED_SIZE,
                                                  G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %u is a number of bytes, %s the same size
                    * in words, such as “1.0 MiB”. */
                   _("--size must be between 1 and %u bytes (%s): a larger fixed-size "
                     "message would arrive cut into pieces."),
                   (guint) FIFOLAB_MAX_FIXED_SIZE, size);
      return FALSE;
    }

  if (!is_write && opt_bytes != UNSET && (opt_bytes < 1 || opt_bytes > MAX_READ_SIZE))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--bytes must be between 1 and %d."), MAX_READ_SIZE);
      return FALSE;
    }

  if (is_write && opt_interval < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--interval must be 0 or more milliseconds."));
      return FALSE;
    }

  if (is_write && opt_delay < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--delay must be 0 or more milliseconds."));
      return FALSE;
    }

  return TRUE;
}

static GOptionContext *
make_context (const char   *summary,
              const char   *description,
              GOptionEntry *entries)
{
  /* Both commands end with these, after their own. */
  static GOptionEntry common_entries[] = {
    { "no-create", 0, 0, G_OPTION_ARG_NONE, &opt_no_create,
      N_("Refuse to create the pipe when it does not exist"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version,
      N_("Show the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_paths, NULL, NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (_("PIPE"));

  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Parses a subcommand's options. Returns -1 to go on, else an exit code. */
static int
parse_subcommand (GOptionContext   *context,
                  int              *argc,
                  char           ***argv,
                  gboolean          is_write,
                  const char      **out_path,
                  FifolabFraming   *framing)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error) ||
      !check_options (is_write, &error) ||
      !parse_framing (framing, &error))
    {
      print_error (error->message);
      g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return EXIT_BAD_INPUT;
    }

  if (opt_version)
    {
      print_version ();
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

  *out_path = opt_paths[0];
  return -1;
}

static FifolabFramer *
make_framer (FifolabFraming framing)
{
  FifolabFramer *framer = fifolab_framer_new (framing);

  fifolab_framer_set_fixed_size (framer, (gsize) opt_size);
  return framer;
}

/* Writes all of @data, in one write() when the kernel takes it. Returns FALSE
 * with errno set on failure; reports a short write on stderr. */
static gboolean
write_message (int           fd,
               const guint8 *data,
               gsize         len,
               guint         number)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }

      if (done == 0 && (gsize) n < len)
        {
          g_autofree char *text =
            g_strdup_printf (_("Message %u: the first write() took only %zd of %zu bytes; "
                               "writing the rest."),
                             number, n, len);
          print_error (text);
        }
      done += (gsize) n;
    }

  return TRUE;
}

static int
run_write (int    argc,
           char **argv)
{
  static GOptionEntry entries[] = {
    { "message", 'm', 0, G_OPTION_ARG_STRING, &opt_message,
      N_("Message template: %d is this process's pid, %% a percent sign "
         "(default “Hello from pid [%d]”)"), N_("TEMPLATE") },
    { "count", 'c', 0, G_OPTION_ARG_INT, &opt_count,
      N_("Number of messages to write (default 1)"), N_("N") },
    { "interval", 'i', 0, G_OPTION_ARG_INT, &opt_interval,
      N_("Milliseconds to wait between messages (default 0)"), N_("MS") },
    { "delay", 'd', 0, G_OPTION_ARG_INT, &opt_delay,
      N_("Slow motion: milliseconds to wait with the pipe open before each message, "
         "the first one too (default 0)"), N_("MS") },
    { "framing", 'f', 0, G_OPTION_ARG_STRING, &opt_framing,
      N_("How messages are delimited: raw (default, as in the book), line, fixed or length-prefix"),
      N_("FRAMING") },
    { "size", 's', 0, G_OPTION_ARG_INT, &opt_size,
      N_("Message size for fixed framing: shorter messages are padded with NUL bytes (default 22)"),
      N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FifolabFramer) framer = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  FifolabFraming framing;
  const char *path = NULL;
  const guint8 *data;
  gsize len;
  guint count;
  int status;
  int fd;

  description = g_strdup_printf ("%s\n\n%s\n",
                                 _("Opens PIPE for writing (creating it as a FIFO with mode 0600 "
                                   "when it is missing), waits there until a reader opens it, "
                                   "then writes each message with one write() call, keeping the "
                                   "pipe open from the first message to the last. Like the "
                                   "book's writer, by default it writes “Hello from pid [<pid>]” "
                                   "once, without a newline."),
                                 exit_status_text ());
  context = make_context (_("Write PID-stamped messages into a named pipe."),
                          description, entries);

  status = parse_subcommand (context, &argc, &argv, TRUE, &path, &framing);
  if (status != -1)
    return status;

  count = opt_count == UNSET ? 1 : (guint) opt_count;

  /* Check the message before touching the pipe: bad input opens nothing. */
  payload = fifolab_stamp_expand (opt_message != NULL ? opt_message : FIFOLAB_DEFAULT_TEMPLATE,
                                  getpid (), &error);
  if (payload == NULL)
    {
      print_error (error->message);
      return EXIT_BAD_INPUT;
    }

  framer = make_framer (framing);
  encoded = fifolab_framer_encode (framer, payload, &error);
  if (encoded == NULL)
    {
      print_error (error->message);
      return EXIT_BAD_INPUT;
    }
  data = g_bytes_get_data (encoded, &len);

  if (!ensure_fifo (path, !opt_no_create, &error))
    {
      print_error (error->message);
      return exit_code_for_fifo_error (error);
    }

  /* A reader that leaves must give EPIPE, not kill us. */
  fifolab_ignore_sigpipe ();

  fd = open_fifo_blocking (path, O_WRONLY, &error);
  if (fd < 0)
    {
      print_error (error->message);
      return exit_code_for_fifo_error (error);
    }

  for (guint i = 0; i < count; i++)
    {
      if (i > 0 && opt_interval > 0)
        g_usleep ((gulong) opt_interval * 1000);
      if (opt_delay > 0)
        g_usleep ((gulong) opt_delay * 1000);

      if (!write_message (fd, data, len, i + 1))
        {
          int saved_errno = errno;
          g_autofree char *text = NULL;

          close (fd);
          if (saved_errno == EPIPE)
            {
              text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The reader closed the pipe after %u message of %u.",
                                                   "The reader closed the pipe after %u messages of %u.",
                                                   i),
                                      i, count);
              print_error (text);
              return EXIT_READER_GONE;
            }

          g_autofree char *name = fifolab_escape_name (path, 0);

          text = g_strdup_printf (_("Cannot write to “%s”: %s"), name, g_strerror (saved_errno));
          print_error (text);
          return EXIT_FAILURE_RUNTIME;
        }
    }

  if (close (fd) != 0)
    {
      g_autofree char *name = fifolab_escape_name (path, 0);
      g_autofree char *text = g_strdup_printf (_("Cannot close “%s”: %s"), name,
                                               g_strerror (errno));
      print_error (text);
      return EXIT_FAILURE_RUNTIME;
    }

  return EXIT_OK;
}

typedef struct
{
  guint    limit;     /* 0 = no limit */
  guint    printed;
  gint64   pid;
} ReadState;

static void
print_received (const guint8 *data,
                gsize         len,
                gint64        pid)
{
  /* The text exactly as it came: bytes, never a format. */
  printf ("I pid [%" G_GINT64_FORMAT "] received a message => ", pid);
  if (len > 0)
    fwrite (data, 1, len, stdout);
  fputc ('\n', stdout);
  /* Lines must be seen live by a test or the app reading our output. */
  fflush (stdout);
}

static void
read_message_cb (const guint8        *data,
                 gsize                len,
                 FifolabMessageFlags  flags,
                 gpointer             user_data)
{
  ReadState *state = user_data;

  if (state->limit != 0 && state->printed >= state->limit)
    return;

  print_received (data, len, state->pid);
  state->printed++;

  if (flags & FIFOLAB_MESSAGE_INCOMPLETE)
    print_error (_("The stream ended inside the message above: it is incomplete."));
  if (flags & FIFOLAB_MESSAGE_OVERLONG)
    print_error (_("The message above is a piece of a message longer than the largest allowed."));
}

static int
run_read (int    argc,
          char **argv)
{
  static GOptionEntry entries[] = {
    { "bytes", 'b', 0, G_OPTION_ARG_INT, &opt_bytes,
      N_("Bytes to ask for in each read() (default 22 for one message of the book's example, "
         "65536 when reading a stream)"), N_("N") },
    { "count", 'c', 0, G_OPTION_ARG_INT, &opt_count,
      N_("Read a stream and stop after N messages; 0 reads until every writer has closed"),
      N_("N") },
    { "framing", 'f', 0, G_OPTION_ARG_STRING, &opt_framing,
      N_("Read a stream delimited this way: raw (each read is a message), line, fixed or "
         "length-prefix"), N_("FRAMING") },
    { "size", 's', 0, G_OPTION_ARG_INT, &opt_size,
      N_("Message size for fixed framing (default 22)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FifolabFramer) framer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree guint8 *buffer = NULL;
  FifolabFraming framing;
  ReadState state = { 0 };
  const char *path = NULL;
  gboolean stream;
  gsize read_size;
  int status;
  int fd;

  description = g_strdup_printf ("%s\n\n%s\n",
                                 _("Opens PIPE for reading (creating it as a FIFO with mode 0600 "
                                   "when it is missing) and waits there until a writer opens it. "
                                   "Like the book's reader, by default it reads once, up to 22 "
                                   "bytes, prints “I pid [<pid>] received a message => <text>” "
                                   "and exits. With --count or --framing it reads the stream and "
                                   "prints one such line per message, until the count is reached "
                                   "or every writer has closed the pipe."),
                                 exit_status_text ());
  context = make_context (_("Read messages from a named pipe."), description, entries);

  status = parse_subcommand (context, &argc, &argv, FALSE, &path, &framing);
  if (status != -1)
    return status;

  stream = opt_count != UNSET || opt_framing != NULL;
  if (opt_bytes != UNSET)
    read_size = (gsize) opt_bytes;
  else
    read_size = stream ? DEFAULT_STREAM_READ_SIZE : FIFOLAB_SEED_MESSAGE_SIZE;

  if (!ensure_fifo (path, !opt_no_create, &error))
    {
      print_error (error->message);
      return exit_code_for_fifo_error (error);
    }

  fd = open_fifo_blocking (path, O_RDONLY, &error);
  if (fd < 0)
    {
      print_error (error->message);
      return exit_code_for_fifo_error (error);
    }

  buffer = g_malloc (read_size);
  state.pid = getpid ();
  state.limit = opt_count > 0 ? (guint) opt_count : 0;
  framer = make_framer (framing);

  for (;;)
    {
      gssize n = read (fd, buffer, read_size);

      if (n < 0)
        {
          int saved_errno = errno;
          g_autofree char *text = NULL;
          g_autofree char *name = NULL;

          if (saved_errno == EINTR)
            continue;
          name = fifolab_escape_name (path, 0);
          text = g_strdup_printf (_("Cannot read from “%s”: %s"), name, g_strerror (saved_errno));
          print_error (text);
          close (fd);
          return EXIT_FAILURE_RUNTIME;
        }

      if (!stream)
        {
          /* The seed: one read, one line, even when the writer sent nothing. */
          print_received (buffer, (gsize) n, state.pid);
          break;
        }

      if (n == 0)
        {
          /* Every writer has closed: hand out what is left, then stop. */
          fifolab_framer_finish (framer, read_message_cb, &state);
          break;
        }

      fifolab_framer_push (framer, buffer, (gsize) n, read_message_cb, &state);
      if (state.limit != 0 && state.printed >= state.limit)
        break;
    }

  close (fd);
  return EXIT_OK;
}

static int
run_main (int    argc,
          char **argv)
{
  static GOptionEntry entries[] = {
    { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version,
      N_("Show the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *help = NULL;

  description = g_strdup_printf ("%s\n  write    %s\n  read     %s\n  watch    %s\n  tap      %s\n  replay   %s\n\n%s\n\n%s\n",
                                 _("Commands:"),
                                 _("Write PID-stamped messages into a named pipe"),
                                 _("Read messages from a named pipe"),
                                 _("Watch the calls other programs make on a named pipe"),
                                 _("Relay and show the traffic on a named pipe"),
                                 _("Write a recording's writes into a named pipe, with their timing"),
                                 _("Run “fifolab-peer COMMAND --help” for a command's options. "
                                   "The book's example, in two terminals:\n"
                                   "  fifolab-peer read my_pipe\n"
                                   "  fifolab-peer write my_pipe"),
                                 exit_status_text ());
  context = g_option_context_new (_("COMMAND PIPE [OPTION…]"));
  g_option_context_set_summary (context,
                                _("Play either end of a named pipe (FIFO), as the "
                                  "book's writer and reader do."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error (error->message);
      g_printerr (_("Run “%s --help” to see the commands.\n"), g_get_prgname ());
      return EXIT_BAD_INPUT;
    }

  if (opt_version)
    {
      print_version ();
      return EXIT_OK;
    }

  if (argc > 1)
    {
      g_autofree char *command = fifolab_escape_name (argv[1], 0);
      g_autofree char *text = g_strdup_printf (_("Unknown command “%s”: use write, read, watch, tap or replay."),
                                               command);
      print_error (text);
    }
  else
    print_error (_("Give a command: write, read, watch, tap or replay."));

  help = g_option_context_get_help (context, TRUE, NULL);
  g_printerr ("%s", help);
  return EXIT_BAD_INPUT;
}

int
main (int    argc,
      char **argv)
{
  /* Tests point FIFOLAB_LOCALEDIR at the catalogs in the build dir. */
  const char *localedir = g_getenv ("FIFOLAB_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 2 && (strcmp (argv[1], "write") == 0 || strcmp (argv[1], "read") == 0))
    {
      gboolean is_write = strcmp (argv[1], "write") == 0;
      g_autofree char *prgname = g_strdup_printf ("fifolab-peer %s", argv[1]);

      g_set_prgname (prgname);
      /* The subcommand's own argv: its name stands in for argv[0]. */
      argv[1] = argv[0];
      return is_write ? run_write (argc - 1, argv + 1) : run_read (argc - 1, argv + 1);
    }

  if (argc >= 2 && strcmp (argv[1], "watch") == 0)
    {
      g_set_prgname ("fifolab-peer watch");
      argv[1] = argv[0];
      return fifolab_peer_watch_main (argc - 1, argv + 1);
    }

  if (argc >= 2 && strcmp (argv[1], "replay") == 0)
    {
      g_set_prgname ("fifolab-peer replay");
      argv[1] = argv[0];
      return fifolab_peer_run_replay (argc - 1, argv + 1);
    }

  /* Not in the list of commands: FIFO Lab's own (fifolab-peer-hold.c). */
  if (argc >= 2 && strcmp (argv[1], "hold") == 0)
    {
      g_set_prgname ("fifolab-peer hold");
      argv[1] = argv[0];
      return fifolab_peer_run_hold (argc - 1, argv + 1);
    }

  if (argc >= 2 && strcmp (argv[1], "tap") == 0)
    {
      g_set_prgname ("fifolab-peer tap");
      argv[1] = argv[0];
      return fifolab_peer_run_tap (argc - 1, argv + 1);
    }

  g_set_prgname ("fifolab-peer");
  return run_main (argc, argv);
}
