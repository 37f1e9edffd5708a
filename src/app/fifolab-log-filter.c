/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-event.h"
#include "fifolab-find.h"
#include "fifolab-log-filter.h"

#define DIRECTION_BIT(d) (1u << (d))

struct _FifolabLogFilter
{
  GtkFilter  parent_instance;

  char      *search_text;
  gsize      search_len;
  char      *pipe;
  /* "folder/" when only the pipes in a folder are shown. */
  char      *folder_prefix;
  guint      direction_mask;
  gint64     pid;
  gboolean   use_regex;
  /* The search text compiled, when use_regex and it is valid. */
  GRegex    *regex;
  char      *regex_error;
};

G_DEFINE_FINAL_TYPE (FifolabLogFilter, fifolab_log_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_REGEX_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An invalid regular expression filters nothing (its error is shown). */
static inline gboolean
search_applies (FifolabLogFilter *self)
{
  return self->search_text != NULL && (!self->use_regex || self->regex != NULL);
}

/* @len bytes of UTF-8 at @text, which need not end in a NUL. */
static inline gboolean
text_matches (FifolabLogFilter *self,
              const char       *text,
              gsize             len)
{
  if (self->regex != NULL)
    return g_regex_match_full (self->regex, text, (gssize) len, 0, 0, NULL, NULL);
  return fifolab_find_ascii_caseless (text, len, self->search_text, self->search_len) != NULL;
}

static gboolean
fifolab_log_filter_match (GtkFilter *filter,
                          gpointer   item)
{
  FifolabLogFilter *self = FIFOLAB_LOG_FILTER (filter);
  FifolabLogEntry *entry = item;
  FifolabDirection direction = fifolab_log_entry_get_direction (entry);

  if ((self->direction_mask & DIRECTION_BIT (direction)) == 0)
    return FALSE;

  if (self->pipe != NULL &&
      g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), self->pipe) != 0)
    return FALSE;

  if (self->folder_prefix != NULL &&
      !g_str_has_prefix (fifolab_log_entry_get_pipe_path (entry) != NULL ? fifolab_log_entry_get_pipe_path (entry) : "",
                         self->folder_prefix))
    return FALSE;

  if (self->pid >= 0 &&
      fifolab_log_entry_get_sender_pid (entry) != self->pid &&
      fifolab_log_entry_get_receiver_pid (entry) != self->pid)
    return FALSE;

  if (search_applies (self))
    {
      /* All of the text, not the display text, which stops after 4096
       * characters: a long message's end is as much its text as its start.
       * Most are looked in where they are, without a copy. */
      gsize len = 0;
      const char *text = fifolab_log_entry_peek_text (entry, &len);

      if (text != NULL && text_matches (self, text, len))
        return TRUE;
      if (direction == FIFOLAB_DIRECTION_EVENT)
        {
          FifolabEventKind kind = fifolab_log_entry_get_kind (entry);
          const char *title = fifolab_event_kind_get_title (kind);

          if (title != NULL && text_matches (self, title, strlen (title)))
            return TRUE;
        }
      return FALSE;
    }

  return TRUE;
}

gboolean
fifolab_log_filter_is_active (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), FALSE);

  return search_applies (self) ||
         self->pipe != NULL ||
         self->folder_prefix != NULL ||
         self->pid >= 0 ||
         self->direction_mask != FIFOLAB_LOG_FILTER_ALL_DIRECTIONS;
}

/* Nothing chosen: everything passes, and the filter model need not look. */
static GtkFilterMatch
fifolab_log_filter_get_strictness (GtkFilter *filter)
{
  return fifolab_log_filter_is_active (FIFOLAB_LOG_FILTER (filter)) ? GTK_FILTER_MATCH_SOME : GTK_FILTER_MATCH_ALL;
}

