package io.warden.sim.osdp.e2e;

import io.warden.adapter.api.testing.RecordingAdapterContext;
import static io.warden.adapter.api.contract.DoorControllerContract.await;
import static io.warden.adapter.api.contract.DoorControllerContract.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.osdp.OsdpAdapterFactory;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Door and device events that need time or a PD-wide condition: held open, tamper, power, no link at all. */
class OsdpDoorEventsTest extends OsdpLineTestBase {

    private void startLine() throws Exception {
        startLine(false);
    }

    /** @param reportOutputChanges whether the PD volunteers an OSTATR for each output change */
    private void startLine(boolean reportOutputChanges) throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), Map.of());
        line.simulator.pd(1).reportOutputChanges(reportOutputChanges);
        waitFor("PD online", () -> line.door(1).state().online());
    }

    @ParameterizedTest(name = "PD reports output changes: {0}")
    @ValueSource(booleans = {false, true})
    void aDoorLeftOpenAfterAPulseIsHeldOpenNotForced(boolean reportOutputChanges) throws Exception {
        startLine(reportOutputChanges);
        var pd = line.simulator.pd(1);
        await(line.execute(1, new DoorCommand.Pulse(Duration.ofSeconds(1))));
        await(pd.setInput(0, true));
        waitFor("held open after the door's 2 s", () -> !line.context.events(DeviceEvent.DoorHeldOpen.class).isEmpty());
        assertThat(line.context.events(DeviceEvent.DoorHeldOpen.class).get(0).openForSeconds()).isGreaterThanOrEqualTo(1);
        assertThat(line.context.events(DeviceEvent.DoorForced.class)).isEmpty();
        await(pd.setInput(0, false));
        waitFor("closed", () -> !line.context.events(DeviceEvent.DoorClosed.class).isEmpty());
    }

    @Test
    void tamperAndPowerAreReportedOnChangeOnly() throws Exception {
        startLine();
        var pd = line.simulator.pd(1);
        await(pd.setTamper(true));
        waitFor("tamper", () -> line.context.events(DeviceEvent.Tamper.class).size() == 1);
        await(pd.setPowerFailure(true));
        waitFor("power failure", () -> line.context.events(DeviceEvent.PowerFailure.class).size() == 1);
        await(pd.setTamper(false));
        waitFor("tamper cleared", () -> line.context.events(DeviceEvent.Tamper.class).size() == 2);
        var tamper = line.context.events(DeviceEvent.Tamper.class);
        assertThat(tamper.get(0).active()).isTrue();
        assertThat(tamper.get(1).active()).isFalse();
        assertThat(tamper.get(1).type()).isEqualTo("device.tamper_cleared");
        assertThat(line.context.events(DeviceEvent.PowerFailure.class)).hasSize(1);
    }

    @Test
    void aControllerThatCannotBeReachedIsOfflineWithTheReason() throws Exception {
        int port = closedPort();
        JsonObject options = new JsonObject().put("transport", "tcp").put("host", "127.0.0.1").put("port", port)
                .put("devices", new JsonArray().add(new JsonObject().put("address", 1)));
        var ctx = new RecordingAdapterContext(vertx, Map.of());
        DeviceAdapter adapter = new OsdpAdapterFactory().create(new AdapterSpec("far", "osdp", options,
                List.of(new AdapterSpec.Door("d", null, null, new JsonObject().put("address", 1).put("strike", 0), "doors[0]")), null), ctx);
        await(adapter.start());
        try {
            waitFor("reported offline", () -> ctx.health.containsKey("far/1"));
            DeviceHealth h = ctx.health.get("far/1");
            assertThat(h.status()).isEqualTo(DeviceHealth.Status.OFFLINE);
            assertThat(h.detail()).startsWith("connection closed").contains("127.0.0.1:" + port);
        } finally {
            await(adapter.stop());
        }
    }

    /** A loopback port nothing listens on, below the ephemeral range so a connect cannot meet itself. */
    private static int closedPort() throws java.io.IOException {
        for (int p = 21_000; p < 22_000; p++) {
            try (var s = new java.net.ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                return p;
            } catch (java.net.BindException taken) {
                // try the next one
            }
        }
        throw new java.io.IOException("no free port in 21000..21999");
    }
}
