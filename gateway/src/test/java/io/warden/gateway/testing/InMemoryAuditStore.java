package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditHealth;
import io.warden.gateway.audit.AuditPage;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.audit.AuditVerification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An audit store in memory for unit tests of its users; no hash chain. */
public final class InMemoryAuditStore implements AuditStore {
    private final List<AuditRecord> records = new ArrayList<>();
    private String failing;

    /** From now on every append fails with {@code why} (null: appends work again), as a full disk would. */
    public synchronized void failAppends(String why) {
        failing = why;
    }

    @Override
    public synchronized Future<AuditRecord> append(AuditEntry entry) {
        if (failing != null) return Future.failedFuture(new java.io.IOException(failing));
        AuditRecord r = new AuditRecord(records.size() + 1, entry, "-");
        records.add(r);
        return Future.succeededFuture(r);
    }

    @Override
    public synchronized Future<AuditPage> query(AuditQuery q) {
        List<AuditRecord> page = new ArrayList<>();
        Long next = null;
        for (AuditRecord r : records) {
            AuditEntry e = r.entry();
            if (r.seq() <= q.afterSeq() || (q.from() != null && e.time().isBefore(q.from())) || (q.to() != null && !e.time().isBefore(q.to()))
                    || !match(q.site(), e.site()) || !match(q.zone(), e.zone()) || !match(q.door(), e.door()) || !match(q.actor(), e.actor())
                    || !match(q.credential(), e.credential()) || !match(q.type(), e.type()) || !match(q.result(), e.result())) {
                continue;
            }
            if (page.size() == q.limit()) {
                next = page.get(page.size() - 1).seq();
                break;
            }
            page.add(r);
        }
        return Future.succeededFuture(new AuditPage(page, next));
    }

    private static boolean match(String filter, String value) {
        return filter == null || Objects.equals(filter, value);
    }

    @Override
    public Future<AuditVerification> verify(java.util.List<io.warden.gateway.audit.AuditCheckpoint> checkpoints) {
        return Future.succeededFuture(new AuditVerification(true, records.size(), null));
    }

    @Override
    public synchronized Future<Long> lastSeq() {
        return Future.succeededFuture((long) records.size());
    }

    @Override
    public synchronized Future<AuditHealth> check(Duration timeout) {
        return Future.succeededFuture(AuditHealth.ok(records.size()));
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    /** Every record so far, in order. */
    public synchronized List<AuditRecord> records() {
        return List.copyOf(records);
    }

    /** Records of one type, in order. */
    public synchronized List<AuditEntry> entries(String type) {
        return records.stream().map(AuditRecord::entry).filter(e -> e.type().equals(type)).toList();
    }
}
