// One decode of a chosen file into pixels, for everything made from it in the browser
// (thumbnail.js). The browser's own decoder first; for HEIC/HEIF, which only Safari
// decodes, libheif in WebAssembly (heif.js, fetched on first need). `type` is the file's
// sniffed type (upload.js, by the server's table); `heif` says where libheif is
// ({ decoder, wasm } from #uploader's data- attributes, Pages/Shared/_Uploader.cshtml).
const HEIF_TYPES = ['image/heic', 'image/heif'];

// An ImageBitmap the right way up (EXIF orientation, or HEIF's own rotation), or throws:
// the caller goes on without a thumbnail. Never falls back to showing the original.
export async function decodeImage(file, type, heif) {
    try {
        return await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch (browserError) {
        if (!HEIF_TYPES.includes(type) || !heif?.decoder || !heif?.wasm) throw browserError;
        const { decodeHeif } = await import('./heif.js');
        // Pixels carry no EXIF: libheif's rotation is the only one applied.
        return createImageBitmap(await decodeHeif(file, heif.decoder, heif.wasm));
    }
}
