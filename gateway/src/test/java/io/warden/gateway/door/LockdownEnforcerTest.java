package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.gateway.audit.AuditEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lockdowns kept on the doors: at start, against a door that keeps disagreeing, and with a door gone from the config. */
class LockdownEnforcerTest extends DoorServiceTestBase {

    private LockdownReport lockdown(List<String> doors) throws Exception {
        return await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope(null, null, doors),
                false, "test"), PRINCIPAL, null));
    }

    private long locksSent(String door) {
        return devices.get(door).received.stream().filter(c -> c instanceof DoorCommand.Lockdown).count();
    }

    @Test
    void atStartEveryDoorInScopeIsLockedAgainEvenOneReportingLocked() throws Exception {
        LockdownReport r = lockdown(List.of("main-entrance", "library"));
        restart(DOORS);
        devices.get("library").received.clear();
        until(() -> commands("library", "lockdown (re-assert " + r.id() + " at start)").size() == 2
                && commands("main-entrance", "lockdown (re-assert " + r.id() + " at start)").size() == 2, "both doors locked at start");
        assertThat(commands("library", "lockdown (re-assert " + r.id() + " at start)")).extracting(AuditEntry::result, AuditEntry::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("requested", "system"), org.assertj.core.groups.Tuple.tuple("confirmed", "system"));
        assertThat(commands("gym-east", "lockdown (re-assert " + r.id() + " at start)")).as("out of scope").isEmpty();
    }

    @Test
    void aDoorThatKeepsDisagreeingIsRecordedOncePerEpisodeRetriedWithBackOffAndShownInHealth() throws Exception {
        long t0 = System.nanoTime();
        devices.get("library").refuse(true);
        devices.get("library").unlockedLocally();
        LockdownReport r = lockdown(List.of("library"));
        assertThat(r.doors().get(0).status()).isEqualTo("failed");

        until(() -> locksSent("library") >= 5, "four re-assert attempts");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("back-off: 100, 200, 400 ms between attempts, not a lock every tick")
                .isGreaterThanOrEqualTo(600);
        String action = "lockdown (re-assert " + r.id() + ")";
        assertThat(commands("library", action)).as("only the episode's first lock is a command record")
                .extracting(AuditEntry::result).containsExactly("requested", "failed");
        assertThat(audit.entries("lockdown.door_disagrees")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("library").contains(r.id()).contains("NAK"));
        assertThat(service.disagreeingDoors()).singleElement().satisfies(d -> {
            assertThat(d.door()).isEqualTo("library");
            assertThat(d.lockdownId()).isEqualTo(r.id());
            assertThat(d.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(d.lastError()).contains("NAK");
        });
        assertThat(service.lockdown(r.id()).orElseThrow().doors().get(0).disagreeing()).isNotNull();

        devices.get("library").refuse(false);
        until(() -> devices.get("library").state().lock() == LockState.LOCKED, "the door locked");
        until(() -> audit.entries("lockdown.door_agrees").size() == 1, "the episode closed");
        assertThat(service.disagreeingDoors()).isEmpty();
        assertThat(service.lockdown(r.id()).orElseThrow().doors().get(0).disagreeing()).isNull();
        assertThat(commands("library", action)).hasSize(2);
        assertThat(audit.entries("lockdown.door_disagrees")).hasSize(1);
    }

    @Test
    void aSavedLockdownNamingADoorNoLongerConfiguredIsReportedAndSkipped() throws Exception {
        List<DoorInfo> withGhost = new ArrayList<>(DOORS);
        withGhost.add(0, door("ghost", "main", false));
        devices.put("ghost", new io.warden.gateway.testing.FakeDoorController("ghost"));
        GatewayDoorService before = restart(withGhost);
        LockdownReport r = await(before.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, null, List.of("ghost", "library")), false, null), PRINCIPAL, null));
        devices.remove("ghost");

        GatewayDoorService after = restart(DOORS);
        devices.get("library").unlockedLocally();
        assertThat(after.activeLockdowns()).extracting(LockdownReport::id).containsExactly(r.id());
        until(() -> devices.get("library").state().lock() == LockState.LOCKED, "library locked again despite the ghost before it");
        assertThat(audit.entries("lockdown.door_missing")).singleElement().satisfies(e -> {
            assertThat(e.door()).isEqualTo("ghost");
            assertThat(e.result()).isEqualTo("skipped");
            assertThat(e.detail()).contains(r.id()).contains("not in the configuration");
        });
    }

    @Test
    void aLockdownsOrRelocksFileTruncatedToNothingStopsTheStartNamingTheFile() throws Exception {
        for (String name : List.of(GatewayDoorService.LOCKDOWNS_FILE, GatewayDoorService.RELOCKS_FILE)) {
            Path file = dataDir.resolve(name);
            Files.write(file, new byte[0]); // a power cut on a file system that lost the data but kept the name
            assertThat(awaitFailure(GatewayDoorService.start(vertx, DOORS, Map.copyOf(devices), audit, dataDir,
                    Clock.systemUTC(), new GatewayDoorService.Options(REASSERT_EVERY, MAX_UNLOCK))).getMessage())
                    .contains(file.toAbsolutePath().toString()).contains("empty, 0 bytes").contains("move it aside");
            Files.delete(file);
        }
    }
}
