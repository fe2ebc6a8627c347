#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-flatpak-manifest.py MANIFEST APP_ID COMMAND
#
# What can be checked of the Flatpak manifest without downloading the GNOME
# runtime: it parses; it names the release app ID, the program and a pinned,
# numbered runtime with its SDK; it asks for no permission beyond the ones
# Copydesk needs (files come through the portal, so no --filesystem); every
# module's local sources exist and every remote one is pinned by checksum or
# commit. Prints each problem, one per line.

import json
import pathlib
import re
import sys

# Display, GPU and the network for live embeds and oEmbed; nothing more.
ALLOWED_FINISH_ARGS = {
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
    '--share=network',
}
LOCAL_SOURCE_TYPES = {'dir', 'file', 'patch', 'script', 'shell', 'extra-data', 'inline'}
PINNED_BY = {'archive': 'sha256', 'file': 'sha256', 'git': 'commit'}

problems = []


def problem(text: str) -> None:
    problems.append(text)


def check_source(source, where: str, base: pathlib.Path) -> None:
    if isinstance(source, str):
        # A source may live in its own JSON file beside the manifest.
        path = base / source
        if not path.is_file():
            problem(f'{where}: source file {source} does not exist')
            return
        try:
            source = json.loads(path.read_text(encoding='utf-8'))
        except ValueError as e:
            problem(f'{where}: {source} is not valid JSON: {e}')
            return
    kind = source.get('type')
    if kind is None:
        problem(f'{where}: a source has no type')
        return
    if 'path' in source:
        if not (base / source['path']).exists():
            problem(f'{where}: {kind} source path {source["path"]} does not exist')
    elif 'paths' in source:
        for path in source['paths']:
            if not (base / path).exists():
                problem(f'{where}: {kind} source path {path} does not exist')
    elif 'url' in source or 'mirror-urls' in source:
        pin = PINNED_BY.get(kind)
        if pin is not None and pin not in source and not (kind == 'git' and 'tag' in source):
            problem(f'{where}: remote {kind} source {source.get("url")} is not pinned by {pin}')
    elif kind not in LOCAL_SOURCE_TYPES:
        problem(f'{where}: {kind} source has neither a path nor a URL')


def check_module(module, where: str, base: pathlib.Path) -> None:
    if isinstance(module, str):
        path = base / module
        if not path.is_file():
            problem(f'{where}: module file {module} does not exist')
            return
        try:
            module = json.loads(path.read_text(encoding='utf-8'))
        except ValueError as e:
            problem(f'{where}: {module} is not valid JSON: {e}')
            return
        base = path.parent
    name = module.get('name')
    if not name:
        problem(f'{where}: a module has no name')
        name = '?'
    sources = module.get('sources', [])
    if not sources:
        problem(f'{where}: module {name} has no sources')
    for source in sources:
        check_source(source, f'{where}: module {name}', base)
    for sub in module.get('modules', []):
        check_module(sub, f'{where}: module {name}', base)


def main() -> int:
    if len(sys.argv) != 4:
        print('usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND')
        return 2
    manifest_path = pathlib.Path(sys.argv[1])
    app_id, command = sys.argv[2], sys.argv[3]
    where = manifest_path.name
    try:
        manifest = json.loads(manifest_path.read_text(encoding='utf-8'))
    except (OSError, ValueError) as e:
        print(f'{where}: cannot be read as JSON: {e}')
        return 1

    if manifest.get('id', manifest.get('app-id')) != app_id:
        problem(f'{where}: id is {manifest.get("id")!r}, not {app_id!r}')
    if manifest.get('command') != command:
        problem(f'{where}: command is {manifest.get("command")!r}, not {command!r}')
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        problem(f'{where}: runtime and sdk must be org.gnome.Platform and org.gnome.Sdk')
    if not re.fullmatch(r'[0-9]+(\.[0-9]+)?', str(manifest.get('runtime-version', ''))):
        problem(f'{where}: runtime-version {manifest.get("runtime-version")!r} is not a pinned, numbered version')

    for arg in manifest.get('finish-args', []):
        if arg not in ALLOWED_FINISH_ARGS:
            problem(f'{where}: finish-arg {arg} is wider than Copydesk needs')
    for arg in ('--socket=wayland', '--socket=fallback-x11', '--share=ipc'):
        if arg not in manifest.get('finish-args', []):
            problem(f'{where}: finish-args lack {arg}, without which the window cannot show')

    modules = manifest.get('modules', [])
    if not modules:
        problem(f'{where}: no modules')
    for module in modules:
        check_module(module, where, manifest_path.parent)

    last = modules[-1] if modules else {}
    if not isinstance(last, dict) or last.get('buildsystem') != 'meson':
        problem(f'{where}: the last module must be Copydesk itself, built with meson')
    elif not any(isinstance(s, dict) and s.get('type') == 'dir' for s in last.get('sources', [])):
        problem(f'{where}: Copydesk must be built from the local checkout (a dir source)')
    elif '-Dprofile=default' not in last.get('config-opts', []):
        problem(f'{where}: Copydesk must be built with -Dprofile=default to get the app ID {app_id}')

    for text in problems:
        print(text)
    if not problems:
        print(f'{where}: parses; runtime {manifest["runtime"]}//{manifest["runtime-version"]}; '
              f'{len(modules)} module(s), every source present')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
