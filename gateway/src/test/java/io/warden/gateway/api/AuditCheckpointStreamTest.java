package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.audit.AnchoredAuditStore;
import io.warden.gateway.audit.AuditCheckpoint;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditTrailFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed audit checkpoint reaches the live event stream (the hub the API serves is fed by an anchored SQLite trail). */
class AuditCheckpointStreamTest extends ApiTestBase {
    @TempDir
    Path dir;

    @Test
    void aCheckpointArrivesOnTheEventStreamForAuditReadersOnly() throws Exception {
        AuditTrailFiles files = new AuditTrailFiles(dir);
        AnchoredAuditStore anchored = files.open(vertx, 3, Duration.ofHours(1), null, hub::publish);
        SseTestClient investigator = SseTestClient.open(vertx, port, "/api/v1/events", "investigator-token", null);
        SseTestClient viewer = SseTestClient.open(vertx, port, "/api/v1/events", "viewer-token", null);
        until(() -> hub.subscriberCount() == 2, "subscriptions");

        for (int i = 0; i < 3; i++) {
            await(anchored.append(new AuditEntry(Instant.now(), "door.forced", "osdp-1", null, "north-hs", "bldg-a", "d1", null, null,
                    null, "ok", "forced " + i)));
        }

        until(() -> investigator.events().stream().anyMatch(e -> e.type().equals(AuditCheckpoint.EVENT_TYPE)), "the checkpoint event");
        SseTestClient.Event event = investigator.events().get(3);
        assertThat(event.type()).isEqualTo("audit.checkpoint");
        assertThat(event.id()).isEqualTo(4);
        AuditCheckpoint signed = files.read().last();
        assertThat(event.data().getString("detail")).isEqualTo(signed.describe()).startsWith("seq=3 hash=");
        assertThat(event.data().getString("actor")).isEqualTo("system");
        until(() -> viewer.ids().size() == 3, "the viewer's door events");
        assertThat(viewer.events()).noneMatch(e -> e.type().startsWith("audit."));
        investigator.close();
        viewer.close();
        await(anchored.close());
    }
}
