package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code unlock until} relocked by the gateway, durably. The fake doors never relock by themselves,
 * like a device asked for an unlock longer than it can time: only the gateway's relock locks them.
 */
class TimedRelocksTest extends DoorServiceTestBase {
    private static final String RELOCK = "lock (relock)";

    @Test
    void anUnlockUntilIsRelockedAtItsTimeBySystemNamingTheUnlock() throws Exception {
        Instant until = Instant.now().plusMillis(600);
        assertThat(await(service.execute("library", new DoorCommand.Unlock(until), OPERATOR, "10.0.0.7")).result()).isEqualTo("confirmed");
        AuditRecord unlock = requested("unlock until " + until);
        assertThat(service.pendingRelocks().get("library").at()).isEqualTo(until);

        until(() -> devices.get("library").state().lock() == LockState.LOCKED, "the relock");
        until(() -> commands("library", RELOCK).size() == 2, "the relock's answer");
        List<AuditEntry> relock = commands("library", RELOCK);
        assertThat(relock).extracting(AuditEntry::result).containsExactly("requested", "confirmed");
        assertThat(relock).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("system");
            assertThat(e.time()).isAfterOrEqualTo(until);
            assertThat(e.detail()).contains("ends unlock until " + until + " by front-office at " + unlock.entry().time()
                    + " (audit seq " + unlock.seq() + ")");
        });
        assertThat(service.pendingRelocks()).isEmpty();
    }

    @Test
    void aRestartBeforeTheTimeRelocksAtTheTime() throws Exception {
        Instant until = Instant.now().plusMillis(1500);
        await(service.execute("library", new DoorCommand.Unlock(until), OPERATOR, null));
        restart(DOORS);
        assertThat(service.pendingRelocks()).containsKey("library");
        until(() -> commands("library", RELOCK).size() == 2, "the relock");
        assertThat(commands("library", RELOCK)).allSatisfy(e -> assertThat(e.time()).isAfterOrEqualTo(until));
        assertThat(devices.get("library").state().lock()).isEqualTo(LockState.LOCKED);
    }

    @Test
    void oneThatFellDueWhileStoppedRunsAtStartAndSaysSo() throws Exception {
        Instant until = Instant.now().plusMillis(300);
        await(service.execute("library", new DoorCommand.Unlock(until), OPERATOR, null));
        await(vertx.close()); // gone before the time, like a crash
        until(() -> Instant.now().isAfter(until.plusMillis(200)), "the time to pass");
        restart(DOORS);
        until(() -> commands("library", RELOCK).size() == 2, "the relock at start");
        assertThat(commands("library", RELOCK).get(1).detail()).contains("due at " + until + " while the gateway was stopped");
        assertThat(devices.get("library").state().lock()).isEqualTo(LockState.LOCKED);
    }

    @Test
    void aRelockOfADoorNoLongerConfiguredIsAuditedAsDroppedAndTheRestStillRun() throws Exception {
        Instant until = Instant.now().plusMillis(300);
        await(service.execute("library", new DoorCommand.Unlock(until), OPERATOR, null));
        await(service.execute("gym-east", new DoorCommand.Unlock(until), OPERATOR, null));
        long unlockSeq = service.pendingRelocks().get("library").unlockSeq();
        await(vertx.close());
        until(() -> Instant.now().isAfter(until), "the time to pass");

        restart(DOORS.stream().filter(d -> !d.id().equals("library")).toList());
        assertThat(commands("library", RELOCK)).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo("skipped");
            assertThat(e.actor()).isEqualTo("system");
            assertThat(e.detail()).contains("not in the configuration").contains("dropped").contains("audit seq " + unlockSeq);
        });
        until(() -> devices.get("gym-east").state().lock() == LockState.LOCKED, "the other door's relock");
        assertThat(service.pendingRelocks()).doesNotContainKey("library");
    }

    @Test
    void anUntilBeyondTheMaximumIsABadRequestNamingTheLimit() throws Exception {
        for (Instant until : List.of(Instant.now().plus(MAX_UNLOCK).plusSeconds(60), Instant.parse("9999-12-31T00:00:00Z"))) {
            Throwable t = awaitFailure(service.execute("library", new DoorCommand.Unlock(until), OPERATOR, null));
            assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(t.getMessage()).contains("more than 1 h ahead").contains("doorPolicy.maxUnlockMinutes = 60");
        }
        assertThat(devices.get("library").received).isEmpty();
        assertThat(service.pendingRelocks()).isEmpty();
    }

    @Test
    void aPulseNeverShortensItButMovesItWhenItEndsLater() throws Exception {
        Instant until = Instant.now().plusMillis(1200);
        await(service.execute("library", new DoorCommand.Unlock(until), OPERATOR, null));
        await(service.execute("library", new DoorCommand.Pulse(Duration.ofMillis(200)), OPERATOR, null));
        assertThat(service.pendingRelocks().get("library").at()).as("a shorter pulse leaves it").isEqualTo(until);
        until(() -> commands("library", RELOCK).size() == 2, "the relock");
        assertThat(commands("library", RELOCK)).allSatisfy(e -> assertThat(e.time()).isAfterOrEqualTo(until));

        Instant until2 = Instant.now().plusSeconds(60);
        await(service.execute("gym-east", new DoorCommand.Unlock(until2), OPERATOR, null));
        Instant pulsed = Instant.now();
        await(service.execute("gym-east", new DoorCommand.Pulse(Duration.ofSeconds(120)), OPERATOR, null));
        assertThat(service.pendingRelocks().get("gym-east").at()).as("a longer pulse moves it to its end")
                .isAfterOrEqualTo(pulsed.plusSeconds(120)).isBefore(Instant.now().plusSeconds(120).plusMillis(1));
        assertThat(service.pendingRelocks().get("gym-east").until()).isEqualTo(until2);
    }

    @Test
    void aLockOrPermanentUnlockCancelsItAnotherUntilReplacesItALockdownCancelsIt() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        await(service.execute("library", new DoorCommand.Unlock(later), OPERATOR, null));
        await(service.execute("library", new DoorCommand.Lock(), OPERATOR, null));
        assertThat(service.pendingRelocks()).isEmpty();

        await(service.execute("library", new DoorCommand.Unlock(later), OPERATOR, null));
        await(service.execute("library", new DoorCommand.Unlock(), OPERATOR, null));
        assertThat(service.pendingRelocks()).isEmpty();

        await(service.execute("library", new DoorCommand.Unlock(later), OPERATOR, null));
        await(service.execute("library", new DoorCommand.Unlock(later.plusSeconds(60)), OPERATOR, null));
        assertThat(service.pendingRelocks().get("library").at()).isEqualTo(later.plusSeconds(60));

        await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope(null, "main", null),
                false, null), PRINCIPAL, null));
        assertThat(service.pendingRelocks()).isEmpty();
    }

    @Test
    void anUnlockUntilTheDeviceRefusedLeavesTheEarlierRelock() throws Exception {
        Instant first = Instant.now().plusSeconds(600);
        await(service.execute("library", new DoorCommand.Unlock(first), OPERATOR, null));
        devices.get("library").refuse(true);
        assertThat(WardenException.codeOf(awaitFailure(service.execute("library", new DoorCommand.Unlock(first.plusSeconds(600)), OPERATOR, null))))
                .isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(service.pendingRelocks().get("library").at()).isEqualTo(first);
        restart(DOORS);
        assertThat(service.pendingRelocks().get("library").at()).as("on disk too").isEqualTo(first);
    }

    @Test
    void aRelockDueWhileTheDoorIsOfflineWaitsIsRecordedOnceAndRunsWhenItIsBack() throws Exception {
        Instant until = Instant.now().plusMillis(200);
        await(service.execute("library", new DoorCommand.Unlock(until), OPERATOR, null));
        devices.get("library").online(false);
        until(() -> commands("library", RELOCK).size() == 1, "the outage on record");
        assertThat(commands("library", RELOCK).get(0)).satisfies(e -> {
            assertThat(e.result()).isEqualTo("failed");
            assertThat(e.detail()).contains("offline").contains("ends unlock until " + until);
        });
        devices.get("library").online(true);
        until(() -> devices.get("library").state().lock() == LockState.LOCKED, "the relock once it is back");
        until(() -> commands("library", RELOCK).size() == 3, "its answer");
        assertThat(commands("library", RELOCK)).extracting(AuditEntry::result).containsExactly("failed", "requested", "confirmed");
        assertThat(service.pendingRelocks()).isEmpty();
    }

    private AuditRecord requested(String action) {
        return audit.records().stream().filter(r -> action.equals(r.entry().action()) && "requested".equals(r.entry().result()))
                .findFirst().orElseThrow();
    }
}
