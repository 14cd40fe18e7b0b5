// Lockdown: one prominent control per site and zone (lockdown or secure, drill or real, a reason, a
// confirmation), then the per-door report filling in live as each door answers, and the release for those
// allowed. The rows fill from the event stream's per-door records (each door's door.command answer); the
// report itself (GET /api/v1/lockdowns/{id}, ~150 bytes a door) is read once at the start of a lockdown
// started elsewhere, once at its end (for this page's own start, the POST's answer is that end), and again
// only when the stream reconnects, or every few seconds while it is down.
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

/** A door's line while its lock is in flight (the gateway's word). */
const PENDING = 'pending';

const STATUS_KIND = {confirmed: 'ok', failed: 'bad', offline: 'bad', pending: 'warn', held: 'warn'};

function statusCell(status) {
    return h('td', {class: 'status', dataset: {status}}, h('span', {class: ['badge', 'badge-' + (STATUS_KIND[status] || 'warn')]}, status));
}

function doorName(id) {
    const d = doorsById.get(id);
    return d ? [d.name, ' ', h('span', {class: 'door-id'}, `(${id})`)] : id;
}

function latencyText(line) {
    return line.status === 'pending' ? '—' : `${line.latencyMs} ms`;
}

function reportRow(line) {
    return h('tr', {dataset: {door: line.id}},
        h('th', {scope: 'row'}, doorName(line.id)),
        statusCell(line.status),
        h('td', {class: 'latency'}, latencyText(line)),
        h('td', {class: 'detail'}, detailText(line)));
}

/** Brings a row to its line, touching only the cells that changed. */
function setRow(row, line) {
    const [, status, latency, detail] = row.cells;
    if (status.dataset.status !== line.status) {
        status.dataset.status = line.status;
        const badge = status.firstChild;
        badge.className = 'badge badge-' + (STATUS_KIND[line.status] || 'warn');
        badge.textContent = line.status;
    }
    const ms = latencyText(line);
    if (latency.textContent !== ms) latency.textContent = ms;
    const text = detailText(line);
    if (detail.textContent !== text) detail.textContent = text;
}

function detailText(line) {
    const parts = [];
    if (line.detail) parts.push(line.detail);
    if (line.disagreeing) parts.push(`keeps disagreeing since ${fmtTime(line.disagreeing.since)}, ${line.disagreeing.attempts} locks sent`
        + (line.disagreeing.lastError ? `: ${line.disagreeing.lastError}` : ''));
    return parts.join('; ');
}

function sameLine(a, b) {
    return a.status === b.status && a.latencyMs === b.latencyMs && (a.detail || null) === (b.detail || null)
        && JSON.stringify(a.disagreeing || null) === JSON.stringify(b.disagreeing || null);
}

// Rows change in batches: a 2,000-door lockdown brings 2,000 answers in a second or two, so a line only
// marks its row dirty, and the rows are brought up to date once per animation frame.
const dirtyTables = new Set();
let frame = 0;

/** A report table with its lines (door → line, the truth shown) and rows (door → tr). */
function lineTable(caption, captionHidden = false) {
    const {table, tbody} = reportTable(caption, captionHidden);
    return {wrap: table, tbody, lines: new Map(), rows: new Map(), dirty: new Set(), onFlush: null};
}

/** Sets a door's line in a table; its row follows at the next frame. */
function setLine(table, line) {
    const cur = table.lines.get(line.id);
    if (cur && sameLine(cur, line)) return;
    table.lines.set(line.id, line);
    markDirty(table, line.id);
}

function dropLine(table, id) {
    if (table.lines.delete(id)) markDirty(table, id);
}

function markDirty(table, id) {
    table.dirty.add(id);
    dirtyTables.add(table);
    if (!frame) frame = requestAnimationFrame(flush);
}

function flush() {
    frame = 0;
    for (const t of dirtyTables) {
        const added = document.createDocumentFragment();
        for (const id of t.dirty) {
            const line = t.lines.get(id);
            let row = t.rows.get(id);
            if (!line) {
                row?.remove();
                t.rows.delete(id);
            } else if (row) {
                setRow(row, line);
            } else {
                row = reportRow(line);
                t.rows.set(id, row);
                added.append(row);
            }
        }
        t.dirty.clear();
        t.tbody.append(added);
        if (t.onFlush) t.onFlush();
    }
    dirtyTables.clear();
}

