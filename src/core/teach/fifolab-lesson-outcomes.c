/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What FIFO Lab saw in each step of the lessons, in words and numbers: the
 * pids, the bytes, the errno, the exit statuses. The engine shows it once the
 * step's check has passed (fifolab-lesson-steps.c), and asks again while the
 * step stays the current one, as the rest of it is seen. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fifolab-lesson-private.h"

static char *
pid_text (FifolabPeerProcess *peer)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, fifolab_peer_process_get_pid (peer));
}

/* Between two sentences: a space, but not after a full-width stop ("。"),
 * after which Chinese puts none. */
static void
separate (GString *text)
{
  if (text->len > 0 && !g_str_has_suffix (text->str, "。"))
    g_string_append_c (text, ' ');
}

/* "Writer 1234 exited with status 0." once it has, or nothing. */
static void
append_exit (GString            *text,
             FifolabPeerProcess *peer)
{
  g_autofree char *pid = NULL;
  gboolean writer;
  int code;

  if (peer == NULL || fifolab_peer_process_get_state (peer) != FIFOLAB_PEER_STATE_EXITED)
    return;
  pid = pid_text (peer);
  separate (text);
  writer = fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_WRITE;
  code = fifolab_peer_process_get_exit_code (peer);
  if (code < 0 && writer)
    g_string_append_printf (text, _("Writer %s was stopped."), pid);
  else if (code < 0)
    g_string_append_printf (text, _("Reader %s was stopped."), pid);
  else if (writer)
    g_string_append_printf (text, _("Writer %s exited with status %d."), pid, code);
  else
    g_string_append_printf (text, _("Reader %s exited with status %d."), pid, code);
}

/* "200 whole lines, 0 torn" */
static char *
count_lines (guint whole,
             guint torn)
{
  g_autofree char *whole_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u whole line", "%u whole lines", whole),
                                                 whole);
  /* Translators: the second half of "200 whole lines, 0 torn". */
  g_autofree char *torn_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u torn", "%u torn", torn), torn);

  /* Translators: "200 whole lines" and "0 torn". */
  return g_strdup_printf (_("%s, %s"), whole_text, torn_text);
}

char *
_fifolab_lesson_describe_mkfifo (FifolabLesson *self)
{
  GStatBuf st;
  char mode[11];
  const char *rwx = "rwxrwxrwx";

  if (g_stat (self->pipe, &st) != 0)
    return g_strdup ("");
  mode[0] = S_ISFIFO (st.st_mode) ? 'p' : '?';
  for (guint i = 0; i < 9; i++)
    mode[1 + i] = (st.st_mode & (1u << (8 - i))) ? rwx[i] : '-';
  mode[10] = '\0';
  /* Translators: %s is a mode as ls -l shows it, "prw-------". */
  return g_strdup_printf (_("FIFO Lab called mkfifo(): ls -l shows my_pipe as “%s”. The “p” says it is a "
                            "named pipe; its size on disk is 0 bytes."), mode);
}

gboolean
_fifolab_lesson_is_held_before (FifolabLesson      *self,
                                FifolabPeerProcess *peer,
                                const char         *call)
{
  FifolabWatchRecord *pending;

  if (peer == NULL || !fifolab_peer_process_is_running (peer))
    return FALSE;
  if (fifolab_peer_process_is_held (peer))
    return TRUE;
  if (self->step_watch == NULL)
    return FALSE;
  pending = fifolab_step_watch_get_pending_of (self->step_watch, fifolab_peer_process_get_pid (peer));
  return pending != NULL && pending->syscall != NULL && g_str_has_prefix (pending->syscall, call);
}

char *
_fifolab_lesson_describe_reader_waits (FifolabLesson *self)
{
  g_autofree char *pid = pid_text (self->reader);

  /* Step mode: held before its open(), it is not inside it yet. */
  if (_fifolab_lesson_is_held_before (self, self->reader, "open"))
    return g_strdup_printf (_("Reader %s is held before its open() (Step Mode): it holds no end of my_pipe yet. "
                              "“Step” lets the open() begin; with no writer, it then waits inside open()."), pid);
  return g_strdup_printf (_("Reader %s is waiting inside open(): it holds no end of my_pipe yet."), pid);
}

/* The same, once it is no longer so: the reader got past open(), exited,
 * or the stage moved on. */
char *
_fifolab_lesson_describe_reader_waited (FifolabLesson       *self,
                                        FifolabPeerProcess **subject)
{
  g_autofree char *pid = pid_text (self->reader);

  *subject = self->reader;
  if (_fifolab_lesson_is_held_before (self, self->reader, "open"))
    return g_strdup_printf (_("Reader %s was held before its open() (Step Mode): it held no end of my_pipe "
                              "then."), pid);
  return g_strdup_printf (_("Reader %s was waiting inside open(): it held no end of my_pipe then."), pid);
}

