// Audit: search the trail with every filter GET /api/v1/audit has, page through it, export it as CSV
// or NDJSON (plain GET links: the session cookie goes with them) and verify the hash chain.
import {api, can, session} from './api.js';
import {h, fill, fmtTime, layout} from './ui.js';
import {datalist, field, problemText, toIso, toLocalInput} from './forms.js';

const TEXT_FILTERS = [
    ['site', 'Site'], ['zone', 'Zone'], ['door', 'Door'], ['actor', 'Actor', 'Who acted, exactly as recorded: a person\'s sign-in name, a token\'s name, a device.'],
    ['credential', 'Credential', 'A card, e.g. H10301:40:6789'], ['type', 'Type', 'Exactly, e.g. access.denied or door.command'],
    ['result', 'Result', 'Exactly, e.g. denied, refused, confirmed, ok'],
];
const TYPES = ['access.granted', 'access.denied', 'door.command', 'door.lock', 'door.opened', 'door.closed', 'door.forced', 'door.held_open',
    'lockdown.started', 'lockdown.released', 'lockdown.door_disagrees', 'device.online', 'device.offline', 'auth.refused',
    'console.sign_in', 'console.sign_in_refused', 'console.sign_out', 'audit.query', 'audit.export', 'audit.verify',
    'footage.requested', 'footage.finished', 'footage.cancelled', 'footage.downloaded', 'camera.snapshot', 'people.read',
    'people.import', 'person.added', 'person.changed', 'card.status', 'config.loaded'];
const RESULTS = ['ok', 'denied', 'refused', 'requested', 'confirmed', 'failed', 'offline'];

/** What each kind of break means, for the person reading the verification. */
const BREAKS = {
    hash: 'this record does not fit the chain: it, or the one before it, was changed after it was written',
    missing: 'records are gone: these sequence numbers were deleted',
    unreadable: 'this row is not an audit record any more',
    checkpoint: 'a signed checkpoint names another hash for this record: the trail was rewritten from here',
    truncated: 'the trail ends before a signed checkpoint: records at its end were removed',
    signature: 'a line of the checkpoint file does not verify: the checkpoint file was edited',
};

const main = layout('audit');

session().then(() => {
    if (!can('audit_read')) {
        main.append(h('p', {class: 'notice'}, 'Searching, exporting and verifying the audit trail needs the audit_read permission (investigator or admin).'));
        return;
    }
    build();
}, e => main.append(h('p', {class: 'notice notice-bad'}, 'The gateway could not be reached: ' + problemText(e))));

