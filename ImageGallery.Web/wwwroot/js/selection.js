// Select mode for the gallery, album and search pages (Components/SelectionBar). The
// checkboxes are real form fields of #selection-form, so without this module the bar's
// buttons still post the ticked ids. This adds: opening the bar in place, shift-click
// ranges, select all on this page, the live count, moving to the trash with Undo, and
// the ZIP download (zip-download.js, loaded only when asked for).
import { callApi } from './upload-requests.js';

const root = document.querySelector('[data-selection]');
if (root) start(root);

function start(root) {
    const form = root.querySelector('#selection-form');
    const toggle = root.querySelector('[data-selection-toggle]');
    const count = root.querySelector('[data-selection-count]');
    const token = form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
    const boxes = () => [...document.querySelectorAll('input.tile-check[form="selection-form"]')];
    const selected = () => boxes().filter(b => b.checked);
    let last = null;

    for (const el of root.querySelectorAll('[data-select-all], [data-select-none], [data-zip]')) el.hidden = false;
    for (const el of document.querySelectorAll('[data-zip-album]')) {
        el.hidden = false;
        el.addEventListener('click', () => zip({ album: el.dataset.zipAlbum }));
    }

    const setOpen = open => {
        form.hidden = !open;
        toggle.textContent = open ? 'Done selecting' : 'Select';
        if (!open) for (const b of boxes()) b.checked = false;
        update();
    };
    toggle.addEventListener('click', e => {
        e.preventDefault();
        setOpen(form.hidden);
        if (!form.hidden) boxes()[0]?.focus();
    });

    function update() {
        const n = selected().length;
        count.textContent = n === 0 ? 'Tick images to select them.' : n === 1 ? '1 selected' : `${n} selected`;
        for (const b of form.querySelectorAll('[data-action], [data-zip]')) b.disabled = n === 0;
    }

    // Shift-click (or shift+space) sets everything between the last box and this one alike.
    document.addEventListener('click', e => {
        const box = e.target.closest?.('input.tile-check');
        if (!box) return;
        const all = boxes();
        if (e.shiftKey && last && all.includes(last)) {
            const [a, b] = [all.indexOf(last), all.indexOf(box)].sort((x, y) => x - y);
            for (const other of all.slice(a, b + 1)) other.checked = box.checked;
        }
        last = box;
        update();
    });

    // While selecting, a click on a tile selects it instead of opening it.
    document.addEventListener('click', e => {
        const link = e.target.closest?.('.tile .tile-link');
        if (!link || form.hidden) return;
        e.preventDefault();
        const box = link.closest('.tile').querySelector('input.tile-check');
        // A dispatched click toggles the box like a real one, and carries the shift key.
        box?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, shiftKey: e.shiftKey }));
    });

    root.querySelector('[data-select-all]').addEventListener('click', () => { for (const b of boxes()) b.checked = true; update(); });
    root.querySelector('[data-select-none]').addEventListener('click', () => { for (const b of boxes()) b.checked = false; update(); });

    form.addEventListener('submit', async e => {
        if (e.submitter?.dataset.action !== 'trash') return;
        e.preventDefault();
        const ids = selected().map(b => b.value);
        try {
            await callApi('/api/images/trash', { ids }, token);
        } catch (err) {
            say(err.message, 'danger');
            return;
        }
        for (const b of selected()) b.closest('.tile')?.remove();
        update();
        say(ids.length === 1 ? 'Moved to the trash.' : `${ids.length} images moved to the trash.`, 'success', async () => {
            try {
                await callApi('/api/trash/restore', { ids }, token);
                location.reload();
            } catch (err) {
                say(err.message, 'danger');
            }
        });
    });

    root.querySelector('[data-zip]').addEventListener('click', () => zip({ ids: selected().map(b => b.value) }));

    async function zip(what) {
        const { downloadAsZip } = await import('./zip-download.js');
        await downloadAsZip(what, token, root.querySelector('[data-zip-progress]'), say, Number(root.dataset.zipMemoryLimit));
    }

    // One status line above the bar; with an Undo button when given one.
    function say(text, kind, undo) {
        root.querySelector('.selection-message')?.remove();
        const box = document.createElement('div');
        box.className = `alert alert-${kind} selection-message`;
        box.setAttribute('role', kind === 'danger' ? 'alert' : 'status');
        const span = document.createElement('span');
        span.textContent = text;
        box.append(span);
        if (undo) {
            const button = document.createElement('button');
            button.type = 'button';
            button.className = 'btn btn-sm btn-outline-success';
            button.textContent = 'Undo';
            button.addEventListener('click', () => { button.disabled = true; undo(); });
            box.append(' ', button);
        }
        root.prepend(box);
    }

    update();
}
