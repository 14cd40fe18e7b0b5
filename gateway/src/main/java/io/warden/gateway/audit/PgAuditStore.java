package io.warden.gateway.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditHealth.Reason;
import io.warden.gateway.cluster.PgSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of a district in PostgreSQL: one chain, written by every node (see {@link PgAuditSchema}
 * for the layout, {@link PgAuditWriter} for group commits and a commit whose connection died,
 * {@link PgAuditFeed} for the records of every node). Same chain and canonical form as SQLite
 * ({@link AuditChain}). Nothing here blocks an event loop: every call is an asynchronous query on the
 * pool, and the chain walk of {@link #verify} runs on a worker thread a page at a time.
 *
 * <p>The pool must allow at least 3 connections: the feed holds one for LISTEN, the writer takes one per
 * batch, queries and checks take the others.
 */
public final class PgAuditStore implements AuditStore {
    public static final int MAX_BATCH = 500;
    static final int VERIFY_PAGE = 5_000;
    private static final Logger log = LoggerFactory.getLogger(PgAuditStore.class);

    private final Vertx vertx;
    private final Pool pool;
    private final Context ctx;
    private final PgAuditWriter writer;
    private final PgAuditFeed feed;
    private volatile boolean closed;

    private PgAuditStore(Vertx vertx, Pool pool, Context ctx, Consumer<AuditRecord> committed) {
        this.vertx = vertx;
        this.pool = pool;
        this.ctx = ctx;
        this.feed = new PgAuditFeed(vertx, pool, ctx, committed);
        this.writer = new PgAuditWriter(vertx, pool, ctx, MAX_BATCH, feed::own);
    }

    /**
     * Migrate the schema ({@link PgSchema#migrate}), then open the trail. {@code committed} receives every
     * record committed from now on by any store on this database, in seq order, each once, on this store's
     * context (the caller's, or a new event loop's); it must not block. Fails with
     * {@link ErrorCode#INTERNAL} when the database cannot be reached or migrated, or
     * {@link ErrorCode#BAD_CONFIG} when its schema is newer than this gateway.
     */
    public static Future<PgAuditStore> open(Vertx vertx, Pool pool, Consumer<AuditRecord> committed) {
        Context ctx = vertx.getOrCreateContext();
        Promise<PgAuditStore> opened = Promise.promise();
        ctx.runOnContext(v -> PgSchema.migrate(pool).compose(x -> head(pool)).map(head -> {
            PgAuditStore store = new PgAuditStore(vertx, pool, ctx, committed);
            store.feed.start(head);
            log.info("event=audit_open store=postgresql lastSeq={}", head);
            return store;
        }).recover(err -> Future.failedFuture(err instanceof WardenException ? err
                : new WardenException(ErrorCode.INTERNAL, "cannot open the audit trail in PostgreSQL: " + err.getMessage(), err)))
                .onComplete(opened));
        return opened.future();
    }

    /**
     * Queue the entry; completes once it is committed. Time truncated to microseconds. Fails with
     * {@link ErrorCode#BAD_REQUEST} for a time out of range, {@link ErrorCode#INTERNAL} when closed, when the
     * database refused or could not be reached (nothing stored), or when the connection died during
     * COMMIT and the database could not be reached to find out whether it landed (the detail says so).
     */
    @Override
    public Future<AuditRecord> append(AuditEntry entry) {
        AuditEntry normalized;
        try {
            normalized = AuditChain.forAppend(entry);
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        Promise<AuditRecord> promise = Promise.promise();
        if (closed || !writer.offer(normalized, vertx.getOrCreateContext(), promise)) {
            return Future.failedFuture(new WardenException(ErrorCode.INTERNAL, "audit store is closed"));
        }
        return promise.future();
    }

    @Override
    public Future<AuditPage> query(AuditQuery q) {
        if (closed) return closedFailure();
        StringBuilder sql = new StringBuilder("SELECT ").append(AuditColumns.SELECT_COLUMNS).append(" FROM audit WHERE seq > $1");
        Tuple args = Tuple.of(q.afterSeq());
        if (q.from() != null) args.addLong(AuditQuery.ceilMicros(q.from()));
        if (q.from() != null) sql.append(" AND time_us >= $").append(args.size());
        if (q.to() != null) args.addLong(AuditQuery.ceilMicros(q.to()));
        if (q.to() != null) sql.append(" AND time_us < $").append(args.size());
        String[][] filters = {{"site", q.site()}, {"zone", q.zone()}, {"door", q.door()}, {"actor", q.actor()},
                {"credential", q.credential()}, {"type", q.type()}, {"result", q.result()}};
        for (String[] f : filters) {
            if (f[1] == null) continue;
            args.addString(f[1]);
            sql.append(" AND ").append(f[0]).append(" = $").append(args.size());
        }
        sql.append(" ORDER BY seq LIMIT ").append(q.limit() + 1);
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<AuditRecord> items = new ArrayList<>(Math.min(q.limit() + 1, 128));
            for (Row row : rows) items.add(PgAuditSchema.read(row));
            if (items.size() <= q.limit()) return new AuditPage(List.copyOf(items), null);
            items.remove(items.size() - 1);
            return new AuditPage(List.copyOf(items), items.get(items.size() - 1).seq());
        }).recover(PgAuditStore::readFailure);
    }

    /**
     * Walk seq 1 to the head's seq when called, {@link #VERIFY_PAGE} rows per query; the hashing runs on
     * a worker thread, one page at a time, so neither memory nor an event loop carries the whole trail.
     */
    @Override
    public Future<AuditVerification> verify(List<AuditCheckpoint> checkpoints) {
        if (closed) return closedFailure();
        AuditChainWalk walk = new AuditChainWalk(checkpoints);
        return head(pool).compose(bound -> walkFrom(walk, 1, bound).map(x -> walk.finish(bound))).map(v -> {
            if (!v.ok()) log.warn("event=audit_verify_broken records={} firstBrokenSeq={} breaks={}", v.records(), v.firstBrokenSeq(),
                    v.breaks().size());
            return v;
        }).recover(PgAuditStore::readFailure);
    }

    private Future<Void> walkFrom(AuditChainWalk walk, long from, long bound) {
        if (from > bound) return Future.succeededFuture();
        return pool.preparedQuery("SELECT " + AuditColumns.SELECT_COLUMNS + " FROM audit WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT "
                + VERIFY_PAGE).execute(Tuple.of(from, bound)).compose(rows -> vertx.executeBlocking(() -> feedWalk(walk, rows)))
                .compose(next -> next < 0 ? Future.succeededFuture() : walkFrom(walk, next, bound));
    }

    /** Feeds one page to the walk; the next seq to read from, or -1 when the page was empty. */
    private static long feedWalk(AuditChainWalk walk, RowSet<Row> rows) {
        long next = -1;
        for (Row row : rows) {
            long seq = row.getLong(0);
            AuditEntry entry;
            try {
                entry = PgAuditSchema.read(row).entry();
            } catch (IllegalArgumentException unreadable) {
                entry = null;
            }
            walk.row(seq, row.getString(13), entry);
            next = seq + 1;
        }
        return next;
    }

    /** The head's seq: the highest committed by any node. */
    @Override
    public Future<Long> lastSeq() {
        if (closed) return Future.succeededFuture(writer.lastSeq());
        return head(pool).recover(PgAuditStore::readFailure);
    }

    /**
     * Reads the head and takes its row lock (the writers' lock) with a lock wait of half {@code timeout},
     * then reports the writer's last failure if any. Never fails.
     */
    @Override
    public Future<AuditHealth> check(Duration timeout) {
        if (closed) return Future.succeededFuture(AuditHealth.failed(Reason.CLOSED, "audit store is closed", writer.lastSeq()));
        Context caller = vertx.getOrCreateContext();
        Promise<AuditHealth> result = Promise.promise();
        long millis = Math.max(1, timeout.toMillis());
        long timer = vertx.setTimer(millis, id -> result.tryComplete(AuditHealth.failed(Reason.TIMEOUT, "the check of the audit database"
                + " did not finish within " + millis + " ms (database unreachable or busy)", writer.lastSeq())));
        long lockWait = Math.max(1, millis / 2);
        pool.withTransaction(c -> c.query("SET LOCAL lock_timeout = '" + lockWait + "ms'").execute()
                .compose(x -> c.query("SELECT seq FROM audit_head FOR UPDATE").execute())
                .map(rows -> rows.iterator().next().getLong(0))).onComplete(ar -> caller.runOnContext(v -> {
                    vertx.cancelTimer(timer);
                    result.tryComplete(health(ar.succeeded() ? ar.result() : null, ar.cause()));
                }));
        return result.future();
    }

    private AuditHealth health(Long head, Throwable err) {
        long committed = writer.lastSeq();
        if (err != null) {
            if (err instanceof PgException pg && "55P03".equals(pg.getSqlState())) {
                return AuditHealth.failed(Reason.LOCKED, "the audit head row is locked by another connection: " + pg.getErrorMessage(), committed);
            }
            return AuditHealth.failed(Reason.READ_FAILED, "the audit database cannot be reached or read: " + err.getMessage(), committed);
        }
        if (head < committed) {
            return AuditHealth.failed(Reason.FILE_REPLACED, "the audit trail in the database ends at seq " + head + " but seq " + committed
                    + " was committed (database restored from an older backup?)", committed);
        }
        String failure = writer.lastFailure();
        if (failure != null) return AuditHealth.failed(Reason.WRITER_FAILED, failure, committed);
        return AuditHealth.ok(head);
    }

    /** Batches committed by this store's writer since open. */
    long commits() {
        return writer.commits();
    }

    /** Answers what is queued, then stops the feed; the pool stays open (the caller owns it). */
    @Override
    public Future<Void> close() {
        closed = true;
        Context caller = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        writer.closeAfterPending().onComplete(x -> ctx.runOnContext(v -> feed.stop().onComplete(y -> {
            log.info("event=audit_close store=postgresql lastSeq={} commits={}", writer.lastSeq(), writer.commits());
            caller.runOnContext(z -> done.tryComplete());
        })));
        return done.future();
    }

    static Future<Long> head(Pool pool) {
        return pool.query("SELECT seq FROM audit_head").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private static <T> Future<T> closedFailure() {
        return Future.failedFuture(new WardenException(ErrorCode.INTERNAL, "audit store is closed"));
    }

    private static <T> Future<T> readFailure(Throwable err) {
        return Future.failedFuture(err instanceof WardenException ? err
                : new WardenException(ErrorCode.INTERNAL, "audit read from PostgreSQL failed: " + err.getMessage(), err));
    }
}
