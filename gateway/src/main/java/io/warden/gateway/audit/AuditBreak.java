package io.warden.gateway.audit;

/**
 * One place where the trail does not hold: what is wrong and at which seq.
 *
 * @param seq    the record concerned (for {@link Kind#MISSING}, the first missing seq)
 * @param kind   what kind of break
 * @param detail for people: what was expected and what was found
 */
public record AuditBreak(long seq, Kind kind, String detail) {

    public enum Kind {
        /** The record's hash does not fit the chain: it or its predecessor was edited. */
        HASH,
        /** Seqs are missing from the trail (deleted rows, gaps). */
        MISSING,
        /** The row cannot form an entry (a required field was blanked). */
        UNREADABLE,
        /** A signed checkpoint names another hash for this seq: the chain was rewritten and recomputed. */
        CHECKPOINT,
        /** The trail ends before a signed checkpoint's seq: records at the end were deleted. */
        TRUNCATED,
        /** A checkpoint line whose signature does not verify or that cannot be read: the file was edited. */
        SIGNATURE
    }

    /** Lower-case kind, as the API and CLI show it. */
    public String kindName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
