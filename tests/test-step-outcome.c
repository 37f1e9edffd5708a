/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step mode's predictions and outcomes (fifolab-step-outcome.c) from watch
 * records as `fifolab-peer watch --json` writes them: the choices per call
 * kind, each outcome in words (blocked or not, EPIPE, end of file, ENXIO, a
 * short write) and which predictions came true. The records are parsed from
 * JSON lines, the watch's own format; the UI test (ui-step-stage) gets them
 * from real processes. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "fifolab-step-outcome.h"
#include "fifolab-test-util.h"

static void
test_step_outcome_choices (void)
{
  g_autoptr(FifolabWatchRecord) write_ = fifolab_test_record_from_json ("{\"event\":\"pending\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"requested\":22,\"size\":22,\"direction\":\"write\",\"text\":\"Hello from pid [12345]\"}");
  g_autoptr(FifolabWatchRecord) read_ = fifolab_test_record_from_json ("{\"event\":\"pending\",\"syscall\":\"read\",\"pid\":8,\"tid\":8,\"fd\":4,\"requested\":22,\"size\":22,\"direction\":\"read\"}");
  g_autoptr(FifolabWatchRecord) open_ = fifolab_test_record_from_json ("{\"event\":\"pending\",\"syscall\":\"openat\",\"pid\":8,\"tid\":8,\"fd\":-1}");
  g_autoptr(FifolabWatchRecord) close_ = fifolab_test_record_from_json ("{\"event\":\"pending\",\"syscall\":\"close\",\"pid\":8,\"tid\":8,\"fd\":4}");
  FifolabStepGuess g[FIFOLAB_STEP_MAX_GUESSES];

  g_assert_cmpuint (fifolab_step_guesses (write_, g), ==, 3);
  g_assert_cmpstr (fifolab_step_guess_label (write_, g[0]), ==, "Returns at once");
  g_assert_cmpstr (fifolab_step_guess_label (write_, g[1]), ==, "Blocks: the pipe is full");
  g_assert_cmpstr (fifolab_step_guess_label (write_, g[2]), ==, "Fails with EPIPE and SIGPIPE: no reader");
  g_assert_cmpuint (fifolab_step_guesses (read_, g), ==, 3);
  g_assert_cmpstr (fifolab_step_guess_label (read_, g[0]), ==, "Returns data at once");
  g_assert_cmpstr (fifolab_step_guess_label (read_, g[1]), ==, "Blocks: the pipe is empty");
  g_assert_cmpstr (fifolab_step_guess_label (read_, g[2]), ==, "Returns 0: end of file, no writer");
  g_assert_cmpuint (fifolab_step_guesses (open_, g), ==, 3);
  g_assert_cmpstr (fifolab_step_guess_label (open_, g[1]), ==, "Blocks until the other end opens");
  g_assert_cmpstr (fifolab_step_guess_label (open_, g[2]), ==, "Fails with ENXIO: non-blocking, no reader");
  g_assert_cmpuint (fifolab_step_guesses (close_, g), ==, 0);
}

typedef struct
{
  const char *json;         /* the call's record */
  gboolean    blocked;      /* a BLOCKED record of it came */
  const char *said;
  const char *pending;      /* the held call's record */
  FifolabStepGuess guess;
  const char *verdict;
} Case;

