// The gallery's image types, as the server's one table has them (Uploads/ImageFormats.cs,
// rendered into data-image-types by Pages/Shared/_Uploader.cshtml), and the same
// magic-number check the server makes at complete: a renamed text file is refused here,
// before a byte is sent.

// Enough for every signature and for an ISO BMFF ftyp box's first brands.
const PREFIX_LENGTH = 32;

// [{ type, name, signatures: ['FFD8FF', '52494646????????57454250'], brands: ['avif'] }]
export function readImageTypes(json) {
    try {
        const types = JSON.parse(json || '[]');
        return Array.isArray(types) ? types : [];
    } catch {
        return [];
    }
}

// The content type the file's first bytes say it is, or null when none of `types`.
export async function sniffImageType(file, types) {
    const prefix = await readPrefix(file, PREFIX_LENGTH);
    if (!prefix) return null;
    for (const t of types)
        if ((t.signatures ?? []).some(s => matches(prefix, s))) return t.type;
    for (const t of types)
        if ((t.brands ?? []).length > 0 && hasBrand(prefix, t.brands)) return t.type;
    return null;
}

function matches(prefix, hex) {
    const length = hex.length / 2;
    if (prefix.length < length) return false;
    for (let i = 0; i < length; i++) {
        const pair = hex.substr(i * 2, 2);
        if (pair !== '??' && prefix[i] !== parseInt(pair, 16)) return false;
    }
    return true;
}

// [size:4]['ftyp'][major brand:4][minor version:4][compatible brands:4 each], brands
// only within the box's own size.
function hasBrand(prefix, brands) {
    if (prefix.length < 12 || ascii(prefix, 4) !== 'ftyp') return false;
    const boxSize = Math.min(((prefix[0] << 24) | (prefix[1] << 16) | (prefix[2] << 8) | prefix[3]) >>> 0, prefix.length);
    if (brands.includes(ascii(prefix, 8))) return true;
    for (let at = 16; at + 4 <= boxSize; at += 4)
        if (brands.includes(ascii(prefix, at))) return true;
    return false;
}

// A file's first `length` bytes (fewer if it is shorter), or null when it cannot be read.
export async function readPrefix(file, length) {
    try {
        return new Uint8Array(await file.slice(0, length).arrayBuffer());
    } catch {
        return null;
    }
}

// The four-character code at `at` ('ftyp', 'IHDR', 'VP8X', …).
export function ascii(bytes, at) {
    return String.fromCharCode(...bytes.subarray(at, at + 4));
}
