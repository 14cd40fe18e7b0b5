package io.warden.sim.osdp.e2e;

import io.warden.adapter.api.testing.ClosedPort;
import io.warden.adapter.api.testing.RecordingAdapterContext;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
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
        until(() -> line.door(1).state().online(), "PD online");
    }

    @ParameterizedTest(name = "PD reports output changes: {0}")
    @ValueSource(booleans = {false, true})
    void aDoorLeftOpenAfterAPulseIsHeldOpenNotForced(boolean reportOutputChanges) throws Exception {
        startLine(reportOutputChanges);
        var pd = line.simulator.pd(1);
        await(line.execute(1, new DoorCommand.Pulse(Duration.ofSeconds(1))));
        await(pd.setInput(0, true));
        until(() -> !line.context.events(DeviceEvent.DoorHeldOpen.class).isEmpty(), "held open after the door's 2 s");
        assertThat(line.context.events(DeviceEvent.DoorHeldOpen.class).get(0).openForSeconds()).isGreaterThanOrEqualTo(1);
        assertThat(line.context.events(DeviceEvent.DoorForced.class)).isEmpty();
        await(pd.setInput(0, false));
        until(() -> !line.context.events(DeviceEvent.DoorClosed.class).isEmpty(), "closed");
    }

    @Test
    void tamperAndPowerAreReportedOnChangeOnly() throws Exception {
        startLine();
        var pd = line.simulator.pd(1);
        await(pd.setTamper(true));
        until(() -> line.context.events(DeviceEvent.Tamper.class).size() == 1, "tamper");
        await(pd.setPowerFailure(true));
        until(() -> line.context.events(DeviceEvent.PowerFailure.class).size() == 1, "power failure");
        await(pd.setTamper(false));
        until(() -> line.context.events(DeviceEvent.Tamper.class).size() == 2, "tamper cleared");
        var tamper = line.context.events(DeviceEvent.Tamper.class);
        assertThat(tamper.get(0).active()).isTrue();
        assertThat(tamper.get(1).active()).isFalse();
        assertThat(tamper.get(1).type()).isEqualTo("device.tamper_cleared");
        assertThat(line.context.events(DeviceEvent.PowerFailure.class)).hasSize(1);
    }

    @Test
    void aControllerThatCannotBeReachedIsOfflineWithTheReason() throws Exception {
        ClosedPort closed = new ClosedPort();
        int port = closed.port();
        JsonObject options = new JsonObject().put("transport", "tcp").put("host", "127.0.0.1").put("port", port)
                .put("devices", new JsonArray().add(new JsonObject().put("address", 1)));
        var ctx = new RecordingAdapterContext(vertx, Map.of());
        DeviceAdapter adapter = new OsdpAdapterFactory().create(new AdapterSpec("far", "osdp", options,
                List.of(new AdapterSpec.Door("d", null, null, new JsonObject().put("address", 1).put("strike", 0), "doors[0]")), null), ctx);
        await(adapter.start());
        try {
            until(() -> ctx.health.containsKey("far/1"), "reported offline");
            DeviceHealth h = ctx.health.get("far/1");
            assertThat(h.status()).isEqualTo(DeviceHealth.Status.OFFLINE);
            assertThat(h.detail()).startsWith("connection closed").contains("127.0.0.1:" + port);
        } finally {
            await(adapter.stop());
            closed.close();
        }
    }
}
