#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A student's path through the book's example, clicked and timed.

Run by build-aux/student-path.sh (under Xvfb and a D-Bus session), against a
FIFO Lab it starts itself. Each click is a real pointer click (xdotool) at
the middle of the control found by its accessible name through AT-SPI; the
time of a step is from the click to the moment its observation can be read
through AT-SPI (polled every 5 ms, so up to 5 ms and an AT-SPI round trip
are included). Prints one line per click and, with --runs N, the medians.
"""
import os
import statistics
import subprocess
import sys
import time

import pyatspi

POLL = 0.005
TIMEOUT = 30.0


def wait(what, check):
    start = time.monotonic()
    while time.monotonic() - start < TIMEOUT:
        try:
            found = check()
        except Exception:  # the tree changes under us: ask again
            found = None
        if found:
            return found
        time.sleep(POLL)
    sys.exit("student-path: gave up waiting for " + what)


def find(root, role, test, depth=0):
    if root is None or depth > 60:
        return None
    try:
        if root.getRoleName() == role and test(root):
            return root
        n = root.childCount
    except Exception:
        return None
    for i in range(n):
        found = find(root.getChildAtIndex(i), role, test, depth + 1)
        if found is not None:
            return found
    return None


def showing(acc):
    # GTK 4.8 sets no "showing" state: what is on screen has a size.
    if acc.getState().contains(pyatspi.STATE_SHOWING):
        return True
    extents = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return extents.width > 0 and extents.height > 0


def text_of(acc):
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def app_root(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def window_origin(pid):
    out = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(pid)],
                         capture_output=True, text=True, check=True).stdout.split()
    geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", out[-1]],
                              capture_output=True, text=True, check=True).stdout
    values = dict(line.split("=") for line in geometry.split())
    return int(values["X"]), int(values["Y"])


class Student:
    def __init__(self, pid):
        self.pid = pid
        self.clicks = []
        self.root = wait("FIFO Lab on the accessibility bus", lambda: app_root(pid))
        self.origin = window_origin(pid)

    def button(self, name):
        return wait("a button named " + name,
                    lambda: find(self.root, "push button",
                                 lambda a: a.name == name and showing(a)))

    def click(self, name, observed, what):
        button = self.button(name)
        x, y, w, h = button.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        cx, cy = self.origin[0] + x + w // 2, self.origin[1] + y + h // 2
        start = time.monotonic()
        subprocess.run(["xdotool", "mousemove", str(cx), str(cy), "click", "1"], check=True)
        result = wait(what, observed)
        took = (time.monotonic() - start) * 1000
        self.clicks.append((name, what, took))
        print(f"  click {len(self.clicks)}: {name!r:18} -> {what}: {took:.0f} ms", flush=True)
        return result


def label_with(root, prefix):
    return find(root, "label", lambda a: a.name.startswith(prefix) and showing(a))


def run_once(binary, folder):
    env = dict(os.environ)
    start = time.monotonic()
    app = subprocess.Popen([binary, "--folder", folder], env=env)
    try:
        student = Student(app.pid)
        student.button("Lessons")
        started = (time.monotonic() - start) * 1000
        print(f"  started: the window and its Lessons button after {started:.0f} ms", flush=True)
        # The first observation is found by walking the window's tree (its
        # time includes one walk); the card's labels are then read directly.
        progress = student.click("Lessons", lambda: label_with(student.root, "Lesson 1 of 9 · step 1 of 1"),
                                 "the stage, lesson 1 of 9")
        status = wait("the step's status",
                      lambda: find(student.root, "label",
                                   lambda a: text_of(a).startswith("Not done yet") and showing(a)))

        def says(needle):
            return lambda: needle in text_of(status) and text_of(status)

        def shows(prefix):
            return lambda: text_of(progress).startswith(prefix)

        student.click("Create my_pipe", says("prw-------"), "my_pipe made (prw-------)")
        student.click("Next Step", shows("Lesson 2 of 9"), "lesson 2 shown")
        student.click("Start Reader", says("is waiting inside open()"), "the reader waits in open()")
        student.click("Next Step", shows("Lesson 3 of 9"), "lesson 3 shown")
        said = student.click("Start Writer", says("bytes from writer"), "the message and its pid")
        print("    " + said, flush=True)
        student.click("Next Step", says("Already seen in the step before"), "lesson 4, seen in lesson 3")
        return started, student.clicks
    finally:
        app.terminate()
        app.wait()


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    results = []
    for run in range(runs):
        print(f"run {run + 1}:", flush=True)
        results.append(run_once(binary, folder))
    print(f"medians of {runs} runs:")
    print(f"  start: {statistics.median(r[0] for r in results):.0f} ms")
    for i, (name, what, _) in enumerate(results[0][1]):
        times = [r[1][i][2] for r in results]
        print(f"  click {i + 1} {name!r:18} -> {what}: {statistics.median(times):.0f} ms"
              f" (min {min(times):.0f}, max {max(times):.0f})")


if __name__ == "__main__":
    main()
