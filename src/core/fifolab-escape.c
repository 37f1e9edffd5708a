/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-escape.h"

/* Printable ASCII that stands for itself: everything from space to '~' except
 * the backslash, which starts our escapes. */
static inline gboolean
is_plain_ascii (guint8 c)
{
  return c >= 0x20 && c < 0x7f && c != '\\';
}

/* Characters that draw nothing or reorder text around them (bidi overrides,
 * zero-width spaces, BOM, Hangul fillers), line and paragraph separators,
 * and C1 controls: shown as \uXXXX (\UXXXXXXXX beyond the Basic Multilingual
 * Plane, unicode_escape()) so the message reads the same as its bytes.
 * So are code points no character is assigned to (noncharacters too) and
 * private-use ones: no font draws them as text, and random bytes make them
 * often (four bytes of UTF-8 are mostly planes of nothing). They showed as
 * an empty box, which tells nothing of the bytes. */
static gboolean
needs_unicode_escape_slow (gunichar c)
{
  if ((c >= 0x200b && c <= 0x200f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c == 0xfeff ||
      /* Letters by their category, but drawn as nothing. */
      c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0)
    return TRUE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;

    default:
      return FALSE;
    }
}

/* needs_unicode_escape_slow() of each character of the Basic Multilingual
 * Plane, a bit each (8 KiB, made once): a table lookup rather than two
 * comparisons and g_unichar_type() for each character of a message in
 * Chinese, which the log's search reads whole. */
static const guint8 *
bmp_escapes (void)
{
  static gsize table;

  if (g_once_init_enter (&table))
    {
      guint8 *bits = g_malloc0 (0x10000 / 8);

      for (gunichar c = 0; c < 0x10000; c++)
        if (needs_unicode_escape_slow (c))
          bits[c >> 3] |= 1u << (c & 7);
      g_once_init_leave (&table, (gsize) bits);
    }
  return (const guint8 *) table;
}

static inline gboolean
needs_unicode_escape (gunichar c)
{
  if (c < 0x10000)
    return (bmp_escapes ()[c >> 3] >> (c & 7)) & 1;
  return needs_unicode_escape_slow (c);
}

static inline gboolean
is_combining_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Combining marks shown on one base character in a name; the rest are
 * escaped, so that no name makes the text shaper stack thousands of marks
 * (a label with 50,000 on one letter took over a minute to lay out). */
#define NAME_MAX_MARKS 3

/* One character of output as it is shown: the character itself or its
 * escape, never split. */
typedef struct
{
  char     text[16];
  gsize    len;       /* bytes in text */
  gsize    n_chars;   /* characters in text */
  gboolean is_mark;   /* a combining mark, escaped or not */
  gboolean shown_mark; /* a combining mark shown as itself */
} Unit;

/* Names only: where @marks counts the combining marks shown on the current
 * base character (NAME_MAX_MARKS when there is no base to put one on, after
 * an escape or at the start), and other spaces than U+0020 are escaped. */
typedef struct
{
  guint marks;
} NameState;

/* A unit of the end of a name that is cut: where it starts in the text. */
typedef struct
{
  gsize    offset;
  gsize    n_chars;
  gboolean shown_mark;
} TailUnit;

static const char hex_digits[] = "0123456789abcdef";

/* "\\xNN" for @byte into @text (at least 5 bytes): by hand, as binary
 * messages are escaped a byte at a time (g_snprintf() was most of the time
 * the log's search took in them). */
static inline void
hex_escape (char   *text,
            guint8  byte)
{
  text[0] = '\\';
  text[1] = 'x';
  text[2] = hex_digits[byte >> 4];
  text[3] = hex_digits[byte & 0xf];
  text[4] = '\0';
}

/* "\\uXXXX" for @c into @text (at least 11 bytes), or "\\UXXXXXXXX" beyond
 * the Basic Multilingual Plane. Each has a fixed number of digits, so the
 * text reads back one way only, whichever characters are escaped: were
 * U+E0001 (a tag) "\\u" and five digits, it would read the same as an
 * escaped U+E000 followed by a "1". */
static inline gsize
unicode_escape (char     *text,
                gunichar  c)
{
  if (c > 0xffff)
    return (gsize) g_snprintf (text, 11, "\\U%08X", c);
  return (gsize) g_snprintf (text, 7, "\\u%04X", c);
}

