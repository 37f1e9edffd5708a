/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-pipe-info.h"

struct _FifolabPipeInfo
{
  GObject    parent_instance;

  char      *path;
  char      *name;
  char      *owner;
  char      *group;
  GDateTime *atime;
  GDateTime *mtime;
  GDateTime *ctime;
  guint64    size;
  guint64    device;
  guint64    inode;
  guint      mode;      /* full st_mode: type and permission bits */
  guint      uid;
  guint      gid;
  guint      initialized : 1;
};

static void fifolab_pipe_info_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabPipeInfo, fifolab_pipe_info, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      fifolab_pipe_info_initable_iface_init))

enum {
  PROP_0,
  PROP_ATIME,
  PROP_CTIME,
  PROP_DEVICE,
  PROP_FILE_TYPE,
  PROP_GID,
  PROP_GROUP,
  PROP_INODE,
  PROP_IS_EXPOSED,
  PROP_IS_FIFO,
  PROP_MODE,
  PROP_MODE_STRING,
  PROP_MTIME,
  PROP_NAME,
  PROP_OWNER,
  PROP_PATH,
  PROP_SIZE,
  PROP_TYPE_NAME,
  PROP_UID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* User and group names, looked up once per id: a folder of a thousand FIFOs
 * owned by one user costs one lookup, not a thousand. Names may be asked for
 * from the holder scan's thread too, hence the lock. */
G_LOCK_DEFINE_STATIC (names);
static GHashTable *user_names;
static GHashTable *group_names;

/* One getpwuid_r() or getgrgid_r() call: the entry's name in *name (pointing
 * into @buf), or an errno value. */
typedef int (*NameLookupFunc) (guint        id,
                               char        *buf,
                               size_t       size,
                               const char **name);

static int
passwd_name (guint        id,
             char        *buf,
             size_t       size,
             const char **name)
{
  struct passwd pw;
  struct passwd *result = NULL;
  int ret = getpwuid_r ((uid_t) id, &pw, buf, size, &result);

  *name = ret == 0 && result != NULL ? result->pw_name : NULL;
  return ret;
}

static int
group_name (guint        id,
            char        *buf,
            size_t       size,
            const char **name)
{
  struct group gr;
  struct group *result = NULL;
  int ret = getgrgid_r ((gid_t) id, &gr, buf, size, &result);

  *name = ret == 0 && result != NULL ? result->gr_name : NULL;
  return ret;
}

/* The name of a user or group id, or the id in digits when it has none. The
 * buffer grows while the entry does not fit (ERANGE). */
static char *
lookup_name (guint          id,
             int            size_hint,
             NameLookupFunc lookup)
{
  long size = sysconf (size_hint);
  /* Freed by hand: the name points into buf, and clang's static analyzer,
   * which does not model g_autofree, reported buf as leaked. */
  char *buf = NULL;
  const char *found = NULL;
  char *name;
  int ret;

  if (size <= 0)
    size = 16384;

  for (;;)
    {
      g_free (buf);
      buf = g_malloc (size);
      ret = lookup (id, buf, size, &found);
      if (ret != ERANGE || size >= 1024 * 1024)
        break;
      size *= 2;
    }

  if (ret == 0 && found != NULL)
    name = g_utf8_make_valid (found, -1);
  else
    name = g_strdup_printf ("%u", id);
  g_free (buf);
  return name;
}

static char *
dup_cached_name (GHashTable **cache,
                 guint        id,
                 char      *(*lookup) (guint id))
{
  char *name;

  G_LOCK (names);
  if (*cache == NULL)
    *cache = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  name = g_strdup (g_hash_table_lookup (*cache, GUINT_TO_POINTER (id)));
  G_UNLOCK (names);

  if (name != NULL)
    return name;

  /* Looked up outside the lock: NSS may be slow (LDAP...). */
  name = lookup (id);

  G_LOCK (names);
  g_hash_table_replace (*cache, GUINT_TO_POINTER (id), g_strdup (name));
  G_UNLOCK (names);

  return name;
}

static char *
user_lookup_cb (guint id)
{
  return lookup_name (id, _SC_GETPW_R_SIZE_MAX, passwd_name);
}

static char *
group_lookup_cb (guint id)
{
  return lookup_name (id, _SC_GETGR_R_SIZE_MAX, group_name);
}

static GDateTime *
date_time_from_timespec (const struct timespec *ts)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_local (ts->tv_sec);

