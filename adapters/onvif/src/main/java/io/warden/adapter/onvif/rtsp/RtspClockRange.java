package io.warden.adapter.onvif.rtsp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * RTSP absolute time ranges, {@code clock=20250301T101500.250Z-20250301T102000Z} (RFC 2326 §3.7; ONVIF
 * replay uses it in PLAY's {@code Range} and in the SDP {@code a=range}). Pure.
 *
 * @param from start, inclusive
 * @param to   end, or null for an open range
 */
public record RtspClockRange(Instant from, Instant to) {
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** {@code yyyyMMdd'T'HHmmss.SSS'Z'}, millisecond precision. */
    public static String format(Instant t) {
        return OUT.format(t);
    }

    /** The header value, {@code clock=<from>-<to>} or {@code clock=<from>-}. */
    public String headerValue() {
        return "clock=" + format(from) + "-" + (to == null ? "" : format(to));
    }

    /** Parses a range value; empty when it is not an absolute {@code clock=} range or does not parse. */
    public static Optional<RtspClockRange> parse(String value) {
        if (value == null) return Optional.empty();
        String v = value.trim();
        int semi = v.indexOf(';'); // ";time=" parameter
        if (semi >= 0) v = v.substring(0, semi).trim();
        if (!v.regionMatches(true, 0, "clock=", 0, 6)) return Optional.empty();
        String spec = v.substring(6);
        int dash = spec.indexOf('-');
        if (dash < 0) return Optional.empty();
        try {
            Instant from = dash == 0 ? null : parseTime(spec.substring(0, dash));
            String end = spec.substring(dash + 1).trim();
            Instant to = end.isEmpty() ? null : parseTime(end);
            if (from == null) return Optional.empty();
            return Optional.of(new RtspClockRange(from, to));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code 8DIGIT "T" 6DIGIT ["." 1*9DIGIT] "Z"}. */
    static Instant parseTime(String s) {
        String t = s.trim();
        if (t.length() < 16 || t.charAt(8) != 'T' || !t.endsWith("Z")) throw new IllegalArgumentException("bad utc-time " + t);
        String frac = "";
        String whole = t.substring(0, t.length() - 1);
        int dot = whole.indexOf('.');
        if (dot >= 0) {
            frac = whole.substring(dot + 1);
            whole = whole.substring(0, dot);
            if (frac.isEmpty() || frac.length() > 9 || !frac.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad fraction " + t);
            }
        }
        if (whole.length() != 15) throw new IllegalArgumentException("bad utc-time " + t);
        LocalDateTime ldt = LocalDateTime.parse(whole, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        long nanos = frac.isEmpty() ? 0 : Long.parseLong((frac + "000000000").substring(0, 9));
        return ldt.toInstant(ZoneOffset.UTC).plusNanos(nanos);
    }
}