/* Reads the character at @p (or the one byte, if it is not UTF-8) and
 * fills @u with what to show for it. @name is NULL for payloads, which are
 * shown as they are; for names, combining marks beyond NAME_MAX_MARKS on a
 * base, marks after an escape and spaces that look like U+0020 are escaped too.
 * Returns where the next character starts. */
static const guint8 *
next_unit (const guint8 *p,
           const guint8 *end,
           NameState    *name,
           Unit         *u)
{
  gboolean escaped = TRUE;

  u->is_mark = FALSE;
  u->shown_mark = FALSE;

  /* Two bytes, the short escapes' length, unless said otherwise below. */
  u->len = 2;
  if (*p < 0x80)
    {
      switch (*p)
        {
        case '\n':
          memcpy (u->text, "\\n", 3);
          break;
        case '\r':
          memcpy (u->text, "\\r", 3);
          break;
        case '\t':
          memcpy (u->text, "\\t", 3);
          break;
        case '\\':
          memcpy (u->text, "\\\\", 3);
          break;
        default:
          if (is_plain_ascii (*p))
            {
              u->text[0] = (char) *p;
              u->text[1] = '\0';
              u->len = 1;
              escaped = FALSE;
            }
          else
            {
              hex_escape (u->text, *p);
              u->len = 4;
            }
          break;
        }
      p++;
    }
  else
    {
      gunichar c = g_utf8_get_char_validated ((const char *) p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: this one byte, then resynchronise. */
          hex_escape (u->text, *p);
          u->len = 4;
          p++;
        }
      else
        {
          const guint8 *next = (const guint8 *) g_utf8_next_char (p);
          gboolean escape = needs_unicode_escape (c);

          if (name != NULL && !escape)
            {
              if (is_combining_mark (c))
                {
                  u->is_mark = TRUE;
                  escape = name->marks >= NAME_MAX_MARKS;
                }
              else
                escape = g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
            }

          if (escape)
            u->len = unicode_escape (u->text, c);
          else
            {
              memcpy (u->text, p, next - p);
              u->text[next - p] = '\0';
              u->len = (gsize) (next - p);
              escaped = FALSE;
              u->shown_mark = u->is_mark;
            }
          p = next;
        }
    }

  u->n_chars = escaped ? u->len : 1;

  if (name != NULL)
    {
      if (escaped)
        name->marks = NAME_MAX_MARKS;
      else if (u->shown_mark)
        name->marks++;
      else
        name->marks = 0;
    }

  return p;
}

/**
 * fifolab_escape_for_display:
 * @data: (array length=len) (nullable): any bytes
 * @len: their number
 * @max_chars: the most characters of output, "…" included; 0 for no limit
 *
 * Text to show for arbitrary bytes, literally and safely: printable UTF-8 as
 * is; a backslash as "\\"; "\n", "\r", "\t"; other control bytes, DEL and
 * bytes that are not valid UTF-8 as "\xNN"; C1 controls, bidi overrides,
 * zero-width and other invisible format characters as "\uXXXX", or as
 * "\UXXXXXXXX" beyond U+FFFF (always that many digits). The result is
 * valid UTF-8 without control characters, and is never markup: show it with
 * gtk_label_set_text() or escape it before using it in markup.
 *
 * When the output would be longer than @max_chars characters, it is cut
 * (never inside an escape) and ends with "…", the whole being at most
 * @max_chars characters.
 *
 * Returns: (transfer full): the display text
 */
char *
fifolab_escape_for_display (const guint8 *data,
                            gsize         len,
                            gsize         max_chars)
{
  GString *out;
  const guint8 *p = data;
  /* data may be NULL when len is 0, and NULL + 0 is undefined behaviour. */
  const guint8 *end = len > 0 ? data + len : data;
  gsize limit = max_chars != 0 ? max_chars : G_MAXSIZE;
  gsize n_chars = 0;
  /* Where to cut if the output turns out too long: the output length when it
   * last held at most limit - 1 characters (room for the "…"). */
  gsize cut_len = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (MIN (len, limit) + 8);

  while (p < end && n_chars <= limit)
    {
      const guint8 *run = p;
      /* Only what can matter for the cut, plus one to know we cut: a 64 KiB
       * message shown in 512 characters is not read to its end. */
      gsize room = limit - n_chars;
      const guint8 *run_end = (gsize) (end - p) > room ? p + room + 1 : end;
      Unit u;

      /* The common case: a run of printable ASCII, appended at once. */
      while (p < run_end && is_plain_ascii (*p))
        p++;
      if (p > run)
        {
          gsize n = p - run;

          if (n_chars < limit)
            cut_len = out->len + MIN (n, limit - 1 - n_chars);
          g_string_append_len (out, (const char *) run, n);
          n_chars += n;
          continue;
        }

      p = next_unit (p, end, NULL, &u);
      if (n_chars + u.n_chars <= limit - 1)
        cut_len = out->len + u.len;
      g_string_append_len (out, u.text, u.len);
      n_chars += u.n_chars;
    }

  if (n_chars > limit || (p < end && n_chars == limit))
    {
      g_string_truncate (out, cut_len);
      g_string_append (out, "…");
    }

  return g_string_free (out, FALSE);
}

