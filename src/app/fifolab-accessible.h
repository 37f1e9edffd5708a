/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void        fifolab_accessible_set_name (GtkWidget  *widget,
                                         const char *name);
const char *fifolab_accessible_get_name (GtkWidget  *widget);

void fifolab_accessible_name_control (GtkWidget  *control,
                                      const char *name);
void fifolab_accessible_name_parts   (GtkWidget  *root);

void fifolab_accessible_say_nothing      (GtkAccessible     *accessible);
void fifolab_accessible_name_scroll_bars (GtkScrolledWindow *scrolled,
                                          const char        *name);
void fifolab_accessible_label_scroll_bars (GtkScrolledWindow *scrolled,
                                           GtkWidget         *label);
void fifolab_accessible_name_stack_pages (GtkStack          *stack);
void fifolab_accessible_name_paned_handle (GtkPaned          *paned,
                                           const char        *name);
void fifolab_accessible_name_drop_down_button (GtkDropDown *dropdown,
                                               const char  *name);
/* The first label in @widget's tree, or NULL: what a part that only holds
 * it (a column's title, a drop-down's shown row) shows. */
GtkWidget *fifolab_accessible_shown_label (GtkWidget *widget);

/* @text case folded, stripped, without an ellipsis after it: as compared
 * for saying the same words. */
char     *fifolab_accessible_comparable (const char *text);
/* Whether @words (compared so) is said in @name as whole words, or, in a
 * language written without spaces, anywhere; empty @words are said in any
 * name. */
gboolean  fifolab_accessible_says       (const char *name,
                                         const char *words);

G_END_DECLS
