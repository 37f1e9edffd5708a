/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

G_BEGIN_DECLS

#define FIFOLAB_FIFO_ERROR (fifolab_fifo_error_quark ())

/* Every refusal of the pipes-on-disk layer. Messages are translated and say
 * what the path is instead and what to do. */
typedef enum
{
  FIFOLAB_FIFO_ERROR_FAILED,
  FIFOLAB_FIFO_ERROR_NOT_FOUND,         /* the path does not exist */
  FIFOLAB_FIFO_ERROR_MISSING_FOLDER,    /* the folder that should hold it does not exist */
  FIFOLAB_FIFO_ERROR_NOT_A_FIFO,        /* it exists and is something else (message names the kind) */
  FIFOLAB_FIFO_ERROR_EXISTS,            /* create: a non-FIFO already has that name */
  FIFOLAB_FIFO_ERROR_PERMISSION,        /* EACCES / EPERM */
  FIFOLAB_FIFO_ERROR_NAME_TOO_LONG,     /* ENAMETOOLONG */
  FIFOLAB_FIFO_ERROR_CHANGED,           /* replaced between lstat and open */
  FIFOLAB_FIFO_ERROR_NO_READER,         /* write open, ENXIO: nobody reads yet */
  FIFOLAB_FIFO_ERROR_SYMLINK_LOOP,      /* ELOOP */
  FIFOLAB_FIFO_ERROR_INVALID_NAME,      /* empty, contains '/', "." or ".." */
} FifolabFifoError;

GQuark       fifolab_fifo_error_quark      (void);

gboolean     fifolab_fifo_create           (const char   *path,
                                            mode_t        mode,
                                            GError      **error);
gboolean     fifolab_fifo_create_in        (const char   *folder,
                                            const char   *name,
                                            mode_t        mode,
                                            char        **out_path,
                                            GError      **error);
gboolean     fifolab_fifo_delete           (const char   *path,
                                            GError      **error);
gboolean     fifolab_fifo_is_fifo          (const char   *path);
/* Opens a FIFO and nothing else: lstat before, open with O_NONBLOCK|O_CLOEXEC|O_NOCTTY,
 * fstat after (same device and inode). A symlink is followed only to a FIFO.
 * @access_mode is O_RDONLY or O_WRONLY. Returns the fd or -1 with @error set;
 * ENXIO on a write open gives FIFOLAB_FIFO_ERROR_NO_READER. */
int          fifolab_fifo_open             (const char   *path,
                                            int           access_mode,
                                            GError      **error);
/* Sets @error for @errsv, the errno of a read() (@writing FALSE) or write()
 * on a descriptor fifolab_fifo_open() gave: G_IO_ERROR_WOULD_BLOCK for
 * EAGAIN, else the GIOErrorEnum of @errsv, saying "Could not read from the
 * pipe: …" or "Could not write to the pipe: …" with the system's reason. */
void         fifolab_fifo_set_io_error     (int           errsv,
                                            gboolean      writing,
                                            GError      **error);
/* Sets FIFOLAB_FIFO_ERROR_NOT_A_FIFO on @error, saying what @path is instead:
 * @mode is its st_mode, from stat() when @via_symlink (a link to it), else lstat(). */
void         fifolab_fifo_set_not_a_fifo_error (GError    **error,
                                                const char *path,
                                                mode_t      mode,
                                                gboolean    via_symlink);
/* A translated, human name for a stat mode's file type ("regular file", "folder"...). */
const char  *fifolab_fifo_describe_type    (mode_t        mode);
/* "rw-r-----" for the permission bits of @mode. Returns a newly allocated string. */
char        *fifolab_fifo_format_mode      (mode_t        mode);
/* Capacity (F_GETPIPE_SZ) and bytes queued (FIONREAD) of an open pipe fd; -1 on error. */
gssize       fifolab_fifo_get_capacity     (int           fd);
gssize       fifolab_fifo_get_queued       (int           fd);
/* Makes @path a private folder: created (with parents) mode 0700 when missing;
 * when it exists it must be a real folder (not a symlink) owned by this user,
 * and its mode is narrowed to 0700. */
gboolean     fifolab_fifo_ensure_private_folder (const char *path,
                                                 GError    **error);
/* Ignore SIGPIPE in this process (EPIPE is reported instead). Idempotent. */
void         fifolab_ignore_sigpipe        (void);

G_END_DECLS
