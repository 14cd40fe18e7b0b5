package io.warden.gateway.access;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.door.TimedRelock;
import io.warden.gateway.people.CalendarDay;
import io.warden.gateway.people.Directory;
import io.warden.gateway.testing.InMemoryAuditStore;
import io.warden.osdp.OsdpAdapterFactory;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Door schedules against the real door service and a simulated OSDP PD over TCP: the strike outputs
 * are the PD's. The schedule is one minute a day (07:30-07:31 in Chicago) and the clock (the
 * schedules' and the door service's) runs at real speed from a reading the test sets, so the edges
 * and the relock at the close come within a second or two.
 */
class DoorSchedulesTest {
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final Duration TICK = Duration.ofMillis(200);
    static final String ACTOR = "schedule:main-morning";
    static final Principal PRINCIPAL = new Principal("principal", Role.LOCKDOWN);
    static final List<DoorInfo> DOORS = List.of(door("front", "main"), door("side", "main"), door("gym-east", "gym"));
    static final Map<String, Integer> STRIKE = Map.of("front", 0, "side", 1, "gym-east", 2);

    final Vertx vertx = Vertx.vertx();
    final InMemoryAuditStore audit = new InMemoryAuditStore();
    final ShiftedClock clock = new ShiftedClock();
    final AtomicReference<Directory> directory = new AtomicReference<>(Directory.EMPTY);
    OsdpPdSimulator pd;
    DeviceAdapter line;
    GatewayDoorService service;
    DoorSchedules schedules;

    static DoorInfo door(String id, String zone) {
        return new DoorInfo(id, id, "lincoln", zone, false, "line-a", "osdp", Duration.ofSeconds(1), Duration.ofSeconds(30), List.of());
    }

    /** A clock at real speed whose reading the test moves. */
    static final class ShiftedClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void set(Instant reading) {
            offset = Duration.between(Instant.now(), reading);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** The adapter reads the same clock (it refuses an unlock until a time already past by its own). */
    record ClockedContext(Vertx vertx, Clock clock) implements AdapterContext {
        @Override
        public void emit(DeviceEvent event) {}

        @Override
        public void health(String deviceId, DeviceHealth health) {}

        @Override
        public Optional<String> secret(String reference) {
            return Optional.empty();
        }
    }

    static Instant chicago(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(CHICAGO).toInstant();
    }

    @BeforeEach
    void start() throws Exception {
        pd = await(OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT, List.of(OsdpPdConfig.defaults(1))));
        int port = await(pd.serveTcp("127.0.0.1", 0));
        JsonObject options = new JsonObject().put("transport", "tcp").put("host", "127.0.0.1").put("port", port)
                .put("devices", new JsonArray().add(new JsonObject().put("address", 1)));
        List<AdapterSpec.Door> specDoors = DOORS.stream().map(d -> new AdapterSpec.Door(d.id(), d.pulse(), d.heldOpen(),
                new JsonObject().put("address", 1).put("strike", STRIKE.get(d.id())).put("reader", -1), "doors[" + STRIKE.get(d.id()) + "]")).toList();
        line = new OsdpAdapterFactory().create(new AdapterSpec("line-a", "osdp", options, specDoors, "controllers[0]"),
                new ClockedContext(vertx, clock));
        await(line.start());
        Map<String, DoorController> controllers = new HashMap<>();
        line.doors().forEach(c -> controllers.put(c.doorId(), c));
        service = await(GatewayDoorService.start(vertx, DOORS, controllers, audit, Files.createTempDirectory("warden-schedules"), clock,
                new GatewayDoorService.Options(Duration.ofMillis(100), Duration.ofHours(12))));
        until(() -> DOORS.stream().allMatch(d -> service.door(d.id()).orElseThrow().state().online()), "every door online");
    }

    @AfterEach
    void stop() throws Exception {
        if (schedules != null) schedules.stop();
        await(vertx.close());
    }

