package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.integrations.IntegrationSink.SinkStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /health's {@code integrations}: each sink's status, reported and never a reason for 503. */
class IntegrationsHealthApiTest extends ApiTestBase {
    private static final List<SinkStatus> SINKS = List.of(
            new SinkStatus("mqtt", false, 12, 340, 0, "connection refused: 127.0.0.1:1883"),
            new SinkStatus("webhook:ticketing", true, 0, 57, 3, null));

    @Test
    void aNodeWithoutIntegrationsShowsNone() {
        JsonObject body = get("/health", null).bodyAsJsonObject();
        assertThat(body.containsKey("integrations")).isFalse();
    }

    @Test
    void eachSinkIsReportedAndAnAbsentBrokerLeavesTheNodeUp() {
        server.integrations(() -> Future.succeededFuture(SINKS));
        var res = get("/health", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject().getString("status")).isEqualTo("up");
        assertThat(res.bodyAsJsonObject().getJsonArray("integrations")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("id", "mqtt").put("connected", false).put("queued", 12).put("delivered", 340).put("dropped", 0)
                        .put("lastError", "connection refused: 127.0.0.1:1883"))
                .add(new JsonObject().put("id", "webhook:ticketing").put("connected", true).put("queued", 0).put("delivered", 57)
                        .put("dropped", 3).putNull("lastError")));
        assertThat(OpenApiAnswerCheck.gatewayContract().violation("GET", "/health", 200, "application/json", res.body().getBytes())).isNull();
    }

    @Test
    void aFailingAuditStoreStillDegradesTheNodeAndTheSinksAreStillShown() {
        server.integrations(() -> Future.succeededFuture(SINKS));
        audit.broken = true;
        var res = get("/health", null);
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.bodyAsJsonObject().getJsonArray("integrations")).hasSize(2);
        assertThat(OpenApiAnswerCheck.gatewayContract().violation("GET", "/health", 503, "application/json", res.body().getBytes())).isNull();
    }

    @Test
    void integrationsThatDoNotAnswerLeaveThemOutNotTheAnswer() {
        server.integrations(() -> Future.failedFuture("stopped"));
        var failed = get("/health", null);
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.bodyAsJsonObject().containsKey("integrations")).isFalse();

        Promise<List<SinkStatus>> never = Promise.promise();
        server.integrations(never::future);
        long t0 = System.nanoTime();
        var hung = get("/health", null);
        assertThat(hung.statusCode()).isEqualTo(200);
        assertThat(hung.bodyAsJsonObject().containsKey("integrations")).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("answered after the 2 s bound, not never").isBetween(1_500L, 30_000L);
    }
}
