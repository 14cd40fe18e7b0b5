package io.warden.gateway;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.warden.gateway.api.OpenApiAnswerCheck;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway started from YAML with integrations whose far ends are all away: it starts, and /health lists each sink
 * while the node stays up.
 */
class GatewayIntegrationsHealthTest {
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void aGatewayWhoseBrokerAndEndpointAreAwayStartsAndReportsThemInHealth() throws Exception {
        int nobody = closedPort();
        String yaml = """
                sites: [{id: s1, zones: [{id: z1}]}]
                controllers: [{id: c1, type: fake-controller}]
                doors: [{id: d1, site: s1, zone: z1, controller: c1, point: {address: 1, strike: 0}}]
                tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
                integrations:
                  mqtt: {host: 127.0.0.1, port: %d, baseTopic: warden-health-test, buffer: 100}
                  webhooks: [{id: hook, url: 'http://127.0.0.1:%d/in', secret: HOOK_SECRET, retryForSeconds: 2, timeoutSeconds: 1}]
                """.formatted(nobody, nobody);
        Map<String, String> env = Map.of("HOOK_SECRET", "not-shown");
        GatewayConfig config = ConfigLoader.parse(yaml, "integrations-health.yaml", Gateway.factories().keySet(), env, dir);
        Gateway g = await(Gateway.start(vertx, config, Secrets.of(env), 0, Clock.systemUTC()));
        WebClient client = WebClient.create(vertx);
        try {
            var res = await(client.get(g.port(), "127.0.0.1", "/health").send());
            assertThat(res.statusCode()).as("a far end that is away never degrades the node").isEqualTo(200);
            JsonArray sinks = res.bodyAsJsonObject().getJsonArray("integrations");
            assertThat(sinks.stream().map(s -> ((JsonObject) s).getString("id"))).containsExactly("mqtt", "webhook:hook");
            for (Object s : sinks) {
                JsonObject sink = (JsonObject) s;
                assertThat(sink.getBoolean("connected")).as(sink.encode()).isFalse();
                assertThat(sink.getLong("delivered")).isZero();
            }
            assertThat(res.bodyAsString()).doesNotContain("not-shown");
            assertThat(OpenApiAnswerCheck.gatewayContract().violation("GET", "/health", 200, "application/json", res.body().getBytes())).isNull();
        } finally {
            client.close();
            await(g.stop());
        }
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
