// Lockdown: one prominent control per site and zone (lockdown or secure, drill or real, a reason, a
// confirmation), then the per-door report filling in live as each door answers (GET /api/v1/lockdowns
// shows each door's line as it comes; the stream says when to look), and the release for those allowed.
import {api, can, EventFeed, session, trailHead} from './api.js';
import {announce, confirmAction, fill, fmtTime, h, layout, showStreamState} from './ui.js';

const main = layout('lockdown');
const activeList = h('div', {class: 'lockdowns'}, h('p', {class: 'muted'}, 'Loading…'));
const startArea = h('div', {class: 'start'});
/** Over the start controls: which lockdowns are active (drill or REAL), a link down to them. */
const activeNote = h('p', {class: 'active-note'});
// The start controls come first: on a phone, an active lockdown's report (a row per door) would
// otherwise push "Lock down" a long scroll away just when a real one is needed.
main.append(
    startArea,
    h('section', {'aria-labelledby': 'active-title'}, h('h2', {id: 'active-title'}, 'Lockdowns'), activeList));

/** The configured doors by id (names, site, zone, exterior). */
let doorsById = new Map();
/** id (or a provisional key while the start is in flight) → {report, els, rows: Map<door, tr>}. */
const cards = new Map();
let inFlight = 0;
let provisionalSeq = 0;

const LEVEL_TEXT = {
    lockdown: 'every door in scope locks; unlock and pulse are refused; only people allowed in a lockdown get in',
    secure: 'the exterior doors in scope lock; doors inside work as usual',
};

/** A site's or zone's name for people (the door list carries them), else its id. */
function nameOf(kind, id) {
    for (const d of doorsById.values()) {
        if (kind === 'site' && d.site === id && d.siteName) return d.siteName;
        if (kind === 'zone' && d.zone === id && d.zoneName) return d.zoneName;
    }
    return id;
}

function scopeText(scope) {
    if (scope.site) return nameOf('site', scope.site);
    if (scope.zone) return nameOf('zone', scope.zone);
    return `${scope.doors.length} door${scope.doors.length === 1 ? '' : 's'}`;
}

function sameScope(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** The doors a start would lock, as the gateway picks them (secure: exterior ones only). */
function doorsIn(level, scope) {
    return [...doorsById.values()].filter(d => (scope.site ? d.site === scope.site : d.zone === scope.zone)
        && (level === 'lockdown' || d.exterior));
}

const STATUS_KIND = {confirmed: 'ok', failed: 'bad', offline: 'bad', pending: 'warn', held: 'warn'};

function statusCell(status) {
    return h('td', {class: 'status', dataset: {status}}, h('span', {class: ['badge', 'badge-' + (STATUS_KIND[status] || 'warn')]}, status));
}

function doorName(id) {
    const d = doorsById.get(id);
    return d ? [d.name, ' ', h('span', {class: 'door-id'}, `(${id})`)] : id;
}

function reportRow(line) {
    return h('tr', {dataset: {door: line.id}},
        h('th', {scope: 'row'}, doorName(line.id)),
        statusCell(line.status),
        h('td', {class: 'latency'}, line.status === 'pending' ? '—' : `${line.latencyMs} ms`),
        h('td', {class: 'detail'}, detailText(line)));
}

function detailText(line) {
    const parts = [];
    if (line.detail) parts.push(line.detail);
    if (line.disagreeing) parts.push(`keeps disagreeing since ${fmtTime(line.disagreeing.since)}, ${line.disagreeing.attempts} locks sent`
        + (line.disagreeing.lastError ? `: ${line.disagreeing.lastError}` : ''));
    return parts.join('; ');
}

/** Updates a table's rows in place (a row per door, in the report's order), touching only what changed. */
function updateRows(tbody, rows, lines) {
    for (const line of lines) {
        const key = JSON.stringify(line);
        let row = rows.get(line.id);
        if (row && row.dataset.line === key) continue;
        const fresh = reportRow(line);
        fresh.dataset.line = key;
        if (row) row.replaceWith(fresh);
        else tbody.append(fresh);
        rows.set(line.id, fresh);
    }
}

function counts(lines) {
    const c = {};
    for (const l of lines) c[l.status] = (c[l.status] || 0) + 1;
    return c;
}

function summaryText(lines) {
    const c = counts(lines);
    const parts = [`${c.confirmed || 0} of ${lines.length} confirmed`];
    for (const s of ['failed', 'offline', 'pending', 'held']) if (c[s]) parts.push(`${c[s]} ${s}`);
    return parts.join(' · ');
}

function reportTable(caption, captionHidden = false) {
    const tbody = h('tbody', {});
    // Focusable: on a phone the table scrolls sideways, and a keyboard must be able to scroll it too.
    const table = h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption}, h('table', {class: 'report'},
        h('caption', {class: captionHidden ? 'sr-only' : null}, caption),
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Door'), h('th', {scope: 'col'}, 'Status'),
            h('th', {scope: 'col'}, 'Latency'), h('th', {scope: 'col'}, 'Detail'))),
        tbody));
    return {table, tbody};
}

