package io.warden.gateway.console;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.e2e.E2eTeardown;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small school for the console's browser tests: two OSDP lines of simulated PDs over TCP on loopback,
 * six fail-secure doors in two zones (each PD drives two doors: strike 0 / contact 0 / REX 1 / reader 0, then
 * strike 1 / contact 2 / REX 3 / no reader; a pulse lasts 1 s), and a gateway node whose config signs people in with an OpenID
 * Connect provider and maps their {@code groups} claim to a role.
 *
 * <pre>
 *   door            name            zone   exterior  line    PD  strike
 *   main-entrance   Main entrance   main   yes       line-a  1   0
 *   front-office    Front office    main   no        line-a  1   1
 *   library         Library         main   no        line-a  2   0
 *   north-lobby     North lobby     north  no        line-a  2   1
 *   gym-east        Gym east        north  yes       line-b  1   0
 *   gym-west        Gym west        north  yes       line-b  2   0
 * </pre>
 *
 * {@link #restart()} stops the node and starts a new one on the same port and data directory (the browser
 * keeps its address and its session) while the PDs keep running. Blocking: call it from a test thread.
 */
final class ConsoleSite implements AutoCloseable {
    static final String SITE = "lincoln-ms";
    static final String OIDC_SECRET_REF = "CONSOLE_OIDC_CLIENT_SECRET";
    static final String OIDC_CLIENT_ID = "warden-console";
    static final String OIDC_PROVIDER = "District";

    /** Where a door is wired and where it stands. */
    record Spot(String name, String line, int address, int strike, String zone, boolean exterior) {}

    static final Map<String, Spot> DOORS = doors();

    /** The {@code groups} value that gives each role, first match wins (as the config lists them). */
    static final Map<String, String> GROUP_OF_ROLE = groups();

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx = Vertx.vertx();
    private final Path dir;
    private final String adminToken = "console-admin-" + hex(16);
    private final String oidcSecret = hex(16);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, OsdpPdSimulator> lines = new LinkedHashMap<>();
    private String yaml;
    private Gateway gateway;
    private int port; // 0 until the first start; every restart binds it again

    private ConsoleSite() throws Exception {
        dir = Files.createTempDirectory("warden-console");
    }

