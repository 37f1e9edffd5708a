/* SPDX-License-Identifier: GPL-3.0-or-later */
/* symbolic-png SVG SIZE OUT: renders a one-colour symbolic SVG at SIZE × SIZE
 * into OUT as GTK's pre-rendered symbolic PNG (NAME.symbolic.png): the shape
 * in the alpha channel, the red, green and blue channels (the success,
 * warning and error parts) zero, so GTK recolours it with the foreground.
 * GTK then draws the icon without loading the SVG loader, librsvg (6 MB of
 * RSS), at run time. Used by build-aux/symbolic-png.sh. */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdlib.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  int size, width, height, stride;
  guchar *pixels;

  if (argc != 4 || (size = atoi (argv[2])) <= 0)
    {
      g_printerr ("usage: symbolic-png SVG SIZE OUT\n");
      return 2;
    }
  pixbuf = gdk_pixbuf_new_from_file_at_size (argv[1], size, size, &error);
  if (pixbuf == NULL || !gdk_pixbuf_get_has_alpha (pixbuf))
    {
      g_printerr ("symbolic-png: %s: %s\n", argv[1], error != NULL ? error->message : "no alpha channel");
      return 1;
    }
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 4;

        p[0] = p[1] = p[2] = 0;
      }
  if (!gdk_pixbuf_save (pixbuf, argv[3], "png", &error, NULL))
    {
      g_printerr ("symbolic-png: %s: %s\n", argv[3], error->message);
      return 1;
    }
  return 0;
}
