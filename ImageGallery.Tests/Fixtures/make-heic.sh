#!/bin/sh
# How photo.heic was made (run from this folder; needs ImageMagick's `convert`, python3 and
# `heif-enc` from Debian's libheif-examples 1.15.1). A 640x480 picture that is wider than
# tall (so a decode that loses the shape shows), saved as a JPEG with an EXIF block (camera,
# date taken) written in by hand, then encoded to HEIC (HEVC, ftyp major brand `heic`);
# heif-enc carries the JPEG's EXIF over. About 3 KB.
set -eu
tmp=$(mktemp -d)
convert -size 640x480 gradient:skyblue-darkgreen -fill orange -draw "circle 200,240 200,120" \
    -fill white -draw "rectangle 420,100 560,380" "$tmp/src.jpg"
python3 - "$tmp/src.jpg" "$tmp/exif.jpg" <<'PY'
import struct, sys
def ascii(tag, s):
    return (tag, 2, s.encode() + b"\0")
ifd0 = [ascii(0x010F, "Apple"), ascii(0x0110, "iPhone 15"), (0x8769, 4, None)]
exif = [ascii(0x9003, "2023:05:06 07:08:09")]
def ifd(entries, at):
    out, data = b"", b""
    data_at = at + 2 + 12 * len(entries) + 4
    for tag, kind, value in entries:
        if kind == 4:
            out += struct.pack("<HHII", tag, 4, 1, value)
        elif len(value) <= 4:
            out += struct.pack("<HHI", tag, 2, len(value)) + value.ljust(4, b"\0")
        else:
            out += struct.pack("<HHII", tag, 2, len(value), data_at + len(data))
            data += value
    return struct.pack("<H", len(entries)) + out + b"\0\0\0\0" + data
first = ifd([e if e[1] != 4 else (e[0], 4, 0) for e in ifd0], 8)
exif_at = 8 + len(first)
tiff = b"II*\0" + struct.pack("<I", 8) + ifd([e if e[1] != 4 else (e[0], 4, exif_at) for e in ifd0], 8) + ifd(exif, exif_at)
app1 = b"Exif\0\0" + tiff
jpeg = open(sys.argv[1], "rb").read()
out = jpeg[:2] + b"\xFF\xE1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]
open(sys.argv[2], "wb").write(out)
PY
heif-enc -q 40 -o photo.heic "$tmp/exif.jpg"
# heif-enc 1.15 puts each item's position in iloc's base_offset, with extent offsets of 0;
# iPhones write absolute extent offsets and no base. exifr (the EXIF reader) only reads the
# extent offset, so fold the base into it, as an iPhone would have written it. Same sizes,
# nothing moves; libheif reads the file the same either way.
python3 - photo.heic <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
at = d.find(b"iloc") + 4
version = d[at]; at += 4
sizes = d[at] >> 4, d[at] & 15, d[at + 1] >> 4
assert version == 0 and sizes == (4, 4, 4), "written differently from heif-enc 1.15: check by hand"
count, = struct.unpack_from(">H", d, at + 2); at += 4
for _ in range(count):
    base, extents = struct.unpack_from(">IH", d, at + 4)
    struct.pack_into(">I", d, at + 4, 0)
    at += 10
    for _ in range(extents):
        offset, = struct.unpack_from(">I", d, at)
        struct.pack_into(">I", d, at, base + offset)
        at += 8
open(sys.argv[1], "wb").write(d)
PY
rm -r "$tmp"
