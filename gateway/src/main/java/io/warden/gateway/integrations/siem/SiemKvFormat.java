package io.warden.gateway.integrations.siem;

import io.warden.gateway.audit.AuditExport;
import io.warden.gateway.audit.AuditRecord;
import java.util.Map;

/**
 * {@code key=value} pairs, the event's JSON fields ({@link AuditExport#json}) in its order, absent ones left out:
 *
 * <pre>
 *   seq=42 time="2025-03-04T10:02:00.000000Z" type="door.forced" actor="ctl-1" site="north" door="d1" severity="high" hash="9f2c.."
 * </pre>
 *
 * {@code seq} is a bare number; every other value is in double quotes, inside which {@code \} {@code "} are
 * escaped with a backslash, CR LF tab as {@code \r \n \t}, and any other control, format or separator character
 * (or lone surrogate) as {@code \}{@code uXXXX}. Other non-ASCII text (a name with accents) stays as UTF-8.
 * Splunk's and Elastic's kv parsers read this form as is.
 */
final class SiemKvFormat implements SiemFormat {
    @Override
    public String text(AuditRecord r, SiemSeverity severity) {
        StringBuilder sb = new StringBuilder(256);
        for (Map.Entry<String, Object> f : AuditExport.json(r)) {
            Object v = f.getValue();
            if (v == null) continue;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(f.getKey()).append('=');
            if (v instanceof Number) sb.append(v);
            else quoted(sb, v.toString());
            if ("type".equals(f.getKey())) sb.append(" severity=\"").append(severity.name().toLowerCase(java.util.Locale.ROOT)).append('"');
        }
        return sb.toString();
    }

    static void quoted(StringBuilder sb, String v) {
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (SiemFormat.unsafe(c) && !pairedSurrogate(v, i)) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /** Whether {@code v[i]} is half of a valid surrogate pair (an emoji, say): that is text, not hostile. */
    static boolean pairedSurrogate(String v, int i) {
        char c = v.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1));
        if (Character.isLowSurrogate(c)) return i > 0 && Character.isHighSurrogate(v.charAt(i - 1));
        return false;
    }
}
