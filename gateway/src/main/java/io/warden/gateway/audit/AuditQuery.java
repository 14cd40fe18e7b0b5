package io.warden.gateway.audit;

import java.time.Instant;

/**
 * Filters for reading the trail; null means "any". Results come in ascending {@code seq}, at most
 * {@code limit}, starting after {@code afterSeq} (the cursor of the previous page, 0 for the start).
 */
public record AuditQuery(Instant from, Instant to, String site, String zone, String door, String actor, String credential,
                         String type, String result, int limit, long afterSeq) {
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        if (afterSeq < 0) throw new IllegalArgumentException("cursor must not be negative");
    }

    public static AuditQuery all(int limit) {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, limit, 0);
    }

    public AuditQuery after(long seq) {
        return new AuditQuery(from, to, site, zone, door, actor, credential, type, result, limit, seq);
    }

    /** Stored times are whole microseconds, so {@code t >= x} and {@code t < x} both hold with x rounded up. */
    public static long ceilMicros(Instant t) {
        try {
            long micros = AuditChain.micros(t);
            return t.getNano() % 1000 == 0 ? micros : Math.addExact(micros, 1);
        } catch (ArithmeticException outOfRange) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
