package io.warden.gateway.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditChain;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditVerification;
import io.warden.gateway.audit.SqliteAuditSchema;
import io.warden.gateway.audit.SqliteAuditStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Audit store benchmark, all in one run:
 * <ol>
 *   <li>ingest through {@link SqliteAuditStore} (durable: each append completes after its group commit,
 *       WAL + synchronous=FULL), one appender at a time and many concurrent appenders;</li>
 *   <li>beside a bare JDBC insert loop on a fresh file with the same schema and settings: one commit per
 *       insert (as durable as ours) and one transaction for everything (the upper bound), with hashes
 *       computed beforehand so the loop is SQLite only;</li>
 *   <li>query latency at {@code bench.rows} rows. The rows are bulk-loaded straight into the schema with
 *       plain JDBC (synchronous=OFF, 200k rows per transaction, indexes built after the load) and a real
 *       hash chain computed on the way, then the store opens the file and runs filtered queries one at a
 *       time; the full chain verify is timed last.</li>
 * </ol>
 *
 * <p>Run: {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java}. Properties:
 * {@code bench.rows} (10,000,000), {@code bench.ingest} (20,000), {@code bench.appenders} (64),
 * {@code bench.queries} (200 per shape), {@code bench.dir} (a temp dir, deleted after), {@code bench.verify} (true),
 * {@code bench.reuse} (false; true skips the bulk load when {@code bench.dir} already holds {@code big.db}
 * of the same row count).
 */
public final class AuditStoreBench {
    static final Instant START = Instant.parse("2025-01-06T07:00:00Z");
    static final int SITES = 25;
    static final int DOORS = 500;
    static final int ZONES_PER_SITE = 4;
    static final int CARDS = 20_000;

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.rows", 10_000_000L);
        int ingest = Integer.getInteger("bench.ingest", 20_000);
        int appenders = Integer.getInteger("bench.appenders", 64);
        int queries = Integer.getInteger("bench.queries", 200);
        boolean verify = Boolean.parseBoolean(System.getProperty("bench.verify", "true"));
        String dirProp = System.getProperty("bench.dir");
        Path dir = dirProp != null ? Files.createDirectories(Path.of(dirProp)) : Files.createTempDirectory("warden-audit-bench");
        Vertx vertx = Vertx.vertx();
        try {
            List<String> ingestRows = new ArrayList<>();
            progress("warm-up");
            ours(vertx, dir.resolve("warmup-ours.db"), 5_000, appenders);
            bare(dir.resolve("warmup-bare.db"), 5_000, false);
            // Commit-per-record rows side by side: fsync cost drifts over minutes on shared disks.
            int each = Math.min(ingest, 2_000);
            progress("bare, commit each");
            double bareEach = bare(dir.resolve("bare-each.db"), each, true);
            progress("ours, 1 appender");
            double oursOne = ours(vertx, dir.resolve("ours-1.db"), each, 1);
            progress("ours, " + appenders + " appenders");
            double oursMany = ours(vertx, dir.resolve("ours-n.db"), ingest, appenders);
            progress("bare, one transaction");
            double bareOne = bare(dir.resolve("bare-one.db"), ingest, false);
            ingestRows.add(row("SqliteAuditStore, 1 appender (commit per append)", oursOne));
            ingestRows.add(row("SqliteAuditStore, " + appenders + " concurrent appenders", oursMany));
            ingestRows.add(row("bare JDBC insert loop, commit per insert", bareEach));
            ingestRows.add(row("bare JDBC insert loop, one transaction", bareOne));

            Path big = dir.resolve("big.db");
            String load;
            if (Boolean.getBoolean("bench.reuse") && Files.exists(big)) {
                load = "reused " + big;
            } else {
                progress("loading " + rows + " rows");
                long t0 = System.nanoTime();
                AuditBenchData.load(big, rows);
                load = String.format("bulk load %.0f s", (System.nanoTime() - t0) / 1e9);
            }
            SqliteAuditStore store = SqliteAuditStore.open(vertx, big).await(10, TimeUnit.MINUTES);
            List<String> queryRows = new ArrayList<>();
            long span = AuditBenchData.spanSeconds(rows);
            queryRows.add(queries(store, "door + 1 h window", queries, r -> window(r, span, 3600, null, door(r))));
            queryRows.add(queries(store, "door + 1 day window", queries, r -> window(r, span, 86_400, null, door(r))));
            queryRows.add(queries(store, "zone + 1 h window", queries, r -> window(r, span, 3600, zone(r), null)));
            queryRows.add(queries(store, "credential, all time", queries,
                    r -> new AuditQuery(null, null, null, null, null, null, "card-" + r.nextInt(CARDS), null, null, 100, 0)));
            queryRows.add(queries(store, "type+result + 1 day", queries, r -> {
                long from = r.nextLong(Math.max(1, span - 86_400));
                return new AuditQuery(START.plusSeconds(from), START.plusSeconds(from + 86_400), null, null, null, null, null,
                        "door.forced", "alarm", 100, 0);
            }));
            queryRows.add(queries(store, "no filter, page at random cursor", queries,
                    r -> AuditQuery.all(100).after(r.nextLong(rows))));
            String verifyLine = "verify: skipped (-Dbench.verify=false)";
            if (verify) {
                progress("verify");
                long v0 = System.nanoTime();
                AuditVerification v = store.verify().await(60, TimeUnit.MINUTES);
                double vs = (System.nanoTime() - v0) / 1e9;
                verifyLine = String.format("verify: %s over %,d records in %.1f s (%,.0f records/s)", v.ok() ? "ok" : "BROKEN at " + v.firstBrokenSeq(),
                        v.records(), vs, v.records() / vs);
            }
            store.close().await(1, TimeUnit.MINUTES);

            System.out.printf("%nAudit ingest (%,d records per row except commit-per-insert rows: %,d; WAL, synchronous=FULL, %d cores)%n",
                    ingest, Math.min(ingest, 2_000), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-52s %12s%n", "scenario", "records/s");
            ingestRows.forEach(System.out::println);
            System.out.printf("ratio SqliteAuditStore(%d appenders) / bare commit per insert : %6.1f x%n", appenders, oursMany / bareEach);
            System.out.printf("ratio SqliteAuditStore(%d appenders) / bare one transaction   : %6.2f x%n", appenders, oursMany / bareOne);
            System.out.printf("ratio SqliteAuditStore(1 appender)    / bare commit per insert : %6.2f x%n", oursOne / bareEach);
            System.out.printf("%nQuery latency at %,d rows (%s, file %,d MB); %d queries per shape, limit 100, one at a time%n",
                    rows, load, (Files.size(big) + walSize(big)) >> 20, queries);
            System.out.printf("%-36s %9s %9s %9s %9s%n", "shape", "p50 ms", "p99 ms", "max ms", "avg rows");
            queryRows.forEach(System.out::println);
            System.out.println(verifyLine);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            if (dirProp == null) AuditBenchData.deleteTree(dir);
        }
    }

