// The console's one way to talk to the gateway: the session, JSON calls with CSRF, the live event feed.
// No framework, no dependency: fetch and ES modules only.

/** A problem+json answer (or a transport failure, status 0). */
export class ApiError extends Error {
    constructor(status, code, detail, title) {
        super(detail || title || code || `HTTP ${status}`);
        this.name = 'ApiError';
        this.status = status;
        this.code = code || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
        this.detail = detail || title || (status === 0 ? 'The gateway could not be reached.' : `HTTP ${status}`);
    }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
let sessionPromise = null;
let current = null;

/** Where to come back to after signing in: this page (path and query only). */
function here() {
    return location.pathname + location.search;
}

/** Sends the browser to the sign-in page, which brings it back here afterwards. */
export function toSignIn() {
    location.assign('/signin?returnTo=' + encodeURIComponent(here()));
}

async function problem(res) {
    let body = null;
    try {
        body = await res.json();
    } catch (e) {
        // not JSON: the status says enough
    }
    return new ApiError(res.status, body && body.code, body && body.detail, body && body.title);
}

/**
 * GET /auth/session without side effects: {signedIn: true, session} or {signedIn: false, signIn}
 * (the sign-in options the 401 carries). For the sign-in page; other pages use session().
 */
export async function sessionStatus() {
    const res = await fetch('/auth/session', {credentials: 'same-origin', headers: {Accept: 'application/json'}, cache: 'no-store'});
    if (res.ok) return {signedIn: true, session: await res.json()};
    if (res.status === 401) {
        const body = await res.json().catch(() => ({}));
        return {signedIn: false, signIn: body.signIn || {oidc: null, demo: false}};
    }
    throw await problem(res);
}

/**
 * The signed-in session ({name, subject, role, permissions, csrf, idleExpiresAt, expiresAt, signIn}),
 * fetched once per page. Not signed in (401): goes to /signin?returnTo=<this page> and never resolves.
 */
export function session() {
    if (!sessionPromise) {
        sessionPromise = sessionStatus().then(s => {
            if (!s.signedIn) {
                toSignIn();
                return new Promise(() => {});
            }
            current = s.session;
            return current;
        }, e => {
            sessionPromise = null; // a network failure: the next call asks again
            throw e;
        });
    }
    return sessionPromise;
}

/** Whether the signed-in role has a permission ("door_control", "lockdown"...); false before session() resolved. */
export function can(permission) {
    return !!current && Array.isArray(current.permissions) && current.permissions.includes(permission);
}

/**
 * A JSON call: resolves with the parsed body (null for 204), rejects with ApiError for a problem.
 * Unsafe methods carry the session's CSRF token. A 401 (session ended) goes to the sign-in page.
 */
export async function api(method, path, body) {
    method = method.toUpperCase();
    const headers = {Accept: 'application/json, application/problem+json'};
    if (!SAFE.has(method)) headers['X-CSRF-Token'] = (await session()).csrf;
    const init = {method, headers, credentials: 'same-origin', cache: 'no-store'};
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    let res;
    try {
        res = await fetch(path, init);
    } catch (e) {
        throw new ApiError(0, 'NETWORK', 'The gateway could not be reached: ' + e.message);
    }
    if (res.status === 401) {
        const err = await problem(res);
        toSignIn();
        throw err;
    }
    if (!res.ok) throw await problem(res);
    if (res.status === 204) return null;
    const type = res.headers.get('Content-Type') || '';
    return type.includes('json') ? res.json() : res.text();
}

/** Ends the session (POST /auth/logout) and goes to the sign-in page. */
export async function signOut() {
    try {
        await api('POST', '/auth/logout');
    } finally {
        location.assign('/signin');
    }
}

/**
 * The newest audit seq the gateway has written (GET /health), or null when it cannot tell. A page that
 * loads a snapshot (doors, lockdowns) reads this first and starts its EventFeed from it, so nothing that
 * happened between the snapshot and the stream's start is missed (the replay re-applies it).
 */
export async function trailHead() {
    try {
        const res = await fetch('/health', {headers: {Accept: 'application/json'}, cache: 'no-store'});
        const body = await res.json();
        const seq = body && body.audit && body.audit.lastSeq;
        return Number.isInteger(seq) ? seq : null;
    } catch (e) {
        return null;
    }
}

const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 10000;

/**
 * The live audit trail (GET /api/v1/events) read with fetch, not EventSource, so the feed decides the
 * Last-Event-ID of every reconnect and can show its state.
 *
 *   new EventFeed({query: {type: 'door.'}, lastEventId: seq, onRecord(item, type) {...},
 *                  onLive(type, data) {...}, onState(state) {...}})
 *
 * onRecord gets each audit record (the API's AuditItem; item.seq is the SSE id) exactly once, in seq
 * order, across reconnects; without lastEventId it starts from the trail's head (GET /health), so
 * only what happens from now on. onLive gets id-less momentary events (footage.progress). onState gets
 * 'connecting' | 'live' | 'reconnecting'. Reconnects back off 1 s → 10 s and resume after the last seq
 * seen. A 401 goes to the sign-in page. close() stops it.
 */
export class EventFeed {
    constructor({query = {}, lastEventId = null, onRecord = () => {}, onLive = () => {}, onState = () => {}} = {}) {
        this.query = query;
        this.lastSeq = Number.isInteger(lastEventId) ? lastEventId : null;
        this.onRecord = onRecord;
        this.onLive = onLive;
        this.onState = onState;
        this.closed = false;
        this.delay = BACKOFF_MIN_MS;
        this.controller = null;
        this.state = null;
        this.run();
    }

