/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step mode's "torn" prediction (fifolab-step-torn.c, fifolab-step-outcome.c)
 * from watch records as `fifolab-peer watch --json` writes them: the choice
 * offered only for a write larger than PIPE_BUF, and its verdict from the
 * reader's reads, in the order the watch tells them, as two writers' pages
 * came out of the pipe: torn, whole, waiting for the reader, and no verdict
 * where the reads cannot tell. The UI test (ui-step-torn) gets the records
 * from real processes. */
#include "config.h"

#include <string.h>

#include "fifolab-step-outcome.h"
#include "fifolab-step-torn.h"
#include "fifolab-test-util.h"

#define PAGE 4096

/* "pid [7] <xxx…> pid [7]\n", @body x's: a two-writers-large message. */
static char *
message (int   pid,
         gsize body)
{
  g_autofree char *filler = g_strnfill (body, 'x');

  return g_strdup_printf ("pid [%d] <%s> pid [%d]\n", pid, filler, pid);
}

static char *
escape (const char *text,
        gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      g_string_append (out, "\\n");
    else
      g_string_append_c (out, text[i]);
  return g_string_free (out, FALSE);
}

static FifolabWatchRecord *
write_call (int         pid,
            const char *text,
            gsize       shown)
{
  gsize len = strlen (text);
  g_autofree char *escaped = escape (text, MIN (shown, len));
  g_autofree char *line =
    g_strdup_printf ("{\"event\":\"call\",\"syscall\":\"write\",\"pid\":%d,\"tid\":%d,\"fd\":4,"
                     "\"result\":%zu,\"requested\":%zu,\"size\":%zu,\"blocked_us\":400000,"
                     "\"direction\":\"write\",\"text\":\"%s\"}",
                     pid, pid, len, len, len, escaped);

  return fifolab_test_record_from_json (line);
}

static FifolabWatchRecord *
read_call (int         tid,
           const char *bytes,
           gsize       len)
{
  g_autofree char *escaped = escape (bytes, len);
  g_autofree char *line =
    g_strdup_printf ("{\"event\":\"call\",\"syscall\":\"read\",\"pid\":%d,\"tid\":%d,\"fd\":3,"
                     "\"result\":%zu,\"requested\":4096,\"size\":%zu,\"blocked_us\":10,"
                     "\"direction\":\"read\",\"text\":\"%s\"}",
                     tid, tid, len, len, escaped);

  return fifolab_test_record_from_json (line);
}

static void
add_read (FifolabStepTorn *torn,
          int              tid,
          const char      *bytes,
          gsize            len)
{
  g_autoptr(FifolabWatchRecord) record = read_call (tid, bytes, len);

  fifolab_step_torn_add (torn, record);
}

/* Reader @tid reads @text, a page at a time. */
static void
add_reads (FifolabStepTorn *torn,
           int              tid,
           const char      *text)
{
  gsize len = strlen (text);

  for (gsize off = 0; off < len; off += PAGE)
    add_read (torn, tid, text + off, MIN (PAGE, len - off));
}

/* The verdict on writer 7's write of @text, its "torn" found @found. */
static void
assert_verdict (const char           *text,
                FifolabStepTornState  found,
                const char           *expected)
{
  g_autoptr(FifolabWatchRecord) call = write_call (7, text, G_MAXSIZE);
  g_autofree char *verdict = fifolab_step_outcome_torn_verdict (call, found);

  g_assert_cmpstr (verdict, ==, expected);
}

static guint
add_write (FifolabStepTorn *torn,
           int              pid,
           const char      *text)
{
  g_autoptr(FifolabWatchRecord) record = write_call (pid, text, G_MAXSIZE);

  fifolab_step_torn_add (torn, record);
  return fifolab_step_torn_follow (torn, record, NULL);
}

