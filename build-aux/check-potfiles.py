#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-potfiles.py SOURCE_ROOT
#
# Fails when a file under src/ or data/ marks strings for translation but
# po/POTFILES.in does not list it (its strings would silently stay in
# English), or when POTFILES.in lists a file that does not exist (xgettext
# would stop). Prints every such file, one per line.

import pathlib
import re
import sys

# gettext calls in C, as the glib preset of Meson's i18n module knows them.
C_MARK = re.compile(r'(?<![\w])(?:N|C|NC|Q)?_\s*\(\s*"'
                    r'|(?<![\w])(?:g_d?n?gettext|g_dpgettext2?|n?gettext|dn?gettext)\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true)"')
# XML formats whose translatable elements xgettext finds through ITS rules.
XML_MARKS = {
    '.gschema.xml': re.compile(r'<(?:summary|description)>'),
    '.mime.xml': re.compile(r'<comment>'),
    '.mime.xml.in': re.compile(r'<comment>'),
    '.metainfo.xml.in': re.compile(r'<(?:name|summary|p|li|caption)>'),
}


def marks_strings(path: pathlib.Path) -> bool:
    name = path.name
    try:
        text = path.read_text(encoding='utf-8')
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(('.c', '.h')):
        return C_MARK.search(text) is not None
    if name.endswith('.ui'):
        return UI_MARK.search(text) is not None
    if name.endswith('.desktop.in'):
        return re.search(r'^(?:Name|GenericName|Comment|Keywords)=', text, re.M) is not None
    for suffix, pattern in XML_MARKS.items():
        if name.endswith(suffix):
            return pattern.search(text) is not None
    return False


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    listed = set()
    for line in (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            listed.add(line)

    marked = set()
    for top in ('src', 'data'):
        for path in sorted((root / top).rglob('*')):
            if path.is_file() and marks_strings(path):
                marked.add(path.relative_to(root).as_posix())

    status = 0
    for path in sorted(marked - listed):
        print(f'po/POTFILES.in: missing {path}, which marks strings for translation')
        status = 1
    for path in sorted(listed):
        if not (root / path).is_file():
            print(f'po/POTFILES.in: lists {path}, which does not exist')
            status = 1
    for path in sorted(listed - marked):
        if (root / path).is_file():
            print(f'po/POTFILES.in: lists {path}, which marks no strings')
            status = 1
    if status == 0:
        print(f'po/POTFILES.in lists all {len(marked)} files with translatable strings')
    return status


if __name__ == '__main__':
    sys.exit(main())
