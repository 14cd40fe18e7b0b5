package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EventStreamTest extends ApiTestBase {

    private AuditRecord event(String type, String door) {
        return await(audit.append(new AuditEntry(Instant.now(), type, "osdp-1", null, "north-hs", "bldg-a", door, null, null,
                null, "ok", type + " at " + door)));
    }

    @Test
    void liveThenResumeWithLastEventIdWithoutGapsOrRepeats() {
        SseTestClient first = SseTestClient.open(vertx, port, "/api/v1/events?type=door.", "viewer-token", null);
        assertThat(first.response.statusCode()).isEqualTo(200);
        assertThat(first.response.getHeader("Content-Type")).startsWith("text/event-stream");
        until(() -> hub.subscriberCount() == 1, "subscription");
        long seen = event("door.forced", "d1").seq();
        event("config.loaded", null); // filtered out
        until(() -> first.ids().equals(List.of(seen)), "live event");
        assertThat(first.events().get(0).type()).isEqualTo("door.forced");
        assertThat(first.events().get(0).data().getString("door")).isEqualTo("d1");

        first.close();
        until(() -> hub.subscriberCount() == 0, "subscription cancelled after disconnect");

        long m1 = event("door.held_open", "d1").seq();
        event("access.granted", "d2");
        long m2 = event("door.forced", "d2").seq();
        long m3 = event("door.closed", "d1").seq();

        SseTestClient second = SseTestClient.open(vertx, port, "/api/v1/events?type=door.", "viewer-token", seen);
        until(() -> second.ids().size() == 3, "replayed events");
        until(() -> hub.subscriberCount() == 1, "subscription");
        long live = event("door.opened", "d1").seq();
        until(() -> second.ids().size() == 4, "live after replay");
        assertThat(second.ids()).containsExactly(m1, m2, m3, live);
        second.close();
    }

    @Test
    void recordArrivingAfterTheBacklogSnapshotIsBufferedThenSent() {
        for (int i = 0; i < 3; i++) event("door.forced", "d1");
        audit.deferQueries = true;
        AtomicBoolean once = new AtomicBoolean();
        audit.afterSnapshot = q -> {
            if (once.compareAndSet(false, true)) event("door.opened", "d1"); // live while the replay is still running
        };
        assertResumesWithoutGapsOrRepeats();
    }

    @Test
    void recordInBothBacklogAndLiveBufferIsSentOnce() {
        for (int i = 0; i < 3; i++) event("door.forced", "d1");
        audit.deferQueries = true;
        AtomicBoolean once = new AtomicBoolean();
        audit.beforeSnapshot = q -> {
            if (once.compareAndSet(false, true)) event("door.opened", "d1"); // published live and read in the backlog
        };
        assertResumesWithoutGapsOrRepeats();
    }

    private void assertResumesWithoutGapsOrRepeats() {
        SseTestClient c = SseTestClient.open(vertx, port, "/api/v1/events?lastEventId=1", "viewer-token", null);
        until(() -> c.ids().size() >= 3, "replay and buffered live record");
        long after = event("door.closed", "d1").seq();
        until(() -> c.ids().contains(after), "live");
        assertThat(c.ids()).containsExactly(2L, 3L, 4L, after);
        c.close();
    }

    @Test
    void viewersDoNotSeeAuditAuthOrConsoleRecords() {
        SseTestClient viewer = SseTestClient.open(vertx, port, "/api/v1/events", "viewer-token", null);
        SseTestClient investigator = SseTestClient.open(vertx, port, "/api/v1/events", "investigator-token", null);
        until(() -> hub.subscriberCount() == 2, "subscriptions");
        get("/api/v1/doors", "not-a-token"); // auth.refused
        // who signed in to the console, and from where, is for audit readers only
        await(audit.append(new AuditEntry(Instant.now(), "console.sign_in", "Operator (demo sign-in)", "127.0.0.1", null, null, null,
                null, null, "sign_in", "ok", "method=demo subject=demo role=operator")));
        long door = event("door.forced", "d1").seq();
        until(() -> investigator.ids().size() == 3, "investigator sees all three");
        until(() -> viewer.ids().contains(door), "viewer sees the door event");
        assertThat(viewer.ids()).containsExactly(door);
        assertThat(investigator.events()).extracting(SseTestClient.Event::type).containsExactly("auth.refused", "console.sign_in", "door.forced");
        viewer.close();
        investigator.close();
    }

    @Test
    void heartbeatsAndFilters() {
        SseTestClient c = SseTestClient.open(vertx, port, "/api/v1/events?door=d2&zone=bldg-a", "viewer-token", null);
        until(() -> hub.subscriberCount() == 1, "subscription");
        event("door.forced", "d1");
        long d2 = event("door.forced", "d2").seq();
        until(() -> c.raw().contains(": heartbeat\n\n"), "heartbeat");
        until(() -> c.ids().contains(d2), "d2 event");
        assertThat(c.ids()).containsExactly(d2);
        assertThat(get("/metrics", null).bodyAsString()).contains("warden_sse_clients 1.0");
        c.close();
        until(() -> hub.subscriberCount() == 0, "unsubscribed");
        until(() -> get("/metrics", null).bodyAsString().contains("warden_sse_clients 0.0"), "gauge back to 0");
    }

    @Test
    void badLastEventIdIs400() {
        var res = client.get("/api/v1/events").putHeader("Authorization", "Bearer viewer-token").putHeader("Last-Event-ID", "abc").send();
        problem(await(res), 400, "BAD_REQUEST");
    }
}