char *
_fifolab_lesson_describe_ended (const char         *past,
                                FifolabPeerProcess *subject)
{
  GString *text = g_string_new (past);

  append_exit (text, subject);
  return g_string_free (text, FALSE);
}

char *
_fifolab_lesson_describe_seed_line (FifolabLesson *self)
{
  g_autofree char *reader = pid_text (self->reader);
  g_autofree char *writer = pid_text (self->writer);
  g_autofree char *message = g_strdup_printf ("Hello from pid [%s]", writer);
  g_autofree char *size = g_strdup_printf ("%zu", strlen (message));
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Reader %s received %s bytes from writer %s: “%s”."),
                          reader, size, writer, message);
  append_exit (text, self->writer);
  append_exit (text, self->reader);
  return g_string_free (text, FALSE);
}

char *
_fifolab_lesson_describe_end_of_stream (FifolabLesson *self)
{
  g_autofree char *reader = pid_text (self->reader);
  g_autofree char *writer = pid_text (self->writer);
  guint n = fifolab_peer_process_get_output_lines (self->reader)->len;
  int count = fifolab_peer_process_get_count (self->writer);
  g_autofree char *wrote = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Writer %s wrote %d message and closed the pipe.",
                                                         "Writer %s wrote %d messages and closed the pipe.",
                                                         count),
                                            writer, count);
  g_autofree char *read = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Reader %s printed %u line, then read() returned 0 bytes: end of file.",
                                                        "Reader %s printed %u lines, then read() returned 0 bytes: end of file.",
                                                        n),
                                           reader, n);
  GString *text = g_string_new (NULL);

  g_string_append (text, wrote);
  separate (text);
  g_string_append (text, read);
  append_exit (text, self->writer);
  append_exit (text, self->reader);
  return g_string_free (text, FALSE);
}

/* Lesson 4 seen in lesson 3: the book's writer closes as soon as it has
 * written. Said when seen, kept until the teacher reaches lesson 4; the
 * time is the writer's exit (its PEER_EXITED entry in the log), not when
 * the rest was seen (the reader may leave much later: step mode). Nor is
 * it said to close "at once": stepped, each of its calls waited. */
char *
_fifolab_lesson_describe_closed_before (FifolabLesson *self)
{
  gint64 exited_us = self->writer_exited_us > 0 ? self->writer_exited_us : g_get_real_time ();
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_local (exited_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exited = g_date_time_add (second, exited_us % G_USEC_PER_SEC);
  g_autofree char *hms = g_date_time_format (exited, "%H:%M:%S");
  g_autofree char *exited_at = g_strdup_printf ("%s.%03d", hms, g_date_time_get_microsecond (exited) / 1000);
  g_autofree char *reader = pid_text (self->reader);
  g_autofree char *writer = pid_text (self->writer);
  g_autofree char *message = g_strdup_printf ("Hello from pid [%s]", writer);
  g_autofree char *size = g_strdup_printf ("%zu", strlen (message));
  GString *text = g_string_new (NULL);

  /* Translators: the first %s is the time the writer exited (15:42:07.123),
   * then its pid, its number of bytes, and the reader's pid. */
  g_string_append_printf (text, _("Already seen in the step before, at %s: writer %s, having written its %s "
                                  "bytes, closed its end of my_pipe and exited with status 0. With no writer "
                                  "left, the next read() on my_pipe returns 0 bytes: end of file. Reader %s had "
                                  "read once and left, as the book’s reader does. “Replay Step” (the ↻ button "
                                  "next to “Run”) runs a reader that reads until the end of file."),
                          exited_at, writer, size, reader);
  return g_string_free (text, FALSE);
}

char *
_fifolab_lesson_describe_writer_waits (FifolabLesson *self)
{
  g_autofree char *writer = pid_text (self->writer);

  if (_fifolab_lesson_is_held_before (self, self->writer, "open"))
    return g_strdup_printf (_("FIFO Lab’s non-blocking open for writing failed with ENXIO (%s). "
                              "Writer %s is held before its open() (Step Mode); “Step” lets the open() "
                              "begin, and with no reader it then waits inside open()."),
                            g_strerror (ENXIO), writer);
  return g_strdup_printf (_("FIFO Lab’s non-blocking open for writing failed with ENXIO (%s). "
                            "Writer %s is waiting inside open() for a reader."),
                          g_strerror (ENXIO), writer);
}

char *
_fifolab_lesson_describe_writer_waited (FifolabLesson       *self,
                                        FifolabPeerProcess **subject)
{
  g_autofree char *writer = pid_text (self->writer);

  *subject = self->writer;
  if (_fifolab_lesson_is_held_before (self, self->writer, "open"))
    return g_strdup_printf (_("FIFO Lab’s non-blocking open for writing failed with ENXIO (%s). "
                              "Writer %s was held before its open() (Step Mode)."),
                            g_strerror (ENXIO), writer);
  return g_strdup_printf (_("FIFO Lab’s non-blocking open for writing failed with ENXIO (%s). "
                            "Writer %s was waiting inside open() for a reader."),
                          g_strerror (ENXIO), writer);
}

char *
_fifolab_lesson_describe_epipe (FifolabLesson *self)
{
  g_autofree char *reader = pid_text (self->reader);
  g_autofree char *writer = pid_text (self->writer);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Reader %s read once and closed its end. Writer %s then got EPIPE (%s) "
                                  "and exited with status %d."),
                          reader, writer, g_strerror (EPIPE), fifolab_peer_process_get_exit_code (self->writer));
  append_exit (text, self->reader);
  return g_string_free (text, FALSE);
}

