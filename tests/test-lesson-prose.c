/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lessons' prose as data (fifolab-lessons.xml in the core's resources):
 * every step has its four texts, every placeholder is filled from the steps'
 * numbers, a broken file fails here rather than in front of a student, and
 * the texts come out translated under LANGUAGE=zh_CN. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "fifolab-lesson-private.h"
#include "fifolab-test-util.h"

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }
  return FALSE;
}

static const char *
step_text (FifolabLesson   *lesson,
           guint            index,
           FifolabProseKey  key)
{
  switch (key)
    {
    case FIFOLAB_PROSE_TITLE:
      return fifolab_lesson_get_step_title (lesson, index);
    case FIFOLAB_PROSE_WHAT:
      return fifolab_lesson_get_step_what (lesson, index);
    case FIFOLAB_PROSE_WHY:
      return fifolab_lesson_get_step_why (lesson, index);
    case FIFOLAB_PROSE_ACTION:
      return fifolab_lesson_get_step_action_label (lesson, index);
    case FIFOLAB_PROSE_N_KEYS:
    default:
      g_assert_not_reached ();
    }
}

/* The shipped prose: one entry per step id, in the steps' order, each text
 * filled (no brace left) and the numbers those of the steps. */
static void
test_prose_default (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GError) error = NULL;
  FifolabLessonProse *prose = fifolab_lesson_prose_get_default ();
  FifolabLesson *lesson = NULL;

  g_assert_nonnull (prose);
  g_assert_true (_fifolab_lesson_check_prose (prose, &error));
  g_assert_no_error (error);

  lesson = fifolab_lesson_new (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_lesson_prose_get_n_steps (prose), ==, fifolab_lesson_get_n_steps (lesson));
  for (guint i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
    {
      /* In the same order as the steps. */
      g_assert_cmpstr (fifolab_lesson_prose_get_id (prose, i), ==, fifolab_lesson_get_step_action_id (lesson, i));
      for (guint key = 0; key < FIFOLAB_PROSE_N_KEYS; key++)
        {
          const char *text = step_text (lesson, i, key);

          g_assert_nonnull (text);
          g_assert_cmpstr (text, !=, "");
          g_assert_null (strchr (text, '{'));
          g_assert_null (strchr (text, '}'));
          /* As xgettext extracts it: no white space at either end, no runs. */
          g_assert_false (g_ascii_isspace (text[0]));
          g_assert_null (strstr (text, "  "));
          g_assert_null (strchr (text, '\n'));
        }
    }

  /* Numbers the students read are those the steps use. */
  /* Lesson 3's message is "Hello from pid [N]": its size depends on the
   * writer's pid, which the prose cannot know (the card says it). */
  g_assert_null (strpbrk (fifolab_lesson_get_step_why (lesson, fifolab_test_lesson_step_of (lesson, "start-writer")),
                          "0123456789"));
  /* Lesson 6's messages are their body and the writer's pid twice around it. */
  g_assert_nonnull (strstr (fifolab_lesson_get_step_what (lesson, fifolab_test_lesson_step_of (lesson, "two-writers-large")),
                            "more than 100000 bytes"));
  g_assert_nonnull (strstr (fifolab_lesson_get_step_what (lesson, fifolab_test_lesson_step_of (lesson, "writer-closes")),
                            "sends 3 messages"));
  g_assert_nonnull (strstr (fifolab_lesson_get_step_why (lesson, fifolab_test_lesson_step_of (lesson, "two-writers-small")),
                            "(4096 on Linux)"));
  g_assert_nonnull (strstr (fifolab_lesson_get_step_what (lesson, fifolab_test_lesson_step_of (lesson, "fill")),
                            "write 80 KiB"));
  g_assert_nonnull (strstr (fifolab_lesson_get_step_why (lesson, fifolab_test_lesson_step_of (lesson, "fill")),
                            "holds 64 KiB"));
  g_assert_cmpstr (fifolab_lesson_get_step_title (lesson, 0), ==, "Everything is a file");
  g_assert_cmpuint (fifolab_lesson_get_step_chapter (lesson, fifolab_test_lesson_step_of (lesson, "conversation")), ==, 9);

  g_assert_finalize_object (lesson);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Placeholders: filled from the values, an unknown name or an unclosed
 * brace is an error, never shown. */
static void
test_prose_fill (void)
{
  static const FifolabProseValue values[] = { { "n", 42 }, { "size", 4096 } };
  g_autoptr(GError) error = NULL;
  g_autofree char *filled = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *unclosed = NULL;

  filled = fifolab_lesson_prose_fill ("{n} writes of {size} bytes, {n} again", values, G_N_ELEMENTS (values), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (filled, ==, "42 writes of 4096 bytes, 42 again");

  unknown = fifolab_lesson_prose_fill ("{count} writes", values, G_N_ELEMENTS (values), &error);
  g_assert_null (unknown);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "count"));
  g_clear_error (&error);

  unclosed = fifolab_lesson_prose_fill ("{n writes", values, G_N_ELEMENTS (values), &error);
  g_assert_null (unclosed);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

#define STEP(id, chapter, body) "<step id=\"" id "\" chapter=\"" chapter "\">" body "</step>"
#define TEXTS "<title>T</title><what>W</what><why>Y</why><action>A</action>"

static void
assert_broken (const char *xml,
               const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLessonProse) prose = fifolab_lesson_prose_new_from_data (xml, -1, &error);

  g_assert_null (prose);
  g_assert_nonnull (error);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” not in the error “%s”", needle, error->message);
}

