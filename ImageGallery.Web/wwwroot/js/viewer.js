// The image page as a viewer: ← and → follow the page's own previous/next links, Escape
// its link back to the grid (at this image's tile); the next image is fetched ahead.
// Every move is a plain link, so all of it works without this script too.
import { keepFresh } from './fresh-urls.js';

const nav = document.getElementById('viewer-nav');
if (nav) {
    keepFresh(nav);

    const keys = { ArrowLeft: 'viewer-previous', ArrowRight: 'viewer-next', Escape: 'viewer-grid' };
    document.addEventListener('keydown', e => {
        if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
        // Typing in the caption (or any field) keeps its keys.
        if (e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]')) return;
        const link = keys[e.key] && document.getElementById(keys[e.key]);
        if (!link) return;
        e.preventDefault();
        location.assign(link.href);
    });

    // The same src, srcset and sizes as the next page's <img>, so the browser picks (and
    // caches) the very copy that page will show: usually the display copy.
    const preload = nav.dataset.preload;
    if (preload) {
        const img = new Image();
        img.decoding = 'async';
        if (nav.dataset.preloadSrcset) {
            img.sizes = nav.dataset.preloadSizes;
            img.srcset = nav.dataset.preloadSrcset;
        }
        img.src = preload;
    }
}
