// Building blocks every console page shares: elements, the confirmation dialog, the page frame.
import {session, signOut} from './api.js';

/**
 * Creates an element. attrs: "class", plain attributes (true → present, false/null/undefined → absent),
 * "on<event>" functions as listeners, "dataset" an object. children: nodes, strings, numbers, arrays, null.
 */
export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined || v === false) continue;
        if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
        else if (k === 'dataset') Object.assign(el.dataset, v);
        else if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
        else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const c of children) {
        if (c === null || c === undefined || c === false) continue;
        if (Array.isArray(c)) append(el, c);
        else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
}

/** A local clock time, e.g. "14:03:07", with the date when it is not today. */
export function fmtTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    const time = d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
    return d.toDateString() === new Date().toDateString() ? time : d.toLocaleDateString() + ' ' + time;
}

let announcer = null;

/** Says something to screen readers politely (a command's answer), without moving focus. */
export function announce(text) {
    if (!announcer) {
        announcer = h('div', {class: 'sr-only', 'aria-live': 'polite'});
        document.body.append(announcer);
    }
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = text; }, 50);
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Asks before an action. A modal <dialog> (focus kept inside, Escape or Cancel → false) with a heading
 * (title), a line of detail, optional extra content (form controls the caller reads afterwards), and the
 * confirm button (confirmLabel; red when danger, and focus then starts on Cancel unless validate is given).
 * validate(), if given, returns an error text to show instead of closing.
 * Resolves true only when confirmed.
 */
export function confirmAction({title, detail, confirmLabel, cancelLabel = 'Cancel', danger = false, content = null, validate = null}) {
    return new Promise(resolve => {
        const id = 'dlg-' + Math.random().toString(36).slice(2);
        const error = h('p', {class: 'dialog-error', 'aria-live': 'assertive'});
        const cancel = h('button', {type: 'button', class: 'btn'}, cancelLabel);
        const confirm = h('button', {type: 'submit', class: ['btn', danger ? 'btn-danger' : 'btn-primary']}, confirmLabel);
        const form = h('form', {class: 'dialog-form', novalidate: true},
            h('h2', {id: id + '-title'}, title),
            detail ? h('p', {id: id + '-detail'}, detail) : null,
            content,
            error,
            h('div', {class: 'dialog-actions'}, cancel, confirm));
        const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': id + '-title', 'aria-describedby': detail ? id + '-detail' : null}, form);
        let answered = false;
        const opener = document.activeElement;
        const done = ok => {
            if (answered) return;
            answered = true;
            dialog.close();
            dialog.remove();
            // Back to the button that opened it now, before the caller runs: a caller that then moves the focus
            // (to the report a lockdown start opens) is not overridden by a later close event.
            if (opener && opener.isConnected) opener.focus();
            resolve(ok);
        };
        form.addEventListener('submit', e => {
            e.preventDefault();
            const problem = validate ? validate() : null;
            if (problem) {
                error.textContent = problem;
                return;
            }
            done(true);
        });
        cancel.addEventListener('click', () => done(false));
        dialog.addEventListener('cancel', e => {
            e.preventDefault();
            done(false);
        });
        dialog.addEventListener('keydown', e => {
            if (e.key !== 'Tab') return;
            const items = [...dialog.querySelectorAll(FOCUSABLE)].filter(el => el.offsetParent !== null);
            if (items.length === 0) return;
            const first = items[0];
            const last = items[items.length - 1];
            if (e.shiftKey && document.activeElement === first) {
                e.preventDefault();
                last.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
                e.preventDefault();
                first.focus();
            }
        });
        document.body.append(dialog);
        dialog.showModal();
        const firstControl = content && content.querySelector ? content.querySelector(FOCUSABLE) : null;
        // A dangerous action is never one Enter away from the button that opened it: focus starts on Cancel,
        // unless the dialog validates what is typed first (the lockdown's reason), when it starts there.
        (danger && !validate ? cancel : firstControl || confirm).focus();
    });
}

/** The console's pages, in menu order; need: the permission without which the page is not offered. */
export const PAGES = [
    {name: 'doors', href: '/', label: 'Doors', need: 'view'},
    {name: 'lockdown', href: '/lockdown', label: 'Lockdown', need: 'view'},
    {name: 'events', href: '/events', label: 'Events', need: 'view'},
    {name: 'audit', href: '/audit', label: 'Audit', need: 'audit_read'},
    {name: 'footage', href: '/footage', label: 'Footage', need: 'footage'},
    {name: 'status', href: '/status', label: 'Status', need: 'view'},
];

