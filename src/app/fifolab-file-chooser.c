/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-file-chooser.h"

#define TYPES_KEY "fifolab-file-types"
#define N_TYPES_KEY "fifolab-n-file-types"
#define INDEX_KEY "fifolab-file-type-index"

/**
 * fifolab_file_chooser_new:
 * @parent: (nullable): the window it belongs to
 * @action: open or save
 * @title: its title, translated
 * @accept_label: its accept button's label, translated, with a mnemonic
 * @types: (array length=n_types): the file types it offers, a static table
 *
 * Returns: (transfer full): the dialog, to show
 */
GtkFileChooserNative *
fifolab_file_chooser_new (GtkWindow             *parent,
                          GtkFileChooserAction   action,
                          const char            *title,
                          const char            *accept_label,
                          const FifolabFileType *types,
                          guint                  n_types)
{
  GtkFileChooserNative *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (types != NULL && n_types > 0, NULL);

  dialog = gtk_file_chooser_native_new (title, parent, action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), TYPES_KEY, (gpointer) types);
  g_object_set_data (G_OBJECT (dialog), N_TYPES_KEY, GUINT_TO_POINTER (n_types));
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(types[i].name));
      for (guint p = 0; p < FIFOLAB_FILE_TYPE_MAX_PATTERNS && types[i].patterns[p] != NULL; p++)
        gtk_file_filter_add_pattern (filter, types[i].patterns[p]);
      /* Which type it is, counted from 1: no data is none. */
      g_object_set_data (G_OBJECT (filter), INDEX_KEY, GUINT_TO_POINTER (i + 1));
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      if (i == 0)
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), filter);
    }
  return dialog;
}

/**
 * fifolab_file_chooser_get_type_index:
 * @dialog: a dialog from fifolab_file_chooser_new()
 *
 * Returns: the index in its table of the type chosen, 0 when none is
 */
guint
fifolab_file_chooser_get_type_index (GtkFileChooserNative *dialog)
{
  GtkFileFilter *filter;
  guint index;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (dialog), 0);

  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
  index = filter != NULL ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (filter), INDEX_KEY)) : 0;
  return index > 0 ? index - 1 : 0;
}

/* Whether @name ends in one of @type's "*.ext" patterns, in any case. */
static gboolean
has_extension_of (const char            *name,
                  const FifolabFileType *type)
{
  gsize length = strlen (name);

  for (guint p = 0; p < FIFOLAB_FILE_TYPE_MAX_PATTERNS && type->patterns[p] != NULL; p++)
    {
      const char *suffix = type->patterns[p] + 1;
      gsize suffix_length = strlen (suffix);

      if (type->patterns[p][0] == '*' && suffix[0] == '.' && strchr (suffix, '*') == NULL &&
          length >= suffix_length && g_ascii_strcasecmp (name + length - suffix_length, suffix) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * fifolab_file_type_name_file:
 * @types: (array length=n_types): the file types
 * @chosen: the index of the one chosen
 * @file: the file named
 *
 * Returns: (transfer full): @file named for @types[@chosen]
 */
GFile *
fifolab_file_type_name_file (const FifolabFileType *types,
                             guint                  n_types,
                             guint                  chosen,
                             GFile                 *file)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *fixed = NULL;
  const FifolabFileType *type;

  g_return_val_if_fail (types != NULL && chosen < n_types, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  type = &types[chosen];
  basename = g_file_get_basename (file);
  parent = g_file_get_parent (file);
  if (type->extension == NULL || basename == NULL || parent == NULL || has_extension_of (basename, type))
    return g_object_ref (file);

  /* Another type's extension: replaced. */
  for (guint i = 0; i < n_types; i++)
    if (i != chosen && has_extension_of (basename, &types[i]))
      {
        *strrchr (basename, '.') = '\0';
        break;
      }
  fixed = g_strconcat (basename, type->extension, NULL);
  return g_file_get_child (parent, fixed);
}

/**
 * fifolab_file_chooser_get_file:
 * @dialog: a dialog from fifolab_file_chooser_new()
 *
 * Returns: (transfer full) (nullable): the file chosen, in a save dialog
 *   named for the type chosen
 */
GFile *
fifolab_file_chooser_get_file (GtkFileChooserNative *dialog)
{
  g_autoptr(GFile) file = NULL;
  const FifolabFileType *types;
  guint n_types;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (dialog), NULL);

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  types = g_object_get_data (G_OBJECT (dialog), TYPES_KEY);
  n_types = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), N_TYPES_KEY));
  if (file == NULL || types == NULL ||
      gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) != GTK_FILE_CHOOSER_ACTION_SAVE)
    return g_steal_pointer (&file);
  return fifolab_file_type_name_file (types, n_types, fifolab_file_chooser_get_type_index (dialog), file);
}
