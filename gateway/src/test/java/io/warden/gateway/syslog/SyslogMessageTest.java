package io.warden.gateway.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.gateway.syslog.SyslogMessage.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyslogMessageTest {
    private static final Instant T = Instant.parse("2025-03-04T10:02:00.123456789Z");

    @Test
    void headerFollowsRfc5424WithSixFractionalDigitsAtMost() {
        SyslogMessage m = new SyslogMessage(SyslogMessage.AUTHPRIV, Severity.NOTICE, T, "gw-1", "warden", "audit.checkpoint", "seq=5 hash=ab");
        assertThat(new String(m.bytes(), StandardCharsets.US_ASCII))
                .isEqualTo("<85>1 2025-03-04T10:02:00.123456Z gw-1 warden - audit.checkpoint - seq=5 hash=ab");
        assertThat(new SyslogMessage(10, Severity.CRITICAL, Instant.parse("2025-03-04T10:02:00Z"), "h", "a", "m", "x").toString())
                .isEqualTo("<82>1 2025-03-04T10:02:00.000000Z h a - m - x");
    }

    @Test
    void headerFieldsArePrintableAsciiWithinTheirLimitsAndNeverEmpty() {
        SyslogMessage m = new SyslogMessage(10, Severity.NOTICE, T, "gw host\u00e9", "", "x".repeat(40) + " y", "t");
        assertThat(m.toString()).isEqualTo("<85>1 2025-03-04T10:02:00.123456Z gw_host_ - - " + "x".repeat(32) + " - t");
        assertThat(SyslogMessage.field(null, 5)).isEqualTo("-");
        assertThat(SyslogMessage.field("a\nb]c", 48)).isEqualTo("a_b]c");
    }

    @Test
    void utf8TextGetsABomAndAsciiTextDoesNot() {
        byte[] ascii = new SyslogMessage(10, Severity.NOTICE, T, "h", "warden", "m", "plain").bytes();
        byte[] utf8 = new SyslogMessage(10, Severity.NOTICE, T, "h", "warden", "m", "Zoë").bytes();
        String header = "<85>1 2025-03-04T10:02:00.123456Z h warden - m - ";
        assertThat(new String(ascii, StandardCharsets.US_ASCII)).isEqualTo(header + "plain");
        byte[] expected = concat(header.getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "Zoë".getBytes(StandardCharsets.UTF_8));
        assertThat(utf8).isEqualTo(expected);
    }

    @Test
    void octetCountingPrefixesTheByteLengthNotTheCharacterCount() {
        SyslogMessage m = new SyslogMessage(10, Severity.NOTICE, T, "h", "warden", "m", "Zoë → ok");
        byte[] framed = m.octetCounted();
        int n = m.bytes().length;
        assertThat(new String(framed, 0, String.valueOf(n).length() + 1, StandardCharsets.US_ASCII)).isEqualTo(n + " ");
        assertThat(Arrays.copyOfRange(framed, framed.length - n, framed.length)).isEqualTo(m.bytes());
        assertThat(n).isGreaterThan(m.toString().length());
    }

    @Test
    void refusesAFacilityOutsideTheRange() {
        assertThatThrownBy(() -> new SyslogMessage(24, Severity.NOTICE, T, "h", "a", "m", "t")).hasMessageContaining("facility must be 0..23");
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
