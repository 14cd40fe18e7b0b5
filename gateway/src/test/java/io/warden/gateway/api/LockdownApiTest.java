package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LockdownApiTest extends ApiTestBase {
    private static final JsonObject SITE_LOCKDOWN = new JsonObject().put("level", "lockdown")
            .put("scope", new JsonObject().put("site", "north-hs")).put("drill", true).put("reason", "monthly drill");

    @Test
    void startReturns201WithReportAndLocation() {
        var res = post("/api/v1/lockdowns", "lockdown-token", SITE_LOCKDOWN);
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(201);
        assertThat(res.getHeader("Location")).isEqualTo("/api/v1/lockdowns/ld-1");
        JsonObject r = res.bodyAsJsonObject();
        assertThat(r.getString("id")).isEqualTo("ld-1");
        assertThat(r.getString("level")).isEqualTo("lockdown");
        assertThat(r.getJsonObject("scope")).isEqualTo(new JsonObject().put("site", "north-hs"));
        assertThat(r.getString("startedBy")).isEqualTo("sro-smith");
        assertThat(r.getString("startedAt")).isEqualTo("2025-03-04T10:00:00Z");
        assertThat(r.getBoolean("drill")).isTrue();
        assertThat(r.getString("reason")).isEqualTo("monthly drill");
        JsonArray doorsOut = r.getJsonArray("doors");
        assertThat(doorsOut).hasSize(2);
        assertThat(doorsOut.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "status", "latencyMs", "detail");
        assertThat(doorsOut.getJsonObject(0).getString("status")).isEqualTo("confirmed");

        JsonArray active = get("/api/v1/lockdowns", "viewer-token").bodyAsJsonObject().getJsonArray("items");
        assertThat(active).hasSize(1);
        assertThat(get("/api/v1/lockdowns/ld-1", "viewer-token").bodyAsJsonObject().getString("id")).isEqualTo("ld-1");
        problem(get("/api/v1/lockdowns/ld-9", "viewer-token"), 404, "NOT_FOUND");
    }

    @Test
    void doorsScope() {
        JsonObject body = new JsonObject().put("level", "secure").put("reason", "police activity nearby")
                .put("scope", new JsonObject().put("doors", new JsonArray().add("d1").add("d3")));
        JsonObject r = post("/api/v1/lockdowns", "admin-token", body).bodyAsJsonObject();
        assertThat(r.getJsonObject("scope").getJsonArray("doors")).containsExactly("d1", "d3");
        assertThat(r.getJsonArray("doors").getJsonObject(1).getString("status")).isEqualTo("offline");
    }

    @Test
    void releaseByOperatorIs403ByLockdownRoleIs200() {
        post("/api/v1/lockdowns", "lockdown-token", SITE_LOCKDOWN);
        problem(post("/api/v1/lockdowns/ld-1/release", "operator-token", null), 403, "FORBIDDEN");
        assertThat(audited("auth.refused")).singleElement()
                .satisfies(r -> assertThat(r.entry().action()).isEqualTo("POST /api/v1/lockdowns/ld-1/release"));
        var res = post("/api/v1/lockdowns/ld-1/release", "lockdown-token", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject().getString("releasedBy")).isEqualTo("sro-smith");
        assertThat(res.bodyAsJsonObject().getBoolean("active")).isFalse();
        assertThat(get("/api/v1/lockdowns", "viewer-token").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    }
}