static void
test_step_outcome_said (void)
{
  const char *pending_write = "{\"event\":\"pending\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"requested\":22,\"direction\":\"write\"}";
  const char *pending_read = "{\"event\":\"pending\",\"syscall\":\"read\",\"pid\":8,\"tid\":8,\"requested\":22,\"direction\":\"read\"}";
  const char *pending_open = "{\"event\":\"pending\",\"syscall\":\"openat\",\"pid\":8,\"tid\":8}";
  const Case cases[] = {
    { "{\"event\":\"call\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"result\":22,\"requested\":22,\"size\":22,\"blocked_us\":120,\"direction\":\"write\"}",
      FALSE, "write returned 22 at once", pending_write, FIFOLAB_STEP_GUESS_AT_ONCE, "You predicted: returns at once. Right." },
    { "{\"event\":\"call\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"result\":22,\"requested\":22,\"size\":22,\"blocked_us\":2345678,\"direction\":\"write\"}",
      TRUE, "write blocked 2.3 s, then returned 22", pending_write, FIFOLAB_STEP_GUESS_AT_ONCE, "You predicted: returns at once. Not this time." },
    { "{\"event\":\"call\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"result\":-1,\"errno\":\"EPIPE\",\"requested\":22,\"size\":22,\"blocked_us\":90,\"direction\":\"write\"}",
      FALSE, "write failed: EPIPE, SIGPIPE sent", pending_write, FIFOLAB_STEP_GUESS_EPIPE, "You predicted: EPIPE. Right." },
    { "{\"event\":\"call\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"result\":-1,\"errno\":\"EPIPE\",\"requested\":65536,\"size\":65536,\"blocked_us\":1500000,\"direction\":\"write\"}",
      TRUE, "write blocked 1.5 s, then failed: EPIPE, SIGPIPE sent", pending_write, FIFOLAB_STEP_GUESS_BLOCKS, "You predicted: blocks. Right." },
    { "{\"event\":\"call\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"result\":4096,\"requested\":8192,\"size\":4096,\"blocked_us\":80,\"direction\":\"write\"}",
      FALSE, "write returned 4096 at once, of 8192 bytes", pending_write, FIFOLAB_STEP_GUESS_NONE, NULL },
    { "{\"event\":\"call\",\"syscall\":\"read\",\"pid\":8,\"tid\":8,\"fd\":4,\"result\":22,\"requested\":22,\"size\":22,\"blocked_us\":1412000,\"direction\":\"read\",\"text\":\"Hello from pid [12345]\"}",
      TRUE, "read blocked 1.4 s, then returned 22 bytes", pending_read, FIFOLAB_STEP_GUESS_BLOCKS, "You predicted: blocks. Right." },
    { "{\"event\":\"call\",\"syscall\":\"read\",\"pid\":8,\"tid\":8,\"fd\":4,\"result\":1,\"requested\":22,\"size\":1,\"blocked_us\":50,\"direction\":\"read\",\"text\":\"x\"}",
      FALSE, "read returned 1 byte at once", pending_read, FIFOLAB_STEP_GUESS_AT_ONCE, "You predicted: returns data at once. Right." },
    { "{\"event\":\"call\",\"syscall\":\"read\",\"pid\":8,\"tid\":8,\"fd\":4,\"result\":0,\"requested\":22,\"size\":0,\"blocked_us\":50,\"direction\":\"read\",\"text\":\"\"}",
      FALSE, "read returned 0: end of file", pending_read, FIFOLAB_STEP_GUESS_AT_ONCE, "You predicted: returns data at once. Not this time." },
    /* Blocked, then the last writer left: both "blocks" and "end of file" came true. */
    { "{\"event\":\"call\",\"syscall\":\"read\",\"pid\":8,\"tid\":8,\"fd\":4,\"result\":0,\"requested\":22,\"size\":0,\"blocked_us\":700000,\"direction\":\"read\",\"text\":\"\"}",
      TRUE, "read blocked 0.7 s, then returned 0: end of file", pending_read, FIFOLAB_STEP_GUESS_EOF, "You predicted: end of file. Right." },
    { "{\"event\":\"call\",\"syscall\":\"openat\",\"pid\":8,\"tid\":8,\"fd\":-1,\"result\":-1,\"errno\":\"ENXIO\",\"blocked_us\":40}",
      FALSE, "openat failed: ENXIO, nobody has the pipe open for reading", pending_open, FIFOLAB_STEP_GUESS_ENXIO, "You predicted: ENXIO. Right." },
    { "{\"event\":\"call\",\"syscall\":\"openat\",\"pid\":8,\"tid\":8,\"fd\":3,\"result\":3,\"blocked_us\":3000000}",
      TRUE, "openat blocked 3.0 s until the other end opened, then returned descriptor 3", pending_open, FIFOLAB_STEP_GUESS_BLOCKS, "You predicted: blocks. Right." },
    { "{\"event\":\"call\",\"syscall\":\"read\",\"pid\":8,\"tid\":8,\"fd\":4,\"result\":-1,\"errno\":\"EINTR\",\"requested\":22,\"size\":0,\"blocked_us\":400000,\"direction\":\"read\"}",
      TRUE, "read blocked 0.4 s, then failed: EINTR", pending_read, FIFOLAB_STEP_GUESS_EOF, "You predicted: end of file. Not this time." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FifolabWatchRecord) call = fifolab_test_record_from_json (cases[i].json);
      g_autoptr(FifolabWatchRecord) pending = fifolab_test_record_from_json (cases[i].pending);
      g_autofree char *said = fifolab_step_outcome_describe (call, cases[i].blocked);

      g_test_message ("case %u: %s", i, said);
      g_assert_cmpstr (said, ==, cases[i].said);
      if (cases[i].verdict != NULL)
        {
          g_autofree char *verdict = fifolab_step_outcome_verdict (pending, cases[i].guess, call, cases[i].blocked);

          g_assert_cmpstr (verdict, ==, cases[i].verdict);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/step-outcome/choices", test_step_outcome_choices);
  g_test_add_func ("/step-outcome/said", test_step_outcome_said);

  return g_test_run ();
}
