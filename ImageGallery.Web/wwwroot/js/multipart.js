// Large files go up in parts, straight to storage (README "Large files"): the app
// starts an S3 multipart upload and signs a short-lived PUT URL per part; this module
// sends PARTS_IN_FLIGHT parts at a time, retries each with exponential backoff and
// jitter, signs again when a URL expires, and resumes after a reload by asking the
// server which parts storage already holds. The thumbnail and display copy are made
// while the parts go up, and declared when ready. Only the upload id is kept
// (localStorage), never a URL.
import { ExpiredFormError, UploadError, callApi, copiesRequest, postToStorage, putPart, sleep } from './upload-requests.js';

const PARTS_IN_FLIGHT = 4;
const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20000;
// URLs per signing call: each call is a round trip and a few ms of the app's CPU, and a
// URL lives Uploads:FormLifetime (5 min), so 16 parts (256 MiB at 16 MiB) at once are
// used long before they expire unless the link is very slow; an expired one is signed again.
const SIGN_BATCH = 16;
// Sign again a little before a URL runs out, so it cannot expire on the way.
const EXPIRY_MARGIN_MS = 10000;
// S3's smallest part: a file below it is never worth splitting.
const MIN_PART_BYTES = 5 * 1024 * 1024;
const STORE_KEY = 'gallery.unfinishedUploads';

// Above the threshold, or above the single-POST limit, a file goes up in parts.
export function goesInParts(file, settings) {
    return file.size >= MIN_PART_BYTES && (file.size > settings.multipartThreshold || file.size > settings.maxBytes);
}

// Unfinished uploads this browser started: { id, name, size, lastModified }.
export const unfinished = {
    list() {
        try {
            const entries = JSON.parse(localStorage.getItem(STORE_KEY) ?? '[]');
            return Array.isArray(entries) ? entries.filter(e => typeof e?.id === 'string') : [];
        } catch {
            return [];
        }
    },
    find(file) {
        return this.list().find(e => e.name === file.name && e.size === file.size && e.lastModified === file.lastModified);
    },
    remember(file, id) {
        const entries = this.list().filter(e => e.id !== id);
        entries.push({ id, name: file.name, size: file.size, lastModified: file.lastModified });
        save(entries);
    },
    forget(id) {
        save(this.list().filter(e => e.id !== id));
    },
    // The entries whose upload the server still holds open for the signed-in person.
    async stillOpen(settings) {
        const open = await Promise.all(this.list().map(async e => {
            try {
                await callApi(`${settings.multipartUrl}/${encodeURIComponent(e.id)}/parts`, null, settings.token,
                    new AbortController().signal, () => {}, 'GET');
                return e;
            } catch (error) {
                // Another account's, completed, aborted or swept: never offered again.
                if (error instanceof UploadError && [404, 409].includes(error.status)) this.forget(e.id);
                return null;
            }
        }));
        return open.filter(Boolean);
    },
};

function save(entries) {
    try { localStorage.setItem(STORE_KEY, JSON.stringify(entries)); } catch { /* private mode: no resume */ }
}

// Uploads `file` in parts and completes it; returns the new tile's image. `body` starts
// it (name, sniffed type, size, EXIF). `copies` is a promise of the thumbnail and display
// copy (thumbnail.js makeThumbnail): a large file's decode takes as long as a few parts,
// so it runs while they go up, and the copies are declared (and sent) once made. `resumeId`
// continues an upload the server already knows. `onStarted(id)` is told the id once
// there is one; `onProgress(bytes)` the bytes stored so far; `onMessage(text)` what is
// happening. Throws AbortError when `signal` aborts (pause or cancel): the upload stays
// open for a resume.
export async function uploadInParts({ file, body, copies, settings, signal, resumeId, onStarted, onProgress, onMessage }) {
    const base = settings.multipartUrl;
    const api = (url, body, method) => callApi(url, body, settings.token, signal,
        wait => onMessage(`The server is busy; trying again in ${wait} s…`), method);

    let id = resumeId;
    let plan = null;
    const stored = new Map();
    if (id) {
        onMessage('Asking storage which parts it has…');
        try {
            const listed = await api(`${base}/${encodeURIComponent(id)}/parts`, null, 'GET');
            plan = listed;
            for (const p of listed.parts) stored.set(p.partNumber, p.size);
        } catch (e) {
            // Completed meanwhile (409): complete again answers with the tile.
            if (e instanceof UploadError && e.status === 409) return api(`${base}/${encodeURIComponent(id)}/complete`);
            if (!(e instanceof UploadError && e.status === 404)) throw e;
            unfinished.forget(id);
            id = null;
        }
    }
    // The start's answer carries the first part URLs, as a signing answer does.
    let signed = null;
    if (!id) {
        onMessage('Starting the upload…');
        const started = await api(base, body);
        id = started.id;
        plan = started;
        signed = started;
    }
    onStarted(id);

    const sizeOf = n => (n < plan.partCount ? plan.partSize : file.size - plan.partSize * (plan.partCount - 1));
    const missing = [];
    let done = 0;
    for (let n = 1; n <= plan.partCount; n++) {
        if (stored.get(n) === sizeOf(n)) done += sizeOf(n);
        else missing.push(n);
    }
    const inFlight = new Map();
    const report = () => onProgress(done + [...inFlight.values()].reduce((a, b) => a + b, 0));
    report();
    onMessage(stored.size ? `Resuming: ${missing.length} of ${plan.partCount} parts to send…` : 'Uploading…');

    // One failing part stops the others; the parts already stored stay for a resume.
    const stop = new AbortController();
    const abortAll = () => stop.abort();
    signal.addEventListener('abort', abortAll, { once: true });
    const urls = partUrls(id, settings, stop.signal, missing, signed);
    const copiesSent = sendCopies(`${base}/${encodeURIComponent(id)}/variants`, copies, api, stop.signal);
    // Awaited below once the parts are stored; if a part fails first, its abort ends this too.
    copiesSent.catch(() => {});
    const send = async n => {
        const blob = file.slice((n - 1) * plan.partSize, (n - 1) * plan.partSize + sizeOf(n));
        for (let attempt = 1; ; attempt++) {
            try {
                await putPart(await urls.get(n), blob, stop.signal, loaded => { inFlight.set(n, loaded); report(); });
                inFlight.delete(n);
                done += blob.size;
                report();
                return;
            } catch (e) {
                inFlight.delete(n);
                report();
                if (e.name === 'AbortError' || attempt >= MAX_ATTEMPTS || !retryable(e)) throw e;
                // RGW words an expired URL differently from AWS: any 403 is signed again.
                if (e instanceof ExpiredFormError || e.status === 403) urls.expire(n);
                else await sleep(backoff(attempt), stop.signal);
            }
        }
    };
    try {
        await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, missing.length) }, async () => {
            for (let n = urls.next(); n !== undefined; n = urls.next()) await send(n);
        }));
        onMessage('Finishing the thumbnail…');
        await copiesSent;
    } catch (e) {
        stop.abort();
        throw signal.aborted ? new DOMException('Cancelled', 'AbortError') : e;
    } finally {
        signal.removeEventListener('abort', abortAll);
    }

    onMessage('Checking the upload…');
    return api(`${base}/${encodeURIComponent(id)}/complete`);
}

