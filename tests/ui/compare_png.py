#!/usr/bin/env python3
"""compare_png.py REFERENCE_DIR SHOTS_DIR: every PNG in REFERENCE_DIR must have a twin of
the same name in SHOTS_DIR with the same size and exactly the same pixels. Prints one line
per picture and, for a difference, how many pixels differ and the first one; exits 1 when
any differs or is missing. Plain Python (zlib), so no imaging library is needed."""
import os
import struct
import sys
import zlib

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG colour type -> samples per pixel (8-bit)


def chunks(path):
    """The IHDR and the decompressed (still filtered) image data of a PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, ihdr, idat = 8, b"", []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            ihdr = body
        elif kind == b"IDAT":
            idat.append(body)
    return ihdr, zlib.decompress(b"".join(idat))


def decode(path):
    """Width, height, samples per pixel and the unfiltered pixel bytes of an 8-bit,
    non-interlaced PNG (what SDL_image writes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, [], None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace or ctype not in CHANNELS:
                raise ValueError("only 8-bit, non-interlaced grey/RGB/RGBA PNGs")
            bpp = CHANNELS[ctype]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    out = bytearray(h * stride)
    prev = bytearray(stride)
    for y in range(h):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        out[y * stride : (y + 1) * stride] = line
        prev = line
    return w, h, bpp, bytes(out)


def compare(ref, shot):
    # Fast path: the same header and the same filtered rows are the same pixels (decoding
    # in Python takes seconds a picture, so only differences are decoded).
    if chunks(ref) == chunks(shot):
        return None
    rw, rh, rb, rp = decode(ref)
    sw, sh, sb, sp = decode(shot)
    if (rw, rh) != (sw, sh):
        return "size %dx%d, expected %dx%d" % (sw, sh, rw, rh)
    if rb != sb:  # compare as RGB: drop an opaque alpha channel
        rp = bytes(b for i, b in enumerate(rp) if rb != 4 or i % 4 != 3)
        sp = bytes(b for i, b in enumerate(sp) if sb != 4 or i % 4 != 3)
        rb = sb = 3
    if rp == sp:
        return None
    diff = [i // rb for i in range(0, len(rp), rb) if rp[i : i + rb] != sp[i : i + rb]]
    first = diff[0]
    return "%d pixels differ, the first at (%d, %d)" % (len(diff), first % rw, first // rw)


def main():
    ref_dir, shot_dir = sys.argv[1], sys.argv[2]
    names = sorted(n for n in os.listdir(ref_dir) if n.endswith(".png"))
    if not names:
        print("no reference pictures in %s" % ref_dir)
        return 1
    bad = 0
    for name in names:
        shot = os.path.join(shot_dir, name)
        if not os.path.exists(shot):
            print("MISSING %s" % name)
            bad += 1
            continue
        why = compare(os.path.join(ref_dir, name), shot)
        print("%s %s%s" % ("DIFFERS" if why else "same   ", name, ": " + why if why else ""))
        bad += why is not None
    print("%d of %d pictures identical" % (len(names) - bad, len(names)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
