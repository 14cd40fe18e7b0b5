package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.testing.ClosedPort;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Controllers whose links never come up (no serial device, nothing listening) still show, offline with why. */
class LinkDownHealthE2ETest {
    private static final String VIEWER_TOKEN = "e2e-viewer-link-down";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;
    private ClosedPort closed;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) await(gateway.stop());
        await(vertx.close());
        if (closed != null) closed.close();
    }

    @Test
    void controllersWithNoDeviceEverHeardShowOfflineWithTheirDevicesAndDoors() throws Exception {
        closed = new ClosedPort();
        int closedPort = closed.port();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : E2eSite.ROLES) tokens.put(role, role.equals("viewer") ? VIEWER_TOKEN : "unused-" + role);
        String yaml = E2eSite.yaml(dir.resolve("no-such-tty"), 115_200, closedPort, "LINK_DOWN_KEY", tokens);
        GatewayConfig config = ConfigLoader.parse(yaml, "link-down.yaml", Gateway.factories().keySet(), Map.of(), dir);
        gateway = await(Gateway.start(vertx, config, Secrets.of(Map.of(), Map.of("LINK_DOWN_KEY", "00".repeat(16))), 0, Clock.systemUTC()));

        Map<String, JsonObject> first = devices();
        assertThat(first.keySet()).containsExactly("line-a", "line-a/1", "line-a/2", "line-b", "line-b/1", "line-b/2");
        assertThat(first.get("line-b").getJsonArray("doors")).isEqualTo(new JsonArray().add("gym-east").add("gym-west"));

        until(() -> devices().values().stream().allMatch(d -> "OFFLINE".equals(d.getString("status"))), "every controller and device offline");
        for (JsonObject d : devices().values()) {
            assertThat(d.getString("reason")).as(d.encode()).isIn("LINK_DOWN", "COMMUNICATION_ERROR");
            assertThat(d.getString("detail")).as(d.encode()).isNotBlank();
        }
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonObject controllers = new JsonObject(health.body()).getJsonObject("controllers");
        assertThat(controllers.getInteger("offline")).isEqualTo(2);
        assertThat(controllers.getJsonArray("notOnline").size()).isEqualTo(2);
    }

    private Map<String, JsonObject> devices() {
        try {
            HttpResponse<String> r = get("/api/v1/devices", VIEWER_TOKEN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Map<String, JsonObject> out = new LinkedHashMap<>();
            for (Object o : new JsonObject(r.body()).getJsonArray("items")) out.put(((JsonObject) o).getString("id"), (JsonObject) o);
            return out;
        } catch (Exception e) {
            throw new AssertionError("GET /api/v1/devices failed: " + e, e);
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
