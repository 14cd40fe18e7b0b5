package io.warden.gateway.syslog;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One RFC 5424 syslog message, and its bytes on the wire; the one place Warden formats syslog (the audit
 * checkpoints and the SIEM feed). A codec: no I/O, no clock.
 *
 * <pre>
 *   &lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG
 *   &lt;82&gt;1 2025-03-04T10:02:00.123456Z gw-host warden - door.forced - seq=42 type="door.forced" ...
 * </pre>
 *
 * PROCID and STRUCTURED-DATA are always the NILVALUE {@code -}. Header fields are PRINTUSASCII (33..126,
 * RFC 5424 §6): any other character becomes {@code _}, and each is cut to its limit (HOSTNAME 255, APP-NAME 48,
 * MSGID 32); an empty one is {@code -}. The text is the caller's, already escaped by its format; when it is not
 * pure ASCII it is sent as UTF-8 after a BOM, as §6.4 requires (ASCII is valid MSG-ANY and goes bare).
 *
 * @param facility 0..23, e.g. {@link #AUTHPRIV}
 * @param time     cut to microseconds: TIME-SECFRAC has at most 6 digits (§6.2.3)
 */
public record SyslogMessage(int facility, Severity severity, Instant time, String hostname, String appName, String msgId, String text) {
    /** Facility 10, security/authorization messages (private): what Warden sends. */
    public static final int AUTHPRIV = 10;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** RFC 5424 §6.2.1 severities, most severe first. */
    public enum Severity { EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG;

        public int code() {
            return ordinal();
        }
    }

    public SyslogMessage {
        if (facility < 0 || facility > 23) throw new IllegalArgumentException("syslog facility must be 0..23: " + facility);
        if (severity == null || time == null) throw new IllegalArgumentException("a syslog message needs a severity and a time");
        text = text == null ? "" : text;
    }

    /** {@code <PRI>} value: facility × 8 + severity. */
    public int pri() {
        return facility * 8 + severity.code();
    }

    /** The header and text as a string (the BOM, when due, is added by {@link #bytes()}). */
    @Override
    public String toString() {
        return header() + text;
    }

    private String header() {
        return "<" + pri() + ">1 " + TIMESTAMP.format(time.truncatedTo(ChronoUnit.MICROS)) + " " + field(hostname, 255) + " "
                + field(appName, 48) + " - " + field(msgId, 32) + " - ";
    }

    /** The message as sent in one UDP datagram (RFC 5426) or inside a TCP/TLS frame. */
    public byte[] bytes() {
        byte[] h = header().getBytes(StandardCharsets.US_ASCII);
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        boolean ascii = t.length == text.length();
        byte[] out = new byte[h.length + (ascii ? 0 : BOM.length) + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        if (!ascii) System.arraycopy(BOM, 0, out, h.length, BOM.length);
        System.arraycopy(t, 0, out, out.length - t.length, t.length);
        return out;
    }

    /** The message framed by octet counting for TCP and TLS: {@code MSG-LEN SP SYSLOG-MSG} (RFC 6587 §3.4.1, RFC 5425 §4.3). */
    public byte[] octetCounted() {
        byte[] msg = bytes();
        byte[] len = (msg.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[len.length + msg.length];
        System.arraycopy(len, 0, out, 0, len.length);
        System.arraycopy(msg, 0, out, len.length, msg.length);
        return out;
    }

    /** A header field: PRINTUSASCII only, at most {@code max} characters, {@code -} when empty. */
    static String field(String value, int max) {
        if (value == null || value.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && sb.length() < max; i++) {
            char c = value.charAt(i);
            sb.append(c >= 33 && c <= 126 ? c : '_');
        }
        return sb.toString();
    }

    /** This machine's name for HOSTNAME, or {@code -}. Blocking (a name lookup): call it off the event loop, once. */
    public static String localHostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "-" : field(name, 255);
        } catch (IOException e) {
            return "-";
        }
    }
}
