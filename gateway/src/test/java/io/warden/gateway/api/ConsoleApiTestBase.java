package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.console.ConsoleOptions;
import io.warden.gateway.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A server with the console's demo sign-in, its sessions on a clock the test moves, and helpers to sign in and call with the cookie. */
abstract class ConsoleApiTestBase extends ApiTestBase {
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T07:30:00Z"));
    @TempDir
    Path dir;

    record SignedIn(String cookie, String csrf, HttpResponse<Buffer> answer) {}

    @Override
    ApiOptions options() {
        return new ApiOptions("127.0.0.1", 0, null, null, heartbeat(), clock, 1, null);
    }

    /** The event streams' heartbeat. */
    Duration heartbeat() {
        return Duration.ofMillis(200);
    }

    @Override
    ApiServer createServer() {
        return new ApiServer(vertx, doorService(), audit, hub, ApiTestBase::token, devices, registry, options(), null, null, null,
                new ConsoleOptions(null, null, true, IDLE, ABSOLUTE), sessionsFile());
    }

    Path sessionsFile() {
        return dir.resolve("console-sessions.json");
    }

    String origin() {
        return "http://127.0.0.1:" + port;
    }

    SignedIn signIn(String role) {
        HttpResponse<Buffer> res = await(client.post(ConsoleRoutes.DEMO).putHeader("Origin", origin())
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject().put("role", role).encode())));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        String set = res.getHeader("Set-Cookie");
        String value = set.substring(set.indexOf('=') + 1, set.indexOf(';'));
        return new SignedIn(value, res.bodyAsJsonObject().getString("csrf"), res);
    }

    /** A request carrying the session cookie, and the CSRF token and Origin when given. */
    HttpResponse<Buffer> withCookie(HttpMethod method, String path, SignedIn s, String csrf, String origin) {
        HttpRequest<Buffer> req = client.request(method, path).putHeader("Cookie", "warden_session=" + s.cookie());
        if (csrf != null) req.putHeader(BearerAuth.CSRF_HEADER, csrf);
        if (origin != null) req.putHeader("Origin", origin);
        return await(req.send());
    }

    static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    static AuditEntry entry(List<AuditRecord> records) {
        return only(records).entry();
    }
}
