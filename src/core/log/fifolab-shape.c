/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-find.h"
#include "fifolab-shape.h"
#include "fifolab-stamp.h"

/* Pure checks of one message's shape against a stamp template: no state, no
 * I/O, any thread. */

/* The longest digit run taken as a pid. */
#define MAX_PID_DIGITS 19

/* The literal pieces of @template_ around each "%d" ("%%" made "%"); NULL when
 * the template is not valid. */
static GPtrArray *
split_template (const char *template_)
{
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GBytes) probe = NULL;
  GString *piece;

  probe = fifolab_stamp_expand (template_, 1, NULL);
  if (probe == NULL)
    return NULL;

  pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  piece = g_string_new (NULL);
  for (const char *p = template_; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == '%')
        {
          g_string_append_c (piece, '%');
          p++;
        }
      else if (p[0] == '%' && p[1] == 'd')
        {
          g_ptr_array_add (pieces, g_string_free_to_bytes (piece));
          piece = g_string_new (NULL);
          p++;
        }
      else
        g_string_append_c (piece, *p);
    }
  g_ptr_array_add (pieces, g_string_free_to_bytes (piece));
  return g_steal_pointer (&pieces);
}

static gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_filler (guint8 c)
{
  return c == '\0' || c == '\n' || c == '\r';
}

/* One message of the shape at @pos; returns the position after it, or NULL
 * and sets *@reached to the first byte that does not fit the shape (the
 * furthest the match got). */
static const guint8 *
match_one_reached (GPtrArray     *pieces,
                   const guint8  *pos,
                   const guint8  *end,
                   const guint8 **reached)
{
  const guint8 *pid = NULL;
  gsize pid_len = 0;

  for (guint i = 0; i < pieces->len; i++)
    {
      gsize len;
      const guint8 *lit = g_bytes_get_data (pieces->pdata[i], &len);

      for (gsize k = 0; k < len; k++, pos++)
        if (pos >= end || *pos != lit[k])
          {
            *reached = pos;
            return NULL;
          }

      if (i + 1 < pieces->len)
        {
          const guint8 *digits = pos;

          while (pos < end && is_digit (*pos) && (gsize) (pos - digits) <= MAX_PID_DIGITS)
            pos++;
          if (pos == digits)
            {
              *reached = pos;
              return NULL;
            }
          if (pid == NULL)
            {
              pid = digits;
              pid_len = pos - digits;
            }
          else if ((gsize) (pos - digits) != pid_len || memcmp (pid, digits, pid_len) != 0)
            {
              /* The second pid is another message's: its digits are where
               * the other bytes begin. */
              *reached = digits;
              return NULL;
            }
        }
    }
  return pos;
}

static const guint8 *
match_one (GPtrArray    *pieces,
           const guint8 *pos,
           const guint8 *end)
{
  const guint8 *reached;

  return match_one_reached (pieces, pos, end, &reached);
}

/**
 * fifolab_shape_matches:
 * @template_: a stamp template
 * @data: (array length=len): a received message
 * @len: its length
 *
 * Returns: %TRUE when @data is one or more whole messages of the template's shape
 */
