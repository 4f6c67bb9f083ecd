// HEIC/HEIF decoding with libheif compiled to WebAssembly (wwwroot/lib/libheif-js), in a
// Worker: a 12-megapixel iPhone photo takes libheif about a second, which on the page's
// own thread froze everything (progress bars, buttons, other files' uploads). heif.js
// starts this once and sends one file at a time: { id, file, decoder, wasm }; the answer
// is { id, width, height, data } with the RGBA pixels' buffer transferred, or { id, error }.
//
// The package's only build with a separate .wasm file is a classic script defining a
// global `libheif` factory, so this is a classic worker that imports it (script-src
// 'self'). The .wasm is compiled once, streamed (served as application/wasm); compiling
// needs 'wasm-unsafe-eval' in the Content-Security-Policy, which the app sends with this
// script too (Hosting/SecurityHeaders.cs).

const START_TIMEOUT_MS = 30_000;

let loading = null;

self.onmessage = async ({ data: { id, file, decoder, wasm } }) => {
    try {
        loading ??= load(decoder, wasm).catch(e => { loading = null; throw e; });
        const { factory, module } = await loading;
        const pixels = await decode(factory, module, new Uint8Array(await file.arrayBuffer()));
        self.postMessage({ id, ...pixels }, [pixels.data]);
    } catch (e) {
        self.postMessage({ id, error: String(e?.message ?? e) });
    }
};

async function load(decoderUrl, wasmUrl) {
    const module = compile(wasmUrl);
    importScripts(decoderUrl);
    if (typeof self.libheif !== 'function') throw new Error('libheif did not load.');
    return { factory: self.libheif, module: await module };
}

async function compile(url) {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`libheif.wasm: ${response.status}`);
    return WebAssembly.compileStreaming
        ? WebAssembly.compileStreaming(response)
        : WebAssembly.compile(await response.arrayBuffer());
}

// The primary image's pixels, rotated and mirrored as the file says (libheif applies the
// irot/imir/clap transforms while decoding), packed row after row: { width, height, data }.
async function decode(factory, module, bytes) {
    // A fresh instance per file: its memory, which grows to hold the whole decoded picture
    // and never shrinks, goes away with it instead of staying for the worker's lifetime.
    const heif = await instantiate(factory, module);
    const images = new heif.HeifDecoder().decode(bytes);
    const primary = images.find(i => i.is_primary()) ?? images[0];
    if (!primary) throw new Error('No image in the HEIF file.');
    const decoded = await heif.heif_js_decode_image2(primary.handle,
        heif.heif_colorspace.heif_colorspace_RGB, heif.heif_chroma.heif_chroma_interleaved_RGBA);
    if (!decoded || decoded.code) throw new Error('The HEIF image could not be decoded.');
    try {
        const channel = decoded.channels.find(c => c.id === heif.heif_channel.heif_channel_interleaved);
        if (!channel) throw new Error('The HEIF image has no RGBA pixels.');
        const { width, height, stride, data } = channel;
        const row = width * 4;
        const packed = new Uint8ClampedArray(row * height);
        if (stride === row) packed.set(data.subarray(0, row * height));
        else for (let y = 0; y < height; y++) packed.set(data.subarray(y * stride, y * stride + row), y * row);
        return { width, height, data: packed.buffer };
    } finally {
        heif.heif_image_release(decoded.image);
    }
}

// Emscripten's instantiateWasm hook hands over the module compiled once, so nothing is
// fetched or compiled again per file.
function instantiate(factory, module) {
    return new Promise((resolve, reject) => {
        const heif = {
            instantiateWasm: (imports, done) => done(new WebAssembly.Instance(module, imports), module),
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