static void
test_step_torn_choices (void)
{
  g_autoptr(FifolabWatchRecord) small = fifolab_test_record_from_json ("{\"event\":\"pending\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"requested\":4096,\"size\":4096,\"direction\":\"write\"}");
  g_autoptr(FifolabWatchRecord) large = fifolab_test_record_from_json ("{\"event\":\"pending\",\"syscall\":\"write\",\"pid\":7,\"tid\":7,\"fd\":4,\"requested\":4097,\"size\":4097,\"direction\":\"write\"}");
  g_autoptr(FifolabWatchRecord) read_ = fifolab_test_record_from_json ("{\"event\":\"pending\",\"syscall\":\"read\",\"pid\":8,\"tid\":8,\"fd\":4,\"requested\":100000,\"size\":100000,\"direction\":\"read\"}");
  FifolabStepGuess g[FIFOLAB_STEP_MAX_GUESSES];

  /* PIPE_BUF bytes go in together: never torn. */
  g_assert_cmpuint (fifolab_step_guesses (small, g), ==, 3);
  g_assert_cmpuint (fifolab_step_guesses (read_, g), ==, 3);
  g_assert_cmpuint (fifolab_step_guesses (large, g), ==, 4);
  g_assert_cmpint (g[3], ==, FIFOLAB_STEP_GUESS_TORN);
  g_assert_cmpstr (fifolab_step_guess_label (large, g[3]), ==, "Torn: another writer’s bytes come in between");
  g_assert_nonnull (strstr (fifolab_step_guess_tooltip (large, g[3]), "PIPE_BUF (4096)"));
  g_assert_null (fifolab_step_guess_tooltip (large, g[0]));
  g_assert_cmpstr (fifolab_step_guess_name (large, g[3]), ==, "torn");
}

/* Writer 7's page, writer 8's, the rest of 7's, the rest of 8's: the
 * kernel woke them in turn, as in lesson 6 with a one-page pipe. */
static void
test_step_torn_torn (void)
{
  g_autoptr(FifolabStepTorn) torn = fifolab_step_torn_new ();
  g_autofree char *a = message (7, 6000);
  g_autofree char *b = message (8, 6000);
  guint id_a;
  guint id_b;

  add_read (torn, 9, a, PAGE);
  add_read (torn, 9, b, PAGE);
  add_read (torn, 9, a + PAGE, strlen (a) - PAGE);
  id_a = add_write (torn, 7, a);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_a), ==, FIFOLAB_STEP_TORN_TORN);
  id_b = add_write (torn, 8, b);
  /* Writer 8's first page came out whole, its rest not yet. */
  g_assert_cmpint (fifolab_step_torn_get (torn, id_b), ==, FIFOLAB_STEP_TORN_TORN);

  assert_verdict (a, FIFOLAB_STEP_TORN_TORN, "You predicted: torn. Right.");
}

/* The same bytes, 7's write read whole before 8's: not torn; and its
 * verdict waits for the reader until all of its bytes are read. */
static void
test_step_torn_whole (void)
{
  g_autoptr(FifolabStepTorn) torn = fifolab_step_torn_new ();
  g_autofree char *a = message (7, 6000);
  g_autofree char *b = message (8, 6000);
  guint id_a;
  guint id_b;

  /* The open of the write end, which slept until a reader came: its
   * record has the write direction, but it is no write. */
  {
    g_autoptr(FifolabWatchRecord) open_ = fifolab_test_record_from_json ("{\"event\":\"call\",\"syscall\":\"openat\",\"pid\":7,\"tid\":7,\"fd\":4,\"result\":4,\"blocked_us\":900000,\"direction\":\"write\"}");

    g_assert_true (open_->is_write);
    fifolab_step_torn_add (torn, open_);
  }
  id_a = add_write (torn, 7, a);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_a), ==, FIFOLAB_STEP_TORN_WAITING);
  assert_verdict (a, FIFOLAB_STEP_TORN_WAITING, "Whether it was torn shows when the reader has read these 6019 bytes");
  add_read (torn, 9, a, PAGE);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_a), ==, FIFOLAB_STEP_TORN_WAITING);
  id_b = add_write (torn, 8, b);
  add_read (torn, 9, a + PAGE, strlen (a) - PAGE);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_a), ==, FIFOLAB_STEP_TORN_WHOLE);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_b), ==, FIFOLAB_STEP_TORN_WAITING);
  add_reads (torn, 9, b);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_b), ==, FIFOLAB_STEP_TORN_WHOLE);

  assert_verdict (a, FIFOLAB_STEP_TORN_WHOLE, "You predicted: torn. Not this time.");
}

