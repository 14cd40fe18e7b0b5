package io.warden.adapter.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.onvif.events.OnvifNotification;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topic and data mapping of a Profile C controller's notifications (values as in PullMessages_DoorEvents.xml). */
class OnvifDoorEventsTest {
    private static final Instant DEVICE = Instant.parse("2025-03-01T10:00:01.120Z");
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:02Z");

    private static OnvifNotification n(String topic, Map<String, String> source, Map<String, String> data) {
        return new OnvifNotification(topic, DEVICE, null, source, data);
    }

    private static DeviceEvent access(String topic, Map<String, String> data) {
        return OnvifDoorEvents.access("ctl", "door-1", NOW, n(topic, Map.of("AccessPointToken", "AP_1_in"), data));
    }

    @Test
    void aGrantByCredentialCarriesTheTokenAndTheHolder() {
        DeviceEvent e = access("AccessControl/AccessGranted/Credential", Map.of("CredentialToken", "Cred_0042", "CredentialHolderName", "J. Doe"));
        assertThat(e).isEqualTo(new DeviceEvent.AccessGranted("ctl", "door-1", NOW, Credential.token("Cred_0042"), "J. Doe"));
    }

    @Test
    void anAnonymousGrantHasNoCredential() {
        DeviceEvent e = access("AccessControl/AccessGranted/Anonymous", Map.of("External", "false"));
        assertThat(e).isEqualTo(new DeviceEvent.AccessGranted("ctl", "door-1", NOW, null, null));
    }

    @Test
    void denialsKeepOnvifsReasonsAndCallTheRestOther() {
        assertThat(access("AccessControl/Denied/Credential", Map.of("CredentialToken", "Cred_0077", "Reason", "CredentialExpired")))
                .isEqualTo(new DeviceEvent.AccessDenied("ctl", "door-1", NOW, Credential.token("Cred_0077"), null, "CredentialExpired"));
        assertThat(((DeviceEvent.AccessDenied) access("AccessControl/Denied/Credential", Map.of("CredentialToken", "C", "Reason", "pt:VendorThing")))
                .reason()).isEqualTo("Other");
        assertThat(((DeviceEvent.AccessDenied) access("AccessControl/Denied/Anonymous", Map.of())).reason()).isEqualTo("Other");
        assertThat(((DeviceEvent.AccessDenied) access("AccessControl/Denied/CredentialNotFound/Card", Map.of("Card", "0A1B")))
                .reason()).isEqualTo("CredentialNotFound");
        assertThat(access("AccessControl/AccessTaken/Credential", Map.of("CredentialToken", "C"))).isNull();
    }

    @Test
    void doorPropertiesSetTheirField() {
        DoorState s = new DoorState(DoorState.LockState.LOCKED, DoorState.ContactState.CLOSED, true, null, DoorState.Mode.LOCKED,
                DoorState.Alarm.NORMAL, DoorState.Flag.CLEAR, DoorState.Flag.CLEAR);
        OnvifNotification mode = n("Door/State/DoorMode", Map.of("DoorToken", "Door_1"), Map.of("State", "Accessed"));
        assertThat(OnvifDoorEvents.field(mode.topic())).isEqualTo(OnvifDoorEvents.Field.MODE);
        DoorState accessed = OnvifDoorEvents.apply(s, OnvifDoorEvents.Field.MODE, mode, true, NOW);
        assertThat(accessed.mode()).isEqualTo(DoorState.Mode.ACCESSED);
        assertThat(accessed.lock()).as("no lock monitor: the mode says").isEqualTo(DoorState.LockState.UNLOCKED);
        assertThat(OnvifDoorEvents.apply(s, OnvifDoorEvents.Field.MODE, mode, false, NOW).lock())
                .as("a lock monitor's word stands").isEqualTo(DoorState.LockState.LOCKED);
        OnvifNotification alarm = n("Door/State/DoorAlarm", Map.of("DoorToken", "Door_2"), Map.of("State", "DoorForcedOpen"));
        assertThat(OnvifDoorEvents.apply(s, OnvifDoorEvents.field(alarm.topic()), alarm, true, NOW).alarm()).isEqualTo(DoorState.Alarm.FORCED_OPEN);
        OnvifNotification tamper = n("Door/State/DoorTamper", Map.of("DoorToken", "Door_1"), Map.of("State", "TamperDetected"));
        assertThat(OnvifDoorEvents.apply(s, OnvifDoorEvents.field(tamper.topic()), tamper, true, NOW).tamper()).isEqualTo(DoorState.Flag.ACTIVE);
        OnvifNotification open = n("Door/State/DoorPhysicalState", Map.of("DoorToken", "Door_1"), Map.of("State", "Open"));
        assertThat(OnvifDoorEvents.apply(s, OnvifDoorEvents.field(open.topic()), open, true, NOW).contact()).isEqualTo(DoorState.ContactState.OPEN);
        assertThat(OnvifDoorEvents.field("Door/State/DoubleLockPhysicalState")).isNull();
    }
}
