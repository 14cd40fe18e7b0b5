package io.warden.gateway.integrations.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SiemFormatTest {
    private static final Instant T = Instant.parse("2025-03-04T10:02:00.123Z");

    @Test
    void cefEscapesPipeAndBackslashInTheHeaderAndEqualsBackslashNewlineInTheExtension() {
        AuditRecord r = new AuditRecord(9, new AuditEntry(T, "x|y\\z\nw", "ops=1", null, "a|b", null, null, null, "c\\d", null, null,
                "l1\r\nl2 = \u0007\u202e end"), "h");
        String cef = new SiemCefFormat("1.0|beta").text(r, SiemSeverity.LOW);
        assertThat(cef).isEqualTo("CEF:0|Warden|Warden Gateway|1.0\\|beta|x\\|y\\\\z w|x\\|y\\\\z w|3|rt=1741082520123 externalId=9"
                + " suser=ops\\=1 cs1Label=site cs1=a|b cs5Label=credential cs5=c\\\\d flexString1Label=hash flexString1=h"
                + " msg=l1\\r\\nl2 \\= \uFFFD\uFFFD end");
    }

    @Test
    void kvQuotesEveryTextValueAndEscapesControlsAsUnicode() {
        AuditRecord r = new AuditRecord(3, new AuditEntry(T, "door.command", "a b", null, null, null, "d=1", null, null, null, "refused",
                "tab\there \u0000 \uD83D\uDE00 lone\uD800"), "h");
        assertThat(new SiemKvFormat().text(r, SiemSeverity.MEDIUM)).isEqualTo("seq=3 time=\"2025-03-04T10:02:00.123000Z\" type=\"door.command\""
                + " severity=\"medium\" actor=\"a b\" door=\"d=1\" result=\"refused\" detail=\"tab\\there \\u0000 \uD83D\uDE00 lone\\ud800\" hash=\"h\"");
    }

    @Test
    void severityComesFromTheTypeAndRisesForRefusalsAndFailures() {
        assertThat(SiemSeverity.of(entry("door.forced", null))).isEqualTo(SiemSeverity.HIGH);
        assertThat(SiemSeverity.of(entry("device.tamper", null))).isEqualTo(SiemSeverity.HIGH);
        assertThat(SiemSeverity.of(entry("device.tamper_cleared", null))).isEqualTo(SiemSeverity.INFO);
        assertThat(SiemSeverity.of(entry("access.denied", null))).isEqualTo(SiemSeverity.MEDIUM);
        assertThat(SiemSeverity.of(entry("auth.refused.summary", null))).isEqualTo(SiemSeverity.MEDIUM);
        assertThat(SiemSeverity.of(entry("door.command", "refused"))).isEqualTo(SiemSeverity.MEDIUM);
        assertThat(SiemSeverity.of(entry("door.command", "confirmed"))).isEqualTo(SiemSeverity.LOW);
        assertThat(SiemSeverity.of(entry("access.granted", null))).isEqualTo(SiemSeverity.INFO);
        assertThat(SiemSeverity.HIGH.syslog.code()).isEqualTo(2);
        assertThat(SiemSeverity.INFO.cef).isEqualTo(1);
    }

    @Test
    void anUnknownFormatIsNamed() {
        assertThatThrownBy(() -> SiemFormat.named("leef", "dev")).hasMessageContaining("kv or cef").hasMessageContaining("leef");
    }

    private static AuditEntry entry(String type, String result) {
        return new AuditEntry(T, type, "a", null, null, null, null, null, null, null, result, null);
    }
}
