// The tile an upload adds to the gallery without a reload: the same markup the gallery
// page renders (Pages/Shared/_GalleryTile.cshtml); text only ever goes in through
// textContent and setAttribute.

// Where it goes: under a "Just uploaded" heading at the top of the grid, newest first,
// not in its month. The grid is ordered by date taken, so a photo taken years ago belongs
// far down the page, or on a page not shown at all: filed there, it would seem to vanish
// the moment it finished. People look for what they just added where they added it; on
// the next load it sits in its month like every other tile.
// settings: { moderation, thumbnailSize }.
export function insertTile(image, settings) {
    const grid = document.getElementById('gallery-grid');
    if (!grid || grid.querySelector(`[data-image-id="${CSS.escape(image.id)}"]`)) return;
    const tile = document.createElement('li');
    tile.className = 'tile';
    tile.dataset.imageId = image.id;
    tile.dataset.status = image.status;
    // Selectable at once, like the page's own tiles (Components/SelectionBar's form).
    const check = document.createElement('input');
    check.type = 'checkbox';
    check.className = 'tile-check form-check-input';
    check.id = `select-${image.id}`;
    check.name = 'ids';
    check.value = image.id;
    check.setAttribute('form', 'selection-form');
    const checkLabel = document.createElement('label');
    checkLabel.className = 'visually-hidden';
    checkLabel.htmlFor = check.id;
    checkLabel.textContent = `Select ${image.fileName}`;
    tile.append(check, checkLabel);
    // Under pre-moderation an image awaiting review is not a normal tile: no link,
    // and only a browser-made thumbnail is ever shown, never the original.
    const awaiting = settings.moderation === 'Pre' && image.status === 'AwaitingReview';
    const frame = document.createElement(awaiting ? 'span' : 'a');
    frame.className = awaiting ? 'tile-frame' : 'tile-link';
    frame.id = `tile-${image.id}`;
    if (!awaiting) frame.setAttribute('href', pageUrl(image));
    // No URL means nothing may be shown (pre-moderation without a thumbnail, or a large
    // file without one: its original is never a tile).
    if (!image.thumbnailUrl) {
        const placeholder = document.createElement('span');
        placeholder.className = 'tile-placeholder';
        const label = document.createElement('span');
        label.className = 'tile-placeholder-label';
        label.textContent = 'No preview';
        placeholder.append(label, image.fileName);
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
    justUploaded(grid).after(tile);
    document.querySelectorAll('.gallery-empty').forEach(p => p.remove());
}

// The "Just uploaded" heading, first in the grid; made on the first upload.
function justUploaded(grid) {
    let heading = grid.querySelector(':scope > .gallery-just-uploaded');
    if (!heading) {
        heading = document.createElement('li');
        heading.className = 'gallery-month gallery-just-uploaded';
        const h2 = document.createElement('h2');
        h2.className = 'h6';
        h2.textContent = 'Just uploaded';
        heading.append(h2);
        grid.prepend(heading);
    }
    return heading;
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
