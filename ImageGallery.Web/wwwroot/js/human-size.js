// The browser's copy of Gallery/HumanSize.cs (same units and rounding; HumanSizeInBrowserTests
// checks they agree), for sizes only the browser knows (ZIP progress), so sizes read
// the same in pages and in messages made here: 5323 -> "5.2 KB".
const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

export function humanSize(bytes) {
    if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
    let value = bytes, unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) { value /= 1024; unit++; }
    const shown = value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
    return `${shown} ${UNITS[unit]}`;
}
