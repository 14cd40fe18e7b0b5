package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.e2e.E2eSite;
import io.warden.gateway.e2e.E2eTeardown;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import io.warden.sim.osdp.PtyPair;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated district and the gateway nodes in front of it, each node its own JVM ({@link GatewayProcess}).
 * The OSDP PD simulators run in this JVM (so a test reads their outputs and counts), TCP lines on loopback
 * and serial lines over socat pty pairs. One YAML per node is written under a temporary directory: the same
 * site, zones, controllers, doors and tokens everywhere, and in cluster mode each node's own {@code cluster:}
 * section (its id, a free membership port, every member, {@code leaseSeconds}, a fresh PostgreSQL database
 * from {@link PgTestDatabase}). Without cluster mode the YAML is a plain single node (SQLite, no
 * {@code node}/{@code nodes} keys): one node in front of the same simulators.
 *
 * <p>Door ids: {@code <line>-<pd>-<strike>}, e.g. {@code line-2a-1-0}. Every door is fail-secure (strike
 * output on = unlocked), pulses for 1 s, has no contact, REX or reader. Blocking; use it from test threads.
 */
public final class District implements AutoCloseable {
    public static final String SITE = "district";
    public static final List<String> ROLES = List.of("viewer", "operator", "lockdown", "investigator", "admin");
    public static final Duration NODE_START = Duration.ofSeconds(90);
    private static final int BAUD = 115_200;
    /** The environment variable each node reads the database password from (by reference, never in the file). */
    public static final String DB_PASSWORD_SECRET = "WARDEN_DB_PASSWORD";

    /**
     * One controller of the district.
     *
     * @param serial true: a socat pty pair, {@code node} the node it is wired to; false: OSDP over loopback TCP
     * @param node   cluster mode: the one node wired to it (serial lines), else null
     * @param nodes  cluster mode: the nodes that may own it; empty: any node
     */
    public record LineSpec(String id, String zone, boolean serial, String node, List<String> nodes, int pds, int doorsPerPd) {
        public static LineSpec tcp(String id, String zone, List<String> nodes, int pds, int doorsPerPd) {
            return new LineSpec(id, zone, false, null, List.copyOf(nodes), pds, doorsPerPd);
        }

        public static LineSpec serial(String id, String zone, String node, int pds, int doorsPerPd) {
            return new LineSpec(id, zone, true, node, List.of(), pds, doorsPerPd);
        }

        /** Door ids of this line, PD by PD, strike by strike. */
        public List<String> doors() {
            List<String> out = new ArrayList<>();
            for (int a = 1; a <= pds; a++) {
                for (int s = 0; s < doorsPerPd; s++) out.add(doorId(id, a, s));
            }
            return out;
        }
    }

    /** A started line: its simulator, and the TCP port or the pty pair it answers on. */
    public record Line(LineSpec spec, OsdpPdSimulator simulator, int tcpPort, PtyPair pty) {}

    private final Path dir;
    private final List<LineSpec> specs;
    private final List<String> nodeNames;
    private final boolean cluster;
    private final int leaseSeconds;
    private final Vertx vertx = Vertx.vertx();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final Map<String, Integer> clusterPorts = new LinkedHashMap<>();
    private final Map<String, GatewayProcess> nodes = new ConcurrentHashMap<>();
    private final java.util.Set<String> singleNodes = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private PgTestDatabase database;
    private List<String> jvmArgs = List.of("-Xmx384m");

    private District(Path dir, List<LineSpec> specs, List<String> nodeNames, boolean cluster, int leaseSeconds) {
        this.dir = dir;
        this.specs = List.copyOf(specs);
        this.nodeNames = List.copyOf(nodeNames);
        this.cluster = cluster;
        this.leaseSeconds = leaseSeconds;
        for (String role : ROLES) tokens.put(role, "cl-" + role + "-" + E2eSite.hex(12));
    }