function newCard(key, level, scope) {
    const els = {
        title: h('h3', {tabindex: '-1'}),
        meta: h('p', {class: 'muted'}),
        summary: h('p', {class: 'summary', 'aria-live': 'polite'}),
        error: h('p', {class: 'notice notice-bad', hidden: true}),
        actions: h('div', {class: 'lockdown-actions'}),
        releases: h('div', {}),
    };
    const report = reportTable('Each door\'s answer to the lock', true);
    els.tbody = report.tbody;
    els.reportWrap = report.table;
    els.lockReport = h('details', {class: 'report-details', open: true}, h('summary', {}, 'Report per door'), report.table);
    els.section = h('section', {class: ['card', 'lockdown-card', 'level-' + level]},
        els.title, els.meta, els.summary, els.error, els.lockReport, els.actions, els.releases);
    const card = {key, level, scope, report: null, els, rows: new Map(), releaseRows: new Map(), busy: false};
    cards.set(key, card);
    activeList.querySelector('.none')?.remove();
    activeList.prepend(els.section);
    return card;
}

function renderCard(card) {
    const r = card.report;
    const els = card.els;
    const drill = r.drill ? 'DRILL' : 'REAL';
    els.section.setAttribute('aria-label', `Lockdown ${r.id}`);
    els.reportWrap.setAttribute('aria-label', `Each door's answer to the lock, ${r.id || 'starting'}`); // one name per card
    els.section.dataset.lockdown = r.id;
    els.section.classList.toggle('released', !r.active);
    fill(els.title, h('span', {class: ['badge', r.drill ? 'badge-warn' : 'badge-bad']}, drill), ' ',
        `${r.level === 'secure' ? 'Secure' : 'Lockdown'}: ${scopeText(r.scope)}`,
        r.active ? null : h('span', {class: 'badge'}, ' released'));
    fill(els.meta, `${r.id} · started by ${r.startedBy} at ${fmtTime(r.startedAt)}`, r.reason ? ` · “${r.reason}”` : '',
        r.active ? '' : ` · released by ${r.releasedBy} at ${fmtTime(r.releasedAt)}; its doors stay locked`);
    els.summary.textContent = summaryText(r.doors);
    updateRows(els.tbody, card.rows, r.doors);
    renderActions(card);
    if (!r.active && !card.collapsed) { // once released, the lock's table folds away (one tap opens it)
        card.collapsed = true;
        els.lockReport.open = false;
    }
    if (!r.active && r.releases && r.releases.length) {
        if (!els.releaseTbody) {
            const t = reportTable('Each door\'s answer to the release');
            t.table.setAttribute('aria-label', `Each door's answer to the release, ${r.id}`);
            els.releaseTbody = t.tbody;
            fill(els.releases, h('h4', {}, 'Release'), t.table);
        }
        updateRows(els.releaseTbody, card.releaseRows, r.releases);
    }
    noteActive();
}

