/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The core logs in its own domain, "fifolab-core", whichever program links
 * it: a warning says where it comes from, and G_MESSAGES_DEBUG=fifolab-core
 * picks the core's debug messages alone. */
#include "config.h"

#include "fifolab-framer.h"
#include "fifolab-writer.h"
#include "fifolab-test-util.h"

/* A misuse caught by a precondition is reported in the core's domain. */
static void
test_core_domain (void)
{
  g_test_expect_message ("fifolab-core", G_LOG_LEVEL_CRITICAL, "*FIFOLAB_IS_FRAMER*");
  g_assert_cmpuint (fifolab_framer_get_buffered (NULL), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("fifolab-core", G_LOG_LEVEL_CRITICAL, "*FIFOLAB_IS_WRITER*");
  g_assert_null (fifolab_writer_get_path (NULL));
  g_test_assert_expected_messages ();
}

/* The test program's own messages are not the core's: the domain is set for
 * the core library only, not for whoever includes its headers. */
static void
test_includer_domain (void)
{
  g_test_expect_message (NULL, G_LOG_LEVEL_MESSAGE, "from the test");
  g_message ("from the test");
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-domain/core", test_core_domain);
  g_test_add_func ("/log-domain/includer", test_includer_domain);

  return g_test_run ();
}
