package io.warden.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactories;
import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.transport.PtyPair;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A simulated site and the control panel talking to it, all in one Vert.x instance:
 * <ul>
 *   <li>line A: a socat pseudo-terminal pair opened as a serial port, simulator paced at 9600 baud,
 *       PDs 1 and 2 plaintext (doors front-office, gym-east);</li>
 *   <li>line B: TCP on 127.0.0.1, PD 1 in a required AES secure channel (library), PD 2 in install
 *       mode, provisioned with its key by the adapter (bus-loop).</li>
 * </ul>
 * Once every PD is online a {@link DemoSession} plays door traffic and prints it.
 *
 * <p>Start from any thread; {@link #stop()} undoes everything started, also after a failed start.
 */
public final class DemoSite {
    /** Longest {@link #start} takes (mostly socat). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    static final int LINE_A_BAUD = 9600;
    static final String HOST = "127.0.0.1";
    /** Demo-only keys, readable in this source file and so worthless on a real site. Never printed. */
    static final Map<String, String> DEMO_SECRETS = Map.of(
            "DEMO_LIBRARY_SCBK", demoKey("WARDEN-DEMO-LIB1"),
            "DEMO_BUS_LOOP_SCBK", demoKey("WARDEN-DEMO-BUS2"));

    private final Vertx vertx;
    private final DemoConsole console;
    private final List<DeviceAdapter> adapters = new CopyOnWriteArrayList<>();
    private final List<DemoDoor> doors = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile Path dir;
    private volatile PtyPair pty;
    private volatile OsdpPdSimulator lineA;
    private volatile OsdpPdSimulator lineB;
    private volatile DemoSession session;
    private volatile String sessionId;
    private Future<Void> stopping;

    private DemoSite(Vertx vertx, Consumer<String> out) {
        this.vertx = vertx;
        this.console = new DemoConsole(vertx, Clock.systemUTC(), DEMO_SECRETS, out);
    }

    /**
     * Starts both lines, both adapters and the session.
     *
     * @param tcpPort line B's port on 127.0.0.1, 0 for any free port
     * @param out     where the session's lines go
     * @return fails when socat is missing ("socat not found: apt-get install socat"), the port is taken,
     *         or the osdp adapter is not on the class path; whatever had started is stopped again
     */
    public static Future<DemoSite> start(Vertx vertx, int tcpPort, Consumer<String> out) {
        DemoSite site = new DemoSite(vertx, out);
        return site.startLineA()
                .compose(v -> site.startLineB(tcpPort))
                .compose(v -> site.startSession())
                .map(v -> site)
                .recover(e -> site.stop().transform(x -> Future.failedFuture(e)));
    }

    /** Completes once every PD is online and the session runs; fails when they do not come up in time. */
    public Future<Void> online() {
        return session.online();
    }

    /** The four doors, line A's first. */
    public List<DemoDoor> doors() {
        return List.copyOf(doors);
    }

    public DemoDoor door(String id) {
        return doors.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    /** What was printed and confirmed so far. */
    public DemoConsole console() {
        return console;
    }

    /** Stops the session, the adapters, the simulators and socat, in that order. Idempotent; never fails. */
    public synchronized Future<Void> stop() {
        if (stopping == null) {
            console.mute();
            Future<Void> f = sessionId == null ? Future.succeededFuture() : vertx.undeploy(sessionId).recover(e -> Future.succeededFuture());
            f = f.compose(v -> Future.join(adapters.stream().map(DeviceAdapter::stop).toList()).<Void>mapEmpty())
                    .eventually(() -> lineA == null ? Future.succeededFuture() : lineA.close())
                    .eventually(() -> lineB == null ? Future.succeededFuture() : lineB.close())
                    .eventually(() -> vertx.executeBlocking(() -> {
                        if (pty != null) pty.close();
                        if (dir != null) Files.deleteIfExists(dir.resolve("socat.log"));
                        if (dir != null) Files.deleteIfExists(dir);
                        return null;
                    }, false));
            stopping = f.<Void>mapEmpty().recover(e -> Future.succeededFuture());
        }
        return stopping;
    }

    // ---- start-up steps ----

    private Future<Void> startLineA() {
        return vertx.executeBlocking(() -> {
            dir = Files.createTempDirectory("warden-demo");
            pty = PtyPair.open(dir);
            return null;
        }, false).compose(v -> OsdpPdSimulator.start(vertx, new OsdpPdSimulator.Options(true, LINE_A_BAUD, Duration.ofMillis(50)),
                List.of(OsdpPdConfig.defaults(1), OsdpPdConfig.defaults(2))))
                .compose(sim -> {
                    lineA = sim;
                    return sim.serveSerial(pty.b().toString(), LINE_A_BAUD);
                })
                .compose(v -> {
                    JsonObject options = new JsonObject().put("transport", "serial").put("device", pty.a().toString())
                            .put("baud", LINE_A_BAUD)
                            .put("devices", new JsonArray().add(new JsonObject().put("address", 1)).add(new JsonObject().put("address", 2)));
                    lines.add("line-a  serial %s, %d baud (socat pty pair; the PD side paced at %d baud)"
                            .formatted(pty.a(), LINE_A_BAUD, LINE_A_BAUD));
                    return startAdapter("line-a", options, List.of(
                            new Spot("front-office", 1, "plaintext"), new Spot("gym-east", 2, "plaintext")), lineA);
                });
    }

    private Future<Void> startLineB(int tcpPort) {
        OsdpPdConfig library = OsdpPdConfig.defaults(1).withScbk(HexFormat.of().parseHex(DEMO_SECRETS.get("DEMO_LIBRARY_SCBK")))
                .withSecureRequired(true);
        OsdpPdConfig busLoop = OsdpPdConfig.defaults(2).withInstallMode(true); // fresh from the box: no key yet
        return OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT, List.of(library, busLoop))
                .compose(sim -> {
                    lineB = sim;
                    return sim.serveTcp(HOST, tcpPort).recover(e -> Future.failedFuture(
                            new WardenException(ErrorCode.BAD_CONFIG, "cannot listen on %s:%d: %s".formatted(HOST, tcpPort, e.getMessage()))));
                })
                .compose(port -> {
                    JsonObject options = new JsonObject().put("transport", "tcp").put("host", HOST).put("port", port)
                            .put("devices", new JsonArray()
                                    .add(new JsonObject().put("address", 1).put("secure", "required").put("scbkSecret", "DEMO_LIBRARY_SCBK"))
                                    .add(new JsonObject().put("address", 2).put("secure", "required").put("scbkSecret", "DEMO_BUS_LOOP_SCBK")
                                            .put("install", true)));
                    lines.add("line-b  tcp %s:%d".formatted(HOST, port));
                    return startAdapter("line-b", options, List.of(
                            new Spot("library", 1, "secure channel (required)"),
                            new Spot("bus-loop", 2, "install mode")), lineB);
                });
    }

    private Future<Void> startSession() {
        session = new DemoSession(doors, lines, console);
        return vertx.deployVerticle(session).onSuccess(id -> sessionId = id).mapEmpty();
    }

    /** A door's place on a line. */
    private record Spot(String door, int address, String security) {}

    private Future<Void> startAdapter(String lineId, JsonObject options, List<Spot> spots, OsdpPdSimulator sim) {
        List<AdapterSpec.Door> specDoors = new ArrayList<>();
        for (Spot s : spots) {
            JsonObject point = new JsonObject().put("address", s.address()).put("strike", 0).put("contact", 0).put("rex", 1)
                    .put("reader", 0).put("wiring", "fail-secure");
            specDoors.add(new AdapterSpec.Door(s.door(), Duration.ofSeconds(3), Duration.ofSeconds(10), point, "doors[" + s.door() + "]"));
        }
        DeviceAdapterFactory factory = DeviceAdapterFactories.discover(DemoSite.class.getClassLoader()).get("osdp");
        if (factory == null) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_CONFIG, "no adapter of type osdp on the class path"));
        }
        DeviceAdapter adapter = factory.create(new AdapterSpec(lineId, "osdp", options, specDoors, "controllers[" + lineId + "]"), console);
        adapters.add(adapter);
        for (Spot s : spots) {
            DoorController c = adapter.doors().stream().filter(d -> d.doorId().equals(s.door())).findFirst().orElseThrow();
            doors.add(new DemoDoor(s.door(), lineId, s.address(), s.security(), c, adapter, sim.pd(s.address())));
        }
        return adapter.start();
    }

    private static String demoKey(String sixteenChars) {
        return HexFormat.of().withUpperCase().formatHex(sixteenChars.getBytes(StandardCharsets.US_ASCII));
    }
}
