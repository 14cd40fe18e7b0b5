package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The door state is what the PD reports: a PD that ACKs and does nothing, a PD that times itself and says nothing. */
class OsdpDoorTruthTest extends OsdpLineTestBase {
    private OsdpSimulatedPd pd;

    private void startLine() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), Map.of());
        pd = line.simulator.pd(1);
        until(() -> line.door(1).state().online() && line.door(1).state().lock() == LockState.LOCKED, "PD online, lock known");
    }

    @Test
    void anOutThePdAckedButDidNotCarryOutFailsAndTheStateShowsWhatThePdReports() throws Exception {
        startLine();
        pd.faults().ignoreOutNext(1);

        Throwable failure = awaitFailure(line.execute(1, new DoorCommand.Unlock()));

        assertThat(WardenException.codeOf(failure)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(failure.getMessage()).isEqualTo("door door-1: unlock was ACKed but the PD reports the strike LOCKED");
        assertThat(pd.output(0)).isFalse();
        assertThat(line.door(1).state().lock()).isEqualTo(LockState.LOCKED);
        assertThat(line.context.events(DeviceEvent.LockChanged.class)).as("no unlock the PD did not report").isEmpty();

        assertThat(await(line.execute(1, new DoorCommand.Unlock())).state().lock()).as("the next one is carried out").isEqualTo(LockState.UNLOCKED);
        assertThat(pd.output(0)).isTrue();
    }

    @Test
    void anOutThePdAckedThenNoReadBackSaysTheDoorMayHaveActed() throws Exception {
        startLine();
        pd.onCommand(c -> {
            if (c instanceof io.warden.osdp.codec.OsdpCommand.Out) pd.faults().silent(true); // ACKs this OUT, then hears nothing
        });

        Throwable failure = awaitFailure(line.execute(1, new DoorCommand.Unlock()));

        assertThat(WardenException.codeOf(failure)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(failure.getMessage()).startsWith("door door-1: unlock was ACKed by PD ").contains("may have acted")
                .doesNotContain("did not act:");
        assertThat(pd.output(0)).as("the PD did act").isTrue();
        assertThat(line.door(1).state().lock()).as("never reported unlocked without a read").isEqualTo(LockState.LOCKED);
    }

    @Test
    void aPdThatRelocksByItselfSilentlyIsReadBackThenForcedAndHeldOpenWork() throws Exception {
        startLine();
        assertThat(pd.reportsOutputChanges()).as("the simulator's default").isFalse();
        await(line.execute(1, new DoorCommand.Pulse(Duration.ofSeconds(1))));
        int readsBefore = pd.commandsExecuted(OsdpCodes.Command.OSTAT.value());

        until(() -> !pd.output(0), "the PD's own timer relocks the strike");
        until(() -> line.door(1).state().lock() == LockState.LOCKED, "the door reads the relock");
        // the event reaches the context just after the state changes: wait for it rather than race it
        until(() -> line.context.events(DeviceEvent.LockChanged.class).size() >= 2, "the relock is reported");
        assertThat(pd.commandsExecuted(OsdpCodes.Command.OSTAT.value())).as("learnt by an OSTAT read").isGreaterThan(readsBefore);
        assertThat(line.context.events(DeviceEvent.LockChanged.class)).extracting(DeviceEvent.LockChanged::lock)
                .containsExactly(LockState.UNLOCKED, LockState.LOCKED);

        await(pd.setInput(0, true));
        until(() -> !line.context.events(DeviceEvent.DoorForced.class).isEmpty(), "an opening of the relocked door is forced");
        await(pd.setInput(0, false));

        await(line.execute(1, new DoorCommand.Pulse(Duration.ofSeconds(1))));
        await(pd.setInput(0, true));
        until(() -> !line.context.events(DeviceEvent.DoorHeldOpen.class).isEmpty(), "held open once the door relocked and its 2 s passed");
        assertThat(line.context.events(DeviceEvent.DoorForced.class)).as("only the first opening").hasSize(1);
    }

    @Test
    void aChangeMadeAtThePanelIsSeenByTheDoorsRoutineReadAndAPulseThenLeavesTheDoorUnlocked() throws Exception {
        startLine();
        await(pd.switchOutputAtPanel(0, true));
        until(() -> line.door(1).state().lock() == LockState.UNLOCKED, "the routine read to show the door unlocked");
        until(() -> !line.context.events(DeviceEvent.LockChanged.class).isEmpty(), "the change is reported");
        assertThat(line.context.events(DeviceEvent.LockChanged.class)).extracting(DeviceEvent.LockChanged::lock)
                .containsExactly(LockState.UNLOCKED);

        // A temporary unlock alone: the PD goes back to its permanent state (unlocked) after it.
        assertThat(await(line.execute(1, new DoorCommand.Pulse(Duration.ofMillis(300)))).detail()).contains("then as the PD had it");
        long confirmed = System.nanoTime();
        until(() -> pd.receivedLog().stream()
                .anyMatch(r -> r.code() == OsdpCodes.Command.OSTAT.value() && r.nanos() - confirmed > Duration.ofMillis(400).toNanos()),
                "the door's read after the pulse's end");
        assertThat(pd.output(0)).isTrue();
        assertThat(line.door(1).state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(line.context.events(DeviceEvent.LockChanged.class)).extracting(DeviceEvent.LockChanged::lock)
                .containsExactly(LockState.UNLOCKED);
    }

    @Test
    void aPulseRightAfterThePanelRelockedAnUnlockedDoorUnlocksIt() throws Exception {
        startLine();
        assertThat(await(line.execute(1, new DoorCommand.Unlock())).state().lock()).isEqualTo(LockState.UNLOCKED);
        await(pd.switchOutputAtPanel(0, false)); // relocked at the panel; the door has not read it yet

        var pulse = await(line.execute(1, new DoorCommand.Pulse(Duration.ofSeconds(2))));

        assertThat(pulse.state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(pd.output(0)).as("the pulse reached the strike").isTrue();
    }

    @Test
    void aPulseOnADoorThePdIsTimingUntoldIsNotCutShortByThatTimer() throws Exception {
        startLine();
        pd.reportOutputChanges(true);
        pd.faults().delayReplies(Duration.ofMillis(600)); // every ACK misses the reply timer and the deadline
        Throwable lost = awaitFailure(line.execute(1, new DoorCommand.Pulse(Duration.ofSeconds(2)), Instant.now().plusMillis(500)));
        assertThat(lost).hasMessageContaining("may have acted");
        pd.faults().delayReplies(Duration.ZERO);
        until(() -> line.door(1).state().lock() == LockState.UNLOCKED, "the door reads the PD timing that pulse");

        long t2 = System.nanoTime();
        await(line.execute(1, new DoorCommand.Pulse(Duration.ofSeconds(3))));
        until(() -> !pd.output(0), "the strike relocks");
        assertThat(Duration.ofNanos(System.nanoTime() - t2)).as("the second pulse ran its 3 s").isGreaterThan(Duration.ofMillis(2700));
    }

    @Test
    void theReadAtTheEndOfAPdTimerIsMadeEvenWhenAnEarlierReadWasStillOnItsWay() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), Map.of(),
                new io.vertx.core.json.JsonObject().put("replyTimeoutMs", 1000).put("commandRetries", 0).put("busyRetries", 0));
        pd = line.simulator.pd(1);
        until(() -> line.door(1).state().online() && line.door(1).state().lock() == LockState.LOCKED, "PD online, lock known");
        // Status reads answer slowly: the pulse's own read is still on its way when the PD's timer ends.
        pd.onCommand(c -> pd.faults().delayReplies(Duration.ofMillis(c instanceof io.warden.osdp.codec.OsdpCommand.OStat ? 800 : 0)));

        assertThat(await(line.execute(1, new DoorCommand.Pulse(Duration.ofMillis(300)))).state().lock()).isEqualTo(LockState.UNLOCKED);
        long confirmed = System.nanoTime();
        assertThat(pd.output(0)).as("the PD's timer already ended").isFalse();
        until(() -> line.door(1).state().lock() == LockState.LOCKED, "the door reads the relock");
        assertThat(Duration.ofNanos(System.nanoTime() - confirmed)).as("one slow read after the one in flight, not the routine read")
                .isLessThan(Duration.ofMillis(1400));
    }
}