/* Eight bytes at a time: whether any is outside printable ASCII or a
 * backslash (the bit tricks of "Bit Twiddling Hacks": a byte below 0x20, a
 * byte with its high bit set, a byte equal to 0x7f or to '\\'). */
#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define HAS_ZERO(w)    (((w) - ONES) & ~(w) & HIGHS)
#define HAS_LESS(w, n) (((w) - ONES * (n)) & ~(w) & HIGHS)

static inline gboolean
word_is_plain_ascii (guint64 w)
{
  return (HAS_LESS (w, 0x20) | (w & HIGHS) | HAS_ZERO (w ^ (ONES * 0x7f)) | HAS_ZERO (w ^ (ONES * '\\'))) == 0;
}

/**
 * fifolab_escape_is_literal:
 * @data: (array length=len) (nullable): any bytes
 * @len: their number
 *
 * Whether fifolab_escape_for_display() with no limit would give @data itself:
 * valid UTF-8 of printable characters, no backslash, nothing that it escapes.
 * Such bytes are their own display text (not NUL-terminated), and reading
 * them as it costs neither the escaping nor a copy: a search through a log
 * of long messages reads most of them so. Printable ASCII, the usual
 * message, is checked eight bytes at a time.
 *
 * Returns: whether the bytes show as they are
 */
gboolean
fifolab_escape_is_literal (const guint8 *data,
                           gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = len > 0 ? data + len : data;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  while (p < end)
    {
      guint64 w;
      gunichar c;

      if ((gsize) (end - p) >= sizeof w)
        {
          memcpy (&w, p, sizeof w);
          if (word_is_plain_ascii (w))
            {
              p += sizeof w;
              continue;
            }
        }
      if (is_plain_ascii (*p))
        {
          p++;
          continue;
        }
      if (*p < 0x80)
        return FALSE;
      /* What next_unit() shows as itself: a UTF-8 character it need not
       * escape. */
      c = g_utf8_get_char_validated ((const char *) p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2 || needs_unicode_escape (c))
        return FALSE;
      p = (const guint8 *) g_utf8_next_char (p);
    }
  return TRUE;
}

/**
 * fifolab_escape_name:
 * @name: (nullable): a file name, path or process command: any bytes up to a NUL
 * @max_chars: the most characters of output, "…" included; 0 for
 *   %FIFOLAB_ESCAPE_NAME_MAX_CHARS
 *
 * Text to show for a name, wherever it is shown (a label, a title, a toast,
 * a tooltip, an error message, a terminal): escaped like
 * fifolab_escape_for_display(), and also bounded for the text shaper and the
 * eye. A base character keeps at most three combining marks and the rest are
 * escaped ("\u0301"), as is a mark that has no base or would land on an
 * escape; spaces other than U+0020 are escaped, so that names which look
 * alike read differently. A name longer than @max_chars characters is cut in
 * the middle, where "…" stands for what is left out: its start and its end,
 * which tell a path or a file name apart, stay visible.
 *
 * Beyond finding the end of @name, the work done is bounded by @max_chars,
 * whatever the length of @name.
 *
 * Returns: (transfer full): the display text, "" for %NULL
 */
