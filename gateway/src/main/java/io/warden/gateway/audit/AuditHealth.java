package io.warden.gateway.audit;

/**
 * What a check of the audit store found ({@link AuditStore#check}).
 *
 * @param reason  {@code OK}, or the first problem found
 * @param detail  for people: what is wrong and with which file
 * @param lastSeq the last seq the store committed (0 when empty)
 */
public record AuditHealth(Reason reason, String detail, long lastSeq) {

    /** Stable names: they appear in {@code /health}. */
    public enum Reason {
        OK,
        /** The store was closed (the gateway is stopping). */
        CLOSED,
        /** The writer thread is gone: no record can be stored. */
        WRITER_STOPPED,
        /** The last commit failed (a full disk, an I/O error, a lock held too long) and none succeeded since. */
        WRITER_FAILED,
        /** The database file is no longer at its path (deleted or moved); writes would go nowhere readable. */
        FILE_MISSING,
        /** The file at the path is not the one opened, or holds fewer records than were committed. */
        FILE_REPLACED,
        /** The file or its directory is not writable. */
        NOT_WRITABLE,
        /** Another connection holds a lock that keeps the writer out. */
        LOCKED,
        /** The file cannot be opened or read. */
        READ_FAILED,
        /** The check did not finish in time. */
        TIMEOUT
    }

    public boolean ok() {
        return reason == Reason.OK;
    }

    public static AuditHealth ok(long lastSeq) {
        return new AuditHealth(Reason.OK, null, lastSeq);
    }

    public static AuditHealth failed(Reason reason, String detail, long lastSeq) {
        return new AuditHealth(reason, detail, lastSeq);
    }
}
