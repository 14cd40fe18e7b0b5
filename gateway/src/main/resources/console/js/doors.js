// Doors: by site and zone, each door's live state (lock, contact, online, lockdown) from GET /api/v1/doors
// and then the event stream; lock / unlock / pulse after a confirmation that names the door, with the
// device's answer and its latency.
import {api, can, EventFeed, session, trailHead} from './api.js';
import {announce, confirmAction, fill, fmtTime, h, layout, showStreamState} from './ui.js';

const main = layout('doors');
const content = h('div', {class: 'doors'}, h('p', {class: 'muted'}, 'Loading doors…'));
main.append(content);

/** id → {door, els}; door is the API's Door, kept up to date from the stream. */
const doors = new Map();
/** lockdown id → the active LockdownReport, for saying what holds a door. */
let lockdowns = new Map();

const COMMANDS = {
    lock: {label: 'Lock', doing: 'Locking', done: 'Locked'},
    unlock: {label: 'Unlock', doing: 'Unlocking', done: 'Unlocked'},
    pulse: {label: 'Pulse', doing: 'Pulsing', done: 'Pulsed'},
};

function badge(text, kind) {
    return h('span', {class: ['badge', kind && 'badge-' + kind]}, text);
}

function lockdownText(id) {
    const l = lockdowns.get(id);
    if (!l) return `in lockdown ${id}`;
    return `in ${l.drill ? 'drill ' : ''}${l.level} ${id}, started by ${l.startedBy}`;
}

/** Short, for the badge: "drill lockdown", "secure"... (the sentence under the buttons names it in full). */
function lockdownBadge(id) {
    const l = lockdowns.get(id);
    return l ? `${l.drill ? 'drill ' : ''}${l.level}` : 'active';
}

/**
 * What the device reports, as a badge. An offline device confirms nothing: its door shows "unknown", with
 * the last report beside it in plain text (the API keeps the last state; a green "locked" would be a guess).
 */
function reported(value, online, kinds) {
    if (!online) return [badge('unknown'), value && value !== 'unknown' ? [' ', h('span', {class: 'muted last-known'}, `last reported ${value}`)] : null];
    return kinds[value] ? badge(value, kinds[value]) : badge('unknown');
}

