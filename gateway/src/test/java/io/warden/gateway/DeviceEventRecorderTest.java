package io.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Security events of the secure channel reach the audit trail with their detail; card reads go to the access decision or the trail. */
class DeviceEventRecorderTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void keyProvisionedAndSecureChannelDowngradedAreAuditedWithTheirDetail() {
        InMemoryAuditStore audit = new InMemoryAuditStore();
        DoorInfo door = new DoorInfo("gym-east", "Gym east", "lincoln", "gym", true, "line-b", "osdp", Duration.ofSeconds(5),
                Duration.ofSeconds(30), List.of());
        DeviceEventRecorder recorder = new DeviceEventRecorder(vertx, Clock.systemUTC(), audit, Map.of("gym-east", door), ref -> Optional.empty(),
                new io.warden.gateway.device.DeviceDirectory(t0()));
        Instant t = Instant.parse("2026-12-01T14:00:00Z");
        recorder.emit(new DeviceEvent.KeyProvisioned("line-b/1", "gym-east", t, "SCBK installed through SCBK-D; key id 7"));
        recorder.emit(new DeviceEvent.SecureChannelDowngraded("line-b/1", null, t, "PD refused osdp_CHLNG (NAK 0x05); secure: preferred"));

        assertThat(audit.entries("device.key_provisioned")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("line-b/1");
            assertThat(e.door()).isEqualTo("gym-east");
            assertThat(e.zone()).isEqualTo("gym");
            assertThat(e.time()).isEqualTo(t);
            assertThat(e.detail()).isEqualTo("SCBK installed through SCBK-D; key id 7");
        });
        assertThat(audit.entries("device.secure_channel_downgraded")).singleElement().extracting(AuditEntry::actor, AuditEntry::detail)
                .containsExactly("line-b/1", "PD refused osdp_CHLNG (NAK 0x05); secure: preferred");
    }

    @Test
    void controllerAndCameraEventsAreAuditedWithTheirDetailAndTheDevicesOwnTime() {
        InMemoryAuditStore audit = new InMemoryAuditStore();
        DoorInfo door = new DoorInfo("front", "Front", "lincoln", "main", true, "ctl-1", "onvif", Duration.ofSeconds(5),
                Duration.ofSeconds(30), List.of("cam-1"));
        DeviceEventRecorder recorder = new DeviceEventRecorder(vertx, Clock.systemUTC(), audit, Map.of("front", door), ref -> Optional.empty(),
                new io.warden.gateway.device.DeviceDirectory(t0()));
        Instant t = Instant.parse("2026-12-01T14:00:00Z");
        Instant device = Instant.parse("2026-12-01T13:59:58.250Z");

        recorder.emit(new DeviceEvent.DoorModeChanged("ctl-1", "front", t, io.warden.adapter.api.DoorState.Mode.LOCKED_DOWN), device);
        recorder.emit(new DeviceEvent.DoorFault("ctl-1", "front", t, true, "LockMotorJammed"), device);
        recorder.emit(new DeviceEvent.DoorFault("ctl-1", "front", t, false, null));
        recorder.emit(new DeviceEvent.AccessGranted("ctl-1", "front", t, Credential.token("Credential_17"), "Jane Roe"), device);
        recorder.emit(new DeviceEvent.AccessGranted("ctl-1", "front", t, null, null), device);
        recorder.emit(new DeviceEvent.AccessDenied("ctl-1", "front", t, Credential.token("Credential_9"), "John Doe", "CredentialExpired"));
        recorder.emit(new DeviceEvent.AccessDenied("ctl-1", "front", t, null, null, "Other"));
        recorder.emit(new DeviceEvent.Motion("cam-1", null, t, "VideoSource_1", true), device);
        recorder.emit(new DeviceEvent.ClockSkew("ctl-1", null, t, Duration.ofMillis(600_500), Duration.ofSeconds(10), true));
        recorder.emit(new DeviceEvent.ClockSkew("ctl-1", null, t, Duration.ofMillis(-2_000), Duration.ofSeconds(10), false));

        assertThat(audit.entries("door.mode")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("ctl-1");
            assertThat(e.door()).isEqualTo("front");
            assertThat(e.zone()).isEqualTo("main");
            assertThat(e.time()).as("the gateway's time").isEqualTo(t);
            assertThat(e.detail()).isEqualTo("mode locked_down; device time 2026-12-01T13:59:58.250Z");
        });
        assertThat(audit.entries("door.fault")).singleElement().extracting(AuditEntry::detail)
                .isEqualTo("fault: LockMotorJammed; device time 2026-12-01T13:59:58.250Z");
        assertThat(audit.entries("door.fault_cleared")).singleElement().extracting(AuditEntry::detail).isEqualTo("fault cleared");
        assertThat(audit.entries("access.granted")).extracting(AuditEntry::credential, AuditEntry::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("token:Credential_17", "granted by the controller; holder Jane Roe; device time 2026-12-01T13:59:58.250Z"),
                org.assertj.core.groups.Tuple.tuple(null, "granted by the controller (anonymous); device time 2026-12-01T13:59:58.250Z"));
        assertThat(audit.entries("access.denied")).extracting(AuditEntry::credential, AuditEntry::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("token:Credential_9", "denied by the controller: CredentialExpired; holder John Doe"),
                org.assertj.core.groups.Tuple.tuple(null, "denied by the controller: Other (anonymous)"));
        assertThat(audit.entries("camera.motion")).singleElement().satisfies(e -> {
            assertThat(e.camera()).isEqualTo("cam-1");
            assertThat(e.door()).isNull();
            assertThat(e.actor()).isEqualTo("cam-1");
            assertThat(e.detail()).isEqualTo("motion at VideoSource_1; device time 2026-12-01T13:59:58.250Z");
        });
        assertThat(audit.entries("device.clock_skew")).singleElement().extracting(AuditEntry::door, AuditEntry::detail)
                .containsExactly(null, "clock 600.5 s ahead of the gateway (limit 10 s)");
        assertThat(audit.entries("device.clock_ok")).singleElement().extracting(AuditEntry::detail)
                .isEqualTo("clock 2 s behind the gateway, back within the limit (10 s)");
        // A log line of the grant (e.g. when the store refuses it) never holds the whole token.
        assertThat(audit.entries("access.granted").get(0).toString()).contains("credential=token:***********17").doesNotContain("Credential_17");
    }

    @Test
    void readsAtDoorsTheHandlerGovernsGoToItAndOthersAreRecordedWithTheCardId() {
        InMemoryAuditStore audit = new InMemoryAuditStore();
        DoorInfo gym = new DoorInfo("gym-east", "Gym east", "lincoln", "gym", true, "line-b", "osdp", Duration.ofSeconds(5),
                Duration.ofSeconds(30), List.of());
        DoorInfo office = new DoorInfo("office", "Office", "lincoln", "main", false, "line-a", "osdp", Duration.ofSeconds(5),
                Duration.ofSeconds(30), List.of());
        DeviceEventRecorder recorder = new DeviceEventRecorder(vertx, Clock.systemUTC(), audit, Map.of("gym-east", gym, "office", office),
                ref -> Optional.empty(), new io.warden.gateway.device.DeviceDirectory(t0()));
        List<DeviceEvent.CredentialRead> decided = new java.util.ArrayList<>();
        recorder.decideReadsWith(new DeviceEventRecorder.ReadHandler() {
            @Override
            public boolean governs(String doorId) {
                return doorId.equals("gym-east");
            }

            @Override
            public void read(DeviceEvent.CredentialRead read) {
                decided.add(read);
            }
        });
        Instant t = Instant.parse("2026-12-01T14:00:00Z");
        byte[] card = CardFormat.H10301.encode(40, 6789);
        recorder.emit(new DeviceEvent.CredentialRead("line-b/1", "gym-east", t, 0, Credential.card(card, 26)));
        recorder.emit(new DeviceEvent.CredentialRead("line-a/1", "office", t, 0, Credential.card(card, 26)));
        byte[] bad = card.clone();
        bad[0] ^= (byte) 0x80; // parity
        recorder.emit(new DeviceEvent.CredentialRead("line-a/1", "office", t, 0, Credential.card(bad, 26)));

        assertThat(decided).singleElement().extracting(DeviceEvent.CredentialRead::doorId).isEqualTo("gym-east");
        assertThat(audit.entries("credential.read")).extracting(AuditEntry::door, AuditEntry::credential).containsExactly(
                org.assertj.core.groups.Tuple.tuple("office", "H10301:40:6789"),
                org.assertj.core.groups.Tuple.tuple("office", "26-bit " + java.util.HexFormat.of().withUpperCase().formatHex(bad)));
    }

    private static Instant t0() {
        return Instant.parse("2026-12-01T13:00:00Z");
    }
}
