package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Door commands and lockdown policy against doors that answer at once. */
class GatewayDoorServiceTest extends DoorServiceTestBase {

    @Test
    void aCommandIsAuditedAsRequestedThenWithTheDevicesAnswer() throws Exception {
        CommandOutcome o = await(service.execute("library", new DoorCommand.Pulse(Duration.ofSeconds(3)), OPERATOR, "10.0.0.7"));
        assertThat(o.result()).isEqualTo("confirmed");
        assertThat(o.detail()).contains("fake library UNLOCKED");
        List<AuditEntry> trail = audit.entries("door.command");
        assertThat(trail).extracting(AuditEntry::result).containsExactly("requested", "confirmed");
        assertThat(trail.get(0)).satisfies(e -> {
            assertThat(e.actor()).isEqualTo("front-office");
            assertThat(e.source()).isEqualTo("10.0.0.7");
            assertThat(e.door()).isEqualTo("library");
            assertThat(e.zone()).isEqualTo("main");
            assertThat(e.action()).isEqualTo("pulse 3.0 s");
        });
    }

    @Test
    void aRefusalByTheDeviceFailsWithTheDevicesOwnError() throws Exception {
        devices.get("library").refuse(true);
        Throwable t = awaitFailure(service.execute("library", new DoorCommand.Unlock(), OPERATOR, null));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(t.getMessage()).contains("NAK 0x03");
        assertThat(audit.entries("door.command")).extracting(AuditEntry::result).containsExactly("requested", "failed");
    }

    @Test
    void anOfflineDoorFailsAtOnceWithoutReachingTheDevice() throws Exception {
        devices.get("library").online(false);
        Throwable t = awaitFailure(service.execute("library", new DoorCommand.Unlock(), OPERATOR, null));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(devices.get("library").received).isEmpty();
        assertThat(audit.entries("door.command")).extracting(AuditEntry::result).containsExactly("failed");
    }

