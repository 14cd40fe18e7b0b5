package io.warden.gateway.cluster;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh, empty database on the machine's PostgreSQL (127.0.0.1:5432, user {@code postgres}, trust
 * authentication; {@code .ci/run} starts the server), dropped by {@link #close}. Each test class (or
 * test) takes its own, so tests never see each other's rows and may run in any order.
 * Override with WARDEN_TEST_PG_HOST / _PORT / _USER / _PASSWORD.
 */
public final class PgTestDatabase implements AutoCloseable {
    public static final String HOST = env("WARDEN_TEST_PG_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("WARDEN_TEST_PG_PORT", "5432"));
    public static final String USER = env("WARDEN_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("WARDEN_TEST_PG_PASSWORD", "");

    private final Vertx vertx;
    private final String name;

    private PgTestDatabase(Vertx vertx, String name) {
        this.vertx = vertx;
        this.name = name;
    }

    /** Creates {@code warden_test_<random>}; blocks (test setup only). */
    public static PgTestDatabase create(Vertx vertx) throws Exception {
        String name = "warden_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        admin(vertx, "CREATE DATABASE " + name);
        return new PgTestDatabase(vertx, name);
    }

    public String name() {
        return name;
    }

    public PgConnectOptions connectOptions() {
        return new PgConnectOptions().setHost(HOST).setPort(PORT).setUser(USER).setPassword(PASSWORD).setDatabase(name);
    }

    /** A pool on this database; the caller closes it. */
    public Pool pool(int size) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connectOptions()).using(vertx).build();
    }

    /** A pool on this database with {@code ddl} run on it in order (e.g. a store's tables); blocks (test setup only). */
    public Pool pool(int size, List<String> ddl) throws Exception {
        Pool pool = pool(size);
        for (String sql : ddl) pool.query(sql).execute().await(30, TimeUnit.SECONDS);
        return pool;
    }

    /** Drops the database, ending any session still on it. */
    @Override
    public void close() throws Exception {
        admin(vertx, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(Vertx vertx, String sql) throws Exception {
        PgConnectOptions o = new PgConnectOptions().setHost(HOST).setPort(PORT).setUser(USER).setPassword(PASSWORD).setDatabase("postgres");
        Pool admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(o).using(vertx).build();
        try {
            admin.query(sql).execute().await(30, TimeUnit.SECONDS);
        } finally {
            admin.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
