package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.warden.gateway.cluster.PgTestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timed relocks in PostgreSQL written by two nodes: a node's removal never deletes a newer unlock's relock it has not seen. */
class PgRelockStoreTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final Vertx vertx = Vertx.vertx();
    private PgTestDatabase db;
    private Pool pool;

    @BeforeEach
    void createTables() throws Exception {
        db = PgTestDatabase.create(vertx);
        pool = db.pool(4, PgLockdownStore.DDL);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        await(pool.close());
        db.close();
        await(vertx.close());
    }

    private static TimedRelock relock(long unlockSeq, int minutes) {
        return new TimedRelock("library", T0.plusSeconds(60L * minutes), T0.plusSeconds(60L * minutes), "front-office", T0, unlockSeq);
    }

    @Test
    void theOwnerRunningAnOlderRelockDoesNotDeleteTheNewerUnlockUntilAnotherNodeWrote() {
        PgRelockStore owner = new PgRelockStore(pool);
        PgRelockStore other = new PgRelockStore(pool);
        TimedRelock older = relock(5, 10);
        TimedRelock newer = relock(9, 30);
        await(owner.save(List.of("library"), () -> List.of(older)));
        assertThat(await(other.load())).containsExactly(older);

        await(other.save(List.of("library"), () -> List.of(newer))); // another node accepts "unlock until" later
        await(owner.save(List.of("library"), List::of)); // the owner's relock of the older one confirmed: it drops its relock

        assertThat(await(owner.load())).as("the newer unlock still gets its relock").containsExactly(newer);
        await(owner.save(List.of("library"), List::of)); // once seen, the owner may remove it
        assertThat(await(other.load())).isEmpty();
    }

    @Test
    void aNodeRemovesTheRelockItWroteItself() {
        PgRelockStore store = new PgRelockStore(pool);
        await(store.save(List.of("library"), () -> List.of(relock(3, 10))));
        await(store.save(List.of("library"), List::of));
        assertThat(await(new PgRelockStore(pool).load())).isEmpty();
    }
}
