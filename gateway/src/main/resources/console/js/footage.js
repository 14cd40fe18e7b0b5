// Footage: request the footage of doors or cameras over a window with a reason, follow each camera's
// progress live (footage.progress on the event stream), download the evidence package, check a
// downloaded package in the browser, and see the cameras with snapshots.
import {EventFeed, api, can, session} from './api.js';
import {confirmAction, fill, fmtTime, h, layout, showStreamState} from './ui.js';
import {field, fmtOffset, problemText, toIso, toLocalInput} from './forms.js';
import {verifyPackage} from './evidence.js';

const PAGE = 20;
const main = layout('footage');
const jobs = new Map(); // id → {job, el, cams: Map camera id → {bar, text, badge}}
const refetching = new Map();
let cameras = [];
const doorNames = new Map();
let gatewayKey = null;

session().then(init, e => main.append(h('p', {class: 'notice notice-bad'}, 'The gateway could not be reached: ' + problemText(e))));

async function init() {
    try {
        cameras = (await api('GET', '/api/v1/cameras')).items || [];
    } catch (e) {
        main.append(h('p', {class: 'notice notice-bad'}, 'The cameras could not be listed: ' + problemText(e)));
        return;
    }
    try {
        for (const d of (await api('GET', '/api/v1/doors')).items || []) doorNames.set(d.id, d.name);
    } catch (e) {
        // doors show by id
    }
    if (cameras.length === 0) {
        main.append(h('p', {class: 'notice'}, 'Footage is not available on this gateway: no cameras are configured.'));
        return;
    }
    if (!can('footage')) {
        main.append(h('p', {class: 'notice'}, 'Requesting, following and downloading footage and taking snapshots need the footage permission '
            + '(investigator or admin). The cameras and their health are below.'));
        main.append(cameraSection(false));
        return;
    }
    const jobList = h('div', {class: 'jobs'});
    const more = h('button', {type: 'button', class: 'btn', hidden: true}, 'Show older jobs');
    main.append(
        requestSection(),
        h('section', {'aria-labelledby': 'jobs-title'}, h('h2', {id: 'jobs-title'}, 'Footage jobs'), jobList, more),
        await evidenceSection(),
        cameraSection(true));

    let next = null;
    const loadPage = async () => {
        try {
            const page = await api('GET', `/api/v1/footage?limit=${PAGE}` + (next ? '&cursor=' + encodeURIComponent(next) : ''));
            for (const job of page.items || []) show(job, jobList, false);
            next = page.next || null;
            more.hidden = !next;
            if (jobs.size === 0) jobList.replaceChildren(h('p', {class: 'muted', id: 'no-jobs'}, 'No footage has been requested yet.'));
        } catch (e) {
            jobList.append(h('p', {class: 'notice notice-bad'}, 'The jobs could not be listed: ' + problemText(e)));
        }
    };
    more.addEventListener('click', loadPage);
    await loadPage();

    new EventFeed({
        query: {type: 'footage.'},
        onState: showStreamState,
        onLive: (type, d) => {
            if (type === 'footage.progress') progress(d, jobList);
        },
        onRecord: item => {
            // requested / finished / cancelled: the job's own state is the truth; ask for it.
            const id = /^footage\.(requested|finished|cancelled)$/.test(item.type) ? jobIdOf(item) : null;
            if (id) refetch(id, jobList);
        },
    });
}

/** The job a footage.* record is about: named in its detail or action. */
function jobIdOf(item) {
    const m = /\b(\d{8}T\d{6}Z-[0-9a-f]{6})\b/.exec(`${item.detail || ''} ${item.action || ''}`);
    return m ? m[1] : null;
}

