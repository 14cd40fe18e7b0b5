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
