#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-mime.py MIME_XML SAMPLE_ARTICLE
#
# Registers MIME_XML in a private shared-mime-info database and asks GIO,
# as a file manager would, what a few files are: a story container named
# *.article, the same bytes under a name with no extension (found by the
# magic alone), a container zipped by another tool (no extra field before
# the type), an ordinary ZIP (which must stay application/zip), and a text
# file named *.article (found by the glob alone).
# Fails when update-mime-database or gio is missing: a skip would count
# as passed.

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

TYPE = 'application/vnd.copydesk.article+zip'


def content_type(path: pathlib.Path, env: dict) -> str:
    out = subprocess.run(['gio', 'info', '--attributes=standard::content-type', str(path)],
                         env=env, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        line = line.strip()
        if line.startswith('standard::content-type:'):
            return line.split(':', 3)[-1].strip()
    return ''


def main() -> int:
    mime_xml, sample = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    for tool in ('update-mime-database', 'gio'):
        if shutil.which(tool) is None:
            print(f'{tool} is not installed (build-aux/dev installs shared-mime-info and libglib2.0-bin)')
            return 1

    failures = 0
    with tempfile.TemporaryDirectory(prefix='copydesk-mime-') as tmp:
        tmp = pathlib.Path(tmp)
        packages = tmp / 'share' / 'mime' / 'packages'
        packages.mkdir(parents=True)
        shutil.copy(mime_xml, packages / 'copydesk.xml')
        env = dict(os.environ)
        env['XDG_DATA_HOME'] = str(tmp / 'share')
        # The system database supplies application/zip, the parent type.
        env['XDG_DATA_DIRS'] = os.pathsep.join([str(tmp / 'share'), '/usr/local/share', '/usr/share'])
        subprocess.run(['update-mime-database', str(tmp / 'share' / 'mime')], env=env, check=True)

        files = tmp / 'files'
        files.mkdir()
        named = files / 'story.article'
        shutil.copy(sample, named)
        nameless = files / 'story-without-extension'
        shutil.copy(sample, nameless)
        foreign = files / 'zipped-elsewhere'
        with zipfile.ZipFile(foreign, 'w', zipfile.ZIP_STORED) as z:
            z.writestr('mimetype', TYPE)
            z.writestr('article.json', '{}')
        plain = files / 'archive-without-extension'
        with zipfile.ZipFile(plain, 'w', zipfile.ZIP_STORED) as z:
            z.writestr('readme.txt', 'not a story')
            z.writestr('mimetype', TYPE)
        glob_only = files / 'notes.article'
        glob_only.write_text('not a zip at all\n')

        for path, expected in ((named, TYPE), (nameless, TYPE), (foreign, TYPE),
                               (plain, 'application/zip'), (glob_only, TYPE)):
            found = content_type(path, env)
            ok = found == expected
            failures += not ok
            print(f'{"ok" if ok else "FAIL"}: {path.name} is {found or "(nothing)"}, expected {expected}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
