package io.warden.gateway.footage;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A gateway on 127.0.0.1:0 with a temp data directory, a fake controller with three doors and three
 * fake cameras (fake-camera adapters, recording since an hour ago): door-a sees cam-a and cam-b,
 * door-b sees cam-c, door-none no camera. One token per role ({@code <role>-token}). Blocking: use
 * from the test thread.
 */
final class FootageFixture implements AutoCloseable {
    static final List<String> ROLES = List.of("viewer", "operator", "lockdown", "investigator", "admin");

    final Vertx vertx = Vertx.vertx();
    final Path dir;
    private final String footage;
    private final String cameraOptions;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private Gateway gateway;

    FootageFixture(String footageYaml) throws Exception {
        this(footageYaml, "{}");
    }

    /** @param cameraOptions the options of every camera, as a YAML flow mapping */
    FootageFixture(String footageYaml, String cameraOptions) throws Exception {
        this.dir = Files.createTempDirectory("warden-footage");
        this.footage = footageYaml;
        this.cameraOptions = cameraOptions;
        start();
    }

    void start() throws Exception {
        StringBuilder y = new StringBuilder();
        y.append("http: {host: 127.0.0.1, port: 8080}\ndataDir: data\n");
        y.append("sites:\n  - id: s1\n    zones: [{id: z1}]\n");
        y.append("controllers:\n  - {id: ctl, type: fake-controller}\n");
        y.append("doors:\n");
        y.append("  - {id: door-a, site: s1, zone: z1, controller: ctl, cameras: [cam-a, cam-b]}\n");
        y.append("  - {id: door-b, site: s1, zone: z1, controller: ctl, cameras: [cam-c]}\n");
        y.append("  - {id: door-none, site: s1, zone: z1, controller: ctl}\n");
        y.append("cameras:\n");
        for (String c : List.of("cam-a", "cam-b", "cam-c")) y.append("  - {id: ").append(c).append(", name: Camera ").append(c)
                .append(", site: s1, zone: z1, type: fake-camera, options: ").append(cameraOptions).append("}\n");
        y.append("tokens:\n");
        for (String role : ROLES) y.append("  - {name: ").append(role).append("-user, role: ").append(role).append(", sha256: ")
                .append(sha256(role + "-token")).append("}\n");
        y.append(footage);
        GatewayConfig config = ConfigLoader.parse(y.toString(), "footage-test.yaml", Gateway.factories().keySet(), Map.of(), dir);
        gateway = await(Gateway.start(vertx, config, Secrets.of(Map.of()), 0, Clock.systemUTC()));
    }

    void stop() throws Exception {
        if (gateway != null) await(gateway.stop());
        gateway = null;
    }

    void crash() throws Exception {
        if (gateway != null) await(gateway.halt());
        gateway = null;
    }

    Gateway gateway() {
        return gateway;
    }

    Path evidence(String id) {
        return dir.resolve("data").resolve("evidence").resolve(id);
    }

    record Response(int status, String contentType, byte[] bytes, HttpResponse<byte[]> raw) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return new JsonObject(body());
        }
    }

    Response get(String path, String role) throws Exception {
        return send(request(path, role).GET());
    }

    Response delete(String path, String role) throws Exception {
        return send(request(path, role).DELETE());
    }

    Response post(String path, String role, JsonObject body) throws Exception {
        return send(request(path, role).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    HttpRequest.Builder request(String path, String role) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
        if (role != null) b.header("Authorization", "Bearer " + role + "-token");
        return b;
    }

    String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    private Response send(HttpRequest.Builder b) throws Exception {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r);
    }

    /** Requests footage as the investigator; returns the job id. */
    String request(JsonObject body) throws Exception {
        Response r = post("/api/v1/footage", "investigator", body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getString("id");
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/api/v1/footage/" + id);
        return id;
    }

    JsonObject job(String id) throws Exception {
        Response r = get("/api/v1/footage/" + id, "investigator");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Waits until the job is finished (done, failed, cancelled) and returns it. */
    JsonObject finished(String id) throws Exception {
        JsonObject[] last = new JsonObject[1];
        until(() -> {
            try {
                last[0] = job(id);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return List.of("done", "failed", "cancelled").contains(last[0].getString("status"));
        }, "job " + id + " to finish");
        return last[0];
    }

    static JsonObject camera(JsonObject job, String id) {
        for (Object o : job.getJsonArray("cameras", new JsonArray())) {
            if (id.equals(((JsonObject) o).getString("id"))) return (JsonObject) o;
        }
        throw new AssertionError("no camera " + id + " in " + job.encodePrettily());
    }

    /** Audit records of a type, read through the store. */
    List<JsonObject> audited(String type) throws Exception {
        Response r = get("/api/v1/audit?type=" + type + "&limit=1000", "admin");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonObject> out = new ArrayList<>();
        r.json().getJsonArray("items").forEach(o -> out.add((JsonObject) o));
        return out;
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            await(vertx.close());
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
