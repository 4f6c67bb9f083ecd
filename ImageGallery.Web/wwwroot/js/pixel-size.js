// What an image's header says of its pixel size, read from its first bytes only. A
// browser's decoder reads the whole file before it can fail or succeed: for a 1 GiB
// panorama, that is all of it in the tab's memory, competing with the upload, only to
// find it cannot be decoded, or to decode it into gigabytes of pixels. decode.js asks
// here first.
import { ascii, readPrefix } from './image-types.js';

// JPEGs carry EXIF, ICC profiles and previews before their frame header: this covers
// the usual ones. A header that lies beyond is "unknown", and the decoder decides.
const PROBE_BYTES = 256 * 1024;

// { width, height } as stored (before any EXIF or HEIF rotation); null when the header
// does not say within the probe (the decoder decides); false when the header is not one
// any decoder accepts (a PNG whose first chunk is not IHDR, a JPEG with a broken segment),
// so decoding would only fail after reading the whole file.
export async function readPixelSize(file, type) {
    const b = await readPrefix(file, PROBE_BYTES);
    if (!b) return null;
    switch (type) {
        case 'image/png': return png(b);
        case 'image/jpeg': return jpeg(b);
        case 'image/gif': return gif(b);
        case 'image/webp': return webp(b);
        case 'image/avif':
        case 'image/heic':
        case 'image/heif': return isoBmff(b);
        default: return null;
    }
}

const u16be = (b, i) => (b[i] << 8) | b[i + 1];
const u16le = (b, i) => b[i] | (b[i + 1] << 8);
const u24le = (b, i) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b, i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const size = (width, height) => (width > 0 && height > 0 ? { width, height } : false);

// The signature, then the IHDR chunk, which the PNG specification puts first.
function png(b) {
    if (b.length < 24) return false;
    return ascii(b, 12) === 'IHDR' && u32be(b, 8) === 13 ? size(u32be(b, 16), u32be(b, 20)) : false;
}

// Segments from SOI to the first frame header (SOF0-15 but DHT, JPG and DAC).
function jpeg(b) {
    let i = 2;
    while (i + 4 <= b.length) {
        if (b[i] !== 0xff) return false;
        const marker = b[i + 1];
        if (marker === 0xff) { i++; continue; }            // fill byte
        if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
        if (marker === 0xd9 || marker === 0xda) return false; // end, or scan data before any frame
        const length = u16be(b, i + 2);
        if (length < 2) return false;
        if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
            if (i + 9 > b.length) return null;
            return size(u16be(b, i + 7), u16be(b, i + 5));
        }
        i += 2 + length;
    }
    return null;
}

// The logical screen: every frame is drawn within it.
function gif(b) {
    return b.length < 10 ? false : size(u16le(b, 6), u16le(b, 8));
}

// RIFF....WEBP, then a VP8 (lossy), VP8L (lossless) or VP8X (extended) chunk.
function webp(b) {
    if (b.length < 30) return false;
    switch (ascii(b, 12)) {
        case 'VP8 ':
            return b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a
                ? size(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff) : false;
        case 'VP8L': {
            if (b[20] !== 0x2f) return false;
            const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
            return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
        }
        case 'VP8X':
            return size(u24le(b, 24) + 1, u24le(b, 27) + 1);
        default:
            return false;
    }
}

// AVIF and HEIF (ISO BMFF): the image spatial extents ('ispe') among the item properties,
// meta → iprp → ipco. A grid image has one per tile and one for the whole: the largest is
// the image. Anything unexpected is left to the decoder (null), never refused here.
function isoBmff(b) {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const boxes = function* (from, to) {
        for (let at = from; at + 8 <= to;) {
            let size = view.getUint32(at), header = 8;
            if (size === 1 && at + 16 <= to) { size = Number(view.getBigUint64(at + 8)); header = 16; }
            else if (size === 0) size = to - at;
            if (size < header) return;
            yield { type: ascii(b, at + 4), start: at + header, end: Math.min(at + size, to), whole: at + size <= to };
            at += size;
        }
    };
    const child = (box, type, skip = 0) => {
        for (const c of boxes(box.start + skip, box.end)) if (c.type === type) return c;
        return null;
    };
    const meta = [...boxes(0, b.length)].find(x => x.type === 'meta');
    const ipco = meta?.whole ? child(child(meta, 'iprp', 4) ?? { start: 0, end: 0 }, 'ipco') : null;
    if (!ipco) return null;
    let best = null;
    for (const p of boxes(ipco.start, ipco.end)) {
        if (p.type !== 'ispe' || p.start + 12 > p.end) continue;
        const width = view.getUint32(p.start + 4), height = view.getUint32(p.start + 8);
        if (width > 0 && height > 0 && (!best || width * height > best.width * best.height)) best = { width, height };
    }
    return best;
}