/**
 * Puts a report's lines into a table. A door's line goes from pending to its answer once, so an answer
 * already shown (from the stream) is never taken back to pending by an older read; between two answers
 * the report's wins (it tells offline from failed, and has the exact latency). A report from the
 * gateway (authoritative) also drops doors the page guessed that it does not name.
 */
function mergeLines(table, lines, authoritative) {
    for (const line of lines) {
        const cur = table.lines.get(line.id);
        if (line.status === 'pending' && cur && cur.status !== 'pending') continue;
        setLine(table, line);
    }
    if (authoritative && table.lines.size !== lines.length) {
        const named = new Set(lines.map(l => l.id));
        for (const id of [...table.lines.keys()]) if (!named.has(id)) dropLine(table, id);
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
    const lock = lineTable('Each door\'s answer to the lock', true);
    lock.onFlush = () => { els.summary.textContent = summaryText([...lock.lines.values()]); };
    els.reportWrap = lock.wrap;
    els.lockReport = h('details', {class: 'report-details', open: true}, h('summary', {}, 'Report per door'), lock.wrap);
    els.section = h('section', {class: ['card', 'lockdown-card', 'level-' + level]},
        els.title, els.meta, els.summary, els.error, els.lockReport, els.actions, els.releases);
    // posting: this page's POST /lockdowns is in flight (its answer is the report at the end);
    // ended: a report from the gateway had no door pending (no further read is needed for the lock).
    const card = {key, level, scope, report: null, els, lock, releaseTable: null, busy: false, posting: false, ended: false};
    cards.set(key, card);
    activeList.querySelector('.none')?.remove();
    activeList.prepend(els.section);
    return card;
}

/** Shows a card's report: its heading, who and when, its doors' lines (merged, see mergeLines), the release. */
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
    mergeLines(card.lock, r.doors, !r.guess);
    applyStreamed(card);
    renderActions(card);
    if (!r.active && !card.collapsed) { // once released, the lock's table folds away (one tap opens it)
        card.collapsed = true;
        els.lockReport.open = false;
    }
    if (!r.active && r.releases && r.releases.length) {
        if (!card.releaseTable) {
            card.releaseTable = lineTable('Each door\'s answer to the release');
            card.releaseTable.wrap.setAttribute('aria-label', `Each door's answer to the release, ${r.id}`);
            fill(els.releases, h('h4', {}, 'Release'), card.releaseTable.wrap);
        }
        mergeLines(card.releaseTable, r.releases, true);
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

/** Shows a report from the gateway: its card if there is one, else the provisional card of a start awaiting it, else a new card. */
function upsert(r) {
    let card = cards.get(r.id);
    if (!card) {
        card = [...cards.values()].find(c => c.provisional && c.level === r.level && sameScope(c.scope, r.scope));
        if (card) adopt(card, r.id);
        else card = newCard(r.id, r.level, r.scope);
    }
    card.report = r;
    card.ended = r.doors.every(d => d.status !== PENDING);
    renderCard(card);
    if (card.ended) streamed.delete(r.id); // the report has every answer now
    return card;
}

/** A provisional card (a start of this page) becomes the card of lockdown id. */
function adopt(card, id) {
    cards.delete(card.key);
    card.key = id;
    card.provisional = false;
    card.failed = false;
    card.els.error.hidden = true; // a lost answer: it did start
    cards.set(id, card);
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
    // The page's guess of the report (guess: its doors as doorsIn picks them) until the gateway's comes.
    card.report = {guess: true, id: '', level, scope, drill: body.drill, reason: body.reason, startedBy: '…',
        startedAt: new Date().toISOString(), active: true, doors: inScope.map(d => ({id: d.id, status: 'pending', latencyMs: 0, detail: null}))};
    renderCard(card);
    fill(card.els.actions);
    card.els.meta.textContent = 'Starting… every door is being told now.';
    card.els.title.focus({preventScroll: true});
    card.els.title.scrollIntoView({block: 'start'}); // the report at the top of the screen, not at its foot
    announce(`${what} of ${scopeText(scope)} starting.`);
    inFlight++;
    card.posting = true;
    pollWhileStreamDown();
    try {
        const r = await api('POST', '/api/v1/lockdowns', body);
        card.posting = false;
        if (card.provisional) adopt(card, r.id); // neither the stream nor a read has shown it yet
        upsert(r); // the report once every door has answered: the end state
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
        card.posting = false;
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
        cancelReadSoon(r.id); // its answer is the release's report, every door in it
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

/**
 * Re-reads the active lockdowns (and any shown one that is no longer active); one at a time, coalesced.
 * For when the stream may have missed something: at a reconnect, and while it is down.
 */
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

/** Lockdown id → true while its report is being read (false: read again when done). */
const reading = new Map();

/** Reads one lockdown's report and shows it; one read per lockdown at a time, coalesced. */
async function readLockdown(id) {
    if (reading.has(id)) {
        reading.set(id, false);
        return;
    }
    reading.set(id, true);
    try {
        do {
            reading.set(id, true);
            upsert(await api('GET', `/api/v1/lockdowns/${encodeURIComponent(id)}`));
        } while (reading.get(id) === false);
    } catch (e) {
        if (e.status === 404) streamed.delete(id); // too old to be kept: nothing to show
        // otherwise shown as it was; a reconnect or the fallback poll reads it again
    } finally {
        reading.delete(id);
        showNone();
    }
}

/** Lockdown id → {first, timer}: a read soon, after its burst of records (a release's doors) has passed. */
const soon = new Map();

function readSoon(id) {
    const t = soon.get(id) || {first: Date.now(), timer: 0};
    clearTimeout(t.timer);
    // 400 ms after the last record, but no later than 3 s after the first
    t.timer = setTimeout(() => {
        soon.delete(id);
        readLockdown(id);
    }, Math.max(0, Math.min(400, t.first + 3000 - Date.now())));
    soon.set(id, t);
}

function cancelReadSoon(id) {
    clearTimeout(soon.get(id)?.timer);
    soon.delete(id);
}

let feedLive = false;
let polling = false;
const FALLBACK_POLL_MS = 5000;

function somePending() {
    return [...cards.values()].some(c => !c.failed && c.report && c.report.active
        && [...c.lock.lines.values()].some(l => l.status === PENDING));
}

/**
 * Only while the stream is not live (connecting or reconnecting) and a start is in flight or a door
 * pending: re-reads every few seconds. While it is live the stream's records fill the rows.
 */
async function pollWhileStreamDown() {
    if (polling) return;
    polling = true;
    try {
        while (!feedLive && (inFlight > 0 || somePending())) {
            await new Promise(r => setTimeout(r, FALLBACK_POLL_MS));
            if (!feedLive) await refresh();
        }
    } finally {
        polling = false;
    }
}

/**
 * What the stream said of each lockdown's doors, by lockdown id: {started: the lockdown.started request
 * was seen (so was every door's request), startedAt, requested: doors whose lock was sent, lines: door →
 * the answer's line}. Kept until a report from the gateway has every door's answer, so a card made
 * later (by a read) gets them too.
 */
const streamed = new Map();

function streamedOf(id) {
    let s = streamed.get(id);
    if (!s) streamed.set(id, s = {started: false, startedAt: null, requested: new Set(), lines: new Map()});
    return s;
}

/** Shows the stream's answers on a card's pending rows (an answer already shown stays as it is). */
function applyStreamed(card) {
    const s = streamed.get(card.key);
    if (!s || card.provisional) return;
    for (const line of s.lines.values()) applyAnswer(card, line);
}

function applyAnswer(card, line) {
    const cur = card.lock.lines.get(line.id);
    if (cur && cur.status !== PENDING) return;
    const ms = Date.parse(line.time) - Date.parse(card.report.startedAt);
    setLine(card.lock, {id: line.id, status: line.status, latencyMs: Number.isFinite(ms) ? Math.max(0, ms) : 0, detail: line.detail});
}

// Actions the gateway writes (Lockdowns.java): "lockdown (ld-…)" on each door's door.command records
// (requested, then confirmed or failed; offline: failed with no request before it), "lockdown ld-…" or
// "secure (drill) ld-…" on lockdown.started (requested at the start, confirmed once every door answered).
const LOCKDOWN_ID = /\b(ld-\d{8}-\d{6}-[0-9a-f]+)\b/;
const DOOR_LOCK = /^lockdown \((ld-[^\s)]+)\)$/;
const STARTED = /^(lockdown|secure)( \(drill\))? (ld-\S+)$/;

/** A door's answer to a lockdown's lock, from its door.command record: onto its row when shown. */
function doorAnswered(id, r) {
    const card = cards.get(id);
    if (card && card.ended) return; // its report has every answer already
    const s = streamedOf(id);
    if (r.result === 'requested') {
        s.requested.add(r.door);
        return;
    }
    if (r.result !== 'confirmed' && r.result !== 'failed') return;
    // Confirmed only on the device's recorded confirmation. A failure with no request before it is the
    // gateway's offline refusal, if the stream saw the start; the report at the end says it exactly.
    const status = r.result === 'confirmed' ? 'confirmed' : s.started && !s.requested.has(r.door) ? 'offline' : 'failed';
    const line = {id: r.door, status, time: r.time, detail: r.detail};
    s.lines.set(r.door, line);
    if (card) applyAnswer(card, line);
    else if (!s.started) readLockdown(id); // a lockdown this page has not seen start: its report
}

/** A lockdown.started request: this page's own start (its card takes the id), or someone else's (read once). */
function lockdownStarted(id, r) {
    const s = streamedOf(id);
    s.started = true;
    s.startedAt = r.time;
    if (cards.has(id)) return;
    const m = STARTED.exec(r.action || '');
    const scope = r.zone ? {zone: r.zone} : r.site ? {site: r.site} : null;
    const card = m && scope && [...cards.values()].find(c => c.provisional && c.level === m[1] && sameScope(c.scope, scope));
    if (!card) {
        readLockdown(id); // the start read: its doors, who, why
        return;
    }
    adopt(card, id);
    card.report = {...card.report, id, drill: !!m[2], startedBy: r.actor, startedAt: r.time};
    renderCard(card);
    if (card.posting) card.els.meta.append(' · every door is being told now');
}

function onRecord(r) {
    const action = r.action || '';
    if (r.type === 'door.command') {
        const lock = DOOR_LOCK.exec(action);
        if (lock) {
            doorAnswered(lock[1], r);
            return;
        }
        const other = LOCKDOWN_ID.exec(action); // a release, its retry, a re-assert
        const card = other && cards.get(other[1]);
        if (!card || r.result === 'requested' || action.endsWith(' retry)')) return;
        if (action.startsWith('release') && (card.busy || (card.report.releases && card.report.releases.length))) return;
        readSoon(card.key);
        return;
    }
    if (!r.type.startsWith('lockdown.')) return;
    const m = LOCKDOWN_ID.exec(action);
    if (!m) return;
    const id = m[1];
    const card = cards.get(id);
    if (r.type === 'lockdown.started') {
        if (r.result === 'requested') lockdownStarted(id, r);
        else if (!card || !(card.posting || card.ended)) readLockdown(id); // the end read (a POST's answer is one)
    } else if (r.type === 'lockdown.released') {
        if (r.result === 'confirmed' && !(card && (card.busy || !card.report.active))) readLockdown(id);
    } else if (card) {
        readSoon(id); // a door disagreeing with it, or agreeing again
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
        pollWhileStreamDown();
        let wasDown = false;
        new EventFeed({lastEventId: head, onRecord, onState: state => {
            showStreamState(state);
            feedLive = state === 'live';
            if (state === 'reconnecting') wasDown = true;
            if (feedLive && wasDown) refresh(); // records may have been missed: read the reports once
            if (!feedLive) pollWhileStreamDown();
        }});
    } catch (e) {
        fill(activeList, h('p', {class: 'notice notice-bad'}, `Lockdowns could not be loaded: ${e.detail || e.message}`));
    }
}

main_();
