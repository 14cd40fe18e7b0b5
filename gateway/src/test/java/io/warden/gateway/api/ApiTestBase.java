package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.events.EventHub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A server on 127.0.0.1:0 over the fakes, and a blocking client for the test thread. */
abstract class ApiTestBase {
    static final Map<String, Principal> TOKENS = Map.of(
            "viewer-token", new Principal("hall-monitor", Role.VIEWER),
            "operator-token", new Principal("front-office", Role.OPERATOR),
            "lockdown-token", new Principal("sro-smith", Role.LOCKDOWN),
            "investigator-token", new Principal("investigator-jones", Role.INVESTIGATOR),
            "admin-token", new Principal("it-admin", Role.ADMIN));

    Vertx vertx;
    EventHub hub;
    FakeAuditStore audit;
    FakeDoorService doors;
    DeviceDirectory devices;
    PrometheusMeterRegistry registry;
    ApiServer server;
    WebClient client;
    int port;

    @BeforeEach
    void startServer() {
        vertx = Vertx.vertx();
        hub = new EventHub();
        audit = new FakeAuditStore(hub);
        doors = new FakeDoorService();
        devices = new DeviceDirectory(Instant.parse("2026-01-05T07:00:00Z"));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = createServer();
        port = await(server.start());
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    /** The server under test, over the fakes; a subclass may build it otherwise (the console's options, say). */
    ApiServer createServer() {
        return new ApiServer(vertx, doorService(), audit, hub, ApiTestBase::token, devices, registry, options());
    }

    static Optional<Principal> token(String t) {
        return Optional.ofNullable(TOKENS.get(t));
    }

    /** The door service behind the API: the fake, for tests of the API's own mapping; see {@link DoorServiceApiTest}. */
    DoorService doorService() {
        return doors;
    }

    ApiOptions options() {
        return ApiOptions.plain("127.0.0.1", 0).withHeartbeat(Duration.ofMillis(200));
    }

    @AfterEach
    void stopServer() {
        if (client != null) client.close();
        await(server.stop());
        await(vertx.close());
    }

    HttpResponse<Buffer> get(String path, String token) {
        return send(HttpMethod.GET, path, token, null);
    }

    HttpResponse<Buffer> post(String path, String token, JsonObject body) {
        return send(HttpMethod.POST, path, token, body);
    }

    HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
        return raw(method, path, token, body == null ? null : body.encode());
    }

    /** Sends {@code body} as application/json verbatim (it may be malformed on purpose). */
    HttpResponse<Buffer> raw(HttpMethod method, String path, String token, String body) {
        HttpRequest<Buffer> req = client.request(method, path);
        if (token != null) req.putHeader("Authorization", "Bearer " + token);
        if (body == null) return await(req.send());
        return await(req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    }

    /** Asserts a problem+json with this status and code, and returns it. */
    static JsonObject problem(HttpResponse<Buffer> res, int status, String code) {
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(status);
        assertThat(res.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject p = res.bodyAsJsonObject();
        assertThat(p.getString("code")).isEqualTo(code);
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("type")).startsWith("https://warden.dev/problems/");
        assertThat(p.getString("title")).isNotBlank();
        assertThat(p.getString("detail")).doesNotContain("Exception").doesNotContain("java.").doesNotContain("io.vertx");
        return p;
    }

    List<AuditRecord> audited(String type) {
        return audit.where(r -> r.entry().type().equals(type));
    }
}
