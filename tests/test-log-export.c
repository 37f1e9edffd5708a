/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log's export (fifolab-log-export.c): the framing beside each message.
 * (The byte-exact forms of every field are tested in test-log.c.) */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fifolab-log.h"
#include "fifolab-test-util.h"

/* Sent and received "hi" over line framing, an event between them. */
static FifolabLog *
make_log (void)
{
  FifolabLog *log = fifolab_log_new ();

  fifolab_log_append_message (log, FIFOLAB_DIRECTION_SENT, FIFOLAB_MESSAGE_NONE,
                              FIFOLAB_FRAMING_LINE, "/tmp/p", 10, -1, 1, 1,
                              (const guint8 *) "hi", 2);
  fifolab_log_append_event (log, FIFOLAB_EVENT_READER_CONNECTED, "/tmp/p", NULL);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_NONE,
                              FIFOLAB_FRAMING_LENGTH_PREFIX, "/tmp/p", 10, 11, 2, 2,
                              (const guint8 *) "hi", 2);
  return log;
}

static char *
export (FifolabLog          *log,
        FifolabExportFormat  format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_log_export (log, format, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* JSON Lines: "framing" is the last member, null for an event; the text is
 * the message for both directions. */
static void
test_jsonl_framing (void)
{
  g_autoptr(FifolabLog) log = make_log ();
  g_autofree char *text = export (log, FIFOLAB_EXPORT_JSON_LINES);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *expected[] = { "line", NULL, "length-prefix" };

  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      g_autoptr(GList) members = NULL;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      g_assert_cmpstr (g_list_last (members)->data, ==, "framing");
      if (expected[i] != NULL)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "framing"), ==, expected[i]);
          g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "hi");
        }
      else
        g_assert_true (json_object_get_null_member (object, "framing"));
    }
}

/* CSV: a last "framing" column, empty for an event. */
static void
test_csv_framing (void)
{
  g_autoptr(FifolabLog) log = make_log ();
  g_autofree char *text = export (log, FIFOLAB_EXPORT_CSV);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_suffix (lines[0], ",pipe_base64,framing"));
  g_assert_true (g_str_has_suffix (lines[1], ",text,hi,,line"));
  g_assert_true (g_str_has_suffix (lines[2], ",,"));
  g_assert_true (g_str_has_suffix (lines[3], ",text,hi,,length-prefix"));
}

/* The seed's text form is unchanged: the received message, as read. */
static void
test_seed_text (void)
{
  g_autoptr(FifolabLog) log = make_log ();
  g_autofree char *text = export (log, FIFOLAB_EXPORT_SEED_TEXT);

  g_assert_cmpstr (text, ==, "I pid [11] received a message => hi\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-export/jsonl-framing", test_jsonl_framing);
  g_test_add_func ("/log-export/csv-framing", test_csv_framing);
  g_test_add_func ("/log-export/seed-text", test_seed_text);

  return g_test_run ();
}
