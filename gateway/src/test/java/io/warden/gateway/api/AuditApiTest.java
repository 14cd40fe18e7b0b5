package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditApiTest extends ApiTestBase {

    private void seed(int n) {
        for (int i = 1; i <= n; i++) {
            await(audit.append(new AuditEntry(Instant.parse("2025-03-04T10:00:00Z").plusSeconds(i), "door.command", "front-office",
                    "10.0.0.5", "north-hs", "bldg-a", i % 2 == 0 ? "d2" : "d1", null, null, "pulse", "confirmed", "ack " + i)));
        }
    }

    @Test
    void queryPassesFiltersAndCursorAndIsAudited() {
        seed(10);
        var res = get("/api/v1/audit?door=d1&type=door.command&actor=front-office&result=confirmed&site=north-hs&zone=bldg-a"
                + "&credential=12:345&from=2025-03-04T10:00:00Z&to=2025-03-05T00:00:00Z&limit=2&cursor=3", "investigator-token");
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        AuditQuery q = audit.queries.get(0);
        assertThat(q).isEqualTo(new AuditQuery(Instant.parse("2025-03-04T10:00:00Z"), Instant.parse("2025-03-05T00:00:00Z"),
                "north-hs", "bldg-a", "d1", "front-office", "12:345", "door.command", "confirmed", 2, 3));
        var audited = audited("audit.query");
        assertThat(audited).hasSize(1);
        AuditEntry e = audited.get(0).entry();
        assertThat(e.actor()).isEqualTo("investigator-jones");
        assertThat(e.source()).isEqualTo("127.0.0.1");
        assertThat(e.result()).isEqualTo("ok");
        assertThat(e.detail()).contains("door=d1").contains("type=door.command").contains("from=2025-03-04T10:00:00Z");
    }

    @Test
    void pagesWithNext() {
        seed(5);
        JsonObject page = get("/api/v1/audit?door=d1&limit=2", "investigator-token").bodyAsJsonObject();
        JsonArray items = page.getJsonArray("items");
        assertThat(items).hasSize(2);
        JsonObject first = items.getJsonObject(0);
        assertThat(first.fieldNames()).contains("seq", "time", "type", "actor", "door", "camera", "action", "result", "detail",
                "source", "site", "zone", "credential");
        assertThat(first.getLong("seq")).isEqualTo(1);
        assertThat(first.getString("time")).isEqualTo("2025-03-04T10:00:01Z");
        assertThat(page.getLong("next")).isEqualTo(3);
        JsonObject last = get("/api/v1/audit?door=d1&limit=2&cursor=3", "investigator-token").bodyAsJsonObject();
        assertThat(last.getJsonArray("items")).extracting(o -> ((JsonObject) o).getLong("seq")).containsExactly(5L);
        assertThat(last.getValue("next")).isNull();
    }

    @Test
    void verifyIsAudited() {
        seed(3);
        JsonObject v = get("/api/v1/audit/verify", "admin-token").bodyAsJsonObject();
        assertThat(v.getBoolean("ok")).isTrue();
        assertThat(v.getLong("records")).isEqualTo(4); // the three and the verify's own record
        assertThat(v.containsKey("firstBrokenSeq")).isFalse();
        assertThat(audited("audit.verify")).hasSize(1);
    }

    @Test
    void storeFailureIs500WithoutInternals() {
        audit.broken = true;
        JsonObject p = problem(get("/api/v1/audit", "investigator-token"), 500, "INTERNAL");
        assertThat(p.getString("detail")).startsWith("internal error, reference ").doesNotContain("disk");
    }
}
