#!/usr/bin/env python3
# generate-bomb.py: writes a .article whose media unpack to far more than
# its size on disk
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: generate-bomb.py OUTPUT [ENTRIES [ENTRY-KIB]]
#   With the defaults, six media entries of 500 MiB each: every one under
#   the per-entry limit, 3 GiB together, about 3 MB on disk. It must be
#   refused with the container's total limit, not read.
#   tests/hostile/containers/refuse-total-size-scaled.article was written
#   with "3 64": three entries of 64 KiB, for scaled-down limits.
#
# Deflating gigabytes takes long, so one deflated MiB is made once and
# repeated: a full flush ends each MiB on a byte boundary with an empty
# window, so the copies concatenate into one valid deflate stream.

import json
import os
import struct
import sys
import zlib

MIB = 1024 * 1024
MIME_TYPE = b"application/vnd.copydesk.article+zip"
# A PNG signature and the header of a 1x1 image, so that the entries
# sniff as images: only the size may get them refused.
PNG_START = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" +
             struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
PNG_START += struct.pack(">I", zlib.crc32(PNG_START[12:]))


def deflate_chunk(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def final_block():
    return zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)


def image_entry(size):
    """The deflated bytes and CRC of a PNG start followed by zeros."""
    chunk = min(size, MIB)
    first = PNG_START + bytes(chunk - len(PNG_START))
    parts = [deflate_chunk(first)]
    crc = zlib.crc32(first)
    remaining = size - chunk
    zeros = bytes(MIB)
    zeros_deflated = deflate_chunk(zeros)
    while remaining >= MIB:
        parts.append(zeros_deflated)
        crc = zlib.crc32(zeros, crc)
        remaining -= MIB
    if remaining > 0:
        parts.append(deflate_chunk(bytes(remaining)))
        crc = zlib.crc32(bytes(remaining), crc)
    parts.append(final_block())
    return b"".join(parts), crc & 0xffffffff


def story(names):
    figures = [{"type": "figure", "id": "f%d" % i, "src": name,
                "alt": "Photo %d" % i, "caption": "", "credit": "",
                "width": 1, "height": 1}
               for i, name in enumerate(names, 1)]
    return {
        "format": "copydesk.article", "version": 1,
        "id": "0b6f1d9e-3c55-4d8e-8f57-1f0f4f0b6a11",
        "language": "en", "status": "draft",
        "headline": "Photos that unpack to gigabytes",
        "created": "2024-05-14T08:00:00Z", "modified": "2024-05-14T08:00:00Z",
        "body": [{"type": "paragraph", "id": "p1", "text": "Photos follow.",
                  "marks": []}] + figures,
    }


def write_zip(path, entries):
    """entries: (name, method, data, crc, size); method 0 stores, 8 deflates."""
    out = bytearray()
    central = bytearray()
    for name, method, data, crc, size in entries:
        name_bytes = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0x0800, method, 0, 0x21,
                           crc, len(data), size, len(name_bytes), 0)
        out += name_bytes + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 0x0314, 20, 0x0800,
                               method, 0, 0x21, crc, len(data), size,
                               len(name_bytes), 0, 0, 0, 0, 0o100644 << 16, offset)
        central += name_bytes
    directory_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(entries), len(entries),
                       len(central), directory_offset, 0)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, path)


def main():
    if len(sys.argv) not in (2, 3, 4):
        sys.stderr.write("usage: generate-bomb.py OUTPUT [ENTRIES [ENTRY-KIB]]\n")
        return 2
    output = sys.argv[1]
    n_entries = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    entry_size = int(sys.argv[3]) * 1024 if len(sys.argv) > 3 else 500 * MIB

    names = ["media/photo-%d.png" % i for i in range(1, n_entries + 1)]
    article = json.dumps(story(names), separators=(",", ":")).encode("utf-8")
    entries = [("mimetype", 0, MIME_TYPE, zlib.crc32(MIME_TYPE), len(MIME_TYPE)),
               ("article.json", 0, article, zlib.crc32(article), len(article))]
    data, crc = image_entry(entry_size)
    for name in names:
        entries.append((name, 8, data, crc, entry_size))
    write_zip(output, entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
