package io.warden.gateway.access;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ReaderSignal;
import io.warden.gateway.audit.AuditBacklog;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.DirectoryChanges;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PinHash;
import io.warden.gateway.testing.FakeDoorController;
import io.warden.gateway.testing.InMemoryAuditStore;
import io.warden.gateway.testing.SettableClock;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hot path over the real door service and fake doors: pulse, reader signals, card and PIN, records, lockdown entry. */
class AccessControlTest {
    private static final String PIN = "2468";
    private static final Duration REASSERT = Duration.ofMillis(100);
    /** The pause that ends an entry, short here. */
    private static final Duration PAUSE = Duration.ofMillis(300);

    private final Vertx vertx = Vertx.vertx();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final SettableClock clock = new SettableClock(AccessFixture.MORNING);
    private final Map<String, FakeDoorController> devices = new LinkedHashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private GatewayDoorService doors;
    private AuditBacklog backlog;
    private AccessControl control;
    /** The fixture's directory, the staff member (card 1001) with PIN {@value #PIN}. */
    private Directory withPin;

    @BeforeEach
    void start() throws Exception {
        AccessFixture.DOORS.forEach(d -> devices.put(d.id(), new FakeDoorController(d.id())));
        doors = await(GatewayDoorService.start(vertx, AccessFixture.DOORS, Map.<String, DoorController>copyOf(devices), audit,
                Files.createTempDirectory("warden-access"), clock, new GatewayDoorService.Options(REASSERT, Duration.ofHours(1)), registry));
        AccessConfig c = AccessFixture.config();
        AccessConfig quickPin = new AccessConfig(1, c.schedules(), c.groups(), c.doorSchedules(), c.cardAndPin(), c.sites());
        AccessPolicy policy = AccessPolicy.compile(quickPin, AccessFixture.DOORS, AccessFixture.SITES, AccessFixture.SCHEDULES);
        Person staff = AccessFixture.DIRECTORY.person("p-staff").orElseThrow();
        Person withPin = new Person(staff.id(), staff.name(), staff.kind(), staff.sisId(), staff.schools(), staff.status(), staff.validFrom(),
                staff.validUntil(), staff.lockdownEntry(), PinHash.hash(PIN), staff.source());
        Directory dir = AccessFixture.DIRECTORY.with(new DirectoryChanges(List.of(withPin), List.of(), null));
        this.withPin = dir;
        backlog = new AuditBacklog(vertx, audit);
        control = new AccessControl(vertx, clock, policy, () -> dir, doors, backlog, PAUSE);
    }

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    private void read(String door, Credential c) {
        control.read(new DeviceEvent.CredentialRead("line-a/1", door, clock.instant(), 0, c));
    }

    /** Over the fixture's rules with this PIN timeout, pause after a key and directory. */
    private AccessControl control(int pinTimeoutSeconds, Duration keyPause, Directory dir) {
        AccessConfig c = AccessFixture.config();
        AccessPolicy policy = AccessPolicy.compile(new AccessConfig(pinTimeoutSeconds, c.schedules(), c.groups(), c.doorSchedules(), c.cardAndPin(),
                c.sites()), AccessFixture.DOORS, AccessFixture.SITES, AccessFixture.SCHEDULES);
        return new AccessControl(vertx, clock, policy, () -> dir, doors, backlog, keyPause);
    }

