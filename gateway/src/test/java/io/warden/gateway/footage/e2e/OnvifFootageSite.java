package io.warden.gateway.footage.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.e2e.E2eTeardown;
import io.warden.sim.onvif.OnvifCameraSimulator;
import io.warden.sim.onvif.SimulatedRecording;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A real gateway (127.0.0.1:0, temp data dir, YAML config) in front of simulated devices over their real transports:
 * an OSDP PD on TCP driving door {@code gym-east}, which two ONVIF cameras see: {@code cam-edge} (a simulated camera
 * with edge storage and RTSP) and {@code cam-nvr} (a simulated camera whose footage is channel 2 of a simulated NVR,
 * its {@code recorder} option naming the channel by sourceToken). Footage times are whole seconds; the recordings
 * started half an hour ago and are still recording. Blocking: use from the test thread.
 */
final class OnvifFootageSite implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(45);
    static final String DOOR = "gym-east";
    private static final String CAM_USER = "admin";
    private static final String CAM_PW = "cam-pw-7";
    private static final String NVR_PW = "nvr-pw-9";

    /** How the site is built. */
    record Options(long edgeGapAt, long edgeGapSeconds, String nvrCameraPassword, int afterSeconds, long edgeSkewSeconds) {
        static Options plain() {
            return new Options(0, 0, NVR_PW, 120, 0);
        }

        /** The edge camera's clock runs this far ahead of the host's (its footage is stamped with it). */
        Options withEdgeSkew(long seconds) {
            return new Options(edgeGapAt, edgeGapSeconds, nvrCameraPassword, afterSeconds, seconds);
        }

        /** The edge camera recorded nothing from {@code at} seconds after the recording start, for {@code seconds}. */
        Options withEdgeGap(long at, long seconds) {
            return new Options(at, seconds, nvrCameraPassword, afterSeconds, edgeSkewSeconds);
        }

        Options withWrongNvrCameraPassword() {
            return new Options(edgeGapAt, edgeGapSeconds, "wrong-" + NVR_PW, afterSeconds, edgeSkewSeconds);
        }

        Options withAutoCaptureAfter(int seconds) {
            return new Options(edgeGapAt, edgeGapSeconds, nvrCameraPassword, seconds, edgeSkewSeconds);
        }
    }

    /** Recording start of every simulated recording. */
    final Instant recordingStart = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    final Vertx vertx = Vertx.vertx();
    final Path dir;
    final OnvifCameraSimulator edge;
    final OnvifCameraSimulator nvrCamera;
    final OnvifCameraSimulator nvr;
    OsdpPdSimulator line;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private Gateway gateway;

    private OnvifFootageSite(Options o) throws Exception {
        dir = Files.createTempDirectory("warden-onvif-e2e");
        OnvifCameraSimulator.Config e = OnvifCameraSimulator.Config.camera("127.0.0.1", CAM_USER, CAM_PW, recordingStart).withPorts(0, 0);
        e = e.withRecordings(List.of(new SimulatedRecording("Recording_1", "VideoSource_1", "Gym east", recordingStart, null,
                o.edgeGapSeconds() == 0 ? List.of() : List.of(new SimulatedRecording.Gap(recordingStart.plusSeconds(o.edgeGapAt()),
                        recordingStart.plusSeconds(o.edgeGapAt() + o.edgeGapSeconds()))))));
        edge = new OnvifCameraSimulator(vertx, e);
        edge.config().faults().clockSkew = Duration.ofSeconds(o.edgeSkewSeconds());
        nvrCamera = new OnvifCameraSimulator(vertx, OnvifCameraSimulator.Config.camera("127.0.0.1", CAM_USER, NVR_PW, recordingStart)
                .withPorts(0, null));
        nvr = new OnvifCameraSimulator(vertx, OnvifCameraSimulator.Config.nvr("127.0.0.1", "nvr", NVR_PW, 3, recordingStart).withPorts(0, 0));
        startAll(o);
    }

    static OnvifFootageSite start(Options o) throws Exception {
        return new OnvifFootageSite(o);
    }

    private void startAll(Options o) throws Exception {
        try {
            await(edge.start(), DEADLINE);
            await(nvrCamera.start(), DEADLINE);
            await(nvr.start(), DEADLINE);
            line = await(OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT, List.of(OsdpPdConfig.defaults(1))), DEADLINE);
            int tcp = await(line.serveTcp("127.0.0.1", 0), DEADLINE);
            GatewayConfig config = ConfigLoader.parse(yaml(tcp, o), "onvif-e2e.yaml", Gateway.factories().keySet(), Map.of(), dir);
            Secrets secrets = Secrets.of(Map.of(), Map.of("EDGE_PW", CAM_PW, "NVRCAM_PW", o.nvrCameraPassword(), "NVR_PW", NVR_PW));
            gateway = await(Gateway.start(vertx, config, secrets, 0, Clock.systemUTC()), DEADLINE);
            until(() -> get("/api/v1/doors/" + DOOR, "viewer").json().getJsonObject("state").getBoolean("online"), "the door online", DEADLINE);
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    private String yaml(int tcpPort, Options o) throws Exception {
        StringBuilder y = new StringBuilder();
        y.append("http: {host: 127.0.0.1, port: 8080}\ndataDir: data\n");
        y.append("sites:\n  - id: s1\n    zones: [{id: north}]\n");
        y.append("controllers:\n  - id: line-b\n    type: osdp\n    options:\n      transport: tcp\n      host: 127.0.0.1\n");
        y.append("      port: ").append(tcpPort).append("\n      offlineAfterMs: 1500\n      probeIntervalMs: 300\n");
        y.append("      devices:\n        - {address: 1, secure: 'off'}\n");
        y.append("doors:\n  - id: ").append(DOOR).append("\n    site: s1\n    zone: north\n    exterior: true\n    controller: line-b\n");
        y.append("    point: {address: 1, strike: 0, contact: 0, rex: 1, reader: 0, wiring: fail-secure}\n");
        y.append("    cameras: [cam-edge, cam-nvr]\n");
        y.append("cameras:\n");
        y.append("  - {id: cam-edge, name: Gym east edge, site: s1, zone: north, type: onvif, options: {host: 127.0.0.1, port: ")
                .append(edge.httpPort()).append(", username: ").append(CAM_USER).append(", passwordSecret: EDGE_PW, healthIntervalSeconds: 5}}\n");
        y.append("  - {id: cam-nvr, name: Gym east NVR, site: s1, zone: north, type: onvif, options: {host: 127.0.0.1, port: ")
                .append(nvrCamera.httpPort()).append(", username: ").append(CAM_USER).append(", passwordSecret: NVRCAM_PW, healthIntervalSeconds: 5,")
                .append(" recorder: {host: 127.0.0.1, port: ").append(nvr.httpPort()).append(", username: nvr, passwordSecret: ")
                .append(o.nvrCameraPassword().equals(NVR_PW) ? "NVR_PW" : "NVRCAM_PW").append(", sourceToken: VideoSource_2}}}\n");
        y.append("tokens:\n");
        for (String role : List.of("viewer", "investigator", "admin")) {
            y.append("  - {name: ").append(role).append("-user, role: ").append(role).append(", sha256: ").append(sha256(role + "-token")).append("}\n");
        }
        y.append("footage:\n  gapSeconds: 2\n  autoCapture: {enabled: true, on: [door.forced], beforeSeconds: 20, afterSeconds: ")
                .append(o.afterSeconds()).append("}\n");
        return y.toString();
    }

    Path evidence(String id) {
        return dir.resolve("data").resolve("evidence").resolve(id);
    }

    // ---- HTTP ----

    record Response(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    Response get(String path, String role) {
        return send(request(path, role).GET());
    }

    Response post(String path, String role, JsonObject body) {
        return send(request(path, role).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private HttpRequest.Builder request(String path, String role) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + role + "-token");
    }

    private Response send(HttpRequest.Builder b) {
        HttpResponse<String> r = E2eTeardown.exchange(http, b);
        return new Response(r.statusCode(), r.body());
    }

    /** Opens /api/v1/events as the investigator and collects every {@code footage.progress} event's data. */
    List<JsonObject> progressEvents() {
        List<JsonObject> out = new CopyOnWriteArrayList<>();
        String[] event = new String[1];
        http.sendAsync(request("/api/v1/events", "investigator").timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(l -> {
                    if (l.startsWith("event: ")) event[0] = l.substring(7).trim();
                    else if (l.startsWith("data: ") && "footage.progress".equals(event[0])) out.add(new JsonObject(l.substring(6)));
                }));
        return out;
    }

    /** POSTs a footage request as the investigator; returns the job id. */
    String request(JsonObject body) {
        Response r = post("/api/v1/footage", "investigator", body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getString("id");
    }

    JsonObject job(String id) {
        Response r = get("/api/v1/footage/" + id, "investigator");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    JsonObject finished(String id) {
        JsonObject[] last = new JsonObject[1];
        until(() -> {
            last[0] = job(id);
            return List.of("done", "failed", "cancelled").contains(last[0].getString("status"));
        }, "job " + id + " to finish", DEADLINE);
        return last[0];
    }

    static JsonObject camera(JsonObject job, String id) {
        for (Object o : job.getJsonArray("cameras", new JsonArray())) {
            if (id.equals(((JsonObject) o).getString("id"))) return (JsonObject) o;
        }
        throw new AssertionError("no camera " + id + " in " + job.encodePrettily());
    }

    // ---- waiting, closing ----

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws Exception {
        List<Exception> errors = new ArrayList<>();
        for (var step : List.<Step>of(() -> {
            if (gateway != null) await(gateway.stop(), DEADLINE);
        }, () -> {
            if (line != null) await(line.close(), DEADLINE);
        }, () -> await(edge.stop(), DEADLINE), () -> await(nvrCamera.stop(), DEADLINE), () -> await(nvr.stop(), DEADLINE), () -> await(vertx.close(), DEADLINE), () -> {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        })) {
            try {
                step.run();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) throw errors.get(0);
    }

    private interface Step {
        void run() throws Exception;
    }
}