static void
compile_regex (FifolabLogFilter *self)
{
  g_autoptr(GError) error = NULL;
  gboolean had_error = self->regex_error != NULL;

  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_pointer (&self->regex_error, g_free);

  if (self->use_regex && self->search_text != NULL)
    {
      self->regex = g_regex_new (self->search_text, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);
      if (self->regex == NULL)
        self->regex_error = g_strdup (error->message);
    }

  if (had_error || self->regex_error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGEX_ERROR]);
}

const char *
fifolab_log_filter_get_search_text (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), NULL);

  return self->search_text;
}

/**
 * fifolab_log_filter_set_search_text:
 * @text: (nullable): text the escaped message must contain (ASCII letters in
 *   any case), or %NULL / "" for no search
 */
void
fifolab_log_filter_set_search_text (FifolabLogFilter *self,
                                    const char       *text)
{
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  char *old;

  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->search_text) == 0)
    return;

  /* A plain text that grows matches fewer; a regular expression, anything. */
  if (self->use_regex)
    change = GTK_FILTER_CHANGE_DIFFERENT;
  else if (text != NULL && self->search_text != NULL && strstr (text, self->search_text) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (text == NULL || (self->search_text != NULL && strstr (self->search_text, text) != NULL))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  /* Freed at the end, by hand rather than by g_autofree (which clang's
   * static analyzer does not model): text may point into the old text. */
  old = g_steal_pointer (&self->search_text);
  self->search_text = g_strdup (text);
  self->search_len = text != NULL ? strlen (text) : 0;
  compile_regex (self);
  gtk_filter_changed (GTK_FILTER (self), change);
  g_free (old);
}

const char *
fifolab_log_filter_get_pipe (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), NULL);

  return self->pipe;
}

/**
 * fifolab_log_filter_set_pipe:
 * @path: (nullable): only the entries of this pipe, or %NULL for all
 */
void
fifolab_log_filter_set_pipe (FifolabLogFilter *self,
                             const char       *path)
{
  char *old;

  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  if (path != NULL && *path == '\0')
    path = NULL;
  if (g_strcmp0 (path, self->pipe) == 0)
    return;

  old = g_steal_pointer (&self->pipe);
  self->pipe = g_strdup (path);
  gtk_filter_changed (GTK_FILTER (self), old == NULL ? GTK_FILTER_CHANGE_MORE_STRICT :
                                         path == NULL ? GTK_FILTER_CHANGE_LESS_STRICT :
                                         GTK_FILTER_CHANGE_DIFFERENT);
  g_free (old);
}

/**
 * fifolab_log_filter_set_folder:
 * @folder: (nullable): only the entries of the pipes in this folder (the
 *   lesson's), or %NULL for every pipe's
 */
void
fifolab_log_filter_set_folder (FifolabLogFilter *self,
                               const char       *folder)
{
  char *old;

  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  old = g_steal_pointer (&self->folder_prefix);
  if (folder != NULL && *folder != '\0')
    self->folder_prefix = g_str_has_suffix (folder, "/") ? g_strdup (folder) : g_strconcat (folder, "/", NULL);
  if (g_strcmp0 (old, self->folder_prefix) != 0)
    gtk_filter_changed (GTK_FILTER (self), old == NULL ? GTK_FILTER_CHANGE_MORE_STRICT :
                                           self->folder_prefix == NULL ? GTK_FILTER_CHANGE_LESS_STRICT :
                                           GTK_FILTER_CHANGE_DIFFERENT);
  g_free (old);
}

guint
fifolab_log_filter_get_direction_mask (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), 0);

  return self->direction_mask;
}

/**
 * fifolab_log_filter_set_direction_mask:
 * @mask: directions to show, bits `1 << FifolabDirection`
 */
void
fifolab_log_filter_set_direction_mask (FifolabLogFilter *self,
                                       guint             mask)
{
  guint old;

  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  mask &= FIFOLAB_LOG_FILTER_ALL_DIRECTIONS;
  if (mask == self->direction_mask)
    return;

  old = self->direction_mask;
  self->direction_mask = mask;

  if ((mask & old) == mask)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_MORE_STRICT);
  else if ((mask & old) == old)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_LESS_STRICT);
  else
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