function build() {
    const inputs = {
        from: h('input', {type: 'datetime-local', name: 'from', step: 1}),
        to: h('input', {type: 'datetime-local', name: 'to', step: 1}),
    };
    // Suggestions for the exact-match filters (any value can still be typed); doors, sites and zones come from the gateway.
    const lists = {site: datalist('audit-site-list', []), zone: datalist('audit-zone-list', []), door: datalist('audit-door-list', []),
        type: datalist('audit-type-list', TYPES), result: datalist('audit-result-list', RESULTS)};
    for (const [name] of TEXT_FILTERS) inputs[name] = h('input', {type: 'text', name, autocomplete: 'off', list: lists[name] ? lists[name].id : null});
    const limit = h('select', {name: 'limit'}, [50, 100, 500, 1000].map(n => h('option', {value: n, selected: n === 100}, String(n))));

    const formError = h('p', {class: 'notice notice-bad', role: 'alert', hidden: true});
    const search = h('button', {type: 'submit', class: 'btn btn-primary'}, 'Search');
    const form = h('form', {class: 'card', 'aria-label': 'Search the audit trail'},
        h('div', {class: 'filters'},
            field('From', inputs.from, 'Your local time; records at or after it.'),
            field('To', inputs.to, 'Records before it.'),
            TEXT_FILTERS.map(([name, label, hint]) => field(label, inputs[name], hint)),
            field('Records per page', limit)),
        h('div', {class: 'toolbar'},
            search,
            h('button', {type: 'button', class: 'btn', onclick: () => quick(60)}, 'Last hour'),
            h('button', {type: 'button', class: 'btn', onclick: () => quick(24 * 60)}, 'Last 24 hours'),
            h('button', {type: 'button', class: 'btn', onclick: clear}, 'Clear filters')),
        formError, Object.values(lists));

    const csv = h('a', {class: 'btn', download: ''}, 'Export CSV');
    const ndjson = h('a', {class: 'btn', download: ''}, 'Export NDJSON');
    const exportNote = h('p', {class: 'muted'});

    const results = h('section', {'aria-labelledby': 'results-title'},
        h('h2', {id: 'results-title'}, 'Records'));
    const summary = h('p', {'aria-live': 'polite'}, 'Set filters (or none) and press Search. Each search is itself recorded in the audit trail.');
    const table = h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Records found'});
    const prev = h('button', {type: 'button', class: 'btn', disabled: true}, 'Previous page');
    const next = h('button', {type: 'button', class: 'btn', disabled: true}, 'Next page');
    const pager = h('div', {class: 'toolbar', hidden: true}, prev, next);
    results.append(summary, table, pager);

    main.append(
        form,
        h('section', {'aria-labelledby': 'export-title'},
            h('h2', {id: 'export-title'}, 'Export'),
            h('p', {}, 'Downloads every record that matches the filters above, not only this page, with each record\'s hash. The export is recorded in the audit trail.'),
            h('div', {class: 'toolbar'}, csv, ndjson), exportNote),
        results,
        verifySection());

    // cursors[i] is where page i starts; the trail is read oldest first.
    let cursors = [0];
    let page = 0;
    let filters = null;

    function values(withDates) {
        const q = new URLSearchParams();
        for (const name of ['from', 'to']) {
            const iso = withDates ? toIso(inputs[name].value, name === 'from' ? 'From' : 'To') : null;
            if (iso) q.set(name, iso);
        }
        for (const [name] of TEXT_FILTERS) if (inputs[name].value.trim()) q.set(name, inputs[name].value.trim());
        return q;
    }

    function updateExports() {
        let q;
        try {
            q = values(true);
        } catch (e) {
            exportNote.textContent = e.message;
            return;
        }
        const described = [...q.entries()].map(([k, v]) => `${k}=${v}`).join(', ');
        exportNote.textContent = described ? `Filters: ${described}.` : 'No filters: the whole trail.';
        q.set('format', 'csv');
        csv.href = '/api/v1/audit/export?' + q;
        q.set('format', 'ndjson');
        ndjson.href = '/api/v1/audit/export?' + q;
    }

    function quick(minutes) {
        const now = new Date();
        inputs.from.value = toLocalInput(new Date(now.getTime() - minutes * 60000));
        inputs.to.value = '';
        updateExports();
    }

    function clear() {
        form.reset();
        updateExports();
    }

    async function load() {
        const q = new URLSearchParams(filters);
        q.set('limit', limit.value);
        if (cursors[page] > 0) q.set('cursor', cursors[page]);
        search.disabled = true;
        summary.textContent = 'Searching…';
        try {
            const res = await api('GET', '/api/v1/audit?' + q);
            const items = res.items || [];
            cursors = cursors.slice(0, page + 1);
            if (res.next !== null && res.next !== undefined && items.length > 0) cursors.push(res.next);
            fill(table, items.length ? auditTable(items) : null);
            summary.textContent = items.length === 0 ? (page === 0 ? 'No record matches these filters.' : 'No more records.')
                : `Page ${page + 1}: records ${items[0].seq} to ${items[items.length - 1].seq} (${items.length}), oldest first.`;
            pager.hidden = false;
            prev.disabled = page === 0;
            next.disabled = cursors.length <= page + 1;
            history.replaceState(null, '', '/audit?' + filters);
        } catch (e) {
            summary.textContent = 'The search failed: ' + problemText(e);
        } finally {
            search.disabled = false;
        }
    }

    form.addEventListener('input', updateExports);
    form.addEventListener('submit', e => {
        e.preventDefault();
        formError.hidden = true;
        try {
            filters = values(true).toString();
        } catch (err) {
            formError.textContent = err.message;
            formError.hidden = false;
            return;
        }
        cursors = [0];
        page = 0;
        load();
    });
    prev.addEventListener('click', () => {
        page = Math.max(0, page - 1);
        load();
    });
    next.addEventListener('click', () => {
        page++;
        load();
    });

    // A search shared as a link (/audit?door=...) opens filled in and run.
    const given = new URLSearchParams(location.search);
    for (const [name] of TEXT_FILTERS) if (given.get(name)) inputs[name].value = given.get(name);
    for (const name of ['from', 'to']) {
        const d = given.get(name) ? new Date(given.get(name)) : null;
        if (d && !Number.isNaN(d.getTime())) inputs[name].value = toLocalInput(d);
    }
    updateExports();
    if ([...given.keys()].length > 0) form.requestSubmit(search);
    suggest(lists);
}

/** Offers the doors, sites and zones the gateway has as suggestions (typing any value still works). */
async function suggest(lists) {
    try {
        const doors = (await api('GET', '/api/v1/doors')).items || [];
        fill(lists.door, doors.map(d => h('option', {value: d.id}, d.name)));
        fill(lists.site, [...new Set(doors.map(d => d.site))].map(v => h('option', {value: v})));
        fill(lists.zone, [...new Set(doors.map(d => d.zone))].map(v => h('option', {value: v})));
    } catch (e) {
        // suggestions only
    }
}

