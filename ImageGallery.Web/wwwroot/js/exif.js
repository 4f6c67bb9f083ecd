// Date taken and camera facts from a file's EXIF, read in the browser with exifr
// (wwwroot/lib/exifr, loaded on first use). The server checks them again as untrusted
// (Uploads/ExifRules.cs); values no camera could mean are left out here, so one odd tag
// does not cost the upload. Never throws: a file without EXIF gives null.

const MAX_TEXT = 64;
// Types exifr's lite build reads.
const READABLE = ['image/jpeg', 'image/heic', 'image/heif'];

let reader;

export async function readExif(file, type, moduleUrl) {
    if (!READABLE.includes(type) || !moduleUrl) return null;
    if (type !== 'image/jpeg' && !(await metaBoxReachable(file))) return null;
    let t;
    try {
        reader ??= import(moduleUrl).then(m => m.default);
        const exifr = await reader;
        t = await exifr.parse(file, {
            tiff: true, exif: true, gps: true, ifd1: false, interop: false,
            xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
            translateValues: false, reviveValues: true, mergeOutput: true,
        });
    } catch {
        return null;
    }
    if (!t) return null;
    const facts = {
        takenAt: wallClock(t.DateTimeOriginal ?? t.CreateDate ?? t.DateTime),
        make: text(t.Make),
        model: text(t.Model),
        lens: text(t.LensModel),
        exposureTime: positive(t.ExposureTime, 3600),
        fNumber: positive(t.FNumber, 128),
        iso: integer(Array.isArray(t.ISO) ? t.ISO[0] : t.ISO, 1, 10_000_000),
        focalLength: positive(t.FocalLength, 10_000),
        orientation: integer(t.Orientation, 1, 8),
        hasGps: Number.isFinite(t.latitude) && Number.isFinite(t.longitude),
    };
    if (facts.hasGps && Math.abs(t.latitude) <= 90 && Math.abs(t.longitude) <= 180) {
        facts.latitude = t.latitude;
        facts.longitude = t.longitude;
    }
    for (const key of Object.keys(facts)) if (facts[key] == null) delete facts[key];
    return Object.keys(facts).length > 1 || facts.hasGps ? facts : null;
}

// exifr revives EXIF's "2024:05:31 14:30:00" as a local Date: read it back as the wall
// clock the camera showed, which is what EXIF records.
function wallClock(date) {
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) return undefined;
    const year = date.getFullYear();
    if (year < 1826 || date.getTime() > Date.now() + 86_400_000) return undefined;
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    return `${pad(year, 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
        `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

// EXIF strings are often NUL-padded; control and bidi-override characters are dropped.
function text(value) {
    if (typeof value !== 'string') return undefined;
    const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
    return clean ? clean.slice(0, MAX_TEXT) : undefined;
}

function positive(value, max) {
    return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max ? value : undefined;
}

function integer(value, min, max) {
    return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

// exifr 7.1.3 walks a HEIF file's top-level boxes until it meets `meta` and never stops at
// a box that claims a size of 0 or runs past the end: one corrupt or hostile .heic froze
// the page. The same walk here, bounded, decides whether exifr may look at all.
const MAX_TOP_LEVEL_BOXES = 16;

async function metaBoxReachable(file) {
    try {
        let at = 0;
        for (let i = 0; i < MAX_TOP_LEVEL_BOXES && at + 16 <= file.size; i++) {
            const head = new DataView(await file.slice(at, at + 16).arrayBuffer());
            const kind = String.fromCharCode(head.getUint8(4), head.getUint8(5), head.getUint8(6), head.getUint8(7));
            if (kind === 'meta') return true;
            const size = head.getUint32(0) === 1 ? Number(head.getBigUint64(8)) : head.getUint32(0);
            if (size < 8 || at + size > file.size) return false;
            at += size;
        }
    } catch {
        // Unreadable: no EXIF, like any other failure here.
    }
    return false;
}
