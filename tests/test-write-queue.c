/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-write-queue.h"
#include "fifolab-writer.h"
#include "fifolab-test-util.h"

/* A writer's queue: FifolabWriteQueue on its own (no pipe), then the queue
 * as FifolabWriter's API shows it (clear, the bound in bytes). */

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_rest (FifolabWriteQueue *queue,
             const char        *expected)
{
  const guint8 *data = NULL;
  gsize len = 0;

  g_assert_true (_fifolab_write_queue_peek_rest (queue, &data, &len));
  g_assert_cmpmem (data, len, expected, strlen (expected));
}

/* What fits is taken; what would go over the bound is refused whole, with
 * QUEUE_FULL, or TOO_LARGE when it could never fit. */
static void
test_write_queue_bound (void)
{
  FifolabWriteQueue queue;
  g_autoptr(GBytes) four = bytes_of ("four");
  g_autoptr(GBytes) two = bytes_of ("tw");
  g_autoptr(GBytes) eleven = bytes_of ("eleven byte");
  g_autoptr(GError) error = NULL;

  _fifolab_write_queue_init (&queue, 10);
  g_assert_cmpuint (_fifolab_write_queue_get_length (&queue), ==, 0);
  g_assert_true (_fifolab_write_queue_push (&queue, four, &error));
  g_assert_true (_fifolab_write_queue_push (&queue, four, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (queue.bytes, ==, 8);

  g_assert_false (_fifolab_write_queue_push (&queue, four, &error));
  g_assert_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_QUEUE_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (queue.bytes, ==, 8);
  g_assert_cmpuint (_fifolab_write_queue_get_length (&queue), ==, 2);

  g_assert_true (_fifolab_write_queue_push (&queue, two, &error));
  g_assert_cmpuint (queue.bytes, ==, 10);
  _fifolab_write_queue_clear (&queue);
  g_assert_cmpuint (queue.bytes, ==, 0);
  g_assert_cmpuint (_fifolab_write_queue_get_length (&queue), ==, 0);

  g_assert_false (_fifolab_write_queue_push (&queue, eleven, &error));
  g_assert_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_TOO_LARGE);
  g_assert_cmpuint (queue.bytes, ==, 0);
  _fifolab_write_queue_clear (&queue);
}

/* The head message is written in pieces; it leaves the queue, with the
 * count of its bytes, only once the last piece is in. */
static void
test_write_queue_pieces (void)
{
  FifolabWriteQueue queue;
  g_autoptr(GBytes) hello = bytes_of ("hello");
  g_autoptr(GBytes) next = bytes_of ("xy");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) done = NULL;
  const guint8 *data;
  gsize len;
  gsize written = 0;

  _fifolab_write_queue_init (&queue, 100);
  g_assert_false (_fifolab_write_queue_peek_rest (&queue, &data, &len));
  g_assert_true (_fifolab_write_queue_push (&queue, hello, NULL));
  g_assert_true (_fifolab_write_queue_push (&queue, next, NULL));
  g_assert_true (_fifolab_write_queue_push (&queue, empty, NULL));

  assert_rest (&queue, "hello");
  g_assert_true (_fifolab_write_queue_has_waiting (&queue));
  g_assert_null (_fifolab_write_queue_advance (&queue, 2, &written));
  assert_rest (&queue, "llo");
  g_assert_cmpuint (_fifolab_write_queue_get_length (&queue), ==, 3);
  done = _fifolab_write_queue_advance (&queue, 3, &written);
  g_assert_true (done == hello);
  g_assert_cmpuint (written, ==, 5);
  g_assert_cmpuint (queue.bytes, ==, 2);
  g_assert_cmpuint (_fifolab_write_queue_get_length (&queue), ==, 2);
  g_clear_pointer (&done, g_bytes_unref);

  assert_rest (&queue, "xy");
  done = _fifolab_write_queue_advance (&queue, 2, &written);
  g_assert_true (done == next);
  g_assert_cmpuint (written, ==, 2);
  g_clear_pointer (&done, g_bytes_unref);

  /* An empty message is complete with nothing written. */
  g_assert_true (_fifolab_write_queue_peek_rest (&queue, &data, &len));
  g_assert_cmpuint (len, ==, 0);
  g_assert_false (_fifolab_write_queue_has_waiting (&queue));
  done = _fifolab_write_queue_advance (&queue, 0, &written);
  g_assert_true (done == empty);
  g_assert_cmpuint (written, ==, 0);
  g_assert_cmpuint (queue.bytes, ==, 0);
  g_assert_false (_fifolab_write_queue_peek_rest (&queue, &data, &len));
  _fifolab_write_queue_clear (&queue);
}

/* The write end goes away: a message partly written is taken out with what
 * went in (never sent twice); one not started goes back to the head. */
