package io.warden.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.warden.adapter.api.LinePermit;
import io.warden.gateway.cluster.ControllerLeases.Lease;
import io.warden.gateway.cluster.ControllerLeases.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leases on the machine's PostgreSQL, ttl 1.5 s (renew every 300 ms, margin 450 ms). */
class ControllerLeasesTest {
    private static final Duration TTL = Duration.ofMillis(1500);
    private static final Settings SETTINGS = Settings.of(TTL);

    private Vertx vertx;
    private PgTestDatabase db;
    private Pool pool;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        db = PgTestDatabase.create(vertx);
        pool = db.pool(4);
        for (String ddl : ControllerLeases.DDL) {
            pool.query(ddl).execute().await(10, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.close().await(10, TimeUnit.SECONDS);
        db.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void settingsOfTtlDeriveRenewalAndMargin() {
        Settings s = Settings.of(Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(2), s.renewEvery());
        assertEquals(Duration.ofSeconds(3), s.margin());
        assertThrows(IllegalArgumentException.class, () -> new Settings(Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(3)));
    }

    @Test
    void acquiresRenewsAndReleases() throws Exception {
        Recorder a = new Recorder();
        ControllerLeases leases = start("A", pool, Map.of("tcp-1", List.of(), "serial-1", List.of("A"), "elsewhere", List.of("B")), a);
        waitFor(() -> a.acquired.size() == 2, "A acquires both claimable controllers");
        assertTrue(a.acquired.contains("tcp-1#1") && a.acquired.contains("serial-1#1"), a.acquired.toString());
        assertFalse(leases.permit("elsewhere").mayDrive(), "a controller wired to another node is never ours");

        Thread.sleep(TTL.multipliedBy(2).toMillis()); // renewals must keep it alive past two ttls
        assertTrue(leases.permit("tcp-1").mayDrive());
        assertTrue(a.lost.isEmpty(), a.lost.toString());
        Lease lease = lease("tcp-1");
        assertEquals("A", lease.node());
        assertEquals(1, lease.token());
        Lease listed = leases.all().await(10, TimeUnit.SECONDS).stream().filter(l -> l.controllerId().equals("tcp-1")).findFirst().orElseThrow();
        assertEquals("A", listed.node());
        assertEquals(1, listed.token());

        var stopping = leases.stop();
        assertFalse(leases.permit("tcp-1").mayDrive(), "refuses from the moment stop is called");
        stopping.await(10, TimeUnit.SECONDS);
        assertEquals(2, a.lost.size(), a.lost.toString());
        assertNull(lease("tcp-1").node(), "released: expired in the database");
        assertNull(lease("serial-1").node());
        List<Lease> all = leases.all().await(10, TimeUnit.SECONDS);
        assertEquals(List.of("serial-1", "tcp-1"), all.stream().map(Lease::controllerId).toList());
        assertTrue(all.stream().allMatch(l -> l.node() == null && l.token() == 1), all.toString());
    }

    @Test
    void secondKeeperWaitsThenTakesOverWithNextTokenAfterFirstLapsed() throws Exception {
        Pool poolA = db.pool(2);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Map<String, List<String>> claims = Map.of("tcp-1", List.of("A", "B"));
        ControllerLeases leasesA = start("A", poolA, claims, a);
        waitFor(() -> a.acquired.size() == 1, "A acquires");
        ControllerLeases leasesB = start("B", pool, claims, b);

        Thread.sleep(TTL.multipliedBy(2).toMillis());
        assertTrue(b.acquired.isEmpty(), "B must not acquire while A renews: " + b.acquired);
        assertFalse(leasesB.permit("tcp-1").mayDrive());
        assertTrue(leasesA.permit("tcp-1").mayDrive());

        poolA.close().await(10, TimeUnit.SECONDS); // A can no longer renew
        Instant cut = Instant.now();
        waitFor(() -> a.lost.size() == 1, "A's permit lapses");
        Instant lapsedAt = a.lostAt.get(0);
        assertFalse(leasesA.permit("tcp-1").mayDrive());
        Lease stillA = lease("tcp-1");
        assertEquals("A", stillA.node(), "the row must still be A's when A's permit lapses");
        assertTrue(lapsedAt.plus(SETTINGS.margin().dividedBy(2)).isBefore(stillA.expiresAt()),
                "A stopped driving " + lapsedAt + " well before its row expired " + stillA.expiresAt());

        waitFor(() -> b.acquired.size() == 1, "B takes over");
        assertEquals("tcp-1#2", b.acquired.get(0));
        Duration takeover = Duration.between(cut, b.acquiredAt.get(0));
        assertTrue(takeover.compareTo(TTL.plus(SETTINGS.renewEvery()).plusMillis(300)) < 0, "takeover took " + takeover);
        Row row = pool.query("SELECT acquired_at, node FROM warden_controller_leases").execute().await(10, TimeUnit.SECONDS).iterator().next();
        assertEquals("B", row.getString("node"));
        assertFalse(row.getOffsetDateTime("acquired_at").toInstant().isBefore(stillA.expiresAt()), "B acquired only after A's row expired");
        assertTrue(leasesB.permit("tcp-1").mayDrive());
        assertEquals(1, a.lost.size(), "lost told once: " + a.lost);

        leasesA.stop().await(10, TimeUnit.SECONDS);
        leasesB.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void keepersStartingTogetherNeverBothAcquire() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Map<String, List<String>> claims = Map.of("tcp-1", List.of(), "tcp-2", List.of(), "tcp-3", List.of());
        ControllerLeases leasesA = start("A", pool, claims, a);
        ControllerLeases leasesB = start("B", db.pool(2), claims, b);
        waitFor(() -> a.acquired.size() + b.acquired.size() == 3, "every controller is taken");
        Thread.sleep(SETTINGS.renewEvery().multipliedBy(3).toMillis());
        assertEquals(3, a.acquired.size() + b.acquired.size(), a.acquired + " / " + b.acquired);
        for (String id : claims.keySet()) {
            assertTrue(leasesA.permit(id).mayDrive() ^ leasesB.permit(id).mayDrive(), id + " must have exactly one driver");
        }
        leasesA.stop().await(10, TimeUnit.SECONDS);
        leasesB.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void stopHandsOverAtOnce() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Map<String, List<String>> claims = Map.of("tcp-1", List.of());
        ControllerLeases leasesA = start("A", pool, claims, a);
        waitFor(() -> a.acquired.size() == 1, "A acquires");
        ControllerLeases leasesB = start("B", db.pool(2), claims, b);
        Thread.sleep(SETTINGS.renewEvery().multipliedBy(2).toMillis());
        assertTrue(b.acquired.isEmpty());

        long t0 = System.nanoTime();
        leasesA.stop().await(10, TimeUnit.SECONDS);
        waitFor(() -> b.acquired.size() == 1, "B takes over");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(TTL) < 0, "handover took " + took + ", as long as an expiry");
        assertEquals("tcp-1#2", b.acquired.get(0));
        leasesB.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void databaseOutageLapsesThePermitAndReportsLostOnce() throws Exception {
        Recorder a = new Recorder();
        ControllerLeases leases = start("A", pool, Map.of("tcp-1", List.of()), a);
        waitFor(() -> a.acquired.size() == 1, "A acquires");

        Pool admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(db.connectOptions().setDatabase("postgres")).using(vertx).build();
        try {
            admin.query("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false").execute().await(10, TimeUnit.SECONDS);
            admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'").execute()
                    .await(10, TimeUnit.SECONDS);
            long cut = System.nanoTime();
            waitFor(() -> a.lost.size() == 1, "the permit lapses while the database is away");
            Duration lapse = Duration.ofNanos(System.nanoTime() - cut);
            assertTrue(lapse.compareTo(TTL.minus(SETTINGS.margin()).plusMillis(200)) < 0, "lapsed after " + lapse);
            assertFalse(leases.permit("tcp-1").mayDrive());
            Thread.sleep(TTL.toMillis());
            assertEquals(1, a.lost.size(), "lost told once per holding: " + a.lost);
            assertEquals(1, a.acquired.size());

            admin.query("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true").execute().await(10, TimeUnit.SECONDS);
            waitFor(() -> a.acquired.size() == 2, "re-acquired once the database is back");
            assertEquals("tcp-1#2", a.acquired.get(1));
            assertTrue(leases.permit("tcp-1").mayDrive());
        } finally {
            admin.query("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true").execute().await(10, TimeUnit.SECONDS);
            admin.close().await(10, TimeUnit.SECONDS);
        }
        leases.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aFrozenKeeperLapsesOnItsOwnClockWithoutAnyTimerRunning() throws Exception {
        // Blocking the keeper's only thread stands in for a SIGSTOP: no timer, no reply is handled meanwhile.
        Recorder a = new Recorder();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        io.vertx.core.Promise<ControllerLeases> started = io.vertx.core.Promise.promise();
        context.runOnContext(v -> ControllerLeases.start(vertx, pool, "A", Map.of("tcp-1", List.of()), SETTINGS, a).onComplete(started));
        ControllerLeases leases = started.future().await(10, TimeUnit.SECONDS);
        waitFor(() -> a.acquired.size() == 1, "A acquires");
        LinePermit permit = leases.permit("tcp-1");

        java.util.concurrent.CountDownLatch frozen = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch thaw = new java.util.concurrent.CountDownLatch(1);
        context.runOnContext(v -> {
            frozen.countDown();
            try {
                thaw.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(frozen.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        waitFor(() -> !permit.mayDrive(), "the permit refuses while the keeper is frozen");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // The deadline was set before the freeze began; the slack is this loop's polling on a busy machine.
        assertTrue(took.compareTo(TTL.minus(SETTINGS.margin()).plusMillis(100)) <= 0, "lapsed " + took + " into the freeze");
        assertTrue(a.lost.isEmpty(), "nothing ran on the frozen keeper");
        thaw.countDown();
        waitFor(() -> a.lost.size() == 1, "lost told once it thaws");
        waitFor(() -> a.acquired.size() == 2, "re-acquired with a new token");
        assertEquals("tcp-1#2", a.acquired.get(1));
        leases.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void oneStatementRenewsTwoHundredLeasesWhileAnotherPoolHammersTheDatabase() throws Exception {
        Map<String, List<String>> claims = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 200; i++) claims.put(String.format("tcp-%03d", i), List.of());
        Pool own = db.pool(2);
        Pool load = db.pool(6);
        pool.query("CREATE TABLE load (n int, pad text)").execute().await(10, TimeUnit.SECONDS);
        java.util.concurrent.atomic.AtomicBoolean hammering = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong statements = new java.util.concurrent.atomic.AtomicLong();
        for (int i = 0; i < 12; i++) hammer(load, hammering, statements); // twice the load pool: its queue never empties
        Recorder a = new Recorder();
        ControllerLeases leases = start("A", own, claims, a);
        waitFor(() -> a.acquired.size() == 200, "A acquires all 200");
        long acquiredTogether = pool.query("SELECT count(DISTINCT acquired_at) FROM warden_controller_leases").execute()
                .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
        assertEquals(1, acquiredTogether, "one statement acquired them all (one transaction time)");

        long end = System.nanoTime() + TTL.multipliedBy(3).toNanos();
        while (System.nanoTime() < end) {
            Row row = pool.query("SELECT count(DISTINCT renewed_at), count(*) FILTER (WHERE expires_at > now()) FROM warden_controller_leases")
                    .execute().await(10, TimeUnit.SECONDS).iterator().next();
            assertEquals(1, row.getLong(0), "every lease renewed by one statement");
            assertEquals(200, row.getLong(1), "no lease expired in the database");
            Thread.sleep(SETTINGS.renewEvery().toMillis() / 2);
        }
        hammering.set(false);
        assertTrue(statements.get() > 50, "the competing load ran: " + statements.get() + " statements");
        assertTrue(a.lost.isEmpty(), "no lapse under load: " + a.lost);
        assertTrue(claims.keySet().stream().allMatch(id -> leases.permit(id).mayDrive()));
        Row renewed = pool.query("SELECT min(renewed_at) > min(acquired_at) FROM warden_controller_leases").execute()
                .await(10, TimeUnit.SECONDS).iterator().next();
        assertTrue(renewed.getBoolean(0), "renewed since acquired");
        leases.stop().await(10, TimeUnit.SECONDS);
        load.close().await(10, TimeUnit.SECONDS);
        own.close().await(10, TimeUnit.SECONDS);
    }

    /** Keeps one statement of bulk inserts in flight on {@code load} until told to stop. */
    private static void hammer(Pool load, java.util.concurrent.atomic.AtomicBoolean on, java.util.concurrent.atomic.AtomicLong count) {
        if (!on.get()) return;
        load.query("INSERT INTO load SELECT g, repeat('x', 200) FROM generate_series(1, 2000) g").execute().onComplete(ar -> {
            count.incrementAndGet();
            hammer(load, on, count);
        });
    }

    @Test
    void threeKeepersStartingTogetherSplitTheLinesAndSurvivorsTakeADeadOnesShareInTime() throws Exception {
        Map<String, List<String>> claims = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 30; i++) claims.put("tcp-" + i, List.of());
        List<String> nodes = List.of("A", "B", "C");
        List<Pool> pools = List.of(db.pool(2), db.pool(2), db.pool(2));
        List<Recorder> recorders = List.of(new Recorder(), new Recorder(), new Recorder());
        List<io.vertx.core.Future<ControllerLeases>> starting = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) starting.add(ControllerLeases.start(vertx, pools.get(i), nodes.get(i), claims, 3, SETTINGS, recorders.get(i)));
        List<ControllerLeases> keepers = new java.util.ArrayList<>();
        for (var f : starting) keepers.add(f.await(10, TimeUnit.SECONDS));

        waitFor(() -> held(keepers.get(0), claims) + held(keepers.get(1), claims) + held(keepers.get(2), claims) == 30, "every line taken");
        Thread.sleep(SETTINGS.renewEvery().multipliedBy(3).toMillis()); // and it stays so
        for (int i = 0; i < 3; i++) {
            assertEquals(10, held(keepers.get(i), claims), nodes.get(i) + " holds its fair share of 30 lines over 3 nodes");
            assertTrue(recorders.get(i).lost.isEmpty(), recorders.get(i).lost.toString());
        }
        for (String id : claims.keySet()) {
            assertEquals(1, keepers.stream().filter(k -> k.permit(id).mayDrive()).count(), id + " has exactly one driver");
        }

        pools.get(2).close().await(10, TimeUnit.SECONDS); // C dies: no more renewals, no more heartbeats
        Instant cut = Instant.now();
        int acquiredBefore = recorders.get(0).acquired.size() + recorders.get(1).acquired.size();
        waitFor(() -> held(keepers.get(0), claims) == 15 && held(keepers.get(1), claims) == 15, "A and B take C's lines, 15 each");
        List<Instant> takeovers = new java.util.ArrayList<>(recorders.get(0).acquiredAt);
        takeovers.addAll(recorders.get(1).acquiredAt);
        Instant last = takeovers.stream().max(Instant::compareTo).orElseThrow();
        Duration takeover = Duration.between(cut, last);
        assertTrue(takeover.compareTo(TTL.plus(SETTINGS.renewEvery()).plusMillis(300)) < 0, "the last of C's lines taken after " + takeover);
        assertEquals(acquiredBefore + 10, recorders.get(0).acquired.size() + recorders.get(1).acquired.size(), "each of C's lines taken once");
        assertEquals(10, recorders.get(2).lost.size(), "C's permits all lapsed: " + recorders.get(2).lost);
        for (String id : claims.keySet()) {
            assertEquals(1, keepers.stream().filter(k -> k.permit(id).mayDrive()).count(), id + " has exactly one driver");
        }
        keepers.get(0).stop().await(10, TimeUnit.SECONDS);
        keepers.get(1).stop().await(10, TimeUnit.SECONDS);
        keepers.get(2).stop().await(10, TimeUnit.SECONDS);
        pools.get(0).close().await(10, TimeUnit.SECONDS);
        pools.get(1).close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aNodeStartingAloneTakesItsShareAtOnceAndTheRestOnceItsStartIsOver() throws Exception {
        Map<String, List<String>> claims = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 30; i++) claims.put("tcp-" + i, List.of());
        claims.put("ab-1", List.of("A", "B"));
        claims.put("ab-2", List.of("A", "B"));
        claims.put("ser-a", List.of("A"));
        Recorder a = new Recorder();
        long t0 = System.nanoTime();
        ControllerLeases leases = ControllerLeases.start(vertx, pool, "A", claims, 3, SETTINGS, a).await(10, TimeUnit.SECONDS);
        waitFor(() -> a.acquired.size() == 12, "A takes its share of a district of 3 (10 of 30), of the lines it shares with B (1 of 2), and its own");
        Thread.sleep(SETTINGS.renewEvery().multipliedBy(2).toMillis());
        assertEquals(12, a.acquired.size(), "no more while the others may still be starting: " + a.acquired);
        assertTrue(leases.permit("ser-a").mayDrive());

        waitFor(() -> a.acquired.size() == 33, "nobody else came: A takes the rest");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(TTL.plus(SETTINGS.renewEvery()).plus(SETTINGS.renewEvery()).plusMillis(300)) < 0, "the rest taken after " + took);
        leases.stop().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aNodeJoiningLaterTakesOnlyFreeLinesAndNothingHeldIsMoved() throws Exception {
        Map<String, List<String>> claims = Map.of("tcp-1", List.of(), "tcp-2", List.of(), "tcp-3", List.of(), "tcp-4", List.of(),
                "ser-b", List.of("B"));
        Pool poolB = db.pool(2);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        ControllerLeases leasesA = start("A", pool, claims, a);
        waitFor(() -> a.acquired.size() == 4, "A, alone, takes every line it may");
        ControllerLeases leasesB = start("B", poolB, claims, b);
        waitFor(() -> b.acquired.size() == 1, "B takes its own serial line");
        Thread.sleep(SETTINGS.renewEvery().multipliedBy(4).toMillis());
        assertEquals(List.of("ser-b#1"), b.acquired, "B never takes a line A holds");
        assertTrue(a.lost.isEmpty(), a.lost.toString());
        assertEquals(4, held(leasesA, claims));

        leasesA.stop().await(10, TimeUnit.SECONDS); // released: B alone now, its share is every line
        waitFor(() -> held(leasesB, claims) == 5, "B takes the released lines");
        leasesB.stop().await(10, TimeUnit.SECONDS);
        poolB.close().await(10, TimeUnit.SECONDS);
    }

    private static long held(ControllerLeases leases, Map<String, List<String>> claims) {
        return claims.keySet().stream().filter(id -> leases.permit(id).mayDrive()).count();
    }

    private ControllerLeases start(String node, Pool p, Map<String, List<String>> claims, Recorder recorder) throws Exception {
        return ControllerLeases.start(vertx, p, node, claims, SETTINGS, recorder).await(10, TimeUnit.SECONDS);
    }

    /** The row as the database judges it: node null once expired by database time. */
    private Lease lease(String id) throws Exception {
        Row row = pool.preparedQuery("SELECT node, token, expires_at, expires_at > now() AS live FROM warden_controller_leases WHERE controller_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(id)).await(10, TimeUnit.SECONDS).iterator().next();
        return new Lease(id, row.getBoolean("live") ? row.getString("node") : null, row.getLong("token"),
                row.getOffsetDateTime("expires_at").toInstant());
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Records listener calls with their wall-clock time (the database runs on this machine). */
    private static final class Recorder implements ControllerLeases.Listener {
        final List<String> acquired = new CopyOnWriteArrayList<>();
        final List<Instant> acquiredAt = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();
        final List<Instant> lostAt = new CopyOnWriteArrayList<>();

        @Override
        public void acquired(String controllerId, long token) {
            acquiredAt.add(Instant.now());
            acquired.add(controllerId + "#" + token);
        }

        @Override
        public void lost(String controllerId, String reason) {
            lostAt.add(Instant.now());
            lost.add(controllerId + ": " + reason);
        }
    }
}