function noteActive() {
    const active = [...cards.values()].filter(c => c.report && c.report.active && !c.provisional).map(c => c.report);
    fill(activeNote, active.length === 0 ? null : h('a', {href: '#active-title'},
        'Active now: ', active.map(r => `${r.drill ? 'drill' : 'REAL'} ${r.level} of ${scopeText(r.scope)}`).join('; '), '. See below.'));
}

function renderActions(card) {
    const r = card.report;
    if (!r.active) {
        fill(card.els.actions);
        return;
    }
    if (!can('release_lockdown')) {
        fill(card.els.actions, h('p', {class: 'muted'}, 'Your role cannot release a lockdown; someone with the lockdown or admin role can.'));
        return;
    }
    fill(card.els.actions, h('button', {type: 'button', class: 'btn btn-primary', disabled: card.busy,
        onclick: () => release(card)}, 'Release lockdown'));
}

/** Shows a report: its card if there is one, else the provisional card of a start awaiting it, else a new card. */
function upsert(r) {
    let card = cards.get(r.id);
    if (!card) {
        card = [...cards.values()].find(c => c.provisional && c.level === r.level && sameScope(c.scope, r.scope));
        if (card) {
            cards.delete(card.key);
            card.key = r.id;
            card.provisional = false;
            card.failed = false;
            card.els.error.hidden = true; // a lost answer: it did start
            cards.set(r.id, card);
        } else {
            card = newCard(r.id, r.level, r.scope);
        }
    }
    card.report = r;
    renderCard(card);
    return card;
}

function showNone() {
    if (cards.size === 0) fill(activeList, h('p', {class: 'none'}, 'No lockdown is active.'));
    noteActive();
}

