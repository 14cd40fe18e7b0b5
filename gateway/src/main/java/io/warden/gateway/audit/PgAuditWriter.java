package io.warden.gateway.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one {@link PgAuditStore}: appends queue in call order and are committed in groups,
 * one transaction at a time, on the store's context (no thread of its own: every step is a database
 * round trip). Each transaction takes the head row {@code FOR UPDATE}, chains from the hash it holds,
 * inserts the batch, moves the head and notifies {@code warden_audit}; so stores on other nodes wait
 * their turn and seqs follow commit order.
 *
 * <p>A batch whose transaction fails before COMMIT was sent fails as a whole (nothing landed). When the
 * connection dies while COMMIT is in flight, the outcome is resolved on a new connection before any
 * append of the batch is answered: the old backend is ended if it still runs, the head row lock is taken
 * (so its transaction has finished either way) and the batch id is looked up. Only when even that cannot
 * reach the database after a few tries does the batch fail as "outcome unknown" (never acknowledged, so
 * nothing acknowledged can be lost; it may be in the trail, and the feed delivers it if so).
 */
final class PgAuditWriter {
    private static final Logger log = LoggerFactory.getLogger(PgAuditWriter.class);
    static final String CHANNEL = PgAuditSchema.CHANNEL;
    private static final long[] RESOLVE_BACKOFF_MS = {0, 250, 1000, 2000};

    private record Pending(AuditEntry entry, Context context, Promise<AuditRecord> promise) {}

