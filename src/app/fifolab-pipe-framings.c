/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The framing of each pipe, remembered in the settings. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-pipe-framings.h"

/* Pipes remembered at most: the oldest choices are forgotten first. */
#define MAX_REMEMBERED 200

const char *
fifolab_framing_get_label (FifolabFraming framing)
{
  switch (framing)
    {
    case FIFOLAB_FRAMING_LINE:
      return _("Lines");
    case FIFOLAB_FRAMING_FIXED:
      return _("Fixed size");
    case FIFOLAB_FRAMING_LENGTH_PREFIX:
      return _("Length-prefixed");
    case FIFOLAB_FRAMING_RAW:
    default:
      return _("Raw");
    }
}

/* Settings keys are UTF-8; a path is bytes: each pipe is kept by its URI. */
static void
framing_changed_cb (GSettings      *settings,
                    const char     *path,
                    FifolabSession *session)
{
  g_autoptr(GVariant) old = g_settings_get_value (settings, "pipe-framings");
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  const char *nick = fifolab_framing_to_string (fifolab_session_get_framing (session, path));
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  gsize n = g_variant_n_children (old);
  gsize skip = n >= MAX_REMEMBERED ? n - MAX_REMEMBERED + 1 : 0;
  GVariantIter iter;
  const char *key, *value;

  if (uri == NULL || !fifolab_session_has_framing (session, path))
    return;

  /* Oldest first; the pipe just chosen goes last. */
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      if (skip > 0)
        {
          skip--;
          continue;
        }
      if (!g_str_equal (key, uri))
        g_variant_builder_add (&builder, "{ss}", key, value);
    }
  g_variant_builder_add (&builder, "{ss}", uri, nick);
  g_settings_set_value (settings, "pipe-framings", g_variant_builder_end (&builder));
}

void
fifolab_pipe_framings_attach (FifolabSession *session,
                              GSettings      *settings)
{
  g_autoptr(GVariant) map = NULL;
  GVariantIter iter;
  const char *uri, *nick;

  g_return_if_fail (FIFOLAB_IS_SESSION (session));
  g_return_if_fail (G_IS_SETTINGS (settings));

  /* The preference is only the default for pipes not chosen for. */
  g_settings_bind (settings, "framing", session, "default-framing", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "fixed-size", session, "fixed-size", G_SETTINGS_BIND_GET);

  map = g_settings_get_value (settings, "pipe-framings");
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &uri, &nick))
    {
      g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
      FifolabFraming framing;

      /* No reader is open yet: this only remembers. */
      if (path != NULL && fifolab_framing_from_string (nick, &framing))
        fifolab_session_set_framing (session, path, framing, NULL);
    }

  g_signal_connect_object (session, "framing-changed", G_CALLBACK (framing_changed_cb),
                           settings, G_CONNECT_SWAPPED);
}
