package io.warden.gateway.api;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;

/**
 * Export formats of the audit trail. Kept here until the audit package's {@code AuditExport} lands;
 * then this goes away.
 *
 * <p>CSV follows RFC 4180 (CRLF, fields with a comma, quote or line break quoted, quotes doubled).
 * A text cell starting with {@code = + - @} (or tab / CR) gets a leading {@code '} so a spreadsheet
 * shows it instead of running it as a formula: the trail holds text that visitors typed.
 */
final class AuditFormat {
    static final String CSV_HEADER =
            "seq,time,type,actor,source,site,zone,door,camera,credential,action,result,detail,hash\r\n";

    private AuditFormat() {}

    static String csvRow(AuditRecord r) {
        AuditEntry e = r.entry();
        StringBuilder b = new StringBuilder(160);
        b.append(r.seq());
        for (String s : new String[] {e.time().toString(), e.type(), e.actor(), e.source(), e.site(), e.zone(), e.door(),
                e.camera(), e.credential(), e.action(), e.result(), e.detail(), r.hash()}) {
            b.append(',').append(cell(s));
        }
        return b.append("\r\n").toString();
    }

    static String ndjson(AuditRecord r) {
        return ApiJson.auditItem(r).put("hash", r.hash()).encode() + "\n";
    }

    static String cell(String s) {
        if (s == null || s.isEmpty()) return "";
        char c = s.charAt(0);
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') s = "'" + s;
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