  if (seconds == NULL)
    return NULL;
  return g_date_time_add (seconds, ts->tv_nsec / 1000);
}

static void
set_lstat_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_autofree char *display = fifolab_escape_name (path, 0);

  switch (saved_errno)
    {
    case ENOENT:
      {
        g_autofree char *folder = g_path_get_dirname (path);
        struct stat st;

        if (lstat (folder, &st) != 0 && errno == ENOENT)
          {
            g_autofree char *display_folder = fifolab_escape_name (folder, 0);

            g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_MISSING_FOLDER,
                         _("The folder “%s” does not exist, so “%s” cannot be in it."),
                         display_folder, display);
          }
        else
          g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND,
                       _("“%s” does not exist. Create the pipe first."),
                       display);
      }
      break;

    case ENOTDIR:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_MISSING_FOLDER,
                   _("A part of “%s” that should be a folder is not a folder."),
                   display);
      break;

    case EACCES:
    case EPERM:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION,
                   _("You are not allowed to look at “%s”: a folder on the way may not be entered."),
                   display);
      break;

    case ENAMETOOLONG:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NAME_TOO_LONG,
                   _("The name “%s” is too long for the file system."),
                   display);
      break;

    case ELOOP:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_SYMLINK_LOOP,
                   _("“%s” goes through too many symbolic links (perhaps a loop)."),
                   display);
      break;

    default:
      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_FAILED,
                   _("Could not inspect “%s”: %s"),
                   display, g_strerror (saved_errno));
      break;
    }
}

static gboolean
fifolab_pipe_info_initable_init (GInitable     *initable,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  FifolabPipeInfo *self = FIFOLAB_PIPE_INFO (initable);
  struct stat st;

  if (self->initialized)
    return TRUE;

  if (self->path == NULL || self->path[0] == '\0')
    {
      g_set_error_literal (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME,
                           _("No path was given."));
      return FALSE;
    }

  /* lstat only: the path is never opened, and a symlink is described as
   * itself, not as what it points to. */
  if (lstat (self->path, &st) != 0)
    {
      set_lstat_error (error, self->path, errno);
      return FALSE;
    }

  {
    g_autofree char *base = g_path_get_basename (self->path);

    /* Shown in rows, titles and messages: escaped and bounded once, here. */
    self->name = fifolab_escape_name (base, 0);
  }
  self->mode = st.st_mode;
  self->uid = st.st_uid;
  self->gid = st.st_gid;
  self->size = st.st_size;
  self->device = st.st_dev;
  self->inode = st.st_ino;
  self->owner = dup_cached_name (&user_names, st.st_uid, user_lookup_cb);
  self->group = dup_cached_name (&group_names, st.st_gid, group_lookup_cb);
  self->atime = date_time_from_timespec (&st.st_atim);
  self->mtime = date_time_from_timespec (&st.st_mtim);
  self->ctime = date_time_from_timespec (&st.st_ctim);
  self->initialized = TRUE;

  return TRUE;
}

static void
fifolab_pipe_info_initable_iface_init (GInitableIface *iface)
{
  iface->init = fifolab_pipe_info_initable_init;
}

static void
fifolab_pipe_info_finalize (GObject *object)
{
  FifolabPipeInfo *self = (FifolabPipeInfo *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->atime, g_date_time_unref);
  g_clear_pointer (&self->mtime, g_date_time_unref);
  g_clear_pointer (&self->ctime, g_date_time_unref);

  G_OBJECT_CLASS (fifolab_pipe_info_parent_class)->finalize (object);
}

