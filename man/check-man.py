#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks a built man page.

  check-man.py render PAGE.1
      groff renders PAGE with every warning on (-ww); any warning fails.
  check-man.py options PAGE.1.scd -- COMMAND [ARG...] [-- COMMAND [ARG...]]...
      The options that the commands' --help lists and those that the man
      page defines are the same, long names with their short letters; one
      missing on either side fails.
"""
import os
import re
import subprocess
import sys

HELP_LINE = re.compile(r"^\s+(?:-([A-Za-z]), )?--([a-z][a-z-]*)")
# A definition in scdoc: a line that starts with the option in bold,
# "*-m*, *--message*=_TEMPLATE_" or "*--no-create*".
MAN_LINE = re.compile(r"^(?:\*-([A-Za-z])\*, )?\*--([a-z][a-z-]*)\*")


def render(page):
    result = subprocess.run(["groff", "-ww", "-z", "-man", "-Tutf8", page],
                            capture_output=True, text=True)
    if result.returncode != 0 or result.stderr:
        print(f"not ok 1 - {page} renders without warnings")
        print("# " + result.stderr.replace("\n", "\n# "))
        return 1
    print(f"ok 1 - {page} renders without warnings\n1..1")
    return 0


def options_of_help(command):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    found = {}
    for line in out.splitlines():
        match = HELP_LINE.match(line)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def options_of_page(source):
    found = {}
    with open(source, encoding="utf-8") as page:
        for line in page:
            match = MAN_LINE.match(line)
            if match:
                found[match.group(2)] = match.group(1)
    return found


def options(source, commands):
    helped = {}
    for command in commands:
        helped.update(options_of_help(command))
    documented = options_of_page(source)
    failures = 0
    count = 0
    for name in sorted(set(helped) | set(documented)):
        count += 1
        short_h, short_m = helped.get(name, "?"), documented.get(name, "?")
        if name not in documented:
            print(f"not ok {count} - --{name} is in --help but not in {os.path.basename(source)}")
            failures += 1
        elif name not in helped:
            print(f"not ok {count} - --{name} is in {os.path.basename(source)} but in no --help")
            failures += 1
        elif short_h != short_m:
            print(f"not ok {count} - --{name}: short option -{short_h} in --help, -{short_m} in the page")
            failures += 1
        else:
            print(f"ok {count} - --{name}" + (f" (-{short_h})" if short_h else ""))
    if count == 0:
        print("not ok 1 - no option found at all")
        return 1
    print(f"1..{count}")
    return 1 if failures else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "render":
        return render(argv[1])
    if len(argv) >= 4 and argv[0] == "options" and argv[2] == "--":
        commands, current = [], []
        for arg in argv[3:]:
            if arg == "--":
                commands.append(current)
                current = []
            else:
                current.append(arg)
        commands.append(current)
        return options(argv[1], [c for c in commands if c])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