/** What the role may do on each page, in words ("Your role, viewer, can see doors but not lock them"). */
function mayText(page, s) {
    const p = new Set(s.permissions || []);
    const r = `Your role, ${s.role},`;
    switch (page) {
        case 'doors':
            return p.has('door_control') ? `${r} can see doors and lock, unlock and pulse them.`
                : `${r} can see doors but not lock, unlock or pulse them.`;
        case 'lockdown':
            if (p.has('lockdown') && p.has('release_lockdown')) return `${r} can start and release lockdowns.`;
            if (p.has('lockdown')) return `${r} can start lockdowns but not release them.`;
            if (p.has('release_lockdown')) return `${r} can release lockdowns but not start them.`;
            return `${r} can see lockdowns but not start or release them.`;
        case 'events':
            if (p.has('audit_read')) return `${r} sees every event, including sign-ins and audit and footage requests.`;
            if (p.has('footage')) return `${r} sees door, device and footage events; sign-in and audit records are not shown to it.`;
            return `${r} sees door and device events; sign-in, audit and footage records are not shown to it.`;
        case 'audit':
            return p.has('audit_read') ? `${r} can search, export and verify the audit trail.`
                : `${r} cannot read the audit trail.`;
        case 'footage':
            return p.has('footage') ? `${r} can request, follow and download footage and take snapshots.`
                : `${r} cannot see or request footage.`;
        case 'status':
            return `${r} can see the health of controllers, devices and the audit store.`;
        default:
            return '';
    }
}

let streamEl = null;
let staleEl = null;

/**
 * Shows the event stream's state in the page's status line: connecting | live | reconnecting. While
 * reconnecting, a line under it says since when what the page shows may be out of date.
 */
export function showStreamState(state) {
    if (!streamEl) return;
    const text = {connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…'}[state] || '';
    streamEl.textContent = text;
    streamEl.dataset.state = state;
    streamEl.hidden = !text;
    if (state === 'reconnecting' && staleEl.hidden) {
        staleEl.textContent = `The live connection to the gateway was lost at ${fmtTime(new Date().toISOString())}: `
            + 'what this page shows may be out of date until it is back. Nothing is missed: it catches up when it reconnects.';
        staleEl.hidden = false;
    } else if (state === 'live') {
        staleEl.hidden = true;
    }
}

/**
 * Builds the page frame: skip link, header with the menu, the signed-in person, role and Sign out,
 * the line saying what this role may do here, and the stream state (role=status: "Live" /
 * "Reconnecting…", hidden until showStreamState is called). Returns the <main> element to fill (its
 * <h1> is already there). The person and the role line fill in once the session has loaded.
 */
export function layout(pageName) {
    const page = PAGES.find(p => p.name === pageName) || {name: pageName, label: pageName};
    document.title = `${page.label} · Warden`;
    const menu = h('ul', {class: 'menu'});
    const who = h('div', {class: 'who'});
    const may = h('p', {class: 'may'});
    streamEl = h('p', {role: 'status', class: 'stream', hidden: true});
    staleEl = h('p', {class: 'notice notice-warn stale', hidden: true});
    const main = h('main', {id: 'main', tabindex: '-1'}, h('div', {class: 'page-head'}, h('h1', {}, page.label), streamEl), may, staleEl);
    const header = h('header', {class: 'top'},
        h('a', {class: 'brand', href: '/'}, 'Warden'),
        h('nav', {'aria-label': 'Console pages'}, menu),
        who);
    document.body.replaceChildren(h('a', {class: 'skip', href: '#main'}, 'Skip to content'), header, main);
    session().then(s => {
        const perms = new Set(s.permissions || []);
        fill(menu, PAGES.filter(p => perms.has(p.need)).map(p => h('li', {},
            h('a', {href: p.href, 'aria-current': p.name === pageName ? 'page' : null}, p.label))));
        fill(who,
            h('span', {class: 'who-id'},
                h('span', {class: 'who-name', title: s.name}, s.name),
                h('span', {class: 'role-chip', title: 'your role'}, s.role)),
            h('button', {type: 'button', class: 'btn btn-small', onclick: () => signOut()}, 'Sign out'));
        may.textContent = mayText(pageName, s);
    }, e => {
        may.textContent = 'The gateway could not be reached: ' + e.message;
    });
    return main;
}
