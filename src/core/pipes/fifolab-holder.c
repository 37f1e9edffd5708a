/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-enums.h"
#include "fifolab-holder.h"

struct _FifolabHolder
{
  GObject        parent_instance;

  gint64         pid;
  char          *command;
  int            fd;
  FifolabAccess  access;
};

G_DEFINE_FINAL_TYPE (FifolabHolder, fifolab_holder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCESS,
  PROP_COMMAND,
  PROP_FD,
  PROP_PID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fifolab_holder_finalize (GObject *object)
{
  FifolabHolder *self = (FifolabHolder *) object;

  g_clear_pointer (&self->command, g_free);

  G_OBJECT_CLASS (fifolab_holder_parent_class)->finalize (object);
}

static void
fifolab_holder_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FifolabHolder *self = FIFOLAB_HOLDER (object);

  switch (prop_id)
    {
    case PROP_ACCESS:
      g_value_set_flags (value, self->access);
      break;

    case PROP_COMMAND:
      g_value_set_string (value, self->command);
      break;

    case PROP_FD:
      g_value_set_int (value, self->fd);
      break;

    case PROP_PID:
      g_value_set_int64 (value, self->pid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_holder_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FifolabHolder *self = FIFOLAB_HOLDER (object);

  switch (prop_id)
    {
    case PROP_ACCESS:
      self->access = g_value_get_flags (value);
      break;

    case PROP_COMMAND:
      g_free (self->command);
      self->command = g_value_dup_string (value);
      break;

    case PROP_FD:
      self->fd = g_value_get_int (value);
      break;

    case PROP_PID:
      self->pid = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_holder_class_init (FifolabHolderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fifolab_holder_finalize;
  object_class->get_property = fifolab_holder_get_property;
  object_class->set_property = fifolab_holder_set_property;

  properties[PROP_ACCESS] =
    g_param_spec_flags ("access", NULL, NULL,
                        FIFOLAB_TYPE_ACCESS,
                        FIFOLAB_ACCESS_NONE,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMMAND] =
    g_param_spec_string ("command", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FD] =
    g_param_spec_int ("fd", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PID] =
    g_param_spec_int64 ("pid", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fifolab_holder_init (FifolabHolder *self)
{
  self->fd = -1;
}

/**
 * fifolab_holder_new:
 * @pid: the process id
 * @command: (nullable): the command name, as in /proc/PID/comm
 * @fd: the descriptor number in that process
 * @access: how the descriptor was opened
 *
 * Returns: (transfer full): a new immutable #FifolabHolder
 */
FifolabHolder *
fifolab_holder_new (gint64         pid,
                    const char    *command,
                    int            fd,
                    FifolabAccess  access)
{
  return g_object_new (FIFOLAB_TYPE_HOLDER,
                       "pid", pid,
                       "command", command,
                       "fd", fd,
                       "access", access,
                       NULL);
}

gint64
fifolab_holder_get_pid (FifolabHolder *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER (self), 0);

  return self->pid;
}

const char *
fifolab_holder_get_command (FifolabHolder *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER (self), NULL);

  return self->command;
}

int
fifolab_holder_get_fd (FifolabHolder *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER (self), -1);

  return self->fd;
}

FifolabAccess
fifolab_holder_get_access (FifolabHolder *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER (self), FIFOLAB_ACCESS_NONE);

  return self->access;
}
