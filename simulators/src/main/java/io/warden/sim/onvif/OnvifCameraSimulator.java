package io.warden.sim.onvif;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.sim.rtsp.RtspReplayServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated ONVIF camera (one source) or NVR (several): the SOAP services of SHARED-SPEC (device, media, media2,
 * search, recording, replay, events) on one Vert.x HTTP server, the Digest-protected snapshot, and, when the config
 * asks for it, the RTSP replay server. Every service answers on every {@code /onvif/...} path (as Axis does);
 * GetServices advertises one path per service.
 *
 * <p>Threading: built and started from any thread; requests run on the server's event loop, XML parsing on a
 * worker. Faults ({@link OnvifCameraFaults}) may be flipped from any thread while it runs.
 */
public final class OnvifCameraSimulator extends OnvifSimDeviceBase {
    private static final Logger log = LoggerFactory.getLogger(OnvifCameraSimulator.class);
    /** RTSP port advertised when the config runs no RTSP server. */
    static final int DEFAULT_RTSP_PORT = 554;

    /** GetDeviceInformation's five fields. */
    public record DeviceInfo(String manufacturer, String model, String firmware, String serialNumber, String hardwareId) {
        public static DeviceInfo camera(String serial) {
            return new DeviceInfo("Warden", "Simulated camera", "1.0.0", serial, "WSIM-CAM");
        }

        public static DeviceInfo nvr(String serial) {
            return new DeviceInfo("Warden", "Simulated NVR", "1.0.0", serial, "WSIM-NVR");
        }
    }

    /**
     * A video source and its one H.264 media profile (320x240, 10 fps: the looped clip).
     *
     * @param token        video source token (SourceToken of the profile, SourceId of its recordings)
     * @param name         human name, e.g. "Gym east door"
     * @param profileToken media profile token
     */
    public record Source(String token, String name, String profileToken) {
        public Source {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(profileToken, "profileToken");
            name = name == null ? token : name;
        }
    }

    /**
     * @param host       address to bind and to advertise in every URI
     * @param httpPort   SOAP/snapshot port, 0 for any free one
     * @param rtspPort   RTSP port (0 for any free one); null runs no RTSP server and advertises port 554
     * @param recordings each one's sourceToken names one of {@code sources}
     */
    public record Config(String host, int httpPort, Integer rtspPort, String username, String password, DeviceInfo device,
                         List<Source> sources, List<SimulatedRecording> recordings, OnvifCameraFaults faults, Clock clock) {
        public Config {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(device, "device");
            sources = List.copyOf(sources);
            recordings = List.copyOf(recordings);
            faults = faults == null ? new OnvifCameraFaults() : faults;
            clock = clock == null ? Clock.systemUTC() : clock;
            if (sources.isEmpty()) throw new IllegalArgumentException("sources: at least one video source");
            Set<String> tokens = new HashSet<>();
            Set<String> profiles = new HashSet<>();
            for (Source s : sources) {
                if (!tokens.add(s.token())) throw new IllegalArgumentException("sources: duplicate token " + s.token());
                if (!profiles.add(s.profileToken())) throw new IllegalArgumentException("sources: duplicate profile " + s.profileToken());
            }
            Set<String> recs = new HashSet<>();
            for (SimulatedRecording r : recordings) {
                if (!tokens.contains(r.sourceToken())) {
                    throw new IllegalArgumentException("recordings[" + r.token() + "].sourceToken: no source " + r.sourceToken());
                }
                if (!recs.add(r.token())) throw new IllegalArgumentException("recordings: duplicate token " + r.token());
            }
        }

        /** A camera with one source recording since {@code recordingStart}, still recording. */
        public static Config camera(String host, String username, String password, Instant recordingStart) {
            Source s = new Source("VideoSource_1", "Camera 1", "Profile_1");
            return new Config(host, 0, null, username, password, DeviceInfo.camera("SIM-0001"), List.of(s),
                    List.of(new SimulatedRecording("Recording_1", s.token(), s.name(), recordingStart, null, List.of())),
                    new OnvifCameraFaults(), Clock.systemUTC());
        }

        /** An NVR with {@code n} sources, one recording each, all recording since {@code recordingStart}. */
        public static Config nvr(String host, String username, String password, int n, Instant recordingStart) {
            List<Source> sources = new ArrayList<>();
            List<SimulatedRecording> recs = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                Source s = new Source("VideoSource_" + i, "Channel " + i, "Profile_" + i);
                sources.add(s);
                recs.add(new SimulatedRecording("Recording_" + i, s.token(), s.name(), recordingStart, null, List.of()));
            }
            return new Config(host, 0, null, username, password, DeviceInfo.nvr("SIM-NVR-0001"), sources, recs,
                    new OnvifCameraFaults(), Clock.systemUTC());
        }