function requestSection() {
    const withCameras = cameras.filter(c => c.doors && c.doors.length);
    const doorIds = [...new Set(withCameras.flatMap(c => c.doors))];
    const byDoors = h('input', {type: 'radio', name: 'scope', value: 'doors', checked: true});
    const byCameras = h('input', {type: 'radio', name: 'scope', value: 'cameras'});
    const doorBoxes = h('fieldset', {},
        h('legend', {}, 'Doors (their linked cameras)'),
        doorIds.map(id => h('label', {class: 'choice'}, h('input', {type: 'checkbox', name: 'door', value: id}),
            doorNames.has(id) ? `${doorNames.get(id)} (${id})` : id)));
    const camBoxes = h('fieldset', {hidden: true},
        h('legend', {}, 'Cameras'),
        cameras.map(c => h('label', {class: 'choice'}, h('input', {type: 'checkbox', name: 'camera', value: c.id}), `${c.name} (${c.id})`)));
    const from = h('input', {type: 'datetime-local', name: 'from', step: 1, required: true});
    const to = h('input', {type: 'datetime-local', name: 'to', step: 1, required: true});
    const reason = h('textarea', {name: 'reason', required: true, maxlength: 1000});
    const error = h('p', {class: 'notice notice-bad', role: 'alert', hidden: true});
    const done = h('p', {role: 'status'});
    const submit = h('button', {type: 'submit', class: 'btn btn-primary'}, 'Request footage');
    const last = minutes => {
        const now = new Date(Date.now() - 1000);
        from.value = toLocalInput(new Date(now.getTime() - minutes * 60000));
        to.value = toLocalInput(now);
    };
    last(10);
    const form = h('form', {class: 'card', 'aria-labelledby': 'request-title', novalidate: true},
        h('h2', {id: 'request-title'}, 'Request footage'),
        h('fieldset', {}, h('legend', {}, 'Footage of'),
            h('label', {class: 'choice'}, byDoors, 'Doors'),
            h('label', {class: 'choice'}, byCameras, 'Cameras')),
        doorBoxes, camBoxes,
        h('div', {class: 'filters'}, field('From', from, 'Your local time.'), field('To', to, 'Not in the future.')),
        h('div', {class: 'toolbar'},
            h('button', {type: 'button', class: 'btn', onclick: () => last(2)}, 'Last 2 minutes'),
            h('button', {type: 'button', class: 'btn', onclick: () => last(10)}, 'Last 10 minutes'),
            h('button', {type: 'button', class: 'btn', onclick: () => last(60)}, 'Last hour')),
        field('Reason', reason, 'Why this footage is needed: it is recorded in the audit trail with your name and goes into the evidence package.'),
        error, h('div', {class: 'toolbar'}, submit), done);
    const scopeChanged = () => {
        doorBoxes.hidden = !byDoors.checked;
        camBoxes.hidden = byDoors.checked;
    };
    byDoors.addEventListener('change', scopeChanged);
    byCameras.addEventListener('change', scopeChanged);
    form.addEventListener('submit', async e => {
        e.preventDefault();
        error.hidden = true;
        done.textContent = '';
        const body = {};
        const scope = byDoors.checked ? 'door' : 'camera';
        const chosen = [...form.querySelectorAll(`input[name="${scope}"]:checked`)].map(i => i.value);
        const problem = chosen.length === 0 ? `Choose at least one ${scope}.`
            : !from.value || !to.value ? 'Give the window: From and To.'
                : !reason.value.trim() ? 'Give a reason.' : null;
        if (problem) {
            error.textContent = problem;
            error.hidden = false;
            return;
        }
        body[scope === 'door' ? 'doors' : 'cameras'] = chosen;
        body.from = toIso(from.value, 'From');
        body.to = toIso(to.value, 'To');
        body.reason = reason.value.trim();
        submit.disabled = true;
        try {
            const res = await api('POST', '/api/v1/footage', body);
            fill(done, `Requested: job ${res.id}. `, h('a', {href: `#job-${res.id}`}, 'Follow its progress'), '.');
            reason.value = '';
            refetch(res.id, document.querySelector('.jobs'));
        } catch (err) {
            error.textContent = 'The request was refused: ' + problemText(err);
            error.hidden = false;
        } finally {
            submit.disabled = false;
        }
    });
    return form;
}

/** Adds or replaces a job's card; new ones go on top. */
function show(job, jobList, onTop) {
    const known = jobs.get(job.id);
    const view = renderJob(job);
    if (known) {
        const hadFocus = known.el.contains(document.activeElement);
        known.el.replaceWith(view.el);
        if (hadFocus) view.el.querySelector('h3').focus();
    } else {
        const empty = jobList.querySelector('#no-jobs');
        if (empty) empty.remove();
        if (onTop) jobList.prepend(view.el);
        else jobList.append(view.el);
    }
    jobs.set(job.id, view);
}

function refetch(id, jobList) {
    if (refetching.has(id)) return;
    refetching.set(id, setTimeout(async () => {
        refetching.delete(id);
        try {
            show(await api('GET', '/api/v1/footage/' + encodeURIComponent(id)), jobList, true);
        } catch (e) {
            // the next event asks again
        }
    }, 250));
}

function progress(d, jobList) {
    const view = jobs.get(d.id);
    const cam = view && view.cams.get(d.camera);
    if (!cam) {
        refetch(d.id, jobList);
        return;
    }
    setCamera(cam, d.status, d.percent, d.coveredSeconds, null, d.bytes);
    if (d.status !== 'running' && d.status !== 'queued') refetch(d.id, jobList);
}

const TONE = {done: 'badge-ok', failed: 'badge-bad', cancelled: 'badge-warn', running: null, queued: null};

function setCamera(cam, status, percent, covered, requested, bytes) {
    cam.badge.textContent = status;
    cam.badge.className = ['badge', TONE[status]].filter(Boolean).join(' ');
    cam.bar.value = percent || 0;
    if (requested !== null) cam.requested = requested;
    cam.text.textContent = `${percent || 0}%: ${Math.round(covered || 0)} of ${Math.round(cam.requested || 0)} s, ${fmtBytes(bytes)}`;
}

