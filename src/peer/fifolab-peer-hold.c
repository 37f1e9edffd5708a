/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer hold --tracer PID --gate FD -- COMMAND [ARG…]
 *
 * How FIFO Lab starts a process that step mode must hold from its very
 * first call on the FIFO, with no race. The process FIFO Lab spawns is this
 * one: it lets the watch (pid PID, FIFO Lab's other child, so not its
 * ancestor) trace it where Yama allows only ancestors to, then waits, doing
 * nothing, until a byte (or the end) comes on descriptor FD, the gate. FIFO
 * Lab asks the watch to seize it ("attach PID" on the watch's standard
 * input), opens the gate once the watch says it is traced (its ATTACH
 * record, or a refusal), and only then does COMMAND run, in this process,
 * with its pid: the exec and every call after it are seen.
 *
 * Why not the alternatives: waiting in the spawn's child setup would block
 * FIFO Lab's main loop (GLib waits for the exec before it returns); having
 * the watch spawn the peers itself would take their output, exit status
 * and pid away from FIFO Lab's GSubprocess; attaching after an ordinary
 * start would race a writer that opens and writes at once. The gate is
 * left open by FIFO Lab when the watch cannot trace the process: COMMAND
 * then runs unwatched, as it would without step mode. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-peer-hold.h"

#define HOLD_BAD_INPUT 2
#define HOLD_CANNOT_RUN 127

static int
hold_error (const char *message)
{
  g_autofree char *shown = fifolab_escape_message (message, 0);

  g_printerr ("fifolab-peer hold: %s\n", shown);
  return HOLD_BAD_INPUT;
}

static gboolean
parse_number (const char *text,
              guint64     max,
              guint64    *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

int
fifolab_peer_run_hold (int    argc,
                       char **argv)
{
  guint64 tracer = 0;
  guint64 gate = 0;
  gboolean have_tracer = FALSE;
  gboolean have_gate = FALSE;
  int i;
  char c;
  ssize_t n;

  /* No GOption: the COMMAND's arguments are never ours to parse. */
  for (i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      if (strcmp (argv[i], "--tracer") == 0 && i + 1 < argc)
        have_tracer = parse_number (argv[++i], G_MAXINT, &tracer) && tracer > 0;
      else if (strcmp (argv[i], "--gate") == 0 && i + 1 < argc)
        have_gate = parse_number (argv[++i], G_MAXINT, &gate) && gate > 2;
      else
        return hold_error (_("Usage: fifolab-peer hold --tracer PID --gate FD -- COMMAND [ARG…]"));
    }
  if (!have_tracer || !have_gate || i + 1 >= argc)
    return hold_error (_("Usage: fifolab-peer hold --tracer PID --gate FD -- COMMAND [ARG…]"));

  /* Only where Yama restricts ptrace; elsewhere it fails and changes nothing. */
  prctl (PR_SET_PTRACER, (unsigned long) tracer, 0, 0, 0);

  do
    n = read ((int) gate, &c, 1);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot read the gate descriptor %d: %s"),
                                               (int) gate, g_strerror (errno));

      return hold_error (text);
    }
  close ((int) gate);

  execvp (argv[i + 1], argv + i + 1);
  {
    int saved_errno = errno;
    g_autofree char *name = fifolab_escape_name (argv[i + 1], 0);
    g_autofree char *text = g_strdup_printf (_("Cannot run “%s”: %s"), name, g_strerror (saved_errno));

    hold_error (text);
  }
  return HOLD_CANNOT_RUN;
}