        public Config withPorts(int http, Integer rtsp) {
            return new Config(host, http, rtsp, username, password, device, sources, recordings, faults, clock);
        }

        public Config withClock(Clock c) {
            return new Config(host, httpPort, rtspPort, username, password, device, sources, recordings, faults, c);
        }

        public Config withRecordings(List<SimulatedRecording> r) {
            return new Config(host, httpPort, rtspPort, username, password, device, sources, r, faults, clock);
        }
    }

    private final Config config;
    private final Map<String, SimulatedRecording> recordings = new LinkedHashMap<>();
    private RtspReplayServer rtsp;
    private OnvifSimEndpoint endpoint;
    private OnvifSimSearchService search;
    private OnvifSimEventService events;
    /** source token → motion now (the CellMotionDetector property), for the Initialized burst. */
    private final Map<String, Boolean> motion = new LinkedHashMap<>();
    private volatile int boundHttpPort;
    private volatile int boundRtspPort = DEFAULT_RTSP_PORT;

    public OnvifCameraSimulator(Vertx vertx, Config config) {
        super(vertx, config.host(), config.username(), config.password(), config.clock());
        this.config = config;
        for (SimulatedRecording r : config.recordings()) recordings.put(r.token(), r);
    }

    /** Loads the snapshot, binds HTTP (and RTSP when configured). Fails when a port is taken or RTSP cannot start. */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        for (Source s : config.sources()) motion.putIfAbsent(s.token(), false);
        // everything (requests, timers, events) runs on one context
        return context.executeBlocking(OnvifCameraSimulator::loadSnapshot, false).compose(jpeg -> {
            Map<String, OnvifSimCall.Operation> ops = new HashMap<>();
            new OnvifSimDeviceService(this, OnvifSimDeviceService.cameraServices(), List.of("S", "G", "T")).register(ops);
            new OnvifSimMediaService(this).register(ops);
            new OnvifSimRecordingService(this).register(ops);
            search = new OnvifSimSearchService(this);
            search.register(ops);
            events = new OnvifSimEventService(this, this::motionStates);
            events.register(ops);
            endpoint = new OnvifSimEndpoint(this, ops, name -> config.sources().stream()
                    .anyMatch(s -> (s.profileToken() + ".jpg").equals(name)) ? jpeg : null);
            return endpoint.listen(config.host(), config.httpPort());
        }).<Void>compose(s -> {
            boundHttpPort = s.actualPort();
            if (config.rtspPort() == null) return Future.succeededFuture();
            try {
                rtsp = new RtspReplayServer(vertx, deviceClock(), recordings, config.username(), config.password(), config.faults());
                return rtsp.listen(config.host(), config.rtspPort()).map(p -> {
                    boundRtspPort = p;
                    return (Void) null;
                });
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }).recover(err -> stop().transform(x -> Future.<Void>failedFuture(err))).onSuccess(v -> log.info("event=onvif_sim_started device={} sources={} recordings={} http={} rtsp={}",
                config.device().model(), config.sources().size(), recordings.size(), deviceServiceUri(),
                rtsp == null ? "off" : String.valueOf(boundRtspPort))).mapEmpty();
    }

    /** Closes the HTTP server (and RTSP), cancels pending long-polls and search sessions. */
    public Future<Void> stop() {
        if (context == null) return Future.succeededFuture();
        Future<Void> quiet = Future.future(p -> context.runOnContext(v -> {
            if (search != null) search.close();
            if (events != null) events.reset();
            p.complete();
        }));
        return quiet.compose(v -> {
            Future<Void> http = endpoint == null ? Future.succeededFuture() : endpoint.close();
            Future<Void> rt = rtsp == null ? Future.succeededFuture() : rtsp.close();
            return Future.join(http, rt).mapEmpty();
        });
    }

    @Override
    public int httpPort() {
        return boundHttpPort;
    }

    /** The RTSP port advertised in URIs: the bound one, or 554 when no RTSP server runs. */
    public int rtspPort() {
        return boundRtspPort;
    }

    public String replayUri(String recordingToken) {
        return "rtsp://" + OnvifSimDevice.uriHost(config.host()) + ":" + boundRtspPort + "/replay/" + recordingToken;
    }

    public String liveUri(String sourceToken) {
        return "rtsp://" + OnvifSimDevice.uriHost(config.host()) + ":" + boundRtspPort + "/live/" + sourceToken;
    }

    public String snapshotUri(String profileToken) {
        return "http://" + OnvifSimDevice.uriHost(config.host()) + ":" + boundHttpPort + "/snapshot/" + profileToken + ".jpg";
    }

    public Config config() {
        return config;
    }

    /** The clockSkew fault. */
    @Override
    public Duration clockOffset() {
        return config.faults().clockSkew;
    }

    /**
     * The device's clock as a {@link Clock} (follows later changes of the clockSkew fault). Footage is stamped with it,
     * as a real camera stamps its recordings with its own clock: recording times are device times.
     */
    public Clock deviceClock() {
        Clock host = config.clock();
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the device clock is UTC");
            }

            @Override
            public Instant instant() {
                return host.instant().plus(clockOffset());
            }
        };
    }

    /** Recordings by token, in config order. */
    Map<String, SimulatedRecording> recordings() {
        return recordings;
    }

    /**
     * The scene in front of {@code sourceToken} starts or stops moving: the camera's motion detector publishes
     * {@code tns1:RuleEngine/CellMotionDetector/Motion} (Changed; Source VideoSourceConfigurationToken = the source token,
     * VideoAnalyticsConfigurationToken, Rule MyMotionDetectorRule; Data IsMotion) when the state changes. Any thread,
     * after {@link #start()}.
     */
    public void motion(String sourceToken, boolean active) {
        if (config.sources().stream().noneMatch(s -> s.token().equals(sourceToken))) {
            throw new IllegalArgumentException("no video source " + sourceToken);
        }
        if (context == null) throw new IllegalStateException("motion: the camera is not started");
        context.runOnContext(v -> {
            Boolean was = motion.put(sourceToken, active);
            if (was == null || was != active) events.publish(motionMessage(sourceToken, active, "Changed"));
        });
    }

    private List<OnvifSimNotification> motionStates() {
        List<OnvifSimNotification> out = new ArrayList<>();
        motion.forEach((token, active) -> out.add(motionMessage(token, active, "Initialized")));
        return out;
    }

    private OnvifSimNotification motionMessage(String sourceToken, boolean active, String op) {
        Map<String, String> source = new LinkedHashMap<>();
        // named by the video source token, which the camera adapter reports as the motion's source (issue 10 plan);
        // a real camera names its VideoSourceConfiguration here (this simulator's GetProfiles: VideoSourceConfig_<source>)
        source.put("VideoSourceConfigurationToken", sourceToken);
        source.put("VideoAnalyticsConfigurationToken", "VideoAnalyticsConfiguration_1");
        source.put("Rule", "MyMotionDetectorRule");
        return new OnvifSimNotification("RuleEngine/CellMotionDetector/Motion", deviceNow(), op, source,
                Map.of("IsMotion", String.valueOf(active)));
    }

    @Override
    public DeviceInfo deviceInfo() {
        return config.device();
    }

    @Override
    public boolean offline() {
        return config.faults().offline;
    }

    @Override
    public Duration responseDelay() {
        return config.faults().responseDelay;
    }

    private static byte[] loadSnapshot() throws IOException {
        try (InputStream in = OnvifCameraSimulator.class.getResourceAsStream("snapshot.jpg")) {
            if (in == null) throw new IOException("resource io/warden/sim/onvif/snapshot.jpg missing");
            return in.readAllBytes();
        }
    }
}
