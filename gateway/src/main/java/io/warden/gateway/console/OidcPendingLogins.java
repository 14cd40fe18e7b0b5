package io.warden.gateway.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-ins under way: what the callback needs, by {@code state}. Each is taken at most once (a replayed
 * callback finds nothing), and is forgotten {@link #TTL} after it started. At most {@code max} are held:
 * beyond, the oldest is dropped (someone starting sign-ins in a loop can only push out sign-ins, who then
 * start again; memory stays bounded). Thread-safe; every operation is a few map updates under a lock.
 */
final class OidcPendingLogins {
    static final Duration TTL = Duration.ofMinutes(10);

    /**
     * @param nonce       the ID token's {@code nonce} must equal it
     * @param verifier    the PKCE code verifier (its S256 hash went to the provider)
     * @param browser     the value of the short-lived cookie that ties the callback to the browser that started it
     * @param redirectUri the redirect URI sent to the provider (the token request must repeat it)
     * @param returnTo    the local path to go to once signed in
     */
    record Pending(String nonce, String verifier, String browser, String redirectUri, String returnTo, Instant expires) {
        @Override
        public String toString() {
            return "Pending[redirectUri=" + redirectUri + ", returnTo=" + returnTo + ", expires=" + expires + "]";
        }
    }

    private final int max;
    private final LinkedHashMap<String, Pending> byState = new LinkedHashMap<>();

    OidcPendingLogins(int max) {
        this.max = max;
    }

    synchronized void put(String state, Pending p, Instant now) {
        purge(now);
        Iterator<String> oldest = byState.keySet().iterator();
        while (byState.size() >= max && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        byState.put(state, p);
    }

    /** The sign-in {@code state} names, removed; null when unknown, already taken or expired. */
    synchronized Pending take(String state, Instant now) {
        Pending p = state == null ? null : byState.remove(state);
        return p == null || !now.isBefore(p.expires()) ? null : p;
    }

    synchronized int size() {
        return byState.size();
    }

    /** Drops expired entries; they are in start order, so the scan stops at the first live one. */
    private void purge(Instant now) {
        Iterator<Map.Entry<String, Pending>> it = byState.entrySet().iterator();
        while (it.hasNext()) {
            if (now.isBefore(it.next().getValue().expires())) return;
            it.remove();
        }
    }
}