async function start(level, scope) {
    const inScope = doorsIn(level, scope);
    const real = h('input', {type: 'radio', name: 'kind', value: 'real', id: 'kind-real', checked: true});
    const drill = h('input', {type: 'radio', name: 'kind', value: 'drill', id: 'kind-drill'});
    const reason = h('input', {type: 'text', id: 'lockdown-reason', maxlength: 500, required: true, autocomplete: 'off',
        list: 'lockdown-reasons'});
    const content = h('div', {},
        h('fieldset', {}, h('legend', {}, 'Drill or real?'),
            h('label', {class: 'choice', for: 'kind-real'}, real, 'Real'),
            h('label', {class: 'choice', for: 'kind-drill'}, drill, 'Drill')),
        h('div', {class: 'field'}, h('label', {for: 'lockdown-reason'}, 'Reason'), reason,
            h('datalist', {id: 'lockdown-reasons'},
                ['Intruder on campus', 'Police activity nearby', 'Threat received', 'Scheduled drill'].map(v => h('option', {value: v})))));
    const kindNote = h('p', {class: 'kind-note', 'aria-live': 'polite'});
    const sayKind = () => {
        kindNote.className = 'kind-note ' + (drill.checked ? 'kind-drill' : 'kind-real');
        kindNote.textContent = drill.checked ? 'DRILL: recorded and shown as a drill.' : 'REAL: this is not a drill.';
    };
    real.addEventListener('change', sayKind);
    drill.addEventListener('change', sayKind);
    sayKind();
    content.firstChild.append(kindNote);
    const what = level === 'lockdown' ? 'Lock down' : 'Secure';
    const ok = await confirmAction({
        title: `${what} ${scopeText(scope)}?`,
        detail: `${inScope.length} door${inScope.length === 1 ? '' : 's'}: ${LEVEL_TEXT[level]}. It holds until someone releases it.`,
        confirmLabel: level === 'lockdown' ? 'Start lockdown' : 'Start secure',
        danger: true,
        content,
        validate: () => reason.value.trim() ? null : 'Give a reason: it goes on the record with your name.',
    });
    if (!ok) return;
    // Started again after a lost answer: the earlier card gives way, so one start never shows twice.
    for (const c of [...cards.values()]) {
        if (c.failed && c.level === level && sameScope(c.scope, scope)) {
            cards.delete(c.key);
            c.els.section.remove();
        }
    }
    const body = {level, scope, drill: drill.checked, reason: reason.value.trim()};
    const card = newCard('starting-' + (++provisionalSeq), level, scope);
    card.provisional = true;
    card.report = {id: '', level, scope, drill: body.drill, reason: body.reason, startedBy: '…', startedAt: new Date().toISOString(),
        active: true, doors: inScope.map(d => ({id: d.id, status: 'pending', latencyMs: 0, detail: null}))};
    renderCard(card);
    fill(card.els.actions);
    card.els.meta.textContent = 'Starting… every door is being told now.';
    card.els.title.focus({preventScroll: true});
    card.els.title.scrollIntoView({block: 'start'}); // the report at the top of the screen, not at its foot
    announce(`${what} of ${scopeText(scope)} starting.`);
    inFlight++;
    pollWhileBusy();
    try {
        const r = await api('POST', '/api/v1/lockdowns', body);
        if (card.provisional) { // no poll has shown it yet: this card becomes its card
            cards.delete(card.key);
            card.provisional = false;
            card.key = r.id;
            cards.set(r.id, card);
        }
        upsert(r);
        announce(`${what} of ${scopeText(scope)}: ${summaryText(r.doors)}.`);
    } catch (e) {
        if (e.status === 0 && !card.provisional) return; // the answer was lost, but a refresh already showed it started
        card.els.error.hidden = false;
        card.els.meta.textContent = '';
        if (e.status === 0) {
            // The request may have reached the gateway and only the answer was lost: the card stays, and the
            // next record or refresh that shows this start takes it over.
            card.failed = true;
            card.els.error.textContent = `No answer from the gateway (${e.detail}). It may have started anyway: `
                + 'this card fills in if it did; if it stays like this, start it again.';
            refresh();
        } else {
            // Refused: nothing started, so no door is pending and nothing is left to poll for.
            cards.delete(card.key);
            card.els.section.classList.add('released');
            card.els.lockReport.hidden = true;
            card.els.summary.textContent = '';
            card.els.error.textContent = `Not started: ${e.detail} (${e.code}).`;
            noteActive();
        }
        announce(card.els.error.textContent);
    } finally {
        inFlight--;
    }
}

async function release(card) {
    const r = card.report;
    const ok = await confirmAction({
        title: `Release the ${r.drill ? 'drill ' : ''}${r.level} of ${scopeText(r.scope)}?`,
        detail: 'Its doors stay locked, but unlocking and pulsing them is allowed again. A door another lockdown still holds stays in it.',
        confirmLabel: 'Release lockdown',
    });
    if (!ok) return;
    card.busy = true;
    renderActions(card);
    try {
        upsert(await api('POST', `/api/v1/lockdowns/${encodeURIComponent(r.id)}/release`));
        announce(`Released ${r.id}.`);
    } catch (e) {
        card.els.error.hidden = false;
        card.els.error.textContent = `Not released: ${e.detail} (${e.code}).`;
    } finally {
        card.busy = false;
        renderActions(card);
        if (document.activeElement === document.body) card.els.title.focus(); // the button that had the focus is gone
    }
}

let refreshing = null;
let again = false;

/** Re-reads the active lockdowns (and any shown one that is no longer active); one at a time, coalesced. */
function refresh() {
    if (refreshing) {
        again = true;
        return refreshing;
    }
    refreshing = (async () => {
        try {
            const active = await api('GET', '/api/v1/lockdowns');
            const ids = new Set(active.items.map(l => l.id));
            active.items.forEach(upsert);
            const gone = [...cards.values()].filter(c => !c.provisional && c.report.active && !ids.has(c.key));
            for (const c of gone) upsert(await api('GET', `/api/v1/lockdowns/${encodeURIComponent(c.key)}`));
            showNone();
        } catch (e) {
            // shown as it was; the next event or poll tries again
        } finally {
            refreshing = null;
            if (again) {
                again = false;
                refresh();
            }
        }
    })();
    return refreshing;
}

