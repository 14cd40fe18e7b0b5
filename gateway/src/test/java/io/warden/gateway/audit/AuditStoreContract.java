package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link AuditStore} must do. A store's test extends this, opens stores on one storage per
 * test (reopening sees the same trail) and edits or deletes a stored row behind the store's back.
 */
@Timeout(60)
public abstract class AuditStoreContract {
    protected static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");
    protected Vertx vertx;
    private final List<AuditStore> opened = new ArrayList<>();

    /** A store on this test's storage; called again after close, it must see the same trail. */
    protected abstract Future<? extends AuditStore> openStore(Vertx vertx);

    /** Change one field of the stored record {@code seq} without fixing its hash. */
    protected abstract void tamper(long seq) throws Exception;

    /** Remove the stored record {@code seq}. */
    protected abstract void delete(long seq) throws Exception;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        for (AuditStore s : opened) s.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    protected AuditStore open() throws Exception {
        AuditStore s = await(openStore(vertx));
        opened.add(s);
        return s;
    }

    protected static AuditEntry entry(int i) {
        String[] results = {"requested", "confirmed", "failed", "refused", "ok"};
        return new AuditEntry(T0.plusSeconds(i), i % 3 == 0 ? "door.command" : "credential.read", "actor-" + (i % 4),
                "10.0.0." + (i % 2), "site-" + (i % 2), "zone-" + (i % 3), "door-" + (i % 5), i % 2 == 0 ? null : "cam-" + i,
                "card-" + (i % 7), "pulse", results[i % results.length], "detail " + i);
    }

    private static List<AuditRecord> appendAll(AuditStore store, int from, int to) throws Exception {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(await(store.append(entry(i))));
        return out;
    }

    private static List<AuditRecord> all(AuditStore store, AuditQuery q) throws Exception {
        List<AuditRecord> out = new ArrayList<>();
        AuditPage page = await(store.query(q));
        out.addAll(page.items());
        while (page.next() != null) {
            assertThat(page.items()).hasSize(q.limit());
            assertThat(page.next()).isEqualTo(page.items().get(page.items().size() - 1).seq());
            page = await(store.query(q.after(page.next())));
            out.addAll(page.items());
        }
        return out;
    }