/* A broken prose file fails to load, saying what is wrong. */
static void
test_prose_broken (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLessonProse) good = NULL;
  g_autoptr(FifolabLessonProse) short_of_steps = NULL;

  good = fifolab_lesson_prose_new_from_data ("<lessons>" STEP ("a", "1", "<title>\n   Two\n   lines </title>"
                                             "<what>W</what><why>Y</why><action>A</action>") "</lessons>",
                                             -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_lesson_prose_get_n_steps (good), ==, 1);
  g_assert_cmpint (fifolab_lesson_prose_find (good, "a"), ==, 0);
  g_assert_cmpint (fifolab_lesson_prose_find (good, "b"), ==, -1);
  g_assert_cmpstr (fifolab_lesson_prose_get_text (good, 0, FIFOLAB_PROSE_TITLE), ==, "Two lines");
  g_assert_cmpuint (fifolab_lesson_prose_get_chapter (good, 0), ==, 1);

  /* A missing key. */
  assert_broken ("<lessons>" STEP ("a", "1", "<title>T</title><what>W</what><action>A</action>") "</lessons>",
                 "no <why>");
  assert_broken ("<lessons>" STEP ("a", "1", TEXTS "<why>again</why>") "</lessons>", "<why> twice");
  assert_broken ("<lessons>" STEP ("a", "1", TEXTS) STEP ("a", "2", TEXTS) "</lessons>", "twice");
  assert_broken ("<lessons>" STEP ("a", "one", TEXTS) "</lessons>", "chapter");
  assert_broken ("<lessons><step chapter=\"1\">" TEXTS "</step></lessons>", "id");
  assert_broken ("<lessons>" STEP ("a", "1", TEXTS "<extra/>") "</lessons>", "extra");
  assert_broken ("<lessons>" STEP ("a", "1", "<title> </title><what>W</what><why>Y</why><action>A</action>")
                 "</lessons>", "empty <title>");
  assert_broken ("<interface/>", "interface");

  /* Well formed, but a step of the lesson has no prose: the check says which. */
  short_of_steps = fifolab_lesson_prose_new_from_data ("<lessons>" STEP ("mkfifo", "1", TEXTS) "</lessons>", -1, &error);
  g_assert_no_error (error);
  g_assert_false (_fifolab_lesson_check_prose (short_of_steps, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* Under LANGUAGE=zh_CN (in a child, so that nothing was looked up in English
 * before) the lesson's texts are the catalog's, filled in. */
static void
test_prose_chinese (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = fifolab_test_tmpdir_new ();
      g_autoptr(GError) error = NULL;
      FifolabLesson *lesson = NULL;

      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      g_assert_true (_fifolab_lesson_check_prose (fifolab_lesson_prose_get_default (), &error));
      g_assert_no_error (error);
      lesson = fifolab_lesson_new (dir, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fifolab_lesson_get_step_title (lesson, 0), ==, "一切皆文件");
      for (guint i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
        for (guint key = 0; key < FIFOLAB_PROSE_N_KEYS; key++)
          {
            const char *text = step_text (lesson, i, key);

            if (!has_cjk (text))
              g_error ("step %u, text %u is not Chinese: %s", i, key, text);
            g_assert_null (strchr (text, '{'));
          }
      g_assert_nonnull (strstr (fifolab_lesson_get_step_what (lesson, fifolab_test_lesson_step_of (lesson, "fill")),
                                "写入 80 KiB"));
      g_assert_nonnull (strstr (fifolab_lesson_get_step_what (lesson, fifolab_test_lesson_step_of (lesson, "writer-closes")),
                                "发送 3 条消息"));
      g_assert_null (strpbrk (fifolab_lesson_get_step_why (lesson, fifolab_test_lesson_step_of (lesson, "start-writer")),
                              "0123456789"));
      g_assert_finalize_object (lesson);
      fifolab_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Nine lessons, their steps numbered within each. */
static void
test_lesson_chapters (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, NULL, &error);
  guint total = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_lesson_get_n_chapters (lesson), ==, 9);
  for (guint chapter = 1; chapter <= 9; chapter++)
    {
      guint first = fifolab_lesson_get_chapter_first_step (lesson, chapter);
      guint n = fifolab_lesson_get_chapter_n_steps (lesson, chapter);

      g_assert_cmpstr (fifolab_lesson_get_chapter_title (lesson, chapter), !=, "");
      g_assert_cmpuint (first, ==, total);
      g_assert_cmpuint (n, >=, 1);
      for (guint k = 0; k < n; k++)
        {
          g_assert_cmpuint (fifolab_lesson_get_step_chapter (lesson, first + k), ==, chapter);
          g_assert_cmpuint (fifolab_lesson_get_step_number (lesson, first + k), ==, k + 1);
        }
      total += n;
    }
  g_assert_cmpuint (total, ==, fifolab_lesson_get_n_steps (lesson));
  /* "Lesson 5, step 2 of 2", "Lesson 8, step 2 of 2", "Lesson 9, step 1 of 1". */
  g_assert_cmpuint (fifolab_lesson_get_step_chapter (lesson, fifolab_test_lesson_step_of (lesson, "reader-leaves")), ==, 5);
  g_assert_cmpuint (fifolab_lesson_get_step_number (lesson, fifolab_test_lesson_step_of (lesson, "reader-leaves")), ==, 2);
  g_assert_cmpuint (fifolab_lesson_get_step_number (lesson, fifolab_test_lesson_step_of (lesson, "drain")), ==, 2);
  g_assert_cmpuint (fifolab_lesson_get_step_number (lesson, fifolab_test_lesson_step_of (lesson, "conversation")), ==, 1);
  g_assert_cmpuint (fifolab_lesson_get_chapter_n_steps (lesson, 9), ==, 1);
  g_assert_cmpstr (fifolab_lesson_get_chapter_title (lesson, 5), ==, "Writers without readers");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FIFOLAB_LOCALEDIR") != NULL)
    localedir = g_strdup (g_getenv ("FIFOLAB_LOCALEDIR"));
  else
    localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/lesson-prose/default", test_prose_default);
  g_test_add_func ("/lesson-prose/fill", test_prose_fill);
  g_test_add_func ("/lesson-prose/broken", test_prose_broken);
  g_test_add_func ("/lesson-prose/chinese", test_prose_chinese);
  /* Moved from test-lesson.c, under its name there. */
  g_test_add_func ("/lesson/chapters", test_lesson_chapters);

  return g_test_run ();
}
