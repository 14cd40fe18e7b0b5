package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.e2e.E2eSite;
import io.warden.gateway.e2e.E2eTeardown;
import io.warden.gateway.testing.TcpProxy;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import io.warden.sim.osdp.PtyPair;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * README "Several nodes", row "PostgreSQL", end to end: one cluster node in this JVM reaches its PostgreSQL
 * through a {@link TcpProxy}, in front of an OSDP PD over TCP (a line any node may drive, under a lease) and
 * one over a pseudo-terminal (a serial line wired to this node). Cutting the proxy: door commands fail closed
 * (an error, nothing sent to the PD), the TCP line stops being driven once its lease lapses and its door
 * goes offline, the serial line keeps being polled. Restoring it: the TCP line is driven again and the trail
 * verifies.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterDatabaseOutageTest {
    private static final Logger log = LoggerFactory.getLogger(ClusterDatabaseOutageTest.class);
    private static final String NODE = "n1";
    private static final int LEASE_SECONDS = 3;
    private static final String DB_SECRET = "WARDEN_DB_PASSWORD";
    private static final String TCP_DOOR = "tcp-door";
    private static final String SERIAL_DOOR = "serial-door";
    private static final int BAUD = 115_200;
    private static final int POLL = 0x60; // osdp_POLL
    private static final int OUT = 0x68; // osdp_OUT
    /** A refused command's answer: the door's command timeout (under 1 s at these options), the bus's 1 s reply margin, slack. */
    private static final Duration COMMAND_ANSWER = Duration.ofSeconds(6);
    /** The TCP line's permit lapses ttl − margin (2.1 s) after its last renewal; generous slack on a shared machine. */
    private static final Duration POLLS_STOP = Duration.ofSeconds(LEASE_SECONDS + 4);
    private static final Duration QUIET = Duration.ofMillis(1500);

    private final Vertx sims = Vertx.vertx(); // simulators, proxy, database admin: not the node's
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String operator = "op-" + E2eSite.hex(12);
    private final String admin = "admin-" + E2eSite.hex(12);
    private Path dir;
    private PgTestDatabase db;
    private TcpProxy proxy;
    private PtyPair pty;
    private OsdpPdSimulator serialLine;
    private OsdpPdSimulator tcpLine;
    private Vertx nodeVertx;
    private Gateway gateway;

    @AfterEach
    void close() {
        E2eTeardown t = new E2eTeardown();
        if (gateway != null) t.attempt(() -> gateway.stop().await(30, TimeUnit.SECONDS));
        if (nodeVertx != null) t.attempt(() -> nodeVertx.close().await(30, TimeUnit.SECONDS));
        if (serialLine != null) t.attempt(() -> await(serialLine.close()));
        if (tcpLine != null) t.attempt(() -> await(tcpLine.close()));
        if (pty != null) t.attempt(pty::close);
        if (proxy != null) t.attempt(() -> await(proxy.close()));
        if (db != null) t.attempt(db::close);
        t.attempt(() -> sims.close().await(10, TimeUnit.SECONDS));
        if (dir != null) t.deleteTree(dir);
        t.finish("database outage site");
    }

    @Test
    void aDatabaseOutageFailsCommandsClosedSilencesTheTcpLineOnlyAndTheNodeRecovers() throws Exception {
        start();
        OsdpSimulatedPd tcpPd = tcpLine.pd(1);
        OsdpSimulatedPd serialPd = serialLine.pd(1);

        // 1. Before the outage: both lines driven, a command on each door confirmed.
        until(() -> online(TCP_DOOR) && online(SERIAL_DOOR), "both doors online");
        assertConfirmed(TCP_DOOR, "pulse");
        assertConfirmed(SERIAL_DOOR, "pulse");
        until(() -> !tcpPd.output(0) && !serialPd.output(0), "both strikes to drop after the pulse");
        // The PDs relock silently; the API shows it from the next OSTAT read (README: about 250 ms later).
        until(() -> "locked".equals(state(TCP_DOOR).getString("lock")) && "locked".equals(state(SERIAL_DOOR).getString("lock")),
                "both doors shown locked again");

        // 2. The database is cut off.
        int tcpOuts = tcpPd.commandsReceived(OUT);
        int serialOuts = serialPd.commandsReceived(OUT);
        List<JsonObject> tcpStates = new CopyOnWriteArrayList<>();
        long cutAt = System.nanoTime();
        proxy.cut();

        for (String door : List.of(SERIAL_DOOR, TCP_DOOR)) {
            long t0 = System.nanoTime();
            Exchange r = post(door, "lock");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            // As with a failing SQLite store (README "How it can fail"): 500 with a log reference; the log and /health say why.
            assertThat(r.status()).as("lock of " + door + " with the database cut: " + r.body()).isEqualTo(500);
            JsonObject problem = new JsonObject(r.body());
            assertThat(problem.getString("code")).as(r.body()).isEqualTo("INTERNAL");
            assertThat(problem.getString("detail")).as(r.body()).contains("reference").doesNotContain("Exception");
            assertThat(took).as("lock of " + door + " answered, not hung").isLessThan(COMMAND_ANSWER);
        }
        assertThat(serialPd.commandsReceived(OUT)).as("OUTs at the serial PD: nothing sent unrecorded")
                .isEqualTo(serialOuts);
        assertThat(tcpPd.commandsReceived(OUT)).as("OUTs at the TCP PD: nothing sent unrecorded")
                .isEqualTo(tcpOuts);

        Exchange health = send("GET", "/health", admin, null);
        assertThat(health.status()).as("/health with the database cut: " + health.body()).isEqualTo(503);
        assertThat(new JsonObject(health.body()).getJsonObject("audit").getString("detail")).as(health.body()).contains("audit database");

        // The TCP line falls silent once its lease lapses; the serial line goes on.
        int serialPollsAtCut = serialPd.commandsReceived(POLL);
        long stoppedAt = awaitSilence(tcpPd, cutAt, tcpStates);
        Duration silentAfter = Duration.ofNanos(stoppedAt - cutAt);
        log.info("event=db_outage_tcp_silent after_ms={}", silentAfter.toMillis());
        assertThat(silentAfter).as("the TCP PD's last poll after the cut").isLessThan(POLLS_STOP);
        until(() -> {
            tcpStates.add(state(TCP_DOOR));
            return !online(TCP_DOOR);
        }, TCP_DOOR + " shown offline", Duration.ofSeconds(10));
        int tcpPollsSilent = tcpPd.commandsReceived(POLL);
        int serialBefore = serialPd.commandsReceived(POLL);
        until(() -> serialPd.commandsReceived(POLL) >= serialBefore + 5, "the serial PD still polled during the outage", Duration.ofSeconds(10));
        assertThat(serialPd.commandsReceived(POLL)).as("serial polls since the cut").isGreaterThan(serialPollsAtCut);
        assertThat(online(SERIAL_DOOR)).as(SERIAL_DOOR + " online during the outage").isTrue();
        assertThat(tcpPd.commandsReceived(POLL)).as("the TCP PD stays silent").isEqualTo(tcpPollsSilent);
        assertThat(tcpPd.commandsReceived(OUT)).as("no OUT reached the TCP PD during the outage").isEqualTo(tcpOuts);
        assertThat(serialPd.commandsReceived(OUT)).as("no OUT reached the serial PD during the outage")
                .isEqualTo(serialOuts);
        // Never a state the PD did not confirm: its strike stayed off (locked) all along.
        assertThat(tcpPd.output(0)).isFalse();
        assertThat(tcpStates).as("every state of " + TCP_DOOR + " seen during the outage").isNotEmpty()
                .allSatisfy(s -> assertThat(s.getString("lock")).as(s.encode()).isIn("locked", "unknown"));
        assertThat(tcpStates.get(tcpStates.size() - 1).getBoolean("online")).isFalse();

        // 3. The database is back: the TCP line is driven again within a few lease periods and the trail verifies.
        proxy.restore();
        long restoredAt = System.nanoTime();
        int polls = tcpPd.commandsReceived(POLL);
        until(() -> tcpPd.commandsReceived(POLL) > polls + 3, "the TCP PD polled again", Duration.ofSeconds(4L * LEASE_SECONDS + 5));
        log.info("event=db_outage_tcp_driven_again after_ms={}", (System.nanoTime() - restoredAt) / 1_000_000);
        until(() -> online(TCP_DOOR), TCP_DOOR + " online again", Duration.ofSeconds(15));
        assertConfirmed(TCP_DOOR, "lock");
        assertConfirmed(SERIAL_DOOR, "lock");
        assertThat(send("GET", "/health", admin, null).status()).as("/health after the outage").isEqualTo(200);
        JsonObject verify = getJson("/api/v1/audit/verify", admin);
        assertThat(verify.getBoolean("ok")).as(verify.encode()).isTrue();
        assertThat(audit("type=cluster.lease")).as("the new holding of line-tcp is on the trail")
                .anySatisfy(e -> assertThat(e.getString("action") + " " + e.getString("detail")).startsWith("acquired line-tcp").contains("fencing token 2"));
        List<String> commands = new ArrayList<>();
        for (JsonObject e : audit("type=door.command")) commands.add(e.getString("door") + " " + e.getString("action") + " " + e.getString("result"));
        assertThat(commands).as("door commands on the trail: the refused locks left no record, nothing confirmed unseen")
                .containsExactlyInAnyOrder(TCP_DOOR + " pulse 1.0 s requested", TCP_DOOR + " pulse 1.0 s confirmed",
                        SERIAL_DOOR + " pulse 1.0 s requested", SERIAL_DOOR + " pulse 1.0 s confirmed",
                        TCP_DOOR + " lock requested", TCP_DOOR + " lock confirmed", SERIAL_DOOR + " lock requested", SERIAL_DOOR + " lock confirmed");
    }

    /** Waits until {@code pd} has had no poll for {@link #QUIET}; returns when its last poll was seen. */
    private long awaitSilence(OsdpSimulatedPd pd, long cutAt, List<JsonObject> states) throws Exception {
        long[] last = {pd.commandsReceived(POLL), System.nanoTime()};
        until(() -> {
            states.add(state(TCP_DOOR));
            long now = System.nanoTime();
            long polls = pd.commandsReceived(POLL);
            if (polls != last[0]) {
                last[0] = polls;
                last[1] = now;
            }
            return now - last[1] >= QUIET.toNanos();
        }, "the TCP PD no longer polled", POLLS_STOP.plus(QUIET).plusSeconds(5));
        return Math.max(last[1], cutAt);
    }

    // ---- the site ----

    private void start() throws Exception {
        dir = Files.createTempDirectory("warden-db-outage");
        db = PgTestDatabase.create(sims);
        proxy = await(TcpProxy.start(sims, PgTestDatabase.HOST, PgTestDatabase.PORT));
        pty = PtyPair.open(Files.createDirectories(dir.resolve("pty")));
        serialLine = await(OsdpPdSimulator.start(sims, new OsdpPdSimulator.Options(true, BAUD, Duration.ofMillis(50)), List.of(OsdpPdConfig.defaults(1))));
        await(serialLine.serveSerial(pty.b().toString(), BAUD));
        tcpLine = await(OsdpPdSimulator.start(sims, OsdpPdSimulator.Options.DEFAULT, List.of(OsdpPdConfig.defaults(1))));
        int tcpPort = await(tcpLine.serveTcp("127.0.0.1", 0));
        String password = PgTestDatabase.PASSWORD.isEmpty() ? "unused-under-trust-auth" : PgTestDatabase.PASSWORD;
        GatewayConfig config = ConfigLoader.parse(yaml(tcpPort, freePort()), "db-outage.yaml", Gateway.factories().keySet(),
                Map.of(DB_SECRET, password), dir);
        nodeVertx = ClusteredVertx.start(config.cluster()).await(60, TimeUnit.SECONDS);
        gateway = Gateway.start(nodeVertx, config, Secrets.of(Map.of(DB_SECRET, password)), 0, Clock.systemUTC()).await(60, TimeUnit.SECONDS);
    }

    private String yaml(int tcpPort, int clusterPort) {
        StringBuilder y = new StringBuilder();
        y.append("dataDir: ").append(dir.resolve("data")).append('\n');
        y.append("http: {host: 127.0.0.1, port: 8080}\n");
        y.append("cluster:\n  node: ").append(NODE).append("\n  host: 127.0.0.1\n  port: ").append(clusterPort).append('\n');
        y.append("  members: [\"127.0.0.1:").append(clusterPort).append("\"]\n  leaseSeconds: ").append(LEASE_SECONDS).append('\n');
        y.append("  database: {host: 127.0.0.1, port: ").append(proxy.port()).append(", name: ").append(db.name()).append(", user: ")
                .append(PgTestDatabase.USER).append(", passwordSecret: ").append(DB_SECRET).append("}\n");
        y.append("sites:\n  - id: campus\n    name: Campus\n    zones:\n      - {id: main, name: Main}\n");
        y.append("controllers:\n");
        y.append("  - id: line-serial\n    type: osdp\n    node: ").append(NODE).append("\n    options:\n");
        y.append("      transport: serial\n      device: ").append(pty.a()).append("\n      baud: ").append(BAUD).append('\n');
        y.append("      offlineAfterMs: 1500\n      probeIntervalMs: 300\n      devices:\n        - {address: 1, secure: 'off'}\n");
        y.append("  - id: line-tcp\n    type: osdp\n    options:\n");
        y.append("      transport: tcp\n      host: 127.0.0.1\n      port: ").append(tcpPort).append('\n');
        y.append("      offlineAfterMs: 1500\n      probeIntervalMs: 300\n      devices:\n        - {address: 1, secure: 'off'}\n");
        y.append("doors:\n");
        for (String[] d : new String[][] {{SERIAL_DOOR, "line-serial"}, {TCP_DOOR, "line-tcp"}}) {
            y.append("  - {id: ").append(d[0]).append(", site: campus, zone: main, controller: ").append(d[1])
                    .append(", pulseSeconds: 1, point: {address: 1, strike: 0, reader: -1, wiring: fail-secure}}\n");
        }
        y.append("tokens:\n");
        y.append("  - {name: outage-operator, role: operator, sha256: ").append(E2eSite.sha256(operator)).append("}\n");
        y.append("  - {name: outage-admin, role: admin, sha256: ").append(E2eSite.sha256(admin)).append("}\n");
        return y.toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ---- HTTP ----

    private record Exchange(int status, String body) {}

    private Exchange send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Exchange(r.statusCode(), r.body());
    }

    private Exchange post(String door, String command) throws Exception {
        return send("POST", "/api/v1/doors/" + door + "/" + command, operator, command.equals("pulse") ? "{\"seconds\":1}" : "{}");
    }

    private void assertConfirmed(String door, String command) throws Exception {
        Exchange r = post(door, command);
        assertThat(r.status()).as(command + " " + door + ": " + r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("result")).as(r.body()).isEqualTo("confirmed");
    }

    private JsonObject getJson(String path, String token) throws Exception {
        Exchange r = send("GET", path, token, null);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private JsonObject state(String door) throws Exception {
        return getJson("/api/v1/doors/" + door, operator).getJsonObject("state");
    }

    private boolean online(String door) throws Exception {
        return state(door).getBoolean("online");
    }

    private List<JsonObject> audit(String query) throws Exception {
        List<JsonObject> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = getJson("/api/v1/audit?" + query + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            page.getJsonArray("items").forEach(o -> all.add((JsonObject) o));
            Object next = page.getValue("next");
            cursor = next == null ? null : next.toString();
        } while (cursor != null);
        return all;
    }
}
