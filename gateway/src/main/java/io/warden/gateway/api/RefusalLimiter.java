package io.warden.gateway.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per source for refused requests ({@link RefusalLimits#burst} tokens, refilled at
 * {@link RefusalLimits#perSecond}). Thread-safe without locks held across calls: every bucket
 * changes inside {@link ConcurrentHashMap#compute}, so API instances on several event loops can
 * share one limiter.
 *
 * <p>A source is a remote address, or for IPv6 its /64 ({@link #network}): one host is routinely
 * given a whole /64, and a fresh address per request must not earn a fresh burst.
 *
 * <p>At most {@link RefusalLimits#maxSources} buckets (plus the shared one) exist. A bucket that
 * has refilled completely says nothing a new one would not, so it is evicted; when the map is full
 * of buckets still draining, further sources share one bucket and are limited together.
 */
final class RefusalLimiter {
    /** The bucket of sources beyond {@code maxSources} and of requests without a remote address. */
    static final String SHARED = "";
    private static final long SWEEP_AT_MOST_EVERY = TimeUnit.SECONDS.toNanos(1);

    private final RefusalLimits limits;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    /** @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime}) */
    RefusalLimiter(RefusalLimits limits, LongSupplier nanos) {
        this.limits = limits;
        this.nanos = nanos;
        this.lastSweep = new AtomicLong(nanos.getAsLong() - SWEEP_AT_MOST_EVERY);
    }

    /**
     * Takes one token from {@code source}'s bucket: 0 when the refusal may be answered as such, else
     * the whole seconds (at least 1) until the bucket holds a token again, for {@code Retry-After}.
     */
    long take(String source) {
        long now = nanos.getAsLong();
        String key = source == null ? SHARED : network(source);
        if (!buckets.containsKey(key) && buckets.size() >= limits.maxSources()) {
            long last = lastSweep.get();
            // A full map of draining buckets must not cost a scan per request: at most one sweep a second.
            if (now - last >= SWEEP_AT_MOST_EVERY && lastSweep.compareAndSet(last, now)) sweep();
            if (buckets.size() >= limits.maxSources()) key = SHARED;
        }
        long[] wait = new long[1];
        buckets.compute(key, (k, b) -> {
            Bucket bucket = b == null ? new Bucket(limits.burst(), now) : b;
            wait[0] = bucket.take(now);
            return bucket;
        });
        return wait[0];
    }

    /**
     * The source a remote address counts as: an IPv4 address itself, an IPv6 address's /64 (e.g.
     * {@code 2001:db8:1:2::/64}; an IPv4-mapped one as IPv4). Anything not an address literal is kept
     * as is. Never looks a name up: only a literal with a ':' is parsed.
     */
    static String network(String source) {
        if (source == null || source.indexOf(':') < 0) return source;
        int zone = source.indexOf('%');
        String literal = zone < 0 ? source : source.substring(0, zone);
        if (!literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) return source;
        try {
            InetAddress a = InetAddress.getByName(literal);
            if (!(a instanceof Inet6Address)) return a.getHostAddress();
            byte[] b = a.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return source;
        }
    }

    /** Evicts every bucket that has refilled completely. */
    void sweep() {
        long now = nanos.getAsLong();
        for (String key : buckets.keySet()) buckets.computeIfPresent(key, (k, b) -> b.fullAt(now) ? null : b);
    }

    /** Buckets held now (the shared one included). */
    int sources() {
        return buckets.size();
    }

    /** Mutated only inside the map's compute, one thread at a time per key. */
    private final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / limits.perSecond()));
        }

        boolean fullAt(long now) {
            return tokens + elapsedSeconds(now) * limits.perSecond() >= limits.burst();
        }

        private void refill(long now) {
            tokens = Math.min(limits.burst(), tokens + elapsedSeconds(now) * limits.perSecond());
            at = Math.max(at, now);
        }

        private double elapsedSeconds(long now) {
            return Math.max(0, now - at) / 1e9;
        }
    }
}
