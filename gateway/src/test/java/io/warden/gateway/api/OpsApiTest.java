package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsApiTest extends ApiTestBase {

    @Test
    void healthCountsDevices() {
        var res = get("/health", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "up").put("audit", "ok")
                .put("devices", new JsonObject().put("online", 2).put("offline", 1))
                .put("lockdown", new JsonObject().put("disagreeingDoors", new io.vertx.core.json.JsonArray())));
    }

    @Test
    void healthNamesDoorsThatKeepDisagreeingWithALockdown() {
        doors.disagreeing.add(new io.warden.gateway.door.LockdownReport.Disagreement("d2", "ld-1", FakeDoorService.T0, 3, "NAK 0x03"));
        var res = get("/health", null);
        assertThat(res.statusCode()).as("the gateway is up; the door is named").isEqualTo(200);
        assertThat(res.bodyAsJsonObject().getJsonObject("lockdown").getJsonArray("disagreeingDoors")).containsExactly("d2");
    }

    @Test
    void healthDegradedWhenAuditUnreadable() {
        audit.broken = true;
        var res = get("/health", null);
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.bodyAsJsonObject().getString("status")).isEqualTo("degraded");
        assertThat(res.bodyAsJsonObject().getString("audit")).isEqualTo("unavailable");
    }

    @Test
    void metricsInPrometheusTextByRouteTemplate() {
        get("/api/v1/doors/d1", "viewer-token");
        get("/api/v1/doors/d2", "viewer-token");
        post("/api/v1/doors/d1/pulse", "operator-token", null);
        var res = get("/metrics", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.getHeader("Content-Type")).startsWith("text/plain");
        String text = res.bodyAsString();
        assertThat(text).contains("warden_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/doors/{id}\",status=\"200\"} 2");
        assertThat(text).contains("warden_door_commands_total{command=\"pulse\",result=\"confirmed\"} 1.0");
        assertThat(text).contains("warden_sse_clients");
        assertThat(text).doesNotContain("/api/v1/doors/d1");
    }

    @Test
    void openApiDocumentIsServedAndParses() throws Exception {
        var res = get("/api/v1/openapi.yaml", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.getHeader("Content-Type")).isEqualTo("application/yaml");
        Map<?, ?> doc = new ObjectMapper(new YAMLFactory()).readValue(res.body().getBytes(), Map.class);
        assertThat(doc.get("openapi")).isEqualTo("3.1.0");
        Map<?, ?> paths = (Map<?, ?>) doc.get("paths");
        assertThat(paths.keySet().stream().map(Object::toString).toList()).contains("/api/v1/doors", "/api/v1/doors/{id}/pulse", "/api/v1/lockdowns", "/api/v1/audit/export",
                "/api/v1/events", "/health", "/metrics");
        // The served document keeps the media types the validator's copy had to drop.
        assertThat(res.bodyAsString()).contains("text/event-stream").contains("application/problem+json");
    }
}
