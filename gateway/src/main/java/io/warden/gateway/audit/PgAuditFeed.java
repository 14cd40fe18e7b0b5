package io.warden.gateway.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every record of the trail, whichever node wrote it, to the {@code committed} consumer of one
 * {@link PgAuditStore}: in seq order, each once, on the store's context. Its own writer's batches go
 * straight through when they follow the last record delivered; anything else is read from the table as
 * {@code seq > lastDelivered}, woken by {@code NOTIFY warden_audit} on a connection of its own (re-opened
 * when it drops) and by a poll every {@link #POLL} as a backstop. Since seqs are handed out under the
 * head row lock, a row visible at seq n means every row below n is visible too: a hole is a deleted
 * row (logged and skipped), never one still to come.
 */
final class PgAuditFeed {
    private static final Logger log = LoggerFactory.getLogger(PgAuditFeed.class);
    static final Duration POLL = Duration.ofSeconds(1);
    static final int PAGE = 500;

    private final Vertx vertx;
    private final Pool pool;
    private final Context ctx;
    private final Consumer<AuditRecord> committed;
    // ctx only
    private long delivered;
    private boolean fetching;
    private boolean again;
    private boolean stopped;
    private long poll = -1;
    private PgConnection listener;

    PgAuditFeed(Vertx vertx, Pool pool, Context ctx, Consumer<AuditRecord> committed) {
        this.vertx = vertx;
        this.pool = pool;
        this.ctx = ctx;
        this.committed = committed;
    }

    /** Deliver every record after {@code lastSeq} from now on. On ctx. */
    void start(long lastSeq) {
        delivered = lastSeq;
        poll = vertx.setPeriodic(POLL.toMillis(), id -> fetch());
        listen();
    }

    /** This node's writer committed {@code records} (consecutive seqs). On ctx. */
    void own(List<AuditRecord> records) {
        if (stopped) return;
        long first = records.get(0).seq();
        long last = records.get(records.size() - 1).seq();
        if (first == delivered + 1) {
            for (AuditRecord r : records) deliver(r);
        } else if (last > delivered) {
            fetch(); // records of other nodes come first
        }
    }

    /** Stop delivering; closes the LISTEN connection. On ctx. */
    Future<Void> stop() {
        stopped = true;
        if (poll != -1) vertx.cancelTimer(poll);
        PgConnection c = listener;
        listener = null;
        return c == null ? Future.succeededFuture() : c.close().otherwiseEmpty();
    }

    long delivered() {
        return delivered;
    }

    private void listen() {
        if (stopped) return;
        pool.getConnection().compose(c -> {
            PgConnection pg = PgConnection.cast(c);
            pg.notificationHandler(n -> {
                if (!PgAuditWriter.CHANNEL.equals(n.getChannel())) return;
                try {
                    if (Long.parseLong(n.getPayload()) <= delivered) return;
                } catch (NumberFormatException ignored) {
                    // not ours to judge: read
                }
                fetch();
            });
            pg.closeHandler(v -> {
                if (listener != pg) return;
                listener = null;
                log.warn("event=audit_feed_listen_lost action=reconnect");
                relisten();
            });
            return c.query("LISTEN " + PgAuditWriter.CHANNEL).execute().map(pg).onFailure(e -> c.close());
        }).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("event=audit_feed_listen_failed error=\"{}\" action=retry", ar.cause().getMessage());
                relisten();
            } else if (stopped) {
                ar.result().close();
            } else {
                listener = ar.result();
                fetch(); // notices sent while nobody listened
            }
        });
    }

    private void relisten() {
        if (!stopped) vertx.setTimer(POLL.toMillis(), id -> listen());
    }

    private void fetch() {
        if (stopped) return;
        if (fetching) {
            again = true;
            return;
        }
        fetching = true;
        again = false;
        pool.preparedQuery("SELECT " + AuditColumns.SELECT_COLUMNS + " FROM audit WHERE seq > $1 ORDER BY seq LIMIT " + PAGE)
                .execute(Tuple.of(delivered)).onComplete(ar -> {
                    fetching = false;
                    if (stopped) return;
                    if (ar.failed()) {
                        log.debug("event=audit_feed_read_failed error=\"{}\"", ar.cause().getMessage()); // the poll tries again
                        return;
                    }
                    int rows = 0;
                    for (Row row : ar.result()) {
                        rows++;
                        long seq = row.getLong(0);
                        if (seq <= delivered) continue;
                        if (seq > delivered + 1) {
                            log.warn("event=audit_feed_gap missingFrom={} missingTo={} action=skipped", delivered + 1, seq - 1); // deleted rows: verify names them
                        }
                        AuditRecord r;
                        try {
                            r = PgAuditSchema.read(row);
                        } catch (IllegalArgumentException unreadable) {
                            log.warn("event=audit_feed_unreadable seq={}", seq);
                            delivered = seq;
                            continue;
                        }
                        deliver(r);
                    }
                    if (rows == PAGE || again) fetch();
                });
    }

    private void deliver(AuditRecord r) {
        delivered = r.seq();
        try {
            committed.accept(r);
        } catch (RuntimeException e) {
            log.warn("event=audit_listener_failed seq={} error={}", r.seq(), e.toString());
        }
    }
}