    @Test
    void lockdownLocksEveryDoorInScopeAndRefusesUnlocksNamingItsStarter() throws Exception {
        devices.get("library").unlockedLocally();
        devices.get("gym-east").online(false);
        LockdownReport r = await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope("lincoln", null, null), false, "intruder reported"), PRINCIPAL, "10.0.0.9"));
        assertThat(r.doors()).extracting(LockdownReport.DoorResult::id, LockdownReport.DoorResult::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("main-entrance", "confirmed"),
                        org.assertj.core.groups.Tuple.tuple("library", "confirmed"), org.assertj.core.groups.Tuple.tuple("gym-east", "offline"));
        assertThat(devices.get("library").state().lock()).isEqualTo(io.warden.adapter.api.DoorState.LockState.LOCKED);
        assertThat(service.door("library").orElseThrow().lockdownId()).isEqualTo(r.id());

        Throwable t = awaitFailure(service.execute("library", new DoorCommand.Pulse(null), OPERATOR, null));
        assertThat(t).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.code()).isEqualTo(PolicyCode.LOCKDOWN_ACTIVE));
        assertThat(t.getMessage()).contains(r.id()).contains("started by principal").contains("pulse refused");
        assertThat(audit.entries("door.command")).last().satisfies(e -> assertThat(e.result()).isEqualTo("refused"));
        assertThat(await(service.execute("library", new DoorCommand.Lock(), OPERATOR, null)).result())
                .as("locking stays allowed").isEqualTo("confirmed");
    }

    @Test
    void secureLocksOnlyExteriorDoorsAndADrillIsMarked() throws Exception {
        LockdownReport r = await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.SECURE,
                new LockdownRequest.Scope("lincoln", null, null), true, "monthly drill"), PRINCIPAL, null));
        assertThat(r.doors()).extracting(LockdownReport.DoorResult::id).containsExactly("main-entrance", "gym-east");
        assertThat(await(service.execute("library", new DoorCommand.Unlock(), OPERATOR, null)).result()).isEqualTo("confirmed");
        assertThat(audit.entries("lockdown.started")).allSatisfy(e -> assertThat(e.action()).isEqualTo("secure (drill) " + r.id()));
        assertThat(audit.entries("lockdown.started").get(0).detail()).startsWith("DRILL secure");
    }

    @Test
    void aReleaseThatCannotBeRecordedDoesNotHappen() throws Exception {
        LockdownReport r = await(lockDownMain());
        audit.failAppends("disk full");
        assertThat(awaitFailure(service.release(r.id(), PRINCIPAL, null))).hasMessageContaining("disk full");
        audit.failAppends(null);
        assertThat(service.activeLockdowns()).extracting(LockdownReport::id).as("the lockdown stands").containsExactly(r.id());
        assertThat(restart(DOORS).activeLockdowns()).extracting(LockdownReport::id).as("on disk too").containsExactly(r.id());
        assertThat(audit.entries("lockdown.released")).isEmpty();
    }

    @Test
    void aLockdownIsOnRecordBeforeItIsOnDisk() throws Exception {
        audit.failAppends("disk full");
        assertThat(awaitFailure(lockDownMain())).hasMessageContaining("disk full");
        audit.failAppends(null);
        assertThat(service.activeLockdowns()).as("the caller was told it failed: it did not start").isEmpty();
        assertThat(restart(DOORS).activeLockdowns()).as("nothing on disk that the trail does not name").isEmpty();
    }

    @Test
    void releaseEndsTheLockdownAndDoorsStayLocked() throws Exception {
        // Who may release is the API's one permission check (ApiGate); see AuthApiTest.
        LockdownReport r = await(lockDownMain());
        LockdownReport released = await(service.release(r.id(), PRINCIPAL, null));
        assertThat(released.releasedBy()).isEqualTo("principal");
        assertThat(service.activeLockdowns()).isEmpty();
        assertThat(devices.get("library").state().lock()).isEqualTo(io.warden.adapter.api.DoorState.LockState.LOCKED);
        assertThat(await(service.execute("library", new DoorCommand.Unlock(), OPERATOR, null)).result()).isEqualTo("confirmed");
    }

    @Test
    void releasingAReleasedLockdownIsAConflictOnRecord() throws Exception {
        LockdownReport r = await(lockDownMain());
        await(service.release(r.id(), PRINCIPAL, null));
        Throwable again = awaitFailure(service.release(r.id(), OPERATOR, "10.0.0.9"));
        assertThat(again).isInstanceOf(io.warden.gateway.PolicyException.class).hasMessageContaining("already released by principal");
        assertThat(((io.warden.gateway.PolicyException) again).code()).isEqualTo(io.warden.gateway.PolicyCode.CONFLICT);
        assertThat(audit.entries("lockdown.released")).extracting(e -> e.actor() + " " + e.result())
                .containsExactly("principal confirmed", "front-office refused");
        assertThat(service.lockdown(r.id()).orElseThrow().releasedBy()).as("the first release stands").isEqualTo("principal");
    }

    @Test
    void aReleaseWhileTheLocksAreStillInFlightStaysReleased() throws Exception {
        libraryAnswersOnlyAt(Duration.ofMillis(800));
        var started = lockDownMain();
        until(() -> !service.activeLockdowns().isEmpty(), "the lockdown active");
        String id = service.activeLockdowns().get(0).id();
        await(service.release(id, PRINCIPAL, null));

        assertThat(await(started).releasedBy()).isEqualTo("principal");
        assertThat(service.activeLockdowns()).isEmpty();
        assertThat(await(service.execute("main-entrance", new DoorCommand.Unlock(), OPERATOR, null)).result()).isEqualTo("confirmed");
        restart(DOORS);
        assertThat(service.activeLockdowns()).as("released on disk too").isEmpty();
    }

    @Test
    void aLockdownReportFillsInDoorByDoorWhileALockIsStillInFlight() throws Exception {
        libraryAnswersOnlyAt(Duration.ofSeconds(2));
        var started = lockDownMain();
        until(() -> !service.activeLockdowns().isEmpty() && status(service.activeLockdowns().get(0), "main-entrance").equals("confirmed"),
                "main-entrance confirmed in the report");
        LockdownReport meanwhile = service.activeLockdowns().get(0);
        assertThat(status(meanwhile, "library")).as("still in flight").isEqualTo("pending");
        assertThat(started.isComplete()).as("the start answers only once every door has").isFalse();

        LockdownReport done = await(started);
        assertThat(status(done, "library")).isEqualTo("failed");
        assertThat(service.lockdown(done.id()).orElseThrow().doors()).isEqualTo(done.doors());
    }

    /** Starts a lockdown of zone main (main-entrance and library) by {@code PRINCIPAL}. */
    private Future<LockdownReport> lockDownMain() {
        return service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, "main", null), false, null), PRINCIPAL, null);
    }

    /** Restarts the service with the library silent and its command timeout {@code timeout}: its commands fail only then. */
    private void libraryAnswersOnlyAt(Duration timeout) throws Exception {
        devices.get("library").commandTimeout(timeout);
        restart(DOORS);
        devices.get("library").silent(true);
    }

    private static String status(LockdownReport r, String door) {
        return r.doors().stream().filter(d -> d.id().equals(door)).findFirst().orElseThrow().status();
    }

    @Test
    void aLockdownSavedBeforeItsDoorsAnsweredIsReadBackWithoutPendingDoors() throws Exception {
        libraryAnswersOnlyAt(Duration.ofSeconds(5));
        lockDownMain();
        until(() -> !service.activeLockdowns().isEmpty()
                && java.nio.file.Files.exists(dataDir.resolve(GatewayDoorService.LOCKDOWNS_FILE)), "the lockdown saved");
        devices.get("library").silent(false);

        restart(DOORS); // a crash before the doors answered
        assertThat(service.activeLockdowns()).singleElement().satisfies(l -> assertThat(l.doors()).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo("failed");
            assertThat(d.detail()).contains("no answer was recorded before the gateway stopped");
        }));
    }

    @Test
    void aRestartKeepsTheLockdownAndReassertsItOnTheDevices() throws Exception {
        LockdownReport r = await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, null, List.of("library")), false, null), PRINCIPAL, null));
        devices.get("library").unlockedLocally(); // e.g. the controller rebooted unlocked
        GatewayDoorService restarted = restart(DOORS);
        assertThat(restarted.activeLockdowns()).extracting(LockdownReport::id).containsExactly(r.id());
        assertThat(awaitFailure(restarted.execute("library", new DoorCommand.Unlock(), OPERATOR, null)))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.code()).isEqualTo(PolicyCode.LOCKDOWN_ACTIVE));
        until(() -> devices.get("library").state().lock() == io.warden.adapter.api.DoorState.LockState.LOCKED, "library re-asserted");
        assertThat(audit.entries("door.command")).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("system");
            assertThat(e.action()).isEqualTo("lockdown (re-assert " + r.id() + " at start)");
        });
    }

    @Test
    void anEmptyScopeOrAnUnknownDoorIsABadRequest() throws Exception {
        Throwable t = awaitFailure(service.startLockdown(new LockdownRequest(LockdownRequest.Level.SECURE,
                new LockdownRequest.Scope(null, null, List.of("library")), false, null), PRINCIPAL, null));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(t).hasMessage("no exterior doors in doors library");
        assertThat(WardenException.codeOf(awaitFailure(service.execute("nope", new DoorCommand.Lock(), OPERATOR, null))))
                .isEqualTo(ErrorCode.NOT_FOUND);
    }
}
