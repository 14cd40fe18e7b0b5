package io.warden.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.door.PgLockdownStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared database's schema, created and migrated by the gateway itself. Migration N is the
 * statements of entry N-1; applied ones are recorded in {@code warden_schema_version(version, applied_at)};
 * each owner keeps its statements beside its code. All of it runs in one transaction holding a
 * transaction-scoped advisory lock, so nodes starting together apply each migration exactly once, and a
 * failed migration leaves the database as it was.
 */
public final class PgSchema {
    private static final Logger log = LoggerFactory.getLogger(PgSchema.class);
    /** The advisory lock key of schema changes ("warden" in ASCII). */
    static final long LOCK_KEY = 0x77617264656eL;

    private PgSchema() {}

    /** In order; never edit an entry that has shipped, add one. */
    static List<List<String>> migrations() {
        return List.of(io.warden.gateway.audit.PgAuditSchema.DDL, ControllerLeases.DDL, PgLockdownStore.DDL);
    }

    /**
     * Bring the database to the latest version; nodes starting together apply each migration once.
     * Fails with {@link ErrorCode#BAD_CONFIG} when the database is at a newer version than this gateway
     * knows (a newer gateway migrated it: run that version), and with {@link ErrorCode#INTERNAL} when a
     * statement fails or the database cannot be reached.
     */
    public static Future<Void> migrate(Pool pool) {
        return migrate(pool, migrations());
    }

    static Future<Void> migrate(Pool pool, List<List<String>> migrations) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
                        // Checked rather than IF NOT EXISTS, whose notice every node would log at every start.
                        .compose(v -> conn.query("SELECT to_regclass('warden_schema_version') IS NULL").execute())
                        .compose(missing -> !missing.iterator().next().getBoolean(0) ? Future.succeededFuture()
                                : conn.query("CREATE TABLE warden_schema_version (version INTEGER PRIMARY KEY,"
                                        + " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())").execute())
                        .compose(v -> conn.query("SELECT coalesce(max(version), 0) FROM warden_schema_version").execute())
                        .compose(rows -> {
                            int current = rows.iterator().next().getInteger(0);
                            if (current > migrations.size()) {
                                return Future.failedFuture(new WardenException(ErrorCode.BAD_CONFIG, "cluster.database: the database schema is at"
                                        + " version " + current + ", newer than this gateway knows (" + migrations.size()
                                        + "); run the gateway version that migrated it"));
                            }
                            Future<Void> chain = Future.succeededFuture();
                            for (int v = current + 1; v <= migrations.size(); v++) {
                                int version = v;
                                chain = chain.compose(x -> apply(conn, version, migrations.get(version - 1)));
                            }
                            return chain;
                        }))
                .recover(err -> Future.failedFuture(err instanceof WardenException ? err
                        : new WardenException(ErrorCode.INTERNAL, "cluster.database: schema migration failed: " + err.getMessage(), err)));
    }

    private static Future<Void> apply(SqlConnection conn, int version, List<String> statements) {
        Future<Void> chain = Future.succeededFuture();
        for (String sql : statements) chain = chain.compose(x -> conn.query(sql).execute().mapEmpty());
        return chain.compose(x -> conn.preparedQuery("INSERT INTO warden_schema_version (version) VALUES ($1)").execute(Tuple.of(version)))
                .map(x -> {
                    log.info("event=db_schema_migrated version={} statements={}", version, statements.size());
                    return null;
                });
    }
}