    /** The transaction may have committed: its fate is to be looked up. */
    private static final class InDoubt extends RuntimeException {
        InDoubt(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Vertx vertx;
    private final Pool pool;
    private final Context ctx;
    private final int maxBatch;
    private final Consumer<List<AuditRecord>> committed;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Promise<Void> drained = Promise.promise();
    private final AuditChain chain = new AuditChain(); // ctx only
    private boolean closing; // guarded by queue
    private boolean writing; // ctx only
    private volatile long lastSeq;
    private volatile long commits;
    private volatile String lastFailure;

    /** @param committed told on {@code ctx} of each committed batch, in commit order, before its appends hear back */
    PgAuditWriter(Vertx vertx, Pool pool, Context ctx, int maxBatch, Consumer<List<AuditRecord>> committed) {
        this.vertx = vertx;
        this.pool = pool;
        this.ctx = ctx;
        this.maxBatch = maxBatch;
        this.committed = committed;
    }

    /** Queue an append; false once closing. Any thread. */
    boolean offer(AuditEntry entry, Context context, Promise<AuditRecord> promise) {
        synchronized (queue) {
            if (closing) return false;
            queue.add(new Pending(entry, context, promise));
        }
        ctx.runOnContext(v -> pump());
        return true;
    }

    /** Refuse further appends; completes once every queued append was answered. */
    Future<Void> closeAfterPending() {
        synchronized (queue) {
            closing = true;
        }
        ctx.runOnContext(v -> pump());
        return drained.future();
    }

    /** The last seq this writer committed (0 before its first). */
    long lastSeq() {
        return lastSeq;
    }

    long commits() {
        return commits;
    }

    /** Why the last batch failed when none succeeded since, else null. */
    String lastFailure() {
        return lastFailure;
    }

    private void pump() {
        if (writing) return;
        List<Pending> batch = new ArrayList<>();
        boolean done;
        synchronized (queue) {
            while (batch.size() < maxBatch && !queue.isEmpty()) batch.add(queue.poll());
            done = batch.isEmpty() && closing;
        }
        if (done) drained.tryComplete();
        if (batch.isEmpty()) return;
        writing = true;
        write(batch).onComplete(ar -> {
            writing = false;
            pump();
        });
    }

    /** Commit one batch and answer its appends; never fails. */
    private Future<Void> write(List<Pending> batch) {
        UUID id = UUID.randomUUID();
        List<AuditRecord> records = new ArrayList<>(batch.size());
        int[] pid = {0};
        return pool.getConnection().compose(conn -> {
            pid[0] = PgConnection.cast(conn).processId();
            return conn.begin().compose(tx -> transaction(conn, tx, batch, id, records)).eventually(conn::close);
        }).transform(ar -> {
            if (ar.succeeded()) {
                succeeded(batch, records);
                return Future.succeededFuture();
            }
            if (ar.cause() instanceof InDoubt doubt) return resolve(batch, records, id, pid[0], doubt.getCause(), 0);
            failed(batch, "audit record not stored: the audit database refused or could not be reached: " + ar.cause().getMessage(),
                    ar.cause());
            return Future.succeededFuture();
        });
    }

    private Future<Void> transaction(SqlConnection conn, Transaction tx, List<Pending> batch, UUID id, List<AuditRecord> records) {
        boolean[] commitSent = {false};
        return conn.query("SELECT seq, hash FROM audit_head FOR UPDATE").execute().compose(head -> {
            Row row = head.iterator().next();
            long seq = row.getLong(0);
            String hash = row.getString(1);
            for (Pending p : batch) {
                seq++;
                hash = chain.next(hash, seq, p.entry());
                records.add(new AuditRecord(seq, p.entry(), hash));
            }
            return conn.preparedQuery(PgAuditSchema.APPEND).execute(PgAuditSchema.append(records, id))
                    .compose(x -> {
                        commitSent[0] = true;
                        return tx.commit();
                    });
        }).recover(err -> {
            // The server answering COMMIT with an error means it did not commit; anything else after sending it may have.
            if (commitSent[0] && !(err instanceof PgException)) return Future.failedFuture(new InDoubt(err));
            records.clear();
            return tx.rollback().otherwiseEmpty().compose(x -> Future.failedFuture(err));
        });
    }

    /**
     * Find out whether batch {@code id} landed: end the old backend if it still runs, wait for the head row
     * (its transaction is over once the lock is free), then look the batch up.
     */
    private Future<Void> resolve(List<Pending> batch, List<AuditRecord> records, UUID id, int pid, Throwable cause, int attempt) {
        if (attempt == 0) log.warn("event=audit_commit_in_doubt batch={} records={} error=\"{}\"", id, batch.size(), cause.toString());
        Promise<Void> wait = Promise.promise();
        vertx.setTimer(Math.max(1, RESOLVE_BACKOFF_MS[attempt]), t -> wait.complete());
        return wait.future().compose(x -> pool.withTransaction(c -> c.query("SET LOCAL lock_timeout = '2s'").execute()
                .compose(r -> c.preparedQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1"
                        + " AND datname = current_database() AND usename = current_user AND backend_xid IS NOT NULL").execute(Tuple.of(pid)))
                .compose(r -> c.query("SELECT seq FROM audit_head FOR UPDATE").execute())
                .compose(r -> c.preparedQuery("SELECT count(*) FROM audit WHERE batch = $1").execute(Tuple.of(id)))
                .map(r -> r.iterator().next().getLong(0)))).transform(ar -> {
                    if (ar.succeeded()) {
                        boolean landed = ar.result() == records.size();
                        log.warn("event=audit_commit_resolved batch={} landed={} rows={}", id, landed, ar.result());
                        if (landed) succeeded(batch, records);
                        else failed(batch, "audit record not stored: the connection to the audit database was lost during commit"
                                + " and the batch did not land: " + cause.getMessage(), cause);
                        return Future.succeededFuture();
                    }
                    if (attempt + 1 < RESOLVE_BACKOFF_MS.length) return resolve(batch, records, id, pid, cause, attempt + 1);
                    log.error("event=audit_commit_unresolved batch={} records={} error=\"{}\"", id, batch.size(), ar.cause().toString());
                    failed(batch, "audit record outcome unknown: the connection to the audit database was lost during commit and"
                            + " the database cannot be reached to check (batch " + id + "): " + ar.cause().getMessage(), cause);
                    return Future.succeededFuture();
                });
    }

    private void succeeded(List<Pending> batch, List<AuditRecord> records) {
        lastSeq = records.get(records.size() - 1).seq();
        commits++;
        lastFailure = null;
        committed.accept(records);
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            AuditRecord r = records.get(i);
            p.context().runOnContext(v -> p.promise().complete(r));
        }
    }

    private void failed(List<Pending> batch, String message, Throwable cause) {
        log.warn("event=audit_commit_failed records={} error=\"{}\"", batch.size(), message);
        lastFailure = message;
        WardenException failure = new WardenException(ErrorCode.INTERNAL, message, cause);
        for (Pending p : batch) p.context().runOnContext(v -> p.promise().fail(failure));
    }
}
