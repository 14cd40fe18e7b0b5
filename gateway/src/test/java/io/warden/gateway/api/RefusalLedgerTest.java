package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.PolicyCode;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.events.EventHub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefusalLedgerTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final FakeAuditStore audit = new FakeAuditStore(new EventHub());
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T19:00:00Z"), ZoneOffset.UTC);

    private RefusalLedger ledger(int individually, int maxSources) {
        return new RefusalLedger(audit, clock, new RefusalLimits(20, 1, maxSources, Duration.ofSeconds(10), individually), nanos::get);
    }

    private static RefusalLedger.Refusal anonymous(String source, String path) {
        return new RefusalLedger.Refusal(source, "anonymous", PolicyCode.UNAUTHORIZED, "no bearer token", "GET " + path, null);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void theFirstOfAWindowAreWrittenInFullTheRestBecomeOneSummaryWithACount() {
        RefusalLedger ledger = ledger(2, 100);
        for (int i = 0; i < 500; i++) await(ledger.record(anonymous("10.0.0.9", "/api/v1/doors/" + i)));
        assertThat(audit.all()).extracting(r -> r.entry().action()).containsExactly("GET /api/v1/doors/0", "GET /api/v1/doors/1");
        assertThat(ledger.logLines()).isEqualTo(2);
        await(ledger.flush());
        AuditEntry s = audit.all().get(2).entry();
        assertThat(s.type()).isEqualTo("auth.refused.summary");
        assertThat(s.source()).isEqualTo("10.0.0.9");
        assertThat(s.actor()).isEqualTo("anonymous");
        assertThat(s.result()).isEqualTo("refused");
        assertThat(s.action()).as("the last one counted, as a sample").isEqualTo("GET /api/v1/doors/499");
        assertThat(s.detail()).startsWith("count=498 first=2026-12-01T19:00:00Z last=2026-12-01T19:00:00Z reason=no bearer token");
        assertThat(countIn(audit.all())).isEqualTo(500);
        assertThat(ledger.logLines()).isEqualTo(3);
        await(ledger.flush());
        assertThat(audit.all()).as("nothing counted since: no empty summary").hasSize(3);
    }

    @Test
    void aRefusedSignInKeepsItsOwnTypeAndStatusAndIsSummarisedApartFromTheApisRefusals() {
        RefusalLedger ledger = ledger(1, 100);
        for (int i = 0; i < 4; i++) {
            await(ledger.record(new RefusalLedger.Refusal("console.sign_in_refused", "10.0.0.9", "anonymous", PolicyCode.UNAUTHORIZED, 400,
                    "method=oidc why=unknown, used or expired state", "GET /auth/oidc/callback", null)));
            await(ledger.record(anonymous("10.0.0.9", "/api/v1/doors")));
        }
        await(ledger.flush());
        assertThat(audit.all()).extracting(r -> r.entry().type()).containsExactlyInAnyOrder("console.sign_in_refused", "auth.refused",
                "console.sign_in_refused.summary", "auth.refused.summary");
        assertThat(audit.all()).filteredOn(r -> r.entry().type().equals("console.sign_in_refused.summary")).singleElement()
                .satisfies(r -> assertThat(r.entry().detail()).startsWith("count=3 ").endsWith("reason=method=oidc why=unknown, used or expired state"));
        assertThat(countIn(audit.all())).isEqualTo(8);
    }

    @Test
    void aKindStillRefusedStaysCountedAndAQuietWindowStartsAfresh() {
        RefusalLedger ledger = ledger(1, 100);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) await(ledger.record(anonymous("10.0.0.9", "/x")));
            advance(Duration.ofSeconds(10));
            await(ledger.flush());
        }
        assertThat(audit.all()).extracting(r -> r.entry().type())
                .containsExactly("auth.refused", "auth.refused.summary", "auth.refused.summary", "auth.refused.summary");
        advance(Duration.ofSeconds(10));
        await(ledger.flush()); // a quiet window: the kind is forgotten
        await(ledger.record(anonymous("10.0.0.9", "/y")));
        assertThat(audit.all()).last().satisfies(r -> assertThat(r.entry().type()).isEqualTo("auth.refused"));
        assertThat(countIn(audit.all())).isEqualTo(31);
    }

    @Test
    void manySourcesAtOnceShareOneBudgetOfFullRecordsAndTheRestAreCounted() {
        RefusalLedger ledger = ledger(5, 100_000);
        int sources = 2_000;
        for (int i = 0; i < sources; i++) {
            for (int k = 0; k < 3; k++) await(ledger.record(anonymous("10." + (i / 250) + "." + (i % 250) + ".1", "/x")));
        }
        assertThat(audit.all()).as("written in full in this window").hasSize(RefusalLimits.DEFAULT_IN_FULL_PER_WINDOW);
        advance(Duration.ofSeconds(10));
        await(ledger.flush());
        assertThat(countIn(audit.all())).as("every refusal accounted for").isEqualTo(sources * 3);
        await(ledger.record(anonymous("10.200.0.1", "/y")));
        assertThat(audit.all()).last().as("a new window, a new budget").satisfies(r -> assertThat(r.entry().type()).isEqualTo("auth.refused"));
    }

    @Test
    void kindsAreSeparateBySourceCodeAndReason() {
        RefusalLedger ledger = ledger(1, 100);
        await(ledger.record(anonymous("10.0.0.1", "/a")));
        await(ledger.record(anonymous("10.0.0.2", "/a")));
        await(ledger.record(new RefusalLedger.Refusal("10.0.0.1", "anonymous", PolicyCode.UNAUTHORIZED, "invalid bearer token", "GET /a", null)));
        await(ledger.record(new RefusalLedger.Refusal("10.0.0.1", "hall-monitor", PolicyCode.FORBIDDEN, "role viewer lacks permission door_control",
                "POST /api/v1/doors/d1/pulse", "d1")));
        assertThat(audit.all()).hasSize(4).allSatisfy(r -> assertThat(r.entry().type()).isEqualTo("auth.refused"));
        assertThat(audit.all().get(3).entry().door()).isEqualTo("d1");
    }

    @Test
    void kindsBeyondTheLimitAreCountedUnderNoSource() {
        RefusalLedger ledger = ledger(1, 10);
        for (int i = 0; i < 1000; i++) await(ledger.record(anonymous("fd00:" + Integer.toHexString(i) + "::1", "/a")));
        await(ledger.flush());
        assertThat(audit.all()).as("10 tracked sources and the first untracked in full, one summary for the rest").hasSize(12);
        AuditEntry rest = audit.all().get(11).entry();
        assertThat(rest.source()).isNull();
        assertThat(rest.detail()).startsWith("count=989 ").contains("beyond the 10 tracked");
        assertThat(countIn(audit.all())).isEqualTo(1000);
    }

    @Test
    void aLongPathIsCappedWithItsLength() {
        assertThat(RefusalLedger.capped("/api/v1/doors")).isEqualTo("/api/v1/doors");
        String path = "/" + "a".repeat(4095);
        assertThat(RefusalLedger.capped(path)).isEqualTo(path.substring(0, 256) + "…(4096 chars)");
        assertThat(RefusalLedger.capped("/" + "b".repeat(255))).as("exactly 256: as is").hasSize(256);
    }

    /** Every refusal in {@code records}: one per auth.refused, count=N per summary. */
    static long countIn(List<AuditRecord> records) {
        long n = 0;
        for (AuditRecord r : records) {
            AuditEntry e = r.entry();
            if (e.type().endsWith(".summary")) n += Long.parseLong(e.detail().substring(6, e.detail().indexOf(' ')));
            else if (e.type().equals(RefusalLedger.TYPE) || e.type().equals("console.sign_in_refused")) n++;
        }
        return n;
    }

    @Test
    void addressesOfOneIpv6SubnetAreOneKind() {
        RefusalLedger ledger = ledger(2, 100);
        for (int i = 1; i <= 10; i++) await(ledger.record(anonymous("2001:db8:1:2::" + Integer.toHexString(i), "/x")));
        assertThat(audit.all()).as("written in full: the first two of the /64, with their own addresses")
                .extracting(r -> r.entry().source()).containsExactly("2001:db8:1:2::1", "2001:db8:1:2::2");
        await(ledger.flush());
        AuditEntry s = audit.all().get(2).entry();
        assertThat(s.type()).isEqualTo("auth.refused.summary");
        assertThat(s.source()).isEqualTo("2001:db8:1:2::/64");
        assertThat(s.detail()).startsWith("count=8 ");
        assertThat(audit.all()).hasSize(3);
    }
}
