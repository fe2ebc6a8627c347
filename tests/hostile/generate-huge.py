#!/usr/bin/env python3
# generate-huge.py: writes the hostile stories too large to keep in git
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: generate-huge.py OUTDIR
#   load-huge-headline.json  a headline of 1 MiB made of script vectors
#   load-many-blocks.json    100,000 body blocks, each carrying a vector
# Both must load and render without running any of it.

import json
import os
import sys

MIB = 1024 * 1024
N_BLOCKS = 100000


def vector(name):
    return "document.documentElement.setAttribute('data-pwned','%s')" % name


def story(**members):
    base = {
        "format": "copydesk.article",
        "version": 1,
        "id": "6a1e6f0e-0f53-4a59-9f0e-2d7c0f6b2a10",
        "language": "en",
        "status": "draft",
        "created": "2024-05-14T08:00:00Z",
        "modified": "2024-05-14T08:00:00Z",
        "notes": "HOSTILE-DESK-NOTE <script>%s</script>" % vector("notes"),
    }
    base.update(members)
    return base


def huge_headline():
    unit = "<script>%s</script><img src=x onerror=\"%s\"> " % (
        vector("huge-headline-script"), vector("huge-headline-onerror"))
    headline = (unit * (MIB // len(unit) + 1))[:MIB]
    return story(headline=headline, body=[
        {"type": "paragraph", "id": "p1", "text": "After a very long headline.", "marks": []},
    ])


def many_blocks():
    # Most blocks are short paragraphs, so that the page stays one a
    # browser lays out in seconds; every tenth carries a fuller vector.
    body = []
    for i in range(N_BLOCKS):
        block_id = "b%d" % i
        if i % 10 != 0:
            body.append({"type": "paragraph", "id": block_id,
                         "text": "<b onclick=x>%d" % i, "marks": []})
        elif i % 40 == 0:
            body.append({"type": "paragraph", "id": block_id,
                         "text": "<script>%s</script>" % vector("block-script"),
                         "marks": [{"type": "strong", "start": 0, "end": 8}]})
        elif i % 40 == 10:
            body.append({"type": "heading", "id": block_id, "level": 2,
                         "text": "<img src=x onerror=\"%s\">" % vector("block-onerror"),
                         "marks": []})
        elif i % 40 == 20:
            body.append({"type": "quote", "id": block_id,
                         "text": "\"><svg onload=\"%s\">" % vector("block-svg"),
                         "marks": [], "attribution": "\u202eeor enaJ"})
        else:
            body.append({"type": "divider", "id": block_id})
    return story(headline="A story of %d blocks" % N_BLOCKS, body=body)


def write(outdir, name, data):
    path = os.path.join(outdir, name)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: generate-huge.py OUTDIR\n")
        return 2
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    write(outdir, "load-huge-headline.json", huge_headline())
    write(outdir, "load-many-blocks.json", many_blocks())
    return 0


if __name__ == "__main__":
    sys.exit(main())
