package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No door moves after "failed": once a command's future failed, the PD never receives that OUT
 * again, whatever the PD does (BUSY storms, slow replies, silence, a dropped link). The PD's
 * received frames are recorded with their arrival time and compared with the failure time.
 */
class OsdpCommandDeadlineTest extends OsdpLineTestBase {
    private static final int OUT = 0x68;
    private static final int POLL = 0x60;
    /** Long grace period, as in the reproduced case: only the deadline may end the command. */
    private static final JsonObject TIMING = new JsonObject().put("offlineAfterMs", 20_000).put("busyRetries", 8);

    private void start(OsdpLineFixture.Link link, int pds) throws Exception {
        OsdpPdSimulator.Options sim = link == OsdpLineFixture.Link.SERIAL
                ? new OsdpPdSimulator.Options(true, 115_200, Duration.ofMillis(50)) : OsdpPdSimulator.Options.DEFAULT;
        line = OsdpLineFixture.start(vertx, link, sim, OsdpLineFixture.plainPds(pds), OsdpLineFixture.plainDevices(pds), Map.of(), TIMING);
        for (int a = 1; a <= pds; a++) awaitOnlineAndRead(a);
    }

    /**
     * Online, and the door's first output read (sent the moment the PD comes online) answered: a test
     * that silences the PD before then would catch that read instead of the command it means to test.
     */
    private void awaitOnlineAndRead(int address) {
        until(() -> line.door(address).state().online() && line.door(address).state().lock() != DoorState.LockState.UNKNOWN,
                "PD " + address + " online and its output read");
    }

    private Future<DoorCommandResult> unlock(int address, Instant deadline, AtomicLong failedAt) {
        return line.execute(address, new DoorCommand.Unlock(), deadline).onFailure(e -> failedAt.set(System.nanoTime()));
    }

    /** The line goes on (polls reach the PD) and not one OUT arrived after the failure. */
    private void noOutAfter(OsdpSimulatedPd pd, long failedAt) {
        until(() -> pd.receivedLog().stream()
                .filter(r -> r.code() == POLL && r.nanos() > failedAt).count() >= 5, "the PD polled again after the failure");
        assertThat(pd.receivedLog()).noneMatch(r -> r.code() == OUT && r.nanos() > failedAt);
        assertThat(pd.output(0)).as("strike never energised").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = OsdpLineFixture.Link.class, names = {"TCP", "SERIAL"})
    void aBusyStormEndsAtTheDeadlineAndTheOutIsNeverResent(OsdpLineFixture.Link link) throws Exception {
        start(link, 1);
        OsdpSimulatedPd pd = line.simulator.pd(1);
        pd.faults().busyNext(40);
        AtomicLong failedAt = new AtomicLong();
        Instant deadline = Instant.now().plusMillis(750); // BUSY re-sends at 0, 300, 600 ms
        Throwable t = awaitFailure(unlock(1, deadline, failedAt));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(t).hasMessageContaining("did not act");
        assertThat(Instant.now()).isBefore(deadline.plusMillis(150));
        pd.faults().busyNext(0);
        noOutAfter(pd, failedAt.get());
        assertThat(pd.commandsExecuted(OUT)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = OsdpLineFixture.Link.class, names = {"TCP", "SERIAL"})
    void slowRepliesAreRetriedOnlyUntilTheDeadline(OsdpLineFixture.Link link) throws Exception {
        start(link, 1);
        OsdpSimulatedPd pd = line.simulator.pd(1);
        pd.faults().delayReplies(Duration.ofMillis(350)); // every reply misses the 200 ms reply timeout
        AtomicLong failedAt = new AtomicLong();
        Instant deadline = Instant.now().plusMillis(500); // attempts at 0, 200, 400 ms
        Future<DoorCommandResult> f = line.execute(1, new DoorCommand.Lock(), deadline).onFailure(e -> failedAt.set(System.nanoTime()));
        Throwable t = awaitFailure(f);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(t).hasMessageContaining("may have acted");
        assertThat(Instant.now()).as("failed at the deadline, not after the last retry").isBefore(deadline.plusMillis(80));
        pd.faults().delayReplies(Duration.ZERO);
        until(() -> pd.receivedLog().stream()
                .filter(r -> r.code() == POLL && r.nanos() > failedAt.get()).count() >= 5, "the PD polled again after the failure");
        assertThat(pd.receivedLog()).noneMatch(r -> r.code() == OUT && r.nanos() > failedAt.get());
    }

    @ParameterizedTest
    @EnumSource(value = OsdpLineFixture.Link.class, names = {"TCP", "SERIAL"})
    void aCommandQueuedBehindASlowOneIsNeverSentPastItsDeadline(OsdpLineFixture.Link link) throws Exception {
        start(link, 2);
        line.simulator.pd(1).faults().silent(true);
        AtomicLong failedAt = new AtomicLong();
        Future<DoorCommandResult> first = line.execute(1, new DoorCommand.Unlock()); // holds the line ~600 ms
        Instant deadline = Instant.now().plusMillis(300);
        Throwable t = awaitFailure(unlock(2, deadline, failedAt));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(t).hasMessageContaining("never sent");
        assertThat(Instant.now()).isBefore(deadline.plusMillis(150));
        awaitFailure(first);
        line.simulator.pd(1).faults().silent(false);
        noOutAfter(line.simulator.pd(2), failedAt.get());
        assertThat(line.simulator.pd(2).receivedLog()).noneMatch(r -> r.code() == OUT);
    }

    @org.junit.jupiter.api.Test
    void aCommandCaughtByALinkDropIsNotResentWhenTheLinkReturns() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.NOISY_TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), Map.of(), TIMING);
        awaitOnlineAndRead(1);
        OsdpSimulatedPd pd = line.simulator.pd(1);
        pd.faults().silent(true);
        AtomicLong failedAt = new AtomicLong();
        Future<DoorCommandResult> f = unlock(1, Instant.now().plusSeconds(5), failedAt);
        until(() -> pd.receivedLog().stream().anyMatch(r -> r.code() == OUT), "the OUT reached the PD");
        line.proxy.cut();
        Throwable t = awaitFailure(f);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.CONNECTION_CLOSED);
        pd.faults().silent(false);
        until(() -> line.door(1).state().online()
                && line.context.events(DeviceEvent.DeviceOnline.class).size() >= 2, "PD back online");
        noOutAfter(pd, failedAt.get());
    }

    @org.junit.jupiter.api.Test
    void aCommandToAPdThatJustDiedFailsAfterItsOwnRetriesNotAfterTheGracePeriod() throws Exception {
        start(OsdpLineFixture.Link.TCP, 1);
        line.simulator.pd(1).faults().silent(true);
        long t0 = System.nanoTime();
        Throwable t = awaitFailure(line.execute(1, new DoorCommand.Unlock()));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(WardenException.codeOf(t)).as(t.getMessage()).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(took).as("three attempts of 200 ms, not the 20 s grace period").isLessThan(Duration.ofMillis(1500));
        DeviceHealth h = line.adapter.health("line/1");
        assertThat(h.status()).isEqualTo(DeviceHealth.Status.OFFLINE);
        assertThat(h.reason()).isEqualTo(DeviceHealth.Reason.COMMUNICATION_ERROR);
        Throwable next = awaitFailure(line.execute(1, new DoorCommand.Unlock()));
        assertThat(WardenException.codeOf(next)).as("the next one fails at once").isEqualTo(ErrorCode.DEVICE_OFFLINE);
    }
}
