package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.cluster.PgTestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The store's connections are killed under it (pg_terminate_backend), between and during commits. */
@Timeout(60)
class PgAuditConnectionLossTest {
    private Vertx vertx;
    private PgTestDatabase db;
    private Pool admin;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        db = PgTestDatabase.create(vertx);
        admin = db.pool(1);
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static AuditEntry entry(int i) {
        return new AuditEntry(Instant.parse("2025-03-04T10:00:00Z").plusMillis(i), "door.command", "tester", null, null, null,
                "door-" + (i % 7), null, null, "pulse", "requested", "n" + i);
    }

    /** Ends every other session on the test database; returns how many. */
    private long killOthers() {
        return await(admin.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()").execute()).iterator().next().getLong(0);
    }

    /** detail → seq of every stored row. */
    private Map<String, Long> stored() {
        Map<String, Long> out = new HashMap<>();
        for (Row r : await(admin.query("SELECT detail, seq FROM audit").execute())) {
            assertThat(out.put(r.getString(0), r.getLong(1))).as("no duplicate of " + r.getString(0)).isNull();
        }
        return out;
    }

    @Test
    void afterItsConnectionsAreKilledBetweenAppendsTheStoreWritesAgainAndItsFeedResumes() throws Exception {
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        PgAuditStore store = await(PgAuditStore.open(vertx, db.pool(4), seen::add));
        for (int i = 0; i < 10; i++) await(store.append(entry(i)));
        until(() -> seen.size() == 10, "feed saw the first 10");
        assertThat(killOthers()).as("the writer's and the LISTEN connections").isPositive();
        List<Future<AuditRecord>> later = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            Future<AuditRecord> f = store.append(entry(i));
            await(f.otherwiseEmpty());
            later.add(f);
        }
        for (Future<AuditRecord> f : later) {
            if (f.failed()) {
                assertThat(f.cause()).isInstanceOf(WardenException.class);
                assertThat(((WardenException) f.cause()).code()).isEqualTo(ErrorCode.INTERNAL);
            }
        }
        // The pool drops dead connections: appends succeed again at the latest once they are replaced.
        AuditRecord after = await(store.append(entry(100)));
        until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).seq() == after.seq(), "feed delivered up to seq " + after.seq());
        assertThat(seen).extracting(AuditRecord::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, after.seq()).boxed().toList());
        Map<String, Long> rows = stored();
        for (Future<AuditRecord> f : later) if (f.succeeded()) assertThat(rows).containsEntry(f.result().entry().detail(), f.result().seq());
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, after.seq(), null));

        // Another node's record still reaches this store's feed (its LISTEN connection was re-opened, or the poll).
        PgAuditStore other = await(PgAuditStore.open(vertx, db.pool(2), r -> { }));
        AuditRecord fromOther = await(other.append(entry(200)));
        until(() -> seen.get(seen.size() - 1).seq() == fromOther.seq(), "feed saw the other node's record");
        await(other.close());
        await(store.close());
    }

    @Test
    void connectionsKilledDuringABurstLoseNoAcknowledgedRecordAndDuplicateNone() throws Exception {
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        PgAuditStore store = await(PgAuditStore.open(vertx, db.pool(4), seen::add));
        List<Future<AuditRecord>> fs = new ArrayList<>();
        int n = 4000;
        for (int i = 0; i < n; i++) {
            fs.add(store.append(entry(i)));
            if (i % 500 == 250) killOthers(); // while batches are in flight
        }
        await(Future.join(fs).otherwiseEmpty());
        Map<String, Long> rows = stored();
        int acknowledged = 0;
        for (Future<AuditRecord> f : fs) {
            if (f.succeeded()) {
                acknowledged++;
                assertThat(rows).as("acknowledged and stored").containsEntry(f.result().entry().detail(), f.result().seq());
            } else {
                WardenException e = (WardenException) f.cause();
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                assertThat(e.getMessage()).startsWith("audit record");
                // A failure that says "not stored" is one: the batch was rolled back or found absent.
                if (e.getMessage().startsWith("audit record not stored")) assertThat(rows).doesNotContainKey("n" + fs.indexOf(f));
            }
        }
        assertThat(acknowledged).as("the store kept writing between kills").isPositive();
        AuditRecord last = await(store.append(entry(n)));
        until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).seq() == last.seq(), "feed caught up");
        assertThat(seen).extracting(AuditRecord::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, last.seq()).boxed().toList());
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, last.seq(), null));
        await(store.close());
    }
}
