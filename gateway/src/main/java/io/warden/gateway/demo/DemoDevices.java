package io.warden.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PrivateFiles;
import io.warden.gateway.config.ControllerConfig;
import io.warden.gateway.config.DoorConfig;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.sim.osdp.PtyPair;
import io.warden.sim.onvif.OnvifCameraSimulator;
import io.warden.sim.onvif.door.OnvifDoorControllerSimulator;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated devices a config describes: for every {@code type: osdp} controller one
 * {@link OsdpPdSimulator} with one PD per {@code devices[]} entry, served where the gateway will
 * look for it.
 * <ul>
 *   <li>{@code transport: serial}, {@code device: DIR/a}: a socat pseudo-terminal pair in DIR (links
 *       {@code a} and {@code b}); the gateway opens {@code a}, the simulator serves {@code b}, its
 *       replies paced at the line's baud rate as a real RS-485 line would;</li>
 *   <li>{@code transport: tcp}: the simulator listens on the configured host and port.</li>
 * </ul>
 * A PD with {@code secure: required} and a {@code scbkSecret} holds that key and talks only inside
 * the secure channel; one with {@code install: true} starts fresh from the box, in install mode
 * without a key, so the gateway provisions it; the others talk plaintext.
 *
 * <p>For every {@code type: onvif} controller one {@link OnvifDoorControllerSimulator} at its
 * {@code host:port}, with the configured login ({@code username}, {@code passwordSecret}) and one door per
 * configured door on it, named by its {@code point.token}; it releases a door for the door's pulse time.
 *
 * <p>Then the cameras: an ONVIF camera simulator for every {@code type: onvif} camera and an NVR
 * simulator per recorder ({@link DemoCameras}).
 *
 * <p>Start and stop from any thread. {@link #stop()} undoes whatever started, also after a failed start.
 */
public final class DemoDevices {
    /**
     * A door as the simulated people see it: on an OSDP line, the PD that drives it and which of its points
     * are the door's; on an ONVIF controller, the controller and the door's token there.
     *
     * @param pd      the door's PD, or null on an ONVIF controller
     * @param reader  whether the door has the PD's reader 0, where {@link OsdpSimulatedPd#swipeCard} presents
     *                cards for the gateway to decide (an ONVIF controller's reader decides itself: false)
     * @param onvif   the door's ONVIF controller, or null on an OSDP line
     * @param token   its DoorToken on {@code onvif}, or null
     * @param cameras the ids of the cameras that see it
     */
    public record Door(String id, String controller, OsdpSimulatedPd pd, int contact, int rex, boolean reader,
                       OnvifDoorControllerSimulator onvif, String token, Duration pulse, Duration heldOpen, List<String> cameras) {

        /** Whether the door has a contact people open and close (ONVIF controllers report every door's). */
        public boolean hasContact() {
            return onvif != null || contact >= 0;
        }

        /** Whether the door has a request-to-exit button. */
        public boolean hasExitButton() {
            return onvif != null || rex >= 0;
        }
    }

    /** GetDoorInfoList pages as small as a real controller's may be, so the adapter pages through its doors. */
    private static final int CONTROLLER_PAGE_SIZE = 3;

    private final Vertx vertx;
    private final Map<String, OsdpPdSimulator> lines = new ConcurrentHashMap<>();
    private final Map<String, OnvifDoorControllerSimulator> controllers = new ConcurrentHashMap<>();
    private final List<OnvifDoorControllerSimulator> startedControllers = new CopyOnWriteArrayList<>();
    private final List<PtyPair> ptys = new CopyOnWriteArrayList<>();
    private final List<String> descriptions = new CopyOnWriteArrayList<>();
    private final List<Door> doors = new ArrayList<>();
    private volatile DemoCameras cameras;
    private Future<Void> stopping;

    private DemoDevices(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Starts a simulator for every OSDP and ONVIF controller of {@code config}, in file order, then the cameras.
     *
     * @param baseDir what a relative serial {@code device:} resolves against (the working directory)
     * @param secrets where {@code scbkSecret} and {@code passwordSecret} references resolve (the same
     *                secrets the gateway gets)
     * @param clock   the simulated cameras' clock; their recordings start an hour before its now
     * @return fails with BAD_CONFIG when socat is missing, a port is taken, a key or password is
     *         missing, or a serial device is not a path ending in {@code /a}; what had started is stopped again
     */
    public static Future<DemoDevices> start(Vertx vertx, GatewayConfig config, Path baseDir, Secrets secrets, Clock clock) {
        DemoDevices devices = new DemoDevices(vertx);
        Future<Void> chain = Future.succeededFuture();
        List<ControllerConfig> controllers = config.controllers();
        for (int i = 0; i < controllers.size(); i++) {
            ControllerConfig c = controllers.get(i);
            String at = "controllers[" + i + "] (" + c.id() + ")";
            if ("osdp".equals(c.type())) chain = chain.compose(v -> devices.startLine(c, at, baseDir, secrets));
            else if ("onvif".equals(c.type())) chain = chain.compose(v -> devices.startController(c, at, config.doorConfigs(), secrets, clock));
        }
        return chain.compose(v -> DemoCameras.start(vertx, config, secrets, clock)).map(c -> {
            devices.cameras = c;
            devices.mapDoors(config.doorConfigs());
            return devices;
        }).recover(e -> devices.stop().transform(x -> Future.failedFuture(e)));
    }

    /** The simulated PD at {@code address} on controller {@code controller}, or null. */
    public OsdpSimulatedPd pd(String controller, int address) {
        OsdpPdSimulator sim = lines.get(controller);
        return sim == null ? null : sim.pd(address);
    }

    /** The simulated ONVIF door controller of controller {@code id}, or null. */
    public OnvifDoorControllerSimulator controller(String id) {
        return controllers.get(id);
    }

    /** Every door on a simulated line or controller, in config order. */
    public List<Door> doors() {
        return List.copyOf(doors);
    }

    /**
     * One line per simulated OSDP line and ONVIF door controller, for people, e.g. {@code line-b  tcp 127.0.0.1:47101, PDs 1 2 3 4}
     * or {@code ctl-east  onvif http://127.0.0.1:47301/onvif/device_service, doors east-entrance (Door_1) ...}.
     */
    public List<String> describe() {
        return List.copyOf(descriptions);
    }

    /** One line per simulated camera and NVR, e.g. {@code cam-gym  http://127.0.0.1:47211/onvif/device_service, rtsp 47212, ...}. */
    public List<String> describeCameras() {
        DemoCameras c = cameras;
        return c == null ? List.of() : c.describe();
    }

    /** The simulator of camera {@code id} (tests switch its faults), or null. */
    public OnvifCameraSimulator camera(String id) {
        DemoCameras c = cameras;
        return c == null ? null : c.camera(id);
    }

    /** Whether a line runs over a pseudo-terminal (and so through jSerialComm). */
    public boolean hasSerialLines() {
        return !ptys.isEmpty();
    }

    /** Stops the simulators, then socat. Idempotent; never fails. */
    public synchronized Future<Void> stop() {
        if (stopping == null) {
            List<Future<Void>> closing = new ArrayList<>(lines.values().stream().map(OsdpPdSimulator::close).toList());
            startedControllers.forEach(s -> closing.add(s.stop().recover(e -> Future.succeededFuture())));
            DemoCameras c = cameras;
            if (c != null) closing.add(c.stop());
            stopping = Future.join(closing).<Void>mapEmpty().recover(e -> Future.succeededFuture())
                    .compose(v -> vertx.executeBlocking(() -> {
                        for (PtyPair p : ptys) {
                            p.close();
                            Files.deleteIfExists(p.a().resolveSibling("socat.log"));
                        }
                        return null;
                    }, false))
                    .<Void>mapEmpty().recover(e -> Future.succeededFuture());
        }
        return stopping;
    }

    private Future<Void> startLine(ControllerConfig c, String at, Path baseDir, Secrets secrets) {
        JsonObject options = c.optionsJson();
        List<OsdpPdConfig> pds;
        try {
            pds = pds(options.getJsonArray("devices", new JsonArray()), at, secrets);
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        String addresses = String.join(" ", pds.stream().map(p -> String.valueOf(p.address())).toList());
        if ("tcp".equals(options.getString("transport"))) {
            String host = options.getString("host");
            int port = options.getInteger("port");
            return OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT, pds).compose(sim -> {
                lines.put(c.id(), sim);
                return sim.serveTcp(host, port).recover(e -> Future.failedFuture(bad(("%s: the simulated line cannot listen on %s:%d (%s); "
                        + "is another demo running, or is the port taken?").formatted(at, host, port, e.getMessage()))));
            }).onSuccess(p -> descriptions.add("%-8s tcp %s:%d, PDs %s".formatted(c.id(), host, p, addresses))).mapEmpty();
        }
        int baud = options.getInteger("baud", 9600);
        Path device = baseDir.resolve(options.getString("device")).normalize();
        if (device.getFileName() == null || !device.getFileName().toString().equals("a") || device.getParent() == null) {
            return Future.failedFuture(bad(at + ".options.device: the demo simulates a serial line with a socat pseudo-terminal "
                    + "pair, so the device must be a path ending in /a (e.g. data/demo/a), not " + options.getString("device")));
        }
        return vertx.executeBlocking(() -> openPty(device.getParent(), at), false)
                .compose(pty -> {
                    ptys.add(pty);
                    return OsdpPdSimulator.start(vertx, new OsdpPdSimulator.Options(true, baud, Duration.ofMillis(50)), pds);
                })
                .compose(sim -> {
                    lines.put(c.id(), sim);
                    return sim.serveSerial(device.resolveSibling("b").toString(), baud);
                })
                .onSuccess(v -> descriptions.add("%-8s serial %s, %d baud (socat pty pair; the PDs answer on %s, paced), PDs %s"
                        .formatted(c.id(), options.getString("device"), baud, device.resolveSibling("b").getFileName(), addresses)));
    }

    /** The ONVIF door controller of {@code c}, serving the doors configured on it by their tokens. */
    private Future<Void> startController(ControllerConfig c, String at, List<DoorConfig> doorConfigs, Secrets secrets, Clock clock) {
        JsonObject o = c.optionsJson();
        String host = o.getString("host");
        Object port = o.getValue("port");
        String user = o.getString("username");
        String secret = o.getString("passwordSecret");
        if (host == null) return Future.failedFuture(bad(at + ".options.host: missing"));
        if (!(port instanceof Number p) || p.intValue() < 0 || p.intValue() > 65_535) {
            return Future.failedFuture(bad(at + ".options.port: the demo simulates the controller, so give it a port of its own"));
        }
        if (user == null || secret == null) {
            return Future.failedFuture(bad(at + ".options: the demo's simulated controller needs a username and passwordSecret"));
        }
        String password = secrets.secret(secret).orElse(null);
        if (password == null) return Future.failedFuture(bad(at + ".options.passwordSecret: secret '" + secret + "' is not defined"));
        List<OnvifDoorControllerSimulator.Door> doors = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (DoorConfig d : doorConfigs) {
            if (!d.controller().equals(c.id())) continue;
            String token = d.pointJson().getString("token");
            doors.add(new OnvifDoorControllerSimulator.Door(token, d.name(), d.pulse()));
            named.add(d.id() + " (" + token + ")");
        }
        OnvifDoorControllerSimulator sim;
        try {
            sim = new OnvifDoorControllerSimulator(vertx, new OnvifDoorControllerSimulator.Config(host, ((Number) port).intValue(), user,
                    password, doors, CONTROLLER_PAGE_SIZE, clock));
        } catch (RuntimeException e) {
            return Future.failedFuture(bad(at + ": the simulated controller cannot be made: " + e.getMessage()));
        }
        startedControllers.add(sim);
        return sim.start().recover(e -> Future.failedFuture(bad(("%s: the simulated controller cannot listen on %s:%s (%s); "
                        + "is another demo running, or is the port taken?").formatted(at, host, port, e.getMessage()))))
                .onSuccess(v -> {
                    controllers.put(c.id(), sim);
                    descriptions.add("%-8s onvif %s, doors %s".formatted(c.id(), sim.deviceServiceUri(), String.join(" ", named)));
                });
    }

    /** Blocking: creates the directory, clears links a crashed run left behind, starts socat. */
    private static PtyPair openPty(Path dir, String at) throws IOException {
        try {
            PrivateFiles.createDirectories(dir); // before the gateway: dataDir must not be made 0755 here
            for (String end : List.of("a", "b")) {
                Path link = dir.resolve(end);
                if (Files.isSymbolicLink(link)) Files.delete(link);
                else if (Files.exists(link)) throw bad(at + ": " + link + " exists and is not a link a demo made; remove it");
            }
            return PtyPair.open(dir);
        } catch (IOException e) {
            throw bad(at + ": " + e.getMessage());
        }
    }

    private static List<OsdpPdConfig> pds(JsonArray devices, String at, Secrets secrets) {
        List<OsdpPdConfig> out = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            JsonObject d = devices.getJsonObject(i);
            String path = at + ".options.devices[" + i + "].scbkSecret";
            OsdpPdConfig pd = OsdpPdConfig.defaults(d.getInteger("address"));
            String ref = d.getString("scbkSecret");
            if (d.getBoolean("install", false)) {
                pd = pd.withInstallMode(true); // fresh from the box: no key until the gateway sends one
            } else if ("required".equals(d.getString("secure")) && ref != null) {
                String hex = secrets.secret(ref).orElseThrow(() -> bad(path + ": secret '" + ref + "' is not defined"));
                try {
                    pd = pd.withScbk(OsdpPdConfig.parseKey(hex)).withSecureRequired(true);
                } catch (IllegalArgumentException e) {
                    throw bad(path + ": secret '" + ref + "' is not 32 hex digits");
                }
            }
            out.add(pd);
        }
        return out;
    }

    private void mapDoors(List<DoorConfig> configs) {
        for (DoorConfig d : configs) {
            OnvifDoorControllerSimulator controller = controllers.get(d.controller());
            if (controller != null) {
                doors.add(new Door(d.id(), d.controller(), null, -1, -1, false, controller, d.pointJson().getString("token"),
                        d.pulse(), d.heldOpen(), d.cameras()));
                continue;
            }
            OsdpPdSimulator sim = lines.get(d.controller());
            JsonObject p = d.pointJson();
            OsdpSimulatedPd pd = sim == null ? null : sim.pd(p.getInteger("address", -1));
            if (pd == null) continue;
            doors.add(new Door(d.id(), d.controller(), pd, p.getInteger("contact", -1), p.getInteger("rex", -1),
                    p.getInteger("reader", 0) == 0, null, null, d.pulse(), d.heldOpen(), d.cameras()));
        }
    }

    private static WardenException bad(String message) {
        return new WardenException(ErrorCode.BAD_CONFIG, message);
    }
}