    private static void fresh(Path db) throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm", ".lock"}) Files.deleteIfExists(Path.of(db + suffix));
    }

    private static long walSize(Path db) throws Exception {
        Path wal = Path.of(db + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    private static String door(SplittableRandom r) {
        return "door-" + r.nextInt(DOORS);
    }

    private static String zone(SplittableRandom r) {
        int site = r.nextInt(SITES);
        return "site-" + site + "-zone-" + r.nextInt(ZONES_PER_SITE);
    }

    private static AuditQuery window(SplittableRandom r, long span, long seconds, String zone, String door) {
        long from = r.nextLong(Math.max(1, span - seconds));
        return new AuditQuery(START.plusSeconds(from), START.plusSeconds(from + seconds), null, zone, door, null, null, null, null, 100, 0);
    }

    private static String row(String name, double rate) {
        return String.format("%-52s %,12.0f", name, rate);
    }

    private static void progress(String what) {
        System.err.printf("%tT %s...%n", System.currentTimeMillis(), what);
    }

    /** Records per second through the store with {@code appenders} appends in flight, spread over 4 contexts. */
    private static double ours(Vertx vertx, Path file, int n, int appenders) throws Exception {
        fresh(file);
        SqliteAuditStore store = SqliteAuditStore.open(vertx, file).await(1, TimeUnit.MINUTES);
        AtomicInteger issued = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(appenders);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Context> contexts = new ArrayList<>();
        for (int i = 0; i < Math.min(4, appenders); i++) contexts.add(vertx.getOrCreateContext());
        long t0 = System.nanoTime();
        for (int a = 0; a < appenders; a++) {
            contexts.get(a % contexts.size()).runOnContext(v -> appendLoop(store, issued, n, done, failure));
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        store.close().await(1, TimeUnit.MINUTES);
        if (failure.get() != null) throw new IllegalStateException("append failed", failure.get());
        return n / seconds;
    }

    private static void appendLoop(SqliteAuditStore store, AtomicInteger issued, int n, CountDownLatch done, AtomicReference<Throwable> failure) {
        int i = issued.getAndIncrement();
        if (i >= n) {
            done.countDown();
            return;
        }
        Future<?> f = store.append(AuditBenchData.entry(new SplittableRandom(i), i));
        f.onComplete(ar -> {
            if (ar.failed()) failure.compareAndSet(null, ar.cause());
            appendLoop(store, issued, n, done, failure);
        });
    }

    /** Records per second of a plain insert loop: auto-commit (one durable commit each) or one transaction. */
    private static double bare(Path file, int n, boolean commitEach) throws Exception {
        AuditEntry[] entries = new AuditEntry[n];
        String[] hashes = new String[n];
        AuditChain chain = new AuditChain();
        String prev = AuditChain.GENESIS;
        for (int i = 0; i < n; i++) {
            entries[i] = AuditBenchData.entry(new SplittableRandom(i), i);
            prev = hashes[i] = chain.next(prev, i + 1, entries[i]);
        }
        fresh(file);
        try (Connection c = SqliteAuditSchema.connect(file, true, Duration.ofSeconds(5))) {
            SqliteAuditSchema.create(c);
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement(); PreparedStatement ps = c.prepareStatement(SqliteAuditSchema.INSERT)) {
                if (!commitEach) s.execute("BEGIN IMMEDIATE");
                for (int i = 0; i < n; i++) {
                    SqliteAuditSchema.bind(ps, i + 1, entries[i], hashes[i]);
                    ps.executeUpdate();
                }
                if (!commitEach) s.execute("COMMIT");
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static String queries(SqliteAuditStore store, String name, int n, Function<SplittableRandom, AuditQuery> make) throws Exception {
        progress("queries: " + name);
        SplittableRandom r = new SplittableRandom(name.hashCode());
        for (int i = 0; i < Math.max(10, n / 10); i++) store.query(make.apply(r)).await(1, TimeUnit.MINUTES);
        long[] nanos = new long[n];
        long rowsSeen = 0;
        for (int i = 0; i < n; i++) {
            AuditQuery q = make.apply(r);
            long t0 = System.nanoTime();
            rowsSeen += store.query(q).await(1, TimeUnit.MINUTES).items().size();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return String.format("%-36s %9.2f %9.2f %9.2f %9.1f", name, pct(nanos, 0.50), pct(nanos, 0.99), nanos[n - 1] / 1e6,
                (double) rowsSeen / n);
    }

    /** Nearest-rank percentile in milliseconds. */
    private static double pct(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
