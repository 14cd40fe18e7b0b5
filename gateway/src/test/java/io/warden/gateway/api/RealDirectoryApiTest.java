package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.warden.gateway.access.AccessPolicy;
import io.warden.gateway.access.AccessRules;
import io.warden.gateway.access.Schedules;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.config.SiteConfig;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.people.GatewayDirectoryService;
import io.warden.gateway.people.SqliteDirectoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory's API end to end over the real services as {@code AccessNode} wires them: the
 * SQLite directory behind {@link GatewayDirectoryService}, the SQLite audit trail, and
 * {@link AccessRules} compiled from an access config; only the doors are the fake's (d1, d2 at
 * north-hs, d3 at south-ms). The OneRoster fixture is roster/v11 (four people and a guardian).
 */
class RealDirectoryApiTest {
    private static final String ADMIN = "admin-token";

    private Vertx vertx;
    private Path dir;
    private SqliteAuditStore audit;
    private SqliteDirectoryStore store;
    private GatewayDirectoryService directory;
    private ApiServer server;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("warden-real-directory");
        EventHub hub = new EventHub();
        Clock clock = Clock.systemUTC();
        audit = await(SqliteAuditStore.open(vertx, dir.resolve("audit.db"), hub::publish));
        store = await(SqliteDirectoryStore.open(vertx, dir.resolve(SqliteDirectoryStore.FILE_NAME)));
        directory = await(GatewayDirectoryService.start(vertx, store, audit, clock));
        FakeDoorService doors = new FakeDoorService();
        AccessConfig access = new AccessConfig(null, List.of(), List.of(
                new AccessConfig.Group("lincoln-staff", null, List.of("staff"), List.of("s-lincoln"), null, null, null,
                        List.of("north-hs"), "always"),
                new AccessConfig.Group("lincoln-students", null, List.of("student"), List.of("s-lincoln"), null, List.of("d1"), null,
                        null, "always")),
                List.of(), List.of(), List.of());
        List<SiteConfig> sites = List.of(new SiteConfig("north-hs", "North", "UTC", List.of()),
                new SiteConfig("south-ms", "South", "UTC", List.of()));
        AccessPolicy policy = AccessPolicy.compile(access, doors.doors(null, null).stream().map(DoorView::info).toList(),
                sites, Schedules.compile(access.schedules()));
        AccessRules questions = new AccessRules(policy, directory::current, d -> null, clock);
        server = new ApiServer(vertx, doors, audit, hub, t -> Optional.ofNullable(ApiTestBase.TOKENS.get(t)),
                new DeviceDirectory(Instant.now()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new ApiOptions("127.0.0.1", 0, null, null, null, clock, 1, null), null, directory, questions);
        int port = await(server.start());
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        await(server.stop());
        await(store.close());
        await(audit.close());
        await(vertx.close());
    }

    @Test
    void aOneRosterZipIsDryRunThenImportedAndAReimportChangesNothingButItsSummary() throws Exception {
        byte[] zip = zip("users.csv", fixture("users.csv"), "orgs.csv", fixture("orgs.csv"), "enrollments.csv", fixture("enrollments.csv"));

        JsonObject dry = ok(send(HttpMethod.POST, "/api/v1/people/import?dryRun=true", ADMIN, ImportRoutes.ZIP, zip));
        assertThat(ids(dry.getJsonArray("added"))).containsExactlyInAnyOrder("u-100", "u-200", "u-201", "u-400");
        assertThat(dry.getInteger("skipped")).as("the guardian is counted, not kept").isEqualTo(1);
        assertThat(dry.getBoolean("applied")).isFalse();
        assertThat(directory.current().people()).isEmpty();

        JsonObject real = ok(send(HttpMethod.POST, "/api/v1/people/import", ADMIN, ImportRoutes.ZIP, zip));
        assertThat(ids(real.getJsonArray("added"))).containsExactlyInAnyOrder("u-100", "u-200", "u-201", "u-400");
        assertThat(real.getInteger("skipped")).isEqualTo(1);
        assertThat(real.getBoolean("applied")).isTrue();
        assertThat(directory.current().person("g-300")).isEmpty();
        JsonObject carla = ok(send(HttpMethod.GET, "/api/v1/people/u-201", ADMIN, null, null));
        assertThat(carla.getString("status")).as("enabledUser=false").isEqualTo("suspended");
        assertThat(carla.getString("name")).isEqualTo("Carla D\"Angelo, Jr.");
        // What the SIS knows and the doors do not need is not kept: e-mail, username, grades, guardians.
        String stored = stored(SqliteDirectoryStore.FILE_NAME) + stored(SqliteDirectoryStore.FILE_NAME + "-wal");
        assertThat(stored).contains("Carla").doesNotContain("alopez@maple.example").doesNotContain("bkim").doesNotContain("Dana");

        List<AuditRecord> before = trail();
        JsonObject again = ok(send(HttpMethod.POST, "/api/v1/people/import", ADMIN, ImportRoutes.ZIP, zip));
        assertThat(again.getJsonArray("added")).isEmpty();
        assertThat(again.getJsonArray("changed")).isEmpty();
        assertThat(again.getJsonArray("suspended")).isEmpty();
        assertThat(again.getInteger("unchanged")).isEqualTo(4);
        List<AuditRecord> added = trail().subList(before.size(), trail().size());
        assertThat(added).extracting(r -> r.entry().type()).containsExactly("people.import");
        assertThat(added.get(0).entry().detail()).startsWith("format=oneroster added=0 changed=0 suspended=0 unchanged=4");
        assertThat(added.get(0).entry().actor()).isEqualTo("it-admin");
    }

