package io.warden.gateway.integrations.siem;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;

/**
 * ArcSight Common Event Format, version 0:
 *
 * <pre>
 *   CEF:0|Warden|Warden Gateway|1.4.0|door.forced|door forced|8|rt=1741082520000 externalId=42 suser=ctl-1
 *       cs1Label=site cs1=north cs3Label=door cs3=d1 flexString1Label=hash flexString1=9f2c.. msg=..
 * </pre>
 *
 * Header (Device Event Class ID = the event type, Name = the type in words, Severity 0..10 from
 * {@link SiemSeverity}): {@code \} and {@code |} escaped with a backslash; a line break, which the header may
 * not hold, becomes a space. Extension: {@code \} and {@code =} escaped with a backslash, CR and LF as
 * {@code \r} and {@code \n}; keys are CEF's own (rt = record time in epoch ms, externalId = seq, act = action,
 * outcome = result, suser = actor, msg = detail) plus labelled custom strings: cs1 site, cs2 zone, cs3 door,
 * cs4 camera, cs5 credential, cs6 source, flexString1 hash. Other control, format and separator characters,
 * which CEF has no escape for, become U+FFFD. CEF is UTF-8: other non-ASCII text stays.
 */
final class SiemCefFormat implements SiemFormat {
    private static final char REPLACEMENT = '\uFFFD';
    private final String version;

    SiemCefFormat(String version) {
        this.version = version;
    }

    @Override
    public String text(AuditRecord r, SiemSeverity severity) {
        AuditEntry e = r.entry();
        StringBuilder sb = new StringBuilder(320).append("CEF:0|Warden|Warden Gateway|");
        header(sb, version);
        header(sb, e.type());
        header(sb, e.type().replace('.', ' ').replace('_', ' '));
        sb.append(severity.cef).append('|');
        sb.append("rt=").append(e.time().toEpochMilli()).append(" externalId=").append(r.seq());
        ext(sb, "act", e.action());
        ext(sb, "outcome", e.result());
        ext(sb, "suser", e.actor());
        custom(sb, "cs1", "site", e.site());
        custom(sb, "cs2", "zone", e.zone());
        custom(sb, "cs3", "door", e.door());
        custom(sb, "cs4", "camera", e.camera());
        custom(sb, "cs5", "credential", e.credential());
        custom(sb, "cs6", "source", e.source());
        custom(sb, "flexString1", "hash", r.hash());
        ext(sb, "msg", e.detail());
        return sb.toString();
    }

    private static void header(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' || c == '|') sb.append('\\').append(c);
            else if (c == '\r' || c == '\n') sb.append(' ');
            else sb.append(SiemFormat.unsafe(c) && !SiemKvFormat.pairedSurrogate(v, i) ? REPLACEMENT : c);
        }
        sb.append('|');
    }

    private static void custom(StringBuilder sb, String key, String label, String v) {
        if (v == null) return;
        sb.append(' ').append(key).append("Label=").append(label);
        ext(sb, key, v);
    }

    private static void ext(StringBuilder sb, String key, String v) {
        if (v == null) return;
        sb.append(' ').append(key).append('=');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '=' -> sb.append("\\=");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(SiemFormat.unsafe(c) && !SiemKvFormat.pairedSurrogate(v, i) ? REPLACEMENT : c);
            }
        }
    }
}
