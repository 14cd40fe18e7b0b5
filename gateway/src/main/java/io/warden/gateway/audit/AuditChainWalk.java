package io.warden.gateway.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Checks stored records, fed in ascending seq order, against the hash chain and against signed
 * checkpoints, and lists every break rather than stopping at the first. Store-agnostic: a store feeds
 * its rows; nothing here does I/O. One instance per walk, one thread.
 *
 * <p>After a break the walk goes on from the stored hash, so one edited row is one break and the rows
 * after it are still checked. A chain rewritten and recomputed from an edit onwards fits itself; only a
 * checkpoint made before the edit shows it ({@link AuditBreak.Kind#CHECKPOINT}), and a trail shorter
 * than a checkpoint says shows as {@link AuditBreak.Kind#TRUNCATED}.
 */
public final class AuditChainWalk {
    private final AuditChain chain = new AuditChain();
    private final TreeMap<Long, List<AuditCheckpoint>> checkpoints = new TreeMap<>();
    private final List<AuditBreak> breaks = new ArrayList<>();
    private String prev = AuditChain.GENESIS;
    private long expected = 1;
    private long records;

    /** @param checkpoints checkpoints whose signatures were already verified; any order */
    public AuditChainWalk(List<AuditCheckpoint> checkpoints) {
        for (AuditCheckpoint cp : checkpoints) this.checkpoints.computeIfAbsent(cp.seq(), k -> new ArrayList<>()).add(cp);
    }

    /** A break found outside the rows, e.g. a checkpoint line whose signature does not verify. */
    public void add(AuditBreak b) {
        breaks.add(b);
    }

    /**
     * The next stored row.
     *
     * @param entry the row as an entry, or null when its fields cannot form one
     */
    public void row(long seq, String storedHash, AuditEntry entry) {
        boolean afterGap = seq > expected;
        if (afterGap) breaks.add(missing(expected, seq - 1));
        boolean hashReadable = storedHash != null && storedHash.matches("[0-9a-f]{64}");
        if (entry == null) {
            breaks.add(new AuditBreak(seq, AuditBreak.Kind.UNREADABLE, "record " + seq + " cannot be read as an entry"));
        } else if (!afterGap) {
            String computed = chain.next(prev, seq, entry);
            if (!computed.equals(storedHash)) {
                breaks.add(new AuditBreak(seq, AuditBreak.Kind.HASH, "record " + seq + " does not fit the chain: stored hash "
                        + storedHash + ", computed " + computed));
            }
            if (!hashReadable) storedHash = computed;
        }
        for (AuditCheckpoint cp : checkpoints.getOrDefault(seq, List.of())) {
            if (!cp.hash().equals(storedHash)) {
                breaks.add(new AuditBreak(seq, AuditBreak.Kind.CHECKPOINT, "the checkpoint of " + cp.time() + " signed hash "
                        + cp.hash() + " for record " + seq + "; the trail now holds " + storedHash + " (rewritten)"));
            }
        }
        prev = storedHash != null && storedHash.matches("[0-9a-f]{64}") ? storedHash : AuditChain.GENESIS;
        expected = seq + 1;
        records++;
    }

    /**
     * End of the rows.
     *
     * @param bound the last seq the trail should hold (e.g. the writer's last commit); rows missing up to it are a break
     */
    public AuditVerification finish(long bound) {
        long last = expected - 1;
        if (bound > last) breaks.add(missing(expected, bound));
        checkpoints.values().stream().flatMap(List::stream).filter(cp -> cp.seq() > Math.max(last, bound))
                .max(Comparator.comparingLong(AuditCheckpoint::seq))
                .ifPresent(cp -> breaks.add(new AuditBreak(last + 1, AuditBreak.Kind.TRUNCATED, "the trail ends at seq " + last
                        + " but the checkpoint of " + cp.time() + " signed seq " + cp.seq() + " (count " + cp.count() + "): "
                        + (cp.seq() - last) + " records at the end are gone")));
        return AuditVerification.of(records, breaks);
    }

    private static AuditBreak missing(long from, long to) {
        String which = from == to ? "record " + from + " is" : "records " + from + ".." + to + " are";
        return new AuditBreak(from, AuditBreak.Kind.MISSING, which + " missing");
    }
}
