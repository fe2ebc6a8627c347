#!/usr/bin/env python3
# generate-wire.py: writes the hostile wire files and marks too large for git
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: generate-wire.py OUTDIR
#   refuse-nitf-entities-600k.xml   a 600 KB NITF whose entity references
#                                   stand for 200 MB of text
#   refuse-nitf-entities-2400k.xml  the same at 2.4 MB, 800 MB of text
#   load-marks-5000.json            a paragraph with 5,000 marks
#   load-marks-100000.json          a paragraph with 100,000 marks
# The NITF files must be refused before the text is gathered; the marked
# paragraphs must render in time linear in text and marks.

import json
import os
import sys

ENTITY = "A" * 1024


def nitf_entities(size):
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE nitf [<!ENTITY e "%s">]>\n'
            '<nitf><head><title>Entities</title></head><body><body.content><p>'
            % ENTITY)
    tail = "</p></body.content></body></nitf>\n"
    n = (size - len(head) - len(tail)) // 3
    return head + "&e;" * n + tail


def marks(n):
    # Strong, em and link marks crossing each other, nested and adjacent
    # (marks of one type may touch, never overlap).
    words = []
    mark_list = []
    offset = 0
    for i in range(n // 4 + 1):
        word = "w%d " % i
        words.append(word)
        start = offset
        offset += len(word)
        mark_list.append({"type": "strong", "start": start, "end": start + 2})
        mark_list.append({"type": "em", "start": start + 1, "end": offset + 1})
        mark_list.append({"type": "link", "start": start, "end": offset,
                          "href": "https://example.com/%d" % i})
        mark_list.append({"type": "strong", "start": start + 2, "end": offset})
    text = "".join(words)
    mark_list = [m for m in mark_list[:n] if m["end"] <= len(text)]
    return {
        "format": "copydesk.article",
        "version": 1,
        "id": "0b5c1d8e-4f7a-4c1e-8a4e-6a8e2f1d9c30",
        "language": "en",
        "status": "draft",
        "headline": "A paragraph of %d marks" % n,
        "created": "2024-05-14T08:00:00Z",
        "modified": "2024-05-14T08:00:00Z",
        "body": [{"type": "paragraph", "id": "p1", "text": text, "marks": mark_list}],
    }


def write(outdir, name, data):
    path = os.path.join(outdir, name)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        if isinstance(data, str):
            f.write(data)
        else:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: generate-wire.py OUTDIR\n")
        return 2
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    write(outdir, "refuse-nitf-entities-600k.xml", nitf_entities(600 * 1000))
    write(outdir, "refuse-nitf-entities-2400k.xml", nitf_entities(2400 * 1000))
    write(outdir, "load-marks-5000.json", marks(5000))
    write(outdir, "load-marks-100000.json", marks(100000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
