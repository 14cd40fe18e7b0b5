package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.warden.gateway.testing.FakeDeviceAdapter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/nodes} on a single node: node "local", alone, owning every controller; no cluster in /health or /metrics. */
class NodesApiTest extends ApiTestBase {
    private static final OpenApiAnswerCheck CONTRACT = OpenApiAnswerCheck.gatewayContract();

    static JsonObject onContract(HttpResponse<Buffer> res, String path) {
        assertThat(CONTRACT.violation("GET", path, res.statusCode(), res.getHeader("Content-Type"),
                res.bodyAsString().getBytes(StandardCharsets.UTF_8))).isNull();
        return res.bodyAsJsonObject();
    }

    @Test
    void theNodeIsLocalAloneAndOwnsEveryController() {
        devices.register(FakeDeviceAdapter.line("line-a", 1), "osdp");
        devices.register(FakeDeviceAdapter.line("line-b", 1), "onvif");

        JsonObject body = onContract(get("/api/v1/nodes", "viewer-token"), "/api/v1/nodes");

        assertThat(body.getString("node")).isEqualTo("local");
        assertThat(body.getJsonArray("members")).containsExactly(new JsonObject().put("node", "local").putNull("address").put("self", true));
        assertThat(body.getJsonArray("controllers")).containsExactly(
                new JsonObject().put("id", "line-a").put("type", "osdp").put("nodes", new JsonArray()).put("owner", "local")
                        .putNull("token").putNull("expiresAt"),
                new JsonObject().put("id", "line-b").put("type", "onvif").put("nodes", new JsonArray()).put("owner", "local")
                        .putNull("token").putNull("expiresAt"));
    }

    @Test
    void noClusterInHealthOrMetricsAndATokenIsNeeded() {
        assertThat(get("/health", null).bodyAsJsonObject().containsKey("cluster")).isFalse();
        assertThat(get("/metrics", null).bodyAsString()).doesNotContain("warden_cluster_");
        problem(get("/api/v1/nodes", null), 401, "UNAUTHORIZED");
    }
}
