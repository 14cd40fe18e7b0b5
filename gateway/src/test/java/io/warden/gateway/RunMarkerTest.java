package io.warden.gateway;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run that died is written down at the next start, with every command it left without an answer. */
class RunMarkerTest {
    private final Vertx vertx = Vertx.vertx();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    private RunMarker marker(Path dir) {
        return new RunMarker(vertx, dir, audit, Clock.systemUTC());
    }

    private AuditRecord append(String type, String actor, String door, String action, String result) throws Exception {
        return await(audit.append(new AuditEntry(Instant.now(), type, actor, "10.0.0.7", "lincoln", "main", door, null, null, action, result, null)));
    }

    @Test
    void anUncleanShutdownClosesEveryCommandLeftInFlightAsUnknown() throws Exception {
        Path dir = Files.createTempDirectory("warden-run");
        append("door.command", "ops", "gym-east", "unlock", "requested"); // an earlier run's, already past
        AuditRecord start = append("config.loaded", "system", null, "start", "ok");
        await(marker(dir).started(start));
        AuditRecord open = append("door.command", "front-office", "library", "unlock until 2026-12-01T15:00:00Z", "requested");
        append("door.command", "front-office", "library", "pulse 5.0 s", "requested");
        append("door.command", "front-office", "library", "pulse 5.0 s", "confirmed");
        AuditRecord lockdown = append("lockdown.started", "principal", null, "lockdown ld-1", "requested");
        long before = audit.records().size();
        // killed here: no gateway.stop, the marker stays

        await(marker(dir).recordUncleanShutdown());
        List<AuditEntry> written = audit.records().stream().skip(before).map(AuditRecord::entry).toList();
        assertThat(written).extracting(AuditEntry::type)
                .containsExactly("gateway.unclean_shutdown", "door.command", "lockdown.started");
        assertThat(written.get(0).detail()).contains("audit seq " + start.seq()).contains("2 command(s)");
        assertThat(written.get(1)).satisfies(e -> {
            assertThat(e.result()).isEqualTo("unknown");
            assertThat(e.actor()).isEqualTo("front-office");
            assertThat(e.door()).isEqualTo("library");
            assertThat(e.action()).isEqualTo("unlock until 2026-12-01T15:00:00Z");
            assertThat(e.detail()).contains("requested record seq " + open.seq());
        });
        assertThat(written.get(2).detail()).contains("requested record seq " + lockdown.seq());
    }

    @Test
    void aCleanStopLeavesNothingToRecord() throws Exception {
        Path dir = Files.createTempDirectory("warden-run");
        RunMarker run = marker(dir);
        await(run.started(append("config.loaded", "system", null, "start", "ok")));
        append("door.command", "front-office", "library", "unlock", "requested");
        await(run.stopping("clean stop"));
        long before = audit.records().size();
        await(marker(dir).recordUncleanShutdown());
        assertThat(audit.records()).as("the marker is still there, but the trail ends with gateway.stop").hasSize((int) before);

        await(run.remove());
        assertThat(dir.resolve(RunMarker.FILE)).doesNotExist();
        await(marker(dir).recordUncleanShutdown());
        assertThat(audit.records()).hasSize((int) before);
    }

    @Test
    void anUnreadableMarkerIsSaidAndDoesNotStopTheStart() throws Exception {
        Path dir = Files.createTempDirectory("warden-run");
        Files.writeString(dir.resolve(RunMarker.FILE), "{\"startSeq\": 3"); // damaged
        await(marker(dir).recordUncleanShutdown());
        assertThat(audit.entries("gateway.unclean_shutdown")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("is unreadable").contains("not checked"));
    }
}
