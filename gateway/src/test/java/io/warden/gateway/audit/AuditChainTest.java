package io.warden.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden vectors computed independently (with the Python script of the class comment), so the documented form and the code agree. */
class AuditChainTest {
    private static final Instant T = Instant.parse("2025-03-04T10:02:00.123456Z");
    private static final AuditEntry FIRST = new AuditEntry(T, "door.command", "alice", "10.1.2.3", "north-hs", "bldg-a",
            "front-office", null, "", "pulse", "confirmed", "Zoë ✓");
    private static final AuditEntry SECOND = new AuditEntry(T.plusNanos(1000), "credential.read", "front-office-reader", null, null,
            null, "front-office", null, "20:13912", null, "granted", null);

    @Test
    void canonicalFormIsTheDocumentedOne() {
        assertThat(HexFormat.of().formatHex(new AuditChain().canonical(1, FIRST))).isEqualTo(
                "01" + "0000000000000001" + "00062f815d22f840"
                        + "0000000c646f6f722e636f6d6d616e64" + "00000005616c696365" + "0000000831302e312e322e33"
                        + "000000086e6f7274682d6873" + "00000006626c64672d61" + "0000000c66726f6e742d6f6666696365"
                        + "ffffffff" + "00000000" + "0000000570756c7365" + "00000009636f6e6669726d6564"
                        + "000000085a6fc3ab20e29c93");
    }

    @Test
    void hashesChainFromGenesis() {
        AuditChain chain = new AuditChain();
        String h1 = chain.next(AuditChain.GENESIS, 1, FIRST);
        assertThat(h1).isEqualTo("e60c555113336f6389d21f08bffb3ce19e6e2a0aa719f933250ecefc6d195d81");
        assertThat(chain.next(h1, 2, SECOND)).isEqualTo("421ff6d2c2ce3f3760b52565594971fce72e9a5004e5b187d275ed70773f9caa");
    }

    @Test
    void timeIsTruncatedToMicrosecondsAlsoBeforeTheEpoch() {
        AuditEntry e = new AuditEntry(Instant.parse("1969-12-31T23:59:59.999999999Z"), "x", null, null, null, null, null, null,
                null, null, null, null);
        AuditEntry n = AuditChain.normalize(e);
        assertThat(n.time()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(AuditChain.micros(n.time())).isEqualTo(-1);
        assertThat(AuditChain.instant(-1)).isEqualTo(n.time());
        assertThat(new AuditChain().next(AuditChain.GENESIS, 1, e)).isEqualTo(new AuditChain().next(AuditChain.GENESIS, 1, n));
    }

    @Test
    void longFieldsGrowTheBuffer() {
        String big = "x".repeat(5000);
        AuditEntry e = new AuditEntry(T, "door.command", null, null, null, null, null, null, null, null, null, big);
        assertThat(new AuditChain().canonical(7, e)).hasSize(1 + 8 + 8 + (4 + "door.command".length()) + 9 * 4 + (4 + 5000));
    }
}
