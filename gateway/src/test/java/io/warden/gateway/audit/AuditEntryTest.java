package io.warden.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A record printed to a log (because the store refused it) never holds a usable card number. */
class AuditEntryTest {

    @Test
    void cardNumbersAreMaskedWhenAnEntryIsPrinted() {
        AuditEntry e = new AuditEntry(Instant.parse("2026-12-01T15:04:00Z"), "access.denied", "s-2003", null, "lincoln-ms", "main",
                "library", null, "H10301:40:2003", "card", "denied", "lost: card H10301:40:2003 was reported lost; also RAW:32:0A1B2C3D");
        String printed = e.toString();
        assertThat(printed).contains("credential=H10301:40:**03", "card H10301:40:**03 was", "RAW:32:******3D", "actor=s-2003", "door=library")
                .doesNotContain("2003 was", "0A1B2C3D");
        assertThat(AuditEntry.masked("26-bit 0A1B2C41")).isEqualTo("26-bit ******41");
        assertThat(AuditEntry.masked("C1000:812:40007 and h10304:5100:70001")).isEqualTo("C1000:812:***07 and h10304:5100:***01");
        assertThat(AuditEntry.masked(null)).isNull();
    }
}
