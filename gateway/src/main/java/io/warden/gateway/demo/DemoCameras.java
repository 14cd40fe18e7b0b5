package io.warden.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.config.CameraConfig;
import io.warden.gateway.config.DoorConfig;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.sim.onvif.OnvifCameraSimulator;
import io.warden.sim.onvif.OnvifCameraSimulator.DeviceInfo;
import io.warden.sim.onvif.OnvifCameraSimulator.Source;
import io.warden.sim.onvif.SimulatedRecording;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated cameras of a config: for every {@code type: onvif} camera one
 * {@link OnvifCameraSimulator} at its {@code host:port}, and one NVR simulator per distinct
 * {@code recorder} ({@code host:port}) with a source per camera that names it by {@code sourceToken}.
 * Each simulator serves RTSP (replay and live) on the port after its HTTP port. Recordings start
 * {@link #HISTORY} before the demo started and are still recording: a camera without a recorder
 * records itself (edge storage); one with a recorder has none of its own, its NVR records it.
 * Credentials are the config's: the camera's username and {@code passwordSecret}; the recorder's,
 * or the camera's when it names none (every camera of one recorder must then agree).
 *
 * <p>Start and stop from any thread. {@link #stop()} undoes whatever started, also after a failed start.
 */
final class DemoCameras {
    /** How much footage the simulated devices hold from before the demo started. */
    static final Duration HISTORY = Duration.ofHours(1);

    private final Vertx vertx;
    private final Map<String, OnvifCameraSimulator> cameras = new ConcurrentHashMap<>();
    private final Map<String, OnvifCameraSimulator> recorders = new ConcurrentHashMap<>();
    private final List<OnvifCameraSimulator> started = new CopyOnWriteArrayList<>();
    private final List<String> descriptions = new CopyOnWriteArrayList<>();
    private Future<Void> stopping;

    private DemoCameras(Vertx vertx) {
        this.vertx = vertx;
    }

    /** One camera of the config as the demo simulates it; {@code recorder} null for edge storage. */
    private record Plan(String at, CameraConfig camera, Endpoint device, Endpoint recorder, String sourceToken, List<String> doors) {}

    /** Where a simulated device listens and who may log in. */
    private record Endpoint(String host, int port, String username, String password) {
        String key() {
            return host + ":" + port;
        }
    }

    /**
     * Starts the camera simulators, then the NVR simulators, in file order.
     *
     * @return fails with BAD_CONFIG naming the camera when an option is missing, a secret undefined,
     *         the recorders' credentials disagree or a port is taken; what had started is stopped again
     */
    static Future<DemoCameras> start(Vertx vertx, GatewayConfig config, Secrets secrets, Clock clock) {
        DemoCameras out = new DemoCameras(vertx);
        Instant recordingStart = clock.instant().minus(HISTORY).truncatedTo(ChronoUnit.SECONDS);
        List<Plan> plans = new ArrayList<>();
        try {
            for (int i = 0; i < config.cameras().size(); i++) {
                CameraConfig c = config.cameras().get(i);
                if ("onvif".equals(c.type())) plans.add(plan("cameras[" + i + "] (" + c.id() + ")", c, config.doorConfigs(), secrets));
            }
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        Map<String, List<Plan>> byRecorder = new LinkedHashMap<>();
        plans.stream().filter(p -> p.recorder() != null).forEach(p -> byRecorder.computeIfAbsent(p.recorder().key(), k -> new ArrayList<>()).add(p));

        Future<Void> chain = Future.succeededFuture();
        for (Plan p : plans) chain = chain.compose(v -> out.startCamera(p, recordingStart, clock));
        for (List<Plan> group : byRecorder.values()) chain = chain.compose(v -> out.startRecorder(group, recordingStart, clock));
        return chain.map(v -> out).recover(e -> out.stop().transform(x -> Future.failedFuture(e)));
    }

    /** The simulator of camera {@code id}, or null. */
    OnvifCameraSimulator camera(String id) {
        return cameras.get(id);
    }

    /** The NVR simulator listening on {@code host:port}, or null. */
    OnvifCameraSimulator recorder(String hostPort) {
        return recorders.get(hostPort);
    }

    /** One line per simulated camera and NVR, for people. */
    List<String> describe() {
        return List.copyOf(descriptions);
    }

    /** Stops every simulator. Idempotent; never fails. */
    synchronized Future<Void> stop() {
        if (stopping == null) {
            stopping = Future.join(started.stream().map(s -> s.stop().recover(e -> Future.succeededFuture())).toList())
                    .<Void>mapEmpty().recover(e -> Future.succeededFuture());
        }
        return stopping;
    }

    private Future<Void> startCamera(Plan p, Instant recordingStart, Clock clock) {
        Source source = new Source("VideoSource_1", p.camera().name(), "Profile_1");
        List<SimulatedRecording> recordings = p.recorder() != null ? List.of()
                : List.of(new SimulatedRecording("Recording_1", source.token(), p.camera().name(), recordingStart, null, List.of()));
        OnvifCameraSimulator.Config config = new OnvifCameraSimulator.Config(p.device().host(), p.device().port(), rtspPort(p.device()),
                p.device().username(), p.device().password(), DeviceInfo.camera(serial(p.camera().id())), List.of(source), recordings,
                null, clock);
        return listen(p.at(), config).onSuccess(sim -> {
            cameras.put(p.camera().id(), sim);
            descriptions.add("%-19s %s, rtsp %d, %s; doors %s".formatted(p.camera().id(), sim.deviceServiceUri(), sim.rtspPort(),
                    p.recorder() == null ? "records itself (edge storage)" : "recorded by the NVR at " + p.recorder().key(),
                    p.doors().isEmpty() ? "none" : String.join(" ", p.doors())));
        }).mapEmpty();
    }

    private Future<Void> startRecorder(List<Plan> group, Instant recordingStart, Clock clock) {
        Endpoint nvr = group.get(0).recorder();
        List<Source> sources = new ArrayList<>();
        List<SimulatedRecording> recordings = new ArrayList<>();
        for (Plan p : group) {
            Endpoint e = p.recorder();
            if (!e.username().equals(nvr.username()) || !e.password().equals(nvr.password())) {
                return Future.failedFuture(bad(p.at() + ".options.recorder: the demo simulates one NVR at " + nvr.key()
                        + " with one login, and its cameras give it different usernames or passwords"));
            }
            Source s = new Source(p.sourceToken(), p.camera().name(), "Profile_" + p.sourceToken());
            if (sources.stream().anyMatch(x -> x.token().equals(s.token()))) {
                return Future.failedFuture(bad(p.at() + ".options.recorder.sourceToken: '" + s.token() + "' names another camera too"));
            }
            sources.add(s);
            recordings.add(new SimulatedRecording("Recording_" + p.sourceToken(), s.token(), p.camera().name(), recordingStart, null, List.of()));
        }
        OnvifCameraSimulator.Config config = new OnvifCameraSimulator.Config(nvr.host(), nvr.port(), rtspPort(nvr), nvr.username(),
                nvr.password(), DeviceInfo.nvr("DEMO-NVR-" + nvr.port()), sources, recordings, null, clock);
        return listen(group.get(0).at() + ".options.recorder", config).onSuccess(sim -> {
            recorders.put(nvr.key(), sim);
            descriptions.add("%-19s %s, rtsp %d, records %s".formatted("NVR " + nvr.key(), sim.deviceServiceUri(), sim.rtspPort(),
                    String.join(" ", group.stream().map(p -> p.camera().id() + " (source " + p.sourceToken() + ")").toList())));
        }).mapEmpty();
    }

    private Future<OnvifCameraSimulator> listen(String at, OnvifCameraSimulator.Config config) {
        OnvifCameraSimulator sim = new OnvifCameraSimulator(vertx, config);
        started.add(sim);
        return sim.start().map(sim).recover(e -> Future.failedFuture(bad(("%s: the simulated device cannot listen on %s:%d (HTTP) and %d "
                + "(RTSP): %s; is another demo running, or is a port taken?").formatted(at, config.host(), config.httpPort(),
                config.rtspPort(), e.getMessage()))));
    }

    /** RTSP on the port after HTTP; with HTTP on any free port (0), RTSP on any free port too. */
    private static int rtspPort(Endpoint e) {
        return e.port() == 0 ? 0 : e.port() + 1;
    }

    private static Plan plan(String at, CameraConfig c, List<DoorConfig> doors, Secrets secrets) {
        JsonObject o = c.optionsJson();
        Endpoint device = endpoint(o, at + ".options", secrets, null);
        Endpoint recorder = null;
        String sourceToken = null;
        JsonObject r = o.getValue("recorder") instanceof JsonObject j ? j : null;
        if (r != null) {
            recorder = endpoint(r, at + ".options.recorder", secrets, device);
            sourceToken = r.getString("sourceToken");
            if (sourceToken == null || sourceToken.isBlank()) {
                throw bad(at + ".options.recorder.sourceToken: the demo's NVR simulator finds a camera's footage by its source token; "
                        + "give one (recordingToken is for real NVRs)");
            }
        }
        List<String> linked = doors.stream().filter(d -> d.cameras().contains(c.id())).map(DoorConfig::id).toList();
        return new Plan(at, c, device, recorder, sourceToken, linked);
    }

    private static Endpoint endpoint(JsonObject o, String at, Secrets secrets, Endpoint defaults) {
        String host = o.getString("host");
        if (host == null) throw bad(at + ".host: missing");
        Object portValue = o.getValue("port");
        if (!(portValue instanceof Number port) || port.intValue() < 1 || port.intValue() > 65_534) {
            throw bad(at + ".port: the demo simulates the device, so give it a port of its own (1..65534; RTSP takes the next one)");
        }
        String user = o.getString("username");
        String secret = o.getString("passwordSecret");
        if (defaults != null && user == null && secret == null) {
            return new Endpoint(host, port.intValue(), defaults.username(), defaults.password());
        }
        if (user == null) throw bad(at + ".username: missing");
        if (secret == null) throw bad(at + ".passwordSecret: missing");
        String password = secrets.secret(secret).orElseThrow(() -> bad(at + ".passwordSecret: secret '" + secret + "' is not defined"));
        return new Endpoint(host, port.intValue(), user, Objects.requireNonNull(password));
    }

    private static String serial(String cameraId) {
        return "DEMO-" + cameraId.toUpperCase(Locale.ROOT);
    }

    private static WardenException bad(String message) {
        return new WardenException(ErrorCode.BAD_CONFIG, message);
    }
}
