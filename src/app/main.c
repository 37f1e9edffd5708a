/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fifolab-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FifolabApplication) app = NULL;
  /* Tests point FIFOLAB_LOCALEDIR at the catalogs in the build dir. */
  const char *localedir = g_getenv ("FIFOLAB_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fifolab_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
