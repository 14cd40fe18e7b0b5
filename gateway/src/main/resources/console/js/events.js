// Events: the live audit trail as it is written, newest first, filtered in the page by type, door and
// person or device. Opens with the last records of the trail, then follows the stream.
import {EventFeed, api, can, session, trailHead} from './api.js';
import {h, fill, fmtTime, layout, showStreamState} from './ui.js';
import {allPages, field, problemText} from './forms.js';

const HISTORY = 200; // records replayed when the page opens
const KEEP = 2000;   // records kept in the page for filtering
const SHOWN = 300;   // rows drawn at most
const FAMILIES = ['access.', 'door.', 'device.', 'lockdown.', 'camera.', 'footage.', 'person.', 'card.', 'people.', 'calendar.',
    'config.', 'console.', 'auth.', 'audit.'];

const main = layout('events');
const records = [];       // oldest first
const types = new Set(FAMILIES);
const devices = new Set();
const doorNames = new Map();
let people = null;        // person id → {name, kind}, once read from the directory
let cardHolders = null;   // card id → person id
let paused = false;
let missed = 0;

const typeInput = h('input', {type: 'search', name: 'type', list: 'event-types', autocomplete: 'off', placeholder: 'e.g. door.'});
const doorSelect = h('select', {name: 'door'}, h('option', {value: ''}, 'All doors'));
const whoInput = h('input', {type: 'search', name: 'who', autocomplete: 'off', placeholder: 'name, id, card or device'});
const typeList = h('datalist', {id: 'event-types'});
const pauseBtn = h('button', {type: 'button', class: 'btn', 'aria-pressed': 'false', onclick: togglePause}, 'Pause');
const count = h('p', {class: 'muted'});
const list = h('ol', {class: 'trail', 'aria-label': 'Events, newest first'});
const namesNote = h('p', {class: 'muted'});

session().then(init, e => main.append(h('p', {class: 'notice notice-bad'}, 'The gateway could not be reached: ' + problemText(e))));

async function init() {
    const filters = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter events', onsubmit: e => e.preventDefault()},
        field('Type', typeInput, 'A type or the start of one: "door." shows every door event.'),
        field('Door', doorSelect),
        field('Person or device', whoInput, 'Any part of a person\'s name or id, a card, a device or who acted.'),
        typeList);
    filters.addEventListener('input', redraw);
    main.append(
        h('p', {}, `Opens with the last ${HISTORY} records of the audit trail, then shows each new one as it is written.`),
        filters,
        h('div', {class: 'toolbar'}, pauseBtn, namesControl()),
        namesNote, count, list);

    await Promise.all([loadDoors(), loadDevices()]);
    const head = await trailHead();
    new EventFeed({
        lastEventId: head === null ? null : Math.max(0, head - HISTORY),
        onRecord: add,
        onState: showStreamState,
    });
    redraw();
}

async function loadDoors() {
    try {
        const doors = (await api('GET', '/api/v1/doors')).items || [];
        for (const d of doors) {
            doorNames.set(d.id, d.name);
            doorSelect.append(h('option', {value: d.id}, `${d.name} (${d.id})`));
        }
    } catch (e) {
        namesNote.append('Doors could not be listed: ' + problemText(e) + ' ');
    }
}

async function loadDevices() {
    try {
        for (const d of (await api('GET', '/api/v1/devices')).items || []) devices.add(d.id);
    } catch (e) {
        namesNote.append('Devices could not be listed: ' + problemText(e) + ' ');
    }
}

/** People's names come from the directory, whose reading is itself audited: only when asked. */
function namesControl() {
    if (!can('people_read')) {
        namesNote.append('People show by their id: your role cannot read the directory of people. ');
        return null;
    }
    const btn = h('button', {type: 'button', class: 'btn'}, 'Show people\'s names');
    btn.addEventListener('click', async () => {
        btn.disabled = true;
        btn.textContent = 'Reading the directory…';
        try {
            const items = await allPages('/api/v1/people', 1000);
            people = new Map(items.map(p => [p.id, p]));
            cardHolders = new Map();
            for (const p of items) for (const c of p.cards || []) cardHolders.set(c.id, p.id);
            btn.remove();
            namesNote.textContent = `Names from the directory (${items.length} people; this reading is in the audit trail).`;
            redraw();
        } catch (e) {
            btn.disabled = false;
            btn.textContent = 'Show people\'s names';
            namesNote.textContent = 'The directory could not be read: ' + problemText(e);
        }
    });
    namesNote.append('Reading the directory to show names is recorded in the audit trail. ');
    return btn;
}

