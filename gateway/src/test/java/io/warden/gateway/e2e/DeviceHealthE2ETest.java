package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.e2e.GatewayFixture.Response;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Device health and the audit check through the real gateway, the OSDP simulators and the SQLite file. */
class DeviceHealthE2ETest extends GatewayE2eTest {

    @Test
    void aSilentPdShowsOfflineWithWhyAndADeletedAuditFileTurnsHealthTo503() throws Exception {
        Map<String, JsonObject> all = devices();
        assertThat(all.keySet()).containsExactly("line-a", "line-a/1", "line-a/2", "line-b", "line-b/1", "line-b/2");
        assertThat(all.values()).allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("ONLINE"));
        assertThat(all.get("line-a/1").getJsonArray("doors")).isEqualTo(new JsonArray().add("main-entrance").add("front-office"));
        assertThat(all.get("line-b").getJsonArray("doors")).isEqualTo(new JsonArray().add("gym-east").add("gym-west"));

        gw.pd("gym-west").faults().silent(true); // line-b PD 2 stops answering
        until(() -> !"ONLINE".equals(devices().get("line-b/2").getString("status")), "line-b/2 offline in /api/v1/devices");

        JsonObject pd = devices().get("line-b/2");
        assertThat(pd.getString("status")).isEqualTo("OFFLINE");
        assertThat(pd.getString("reason")).isEqualTo("COMMUNICATION_ERROR");
        assertThat(pd.getString("detail")).isNotBlank();
        assertThat(pd.getString("since")).isNotNull();
        assertThat(devices().get("line-b").getString("status")).as("the line still answers through PD 1").isEqualTo("ONLINE");

        Response health = gw.get("/health", null);
        assertThat(health.status()).as("an offline reader does not take the node down").isEqualTo(200);
        JsonObject summary = health.json().getJsonObject("devices");
        assertThat(summary.getInteger("online")).isEqualTo(3);
        assertThat(summary.getInteger("offline")).isEqualTo(1);
        JsonObject offline = summary.getJsonArray("notOnline").getJsonObject(0);
        assertThat(offline.getString("id")).isEqualTo("line-b/2");
        assertThat(offline.getString("reason")).isEqualTo("COMMUNICATION_ERROR");
        assertThat(offline.getJsonArray("doors")).isEqualTo(new JsonArray().add("gym-west"));
        assertThat(gw.get("/metrics", null).body())
                .contains("warden_device_up{controller=\"line-b\",device=\"line-b/2\",type=\"device\"} 0.0")
                .contains("warden_device_status{controller=\"line-b\",device=\"line-b/2\",reason=\"COMMUNICATION_ERROR\",status=\"OFFLINE\",type=\"device\"} 1.0");

        gw.pd("gym-east").faults().silent(true); // and PD 1: nothing on line-b answers
        until(() -> "OFFLINE".equals(devices().get("line-b").getString("status")), "line-b offline");
        assertThat(gw.get("/health", null).json().getJsonObject("controllers").getJsonArray("notOnline").getJsonObject(0).getString("id"))
                .isEqualTo("line-b");

        Files.delete(gw.auditFile());
        Response degraded = gw.get("/health", null);
        assertThat(degraded.status()).isEqualTo(503);
        assertThat(degraded.json().getString("status")).isEqualTo("degraded");
        assertThat(degraded.json().getJsonObject("audit").getString("reason")).isEqualTo("FILE_MISSING");
        assertThat(degraded.json().getJsonObject("audit").getString("detail")).contains("audit.db");
    }

    /** GET /api/v1/devices as a viewer, by id in the order served. */
    private Map<String, JsonObject> devices() {
        try {
            Response r = gw.get("/api/v1/devices", gw.token("viewer"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            Map<String, JsonObject> out = new LinkedHashMap<>();
            for (Object o : r.json().getJsonArray("items")) out.put(((JsonObject) o).getString("id"), (JsonObject) o);
            return out;
        } catch (Exception e) {
            throw new AssertionError("GET /api/v1/devices failed: " + e, e);
        }
    }
}