static void
test_write_queue_settle (void)
{
  FifolabWriteQueue queue;
  g_autoptr(GBytes) first = bytes_of ("first");
  g_autoptr(GBytes) second = bytes_of ("second");
  g_autoptr(GBytes) partial = NULL;
  gsize written = 0;

  _fifolab_write_queue_init (&queue, 100);
  g_assert_null (_fifolab_write_queue_settle (&queue, &written));
  g_assert_true (_fifolab_write_queue_push (&queue, first, NULL));
  g_assert_true (_fifolab_write_queue_push (&queue, second, NULL));

  /* Started, nothing written: back to the head, whole. */
  assert_rest (&queue, "first");
  g_assert_null (_fifolab_write_queue_settle (&queue, &written));
  g_assert_cmpuint (_fifolab_write_queue_get_length (&queue), ==, 2);
  g_assert_cmpuint (queue.bytes, ==, 11);
  assert_rest (&queue, "first");

  /* Three bytes in: out, as written so far. */
  g_assert_null (_fifolab_write_queue_advance (&queue, 3, &written));
  partial = _fifolab_write_queue_settle (&queue, &written);
  g_assert_true (partial == first);
  g_assert_cmpuint (written, ==, 3);
  g_assert_cmpuint (queue.bytes, ==, 6);
  g_assert_cmpuint (_fifolab_write_queue_get_length (&queue), ==, 1);
  assert_rest (&queue, "second");

  /* Dropping the waiting ones keeps the one being written. */
  g_assert_true (_fifolab_write_queue_push (&queue, first, NULL));
  g_assert_cmpuint (_fifolab_write_queue_drop_waiting (&queue), ==, 1);
  g_assert_cmpuint (_fifolab_write_queue_get_length (&queue), ==, 1);
  g_assert_cmpuint (queue.bytes, ==, 6);
  assert_rest (&queue, "second");
  _fifolab_write_queue_clear (&queue);
}

static void
test_writer_clear_queue (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "clear");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = bytes_of ("a");
  g_autoptr(GBytes) b = bytes_of ("b");
  FifolabWriter *writer = fifolab_writer_new (path);

  g_assert_true (fifolab_writer_start (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_writer_send (writer, a, NULL), ==, 1);
  g_assert_cmpuint (fifolab_writer_send (writer, b, NULL), ==, 2);
  g_assert_cmpuint (fifolab_writer_clear_queue (writer), ==, 2);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, 0);
  g_assert_cmpuint (fifolab_writer_clear_queue (writer), ==, 0);

  g_assert_finalize_object (writer);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The bound counts bytes, whatever the sizes: it is filled exactly, one
 * message larger than the bound is refused on its own (TOO_LARGE), clearing
 * the queue and a higher bound make room again, and a lower bound than what
 * waits refuses until it drains. */
static void
test_writer_queue_bound_sizes (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "sizes");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) three_k = fifolab_test_bytes_sized (3000);
  g_autoptr(GBytes) one_k = fifolab_test_bytes_sized (1000);
  g_autoptr(GBytes) one = bytes_of ("x");
  g_autoptr(GBytes) huge = fifolab_test_bytes_sized (10001);
  FifolabWriter *writer = fifolab_writer_new (path);
  guint64 max = 0;

  g_object_set (writer, "max-queued-bytes", (guint64) 10000, NULL);
  g_object_get (writer, "max-queued-bytes", &max, NULL);
  g_assert_cmpuint (max, ==, 10000);
  g_assert_true (fifolab_writer_start (writer, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fifolab_writer_send (writer, three_k, &error), ==, 1);
  g_assert_cmpuint (fifolab_writer_send (writer, three_k, &error), ==, 2);
  g_assert_cmpuint (fifolab_writer_send (writer, three_k, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_writer_get_queued_bytes (writer), ==, 9000);

  /* 9000 + 3000 > 10000, but 9000 + 1000 fits exactly. */
  g_assert_cmpuint (fifolab_writer_send (writer, three_k, &error), ==, 0);
  g_assert_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_QUEUE_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (fifolab_writer_send (writer, one_k, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_writer_get_queued_bytes (writer), ==, 10000);
  g_assert_cmpuint (fifolab_writer_send (writer, one, &error), ==, 0);
  g_assert_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_QUEUE_FULL);
  g_clear_error (&error);

  /* Larger than the bound: refused even into an empty queue. */
  g_assert_cmpuint (fifolab_writer_clear_queue (writer), ==, 4);
  g_assert_cmpuint (fifolab_writer_get_queued_bytes (writer), ==, 0);
  g_assert_cmpuint (fifolab_writer_send (writer, huge, &error), ==, 0);
  g_assert_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_TOO_LARGE);
  g_test_message ("too large: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, 0);

  /* A higher bound takes it. */
  fifolab_writer_set_max_queued_bytes (writer, 20000);
  g_assert_cmpuint (fifolab_writer_send (writer, huge, &error), ==, 1);
  g_assert_no_error (error);

  /* A bound below what waits: nothing more until it drains. */
  fifolab_writer_set_max_queued_bytes (writer, 5000);
  g_assert_cmpuint (fifolab_writer_send (writer, one, &error), ==, 0);
  g_assert_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_QUEUE_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (fifolab_writer_get_queued_bytes (writer), ==, 10001);

  g_assert_finalize_object (writer);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/write-queue/bound", test_write_queue_bound);
  g_test_add_func ("/write-queue/pieces", test_write_queue_pieces);
  g_test_add_func ("/write-queue/settle", test_write_queue_settle);
  g_test_add_func ("/writer/clear-queue", test_writer_clear_queue);
  g_test_add_func ("/writer/queue-bound-sizes", test_writer_queue_bound_sizes);

  return g_test_run ();
}
