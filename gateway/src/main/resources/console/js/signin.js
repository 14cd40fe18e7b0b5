// The sign-in page: the district's provider (OIDC) and, only when the gateway runs the demo, a local
// sign-in per role, marked as such. Already signed in: straight back to where the person came from.
import {ApiError, sessionStatus} from './api.js';
import {h} from './ui.js';

const DEMO_ROLES = [
    {role: 'viewer', what: 'sees doors, lockdowns and events'},
    {role: 'operator', what: 'also locks, unlocks and pulses doors'},
    {role: 'lockdown', what: 'also starts and releases lockdowns'},
    {role: 'investigator', what: 'sees doors; reads the audit trail, people and footage; no door control'},
    {role: 'admin', what: 'everything'},
];

/**
 * Where to go after signing in, by the gateway's own rule for returnTo: one leading "/", no "//" or "\"
 * (another host to a browser), printable ASCII without spaces only (browsers drop tabs, turning "/\t/x"
 * into "//x"), at most 2048 characters; and not this page. Anything else: "/".
 */
function returnTo() {
    const r = new URLSearchParams(location.search).get('returnTo');
    if (!r || r.length > 2048 || !/^\/[!-~]*$/.test(r) || r.includes('//') || r.includes('\\') || /^\/signin(?:[?#]|$)/.test(r)) return '/';
    return r;
}

async function demoSignIn(role, status) {
    status.textContent = `Signing in as ${role}…`;
    try {
        const res = await fetch('/auth/demo', {
            method: 'POST', credentials: 'same-origin', cache: 'no-store',
            headers: {'Content-Type': 'application/json', Accept: 'application/json'},
            body: JSON.stringify({role}),
        });
        if (!res.ok) {
            const body = await res.json().catch(() => ({}));
            throw new ApiError(res.status, body.code, body.detail, body.title);
        }
        location.assign(returnTo());
    } catch (e) {
        status.textContent = `Demo sign-in failed: ${e.message}`;
    }
}

function page(signIn) {
    const status = h('p', {class: 'signin-status', 'aria-live': 'polite'});
    const parts = [];
    if (signIn.oidc) {
        const provider = signIn.oidc.provider || 'your organisation';
        parts.push(h('section', {class: 'card signin-card', 'aria-labelledby': 'oidc-title'},
            h('h2', {id: 'oidc-title'}, 'Sign in with your work account'),
            h('p', {}, `Use the account ${provider} manages for you. Your name goes on the record of everything you do here.`),
            h('a', {class: 'btn btn-primary btn-big', href: '/auth/oidc/login?returnTo=' + encodeURIComponent(returnTo())},
                `Sign in with ${provider}`)));
    }
    if (signIn.demo) {
        parts.push(h('section', {class: 'card demo-card', 'aria-labelledby': 'demo-title'},
            h('h2', {id: 'demo-title'}, h('span', {class: 'demo-tag'}, 'DEMO'), ' Demo sign-in'),
            h('p', {}, 'This gateway runs the demo: anyone here may sign in as any role, without an account. ',
                h('strong', {}, 'Never use this on a real school\'s gateway.')),
            h('ul', {class: 'demo-roles'}, DEMO_ROLES.map(r => h('li', {},
                h('button', {type: 'button', class: 'btn demo-btn', onclick: () => demoSignIn(r.role, status)},
                    `Demo: sign in as ${r.role}`),
                h('span', {class: 'muted'}, r.what))))));
    }
    if (!signIn.oidc && !signIn.demo) {
        parts.push(h('section', {class: 'notice notice-warn'},
            h('p', {}, 'No console sign-in is set up on this gateway.'),
            h('p', {}, 'An administrator sets one up in the gateway\'s configuration (console.oidc: the district\'s Google Workspace or Microsoft Entra ID). API tokens keep working for the command line.')));
    }
    return [...parts, status];
}

async function main() {
    const root = h('main', {id: 'main', class: 'signin'},
        h('h1', {}, 'Warden'),
        h('p', {class: 'muted'}, 'Doors, lockdowns and the record of who did what, for this school.'));
    document.title = 'Sign in · Warden';
    document.body.replaceChildren(root);
    try {
        const s = await sessionStatus();
        if (s.signedIn) {
            location.replace(returnTo());
            return;
        }
        root.append(...page(s.signIn));
    } catch (e) {
        root.append(h('p', {class: 'notice notice-bad'}, `The gateway could not be reached: ${e.message}`));
    }
}

main();
