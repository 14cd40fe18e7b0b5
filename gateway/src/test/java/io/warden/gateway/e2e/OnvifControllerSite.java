package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.onvif.soap.OnvifDeviceOps;
import io.warden.adapter.onvif.soap.OnvifDoorOps;
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import io.warden.gateway.Gateway;
import io.warden.gateway.api.SseTestClient;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.sim.onvif.OnvifSimProxy;
import io.warden.sim.onvif.door.OnvifDoorControllerSimulator;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A real gateway (YAML config, HTTP API on 127.0.0.1:0, SQLite audit trail in a temporary data
 * directory) whose east wing is a simulated ONVIF Profile C door controller, {@code ctl-east}, talking
 * SOAP over HTTP through an {@link OnvifSimProxy} (a proxy that can refuse the event service); and,
 * when asked, one OSDP line on TCP with door {@code gym-east}, for lockdowns that span both kinds.
 *
 * <pre>
 *   door            zone   controller  point
 *   east-entrance   east   ctl-east    Door_1   (exterior)
 *   art-room        east   ctl-east    Door_2
 *   gym-east        north  line-b      PD 1 strike 0 contact 0 REX 1 reader 0   (only withOsdp)
 * </pre>
 *
 * The controller is checked every 5 s (the least the config allows), each request may take the default
 * 5 s (a cold JVM on a busy machine can take over 2 s for its first SOAP exchange). Its password is
 * random per site and reaches the adapter only through {@link Secrets}. Blocking: use from the test
 * thread.
 */