/** The state lines of one door. */
function stateList(d) {
    const s = d.state || {};
    const online = !!s.online;
    const rows = [
        ['Lock', reported(s.lock, online, {locked: 'ok', unlocked: 'warn'})],
        ['Door', reported(s.contact, online, {closed: 'ok', open: 'warn'})],
        ['Device', online ? badge('online', 'ok') : badge('offline', 'bad')],
        ['Lockdown', s.lockdown ? badge(lockdownBadge(s.lockdown), 'bad') : badge('none')],
    ];
    if (s.mode && online) rows.push(['Mode', badge(s.mode.replace(/_/g, ' '))]);
    if (s.alarm && s.alarm !== 'normal' && online) rows.push(['Alarm', badge(s.alarm.replace(/_/g, ' '), 'bad')]);
    if (s.tamper === 'active') rows.push(['Tamper', badge('tamper', 'bad')]);
    if (s.fault === 'active') rows.push(['Fault', badge('fault', 'bad')]);
    return h('dl', {class: 'state'}, rows.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}

const OFFLINE = 'Its device is offline: the gateway cannot lock, unlock or pulse it until it is back.';

/** Whether a command would be refused now, and why (an offline device refuses all; a lockdown unlock and pulse). */
function refusal(d, command) {
    if (!d.state || !d.state.online) return OFFLINE;
    if (command !== 'lock' && d.state.lockdown) return `${COMMANDS[command].label} is refused while the door is ${lockdownText(d.state.lockdown)}.`;
    return null;
}

function render(entry) {
    const d = entry.door;
    fill(entry.els.state, stateList(d));
    entry.els.article.classList.toggle('door-offline', !d.state || !d.state.online);
    entry.els.article.classList.toggle('door-lockdown', !!(d.state && d.state.lockdown));
    if (!entry.els.buttons) return;
    const why = [];
    for (const [command, button] of Object.entries(entry.els.buttons)) {
        const refused = refusal(d, command);
        button.disabled = entry.busy || !!refused;
        if (refused === OFFLINE) why.push(OFFLINE);
        else if (refused && command === 'unlock') why.push(refused.replace('Unlock is', 'Unlock and pulse are'));
    }
    why.splice(1); // one reason: offline says it all
    entry.els.why.textContent = why.join(' ');
}

/** The next time the clock shows "HH:MM" (today, or tomorrow if that has passed), as an instant. */
function nextClockTime(hhmm) {
    const [hours, minutes] = hhmm.split(':').map(Number);
    const t = new Date();
    t.setHours(hours, minutes, 0, 0);
    if (t <= new Date()) t.setDate(t.getDate() + 1);
    return t;
}

async function command(entry, command) {
    const d = entry.door;
    const c = COMMANDS[command];
    const relockAt = command === 'unlock' ? h('input', {type: 'time', id: 'relock-at'}) : null;
    const ok = await confirmAction({
        title: `${c.label} ${d.name} (${d.id})?`,
        detail: command === 'unlock' ? 'The door stays unlocked until someone locks it again, or until the time below.'
            : command === 'pulse' ? 'The door unlocks for its pulse time, then locks again by itself.'
                : 'The door locks now.',
        content: relockAt && h('div', {class: 'field'},
            h('label', {for: 'relock-at'}, 'Lock again at (optional)'), relockAt,
            h('p', {class: 'muted'}, 'The gateway locks it at that time, even if it restarts meanwhile.')),
        confirmLabel: `${c.label} ${d.id}`,
        danger: command === 'unlock',
    });
    if (!ok) return;
    const opener = entry.els.buttons[command];
    const body = relockAt && relockAt.value ? {until: nextClockTime(relockAt.value).toISOString()} : undefined;
    entry.busy = true;
    render(entry);
    entry.els.result.className = 'result';
    entry.els.result.textContent = `${c.doing} ${d.name}… waiting for the device.`;
    try {
        const o = await api('POST', `/api/v1/doors/${encodeURIComponent(d.id)}/${command}`, body);
        const until = body ? `, until ${fmtTime(body.until)}` : '';
        entry.els.result.className = 'result result-ok';
        entry.els.result.textContent = `${c.done}${until}: the device confirmed in ${o.latencyMs} ms${o.detail ? ` (${o.detail})` : ''}.`;
    } catch (e) {
        entry.els.result.className = 'result result-bad';
        const what = e.code === 'LOCKDOWN_ACTIVE' || e.status === 403 ? 'Refused' : 'Failed';
        entry.els.result.textContent = `${c.label} ${what.toLowerCase()}: ${e.detail} (${e.code}).`;
    } finally {
        entry.busy = false;
        render(entry);
        announce(`${d.name}: ${entry.els.result.textContent}`);
        // The buttons were disabled while waiting, which dropped the keyboard focus: give it back to the door.
        if (document.activeElement === document.body || !document.activeElement) {
            (opener.disabled ? Object.values(entry.els.buttons).find(b => !b.disabled) || entry.els.result : opener).focus();
        }
    }
}

function doorArticle(d, control) {
    const els = {
        state: h('div', {}),
        result: h('p', {class: 'result', 'aria-live': 'polite', tabindex: '-1'}),
        why: h('p', {class: 'why muted'}),
        last: h('p', {class: 'last muted'}),
    };
    const entry = {door: d, els, busy: false};
    if (control) {
        els.buttons = {};
        for (const name of Object.keys(COMMANDS)) {
            els.buttons[name] = h('button', {type: 'button', class: ['btn', name === 'pulse' && 'btn-primary'],
                onclick: () => command(entry, name)}, COMMANDS[name].label);
        }
    }
    els.article = h('article', {class: 'card door', 'aria-label': `Door ${d.name} (${d.id})`, dataset: {door: d.id}},
        h('h4', {class: 'door-name'}, d.name, ' ', h('span', {class: 'door-id'}, d.id)),
        d.exterior ? h('p', {class: 'muted door-kind'}, 'Exterior door') : null,
        els.state,
        control ? h('div', {class: 'door-actions'}, Object.values(els.buttons)) : null,
        els.why, els.result, els.last);
    entry.els = els;
    doors.set(d.id, entry);
    render(entry);
    return els.article;
}

function zoneSummary(list) {
    const offline = list.filter(d => !d.state || !d.state.online).length;
    const unlocked = list.filter(d => d.state && d.state.online && d.state.lock === 'unlocked').length;
    const open = list.filter(d => d.state && d.state.online && d.state.contact === 'open').length;
    const parts = [`${list.length} door${list.length === 1 ? '' : 's'}`];
    if (offline) parts.push(`${offline} offline`);
    if (unlocked) parts.push(`${unlocked} unlocked`);
    if (open) parts.push(`${open} open`);
    return parts.join(' · ');
}

/** Groups doors by site, then zone, in the API's (configuration) order. */
function bySiteAndZone(list) {
    const sites = new Map();
    for (const d of list) {
        if (!sites.has(d.site)) sites.set(d.site, new Map());
        const zones = sites.get(d.site);
        const zone = d.zone || '(no zone)';
        if (!zones.has(zone)) zones.set(zone, []);
        zones.get(zone).push(d);
    }
    return sites;
}

const summaries = new Map();

function zoneKey(d) {
    return d.site + '\u0000' + (d.zone || '(no zone)');
}

let summariesTimer = null;

/** Recounts every zone's line once for a burst of changes (a site's lockdown is thousands of records). */
function updateSummaries() {
    if (summariesTimer) return;
    summariesTimer = setTimeout(() => {
        summariesTimer = null;
        const byZone = new Map();
        for (const {door} of doors.values()) {
            const key = zoneKey(door);
            if (!byZone.has(key)) byZone.set(key, []);
            byZone.get(key).push(door);
        }
        for (const [key, el] of summaries) el.textContent = zoneSummary(byZone.get(key) || []);
    }, 100);
}

function renderAll(list) {
    doors.clear();
    summaries.clear();
    const control = can('door_control');
    if (list.length === 0) {
        fill(content, h('p', {}, 'No doors are configured on this gateway.'));
        return;
    }
    const sections = [];
    for (const [site, zones] of bySiteAndZone(list)) {
        const zoneSections = [];
        for (const [zone, zoneDoors] of zones) {
            const summary = h('p', {class: 'muted zone-summary'});
            summaries.set(zoneKey(zoneDoors[0]), summary);
            const zoneName = zoneDoors[0].zoneName || zone;
            zoneSections.push(h('section', {class: 'zone', 'aria-label': zoneName},
                h('h3', {}, zoneName), summary,
                h('div', {class: 'grid'}, zoneDoors.map(d => doorArticle(d, control)))));
        }
        const siteName = [...zones.values()][0][0].siteName || site;
        sections.push(h('section', {class: 'site', 'aria-label': siteName}, h('h2', {}, siteName), zoneSections));
    }
    fill(content, sections);
    updateSummaries();
}

/** Takes a fresh list from the gateway into the page (after a device went on- or offline, a lockdown...). */
function merge(list) {
    if (list.length !== doors.size || list.some(d => !doors.has(d.id))) {
        renderAll(list);
        return;
    }
    for (const d of list) {
        const entry = doors.get(d.id);
        const same = JSON.stringify(entry.door) === JSON.stringify(d); // a lockdown id names the same lockdown
        entry.door = d;
        if (!same) render(entry); // only what changed: thousands of doors re-read after a site's lockdown
    }
    updateSummaries();
}

let refreshTimer = null;
let refreshing = false;
let refreshAgain = false;

/** Re-reads doors and active lockdowns soon, once for a burst of events. */
function refreshSoon() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
        refreshTimer = null;
        if (refreshing) {
            refreshAgain = true;
            return;
        }
        refreshing = true;
        try {
            await load(false);
        } catch (e) {
            // the stream will bring the next change; the state shown stays as it was
        } finally {
            refreshing = false;
            if (refreshAgain) {
                refreshAgain = false;
                refreshSoon();
            }
        }
    }, 250);
}

