// Checks a downloaded evidence package (the zip of GET /api/v1/footage/{id}/package.zip) in the browser,
// the checks `warden evidence verify` makes: every SHA256SUMS line matches its file, nothing listed is
// missing and nothing is unlisted, manifest.json's Ed25519 signature verifies with the included key, the
// signed manifest names every clip with its SHA-256 and the package holds nothing else; and, beyond the
// CLI without --key, whether the key is this gateway's. Web Crypto only; the file never leaves the browser.
// Reads the zip's central directory (PKWARE APPNOTE 4.3.12, 4.3.16, ZIP64 4.3.14/4.3.15, 4.5.3): the
// gateway writes STORED entries under one folder.

const MANIFEST = 'manifest.json';
const SIGNATURE = 'manifest.json.sig';
const PUBLIC_KEY = 'evidence-key.pem';
const SUMS = 'SHA256SUMS';
const STANDARD = new Set([MANIFEST, SIGNATURE, PUBLIC_KEY, SUMS]);
const MAX_IN_BROWSER = 1 << 30; // a larger file is left to the CLI rather than read into memory
const SUM_LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

/**
 * @param file   a File or Blob: the zip as downloaded
 * @param pinned this gateway's key, {publicKeyPem} as GET /api/v1/evidence/key gives it, or null to trust the included key
 * @returns {ok, files, fingerprint, pinnedOk, clips, problems: [{file, problem}]}
 */
export async function verifyPackage(file, pinned) {
    const problems = [];
    const add = (f, problem) => problems.push({file: f, problem});
    const entries = await readDirectory(file);
    const byName = new Map();
    for (const e of entries) {
        if (e.name.endsWith('/')) continue;
        const name = e.name.includes('/') ? e.name.slice(e.name.indexOf('/') + 1) : e.name;
        if (byName.has(name)) add(name, 'twice in the zip');
        byName.set(name, e);
    }
    for (const r of [MANIFEST, SIGNATURE, PUBLIC_KEY, SUMS]) if (!byName.has(r)) add(r, 'missing');

    const hashes = new Map();
    const bytes = new Map();
    for (const [name, e] of byName) {
        if (e.method !== 0) {
            add(name, 'compressed (the gateway stores files as they are): check it with "warden evidence verify"');
            continue;
        }
        if (e.size > MAX_IN_BROWSER) {
            add(name, 'too large to check in the browser: use "warden evidence verify"');
            continue;
        }
        const data = new Uint8Array(await file.slice(e.dataStart, e.dataStart + e.size).arrayBuffer());
        if (data.length !== e.size) {
            add(name, 'cut short: the zip is incomplete');
            continue;
        }
        hashes.set(name, await sha256Hex(data));
        if (STANDARD.has(name)) bytes.set(name, data);
    }

    const listed = parseSums(bytes.get(SUMS), add);
    for (const [name, want] of listed) {
        if (!byName.has(name)) add(name, 'listed in SHA256SUMS but missing');
        else if (hashes.has(name) && hashes.get(name) !== want.toLowerCase()) add(name, 'its SHA-256 is not the one in SHA256SUMS');
    }
    if (byName.has(SUMS)) {
        for (const name of byName.keys()) if (name !== SUMS && name !== SIGNATURE && !listed.has(name)) add(name, 'not listed in SHA256SUMS');
    }

    let key = null;
    let fingerprint = null;
    if (bytes.has(PUBLIC_KEY)) {
        try {
            const der = pemToDer(text(bytes.get(PUBLIC_KEY)));
            key = await crypto.subtle.importKey('spki', der, {name: 'Ed25519'}, false, ['verify']);
            fingerprint = await sha256Hex(der);
        } catch (e) {
            add(PUBLIC_KEY, 'not an Ed25519 public key in PEM: ' + e.message);
        }
    }
    let sig = null;
    if (bytes.has(SIGNATURE)) {
        try {
            sig = Uint8Array.from(atob(text(bytes.get(SIGNATURE)).trim()), c => c.charCodeAt(0));
            if (sig.length !== 64) throw new Error(`${sig.length} bytes, not 64`);
        } catch (e) {
            add(SIGNATURE, 'not a base64 Ed25519 signature: ' + e.message);
            sig = null;
        }
    }
    const manifest = bytes.get(MANIFEST);
    if (key && sig && manifest && !await crypto.subtle.verify({name: 'Ed25519'}, key, sig, manifest)) {
        add(MANIFEST, `its signature does not verify with the package's key ${fingerprint}`);
    }
    let pinnedOk = false;
    if (pinned) {
        const der = pemToDer(pinned.publicKeyPem);
        const want = await sha256Hex(der);
        if (fingerprint && fingerprint !== want) add(PUBLIC_KEY, `not this gateway's key: fingerprint ${fingerprint}, this gateway signs with ${want}`);
        if (sig && manifest) {
            const pinnedKey = await crypto.subtle.importKey('spki', der, {name: 'Ed25519'}, false, ['verify']);
            pinnedOk = await crypto.subtle.verify({name: 'Ed25519'}, pinnedKey, sig, manifest);
            if (!pinnedOk) add(MANIFEST, `not signed by this gateway's key ${want}`);
        }
    }
    const clips = bytes.has(MANIFEST) ? checkManifest(bytes.get(MANIFEST), fingerprint, byName, hashes, add) : 0;
    return {ok: problems.length === 0, files: byName.size, fingerprint, pinnedOk, clips, problems};
}

