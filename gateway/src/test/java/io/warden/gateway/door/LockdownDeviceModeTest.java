package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lockdowns on doors whose controller keeps a lockdown mode of its own (ONVIF Profile C): the door's part of
 * a lockdown is the Lockdown command, a release sends Release to each door no other lockdown holds, a
 * failed release is owed and retried, and a door that leaves LOCKED_DOWN while its lockdown lasts is put back.
 */
class LockdownDeviceModeTest extends DoorServiceTestBase {

    @BeforeEach
    void doorsWithModes() {
        devices.values().forEach(d -> d.withModes());
    }

    private LockdownReport lockdown(List<String> doors) throws Exception {
        return await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope(null, null, doors),
                false, "test"), PRINCIPAL, null));
    }

    private double counted(String command, String origin) {
        var c = registry.find(DoorCommandMeter.NAME).tags("command", command, "result", "confirmed", "origin", origin).counter();
        return c == null ? 0 : c.count();
    }

    private long sent(String door, Class<? extends DoorCommand> type) {
        return devices.get(door).received.stream().filter(type::isInstance).count();
    }

    @Test
    void aLockdownSendsLockdownAndItsReleaseSendsReleaseToEachDoorOnce() throws Exception {
        LockdownReport r = lockdown(List.of("main-entrance", "library"));

        assertThat(r.doors()).extracting(LockdownReport.DoorResult::id, LockdownReport.DoorResult::status)
                .containsExactly(tuple("main-entrance", "confirmed"), tuple("library", "confirmed"));
        assertThat(devices.get("library").received).containsExactly(new DoorCommand.Lockdown());
        assertThat(devices.get("library").state().mode()).isEqualTo(DoorState.Mode.LOCKED_DOWN);
        assertThat(commands("library", "lockdown (" + r.id() + ")")).extracting(AuditEntry::result, AuditEntry::actor)
                .containsExactly(tuple("requested", "principal"), tuple("confirmed", "principal"));
        assertThat(awaitFailure(service.execute("library", new DoorCommand.Unlock(), OPERATOR, null))).isInstanceOf(PolicyException.class);

        LockdownReport released = await(service.release(r.id(), PRINCIPAL, "10.0.0.9"));

        assertThat(released.releases()).extracting(LockdownReport.DoorResult::id, LockdownReport.DoorResult::status)
                .containsExactly(tuple("main-entrance", "confirmed"), tuple("library", "confirmed"));
        for (String door : List.of("main-entrance", "library")) {
            assertThat(devices.get(door).received).as(door).containsExactly(new DoorCommand.Lockdown(), new DoorCommand.Release());
            assertThat(devices.get(door).state().mode()).as(door + " out of its lockdown mode, still locked").isEqualTo(DoorState.Mode.LOCKED);
            assertThat(devices.get(door).state().lock()).isEqualTo(DoorState.LockState.LOCKED);
            assertThat(commands(door, "release (" + r.id() + ")")).extracting(AuditEntry::result, AuditEntry::actor, AuditEntry::source)
                    .containsExactly(tuple("requested", "principal", "10.0.0.9"), tuple("confirmed", "principal", "10.0.0.9"));
        }
        List<String> order = audit.records().stream().map(x -> x.entry().type() + " " + x.entry().action()).toList();
        assertThat(order.indexOf("lockdown.released release " + r.id())).as("the release is on record before any door is told")
                .isNotNegative().isLessThan(order.indexOf("door.command release (" + r.id() + ")"));
        assertThat(devices.get("gym-east").received).as("out of scope").isEmpty();
        assertThat(service.lockdown(r.id()).orElseThrow().releases()).as("kept with the lockdown").hasSize(2);
        assertThat(counted("release", "release")).isEqualTo(2.0);
        assertThat(counted("lockdown", "lockdown")).isEqualTo(2.0);
        assertThat(await(service.execute("library", new DoorCommand.Unlock(), OPERATOR, null)).result()).isEqualTo("confirmed");
    }

    @Test
    void aDoorAnotherLockdownStillHoldsGetsNoReleaseUntilThatOneIsReleased() throws Exception {
        LockdownReport first = lockdown(List.of("main-entrance", "library"));
        LockdownReport second = lockdown(List.of("library"));

        LockdownReport released = await(service.release(first.id(), PRINCIPAL, null));

        assertThat(released.releases()).extracting(LockdownReport.DoorResult::id, LockdownReport.DoorResult::status)
                .containsExactly(tuple("main-entrance", "confirmed"), tuple("library", "held"));
        assertThat(released.releases().get(1).detail()).contains(second.id());
        assertThat(sent("library", DoorCommand.Release.class)).isZero();
        assertThat(devices.get("library").state().mode()).isEqualTo(DoorState.Mode.LOCKED_DOWN);
        assertThat(sent("main-entrance", DoorCommand.Release.class)).isEqualTo(1);

        await(service.release(second.id(), PRINCIPAL, null));
        assertThat(sent("library", DoorCommand.Release.class)).isEqualTo(1);
        assertThat(devices.get("library").state().mode()).isEqualTo(DoorState.Mode.LOCKED);
    }

    @Test
    void aReleaseThatDidNotReachTheDoorIsRetriedUntilConfirmed() throws Exception {
        LockdownReport r = lockdown(List.of("main-entrance", "library"));
        devices.get("library").online(false);

        LockdownReport released = await(service.release(r.id(), PRINCIPAL, null));

        assertThat(released.releases()).extracting(LockdownReport.DoorResult::id, LockdownReport.DoorResult::status)
                .containsExactly(tuple("main-entrance", "confirmed"), tuple("library", "offline"));
        assertThat(service.owedReleases()).containsEntry("library", r.id()).doesNotContainKey("main-entrance");

        devices.get("library").silent(true); // back, but the release times out once
        devices.get("library").online(true);
        until(() -> commands("library", "release (" + r.id() + " retry)").stream().anyMatch(e -> e.result().equals("failed")),
                "a retry that timed out");
        devices.get("library").silent(false);
        until(() -> devices.get("library").state().mode() == DoorState.Mode.LOCKED, "the release reached the door");
        until(() -> service.owedReleases().isEmpty(), "nothing owed any more");
        assertThat(commands("library", "release (" + r.id() + " retry)")).extracting(AuditEntry::actor).containsOnly("system");
        assertThat(commands("library", "release (" + r.id() + " retry)")).extracting(AuditEntry::result)
                .containsExactly("requested", "failed", "requested", "confirmed");
        assertThat(sent("main-entrance", DoorCommand.Release.class)).as("a confirmed release is not sent again").isEqualTo(1);
    }

    @Test
    void aDoorOwedAReleaseThatANewLockdownHoldsIsNotReleased() throws Exception {
        LockdownReport first = lockdown(List.of("library"));
        devices.get("library").online(false);
        await(service.release(first.id(), PRINCIPAL, null));
        assertThat(service.owedReleases()).containsKey("library");

        LockdownReport second = lockdown(List.of("library"));
        devices.get("library").modeLocally(DoorState.Mode.LOCKED); // it comes back out of its lockdown mode
        devices.get("library").online(true);

        until(() -> commands("library", "lockdown (re-assert " + second.id() + ")").stream().anyMatch(e -> e.result().equals("confirmed")),
                "the new lockdown re-asserted");
        assertThat(service.owedReleases()).isEmpty();
        assertThat(sent("library", DoorCommand.Release.class)).isZero();
        assertThat(devices.get("library").state().mode()).isEqualTo(DoorState.Mode.LOCKED_DOWN);
    }

    @Test
    void aDoorReportingLockedButNotLockedDownDuringALockdownIsLockedDownAgain() throws Exception {
        LockdownReport r = lockdown(List.of("library"));
        devices.get("library").modeLocally(DoorState.Mode.LOCKED); // locked, so only the mode disagrees

        until(() -> sent("library", DoorCommand.Lockdown.class) == 2, "the lockdown re-asserted");
        until(() -> devices.get("library").state().mode() == DoorState.Mode.LOCKED_DOWN, "back in its lockdown mode");
        until(() -> commands("library", "lockdown (re-assert " + r.id() + ")").size() == 2, "the re-assert's answer on record");
        assertThat(commands("library", "lockdown (re-assert " + r.id() + ")")).extracting(AuditEntry::result, AuditEntry::actor)
                .containsExactly(tuple("requested", "system"), tuple("confirmed", "system"));
    }

    @Test
    void aLockdownCancelsAPendingTimedRelock() throws Exception {
        await(service.execute("library", new DoorCommand.Unlock(Instant.now().plusSeconds(600)), OPERATOR, null));
        assertThat(service.pendingRelocks()).containsKey("library");

        lockdown(List.of("library"));

        until(() -> service.pendingRelocks().isEmpty(), "the relock cancelled by the confirmed lockdown");
    }

    @Test
    void lockdownAndReleaseCrossTheDoorBus() {
        for (DoorCommand c : List.of(new DoorCommand.Lockdown(), new DoorCommand.Release())) {
            JsonObject wire = DoorBus.encode(c);
            assertThat(wire.getString("command")).isEqualTo(c.name());
            assertThat(DoorBus.decode(wire)).isEqualTo(c);
        }
    }
}
