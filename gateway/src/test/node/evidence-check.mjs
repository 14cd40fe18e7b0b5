// Runs the console's in-browser evidence check (console/js/evidence.js) under Node on a package zip and
// prints its result as one JSON line; for ConsoleEvidenceCheckTest, which compares it with EvidenceVerifier.
// Usage: node evidence-check.mjs PACKAGE.zip [PINNED-KEY.pem]
import {openAsBlob, readFileSync} from 'node:fs';
import {verifyPackage} from '../../main/resources/console/js/evidence.js';

const [zip, pem] = process.argv.slice(2);
const pinned = pem ? {publicKeyPem: readFileSync(pem, 'ascii')} : null;
console.log(JSON.stringify(await verifyPackage(await openAsBlob(zip), pinned)));
