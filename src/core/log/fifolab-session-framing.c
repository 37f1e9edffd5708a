/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session's framing per pipe, and the names of the pipes it shows. */
#include "config.h"

#include <string.h>

#include "fifolab-enums.h"
#include "fifolab-pipe-name.h"
#include "fifolab-session.h"
#include "fifolab-session-private.h"

void
_fifolab_session_init_framing (FifolabSession *self)
{
  self->framings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->default_framing = FIFOLAB_FRAMING_RAW;
  self->fixed_size = 22;
}

void
_fifolab_session_finalize_framing (FifolabSession *self)
{
  g_clear_pointer (&self->framings, g_hash_table_unref);
  g_clear_pointer (&self->listed_paths, g_strfreev);
}

/* Stores @framing for @path; whether it changed. */
static gboolean
store_framing (FifolabSession *self,
               const char     *path,
               FifolabFraming  framing)
{
  gpointer old;

  if (g_hash_table_lookup_extended (self->framings, path, NULL, &old) &&
      GPOINTER_TO_UINT (old) == (guint) framing + 1)
    return FALSE;

  g_hash_table_insert (self->framings, g_strdup (path), GUINT_TO_POINTER ((guint) framing + 1));
  return TRUE;
}

void
_fifolab_session_remember_framing (FifolabSession *self,
                                   const char     *path,
                                   FifolabFraming  framing)
{
  if (store_framing (self, path, framing))
    _fifolab_session_emit_framing_changed (self, path);
}

FifolabFraming
fifolab_session_get_default_framing (FifolabSession *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FIFOLAB_FRAMING_RAW);

  return self->default_framing;
}

/**
 * fifolab_session_set_default_framing:
 *
 * Sets the framing of the pipes no framing was chosen for. Readers already
 * open keep theirs.
 */
void
fifolab_session_set_default_framing (FifolabSession *self,
                                     FifolabFraming  framing)
{
  g_return_if_fail (FIFOLAB_IS_SESSION (self));
  g_return_if_fail (framing <= FIFOLAB_FRAMING_LENGTH_PREFIX);

  if (self->default_framing == framing)
    return;
  self->default_framing = framing;
  _fifolab_session_notify_framing_property (self, FALSE);
}

guint
fifolab_session_get_fixed_size (FifolabSession *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), 22);

  return self->fixed_size;
}

void
fifolab_session_set_fixed_size (FifolabSession *self,
                                guint           fixed_size)
{
  g_return_if_fail (FIFOLAB_IS_SESSION (self));
  g_return_if_fail (fixed_size > 0 && fixed_size <= FIFOLAB_MAX_FIXED_SIZE);

  if (self->fixed_size == fixed_size)
    return;
  self->fixed_size = fixed_size;
  _fifolab_session_notify_framing_property (self, TRUE);
}

/**
 * fifolab_session_has_framing:
 *
 * Returns: whether a framing was chosen for @path (when connecting or with
 *   fifolab_session_set_framing()); else it has the default framing
 */
gboolean
fifolab_session_has_framing (FifolabSession *self,
                             const char     *path)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_hash_table_contains (self->framings, path);
}

/**
 * fifolab_session_get_framing:
 *
 * Returns: the framing FIFO Lab's reader of @path cuts messages with; with
 *   no reader, the framing chosen for @path, else the default framing
 */
FifolabFraming
fifolab_session_get_framing (FifolabSession *self,
                             const char     *path)
{
  FifolabReader *reader;
  gpointer value;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FIFOLAB_FRAMING_RAW);
  g_return_val_if_fail (path != NULL, FIFOLAB_FRAMING_RAW);

  reader = fifolab_session_get_reader (self, path);
  if (reader != NULL)
    return fifolab_framer_get_framing (fifolab_reader_get_framer (reader));

  value = g_hash_table_lookup (self->framings, path);
  if (value != NULL)
    return (FifolabFraming) (GPOINTER_TO_UINT (value) - 1);

  return self->default_framing;
}

/**
 * fifolab_session_create_framer:
 *
 * Returns: (transfer full): a framer with the framing of @path
 *   (fifolab_session_get_framing()) and the session's fixed size
 */
FifolabFramer *
fifolab_session_create_framer (FifolabSession *self,
                               const char     *path)
{
  FifolabFramer *framer;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  framer = fifolab_framer_new (fifolab_session_get_framing (self, path));
  fifolab_framer_set_fixed_size (framer, self->fixed_size);

  return framer;
}

/**
 * fifolab_session_set_framing:
 * @framing: the framing for @path from now on
 *
 * Chooses the framing of @path: FIFO Lab's reader of it, if one is open with
 * another framing, is reopened with it now (see
 * fifolab_session_open_reader() and the header); the next connection and
 * what the app sends to @path use it too.
 *
 * Returns: %FALSE with @error when the reader could not be reopened
 */
gboolean
fifolab_session_set_framing (FifolabSession  *self,
                             const char      *path,
                             FifolabFraming   framing,
                             GError         **error)
{
  g_autoptr(FifolabFramer) framer = NULL;
  g_autofree char *copy = NULL;
  FifolabReader *reader;
  gboolean changed;
  gboolean ok = TRUE;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (framing <= FIFOLAB_FRAMING_LENGTH_PREFIX, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A handler may free @path. */
  copy = g_strdup (path);
  changed = store_framing (self, copy, framing);

  /* Reopened first: ::framing-changed handlers see the reader's new framing. */
  reader = fifolab_session_get_reader (self, copy);
  if (reader != NULL && fifolab_framer_get_framing (fifolab_reader_get_framer (reader)) != framing)
    {
      framer = fifolab_framer_new (framing);
      fifolab_framer_set_fixed_size (framer, self->fixed_size);
      ok = _fifolab_session_reframe_reader (self, copy, framer, error);
    }

  if (changed)
    _fifolab_session_emit_framing_changed (self, copy);
  return ok;
}

/* Names */

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

/**
 * fifolab_session_set_listed_paths:
 * @paths: (nullable) (array zero-terminated=1): the pipes shown together
 */
void
fifolab_session_set_listed_paths (FifolabSession     *self,
                                  const char * const *paths)
{
  g_return_if_fail (FIFOLAB_IS_SESSION (self));

  if (strv_equal0 ((const char * const *) self->listed_paths, paths))
    return;

  g_strfreev (self->listed_paths);
  self->listed_paths = g_strdupv ((char **) paths);
  self->names_serial++;
  _fifolab_session_emit_names_changed (self);
}

/**
 * fifolab_session_dup_display_name:
 *
 * Returns: (transfer full): @path's name among the listed pipes and those
 *   FIFO Lab holds: its base name, with enough of its folder to tell it from
 *   a namesake, escaped for display
 */
char *
fifolab_session_dup_display_name (FifolabSession *self,
                                  const char     *path)
{
  g_autoptr(GPtrArray) paths = NULL;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  paths = fifolab_session_list_paths (self);
  for (guint i = 0; self->listed_paths != NULL && self->listed_paths[i] != NULL; i++)
    g_ptr_array_add (paths, self->listed_paths[i]);
  g_ptr_array_add (paths, NULL);

  return fifolab_pipe_display_name (path, (const char * const *) paths->pdata);
}

guint
fifolab_session_get_names_serial (FifolabSession *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), 0);

  return self->names_serial;
}
