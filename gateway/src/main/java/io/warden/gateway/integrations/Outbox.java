package io.warden.gateway.integrations;

import io.warden.gateway.audit.AuditRecord;
import java.util.ArrayDeque;

/**
 * A sink's bounded queue of records waiting for its far end. When full, the newest record is refused and
 * counted: the queue keeps the oldest, so what was lost is one contiguous stretch per outage, which
 * {@link #takeDrops()} reports (and {@link Integrations} audits) by seq. Not thread-safe: one context.
 */
public final class Outbox {
    private final int capacity;
    private final ArrayDeque<AuditRecord> queue = new ArrayDeque<>();
    private long droppedTotal;
    private long pendingDrops;
    private long firstDroppedSeq;
    private long lastDroppedSeq;

    /** A stretch of records that were never queued: {@code count} of them, seq {@code firstSeq}..{@code lastSeq}. */
    public record Drops(long count, long firstSeq, long lastSeq) {}

    public Outbox(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("outbox capacity must be at least 1");
        this.capacity = capacity;
    }

    /** Queues {@code r}; false (counted as a drop) when the queue is full. */
    public boolean offer(AuditRecord r) {
        if (queue.size() < capacity) {
            queue.addLast(r);
            return true;
        }
        drop(r);
        return false;
    }

    /** Counts {@code r} as never delivered (full queue, or given up on): reported by {@link #takeDrops()}. */
    public void drop(AuditRecord r) {
        droppedTotal++;
        if (pendingDrops++ == 0) firstDroppedSeq = r.seq();
        firstDroppedSeq = Math.min(firstDroppedSeq, r.seq());
        lastDroppedSeq = Math.max(lastDroppedSeq, r.seq());
    }

    /** The oldest waiting record, or null. */
    public AuditRecord peek() {
        return queue.peekFirst();
    }

    /** Removes and returns the oldest waiting record, or null. */
    public AuditRecord poll() {
        return queue.pollFirst();
    }

    /** Puts a record taken with {@link #poll()} back at the head (its send failed); never counted as a drop. */
    public void putBack(AuditRecord r) {
        queue.addFirst(r);
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }

    public long droppedTotal() {
        return droppedTotal;
    }

    /** The drops since the last call, or null when there were none. */
    public Drops takeDrops() {
        if (pendingDrops == 0) return null;
        Drops d = new Drops(pendingDrops, firstDroppedSeq, lastDroppedSeq);
        pendingDrops = 0;
        firstDroppedSeq = 0;
        lastDroppedSeq = 0;
        return d;
    }
}
