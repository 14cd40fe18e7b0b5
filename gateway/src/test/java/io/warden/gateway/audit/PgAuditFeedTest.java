package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.gateway.cluster.PgTestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two stores ("nodes") on one database: each one's feed sees every record of both, once, in seq order. */
@Timeout(60)
class PgAuditFeedTest {
    private Vertx vertx;
    private PgTestDatabase db;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        db = PgTestDatabase.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void eachStoreSeesEveryRecordOfBothStoresOnceInSeqOrder() throws Exception {
        List<AuditRecord> seenA = new CopyOnWriteArrayList<>();
        List<AuditRecord> seenB = new CopyOnWriteArrayList<>();
        // Each node has its own pool, as separate processes would.
        PgAuditStore a = await(PgAuditStore.open(vertx, db.pool(4), seenA::add));
        PgAuditStore b = await(PgAuditStore.open(vertx, db.pool(4), seenB::add));
        int callers = 3;
        int each = 300;
        Map<Long, AuditRecord> acknowledged = new ConcurrentHashMap<>();
        List<Future<Void>> done = new ArrayList<>();
        for (PgAuditStore store : List.of(a, b)) {
            for (int c = 0; c < callers; c++) {
                String who = (store == a ? "a" : "b") + c;
                Context ctx = vertx.getOrCreateContext();
                Promise<Void> p = Promise.promise();
                done.add(p.future());
                ctx.runOnContext(v -> {
                    List<Future<AuditRecord>> fs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        AuditEntry e = new AuditEntry(Instant.parse("2025-03-04T10:00:00Z").plusMillis(i), "door.command", who, null,
                                null, null, "door-" + i, null, null, "pulse", "requested", who + "#" + i);
                        fs.add(store.append(e).onSuccess(r -> acknowledged.put(r.seq(), r)));
                    }
                    Future.all(fs).<Void>mapEmpty().onComplete(p);
                });
            }
        }
        await(Future.all(done));
        int total = 2 * callers * each;
        assertThat(acknowledged).hasSize(total);
        until(() -> seenA.size() >= total && seenB.size() >= total, "both feeds delivered " + total + " records");
        List<Long> all = LongStream.rangeClosed(1, total).boxed().toList();
        for (List<AuditRecord> seen : List.of(seenA, seenB)) {
            assertThat(seen).extracting(AuditRecord::seq).as("every seq once, in order").containsExactlyElementsOf(all);
            assertThat(seen.stream().collect(Collectors.toMap(AuditRecord::seq, Function.identity()))).isEqualTo(acknowledged);
        }
        assertThat(a.commits() + b.commits()).as("grouped").isLessThan(total);
        assertThat(await(a.verify())).isEqualTo(new AuditVerification(true, total, null));

        // A record written after a quiet spell reaches the other node (NOTIFY or poll), and nothing more arrives.
        AuditRecord late = await(b.append(new AuditEntry(Instant.now(), "config.loaded", "system", null, null, null, null, null, null,
                null, "ok", "late")));
        until(() -> seenA.size() == total + 1, "node a saw the late record");
        assertThat(seenA.get(total)).isEqualTo(late);
        assertThat(seenB.get(total)).isEqualTo(late);
        await(a.close());
        await(b.close());
        assertThat(seenA).hasSize(total + 1);
        assertThat(seenB).hasSize(total + 1);
    }
}