char *
fifolab_escape_name (const char *name,
                     gsize       max_chars)
{
  const guint8 *p;
  const guint8 *end;
  gsize limit = max_chars != 0 ? max_chars : FIFOLAB_ESCAPE_NAME_MAX_CHARS;
  /* A third of the room for the start, the rest for the end. */
  gsize head_budget = (limit - 1) / 3;
  gsize n_chars = 0;
  gsize head_chars = 0;
  gsize head_len = 0;
  const guint8 *head_end;
  NameState state = { NAME_MAX_MARKS };
  GString *out;
  gboolean cut = FALSE;

  if (name == NULL)
    return g_strdup ("");

  p = (const guint8 *) name;
  end = p + strlen (name);
  head_end = p;
  out = g_string_sized_new (MIN ((gsize) (end - p), limit) + 8);

  /* The start, until the whole is known to fit or not. */
  while (p < end)
    {
      Unit u;

      p = next_unit (p, end, &state, &u);
      if (n_chars + u.n_chars > limit)
        {
          cut = TRUE;
          break;
        }
      g_string_append_len (out, u.text, u.len);
      n_chars += u.n_chars;
      if (n_chars <= head_budget)
        {
          head_chars = n_chars;
          head_len = out->len;
          head_end = p;
        }
    }

  if (!cut)
    return g_string_free (out, FALSE);

  g_string_truncate (out, head_len);
  g_string_append (out, "…");

  {
    gsize tail_budget = limit - 1 - head_chars;
    /* Each character shown comes from at most four bytes: the last
     * tail_budget characters come from the last 4 × (tail_budget + 1) bytes. */
    gsize window = 4 * (tail_budget + 1);
    const guint8 *start = (gsize) (end - head_end) > window ? end - window : head_end;
    g_autoptr(GString) tail = g_string_new (NULL);
    g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (TailUnit));
    gsize tail_chars = 0;
    guint first;

    /* Start on a character, not inside one. */
    for (guint i = 0; i < 3 && start > head_end && start < end && (*start & 0xc0) == 0x80; i++)
      start++;

    /* Nothing to put a mark on after the "…". */
    state.marks = NAME_MAX_MARKS;
    for (p = start; p < end;)
      {
        Unit u;
        TailUnit t;

        p = next_unit (p, end, &state, &u);
        t.offset = tail->len;
        t.n_chars = u.n_chars;
        t.shown_mark = u.shown_mark;
        g_array_append_val (units, t);
        g_string_append_len (tail, u.text, u.len);
      }

    /* The last units that fit; a shown mark whose base is left out would
     * land on the "…", so it is left out too. */
    first = units->len;
    while (first > 0 &&
           tail_chars + g_array_index (units, TailUnit, first - 1).n_chars <= tail_budget)
      {
        tail_chars += g_array_index (units, TailUnit, first - 1).n_chars;
        first--;
      }
    while (first < units->len && g_array_index (units, TailUnit, first).shown_mark)
      first++;

    if (first < units->len)
      g_string_append (out, tail->str + g_array_index (units, TailUnit, first).offset);
  }

  return g_string_free (out, FALSE);
}

/**
 * fifolab_escape_message:
 * @message: (nullable): a message from elsewhere (a GError of GIO, an option
 *   parser) that may quote a name as it was given
 * @max_chars: the most characters of output; 0 for no limit
 *
 * A message that is safe to show — valid UTF-8 without control characters
 * other than newlines, without bidi or other invisible format characters,
 * with at most three combining marks in a row and at most @max_chars
 * characters — is returned as it is. Anything else is shown as
 * fifolab_escape_name() shows a name, so that no message can hide what it
 * says, act on a terminal or make the text shaper stack thousands of marks.
 *
 * Returns: (transfer full): the text to show, "" for %NULL
 */
char *
fifolab_escape_message (const char *message,
                        gsize       max_chars)
{
  gsize limit = max_chars != 0 ? max_chars : G_MAXSIZE;
  gsize n_chars = 0;
  guint marks = 0;

  if (message == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (message, -1, NULL))
    return fifolab_escape_name (message, limit);

  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n_chars > limit)
        return fifolab_escape_name (message, limit);
      if (c == '\n')
        {
          marks = 0;
          continue;
        }
      if (needs_unicode_escape (c))
        return fifolab_escape_name (message, limit);
      if (is_combining_mark (c))
        {
          if (++marks > NAME_MAX_MARKS)
            return fifolab_escape_name (message, limit);
        }
      else
        marks = 0;
    }

  return g_strdup (message);
}

/* One line of the dump: @n (at most @row_bytes, 16, 8 or 4) bytes at @offset
 * of the message, a line as wide as a line of @row_bytes, a space between
 * each group of eight. */
