package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.warden.gateway.EventBusAddresses;
import io.warden.gateway.cluster.PgTestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lockdowns in PostgreSQL: the merge rule that lets saves from several nodes arrive in any order. */
class PgLockdownStoreTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final Vertx vertx = Vertx.vertx();
    private PgTestDatabase db;
    private Pool pool;
    private PgLockdownStore store;

    @BeforeEach
    void createTables() throws Exception {
        db = PgTestDatabase.create(vertx);
        pool = db.pool(4, PgLockdownStore.DDL);
        store = new PgLockdownStore(vertx, pool);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        await(pool.close());
        db.close();
        await(vertx.close());
    }

    @Test
    void moreAnsweredDoorsWinAndAStaleSaveDoesNotGoBack() {
        save(active("ld-1", 0));
        save(active("ld-1", 2));
        save(active("ld-1", 0)); // an older state arriving late
        assertThat(only().doors()).extracting(LockdownReport.DoorResult::status).containsExactly("confirmed", "confirmed");
    }

    @Test
    void aReleasedLockdownNeverBecomesActiveAgain() {
        save(active("ld-1", 0));
        save(released(active("ld-1", 0), 0));
        save(active("ld-1", 2)); // the starting node's final save, after another node released it
        LockdownReport l = only();
        assertThat(l.active()).isFalse();
        assertThat(l.releasedBy()).isEqualTo("principal");

        save(released(active("ld-1", 2), 2));
        assertThat(only().releases()).hasSize(2);
        save(released(active("ld-1", 2), 0));
        assertThat(only().releases()).as("a release without its doors' lines does not replace one with them").hasSize(2);
    }

    @Test
    void aReleaseAlwaysReplacesAnActiveRowEvenWithFewerAnswers() {
        save(active("ld-1", 2));
        save(released(active("ld-1", 0), 0));
        assertThat(only().active()).isFalse();
    }

    @Test
    void onlyTheMostRecentReleasedAreKeptAndActiveOnesAlways() {
        save(active("ld-active", 2));
        for (int i = 0; i < Lockdowns.KEEP_RELEASED + 3; i++) {
            save(released(active("ld-%03d".formatted(i), 2), 0, T0.plusSeconds(i)));
        }
        List<LockdownReport> all = await(store.load());
        assertThat(all).hasSize(Lockdowns.KEEP_RELEASED + 1);
        assertThat(all).extracting(LockdownReport::id).contains("ld-active", "ld-052").doesNotContain("ld-000", "ld-001", "ld-002");
    }

    @Test
    void rereadGivesTheActiveOnesAndThoseNamedAndEverySaveIsAnnounced() {
        List<String> notices = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(EventBusAddresses.lockdownsChanged(), m -> notices.add(m.body().getString("id")));
        save(active("ld-a", 1));
        save(released(active("ld-b", 1), 0));
        save(released(active("ld-c", 1), 0));
        assertThat(await(store.reread(Set.of("ld-b")))).extracting(LockdownReport::id).containsExactly("ld-a", "ld-b");
        until(() -> notices.size() == 3, "three change notices");
        assertThat(notices).containsExactly("ld-a", "ld-b", "ld-c");
    }

    private void save(LockdownReport l) {
        await(store.save(l, List::of));
    }

    private LockdownReport only() {
        List<LockdownReport> all = await(store.load());
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** A lockdown of two doors, {@code answered} of them confirmed, the rest pending. */
    static LockdownReport active(String id, int answered) {
        List<LockdownReport.DoorResult> doors = List.of("d1", "d2").stream().map(d -> new LockdownReport.DoorResult(d,
                d.compareTo("d" + answered) <= 0 ? "confirmed" : Lockdowns.PENDING, 5, null)).toList();
        return new LockdownReport(id, LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope("lincoln", null, List.of()), false,
                "test", "principal", T0, doors, null, null);
    }

    static LockdownReport released(LockdownReport l, int releaseLines) {
        return released(l, releaseLines, T0.plusSeconds(5));
    }

    static LockdownReport released(LockdownReport l, int releaseLines, Instant at) {
        List<LockdownReport.DoorResult> lines = l.doors().subList(0, releaseLines).stream()
                .map(d -> new LockdownReport.DoorResult(d.id(), "confirmed", 3, null)).toList();
        return new LockdownReport(l.id(), l.level(), l.scope(), l.drill(), l.reason(), l.startedBy(), l.startedAt(), l.doors(),
                "principal", at, lines);
    }
}
