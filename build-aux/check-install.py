#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-install.py MESON BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR APP_ID LANG...
#
# Runs `meson install --no-rebuild` from BUILD_DIR into a temporary DESTDIR
# (nothing is rebuilt and nothing outside the temporary folder is written;
# Meson skips the post-install cache updates under a DESTDIR) and checks
# the tree a package would ship: both programs, the desktop file, the
# metainfo, the icons, the GSettings schema, the MIME type and the
# translations, and that they name one another consistently.

import configparser
import pathlib
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

MIME_TYPE = 'application/vnd.copydesk.article+zip'
MIME_NS = '{http://www.freedesktop.org/standards/shared-mime-info}'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'

failures = []


def check(ok: bool, what: str) -> bool:
    print(f'{"ok" if ok else "FAIL"}: {what}')
    if not ok:
        failures.append(what)
    return ok


def main() -> int:
    meson, build_dir, prefix, bindir, datadir, localedir, app_id, *langs = sys.argv[1:]

    def rel(directory: str) -> pathlib.Path:
        # Meson passes directories relative to the prefix, or absolute ones.
        path = pathlib.Path(directory)
        return path if path.is_absolute() else pathlib.Path(prefix) / path

    with tempfile.TemporaryDirectory(prefix='copydesk-install-') as destdir:
        result = subprocess.run([meson, 'install', '-C', build_dir, '--no-rebuild', '--quiet',
                                 '--destdir', destdir], capture_output=True, text=True)
        if not check(result.returncode == 0, 'meson install --destdir succeeds'):
            print(result.stdout[-4000:], result.stderr[-4000:])
            return 1

        def installed(directory: str, *parts: str) -> pathlib.Path:
            return pathlib.Path(destdir + str(rel(directory))).joinpath(*parts)

        share = lambda *parts: installed(datadir, *parts)

        for program in ('copydesk', 'copydesk-convert'):
            path = installed(bindir, program)
            check(path.is_file() and path.stat().st_mode & 0o111 != 0, f'{bindir}/{program} is an executable')

        # Desktop file: named after the app ID, launching the installed program.
        desktop_path = share('applications', f'{app_id}.desktop')
        if check(desktop_path.is_file(), f'applications/{app_id}.desktop is installed'):
            desktop = configparser.RawConfigParser(interpolation=None, strict=False)
            desktop.optionxform = str
            desktop.read(desktop_path, encoding='utf-8')
            entry = desktop['Desktop Entry']
            check(entry.get('Icon') == app_id, f'the desktop file\'s Icon is {app_id}')
            exec_program = entry.get('Exec', '').split()[0] if entry.get('Exec') else ''
            check(installed(bindir, exec_program).is_file() if exec_program else False,
                  f'the desktop file\'s Exec ({exec_program}) is installed')
            check(MIME_TYPE in entry.get('MimeType', '').split(';'), f'the desktop file opens {MIME_TYPE}')
            for lang in langs:
                check(f'Comment[{lang}]' in entry, f'the desktop file\'s Comment is translated to {lang}')

        # Metainfo: the same ID, launching that desktop file, providing the type.
        metainfo_path = share('metainfo', f'{app_id}.metainfo.xml')
        if check(metainfo_path.is_file(), f'metainfo/{app_id}.metainfo.xml is installed'):
            component = ET.parse(metainfo_path).getroot()
            check(component.findtext('id') == app_id, f'the metainfo\'s id is {app_id}')
            check(component.findtext('launchable') == f'{app_id}.desktop', 'the metainfo launches the desktop file')
            check(MIME_TYPE in [m.text for m in component.iter('mediatype')], f'the metainfo provides {MIME_TYPE}')
            for lang in langs:
                check(any(e.get(XML_LANG) == lang for e in component.iter('summary')),
                      f'the metainfo\'s summary is translated to {lang}')

        # Icons, under the names the desktop file and the symbolic lookup use.
        for path in (share('icons', 'hicolor', 'scalable', 'apps', f'{app_id}.svg'),
                     share('icons', 'hicolor', 'symbolic', 'apps', f'{app_id}-symbolic.svg')):
            name = path.relative_to(share()).as_posix()
            if check(path.is_file(), f'{name} is installed'):
                check(ET.parse(path).getroot().tag == '{http://www.w3.org/2000/svg}svg', f'{name} is an SVG image')

        schema_path = share('glib-2.0', 'schemas', 'io.github.copydesk.Copydesk.gschema.xml')
        if check(schema_path.is_file(), 'the GSettings schema is installed'):
            ids = [s.get('id') for s in ET.parse(schema_path).getroot().iter('schema')]
            check('io.github.copydesk.Copydesk' in ids, 'the schema defines io.github.copydesk.Copydesk')

        mime_path = share('mime', 'packages', f'{app_id}.xml')
        if check(mime_path.is_file(), f'mime/packages/{app_id}.xml is installed'):
            mime = ET.parse(mime_path).getroot()
            types = [t.get('type') for t in mime.iter(f'{MIME_NS}mime-type')]
            check(types == [MIME_TYPE], f'the MIME package registers {MIME_TYPE}')
            globs = [g.get('pattern') for g in mime.iter(f'{MIME_NS}glob')]
            check('*.article' in globs, 'the MIME package matches *.article')
            for lang in langs:
                check(any(c.get(XML_LANG) == lang for c in mime.iter(f'{MIME_NS}comment')),
                      f'the MIME type\'s comment is translated to {lang}')

        for lang in langs:
            mo = installed(localedir, lang, 'LC_MESSAGES', 'copydesk.mo')
            if check(mo.is_file(), f'{lang}/LC_MESSAGES/copydesk.mo is installed'):
                magic = mo.read_bytes()[:4]
                check(magic in (b'\xde\x12\x04\x95', b'\x95\x04\x12\xde'), f'{lang} copydesk.mo is a gettext catalogue')

    if failures:
        print(f'{len(failures)} check(s) failed')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
