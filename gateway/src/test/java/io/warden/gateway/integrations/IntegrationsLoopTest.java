package io.warden.gateway.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditCheckpoint;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditHealth;
import io.warden.gateway.audit.AuditPage;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.audit.AuditVerification;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.testing.InMemoryAuditStore;
import io.warden.gateway.testing.Teardown;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The integrations as a whole, fed by a trail that publishes every record it takes, as the real stores do. */
class IntegrationsLoopTest {
    final Vertx vertx = Vertx.vertx();
    final InMemoryAuditStore trail = new InMemoryAuditStore();
    final EventHub hub = new EventHub();
    final WireMockServer a = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final WireMockServer b = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    Integrations integrations;

    /** Appends to the in-memory trail, then hands the record to the hub (after the "commit"). */
    final AuditStore audit = new AuditStore() {
        @Override
        public Future<AuditRecord> append(AuditEntry entry) {
            return trail.append(entry).onSuccess(hub::publish);
        }

        @Override
        public Future<AuditPage> query(AuditQuery query) {
            return trail.query(query);
        }

        @Override
        public Future<AuditVerification> verify(List<AuditCheckpoint> checkpoints) {
            return trail.verify(checkpoints);
        }

        @Override
        public Future<Long> lastSeq() {
            return trail.lastSeq();
        }

        @Override
        public Future<AuditHealth> check(Duration timeout) {
            return trail.check(timeout);
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    };

    @AfterEach
    void stop() {
        Teardown.all("integrations test",
                () -> await(integrations == null ? Future.succeededFuture() : integrations.stop()), a::stop, b::stop, () -> await(vertx.close()));
    }

    @Test
    void twoFailingWebhooksNeverFeedEachOthersDeadLetters() throws Exception {
        a.start();
        b.start();
        a.stubFor(post("/in").willReturn(aResponse().withStatus(400)));
        b.stubFor(post("/in").willReturn(aResponse().withStatus(400)));
        var config = new IntegrationsConfig(null, null, List.of(
                new IntegrationsConfig.Webhook("a", a.baseUrl() + "/in", List.of(), null, "HOOK_SECRET", 60, 5, 100),
                new IntegrationsConfig.Webhook("b", b.baseUrl() + "/in", List.of(), null, "HOOK_SECRET", 60, 5, 100)), null);
        integrations = await(Integrations.create(new IntegrationContext(vertx, config, null, null, audit, new SimpleMeterRegistry(),
                Secrets.of(Map.of("HOOK_SECRET", "s3cret")), Clock.systemUTC(), null)).start(hub));

        await(audit.append(new AuditEntry(Instant.now(), "door.forced", "ctl-1", null, "north", null, "d1", null, null, null, "alarm", null)));

        until(() -> trail.entries("integration.webhook.dead_letter").size() >= 2, "each endpoint's dead letter of the event");
        Thread.sleep(1500); // a loop would add one dead letter per round trip (a few ms)
        assertThat(trail.entries("integration.webhook.dead_letter")).extracting(AuditEntry::actor)
                .containsExactlyInAnyOrder("webhook:a", "webhook:b");
    }
}