gboolean
fifolab_log_filter_get_use_regex (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), FALSE);

  return self->use_regex;
}

/**
 * fifolab_log_filter_set_use_regex:
 * @use_regex: whether the search text is a regular expression (GRegex,
 *   any case) rather than plain text
 */
void
fifolab_log_filter_set_use_regex (FifolabLogFilter *self,
                                  gboolean          use_regex)
{
  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  use_regex = !!use_regex;
  if (self->use_regex == use_regex)
    return;

  self->use_regex = use_regex;
  compile_regex (self);
  if (self->search_text != NULL)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * fifolab_log_filter_get_regex_error:
 *
 * Returns: (nullable): why the search text is not a valid regular
 *   expression, or %NULL (plain text, or valid)
 */
const char *
fifolab_log_filter_get_regex_error (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), NULL);

  return self->regex_error;
}

gint64
fifolab_log_filter_get_pid (FifolabLogFilter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), -1);

  return self->pid;
}

/**
 * fifolab_log_filter_set_pid:
 * @pid: only the entries whose claimed sender or receiver is this pid, or
 *   -1 for all
 */
void
fifolab_log_filter_set_pid (FifolabLogFilter *self,
                            gint64            pid)
{
  gint64 old;

  g_return_if_fail (FIFOLAB_IS_LOG_FILTER (self));

  if (pid < 0)
    pid = -1;
  if (pid == self->pid)
    return;

  old = self->pid;
  self->pid = pid;
  gtk_filter_changed (GTK_FILTER (self), old < 0 ? GTK_FILTER_CHANGE_MORE_STRICT :
                                         pid < 0 ? GTK_FILTER_CHANGE_LESS_STRICT :
                                         GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * fifolab_log_filter_set_pid_text:
 * @text: a pid in decimal digits, or "" for every pid
 *
 * Anything else than digits filters no pid.
 *
 * Returns: whether @text is empty or a pid
 */
gboolean
fifolab_log_filter_set_pid_text (FifolabLogFilter *self,
                                 const char       *text)
{
  guint64 pid = 0;
  gboolean valid;

  g_return_val_if_fail (FIFOLAB_IS_LOG_FILTER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  valid = *text != '\0' && g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &pid, NULL);
  fifolab_log_filter_set_pid (self, valid ? (gint64) pid : -1);
  return valid || *text == '\0';
}

static void
fifolab_log_filter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FifolabLogFilter *self = FIFOLAB_LOG_FILTER (object);

  switch (prop_id)
    {
    case PROP_REGEX_ERROR:
      g_value_set_string (value, self->regex_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_log_filter_finalize (GObject *object)
{
  FifolabLogFilter *self = FIFOLAB_LOG_FILTER (object);

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->pipe, g_free);
  g_clear_pointer (&self->folder_prefix, g_free);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_pointer (&self->regex_error, g_free);

  G_OBJECT_CLASS (fifolab_log_filter_parent_class)->finalize (object);
}

static void
fifolab_log_filter_class_init (FifolabLogFilterClass *klass)
{
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fifolab_log_filter_finalize;
  G_OBJECT_CLASS (klass)->get_property = fifolab_log_filter_get_property;
  filter_class->match = fifolab_log_filter_match;
  filter_class->get_strictness = fifolab_log_filter_get_strictness;

  properties[PROP_REGEX_ERROR] =
    g_param_spec_string ("regex-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
}

static void
fifolab_log_filter_init (FifolabLogFilter *self)
{
  self->direction_mask = FIFOLAB_LOG_FILTER_ALL_DIRECTIONS;
  self->pid = -1;
}

FifolabLogFilter *
fifolab_log_filter_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LOG_FILTER, NULL);
}
