package io.warden.sim.bench;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactories;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import io.warden.sim.osdp.PtyPair;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One simulated OSDP line (PDs at addresses 1..n, one door each: strike 0, contact 0, REX 1) served
 * over a pty pair with baud pacing or over loopback TCP, and the OSDP adapter on it with default
 * timing, found through {@link DeviceAdapterFactories} as the gateway finds it. Plain threads only:
 * every method blocks.
 */
final class OsdpBenchLine implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    enum Link { PTY, TCP }

    final OsdpPdSimulator simulator;
    final DeviceAdapter adapter;
    /** The simulator's TCP port, or -1 on a pty. */
    final int tcpPort;
    private final PtyPair pty;
    private boolean adapterStopped;

    private OsdpBenchLine(OsdpPdSimulator simulator, DeviceAdapter adapter, int tcpPort, PtyPair pty) {
        this.simulator = simulator;
        this.adapter = adapter;
        this.tcpPort = tcpPort;
        this.pty = pty;
    }

    static OsdpBenchLine start(Vertx vertx, Link link, int baud, int pdCount) throws Exception {
        List<OsdpPdConfig> pds = new ArrayList<>();
        JsonArray devices = new JsonArray();
        List<AdapterSpec.Door> doors = new ArrayList<>();
        for (int a = 1; a <= pdCount; a++) {
            pds.add(OsdpPdConfig.defaults(a));
            devices.add(new JsonObject().put("address", a));
            JsonObject point = new JsonObject().put("address", a).put("strike", 0).put("contact", 0).put("rex", 1);
            doors.add(new AdapterSpec.Door("door-" + a, Duration.ofSeconds(1), Duration.ofSeconds(30), point,
                    "doors[" + (a - 1) + "]"));
        }
        OsdpPdSimulator.Options line = new OsdpPdSimulator.Options(link == Link.PTY, baud, Duration.ofMillis(50));
        OsdpPdSimulator sim = await(OsdpPdSimulator.start(vertx, line, pds), WAIT);
        JsonObject options = new JsonObject().put("devices", devices);
        PtyPair pty = null;
        int port = -1;
        try {
            if (link == Link.TCP) {
                port = await(sim.serveTcp("127.0.0.1", 0), WAIT);
                options.put("transport", "tcp").put("host", "127.0.0.1").put("port", port);
            } else {
                pty = PtyPair.open(Files.createTempDirectory("warden-bench-pty"));
                await(sim.serveSerial(pty.b().toString(), baud), WAIT);
                options.put("transport", "serial").put("device", pty.a().toString()).put("baud", baud);
            }
            AdapterSpec spec = new AdapterSpec("bench", "osdp", options, doors, "controllers[0]");
            DeviceAdapter adapter = DeviceAdapterFactories.discover(OsdpBenchLine.class.getClassLoader())
                    .get("osdp").create(spec, new QuietContext(vertx));
            await(adapter.start(), WAIT);
            return new OsdpBenchLine(sim, adapter, port, pty);
        } catch (Exception | AssertionError e) {
            await(sim.close(), WAIT);
            if (pty != null) pty.close();
            throw e;
        }
    }

    /** The doors in address order. */
    List<DoorController> doors() {
        return List.copyOf(adapter.doors());
    }

    /** Blocks until every door's PD is online; fails after {@link #WAIT}. */
    void awaitOnline() {
        until(() -> doors().stream().allMatch(d -> d.state().online()), "every PD online", WAIT);
    }

    /** Stops the adapter, closing its connection, and leaves the simulator serving. */
    void stopAdapter() throws Exception {
        if (adapterStopped) return;
        adapterStopped = true;
        await(adapter.stop(), WAIT);
    }

    @Override
    public void close() throws Exception {
        try {
            stopAdapter();
        } finally {
            await(simulator.close(), WAIT);
            if (pty != null) pty.close();
        }
    }

    /** Drops events and health: the bench reads door state and the simulator's taps instead. */
    private record QuietContext(Vertx vertx) implements AdapterContext {
        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public void emit(DeviceEvent event) {}

        @Override
        public void health(String deviceId, DeviceHealth health) {}

        @Override
        public Optional<String> secret(String reference) {
            return Optional.empty();
        }
    }
}