static void
append_hex_dump_line (GString      *out,
                      const guint8 *data,
                      gsize         n,
                      gsize         offset,
                      gsize         row_bytes)
{
  g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x ", offset);

  for (gsize i = 0; i < row_bytes; i++)
    {
      if (i > 0 && i % 8 == 0)
        g_string_append_c (out, ' ');
      if (i < n)
        {
          g_string_append_c (out, ' ');
          g_string_append_c (out, hex_digits[data[i] >> 4]);
          g_string_append_c (out, hex_digits[data[i] & 0xf]);
        }
      else
        {
          g_string_append (out, "   ");
        }
    }

  g_string_append (out, "  |");
  for (gsize i = 0; i < n; i++)
    {
      guint8 c = data[i];

      g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : '.');
    }
  g_string_append_c (out, '|');
}

/**
 * fifolab_escape_hex_dump:
 * @data: (array length=len) (nullable): any bytes
 * @len: their number
 *
 * A classic dump, 16 bytes per line: offset, the bytes in hex in two groups
 * of eight, and the printable ASCII between bars ('.' for anything else), as
 * `hexdump -C` prints it. Lines are separated by newlines, with none at the
 * end; empty input gives "".
 *
 * Returns: (transfer full): the dump
 */
char *
fifolab_escape_hex_dump (const guint8 *data,
                         gsize         len)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new ((len / 16 + 1) * 80);

  for (gsize line = 0; line < len; line += 16)
    {
      if (line > 0)
        g_string_append_c (out, '\n');
      append_hex_dump_line (out, data + line, MIN (16, len - line), line, 16);
    }

  return g_string_free (out, FALSE);
}

/**
 * fifolab_escape_hex_dump_line:
 * @data: (array length=len) (nullable): the bytes of one line
 * @len: their number, at most @row_bytes
 * @offset: where they are in the message
 * @row_bytes: the bytes of a whole line: 16, or 8 or 4 for a narrow view
 *
 * One line of fifolab_escape_hex_dump(), for a view that makes the lines on
 * screen only: the line of @data's message that starts at @offset (a multiple
 * of @row_bytes in a dump), without a newline. With 16 @row_bytes,
 * fifolab_escape_hex_dump() of a message is its lines joined by newlines;
 * with fewer, the lines are of the same form, shorter: a whole line is
 * fifolab_escape_hex_dump_line_chars() long, a short last line's bytes are
 * padded to a whole line's.
 *
 * Returns: (transfer full): the line
 */
char *
fifolab_escape_hex_dump_line (const guint8 *data,
                              gsize         len,
                              gsize         offset,
                              gsize         row_bytes)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (row_bytes == 16 || row_bytes == 8 || row_bytes == 4, NULL);
  g_return_val_if_fail (len <= row_bytes, NULL);

  out = g_string_sized_new (fifolab_escape_hex_dump_line_chars (row_bytes) + 16);
  append_hex_dump_line (out, data, len, offset, row_bytes);

  return g_string_free (out, FALSE);
}

/**
 * fifolab_escape_hex_dump_line_chars:
 * @row_bytes: the bytes of a whole line: 16, 8 or 4
 *
 * Returns: how many characters a whole line of @row_bytes is, its offset
 *   below 0x100000000 (8 digits): 78 for 16, 45 for 8, 29 for 4
 */
gsize
fifolab_escape_hex_dump_line_chars (gsize row_bytes)
{
  /* The offset and a space; a space and two digits a byte, another space
   * between groups of eight; two spaces, and the characters between bars. */
  return 9 + 3 * row_bytes + (row_bytes - 1) / 8 + 3 + row_bytes + 1;
}

/**
 * fifolab_escape_text_row_length:
 * @data: (array length=len) (nullable): the bytes from where a row starts
 * @len: their number
 * @max_chars: the most characters of a row, at least 10
 *
 * Where to cut bytes into rows of text, for a view that shows a few rows of
 * a message of any size at a time: a row ends after a newline byte, or before
 * the character or escape that would make it longer than @max_chars once
 * escaped with fifolab_escape_for_display(). A row never ends inside a
 * character or an escape, so the rows, each escaped, end to end read exactly
 * as the whole is escaped; and each is at most @max_chars characters.
 *
 * Returns: the length in bytes of the first row: 0 only when @len is 0
 */
