// HEIC/HEIF decoding with libheif compiled to WebAssembly (wwwroot/lib/libheif-js), for
// browsers that cannot decode an iPhone photo themselves (all but Safari). Imported by
// decode.js only when such a file is chosen, so no other page or file pays for it.
//
// The package's only build with a separate .wasm file is a classic script that defines a
// global `libheif` factory (its ES-module build carries the .wasm inlined as base64, half
// again as large). So it is added as a <script> (script-src 'self'), and the .wasm is
// compiled here once, streamed (the app serves it as application/wasm); compiling needs
// 'wasm-unsafe-eval' in the Content-Security-Policy (Hosting/SecurityHeaders.cs).

const START_TIMEOUT_MS = 30_000;

let loading = null;

// An ImageData of the file's primary image, rotated and mirrored as the file says (libheif
// applies the irot/imir/clap transforms while decoding). Throws on anything it cannot do.
export async function decodeHeif(file, scriptUrl, wasmUrl) {
    loading ??= load(scriptUrl, wasmUrl).catch(e => { loading = null; throw e; });
    const { factory, wasm } = await loading;
    const bytes = new Uint8Array(await file.arrayBuffer());
    // A fresh instance per file: its memory, which grows to hold the whole decoded picture
    // and never shrinks, goes away with it instead of staying for the page's lifetime.
    const heif = await instantiate(factory, wasm);
    const images = new heif.HeifDecoder().decode(bytes);
    const primary = images.find(i => i.is_primary()) ?? images[0];
    if (!primary) throw new Error('No image in the HEIF file.');
    // What HeifImage.display() does, but awaited, so a failure rejects instead of being
    // thrown from a timer where no one can catch it.
    const decoded = await heif.heif_js_decode_image2(primary.handle,
        heif.heif_colorspace.heif_colorspace_RGB, heif.heif_chroma.heif_chroma_interleaved_RGBA);
    if (!decoded || decoded.code) throw new Error('The HEIF image could not be decoded.');
    try {
        const channel = decoded.channels.find(c => c.id === heif.heif_channel.heif_channel_interleaved);
        if (!channel) throw new Error('The HEIF image has no RGBA pixels.');
        return toImageData(channel);
    } finally {
        heif.heif_image_release(decoded.image);
    }
}

function toImageData({ width, height, stride, data }) {
    const pixels = new ImageData(width, height);
    const row = width * 4;
    if (stride === row) pixels.data.set(data.subarray(0, row * height));
    else for (let y = 0; y < height; y++) pixels.data.set(data.subarray(y * stride, y * stride + row), y * row);
    return pixels;
}

async function load(scriptUrl, wasmUrl) {
    const [factory, wasm] = await Promise.all([script(scriptUrl), compile(wasmUrl)]);
    return { factory, wasm };
}

function script(url) {
    return new Promise((resolve, reject) => {
        const tag = Object.assign(document.createElement('script'), { src: url, async: true });
        tag.addEventListener('load', () =>
            typeof globalThis.libheif === 'function' ? resolve(globalThis.libheif) : reject(new Error('libheif did not load.')));
        tag.addEventListener('error', () => reject(new Error('libheif could not be fetched.')));
        document.head.append(tag);
    });
}

async function compile(url) {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`libheif.wasm: ${response.status}`);
    return WebAssembly.compileStreaming
        ? WebAssembly.compileStreaming(response)
        : WebAssembly.compile(await response.arrayBuffer());
}

// Emscripten's instantiateWasm hook hands over the module compiled once, so nothing is
// fetched or compiled again per file. This build instantiates synchronously (the hook must
// return the exports), which a compiled module of this size may do on the main thread.
// The factory fills in and keeps the object it is given.
function instantiate(factory, wasm) {
    return new Promise((resolve, reject) => {
        const heif = {
            instantiateWasm: (imports, done) => done(new WebAssembly.Instance(wasm, imports), wasm),
            // The factory attaches HeifDecoder after the runtime starts: resolve once it has returned.
            onRuntimeInitialized: () => queueMicrotask(() => resolve(heif)),
            onAbort: reason => reject(new Error(`libheif stopped: ${reason}`)),
            print: () => {},
            printErr: () => {},
        };
        factory(heif);
        // Started, or it never will be: a hung start must not hold the upload forever.
        setTimeout(() => reject(new Error('libheif did not start.')), START_TIMEOUT_MS);
    });
}
