package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReaderSignal;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.api.testing.ClosedPort;
import io.warden.adapter.api.testing.RecordingAdapterContext;
import io.warden.osdp.OsdpAdapterFactory;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpCommand.BuzzerControl;
import io.warden.osdp.codec.OsdpCommand.LedControl;
import io.warden.sim.osdp.OsdpPdReaderState;
import io.warden.sim.osdp.OsdpPdReaderState.Colour;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Reader signals from the OSDP adapter to the simulated PD's reader, over a real line. */
class OsdpReaderSignalTest extends OsdpLineTestBase {
    private static final int LED = OsdpCodes.Command.LED.value();
    private static final int BUZ = OsdpCodes.Command.BUZ.value();

    private OsdpSimulatedPd startLine(OsdpLineFixture.Link link) throws Exception {
        line = OsdpLineFixture.start(vertx, link, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), Map.of());
        until(() -> line.door(1).state().online(), "PD online");
        return line.simulator.pd(1);
    }

    private static Instant deadline(DoorController door) {
        return Instant.now().plus(door.commandTimeout());
    }

    private static List<Integer> readerCommands(OsdpSimulatedPd pd) {
        return pd.receivedLog().stream().map(OsdpSimulatedPd.Received::code).filter(c -> c == LED || c == BUZ).toList();
    }

    @Test
    void eachSignalShowsOnTheReaderOverASerialLine() throws Exception {
        OsdpSimulatedPd pd = startLine(OsdpLineFixture.Link.SERIAL);
        DoorController door = line.door(1);
        List<OsdpCommand> ran = new CopyOnWriteArrayList<>();
        pd.onCommand(c -> {
            if (c instanceof OsdpCommand.Led || c instanceof OsdpCommand.Buz) ran.add(c);
        });

        await(door.signal(ReaderSignal.GRANTED, Duration.ofSeconds(1), deadline(door)));
        OsdpPdReaderState r = pd.reader(0);
        assertThat(r.colour()).isEqualTo(Colour.GREEN);
        assertThat(r.blinking()).isFalse();
        assertThat(r.temporary()).isTrue();
        assertThat(r.temporaryLeft()).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(r.permanentColour()).as("permanent state untouched").isEqualTo(Colour.BLACK);
        assertThat(r.beeps()).isEqualTo(1);
        assertThat(readerCommands(pd)).as("LED first, then BUZ").containsExactly(LED, BUZ);
        until(() -> !pd.reader(0).temporary(), "green ends after 1 s");
        assertThat(pd.reader(0).colour()).isEqualTo(Colour.BLACK);

        await(door.signal(ReaderSignal.DENIED, Duration.ofSeconds(30), deadline(door)));
        r = pd.reader(0);
        assertThat(r.colour()).isEqualTo(Colour.RED);
        assertThat(r.blinking()).isFalse();
        assertThat(r.temporaryLeft()).as("red for 2 s whatever the LED time").isLessThanOrEqualTo(Duration.ofSeconds(2))
                .isGreaterThan(Duration.ZERO);
        assertThat(r.beeps()).isEqualTo(2);

        await(door.signal(ReaderSignal.PIN_REQUIRED, Duration.ofSeconds(20), deadline(door)));
        r = pd.reader(0);
        assertThat(r.colour()).isEqualTo(Colour.AMBER);
        assertThat(r.blinking()).isTrue();
        assertThat(r.temporaryLeft()).isGreaterThan(Duration.ofSeconds(10)).isLessThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(r.beeps()).isEqualTo(1);
        assertThat(r.beepCommands()).isEqualTo(3);
        assertThat(readerCommands(pd)).containsExactly(LED, BUZ, LED, BUZ, LED, BUZ);

        // The records as the PD decoded them: reader 0, LED 0, a temporary state with its timer, permanent NOP.
        assertThat(ran).containsExactly(
                led(LedControl.GREEN, 1, 0, 10), beep(1),
                led(LedControl.RED, 1, 0, 20), beep(2),
                led(LedControl.AMBER, 5, 5, 200), beep(1));
    }

    private static OsdpCommand led(int colour, int on, int off, int timer) {
        return new OsdpCommand.Led(List.of(new LedControl(0, 0, LedControl.TEMP_SET, on, off, colour, LedControl.BLACK, timer,
                LedControl.PERM_NOP, 0, 0, 0, 0)));
    }

    private static OsdpCommand beep(int count) {
        return new OsdpCommand.Buz(List.of(new BuzzerControl(0, BuzzerControl.TONE_DEFAULT, 2, 2, count)));
    }

    @Test
    void nothingIsSentOnceTheDeadlineHasPassed() throws Exception {
        OsdpSimulatedPd pd = startLine(OsdpLineFixture.Link.TCP);
        DoorController door = line.door(1);
        Throwable late = awaitFailure(door.signal(ReaderSignal.DENIED, Duration.ofSeconds(1), Instant.now().minusMillis(1)));
        assertThat(WardenException.codeOf(late)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        // The line sends one request at a time, in order: had the late LED gone out, it would arrive before this one.
        await(door.signal(ReaderSignal.GRANTED, Duration.ofSeconds(1), deadline(door)));
        assertThat(readerCommands(pd)).containsExactly(LED, BUZ);
        assertThat(pd.reader(0).colour()).isEqualTo(Colour.GREEN);
    }

    @Test
    void anOfflineReaderFailsAtOnce() throws Exception {
        OsdpSimulatedPd pd = startLine(OsdpLineFixture.Link.TCP);
        DoorController door = line.door(1);
        pd.faults().silent(true);
        until(() -> !door.state().online(), "PD offline");
        Throwable offline = awaitFailure(door.signal(ReaderSignal.GRANTED, Duration.ofSeconds(1), deadline(door)));
        assertThat(WardenException.codeOf(offline)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(offline).hasMessageContaining("door-1");
        assertThat(pd.commandsReceived(LED)).isZero();
    }

    @Test
    void aDoorWithoutAReaderCannotBeSignalled() throws Exception {
        ClosedPort closed = new ClosedPort();
        JsonObject options = new JsonObject().put("transport", "tcp").put("host", "127.0.0.1").put("port", closed.port())
                .put("devices", new JsonArray().add(new JsonObject().put("address", 1)));
        RecordingAdapterContext ctx = new RecordingAdapterContext(vertx, Map.of());
        DeviceAdapter adapter = new OsdpAdapterFactory().create(new AdapterSpec("line", "osdp", options, List.of(
                new AdapterSpec.Door("gate", null, null, new JsonObject().put("address", 1).put("strike", 0).put("reader", -1), "doors[0]")),
                null), ctx);
        await(adapter.start());
        try {
            DoorController gate = adapter.doors().iterator().next();
            Throwable e = awaitFailure(gate.signal(ReaderSignal.GRANTED, Duration.ofSeconds(1), Instant.now().plusSeconds(5)));
            assertThat(WardenException.codeOf(e)).isEqualTo(ErrorCode.UNSUPPORTED);
            assertThat(e).hasMessage("door gate has no reader");
        } finally {
            await(adapter.stop());
            closed.close();
        }
    }
}