    /** Starts the PDs and the gateway, and returns once every door is online. */
    static ConsoleSite start(URI oidcIssuer) throws Exception {
        ConsoleSite s = new ConsoleSite();
        try {
            for (String line : List.of("line-a", "line-b")) {
                s.lines.put(line, await(OsdpPdSimulator.start(s.vertx, OsdpPdConfig.defaults(1), OsdpPdConfig.defaults(2))));
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (var e : s.lines.entrySet()) ports.put(e.getKey(), await(e.getValue().serveTcp("127.0.0.1", 0)));
            s.yaml = yaml(ports, oidcIssuer, s.adminToken);
            s.startGateway();
            return s;
        } catch (Exception | AssertionError e) {
            try {
                s.close();
            } catch (AssertionError closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A bearer token of role admin, for checks made beside the browser (never typed into a page). */
    String adminToken() {
        return adminToken;
    }

    private void startGateway() throws Exception {
        Map<String, String> env = Map.of(OIDC_SECRET_REF, oidcSecret); // as the environment would hold it
        GatewayConfig config = ConfigLoader.parse(yaml, "console-gateway.yaml", Gateway.factories().keySet(), env, dir);
        Secrets secrets = Secrets.of(env);
        gateway = await(Gateway.start(vertx, config, secrets, port, Clock.systemUTC()));
        port = gateway.port();
        until(this::everyDoorOnline, "every door online");
    }

    /** Stops the node and starts a new one on the same port and data directory; returns once every door is online. */
    synchronized void restart() throws Exception {
        if (gateway != null) await(gateway.stop());
        gateway = null;
        startGateway();
    }

    /** The simulated PD that drives {@code doorId}. */
    private OsdpSimulatedPd pd(String doorId) {
        Spot s = DOORS.get(doorId);
        if (s == null) throw new IllegalArgumentException("no door " + doorId);
        return lines.get(s.line()).pd(s.address());
    }

    /** What the PD of a door says: its strike output (fail-secure: on = unlocked) and the osdp_OUT commands it has run. */
    JsonObject pdState(String doorId) {
        OsdpSimulatedPd pd = pd(doorId);
        return new JsonObject().put("door", doorId).put("strikeOn", pd.output(DOORS.get(doorId).strike()))
                .put("outsRun", pd.commandsExecuted(0x68)); // osdp_OUT
    }

    /** Makes the PD of a door answer nothing ({@code on}) or answer again: its controller goes offline, then back online. */
    void silence(String doorId, boolean on) {
        pd(doorId).faults().silent(on);
    }

    private boolean everyDoorOnline() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/doors"))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("GET /api/v1/doors: " + r.statusCode() + " " + r.body());
        return new JsonObject(r.body()).getJsonArray("items").stream()
                .allMatch(o -> ((JsonObject) o).getJsonObject("state").getBoolean("online"));
    }

    static String yaml(Map<String, Integer> linePorts, URI oidcIssuer, String adminToken) {
        StringBuilder y = new StringBuilder();
        y.append("http: {host: 127.0.0.1, port: 8080}   # the test binds a free port\n");
        y.append("dataDir: data\n");
        y.append("audit: {store: sqlite, path: audit.db}\n");
        y.append("sites:\n");
        y.append("  - id: ").append(SITE).append("\n    name: Lincoln Middle School\n    zones:\n");
        y.append("      - {id: main, name: Main building}\n      - {id: north, name: North building}\n");
        y.append("controllers:\n");
        linePorts.forEach((line, tcpPort) -> {
            y.append("  - id: ").append(line).append("\n    type: osdp\n    options:\n");
            y.append("      transport: tcp\n      host: 127.0.0.1\n      port: ").append(tcpPort).append('\n');
            y.append("      offlineAfterMs: 1500\n      probeIntervalMs: 300\n");
            y.append("      devices:\n        - {address: 1, secure: 'off'}\n        - {address: 2, secure: 'off'}\n");
        });
        y.append("doors:\n");
        DOORS.forEach((id, s) -> {
            String point = s.strike() == 0 ? "address: %d, strike: 0, contact: 0, rex: 1, reader: 0".formatted(s.address())
                    : "address: %d, strike: 1, contact: 2, rex: 3, reader: -1".formatted(s.address());
            y.append("  - id: ").append(id).append("\n    name: ").append(s.name()).append("\n    site: ").append(SITE).append("\n    zone: ").append(s.zone())
                    .append("\n    exterior: ").append(s.exterior()).append("\n    controller: ").append(s.line())
                    .append("\n    pulseSeconds: 1\n    point: {").append(point).append(", wiring: fail-secure}\n");
        });
        y.append("tokens:\n  - {name: console-test-admin, role: admin, sha256: ").append(sha256Hex(adminToken)).append("}\n");
        y.append("console:\n  oidc:\n");
        y.append("    issuer: ").append(oidcIssuer).append('\n');
        y.append("    clientId: ").append(OIDC_CLIENT_ID).append('\n');
        y.append("    clientSecret: ").append(OIDC_SECRET_REF).append('\n');
        y.append("    providerName: ").append(OIDC_PROVIDER).append('\n');
        y.append("    roles:\n");
        GROUP_OF_ROLE.forEach((role, group) -> y.append("      - {claim: groups, value: ").append(group).append(", role: ").append(role).append("}\n"));
        return y.toString();
    }

    private static Map<String, Spot> doors() {
        Map<String, Spot> m = new LinkedHashMap<>();
        m.put("main-entrance", new Spot("Main entrance", "line-a", 1, 0, "main", true));
        m.put("front-office", new Spot("Front office", "line-a", 1, 1, "main", false));
        m.put("library", new Spot("Library", "line-a", 2, 0, "main", false));
        m.put("north-lobby", new Spot("North lobby", "line-a", 2, 1, "north", false));
        m.put("gym-east", new Spot("Gym east", "line-b", 1, 0, "north", true));
        m.put("gym-west", new Spot("Gym west", "line-b", 2, 0, "north", true));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, String> groups() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String role : List.of("admin", "lockdown", "investigator", "operator", "viewer")) m.put(role, "warden-" + role);
        return Collections.unmodifiableMap(m);
    }

    /** Stops the gateway, the PDs and Vert.x, and deletes the data directory. */
    @Override
    public void close() {
        E2eTeardown t = new E2eTeardown();
        t.attempt(() -> {
            if (gateway != null) await(gateway.stop());
            gateway = null;
        });
        for (OsdpPdSimulator line : lines.values()) t.attempt(() -> await(line.close()));
        t.attempt(() -> await(vertx.close()));
        t.deleteTree(dir);
        t.finish("console site");
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
