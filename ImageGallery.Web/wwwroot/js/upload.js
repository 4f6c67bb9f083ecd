// The gallery page's uploader: image bytes go from this page straight to storage with a
// presigned POST form, or for large files in parts (multipart.js); the app only signs,
// records and verifies (see Uploads/).
// Settings come from data- attributes on #uploader (Pages/Shared/_Uploader.cshtml).
import { readExif } from './exif.js';
import { readImageTypes, sniffImageType } from './image-types.js';
import { makeThumbnail } from './thumbnail.js';
import { ExpiredFormError, UploadError, callApi, copiesRequest, postToStorage } from './upload-requests.js';
import { abortUpload, goesInParts, unfinished, uploadInParts } from './multipart.js';
import { insertTile } from './upload-tile.js';
import { acceptDrops, button, plural } from './upload-ui.js';

const MAX_ACTIVE = 3;
// Refusals that will be the same however often the file is sent: no Retry for these.
const PERMANENT_STATUSES = [400, 413, 415, 422];
// Refresh a form a little before it runs out, so it cannot expire on the way.
const EXPIRY_MARGIN_MS = 5000;

const root = document.getElementById('uploader');
if (root) start(root);

function start(root) {
    const settings = {
        presignUrl: root.dataset.presignUrl,
        imageTypes: readImageTypes(root.dataset.imageTypes),
        typeNames: root.dataset.typeNames,
        maxBytes: Number(root.dataset.maxBytes),
        maxBytesText: root.dataset.maxBytesText,
        multipartUrl: root.dataset.multipartUrl,
        multipartThreshold: Number(root.dataset.multipartThreshold),
        maxMultipartBytes: Number(root.dataset.maxMultipartBytes),
        maxThumbnailBytes: Number(root.dataset.maxThumbnailBytes),
        exifReader: root.dataset.exifReader,
        thumbnailSize: Number(root.dataset.thumbnailSize),
        display: { size: Number(root.dataset.displaySize), maxBytes: Number(root.dataset.maxDisplayBytes) },
        heif: { decoder: root.dataset.heifDecoder, wasm: root.dataset.heifWasm, worker: root.dataset.heifWorker },
        moderation: root.dataset.moderation,
        token: document.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '',
    };
    const input = root.querySelector('#upload-input');
    const zone = root.querySelector('#drop-zone');
    const list = root.querySelector('#upload-queue');
    const status = root.querySelector('#upload-status');
    const waiting = [];
    let active = 0;
    let nextId = 0;
    let finished = { done: 0, failed: [] };

    const announce = text => { status.textContent = text; };

    input.addEventListener('change', () => {
        addFiles(input.files);
        // Lets the same file be chosen again after a cancel or failure.
        input.value = '';
    });

    acceptDrops(root, zone, addFiles);

    // Large uploads this browser left unfinished (a reload, a closed tab): offered for
    // resuming once the person chooses the same file again (the page cannot reopen it).
    // Only those the server still has for this person are offered; the rest are forgotten.
    unfinished.stillOpen(settings).then(entries => entries.forEach(entry => {
        if (items().some(i => i.uploadId === entry.id)) return;
        const item = createItem(entry);
        item.uploadId = entry.id;
        setState(item, 'interrupted', `Interrupted. Choose ${entry.name} again to resume it, or discard it.`);
    }));

    async function addFiles(files) {
        const added = await Promise.all(Array.from(files ?? []).map(async file => {
            const offer = unfinished.find(file);
            const interrupted = offer && items().find(i => i.state === 'interrupted' && i.uploadId === offer.id);
            const item = interrupted ?? createItem(file);
            item.file = file;
            setState(item, 'checking', 'Checking…');
            const refusal = await refuse(item);
            if (item.cancelled) return item;
            if (refusal) setState(item, 'refused', refusal);
            else enqueue(item);
            return item;
        }));
        const queued = added.filter(i => i.state === 'queued').length;
        const refused = added.length - queued;
        announce([queued && `${queued} ${plural(queued, 'file')} queued for upload.`,
                  refused && `${refused} ${plural(refused, 'file')} refused.`].filter(Boolean).join(' '));
        pump();
    }

    const items = () => Array.from(list.children).map(el => el.item).filter(Boolean);

    // The same rules the server applies, checked first so a bad file is never sent. The
    // type is what the file's first bytes say (the name and the browser's guess are only
    // claims), and it is the type the upload is announced as. Files above the single-POST
    // limit go up in parts, so the limit a person meets is the larger one (maxBytesText).
    async function refuse(item) {
        const { file } = item;
        if (file.size === 0) return `${file.name} is empty.`;
        if (file.size > (goesInParts(file, settings) ? settings.maxMultipartBytes : settings.maxBytes))
            return `${file.name} is larger than the limit of ${settings.maxBytesText}.`;
        const type = await sniffImageType(file, settings.imageTypes);
        if (!type) {
            return settings.imageTypes.some(t => t.type === file.type)
                ? `${file.name} is not really an image: its contents are not ${settings.typeNames}.`
                : `${file.name} is not an image type the gallery accepts (${settings.typeNames}).`;
        }
        item.contentType = type;
        return null;
    }

    function createItem(file) {
        const id = `upload-progress-${nextId++}`;
        const el = document.createElement('li');
        el.className = 'upload-item';
        const label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = file.name;
        const progress = document.createElement('progress');
        progress.id = id;
        progress.max = 100;
        progress.value = 0;
        const actions = document.createElement('div');
        actions.className = 'upload-actions';
        const retry = button('Retry', `Retry ${file.name}`);
        const pause = button('Pause', `Pause ${file.name}`);
        const cancel = button('Cancel', `Cancel ${file.name}`);
        actions.append(retry, pause, cancel);
        const message = document.createElement('p');
        message.className = 'upload-message';
        el.append(label, progress, actions, message);
        list.append(el);

        const item = { file, el, progress, message, retry, pause, cancel, state: 'new', stage: 'upload', form: null, prepared: null };
        el.item = item;
        retry.addEventListener('click', () => { enqueue(item); pump(); });
        pause.addEventListener('click', () => {
            if (item.state === 'paused') {
                enqueue(item);
                pump();
            } else {
                item.paused = true;
                item.controller?.abort();
            }
        });
        cancel.addEventListener('click', () => cancelItem(item));
        return item;
    }

    function setState(item, state, text) {
        item.state = state;
        item.el.dataset.state = state;
        item.message.textContent = text;
        item.retry.hidden = state !== 'failed';
        item.pause.hidden = !(state === 'paused' || (state === 'working' && item.inParts));
        item.pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
        item.pause.setAttribute('aria-label', `${item.pause.textContent} ${item.file.name}`);
        item.cancel.hidden = state === 'done';
        item.cancel.textContent = state === 'refused' ? 'Dismiss' : state === 'interrupted' ? 'Discard' : 'Cancel';
        item.cancel.setAttribute('aria-label', `${item.cancel.textContent} ${item.file.name}`);
        item.progress.hidden = state === 'refused' || state === 'interrupted';
        if (state === 'done') item.progress.value = item.progress.max;
    }

    function enqueue(item) {
        item.paused = false;
        if (item.state !== 'paused') item.progress.value = 0;
        setState(item, 'queued', 'Waiting…');
        waiting.push(item);
    }

    function pump() {
        while (active < MAX_ACTIVE && waiting.length > 0) {
            const item = waiting.shift();
            active++;
            run(item).finally(() => {
                active--;
                pump();
                if (active === 0 && waiting.length === 0) summarize();
            });
        }
    }

    // Once the queue drains, one line for the whole batch; a single file's own
    // announcement (with its reason) is left standing.
    function summarize() {
        const { done, failed } = finished;
        finished = { done: 0, failed: [] };
        if (done + failed.length < 2) return;
        announce(`Uploads finished: ${done} uploaded` +
            (failed.length ? `, ${failed.length} failed (${failed.join(', ')}).` : '.'));
    }

    function cancelItem(item) {
        item.cancelled = true;
        item.controller?.abort();
        // Cancelling a large upload aborts it in storage: its parts and record go.
        if (item.uploadId) abortUpload(item.uploadId, settings);
        const at = waiting.indexOf(item);
        if (at >= 0) waiting.splice(at, 1);
        item.el.remove();
        announce(`${item.file.name} ${item.state === 'refused' ? 'dismissed' : 'cancelled'}.`);
        input.focus();
    }

    async function run(item) {
        item.controller = new AbortController();
        const signal = item.controller.signal;
        setState(item, 'working', 'Preparing…');
        try {
            // The copies and the EXIF facts are read from the file at once, side by side;
            // a large file starts with the facts, its copies follow while its parts go up.
            item.copies ??= makeCopies(item);
            item.facts ??= readExif(item.file, item.contentType, settings.exifReader);
            item.exif = await item.facts;
            if (item.cancelled) return;
            if (goesInParts(item.file, settings)) return await runInParts(item, signal);
            item.prepared ??= await item.copies;
            if (item.cancelled) return;
            if (item.stage === 'upload') {
                await upload(item, signal);
                item.stage = 'complete';
            }
            item.message.textContent = 'Checking the upload…';
            const image = await callApi(`${settings.presignUrl}/${encodeURIComponent(item.form.id)}/complete`,
                null, settings.token, signal, wait => waitMessage(item, wait));
            uploaded(item, image);
        } catch (e) {
            if (item.cancelled) return;
            if (e.name === 'AbortError') {
                if (item.paused) setState(item, 'paused', `Paused at ${item.progress.value}%.`);
                return;
            }
            // Only a missing server or storage is worth asking "complete" again; anything
            // else (a rejected image, a refused form) starts over with a fresh form.
            if (item.stage === 'upload' || !(e instanceof UploadError && [409, 503, 0].includes(e.status))) {
                item.stage = 'upload';
                item.form = null;
            }
            // A refused or vanished large upload starts over; anything else resumes on Retry.
            if (item.uploadId && e instanceof UploadError && [404, 409, 422].includes(e.status)) {
                unfinished.forget(item.uploadId);
                item.uploadId = null;
            }
            const text = e instanceof UploadError ? e.message : 'Something went wrong. Try again.';
            setState(item, e instanceof UploadError && PERMANENT_STATUSES.includes(e.status) ? 'refused' : 'failed', text);
            finished.failed.push(item.file.name);
            announce(`${item.file.name} failed: ${text}`);
        }
    }

    function uploaded(item, image) {
        insertTile(image, settings);
        setState(item, 'done', 'Uploaded.');
        finished.done++;
        announce(`${item.file.name} uploaded.`);
    }

    // A large file: one bar for all its parts; pause keeps the stored parts for a resume.
    // Its thumbnail and display copy are made while the parts go up.
    async function runInParts(item, signal) {
        item.inParts = true;
        setState(item, 'working', 'Preparing…');
        const image = await uploadInParts({
            file: item.file, body: presignBody(item), copies: item.copies, settings, signal, resumeId: item.uploadId,
            onStarted: id => { item.uploadId = id; unfinished.remember(item.file, id); },
            // Never backwards: a part that failed halfway is sent again from its start.
            onProgress: bytes => showPercent(item,
                Math.max(item.progress.value, Math.min(100, Math.floor((bytes / item.file.size) * 100)))),
            onMessage: text => { item.message.textContent = text; },
        });
        unfinished.forget(item.uploadId);
        item.uploadId = null;
        uploaded(item, image);
    }

    // Presigns (again if the form is stale), then posts the original, the thumbnail and
    // the display copy. A form that storage says has expired is replaced once.
    async function upload(item, signal) {
        const { thumbnail, display } = item.prepared;
        const total = item.file.size + (thumbnail?.size ?? 0) + (display?.size ?? 0);
        const show = loaded => showPercent(item, Math.min(100, Math.floor((loaded / total) * 100)));
        for (let attempt = 0; ; attempt++) {
            if (!item.form || Date.now() > Date.parse(item.form.expiresAt) - EXPIRY_MARGIN_MS) {
                item.message.textContent = 'Asking for an upload form…';
                item.form = await callApi(settings.presignUrl, presignBody(item), settings.token, signal,
                    wait => waitMessage(item, wait));
            }
            try {
                await postToStorage(item.form.upload, item.file, item.file.name, signal, show);
                if (thumbnail && item.form.thumbnailUpload) {
                    await postToStorage(item.form.thumbnailUpload, thumbnail, 'thumbnail', signal,
                        loaded => show(item.file.size + loaded));
                }
                if (display && item.form.displayUpload) {
                    await postToStorage(item.form.displayUpload, display, 'display', signal,
                        loaded => show(item.file.size + (thumbnail?.size ?? 0) + loaded));
                }
                show(total);
                return;
            } catch (e) {
                if (!(e instanceof ExpiredFormError) || attempt > 0) throw e;
                item.form = null;
            }
        }
    }

    // The thumbnail and the display copy, made from the file here, in the browser.
    // Never rejects: see makeThumbnail.
    function makeCopies(item) {
        return makeThumbnail(item.file, item.contentType, settings.thumbnailSize, settings.maxThumbnailBytes,
            settings.display, settings.heif);
    }

    // A presign's body; a large file's start has no copies yet (item.prepared unset).
    function presignBody(item) {
        const { file } = item;
        const body = { fileName: file.name, contentType: item.contentType, size: file.size };
        if (item.prepared) Object.assign(body, copiesRequest(item.prepared));
        if (item.exif) body.exif = item.exif;
        return body;
    }

    // The bar and its words are touched only when the whole percent changes: parts in
    // flight report progress many times a second, and every new message lays the page out
    // again, on the same cores the upload needs. At 100% the next step says what it is doing.
    function showPercent(item, percent) {
        if (item.progress.value !== percent) item.progress.value = percent;
        const text = `Uploading… ${percent}%`;
        if (percent < 100 && item.message.textContent !== text) item.message.textContent = text;
    }

    function waitMessage(item, seconds) {
        item.message.textContent = `The server is busy; trying again in ${seconds} s…`;
    }
}
