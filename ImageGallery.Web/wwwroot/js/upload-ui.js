// Small pieces of the uploader's page: the drop zone, buttons and plurals. Sizes and
// type names come formatted from the server (HumanSize, ImageFormats): one rule each.

// Files dropped on `root` go to onFiles; `zone` shows that a drop is welcome.
export function acceptDrops(root, zone, onFiles) {
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
        onFiles(e.dataTransfer.files);
    });
    // A file dropped beside the zone would otherwise make the browser leave the page.
    window.addEventListener('dragover', e => { if (hasFiles(e)) e.preventDefault(); });
    window.addEventListener('drop', e => { if (hasFiles(e)) e.preventDefault(); });
}

export function button(text, label) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-sm btn-outline-secondary';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    return b;
}

export function plural(n, word) { return n === 1 ? word : `${word}s`; }