    void startSchedules() {
        startSchedules(Duration.ofHours(12));
    }

    void startSchedules(Duration maxUnlock) {
        AccessConfig.Schedule morning = new AccessConfig.Schedule("morning", null,
                List.of(new AccessConfig.Hours(AccessConfig.Hours.DAY_NAMES, "07:30", "07:31")), null, null);
        schedules = new DoorSchedules(vertx, service, List.of(new AccessConfig.DoorSchedule("main-morning", null, List.of("main"), "morning")),
                Schedules.compile(List.of(morning)), Map.of("lincoln", CHICAGO), directory::get, clock, TICK, maxUnlock);
        schedules.start();
    }

    boolean strike(String door) {
        return pd.pd(1).output(STRIKE.get(door));
    }

    List<AuditEntry> byActor(String actor) {
        return audit.entries("door.command").stream().filter(e -> actor.equals(e.actor())).toList();
    }

    List<AuditEntry> relocks(String door, String result) {
        return audit.entries("door.command").stream().filter(e -> e.door().equals(door) && e.action().equals("lock (relock)")
                && e.result().equals(result)).toList();
    }

    void checksPass(int n) {
        long from = schedules.checks();
        until(() -> schedules.checks() >= from + n, n + " schedule checks");
    }

    @Test
    void openAtStartUnlocksUntilTheCloseAndTheTimedRelockLocksThere() {
        clock.set(chicago("2026-11-03T07:30:56"));
        startSchedules();
        until(() -> strike("front") && strike("side"), "the zone's doors unlocked");
        until(() -> byActor(ACTOR).stream().filter(e -> e.result().equals("confirmed")).count() == 2, "both unlocks confirmed");
        Instant close = chicago("2026-11-03T07:31:00");
        TimedRelock relock = service.pendingRelocks().get("front");
        assertThat(relock.until()).isEqualTo(close);
        assertThat(relock.unlockBy()).isEqualTo(ACTOR);
        assertThat(byActor(ACTOR)).filteredOn(e -> e.door().equals("front")).extracting(AuditEntry::action, AuditEntry::result)
                .containsExactly(tuple("unlock until " + close, "requested"),
                        tuple("unlock until " + close, "confirmed"));
        assertThat(strike("gym-east")).as("not in the door schedule").isFalse();

        until(() -> !strike("front") && !strike("side"), "locked at the close");
        until(() -> relocks("front", "confirmed").size() == 1, "the timed relock confirmed");
        assertThat(relocks("front", "confirmed")).singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("system");
                    assertThat(e.detail()).contains("ends unlock until " + close + " by " + ACTOR);
                });
        checksPass(3);
        assertThat(byActor(ACTOR)).as("the relock does the locking, nothing more from the schedule").hasSize(4);
    }

    @Test
    void anOpeningEdgeUnlocksAndAHolidayDeclaredInTheWindowLocks() {
        clock.set(chicago("2026-11-03T07:29:59"));
        startSchedules();
        until(() -> strike("front"), "unlocked at 07:30");
        assertThat(byActor(ACTOR)).as("nothing while closed, before 07:30").isNotEmpty()
                .allMatch(e -> !e.time().isBefore(chicago("2026-11-03T07:30:00")));
        until(() -> schedules.checks() > 0 && service.pendingRelocks().containsKey("side"), "both relocks pending");

        directory.set(new Directory(List.of(), List.of(), List.of(new CalendarDay(LocalDate.parse("2026-11-03"), CalendarDay.Kind.HOLIDAY,
                "Election day")), 2));
        until(() -> !strike("front") && !strike("side"), "locked once today became a holiday");
        until(() -> byActor(ACTOR).stream().filter(e -> e.action().equals("lock") && e.result().equals("confirmed")).count() == 2, "both locks confirmed");
        assertThat(byActor(ACTOR)).filteredOn(e -> e.door().equals("front") && e.action().equals("lock")).extracting(AuditEntry::result)
                .containsExactly("requested", "confirmed");
        assertThat(service.pendingRelocks()).isEmpty();
        assertThat(clock.instant()).as("well before the close").isBefore(chicago("2026-11-03T07:31:00"));
    }

    @Test
    void aLockdownRefusesTheUnlockAndItsReleaseDoesNotUnlock() {
        LockdownReport ld = await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, "main", null), true, "drill"), PRINCIPAL, null));
        clock.set(chicago("2026-11-03T07:29:59.500"));
        startSchedules();
        until(() -> byActor(ACTOR).size() == 2, "both unlocks refused");
        assertThat(byActor(ACTOR)).allSatisfy(e -> {
            assertThat(e.result()).isEqualTo("refused");
            assertThat(e.action()).startsWith("unlock until ");
            assertThat(e.detail()).startsWith("door " + e.door() + " is in drill lockdown " + ld.id() + ", started by principal at ")
                    .endsWith(": unlock refused");
        });

        await(service.release(ld.id(), PRINCIPAL, null));
        checksPass(5);
        assertThat(strike("front") || strike("side")).as("a release unlocks nothing").isFalse();
        assertThat(byActor(ACTOR)).hasSize(2);

        clock.set(chicago("2026-11-04T07:29:59.500"));
        until(() -> strike("front") && strike("side"), "unlocked at the next opening edge");
        assertThat(service.pendingRelocks().get("front").until()).isEqualTo(chicago("2026-11-04T07:31:00"));
    }

    @Test
    void aWindowLongerThanTheUnlockLimitIsRenewedBeforeItsRelock() {
        clock.set(chicago("2026-11-03T07:30:00"));
        startSchedules(Duration.ofSeconds(2));
        until(() -> strike("front"), "unlocked");
        Instant first = service.pendingRelocks().get("front").until();
        until(() -> service.pendingRelocks().containsKey("front") && service.pendingRelocks().get("front").until().isAfter(first.plusSeconds(1)),
                "the unlock renewed");
        until(() -> byActor(ACTOR).stream().filter(e -> e.door().equals("front") && e.result().equals("confirmed")).count() >= 2,
                "the renewal confirmed");
        assertThat(strike("front")).as("never relocked in between").isTrue();
        assertThat(relocks("front", "requested")).isEmpty();
        assertThat(byActor(ACTOR)).filteredOn(e -> e.door().equals("front") && e.result().equals("confirmed"))
                .allMatch(e -> e.action().matches("unlock until 2026-11-03T13:30:\\d\\dZ"), "whole seconds");
    }

    @Test
    void anOperatorsLockInTheWindowStandsUntilTheNextOpeningEdge() {
        clock.set(chicago("2026-11-03T07:29:59.500"));
        startSchedules();
        until(() -> strike("front") && service.pendingRelocks().containsKey("front"), "unlocked at 07:30");
        await(service.execute("front", new DoorCommand.Lock(), new Principal("front-office", Role.OPERATOR), "10.0.0.7"));
        assertThat(strike("front")).isFalse();
        checksPass(5);
        assertThat(strike("front")).as("the schedule does not take the door back").isFalse();

        directory.set(new Directory(List.of(), List.of(), List.of(new CalendarDay(LocalDate.parse("2026-11-03"), CalendarDay.Kind.HOLIDAY,
                "Election day")), 2));
        until(() -> !strike("side"), "side, still the schedule's, locked at the early close");
        until(() -> byActor(ACTOR).stream().filter(e -> e.action().equals("lock") && e.result().equals("confirmed")).count() == 1, "its lock confirmed");
        checksPass(3);
        assertThat(byActor(ACTOR)).filteredOn(e -> e.door().equals("front")).as("front is the operator's: no lock from the schedule")
                .allMatch(e -> e.action().startsWith("unlock until "));
    }
}
