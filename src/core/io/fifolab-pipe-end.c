/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <fcntl.h>
#include <sys/stat.h>

#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-fifo-input-stream.h"
#include "fifolab-fifo-output-stream.h"
#include "fifolab-pipe-end.h"

/* One end of a FIFO, as the reader and the writer hold it
 *
 * Both open the path with fifolab_fifo_open() (O_NONBLOCK, refusing anything
 * that is not a FIFO), wrap the descriptor in a GUnix stream that owns it (one
 * whose non-blocking calls never wait: fifolab-fifo-input-stream.c), and
 * watch the stream with a persistent pollable source rather than GIO async
 * operations: with no operation in flight, dropping the end destroys the
 * source and closes the descriptor at once, and no callback runs afterwards.
 * What each endpoint does on a wake-up (read and frame, or write the queue's
 * head) stays in that endpoint.
 */

void
_fifolab_pipe_end_init (FifolabPipeEnd *end)
{
  end->path = NULL;
  end->stream = NULL;
  end->source = NULL;
  end->fd = -1;
  end->dev = 0;
  end->ino = 0;
  end->error = NULL;
}

void
_fifolab_pipe_end_clear (FifolabPipeEnd *end)
{
  _fifolab_pipe_end_drop (end);
  g_clear_pointer (&end->path, g_free);
  g_clear_error (&end->error);
}

int
_fifolab_pipe_end_open_fd (FifolabPipeEnd  *end,
                           int              access_mode,
                           GError         **error)
{
  return fifolab_fifo_open (end->path, access_mode, error);
}

void
_fifolab_pipe_end_adopt (FifolabPipeEnd *end,
                         int             fd,
                         int             access_mode)
{
  struct stat st;

  g_assert (end->stream == NULL);
  g_assert (access_mode == O_RDONLY || access_mode == O_WRONLY);

  if (fstat (fd, &st) == 0)
    {
      end->dev = st.st_dev;
      end->ino = st.st_ino;
    }

  end->fd = fd;
  if (access_mode == O_RDONLY)
    end->stream = G_OBJECT (fifolab_fifo_input_stream_new (fd));
  else
    end->stream = G_OBJECT (fifolab_fifo_output_stream_new (fd));
}

void
_fifolab_pipe_end_watch (FifolabPipeEnd *end,
                         GCallback       func,
                         gpointer        user_data,
                         const char     *name,
                         int             priority)
{
  g_assert (end->stream != NULL);
  g_assert (end->source == NULL);

  if (G_IS_POLLABLE_INPUT_STREAM (end->stream))
    end->source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (end->stream),
                                                         NULL);
  else
    end->source = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (end->stream),
                                                          NULL);
  g_source_set_callback (end->source, G_SOURCE_FUNC (func), user_data, NULL);
  g_source_set_static_name (end->source, name);
  g_source_set_priority (end->source, priority);
  g_source_attach (end->source, g_main_context_get_thread_default ());
}

void
_fifolab_pipe_end_unwatch (FifolabPipeEnd *end)
{
  if (end->source == NULL)
    return;

  g_source_destroy (end->source);
  g_clear_pointer (&end->source, g_source_unref);
}

gboolean
_fifolab_pipe_end_drop (FifolabPipeEnd *end)
{
  gboolean was_open = end->stream != NULL;

  _fifolab_pipe_end_unwatch (end);

  if (end->stream != NULL)
    {
      /* Closing a pipe descriptor never blocks. */
      if (G_IS_INPUT_STREAM (end->stream))
        g_input_stream_close (G_INPUT_STREAM (end->stream), NULL, NULL);
      else
        g_output_stream_close (G_OUTPUT_STREAM (end->stream), NULL, NULL);
      g_clear_object (&end->stream);
    }
  end->fd = -1;

  return was_open;
}

gboolean
_fifolab_pipe_end_set_error (FifolabPipeEnd *end,
                             const GError   *error)
{
  if (end->error == NULL && error == NULL)
    return FALSE;

  g_clear_error (&end->error);
  if (error != NULL)
    end->error = g_error_copy (error);
  return TRUE;
}

gboolean
_fifolab_pipe_end_still_ours (FifolabPipeEnd  *end,
                              int              fd,
                              GError         **error)
{
  g_autofree char *name = NULL;
  struct stat st;
  int ret;

  ret = fd >= 0 ? fstat (fd, &st) : stat (end->path, &st);
  if (ret == 0 && st.st_dev == end->dev && st.st_ino == end->ino)
    return TRUE;

  name = fifolab_escape_name (end->path, 0);
  if (ret != 0 && fd < 0)
    g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND,
                 _("The named pipe “%s” was removed"), name);
  else
    g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_CHANGED,
                 _("The named pipe “%s” was removed and something else now has its name"),
                 name);
  return FALSE;
}

void
_fifolab_pipe_end_class_properties (GParamSpec **path,
                                    GParamSpec **capacity,
                                    GParamSpec **queued,
                                    GParamSpec **error)
{
  *path = g_param_spec_string ("path", NULL, NULL,
                               NULL,
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                               G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  *capacity = g_param_spec_int64 ("capacity", NULL, NULL,
                                  -1, G_MAXINT64, -1,
                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                  G_PARAM_STATIC_STRINGS);
  *queued = g_param_spec_int64 ("queued", NULL, NULL,
                                -1, G_MAXINT64, -1,
                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                G_PARAM_STATIC_STRINGS);
  *error = g_param_spec_boxed ("error", NULL, NULL,
                               G_TYPE_ERROR,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS);
}

guint
_fifolab_pipe_end_new_event_signal (GType type)
{
  return g_signal_new ("event",
                       type,
                       G_SIGNAL_RUN_LAST,
                       0, NULL, NULL, NULL,
                       G_TYPE_NONE, 2,
                       FIFOLAB_TYPE_EVENT_KIND, G_TYPE_STRING);
}
