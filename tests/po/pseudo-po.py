#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A +30 % pseudo-translation, to check layouts against longer languages.

pseudo-po.py MSGFMT INPUT.po LOCALEDIR LANG STAMP: every msgid of INPUT.po
(any complete catalog) becomes its own translation padded with "~" to 130 %
of its length (printf formats, mnemonics and escapes kept), compiled into
LOCALEDIR/LANG/LC_MESSAGES/fifolab.mo; STAMP is written last.
"""
import math
import os
import re
import subprocess
import sys

msgfmt, source, localedir, lang, stamp = sys.argv[1:6]


def strings(lines, i):
    """The quoted string starting at lines[i] and its continuation lines."""
    parts = [lines[i].split(' ', 1)[1]]
    i += 1
    while i < len(lines) and lines[i].startswith('"'):
        parts.append(lines[i])
        i += 1
    return ''.join(p.strip()[1:-1] for p in parts), i


def pad(text):
    body = re.sub(r'(\\n)+$', '', text)
    tail = text[len(body):]
    length = len(body.replace('\\\\', '\\').replace('\\"', '"'))
    n = math.ceil(length * 0.3)
    if n <= 6:
        return body + '~' * n + tail
    # Longer: words of tildes, as a language with longer words would wrap.
    words = ['~' * 5] * (n // 6) + (['~' * (n % 6 - 1)] if n % 6 > 1 else [])
    return body + ' ' + ' '.join(words) + tail


with open(source, encoding='utf-8') as f:
    lines = f.read().split('\n')

out = ['msgid ""', 'msgstr ""',
       '"Content-Type: text/plain; charset=UTF-8\\n"',
       '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '']
i = 0
context = None
while i < len(lines):
    line = lines[i]
    if line.startswith('msgctxt '):
        context, i = strings(lines, i)
    elif line.startswith('msgid '):
        msgid, i = strings(lines, i)
        plural = None
        if i < len(lines) and lines[i].startswith('msgid_plural '):
            plural, i = strings(lines, i)
        if msgid == '':
            continue
        if context is not None:
            out.append('msgctxt "%s"' % context)
            context = None
        out.append('msgid "%s"' % msgid)
        if plural is not None:
            out.append('msgid_plural "%s"' % plural)
            out.append('msgstr[0] "%s"' % pad(msgid))
            out.append('msgstr[1] "%s"' % pad(plural))
        else:
            out.append('msgstr "%s"' % pad(msgid))
        out.append('')
    elif line.startswith('#,') and 'c-format' in line:
        out.append('#, c-format')
        i += 1
    else:
        i += 1

directory = os.path.join(localedir, lang, 'LC_MESSAGES')
os.makedirs(directory, exist_ok=True)
po = os.path.join(directory, 'fifolab.po')
with open(po, 'w', encoding='utf-8') as f:
    f.write('\n'.join(out))
subprocess.run([msgfmt, '--check-format', '-o', os.path.join(directory, 'fifolab.mo'), po], check=True)
with open(stamp, 'w') as f:
    f.write('')
