package io.warden.gateway.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.config.ClusterConfig;
import io.warden.gateway.config.Secrets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
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

    /** How long opening a TCP connection to the database may take. */
    public static final int CONNECT_TIMEOUT_MS = 5_000;
    /** How long a query may wait for a connection of the pool (opening one included) before it fails. */
    public static final int ACQUIRE_TIMEOUT_MS = 5_000;

    /**
     * A pool (connections are opened lazily, so this does not touch the network). The password is the
     * secret named by {@code passwordSecret}. {@code ssl: true} is libpq's {@code verify-full}: TLS required, the
     * server's certificate must chain to the JVM's trust store (or to {@code caFile} alone) and name the host.
     * A database that does not answer (black-holed, or accepting and then silent) fails a query within
     * {@link #ACQUIRE_TIMEOUT_MS} instead of the OS's TCP timeouts; TCP keepalive finds dead idle connections.
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
        PgConnectOptions options = connectOptions(db, password);
        log.info("event=db_pool host={} port={} database={} user={} ssl={} caFile={} size={}", options.getHost(), options.getPort(),
                options.getDatabase(), options.getUser(), options.getSslMode(), db.caFile() == null ? "-" : db.caFile(), size);
        return PgBuilder.pool().with(poolOptions(size)).with(netOptions()).connectingTo(options).using(vertx).build();
    }

    /** What to connect to, as whom, and how TLS is verified. */
    static PgConnectOptions connectOptions(ClusterConfig.Database db, String password) {
        PgConnectOptions options = new PgConnectOptions()
                .setHost(db.host() == null ? "127.0.0.1" : db.host())
                .setPort(db.port() == null ? 5432 : db.port())
                .setDatabase(db.name() == null ? "warden" : db.name())
                .setUser(db.user() == null ? "warden" : db.user())
                .setPassword(password);
        if (Boolean.TRUE.equals(db.ssl())) options.setSslMode(SslMode.VERIFY_FULL).setSslOptions(sslOptions(db.caFile()));
        return options;
    }

    /** Verify-full: chain to {@code caFile} when given, else to the JVM's default trust store; the host name checked; never trust-all. */
    static ClientSSLOptions sslOptions(String caFile) {
        TrustOptions trust;
        if (caFile != null) {
            trust = new PemTrustOptions().addCertPath(caFile);
        } else {
            try {
                TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                jvm.init((KeyStore) null); // the JVM's default store (cacerts, or javax.net.ssl.trustStore)
                trust = TrustOptions.wrap(jvm);
            } catch (GeneralSecurityException e) {
                throw new WardenException(ErrorCode.BAD_CONFIG, "cluster.database.ssl: the JVM's trust store cannot be read (" + e.getMessage() + ")");
            }
        }
        return new ClientSSLOptions().setTrustAll(false).setTrustOptions(trust).setHostnameVerificationAlgorithm("HTTPS");
    }

    /** At most {@code size} connections; a query waits at most {@link #ACQUIRE_TIMEOUT_MS} for one. */
    static PoolOptions poolOptions(int size) {
        return new PoolOptions().setMaxSize(size).setConnectionTimeout(ACQUIRE_TIMEOUT_MS).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /** TCP: connect within {@link #CONNECT_TIMEOUT_MS}; keepalive on, so a connection to a vanished server is dropped. */
    static NetClientOptions netOptions() {
        return new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpKeepAlive(true);
    }
}
