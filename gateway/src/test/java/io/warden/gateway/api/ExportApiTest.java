package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportApiTest extends ApiTestBase {
    private static final int N = 1234;

    private void seed() {
        for (int i = 1; i <= N; i++) {
            String detail = switch (i) {
                case 1 -> "said \"hello\", then left";
                case 2 -> "=HYPERLINK(\"http://evil\")";
                case 3 -> "line one\nline two";
                case 4 -> "@SUM(A1)";
                default -> "ack " + i;
            };
            await(audit.append(new AuditEntry(Instant.parse("2025-03-04T10:00:00Z").plusSeconds(i), "door.command", "front-office",
                    "10.0.0.5", "north-hs", "bldg-a", "d1", null, i == 5 ? "-12:345" : null, "pulse", "confirmed", detail)));
        }
    }

    @Test
    void csvStreamsEveryPageWithQuoting() {
        seed();
        var res = get("/api/v1/audit/export?format=csv&type=door.command", "investigator-token");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(res.getHeader("Content-Disposition")).matches("attachment; filename=\"warden-audit-\\d{8}T\\d{6}Z\\.csv\"");
        assertThat(res.getHeader("Transfer-Encoding")).isEqualTo("chunked");
        String csv = res.bodyAsString();
        assertThat(csv).startsWith("seq,time,type,actor,source,site,zone,door,camera,credential,action,result,detail,hash\r\n");
        assertThat(csv).contains("\r\n1,2025-03-04T10:00:01.000000Z,door.command,front-office,10.0.0.5,north-hs,bldg-a,d1,,,pulse,confirmed,"
                + "\"said \"\"hello\"\", then left\",h1\r\n");
        assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",h2\r\n");
        assertThat(csv).contains(",\"line one\nline two\",h3\r\n");
        assertThat(csv).contains(",'@SUM(A1),h4\r\n");
        assertThat(csv).contains(",d1,,'-12:345,pulse,");
        assertThat(csv).endsWith(",ack 1234,h1234\r\n");
        // header + N records, one of which spans two physical lines
        assertThat(csv.split("\r\n", -1)).hasSize(1 + N + 1);
        // paged through the store 500 at a time with the cursor
        assertThat(audit.queries).extracting(AuditQuery::afterSeq).containsExactly(0L, 500L, 1000L);
        assertThat(audit.queries).extracting(AuditQuery::limit).containsOnly(500);
        var exported = audited("audit.export");
        assertThat(exported).hasSize(1);
        assertThat(exported.get(0).entry().detail()).contains("format=csv").contains("type=door.command");
        assertThat(exported.get(0).entry().actor()).isEqualTo("investigator-jones");
    }

    @Test
    void ndjsonOneLinePerRecord() {
        seed();
        var res = get("/api/v1/audit/export?format=ndjson&type=door.command", "investigator-token");
        assertThat(res.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
        assertThat(res.getHeader("Content-Disposition")).endsWith(".ndjson\"");
        List<String> lines = res.bodyAsString().lines().toList();
        assertThat(lines).hasSize(N);
        JsonObject first = new JsonObject(lines.get(0));
        assertThat(first.getLong("seq")).isEqualTo(1);
        assertThat(first.getString("hash")).isEqualTo("h1");
        assertThat(new JsonObject(lines.get(2)).getString("detail")).isEqualTo("line one\nline two");
    }

    @Test
    void viewerMayNotExport() {
        problem(get("/api/v1/audit/export", "viewer-token"), 403, "FORBIDDEN");
        assertThat(audited("audit.export")).isEmpty();
    }
}