export function abortUpload(id, settings) {
    unfinished.forget(id);
    return callApi(`${settings.multipartUrl}/${encodeURIComponent(id)}`, null, settings.token,
        new AbortController().signal, () => {}, 'DELETE').catch(() => null);
}

// The thumbnail and display copy, once made: declared to the server, which answers a
// form for each, then posted to storage. The tile shows a placeholder without a
// thumbnail, the page the original without a display copy: never worth failing the
// file for, so only an abort gets out of here.
async function sendCopies(url, copies, api, signal) {
    const cancelled = e => e.name === 'AbortError' || signal.aborted;
    let made, forms;
    try {
        made = await copies;
        const request = copiesRequest(made);
        if (!request) return;
        forms = await api(url, request);
    } catch (e) {
        if (cancelled(e)) throw new DOMException('Cancelled', 'AbortError');
        return;
    }
    for (const [blob, form, name] of [[made.thumbnail, forms.thumbnailUpload, 'thumbnail'],
        [made.display, forms.displayUpload, 'display']]) {
        if (!blob || !form) continue;
        try {
            await postToStorage(form, blob, name, signal, () => {});
        } catch (e) {
            if (cancelled(e)) throw new DOMException('Cancelled', 'AbortError');
        }
    }
}

// The queue of parts still to send, and their URLs: the first batch from the start's
// answer (`signed`: { parts, expiresAt }, or null on a resume), then signed a batch at a
// time, the next batch while the parts before it are still going up (so no part waits for
// its URL), and again when one has expired.
function partUrls(id, settings, signal, queue, signed) {
    const urls = new Map();
    const remember = answer => {
        const expiresAt = Date.parse(answer.expiresAt);
        for (const p of answer.parts) urls.set(p.partNumber, { url: p.url, expiresAt });
    };
    if (signed) remember(signed);
    const signing = new Map();
    const sign = numbers => {
        const request = callApi(`${settings.multipartUrl}/${encodeURIComponent(id)}/parts`, { partNumbers: numbers },
            settings.token, signal, () => {}).then(remember)
            .finally(() => numbers.forEach(n => signing.delete(n)));
        numbers.forEach(n => signing.set(n, request));
        return request;
    };
    const fresh = n => urls.has(n) && Date.now() < urls.get(n).expiresAt - EXPIRY_MARGIN_MS;
    const unsigned = () => queue.filter(m => !fresh(m) && !signing.has(m));
    return {
        next: () => queue.shift(),
        expire: n => urls.delete(n),
        async get(n) {
            if (!fresh(n)) await (signing.get(n) ?? sign([n, ...unsigned().slice(0, SIGN_BATCH - 1)]));
            if (!fresh(n)) await sign([n]);
            // A failure here is met again, awaited, by the part that needs the URL.
            if (queue.slice(0, PARTS_IN_FLIGHT).some(m => !fresh(m) && !signing.has(m)))
                sign(unsigned().slice(0, SIGN_BATCH)).catch(() => {});
            return urls.get(n).url;
        },
    };
}

// Worth another try: no answer at all, storage busy, an expired URL, a rate limit.
function retryable(e) {
    return e instanceof UploadError && [0, 403, 429].includes(e.status) || e.status >= 500;
}

// Exponential, with jitter so that parts that failed together do not retry together.
function backoff(attempt) {
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
}
