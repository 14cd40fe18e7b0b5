package io.warden.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditExportTest {
    private static final Instant T = Instant.parse("2025-03-04T10:02:00Z");
    private static final String HASH = "ab".repeat(32);

    private static AuditRecord record(String actor, String detail) {
        return new AuditRecord(42, new AuditEntry(T, "door.command", actor, null, "north-hs", "", "front-office", null, null,
                "pulse", "confirmed", detail), HASH);
    }

    @Test
    void headerNamesEveryColumn() {
        assertThat(AuditExport.csvHeader())
                .isEqualTo("seq,time,type,actor,source,site,zone,door,camera,credential,action,result,detail,hash\r\n");
    }

    @Test
    void plainRowNullsAreEmptyCellsAndEmptyStringsAreQuoted() {
        assertThat(AuditExport.csvRow(record("alice", "ok")))
                .isEqualTo("42,2025-03-04T10:02:00.000000Z,door.command,alice,,north-hs,\"\",front-office,,,pulse,confirmed,ok," + HASH + "\r\n");
    }

    @Test
    void quotesCommasQuotesAndLineBreaksPerRfc4180() {
        String row = AuditExport.csvRow(record("O'Brien, \"Pat\"", "line1\r\nline2"));
        assertThat(row).contains(",\"O'Brien, \"\"Pat\"\"\",").contains(",\"line1\r\nline2\",");
    }

    @Test
    void neutralizesSpreadsheetFormulas() {
        assertThat(AuditExport.csvRow(record("=HYPERLINK(\"http://x\")", "+1"))).contains(",\"'=HYPERLINK(\"\"http://x\"\")\",")
                .contains(",'+1,");
        assertThat(AuditExport.csvRow(record("-2+3", "@SUM(A1)"))).contains(",'-2+3,").contains(",'@SUM(A1),");
        assertThat(AuditExport.csvRow(record("\tcmd", "=1,2"))).contains(",'\tcmd,").contains(",\"'=1,2\",");
        assertThat(AuditExport.csvRow(record("a=b", "x-y"))).contains(",a=b,").contains(",x-y,");
    }

    @Test
    void ndjsonIsOneObjectPerLineWithEveryField() {
        String line = AuditExport.ndjson(record("alice", "two\nlines \"quoted\""));
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonObject o = new JsonObject(line);
        assertThat(o.fieldNames()).containsExactly("seq", "time", "type", "actor", "source", "site", "zone", "door", "camera",
                "credential", "action", "result", "detail", "hash");
        assertThat(o.getLong("seq")).isEqualTo(42);
        assertThat(o.getString("time")).isEqualTo("2025-03-04T10:02:00.000000Z");
        assertThat(o.getString("zone")).isEmpty();
        assertThat(o.containsKey("camera")).isTrue();
        assertThat(o.getValue("camera")).isNull();
        assertThat(o.getString("detail")).isEqualTo("two\nlines \"quoted\"");
    }
}
