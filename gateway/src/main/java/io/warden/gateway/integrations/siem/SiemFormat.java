package io.warden.gateway.integrations.siem;

import io.warden.gateway.audit.AuditRecord;

/**
 * How a record reads as the MSG of its syslog message: {@code kv} ({@link SiemKvFormat}) or {@code cef}
 * ({@link SiemCefFormat}). A codec: a record in, one line of text out, every hostile character escaped so
 * that one record is always exactly one message with the fields it had.
 */
interface SiemFormat {
    String text(AuditRecord r, SiemSeverity severity);

    /** {@code kv} or {@code cef}; {@code version} is the gateway's (CEF's Device Version). */
    static SiemFormat named(String name, String version) {
        return switch (name) {
            case "kv" -> new SiemKvFormat();
            case "cef" -> new SiemCefFormat(version);
            default -> throw new IllegalArgumentException("SIEM format must be kv or cef, not \"" + name + "\"");
        };
    }

    /**
     * A character no reader should see raw in a log line: ASCII and C1 controls, Unicode line and paragraph
     * separators, invisible format characters (bidi overrides that make a line read differently than it
     * parses), and a lone surrogate (not encodable).
     */
    static boolean unsafe(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c);
    }
}