gsize
fifolab_escape_text_row_length (const guint8 *data,
                                gsize         len,
                                gsize         max_chars)
{
  const guint8 *p = data;
  const guint8 *end = len > 0 ? data + len : data;
  gsize n_chars = 0;

  g_return_val_if_fail (data != NULL || len == 0, 0);
  /* The longest step is an escape of 10 characters ("\U0010FFFF"). */
  g_return_val_if_fail (max_chars >= 10, 0);

  /* The same steps as fifolab_escape_for_display(), counting instead of
   * writing. */
  while (p < end)
    {
      const guint8 *next = p + 1;
      gsize n;

      if (is_plain_ascii (*p))
        {
          n = 1;
        }
      else if (*p < 0x80)
        {
          n = (*p == '\n' || *p == '\r' || *p == '\t' || *p == '\\') ? 2 : 4;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated ((const char *) p, end - p);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              n = 4;
            }
          else
            {
              next = (const guint8 *) g_utf8_next_char (p);
              if (!needs_unicode_escape (c))
                n = 1;
              else
                n = c > 0xffff ? 10 : 6;
            }
        }

      if (n_chars + n > max_chars)
        break;
      n_chars += n;
      if (*p == '\n')
        return next - data;
      p = next;
    }

  return p - data;
}

/**
 * fifolab_escape_hex:
 * @data: (array length=len) (nullable): any bytes
 * @len: their number
 *
 * Returns: (transfer full): the bytes in lower-case hex separated by spaces
 *   ("48 65 6c"), or "" for no bytes
 */
char *
fifolab_escape_hex (const guint8 *data,
                    gsize         len)
{
  char *out;
  char *q;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0)
    return g_strdup ("");

  out = g_malloc (len * 3);
  q = out;
  for (gsize i = 0; i < len; i++)
    {
      *q++ = hex_digits[data[i] >> 4];
      *q++ = hex_digits[data[i] & 0xf];
      *q++ = ' ';
    }
  q[-1] = '\0';

  return out;
}

/**
 * fifolab_escape_home_path:
 * @path: (nullable): an absolute path: any bytes up to a NUL
 * @max_chars: as for fifolab_escape_name()
 *
 * The path as a person reads it: "~" when it is the home folder,
 * "~/lab/my_pipe" when it is inside it, else the path as it is; escaped and
 * bounded by fifolab_escape_name(). Only a whole component matches: with
 * the home folder /home/al, /home/alice stays as it is. A home folder of "/"
 * shortens nothing.
 *
 * Returns: (transfer full): the display text, "" for %NULL
 */
char *
fifolab_escape_home_path (const char *path,
                          gsize       max_chars)
{
  const char *home = g_get_home_dir ();
  gsize home_len = home != NULL ? strlen (home) : 0;

  /* "/home/al/" is the same folder as "/home/al". */
  while (home_len > 1 && home[home_len - 1] == '/')
    home_len--;

  if (path != NULL && home_len > 1 && strncmp (path, home, home_len) == 0 &&
      (path[home_len] == '/' || path[home_len] == '\0'))
    {
      g_autofree char *rest = g_strconcat ("~", path + home_len, NULL);

      return fifolab_escape_name (rest, max_chars);
    }

  return fifolab_escape_name (path, max_chars);
}

/**
 * fifolab_escape_basename:
 * @path: (nullable): a path: any bytes up to a NUL
 * @max_chars: as for fifolab_escape_name()
 *
 * Returns: (transfer full): the last component of @path escaped as a name,
 *   or all of @path when it has no slash or ends in one; "" for %NULL
 */
char *
fifolab_escape_basename (const char *path,
                         gsize       max_chars)
{
  const char *slash = path != NULL ? strrchr (path, '/') : NULL;

  if (slash != NULL && slash[1] != '\0')
    path = slash + 1;
  return fifolab_escape_name (path, max_chars);
}

gsize
fifolab_escape_said_length (const char *shown,
                            gsize       len)
{
  gsize backslashes = 0;

  g_return_val_if_fail (shown != NULL || len == 0, 0);

  if (len < 2 || shown[len - 1] != 'n')
    return len;
  while (backslashes < len - 1 && shown[len - 2 - backslashes] == '\\')
    backslashes++;
  return backslashes % 2 == 1 ? len - 2 : len;
}
