package io.warden.gateway.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.config.ClusterConfig;
import io.warden.gateway.config.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool to a district's shared PostgreSQL ({@code cluster.database}). */
public final class ClusterDatabase {
    private static final Logger log = LoggerFactory.getLogger(ClusterDatabase.class);
    /**
     * Connections per node: the audit writer's batch, its LISTEN connection (held), the feed, queries, verify,
     * health checks and lockdowns.
     */
    public static final int POOL_SIZE = 8;
    /**
     * Connections of the leases' own pool ({@link ControllerLeases}): one round on the wire at a time, plus
     * room for a release or a read of the leases, so that no other load can delay a renewal.
     */
    public static final int LEASE_POOL_SIZE = 2;

    private ClusterDatabase() {}

    /**
     * A pool (connections are opened lazily, so this does not touch the network). The password is the
     * secret named by {@code passwordSecret}; {@code ssl: true} requires TLS ({@link SslMode#REQUIRE}:
     * encrypted, the server's certificate not verified, as libpq's {@code sslmode=require}).
     *
     * @throws WardenException BAD_CONFIG naming {@code cluster.database.passwordSecret} when the secret is
     *                         not defined (the error never shows a value)
     */
    public static Pool pool(Vertx vertx, ClusterConfig.Database db, Secrets secrets) {
        return pool(vertx, db, secrets, POOL_SIZE);
    }

    /** As {@link #pool(Vertx, ClusterConfig.Database, Secrets)}, with {@code size} connections at most. */
    public static Pool pool(Vertx vertx, ClusterConfig.Database db, Secrets secrets, int size) {
        if (size < 1) throw new IllegalArgumentException("pool size must be at least 1: " + size);
        if (db == null) throw new WardenException(ErrorCode.BAD_CONFIG, "cluster.database is required in cluster mode");
        String ref = db.passwordSecret();
        if (ref == null || ref.isBlank()) {
            throw new WardenException(ErrorCode.BAD_CONFIG, "cluster.database.passwordSecret is required (the name of the secret holding the"
                    + " database password)");
        }
        String password = secrets.secret(ref).orElseThrow(() -> new WardenException(ErrorCode.BAD_CONFIG,
                "cluster.database.passwordSecret: no secret named " + ref + " (set the environment variable or the secrets file entry)"));
        PgConnectOptions options = new PgConnectOptions()
                .setHost(db.host() == null ? "127.0.0.1" : db.host())
                .setPort(db.port() == null ? 5432 : db.port())
                .setDatabase(db.name() == null ? "warden" : db.name())
                .setUser(db.user() == null ? "warden" : db.user())
                .setPassword(password);
        if (Boolean.TRUE.equals(db.ssl())) options.setSslMode(SslMode.REQUIRE).setSslOptions(new ClientSSLOptions().setTrustAll(true));
        log.info("event=db_pool host={} port={} database={} user={} ssl={} size={}", options.getHost(), options.getPort(),
                options.getDatabase(), options.getUser(), options.getSslMode(), size);
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(options).using(vertx).build();
    }
}
