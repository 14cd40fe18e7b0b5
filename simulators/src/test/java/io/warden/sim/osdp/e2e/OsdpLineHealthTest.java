package io.warden.sim.osdp.e2e;

import io.warden.adapter.api.testing.RecordingAdapterContext;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each way a PD can be unusable has its own health reason; a stop is a stop. */
class OsdpLineHealthTest extends OsdpLineTestBase {
    private static final String KEY = "A1A2A3A4A5A6A7A8B1B2B3B4B5B6B7B8";

    private DeviceHealth health() {
        return line.adapter.health("line/1");
    }

    @Test
    void aStopIsRecordedAsAStopNotAsAnOutage() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.SERIAL, new OsdpPdSimulator.Options(true, 115_200, Duration.ofMillis(50)),
                OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), Map.of());
        until(() -> line.door(1).state().online(), "PD online");
        line.simulator.pd(1).faults().silent(true);
        var pending = line.execute(1, new DoorCommand.Unlock());

        await(line.adapter.stop());
        Throwable t = awaitFailure(pending);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.CONNECTION_CLOSED);
        assertThat(t).hasMessageContaining("line stopped");
        assertThat(health().status()).isEqualTo(DeviceHealth.Status.OFFLINE);
        assertThat(health().reason()).isEqualTo(DeviceHealth.Reason.STOPPED);
        assertThat(health().detail()).isEqualTo("line stopped");
        assertThat(line.context.health.get("line/1").reason()).isEqualTo(DeviceHealth.Reason.STOPPED);
        assertThat(line.context.events(DeviceEvent.DeviceOffline.class)).as("no transport errors recorded for a stop").isEmpty();
        assertThat(line.door(1).state().online()).isFalse();
    }

    @Test
    void aLinkThatCannotOpenIsLinkDown() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        JsonObject options = new JsonObject().put("transport", "tcp").put("host", "127.0.0.1").put("port", port)
                .put("devices", new io.vertx.core.json.JsonArray().add(new JsonObject().put("address", 1)));
        RecordingAdapterContext ctx = new RecordingAdapterContext(vertx, Map.of());
        var adapter = io.warden.adapter.api.DeviceAdapterFactories.discover(getClass().getClassLoader()).get("osdp")
                .create(new io.warden.adapter.api.AdapterSpec("line", "osdp", options, List.of(), "controllers[0]"), ctx);
        await(adapter.start());
        try {
            until(() -> adapter.health("line/1").status() == DeviceHealth.Status.OFFLINE, "PD offline");
            assertThat(adapter.health("line/1").reason()).isEqualTo(DeviceHealth.Reason.LINK_DOWN);
        } finally {
            await(adapter.stop());
        }
    }

    @Test
    void aLinkThatDropsIsLinkDown() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.NOISY_TCP, OsdpPdSimulator.Options.DEFAULT,
                OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), Map.of());
        until(() -> line.door(1).state().online(), "PD online");
        line.proxy.cut();
        until(() -> health().status() == DeviceHealth.Status.OFFLINE, "PD offline");
        assertThat(health().reason()).isEqualTo(DeviceHealth.Reason.LINK_DOWN);
    }

    @Test
    void aPdThatCannotDoTheRequiredSecureChannelIsAConfigurationError() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                List.of(OsdpPdConfig.defaults(1).withSecureChannel(false)),
                List.of(new JsonObject().put("address", 1).put("secure", "required").put("scbkSecret", "KEY")), Map.of("KEY", KEY));
        until(() -> health().status() == DeviceHealth.Status.OFFLINE, "PD offline");
        assertThat(health().reason()).isEqualTo(DeviceHealth.Reason.CONFIGURATION_ERROR);
        assertThat(health().detail()).contains("no AES-128");
    }

    @Test
    void installModeReportsTheProvisionedKeyWithoutTheKey() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                List.of(OsdpPdConfig.defaults(1).withInstallMode(true)),
                List.of(new JsonObject().put("address", 1).put("secure", "required").put("scbkSecret", "KEY").put("install", true)),
                Map.of("KEY", KEY));
        until(() -> line.door(1).state().online(), "PD online");
        assertThat(line.context.events(DeviceEvent.KeyProvisioned.class)).singleElement().satisfies(e -> {
            assertThat(e.deviceId()).isEqualTo("line/1");
            assertThat(e.detail()).contains("install mode").doesNotContainIgnoringCase(KEY);
        });
        assertThat(health().reason()).isEqualTo(DeviceHealth.Reason.OK);
    }

    @Test
    void aPreferredSecureChannelThatFallsBackSaysWhy() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                List.of(OsdpPdConfig.defaults(1).withScbk(HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F"))),
                List.of(new JsonObject().put("address", 1).put("secure", "preferred").put("scbkSecret", "KEY")), Map.of("KEY", KEY));
        until(() -> line.door(1).state().online(), "PD online");
        assertThat(line.context.events(DeviceEvent.SecureChannelDowngraded.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("secure channel failed").containsIgnoringCase("cryptogram"));
    }
}
