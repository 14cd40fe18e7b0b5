package io.warden.gateway.console;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.e2e.E2eSite;
import io.warden.gateway.e2e.E2eTeardown;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The school of the end-to-end tests ({@link E2eSite}: six fail-secure doors in two zones, a pulse lasts 1 s) for
 * the console's browser tests, with both OSDP lines over TCP on loopback and every PD plaintext, and a gateway node
 * whose config signs people in with an OpenID Connect provider and maps their {@code groups} claim to a role.
 *
 * {@link #restart()} stops the node and starts a new one on the same port and data directory (the browser
 * keeps its address and its session) while the PDs keep running. Blocking: call it from a test thread.
 */
final class ConsoleSite implements AutoCloseable {
    static final String OIDC_SECRET_REF = "CONSOLE_OIDC_CLIENT_SECRET";
    static final String OIDC_CLIENT_ID = "warden-console";
    static final String OIDC_PROVIDER = "District";

    /** The {@code groups} value that gives each role, first match wins (as the config lists them). */
    static final Map<String, String> GROUP_OF_ROLE = groups();

    private final Vertx vertx = Vertx.vertx();
    private final Path dir;
    private final String adminToken = "console-admin-" + E2eSite.hex(16);
    private final String oidcSecret = E2eSite.hex(16);
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
        return E2eTeardown.startOrClose(new ConsoleSite(), s -> {
            for (String line : List.of("line-a", "line-b")) {
                s.lines.put(line, await(OsdpPdSimulator.start(s.vertx, OsdpPdConfig.defaults(1), OsdpPdConfig.defaults(2))));
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (var e : s.lines.entrySet()) ports.put(e.getKey(), await(e.getValue().serveTcp("127.0.0.1", 0)));
            s.yaml = yaml(ports, oidcIssuer, s.adminToken);
            s.startGateway();
        });
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
        E2eSite.Spot s = E2eSite.spot(doorId);
        return lines.get(s.line()).pd(s.address());
    }

    /** What the PD of a door says: its strike output (fail-secure: on = unlocked) and the osdp_OUT commands it has run. */
    JsonObject pdState(String doorId) {
        OsdpSimulatedPd pd = pd(doorId);
        return new JsonObject().put("door", doorId).put("strikeOn", pd.output(E2eSite.spot(doorId).strike()))
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
        E2eSite.head(y);
        linePorts.forEach((line, tcpPort) -> {
            y.append("  - id: ").append(line).append("\n    type: osdp\n    options:\n");
            y.append("      transport: tcp\n      host: 127.0.0.1\n      port: ").append(tcpPort).append('\n');
            E2eSite.timing(y);
            y.append("      devices:\n        - {address: 1, secure: 'off'}\n        - {address: 2, secure: 'off'}\n");
        });
        E2eSite.doors(y);
        y.append("tokens:\n  - {name: console-test-admin, role: admin, sha256: ").append(E2eSite.sha256(adminToken)).append("}\n");
        y.append("console:\n  oidc:\n");
        y.append("    issuer: ").append(oidcIssuer).append('\n');
        y.append("    clientId: ").append(OIDC_CLIENT_ID).append('\n');
        y.append("    clientSecret: ").append(OIDC_SECRET_REF).append('\n');
        y.append("    providerName: ").append(OIDC_PROVIDER).append('\n');
        y.append("    roles:\n");
        GROUP_OF_ROLE.forEach((role, group) -> y.append("      - {claim: groups, value: ").append(group).append(", role: ").append(role).append("}\n"));
        return y.toString();
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
}