    @Test
    void appendsGetConsecutiveSeqsAndAreReadableWhenTheyComplete() throws Exception {
        AuditStore store = open();
        assertThat(await(store.lastSeq())).isZero();
        for (int i = 1; i <= 20; i++) {
            AuditRecord r = await(store.append(entry(i)));
            assertThat(r.seq()).isEqualTo(i);
            assertThat(r.entry()).isEqualTo(entry(i));
            assertThat(r.hash()).matches("[0-9a-f]{64}");
            AuditPage page = await(store.query(AuditQuery.all(1).after(i - 1)));
            assertThat(page.items()).containsExactly(r);
        }
        assertThat(await(store.lastSeq())).isEqualTo(20);
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, 20, null));
    }

    @Test
    void concurrentAppendsFromSeveralContextsAllLandInOrderPerCaller() throws Exception {
        AuditStore store = open();
        int callers = 4;
        int each = 500;
        ConcurrentLinkedQueue<String> wrongContext = new ConcurrentLinkedQueue<>();
        List<Future<List<Long>>> done = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            Context ctx = vertx.getOrCreateContext();
            Promise<List<Long>> p = Promise.promise();
            done.add(p.future());
            ctx.runOnContext(v -> {
                List<Future<AuditRecord>> fs = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    fs.add(store.append(entry(caller * each + i)).onComplete(ar -> {
                        if (Vertx.currentContext() != ctx) wrongContext.add(Thread.currentThread().getName());
                    }));
                }
                Future.all(fs).map(cf -> fs.stream().map(f -> f.result().seq()).collect(Collectors.toList())).onComplete(p);
            });
        }
        Set<Long> seqs = new HashSet<>();
        for (Future<List<Long>> f : done) {
            List<Long> mine = await(f);
            assertThat(mine).as("one caller's appends keep their order").isSorted();
            seqs.addAll(mine);
        }
        assertThat(wrongContext).as("futures complete on the caller's context").isEmpty();
        assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, callers * each).boxed().toList());
        assertThat(await(store.lastSeq())).isEqualTo(callers * each);
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, callers * each, null));
    }

    @Test
    void eachFilterAndCursorPagingReturnEveryMatchExactlyOnce() throws Exception {
        AuditStore store = open();
        List<AuditRecord> records = appendAll(store, 0, 60);
        Instant from = T0.plusSeconds(10);
        Instant to = T0.plusSeconds(40);
        check(store, records, new AuditQuery(from, to, null, null, null, null, null, null, null, 7, 0),
                r -> !r.entry().time().isBefore(from) && r.entry().time().isBefore(to));
        check(store, records, new AuditQuery(null, null, "site-1", null, null, null, null, null, null, 7, 0),
                r -> "site-1".equals(r.entry().site()));
        check(store, records, new AuditQuery(null, null, null, "zone-2", null, null, null, null, null, 7, 0),
                r -> "zone-2".equals(r.entry().zone()));
        check(store, records, new AuditQuery(null, null, null, null, "door-3", null, null, null, null, 3, 0),
                r -> "door-3".equals(r.entry().door()));
        check(store, records, new AuditQuery(null, null, null, null, null, "actor-1", null, null, null, 7, 0),
                r -> "actor-1".equals(r.entry().actor()));
        check(store, records, new AuditQuery(null, null, null, null, null, null, "card-4", null, null, 2, 0),
                r -> "card-4".equals(r.entry().credential()));
        check(store, records, new AuditQuery(null, null, null, null, null, null, null, "door.command", null, 7, 0),
                r -> "door.command".equals(r.entry().type()));
        check(store, records, new AuditQuery(null, null, null, null, null, null, null, null, "refused", 7, 0),
                r -> "refused".equals(r.entry().result()));
        check(store, records, new AuditQuery(from, to, "site-0", null, "door-2", null, null, "door.command", null, 1, 0),
                r -> !r.entry().time().isBefore(from) && r.entry().time().isBefore(to) && "site-0".equals(r.entry().site())
                        && "door-2".equals(r.entry().door()) && "door.command".equals(r.entry().type()));
        check(store, records, new AuditQuery(from, to, null, "zone-2", null, null, null, null, "refused", 2, 0),
                r -> !r.entry().time().isBefore(from) && r.entry().time().isBefore(to) && "zone-2".equals(r.entry().zone())
                        && "refused".equals(r.entry().result()));
        check(store, records, new AuditQuery(from, null, "site-0", null, null, null, null, "credential.read", null, 4, 0),
                r -> !r.entry().time().isBefore(from) && "site-0".equals(r.entry().site()) && "credential.read".equals(r.entry().type()));
        check(store, records, AuditQuery.all(7), r -> true);
        check(store, records, AuditQuery.all(60), r -> true);
        check(store, records, AuditQuery.all(1000).after(55), r -> r.seq() > 55);
        check(store, records, new AuditQuery(null, null, null, null, "no-such-door", null, null, null, null, 7, 0), r -> false);
    }

    private static void check(AuditStore store, List<AuditRecord> records, AuditQuery q, Predicate<AuditRecord> match) throws Exception {
        List<AuditRecord> expected = records.stream().filter(r -> r.seq() > q.afterSeq()).filter(match).toList();
        assertThat(all(store, q)).as(q.toString()).containsExactlyElementsOf(expected);
    }

    @Test
    void timeRangeIsFromInclusiveToExclusiveAtMicrosecondPrecision() throws Exception {
        AuditStore store = open();
        Instant t = Instant.parse("2025-03-04T10:00:00.123456789Z");
        AuditRecord r = await(store.append(new AuditEntry(t, "door.command", null, null, null, null, null, null, null, null, null, null)));
        Instant stored = Instant.parse("2025-03-04T10:00:00.123456Z");
        assertThat(r.entry().time()).isEqualTo(stored);
        assertThat(await(store.query(AuditQuery.all(10))).items()).containsExactly(r);
        assertThat(await(store.query(new AuditQuery(stored, stored.plusNanos(1000), null, null, null, null, null, null, null, 10, 0))).items())
                .containsExactly(r);
        assertThat(await(store.query(new AuditQuery(null, stored, null, null, null, null, null, null, null, 10, 0))).items()).isEmpty();
        assertThat(await(store.query(new AuditQuery(stored.plusNanos(1), null, null, null, null, null, null, null, null, 10, 0))).items())
                .isEmpty();
        assertThat(await(store.query(new AuditQuery(null, stored.plusNanos(1), null, null, null, null, null, null, null, 10, 0))).items())
                .containsExactly(r);
    }

    @Test
    void nullsAndEmptyStringsRoundTripDistinctly() throws Exception {
        AuditStore store = open();
        AuditEntry nulls = new AuditEntry(T0, "config.loaded", null, null, null, null, null, null, null, null, null, null);
        AuditEntry empties = new AuditEntry(T0, "config.loaded", "", "", "", "", "", "", "", "", "", "");
        AuditEntry unicode = new AuditEntry(T0, "door.command", "Zoë 😀", "::1", "site,\"1\"", "zone\n2", "door\t3", null, "=1+2",
                "GET /api/v1/audit?x=1", "ok", "line1\r\nline2 ünïcödé");
        AuditRecord a = await(store.append(nulls));
        AuditRecord b = await(store.append(empties));
        AuditRecord c = await(store.append(unicode));
        assertThat(a.hash()).isNotEqualTo(b.hash());
        assertThat(await(store.query(AuditQuery.all(10))).items()).containsExactly(a, b, c)
                .extracting(AuditRecord::entry).containsExactly(nulls, empties, unicode);
        assertThat(await(store.query(new AuditQuery(null, null, null, null, null, "", null, null, null, 10, 0))).items())
                .containsExactly(b);
        assertThat(await(store.verify()).ok()).isTrue();
    }

    @Test
    void verifyNamesAnEditedRecord() throws Exception {
        AuditStore store = open();
        appendAll(store, 1, 31);
        tamper(17);
        tamper(23);
        AuditVerification v = await(store.verify());
        assertThat(List.of(v.ok(), v.records(), v.firstBrokenSeq())).containsExactly(false, 30L, 17L);
        assertThat(v.breaks()).as("every edited record is listed, not only the first")
                .extracting(AuditBreak::seq, AuditBreak::kind)
                .containsExactly(tuple(17L, AuditBreak.Kind.HASH), tuple(23L, AuditBreak.Kind.HASH));
    }

    @Test
    void verifyNamesADeletedRecord() throws Exception {
        AuditStore store = open();
        appendAll(store, 1, 31);
        delete(12);
        AuditVerification v = await(store.verify());
        assertThat(List.of(v.ok(), v.records(), v.firstBrokenSeq())).containsExactly(false, 29L, 12L);
        assertThat(v.breaks()).extracting(AuditBreak::seq, AuditBreak::kind).containsExactly(tuple(12L, AuditBreak.Kind.MISSING));
    }

    @Test
    void verifyNamesTheFirstRecordOfADeletedTail() throws Exception {
        AuditStore store = open();
        appendAll(store, 1, 11);
        delete(10);
        AuditVerification v = await(store.verify());
        assertThat(List.of(v.ok(), v.records(), v.firstBrokenSeq())).containsExactly(false, 9L, 10L);
        assertThat(v.breaks()).extracting(AuditBreak::seq, AuditBreak::kind).containsExactly(tuple(10L, AuditBreak.Kind.MISSING));
    }

    @Test
    void theChainContinuesAfterCloseAndReopen() throws Exception {
        AuditStore first = open();
        List<AuditRecord> before = appendAll(first, 1, 11);
        await(first.close());
        AuditStore second = open();
        assertThat(await(second.lastSeq())).isEqualTo(10);
        List<AuditRecord> after = appendAll(second, 11, 21);
        assertThat(after.get(0).seq()).isEqualTo(11);
        assertThat(await(second.verify())).isEqualTo(new AuditVerification(true, 20, null));
        List<AuditRecord> expected = new ArrayList<>(before);
        expected.addAll(after);
        assertThat(all(second, AuditQuery.all(6))).containsExactlyElementsOf(expected);
    }

    @Test
    void verifyAgainstCheckpointsNamesEachCheckpointWhoseHashNoLongerFitsAndATrailShorterThanOne() throws Exception {
        AuditStore store = open();
        List<AuditRecord> records = appendAll(store, 1, 31);
        AuditCheckpoint holds = new AuditCheckpoint(10, records.get(9).hash(), 10, T0, "sig");
        AuditCheckpoint rewritten = new AuditCheckpoint(20, "ab".repeat(32), 20, T0, "sig");
        AuditCheckpoint beyond = new AuditCheckpoint(45, "cd".repeat(32), 45, T0, "sig");
        AuditVerification v = await(store.verify(List.of(holds, rewritten, beyond)));
        assertThat(List.of(v.ok(), v.records(), v.firstBrokenSeq())).containsExactly(false, 30L, 20L);
        assertThat(v.breaks()).extracting(AuditBreak::seq, AuditBreak::kind)
                .containsExactly(tuple(20L, AuditBreak.Kind.CHECKPOINT), tuple(31L, AuditBreak.Kind.TRUNCATED));
        assertThat(await(store.verify(List.of(holds)))).isEqualTo(new AuditVerification(true, 30, null));
    }

    @Test
    void verifyOfAnEmptyTrailIsOk() throws Exception {
        assertThat(await(open().verify())).isEqualTo(new AuditVerification(true, 0, null));
    }

    @Test
    void appendsAfterCloseFail() throws Exception {
        AuditStore store = open();
        await(store.append(entry(1)));
        await(store.close());
        Future<AuditRecord> late = store.append(entry(2));
        assertThatThrownBy(() -> late.await(10, TimeUnit.SECONDS)).isInstanceOf(WardenException.class)
                .satisfies(e -> assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.INTERNAL));
    }
}
