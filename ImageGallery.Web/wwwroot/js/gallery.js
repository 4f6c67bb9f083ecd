// The gallery page: signed thumbnail URLs kept fresh while the page stays open, and the
// tile a person came back to (from the image page's "All images" or Escape) focused.
import { keepFresh } from './fresh-urls.js';

const grid = document.getElementById('gallery-grid');
keepFresh(grid);

// The browser focuses a focusable fragment target itself; this covers one that does not.
const tile = location.hash.startsWith('#tile-') ? document.getElementById(location.hash.slice(1)) : null;
if (tile instanceof HTMLAnchorElement && document.activeElement !== tile) tile.focus();