final class OnvifControllerSite implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(45);
    static final String SITE = "lincoln-ms";
    static final String CTL = "ctl-east";
    static final String OSDP_DOOR = "gym-east";
    /** ONVIF door id → its DoorToken on the controller. */
    static final Map<String, String> ONVIF_DOORS = Map.of("east-entrance", "Door_1", "art-room", "Door_2");
    private static final String USER = "warden";

    /**
     * @param osdp        add the OSDP line with {@link #OSDP_DOOR}
     * @param clockOffset how far the controller's clock runs ahead of the host's
     */
    record Options(boolean osdp, Duration clockOffset) {
        static Options plain() {
            return new Options(false, Duration.ZERO);
        }

        Options withOsdp() {
            return new Options(true, clockOffset);
        }

        Options withClockOffset(Duration d) {
            return new Options(osdp, d);
        }
    }

    final Vertx vertx = Vertx.vertx();
    final OnvifDoorControllerSimulator sim;
    final Path dir;
    private final String password = E2eSite.hex(12);
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<SseTestClient> streams = new ArrayList<>();
    OnvifSimProxy gate;
    private OsdpPdSimulator line;
    private WebClient directClient;
    private GatewayConfig config;
    private Gateway gateway;

    private OnvifControllerSite() throws Exception {
        dir = Files.createTempDirectory("warden-onvif-ctl-e2e");
        for (String role : E2eSite.ROLES) tokens.put(role, "e2e-" + role + "-" + E2eSite.hex(8));
        sim = new OnvifDoorControllerSimulator(vertx, OnvifDoorControllerSimulator.Config.of("127.0.0.1", USER, password, 2));
    }

    /** Starts the devices, then the gateway; returns once every door is online with a known lock and events are pulled. */
    static OnvifControllerSite start(Options o) throws Exception {
        OnvifControllerSite s = new OnvifControllerSite();
        try {
            s.sim.setClockOffset(o.clockOffset());
            await(s.sim.start(), DEADLINE);
            s.gate = await(OnvifSimProxy.start(s.vertx, s.sim.httpPort()), DEADLINE);
            int tcp = 0;
            if (o.osdp()) {
                s.line = await(OsdpPdSimulator.start(s.vertx, OsdpPdSimulator.Options.DEFAULT, List.of(OsdpPdConfig.defaults(1))), DEADLINE);
                tcp = await(s.line.serveTcp("127.0.0.1", 0), DEADLINE);
            }
            s.config = ConfigLoader.parse(s.yaml(o, tcp), "onvif-ctl-e2e.yaml", Gateway.factories().keySet(), Map.of(), s.dir);
            s.startGateway();
            return s;
        } catch (Exception | AssertionError e) {
            s.close();
            throw e;
        }
    }

    private void startGateway() {
        int pulls = sim.received("PullMessages");
        gateway = await(Gateway.start(vertx, config, Secrets.of(Map.of(), Map.of("CTL_EAST_PW", password)), 0, Clock.systemUTC()), DEADLINE);
        until(() -> doors().stream().allMatch(d -> d.getJsonObject("state").getBoolean("online")
                && !"unknown".equals(d.getJsonObject("state").getString("lock"))), "every door online with a known lock", DEADLINE);
        // doors come online before the subscription is in place: what the device reports before then is lost;
        // the second pull goes out once the first (the Initialized burst) was handled
        until(() -> sim.subscriptions() > 0 && sim.received("PullMessages") > pulls + 1, "the gateway pulling the controller's events", DEADLINE);
    }

    /** Stops the gateway and starts a new one on the same data directory (the devices keep running); returns as {@link #start} does. */
    void restartGateway() {
        streams.forEach(SseTestClient::close);
        streams.clear();
        await(gateway.stop(), DEADLINE);
        gateway = null;
        startGateway();
    }

    private String yaml(Options o, int tcpPort) {
        StringBuilder y = new StringBuilder();
        y.append("http: {host: 127.0.0.1, port: 8080}\ndataDir: data\naudit: {store: sqlite, path: audit.db}\n");
        y.append("sites:\n  - id: ").append(SITE).append("\n    zones: [{id: east}, {id: north}]\n");
        y.append("controllers:\n");
        y.append("  - id: ").append(CTL).append("\n    type: onvif\n    options: {host: 127.0.0.1, port: ").append(gate.port())
                .append(", username: ").append(USER).append(", passwordSecret: CTL_EAST_PW, healthIntervalSeconds: 5}\n");
        if (o.osdp()) {
            y.append("  - id: line-b\n    type: osdp\n    options:\n      transport: tcp\n      host: 127.0.0.1\n      port: ").append(tcpPort)
                    .append("\n      offlineAfterMs: 1500\n      probeIntervalMs: 300\n      devices:\n        - {address: 1, secure: 'off'}\n");
        }
        y.append("doors:\n");
        onvifDoor(y, "east-entrance", true);
        onvifDoor(y, "art-room", false);
        if (o.osdp()) {
            y.append("  - {id: ").append(OSDP_DOOR).append(", site: ").append(SITE)
                    .append(", zone: north, exterior: true, controller: line-b, pulseSeconds: 1,")
                    .append(" point: {address: 1, strike: 0, contact: 0, rex: 1, reader: 0, wiring: fail-secure}}\n");
        }
        y.append("tokens:\n");
        tokens.forEach((role, token) -> y.append("  - {name: ").append(E2eSite.actor(role)).append(", role: ").append(role)
                .append(", sha256: ").append(E2eSite.sha256(token)).append("}\n"));
        return y.toString();
    }

    private static void onvifDoor(StringBuilder y, String id, boolean exterior) {
        y.append("  - {id: ").append(id).append(", site: ").append(SITE).append(", zone: east, exterior: ").append(exterior)
                .append(", controller: ").append(CTL).append(", pulseSeconds: 1, point: {token: ").append(ONVIF_DOORS.get(id)).append("}}\n");
    }

    // ---- the devices ----

    /** The simulated PD behind {@link #OSDP_DOOR}. */
    OsdpSimulatedPd pd() {
        return line.pd(1);
    }

    /**
     * The door-control operations straight at the controller (not through the proxy or the gateway), as
     * another client of the device would send them: a change the gateway learns only from the device.
     */
    OnvifDoorOps direct() {
        if (directClient == null) directClient = WebClient.create(vertx);
        OnvifSoapClient soap = new OnvifSoapClient(vertx, new OnvifHttp(vertx, directClient, Clock.systemUTC()),
                URI.create(sim.deviceServiceUri()), USER, password, OnvifSoapClient.Options.defaults());
        Instant deadline = Instant.now().plusSeconds(10);
        return await(new OnvifDeviceOps(soap, true).services(deadline).map(services -> new OnvifDoorOps(soap, services)), DEADLINE);
    }

    // ---- HTTP ----

    record Response(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    String token(String role) {
        return tokens.get(role);
    }

    Response get(String path, String role) {
        return send(request(path, role).GET());
    }

    Response post(String path, String role, JsonObject body) {
        HttpRequest.Builder b = request(path, role);
        if (body == null) b.POST(HttpRequest.BodyPublishers.noBody());
        else b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        return send(b);
    }

    private HttpRequest.Builder request(String path, String role) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token(role));
    }

    private Response send(HttpRequest.Builder b) {
        HttpResponse<String> r = E2eTeardown.exchange(http, b);
        return new Response(r.statusCode(), r.body());
    }

    private JsonObject ok(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    List<JsonObject> doors() {
        return items(ok(get("/api/v1/doors", "viewer")));
    }

    JsonObject doorState(String id) {
        return ok(get("/api/v1/doors/" + id, "viewer")).getJsonObject("state");
    }

    /** GET /health (no token needed, but the viewer's does no harm). */
    JsonObject health() {
        return ok(get("/health", "viewer"));
    }

    /** The controller's entry in GET /api/v1/devices. */
    JsonObject controllerDevice() {
        return items(ok(get("/api/v1/devices", "viewer"))).stream()
                .filter(d -> CTL.equals(d.getString("id")) && "controller".equals(d.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no controller " + CTL + " in /api/v1/devices"));
    }

    /** Every audit record matching {@code query} (e.g. "type=access.granted"), read as the investigator, following {@code next}. */
    List<JsonObject> audit(String query) {
        List<JsonObject> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = ok(get("/api/v1/audit?" + query + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor), "investigator"));
            all.addAll(items(page));
            Object next = page.getValue("next");
            cursor = next == null ? null : next.toString();
        } while (cursor != null);
        return all;
    }

    /** Follows GET /api/v1/events as the investigator from the start of the trail (Last-Event-ID 0); closed with the site. */
    SseTestClient follow() {
        SseTestClient s = SseTestClient.open(vertx, gateway.port(), "/api/v1/events", token("investigator"), 0L);
        assertThat(s.response.statusCode()).isEqualTo(200);
        streams.add(s);
        return s;
    }

    /** The newest seq on the trail now. */
    long newestSeq() {
        return audit("").stream().mapToLong(r -> r.getLong("seq")).max().orElse(0);
    }

    /** The records of {@code query} with a seq above {@code seq}. */
    List<JsonObject> auditAfter(long seq, String query) {
        return audit(query).stream().filter(r -> r.getLong("seq") > seq).toList();
    }

    private static List<JsonObject> items(JsonObject page) {
        List<JsonObject> out = new ArrayList<>();
        page.getJsonArray("items").forEach(o -> out.add((JsonObject) o));
        return out;
    }

    /** The stream's records as the audit API shows them (its {@code data}), by seq. */
    static Map<Long, JsonObject> bySeq(List<JsonObject> records) {
        Map<Long, JsonObject> m = new LinkedHashMap<>();
        records.forEach(r -> m.put(r.getLong("seq"), r));
        return m;
    }

    static Map<Long, JsonObject> bySeq(SseTestClient stream, Function<JsonObject, Boolean> which) {
        Map<Long, JsonObject> m = new LinkedHashMap<>();
        stream.events().forEach(e -> {
            if (which.apply(e.data())) m.put(e.id(), e.data());
        });
        return m;
    }

    // ---- closing ----

    @Override
    public void close() {
        E2eTeardown t = new E2eTeardown();
        for (SseTestClient s : streams) t.attempt(s::close);
        if (gateway != null) t.attempt(() -> await(gateway.stop(), DEADLINE));
        if (gate != null) t.attempt(() -> await(gate.close(), DEADLINE));
        t.attempt(() -> await(sim.stop(), DEADLINE));
        if (line != null) t.attempt(() -> await(line.close(), DEADLINE));
        if (directClient != null) t.attempt(directClient::close);
        t.attempt(() -> await(vertx.close(), DEADLINE));
        t.deleteTree(dir);
        t.finish("site");
    }
}