static void
fifolab_pipe_info_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FifolabPipeInfo *self = FIFOLAB_PIPE_INFO (object);

  switch (prop_id)
    {
    case PROP_ATIME:
      g_value_set_boxed (value, self->atime);
      break;

    case PROP_CTIME:
      g_value_set_boxed (value, self->ctime);
      break;

    case PROP_DEVICE:
      g_value_set_uint64 (value, self->device);
      break;

    case PROP_FILE_TYPE:
      g_value_set_uint (value, fifolab_pipe_info_get_file_type (self));
      break;

    case PROP_GID:
      g_value_set_uint (value, self->gid);
      break;

    case PROP_GROUP:
      g_value_set_string (value, self->group);
      break;

    case PROP_INODE:
      g_value_set_uint64 (value, self->inode);
      break;

    case PROP_IS_EXPOSED:
      g_value_set_boolean (value, fifolab_pipe_info_is_exposed (self));
      break;

    case PROP_IS_FIFO:
      g_value_set_boolean (value, fifolab_pipe_info_is_fifo (self));
      break;

    case PROP_MODE:
      g_value_set_uint (value, fifolab_pipe_info_get_mode (self));
      break;

    case PROP_MODE_STRING:
      g_value_take_string (value, fifolab_pipe_info_dup_mode_string (self));
      break;

    case PROP_MTIME:
      g_value_set_boxed (value, self->mtime);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    case PROP_TYPE_NAME:
      g_value_set_string (value, fifolab_pipe_info_get_type_name (self));
      break;

    case PROP_UID:
      g_value_set_uint (value, self->uid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_pipe_info_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FifolabPipeInfo *self = FIFOLAB_PIPE_INFO (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
fifolab_pipe_info_class_init (FifolabPipeInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fifolab_pipe_info_finalize;
  object_class->get_property = fifolab_pipe_info_get_property;
  object_class->set_property = fifolab_pipe_info_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ATIME] =
    g_param_spec_boxed ("atime", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_CTIME] =
    g_param_spec_boxed ("ctime", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_MTIME] =
    g_param_spec_boxed ("mtime", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_DEVICE] =
    g_param_spec_uint64 ("device", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  properties[PROP_INODE] =
    g_param_spec_uint64 ("inode", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  properties[PROP_FILE_TYPE] =
    g_param_spec_uint ("file-type", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);
  properties[PROP_MODE] =
    g_param_spec_uint ("mode", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);
  properties[PROP_UID] =
    g_param_spec_uint ("uid", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);
  properties[PROP_GID] =
    g_param_spec_uint ("gid", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);
  properties[PROP_IS_EXPOSED] =
    g_param_spec_boolean ("is-exposed", NULL, NULL, FALSE, RO_FLAGS);
  properties[PROP_IS_FIFO] =
    g_param_spec_boolean ("is-fifo", NULL, NULL, FALSE, RO_FLAGS);
  properties[PROP_GROUP] =
    g_param_spec_string ("group", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_MODE_STRING] =
    g_param_spec_string ("mode-string", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_TYPE_NAME] =
    g_param_spec_string ("type-name", NULL, NULL, NULL, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fifolab_pipe_info_init (FifolabPipeInfo *self)
{
}

/**
 * fifolab_pipe_info_new_for_path:
 * @path: a path in the file-system encoding
 * @error: return location for a #FIFOLAB_FIFO_ERROR
 *
 * Describes @path from lstat() without opening it.
 *
 * Returns: (transfer full): the snapshot, or %NULL with @error set
 */
FifolabPipeInfo *
fifolab_pipe_info_new_for_path (const char  *path,
                                GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (FIFOLAB_TYPE_PIPE_INFO, NULL, error,
                         "path", path,
                         NULL);
}

/* The getters that hand out a field as it is. */
#define PIPE_INFO_GETTER(Type, name, fallback)                      \
  Type                                                              \
  fifolab_pipe_info_get_##name (FifolabPipeInfo *self)              \
  {                                                                 \
    g_return_val_if_fail (FIFOLAB_IS_PIPE_INFO (self), fallback);   \
    return self->name;                                              \
  }

PIPE_INFO_GETTER (const char *, path, NULL)
/* The base name as valid UTF-8 for display (invalid bytes replaced). */
PIPE_INFO_GETTER (const char *, name, NULL)
/* The whole st_mode, file type and permission bits. */
PIPE_INFO_GETTER (guint, mode, 0)
PIPE_INFO_GETTER (guint, uid, 0)
PIPE_INFO_GETTER (guint, gid, 0)
/* The owner's user name, or the uid as a number if it has none. */
PIPE_INFO_GETTER (const char *, owner, NULL)
/* The group name, or the gid as a number if it has none. */
PIPE_INFO_GETTER (const char *, group, NULL)
PIPE_INFO_GETTER (guint64, size, 0)
PIPE_INFO_GETTER (guint64, device, 0)
PIPE_INFO_GETTER (guint64, inode, 0)
/* (transfer none) (nullable): the modification, access and status change
 * times, in the local time zone. */
PIPE_INFO_GETTER (GDateTime *, mtime, NULL)
PIPE_INFO_GETTER (GDateTime *, atime, NULL)
PIPE_INFO_GETTER (GDateTime *, ctime, NULL)

gboolean
fifolab_pipe_info_is_fifo (FifolabPipeInfo *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_INFO (self), FALSE);

  return self->initialized && S_ISFIFO (self->mode);
}

/**
 * fifolab_pipe_info_get_file_type:
 *
 * Returns: the file type bits of the mode (`mode & S_IFMT`)
 */
guint
fifolab_pipe_info_get_file_type (FifolabPipeInfo *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_INFO (self), 0);

  return self->mode & S_IFMT;
}

/**
 * fifolab_pipe_info_get_type_name:
 *
 * Returns: a translated name for the kind of file ("named pipe", "regular file"...)
 */
const char *
fifolab_pipe_info_get_type_name (FifolabPipeInfo *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_INFO (self), NULL);

  return fifolab_fifo_describe_type (self->mode);
}

/**
 * fifolab_pipe_info_dup_mode_string:
 *
 * Returns: (transfer full): the permissions as "rw-r-----"
 */
char *
fifolab_pipe_info_dup_mode_string (FifolabPipeInfo *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_INFO (self), NULL);

  return fifolab_fifo_format_mode (self->mode);
}

/**
 * fifolab_pipe_info_is_exposed:
 *
 * A pipe anyone may write into (world-writable), or owned by another user
 * (who may change its permissions, read what is sent, or inject messages).
 * The permission bits of a symlink mean nothing on Linux, so only its owner counts.
 *
 * Returns: %TRUE if messages on this path cannot be trusted to come from you
 */
gboolean
fifolab_pipe_info_is_exposed (FifolabPipeInfo *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_INFO (self), FALSE);

  if (!self->initialized)
    return FALSE;
  if (!S_ISLNK (self->mode) && (self->mode & S_IWOTH) != 0)
    return TRUE;
  return self->uid != (guint) getuid ();
}

static gboolean
same_date (GDateTime *a,
           GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

/**
 * fifolab_pipe_info_same_stat:
 *
 * Whether a fresh lstat (@b) shows anything a view of @a would show
 * differently; the folder model and the pipe set refresh a row only then.
 */
gboolean
fifolab_pipe_info_same_stat (FifolabPipeInfo *a,
                             FifolabPipeInfo *b)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_INFO (a), FALSE);
  g_return_val_if_fail (FIFOLAB_IS_PIPE_INFO (b), FALSE);

  return fifolab_pipe_info_get_device (a) == fifolab_pipe_info_get_device (b)
      && fifolab_pipe_info_get_inode (a) == fifolab_pipe_info_get_inode (b)
      && fifolab_pipe_info_get_mode (a) == fifolab_pipe_info_get_mode (b)
      && fifolab_pipe_info_get_uid (a) == fifolab_pipe_info_get_uid (b)
      && fifolab_pipe_info_get_gid (a) == fifolab_pipe_info_get_gid (b)
      && fifolab_pipe_info_get_size (a) == fifolab_pipe_info_get_size (b)
      && same_date (fifolab_pipe_info_get_mtime (a), fifolab_pipe_info_get_mtime (b))
      && same_date (fifolab_pipe_info_get_ctime (a), fifolab_pipe_info_get_ctime (b));
}
