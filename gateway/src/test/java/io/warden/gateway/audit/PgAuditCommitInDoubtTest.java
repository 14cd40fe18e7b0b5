package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.cluster.PgTestDatabase;
import io.warden.gateway.testing.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection dies while COMMIT is in flight, through a proxy that cuts it at the worst moment: the
 * writer finds out on a new connection whether the batch landed before it answers.
 */
@Timeout(60)
class PgAuditCommitInDoubtTest {
    private enum Cut { NONE, AFTER_SERVER_COMMITTED, BEFORE_SERVER_SAW_COMMIT }

    private static final String COMMIT = "COMMIT\u0000";
    private Vertx vertx;
    private PgTestDatabase db;
    private TcpProxy proxy;
    private final AtomicReference<Cut> cut = new AtomicReference<>(Cut.NONE);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        db = PgTestDatabase.create(vertx);
        proxy = await(TcpProxy.start(vertx, PgTestDatabase.HOST, PgTestDatabase.PORT)).upstream(this::upstream).downstream(this::downstream);
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Armed, cuts the link once on the first COMMIT seen in the chosen direction. */
    private boolean upstream(Buffer b, TcpProxy.Link link) {
        if (contains(b) && cut.compareAndSet(Cut.BEFORE_SERVER_SAW_COMMIT, Cut.NONE)) {
            link.dropClientKeepServer(); // the backend waits in its transaction, holding the head row
            return false;
        }
        return true;
    }

    private boolean downstream(Buffer b, TcpProxy.Link link) {
        if (contains(b) && cut.compareAndSet(Cut.AFTER_SERVER_COMMITTED, Cut.NONE)) {
            link.drop();
            return false;
        }
        return true;
    }

    private static boolean contains(Buffer b) {
        return new String(b.getBytes(), StandardCharsets.ISO_8859_1).contains(COMMIT);
    }

    private Pool proxiedPool() {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(db.connectOptions().setHost("127.0.0.1").setPort(proxy.port())).using(vertx).build();
    }

    private static AuditEntry entry(int i) {
        return new AuditEntry(Instant.parse("2025-03-04T10:00:00Z").plusSeconds(i), "door.command", "tester", null, null, null, "door-1",
                null, null, "pulse", "requested", "n" + i);
    }

    @Test
    void aBatchThatCommittedBeforeTheConnectionDiedIsAcknowledgedOnce() throws Exception {
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        PgAuditStore store = await(PgAuditStore.open(vertx, proxiedPool(), seen::add));
        await(store.append(entry(1)));
        cut.set(Cut.AFTER_SERVER_COMMITTED);
        AuditRecord r = await(store.append(entry(2)));
        assertThat(cut.get()).as("the cut happened").isEqualTo(Cut.NONE);
        assertThat(r.seq()).isEqualTo(2);
        assertThat(await(store.append(entry(3))).seq()).isEqualTo(3);
        until(() -> seen.size() == 3, "feed delivered 3");
        assertThat(seen).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L);
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, 3, null));
        await(store.close());
    }

    @Test
    void aBatchWhoseCommitNeverReachedTheServerFailsAsNotStoredAndItsBackendIsEnded() throws Exception {
        PgAuditStore store = await(PgAuditStore.open(vertx, proxiedPool(), r -> { }));
        await(store.append(entry(1)));
        cut.set(Cut.BEFORE_SERVER_SAW_COMMIT);
        Throwable err = awaitFailure(store.append(entry(2)));
        assertThat(cut.get()).isEqualTo(Cut.NONE);
        assertThat(err).isInstanceOf(WardenException.class).hasMessageContaining("audit record not stored")
                .hasMessageContaining("did not land");
        AuditRecord next = await(store.append(entry(3)));
        assertThat(next.seq()).as("the abandoned transaction's seq is reused: it never committed").isEqualTo(2);
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, 2, null));
        await(store.close());
    }

    @Test
    void whileTheDatabaseIsUnreachableAppendsFailAsNotStoredAndTheCheckSaysWhy() throws Exception {
        PgAuditStore store = await(PgAuditStore.open(vertx, proxiedPool(), r -> { }));
        await(store.append(entry(1)));
        proxy.cut(); // no new connection gets through
        Pool direct = db.pool(1);
        await(direct.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()").execute());
        Throwable err = awaitFailure(store.append(entry(2)));
        assertThat(err).isInstanceOf(WardenException.class).hasMessageContaining("audit record not stored");
        AuditHealth h = await(store.check(java.time.Duration.ofSeconds(2)));
        assertThat(h.reason()).isIn(AuditHealth.Reason.READ_FAILED, AuditHealth.Reason.TIMEOUT);
        assertThat(h.detail()).contains("audit database");
        assertThat(await(direct.query("SELECT count(*) FROM audit").execute()).iterator().next().getLong(0)).isEqualTo(1);
        await(direct.close());
        await(store.close());
    }
}
