package io.warden.gateway.api;

import static io.warden.gateway.api.ApiTestBase.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.warden.gateway.people.CalendarDay;
import io.warden.gateway.people.CalendarReport;
import io.warden.gateway.people.ImportProblem;
import io.warden.gateway.people.ImportReport;
import io.warden.gateway.people.ImportRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The imports: bodies that are not JSON, up to 32 MiB where every other request keeps 64 KiB, and their reports. */
class ImportApiTest extends DirectoryApiTestBase {
    private static final ImportReport CLEAN = new ImportReport("csv", List.of(new ImportReport.Change("s-300", "Dee Park", null)),
            List.of(new ImportReport.Change("s-100", "Ana Lopez", List.of("schools"))), List.of(), 2, List.of(), true);

    @BeforeEach
    void cleanImport() {
        directory.nextImport = CLEAN;
    }

    @Test
    void aPlainCsvIsImportedAsOneFileAndTheReportAnswered() {
        byte[] csv = "id,name,kind\ns-300,Dee Park,student\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<Buffer> res = send(HttpMethod.POST, "/api/v1/people/import?dryRun=true", "admin-token", "text/csv; charset=utf-8",
                Buffer.buffer(csv));

        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        JsonObject report = res.bodyAsJsonObject();
        assertThat(report.getJsonArray("added").getJsonObject(0)).isEqualTo(new JsonObject().put("person", "s-300").put("name", "Dee Park")
                .put("fields", new io.vertx.core.json.JsonArray()));
        assertThat(report.getJsonArray("changed").getJsonObject(0).getJsonArray("fields")).containsExactly("schools");
        assertThat(report.getInteger("unchanged")).isEqualTo(2);
        ImportRequest asked = directory.imports.get(0);
        assertThat(asked.format()).isEqualTo("csv");
        assertThat(asked.dryRun()).isTrue();
        assertThat(asked.fullSync()).as("a plain CSV is not the whole roster unless asked").isFalse();
        assertThat(asked.files()).containsOnlyKeys(ImportRoutes.PLAIN_CSV);
        assertThat(asked.files().get(ImportRoutes.PLAIN_CSV)).isEqualTo(csv);
    }

    @Test
    void aOneRosterUsersCsvAloneAndAZipAreFullSyncsUnlessToldOtherwise() throws IOException {
        byte[] users = "sourcedId,status,enabledUser,givenName,familyName,role\n".getBytes(StandardCharsets.UTF_8);
        assertThat(send(HttpMethod.POST, "/api/v1/people/import?format=oneroster", "admin-token", "text/csv", Buffer.buffer(users))
                .statusCode()).isEqualTo(200);
        byte[] orgs = "sourcedId,name,type\n".getBytes(StandardCharsets.UTF_8);
        byte[] zip = zip("export/users.csv", users, "export/orgs.csv", orgs);
        HttpResponse<Buffer> res = send(HttpMethod.POST, "/api/v1/people/import?fullSync=false", "admin-token", "application/zip",
                Buffer.buffer(zip));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);

        ImportRequest alone = directory.imports.get(0);
        assertThat(alone.format()).isEqualTo("oneroster");
        assertThat(alone.fullSync()).isTrue();
        assertThat(alone.files()).containsOnlyKeys("users.csv");
        ImportRequest zipped = directory.imports.get(1);
        assertThat(zipped.format()).isEqualTo("oneroster");
        assertThat(zipped.fullSync()).isFalse();
        assertThat(zipped.dryRun()).isFalse();
        assertThat(zipped.files()).containsOnlyKeys("users.csv", "orgs.csv");
        assertThat(zipped.files().get("orgs.csv")).isEqualTo(orgs);
    }

    @Test
    void filesWithProblemsAre422WithEveryProblemAndItsPlace() {
        directory.nextImport = new ImportReport("oneroster", List.of(), List.of(), List.of(), 0, List.of(
                new ImportProblem("users.csv", 14, "role", "unknown role 'janitor'"),
                new ImportProblem("orgs.csv", 0, null, "missing")), false);

        HttpResponse<Buffer> res = send(HttpMethod.POST, "/api/v1/people/import", "admin-token", "application/zip",
                Buffer.buffer(zip("users.csv", new byte[] {'x'})));

        JsonObject p = problem(res, 422, "UNPROCESSABLE_CONTENT");
        assertThat(p.getString("detail")).isEqualTo("2 problems in the files, first users.csv:14 column role: unknown role 'janitor'; "
                + "nothing was applied");
        JsonObject report = p.getJsonObject("report");
        assertThat(report.getBoolean("applied")).isFalse();
        assertThat(report.getJsonArray("problems").getJsonObject(0)).isEqualTo(new JsonObject().put("file", "users.csv").put("line", 14)
                .put("column", "role").put("message", "unknown role 'janitor'"));
        assertThat(report.getJsonArray("problems").getJsonObject(1).getValue("column")).isNull();
    }

    @Test
    void theBodyMustBeOneOfTheDeclaredTypesAndPresent() {
        JsonObject p = problem(send(HttpMethod.POST, "/api/v1/people/import", "admin-token", "application/json", Buffer.buffer("{}")), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertThat(p.getString("detail")).isEqualTo("unsupported content type 'application/json'; send text/csv or application/zip");
        assertThat(p.getString("title")).isEqualTo("Unsupported content type");
        problem(send(HttpMethod.POST, "/api/v1/calendar/import", "admin-token", "text/csv", Buffer.buffer("a,b")), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertThat(problem(send(HttpMethod.POST, "/api/v1/people/import", "admin-token", "text/csv", Buffer.buffer("")), 400,
                "BAD_REQUEST").getString("detail")).startsWith("request body is required");
        assertThat(problem(send(HttpMethod.POST, "/api/v1/people/import", "admin-token", "application/zip", Buffer.buffer("not a zip")), 400,
                "BAD_REQUEST").getString("detail")).contains("zip");
        assertThat(problem(send(HttpMethod.POST, "/api/v1/people/import?format=csv", "admin-token", "application/zip",
                Buffer.buffer(zip("users.csv", new byte[] {'x'}))), 400, "BAD_REQUEST").getString("detail")).contains("format");
        // A JSON operation still takes JSON only.
        problem(send(HttpMethod.POST, "/api/v1/cards/H10301:40:6789/status", "admin-token", "text/csv", Buffer.buffer("lost")), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertThat(directory.imports).isEmpty();
    }

    @Test
    void anImportMayBeMegabytesWhileEveryOtherBodyKeeps64KiB() throws IOException {
        byte[] big = new byte[3 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        HttpResponse<Buffer> res = send(HttpMethod.POST, "/api/v1/people/import", "admin-token", "text/csv", Buffer.buffer(big));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(directory.imports.get(0).files().get(ImportRoutes.PLAIN_CSV)).hasSize(big.length);

        String tooBig = "{\"status\":\"" + "x".repeat(65 * 1024) + "\"}";
        assertThat(problem(post("/api/v1/cards/H10301:40:6789/status", "admin-token", new JsonObject(tooBig)), 413, "CONTENT_TOO_LARGE")
                .getString("detail")).isEqualTo("request body too large: at most 64 KiB");

        String answer = declaredLength("/api/v1/people/import", "text/csv", 32L * 1024 * 1024 + 1);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("CONTENT_TOO_LARGE").contains("at most 32 MiB");
        answer = declaredLength("/api/v1/calendar/import", "text/calendar", 32L * 1024 * 1024 + 1);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("at most 32 MiB");
        assertThat(directory.imports).hasSize(1);
        assertThat(directory.calendars).isEmpty();
    }

    @Test
    void aCalendarIsImportedAndItsReportAnswered() {
        directory.nextCalendar = new CalendarReport(List.of(new CalendarDay(LocalDate.parse("2026-12-21"), CalendarDay.Kind.BREAK,
                "Winter break")), List.of("Band concert (2026-12-10): not a school-day exception"), 1, 0, false);
        byte[] ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8);

        HttpResponse<Buffer> res = send(HttpMethod.POST, "/api/v1/calendar/import?dryRun=true", "admin-token", "text/calendar",
                Buffer.buffer(ics));

        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject()).isEqualTo(new JsonObject()
                .put("days", new io.vertx.core.json.JsonArray().add(new JsonObject().put("date", "2026-12-21").put("kind", "break")
                        .put("name", "Winter break")))
                .put("skipped", new io.vertx.core.json.JsonArray().add("Band concert (2026-12-10): not a school-day exception"))
                .put("added", 1).put("removed", 0).put("applied", false));
        assertThat(directory.calendars.get(0)).isEqualTo(ics);
        problem(send(HttpMethod.POST, "/api/v1/calendar/import", "investigator-token", "text/calendar", Buffer.buffer(ics)), 403, "FORBIDDEN");
    }

    /** Sends only the head of a request declaring {@code length} bytes, and reads the answer. */
    private String declaredLength(String path, String type, long length) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer admin-token\r\nContent-Type: " + type
                    + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; !got.toString(StandardCharsets.UTF_8).contains("}") && (n = in.read(buf)) > 0; ) got.write(buf, 0, n);
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    static byte[] zip(Object... nameBytes) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(b)) {
                for (int i = 0; i < nameBytes.length; i += 2) {
                    z.putNextEntry(new ZipEntry((String) nameBytes[i]));
                    z.write((byte[]) nameBytes[i + 1]);
                    z.closeEntry();
                }
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
