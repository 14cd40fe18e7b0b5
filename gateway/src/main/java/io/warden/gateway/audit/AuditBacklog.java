package io.warden.gateway.audit;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends that nobody waits for, and that are never lost: access decisions are written after the
 * door has opened, so a store that is down must not hold the door, nor drop the record. An append
 * the store refuses is kept, in order, in a bounded queue and retried every {@link #RETRY_EVERY}
 * until the store accepts it; while records are queued, new ones queue behind them so the trail
 * keeps their order. Beyond {@code capacity} a record is logged in full at error instead (the
 * queue is memory; a gateway that cannot write its trail for hours is already failing its health
 * check). Thread-safe.
 */
public final class AuditBacklog {
    private static final Logger log = LoggerFactory.getLogger(AuditBacklog.class);
    public static final int DEFAULT_CAPACITY = 100_000;
    public static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final AuditStore store;
    private final int capacity;
    /** Guarded by {@code this}: refused records by the order they were appended in, and whether a retry is scheduled or in flight. */
    private final TreeMap<Long, AuditEntry> queue = new TreeMap<>();
    private long seq;
    private boolean retrying;
    private boolean stopped;
    private long timer = -1;

    public AuditBacklog(Vertx vertx, AuditStore store, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.vertx = vertx;
        this.store = store;
        this.capacity = capacity;
    }

    public AuditBacklog(Vertx vertx, AuditStore store) {
        this(vertx, store, DEFAULT_CAPACITY);
    }

    /** Appends {@code entry} without waiting; returns at once. */
    public void append(AuditEntry entry) {
        long order;
        synchronized (this) {
            order = seq++;
            if (!queue.isEmpty() || retrying) {
                keep(order, entry);
                return;
            }
        }
        store.append(entry).onFailure(err -> {
            synchronized (this) {
                log.warn("event=audit_append_deferred type={} door={} error=\"{}\"", entry.type(), entry.door(), err.getMessage());
                keep(order, entry); // ahead of records that queued since it was appended
            }
        });
    }

    /** Records waiting for the store to accept them. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Stops retrying (records still queued are logged in full, so they are not lost silently). */
    public synchronized void stop() {
        stopped = true;
        if (timer != -1) vertx.cancelTimer(timer);
        for (AuditEntry e : queue.values()) lost(e);
        queue.clear();
    }

    private void keep(long order, AuditEntry entry) {
        if (stopped || queue.size() >= capacity) {
            lost(entry);
            return;
        }
        queue.put(order, entry);
        scheduleRetry();
    }

    private void scheduleRetry() {
        if (retrying || stopped) return;
        retrying = true;
        timer = vertx.setTimer(RETRY_EVERY.toMillis(), id -> drain());
    }

    /** Appends the queue's head until the store refuses one (then waits a second) or the queue is empty. */
    private void drain() {
        Map.Entry<Long, AuditEntry> head;
        synchronized (this) {
            timer = -1;
            head = queue.firstEntry();
            if (head == null || stopped) {
                retrying = false;
                return;
            }
        }
        store.append(head.getValue()).onComplete(ar -> {
            synchronized (this) {
                if (stopped) return;
                if (ar.succeeded()) {
                    queue.remove(head.getKey());
                    if (queue.isEmpty()) {
                        retrying = false;
                        log.info("event=audit_backlog_drained");
                        return;
                    }
                } else {
                    timer = vertx.setTimer(RETRY_EVERY.toMillis(), id -> drain());
                    return;
                }
            }
            drain();
        });
    }

    private static void lost(AuditEntry e) {
        log.error("event=audit_backlog_full entry=\"{}\"", e);
    }
}
