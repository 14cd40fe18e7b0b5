package io.warden.sim.osdp;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.sim.osdp.OsdpTestCp.cmd;
import static io.warden.sim.osdp.OsdpTestCp.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.transport.OsdpLoopbackTransport;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plaintext behaviour, checked byte for byte against the libosdp captures in osdp-vectors.md. */
class OsdpPdSimulatorTest {
    /** The vector PD: address 1, serial 0x01020304, 4 inputs, 4 outputs, 1 reader. */
    static final OsdpPdConfig VECTOR_PD = OsdpPdConfig.defaults(1)
            .withIdentity(hex("C3B2A1"), 0x99, 1, 0x01020304L, 1, 2, 3);

    Vertx vertx;
    OsdpPdSimulator sim;
    OsdpSimulatedPd pd;
    OsdpTestCp cp;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        sim = await(OsdpPdSimulator.start(vertx, VECTOR_PD, OsdpPdConfig.defaults(2)));
        pd = sim.pd(1);
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        cp = new OsdpTestCp(cable.b()).open();
    }

    @AfterEach
    void tearDown() {
        cp.close();
        await(sim.close());
        await(vertx.close());
    }

    @Test
    void idCapAndPollMatchLibosdpBytes() {
        assertThat(cp.exchangeHex("FF 53 01 09 00 04 61 00 60 23"))
                .isEqualTo("FF 53 81 14 00 04 45 C3 B2 A1 99 01 04 03 02 01 01 02 03 1C 78");
        OsdpReply.PdCap cap = (OsdpReply.PdCap) decode(cp.send(cmd(1, 1, OsdpCodes.Command.CAP.value(), new byte[1])));
        assertThat(cap.find(OsdpCodes.CAP_OUTPUT_CONTROL).orElseThrow().items()).isEqualTo(4);
        assertThat(cap.find(OsdpCodes.CAP_SECURITY).orElseThrow().compliance()).isEqualTo(1);
        assertThat(cp.exchangeHex("FF 53 01 08 00 06 60 D8 66")).isEqualTo("FF 53 81 08 00 06 40 6A 60");
    }

    @Test
    void checksumCommandGetsCrcReplyAndMarkIsCopied() {
        assertThat(cp.exchangeHex("FF 53 01 07 00 00 60 45")).isEqualTo("FF 53 81 08 00 04 40 08 06");
        assertThat(cp.exchangeHex("53 01 08 00 01 61 00 42"))
                .isEqualTo("53 81 14 00 05 45 C3 B2 A1 99 01 04 03 02 01 01 02 03 7D 03");
    }

    @Test
    void repeatedSqnGetsCachedReplyWithoutRunningTheCommandAgain() {
        pd.reportOutputChanges(true);
        cp.exchangeHex("FF 53 01 08 00 04 60 BA 00");
        cp.exchangeHex("FF 53 01 08 00 05 60 8B 33");
        cp.exchangeHex("FF 53 01 08 00 06 60 D8 66");
        String out = "FF 53 01 0C 00 07 68 00 05 1E 00 12 31";
        String first = cp.exchangeHex(out);
        assertThat(first).isEqualTo("FF 53 81 08 00 07 40 5B 53");
        assertThat(cp.exchangeHex(out)).isEqualTo(first);
        assertThat(pd.commandsReceived(OsdpCodes.Command.OUT.value())).isEqualTo(2);
        assertThat(pd.commandsExecuted(OsdpCodes.Command.OUT.value())).isEqualTo(1);
        assertThat(pd.pendingEvents()).as("one OSTATR, not two").isEqualTo(1);
    }

    @Test
    void unexpectedSqnGetsNak04WithTheExpectedSqn() {
        cp.exchangeHex("FF 53 01 08 00 04 60 BA 00");
        cp.exchangeHex("FF 53 01 08 00 05 60 8B 33");
        assertThat(cp.exchangeHex("FF 53 01 08 00 07 60 E9 55")).isEqualTo("FF 53 81 09 00 06 41 04 42 DF");
        assertThat(cp.exchangeHex("FF 53 01 08 00 04 60 BA 00")).isEqualTo("FF 53 81 08 00 04 40 08 06");
    }

    @Test
    void unknownCommandAndBadLengthGetNak03AndNak02() {
        cp.exchangeHex("FF 53 01 08 00 04 60 BA 00");
        assertThat(cp.exchangeHex("FF 53 01 08 00 05 7E 74 C0")).isEqualTo("FF 53 81 09 00 05 41 03 F5 F6");
        assertThat(cp.exchangeHex("FF 53 01 09 00 06 60 00 31 7E")).isEqualTo("FF 53 81 09 00 06 41 02 84 BF");
    }

    @Test
    void pointsBeyondCapabilitiesGetNak03() {
        cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value()));
        assertThat(nakCode(cp.send(cmd(1, 1, OsdpCodes.Command.OUT.value(), hex("04020000"))))).isEqualTo(OsdpCodes.NakReason.UNKNOWN_COMMAND.value());
        byte[] led = hex("01 00 02 05 05 02 00 1E 00 01 01 00 01 00");
        assertThat(nakCode(cp.send(cmd(1, 2, OsdpCodes.Command.LED.value(), led)))).isEqualTo(OsdpCodes.NakReason.UNKNOWN_COMMAND.value());
        byte[] goodLed = hex("00 00 02 05 05 02 00 1E 00 01 01 00 01 00");
        assertThat(decode(cp.send(cmd(1, 3, OsdpCodes.Command.LED.value(), goodLed)))).isInstanceOf(OsdpReply.Ack.class);
    }

    @Test
    void badCrcIsDroppedSilentlyAndOtherAddressesAreIgnored() {
        cp.write(hex("FF 53 01 08 00 07 60 E9 AA"));
        cp.write(ofAddress(9));
        cp.expectSilence();
        assertThat(cp.exchangeHex("FF 53 01 08 00 04 60 BA 00")).isEqualTo("FF 53 81 08 00 04 40 08 06");
        assertThat(sim.pd(2).commandsReceived(OsdpCodes.Command.POLL.value())).isZero();
    }

    @Test
    void broadcastIsAnsweredOnceFromAddress0xFF() {
        assertThat(cp.exchangeHex("FF 53 7F 08 00 04 60 94 D2")).isEqualTo("FF 53 FF 08 00 04 40 26 D4");
        cp.expectSilence();
        assertThat(sim.pd(2).commandsReceived(OsdpCodes.Command.POLL.value())).isEqualTo(1);
    }

    @Test
    void outputPulseTurnsOffByItselfAndReportsOstatr() {
        pd.reportOutputChanges(true);
        cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value()));
        assertThat(decode(cp.send(cmd(1, 1, OsdpCodes.Command.OUT.value(), hex("00050A00"))))).isInstanceOf(OsdpReply.Ack.class);
        assertThat(pd.output(0)).isTrue();
        assertThat(outputs(cp.send(cmd(1, 2, OsdpCodes.Command.POLL.value())))).containsExactly(1, 0, 0, 0);
        until(() -> !pd.output(0), "output 0 to turn off after 1 s");
        assertThat(outputs(cp.send(cmd(1, 3, OsdpCodes.Command.POLL.value())))).containsExactly(0, 0, 0, 0);
        assertThat(decode(cp.send(cmd(1, 1, OsdpCodes.Command.POLL.value())))).isInstanceOf(OsdpReply.Ack.class);
    }

    @Test
    void byDefaultOutputChangesAreNotVolunteeredButOstatReadsThem() {
        cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value()));
        assertThat(decode(cp.send(cmd(1, 1, OsdpCodes.Command.OUT.value(), hex("00050A00"))))).isInstanceOf(OsdpReply.Ack.class);
        assertThat(decode(cp.send(cmd(1, 2, OsdpCodes.Command.POLL.value())))).as("no OSTATR volunteered").isInstanceOf(OsdpReply.Ack.class);
        assertThat(outputs(cp.send(cmd(1, 3, OsdpCodes.Command.OSTAT.value())))).containsExactly(1, 0, 0, 0);
        until(() -> !pd.output(0), "output 0 to turn off after 1 s");
        assertThat(decode(cp.send(cmd(1, 1, OsdpCodes.Command.POLL.value())))).as("the timer's end is not volunteered either").isInstanceOf(OsdpReply.Ack.class);
        assertThat(outputs(cp.send(cmd(1, 2, OsdpCodes.Command.OSTAT.value())))).containsExactly(0, 0, 0, 0);
    }

    @Test
    void anIgnoredOutIsAckedButLeavesTheOutputs() {
        cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value()));
        pd.faults().ignoreOutNext(1);
        assertThat(decode(cp.send(cmd(1, 1, OsdpCodes.Command.OUT.value(), hex("00020000"))))).isInstanceOf(OsdpReply.Ack.class);
        assertThat(pd.output(0)).isFalse();
        assertThat(decode(cp.send(cmd(1, 2, OsdpCodes.Command.OUT.value(), hex("00020000"))))).isInstanceOf(OsdpReply.Ack.class);
        assertThat(pd.output(0)).as("only the next one is ignored").isTrue();
    }

    @Test
    void permanentStateWaitsForTimedOperationWithCode4() {
        cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value()));
        cp.send(cmd(1, 1, OsdpCodes.Command.OUT.value(), hex("01060A00")));
        cp.send(cmd(1, 2, OsdpCodes.Command.OUT.value(), hex("01040000")));
        assertThat(pd.output(1)).as("temporary OFF still running").isFalse();
        until(() -> pd.output(1), "output 1 to come on when the timer ends");
        cp.send(cmd(1, 3, OsdpCodes.Command.OUT.value(), hex("01010000")));
        assertThat(pd.output(1)).isFalse();
    }

    @Test
    void cardInputKeypadAndTamperBecomePollReplies() {
        cp.exchangeHex("FF 53 01 08 00 04 60 BA 00");
        cp.exchangeHex("FF 53 01 08 00 05 60 8B 33");
        await(pd.swipeCard(hex("0A1B2C40"), 26));
        assertThat(cp.exchangeHex("FF 53 01 08 00 06 60 D8 66"))
                .isEqualTo("FF 53 81 10 00 06 50 00 01 1A 00 0A 1B 2C 40 7B 46");
        await(pd.setInput(0, true));
        await(pd.keypad("1234"));
        await(pd.setTamper(true));
        assertThat(((OsdpReply.IStatR) decode(cp.send(cmd(1, 3, OsdpCodes.Command.POLL.value())))).inputs()).containsExactly(1, 0, 0, 0);
        assertThat(decode(cp.send(cmd(1, 1, OsdpCodes.Command.POLL.value())))).isEqualTo(new OsdpReply.Keypad(0, "1234"));
        assertThat(decode(cp.send(cmd(1, 2, OsdpCodes.Command.POLL.value())))).isEqualTo(new OsdpReply.LStatR(true, false));
        assertThat(((OsdpReply.IStatR) decode(cp.send(cmd(1, 3, OsdpCodes.Command.ISTAT.value())))).inputs()).containsExactly(1, 0, 0, 0);
        assertThat(pd.input(0)).isTrue();
    }

    @Test
    void commandListenerSeesExecutedCommands() {
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        pd.onCommand(c -> seen.add(c.code()));
        cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value()));
        cp.send(cmd(1, 1, OsdpCodes.Command.TEXT.value(), hex("00 01 00 01 01 05 48 45 4C 4C 4F")));
        assertThat(seen).containsExactly(OsdpCodes.Command.POLL.value(), OsdpCodes.Command.TEXT.value());
    }

    static OsdpReply decode(OsdpFramer.Frame f) {
        try {
            return OsdpReply.decode(f.frame().code(), f.frame().data());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static int nakCode(OsdpFramer.Frame f) {
        assertThat(f.frame().code()).isEqualTo(OsdpCodes.Reply.NAK.value());
        return f.frame().data().u8(0);
    }

    static int[] outputs(OsdpFramer.Frame f) {
        return ((OsdpReply.OStatR) decode(f)).outputs();
    }

    private static byte[] ofAddress(int address) {
        return io.warden.osdp.codec.OsdpFrameCodec.encode(cmd(address, 0, OsdpCodes.Command.POLL.value()), true);
    }
}
