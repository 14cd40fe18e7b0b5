package io.warden.sim.osdp;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.sim.osdp.OsdpTestCp.cmd;
import static io.warden.sim.osdp.OsdpTestCp.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.warden.adapter.api.testing.CapturedStderr;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpCommand.BuzzerControl;
import io.warden.osdp.codec.OsdpCommand.LedControl;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.transport.OsdpLoopbackTransport;
import io.warden.sim.osdp.OsdpPdReaderState.Colour;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated reader's LED and buzzer, as the osdp_LED and osdp_BUZ commands it runs leave them. */
class OsdpPdReaderTest {
    Vertx vertx;
    OsdpPdSimulator sim;
    OsdpSimulatedPd pd;
    OsdpTestCp cp;
    int sqn;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdSimulatorTest.VECTOR_PD));
        pd = sim.pd(1);
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        cp = new OsdpTestCp(cable.b()).open();
        assertThat(cp.exchangeHex("FF 53 01 08 00 04 60 BA 00")).isEqualTo("FF 53 81 08 00 04 40 08 06"); // POLL, SQN 0
        sqn = 1;
    }

    @AfterEach
    void tearDown() {
        cp.close();
        await(sim.close());
        await(vertx.close());
    }

    /** Sends {@code c} with the next SQN (1, 2, 3, 1...) and returns the reply. */
    private OsdpReply send(OsdpCommand c) throws Exception {
        var f = cp.send(cmd(1, sqn, c.code(), c.encode().toArray())).frame();
        sqn = sqn == 3 ? 1 : sqn + 1;
        return OsdpReply.decode(f.code(), f.data());
    }

    private static OsdpCommand.Led temporary(int colour, int on, int off, int timer) {
        return new OsdpCommand.Led(List.of(new LedControl(0, 0, LedControl.TEMP_SET, on, off, colour, LedControl.BLACK, timer,
                LedControl.PERM_NOP, 0, 0, 0, 0)));
    }

    @Test
    void anIdleReaderIsDarkAndSilent() {
        OsdpPdReaderState r = pd.reader(0);
        assertThat(r.colour()).isEqualTo(Colour.BLACK);
        assertThat(r.temporary()).isFalse();
        assertThat(r.beeps()).isZero();
        assertThat(r.beepCommands()).isZero();
        assertThat(r.changedNanos()).isZero();
        assertThatThrownBy(() -> pd.reader(1)).isInstanceOf(IllegalArgumentException.class).hasMessage("pd 1 has no reader 1");
    }

    @Test
    void theVectorsLedAndBuzFramesSetTheReader() {
        long before = System.nanoTime();
        try (CapturedStderr log = CapturedStderr.start()) {
            // osdp-vectors.md 2.4 as captured (SQN 2 and 3): temporary green blinking 5/5 for 3 s over permanent steady red.
            cp.exchangeHex("FF 53 01 08 00 05 60 8B 33");
            assertThat(cp.exchangeHex("FF 53 01 16 00 06 69 00 00 02 05 05 02 00 1E 00 01 01 00 01 00 90 A4"))
                    .isEqualTo("FF 53 81 08 00 06 40 6A 60");
            OsdpPdReaderState r = pd.reader(0);
            assertThat(r.colour()).isEqualTo(Colour.GREEN);
            assertThat(r.blinking()).isTrue();
            assertThat(r.temporary()).isTrue();
            assertThat(r.temporaryLeft()).isGreaterThan(Duration.ofMillis(2000)).isLessThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(r.permanentColour()).isEqualTo(Colour.RED);
            assertThat(r.changedNanos()).isGreaterThanOrEqualTo(before);
            // BUZ: default tone, on 2, off 2, count 2.
            assertThat(cp.exchangeHex("FF 53 01 0D 00 07 6A 00 02 02 02 02 1E 75")).startsWith("FF 53 81 08 00 07 40");
            assertThat(pd.reader(0).beeps()).isEqualTo(2);
            assertThat(pd.reader(0).beepCommands()).isEqualTo(1);
            assertThat(log.lines("event=reader_led")).singleElement().asString()
                    .contains("address=1 reader=0 colour=green blinking=true for_ms=3000 then=red");
            assertThat(log.lines("event=reader_beep")).singleElement().asString()
                    .contains("address=1 reader=0 tone=2 count=2 on_ms=200 off_ms=200");
        }
    }

    @Test
    void theTemporaryStateEndsWithItsTimerAndCanBeCancelled() throws Exception {
        assertThat(send(new OsdpCommand.Led(List.of(new LedControl(0, 0, LedControl.TEMP_NOP, 0, 0, 0, 0, 0,
                LedControl.PERM_SET, 1, 0, LedControl.BLUE, LedControl.BLACK))))).isInstanceOf(OsdpReply.Ack.class);
        assertThat(pd.reader(0).colour()).isEqualTo(Colour.BLUE);
        assertThat(pd.reader(0).temporary()).isFalse();

        assertThat(send(temporary(LedControl.RED, 1, 0, 3))).isInstanceOf(OsdpReply.Ack.class); // 300 ms
        assertThat(pd.reader(0).colour()).isEqualTo(Colour.RED);
        assertThat(pd.reader(0).blinking()).isFalse();
        until(() -> !pd.reader(0).temporary(), "the 300 ms temporary red ends");
        assertThat(pd.reader(0).colour()).isEqualTo(Colour.BLUE);
        assertThat(pd.reader(0).temporaryLeft()).isZero();

        assertThat(send(temporary(LedControl.AMBER, 5, 5, 600))).isInstanceOf(OsdpReply.Ack.class);
        assertThat(pd.reader(0).colour()).isEqualTo(Colour.AMBER);
        assertThat(send(new OsdpCommand.Led(List.of(new LedControl(0, 0, LedControl.TEMP_CANCEL, 0, 0, 0, 0, 0,
                LedControl.PERM_NOP, 0, 0, 0, 0))))).isInstanceOf(OsdpReply.Ack.class);
        assertThat(pd.reader(0).colour()).isEqualTo(Colour.BLUE);
        assertThat(pd.reader(0).temporary()).isFalse();
    }

    @Test
    void refusedRecordsChangeNothing() throws Exception {
        // on 0 / off 0 is NAK 09, as libosdp answers it; reader 1 does not exist: NAK 03.
        assertThat(send(temporary(LedControl.GREEN, 0, 0, 10))).isEqualTo(new OsdpReply.Nak(OsdpCodes.NakReason.RECORD));
        assertThat(send(new OsdpCommand.Buz(List.of(new BuzzerControl(1, BuzzerControl.TONE_DEFAULT, 2, 2, 1)))))
                .isInstanceOf(OsdpReply.Nak.class);
        assertThat(pd.reader(0).colour()).isEqualTo(Colour.BLACK);
        assertThat(pd.reader(0).beepCommands()).isZero();
        assertThat(pd.reader(0).changedNanos()).isZero();
    }

    @Test
    void toneOffStopsTheBuzzer() throws Exception {
        send(new OsdpCommand.Buz(List.of(new BuzzerControl(0, BuzzerControl.TONE_DEFAULT, 2, 2, 0))));
        assertThat(pd.reader(0).beeps()).isZero(); // 0 = until told otherwise
        send(new OsdpCommand.Buz(List.of(new BuzzerControl(0, BuzzerControl.TONE_DEFAULT, 1, 1, 3))));
        assertThat(pd.reader(0).beeps()).isEqualTo(3);
        send(new OsdpCommand.Buz(List.of(new BuzzerControl(0, BuzzerControl.TONE_OFF, 0, 0, 0))));
        assertThat(pd.reader(0).beeps()).isZero();
        assertThat(pd.reader(0).beepCommands()).isEqualTo(3);
    }
}
