package io.warden.gateway.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.audit.AuditVerification;
import io.warden.gateway.audit.PgAuditStore;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.cluster.ClusterDatabase;
import io.warden.gateway.cluster.PgTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Audit ingest of a district: {@code bench.nodes} (3) {@link PgAuditStore}s, each on its own Vert.x
 * instance and pool as a node would be, with {@code bench.appenders} (64) concurrent appenders each, into
 * one PostgreSQL trail for {@code bench.seconds} (10), beside one {@link SqliteAuditStore} with the same
 * number of appenders per store in the same run. An appender appends, waits for the commit, and appends
 * again. Also shows that every node's feed received every record of every node.
 *
 * <p>Run: {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java
 * -Dexec.mainClass=io.warden.gateway.bench.PgAuditIngestBench} (PostgreSQL at 127.0.0.1:5432 as for the tests).
 */
public final class PgAuditIngestBench {

    public static void main(String[] args) throws Exception {
        int nodes = Integer.getInteger("bench.nodes", 3);
        int appenders = Integer.getInteger("bench.appenders", 64);
        Duration run = Duration.ofSeconds(Long.getLong("bench.seconds", 10L));
        Path dir = Files.createTempDirectory("warden-pg-audit-bench");
        Vertx admin = Vertx.vertx();
        try {
            System.out.println("warm-up");
            sqlite(dir.resolve("warmup.db"), appenders, Duration.ofSeconds(2));
            postgres(admin, nodes, appenders, Duration.ofSeconds(2));
            System.out.println("SQLite, 1 store x " + appenders + " appenders, " + run.toSeconds() + " s");
            Result lite = sqlite(dir.resolve("audit.db"), appenders, run);
            System.out.println("PostgreSQL, " + nodes + " stores x " + appenders + " appenders, " + run.toSeconds() + " s");
            Result pg = postgres(admin, nodes, appenders, run);
            System.out.println();
            System.out.println("| store | appenders | records | records/s | ratio to SQLite | chain |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.printf("| SqliteAuditStore, 1 node | %d | %d | %.0f | 1.00 | %s |%n", appenders, lite.records, lite.rate(), lite.chain);
            System.out.printf("| PgAuditStore, %d nodes | %d | %d | %.0f | %.2f | %s |%n", nodes, nodes * appenders, pg.records, pg.rate(),
                    pg.rate() / lite.rate(), pg.chain);
            System.out.println(pg.note);
        } finally {
            admin.close().await(30, TimeUnit.SECONDS);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private record Result(long records, Duration took, String chain, String note) {
        double rate() {
            return records * 1e9 / took.toNanos();
        }
    }

    private static Result sqlite(Path file, int appenders, Duration run) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            SqliteAuditStore store = SqliteAuditStore.open(vertx, file).await(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            long records = drive(vertx, List.of(store), appenders, run);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            AuditVerification v = store.verify().await(120, TimeUnit.SECONDS);
            store.close().await(30, TimeUnit.SECONDS);
            return new Result(records, took, v.ok() + " (" + v.records() + ")", "");
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static Result postgres(Vertx admin, int nodes, int appenders, Duration run) throws Exception {
        try (PgTestDatabase db = PgTestDatabase.create(admin)) {
            List<Vertx> vertxes = new ArrayList<>();
            List<AuditStore> stores = new ArrayList<>();
            List<AtomicLong> fed = new ArrayList<>();
            try {
                for (int n = 0; n < nodes; n++) {
                    Vertx v = Vertx.vertx();
                    vertxes.add(v);
                    Pool pool = nodePool(v, db);
                    AtomicLong count = new AtomicLong();
                    fed.add(count);
                    stores.add(PgAuditStore.open(v, pool, r -> count.incrementAndGet()).await(30, TimeUnit.SECONDS));
                }
                long start = System.nanoTime();
                long records = drive(admin, stores, appenders, run);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (fed.stream().anyMatch(c -> c.get() < records) && System.nanoTime() < deadline) Thread.sleep(50);
                AuditVerification v = stores.get(0).verify().await(120, TimeUnit.SECONDS);
                String note = "records each node's feed received: " + fed.stream().map(AtomicLong::get).toList() + " of " + records;
                for (AuditStore s : stores) s.close().await(30, TimeUnit.SECONDS);
                return new Result(records, took, v.ok() + " (" + v.records() + ")", note);
            } finally {
                for (Vertx v : vertxes) v.close().await(30, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code appenders} closed loops per store until {@code run} is over; the records committed. */
    private static long drive(Vertx vertx, List<? extends AuditStore> stores, int appenders, Duration run) throws Exception {
        long end = System.nanoTime() + run.toNanos();
        AtomicLong committed = new AtomicLong();
        List<Future<Void>> loops = new ArrayList<>();
        for (AuditStore store : stores) {
            for (int a = 0; a < appenders; a++) {
                String actor = "appender-" + a;
                Context ctx = vertx.getOrCreateContext();
                Promise<Void> done = Promise.promise();
                loops.add(done.future());
                ctx.runOnContext(v -> loop(store, actor, end, committed, done));
            }
        }
        Future.all(loops).await(run.toSeconds() + 60, TimeUnit.SECONDS);
        return committed.get();
    }

    private static void loop(AuditStore store, String actor, long end, AtomicLong committed, Promise<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete();
            return;
        }
        long n = committed.get();
        AuditEntry e = new AuditEntry(Instant.now(), "credential.read", actor, null, "site-" + (n % 50), "zone-" + (n % 200),
                "door-" + (n % 3000), null, "H10301:40:" + (n % 20_000), "read", "granted", null);
        store.append(e).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
                return;
            }
            committed.incrementAndGet();
            loop(store, actor, end, committed, done);
        });
    }

    /** A pool of the size a node's {@link ClusterDatabase} gives, on the bench database. */
    private static Pool nodePool(Vertx vertx, PgTestDatabase db) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(ClusterDatabase.POOL_SIZE)).connectingTo(db.connectOptions()).using(vertx)
                .build();
    }
}
