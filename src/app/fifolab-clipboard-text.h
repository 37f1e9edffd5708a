/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_CLIPBOARD_TEXT (fifolab_clipboard_text_get_type ())

G_DECLARE_FINAL_TYPE (FifolabClipboardText, fifolab_clipboard_text, FIFOLAB, CLIPBOARD_TEXT, GdkContentProvider)

void fifolab_clipboard_take_text (GdkClipboard *clipboard,
                                  char         *text);

G_END_DECLS
