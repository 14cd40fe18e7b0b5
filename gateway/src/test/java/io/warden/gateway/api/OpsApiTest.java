package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import io.warden.gateway.testing.FakeDeviceAdapter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsApiTest extends ApiTestBase {
    private static final Instant T1 = Instant.parse("2026-01-05T07:00:09Z");

    @Test
    void healthSumsUpControllersAndDevicesNotDoorsAndSaysWhichAreOfflineAndWhy() {
        devices.register(FakeDeviceAdapter.line("line-a", 2), "osdp");
        devices.register(FakeDeviceAdapter.line("line-b", 1), "osdp");
        devices.report("line-a/1", new DeviceHealth(Status.ONLINE, Reason.OK, "answering", T1));
        devices.report("line-a/2", new DeviceHealth(Status.OFFLINE, Reason.COMMUNICATION_ERROR, "no valid reply for 8.0 s", T1));

        var res = get("/health", null);

        assertThat(res.statusCode()).isEqualTo(200);
        JsonObject body = res.bodyAsJsonObject();
        assertThat(body.getString("status")).isEqualTo("up");
        assertThat(body.getJsonObject("audit")).isEqualTo(new JsonObject().put("status", "ok").put("reason", "OK").putNull("detail")
                .put("lastSeq", 0));
        assertThat(body.getJsonObject("controllers").copy().put("notOnline", 0))
                .isEqualTo(new JsonObject().put("online", 1).put("offline", 0).put("unknown", 1).put("notOnline", 0).put("warnings", new JsonArray()));
        assertThat(body.getJsonObject("controllers").getJsonArray("notOnline").getJsonObject(0).getString("id")).isEqualTo("line-b");
        JsonObject summary = body.getJsonObject("devices");
        assertThat(summary.getInteger("online")).isEqualTo(1);
        assertThat(summary.getInteger("offline")).isEqualTo(1);
        assertThat(summary.getInteger("unknown")).isEqualTo(1);
        assertThat(summary.getJsonArray("notOnline").getJsonObject(0)).isEqualTo(new JsonObject().put("id", "line-a/2").put("type", "device")
                .put("controller", "line-a").put("adapter", "osdp").put("status", "OFFLINE").put("reason", "COMMUNICATION_ERROR")
                .put("detail", "no valid reply for 8.0 s").put("since", T1.toString()).put("doors", new JsonArray().add("line-a-door-2")));
        assertThat(summary.getJsonArray("notOnline").getJsonObject(1).getString("reason")).isEqualTo("STARTING");
        assertThat(body.getJsonObject("lockdown")).isEqualTo(new JsonObject().put("disagreeingDoors", new JsonArray()));
    }

    @Test
    void healthDevicesAndMetricsShowAClockOffsetWithItsWarningAndEventsLost() {
        devices.register(FakeDeviceAdapter.line("ctl", 2), "onvif");
        String warning = "clock 600.5 s ahead of the gateway (limit 10 s)";
        devices.report("ctl/1", new DeviceHealth(Status.ONLINE, Reason.OK, "answering", T1).withClock(Duration.ofMillis(600_500), warning));
        devices.report("ctl/2", new DeviceHealth(Status.OFFLINE, Reason.EVENTS_LOST, "the event subscription cannot be re-established", T1)
                .withClock(Duration.ofMillis(-40), null));

        var health = get("/health", null);
        var list = get("/api/v1/devices", "viewer-token");
        String metrics = get("/metrics", null).bodyAsString();

        JsonObject summary = health.bodyAsJsonObject().getJsonObject("devices");
        assertThat(summary.getJsonArray("warnings")).singleElement().satisfies(o -> {
            JsonObject d = (JsonObject) o;
            assertThat(d.getString("id")).isEqualTo("ctl/1");
            assertThat(d.getLong("clockOffsetMs")).isEqualTo(600_500L);
            assertThat(d.getString("warning")).isEqualTo(warning);
        });
        assertThat(summary.getJsonArray("notOnline")).singleElement().satisfies(o -> {
            JsonObject d = (JsonObject) o;
            assertThat(d.getString("reason")).isEqualTo("EVENTS_LOST");
            assertThat(d.getLong("clockOffsetMs")).isEqualTo(-40L);
            assertThat(d.containsKey("warning")).as("no warning: the key is left out").isFalse();
        });
        JsonArray items = list.bodyAsJsonObject().getJsonArray("items");
        assertThat(items.getJsonObject(1).getString("warning")).isEqualTo(warning);
        assertThat(items.getJsonObject(0).containsKey("clockOffsetMs")).as("a controller judged from its devices has no clock").isFalse();
        assertThat(metrics).contains("warden_device_clock_offset_seconds{controller=\"ctl\",device=\"ctl/1\",type=\"device\"} 600.5")
                .contains("warden_device_clock_offset_seconds{controller=\"ctl\",device=\"ctl/2\",type=\"device\"} -0.04")
                .contains("reason=\"EVENTS_LOST\"");
        OpenApiAnswerCheck contract = OpenApiAnswerCheck.gatewayContract();
        assertThat(contract.violation("GET", "/health", 200, "application/json", health.body().getBytes())).isNull();
        assertThat(contract.violation("GET", "/api/v1/devices", 200, "application/json", list.body().getBytes())).isNull();
    }

    @Test
    void healthNamesDoorsThatKeepDisagreeingWithALockdown() {
        doors.disagreeing.add(new io.warden.gateway.door.LockdownReport.Disagreement("d2", "ld-1", FakeDoorService.T0, 3, "NAK 0x03"));
        var res = get("/health", null);
        assertThat(res.statusCode()).as("the gateway is up; the door is named").isEqualTo(200);
        assertThat(res.bodyAsJsonObject().getJsonObject("lockdown").getJsonArray("disagreeingDoors")).containsExactly("d2");
    }

    @Test
    void healthIs503WithTheReasonWhenTheAuditStoreFailsItsCheck() {
        audit.broken = true;
        var res = get("/health", null);
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.bodyAsJsonObject().getString("status")).isEqualTo("degraded");
        assertThat(res.bodyAsJsonObject().getJsonObject("audit")).isEqualTo(new JsonObject().put("status", "failed")
                .put("reason", "WRITER_FAILED").put("detail", "disk gone").put("lastSeq", 0));
    }

    @Test
    void devicesAreListedForViewersAndNotAudited() {
        devices.register(FakeDeviceAdapter.line("line-a", 1), "osdp");
        devices.report("line-a/1", new DeviceHealth(Status.ONLINE, Reason.OK, "secure channel established", T1));

        var res = get("/api/v1/devices", "viewer-token");

        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        JsonArray items = res.bodyAsJsonObject().getJsonArray("items");
        assertThat(items.getJsonObject(0)).isEqualTo(new JsonObject().put("id", "line-a").put("type", "controller")
                .put("controller", "line-a").put("adapter", "osdp").put("status", "ONLINE").put("reason", "OK")
                .put("detail", "1 of 1 devices online").put("since", T1.toString()).put("doors", new JsonArray().add("line-a-door-1")));
        assertThat(items.getJsonObject(1).getString("id")).isEqualTo("line-a/1");
        assertThat(items.getJsonObject(1).getString("detail")).isEqualTo("secure channel established");
        assertThat(audit.all()).as("routine reads are counted in metrics, not audited").isEmpty();
        problem(get("/api/v1/devices", null), 401, "UNAUTHORIZED");
    }

    @Test
    void deviceGaugesSayUpAndStatusWithReason() {
        devices.register(FakeDeviceAdapter.line("line-a", 2), "osdp");
        devices.report("line-a/1", new DeviceHealth(Status.ONLINE, Reason.OK, null, T1));
        devices.report("line-a/2", new DeviceHealth(Status.OFFLINE, Reason.SECURE_CHANNEL_FAILED, "wrong key", T1));

        String text = get("/metrics", null).bodyAsString();

        assertThat(text).contains("warden_device_up{controller=\"line-a\",device=\"line-a/1\",type=\"device\"} 1.0")
                .contains("warden_device_up{controller=\"line-a\",device=\"line-a/2\",type=\"device\"} 0.0")
                .contains("warden_device_up{controller=\"line-a\",device=\"line-a\",type=\"controller\"} 1.0")
                .contains("warden_device_status{controller=\"line-a\",device=\"line-a/2\",reason=\"SECURE_CHANNEL_FAILED\","
                        + "status=\"OFFLINE\",type=\"device\"} 1.0");

        devices.report("line-a/2", new DeviceHealth(Status.ONLINE, Reason.OK, null, T1));
        String after = get("/metrics", null).bodyAsString();
        assertThat(after).contains("warden_device_up{controller=\"line-a\",device=\"line-a/2\",type=\"device\"} 1.0")
                .doesNotContain("SECURE_CHANNEL_FAILED");
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
        assertThat(text).contains("warden_sse_clients");
        assertThat(text).doesNotContain("/api/v1/doors/d1");
    }

    @Test
    void aMadeUpMethodDoesNotMintATimeSeries() {
        for (int i = 0; i < 3; i++) problem(send(HttpMethod.valueOf("PROBE" + i), "/api/v1/doors", null, null), 401, "UNAUTHORIZED");
        String text = get("/metrics", null).bodyAsString();
        assertThat(text).doesNotContain("PROBE")
                .contains("warden_http_requests_seconds_count{method=\"other\",route=\"unmatched\",status=\"401\"} 3");
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
