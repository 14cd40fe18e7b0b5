package io.warden.gateway.api;

import java.time.Duration;

/**
 * How refused requests are limited per source and summarised. A refused request is a 401 (no or
 * unknown token) or a 403 (role lacks the permission); over the limit it is answered 429 instead.
 * Authenticated, permitted requests and the public operations (health, metrics, the contract) are
 * never limited.
 *
 * @param burst        refusals a source (remote address) may get in a row before 429
 * @param perSecond    refusals per second a source earns back (token bucket refill)
 * @param maxSources   sources tracked at once; beyond that, untracked sources share one bucket and
 *                     one audit tally, so a many-address flood cannot grow memory without bound
 * @param window       summary window: repeated refusals of one source and kind within it become one
 *                     {@code auth.refused.summary} record and log line, written when it ends
 * @param individually refusals per source, kind and window written in full (own record, own log line)
 *                     before further ones are only counted
 * @param inFullPerWindow refusals written in full per window, all sources together: each source gets a
 *                     few, but thousands of addresses at once (a botnet, spoofed sources on a flat
 *                     network) would add up to thousands of fsynced records a second; past this they
 *                     are counted into their summaries like the rest
 */
public record RefusalLimits(int burst, double perSecond, int maxSources, Duration window, int individually, int inFullPerWindow) {
    public static final int DEFAULT_BURST = 20;
    public static final double DEFAULT_PER_SECOND = 1.0;
    public static final int DEFAULT_MAX_SOURCES = 10_000;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final int DEFAULT_INDIVIDUALLY = 5;
    public static final int DEFAULT_IN_FULL_PER_WINDOW = 200;
    public static final RefusalLimits DEFAULTS = new RefusalLimits(DEFAULT_BURST, DEFAULT_PER_SECOND, DEFAULT_MAX_SOURCES,
            DEFAULT_WINDOW, DEFAULT_INDIVIDUALLY, DEFAULT_IN_FULL_PER_WINDOW);

    public RefusalLimits {
        if (burst < 1) throw new IllegalArgumentException("burst must be at least 1: " + burst);
        if (!(perSecond > 0)) throw new IllegalArgumentException("perSecond must be positive: " + perSecond);
        if (maxSources < 1) throw new IllegalArgumentException("maxSources must be at least 1: " + maxSources);
        if (window == null || window.toMillis() < 1) throw new IllegalArgumentException("window must be at least 1 ms: " + window);
        if (individually < 0) throw new IllegalArgumentException("individually must not be negative: " + individually);
        if (inFullPerWindow < 0) throw new IllegalArgumentException("inFullPerWindow must not be negative: " + inFullPerWindow);
    }

    /** With the default budget of records written in full per window. */
    public RefusalLimits(int burst, double perSecond, int maxSources, Duration window, int individually) {
        this(burst, perSecond, maxSources, window, individually, DEFAULT_IN_FULL_PER_WINDOW);
    }
}