function renderJob(job) {
    const cams = new Map();
    const camName = id => (cameras.find(c => c.id === id) || {name: id}).name;
    const active = job.status === 'queued' || job.status === 'running';
    const el = h('article', {class: 'card job', 'aria-labelledby': `job-${job.id}`, dataset: {job: job.id, status: job.status}},
        h('div', {class: 'job-head'},
            h('h3', {id: `job-${job.id}`, tabindex: '-1'}, `Job ${job.id}`),
            h('span', {class: ['badge', TONE[job.status]]}, job.status)),
        h('p', {}, `${job.automatic ? 'Captured automatically' : 'Requested by ' + job.requestedBy} at ${fmtTime(job.createdAt)}: `,
            h('q', {}, job.reason)),
        h('p', {class: 'muted'}, `Window ${fmtTime(job.from)} to ${fmtTime(job.to)}`,
            job.doors && job.doors.length ? `; doors ${job.doors.join(', ')}` : '', `; audit record ${job.requestSeq}.`),
        job.detail ? h('p', {class: job.status === 'failed' ? 'notice notice-bad' : 'muted'}, job.detail) : null,
        h('ul', {class: 'job-cams'}, (job.cameras || []).map(c => {
            const bar = h('progress', {max: 100, value: c.percent || 0, 'aria-label': `${camName(c.id)} progress`});
            const text = h('span', {});
            const badge = h('span', {class: 'badge'});
            const cam = {bar, text, badge, requested: c.requestedSeconds};
            setCamera(cam, c.status, c.percent, c.coveredSeconds, c.requestedSeconds, c.bytes);
            cams.set(c.id, cam);
            return h('li', {dataset: {camera: c.id}},
                h('div', {class: 'job-cam-head'}, h('strong', {}, camName(c.id)), badge),
                bar, text,
                c.detail ? h('p', {class: 'muted'}, c.detail) : null,
                c.gaps && c.gaps.length ? h('p', {class: 'muted'},
                    `No recording for ${c.gaps.length} stretch${c.gaps.length === 1 ? '' : 'es'}: `,
                    c.gaps.map(g => `${fmtTime(g.from)}–${fmtTime(g.to)}`).join(', ')) : null);
        })),
        h('div', {class: 'toolbar'},
            job.status === 'done' && job.package ? h('a', {class: 'btn btn-primary', href: job.package, download: ''}, 'Download evidence package') : null,
            active ? h('button', {type: 'button', class: 'btn btn-danger', onclick: () => cancel(job)}, 'Cancel job') : null),
        job.status === 'done' ? h('p', {class: 'muted'}, 'The package holds the clips, a manifest signed by the gateway and the key to check it; '
            + 'check the downloaded file under "Check a downloaded package". Each download is recorded in the audit trail.') : null);
    return {job, el, cams};
}

async function cancel(job) {
    const ok = await confirmAction({title: `Cancel footage job ${job.id}?`, detail: 'The export stops and the files gathered so far are removed. '
        + 'The cancellation is recorded in the audit trail.', confirmLabel: `Cancel job ${job.id}`, cancelLabel: 'Keep it', danger: true});
    if (!ok) return;
    try {
        show(await api('DELETE', '/api/v1/footage/' + encodeURIComponent(job.id)), document.querySelector('.jobs'), true);
    } catch (e) {
        const view = jobs.get(job.id);
        if (view) view.el.append(h('p', {class: 'notice notice-bad', role: 'alert'}, 'Could not cancel: ' + problemText(e)));
    }
}

async function evidenceSection() {
    const keyLine = h('p', {});
    try {
        gatewayKey = await api('GET', '/api/v1/evidence/key');
        const url = URL.createObjectURL(new Blob([gatewayKey.publicKeyPem], {type: 'application/x-pem-file'}));
        fill(keyLine, 'This gateway signs evidence with an ', gatewayKey.algorithm, ' key, fingerprint ',
            h('code', {class: 'fingerprint'}, gatewayKey.fingerprint), '. ',
            h('a', {href: url, download: 'evidence-key.pem'}, 'Save the public key'),
            ' to check packages offline: "warden evidence verify footage.zip --key evidence-key.pem".');
    } catch (e) {
        keyLine.textContent = 'The gateway\'s evidence key could not be read: ' + problemText(e);
    }
    const input = h('input', {type: 'file', accept: '.zip,application/zip'});
    const result = h('div', {role: 'status', 'aria-live': 'polite', class: 'verify-result'});
    input.addEventListener('change', async () => {
        const file = input.files && input.files[0];
        if (!file) return;
        fill(result, h('p', {}, `Checking ${file.name}…`));
        try {
            showEvidence(result, file.name, await verifyPackage(file, gatewayKey));
        } catch (e) {
            fill(result, h('p', {class: 'notice notice-bad'}, `${file.name} could not be read: ${e.message}`));
        }
    });
    return h('section', {'aria-labelledby': 'evidence-title'},
        h('h2', {id: 'evidence-title'}, 'Check a downloaded package'),
        keyLine,
        h('p', {}, 'Choose a package you downloaded: this page checks every file against the signed manifest and its signature, in your browser; the file is not sent anywhere.'),
        field('Evidence package (.zip)', input),
        result);
}

