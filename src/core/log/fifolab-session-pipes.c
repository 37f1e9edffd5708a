/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pipes on disk: made and removed through the session, which logs it, so
 * that no view writes log events itself. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-session.h"
#include "fifolab-session-private.h"

/* Logs @kind for @path after whatever the session holds back. */
static void
log_pipe_event (FifolabSession   *self,
                FifolabEventKind  kind,
                const char       *path,
                const char       *detail)
{
  GRefString *ref = g_ref_string_new (path);

  _fifolab_session_log_event (self, kind, ref, detail);
  g_ref_string_release (ref);
}

/**
 * fifolab_session_create_pipe:
 * @folder: where to make it
 * @name: its name (one path component)
 * @mode: permission bits, as for mkfifo()
 * @out_path: (out) (optional): the new FIFO's path
 *
 * Makes the FIFO with fifolab_fifo_create_in() and logs a "created" event.
 *
 * Returns: %TRUE when made, %FALSE with @error (a FIFOLAB_FIFO_ERROR
 *   or G_IO_ERROR whose message is for the user)
 */
gboolean
fifolab_session_create_pipe (FifolabSession  *self,
                             const char      *folder,
                             const char      *name,
                             guint            mode,
                             char           **out_path,
                             GError         **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fifolab_fifo_create_in (folder, name, (mode_t) mode, &path, error))
    return FALSE;

  log_pipe_event (self, FIFOLAB_EVENT_CREATED, path, NULL);
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return TRUE;
}

/**
 * fifolab_session_delete_pipe:
 * @path: a FIFO
 *
 * Closes FIFO Lab's ends on @path, removes the FIFO (fifolab_fifo_delete(),
 * which refuses anything else) and logs a "deleted" event.
 *
 * Returns: %TRUE when removed, %FALSE with @error
 */
gboolean
fifolab_session_delete_pipe (FifolabSession  *self,
                             const char      *path,
                             GError         **error)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fifolab_session_disconnect (self, path, FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE);
  if (!fifolab_fifo_delete (path, error))
    return FALSE;

  log_pipe_event (self, FIFOLAB_EVENT_DELETED, path, NULL);
  return TRUE;
}

/**
 * fifolab_session_note_pipe_removed:
 * @path: a FIFO that vanished from its folder (deleted, renamed, moved away
 *   by someone else)
 *
 * A reader only notices at end of stream: when FIFO Lab holds an end of
 * @path, this says it now with a "pipe removed" event. The ends stay open:
 * writers that have it open can still reach the reader.
 *
 * Returns: (transfer full) (nullable): the event's message, for the user,
 *   or %NULL when FIFO Lab holds no end of @path (nothing is logged)
 */
char *
fifolab_session_note_pipe_removed (FifolabSession *self,
                                   const char     *path)
{
  g_autofree char *name = NULL;
  char *message;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (fifolab_session_get_reader (self, path) == NULL &&
      fifolab_session_get_writer (self, path) == NULL)
    return NULL;

  name = fifolab_escape_name (path, 0);
  message = g_strdup_printf (_("The named pipe “%s” was removed while FIFO Lab holds it open. "
                               "Processes that have it open can still use it; no one else can open it."),
                             name);
  log_pipe_event (self, FIFOLAB_EVENT_PIPE_REMOVED, path, message);
  return message;
}