/* Writer 7's second message is the one after its first: its first came
 * whole, its second torn by 8's page. */
static void
test_step_torn_second (void)
{
  g_autoptr(FifolabStepTorn) torn = fifolab_step_torn_new ();
  g_autofree char *a = message (7, 6000);
  g_autofree char *b = message (8, 6000);
  guint id_1;
  guint id_2;

  id_1 = add_write (torn, 7, a);
  add_reads (torn, 9, a);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_1), ==, FIFOLAB_STEP_TORN_WHOLE);
  id_2 = add_write (torn, 7, a);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_2), ==, FIFOLAB_STEP_TORN_WAITING);
  add_read (torn, 9, a, PAGE);
  add_read (torn, 9, b, PAGE);
  g_assert_cmpint (fifolab_step_torn_get (torn, id_2), ==, FIFOLAB_STEP_TORN_TORN);
  /* A page of the other writer that holds only filler ('x' like its
   * own): its bytes are longer than they should be, torn all the same. */
  {
    g_autoptr(FifolabStepTorn) torn2 = fifolab_step_torn_new ();
    g_autofree char *fill = g_strnfill (PAGE, 'x');
    guint id;

    id = add_write (torn2, 7, a);
    add_read (torn2, 9, a, PAGE);
    add_read (torn2, 9, fill, PAGE);
    add_read (torn2, 9, a + PAGE, strlen (a) - PAGE);
    g_assert_cmpint (fifolab_step_torn_get (torn2, id), ==, FIFOLAB_STEP_TORN_TORN);
  }
}

/* No verdict where the reads cannot tell: two readers; a write whose
 * record keeps only its first 64 KiB, unless its bytes are given. */
static void
test_step_torn_unknown (void)
{
  g_autoptr(FifolabStepTorn) torn = fifolab_step_torn_new ();
  g_autoptr(FifolabStepTorn) big = fifolab_step_torn_new ();
  g_autofree char *a = message (7, 6000);
  g_autofree char *large = message (7, 100000);
  g_autoptr(FifolabWatchRecord) call = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint id;
  guint id_given;

  id = add_write (torn, 7, a);
  add_read (torn, 9, a, PAGE);
  add_read (torn, 10, a + PAGE, strlen (a) - PAGE);
  g_assert_cmpint (fifolab_step_torn_get (torn, id), ==, FIFOLAB_STEP_TORN_UNKNOWN);
  assert_verdict (a, FIFOLAB_STEP_TORN_UNKNOWN, "You predicted: torn. What the reader read cannot tell whether it was torn.");

  /* The record holds its first FIFOLAB_WATCH_PAYLOAD_MAX bytes. */
  call = write_call (7, large, FIFOLAB_WATCH_PAYLOAD_MAX);
  fifolab_step_torn_add (big, call);
  id = fifolab_step_torn_follow (big, call, NULL);
  bytes = g_bytes_new (large, strlen (large));
  id_given = fifolab_step_torn_follow (big, call, bytes);
  add_reads (big, 9, large);
  g_assert_cmpint (fifolab_step_torn_get (big, id), ==, FIFOLAB_STEP_TORN_UNKNOWN);
  g_assert_cmpint (fifolab_step_torn_get (big, id_given), ==, FIFOLAB_STEP_TORN_WHOLE);
  fifolab_step_torn_forget (big, id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/step-torn/choices", test_step_torn_choices);
  g_test_add_func ("/step-torn/torn", test_step_torn_torn);
  g_test_add_func ("/step-torn/whole", test_step_torn_whole);
  g_test_add_func ("/step-torn/second", test_step_torn_second);
  g_test_add_func ("/step-torn/unknown", test_step_torn_unknown);

  return g_test_run ();
}
