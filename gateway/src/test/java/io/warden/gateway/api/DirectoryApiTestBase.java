package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;

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
import io.warden.gateway.access.AccessQuestions;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.CalendarDay;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonKind;
import io.warden.gateway.people.PersonStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The API over a real SQLite audit trail, the fake door service, a small in-memory directory and
 * canned access answers; a blocking client for the test thread.
 */
abstract class DirectoryApiTestBase {
    static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");
    static final Person ANA = person("s-100", "Ana Lopez", PersonKind.STUDENT, List.of("lincoln"), PersonStatus.ACTIVE, null);
    static final Person BEN = person("s-101", "Ben Okafor", PersonKind.STUDENT, List.of("lincoln"), PersonStatus.SUSPENDED, null);
    static final Person CARA = person("t-200", "Cara Diaz", PersonKind.STAFF, List.of("lincoln", "north-hs"), PersonStatus.ACTIVE,
            "pbkdf2-sha256$1$c2FsdA$aGFzaA");
    static final Directory START = new Directory(List.of(ANA, BEN, CARA),
            List.of(new Card("H10301:40:6789", "s-100", CardStatus.ACTIVE), new Card("H10301:40:7000", "t-200", CardStatus.LOST)),
            List.of(new CalendarDay(LocalDate.parse("2026-12-24"), CalendarDay.Kind.BREAK, "Winter break")), 7);

    Vertx vertx;
    Path dir;
    SqliteAuditStore audit;
    FakeDoorService doors;
    FakeDirectoryService directory;
    FakeAccessQuestions questions;
    ApiServer server;
    WebClient client;
    int port;

    static Person person(String id, String name, PersonKind kind, List<String> schools, PersonStatus status, String pinHash) {
        return new Person(id, name, kind, null, schools, status, null, null, false, pinHash, "oneroster");
    }

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("warden-directory-api");
        EventHub hub = new EventHub();
        audit = await(SqliteAuditStore.open(vertx, dir.resolve("audit.db"), hub::publish));
        doors = new FakeDoorService();
        directory = withDirectory() ? new FakeDirectoryService(START) : null;
        questions = new FakeAccessQuestions(
                Map.of("d1", List.of(new AccessQuestions.PersonAccess("t-200", "Cara Diaz", "staff", List.of("H10301:40:7001"),
                        "lincoln-staff", "staff-hours"))),
                Map.of("H10301:40:6789", List.of(new AccessQuestions.DoorAccess("d1", "Front entrance", "lincoln-students",
                        "school-day"))));
        ApiOptions options = new ApiOptions("127.0.0.1", 0, null, null, null, Clock.fixed(NOW, ZoneOffset.UTC), 1, null);
        server = new ApiServer(vertx, doors, audit, hub, t -> Optional.ofNullable(ApiTestBase.TOKENS.get(t)),
                new DeviceDirectory(NOW), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), options, null, directory,
                withDirectory() ? questions : null);
        port = await(server.start());
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    /** False: a node that keeps no directory. */
    boolean withDirectory() {
        return true;
    }

    @AfterEach
    void stopServer() {
        if (client != null) client.close();
        await(server.stop());
        await(audit.close());
        await(vertx.close());
    }

    HttpResponse<Buffer> get(String path, String token) {
        return send(HttpMethod.GET, path, token, null, null);
    }

    HttpResponse<Buffer> post(String path, String token, JsonObject body) {
        return send(HttpMethod.POST, path, token, "application/json", body == null ? null : Buffer.buffer(body.encode()));
    }

    HttpResponse<Buffer> send(HttpMethod method, String path, String token, String contentType, Buffer body) {
        HttpRequest<Buffer> req = client.request(method, path);
        if (token != null) req.putHeader("Authorization", "Bearer " + token);
        if (body == null) return await(req.send());
        if (contentType != null) req.putHeader("Content-Type", contentType);
        return await(req.sendBuffer(body));
    }

    /** Every record in the trail. */
    List<AuditRecord> trail() {
        return await(audit.query(AuditQuery.all(1000))).items();
    }

    List<AuditRecord> audited(String type) {
        return trail().stream().filter(r -> r.entry().type().equals(type)).toList();
    }
}
