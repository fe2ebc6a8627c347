#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-translations.py SOURCE_ROOT
#
# Extracts the strings of the files in po/POTFILES.in as
# `meson compile copydesk-pot` does (xgettext with the keywords of Meson's
# glib preset), merges them into every translation in po/LINGUAS in a
# temporary folder, and fails naming each string a translation lacks or
# has only fuzzy: a complete translation stays complete as the sources
# change. The .po files in the source tree are not touched.

import pathlib
import subprocess
import sys
import tempfile

XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
]


def entries(po: pathlib.Path, attrib_args: list) -> list:
    """The msgids msgattrib selects, the header excluded."""
    out = subprocess.run(['msgattrib', *attrib_args, '--no-wrap', '--no-location', str(po)],
                         check=True, capture_output=True, text=True).stdout
    found = []
    msgid = None
    for line in out.splitlines():
        if line.startswith('msgid '):
            msgid = line[len('msgid '):].strip('"')
        elif msgid is not None and line.startswith('"'):
            msgid += line.strip('"')
        elif msgid is not None:
            if msgid:
                found.append(msgid)
            msgid = None
    return found


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    po_dir = root / 'po'
    langs = [l.strip() for l in (po_dir / 'LINGUAS').read_text(encoding='utf-8').splitlines()
             if l.strip() and not l.startswith('#')]
    if not langs:
        print('po/LINGUAS names no language')
        return 1

    status = 0
    with tempfile.TemporaryDirectory(prefix='copydesk-po-') as tmp:
        pot = pathlib.Path(tmp) / 'copydesk.pot'
        subprocess.run(['xgettext', *XGETTEXT_ARGS, '--package-name=copydesk',
                        f'--directory={root}', f'--files-from={po_dir / "POTFILES.in"}',
                        f'--output={pot}'], check=True)
        total = len(entries(pot, []))
        for lang in langs:
            merged = pathlib.Path(tmp) / f'{lang}.po'
            subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', f'--output-file={merged}',
                            str(po_dir / f'{lang}.po'), str(pot)], check=True)
            untranslated = entries(merged, ['--untranslated', '--no-obsolete'])
            fuzzy = entries(merged, ['--only-fuzzy', '--no-obsolete'])
            for msgid in untranslated:
                print(f'po/{lang}.po: not translated: {msgid}')
            for msgid in fuzzy:
                print(f'po/{lang}.po: fuzzy: {msgid}')
            if untranslated or fuzzy:
                status = 1
            else:
                print(f'po/{lang}.po: all {total} strings translated')
    return status


if __name__ == '__main__':
    sys.exit(main())
