// Status: is the gateway sound? The audit store and its chain (GET /health), every controller and
// device online or not and why, clock offsets and warnings (GET /api/v1/devices), the cameras'
// health (GET /api/v1/cameras). Refreshed on device.* records from the stream and every 15 s.
import {EventFeed, api, session} from './api.js';
import {fill, fmtTime, h, layout, showStreamState} from './ui.js';
import {fmtOffset, problemText} from './forms.js';

const POLL_MS = 15000;

const DEVICE_REASONS = {
    OK: 'working',
    STARTING: 'starting: it has not answered yet',
    LINK_DOWN: 'the link to it is down (cable, serial port or network)',
    COMMUNICATION_ERROR: 'it stopped answering, or its answers are garbled',
    SECURE_CHANNEL_FAILED: 'the secure channel could not be set up (keys do not match)',
    CONFIGURATION_ERROR: 'its configuration is wrong',
    STOPPED: 'stopped',
    EVENTS_LOST: 'some of its events were lost: what it shows may be stale',
};
const AUDIT_REASONS = {
    OK: 'working: records are written and read back',
    CLOSED: 'the store is closed',
    WRITER_STOPPED: 'the writer has stopped',
    WRITER_FAILED: 'the writer failed',
    FILE_MISSING: 'the database file is gone',
    FILE_REPLACED: 'the database file was replaced by another one',
    NOT_WRITABLE: 'the database cannot be written (disk full or permissions)',
    LOCKED: 'another process holds the database\'s lock',
    READ_FAILED: 'the last record could not be read back',
    TIMEOUT: 'the store did not answer in time',
};

const main = layout('status');
const updated = h('p', {class: 'muted'});
const refresh = h('button', {type: 'button', class: 'btn'}, 'Refresh');
const summary = h('div', {});
const auditEl = h('div', {});
const devicesEl = h('div', {});
const camerasEl = h('div', {});
let pending = null;

session().then(() => {
    main.append(
        h('div', {class: 'toolbar'}, refresh, updated),
        summary,
        h('section', {'aria-labelledby': 'audit-title'}, h('h2', {id: 'audit-title'}, 'Audit store'), auditEl),
        h('section', {'aria-labelledby': 'devices-title'}, h('h2', {id: 'devices-title'}, 'Controllers and devices'), devicesEl),
        h('section', {'aria-labelledby': 'cameras-title'}, h('h2', {id: 'cameras-title'}, 'Cameras'), camerasEl));
    refresh.addEventListener('click', load);
    load();
    setInterval(load, POLL_MS);
    new EventFeed({query: {type: 'device.'}, onState: showStreamState, onRecord: () => soon()});
}, e => main.append(h('p', {class: 'notice notice-bad'}, 'The gateway could not be reached: ' + problemText(e))));

function soon() {
    if (pending) return;
    pending = setTimeout(() => {
        pending = null;
        load();
    }, 500);
}

async function load() {
    const [health, devices, cameras] = await Promise.all([
        fetch('/health', {cache: 'no-store', headers: {Accept: 'application/json'}}).then(r => r.json()).catch(e => ({error: e})),
        api('GET', '/api/v1/devices').then(r => r.items || []).catch(e => ({error: e})),
        api('GET', '/api/v1/cameras').then(r => r.items || []).catch(e => ({error: e})),
    ]);
    // /api/v1/devices lists cameras too (each as a controller and its one device): they go in the cameras' table.
    const doorSide = devices.error ? devices : withoutCameras(devices, Array.isArray(cameras) ? cameras : []);
    showSummary(health, doorSide, cameras);
    showAudit(health);
    show(devicesEl, doorSide, () => doorSide.error ? failed('The devices', doorSide.error) : deviceTable(doorSide));
    show(camerasEl, cameras, () => cameras.error ? failed('The cameras', cameras.error)
        : cameras.length === 0 ? h('p', {class: 'muted'}, 'No cameras are configured.') : cameraTable(cameras));
    updated.textContent = 'Updated ' + fmtTime(new Date().toISOString());
}

/**
 * The door side: no camera, and a controller that is its own single device (an ONVIF door controller)
 * shown once, as the controller.
 */
function withoutCameras(devices, cameras) {
    const cams = new Set(cameras.map(c => c.id));
    const controllers = new Set(devices.filter(d => d.type === 'controller').map(d => d.id));
    return devices.filter(d => !cams.has(d.controller || d.id) && !(d.type === 'device' && d.id === d.controller && controllers.has(d.id)));
}

/** Redraws a section only when its data changed, so a refresh does not take the keyboard focus away from a table. */
const shown = new WeakMap();

function show(el, data, render) {
    const key = JSON.stringify(data.error ? problemText(data.error) : data);
    if (shown.get(el) === key) return;
    shown.set(el, key);
    fill(el, render());
}

function failed(what, e) {
    return h('p', {class: 'notice notice-bad'}, `${what} could not be read: ${problemText(e)}`);
}

