// Thumbnails and display copies are made here, in the browser, so the server never decodes an image.
// Re-encoding from pixels also drops every bit of metadata (EXIF, GPS) by construction.
import { decodeImage } from './decode.js';

const QUALITIES = [0.8, 0.6, 0.4];

// `type` is the file's sniffed type, `heif` where libheif is (decode.js).
// Returns { width, height, thumbnail, display, displayWidth } where width/height are the
// decoded original's (after EXIF orientation), thumbnail a Blob (long side `maxSide`) or
// null, and display a Blob (long side `display.size`, at most `display.maxBytes`) or null:
// only an image larger than the display size gets one. Both come from the one decode
// below. Never throws: a file the browser cannot decode is uploaded without either, and
// without a pixel size.
export async function makeThumbnail(file, type, maxSide, maxBytes, display = null, heif = null) {
    let bitmap;
    try {
        bitmap = await decodeImage(file, type, heif);
    } catch {
        return { width: null, height: null, thumbnail: null, display: null, displayWidth: null };
    }
    const { width, height } = bitmap;
    try {
        const thumbnail = await scaled(bitmap, maxSide, maxBytes);
        const big = display && Math.max(width, height) > display.size
            ? await scaled(bitmap, display.size, display.maxBytes) : null;
        return { width, height, thumbnail: thumbnail?.blob ?? null, display: big?.blob ?? null, displayWidth: big?.width ?? null };
    } finally {
        bitmap.close();
    }
}

// The bitmap with its long side at most `side`, encoded within `maxBytes`; null if it cannot be.
async function scaled(bitmap, side, maxBytes) {
    try {
        const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
        const w = Math.max(1, Math.round(bitmap.width * scale));
        const h = Math.max(1, Math.round(bitmap.height * scale));
        const blob = await encodeWithin(bitmap, w, h, maxBytes);
        return blob ? { blob, width: w } : null;
    } catch {
        return null;
    }
}

// Browsers that cannot write WebP (Safari) silently hand back PNG; once seen, every later
// copy goes straight to JPEG instead of encoding a PNG first.
let writesWebp = true;

async function encodeWithin(bitmap, w, h, maxBytes) {
    if (!writesWebp) return encodeJpeg(bitmap, w, h, maxBytes);
    const webp = draw(bitmap, w, h, false);
    for (const quality of QUALITIES) {
        const blob = await encode(webp, 'image/webp', quality);
        if (blob.type !== 'image/webp') {
            writesWebp = false;
            return encodeJpeg(bitmap, w, h, maxBytes);
        }
        if (blob.size <= maxBytes) return blob;
    }
    return null;
}

async function encodeJpeg(bitmap, w, h, maxBytes) {
    // JPEG has no alpha: without a background, transparent pixels turn black.
    const canvas = draw(bitmap, w, h, true);
    for (const quality of QUALITIES) {
        const blob = await encode(canvas, 'image/jpeg', quality);
        if (blob.type !== 'image/jpeg') return null;
        if (blob.size <= maxBytes) return blob;
    }
    return null;
}

function draw(bitmap, w, h, opaque) {
    const canvas = typeof OffscreenCanvas === 'function'
        ? new OffscreenCanvas(w, h)
        : Object.assign(document.createElement('canvas'), { width: w, height: h });
    const ctx = canvas.getContext('2d');
    if (opaque) {
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, w, h);
    }
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    return canvas;
}

function encode(canvas, type, quality) {
    if (typeof canvas.convertToBlob === 'function') return canvas.convertToBlob({ type, quality });
    return new Promise((resolve, reject) =>
        canvas.toBlob(b => (b ? resolve(b) : reject(new Error('encode failed'))), type, quality));
}
