package io.warden.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonKind;
import io.warden.gateway.people.PersonStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoLiveViewTest {
    private static final Instant AT = Instant.parse("2025-03-04T17:02:03Z");
    private static final String HHMMSS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault()).format(AT);

    @Test
    void oneLinePerRecordWithTheDoorTheActionTheResultAndWho() {
        assertThat(line(record(1, new AuditEntry(AT, "door.command", "demo-operator", "127.0.0.1", "lincoln-ms", "main",
                "front-office", null, null, "pulse 5.0 s", "confirmed", "output 1 on"))))
                .isEqualTo(HHMMSS + "  door.command       front-office    pulse 5.0 s  confirmed  demo-operator");
        assertThat(line(record(2, new AuditEntry(AT, "credential.read", "line-a/1", null, "lincoln-ms", "main",
                "main-entrance", null, "20:13912", null, null, "card 26 bits 0A1B2C00 at reader 0"))))
                .isEqualTo(HHMMSS + "  credential.read    main-entrance   card 20:13912  line-a/1");
        assertThat(line(record(3, new AuditEntry(AT, "device.online", "line-b/2", null, null, null, null, null, null,
                null, null, "secure channel established"))))
                .isEqualTo(HHMMSS + "  device.online      line-b/2        secure channel established");
    }

    @Test
    void aLockdownConcernsItsScope() {
        assertThat(line(record(5, new AuditEntry(AT, "lockdown.started", "demo-lockdown", "127.0.0.1", "lincoln-ms", "north",
                null, null, null, "lockdown ld-1", "confirmed", "5 doors"))))
                .isEqualTo(HHMMSS + "  lockdown.started   north           lockdown ld-1  confirmed  demo-lockdown");
    }

    @Test
    void aRefusalSaysWhy() {
        String line = line(record(4, new AuditEntry(AT, "door.command", "demo-operator", "127.0.0.1", "lincoln-ms", "north",
                "gym-east", null, null, "unlock", "refused", "door gym-east is in lockdown ld-1, started by demo-lockdown")));
        assertThat(line).endsWith("unlock  refused: door gym-east is in lockdown ld-1, started by demo-lockdown  demo-operator");
    }

    @Test
    void catchUpComesFirstAndNoRecordTwice() {
        EventHub hub = new EventHub();
        List<String> lines = new ArrayList<>();
        DemoLiveView view = new DemoLiveView(hub, () -> Directory.EMPTY, lines::add);
        hub.publish(record(3, typed("door.opened")));
        view.catchUp(List.of(record(1, typed("config.loaded")), record(2, typed("device.online")), record(3, typed("door.opened"))));
        hub.publish(record(4, typed("door.closed")));
        view.cancel();
        hub.publish(record(5, typed("door.rex")));
        assertThat(lines).extracting(l -> l.split(" +")[1]).containsExactly("config.loaded", "device.online", "door.opened", "door.closed");
    }

    @Test
    void aGrantNamesThePersonTheirCardAndWhatGrantedIt() {
        assertThat(line(record(6, decision("access.granted", "t-1001", "gym-east", "H10301:40:1001", "card", "granted",
                "group lincoln-admins, schedule always"))))
                .isEqualTo(HHMMSS + "  access.granted     gym-east        Maya Okafor (staff)  card H10301:40:1001  group lincoln-admins, schedule always");
        assertThat(line(record(7, decision("access.granted", "t-1002", "science-wing", "H10301:40:1002", "card+pin", "granted",
                "group lincoln-staff, schedule staff-hours, PIN verified"))))
                .isEqualTo(HHMMSS + "  access.granted     science-wing    Daniel Reyes (staff)  card H10301:40:1002 + PIN  "
                        + "group lincoln-staff, schedule staff-hours, PIN verified");
        assertThat(line(record(8, decision("access.granted", "fr-officer-kim", "gym-east", "H10304:5100:70001", "card", "granted",
                "lockdown entry during ld-20261201-1"))))
                .isEqualTo(HHMMSS + "  access.granted     gym-east        Officer J. Kim (first responder)  card H10304:5100:70001  "
                        + "lockdown entry during ld-20261201-1");
    }

    @Test
    void aDenialSaysWhyAndFlagsALostCard() {
        assertThat(line(record(9, decision("access.denied", "s-2003", "library", "H10301:40:2003", "card", "denied",
                "lost: card H10301:40:2003 was reported lost"))))
                .isEqualTo(HHMMSS + "  access.denied      library         Sam O'Brien (student)  lost card H10301:40:2003 — FLAGGED");
        assertThat(line(record(10, decision("access.denied", "s-2003", "north-lobby", "H10301:40:2003", "card", "denied",
                "no_access: no access group gives s-2003 door north-lobby"))))
                .isEqualTo(HHMMSS + "  access.denied      north-lobby     Sam O'Brien (student)  no access card H10301:40:2003");
        assertThat(line(record(11, decision("access.denied", "t-1002", "gym-east", "H10301:40:1002", "card", "denied",
                "lockdown: door gym-east is in drill lockdown ld-1; only lockdown-entry holders are admitted"))))
                .isEqualTo(HHMMSS + "  access.denied      gym-east        Daniel Reyes (staff)  lockdown card H10301:40:1002  "
                        + "(door gym-east is in drill lockdown ld-1; only lockdown-entry holders are admitted)");
        assertThat(line(record(12, decision("access.denied", "t-1002", "science-wing", "H10301:40:1002", "card+pin", "denied",
                "wrong_pin: the PIN does not match card H10301:40:1002's holder"))))
                .isEqualTo(HHMMSS + "  access.denied      science-wing    Daniel Reyes (staff)  wrong pin card H10301:40:1002 + PIN  "
                        + "(the PIN does not match card H10301:40:1002's holder)");
    }

    @Test
    void aCardNobodyHoldsOrABadReadHasNoName() {
        assertThat(line(record(13, decision("access.denied", "unknown", "main-entrance", "H10301:40:9123", "card", "denied",
                "unknown_card: card H10301:40:9123 is not in the directory"))))
                .isEqualTo(HHMMSS + "  access.denied      main-entrance   -  unknown card H10301:40:9123");
        assertThat(line(record(14, decision("access.denied", "unknown", "library", "26-bit 0A1B2C41", "card", "denied",
                "bad_read: H10301: odd parity is wrong"))))
                .isEqualTo(HHMMSS + "  access.denied      library         -  bad read 26-bit 0A1B2C41  (H10301: odd parity is wrong)");
        // Someone the directory no longer has: the id, as the trail says.
        assertThat(line(record(15, decision("access.granted", "t-9999", "library", "H10301:40:9999", "card", "granted", "group g, schedule s"))))
                .contains("library         t-9999  card H10301:40:9999");
    }

    /** An ONVIF controller's own decision, as the recorder writes it: the holder it named, the reason, the credential token. */
    @Test
    void aControllersDecisionNamesTheHolderItsReasonAndTheController() {
        assertThat(line(record(16, new AuditEntry(AT, "access.granted", "ctl-east", null, "lincoln-ms", "east", "art-room", null,
                "token:cred-t-1001", null, null, "granted by the controller; holder Maya Okafor; device time 2025-03-04T17:02:02Z"))))
                .isEqualTo(HHMMSS + "  access.granted     art-room        Maya Okafor (staff)  credential cred-t-1001  decided by ctl-east");
        assertThat(line(record(17, new AuditEntry(AT, "access.denied", "ctl-east", null, "lincoln-ms", "east", "music-room", null,
                "token:cred-c-1", null, null, "denied by the controller: CredentialExpired; holder Pipeworks Plumbing"))))
                .isEqualTo(HHMMSS + "  access.denied      music-room      Pipeworks Plumbing  CredentialExpired  credential cred-c-1  decided by ctl-east");
        assertThat(line(record(18, new AuditEntry(AT, "access.granted", "ctl-east", null, "lincoln-ms", "east", "east-entrance", null,
                null, null, null, "granted by the controller (anonymous); device time 2025-03-04T17:02:02Z"))))
                .isEqualTo(HHMMSS + "  access.granted     east-entrance   anonymous  decided by ctl-east");
    }

    @Test
    void directoryChangesShowWhatChangedAndAnImportsPeopleAreCounted() {
        EventHub hub = new EventHub();
        List<String> lines = new ArrayList<>();
        DemoLiveView view = new DemoLiveView(hub, () -> PEOPLE, lines::add);
        view.catchUp(List.of());
        for (int i = 1; i <= 3; i++) {
            hub.publish(record(i, setup("person.added", null, "person t-100" + i + ": added")));
        }
        hub.publish(record(4, setup("people.import", null, "format=oneroster added=3 changed=0 suspended=0 unchanged=0 skipped=0 problems=0 dryRun=false")));
        hub.publish(record(5, setup("card.status", "H10301:40:2003", "lost")));
        hub.publish(record(6, setup("person.pin_set", null, "person t-1002: PIN set")));
        view.cancel();
        assertThat(lines).containsExactly(
                HHMMSS + "  person.added       demo-setup      person t-1001: added  ok",
                HHMMSS + "  person.added       demo-setup      2 more from demo-setup since " + HHMMSS, // counted before the summary
                HHMMSS + "  people.import      demo-setup      format=oneroster added=3 changed=0 suspended=0 unchanged=0 skipped=0 problems=0 dryRun=...  ok",
                HHMMSS + "  card.status        demo-setup      card H10301:40:2003 lost  ok",
                HHMMSS + "  person.pin_set     demo-setup      person t-1002: PIN set  ok");
    }

    private static final Directory PEOPLE = new Directory(List.of(
            person("t-1001", "Maya Okafor", PersonKind.STAFF), person("t-1002", "Daniel Reyes", PersonKind.STAFF),
            person("s-2003", "Sam O'Brien", PersonKind.STUDENT), person("fr-officer-kim", "Officer J. Kim", PersonKind.FIRST_RESPONDER)),
            List.of(), List.of(), 1);

    private static Person person(String id, String name, PersonKind kind) {
        return new Person(id, name, kind, null, List.of("lincoln-ms"), PersonStatus.ACTIVE, null, null, false, "hash", "oneroster");
    }

    private static AuditEntry decision(String type, String actor, String door, String credential, String action, String result, String detail) {
        return new AuditEntry(AT, type, actor, null, "lincoln-ms", "main", door, null, credential, action, result, detail);
    }

    private static AuditEntry setup(String type, String credential, String detail) {
        return new AuditEntry(AT, type, "demo-setup", "demo-setup", null, null, null, null, credential, "import", "ok", detail);
    }

    private static String line(AuditRecord r) {
        return DemoLiveView.line(r, PEOPLE);
    }

    private static AuditEntry typed(String type) {
        return new AuditEntry(AT, type, "line-a/1", null, null, null, "library", null, null, null, null, null);
    }

    private static AuditRecord record(long seq, AuditEntry e) {
        return new AuditRecord(seq, e, "h" + seq);
    }
}
