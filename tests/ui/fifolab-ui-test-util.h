/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-test-util.h"

G_BEGIN_DECLS

/* Points XDG_DATA_HOME (and so the lab folder) at a private temporary folder,
 * then g_test_init() and gtk_init_check(). Returns FALSE (with a TAP "Bail out!"
 * line) when there is no display: run under xvfb-run, or -Dui_tests=false.
 * Returns in @data_home the folder to free with fifolab_test_tmpdir_free(). */
gboolean   fifolab_ui_test_init            (int          *argc,
                                            char       ***argv,
                                            char        **data_home);
/* Iterates until @widget is mapped (and has drawn a frame) or the time passes. */
gboolean   fifolab_ui_test_wait_mapped     (GtkWidget    *widget,
                                            guint         timeout_ms);
/* A new window of @width x @height holding @child, presented and drawn. */
GtkWindow *fifolab_ui_test_present         (GtkWidget    *child,
                                            int           width,
                                            int           height,
                                            guint         timeout_ms);
/* @root itself or its first descendant (depth first) of @type, or NULL. */
GtkWidget *fifolab_ui_test_find_descendant (GtkWidget    *root,
                                            GType         type);
/* @root itself or its first descendant (depth first) that @match accepts, or NULL. */
GtkWidget *fifolab_ui_test_find_widget     (GtkWidget    *root,
                                            gboolean    (*match) (GtkWidget     *widget,
                                                                  gconstpointer  data),
                                            gconstpointer data);
/* The first toplevel window of @type, or NULL. */
GtkWindow *fifolab_ui_test_find_toplevel   (GType         type);
/* Registers and activates @app, as the desktop starts it, and returns its
 * active window once it is drawn (transfer none). Fails the test otherwise. */
GtkWindow *fifolab_ui_test_activate        (GApplication *app,
                                            guint         timeout_ms);
/* The reverse: destroys @window, lets it go, and drops @app (transfer full). */
void       fifolab_ui_test_release         (GApplication *app,
                                            GtkWindow    *window);
/* Whether @model holds a FifolabPipeInfo-like item whose "path" is @path. */
gboolean   fifolab_ui_test_model_has_path  (GListModel   *model,
                                            const char   *path);

G_END_DECLS