function showEvidence(el, name, v) {
    const signer = v.pinnedOk ? 'its manifest is signed by this gateway\'s key'
        : v.ok ? `its manifest is signed by the key it holds (${v.fingerprint}); this gateway's key could not be read to compare`
            : v.fingerprint ? `it holds the key ${v.fingerprint}, which is not this gateway's or does not verify` : 'it holds no usable key';
    if (v.ok) {
        fill(el, h('p', {class: 'notice notice-ok'}, h('strong', {}, 'Verified. '),
            `${name}: ${v.files} files, ${v.clips} clip${v.clips === 1 ? '' : 's'}, each matching the manifest, ${signer}. `
            + 'Nothing in it was changed since the gateway made it.'));
        return;
    }
    fill(el,
        h('div', {class: 'notice notice-bad'},
            h('p', {}, h('strong', {}, 'Not verified. '), `${name} does not match what the gateway signed (${signer}). `
                + 'What it means: a file was changed, added or removed after the package was made, or the package was damaged in transit. '
                + 'Do not rely on it as evidence; download it again from the gateway and keep the original.'),
            h('ul', {}, v.problems.map(p => h('li', {}, h('strong', {}, p.file), ': ', p.problem)))));
}

function cameraSection(snapshots) {
    return h('section', {'aria-labelledby': 'cameras-title'},
        h('h2', {id: 'cameras-title'}, 'Cameras'),
        snapshots ? h('p', {class: 'muted'}, 'Each snapshot is recorded in the audit trail.') : null,
        h('div', {class: 'grid'}, cameras.map(c => cameraCard(c, snapshots))));
}

function cameraCard(c, snapshots) {
    const health = c.health || {};
    const status = health.status || 'UNKNOWN';
    const picture = h('div', {class: 'snapshot'});
    const card = h('article', {class: 'card camera', 'aria-label': `Camera ${c.name} (${c.id})`},
        h('div', {class: 'job-head'}, h('h3', {}, c.name),
            h('span', {class: ['badge', status === 'ONLINE' ? 'badge-ok' : status === 'OFFLINE' ? 'badge-bad' : 'badge-warn']}, status.toLowerCase())),
        h('p', {class: 'muted'}, `${c.id} · ${c.site}${c.zone ? ' / ' + c.zone : ''}` + (c.doors && c.doors.length ? ` · doors ${c.doors.join(', ')}` : '')),
        health.detail ? h('p', {}, health.detail) : null,
        h('p', {}, 'Clock offset ', fmtOffset(c.clockOffsetMs)),
        health.warning ? h('p', {class: 'notice notice-warn'}, health.warning) : null,
        picture);
    if (snapshots) {
        const btn = h('button', {type: 'button', class: 'btn'}, 'Take snapshot');
        btn.addEventListener('click', () => snapshot(c, btn, picture));
        card.append(btn);
    }
    return card;
}

async function snapshot(c, btn, picture) {
    btn.disabled = true;
    fill(picture, h('p', {class: 'muted'}, 'Asking the camera…'));
    try {
        const res = await fetch(`/api/v1/cameras/${encodeURIComponent(c.id)}/snapshot`, {credentials: 'same-origin', cache: 'no-store'});
        if (!res.ok) {
            const p = await res.json().catch(() => ({}));
            throw new Error(p.detail ? `${p.detail} (${p.code})` : `HTTP ${res.status}`);
        }
        const url = URL.createObjectURL(await res.blob());
        const old = picture.querySelector('img');
        if (old) URL.revokeObjectURL(old.src);
        const at = new Date().toISOString();
        fill(picture, h('img', {src: url, alt: `Snapshot from ${c.name} at ${fmtTime(at)}`}), h('p', {class: 'muted'}, `Taken ${fmtTime(at)}`));
    } catch (e) {
        fill(picture, h('p', {class: 'notice notice-bad'}, 'No snapshot: ' + e.message));
    } finally {
        btn.disabled = false;
    }
}

function fmtBytes(n) {
    if (!n) return '0 B';
    if (n < 1024) return `${n} B`;
    if (n < 1 << 20) return `${(n / 1024).toFixed(0)} KiB`;
    return `${(n / (1 << 20)).toFixed(1)} MiB`;
}
