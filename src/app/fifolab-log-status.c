/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-log-status.h"

/**
 * fifolab_log_status_dup_text:
 * @log: (nullable): the log shown
 * @filtering: whether the filters hide anything
 * @n_shown: the stored entries the filters let through
 *
 * Both counts are of stored entries only: the evicted entries the log's model
 * still holds for a while (see fifolab_log_count_stored()) are in the evicted
 * count already.
 *
 * Returns: (transfer full): the status line's text
 */
char *
fifolab_log_status_dup_text (FifolabLog *log,
                             gboolean    filtering,
                             guint       n_shown)
{
  GString *text = g_string_new (NULL);
  guint n_total = 0;
  guint64 evicted = 0;

  if (log != NULL)
    {
      n_total = fifolab_log_count_stored (log, G_LIST_MODEL (log));
      evicted = fifolab_log_get_evicted (log);
    }

  if (filtering)
    /* Translators: status of the message log while searching or filtering */
    g_string_append_printf (text, ngettext ("%'u of %'u entry shown", "%'u of %'u entries shown", n_total),
                            n_shown, n_total);
  else
    g_string_append_printf (text, ngettext ("%'u entry", "%'u entries", n_total), n_total);

  if (evicted > 0)
    {
      char number[32];
      /* In IEC units, as Preferences sets the log's memory limit (MiB):
       * "4.5 MiB" evicted under a limit of 4 MiB, not "4.7 MB". */
      g_autofree char *size = g_format_size_full (fifolab_log_get_evicted_bytes (log), G_FORMAT_SIZE_IEC_UNITS);

      g_snprintf (number, sizeof number, "%'" G_GUINT64_FORMAT, evicted);
      g_string_append (text, " · ");
      /* Translators: entries removed because the log reached its size limit,
       * then the memory they took ("12.3 MiB") */
      g_string_append_printf (text, ngettext ("%s evicted (%s)", "%s evicted (%s)",
                                              evicted > G_MAXULONG ? G_MAXULONG : (gulong) evicted),
                              number, size);
    }

  return g_string_free (text, FALSE);
}

/**
 * fifolab_log_status_show_error:
 * @entry: a search entry or an entry of the filter row
 * @error: (nullable): why its text is refused, or %NULL
 */
void
fifolab_log_status_show_error (GtkWidget  *entry,
                               const char *error)
{
  g_return_if_fail (GTK_IS_WIDGET (entry));

  if (error != NULL)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_widget_set_tooltip_text (entry, error);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error, -1);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_set_tooltip_text (entry, NULL);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}