function togglePause() {
    paused = !paused;
    pauseBtn.setAttribute('aria-pressed', String(paused));
    if (!paused) {
        missed = 0;
        redraw();
    }
    pauseBtn.textContent = paused ? 'Resume' : 'Pause';
    updateCount();
}

function add(item) {
    records.push(item);
    if (records.length > KEEP) records.splice(0, records.length - KEEP);
    if (!types.has(item.type)) {
        types.add(item.type);
        fill(typeList, [...types].sort().map(t => h('option', {value: t})));
    }
    if (paused) {
        missed++;
        updateCount();
        return;
    }
    if (!matches(item)) return;
    list.prepend(row(item));
    while (list.children.length > SHOWN) list.lastElementChild.remove();
    updateCount();
}

/** Who a record is about: the device that reported it, the person it concerns, who acted. */
function parties(item) {
    const out = {device: null, person: null, by: null};
    const actor = item.actor;
    if (actor && devices.has(actor)) out.device = actor;
    let personId = actor && people && people.has(actor) ? actor : null;
    if (!personId && item.credential && cardHolders) personId = cardHolders.get(item.credential) || null;
    if (personId) out.person = `${people.get(personId).name} (${personId})`;
    else if (actor && !out.device && item.type.startsWith('access.')) out.person = actor;
    if (actor && !out.device && !out.person) out.by = actor;
    return out;
}

function matches(item) {
    const type = typeInput.value.trim();
    if (type && !item.type.startsWith(type)) return false;
    if (doorSelect.value && item.door !== doorSelect.value) return false;
    const who = whoInput.value.trim().toLowerCase();
    if (!who) return true;
    const p = parties(item);
    return [p.device, p.person, p.by, item.credential, item.detail, item.source, item.camera]
        .some(v => v && String(v).toLowerCase().includes(who));
}

function tone(item) {
    const r = `${item.result || ''} ${item.type}`;
    if (/denied|refused|failed|forced|tamper|offline|held_open|rejected|broken/.test(r)) return 'badge-bad';
    if (/granted|confirmed|\bok\b|online/.test(r)) return 'badge-ok';
    return null;
}

function row(item) {
    const p = parties(item);
    const door = item.door ? (doorNames.get(item.door) || item.door) : null;
    const place = [door, item.camera, item.zone && !item.door ? `zone ${item.zone}` : null].filter(Boolean).join(' · ');
    return h('li', {class: 'trail-item', dataset: {seq: item.seq}},
        h('div', {class: 'trail-head'},
            h('time', {datetime: item.time}, fmtTime(item.time)),
            h('span', {class: ['badge', tone(item)]}, item.type),
            place ? h('strong', {}, place) : null),
        h('div', {class: 'trail-who'},
            p.person ? h('span', {}, h('span', {class: 'muted'}, 'Person '), p.person) : null,
            item.credential ? h('span', {}, h('span', {class: 'muted'}, 'Card '), item.credential) : null,
            p.device ? h('span', {}, h('span', {class: 'muted'}, 'Device '), p.device) : null,
            p.by ? h('span', {}, h('span', {class: 'muted'}, 'By '), p.by) : null,
            item.source && item.source !== item.actor ? h('span', {}, h('span', {class: 'muted'}, 'From '), item.source) : null),
        [item.action, item.result, item.detail].some(Boolean)
            ? h('p', {class: 'trail-detail'}, [item.action, item.result, item.detail].filter(Boolean).join(' · ')) : null);
}

function redraw() {
    const rows = [];
    for (let i = records.length - 1; i >= 0 && rows.length < SHOWN; i--) if (matches(records[i])) rows.push(row(records[i]));
    fill(list, rows);
    updateCount();
}

function updateCount() {
    const shown = list.children.length;
    const filtered = typeInput.value.trim() || doorSelect.value || whoInput.value.trim();
    let text = records.length === 0 ? 'No events yet.'
        : `Showing ${shown} of ${records.length} records${filtered ? ' that match the filters' : ''}${shown === SHOWN ? ' (the newest ' + SHOWN + ')' : ''}.`;
    if (paused) text += ` Paused: ${missed} new record${missed === 1 ? '' : 's'} waiting.`;
    count.textContent = text;
}
