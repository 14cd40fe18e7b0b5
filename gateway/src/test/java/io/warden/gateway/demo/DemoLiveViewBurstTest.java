package io.warden.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.people.Directory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Under a flood of refusals or audit reads the live view prints a line per source and window with a count, not one per record. */
class DemoLiveViewBurstTest {
    private static final Instant T0 = Instant.parse("2025-03-04T17:02:00Z");

    private final EventHub hub = new EventHub();
    private final List<String> lines = new ArrayList<>();
    private final DemoLiveView view = new DemoLiveView(hub, () -> Directory.EMPTY, lines::add);
    private long seq;

    @Test
    void aFloodOfRefusalsIsOneLinePerSourceAndWindowWithItsCount() {
        view.catchUp(List.of());
        for (int i = 0; i < 1000; i++) publish(refused(T0.plusMillis(i), "10.0.0.7", "auth.refused", "no bearer token"));
        publish(refused(T0.plusSeconds(5), "10.0.0.7", "auth.refused.summary", "count=4000 first=... reason=no bearer token"));
        publish(refused(T0.plusSeconds(6), "10.0.0.8", "auth.refused", "no bearer token"));
        assertThat(lines).as("the first of each source, the rest held").hasSize(2);
        publish(door(T0.plusSeconds(11)));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).contains("auth.refused").contains("anonymous").endsWith("4999 more from 10.0.0.7 since " + hhmmss(T0));
        assertThat(lines.get(3)).contains("door.opened");
        for (int i = 0; i < 50; i++) publish(refused(T0.plusSeconds(12).plusMillis(i), "10.0.0.7", "auth.refused", "no bearer token"));
        view.cancel();
        assertThat(lines).as("a new window: its first line, then its count at cancel").hasSize(6);
        assertThat(lines.get(5)).endsWith("49 more from 10.0.0.7 since " + hhmmss(T0.plusSeconds(12)));
    }

    @Test
    void auditReadsAreCountedTooAndOtherRecordsAlwaysShow() {
        view.catchUp(List.of());
        for (int i = 0; i < 300; i++) {
            publish(new AuditEntry(T0.plusMillis(i), "audit.query", "investigator-jones", "127.0.0.1", null, null, null, null, null,
                    "limit=100", "ok", null));
            if (i % 100 == 0) publish(door(T0.plusMillis(i)));
        }
        view.cancel();
        assertThat(lines).filteredOn(l -> l.contains("audit.query")).hasSize(2).last().asString().contains("299 more from 127.0.0.1");
        assertThat(lines).filteredOn(l -> l.contains("door.opened")).hasSize(3);
    }

    private void publish(AuditEntry e) {
        hub.publish(new AuditRecord(++seq, e, "h" + seq));
    }

    private static AuditEntry refused(Instant at, String source, String type, String detail) {
        return new AuditEntry(at, type, "anonymous", source, null, null, null, null, null, "GET /api/v1/doors", "refused", detail);
    }

    private static AuditEntry door(Instant at) {
        return new AuditEntry(at, "door.opened", "line-a/1", null, null, null, "library", null, null, null, null, null);
    }

    private static String hhmmss(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault()).format(t);
    }
}
