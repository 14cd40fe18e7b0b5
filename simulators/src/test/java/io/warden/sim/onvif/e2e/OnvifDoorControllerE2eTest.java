package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.DoorState.Mode;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.OnvifDoorControllerAdapter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only a Profile C controller does, end to end against the simulated controller over HTTP. */
class OnvifDoorControllerE2eTest {
    private Vertx vertx;
    private OnvifDoorFixture f;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (f != null) f.close();
        await(vertx.close());
    }

    private DoorCommandResult run(DoorController door, DoorCommand c) {
        return await(door.execute(c, Instant.now().plus(door.commandTimeout())));
    }

    private Throwable refused(DoorController door, DoorCommand c) {
        return awaitFailure(door.execute(c, Instant.now().plus(door.commandTimeout())));
    }

    private <T extends DeviceEvent> List<T> events(Class<T> type) {
        return f.events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aLockdownHeldByTheControllerRefusesUnlocksUntilReleased() {
        f = OnvifDoorFixture.start(vertx);
        DoorController door = f.door();
        DoorCommandResult down = run(door, new DoorCommand.Lockdown());
        assertThat(down.state().mode()).isEqualTo(Mode.LOCKED_DOWN);
        assertThat(down.state().lock()).isEqualTo(LockState.LOCKED);
        assertThat(f.sim.mode("Door_1")).isEqualTo(Mode.LOCKED_DOWN);
        until(() -> events(DeviceEvent.DoorModeChanged.class).stream().anyMatch(e -> e.mode() == Mode.LOCKED_DOWN), "the mode change reported");

        int unlocksBefore = f.sim.received("UnlockDoor");
        Throwable t = refused(door, new DoorCommand.Unlock());
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(t.getMessage()).contains("LockedDown");
        assertThat(f.sim.received("UnlockDoor")).as("the device itself refused it").isEqualTo(unlocksBefore + 1);
        assertThat(f.strikeReleased()).isFalse();
        assertThat(WardenException.codeOf(refused(door, new DoorCommand.Pulse(Duration.ofSeconds(1))))).isEqualTo(ErrorCode.DEVICE_REJECTED);

        DoorCommandResult released = run(door, new DoorCommand.Release());
        assertThat(released.state().mode()).isEqualTo(Mode.LOCKED);
        assertThat(released.state().lock()).isEqualTo(LockState.LOCKED);
        assertThat(f.sim.mode("Door_1")).isEqualTo(Mode.LOCKED);
        assertThat(run(door, new DoorCommand.Unlock()).state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(f.strikeReleased()).isTrue();
        // a release of a door that is not locked down simply locks it
        assertThat(run(door, new DoorCommand.Release()).state().mode()).isEqualTo(Mode.LOCKED);
        assertThat(f.strikeReleased()).isFalse();
    }

    @Test
    void theControllersAccessDecisionsCarryHolderTokenAndDeviceTime() {
        Duration ahead = Duration.ofMinutes(2);
        f = OnvifDoorFixture.start(vertx, Clock.offset(Clock.systemUTC(), ahead));
        Instant before = Instant.now();
        f.sim.presentCard("Door_1", "Cred_0042", "J. Doe", true, null);
        f.sim.presentCard("Door_2", "Cred_0077", "R. Roe", false, "CredentialExpired");
        until(() -> !events(DeviceEvent.AccessGranted.class).isEmpty() && !events(DeviceEvent.AccessDenied.class).isEmpty(), "both decisions");

        DeviceEvent.AccessGranted granted = events(DeviceEvent.AccessGranted.class).get(0);
        assertThat(granted.doorId()).isEqualTo("front");
        assertThat(granted.deviceId()).isEqualTo("onvif-ctl");
        assertThat(granted.credential()).isEqualTo(Credential.token("Cred_0042"));
        assertThat(granted.holder()).isEqualTo("J. Doe");
        DeviceEvent.AccessDenied denied = events(DeviceEvent.AccessDenied.class).get(0);
        assertThat(denied.doorId()).isEqualTo("side");
        assertThat(denied.credential()).isEqualTo(Credential.token("Cred_0077"));
        assertThat(denied.reason()).isEqualTo("CredentialExpired");
        // the device's clock runs two minutes ahead: its time is kept beside the gateway's
        for (DeviceEvent e : List.of(granted, denied)) {
            Instant device = f.ctx.deviceTime(e).orElseThrow(() -> new AssertionError("no device time for " + e));
            assertThat(device).isBetween(before.plus(ahead).minusSeconds(5), Instant.now().plus(ahead).plusSeconds(5));
            assertThat(e.time()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        }
        assertThat(events(DeviceEvent.AccessGranted.class)).hasSize(1);
        assertThat(events(DeviceEvent.AccessDenied.class)).hasSize(1);
    }

    @Test
    void aRestartMidStreamIsReSubscribedAndWhatChangedMeanwhileIsReportedOnce() {
        f = OnvifDoorFixture.start(vertx);
        DoorController door = f.door();
        run(door, new DoorCommand.Unlock());
        f.sim.presentCard("Door_1", "Cred_1", "A. Before", true, null);
        until(() -> events(DeviceEvent.AccessGranted.class).size() == 1, "the card before the restart");
        int creates = f.sim.received("CreatePullPointSubscription");
        int eventsBefore = f.events().size();

        f.sim.restart(); // subscriptions vanish; the door comes back Locked, and nobody is told
        until(() -> f.sim.received("CreatePullPointSubscription") > creates, "a new subscription");
        until(() -> door.state().lock() == LockState.LOCKED, "the relock made by the restart reported");
        f.sim.presentCard("Door_2", "Cred_2", "B. After", true, null); // at the other door: front's mode stays as the restart left it
        until(() -> events(DeviceEvent.AccessGranted.class).size() == 2, "the card after the restart");
        f.setContact(true);
        until(() -> events(DeviceEvent.DoorOpened.class).size() == 1, "the door opened after the restart");
        f.setContact(false);
        until(() -> events(DeviceEvent.DoorClosed.class).size() == 1, "and closed");

        List<DeviceEvent> after = f.events().subList(eventsBefore, f.events().size());
        assertThat(after.stream().filter(e -> e instanceof DeviceEvent.DoorModeChanged m && m.mode() == Mode.LOCKED && "front".equals(e.doorId())))
                .as("the mode changed while unsubscribed, reported once").hasSize(1);
        assertThat(after.stream().filter(e -> e instanceof DeviceEvent.LockChanged l && l.lock() == LockState.LOCKED && "front".equals(e.doorId())))
                .hasSize(1);
        assertThat(events(DeviceEvent.AccessGranted.class)).extracting(DeviceEvent.AccessGranted::holder).containsExactly("A. Before", "B. After");
        assertThat(events(DeviceEvent.AccessGranted.class)).extracting(DeviceEvent::doorId).containsExactly("front", "side");
        until(() -> f.health().status() == DeviceHealth.Status.ONLINE, "online again");
        assertThat(run(door, new DoorCommand.Pulse(Duration.ofSeconds(1))).state().lock()).isEqualTo(LockState.UNLOCKED);
    }

    @Test
    void aSlowControllerGetsNothingAfterTheDeadlineAndALateCommandSaysTheDoorMayHaveActed() {
        f = OnvifDoorFixture.start(vertx);
        List<String> doorOps = List.of("UnlockDoor", "LockDoor", "AccessDoor", "LockDownDoor", "LockDownReleaseDoor");
        Map<String, Integer> before = new LinkedHashMap<>();
        doorOps.forEach(op -> before.put(op, f.sim.received(op)));
        f.sim.setReplyDelay(Duration.ofMillis(1500));
        Instant deadline = Instant.now().plusMillis(1000);
        var unlock = f.door().execute(new DoorCommand.Unlock(), deadline);
        var lock = f.door().execute(new DoorCommand.Lock(), deadline); // queued behind the unlock, with the same deadline
        var pulse = f.door().execute(new DoorCommand.Pulse(Duration.ofSeconds(1)), deadline);

        Throwable late = awaitFailure(unlock);
        assertThat(WardenException.codeOf(late)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(late.getMessage()).contains("UnlockDoor").contains("may have acted");
        for (var queued : List.of(lock, pulse)) {
            Throwable t = awaitFailure(queued);
            assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
            assertThat(t.getMessage()).contains("not sent");
        }
        assertThat(Instant.now()).as("every caller told by its deadline").isBefore(deadline.plusMillis(500));
        Map<String, Integer> told = new LinkedHashMap<>();
        doorOps.forEach(op -> told.put(op, f.sim.received(op)));

        // long enough for the delayed answer to come back and anything that would follow it to be sent
        f.sim.setReplyDelay(Duration.ZERO);
        int checks = f.sim.received("GetSystemDateAndTime");
        until(() -> f.sim.received("GetSystemDateAndTime") >= checks + 4, "the health checks going on");
        doorOps.forEach(op -> assertThat(f.sim.received(op)).as(op + " after the callers were told").isEqualTo(told.get(op)));
        assertThat(told.get("UnlockDoor")).as("the unlock went out before its deadline").isEqualTo(before.get("UnlockDoor") + 1);
        assertThat(told.get("LockDoor")).isEqualTo(before.get("LockDoor"));
        assertThat(told.get("AccessDoor")).isEqualTo(before.get("AccessDoor"));
        // the device did act on it, and says so: the adapter reports what the device reports
        until(() -> f.door().state().mode() == Mode.UNLOCKED, "the unlock the device made reported");
    }

    @Test
    void theControllerIsReportedOnlineWhenFirstReached() {
        f = OnvifDoorFixture.start(vertx);
        until(() -> events(DeviceEvent.DeviceOnline.class).size() == 1, "device.online at first contact, as a PD's or a camera's");
        assertThat(events(DeviceEvent.DeviceOnline.class).get(0).deviceId()).isEqualTo("onvif-ctl");
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorAndIsTriedLessAndLessOften() {
        f = new OnvifDoorFixture(vertx, Clock.systemUTC(), Map.of("front", "Door_1"), port -> port, sim -> {},
                OnvifDoorFixture.TIMINGS, "not-the-password");
        until(() -> f.health().reason() == DeviceHealth.Reason.CONFIGURATION_ERROR, "refused credentials in health");
        assertThat(f.health().status()).isEqualTo(DeviceHealth.Status.OFFLINE);
        assertThat(f.health().detail()).contains("refuses the credentials").doesNotContain("not-the-password");
        // Health interval 300 ms: without back-off about 13 tries (each one or two requests) in 4 s; doubling from 300 ms, 3.
        int first = f.sim.received("GetServices");
        long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        until(() -> System.nanoTime() - end > 0, "4 s to pass");
        assertThat(f.sim.received("GetServices") - first).as("tries while the credentials are refused").isBetween(1, 8);
    }

    @Test
    void aControllerThatStaysDownIsOfflineWithTheReasonAndRefusesCommandsAtOnce() {
        f = OnvifDoorFixture.start(vertx);
        int before = f.events().size();
        await(f.sim.stop());
        until(() -> f.health().status() == DeviceHealth.Status.OFFLINE, "offline", Duration.ofMillis(f.offlineDetectionMillis()).plusSeconds(30));
        until(() -> f.events().subList(before, f.events().size()).stream().anyMatch(e -> e instanceof DeviceEvent.DeviceOffline), "the offline event");
        DeviceHealth h = f.health();
        assertThat(h.reason()).isEqualTo(DeviceHealth.Reason.COMMUNICATION_ERROR);
        assertThat(h.detail()).isNotBlank();
        assertThat(f.door().state().online()).isFalse();
        assertThat(f.events().subList(before, f.events().size())).filteredOn(e -> e instanceof DeviceEvent.DeviceOffline)
                .map(e -> (DeviceEvent.DeviceOffline) e).singleElement().satisfies(e -> {
            assertThat(e.deviceId()).isEqualTo("onvif-ctl");
            assertThat(e.reason()).startsWith("COMMUNICATION_ERROR");
        });
        long t0 = System.nanoTime();
        Throwable t = refused(f.door(), new DoorCommand.Unlock());
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aControllerThatFallsSilentIsOfflineBeforeTheNextHealthInterval() {
        Duration interval = Duration.ofSeconds(8);
        Map<String, String> doors = new LinkedHashMap<>();
        doors.put("front", "Door_1");
        f = new OnvifDoorFixture(vertx, Clock.systemUTC(), doors, port -> port, sim -> {},
                new OnvifDoorControllerAdapter.Timings(interval, 2, OnvifDoorFixture.TIMINGS.events()));
        f.awaitReady();
        until(() -> f.health().status() == DeviceHealth.Status.ONLINE, "online");
        // fall silent right after a whole check (the clock, then a door's state), so the next one is an interval away
        int checks = f.sim.received("GetSystemDateAndTime");
        until(() -> f.sim.received("GetSystemDateAndTime") > checks, "a check", interval.plusSeconds(30));
        int reads = f.sim.received("GetDoorState");
        until(() -> f.sim.received("GetDoorState") > reads, "its door read");
        int eventsBefore = f.events().size();
        f.sim.setAnswering(false);
        long silent = System.nanoTime();
        until(() -> f.health().reason() == DeviceHealth.Reason.COMMUNICATION_ERROR, "offline: not answering", Duration.ofSeconds(60));
        // the first failed check is confirmed by another at once (two unanswered requests), not a whole interval later
        assertThat(Duration.ofNanos(System.nanoTime() - silent)).isLessThan(interval.multipliedBy(2));
        assertThat(f.health().status()).isEqualTo(DeviceHealth.Status.OFFLINE);
        // its pull-point failing too is no news of its own: a controller that does not answer never "answers but lost its events"
        assertThat(f.events().subList(eventsBefore, f.events().size())).filteredOn(e -> e instanceof DeviceEvent.DeviceOffline)
                .map(e -> ((DeviceEvent.DeviceOffline) e).reason()).singleElement().asString().startsWith("COMMUNICATION_ERROR");
        assertThat(f.health().reason()).isEqualTo(DeviceHealth.Reason.COMMUNICATION_ERROR);
    }

    @Test
    void theAdapterStartsBesideASilentControllerAndComesOnlineWhenItAnswers() {
        Map<String, String> doors = new LinkedHashMap<>();
        doors.put("front", "Door_1");
        f = new OnvifDoorFixture(vertx, Clock.systemUTC(), doors, port -> port, sim -> sim.setAnswering(false));
        until(() -> f.health().status() == DeviceHealth.Status.OFFLINE, "offline while the controller is silent");
        assertThat(f.health().reason()).isEqualTo(DeviceHealth.Reason.COMMUNICATION_ERROR);
        assertThat(f.health().detail()).contains("127.0.0.1:" + f.sim.httpPort());
        assertThat(WardenException.codeOf(refused(f.door(), new DoorCommand.Lock()))).isEqualTo(ErrorCode.DEVICE_OFFLINE);

        f.sim.setAnswering(true);
        f.awaitReady();
        assertThat(run(f.door(), new DoorCommand.Unlock()).state().lock()).isEqualTo(LockState.UNLOCKED);
        until(() -> events(DeviceEvent.DeviceOnline.class).size() == 1, "the controller reported online");
    }

    @Test
    void aDoorTokenTheControllerLacksIsAClearErrorAndTheOtherDoorsWork() {
        Map<String, String> doors = new LinkedHashMap<>();
        doors.put("front", "Door_1");
        doors.put("ghost", "Door_9");
        f = new OnvifDoorFixture(vertx, Clock.systemUTC(), doors);
        f.awaitReady();
        DoorController ghost = f.door("ghost");
        until(() -> f.health().reason() == DeviceHealth.Reason.CONFIGURATION_ERROR, "the configuration error in health");
        assertThat(f.health().detail()).contains("ghost").contains("Door_9").contains("Door_1, Door_2");
        assertThat(ghost.state().online()).isFalse();
        Throwable t = refused(ghost, new DoorCommand.Unlock());
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.BAD_CONFIG);
        assertThat(t.getMessage()).contains("Door_9").contains("Door_1, Door_2");
        assertThat(run(f.door("front"), new DoorCommand.Lock()).state().lock()).isEqualTo(LockState.LOCKED);
        assertThat(f.door("front").state().online()).isTrue();
    }

    @Test
    void aDoorLeftOpenAfterAnAccessIsHeldOpenTimedFromItsOpening() {
        f = OnvifDoorFixture.start(vertx);
        f.sim.setOpenTime(Duration.ofMillis(1500));
        run(f.door(), new DoorCommand.Pulse(Duration.ofSeconds(1)));
        Instant opened = Instant.now();
        f.setContact(true);
        until(() -> !events(DeviceEvent.DoorHeldOpen.class).isEmpty(), "held open");
        DeviceEvent.DoorHeldOpen held = events(DeviceEvent.DoorHeldOpen.class).get(0);
        assertThat(held.doorId()).isEqualTo("front");
        assertThat(held.openForSeconds()).isBetween(1L, Duration.between(opened, Instant.now()).toSeconds() + 1);
        assertThat(f.door().state().alarm()).isEqualTo(DoorState.Alarm.OPEN_TOO_LONG);
        assertThat(events(DeviceEvent.DoorForced.class)).isEmpty();
    }

    @Test
    void doorStateCarriesTheControllersModeAlarmAndContact() {
        f = OnvifDoorFixture.start(vertx);
        DoorState s = f.door().state();
        assertThat(s.mode()).isEqualTo(Mode.LOCKED);
        assertThat(s.contact()).isEqualTo(DoorState.ContactState.CLOSED);
        run(f.door(), new DoorCommand.Lock());
        f.setContact(true);
        // the state changes before the event is emitted: wait for the event, then both hold
        until(() -> !events(DeviceEvent.DoorForced.class).isEmpty(), "the forced-open event");
        assertThat(f.door().state().alarm()).isEqualTo(DoorState.Alarm.FORCED_OPEN);
        assertThat(events(DeviceEvent.DoorForced.class)).hasSize(1);

        f.sim.setTamper("Door_1", "cover opened");
        until(() -> !events(DeviceEvent.Tamper.class).isEmpty(), "the tamper event");
        assertThat(f.door().state().tamper()).isEqualTo(DoorState.Flag.ACTIVE);
        assertThat(events(DeviceEvent.Tamper.class)).singleElement().satisfies(e -> assertThat(e.active()).isTrue());
        f.sim.setFault("Door_1", "lock does not engage");
        until(() -> !events(DeviceEvent.DoorFault.class).isEmpty(), "the fault event");
        assertThat(f.door().state().fault()).isEqualTo(DoorState.Flag.ACTIVE);
        assertThat(events(DeviceEvent.DoorFault.class)).singleElement().satisfies(e -> {
            assertThat(e.active()).isTrue();
            assertThat(e.reason()).isEqualTo("lock does not engage");
            assertThat(e.doorId()).isEqualTo("front");
        });
        f.sim.setFault("Door_1", null);
        until(() -> events(DeviceEvent.DoorFault.class).size() == 2, "the fault cleared");
        assertThat(events(DeviceEvent.DoorFault.class).get(1).active()).isFalse();
        assertThat(f.door().state().fault()).isEqualTo(DoorState.Flag.CLEAR);
    }
}
