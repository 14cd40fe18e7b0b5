package io.warden.gateway.console;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-ins under way: what the callback needs, by {@code state}. Each is taken at most once (a replayed
 * callback finds nothing), and is forgotten {@link #TTL} after it started. At most {@code max} are held,
 * and at most {@code perSource} started from one address: beyond either, the oldest (the address's own,
 * for the second) is dropped. So someone starting sign-ins in a loop from one address pushes out only
 * their own; memory stays bounded. Thread-safe; every operation is a few map updates under a lock.
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

    private record Held(Pending pending, String source) {}

    private final int max;
    private final int perSource;
    private final LinkedHashMap<String, Held> byState = new LinkedHashMap<>();
    private final Map<String, Integer> bySource = new HashMap<>();

    OidcPendingLogins(int max, int perSource) {
        this.max = max;
        this.perSource = perSource;
    }

    /** @param source the address the sign-in started from; null counts as one address */
    synchronized void put(String state, String source, Pending p, Instant now) {
        purge(now);
        String from = String.valueOf(source);
        if (bySource.getOrDefault(from, 0) >= perSource) dropOldest(from);
        Iterator<Map.Entry<String, Held>> oldest = byState.entrySet().iterator();
        while (byState.size() >= max && oldest.hasNext()) {
            forget(oldest.next().getValue());
            oldest.remove();
        }
        byState.put(state, new Held(p, from));
        bySource.merge(from, 1, Integer::sum);
    }

    /** The sign-in {@code state} names, removed; null when unknown, already taken or expired. */
    synchronized Pending take(String state, Instant now) {
        Held h = state == null ? null : byState.remove(state);
        if (h == null) return null;
        forget(h);
        return now.isBefore(h.pending().expires()) ? h.pending() : null;
    }

    synchronized int size() {
        return byState.size();
    }

    /** Drops expired entries; they are in start order, so the scan stops at the first live one. */
    private void purge(Instant now) {
        Iterator<Map.Entry<String, Held>> it = byState.entrySet().iterator();
        while (it.hasNext()) {
            Held h = it.next().getValue();
            if (now.isBefore(h.pending().expires())) return;
            forget(h);
            it.remove();
        }
    }

    private void dropOldest(String source) {
        Iterator<Map.Entry<String, Held>> it = byState.entrySet().iterator();
        while (it.hasNext()) {
            Held h = it.next().getValue();
            if (h.source().equals(source)) {
                forget(h);
                it.remove();
                return;
            }
        }
    }

    private void forget(Held h) {
        bySource.computeIfPresent(h.source(), (k, n) -> n <= 1 ? null : n - 1);
    }
}
