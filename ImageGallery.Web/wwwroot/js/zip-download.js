// Downloads a selection or a whole album as one ZIP made in the browser (client-zip):
// the app hands out signed URLs of the originals, and the bytes go from storage to this
// page to the disk, never through the app. Loaded by selection.js only when asked for.
import { downloadZip } from '../lib/client-zip/index.js';
import { humanSize as size } from './human-size.js';
import { callApi } from './upload-requests.js';

// Without the File System Access API the whole ZIP is built in memory as a Blob first:
// memoryLimit (Gallery:ZipMemoryLimitBytes, 2 GiB, from the bar's data- attribute) is
// where this refuses, since beyond it browsers fail or the tab runs out of memory.
export async function downloadAsZip(what, token, panel, say, memoryLimit) {
    let files;
    try {
        files = await list(what, token);
    } catch (err) {
        say(err.message, 'danger');
        return;
    }
    if (files.length === 0) {
        say('None of these images can be downloaded yet.', 'warning');
        return;
    }
    const total = files.reduce((n, f) => n + f.size, 0);
    const zipName = what.album ? `${document.querySelector('h1')?.textContent.trim() || 'album'}.zip` : 'images.zip';

    let sink = null;
    if (typeof window.showSaveFilePicker === 'function') {
        try {
            const handle = await window.showSaveFilePicker({
                suggestedName: zipName,
                types: [{ description: 'ZIP archive', accept: { 'application/zip': ['.zip'] } }],
            });
            sink = await handle.createWritable();
        } catch (err) {
            if (err.name === 'AbortError') return;
            sink = null; // No picker here after all (a headless or locked-down browser): use memory.
        }
    }
    if (!sink) {
        if (total > memoryLimit) {
            say(`This browser cannot write the ZIP straight to disk, so it must hold all of it in memory: at most ${size(memoryLimit)}. ` +
                `These ${files.length} images are ${size(total)}; download fewer at a time.`, 'warning');
            return;
        }
        say(`This browser builds the ZIP in memory before saving it (at most ${size(memoryLimit)}); this one is ${size(total)}.`, 'info');
    }

    const controller = new AbortController();
    const bar = panel.querySelector('progress');
    const status = panel.querySelector('[data-zip-status]');
    const cancel = panel.querySelector('[data-zip-cancel]');
    const onCancel = () => controller.abort();
    cancel.addEventListener('click', onCancel);
    panel.hidden = false;
    let done = 0, current = '', frame = 0;
    // Drawn at most once a frame, not once per chunk: a 1 GB ZIP is thousands of chunks.
    const draw = () => {
        frame = 0;
        bar.value = total ? done / total : 0;
        status.textContent = `${size(done)} of ${size(total)}${current ? `: ${current}` : ''}`;
    };
    const progress = (file) => {
        current = file;
        if (!frame) frame = requestAnimationFrame(draw);
    };
    const counter = (name) => new TransformStream({
        transform(chunk, c) { done += chunk.byteLength; progress(name); c.enqueue(chunk); },
    });
    const names = new Map();
    // The next file's request starts while this one streams into the ZIP, so storage's
    // time to first byte is not paid once per file; one ahead keeps memory to one file.
    const get = (f) => {
        const response = fetch(f.url, { signal: controller.signal, credentials: 'omit' });
        response.catch(() => {}); // Awaited below; a prefetch left behind by an error is not an unhandled rejection.
        return response;
    };
    async function* entries() {
        let next = files.length > 0 ? get(files[0]) : null;
        for (let i = 0; i < files.length; i++) {
            const f = files[i];
            const response = await next;
            next = i + 1 < files.length ? get(files[i + 1]) : null;
            if (!response.ok) throw new Error(`Storage refused ${f.name} (${response.status}).`);
            yield { name: unique(names, f.name), input: response.body.pipeThrough(counter(f.name)), size: f.size };
        }
    }

    try {
        const zip = downloadZip(entries()).body;
        if (sink) {
            await zip.pipeTo(sink, { signal: controller.signal });
        } else {
            const blob = await new Response(zip).blob();
            const link = document.createElement('a');
            link.href = URL.createObjectURL(blob);
            link.download = zipName;
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
        }
        say(`Downloaded ${files.length} ${files.length === 1 ? 'image' : 'images'} (${size(total)}) as ${zipName}.`, 'success');
    } catch (err) {
        say(controller.signal.aborted ? 'Download cancelled.' : `The download failed: ${err.message}`, controller.signal.aborted ? 'info' : 'danger');
        if (sink) await sink.abort().catch(() => {});
    } finally {
        cancelAnimationFrame(frame);
        cancel.removeEventListener('click', onCancel);
        panel.hidden = true;
    }
}

// The signed URLs: a selection in one call (at most 500 ids), an album page by page.
async function list(what, token) {
    if (what.ids) return (await callApi('/api/downloads', { ids: what.ids }, token)).files;
    const files = [];
    let after = null;
    do {
        const url = `/api/downloads/albums/${what.album}${after ? `?after=${after}` : ''}`;
        const page = await callApi(url, null, token);
        files.push(...page.files);
        after = page.next;
    } while (after);
    return files;
}

// Two images called photo.jpg become photo.jpg and photo (2).jpg.
function unique(names, name) {
    const n = (names.get(name) ?? 0) + 1;
    names.set(name, n);
    if (n === 1) return name;
    const dot = name.lastIndexOf('.');
    return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
