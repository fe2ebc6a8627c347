#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-loader-order.py PROGRAM ORDERED_PROGRAM
#
# copydesk names some of WebKitGTK's libraries first so that the loader
# finds their symbols sooner (loader_first, src/ui/meson.build). That must
# not change which library's definition any symbol binds to. The two
# programs are built from one source and link the same libraries, the
# second in copydesk's order; the loader's own account of every binding
# it makes (LD_DEBUG=bindings) must be the same for both. Fails when the
# programs load their libraries in the same order (nothing would be
# checked) or when the loader reports too few bindings to be a real run.

import os
import pathlib
import re
import subprocess
import sys
import tempfile

BINDING = re.compile(r"binding file (\S+) \[\d+\] to (\S+) \[\d+\]: \S+ symbol `([^']+)'")


def needed(program: str) -> list:
    out = subprocess.run(['readelf', '-d', program], check=True, capture_output=True, text=True).stdout
    return re.findall(r'\(NEEDED\)\s+Shared library: \[([^\]]+)\]', out)


def bindings(program: str, work: pathlib.Path) -> set:
    name = pathlib.Path(program).name
    env = dict(os.environ, LD_DEBUG='bindings', LD_DEBUG_OUTPUT=str(work / name), LD_BIND_NOW='1')
    subprocess.run([program], env=env, check=True)
    found = set()
    for log in work.glob(name + '.*'):
        for line in log.read_text(errors='replace').splitlines():
            match = BINDING.search(line)
            if match is None:
                continue
            user, provider, symbol = match.groups()
            # The two programs are told apart by name only.
            user = '<program>' if user.endswith('/' + name) else pathlib.Path(user).name
            provider = '<program>' if provider.endswith('/' + name) else pathlib.Path(provider).name
            found.add((user, provider, symbol))
    return found


def main() -> int:
    program, ordered = sys.argv[1:3]
    if needed(program) == needed(ordered):
        print(f'{ordered} loads its libraries in the order {program} does: nothing to check')
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        plain = bindings(program, work)
        reordered = bindings(ordered, work)

    if len(plain) < 10000:
        print(f'the loader reported {len(plain)} bindings for {program}: too few for a program linking WebKitGTK')
        return 1

    changed = sorted(plain ^ reordered)
    for user, provider, symbol in changed[:40]:
        side = program if (user, provider, symbol) in plain else ordered
        print(f'{side}: {user} binds {symbol} to {provider}')
    print(f'{len(plain)} bindings, {len(changed)} differ')
    return 1 if changed else 0


if __name__ == '__main__':
    sys.exit(main())
