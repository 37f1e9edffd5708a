/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-zoom-css.h"

/* libadwaita's .title-3 size, which an em size would not scale (it is set
 * on the label itself). */
#define TITLE_3_PT 15.0

void
fifolab_zoom_css_set (GdkDisplay *display,
                      const char *css_class,
                      double      zoom)
{
  g_autofree char *key = g_strconcat ("fifolab-zoom-css-", css_class, NULL);
  GtkCssProvider *provider;
  g_autofree char *css = NULL;
  char em[G_ASCII_DTOSTR_BUF_SIZE];
  char pt[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (GDK_IS_DISPLAY (display));
  g_return_if_fail (css_class != NULL);

  provider = g_object_get_data (G_OBJECT (display), key);
  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      /* Above the application's style.css and libadwaita's. */
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      g_object_set_data_full (G_OBJECT (display), key, provider, g_object_unref);
    }
  /* Numbers in CSS are C-locale. */
  g_ascii_formatd (em, sizeof em, "%.4g", zoom);
  g_ascii_formatd (pt, sizeof pt, "%.4g", TITLE_3_PT * zoom);
  css = g_strdup_printf (".%s label { font-size: %sem; }\n"
                         ".%s label.title-3 { font-size: %spt; }\n",
                         css_class, em, css_class, pt);
  gtk_css_provider_load_from_data (provider, css, -1);
}
