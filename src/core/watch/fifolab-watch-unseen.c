/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a watch can tell about the processes it cannot see: see
 * fifolab-watch-unseen.h. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>

#include "fifolab-escape.h"
#include "fifolab-watch-unseen.h"

typedef enum
{
  CLUE_NONE,      /* nothing to explain */
  CLUE_PENDING,   /* a call no scan begun after it has looked at yet */
  CLUE_SEEN_ONCE, /* one such scan saw no holder of the other end */
} ClueState;

/* A call that needs a peer on the other end of the pipe. */
typedef struct
{
  ClueState state;
  gboolean  said;        /* its record was handed out: once per watch */
  gint64    pid;
  gint64    size;
  gint64    entry_us;
  gint64    return_us;
} Clue;

struct _FifolabWatchUnseen
{
  char       *name;           /* the pipe's name, escaped for display */
  Clue        reader;         /* a write(): someone held the read end */
  Clue        writer;         /* a read(): someone held the write end */
  GHashTable *readers;        /* watched pids that read, until they end */
  gint64      reader_gone_us; /* when the last of them ended */
  gboolean    emptied;        /* a watched read returned 0: the pipe was empty, writerless */
  gint64      read_since;     /* bytes watched reads took since then */
  gint64      written_since;  /* bytes watched writes put in since then */
};

FifolabWatchUnseen *
fifolab_watch_unseen_new (const char *path)
{
  FifolabWatchUnseen *self = g_new0 (FifolabWatchUnseen, 1);
  g_autofree char *base = g_path_get_basename (path);

  self->name = fifolab_escape_name (base, 0);
  self->readers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->reader_gone_us = G_MININT64;
  return self;
}

void
fifolab_watch_unseen_free (FifolabWatchUnseen *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_hash_table_unref (self->readers);
  g_free (self);
}

static void
suspect (Clue                     *clue,
         const FifolabWatchRecord *record)
{
  if (clue->said || clue->state != CLUE_NONE)
    return;
  clue->state = CLUE_PENDING;
  clue->pid = record->pid;
  clue->size = record->result;
  clue->entry_us = record->time_us;
  clue->return_us = record->time_us + MAX (record->blocked_us, 0);
}

static void
note_call (FifolabWatchUnseen       *self,
           const FifolabWatchRecord *record)
{
  if (record->is_write && record->result > 0)
    {
      self->written_since += record->result;
      suspect (&self->reader, record);
    }
  else if (record->is_read)
    {
      gint64 *pid = g_new (gint64, 1);

      *pid = record->pid;
      g_hash_table_add (self->readers, pid);
      /* 0 only when the pipe is empty and has no writer: what is read from
       * now on was written from now on. */
      if (record->result == 0 && record->error == 0 && record->requested != 0)
        {
          self->emptied = TRUE;
          self->read_since = 0;
          self->written_since = 0;
        }
      else if (record->result > 0)
        {
          self->read_since += record->result;
          if (self->emptied && self->read_since > self->written_since)
            suspect (&self->writer, record);
        }
    }
}

void
fifolab_watch_unseen_note_records (FifolabWatchUnseen *self,
                                   GPtrArray          *records)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const FifolabWatchRecord *record = g_ptr_array_index (records, i);

      switch (record->kind)
        {
        case FIFOLAB_WATCH_CALL:
          note_call (self, record);
          break;
        case FIFOLAB_WATCH_EXIT:
        case FIFOLAB_WATCH_DETACH:
          if (g_hash_table_remove (self->readers, &record->pid))
            self->reader_gone_us = MAX (self->reader_gone_us, record->time_us);
          break;
        case FIFOLAB_WATCH_ATTACH:
        case FIFOLAB_WATCH_REFUSED:
        case FIFOLAB_WATCH_STOPPED:
        case FIFOLAB_WATCH_CONTINUED:
        case FIFOLAB_WATCH_BLOCKED:
        default:
          break;
        }
    }
}

/* Whether @clue is now explained: a record follows when it is not, for the
 * second time. */
static gboolean
judge (Clue                    *clue,
       const FifolabWatchSight *sight,
       gboolean                 explained)
{
  if (clue->said || clue->state == CLUE_NONE || clue->return_us >= sight->started_us)
    return FALSE;
  if (explained)
    {
      clue->state = CLUE_NONE;
      return FALSE;
    }
  if (clue->state == CLUE_PENDING)
    {
      clue->state = CLUE_SEEN_ONCE;
      return FALSE;
    }
  clue->state = CLUE_NONE;
  /* Every process could be looked at: the peer came and went between two
   * scans, which the watch says elsewhere (README); nothing to add. */
  if (sight->n_denied == 0)
    return FALSE;
  clue->said = TRUE;
  return TRUE;
}

static FifolabWatchRecord *
unseen_record (FifolabWatchUnseen *self,
               const Clue         *clue,
               gboolean            reader,
               guint               n_denied)
{
  FifolabWatchRecord *record = fifolab_watch_record_new (FIFOLAB_WATCH_REFUSED);
  guint size = (guint) MIN (clue->size, (gint64) G_MAXUINT);
  g_autofree char *bytes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", size),
                                            size);
  g_autofree char *seen = NULL;
  g_autofree char *why = NULL;

  if (reader)
    /* Translators: "pid 1234's write() put 22 bytes into my_pipe, …" */
    seen = g_strdup_printf (_("pid %d’s write() put %s into %s, and no process FIFO Lab can see "
                              "has it open for reading."),
                            (int) clue->pid, bytes, self->name);
  else
    seen = g_strdup_printf (_("pid %d’s read() took %s from %s that no watched process wrote, "
                              "and no process FIFO Lab can see has it open for writing."),
                            (int) clue->pid, bytes, self->name);
  why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u process of another user could not be looked at: the "
                                      "kernel shows a process’s open files, and lets it be traced, "
                                      "only to its own user or root, so the other end is most "
                                      "likely held there (or by a process that came and went "
                                      "between two scans).",
                                      "%u processes of other users could not be looked at: the "
                                      "kernel shows a process’s open files, and lets it be traced, "
                                      "only to its own user or root, so the other end is most "
                                      "likely held by one of them (or by a process that came and "
                                      "went between two scans).",
                                      n_denied),
                         n_denied);
  record->pid = 0;
  record->tid = 0;
  record->error = EACCES;
  record->time_us = g_get_monotonic_time ();
  record->message = g_strdup_printf ("%s %s %s", seen, why,
                                     _("Run the watch as that user or as root to see it, or use "
                                       "a tap, which relays the pipe without tracing."));
  return record;
}

GPtrArray *
fifolab_watch_unseen_note_scan (FifolabWatchUnseen      *self,
                                const FifolabWatchSight *sight)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);
  gboolean reader_seen;
  gboolean writer_seen;

  g_return_val_if_fail (self != NULL, NULL);

  /* A watched reader alive while the write ran could have taken its bytes. */
  reader_seen = sight->n_readers > 0 || g_hash_table_size (self->readers) > 0 ||
                self->reader_gone_us >= self->reader.entry_us;
  writer_seen = sight->n_writers > 0 || self->read_since <= self->written_since;

  if (judge (&self->reader, sight, reader_seen))
    g_ptr_array_add (records, unseen_record (self, &self->reader, TRUE, sight->n_denied));
  if (judge (&self->writer, sight, writer_seen))
    g_ptr_array_add (records, unseen_record (self, &self->writer, FALSE, sight->n_denied));
  return records->len > 0 ? g_steal_pointer (&records) : NULL;
}