    close() {
        this.closed = true;
        if (this.controller) this.controller.abort();
    }

    setState(state) {
        if (state === this.state) return;
        this.state = state;
        this.onState(state);
    }

    url() {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(this.query)) if (v !== null && v !== undefined && v !== '') params.set(k, v);
        const qs = params.toString();
        return '/api/v1/events' + (qs ? '?' + qs : '');
    }

    async run() {
        this.setState('connecting');
        while (!this.closed) {
            let reason;
            try {
                reason = await this.connectOnce();
            } catch (e) {
                reason = e;
            }
            if (this.closed) return;
            if (reason === 'signed-out') return;
            this.setState('reconnecting');
            await new Promise(r => setTimeout(r, this.delay));
            this.delay = Math.min(this.delay * 2, BACKOFF_MAX_MS);
        }
    }

    /** One connection: resolves when it ends, for whatever reason. */
    async connectOnce() {
        this.controller = new AbortController();
        // Never open without a resume point: records written while a first connection was down would be lost.
        if (this.lastSeq === null) this.lastSeq = await trailHead();
        const headers = {Accept: 'text/event-stream'};
        if (this.lastSeq !== null) headers['Last-Event-ID'] = String(this.lastSeq);
        const res = await fetch(this.url(), {headers, credentials: 'same-origin', cache: 'no-store', signal: this.controller.signal});
        if (res.status === 401) {
            toSignIn();
            return 'signed-out';
        }
        if (res.status === 400 && this.lastSeq !== null) {
            // The trail is behind our id: a gateway whose trail started afresh. Follow it from now.
            this.lastSeq = null;
            return 'reset';
        }
        if (!res.ok || !res.body) return 'http-' + res.status;
        this.setState('live');
        this.delay = BACKOFF_MIN_MS;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        let event = {id: null, type: 'message', data: []};
        for (;;) {
            const {value, done} = await reader.read();
            if (done) return 'ended';
            buf += value;
            let nl;
            while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
                // a lone \r at the end may be the first half of \r\n: wait for more
                if (buf[nl] === '\r' && nl === buf.length - 1) break;
                const line = buf.slice(0, nl);
                buf = buf.slice(nl + (buf.startsWith('\r\n', nl) ? 2 : 1));
                if (line === '') {
                    this.dispatch(event);
                    event = {id: null, type: 'message', data: []};
                    continue;
                }
                if (line.startsWith(':')) continue; // heartbeat
                const colon = line.indexOf(':');
                const field = colon < 0 ? line : line.slice(0, colon);
                let val = colon < 0 ? '' : line.slice(colon + 1);
                if (val.startsWith(' ')) val = val.slice(1);
                if (field === 'id') event.id = val;
                else if (field === 'event') event.type = val;
                else if (field === 'data') event.data.push(val);
            }
        }
    }

    dispatch(event) {
        if (event.data.length === 0) return;
        let data;
        try {
            data = JSON.parse(event.data.join('\n'));
        } catch (e) {
            return;
        }
        if (event.id === null) {
            this.onLive(event.type, data);
            return;
        }
        const seq = Number(event.id);
        if (!Number.isFinite(seq) || (this.lastSeq !== null && seq <= this.lastSeq)) return; // never doubled
        this.lastSeq = seq;
        this.onRecord(data, event.type);
    }
}
