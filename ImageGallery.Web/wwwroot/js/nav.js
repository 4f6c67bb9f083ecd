// The main navigation's menu button on narrow screens: Bootstrap's collapse markup and
// classes, without Bootstrap's script (this is all of it that the layout uses).
const toggle = document.getElementById('nav-toggle');
const menu = toggle && document.getElementById(toggle.getAttribute('aria-controls'));

if (toggle && menu) {
    const setOpen = open => {
        menu.classList.toggle('show', open);
        toggle.setAttribute('aria-expanded', String(open));
    };
    toggle.addEventListener('click', () => setOpen(!menu.classList.contains('show')));
    // Escape closes an open menu and gives the focus back to its button.
    menu.addEventListener('keydown', e => {
        if (e.key === 'Escape' && menu.classList.contains('show')) {
            setOpen(false);
            toggle.focus();
        }
    });
}
