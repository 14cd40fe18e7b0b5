package io.warden.gateway.audit;

import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Lines of an audit export, CSV or NDJSON. Export is streamed by the caller: page through
 * {@link AuditStore#query} with {@link AuditPage#next()} as the cursor ({@link AuditQuery#after}) and
 * write each page's lines before asking for the next, so memory stays at one page whatever the range.
 *
 * <p>Times are ISO-8601 UTC with exactly six fractional digits ({@code 2025-03-04T10:02:00.000000Z}),
 * the precision the stores keep.
 */
public final class AuditExport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {
            "seq", "time", "type", "actor", "source", "site", "zone", "door", "camera", "credential", "action", "result", "detail", "hash"};

    private AuditExport() {}

    /** The CSV header line, ending in CRLF. */
    public static String csvHeader() {
        return String.join(",", HEADER) + "\r\n";
    }

    /**
     * One record as an RFC 4180 CSV line ending in CRLF. A null field is an empty cell and an empty
     * string is {@code ""}, so the two stay distinct. A text cell that starts with {@code = + - @}, tab
     * or CR gets a leading {@code '} so a spreadsheet shows it as text instead of running it as a
     * formula.
     */
    public static String csvRow(AuditRecord r) {
        AuditEntry e = r.entry();
        StringBuilder sb = new StringBuilder(256);
        sb.append(r.seq()).append(',').append(TIME.format(e.time()));
        for (String v : new String[] {e.type(), e.actor(), e.source(), e.site(), e.zone(), e.door(), e.camera(), e.credential(),
                e.action(), e.result(), e.detail(), r.hash()}) {
            sb.append(',');
            cell(sb, v);
        }
        return sb.append("\r\n").toString();
    }

    private static void cell(StringBuilder sb, String v) {
        if (v == null) return;
        if (v.isEmpty()) {
            sb.append("\"\"");
            return;
        }
        String text = isFormula(v.charAt(0)) ? "'" + v : v;
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        if (!quote) {
            sb.append(text);
            return;
        }
        sb.append('"').append(text.replace("\"", "\"\"")).append('"');
    }

    private static boolean isFormula(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** One record as a JSON object on one line, ending in LF; absent fields are {@code null}. */
    public static String ndjson(AuditRecord r) {
        return json(r).encode() + "\n";
    }

    /** One record as JSON: seq, time, every entry field (absent ones {@code null}) and hash; what integrations send too. */
    public static JsonObject json(AuditRecord r) {
        AuditEntry e = r.entry();
        return new JsonObject()
                .put("seq", r.seq())
                .put("time", TIME.format(e.time()))
                .put("type", e.type())
                .put("actor", e.actor())
                .put("source", e.source())
                .put("site", e.site())
                .put("zone", e.zone())
                .put("door", e.door())
                .put("camera", e.camera())
                .put("credential", e.credential())
                .put("action", e.action())
                .put("result", e.result())
                .put("detail", e.detail())
                .put("hash", r.hash());
    }
}