async function load(first) {
    const [list, active] = await Promise.all([api('GET', '/api/v1/doors'), api('GET', '/api/v1/lockdowns')]);
    lockdowns = new Map(active.items.map(l => [l.id, l]));
    if (first) renderAll(list.items);
    else merge(list.items);
}

const EVENT_TEXT = {
    'door.opened': 'opened', 'door.closed': 'closed', 'door.forced': 'forced open', 'door.held_open': 'held open',
    'door.rex': 'request to exit', 'access.granted': 'access granted', 'access.denied': 'access denied',
    'credential.read': 'card read', 'door.fault': 'fault', 'door.fault_cleared': 'fault cleared',
    'device.tamper': 'tamper', 'device.tamper_cleared': 'tamper cleared',
};

/** Applies one audit record to the door it names; anything that changes what the list says triggers a re-read. */
function onRecord(r) {
    const entry = r.door ? doors.get(r.door) : null;
    if (r.type.startsWith('lockdown.') || r.type === 'device.online' || r.type === 'device.offline') {
        refreshSoon();
    }
    if (!entry) return;
    const s = entry.door.state || (entry.door.state = {});
    let line = null;
    switch (r.type) {
        case 'door.lock':
            if (r.detail === 'locked' || r.detail === 'unlocked') s.lock = r.detail;
            line = r.detail;
            break;
        case 'door.opened': s.contact = 'open'; break;
        case 'door.closed': s.contact = 'closed'; break;
        case 'door.mode':
            if (r.detail && r.detail.startsWith('mode ')) s.mode = r.detail.slice(5);
            line = r.detail;
            break;
        case 'door.fault': s.fault = 'active'; break;
        case 'door.fault_cleared': s.fault = 'clear'; break;
        case 'door.command':
            line = `${r.action} ${r.result} (${r.actor})${r.result !== 'requested' && r.detail ? ': ' + r.detail : ''}`;
            if (r.result !== 'requested') refreshSoon();
            break;
        default:
            break;
    }
    if (!line) line = EVENT_TEXT[r.type] || r.type;
    entry.els.last.textContent = `Last: ${line}, ${fmtTime(r.time)}`;
    render(entry);
    updateSummaries();
}

async function start() {
    await session();
    try {
        const head = await trailHead();
        await load(true);
        let wasDown = false;
        new EventFeed({lastEventId: head, onRecord, onState: state => {
            showStreamState(state);
            if (state === 'reconnecting') wasDown = true;
            if (state === 'live' && wasDown) refreshSoon(); // after a gap, re-read what the replay cannot say (online)
        }});
    } catch (e) {
        fill(content, h('p', {class: 'notice notice-bad'}, `The doors could not be loaded: ${e.detail || e.message}`));
    }
}

start();