function showSummary(health, devices, cameras) {
    const lines = [];
    if (health.error) lines.push(['bad', 'The gateway\'s health could not be read: ' + problemText(health.error)]);
    else if (health.status !== 'up') lines.push(['bad', 'The gateway is degraded: the audit store is failing, so it refuses door commands '
        + '(nothing may happen that is not recorded). See Audit store below.']);
    const list = Array.isArray(devices) ? devices : [];
    const down = list.filter(d => d.status !== 'ONLINE');
    const warned = list.filter(d => d.warning);
    const camsDown = Array.isArray(cameras) ? cameras.filter(c => (c.health || {}).status !== 'ONLINE') : [];
    if (down.length) lines.push(['bad', `Not online: ${down.map(d => d.id).join(', ')}.`]);
    if (camsDown.length) lines.push(['warn', `Cameras not online: ${camsDown.map(c => c.id).join(', ')}.`]);
    if (warned.length) lines.push(['warn', `Warnings: ${warned.map(d => `${d.id} (${d.warning})`).join('; ')}.`]);
    const disagreeing = health.lockdown && health.lockdown.disagreeingDoors || [];
    if (disagreeing.length) lines.push(['bad', `Doors under lockdown that keep reporting unlocked or refusing the lock (being locked again): ${disagreeing.join(', ')}.`]);
    if (lines.length === 0 && Array.isArray(devices)) {
        const controllers = list.filter(d => d.type === 'controller').length;
        lines.push(['ok', `All is well: the audit store works and all ${controllers} door controllers, ${list.length - controllers} devices`
            + (Array.isArray(cameras) && cameras.length ? ` and ${cameras.length} cameras` : '') + ' are online.']);
    }
    fill(summary, lines.map(([tone, text]) => h('p', {class: `notice notice-${tone}`}, text)));
}

function showAudit(health) {
    if (health.error || !health.audit) {
        fill(auditEl, h('p', {class: 'notice notice-bad'}, 'Unknown: the gateway\'s health could not be read.'));
        return;
    }
    const a = health.audit;
    const c = health.chain;
    fill(auditEl, h('dl', {class: 'facts'},
        h('dt', {}, 'State'), h('dd', {}, h('span', {class: ['badge', a.status === 'ok' ? 'badge-ok' : 'badge-bad']}, a.status),
            ' ', AUDIT_REASONS[a.reason] || a.reason, a.detail ? ` (${a.detail})` : ''),
        h('dt', {}, 'Last record'), h('dd', {}, a.lastSeq === undefined ? 'unknown' : String(a.lastSeq)),
        c ? [
            h('dt', {}, 'Chain anchoring'),
            h('dd', {}, h('span', {class: ['badge', c.state === 'ok' ? 'badge-ok' : c.state === 'starting' ? null : 'badge-bad']}, c.state), ' ',
                c.checkpointSeq === null || c.checkpointSeq === undefined ? 'no signed checkpoint yet'
                    : `last signed checkpoint at record ${c.checkpointSeq}, ${fmtTime(c.checkpointTime)}`,
                `; ${c.sinceCheckpoint} records since, covered by the hash chain alone.`),
            c.error ? [h('dt', {}, 'Checkpoint error'), h('dd', {}, c.error)] : null,
            c.syslogError ? [h('dt', {}, 'Syslog error'), h('dd', {}, c.syslogError)] : null,
        ] : null));
}

const COLUMNS = ['Name', 'Status', 'Why', 'Since', 'Clock offset', 'Warning', 'Doors'];

function table(label, rows) {
    return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${label}, table`}, // not the section's own name
        h('table', {class: 'stack'},
            h('thead', {}, h('tr', {}, COLUMNS.map(c => h('th', {scope: 'col'}, c)))),
            h('tbody', {}, rows)));
}

function statusBadge(status) {
    return h('span', {class: ['badge', status === 'ONLINE' ? 'badge-ok' : status === 'OFFLINE' ? 'badge-bad' : 'badge-warn']}, status.toLowerCase());
}

function row(cls, name, status, reason, detail, since, offset, warning, doors, dataset) {
    const cells = [
        name,
        statusBadge(status || 'UNKNOWN'),
        [DEVICE_REASONS[reason] || reason || '', detail ? h('span', {class: 'muted'}, ` (${detail})`) : null],
        since ? h('time', {datetime: since}, fmtTime(since)) : '',
        fmtOffset(offset),
        warning ? h('span', {class: 'warn-text'}, warning) : '',
        (doors || []).join(', '),
    ];
    return h('tr', {class: cls, dataset}, cells.map((c, i) => i === 0 ? h('th', {scope: 'row', 'data-label': COLUMNS[i]}, c)
        : h('td', {'data-label': COLUMNS[i]}, c)));
}

function deviceTable(devices) {
    if (devices.length === 0) return h('p', {class: 'muted'}, 'No door controllers are configured.');
    return table('Controllers and devices', devices.map(d => row(d.type === 'device' ? 'device-row' : 'controller-row',
        d.type === 'device' ? d.id : [d.id, h('span', {class: 'muted'}, ` ${d.adapter || ''} controller`)],
        d.status, d.reason, d.detail, d.since, d.clockOffsetMs, d.warning, d.doors, {device: d.id})));
}

function cameraTable(cameras) {
    return table('Cameras', cameras.map(c => {
        const hh = c.health || {};
        return row('device-row', [c.name, h('span', {class: 'muted'}, ` ${c.id}`)], hh.status, hh.reason, hh.detail, hh.since,
            c.clockOffsetMs === undefined ? hh.clockOffsetMs : c.clockOffsetMs, hh.warning, c.doors, {camera: c.id});
    }));
}