gboolean
fifolab_shape_matches (const char   *template_,
                       const guint8 *data,
                       gsize         len)
{
  g_autoptr(GPtrArray) pieces = NULL;
  const guint8 *pos = data;
  const guint8 *end = data + len;

  g_return_val_if_fail (template_ != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  pieces = split_template (template_);
  if (pieces == NULL)
    return FALSE;

  while (end > pos && is_filler (end[-1]))
    end--;
  if (pos == end)
    return FALSE;

  while (pos < end)
    {
      pos = match_one (pieces, pos, end);
      if (pos == NULL)
        return FALSE;
      /* Messages read together may be separated by their terminators. */
      while (pos < end && is_filler (*pos))
        pos++;
    }
  return TRUE;
}

static gint64
parse_pid_at (const guint8 *digits,
              const guint8 *end)
{
  gint64 value = 0;
  const guint8 *q;

  for (q = digits; q < end && is_digit (*q) && q - digits <= MAX_PID_DIGITS; q++)
    value = value * 10 + (*q - '0');
  if (q == digits || q >= end || *q != ']')
    return -1;
  return value;
}

/* The offset of the first "pid [N]" claiming another pid than the first, or
 * -1; with the offset of the first claim in *@first_at, and in *@after where
 * the bytes after the claim before the second one end (its "]" and one). */
static gssize
find_second_claim (const guint8 *data,
                   gsize         len,
                   gsize        *first_at,
                   gsize        *after)
{
  static const char marker[] = "pid [";
  const gsize marker_len = sizeof marker - 1;
  const guint8 *end = data + len;
  const guint8 *p = data;
  gint64 first = -1;

  *first_at = 0;
  *after = 0;
  while ((gsize) (end - p) >= marker_len &&
         (p = fifolab_find_bytes (p, end - p, (const guint8 *) marker, marker_len)) != NULL)
    {
      gint64 pid = parse_pid_at (p + marker_len, end);

      if (pid >= 0 && first < 0)
        {
          first = pid;
          *first_at = p - data;
        }
      else if (pid >= 0 && pid != first)
        return p - data;
      if (pid >= 0)
        *after = (const guint8 *) memchr (p + marker_len, ']', end - p - marker_len) + 1 - data;
      p += marker_len;
    }
  return -1;
}

static gssize
second_claim (const guint8 *data,
              gsize         len)
{
  gsize first_at, after;

  return find_second_claim (data, len, &first_at, &after);
}

/* Where the message claiming a second pid begins: its claim, less the
 * bytes the first writer's message has before its own claim ("Hello from ")
 * when the same bytes come before the second claim, after the claim before
 * it. A writer's messages begin alike: the other writer's begins there. */
static gssize
claim_tear (const guint8 *data,
            gsize         len)
{
  gsize first_at, after;
  gssize claim = find_second_claim (data, len, &first_at, &after);
  gsize same = 0;

  if (claim < 0)
    return -1;
  while (same < first_at && (gsize) claim - same > after &&
         data[first_at - same - 1] == data[claim - same - 1])
    same++;
  return claim - (gssize) same;
}

/**
 * fifolab_shape_check_torn:
 * @template_: (nullable): the expected shape
 * @data: (array length=len): a received message
 * @len: its length
 *
 * Returns: %FIFOLAB_MESSAGE_TORN or %FIFOLAB_MESSAGE_NONE
 */
guint
fifolab_shape_check_torn (const char   *template_,
                          const guint8 *data,
                          gsize         len)
{
  g_autoptr(GPtrArray) pieces = NULL;
  const guint8 *end = data + len;
  gsize first_len;
  gsize last_len;
  const guint8 *first;
  const guint8 *last;

  g_return_val_if_fail (data != NULL || len == 0, FIFOLAB_MESSAGE_NONE);

  if (len == 0)
    return FIFOLAB_MESSAGE_NONE;

  if (template_ == NULL || (pieces = split_template (template_)) == NULL)
    return second_claim (data, len) >= 0 ? FIFOLAB_MESSAGE_TORN : FIFOLAB_MESSAGE_NONE;

  if (fifolab_shape_matches (template_, data, len))
    return FIFOLAB_MESSAGE_NONE;

  /* Not whole messages. Torn when it still holds a piece of one: the start of
   * the template somewhere, or its end at the end. Anything else is just a
   * message of another kind. */
  first = g_bytes_get_data (pieces->pdata[0], &first_len);
  last = g_bytes_get_data (pieces->pdata[pieces->len - 1], &last_len);
  while (end > data && is_filler (end[-1]))
    end--;

  if (first_len > 0 && fifolab_find_bytes (data, len, first, first_len) != NULL)
    return FIFOLAB_MESSAGE_TORN;
  if (last_len > 0 && (gsize) (end - data) >= last_len &&
      memcmp (end - last_len, last, last_len) == 0)
    return FIFOLAB_MESSAGE_TORN;
  if (second_claim (data, len) >= 0)
    return FIFOLAB_MESSAGE_TORN;
  return FIFOLAB_MESSAGE_NONE;
}


/**
 * fifolab_shape_find_tear:
 * @template_: (nullable): the expected shape
 * @data: (array length=len): a received message
 * @len: its length
 *
 * Reads whole messages of the shape from the start of @data; the first byte
 * that does not fit is where the other writer's bytes begin. A message that
 * does not start with the shape at all begins with the other writer's bytes:
 * 0, or where the template's start appears later. Costs one pass over @data.
 *
 * Without a template, the message claiming a second pid is the other
 * writer's: the offset is where it begins (see claim_tear()).
 *
 * Returns: the offset where another writer's bytes begin, or -1 when @data
 *   is whole messages of the shape (or, without a template, claims one pid)
 */
gssize
fifolab_shape_find_tear (const char   *template_,
                         const guint8 *data,
                         gsize         len)
{
  g_autoptr(GPtrArray) pieces = NULL;
  const guint8 *pos = data;
  const guint8 *end = data + len;
  const guint8 *first;
  gsize first_len;

  g_return_val_if_fail (data != NULL || len == 0, -1);

  if (len == 0)
    return -1;
  if (template_ == NULL || (pieces = split_template (template_)) == NULL)
    return claim_tear (data, len);

  while (end > pos && is_filler (end[-1]))
    end--;
  while (pos < end)
    {
      const guint8 *reached = pos;
      const guint8 *next = match_one_reached (pieces, pos, end, &reached);

      if (next == NULL)
        {
          /* Nothing of the shape where a message starts: the other writer's
           * bytes come first, up to where the shape starts again. */
          if (reached == pos && pos == data)
            {
              first = g_bytes_get_data (pieces->pdata[0], &first_len);
              if (first_len > 0 && pos < end)
                {
                  const guint8 *again = fifolab_find_bytes (pos + 1, end - pos - 1, first, first_len);

                  if (again != NULL)
                    return again - data;
                }
              return 0;
            }
          return reached - data;
        }
      pos = next;
      while (pos < end && is_filler (*pos))
        pos++;
    }
  return -1;
}
