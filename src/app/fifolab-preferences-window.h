/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fifolab-application.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_PREFERENCES_WINDOW (fifolab_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPreferencesWindow, fifolab_preferences_window, FIFOLAB, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The settings of io.github.fifolab.FifoLab: default folder, template, framing,
 * fixed size, timestamps, log cap, color scheme. Property: settings (GSettings). */
FifolabPreferencesWindow *fifolab_preferences_window_new (FifolabApplication *application);

G_END_DECLS
