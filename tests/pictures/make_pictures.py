#!/usr/bin/env python3
"""Writes picture bombs and small good pictures into a folder, for the tests.

Each bomb is small on disk and asks a decoder for far more than the kiosk allows; they
are made at test time so that no large file is kept in the repository.
Usage: make_pictures.py OUTDIR
"""
import os
import struct
import sys
import zlib


def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png(width, height, colour_type=2, rows=None):
    """A PNG; rows: how many rows of zeros to compress (all when None)."""
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    comp = zlib.compressobj(9)
    row = b"\0" * (1 + width * channels)
    todo = height if rows is None else rows
    out = []
    while todo > 0:
        n = min(todo, 256)
        out.append(comp.compress(row * n))
        todo -= n
    out.append(comp.flush())
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
            png_chunk(b"IDAT", b"".join(out)) + png_chunk(b"IEND", b""))


def jpeg(width, height):
    """Markers up to the frame header, after a large APP segment (as a colour profile)."""
    app0 = b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    app2 = b"ICC_PROFILE\0" + b"\0" * 60000
    sof = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\0\x02\x11\0\x03\x11\0"
    seg = lambda m, d: b"\xff" + bytes([m]) + struct.pack(">H", len(d) + 2) + d
    return (b"\xff\xd8" + seg(0xE0, app0) + seg(0xE2, app2) + seg(0xC0, sof) +
            b"\xff\xd9")


def gif(width, height, screen=None):
    sw, sh = screen or (width, height)
    return (b"GIF89a" + struct.pack("<HHBBB", sw, sh, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff" +
            b"\x21\xf9\x04\0\0\0\0\0" + b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) +
            b"\x02\x02\x44\x01\0\x3b")


def webp_vp8x(width, height):
    data = b"\0\0\0\0" + struct.pack("<I", width - 1)[:3] + struct.pack("<I", height - 1)[:3]
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_vp8l(width, height):
    bits = (width - 1) | ((height - 1) << 14)
    data = b"\x2f" + struct.pack("<I", bits) + b"\0" * 8
    body = b"WEBP" + b"VP8L" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_vp8(width, height):
    data = b"\x10\x02\0" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height) + b"\0" * 8
    body = b"WEBP" + b"VP8 " + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}><rect width="1" height="1"/></svg>\n'


def svg_flood(n):
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">']
    parts += ['<path d="M0 0h1v1z"/>'] * n
    parts.append("</svg>\n")
    return "".join(parts).encode()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    files = {
        # bombs
        "svg-viewbox.svg": SVG.format('viewBox="0 0 1 200000"').encode(),
        "svg-size.svg": SVG.format('width="100000" height="100000"').encode(),
        "svg-inches.svg": SVG.format('width="50in" height="50in"').encode(),
        "svg-flood.svg": svg_flood(20000),
        "svg-bytes.svg": (SVG.format('width="10" height="10"')[:-7] + "<!--" +
                          "x" * (1536 * 1024) + "--></svg>\n").encode(),
        "png-30000.png": png(30000, 30000, rows=64),
        "png-grey-20000.png": png(20000, 20000, colour_type=0),
        "png-4096-square.png": png(4096, 4096, rows=16),
        "png-aspect.png": png(4000, 10),
        "jpeg-30000.jpg": jpeg(30000, 30000),
        "webp-vp8x.webp": webp_vp8x(30000, 30000),
        "webp-vp8l.webp": webp_vp8l(16384, 16384),
        "webp-vp8.webp": webp_vp8(16000, 16000),
        "gif-30000.gif": gif(30000, 30000),
        "gif-frame.gif": gif(30000, 30000, screen=(10, 10)),
        # good ones
        "ok.png": png(40, 30, colour_type=6),
        "ok.jpg": jpeg(40, 30),
        "ok.gif": gif(40, 30),
        "ok.webp": webp_vp8l(40, 30),
        "ok.svg": SVG.format('width="4cm" height="3cm" viewBox="0 0 40 30"').encode(),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