    /** Types {@code keys} at the library one per keypad report, as most readers send them. */
    private void type(AccessControl at, String keys) {
        for (char k : keys.toCharArray()) {
            at.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, Credential.pin(String.valueOf(k))));
        }
    }

    /** The access decisions at {@code door} so far, oldest first. */
    private List<AuditEntry> decisions(String door) {
        return audit.records().stream().map(r -> r.entry()).filter(e -> e.type().startsWith("access.") && door.equals(e.door())).toList();
    }

    private AuditEntry decision(String door) {
        until(() -> audit.records().stream().anyMatch(r -> r.entry().type().startsWith("access.") && door.equals(r.entry().door())),
                "a decision at " + door);
        return audit.records().stream().map(r -> r.entry()).filter(e -> e.type().startsWith("access.") && door.equals(e.door()))
                .findFirst().orElseThrow();
    }

    private double accessPulses() {
        var c = registry.find("warden.door.commands").tag("origin", "access").tag("result", "confirmed").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aGrantPulsesTheStrikeThenShowsGrantedAndIsRecordedWithGroupAndSchedule() {
        read("gym", AccessFixture.swipe(1001));
        until(() -> devices.get("gym").signals.contains(ReaderSignal.GRANTED), "GRANTED at the gym reader");
        assertThat(devices.get("gym").received).containsExactly(new DoorCommand.Pulse(Duration.ofSeconds(1)));
        AuditEntry e = decision("gym");
        assertThat(e).extracting(AuditEntry::type, AuditEntry::actor, AuditEntry::credential, AuditEntry::action, AuditEntry::result,
                AuditEntry::detail, AuditEntry::site, AuditEntry::zone)
                .containsExactly("access.granted", "p-staff", "H10301:40:1001", "card", "granted", "group lincoln-staff, schedule staff-hours",
                        "lincoln", "north");
        until(() -> accessPulses() == 1, "the pulse counted with origin access");
        assertThat(audit.entries("door.command")).as("a grant's pulse has no command records of its own").isEmpty();
    }

    @Test
    void aDenialShowsDeniedAndSendsNoCommand() {
        read("gym", AccessFixture.swipe(1002));
        AuditEntry e = decision("gym");
        assertThat(e).extracting(AuditEntry::type, AuditEntry::actor, AuditEntry::result).containsExactly("access.denied", "p-student", "denied");
        assertThat(e.detail()).startsWith("no_access: ");
        until(() -> devices.get("gym").signals.equals(List.of(ReaderSignal.DENIED)), "DENIED at the gym reader");
        assertThat(devices.get("gym").received).isEmpty();
    }

    @Test
    void aBadReadAndAnUnknownCardAreRecordedWithTheBitsOrTheCardId() {
        byte[] bits = io.warden.adapter.api.CardFormat.H10301.encode(40, 1001);
        bits[3] ^= 0x40; // the trailing odd-parity bit
        read("office", Credential.card(bits, 26));
        AuditEntry bad = decision("office");
        assertThat(bad.actor()).isEqualTo("unknown");
        assertThat(bad.credential()).isEqualTo("26-bit " + java.util.HexFormat.of().withUpperCase().formatHex(bits));
        assertThat(bad.detail()).startsWith("bad_read: ");
        read("gym", AccessFixture.swipe(4242));
        assertThat(decision("gym")).extracting(AuditEntry::actor, AuditEntry::credential).containsExactly("unknown", "H10301:40:4242");
    }

    @Test
    void cardThenTheRightPinOpensTheDoorAndNoPinIsRecorded() {
        read("library", AccessFixture.swipe(1001));
        until(() -> devices.get("library").signals.equals(List.of(ReaderSignal.PIN_REQUIRED)), "PIN_REQUIRED at the library reader");
        assertThat(devices.get("library").received).isEmpty();
        read("library", Credential.pin(PIN));
        AuditEntry e = decision("library");
        assertThat(e).extracting(AuditEntry::type, AuditEntry::action, AuditEntry::credential, AuditEntry::detail)
                .containsExactly("access.granted", "card+pin", "H10301:40:1001", "group lincoln-staff, schedule staff-hours, PIN verified");
        until(() -> devices.get("library").signals.equals(List.of(ReaderSignal.PIN_REQUIRED, ReaderSignal.GRANTED)), "GRANTED after the PIN");
        assertThat(devices.get("library").received).containsExactly(new DoorCommand.Pulse(Duration.ofSeconds(1)));
        assertThat(audit.records()).allSatisfy(r -> assertThat(r.entry().toString()).doesNotContain(PIN).doesNotContain("pbkdf2"));
    }

    @Test
    void aWrongPinIsRefused() {
        read("library", AccessFixture.swipe(1001));
        until(() -> devices.get("library").signals.contains(ReaderSignal.PIN_REQUIRED), "PIN_REQUIRED");
        read("library", Credential.pin("1357"));
        AuditEntry e = decision("library");
        assertThat(e).extracting(AuditEntry::type, AuditEntry::actor, AuditEntry::action).containsExactly("access.denied", "p-staff", "card+pin");
        assertThat(e.detail()).isEqualTo("wrong_pin: the PIN does not match card H10301:40:1001's holder");
        until(() -> devices.get("library").signals.contains(ReaderSignal.DENIED), "DENIED");
        assertThat(devices.get("library").received).isEmpty();
    }

    @Test
    void noPinInTimeIsATimeout() {
        read("library", AccessFixture.swipe(1001));
        AuditEntry e = decision("library"); // pinTimeoutSeconds 1 here
        assertThat(e).extracting(AuditEntry::type, AuditEntry::action, AuditEntry::detail)
                .containsExactly("access.denied", "card+pin", "pin_timeout: no PIN within 1 s after card H10301:40:1001");
        until(() -> devices.get("library").signals.equals(List.of(ReaderSignal.PIN_REQUIRED, ReaderSignal.DENIED)), "DENIED after the wait");
        read("library", Credential.pin(PIN)); // too late: keys alone now
        until(() -> audit.entries("access.denied").size() == 2, "the late keys refused");
        assertThat(audit.entries("access.denied").get(1).detail()).startsWith("pin_without_card: ");
        assertThat(devices.get("library").received).isEmpty();
    }

    @Test
    void aNewCardReplacesTheOneWaitingForItsPin() {
        read("library", AccessFixture.swipe(1001));
        read("library", AccessFixture.swipe(1010)); // the aide: in a group for the library, no PIN set
        until(() -> devices.get("library").signals.size() == 2, "PIN_REQUIRED twice");
        read("library", Credential.pin(PIN)); // the staff member's PIN, but the aide's card is the one waiting
        AuditEntry e = decision("library");
        assertThat(e).extracting(AuditEntry::actor, AuditEntry::detail).containsExactly("p-aide", "wrong_pin: person p-aide has no PIN");
        assertThat(audit.entries("access.denied")).hasSize(1);
        assertThat(devices.get("library").received).isEmpty();
    }

    @Test
    void keysAloneAreRefused() {
        read("library", Credential.pin(PIN));
        AuditEntry e = decision("library");
        assertThat(e).extracting(AuditEntry::actor, AuditEntry::credential, AuditEntry::action).containsExactly("unknown", "PIN (4 keys)", "pin");
        assertThat(e.detail()).startsWith("pin_without_card: ");
    }

    @Test
    void duringALockdownAFirstResponderGetsOnePulseTheLockdownStaysAndTheEnforcerStaysQuiet() throws Exception {
        LockdownReport ld = await(doors.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, "main", null), false, "test"), new Principal("principal", Role.LOCKDOWN), null));
        until(() -> devices.get("office").state().lock() == io.warden.adapter.api.DoorState.LockState.LOCKED
                && audit.entries("door.command").stream().filter(x -> "office".equals(x.door())).anyMatch(x -> "confirmed".equals(x.result())),
                "the office locked down");
        int commandsBefore = audit.entries("door.command").size();
        read("office", AccessFixture.swipe(1001)); // a teacher
        assertThat(decision("office").detail()).startsWith("lockdown: door office is in lockdown " + ld.id());
        read("office", AccessFixture.swipe(1004)); // a first responder
        until(() -> audit.entries("access.granted").size() == 1, "the first responder admitted");
        assertThat(audit.entries("access.granted").get(0).detail()).isEqualTo("lockdown entry during " + ld.id());
        until(() -> devices.get("office").received.contains(new DoorCommand.Pulse(Duration.ofSeconds(1))), "one pulse at the office");
        assertThat(doors.lockdownCovering("office")).isNotNull();
        // The fake door keeps reporting unlocked after the pulse: while the entry lasts, no lock is sent and nothing is recorded.
        long pulses = devices.get("office").received.stream().filter(c -> c instanceof DoorCommand.Pulse).count();
        assertThat(pulses).isEqualTo(1);
        Thread.sleep(REASSERT.toMillis() * 5); // several enforcer ticks (observing that nothing happens)
        assertThat(audit.entries("door.command")).hasSize(commandsBefore);
        assertThat(doors.disagreeingDoors()).isEmpty();
        // Once the pulse (and a tick's grace) is over, a door still reporting unlocked is locked again.
        clock.advance(Duration.ofSeconds(2));
        until(() -> audit.entries("door.command").size() > commandsBefore, "the enforcer to lock the office again after the entry");
        assertThat(audit.entries("door.command").get(commandsBefore).action()).startsWith("lockdown (re-assert " + ld.id());
    }

    private LockdownReport lockdown(LockdownRequest.Level level, LockdownRequest.Scope scope) {
        return await(doors.startLockdown(new LockdownRequest(level, scope, false, "test"), new Principal("principal", Role.LOCKDOWN), null));
    }

    private long pulses(String door) {
        return devices.get(door).received.stream().filter(c -> c instanceof DoorCommand.Pulse).count();
    }

    @Test
    void aLockdownStartedAfterASecureOfTheSameDoorStillAdmitsOnlyLockdownEntryHolders() {
        lockdown(LockdownRequest.Level.SECURE, new LockdownRequest.Scope("lincoln", null, null));
        LockdownReport ld = lockdown(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope(null, "main", null));
        read("main-entrance", AccessFixture.swipe(1001)); // staff: a secure admits them at an exterior door, a lockdown does not
        AuditEntry e = decision("main-entrance");
        assertThat(e.type()).isEqualTo("access.denied");
        assertThat(e.detail()).startsWith("lockdown: door main-entrance is in lockdown " + ld.id());
        until(() -> devices.get("main-entrance").signals.contains(ReaderSignal.DENIED), "DENIED at the main entrance");
        assertThat(pulses("main-entrance")).isZero();
    }

    @Test
    void aGrantMadeDuringASecureIsNotPulsedThroughALockdownStartedBeforeThePin() {
        AccessConfig c = AccessFixture.config();
        List<AccessConfig.CardAndPin> pins = List.of(new AccessConfig.CardAndPin(List.of("main-entrance"), List.of(), "always"));
        AccessControl atTheEntrance = new AccessControl(vertx, clock, AccessPolicy.compile(new AccessConfig(30, c.schedules(), c.groups(),
                c.doorSchedules(), pins, c.sites()), AccessFixture.DOORS, AccessFixture.SITES, AccessFixture.SCHEDULES), () -> withPin, doors, backlog);
        lockdown(LockdownRequest.Level.SECURE, new LockdownRequest.Scope("lincoln", null, null));
        atTheEntrance.read(new DeviceEvent.CredentialRead("line-a/1", "main-entrance", clock.instant(), 0, AccessFixture.swipe(1001)));
        until(() -> devices.get("main-entrance").signals.contains(ReaderSignal.PIN_REQUIRED), "PIN_REQUIRED: staff pass a secure");
        LockdownReport ld = lockdown(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope(null, "main", null));
        atTheEntrance.read(new DeviceEvent.CredentialRead("line-a/1", "main-entrance", clock.instant(), 0, Credential.pin(PIN)));
        AuditEntry e = decision("main-entrance");
        assertThat(e).extracting(AuditEntry::type, AuditEntry::action).containsExactly("access.denied", "card+pin");
        assertThat(e.detail()).startsWith("lockdown: door main-entrance is in lockdown " + ld.id());
        until(() -> devices.get("main-entrance").signals.contains(ReaderSignal.DENIED), "DENIED after the PIN");
        assertThat(pulses("main-entrance")).as("no pulse through the lockdown").isZero();
    }

    @Test
    void aPulseForAGrantMadeThroughASecureIsRefusedOnceALockdownCoversTheDoor() {
        lockdown(LockdownRequest.Level.SECURE, new LockdownRequest.Scope("lincoln", null, null));
        lockdown(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope(null, "main", null));
        Throwable refused = awaitFailure(doors.admit("main-entrance", LockdownRequest.Level.SECURE));
        assertThat(refused).isInstanceOf(io.warden.gateway.PolicyException.class).hasMessageContaining("since the decision: pulse refused");
        assertThat(pulses("main-entrance")).isZero();
        await(doors.admit("main-entrance", LockdownRequest.Level.LOCKDOWN)); // a lockdown-entry holder passes
        assertThat(pulses("main-entrance")).isEqualTo(1);
    }

    @Test
    void aCardReportedLostWhileItsHolderTypesThePinOpensNothing() {
        AtomicReference<Directory> current = new AtomicReference<>(withPin);
        AccessControl live = new AccessControl(vertx, clock, AccessPolicy.compile(AccessFixture.config(), AccessFixture.DOORS, AccessFixture.SITES,
                AccessFixture.SCHEDULES), current::get, doors, backlog);
        live.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, AccessFixture.swipe(1001)));
        until(() -> devices.get("library").signals.contains(ReaderSignal.PIN_REQUIRED), "PIN_REQUIRED");
        current.set(withPin.with(new DirectoryChanges(List.of(), List.of(new Card(AccessFixture.id(1001), "p-staff", CardStatus.LOST)), null)));
        live.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, Credential.pin(PIN)));
        AuditEntry e = decision("library");
        assertThat(e).extracting(AuditEntry::type, AuditEntry::action).containsExactly("access.denied", "card+pin");
        assertThat(e.detail()).startsWith("lost: card H10301:40:1001 was reported lost");
        assertThat(devices.get("library").received).isEmpty();
    }

    @Test
    void aPinEndedWithTheEnterKeyOpensTheDoor() {
        read("library", AccessFixture.swipe(1001));
        until(() -> devices.get("library").signals.contains(ReaderSignal.PIN_REQUIRED), "PIN_REQUIRED");
        read("library", Credential.pin(PIN + "#")); // '#' is the keypad's enter key (0x0D on OSDP)
        assertThat(decision("library")).extracting(AuditEntry::type, AuditEntry::credential).containsExactly("access.granted", "H10301:40:1001");
        until(() -> devices.get("library").received.contains(new DoorCommand.Pulse(Duration.ofSeconds(1))), "the pulse");
    }

    @Test
    void keysSentOneAtATimeEndedByEnterOpenTheDoor() {
        AccessControl at = control(60, Duration.ofSeconds(20), withPin); // neither the timeout nor the pause ends this entry
        at.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, AccessFixture.swipe(1001)));
        until(() -> devices.get("library").signals.contains(ReaderSignal.PIN_REQUIRED), "PIN_REQUIRED");
        type(at, PIN + "#");
        assertThat(decision("library")).extracting(AuditEntry::type, AuditEntry::action, AuditEntry::credential, AuditEntry::detail)
                .containsExactly("access.granted", "card+pin", "H10301:40:1001", "group lincoln-staff, schedule staff-hours, PIN verified");
        until(() -> devices.get("library").received.contains(new DoorCommand.Pulse(Duration.ofSeconds(1))), "the pulse");
        assertThat(decisions("library")).hasSize(1);
        assertThat(audit.records()).allSatisfy(r -> assertThat(r.entry().toString()).doesNotContain(PIN));
    }

    @Test
    void keysSentOneAtATimeWithNoEnterAreCheckedAfterThePause() {
        AccessControl at = control(60, PAUSE, withPin); // the 60 s timeout is past the wait's deadline: the pause ends it
        at.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, AccessFixture.swipe(1001)));
        type(at, PIN);
        assertThat(decision("library")).extracting(AuditEntry::type, AuditEntry::action).containsExactly("access.granted", "card+pin");
        until(() -> devices.get("library").received.contains(new DoorCommand.Pulse(Duration.ofSeconds(1))), "the pulse");
    }

    @Test
    void theClearKeyForgetsWhatWasTyped() {
        AccessControl at = control(60, Duration.ofSeconds(20), withPin);
        at.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, AccessFixture.swipe(1001)));
        type(at, "13*" + PIN + "#");
        assertThat(decision("library")).extracting(AuditEntry::type, AuditEntry::detail)
                .containsExactly("access.granted", "group lincoln-staff, schedule staff-hours, PIN verified");
    }

    @Test
    void eightKeysEndTheEntryAndTheNextKeysAreANewOne() {
        Person staff = withPin.person("p-staff").orElseThrow();
        Directory eightDigits = withPin.with(new DirectoryChanges(List.of(new Person(staff.id(), staff.name(), staff.kind(), staff.sisId(),
                staff.schools(), staff.status(), staff.validFrom(), staff.validUntil(), staff.lockdownEntry(), PinHash.hash("24682468"),
                staff.source())), List.of(), null));
        AccessControl at = control(60, Duration.ofSeconds(20), eightDigits);
        at.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, AccessFixture.swipe(1001)));
        type(at, "24682468" + "1#"); // the eighth key ends the entry: the '1' starts keys with no card
        until(() -> decisions("library").size() == 2, "the PIN's decision and the stray key's");
        List<AuditEntry> d = decisions("library");
        assertThat(d).extracting(AuditEntry::type, AuditEntry::action).containsExactlyInAnyOrder(
                tuple("access.granted", "card+pin"), tuple("access.denied", "pin"));
        AuditEntry stray = d.stream().filter(e -> e.type().equals("access.denied")).findFirst().orElseThrow();
        assertThat(stray).extracting(AuditEntry::credential).isEqualTo("PIN (1 keys)");
        assertThat(stray.detail()).startsWith("pin_without_card: ");
    }

    @Test
    void thePinTimeoutEndsAnEntryStillBeingTyped() {
        AccessControl at = control(1, Duration.ofSeconds(20), withPin); // the pause would come far later
        at.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, AccessFixture.swipe(1001)));
        type(at, PIN.substring(0, 3));
        AuditEntry e = decision("library");
        assertThat(e).extracting(AuditEntry::type, AuditEntry::action, AuditEntry::detail)
                .containsExactly("access.denied", "card+pin", "wrong_pin: the PIN does not match card H10301:40:1001's holder");
        type(at, PIN.substring(3) + "#"); // the last key, too late: keys with no card now
        until(() -> decisions("library").size() == 2, "the late key refused");
        assertThat(decisions("library").get(1)).extracting(AuditEntry::action, AuditEntry::credential).containsExactly("pin", "PIN (1 keys)");
        // Keys typed and then cleared are nothing usable: a timeout.
        at.read(new DeviceEvent.CredentialRead("line-a/1", "library", clock.instant(), 0, AccessFixture.swipe(1001)));
        type(at, "13*");
        until(() -> decisions("library").size() == 3, "the third decision");
        assertThat(decisions("library").get(2).detail()).isEqualTo("pin_timeout: no PIN within 1 s after card H10301:40:1001");
        assertThat(devices.get("library").received).isEmpty();
    }

    @Test
    void keysWithNoCardAreRefusedOncePerEntry() throws Exception {
        AccessControl at = control(60, PAUSE, withPin);
        type(at, PIN + "#");
        until(() -> decisions("library").size() == 1, "the first entry refused");
        type(at, "1357"); // no enter: the pause ends it
        until(() -> decisions("library").size() == 2, "the second entry refused");
        Thread.sleep(PAUSE.toMillis() * 3); // observing that no further denial follows
        assertThat(decisions("library")).extracting(AuditEntry::type, AuditEntry::actor, AuditEntry::credential, AuditEntry::action)
                .containsExactly(tuple("access.denied", "unknown", "PIN (4 keys)", "pin"),
                        tuple("access.denied", "unknown", "PIN (4 keys)", "pin"));
        assertThat(decisions("library")).allSatisfy(e -> assertThat(e.detail()).startsWith("pin_without_card: "));
        until(() -> devices.get("library").signals.equals(List.of(ReaderSignal.DENIED, ReaderSignal.DENIED)), "DENIED once per entry");
    }

    @Test
    void withTheStoreRefusingAppendsTheDoorStillOpensAndTheRecordLandsLater() {
        audit.failAppends("disk full");
        read("gym", AccessFixture.swipe(1001));
        until(() -> devices.get("gym").signals.contains(ReaderSignal.GRANTED), "GRANTED with the store down");
        assertThat(devices.get("gym").received).containsExactly(new DoorCommand.Pulse(Duration.ofSeconds(1)));
        until(() -> backlog.pending() == 1, "the refused record kept");
        assertThat(audit.entries("access.granted")).isEmpty();
        audit.failAppends(null);
        until(() -> audit.entries("access.granted").size() == 1, "the record written once the store accepts");
        // the backlog counts it written when the append's answer arrives, a moment after the store has it
        until(() -> backlog.pending() == 0, "the backlog empty once the append is answered");
        assertThat(audit.entries("access.granted")).hasSize(1);
    }

    @Test
    void aDecisionThatFailsDeniesAndIsRecorded() {
        Schedule broken = new AccessFixture.Hours("staff-hours", null, null); // isOpen throws
        Map<String, Schedule> schedules = new java.util.HashMap<>(AccessFixture.SCHEDULES);
        schedules.put("staff-hours", broken);
        AccessControl failing = new AccessControl(vertx, clock, AccessPolicy.compile(AccessFixture.config(), AccessFixture.DOORS,
                AccessFixture.SITES, schedules), () -> AccessFixture.DIRECTORY, doors, backlog);
        failing.read(new DeviceEvent.CredentialRead("line-a/1", "gym", clock.instant(), 0, AccessFixture.swipe(1001)));
        AuditEntry e = decision("gym");
        assertThat(e).extracting(AuditEntry::type, AuditEntry::result).containsExactly("access.denied", "denied");
        assertThat(e.detail()).startsWith("error: the decision failed: ");
        until(() -> devices.get("gym").signals.equals(List.of(ReaderSignal.DENIED)), "DENIED");
        assertThat(devices.get("gym").received).isEmpty();
    }

    @Test
    void aPulseTheDeviceRefusesIsRecordedAfterTheDecision() {
        devices.get("gym").refuse(true);
        read("gym", AccessFixture.swipe(1001));
        until(() -> audit.entries("door.command").size() == 1, "the failed pulse recorded");
        List<AuditEntry> all = audit.records().stream().map(r -> r.entry()).toList();
        assertThat(all).extracting(AuditEntry::type).containsExactly("access.granted", "door.command");
        assertThat(all.get(1)).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::result).containsExactly("p-staff", "pulse", "failed");
        assertThat(all.get(1).detail()).contains("NAK");
    }
}
