/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who traces a pipe's processes (issue 16): the pipe's Watch or step mode.
 * ptrace allows one tracer per thread, so two `fifolab-peer watch` on one
 * pipe would compete for the same processes, each refused where the other
 * came first. The session keeps one claim per pipe, and the controls that
 * start a watch claim the pipe first and show the other one's claim (their
 * toggle insensitive, saying why). */
#include "config.h"

#include "fifolab-session.h"
#include "fifolab-session-private.h"

typedef struct
{
  FifolabTracerKind kind;
  gconstpointer     owner;
} Claim;

static guint tracer_changed_signal;

void
_fifolab_session_class_init_tracers (GObjectClass *object_class)
{
  /**
   * FifolabSession::tracer-changed:
   * @path: the pipe
   *
   * The claim on @path's processes was taken or given back
   * (fifolab_session_claim_tracer()).
   */
  tracer_changed_signal =
    g_signal_new ("tracer-changed", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

void
_fifolab_session_finalize_tracers (FifolabSession *self)
{
  g_clear_pointer (&self->tracers, g_hash_table_unref);
}

static void
emit_changed (FifolabSession *self,
              const char     *path)
{
  /* A handler may release or claim: the path outlives it. */
  g_autofree char *copy = g_strdup (path);

  g_signal_emit (self, tracer_changed_signal, 0, copy);
}

/**
 * fifolab_session_claim_tracer:
 * @self: a session
 * @path: a pipe
 * @kind: what traces it (not %FIFOLAB_TRACER_NONE)
 * @owner: who holds the claim (what it is released by)
 *
 * Claims @path's processes for one tracer.
 *
 * Returns: %TRUE when @path was free (or @owner's already)
 */
gboolean
fifolab_session_claim_tracer (FifolabSession    *self,
                              const char        *path,
                              FifolabTracerKind  kind,
                              gconstpointer      owner)
{
  Claim *claim;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (kind != FIFOLAB_TRACER_NONE, FALSE);
  g_return_val_if_fail (owner != NULL, FALSE);

  if (self->tracers == NULL)
    self->tracers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  claim = g_hash_table_lookup (self->tracers, path);
  if (claim != NULL)
    return claim->owner == owner && claim->kind == kind;
  claim = g_new0 (Claim, 1);
  claim->kind = kind;
  claim->owner = owner;
  g_hash_table_insert (self->tracers, g_strdup (path), claim);
  emit_changed (self, path);
  return TRUE;
}

/**
 * fifolab_session_release_tracer:
 * @self: a session
 * @path: a pipe
 * @owner: who claimed it
 *
 * Gives @path back, when @owner holds its claim (else nothing).
 */
void
fifolab_session_release_tracer (FifolabSession *self,
                                const char     *path,
                                gconstpointer   owner)
{
  Claim *claim;

  g_return_if_fail (FIFOLAB_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  claim = self->tracers != NULL ? g_hash_table_lookup (self->tracers, path) : NULL;
  if (claim == NULL || claim->owner != owner)
    return;
  g_hash_table_remove (self->tracers, path);
  emit_changed (self, path);
}

/**
 * fifolab_session_get_tracer:
 * @self: a session
 * @path: (nullable): a pipe
 *
 * Returns: what traces @path's processes, %FIFOLAB_TRACER_NONE: nothing
 */
FifolabTracerKind
fifolab_session_get_tracer (FifolabSession *self,
                            const char     *path)
{
  Claim *claim;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FIFOLAB_TRACER_NONE);

  claim = path != NULL && self->tracers != NULL ? g_hash_table_lookup (self->tracers, path) : NULL;
  return claim != NULL ? claim->kind : FIFOLAB_TRACER_NONE;
}
