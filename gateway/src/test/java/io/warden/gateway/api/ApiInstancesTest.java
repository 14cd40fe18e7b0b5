package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.events.EventHub;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API as several verticle instances: one port, several event loops, all gone at stop. */
class ApiInstancesTest {
    private final Vertx vertx = Vertx.vertx();
    /** The event-loop threads that looked a token up, i.e. served a request. */
    private final Set<String> servingThreads = ConcurrentHashMap.newKeySet();
    private ApiServer server;

    @AfterEach
    void close() {
        if (server != null) await(server.stop());
        await(vertx.close());
    }

    private int start(int instances, int port) {
        EventHub hub = new EventHub();
        server = new ApiServer(vertx, new FakeDoorService(), new FakeAuditStore(hub), hub, t -> {
            servingThreads.add(Thread.currentThread().getName());
            return Optional.ofNullable(ApiTestBase.TOKENS.get(t));
        }, new DeviceDirectory(Instant.parse("2026-01-05T07:00:00Z")), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                ApiOptions.plain("127.0.0.1", port).withInstances(instances));
        return await(server.start());
    }

    /** {@code n} requests at once, each on a connection of its own; their statuses. */
    private List<Integer> getOnFreshConnections(int port, int n) {
        HttpClientAgent http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                            .setURI("/api/v1/doors").putHeader("Authorization", "Bearer viewer-token"))
                    .compose(req -> req.send()).compose(res -> res.body().map(b -> res.statusCode())));
        }
        List<Integer> statuses = await(Future.all(answers)).list();
        await(http.close());
        return statuses;
    }

    @Test
    void withPortZeroEveryInstanceSharesOnePortAndConnectionsSpreadOverTheirEventLoops() {
        int port = start(4, 0);

        assertThat(port).isPositive();
        assertThat(vertx.deploymentIDs()).hasSize(1);
        assertThat(getOnFreshConnections(port, 16)).containsOnly(200);
        // Vert.x hands connections to the instances in turn, each instance on an event loop of its own.
        assertThat(servingThreads).allMatch(t -> t.startsWith("vert.x-eventloop-thread-")).hasSizeGreaterThan(1);
    }

    @Test
    void stopUndeploysEveryInstanceAndThePortRefusesConnections() {
        int port = start(3, 0);
        assertThat(getOnFreshConnections(port, 3)).containsOnly(200);

        await(server.stop());
        server = null;

        assertThat(vertx.deploymentIDs()).isEmpty();
        HttpClientAgent http = vertx.createHttpClient();
        awaitFailure(http.request(HttpMethod.GET, port, "127.0.0.1", "/health").compose(req -> req.send()));
    }

    @Test
    void aConfiguredPortIsSharedByTheInstances() {
        int free = start(2, 0);
        await(server.stop());
        server = null;

        int port = start(2, free);

        assertThat(port).isEqualTo(free);
        assertThat(getOnFreshConnections(port, 4)).containsOnly(200);
    }

    @Test
    void oneInstancePerCoreByDefault() {
        assertThat(ApiOptions.plain("127.0.0.1", 0).instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
