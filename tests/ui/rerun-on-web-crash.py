#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs a UI test program; runs it once more if it failed after WebKit's
web process crashed on its own.

Under Xvfb, WebKit's web process now and then ends with "crashed"
(WEBKIT_WEB_PROCESS_CRASHED) in a run where nothing of the story could
have caused it, and the same run passes again. The preview recovers by
showing the story anew (the user sees it come back), but a test waiting
for one exact patch never sees it. Such a failure is reported on stderr
with the first run's whole output, and the program runs a second time,
whose result counts. A failure without that crash, or a crash in the
second run as well, fails as it is. The hostile stories' test is not run
through this: it asserts that no story ever ends the web process.
"""

import subprocess
import sys


def exit_status(returncode):
    # A program killed by a signal fails as the shell reports it.
    return 128 - returncode if returncode < 0 else returncode

# What the preview logs when the web process ended with reason 0, crashed.
CRASHED = b"The preview's web process ended (reason 0)"


def main(argv):
    first = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    crashed = CRASHED in first.stdout or CRASHED in first.stderr

    if first.returncode == 0 or not crashed:
        sys.stdout.buffer.write(first.stdout)
        sys.stdout.flush()
        sys.stderr.buffer.write(first.stderr)
        return exit_status(first.returncode)

    err = sys.stderr.buffer
    err.write(b"rerun-on-web-crash: %s failed (exit %d) after WebKit's web process crashed; "
              b"its output follows, then a second run whose result counts\n"
              % (argv[0].encode(), first.returncode))
    err.write(b"----- first run, stdout -----\n" + first.stdout)
    err.write(b"----- first run, stderr -----\n" + first.stderr)
    err.write(b"----- second run -----\n")
    err.flush()

    return exit_status(subprocess.run(argv).returncode)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.stderr.write("usage: rerun-on-web-crash.py PROGRAM [ARGUMENT...]\n")
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
