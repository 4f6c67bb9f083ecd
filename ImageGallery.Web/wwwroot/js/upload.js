// The gallery page's uploader: image bytes go from this page straight to storage with a
// presigned POST form; the app only signs, records and verifies (see Uploads/).
// Settings come from data- attributes on #uploader (Pages/Shared/_Uploader.cshtml).
import { readExif } from './exif.js';
import { readImageTypes, sniffImageType } from './image-types.js';
import { makeThumbnail } from './thumbnail.js';
import { ExpiredFormError, UploadError, callApi, postToStorage } from './upload-requests.js';

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
        maxThumbnailBytes: Number(root.dataset.maxThumbnailBytes),
        exifReader: root.dataset.exifReader,
        thumbnailSize: Number(root.dataset.thumbnailSize),
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

    const hasFiles = e => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    root.addEventListener('dragover', e => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        zone.classList.add('is-dragover');
    });
    root.addEventListener('dragleave', e => {
        if (!root.contains(e.relatedTarget)) zone.classList.remove('is-dragover');
    });
    root.addEventListener('drop', e => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        zone.classList.remove('is-dragover');
        addFiles(e.dataTransfer.files);
    });
    // A file dropped beside the zone would otherwise make the browser leave the page.
    window.addEventListener('dragover', e => { if (hasFiles(e)) e.preventDefault(); });
    window.addEventListener('drop', e => { if (hasFiles(e)) e.preventDefault(); });

    async function addFiles(files) {
        const added = await Promise.all(Array.from(files ?? []).map(async file => {
            const item = createItem(file);
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

    // The same rules the server applies, checked first so a bad file is never sent. The
    // type is what the file's first bytes say (the name and the browser's guess are only
    // claims), and it is the type the upload is announced as.
    async function refuse(item) {
        const { file } = item;
        if (file.size === 0) return `${file.name} is empty.`;
        if (file.size > settings.maxBytes)
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
        const cancel = button('Cancel', `Cancel ${file.name}`);
        actions.append(retry, cancel);
        const message = document.createElement('p');
        message.className = 'upload-message';
        el.append(label, progress, actions, message);
        list.append(el);

        const item = { file, el, progress, message, retry, cancel, state: 'new', stage: 'upload', form: null, prepared: null };
        retry.addEventListener('click', () => { enqueue(item); pump(); });
        cancel.addEventListener('click', () => cancelItem(item));
        return item;
    }

    function setState(item, state, text) {
        item.state = state;
        item.el.dataset.state = state;
        item.message.textContent = text;
        item.retry.hidden = state !== 'failed';
        item.cancel.hidden = state === 'done';
        item.cancel.textContent = state === 'refused' ? 'Dismiss' : 'Cancel';
        item.cancel.setAttribute('aria-label', `${item.cancel.textContent} ${item.file.name}`);
        item.progress.hidden = state === 'refused';
        if (state === 'done') item.progress.value = item.progress.max;
    }

    function enqueue(item) {
        item.progress.value = 0;
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
            item.prepared ??= await prepare(item);
            if (item.cancelled) return;
            if (item.stage === 'upload') {
                await upload(item, signal);
                item.stage = 'complete';
            }
            item.message.textContent = 'Checking the upload…';
            const image = await callApi(`${settings.presignUrl}/${encodeURIComponent(item.form.id)}/complete`,
                null, settings.token, signal, wait => waitMessage(item, wait));
            insertTile(image);
            setState(item, 'done', 'Uploaded.');
            finished.done++;
            announce(`${item.file.name} uploaded.`);
        } catch (e) {
            if (item.cancelled || e.name === 'AbortError') return;
            // Only a missing server or storage is worth asking "complete" again; anything
            // else (a rejected image, a refused form) starts over with a fresh form.
            if (item.stage === 'upload' || !(e instanceof UploadError && [409, 503, 0].includes(e.status))) {
                item.stage = 'upload';
                item.form = null;
            }
            const text = e instanceof UploadError ? e.message : 'Something went wrong. Try again.';
            setState(item, e instanceof UploadError && PERMANENT_STATUSES.includes(e.status) ? 'refused' : 'failed', text);
            finished.failed.push(item.file.name);
            announce(`${item.file.name} failed: ${text}`);
        }
    }

    // Presigns (again if the form is stale), then posts the original and the thumbnail.
    // A form that storage says has expired is replaced once.
    async function upload(item, signal) {
        const { thumbnail } = item.prepared;
        const total = item.file.size + (thumbnail?.size ?? 0);
        const show = loaded => {
            const percent = Math.min(100, Math.floor((loaded / total) * 100));
            item.progress.value = percent;
            item.message.textContent = `Uploading… ${percent}%`;
        };
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
                show(total);
                return;
            } catch (e) {
                if (!(e instanceof ExpiredFormError) || attempt > 0) throw e;
                item.form = null;
            }
        }
    }

    // The thumbnail and the EXIF facts, both read from the file here, in the browser.
    async function prepare(item) {
        const [prepared, exif] = await Promise.all([
            makeThumbnail(item.file, settings.thumbnailSize, settings.maxThumbnailBytes),
            readExif(item.file, item.contentType, settings.exifReader),
        ]);
        return { ...prepared, exif };
    }

    function presignBody(item) {
        const { file, prepared } = item;
        const body = { fileName: file.name, contentType: item.contentType, size: file.size };
        if (prepared.width && prepared.height) {
            body.width = prepared.width;
            body.height = prepared.height;
        }
        if (prepared.thumbnail) body.thumbnail = { contentType: prepared.thumbnail.type, size: prepared.thumbnail.size };
        if (prepared.exif) body.exif = prepared.exif;
        return body;
    }

    function waitMessage(item, seconds) {
        item.message.textContent = `The server is busy; trying again in ${seconds} s…`;
    }

    // The same markup the gallery page renders (Pages/Shared/_GalleryTile.cshtml); text
    // only ever goes in through textContent and setAttribute.
    function insertTile(image) {
        const grid = document.getElementById('gallery-grid');
        if (!grid || grid.querySelector(`[data-image-id="${CSS.escape(image.id)}"]`)) return;
        const tile = document.createElement('li');
        tile.className = 'tile';
        tile.dataset.imageId = image.id;
        tile.dataset.status = image.status;
        // Under pre-moderation an image awaiting review is not a normal tile: no link,
        // and only a browser-made thumbnail is ever shown, never the original.
        const awaiting = settings.moderation === 'Pre' && image.status === 'AwaitingReview';
        const frame = document.createElement(awaiting ? 'span' : 'a');
        frame.className = awaiting ? 'tile-frame' : 'tile-link';
        frame.id = `tile-${image.id}`;
        if (!awaiting) frame.setAttribute('href', pageUrl(image));
        // No URL means nothing may be shown yet (pre-moderation without a thumbnail).
        if (!image.thumbnailUrl) {
            const placeholder = document.createElement('span');
            placeholder.className = 'tile-placeholder';
            placeholder.textContent = image.fileName;
            frame.append(placeholder);
        } else {
            const img = document.createElement('img');
            const [w, h] = thumbnailBox(image.width, image.height, settings.thumbnailSize);
            img.setAttribute('src', image.thumbnailUrl);
            img.setAttribute('alt', image.caption?.trim() ? image.caption : image.fileName);
            img.setAttribute('loading', 'lazy');
            img.setAttribute('width', String(w));
            img.setAttribute('height', String(h));
            img.dataset.freshUrl = 'thumbnail';
            frame.append(img);
        }
        tile.append(frame);
        if (awaiting) {
            const badge = document.createElement('span');
            badge.className = 'tile-badge';
            badge.textContent = 'Awaiting review';
            tile.append(badge);
        }
        grid.prepend(tile);
        document.querySelectorAll('.gallery-empty').forEach(p => p.remove());
    }
}

function pageUrl(image) {
    const url = String(image.pageUrl ?? '');
    return url.startsWith('/') && !url.startsWith('//') ? url : `/images/${encodeURIComponent(image.id)}`;
}

// The thumbnail's own box, as the server renders it: the aspect ratio is known before
// any byte arrives, so nothing shifts; a square when the size is unknown.
function thumbnailBox(width, height, max) {
    if (!(width > 0 && height > 0)) return [max, max];
    const scale = Math.min(1, max / Math.max(width, height));
    return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

function button(text, label) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-sm btn-outline-secondary';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    return b;
}

function plural(n, word) { return n === 1 ? word : `${word}s`; }
