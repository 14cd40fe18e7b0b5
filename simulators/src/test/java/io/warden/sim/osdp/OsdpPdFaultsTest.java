package io.warden.sim.osdp;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.sim.osdp.OsdpPdSimulatorTest.nakCode;
import static io.warden.sim.osdp.OsdpTestCp.cmd;
import static io.warden.sim.osdp.OsdpTestCp.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.transport.OsdpLoopbackTransport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OsdpPdFaultsTest {
    Vertx vertx;
    OsdpPdSimulator sim;
    OsdpSimulatedPd pd;
    OsdpTestCp cp;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
        pd = sim.pd(1);
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        cp = new OsdpTestCp(cable.b()).open();
        cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value()));
    }

    @AfterEach
    void tearDown() {
        cp.close();
        await(sim.close());
        await(vertx.close());
    }

    @Test
    void silentPdAnswersNothingAndTheRetryIsProcessedNormally() {
        pd.faults().silent(true);
        byte[] out = OsdpFrameCodec.encode(cmd(1, 1, OsdpCodes.Command.OUT.value(), hex("00020000")), true);
        cp.write(out);
        cp.expectSilence();
        assertThat(pd.output(0)).isFalse();
        pd.faults().silent(false);
        cp.write(out);
        assertThat(cp.reply().frame().code()).isEqualTo(OsdpCodes.Reply.ACK.value());
        assertThat(pd.output(0)).isTrue();
    }

    @Test
    void offlineForADurationThenBackOnline() {
        pd.faults().offlineFor(Duration.ofMillis(400));
        byte[] poll = OsdpFrameCodec.encode(cmd(1, 1, OsdpCodes.Command.POLL.value()), true);
        cp.write(poll);
        cp.expectSilence();
        OsdpFramer.Frame reply = null;
        long deadline = System.nanoTime() + OsdpTestCp.REPLY_DEADLINE.toNanos();
        while (reply == null && System.nanoTime() < deadline) {
            cp.write(poll); // a CP retrying the same frame
            if (cp.next(Duration.ofMillis(100)) instanceof OsdpFramer.Frame f) reply = f;
        }
        assertThat(reply).as("PD back online").isNotNull();
        assertThat(reply.frame().code()).isEqualTo(OsdpCodes.Reply.ACK.value());
    }

    @Test
    void busyRepliesDoNotRunOrCacheTheCommand() {
        pd.faults().busyNext(2);
        byte[] out = OsdpFrameCodec.encode(cmd(1, 1, OsdpCodes.Command.OUT.value(), hex("00020000")), true);
        cp.write(out);
        assertThat(cp.reply().frame().code()).isEqualTo(OsdpCodes.Reply.BUSY.value());
        cp.write(out);
        assertThat(cp.reply().frame().code()).isEqualTo(OsdpCodes.Reply.BUSY.value());
        assertThat(pd.output(0)).isFalse();
        cp.write(out);
        assertThat(cp.reply().frame().code()).isEqualTo(OsdpCodes.Reply.ACK.value());
        assertThat(pd.output(0)).isTrue();
    }

    @Test
    void injectedNakReplacesTheCommand() {
        pd.faults().nakNext(1, OsdpCodes.NakReason.RECORD.value());
        assertThat(nakCode(cp.send(cmd(1, 1, OsdpCodes.Command.OUT.value(), hex("00020000"))))).isEqualTo(OsdpCodes.NakReason.RECORD.value());
        assertThat(pd.output(0)).isFalse();
        assertThat(cp.send(cmd(1, 2, OsdpCodes.Command.OUT.value(), hex("00020000"))).frame().code()).isEqualTo(OsdpCodes.Reply.ACK.value());
    }

    @Test
    void corruptedReplyFailsItsCrcAndTheRetryGetsAGoodCopy() {
        pd.faults().corruptNext(1);
        byte[] poll = OsdpFrameCodec.encode(cmd(1, 1, OsdpCodes.Command.POLL.value()), true);
        cp.write(poll);
        OsdpFramer.Outcome bad = cp.next(OsdpTestCp.REPLY_DEADLINE);
        assertThat(bad).isInstanceOf(OsdpFramer.Rejected.class);
        assertThat(((OsdpFramer.Rejected) bad).reason()).contains("CRC");
        cp.write(poll);
        assertThat(cp.reply().frame().code()).isEqualTo(OsdpCodes.Reply.ACK.value());
        assertThat(pd.commandsExecuted(OsdpCodes.Command.POLL.value())).as("setup POLL and one more").isEqualTo(2);
    }

    @Test
    void delayedReplyArrivesLate() {
        pd.faults().delayReplies(Duration.ofMillis(250));
        long t0 = System.nanoTime();
        cp.send(cmd(1, 1, OsdpCodes.Command.POLL.value()));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(240));
    }
}
