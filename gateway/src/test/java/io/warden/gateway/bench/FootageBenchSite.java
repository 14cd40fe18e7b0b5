package io.warden.gateway.bench;


import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.Gateway;
import io.warden.gateway.bench.GatewayBenchRig.Token;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.sim.onvif.OnvifCameraSimulator;
import io.warden.sim.onvif.SimulatedRecording;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The footage bench's site: {@code n} simulated ONVIF cameras (SOAP + RTSP replay on loopback, each
 * recording since {@code recordingStart}, still recording) on their own Vert.x, and a whole gateway on
 * another with those cameras configured as type onvif (cam-1..cam-n), an investigator token, auto
 * capture off. Blocking: use from the bench thread.
 */
final class FootageBenchSite implements AutoCloseable {
    static final String USER = "bench";
    private static final String PASSWORD_SECRET = "BENCH_CAMERA_PASSWORD";

    final Path dir;
    final List<OnvifCameraSimulator> cameras = new ArrayList<>();
    private final String password = Token.random("camera", "none").secret();
    private final Token investigator = Token.random("bench-investigator", "investigator");
    private final Vertx sims = Vertx.vertx();
    private final Vertx node = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Gateway gateway;

    FootageBenchSite(int n, Instant recordingStart) throws Exception {
        dir = Files.createTempDirectory("warden-footage-bench");
        for (int i = 1; i <= n; i++) {
            OnvifCameraSimulator.Config c = OnvifCameraSimulator.Config.camera("127.0.0.1", USER, password, recordingStart);
            SimulatedRecording r = c.recordings().get(0);
            OnvifCameraSimulator sim = new OnvifCameraSimulator(sims, c.withPorts(0, 0)
                    .withRecordings(List.of(new SimulatedRecording(r.token(), r.sourceToken(), "Bench camera " + i, recordingStart, null,
                            List.of()))));
            await(sim.start(), GatewayBenchRig.WAIT);
            cameras.add(sim);
        }
        StringBuilder y = new StringBuilder("http: {host: 127.0.0.1, port: 8080}\ndataDir: data\n");
        y.append("sites:\n  - id: s1\n    zones: [{id: z1}]\ncameras:\n");
        for (int i = 0; i < n; i++) {
            y.append("  - {id: cam-%d, name: Bench camera %d, site: s1, zone: z1, type: onvif, options: {host: 127.0.0.1, port: %d, "
                    .formatted(i + 1, i + 1, cameras.get(i).httpPort()))
                    .append("username: ").append(USER).append(", passwordSecret: ").append(PASSWORD_SECRET).append("}}\n");
        }
        y.append("tokens:\n").append(investigator.yaml());
        y.append("footage: {maxWindowMinutes: 240, camerasInParallel: 4, autoCapture: {enabled: false}}\n");
        GatewayConfig config = ConfigLoader.parse(y.toString(), "footage-bench.yaml", Gateway.factories().keySet(), Map.of(), dir);
        gateway = await(Gateway.start(node, config, Secrets.of(Map.of(PASSWORD_SECRET, password)), 0, Clock.systemUTC()), GatewayBenchRig.WAIT);
    }

    /** The replay URI of camera {@code i} (0-based) with the credentials in it, for ffmpeg. */
    String replayUriWithCredentials(int i) {
        return cameras.get(i).replayUri("Recording_1").replace("rtsp://", "rtsp://" + USER + ":" + password + "@");
    }

    /** Waits until every camera's health is ONLINE (the gateway has probed them and knows their clocks). */
    void awaitOnline() throws Exception {
        until(() -> {
            JsonArray items = call("GET", "/api/v1/cameras", null).getJsonArray("items");
            return items.size() == cameras.size() && items.stream()
                    .allMatch(o -> "ONLINE".equals(((JsonObject) o).getJsonObject("health").getString("status")));
        }, "cameras online", GatewayBenchRig.WAIT);
    }

    /** POST /footage for cameras cam-1..cam-k over [from, to); the job id. */
    String request(int k, Instant from, Instant to) {
        JsonArray ids = new JsonArray();
        for (int i = 1; i <= k; i++) ids.add("cam-" + i);
        JsonObject body = new JsonObject().put("cameras", ids).put("from", from.toString()).put("to", to.toString())
                .put("reason", "footage bench");
        return call("POST", "/api/v1/footage", body).getString("id");
    }

    JsonObject job(String id) {
        return call("GET", "/api/v1/footage/" + id, null);
    }

    private JsonObject call(String method, String path, JsonObject body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + investigator.secret());
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
            return new JsonObject(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (gateway != null) await(gateway.stop(), GatewayBenchRig.WAIT);
            for (OnvifCameraSimulator c : cameras) await(c.stop(), GatewayBenchRig.WAIT);
        } finally {
            await(node.close(), GatewayBenchRig.WAIT);
            await(sims.close(), GatewayBenchRig.WAIT);
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
