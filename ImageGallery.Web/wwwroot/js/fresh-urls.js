// Signed image URLs expire (Gallery:ViewUrlLifetime); a page may stay open far longer.
// Images already shown keep their bytes; one that fails to load, and every one not loaded
// yet (lazy tiles further down), gets a fresh URL from the app: on error at once, and on
// a timer a little before any URL the page holds can run out.
// Images take part with data-fresh-url="thumbnail" or "view" (and data-fresh-srcset=
// "viewSrcset" for a srcset) and an id on themselves or an ancestor (data-image-id).

const BATCH = 100;
// One fresh try per image in this time: an image that fails with a fresh URL is really broken.
const RETRY_GAP_MS = 10_000;

export function keepFresh(root) {
    const api = root?.dataset.freshUrlsApi;
    if (!api) return;
    const refreshMs = Number(root.dataset.urlRefreshSeconds) * 1000;
    const token = document.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
    const tried = new WeakMap();
    const pending = new Set();
    let flushing = null;

    document.addEventListener('error', e => {
        const img = e.target;
        if (!(img instanceof HTMLImageElement) || !img.dataset.freshUrl) return;
        if (Date.now() - (tried.get(img) ?? 0) < RETRY_GAP_MS) return;
        tried.set(img, Date.now());
        request(img);
    }, true);

    if (refreshMs > 0) {
        setInterval(() => {
            document.querySelectorAll('img[data-fresh-url]').forEach(img => {
                if (!img.complete || img.naturalWidth === 0) request(img);
            });
        }, refreshMs);
    }

    function request(img) {
        const id = img.dataset.imageId ?? img.closest('[data-image-id]')?.dataset.imageId;
        if (!id) return;
        pending.add(id);
        flushing ??= Promise.resolve().then(flush);
    }

    async function flush() {
        const ids = [...pending];
        pending.clear();
        flushing = null;
        for (let at = 0; at < ids.length; at += BATCH) await refresh(ids.slice(at, at + BATCH));
    }

    async function refresh(ids) {
        let body;
        try {
            const response = await fetch(api, {
                method: 'POST',
                credentials: 'same-origin',
                headers: { 'Accept': 'application/json', 'Content-Type': 'application/json', 'RequestVerificationToken': token },
                body: JSON.stringify({ ids }),
            });
            if (!response.ok) return;
            body = await response.json();
        } catch {
            return;   // offline for now: the timer or the next error tries again
        }
        for (const image of body.images ?? []) {
            document.querySelectorAll(`[data-image-id="${CSS.escape(image.id)}"]`).forEach(holder => {
                const imgs = holder instanceof HTMLImageElement ? [holder] : holder.querySelectorAll('img[data-fresh-url]');
                imgs.forEach(img => {
                    const url = image[img.dataset.freshUrl];
                    const srcset = img.dataset.freshSrcset && image[img.dataset.freshSrcset];
                    // srcset first: with one, the browser loads from it, not from src.
                    if (srcset && img.getAttribute('srcset') !== srcset) img.setAttribute('srcset', srcset);
                    if (url && img.getAttribute('src') !== url) img.setAttribute('src', url);
                });
            });
        }
    }
}
