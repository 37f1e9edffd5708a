/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The app's file choosers (the log's and the sequence diagram's Export,
 * Open Recording), made one way from a table of file types: one filter a
 * type, the first one chosen. In a save dialog the type chosen decides what
 * is written, never the name's extension. */

#define FIFOLAB_FILE_TYPE_MAX_PATTERNS 3

typedef struct
{
  /* Shown in the chooser's list of types: marked for translation in the
   * table, translated when shown. */
  const char *name;
  /* The glob patterns of the names the filter shows ("*.jsonl",
   * "*.json"), the rest NULL; the "*.ext" ones are the type's extensions. */
  const char *patterns[FIFOLAB_FILE_TYPE_MAX_PATTERNS];
  /* What a name saved as this type is given (".jsonl"); NULL for a type
   * that names nothing ("All Files"). */
  const char *extension;
} FifolabFileType;

/* A modal chooser offering @types (a static table: the chooser keeps a
 * pointer to it), the first one chosen. */
GtkFileChooserNative *fifolab_file_chooser_new            (GtkWindow             *parent,
                                                           GtkFileChooserAction   action,
                                                           const char            *title,
                                                           const char            *accept_label,
                                                           const FifolabFileType *types,
                                                           guint                  n_types);
/* The index in its table of the type chosen in @dialog; 0 when none is. */
guint                 fifolab_file_chooser_get_type_index (GtkFileChooserNative  *dialog);
/* The file chosen in @dialog; in a save dialog, named for the type chosen
 * (see fifolab_file_type_name_file()). NULL when none is chosen. */
GFile                *fifolab_file_chooser_get_file       (GtkFileChooserNative  *dialog);
/* @file named for @types[@chosen]: a name that ends in one of its
 * extensions is kept; one that ends in another type's loses that; and then
 * it gets the type's extension ("log.jsonl" with CSV chosen becomes
 * "log.csv", "log" and "log.bin" become "log.csv" and "log.bin.csv"). */
GFile                *fifolab_file_type_name_file         (const FifolabFileType *types,
                                                           guint                  n_types,
                                                           guint                  chosen,
                                                           GFile                 *file);

G_END_DECLS
