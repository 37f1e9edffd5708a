/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-framer.h"
#include "fifolab-replay-plan.h"

/* Which records of a recording a replay writes (fifolab-replay-plan.h). */

static void
write_clear (gpointer data)
{
  FifolabReplayWrite *write = data;

  g_clear_pointer (&write->bytes, g_bytes_unref);
}

void
fifolab_replay_plan_free (FifolabReplayPlan *plan)
{
  if (plan == NULL)
    return;
  g_array_unref (plan->writes);
  g_free (plan->pipe);
  g_free (plan);
}

static gboolean
is_watched_write (const FifolabRecordingEntry *entry)
{
  return entry->call != NULL && entry->call->kind == FIFOLAB_WATCH_CALL &&
         entry->call->is_write && entry->call->result > 0 && entry->call->payload != NULL;
}

static gboolean
is_received (const FifolabRecordingEntry *entry)
{
  return entry->direction == FIFOLAB_DIRECTION_RECEIVED && entry->pipe != NULL;
}

static gboolean
pipe_matches (const char *recorded,
              const char *wanted)
{
  const char *slash;

  if (wanted == NULL || g_strcmp0 (recorded, wanted) == 0)
    return TRUE;
  slash = strrchr (recorded, '/');
  return strchr (wanted, '/') == NULL && slash != NULL && g_strcmp0 (slash + 1, wanted) == 0;
}

/* The bytes that went into the pipe for a received message: the message
 * with its framing put back, unless the stream ended inside it or it was a
 * piece of a longer one (then as it came). */
static GBytes *
message_bytes (const FifolabRecordingEntry *entry)
{
  g_autoptr(FifolabFramer) framer = NULL;

  if (entry->framing < 0 || entry->framing == FIFOLAB_FRAMING_RAW ||
      (entry->flags & (FIFOLAB_MESSAGE_INCOMPLETE | FIFOLAB_MESSAGE_OVERLONG)) != 0)
    return g_bytes_ref (entry->bytes);

  framer = fifolab_framer_new (entry->framing);
  if (entry->framing == FIFOLAB_FRAMING_FIXED)
    fifolab_framer_set_fixed_size (framer, MAX (g_bytes_get_size (entry->bytes), 1));
  return fifolab_framer_encode (framer, entry->bytes, NULL);
}

static void
set_error (GError    **error,
           const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
}

/**
 * fifolab_replay_plan_new:
 * @pipe: (nullable): the recorded pipe to replay
 * @pid: the writer to replay, or -1 for all
 *
 * Returns: (transfer full): the writes, or %NULL with @error set (none
 *   found, or several pipes and no @pipe).
 */
FifolabReplayPlan *
fifolab_replay_plan_new (FifolabRecording  *recording,
                         const char        *pipe,
                         gint64             pid,
                         GError           **error)
{
  g_autoptr(GPtrArray) pipes = g_ptr_array_new ();
  guint n = fifolab_recording_get_n_entries (recording);
  FifolabReplayPlan *plan;
  gboolean watched = FALSE;
  gint64 first_us = 0;

  for (guint i = 0; i < n && !watched; i++)
    watched = is_watched_write (fifolab_recording_get_entry (recording, i));

  /* The pipes with writes, and whether the one asked for is among them. */
  for (guint i = 0; i < n; i++)
    {
      const FifolabRecordingEntry *entry = fifolab_recording_get_entry (recording, i);
      gboolean wanted = watched ? is_watched_write (entry) : is_received (entry);

      if (wanted && pipe_matches (entry->pipe, pipe) && !g_ptr_array_find (pipes, entry->pipe, NULL))
        g_ptr_array_add (pipes, entry->pipe);
    }
  if (pipes->len == 0)
    {
      set_error (error, pipe != NULL
                 ? _("The recording holds no writes to that pipe.")
                 : _("The recording holds no writes to replay: neither watched writes nor received messages."));
      return NULL;
    }
  if (pipes->len > 1)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < pipes->len; i++)
        {
          g_autofree char *name = fifolab_escape_name (g_ptr_array_index (pipes, i), 0);

          g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", name);
        }
      /* Translators: %s lists the pipes, such as “/tmp/a”, “/tmp/b”. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The recording holds writes to several pipes (%s): choose one."), names->str);
      return NULL;
    }

  /* Made once the recording can be replayed: the plan is freed by hand
   * below, which static analysis follows. */
  plan = g_new0 (FifolabReplayPlan, 1);
  plan->watched = watched;
  plan->writes = g_array_new (FALSE, TRUE, sizeof (FifolabReplayWrite));
  g_array_set_clear_func (plan->writes, write_clear);
  plan->pipe = g_strdup (g_ptr_array_index (pipes, 0));

  for (guint i = 0; i < n; i++)
    {
      const FifolabRecordingEntry *entry = fifolab_recording_get_entry (recording, i);
      FifolabReplayWrite *write;
      gboolean watched_write;
      gint64 offset_us;
      gint64 last_us;

      if (g_strcmp0 (entry->pipe, plan->pipe) != 0)
        continue;
      watched_write = plan->watched && is_watched_write (entry) && (pid < 0 || entry->call->pid == pid);
      if (!watched_write &&
          (plan->watched || !is_received (entry) || (pid >= 0 && entry->sender_pid != pid)))
        continue;

      offset_us = watched_write ? entry->call->time_us : entry->mono_us;
      /* A watch tells calls in the order they returned: never before the last. */
      last_us = plan->writes->len > 0
                ? g_array_index (plan->writes, FifolabReplayWrite, plan->writes->len - 1).offset_us
                : 0;
      /* Filled in place: the array owns the bytes from the start. */
      g_array_set_size (plan->writes, plan->writes->len + 1);
      write = &g_array_index (plan->writes, FifolabReplayWrite, plan->writes->len - 1);
      if (watched_write)
        {
          gsize len = g_bytes_get_size (entry->call->payload);

          write->bytes = g_bytes_new_from_bytes (entry->call->payload, 0,
                                                 MIN (len, (gsize) entry->call->result));
          plan->n_cut += (gint64) len < entry->call->result;
        }
      else
        write->bytes = message_bytes (entry);
      if (write->bytes == NULL)
        {
          g_array_set_size (plan->writes, plan->writes->len - 1);
          continue;
        }
      if (plan->writes->len == 1)
        first_us = offset_us;
      write->offset_us = MAX (offset_us - first_us, last_us);
    }
  if (plan->writes->len == 0)
    {
      set_error (error, _("The recording holds no writes of that process to replay."));
      fifolab_replay_plan_free (plan);
      return NULL;
    }
  return plan;
}
