// HEIC/HEIF decoding for browsers that cannot decode an iPhone photo themselves (all but
// Safari): libheif in WebAssembly, in a Worker (heif-worker.js) so that decoding never
// freezes the page. Imported by decode.js only when such a file is chosen, so no other
// page or file pays for it; the worker is started on first need and kept for the next file.

// A decode that has not answered by then is given up (the worker is replaced): the upload
// goes on without a thumbnail rather than waiting for ever.
const DECODE_TIMEOUT_MS = 120_000;

let worker = null;
let nextId = 0;
const waiting = new Map();

// An ImageData of the file's primary image, the right way round. Throws on anything the
// worker cannot do. `urls`: { decoder, wasm, worker } from #uploader's data- attributes.
export function decodeHeif(file, urls) {
    const w = start(urls.worker);
    const id = nextId++;
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => fail(w, new Error('libheif took too long.')), DECODE_TIMEOUT_MS);
        waiting.set(id, { resolve, reject, timer });
        w.postMessage({ id, file, decoder: urls.decoder, wasm: urls.wasm });
    });
}

function start(url) {
    if (worker) return worker;
    const w = new Worker(url);
    w.onmessage = ({ data }) => {
        const pending = waiting.get(data.id);
        if (!pending) return;
        waiting.delete(data.id);
        clearTimeout(pending.timer);
        if (data.error) pending.reject(new Error(data.error));
        else pending.resolve(new ImageData(new Uint8ClampedArray(data.data), data.width, data.height));
    };
    w.onerror = event => { event.preventDefault(); fail(w, new Error(event.message || 'The HEIF decoder failed.')); };
    return (worker = w);
}

// Everything the worker was given fails; the next file gets a fresh worker.
function fail(w, error) {
    w.terminate();
    if (worker === w) worker = null;
    for (const [id, pending] of waiting) {
        clearTimeout(pending.timer);
        pending.reject(error);
        waiting.delete(id);
    }
}