const COLUMNS = [['seq', 'Seq'], ['time', 'Time'], ['type', 'Type'], ['actor', 'Actor'], ['source', 'Source'], ['place', 'Where'],
    ['credential', 'Credential'], ['action', 'Action'], ['result', 'Result'], ['detail', 'Detail']];

function auditTable(items) {
    return h('table', {class: 'stack audit-table'},
        h('thead', {}, h('tr', {}, COLUMNS.map(([, label]) => h('th', {scope: 'col'}, label)))),
        h('tbody', {}, items.map(i => h('tr', {dataset: {seq: i.seq}}, COLUMNS.map(([key, label]) => h('td', {'data-label': label}, cell(i, key)))))));
}

function cell(item, key) {
    if (key === 'time') return h('time', {datetime: item.time, title: item.time}, fmtTime(item.time));
    if (key === 'place') return [item.site, item.zone, item.door, item.camera].filter(Boolean).join(' / ');
    return item[key] === null || item[key] === undefined ? '' : String(item[key]);
}

function verifySection() {
    const result = h('div', {id: 'verify-result', role: 'status', 'aria-live': 'polite', class: 'verify-result'});
    const anchor = h('p', {class: 'muted'});
    const button = h('button', {type: 'button', class: 'btn btn-primary'}, 'Verify chain');
    button.addEventListener('click', async () => {
        button.disabled = true;
        fill(result, h('p', {}, 'Checking every record against the one before it and against the signed checkpoints…'));
        try {
            showVerification(result, await api('GET', '/api/v1/audit/verify'));
        } catch (e) {
            fill(result, h('p', {class: 'notice notice-bad'}, 'The verification could not run: ' + problemText(e)));
        } finally {
            button.disabled = false;
        }
    });
    fetch('/health', {cache: 'no-store'}).then(r => r.json()).then(hh => {
        const c = hh.chain;
        if (!c) return;
        anchor.textContent = c.checkpointSeq === null || c.checkpointSeq === undefined
            ? `No signed checkpoint yet: the ${c.sinceCheckpoint} records are covered by the chain alone.`
            : `Last signed checkpoint: record ${c.checkpointSeq} at ${fmtTime(c.checkpointTime)}; ${c.sinceCheckpoint} records since are covered by the chain alone.`
                + (c.error ? ` The last checkpoint could not be written: ${c.error}.` : '');
    }).catch(() => {});
    return h('section', {'aria-labelledby': 'verify-title'},
        h('h2', {id: 'verify-title'}, 'Chain verification'),
        h('p', {}, 'Each record carries the hash of the one before it, and the gateway signs checkpoints of the chain in a separate file. '
            + 'Verifying walks the whole trail and reports every place where it does not hold. The verification is recorded in the audit trail.'),
        anchor, button, result);
}

function showVerification(el, v) {
    if (v.ok) {
        fill(el, h('p', {class: 'notice notice-ok'},
            h('strong', {}, 'The chain holds. '),
            `All ${v.records} records link to the ones before them and match every signed checkpoint: nothing was changed, removed or reordered since it was written.`));
        return;
    }
    fill(el,
        h('div', {class: 'notice notice-bad'},
            h('p', {}, h('strong', {}, 'The chain is broken'),
                v.firstBrokenSeq ? ` from record ${v.firstBrokenSeq}` : '', ` (${v.records} records checked, ${v.breaks.length} problem${v.breaks.length === 1 ? '' : 's'}).`),
            h('p', {}, 'What it means: the trail was altered after it was written (records changed, deleted or the checkpoint file edited), '
                + 'or the database was damaged. Records from the first break on cannot be trusted as evidence. Do not change anything: keep the database and '
                + 'the checkpoint file as they are for investigation, tell your district\'s IT security contact, and restore from a backup. '
                + '"warden audit verify --db FILE --checkpoints FILE" gives the same list offline.')),
        h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Breaks in the chain'},
            h('table', {class: 'stack'},
                h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Record'), h('th', {scope: 'col'}, 'Problem'), h('th', {scope: 'col'}, 'Detail'))),
                h('tbody', {}, v.breaks.map(b => h('tr', {},
                    h('td', {'data-label': 'Record'}, b.seq ? String(b.seq) : 'checkpoint file'),
                    h('td', {'data-label': 'Problem'}, h('strong', {}, b.kind), ': ', BREAKS[b.kind] || ''),
                    h('td', {'data-label': 'Detail'}, b.detail)))))));
}
