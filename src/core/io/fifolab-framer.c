/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-enums.h"
#include "fifolab-framer-private.h"
#include "fifolab-nick.h"

/* The framer object: its settings (framing, line ending, fixed size, the
 * bound on one message), the streaming calls push(), finish() and reset(),
 * and the writer's side: encode() and describe(). How each framing cuts the
 * stream is in fifolab-framer-scan.c. */

G_DEFINE_FINAL_TYPE (FifolabFramer, fifolab_framer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRAMING,
  PROP_LINE_ENDING,
  PROP_FIXED_SIZE,
  PROP_MAX_MESSAGE,
  PROP_BUFFERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Reconfiguration drops what is buffered (call finish() first to get it). */
static void
reconfigure (FifolabFramer *self)
{
  gsize before = _fifolab_framer_compute_buffered (self);

  _fifolab_framer_clear_state (self);
  _fifolab_framer_release_buffer (self);

  if (before != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERED]);
}

static void
fifolab_framer_finalize (GObject *object)
{
  FifolabFramer *self = (FifolabFramer *)object;

  _fifolab_framer_release_buffer (self);

  G_OBJECT_CLASS (fifolab_framer_parent_class)->finalize (object);
}

static void
fifolab_framer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FifolabFramer *self = FIFOLAB_FRAMER (object);

  switch (prop_id)
    {
    case PROP_FRAMING:
      g_value_set_enum (value, self->framing);
      break;

    case PROP_LINE_ENDING:
      g_value_set_enum (value, self->line_ending);
      break;

    case PROP_FIXED_SIZE:
      g_value_set_uint64 (value, self->fixed_size);
      break;

    case PROP_MAX_MESSAGE:
      g_value_set_uint64 (value, self->max_message);
      break;

    case PROP_BUFFERED:
      g_value_set_uint64 (value, _fifolab_framer_compute_buffered (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_framer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FifolabFramer *self = FIFOLAB_FRAMER (object);

  switch (prop_id)
    {
    case PROP_FRAMING:
      fifolab_framer_set_framing (self, g_value_get_enum (value));
      break;

    case PROP_LINE_ENDING:
      fifolab_framer_set_line_ending (self, g_value_get_enum (value));
      break;

    case PROP_FIXED_SIZE:
      fifolab_framer_set_fixed_size (self, g_value_get_uint64 (value));
      break;

    case PROP_MAX_MESSAGE:
      fifolab_framer_set_max_message (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_framer_class_init (FifolabFramerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fifolab_framer_finalize;
  object_class->get_property = fifolab_framer_get_property;
  object_class->set_property = fifolab_framer_set_property;

  /**
   * FifolabFramer:framing:
   *
   * How the byte stream is cut into messages. Changing it drops buffered bytes.
   */
  properties[PROP_FRAMING] =
    g_param_spec_enum ("framing", NULL, NULL,
                       FIFOLAB_TYPE_FRAMING,
                       FIFOLAB_FRAMING_RAW,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * FifolabFramer:line-ending:
   *
   * The terminator for line framing. In CR LF mode a lone CR or LF is data.
   */
  properties[PROP_LINE_ENDING] =
    g_param_spec_enum ("line-ending", NULL, NULL,
                       FIFOLAB_TYPE_LINE_ENDING,
                       FIFOLAB_LINE_ENDING_LF,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * FifolabFramer:fixed-size:
   *
   * The message size for fixed-size framing (the seed reads 22 bytes).
   */
  properties[PROP_FIXED_SIZE] =
    g_param_spec_uint64 ("fixed-size", NULL, NULL,
                         1, G_MAXSIZE, FIFOLAB_SEED_MESSAGE_SIZE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * FifolabFramer:max-message:
   *
   * The most bytes the framer holds for one message; longer messages are
   * handed out in pieces of this size flagged %FIFOLAB_MESSAGE_OVERLONG.
   */
  properties[PROP_MAX_MESSAGE] =
    g_param_spec_uint64 ("max-message", NULL, NULL,
                         1, G_MAXSIZE, FIFOLAB_DEFAULT_MAX_MESSAGE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * FifolabFramer:buffered:
   *
   * Bytes held for an unfinished message (including a partial length header or
   * a CR that may start a CR LF). Notified at the end of push() when it changed.
   */
  properties[PROP_BUFFERED] =
    g_param_spec_uint64 ("buffered", NULL, NULL,
                         0, G_MAXSIZE, 0,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fifolab_framer_init (FifolabFramer *self)
{
  self->framing = FIFOLAB_FRAMING_RAW;
  self->line_ending = FIFOLAB_LINE_ENDING_LF;
  self->fixed_size = FIFOLAB_SEED_MESSAGE_SIZE;
  self->max_message = FIFOLAB_DEFAULT_MAX_MESSAGE;
}

/**
 * fifolab_framer_new:
 * @framing: the framing to use
 *
 * Returns: (transfer full): a new framer
 */
FifolabFramer *
fifolab_framer_new (FifolabFraming framing)
{
  return g_object_new (FIFOLAB_TYPE_FRAMER,
                       "framing", framing,
                       NULL);
}

FifolabFraming
fifolab_framer_get_framing (FifolabFramer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FRAMER (self), FIFOLAB_FRAMING_RAW);

  return self->framing;
}

/**
 * fifolab_framer_set_framing:
 * @self: a #FifolabFramer
 * @framing: the new framing
 *
 * Changes the framing. Bytes buffered for an unfinished message are dropped:
 * call fifolab_framer_finish() first to receive them.
 */
void
fifolab_framer_set_framing (FifolabFramer  *self,
                            FifolabFraming  framing)
{
  g_return_if_fail (FIFOLAB_IS_FRAMER (self));
  g_return_if_fail (framing <= FIFOLAB_FRAMING_LENGTH_PREFIX);
  g_return_if_fail (!self->busy);

  if (self->framing == framing)
    return;

  reconfigure (self);
  self->framing = framing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

FifolabLineEnding
fifolab_framer_get_line_ending (FifolabFramer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FRAMER (self), FIFOLAB_LINE_ENDING_LF);

  return self->line_ending;
}

/**
 * fifolab_framer_set_line_ending:
 * @self: a #FifolabFramer
 * @ending: the terminator for line framing
 *
 * Changes the line terminator. Bytes buffered for an unfinished message are
 * dropped: call fifolab_framer_finish() first to receive them.
 */
void
fifolab_framer_set_line_ending (FifolabFramer     *self,
                                FifolabLineEnding  ending)
{
  g_return_if_fail (FIFOLAB_IS_FRAMER (self));
  g_return_if_fail (ending <= FIFOLAB_LINE_ENDING_CR);
  g_return_if_fail (!self->busy);

  if (self->line_ending == ending)
    return;

  reconfigure (self);
  self->line_ending = ending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_ENDING]);
}

gsize
fifolab_framer_get_fixed_size (FifolabFramer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FRAMER (self), FIFOLAB_SEED_MESSAGE_SIZE);

  return self->fixed_size;
}

/**
 * fifolab_framer_set_fixed_size:
 * @self: a #FifolabFramer
 * @size: the message size for fixed-size framing, at least 1
 *
 * Changes the fixed size. Bytes buffered for an unfinished message are
 * dropped: call fifolab_framer_finish() first to receive them.
 */
void
fifolab_framer_set_fixed_size (FifolabFramer *self,
                               gsize          size)
{
  g_return_if_fail (FIFOLAB_IS_FRAMER (self));
  g_return_if_fail (size >= 1);
  g_return_if_fail (!self->busy);

  if (self->fixed_size == size)
    return;

  reconfigure (self);
  self->fixed_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIXED_SIZE]);
}

gsize
fifolab_framer_get_max_message (FifolabFramer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FRAMER (self), FIFOLAB_DEFAULT_MAX_MESSAGE);

  return self->max_message;
}

/**
 * fifolab_framer_set_max_message:
 * @self: a #FifolabFramer
 * @max: the most bytes held for one message, at least 1
 *
 * Changes the bound. Bytes buffered for an unfinished message are dropped:
 * call fifolab_framer_finish() first to receive them.
 */
void
fifolab_framer_set_max_message (FifolabFramer *self,
                                gsize          max)
{
  g_return_if_fail (FIFOLAB_IS_FRAMER (self));
  g_return_if_fail (max >= 1);
  g_return_if_fail (!self->busy);

  if (self->max_message == max)
    return;

  reconfigure (self);
  self->max_message = max;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_MESSAGE]);
}

gsize
fifolab_framer_get_buffered (FifolabFramer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FRAMER (self), 0);

  return _fifolab_framer_compute_buffered (self);
}

/**
 * fifolab_framer_push:
 * @self: a #FifolabFramer
 * @data: (array length=len): the bytes read
 * @len: how many
 * @func: (scope call): called for each message completed by this chunk
 * @user_data: for @func
 *
 * Feeds one chunk. @func must not push to, finish, reset or reconfigure this
 * framer.
 */
void
fifolab_framer_push (FifolabFramer     *self,
                     const guint8      *data,
                     gsize              len,
                     FifolabFramerFunc  func,
                     gpointer           user_data)
{
  gsize before;

  g_return_if_fail (FIFOLAB_IS_FRAMER (self));
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (func != NULL);
  g_return_if_fail (!self->busy);

  /* Nothing to do; and data may be NULL, where NULL + 0 is undefined behaviour. */
  if (len == 0)
    return;

  /* The callback may drop the last outside reference. */
  g_object_ref (self);

  before = _fifolab_framer_compute_buffered (self);
  self->busy = TRUE;
  self->func = func;
  self->user_data = user_data;

  _fifolab_framer_scan (self, data, len);

  self->func = NULL;
  self->user_data = NULL;
  self->busy = FALSE;

  if (_fifolab_framer_compute_buffered (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERED]);

  g_object_unref (self);
}

/**
 * fifolab_framer_finish:
 * @self: a #FifolabFramer
 * @func: (scope call): called for the unfinished message, if any
 * @user_data: for @func
 *
 * The stream ended: hands out what is buffered flagged
 * %FIFOLAB_MESSAGE_INCOMPLETE (with length-prefix framing, a partial header
 * too, or an empty message when a header arrived without its payload), then
 * resets the framer for the next stream.
 */
void
fifolab_framer_finish (FifolabFramer     *self,
                       FifolabFramerFunc  func,
                       gpointer           user_data)
{
  gsize before;

  g_return_if_fail (FIFOLAB_IS_FRAMER (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (!self->busy);

  g_object_ref (self);

  before = _fifolab_framer_compute_buffered (self);
  self->busy = TRUE;
  self->func = func;
  self->user_data = user_data;

  _fifolab_framer_scan_end (self);

  self->func = NULL;
  self->user_data = NULL;
  self->busy = FALSE;

  _fifolab_framer_clear_state (self);
  _fifolab_framer_release_buffer (self);

  if (before != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERED]);

  g_object_unref (self);
}

/**
 * fifolab_framer_reset:
 * @self: a #FifolabFramer
 *
 * Drops what is buffered, as at the start of a stream.
 */
void
fifolab_framer_reset (FifolabFramer *self)
{
  g_return_if_fail (FIFOLAB_IS_FRAMER (self));
  g_return_if_fail (!self->busy);

  reconfigure (self);
}

/**
 * fifolab_framer_encode:
 * @self: a #FifolabFramer
 * @payload: the message
 * @error: return location for a #GError
 *
 * The bytes to write for one message under the current framing: raw as is;
 * line framing appends the terminator (a terminator inside @payload is sent as
 * is, so the reader will see more than one message); fixed size pads with NUL
 * bytes and refuses a longer payload; length-prefix prepends the 4-byte
 * big-endian length and refuses more than 4 GiB − 1.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *
fifolab_framer_encode (FifolabFramer  *self,
                       GBytes         *payload,
                       GError        **error)
{
  const guint8 *data;
  gsize len;
  guint8 *out;

  g_return_val_if_fail (FIFOLAB_IS_FRAMER (self), NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (payload, &len);

  switch (self->framing)
    {
    case FIFOLAB_FRAMING_RAW:
      return g_bytes_ref (payload);

    case FIFOLAB_FRAMING_LINE:
      {
        const char *term;
        gsize term_len;

        switch (self->line_ending)
          {
          case FIFOLAB_LINE_ENDING_CRLF:
            term = "\r\n";
            break;
          case FIFOLAB_LINE_ENDING_CR:
            term = "\r";
            break;
          case FIFOLAB_LINE_ENDING_LF:
          default:
            term = "\n";
            break;
          }
        term_len = strlen (term);

        out = g_malloc (len + term_len);
        if (len > 0)
          memcpy (out, data, len);
        memcpy (out + len, term, term_len);
        return g_bytes_new_take (out, len + term_len);
      }

    case FIFOLAB_FRAMING_FIXED:
      if (len > self->fixed_size)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The message is %zu bytes long, but fixed-size framing sends exactly %zu byte per message",
                                    "The message is %zu bytes long, but fixed-size framing sends exactly %zu bytes per message",
                                    self->fixed_size),
                       len, self->fixed_size);
          return NULL;
        }
      out = g_malloc0 (self->fixed_size);
      if (len > 0)
        memcpy (out, data, len);
      return g_bytes_new_take (out, self->fixed_size);

    case FIFOLAB_FRAMING_LENGTH_PREFIX:
      if (len > G_MAXUINT32)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The message is %zu bytes long; a 4-byte length prefix allows at most %u bytes"),
                       len, (guint) G_MAXUINT32);
          return NULL;
        }
      out = g_malloc (len + 4);
      out[0] = (len >> 24) & 0xff;
      out[1] = (len >> 16) & 0xff;
      out[2] = (len >> 8) & 0xff;
      out[3] = len & 0xff;
      if (len > 0)
        memcpy (out + 4, data, len);
      return g_bytes_new_take (out, len + 4);

    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/**
 * fifolab_framer_describe:
 * @self: a #FifolabFramer
 *
 * Returns: (transfer full): a translated one-line description of the framing
 */
char *
fifolab_framer_describe (FifolabFramer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FRAMER (self), NULL);

  switch (self->framing)
    {
    case FIFOLAB_FRAMING_RAW:
      return g_strdup (_("Raw: each read is one message"));

    case FIFOLAB_FRAMING_LINE:
      switch (self->line_ending)
        {
        case FIFOLAB_LINE_ENDING_CRLF:
          return g_strdup (_("Lines ending in CR LF"));
        case FIFOLAB_LINE_ENDING_CR:
          return g_strdup (_("Lines ending in CR"));
        case FIFOLAB_LINE_ENDING_LF:
        default:
          return g_strdup (_("Lines ending in LF"));
        }

    case FIFOLAB_FRAMING_FIXED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Fixed size: %zu byte",
                                           "Fixed size: %zu bytes",
                                           self->fixed_size),
                              self->fixed_size);

    case FIFOLAB_FRAMING_LENGTH_PREFIX:
      return g_strdup (_("Length-prefixed (4-byte big-endian)"));

    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/**
 * fifolab_framing_from_string:
 * @str: a nick: "raw", "line", "fixed" or "length-prefix"
 * @framing: (out): the framing
 *
 * Returns: %TRUE if @str names a framing
 */
gboolean
fifolab_framing_from_string (const char     *str,
                             FifolabFraming *framing)
{
  int value;

  g_return_val_if_fail (framing != NULL, FALSE);

  if (!_fifolab_enum_from_nick (FIFOLAB_TYPE_FRAMING, str, &value))
    return FALSE;

  *framing = value;
  return TRUE;
}

/**
 * fifolab_framing_to_string:
 * @framing: a framing
 *
 * Returns: the nick of @framing ("length-prefix"), or %NULL if invalid
 */
const char *
fifolab_framing_to_string (FifolabFraming framing)
{
  return _fifolab_enum_to_nick (FIFOLAB_TYPE_FRAMING, framing);
}
