// Small helpers the events, audit, footage and status pages share: labelled fields, times for
// datetime-local inputs, problems in words, and paging through list endpoints.
import {api} from './api.js';
import {h} from './ui.js';

let nextId = 0;

/** A labelled field: the control gets an id, the label points at it, an optional hint describes it. */
export function field(label, control, hint) {
    if (!control.id) control.id = 'f' + (++nextId);
    const hintEl = hint ? h('p', {class: 'hint', id: control.id + '-hint'}, hint) : null;
    if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
    return h('div', {class: 'field'}, h('label', {for: control.id}, label), control, hintEl);
}

/** A <datalist> with these values, for an input's list attribute. */
export function datalist(id, values) {
    return h('datalist', {id}, [...new Set(values)].filter(Boolean).sort().map(v => h('option', {value: v})));
}

/** A datetime-local value (local time) as RFC 3339 UTC; '' → null; a value the browser cannot read throws naming the field. */
export function toIso(value, fieldName) {
    if (!value) return null;
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) throw new Error(`${fieldName}: '${value}' is not a date and time`);
    return d.toISOString();
}

/** A Date as a datetime-local value in local time, to the second. */
export function toLocalInput(date) {
    const p = n => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

/** What went wrong, for people: the problem's detail and its code. */
export function problemText(e) {
    if (e && e.code && e.detail) return e.status === 0 ? e.detail : `${e.detail} (${e.code})`;
    return e && e.message ? e.message : String(e);
}

/** Every item of a paged list endpoint (items + next cursor), at most max items. */
export async function allPages(path, limit, max = 5000) {
    const items = [];
    let cursor = null;
    do {
        const sep = path.includes('?') ? '&' : '?';
        const page = await api('GET', `${path}${sep}limit=${limit}` + (cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`));
        items.push(...(page.items || []));
        cursor = page.next === undefined ? null : page.next;
    } while (cursor !== null && items.length < max);
    return items;
}

/** A duration in milliseconds in words: "120 ms", "3.4 s". */
export function fmtOffset(ms) {
    if (ms === null || ms === undefined) return 'not measured';
    const sign = ms > 0 ? '+' : '';
    return Math.abs(ms) < 1000 ? `${sign}${ms} ms` : `${sign}${(ms / 1000).toFixed(1)} s`;
}
