package io.warden.gateway.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditHealth;
import io.warden.gateway.audit.AuditPage;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.audit.AuditVerification;
import io.warden.gateway.events.EventHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The trail in a list. Appends publish to the hub on the caller's thread, as the real store does
 * from its writer thread. A {@code type} filter ending in '.' matches as a prefix.
 */
final class FakeAuditStore implements AuditStore {
    private final EventHub hub;
    private final List<AuditRecord> records = new ArrayList<>();
    final List<AuditQuery> queries = new CopyOnWriteArrayList<>();
    /** Run around a query's snapshot, to append records "meanwhile". */
    volatile Consumer<AuditQuery> beforeSnapshot = q -> {};
    volatile Consumer<AuditQuery> afterSnapshot = q -> {};
    /** Answer queries on a later turn of the caller's context, as a store with its own thread does. */
    volatile boolean deferQueries;
    volatile boolean broken;

    FakeAuditStore(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public Future<AuditRecord> append(AuditEntry entry) {
        AuditRecord r;
        synchronized (this) {
            r = new AuditRecord(records.size() + 1, entry, "h" + (records.size() + 1));
            records.add(r);
        }
        hub.publish(r);
        return Future.succeededFuture(r);
    }

    @Override
    public Future<AuditPage> query(AuditQuery q) {
        if (broken) return Future.failedFuture("disk gone");
        queries.add(q);
        beforeSnapshot.accept(q);
        List<AuditRecord> page = new ArrayList<>();
        boolean more = false;
        synchronized (this) {
            for (AuditRecord r : records) {
                if (r.seq() <= q.afterSeq() || !matches(q, r.entry())) continue;
                if (page.size() == q.limit()) {
                    more = true;
                    break;
                }
                page.add(r);
            }
        }
        afterSnapshot.accept(q);
        AuditPage result = new AuditPage(page, more ? page.get(page.size() - 1).seq() : null);
        Context ctx = Vertx.currentContext();
        if (!deferQueries || ctx == null) return Future.succeededFuture(result);
        Promise<AuditPage> p = Promise.promise();
        ctx.runOnContext(v -> p.complete(result));
        return p.future();
    }

    private static boolean matches(AuditQuery q, AuditEntry e) {
        return (q.from() == null || !e.time().isBefore(q.from())) && (q.to() == null || e.time().isBefore(q.to()))
                && eq(q.site(), e.site()) && eq(q.zone(), e.zone()) && eq(q.door(), e.door()) && eq(q.actor(), e.actor())
                && eq(q.credential(), e.credential()) && eq(q.result(), e.result())
                && (q.type() == null || (q.type().endsWith(".") ? e.type().startsWith(q.type()) : q.type().equals(e.type())));
    }

    private static boolean eq(String want, String have) {
        return want == null || want.equals(have);
    }

    @Override
    public synchronized Future<AuditVerification> verify(java.util.List<io.warden.gateway.audit.AuditCheckpoint> checkpoints) {
        return Future.succeededFuture(new AuditVerification(true, records.size(), null));
    }

    @Override
    public synchronized Future<Long> lastSeq() {
        return broken ? Future.failedFuture("disk gone") : Future.succeededFuture((long) records.size());
    }

    @Override
    public synchronized Future<AuditHealth> check(Duration timeout) {
        return Future.succeededFuture(broken ? AuditHealth.failed(AuditHealth.Reason.WRITER_FAILED, "disk gone", records.size())
                : AuditHealth.ok(records.size()));
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    synchronized List<AuditRecord> all() {
        return List.copyOf(records);
    }

    synchronized List<AuditRecord> where(Predicate<AuditRecord> p) {
        return records.stream().filter(p).toList();
    }
}