let polling = false;

/** While a start is in flight or a door is pending, re-reads every second too (the stream is the fast path). */
async function pollWhileBusy() {
    if (polling) return;
    polling = true;
    try {
        while (inFlight > 0 || [...cards.values()].some(c => !c.failed && c.report && c.report.active && c.report.doors.some(d => d.status === 'pending'))) {
            await new Promise(r => setTimeout(r, 1000));
            await refresh();
        }
    } finally {
        polling = false;
    }
}

function onRecord(r) {
    if (r.type.startsWith('lockdown.') || (r.type === 'door.command' && /\(ld-[^)]*\)/.test(r.action || ''))) {
        refresh();
        if (r.type === 'lockdown.started' && r.result === 'requested') pollWhileBusy();
    }
}

function scopeControls(label, scope, list) {
    const exterior = list.filter(d => d.exterior).length;
    return h('div', {class: 'scope-controls'},
        h('button', {type: 'button', class: 'btn btn-danger btn-big', onclick: () => start('lockdown', scope)}, `Lock down ${label}`),
        exterior > 0
            ? h('button', {type: 'button', class: 'btn btn-big', onclick: () => start('secure', scope)}, `Secure ${label}`)
            : h('p', {class: 'muted'}, `No exterior doors to secure in ${label}.`),
        h('p', {class: 'muted scope-count'}, `${list.length} door${list.length === 1 ? '' : 's'}, ${exterior} exterior`));
}

function renderStart() {
    if (!can('lockdown')) {
        fill(startArea);
        return;
    }
    const sites = new Map();
    for (const d of doorsById.values()) {
        if (!sites.has(d.site)) sites.set(d.site, []);
        sites.get(d.site).push(d);
    }
    fill(startArea, h('h2', {}, 'Start'), activeNote,
        h('p', {class: 'muted'}, 'Lockdown: ', LEVEL_TEXT.lockdown, '. Secure: ', LEVEL_TEXT.secure, '.'),
        [...sites].map(([site, list]) => {
            const zones = new Map();
            for (const d of list) if (d.zone) (zones.get(d.zone) || zones.set(d.zone, []).get(d.zone)).push(d);
            const siteName = nameOf('site', site);
            return h('section', {class: 'card site-start', 'aria-label': `Start at ${siteName}`},
                h('h3', {}, siteName, ' ', h('span', {class: 'muted'}, '(whole site)')),
                scopeControls(siteName, {site}, list),
                h('div', {class: 'zone-starts'}, [...zones].map(([zone, zl]) => {
                    const zoneName = nameOf('zone', zone);
                    return h('section', {class: 'zone-start', 'aria-label': `Start in ${zoneName}`},
                        h('h4', {}, zoneName), scopeControls(zoneName, {zone}, zl));
                })));
        }));
}

async function main_() {
    await session();
    try {
        const head = await trailHead();
        const [doors, active] = await Promise.all([api('GET', '/api/v1/doors'), api('GET', '/api/v1/lockdowns')]);
        doorsById = new Map(doors.items.map(d => [d.id, d]));
        fill(activeList);
        active.items.forEach(upsert);
        showNone();
        renderStart();
        if (active.items.some(l => l.doors.some(d => d.status === 'pending'))) pollWhileBusy();
        let wasDown = false;
        new EventFeed({lastEventId: head, onRecord, onState: state => {
            showStreamState(state);
            if (state === 'reconnecting') wasDown = true;
            if (state === 'live' && wasDown) refresh();
        }});
    } catch (e) {
        fill(activeList, h('p', {class: 'notice notice-bad'}, `Lockdowns could not be loaded: ${e.detail || e.message}`));
    }
}

main_();
