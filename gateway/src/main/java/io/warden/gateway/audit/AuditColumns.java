package io.warden.gateway.audit;

/**
 * The columns of a stored record, shared by every SQL store (SQLite, PostgreSQL) so a trail has the same
 * shape wherever it lives: {@code seq}, {@code time_us} (microseconds since the epoch, UTC, the value
 * {@link AuditChain} hashes), the entry's text fields in canonical order, and the chain {@code hash}.
 */
public final class AuditColumns {
    /** The entry columns in canonical order, after {@code seq} and {@code time_us}. */
    public static final String[] TEXT_COLUMNS = {
            "type", "actor", "source", "site", "zone", "door", "camera", "credential", "action", "result", "detail"};

    /** seq (1), time_us (2), the text columns (3..13), hash (14). */
    public static final String SELECT_COLUMNS = "seq, time_us, " + String.join(", ", TEXT_COLUMNS) + ", hash";

    private AuditColumns() {}

    /** The entry's text fields in {@link #TEXT_COLUMNS} order (nulls kept). */
    public static String[] texts(AuditEntry e) {
        return new String[] {e.type(), e.actor(), e.source(), e.site(), e.zone(), e.door(), e.camera(), e.credential(), e.action(),
                e.result(), e.detail()};
    }

    /**
     * The entry of a stored row.
     *
     * @throws IllegalArgumentException when the fields cannot form an entry (a blank type)
     */
    public static AuditEntry entry(long timeMicros, String[] t) {
        return new AuditEntry(AuditChain.instant(timeMicros), t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10]);
    }
}
