#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs a UI test program; runs it once more if it failed after WebKit's
web process crashed on its own.

Under Xvfb, WebKit's web process now and then ends with "crashed"
(WEBKIT_WEB_PROCESS_CRASHED) in a run where nothing of the story could
have caused it, and the same run passes again. The preview recovers by
showing the story anew (the user sees it come back), but a test waiting
for one exact patch never sees it. Such a failure is reported on stderr
with the first run's results, and the program runs a second time, whose
result counts. A failure without that crash, or a crash in the second
run as well, fails as it is. The hostile stories' test is not run
through this: it asserts that no story ever ends the web process.

The program's error output goes through as it comes; its results (TAP
on standard output) are held until it ends, or until this script is
told to stop (a test's timeout), when what came so far is given.
"""

import signal
import subprocess
import sys
import threading

# What the preview logs when the web process ended with reason 0, crashed.
CRASHED = b"The preview's web process ended (reason 0)"


def exit_status(returncode):
    # A program killed by a signal fails as the shell reports it.
    return 128 - returncode if returncode < 0 else returncode


class Run:
    def __init__(self, argv):
        self.out = bytearray()
        self.err = bytearray()
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.readers = [threading.Thread(target=self.read, args=(self.process.stdout, self.out, None)),
                        threading.Thread(target=self.read, args=(self.process.stderr, self.err, sys.stderr.buffer))]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def read(pipe, into, echo):
        for line in iter(pipe.readline, b""):
            into.extend(line)
            if echo is not None:
                echo.write(line)
                echo.flush()

    def wait(self):
        returncode = self.process.wait()
        for reader in self.readers:
            reader.join()
        return returncode


current = None


def stop(signum, frame):
    # The test's timeout: end the program and give its results so far.
    if current is not None:
        current.process.terminate()
        sys.stdout.buffer.write(bytes(current.out))
        sys.stdout.flush()
    sys.exit(128 + signum)


def main(argv):
    global current

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    current = Run(argv)
    returncode = current.wait()
    crashed = CRASHED in current.out or CRASHED in current.err

    if returncode == 0 or not crashed:
        sys.stdout.buffer.write(bytes(current.out))
        sys.stdout.flush()
        return exit_status(returncode)

    err = sys.stderr.buffer
    err.write(b"rerun-on-web-crash: %s failed (exit %d) after WebKit's web process crashed; "
              b"its results follow, then a second run whose result counts\n"
              % (argv[0].encode(), returncode))
    err.write(b"----- first run, results -----\n" + bytes(current.out))
    err.write(b"----- second run -----\n")
    err.flush()

    current = Run(argv)
    returncode = current.wait()
    sys.stdout.buffer.write(bytes(current.out))
    sys.stdout.flush()
    return exit_status(returncode)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.stderr.write("usage: rerun-on-web-crash.py PROGRAM [ARGUMENT...]\n")
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
