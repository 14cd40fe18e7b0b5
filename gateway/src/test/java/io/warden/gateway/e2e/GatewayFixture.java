package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.sim.osdp.PtyPair;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link E2eSite} simulated and a real gateway node in front of it, all in one JVM and over the
 * real transports: line-a is a socat pseudo-terminal pair (the PD side paced at 115200 baud),
 * line-b a TCP socket on loopback, the API plain HTTP on 127.0.0.1 on a free port.
 *
 * <p>The gateway's config is real YAML through {@link ConfigLoader#parse}; the secure PD's key is
 * random per fixture and reaches the adapter only through {@link Secrets}. One bearer token per
 * role, random per fixture, configured by SHA-256.
 *
 * <p>{@link #restart()} stops the node and starts a new one on the same data directory while the
 * simulators keep running. Blocking: use it from the test thread only.
 */
final class GatewayFixture implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final int OUT = 0x68; // osdp_OUT, to count what reached a PD
    private static final int BAUD = 115_200;
    private static final String B1_KEY_REF = "E2E_LINE_B_PD1_SCBK";
    private static final SecureRandom RANDOM = new SecureRandom();

    final Vertx vertx = Vertx.vertx();
    private final Path dir;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final byte[] b1Key = new byte[16];
    private PtyPair pty;
    private OsdpPdSimulator lineA;
    private OsdpPdSimulator lineB;
    private String yaml;
    private Gateway gateway;

    private GatewayFixture() throws IOException {
        dir = Files.createTempDirectory("warden-e2e");
        RANDOM.nextBytes(b1Key);
        for (String role : E2eSite.ROLES) tokens.put(role, "e2e-" + role + "-" + E2eSite.hex(8));
    }

    /** Starts both lines and the gateway, and returns once every door is online. */
    static GatewayFixture start() throws Exception {
        return E2eTeardown.startOrClose(new GatewayFixture(), f -> {
            f.startLines();
            f.startGateway();
        });
    }

    private void startLines() throws Exception {
        Path ptyDir = Files.createDirectories(dir.resolve("pty"));
        pty = PtyPair.open(ptyDir);
        lineA = await(OsdpPdSimulator.start(vertx, new OsdpPdSimulator.Options(true, BAUD, Duration.ofMillis(50)),
                List.of(OsdpPdConfig.defaults(1), OsdpPdConfig.defaults(2))));
        await(lineA.serveSerial(pty.b().toString(), BAUD));
        lineB = await(OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT,
                List.of(OsdpPdConfig.defaults(1).withScbk(b1Key).withSecureRequired(true), OsdpPdConfig.defaults(2))));
        int tcpPort = await(lineB.serveTcp("127.0.0.1", 0));
        yaml = E2eSite.yaml(pty.a(), BAUD, tcpPort, B1_KEY_REF, tokens);
    }

    // ---- the gateway ----

    private void startGateway() throws Exception {
        GatewayConfig config = ConfigLoader.parse(yaml, "e2e-gateway.yaml", Gateway.factories().keySet(), Map.of(), dir);
        Secrets secrets = Secrets.of(Map.of(), Map.of(B1_KEY_REF, HexFormat.of().formatHex(b1Key)));
        gateway = await(Gateway.start(vertx, config, secrets, 0, Clock.systemUTC()));
        until(() -> doors().stream().allMatch(d -> d.getJsonObject("state").getBoolean("online")), "every door online");
    }

    /** Stops the node (the simulators keep running). */
    void stopGateway() throws Exception {
        if (gateway != null) await(gateway.stop());
        gateway = null;
    }

    /** Stops the node and starts a new one on the same data directory; returns once every door is online. */
    void restart() throws Exception {
        stopGateway();
        startGateway();
    }

    /** Ends the node as a kill -9 would leave its data directory ({@link Gateway#halt}); the simulators keep running. */
    void crash() throws Exception {
        if (gateway != null) await(gateway.halt());
        gateway = null;
    }

    /** Starts a node on the same data directory after {@link #crash()}; returns once every door is online. */
    void startAgain() throws Exception {
        startGateway();
    }

    Gateway gateway() {
        return gateway;
    }

    /** The SQLite audit file under the data directory. */
    Path auditFile() {
        return dir.resolve("data").resolve("audit.db");
    }

    // ---- the simulated devices ----

    /** The simulated PD that drives {@code doorId}. */
    OsdpSimulatedPd pd(String doorId) {
        E2eSite.Spot s = E2eSite.spot(doorId);
        return (s.line().equals("line-a") ? lineA : lineB).pd(s.address());
    }

    /** Whether the door's strike output is energised at the PD (fail-secure: on = unlocked). */
    boolean strikeOn(String doorId) {
        return pd(doorId).output(E2eSite.spot(doorId).strike());
    }

    /** Makes every PD of the site volunteer an OSTATR for each output change (off by default, see {@link OsdpSimulatedPd#reportOutputChanges}). */
    void reportOutputChanges(boolean on) {
        for (OsdpPdSimulator line : List.of(lineA, lineB)) {
            for (int address = 1; address <= 2; address++) line.pd(address).reportOutputChanges(on);
        }
    }

    /** Waits until the PDs of these doors have handed every queued event report to a POLL. */
    void reportsDelivered(String... doorIds) {
        for (String d : doorIds) until(() -> pd(d).pendingEvents() == 0, "PD of " + d + " to deliver its queued reports");
    }

    /** osdp_OUT commands the door's PD has run so far. */
    int outsRun(String doorId) {
        return pd(doorId).commandsExecuted(OUT);
    }

    // ---- HTTP ----

    String token(String role) {
        String t = tokens.get(role);
        if (t == null) throw new IllegalArgumentException("no role " + role);
        return t;
    }

    /** One HTTP exchange. */
    record Response(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response get(String path, String token) throws Exception {
        return send(request(path, token).GET());
    }

    Response post(String path, String token, JsonObject body) throws Exception {
        return postRaw(path, token, body == null ? null : body.encode());
    }

    /** POSTs {@code body} as application/json verbatim (it may be malformed on purpose); null: no body. */
    Response postRaw(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = request(path, token);
        if (body == null) b.POST(HttpRequest.BodyPublishers.noBody());
        else b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return send(b);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(15));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private Response send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r);
    }

    /** GET /api/v1/doors as a viewer (door reads are not audited). */
    List<JsonObject> doors() {
        try {
            Response r = get("/api/v1/doors", token("viewer"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<JsonObject> out = new ArrayList<>();
            r.json().getJsonArray("items").forEach(o -> out.add((JsonObject) o));
            return out;
        } catch (Exception e) {
            throw new AssertionError("GET /api/v1/doors failed: " + e, e);
        }
    }

    /** One door's {@code state} object from the API. */
    JsonObject doorState(String id) throws Exception {
        Response r = get("/api/v1/doors/" + id, token("viewer"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonObject("state");
    }

    /** Every audit record matching {@code query} (e.g. "type=auth.refused"), read as the investigator, following {@code next}. */
    List<JsonObject> audit(String query) throws Exception {
        List<JsonObject> all = new ArrayList<>();
        String cursor = null;
        do {
            Response r = get("/api/v1/audit?" + query + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor), token("investigator"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonObject page = r.json();
            page.getJsonArray("items").forEach(o -> all.add((JsonObject) o));
            Object next = page.getValue("next");
            cursor = next == null ? null : next.toString();
        } while (cursor != null);
        return all;
    }

    // ---- waiting ----

    // ---- closing ----

    /** Stops the gateway, the simulators, socat and Vert.x, and deletes the temporary directory. */
    @Override
    public void close() throws Exception {
        E2eTeardown t = new E2eTeardown();
        t.attempt(this::stopGateway);
        if (lineA != null) t.attempt(() -> await(lineA.close()));
        if (lineB != null) t.attempt(() -> await(lineB.close()));
        if (pty != null) t.attempt(pty::close);
        t.attempt(() -> await(vertx.close()));
        t.deleteTree(dir);
        t.finish("fixture");
    }

    /** Asserts an {@code application/problem+json} answer with this status and code, and returns its body. */
    static JsonObject problem(Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).as("content type of " + r.body()).startsWith("application/problem+json");
        JsonObject p = r.json();
        assertThat(p.getString("code")).isEqualTo(code);
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("type")).startsWith("https://warden.dev/problems/");
        assertThat(p.getString("title")).isNotBlank();
        assertThat(p.getString("detail")).as("a clear detail").isNotBlank()
                .doesNotContain("Exception").doesNotContain("java.").doesNotContain("io.vertx");
        return p;
    }
}