function checkManifest(data, fingerprint, byName, hashes, add) {
    let m;
    try {
        m = JSON.parse(text(data));
    } catch (e) {
        add(MANIFEST, 'not JSON');
        return 0;
    }
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
        add(MANIFEST, 'not a JSON object');
        return 0;
    }
    const named = m.signing && m.signing.fingerprint;
    if (typeof named === 'string' && fingerprint && named.toLowerCase() !== fingerprint) {
        add(MANIFEST, `names the signing key ${named} but the package holds ${fingerprint}`);
    }
    const clips = new Set();
    for (const cam of Array.isArray(m.cameras) ? m.cameras : []) {
        if (!cam || !Array.isArray(cam.clips)) continue;
        for (const clip of cam.clips) {
            if (!clip || typeof clip.file !== 'string') {
                add(MANIFEST, 'a clip without a file name');
                continue;
            }
            clips.add(clip.file);
            if (!byName.has(clip.file)) add(clip.file, 'named in the signed manifest but missing');
            else if (hashes.has(clip.file) && (typeof clip.sha256 !== 'string' || clip.sha256.toLowerCase() !== hashes.get(clip.file))) {
                add(clip.file, 'its SHA-256 is not the one in the signed manifest');
            }
        }
    }
    for (const name of byName.keys()) if (!STANDARD.has(name) && !clips.has(name)) add(name, 'not named in the signed manifest');
    return clips.size;
}

function parseSums(data, add) {
    const listed = new Map();
    if (!data) return listed;
    const lines = text(data).split('\n');
    lines.forEach((line, i) => {
        if (line === '' && i === lines.length - 1) return;
        const m = SUM_LINE.exec(line);
        if (!m) add(SUMS, `line ${i + 1} is not '<sha256>  <file>'`);
        else if (listed.has(m[2])) add(SUMS, `line ${i + 1} lists ${m[2]} again`);
        else listed.set(m[2], m[1]);
    });
    return listed;
}

/** The zip's entries: {name, method, size, dataStart}. Throws when the file is not a zip it can read. */
export async function readDirectory(file) {
    const tailLen = Math.min(file.size, 65535 + 22);
    const tail = new DataView(await file.slice(file.size - tailLen).arrayBuffer());
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
        if (tail.getUint32(i, true) === 0x06054b50) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
    let count = tail.getUint16(eocd + 10, true);
    let cdSize = tail.getUint32(eocd + 12, true);
    let cdOffset = tail.getUint32(eocd + 16, true);
    if (count === 0xFFFF || cdSize === 0xFFFFFFFF || cdOffset === 0xFFFFFFFF) {
        const loc = eocd - 20;
        if (loc < 0 || tail.getUint32(loc, true) !== 0x07064b50) throw new Error('a ZIP64 zip without its locator');
        const z = new DataView(await file.slice(num(tail, loc + 8), num(tail, loc + 8) + 56).arrayBuffer());
        if (z.getUint32(0, true) !== 0x06064b50) throw new Error('a ZIP64 zip without its end record');
        count = num(z, 32);
        cdSize = num(z, 40);
        cdOffset = num(z, 48);
    }
    const cd = new DataView(await file.slice(cdOffset, cdOffset + cdSize).arrayBuffer());
    const entries = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
        if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== 0x02014b50) throw new Error('the zip\'s central directory is damaged');
        const method = cd.getUint16(p + 10, true);
        let size = cd.getUint32(p + 20, true);
        const nameLen = cd.getUint16(p + 28, true);
        const extraLen = cd.getUint16(p + 30, true);
        const commentLen = cd.getUint16(p + 32, true);
        let offset = cd.getUint32(p + 42, true);
        const name = new TextDecoder().decode(new Uint8Array(cd.buffer, cd.byteOffset + p + 46, nameLen));
        // ZIP64 extra field: the 8-byte values of the fields that are 0xFFFFFFFF, in order (uncompressed, compressed, offset).
        const uncompressed = cd.getUint32(p + 24, true);
        for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
            const id = cd.getUint16(x, true);
            const len = cd.getUint16(x + 2, true);
            if (id === 0x0001) {
                let f = x + 4;
                if (uncompressed === 0xFFFFFFFF) f += 8;
                if (size === 0xFFFFFFFF) {
                    size = num(cd, f);
                    f += 8;
                }
                if (offset === 0xFFFFFFFF) offset = num(cd, f);
            }
            x += 4 + len;
        }
        const local = new DataView(await file.slice(offset, offset + 30).arrayBuffer());
        if (local.byteLength < 30 || local.getUint32(0, true) !== 0x04034b50) throw new Error(`the entry ${name} has no local header`);
        entries.push({name, method, size, dataStart: offset + 30 + local.getUint16(26, true) + local.getUint16(28, true)});
        p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
}

function num(view, at) {
    return Number(view.getBigUint64(at, true));
}

function text(data) {
    return new TextDecoder().decode(data);
}

function pemToDer(pem) {
    const m = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(pem);
    if (!m) throw new Error('no PUBLIC KEY block');
    return Uint8Array.from(atob(m[1].replace(/\s+/g, '')), c => c.charCodeAt(0));
}

async function sha256Hex(data) {
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    return [...d].map(b => b.toString(16).padStart(2, '0')).join('');
}
