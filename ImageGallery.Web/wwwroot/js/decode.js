// One decode of a chosen file into pixels, for everything made from it in the browser
// (thumbnail.js), once its header says it can be (pixel-size.js). The browser's own decoder first; for HEIC/HEIF, which only Safari
// decodes, libheif in WebAssembly (heif.js, fetched on first need). `type` is the file's
// sniffed type (upload.js, by the server's table); `heif` says where libheif is
// ({ decoder, wasm, worker } from #uploader's data- attributes, Pages/Shared/_Uploader.cshtml).
import { readPixelSize } from './pixel-size.js';

const HEIF_TYPES = ['image/heic', 'image/heif'];
// Decoded, a pixel takes 4 bytes: 100 megapixels are 400 MB in the tab, and a tab that
// runs out of memory is killed with its uploads. Larger images (and files whose header
// no decoder accepts) are not decoded: they go up without copies, as a placeholder tile.
export const MAX_DECODE_PIXELS = 100_000_000;

// An ImageBitmap the right way up (EXIF orientation, or HEIF's own rotation), or throws:
// the caller goes on without a thumbnail. Never falls back to showing the original.
export async function decodeImage(file, type, heif) {
    const stored = await readPixelSize(file, type);
    if (stored === false) throw new Error('The file\'s header is not one a decoder accepts.');
    if (stored && stored.width * stored.height > MAX_DECODE_PIXELS) throw new Error('Too many pixels to decode here.');
    try {
        return await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch (browserError) {
        if (!HEIF_TYPES.includes(type) || !heif?.decoder || !heif?.wasm || !heif?.worker) throw browserError;
        const { decodeHeif } = await import('./heif.js');
        // Pixels carry no EXIF: libheif's rotation is the only one applied.
        return createImageBitmap(await decodeHeif(file, heif));
    }
}
