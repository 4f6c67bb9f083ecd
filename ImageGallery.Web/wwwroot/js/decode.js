// One decode of a chosen file into pixels, for everything made from it in the browser
// (thumbnail.js). The browser's own decoder first; for HEIC/HEIF, which only Safari
// decodes, libheif in WebAssembly (heif.js, fetched on first need). Where to find libheif
// and the image-type table come from data- attributes on #uploader
// (Pages/Shared/_Uploader.cshtml).
import { readImageTypes, sniffImageType } from './image-types.js';

const HEIF_TYPES = ['image/heic', 'image/heif'];

// An ImageBitmap the right way up (EXIF orientation, or HEIF's own rotation), or throws:
// the caller goes on without a thumbnail. Never falls back to showing the original.
export async function decodeImage(file) {
    try {
        return await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch (browserError) {
        const settings = document.getElementById('uploader')?.dataset ?? {};
        const heifTypes = readImageTypes(settings.imageTypes).filter(t => HEIF_TYPES.includes(t.type));
        if (!settings.heifDecoder || !settings.heifWasm || !(await sniffImageType(file, heifTypes))) throw browserError;
        const { decodeHeif } = await import('./heif.js');
        // Pixels carry no EXIF: libheif's rotation is the only one applied.
        return createImageBitmap(await decodeHeif(file, settings.heifDecoder, settings.heifWasm));
    }
}
