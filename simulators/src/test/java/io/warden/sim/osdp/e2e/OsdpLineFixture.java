package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;

import io.warden.adapter.api.testing.RecordingAdapterContext;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactories;
import io.warden.adapter.api.DoorController;
import io.warden.sim.osdp.PtyPair;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A simulated OSDP line served over a real transport (TCP on loopback, or a pseudo-terminal pair)
 * and the OSDP adapter, found through {@link DeviceAdapterFactories} as the gateway finds it,
 * talking to it. One door per PD: strike on output 0, contact on input 0, REX on input 1.
 */
final class OsdpLineFixture implements AutoCloseable {
    static final Duration OFFLINE_AFTER = Duration.ofMillis(1500);

    final RecordingAdapterContext context;
    final OsdpPdSimulator simulator;
    final DeviceAdapter adapter;
    private final PtyPair pty;

    private OsdpLineFixture(RecordingAdapterContext context, OsdpPdSimulator simulator, DeviceAdapter adapter, PtyPair pty) {
        this.context = context;
        this.simulator = simulator;
        this.adapter = adapter;
        this.pty = pty;
    }

    /** TCP on loopback, TCP through a {@link NoisyTcpProxy}, or a pseudo-terminal pair. */
    enum Link { TCP, NOISY_TCP, SERIAL }

    /** Set for {@link Link#NOISY_TCP}. */
    NoisyTcpProxy proxy;

    /**
     * @param pds         the simulated PDs
     * @param deviceOpts  the adapter's {@code devices} entries, one per PD (address, secure, scbkSecret, install)
     * @param secrets     secret references the adapter may resolve
     */
    static OsdpLineFixture start(Vertx vertx, Link link, OsdpPdSimulator.Options line, List<OsdpPdConfig> pds,
                                 List<JsonObject> deviceOpts, Map<String, String> secrets) throws Exception {
        return start(vertx, link, line, pds, deviceOpts, secrets, new JsonObject());
    }

    /** As above, with line options ({@code offlineAfterMs}, {@code busyDelayMs}...) replacing the fixture's. */
    static OsdpLineFixture start(Vertx vertx, Link link, OsdpPdSimulator.Options line, List<OsdpPdConfig> pds,
                                 List<JsonObject> deviceOpts, Map<String, String> secrets, JsonObject timing) throws Exception {
        OsdpPdSimulator sim = await(OsdpPdSimulator.start(vertx, line, pds));
        JsonObject options = new JsonObject().put("offlineAfterMs", OFFLINE_AFTER.toMillis()).put("probeIntervalMs", 300)
                .mergeIn(timing).put("devices", new JsonArray(new ArrayList<>(deviceOpts)));
        PtyPair pty = null;
        NoisyTcpProxy proxy = null;
        if (link != Link.SERIAL) {
            int port = await(sim.serveTcp("127.0.0.1", 0));
            if (link == Link.NOISY_TCP) {
                proxy = new NoisyTcpProxy(vertx, port, 20261128L);
                port = await(proxy.start());
            }
            options.put("transport", "tcp").put("host", "127.0.0.1").put("port", port);
        } else {
            pty = PtyPair.open(Files.createTempDirectory("warden-pty"));
            await(sim.serveSerial(pty.b().toString(), line.baud()));
            options.put("transport", "serial").put("device", pty.a().toString()).put("baud", line.baud());
        }
        List<AdapterSpec.Door> doors = new ArrayList<>();
        for (OsdpPdConfig pd : pds) {
            JsonObject point = new JsonObject().put("address", pd.address()).put("strike", 0).put("contact", 0).put("rex", 1);
            doors.add(new AdapterSpec.Door("door-" + pd.address(), Duration.ofSeconds(1), Duration.ofSeconds(2), point,
                    "doors[" + doors.size() + "]"));
        }
        RecordingAdapterContext ctx = new RecordingAdapterContext(vertx, secrets);
        AdapterSpec spec = new AdapterSpec("line", "osdp", options, doors, "controllers[0]");
        DeviceAdapter adapter = DeviceAdapterFactories.discover(OsdpLineFixture.class.getClassLoader()).get("osdp").create(spec, ctx);
        await(adapter.start());
        OsdpLineFixture fixture = new OsdpLineFixture(ctx, sim, adapter, pty);
        fixture.proxy = proxy;
        return fixture;
    }

    static JsonObject plainDevice(int address) {
        return new JsonObject().put("address", address);
    }

    DoorController door(int address) {
        return adapter.doors().stream().filter(d -> d.doorId().equals("door-" + address)).findFirst().orElseThrow();
    }

    /** A command to door-{@code address} that must be done by {@code deadline}. */
    io.vertx.core.Future<io.warden.adapter.api.DoorCommandResult> execute(int address, io.warden.adapter.api.DoorCommand command,
                                                                         java.time.Instant deadline) {
        return door(address).execute(command, deadline);
    }

    /** A command to door-{@code address} with the deadline the gateway would give it. */
    io.vertx.core.Future<io.warden.adapter.api.DoorCommandResult> execute(int address, io.warden.adapter.api.DoorCommand command) {
        DoorController d = door(address);
        return d.execute(command, java.time.Instant.now().plus(d.commandTimeout()));
    }

    @Override
    public void close() throws Exception {
        await(adapter.stop());
        if (proxy != null) await(proxy.close());
        await(simulator.close());
        if (pty != null) pty.close();
    }

    static List<OsdpPdConfig> plainPds(int count) {
        List<OsdpPdConfig> pds = new ArrayList<>();
        for (int a = 1; a <= count; a++) pds.add(OsdpPdConfig.defaults(a));
        return pds;
    }

    static List<JsonObject> plainDevices(int count) {
        List<JsonObject> devices = new ArrayList<>();
        for (int a = 1; a <= count; a++) devices.add(plainDevice(a));
        return devices;
    }
}
