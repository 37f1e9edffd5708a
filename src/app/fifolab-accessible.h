/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void fifolab_accessible_name_control (GtkWidget  *control,
                                      const char *name);
void fifolab_accessible_name_parts   (GtkWidget  *root);

G_END_DECLS
