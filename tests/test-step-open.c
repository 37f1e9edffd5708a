/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step mode and a held open's flags: the PENDING record of an open or
 * openat carries its access mode, O_NONBLOCK and O_PATH ("flags" in the
 * JSON), and the predictions offered are the outcomes that flag set can
 * have (fifolab-step-outcome.c). From JSON lines first; then from the real
 * tracer, `fifolab-peer watch --json --step` with a shell, dd and
 * fifolab-peer opening the FIFO each their own way, every held call
 * stepped on stdin. */
#include "config.h"

#include <fcntl.h>
#include <string.h>

#include "fifolab-step-outcome.h"
#include "fifolab-test-util.h"
#include "fifolab-test-watch.h"
#include "fifolab-watch-record.h"

#define WAIT_MS 60000

static FifolabWatchRecord *
parse (const char *line)
{
  g_autoptr(GError) error = NULL;
  FifolabWatchRecord *record = fifolab_watch_record_from_json (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

typedef struct
{
  const char       *flags;       /* the JSON member, NULL: none */
  int               open_flags;  /* as the record keeps them */
  guint             n;
  FifolabStepGuess  guesses[FIFOLAB_STEP_MAX_GUESSES];
  const char       *why;         /* the start of fifolab_step_guess_none_why() */
} OpenCase;

static void
test_step_open_choices (void)
{
  const OpenCase cases[] = {
    /* An older watch's record: not known, every outcome. */
    { NULL, -1, 3, { FIFOLAB_STEP_GUESS_AT_ONCE, FIFOLAB_STEP_GUESS_BLOCKS, FIFOLAB_STEP_GUESS_ENXIO }, NULL },
    { "O_RDONLY", O_RDONLY, 2, { FIFOLAB_STEP_GUESS_AT_ONCE, FIFOLAB_STEP_GUESS_BLOCKS }, NULL },
    { "O_WRONLY", O_WRONLY, 2, { FIFOLAB_STEP_GUESS_AT_ONCE, FIFOLAB_STEP_GUESS_BLOCKS }, NULL },
    { "O_WRONLY|O_NONBLOCK", O_WRONLY | O_NONBLOCK, 2, { FIFOLAB_STEP_GUESS_AT_ONCE, FIFOLAB_STEP_GUESS_ENXIO }, NULL },
    { "O_RDONLY|O_NONBLOCK", O_RDONLY | O_NONBLOCK, 0, { 0 }, "Nothing to predict: a non-blocking open for reading" },
    { "O_RDWR", O_RDWR, 0, { 0 }, "Nothing to predict: opened for reading and writing (O_RDWR)" },
    { "O_RDWR|O_NONBLOCK", O_RDWR | O_NONBLOCK, 0, { 0 }, "Nothing to predict: opened for reading and writing (O_RDWR)" },
    { "O_PATH", O_PATH, 0, { 0 }, "Nothing to predict: an O_PATH open" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(FifolabWatchRecord) pending = NULL;
      g_autoptr(FifolabWatchRecord) back = NULL;
      g_autoptr(GString) line = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *tree_text = NULL;
      g_autofree char *text = NULL;
      FifolabStepGuess g[FIFOLAB_STEP_MAX_GUESSES];
      const char *why;
      guint n;

      if (cases[i].flags != NULL)
        json = g_strdup_printf ("{\"event\":\"pending\",\"syscall\":\"openat\",\"pid\":8,\"tid\":8,"
                                "\"comm\":\"dd\",\"time_us\":5,\"fd\":-1,\"flags\":\"%s\","
                                "\"direction\":\"none\",\"size\":0}", cases[i].flags);
      else
        json = g_strdup ("{\"event\":\"pending\",\"syscall\":\"openat\",\"pid\":8,\"tid\":8,"
                         "\"comm\":\"dd\",\"time_us\":5,\"fd\":-1,\"direction\":\"none\",\"size\":0}");
      g_test_message ("case %u: %s", i, json);
      pending = parse (json);
      g_assert_cmpint (pending->open_flags, ==, cases[i].open_flags);

      n = fifolab_step_guesses (pending, g);
      g_assert_cmpuint (n, ==, cases[i].n);
      for (guint k = 0; k < n; k++)
        g_assert_cmpint (g[k], ==, cases[i].guesses[k]);
      why = fifolab_step_guess_none_why (pending);
      if (cases[i].why == NULL)
        g_assert_null (why);
      else
        g_assert_true (g_str_has_prefix (why, cases[i].why));

      /* Written back the same, by both writers of the JSON. */
      fifolab_watch_record_append_json (pending, line);
      g_assert_cmpstr (line->str, ==, json);
      node = fifolab_watch_record_to_json (pending);
      tree_text = json_to_string (node, FALSE);
      g_assert_cmpstr (tree_text, ==, json);
      back = parse (line->str);
      g_assert_cmpint (back->open_flags, ==, cases[i].open_flags);

      /* The text line names them last. */
      text = fifolab_watch_record_to_text (pending);
      if (cases[i].flags != NULL)
        {
          g_autofree char *expected = g_strdup_printf ("8 dd about to call openat(%s)", cases[i].flags);

          g_assert_cmpstr (text, ==, expected);
        }
      else
        g_assert_cmpstr (text, ==, "8 dd about to call openat()");
    }

  /* A write or a read has no open flags, nor a "why". */
  {
    g_autoptr(FifolabWatchRecord) write_ = parse ("{\"event\":\"pending\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"requested\":22,\"size\":22,\"direction\":\"write\"}");

    g_assert_cmpint (write_->open_flags, ==, -1);
    g_assert_null (fifolab_step_guess_none_why (write_));
  }
}

/* -------------------------------------------------------------------- */
/* The real tracer */

/* $1 the FIFO, $2 fifolab-peer: an open for reading and writing (the
 * shell's <>, which stays open as the reader), dd's non-blocking opens for
 * reading and for writing, fifolab-peer's write (O_PATH, then O_WRONLY of
 * /proc/self/fd/N: a reader is there, it does not block), then the close. */
static const char *opens_script =
  "exec 3<>\"$1\"\n"
  "dd if=\"$1\" iflag=nonblock count=0 status=none\n"
  "dd if=/dev/null of=\"$1\" oflag=nonblock conv=notrunc count=0 status=none\n"
  "\"$2\" write \"$1\" > /dev/null\n"
  "exec 3<&-\n";

typedef struct
{
  FifolabTestWatch *watch;
  guint             seen;
} Next;

/* A record not looked at yet, or the watch's end. */
static gboolean
next_or_done (gpointer data)
{
  Next *next = data;

  return next->watch->records->len > next->seen || fifolab_test_watch_done (next->watch);
}

static void
test_step_open_tracer (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *peer = g_getenv ("FIFOLAB_PEER");
  FifolabTestWatch *watch;
  g_autoptr(GArray) flags = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) n_guesses = g_array_new (FALSE, FALSE, sizeof (guint));
  const int expected_flags[] = { O_RDWR, O_RDONLY | O_NONBLOCK, O_WRONLY | O_NONBLOCK, O_PATH, O_WRONLY };
  const guint expected_guesses[] = { 0, 0, 2, 0, 2 };
  Next next;
  int status;

  if (!fifolab_test_watch_supported (2))
    return;
  g_assert_nonnull (peer);
  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  watch = fifolab_test_watch_new (dir, (const char * const[]) {
                                    path, "--json", "--step", "--", "/bin/sh", "-c", opens_script,
                                    "sh", path, peer, NULL },
                                  G_SUBPROCESS_FLAGS_STDIN_PIPE);
  next = (Next) { watch, 0 };

  /* Each held call let go in turn, its thread named; the opens' flags kept. */
  for (;;)
    {
      FifolabWatchRecord *record;

      g_assert_true (fifolab_test_wait_until (next_or_done, &next, WAIT_MS));
      if (watch->records->len == next.seen)
        break;
      record = g_ptr_array_index (watch->records, next.seen++);
      if (record->kind != FIFOLAB_WATCH_PENDING)
        continue;
      if (g_str_has_prefix (record->syscall, "open"))
        {
          FifolabStepGuess g[FIFOLAB_STEP_MAX_GUESSES];
          guint n = fifolab_step_guesses (record, g);

          g_test_message ("%s of pid %" G_GINT64_FORMAT " held, flags %d, %u choices",
                          record->syscall, record->pid, record->open_flags, n);
          g_array_append_val (flags, record->open_flags);
          g_array_append_val (n_guesses, n);
        }
      {
        g_autofree char *command = g_strdup_printf ("step %" G_GINT64_FORMAT "\n", record->tid);
        g_autoptr(GError) error = NULL;

        g_assert_true (g_output_stream_write_all (watch->in, command, strlen (command), NULL, NULL, &error));
        g_assert_no_error (error);
      }
    }
  status = fifolab_test_watch_finish (watch, WAIT_MS);
  if (flags->len != G_N_ELEMENTS (expected_flags))
    fifolab_test_watch_dump (watch);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (flags->len, ==, G_N_ELEMENTS (expected_flags));
  for (guint i = 0; i < flags->len; i++)
    {
      g_assert_cmpint (g_array_index (flags, int, i), ==, expected_flags[i]);
      g_assert_cmpuint (g_array_index (n_guesses, guint, i), ==, expected_guesses[i]);
    }
  fifolab_test_watch_free (watch);
  fifolab_test_fifo_clear (&dir, &path);
}

/* A held open of the write end whose record says the write direction (a
 * record of a blocked open of the write end may) is still an open: an
 * open's choices, never a write's. */
static void
test_step_open_write_direction (void)
{
  g_autoptr(FifolabWatchRecord) pending =
    parse ("{\"event\":\"pending\",\"syscall\":\"openat\",\"pid\":8,\"tid\":8,"
           "\"comm\":\"dd\",\"time_us\":5,\"fd\":-1,\"flags\":\"O_WRONLY\","
           "\"direction\":\"write\",\"size\":0}");
  FifolabStepGuess g[FIFOLAB_STEP_MAX_GUESSES];

  g_assert_true (pending->is_write);
  g_assert_cmpuint (fifolab_step_guesses (pending, g), ==, 2);
  g_assert_cmpint (g[0], ==, FIFOLAB_STEP_GUESS_AT_ONCE);
  g_assert_cmpint (g[1], ==, FIFOLAB_STEP_GUESS_BLOCKS);
  g_assert_cmpstr (fifolab_step_guess_label (pending, g[1]), ==, "Blocks until the other end opens");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/step-open/choices", test_step_open_choices);
  g_test_add_func ("/step-open/write-direction", test_step_open_write_direction);
  g_test_add_func ("/step-open/tracer", test_step_open_tracer);

  return g_test_run ();
}
