// The two kinds of request an upload makes, and their failures in plain words:
// the app's JSON API (problem+json errors) and storage's form POST (S3 XML errors).

const MAX_RATE_LIMIT_WAITS = 5;

export class UploadError extends Error {
    // status: the HTTP status that caused it; 0 when nothing answered.
    constructor(message, status = 0) {
        super(message);
        this.status = status;
    }
}

// Storage refused the form because its policy ran out: a fresh form will do.
export class ExpiredFormError extends UploadError {
    constructor() {
        super('The upload form expired. Try again.', 403);
    }
}

// Sends JSON (or nothing) to the app with the antiforgery token, POST unless told
// otherwise. Waits out 429s as told by Retry-After; anything else that is not a JSON
// success (or a 204, which gives null) becomes an UploadError. Without a signal it
// cannot be cancelled; without onWait it waits silently.
export async function callApi(url, body, token, signal = undefined, onWait = () => {}, method = 'POST') {
    for (let waits = 0; ; waits++) {
        let response;
        try {
            response = await fetch(url, {
                method,
                credentials: 'same-origin',
                headers: {
                    'Accept': 'application/json',
                    'RequestVerificationToken': token,
                    ...(body ? { 'Content-Type': 'application/json' } : {}),
                },
                body: body ? JSON.stringify(body) : undefined,
                signal,
            });
        } catch (e) {
            if (e.name === 'AbortError') throw e;
            throw new UploadError('Could not reach the gallery. Check your connection and try again.');
        }
        if (response.status === 429 && waits < MAX_RATE_LIMIT_WAITS) {
            const seconds = retryAfterSeconds(response.headers.get('Retry-After'));
            onWait(seconds);
            await sleep(seconds * 1000, signal);
            continue;
        }
        if (response.status === 204) return null;
        if (response.ok && isJson(response)) return response.json();
        throw await apiError(response);
    }
}

async function apiError(response) {
    // A signed-out person's API call is answered with 401, or redirected to the log-in page.
    if (response.status === 401 || (response.ok && response.redirected))
        return new UploadError('You are signed out. Log in again, then retry.', 401);
    let problem = {};
    if (isJson(response)) {
        try { problem = await response.json(); } catch { problem = {}; }
    }
    const fieldErrors = problem.errors ? Object.values(problem.errors).flat().join(' ') : '';
    const text = fieldErrors || problem.detail || problem.title
        || (response.status === 429 ? 'Too many uploads right now. Try again in a minute.'
            : `The gallery could not take the upload (HTTP ${response.status}).`);
    return new UploadError(text, response.status);
}

function isJson(response) {
    return /\bjson\b/i.test(response.headers.get('Content-Type') ?? '');
}

// Retry-After is either seconds or an HTTP date.
function retryAfterSeconds(value) {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.max(1, Math.ceil(seconds));
    const date = Date.parse(value ?? '');
    return Number.isFinite(date) ? Math.max(1, Math.ceil((date - Date.now()) / 1000)) : 5;
}

export function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new DOMException('Cancelled', 'AbortError'));
        }, { once: true });
    });
}

// How the API is told of the small copies thumbnail.js made (a presign's fields, or a
// large file's declaration): the decoded size, and each copy's type and bytes. Null
// when nothing could be made.
export function copiesRequest(made) {
    const request = {};
    if (made.width && made.height) {
        request.width = made.width;
        request.height = made.height;
    }
    if (made.thumbnail) request.thumbnail = { contentType: made.thumbnail.type, size: made.thumbnail.size };
    if (made.display) request.display = { contentType: made.display.type, size: made.display.size, width: made.displayWidth };
    return Object.keys(request).length ? request : null;
}

// POSTs a presigned form to storage with XMLHttpRequest, the only browser API that
// reports upload progress. onProgress gets the bytes of `blob` sent so far.
export function postToStorage(form, blob, fileName, signal, onProgress) {
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    // Last: S3 ignores every field after the file.
    data.append('file', blob, fileName);
    return sendToStorage('POST', form.url, data, blob.size, signal, onProgress);
}

// PUTs one part of a multipart upload to its signed URL; resolves when stored.
export function putPart(url, blob, signal, onProgress) {
    return sendToStorage('PUT', url, blob, blob.size, signal, onProgress);
}

function sendToStorage(method, url, body, size, signal, onProgress) {
    return new Promise((resolve, reject) => {
        if (signal.aborted) {
            reject(new DOMException('Cancelled', 'AbortError'));
            return;
        }
        const xhr = new XMLHttpRequest();
        const abort = () => xhr.abort();
        signal.addEventListener('abort', abort, { once: true });
        const settle = (fn, value) => {
            signal.removeEventListener('abort', abort);
            fn(value);
        };
        xhr.upload.addEventListener('progress', e => {
            if (e.lengthComputable && e.total > 0) onProgress(Math.round((e.loaded / e.total) * size));
        });
        xhr.addEventListener('load', () => {
            if (xhr.status >= 200 && xhr.status < 300) settle(resolve);
            else settle(reject, storageError(xhr.status, xhr.responseText));
        });
        // A refused CORS check, a dropped connection and a storage that is down all look
        // the same from here: no status at all.
        xhr.addEventListener('error', () => settle(reject, unreachable()));
        xhr.addEventListener('timeout', () => settle(reject, unreachable()));
        xhr.addEventListener('abort', () => settle(reject, new DOMException('Cancelled', 'AbortError')));
        xhr.open(method, url);
        xhr.send(body);
    });
}

function unreachable() {
    return new UploadError('Could not reach storage. Check your connection and try again.');
}

function storageError(status, body) {
    if (status === 0) return unreachable();
    const xml = new DOMParser().parseFromString(body || '<none/>', 'application/xml');
    const code = xml.querySelector('Error > Code')?.textContent.trim() ?? '';
    const message = xml.querySelector('Error > Message')?.textContent.trim() ?? '';
    switch (code) {
        case 'NoSuchUpload':
            return new UploadError('Storage no longer has this upload: it was completed, cancelled or expired.', status);
        case 'AccessDenied':
            return /expired/i.test(message)
                ? new ExpiredFormError()
                : new UploadError('Storage refused the upload: the form does not allow this file.', status);
        case 'EntityTooLarge':
            return new UploadError('Storage refused the file: it is larger than the upload form allows.', status);
        case 'EntityTooSmall':
            return new UploadError('Storage refused the file: it is empty or smaller than announced.', status);
        case 'SignatureDoesNotMatch':
            return new UploadError('Storage refused the upload form: its signature did not match. Try again.', status);
        case 'InvalidPolicyDocument':
        case 'MalformedPOSTRequest':
        case 'InvalidArgument':
            return new UploadError('Storage refused the upload form as malformed. Try again.', status);
        case 'SlowDown':
        case 'ServiceUnavailable':
        case 'InternalError':
            return new UploadError('Storage is busy or unavailable right now. Try again in a moment.', status);
        case 'NoSuchBucket':
            return new UploadError('Storage is not set up for uploads (no such bucket). Tell the site\'s operator.', status);
        default:
            return new UploadError(code
                ? `Storage refused the upload (${code}).`
                : `Storage refused the upload (HTTP ${status}).`, status);
    }
}
