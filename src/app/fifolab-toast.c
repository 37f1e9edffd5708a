/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Toasts whose text is the message as it is, for every window. */
#include "config.h"

#include "fifolab-escape.h"
#include "fifolab-toast.h"

AdwToast *
fifolab_toast_new (const char *message,
                   gboolean    error)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  g_return_val_if_fail (message != NULL, NULL);

  text = fifolab_escape_message (message, FIFOLAB_TOAST_MAX_CHARS);
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, g_object_new (GTK_TYPE_LABEL,
                                                   "label", text,
                                                   "use-markup", FALSE,
                                                   "wrap", TRUE,
                                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                                   "width-chars", (int) MIN (g_utf8_strlen (text, -1), 48),
                                                   "max-width-chars", 72,
                                                   "xalign", 0.0f,
                                                   NULL));
  if (error)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  return toast;
}