    /**
     * Starts the simulators, creates the database (cluster mode) and writes every node's YAML; starts no node.
     *
     * @param cluster false: {@code nodeNames} should hold one name, the YAML has no {@code cluster:} section
     */
    public static District create(List<LineSpec> specs, List<String> nodeNames, boolean cluster, int leaseSeconds) throws Exception {
        District d = new District(Files.createTempDirectory("warden-district"), specs, nodeNames, cluster, leaseSeconds);
        return E2eTeardown.startOrClose(d, District::prepare);
    }

    /** The simulators' Vert.x (for clients the test opens, e.g. an event stream). */
    public Vertx vertx() {
        return vertx;
    }

    /** JVM options for the nodes started from now on (default {@code -Xmx384m}). */
    public District jvmArgs(List<String> args) {
        this.jvmArgs = List.copyOf(args);
        return this;
    }

    private void prepare() throws Exception {
        for (LineSpec s : specs) {
            List<OsdpPdConfig> pds = new ArrayList<>();
            for (int a = 1; a <= s.pds(); a++) pds.add(OsdpPdConfig.defaults(a));
            if (s.serial()) {
                PtyPair pty = PtyPair.open(Files.createDirectories(dir.resolve("pty-" + s.id())));
                lines.put(s.id(), new Line(s, null, -1, pty)); // registered first: closed even if the simulator fails
                OsdpPdSimulator sim = await(OsdpPdSimulator.start(vertx, new OsdpPdSimulator.Options(true, BAUD, Duration.ofMillis(50)), pds));
                lines.put(s.id(), new Line(s, sim, -1, pty));
                await(sim.serveSerial(pty.b().toString(), BAUD));
            } else {
                OsdpPdSimulator sim = await(OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT, pds));
                lines.put(s.id(), new Line(s, sim, -1, null));
                lines.put(s.id(), new Line(s, sim, await(sim.serveTcp("127.0.0.1", 0)), null));
            }
        }
        if (cluster) {
            database = PgTestDatabase.create(vertx);
            for (String n : nodeNames) clusterPorts.put(n, freePort());
        }
        for (String n : nodeNames) Files.writeString(config(n), yaml(n));
    }

    // ---- the YAML ----

    /**
     * Writes the YAML of a plain single node {@code name} (no {@code cluster:} section, SQLite) in front of
     * the same simulators, e.g. to compare one node with the cluster in the same run. Run one at a time: a
     * TCP line's simulator serves one control panel.
     */
    public Path addSingleNode(String name) throws IOException {
        singleNodes.add(name);
        Files.writeString(config(name), yaml(name));
        return config(name);
    }

    /** Where node {@code name}'s YAML is. */
    public Path config(String name) {
        return dir.resolve(name + ".yaml");
    }

    /** Node {@code name}'s configuration file text. */
    public String yaml(String name) {
        boolean clustered = cluster && !singleNodes.contains(name);
        StringBuilder y = new StringBuilder();
        y.append("dataDir: ").append(dir.resolve(name)).append('\n');
        y.append("http: {host: 127.0.0.1, port: 8080}   # every node is started with --port 0 (the loader refuses 0 here)\n");
        if (clustered) {
            y.append("cluster:\n  node: ").append(name).append("\n  host: 127.0.0.1\n  port: ").append(clusterPorts.get(name)).append('\n');
            y.append("  members: [").append(String.join(", ", nodeNames.stream().map(n -> "\"127.0.0.1:" + clusterPorts.get(n) + "\"").toList()))
                    .append("]\n");
            y.append("  leaseSeconds: ").append(leaseSeconds).append('\n');
            y.append("  database: {host: ").append(PgTestDatabase.HOST).append(", port: ").append(PgTestDatabase.PORT).append(", name: ")
                    .append(database.name()).append(", user: ").append(PgTestDatabase.USER).append(", passwordSecret: ").append(DB_PASSWORD_SECRET).append("}\n");
        }
        y.append("sites:\n  - id: ").append(SITE).append("\n    name: The district\n    zones:\n");
        specs.stream().map(LineSpec::zone).distinct().forEach(z -> y.append("      - {id: ").append(z).append(", name: Building ").append(z).append("}\n"));
        y.append("controllers:\n");
        for (Line l : lines.values()) controller(y, l, clustered);
        y.append("doors:\n");
        for (LineSpec s : specs) {
            for (int a = 1; a <= s.pds(); a++) {
                for (int st = 0; st < s.doorsPerPd(); st++) {
                    y.append("  - {id: ").append(doorId(s.id(), a, st)).append(", site: ").append(SITE).append(", zone: ").append(s.zone())
                            .append(", controller: ").append(s.id()).append(", pulseSeconds: 1, point: {address: ").append(a)
                            .append(", strike: ").append(st).append(", reader: -1, wiring: fail-secure}}\n");
                }
            }
        }
        y.append("tokens:\n");
        tokens.forEach((role, secret) -> y.append("  - {name: cl-").append(role).append(", role: ").append(role).append(", sha256: ")
                .append(E2eSite.sha256(secret)).append("}\n"));
        return y.toString();
    }

    private void controller(StringBuilder y, Line l, boolean cluster) {
        LineSpec s = l.spec();
        y.append("  - id: ").append(s.id()).append("\n    type: osdp\n");
        if (cluster && s.node() != null) y.append("    node: ").append(s.node()).append('\n');
        if (cluster && !s.nodes().isEmpty()) y.append("    nodes: [").append(String.join(", ", s.nodes())).append("]\n");
        y.append("    options:\n");
        if (s.serial()) y.append("      transport: serial\n      device: ").append(l.pty().a()).append("\n      baud: ").append(BAUD).append('\n');
        else y.append("      transport: tcp\n      host: 127.0.0.1\n      port: ").append(l.tcpPort()).append('\n');
        y.append("      offlineAfterMs: 1500\n      probeIntervalMs: 300\n      devices:\n");
        for (int a = 1; a <= s.pds(); a++) y.append("        - {address: ").append(a).append(", secure: 'off'}\n");
    }

    /**
     * Node {@code name}'s YAML as this build's loader reads it, or the reason it refuses it; in cluster mode,
     * also refused while {@link GatewayConfig#cluster()} is not wired. The tests use this to tell "cluster mode
     * is not in this build yet" from a failure.
     */
    public String configRefusal(String name) {
        try {
            GatewayConfig cfg = loadConfig(name);
            if (cluster && !singleNodes.contains(name) && cfg.cluster() == null) return "GatewayConfig.cluster() is null: the cluster: section is not read yet";
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Node {@code name}'s written YAML loaded as {@code warden serve --config} loads it (the node's environment); throws when refused. */
    public GatewayConfig loadConfig(String name) {
        return ConfigLoader.load(config(name), Gateway.factories().keySet(), Map.of(DB_PASSWORD_SECRET, dbPassword()), dir);
    }

    /**
     * The database password the nodes get. Under trust authentication (the test server) the server never asks
     * for it, but an empty secret counts as missing, so a placeholder stands in.
     */
    private static String dbPassword() {
        return PgTestDatabase.PASSWORD.isEmpty() ? "unused-under-trust-auth" : PgTestDatabase.PASSWORD;
    }

    // ---- nodes ----

    /** Starts node {@code name} (its JVM) and returns at once; {@link #awaitUp} waits for it. */
    public GatewayProcess launch(String name, String... extraArgs) throws IOException {
        GatewayProcess old = nodes.get(name);
        if (old != null && old.isAlive()) throw new IllegalStateException(name + " is already running");
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(List.of(extraArgs));
        GatewayProcess p = GatewayProcess.start(name, config(name), Map.of(DB_PASSWORD_SECRET, dbPassword()), jvmArgs, args);
        nodes.put(name, p);
        return p;
    }

    /** Waits until {@code name} listens and its {@code /health} answers 200; returns its API port. */
    public int awaitUp(String name) throws Exception {
        GatewayProcess p = node(name);
        int port = p.awaitListening(NODE_START);
        io.warden.adapter.api.testing.Waits.until(() -> healthStatus(name) == 200, name + " /health 200", NODE_START);
        return port;
    }

    /** Starts the named nodes together and waits until each is up. */
    public void startNodes(String... names) throws Exception {
        for (String n : names) launch(n);
        for (String n : names) awaitUp(n);
    }

    public GatewayProcess node(String name) {
        GatewayProcess p = nodes.get(name);
        if (p == null) throw new IllegalArgumentException("node " + name + " was never started");
        return p;
    }

    public List<String> nodeNames() {
        return nodeNames;
    }

    /** kill -9 of the node's JVM. */
    public void kill(String name) throws InterruptedException {
        node(name).kill();
    }

    /** /health's HTTP status, or -1 when the node does not answer within 3 s (paused, dead, starting). */
    public int healthStatus(String name) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(name, "/health")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    // ---- the simulators ----

    public Line line(String id) {
        Line l = lines.get(id);
        if (l == null) throw new IllegalArgumentException("no line " + id);
        return l;
    }

    public List<Line> lines() {
        return List.copyOf(lines.values());
    }

    /** Every door id of the district, line by line. */
    public List<String> doors() {
        return specs.stream().flatMap(s -> s.doors().stream()).toList();
    }

    /** The PD that drives {@code doorId}. */
    public OsdpSimulatedPd pd(String doorId) {
        String[] p = parseDoor(doorId);
        return line(p[0]).simulator().pd(Integer.parseInt(p[1]));
    }

    /** Whether the door's strike output is energised at its PD (fail-secure: on = unlocked). */
    public boolean strikeOn(String doorId) {
        return pd(doorId).output(Integer.parseInt(parseDoor(doorId)[2]));
    }

    /** Energises the strike at the panel, behind the gateway's back (a PD reset, a technician). */
    public void unlockAtPanel(String doorId) {
        await(pd(doorId).switchOutputAtPanel(Integer.parseInt(parseDoor(doorId)[2]), true));
    }

    static String doorId(String line, int pd, int strike) {
        return line + "-" + pd + "-" + strike;
    }

    private static String[] parseDoor(String doorId) {
        int b = doorId.lastIndexOf('-');
        int a = doorId.lastIndexOf('-', b - 1);
        return new String[] {doorId.substring(0, a), doorId.substring(a + 1, b), doorId.substring(b + 1)};
    }

    // ---- HTTP ----

    public String token(String role) {
        String t = tokens.get(role);
        if (t == null) throw new IllegalArgumentException("no role " + role);
        return t;
    }

    /** One exchange with a node. */
    public record Response(int status, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }
    }

    public Response get(String node, String path, String role) throws Exception {
        return send(node, path, role, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    public Response post(String node, String path, String role, JsonObject body) throws Exception {
        return send(node, path, role, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()), "POST");
    }

    /** GET {@code path} on {@code node}, asserting 200, as JSON. */
    public JsonObject getJson(String node, String path, String role) throws Exception {
        Response r = get(node, path, role);
        if (r.status() != 200) throw new AssertionError("GET " + path + " on " + node + ": HTTP " + r.status() + " " + r.body());
        return r.json();
    }

    private Response send(String node, String path, String role, HttpRequest.BodyPublisher body, String method) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(60)).method(method, body)
                .header("Authorization", "Bearer " + token(role));
        if (method.equals("POST")) b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.body());
    }

    public URI uri(String node, String path) {
        int port = node(node).port();
        if (port < 0) throw new IllegalStateException(node + " is not listening");
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Every audit record on {@code node} with seq > {@code after} (and matching {@code query}, e.g. "type=door.command"), following next. */
    public List<JsonObject> audit(String node, long after, String query) throws Exception {
        List<JsonObject> all = new ArrayList<>();
        Long cursor = after;
        while (cursor != null) {
            JsonObject page = getJson(node, "/api/v1/audit?limit=1000&cursor=" + cursor + (query.isEmpty() ? "" : "&" + query), "investigator");
            page.getJsonArray("items").forEach(o -> all.add((JsonObject) o));
            Object next = page.getValue("next");
            cursor = next == null ? null : ((Number) next).longValue();
        }
        return all;
    }

    /** {@code /health}'s {@code audit.lastSeq} on {@code node}: the newest seq it knows. */
    public long lastSeq(String node) throws Exception {
        Response r = get(node, "/health", "viewer");
        return r.json().getJsonObject("audit").getLong("lastSeq");
    }

    /**
     * GET /api/v1/doors on {@code node}, by id ({@code node}: the node serving the door, absent when none does;
     * {@code state.offlineReason}: why none does).
     */
    public Map<String, JsonObject> doorViews(String node) throws Exception {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        getJson(node, "/api/v1/doors", "viewer").getJsonArray("items").forEach(o -> out.put(((JsonObject) o).getString("id"), (JsonObject) o));
        return out;
    }

    /**
     * GET /api/v1/devices on {@code node}: the controller entry {@code id} ({@code status}, {@code reason},
     * {@code detail}; {@code node}: the node driving it, absent when none does).
     */
    public JsonObject controller(String node, String id) throws Exception {
        for (Object o : getJson(node, "/api/v1/devices", "viewer").getJsonArray("items")) {
            JsonObject d = (JsonObject) o;
            if (id.equals(d.getString("id"))) return d;
        }
        throw new AssertionError("no controller " + id + " in /api/v1/devices on " + node);
    }

    /**
     * Who holds each controller's lease now, from {@code GET /api/v1/nodes} on {@code node} ({@link ClusterView}:
     * {@code controllers[]} with {@code id}, {@code owner}, {@code expiresAt} in database time, which is this
     * machine's). A controller nobody holds, or whose lease has run out (a dead holder's row), is absent; so is
     * everything when the node could not read the leases ({@code leasesError}).
     */
    public Map<String, String> owners(String node) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object o : getJson(node, "/api/v1/nodes", "viewer").getJsonArray("controllers", new JsonArray())) {
            JsonObject c = (JsonObject) o;
            if (c.getString("owner") != null && !isExpired(c)) out.put(c.getString("id"), c.getString("owner"));
        }
        return out;
    }

    /** A lease left by a dead holder is not ownership: its {@code expiresAt} is past. */
    private static boolean isExpired(JsonObject lease) {
        String at = lease.getString("expiresAt");
        try {
            return at != null && java.time.OffsetDateTime.parse(at).toInstant().isBefore(java.time.Instant.now());
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    // ---- closing ----

    /** Ends every node (SIGCONT first, SIGTERM, then kill -9), the simulators, socat, the database and the directory. */
    @Override
    public void close() throws Exception {
        E2eTeardown t = new E2eTeardown();
        for (GatewayProcess p : nodes.values()) t.attempt(p::close);
        for (Line l : lines.values()) {
            if (l.simulator() != null) t.attempt(() -> await(l.simulator().close()));
            if (l.pty() != null) t.attempt(l.pty()::close);
        }
        if (database != null) t.attempt(database::close);
        t.attempt(() -> await(vertx.close()));
        t.deleteTree(dir);
        t.finish("district");
    }

    /** The last lines each node printed, for a failure message. */
    public String logs(int lines) {
        StringBuilder b = new StringBuilder();
        nodes.forEach((n, p) -> b.append("---- ").append(n).append(" (pid ").append(p.pid()).append(p.isAlive() ? ", alive" : ", ended")
                .append(") ----\n").append(p.tail(lines)).append('\n'));
        return b.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