    @Test
    void aFileWithProblemsIs422WithLineAndColumnAndAppliesNothing() {
        ok(send(HttpMethod.POST, "/api/v1/people/import?format=oneroster", ADMIN, "text/csv", fixture("users.csv")));
        long version = directory.current().version();
        String users = new String(fixture("users.csv"), StandardCharsets.UTF_8)
                + "u-500,,,true,s-lincoln,teacher,new,,New,Teacher,,,,,,,,\n"
                + "u-200,,,true,s-lincoln,student,dup,,Dup,Licate,,,,,,,,\n";

        HttpResponse<Buffer> res = send(HttpMethod.POST, "/api/v1/people/import?format=oneroster", ADMIN, "text/csv", users.getBytes(StandardCharsets.UTF_8));

        JsonObject p = ApiTestBase.problem(res, 422, "UNPROCESSABLE_CONTENT");
        assertThat(p.getString("detail")).contains("users.csv:8").contains("sourcedId").contains("nothing was applied");
        JsonObject problem = p.getJsonObject("report").getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("file")).isEqualTo("users.csv");
        assertThat(problem.getInteger("line")).isEqualTo(8);
        assertThat(problem.getString("column")).isEqualTo("sourcedId");
        assertThat(directory.current().version()).isEqualTo(version);
        assertThat(directory.current().person("u-500")).as("the good row of a refused file").isEmpty();
        AuditRecord summary = trail().get(trail().size() - 1);
        assertThat(summary.entry().type()).isEqualTo("people.import");
        assertThat(summary.entry().result()).isEqualTo("refused");
    }

    @Test
    void cardsPinsCalendarAndTheQuestionsOverTheRealDirectory() throws Exception {
        ok(send(HttpMethod.POST, "/api/v1/people/import", ADMIN, ImportRoutes.ZIP,
                zip("users.csv", fixture("users.csv"), "orgs.csv", fixture("orgs.csv"))));
        ok(post("/api/v1/people/u-100/cards", new JsonObject().put("card", "H10301:40:1000")));
        ok(post("/api/v1/people/u-200/cards", new JsonObject().put("card", "H10301:40:2000")));
        ApiTestBase.problem(post("/api/v1/people/u-100/cards", new JsonObject().put("card", "H10301:40:2000")), 409, "CONFLICT");

        JsonObject who = ok(send(HttpMethod.GET, "/api/v1/doors/d1/access", ADMIN, null, null));
        assertThat(who.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("person")))
                .containsExactlyInAnyOrder("u-100", "u-200");
        assertThat(ok(send(HttpMethod.GET, "/api/v1/doors/d2/access", ADMIN, null, null)).getJsonArray("items"))
                .extracting(o -> ((JsonObject) o).getString("name")).containsExactly("Ana Lopez");
        JsonObject opens = ok(send(HttpMethod.GET, "/api/v1/cards/H10301:40:1000/access", ADMIN, null, null));
        assertThat(opens.getJsonArray("items")).extracting(o -> ((JsonObject) o).getString("door")).containsExactly("d1", "d2");

        assertThat(ok(post("/api/v1/cards/H10301:40:2000/status", new JsonObject().put("status", "lost"))).getString("status"))
                .isEqualTo("lost");
        assertThat(ok(send(HttpMethod.GET, "/api/v1/cards/H10301:40:2000/access", ADMIN, null, null)).getJsonArray("items")).isEmpty();
        assertThat(ok(post("/api/v1/cards/H10301:40:1000/status", new JsonObject().put("status", "suspended"))).getString("status"))
                .isEqualTo("suspended");
        assertThat(ok(send(HttpMethod.GET, "/api/v1/doors/d1/access", ADMIN, null, null)).getJsonArray("items")).isEmpty();

        HttpResponse<Buffer> pin = send(HttpMethod.PUT, "/api/v1/people/u-100/pin", ADMIN, "application/json",
                new JsonObject().put("pin", "48151623").encode().getBytes(StandardCharsets.UTF_8));
        assertThat(pin.statusCode()).as(pin.bodyAsString()).isEqualTo(204);
        String person = send(HttpMethod.GET, "/api/v1/people/u-100", ADMIN, null, null).bodyAsString();
        assertThat(new JsonObject(person).getBoolean("pin")).isTrue();
        assertThat(person).doesNotContain("48151623").doesNotContain("pbkdf2");
        assertThat(trail()).extracting(r -> r.entry().toString()).allSatisfy(e -> assertThat(e).doesNotContain("48151623").doesNotContain("pbkdf2"));
        assertThat(trail()).extracting(r -> r.entry().type()).contains("person.pin_set", "card.assigned", "card.status");

        JsonObject cal = ok(send(HttpMethod.POST, "/api/v1/calendar/import", ADMIN, "text/calendar", calendar()));
        assertThat(cal.getBoolean("applied")).isTrue();
        assertThat(cal.getJsonArray("days")).isNotEmpty();
        assertThat(ok(send(HttpMethod.GET, "/api/v1/calendar", ADMIN, null, null)).getJsonArray("items")).hasSameSizeAs(cal.getJsonArray("days"));

        Instant t = Instant.now();
        await(audit.append(new AuditEntry(t, "access.granted", "u-100", "line-a/1", "north-hs", "bldg-a", "d1", null, "H10301:40:1000",
                "card", "granted", "group lincoln-staff, schedule always")));
        await(audit.append(new AuditEntry(t, "access.denied", "unknown", "line-a/1", "north-hs", "bldg-a", "d1", null, "H10301:40:9",
                "card", "denied", "unknown_card: card H10301:40:9 is not in the directory")));
        JsonArray entries = ok(send(HttpMethod.GET, "/api/v1/doors/d1/entries?denied=true&from=" + t.minusSeconds(5) + "&to="
                + t.plusSeconds(5), "investigator-token", null, null)).getJsonArray("items");
        assertThat(entries).hasSize(2);
        assertThat(entries.getJsonObject(0).getString("name")).isEqualTo("Ana Lopez");
        assertThat(entries.getJsonObject(1).getString("person")).isNull();

        for (String token : List.of("viewer-token", "operator-token", "lockdown-token")) {
            for (String path : List.of("/api/v1/people", "/api/v1/people/u-100", "/api/v1/doors/d1/access", "/api/v1/doors/d1/entries",
                    "/api/v1/cards/H10301:40:1000/access")) {
                assertThat(send(HttpMethod.GET, path, token, null, null).statusCode()).as(token + " " + path).isEqualTo(403);
            }
        }
    }

    @Test
    void aCalendarWithTimeZonesAndTimedEventsIsAnswered() {
        String ics = String.join("\r\n", "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
                "BEGIN:VTIMEZONE", "TZID:America/Los_Angeles", "BEGIN:STANDARD", "TZOFFSETFROM:-0700", "TZOFFSETTO:-0800", "TZNAME:PST",
                "DTSTART:19701101T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD", "END:VTIMEZONE",
                "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261111", "DTSTAMP:20260801T000000Z", "UID:vets@rusd.example",
                "SUMMARY:Veterans Day Holiday", "END:VEVENT",
                "BEGIN:VEVENT", "DTSTART;TZID=America/Los_Angeles:20261014T123000", "DTEND;TZID=America/Los_Angeles:20261014T133000",
                "DTSTAMP:20260801T000000Z", "UID:early@rusd.example", "SUMMARY:Minimum Day - Early Dismissal 12:30", "END:VEVENT",
                "END:VCALENDAR", "");

        JsonObject report = ok(send(HttpMethod.POST, "/api/v1/calendar/import", ADMIN, "text/calendar", ics.getBytes(StandardCharsets.UTF_8)));

        assertThat(report.getJsonArray("days")).extracting(o -> ((JsonObject) o).getString("date")).containsExactly("2026-11-11");
        assertThat(report.getJsonArray("skipped")).hasSize(1);
        assertThat(report.getJsonArray("skipped").getString(0)).contains("Minimum Day").contains("not an all-day event");
    }

    private HttpResponse<Buffer> post(String path, JsonObject body) {
        return send(HttpMethod.POST, path, ADMIN, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String token, String type, byte[] body) {
        HttpRequest<Buffer> req = client.request(method, path).putHeader("Authorization", "Bearer " + token);
        if (body == null) return await(req.send());
        return await(req.putHeader("Content-Type", type).sendBuffer(Buffer.buffer(body)));
    }

    private static JsonObject ok(HttpResponse<Buffer> res) {
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        return res.bodyAsJsonObject();
    }

    private List<AuditRecord> trail() {
        return await(audit.query(AuditQuery.all(1000))).items();
    }

    /** A file of the data directory as Latin-1 text ("" when absent), to look for what must not be stored. */
    private String stored(String name) throws IOException {
        Path f = dir.resolve(name);
        return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1) : "";
    }

    private static List<String> ids(JsonArray changes) {
        return changes.stream().map(o -> ((JsonObject) o).getString("person")).toList();
    }

    private static byte[] fixture(String name) {
        return resource("/roster/v11/" + name);
    }

    private static byte[] calendar() {
        return resource("/calendar/district-2026-27.ics");
    }

    private static byte[] resource(String path) {
        try (InputStream in = RealDirectoryApiTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zip(Object... namesAndBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndBytes.length; i += 2) {
                z.putNextEntry(new ZipEntry("export/" + namesAndBytes[i]));
                z.write((byte[]) namesAndBytes[i + 1]);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
