package io.warden.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.Credential;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.events.EventHub;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoLiveViewTest {
    private static final Instant AT = Instant.parse("2025-03-04T17:02:03Z");
    private static final String HHMMSS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault()).format(AT);

    @Test
    void oneLinePerRecordWithTheDoorTheActionTheResultAndWho() {
        assertThat(DemoLiveView.line(record(1, new AuditEntry(AT, "door.command", "demo-operator", "127.0.0.1", "lincoln-ms", "main",
                "front-office", null, null, "pulse 5.0 s", "confirmed", "output 1 on"))))
                .isEqualTo(HHMMSS + "  door.command       front-office    pulse 5.0 s  confirmed  demo-operator");
        assertThat(DemoLiveView.line(record(2, new AuditEntry(AT, "credential.read", "line-a/1", null, "lincoln-ms", "main",
                "main-entrance", null, "20:13912", null, null, "card 26 bits 0A1B2C00 at reader 0"))))
                .isEqualTo(HHMMSS + "  credential.read    main-entrance   card 20:13912  line-a/1");
        assertThat(DemoLiveView.line(record(3, new AuditEntry(AT, "device.online", "line-b/2", null, null, null, null, null, null,
                null, null, "secure channel established"))))
                .isEqualTo(HHMMSS + "  device.online      line-b/2        secure channel established");
    }

    @Test
    void aLockdownConcernsItsScope() {
        assertThat(DemoLiveView.line(record(5, new AuditEntry(AT, "lockdown.started", "demo-lockdown", "127.0.0.1", "lincoln-ms", "north",
                null, null, null, "lockdown ld-1", "confirmed", "5 doors"))))
                .isEqualTo(HHMMSS + "  lockdown.started   north           lockdown ld-1  confirmed  demo-lockdown");
    }

    @Test
    void aRefusalSaysWhy() {
        String line = DemoLiveView.line(record(4, new AuditEntry(AT, "door.command", "demo-operator", "127.0.0.1", "lincoln-ms", "north",
                "gym-east", null, null, "unlock", "refused", "door gym-east is in lockdown ld-1, started by demo-lockdown")));
        assertThat(line).endsWith("unlock  refused: door gym-east is in lockdown ld-1, started by demo-lockdown  demo-operator");
    }

    @Test
    void catchUpComesFirstAndNoRecordTwice() {
        EventHub hub = new EventHub();
        List<String> lines = new ArrayList<>();
        DemoLiveView view = new DemoLiveView(hub, lines::add);
        hub.publish(record(3, typed("door.opened")));
        view.catchUp(List.of(record(1, typed("config.loaded")), record(2, typed("device.online")), record(3, typed("door.opened"))));
        hub.publish(record(4, typed("door.closed")));
        view.cancel();
        hub.publish(record(5, typed("door.rex")));
        assertThat(lines).extracting(l -> l.split(" +")[1]).containsExactly("config.loaded", "device.online", "door.opened", "door.closed");
    }

    @Test
    void wiegand26EncodesFacilityAndNumberWithParity() {
        byte[] card = DemoActivity.wiegand26(20, 13912);
        assertThat(Credential.card(card, 26).wiegand26()).isEqualTo("20:13912");
        // P 00010100 0011011001011000 P: 4 ones in the first 12 data bits (even parity 0), 5 in the last 12 (odd parity 0)
        assertThat(HexFormat.of().withUpperCase().formatHex(card)).isEqualTo("0A1B2C00");
    }

    private static AuditEntry typed(String type) {
        return new AuditEntry(AT, type, "line-a/1", null, null, null, "library", null, null, null, null, null);
    }

    private static AuditRecord record(long seq, AuditEntry e) {
        return new AuditRecord(seq, e, "h" + seq);
    }
}