/* Both two-writers steps: the lines counted so far, whole and torn. */
char *
_fifolab_lesson_describe_two_writers (FifolabLesson *self)
{
  g_autofree char *counts = count_lines (self->whole, self->torn);
  g_autofree char *writer = pid_text (self->writer);
  g_autofree char *writer2 = pid_text (self->writer2);
  g_autofree char *reader = self->reader != NULL ? pid_text (self->reader) : g_strdup ("?");
  GString *text = g_string_new (NULL);

  /* Translators: "200 whole lines, 0 torn", then the pids. */
  g_string_append_printf (text, _("%s: reader %s read the lines of writers %s and %s."),
                          counts, reader, writer, writer2);
  append_exit (text, self->reader);
  return g_string_free (text, FALSE);
}

char *
_fifolab_lesson_describe_byte_stream (FifolabLesson *self)
{
  g_autofree char *writer = pid_text (self->writer);
  g_autofree char *summary = fifolab_stream_trace_dup_summary (self->stream);

  /* Translators: the last %s is "5 writes, 1 read, 5 messages (115 bytes)". */
  return g_strdup_printf (_("Writer %s exited; then FIFO Lab read the pipe once: %s."), writer, summary);
}

char *
_fifolab_lesson_describe_full (FifolabLesson *self)
{
  g_autofree char *writer = pid_text (self->writer);
  g_autofree char *queued = g_strdup_printf ("%" G_GSSIZE_FORMAT, fifolab_lesson_get_queued (self));
  g_autofree char *capacity = g_strdup_printf ("%" G_GSSIZE_FORMAT, fifolab_lesson_get_capacity (self));

  if (_fifolab_lesson_is_held_before (self, self->writer, "write"))
    return g_strdup_printf (_("The pipe is full: %s of %s bytes queued. Writer %s is held before its next "
                              "write() (Step Mode); “Step” lets it begin, and it then sleeps inside write() "
                              "until a reader makes room."),
                            queued, capacity, writer);
  return g_strdup_printf (_("The pipe is full: %s of %s bytes queued. Writer %s sleeps inside write() "
                            "until a reader makes room."),
                          queued, capacity, writer);
}

char *
_fifolab_lesson_describe_was_full (FifolabLesson       *self,
                                   FifolabPeerProcess **subject)
{
  g_autofree char *writer = pid_text (self->writer);
  g_autofree char *queued = g_strdup_printf ("%" G_GSSIZE_FORMAT, fifolab_lesson_get_queued (self));
  g_autofree char *capacity = g_strdup_printf ("%" G_GSSIZE_FORMAT, fifolab_lesson_get_capacity (self));

  *subject = self->writer;
  if (_fifolab_lesson_is_held_before (self, self->writer, "write"))
    return g_strdup_printf (_("The pipe was full: %s of %s bytes queued, and writer %s was held before its next "
                              "write() (Step Mode)."),
                            queued, capacity, writer);
  return g_strdup_printf (_("The pipe was full: %s of %s bytes queued, and writer %s was sleeping inside "
                            "write()."),
                          queued, capacity, writer);
}

char *
_fifolab_lesson_describe_drained (FifolabLesson *self)
{
  g_autofree char *writer = pid_text (self->writer);
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, self->read_bytes);

  return g_strdup_printf (_("FIFO Lab read %s bytes. Writer %s woke up, wrote the rest and exited with status %d; "
                            "then read() returned 0 bytes: end of file."),
                          bytes, writer, fifolab_peer_process_get_exit_code (self->writer));
}

char *
_fifolab_lesson_describe_conversation (FifolabLesson *self)
{
  g_autofree char *reader = pid_text (self->reader);
  g_autofree char *writer = pid_text (self->writer);
  g_autofree char *server = self->server_pid != 0 ? g_strdup_printf ("%d", (int) self->server_pid) : g_strdup ("?");
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Writer %s sent “Hello from pid [%s]” on request_pipe; the server (pid %s) "
                                  "answered on reply_pipe, and reader %s printed “reply to Hello from pid [%s]”."),
                          writer, writer, server, reader, writer);
  append_exit (text, self->writer);
  append_exit (text, self->reader);
  return g_string_free (text, FALSE);
}
