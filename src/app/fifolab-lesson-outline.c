/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-lesson-outline.h"

struct _FifolabLessonOutline
{
  GtkWidget   parent_instance;

  GtkWidget  *list;
  GPtrArray  *titles;  /* char *, lesson 1 first */
  GArray     *done;    /* gboolean per lesson */
};

G_DEFINE_FINAL_TYPE (FifolabLessonOutline, fifolab_lesson_outline, GTK_TYPE_WIDGET)

enum {
  SIGNAL_LESSON_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The row's words, shown and said. */
static void
update_row (FifolabLessonOutline *self,
            guint                 lesson)
{
  GtkWidget *row = fifolab_lesson_outline_get_row (self, lesson);
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *check = gtk_widget_get_next_sibling (label);
  gboolean done = g_array_index (self->done, gboolean, lesson - 1);
  const char *title = self->titles->pdata[lesson - 1];
  g_autofree char *number = g_strdup_printf ("%u", lesson);
  g_autofree char *total = g_strdup_printf ("%u", self->titles->len);
  g_autofree char *shown = NULL;
  g_autofree char *said = NULL;

  /* Translators: an outline row, "3. A writer arrives". */
  shown = g_strdup_printf (_("%s. %s"), number, title);
  said = done
    /* Translators: what a screen reader says of an outline row. */
    ? g_strdup_printf (_("Lesson %s of %s: %s, done"), number, total, title)
    : g_strdup_printf (_("Lesson %s of %s: %s"), number, total, title);
  gtk_label_set_text (GTK_LABEL (label), shown);
  gtk_widget_set_visible (check, done);
  fifolab_accessible_set_name (GTK_WIDGET (row), said);
}

static GtkWidget *
make_row (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  fifolab_accessible_set_name (GTK_WIDGET (check), _("Done"));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
row_activated_cb (FifolabLessonOutline *self,
                  GtkListBoxRow        *row)
{
  g_signal_emit (self, signals[SIGNAL_LESSON_ACTIVATED], 0, (guint) gtk_list_box_row_get_index (row) + 1);
}

static void
fifolab_lesson_outline_dispose (GObject *object)
{
  FifolabLessonOutline *self = FIFOLAB_LESSON_OUTLINE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_LESSON_OUTLINE);
  g_clear_pointer (&self->titles, g_ptr_array_unref);
  g_clear_pointer (&self->done, g_array_unref);

  G_OBJECT_CLASS (fifolab_lesson_outline_parent_class)->dispose (object);
}

static void
fifolab_lesson_outline_class_init (FifolabLessonOutlineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_lesson_outline_dispose;

  signals[SIGNAL_LESSON_ACTIVATED] =
    g_signal_new ("lesson-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-lesson-outline.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonOutline, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fifolab_lesson_outline_init (FifolabLessonOutline *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->titles = g_ptr_array_new_with_free_func (g_free);
  self->done = g_array_new (FALSE, TRUE, sizeof (gboolean));
}

GtkWidget *
fifolab_lesson_outline_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LESSON_OUTLINE, NULL);
}

void
fifolab_lesson_outline_set_lessons (FifolabLessonOutline *self,
                                    const char * const   *titles)
{
  GtkWidget *child;

  g_return_if_fail (FIFOLAB_IS_LESSON_OUTLINE (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->titles, 0);
  g_array_set_size (self->done, 0);
  for (guint i = 0; titles != NULL && titles[i] != NULL; i++)
    {
      gboolean no = FALSE;

      g_ptr_array_add (self->titles, g_strdup (titles[i]));
      g_array_append_val (self->done, no);
      gtk_list_box_append (GTK_LIST_BOX (self->list), make_row ());
    }
  for (guint i = 1; i <= self->titles->len; i++)
    update_row (self, i);
}

guint
fifolab_lesson_outline_get_n_lessons (FifolabLessonOutline *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON_OUTLINE (self), 0);
  return self->titles->len;
}

void
fifolab_lesson_outline_set_done (FifolabLessonOutline *self,
                                 guint                 lesson,
                                 gboolean              done)
{
  g_return_if_fail (FIFOLAB_IS_LESSON_OUTLINE (self));
  g_return_if_fail (lesson >= 1 && lesson <= self->titles->len);

  done = !!done;
  if (g_array_index (self->done, gboolean, lesson - 1) == done)
    return;
  g_array_index (self->done, gboolean, lesson - 1) = done;
  update_row (self, lesson);
}

gboolean
fifolab_lesson_outline_get_done (FifolabLessonOutline *self,
                                 guint                 lesson)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON_OUTLINE (self), FALSE);
  g_return_val_if_fail (lesson >= 1 && lesson <= self->titles->len, FALSE);
  return g_array_index (self->done, gboolean, lesson - 1);
}

void
fifolab_lesson_outline_set_current (FifolabLessonOutline *self,
                                    guint                 lesson)
{
  g_return_if_fail (FIFOLAB_IS_LESSON_OUTLINE (self));

  if (lesson >= 1 && lesson <= self->titles->len)
    gtk_list_box_select_row (GTK_LIST_BOX (self->list),
                             GTK_LIST_BOX_ROW (fifolab_lesson_outline_get_row (self, lesson)));
  else
    gtk_list_box_unselect_all (GTK_LIST_BOX (self->list));
}

/**
 * fifolab_lesson_outline_get_row:
 * @self: the outline
 * @lesson: from 1
 *
 * Returns: (transfer none): the row (a GtkListBoxRow)
 */
GtkWidget *
fifolab_lesson_outline_get_row (FifolabLessonOutline *self,
                                guint                 lesson)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON_OUTLINE (self), NULL);
  g_return_val_if_fail (lesson >= 1 && lesson <= self->titles->len, NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), (int) lesson - 1));
}
