package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory commands against a stub gateway whose answers openapi.yaml allows. */
class PeopleCommandsTest extends CliHarness {
    private static final String ANA = "{\"id\":\"s-100\",\"name\":\"Ana Lopez\",\"kind\":\"student\",\"sisId\":null,\"schools\":[\"lincoln\"],"
            + "\"status\":\"active\",\"validFrom\":null,\"validUntil\":null,\"lockdownEntry\":false,\"pin\":false,\"source\":\"oneroster\","
            + "\"cards\":[{\"id\":\"H10301:40:6789\",\"status\":\"active\"}]}";
    private static final String CARA = "{\"id\":\"t-200\",\"name\":\"Cara Diaz\",\"kind\":\"staff\",\"sisId\":\"9001\",\"schools\":[\"lincoln\",\"north-hs\"],"
            + "\"status\":\"active\",\"validFrom\":null,\"validUntil\":null,\"lockdownEntry\":true,\"pin\":true,\"source\":\"csv\",\"cards\":[]}";
    private static final String REPORT = "{\"format\":\"%s\",\"added\":[{\"person\":\"s-300\",\"name\":\"Dee Park\",\"fields\":[]}],"
            + "\"changed\":[{\"person\":\"s-100\",\"name\":\"Ana Lopez\",\"fields\":[\"schools\",\"status\"]}],\"suspended\":[],\"unchanged\":41,\"skipped\":0,"
            + "\"problems\":[],\"applied\":%s}";

    @TempDir
    Path dir;

    @Test
    void peopleFollowsEveryPageAndPrintsATable() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/people")).withQueryParam("cursor", equalTo("1"))
                .willReturn(okJson("{\"items\":[" + CARA + "],\"next\":null}")));
        gateway.stubFor(get(urlPathEqualTo("/api/v1/people")).withQueryParam("kind", equalTo("student")).withQueryParam("q", equalTo("lo"))
                .atPriority(10).willReturn(okJson("{\"items\":[" + ANA + "],\"next\":1}")));

        Run run = warden("people", "--kind", "student", "--search", "lo");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().split("\n")).containsExactly(
                "ID     NAME       KIND     STATUS  SCHOOLS           PIN  CARDS",
                "s-100  Ana Lopez  student  active  lincoln           no   H10301:40:6789",
                "t-200  Cara Diaz  staff    active  lincoln,north-hs  yes  -");
        gateway.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/people")).withQueryParam("limit", equalTo("1000")));
    }

    @Test
    void personShowsOneAndAnUnknownOneExitsSix() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/people/t-200")).willReturn(okJson(CARA)));
        gateway.stubFor(get(urlPathEqualTo("/api/v1/people/nobody")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody(problem(404, "NOT_FOUND", "no person 'nobody'"))));

        Run run = warden("person", "t-200");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("name            Cara Diaz\n").contains("PIN             set\n").contains("cards           -\n")
                .contains("lockdown entry  yes\n");
        Run missing = warden("person", "nobody");
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("warden: no person 'nobody' (NOT_FOUND)");
        Run noId = warden("person");
        assertThat(noId.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noId.err()).contains("missing the person's ID");
    }

    @Test
    void importOfAUsersCsvSendsItWithItsSiblingsAsAZip() throws IOException {
        Files.writeString(dir.resolve("users.csv"), "sourcedId,givenName\ns-300,Dee\n");
        Files.writeString(dir.resolve("orgs.csv"), "sourcedId,name\nlincoln,Lincoln\n");
        Files.writeString(dir.resolve("notes.txt"), "not sent");
        gateway.stubFor(post(urlPathEqualTo("/api/v1/people/import")).willReturn(okJson(REPORT.formatted("oneroster", "true"))));

        Run run = warden("people", "import", dir.resolve("users.csv").toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Imported (oneroster): 1 added, 1 changed, 0 suspended, 41 unchanged\n")
                .contains("added    s-300  Dee Park   -\n").contains("changed  s-100  Ana Lopez  schools,status\n");
        LoggedRequest sent = gateway.findAll(postRequestedFor(urlPathEqualTo("/api/v1/people/import"))).get(0);
        assertThat(sent.getHeader("Content-Type")).isEqualTo("application/zip");
        assertThat(sent.queryParameter("format").firstValue()).isEqualTo("oneroster");
        assertThat(sent.queryParameter("fullSync").isPresent()).isFalse();
        assertThat(sent.queryParameter("dryRun").isPresent()).isFalse();
        assertThat(unzip(sent.getBody())).containsOnlyKeys("orgs.csv", "users.csv")
                .containsEntry("users.csv", "sourcedId,givenName\ns-300,Dee\n");
    }

    @Test
    void aDirectoryIsAOneRosterExportAndOneWithoutUsersCsvIsRefusedUnsent() throws IOException {
        Path export = Files.createDirectory(dir.resolve("export"));
        Files.writeString(export.resolve("users.csv"), "sourcedId\n");
        Files.writeString(export.resolve("enrollments.csv"), "sourcedId\n");
        gateway.stubFor(post(urlPathEqualTo("/api/v1/people/import")).willReturn(okJson(REPORT.formatted("oneroster", "true"))));

        assertThat(warden("people", "import", export.toString(), "--partial").code()).isZero();
        LoggedRequest sent = gateway.findAll(postRequestedFor(urlPathEqualTo("/api/v1/people/import"))).get(0);
        assertThat(unzip(sent.getBody())).containsOnlyKeys("enrollments.csv", "users.csv");
        assertThat(sent.queryParameter("fullSync").firstValue()).isEqualTo("false");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Run refused = warden("people", "import", empty.toString());
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("no users.csv in");
        assertThat(warden("people", "import", dir.resolve("missing.csv").toString()).err()).contains("no such file");
        gateway.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void anExportSendsOnlyTheFilesTheImportReadsNeverDemographics() throws IOException {
        Path export = Files.createDirectory(dir.resolve("sis-export"));
        for (String f : List.of("manifest.csv", "users.csv", "orgs.csv", "enrollments.csv", "demographics.csv", "classes.csv")) {
            Files.writeString(export.resolve(f), "sourcedId\n");
        }
        gateway.stubFor(post(urlPathEqualTo("/api/v1/people/import")).willReturn(okJson(REPORT.formatted("oneroster", "true"))));

        assertThat(warden("people", "import", export.toString()).code()).isZero();
        assertThat(warden("people", "import", export.resolve("users.csv").toString()).code()).isZero();

        for (LoggedRequest sent : gateway.findAll(postRequestedFor(urlPathEqualTo("/api/v1/people/import")))) {
            assertThat(unzip(sent.getBody())).as("birth dates and the like stay on the district's side")
                    .containsOnlyKeys("manifest.csv", "users.csv", "orgs.csv", "enrollments.csv");
        }
    }

    @Test
    void aPlainCsvGoesAsItIsAndDryRunAndPartialAreSaid() throws IOException {
        Path csv = dir.resolve("visitors.csv");
        Files.writeString(csv, "id,name,kind\nv-1,Sam Reyes,visitor\n");
        gateway.stubFor(post(urlPathEqualTo("/api/v1/people/import")).willReturn(okJson(REPORT.formatted("csv", "false"))));

        Run run = warden("people", "import", csv.toString(), "--dry-run", "--partial");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Dry run, nothing changed (csv): 1 added");
        gateway.verify(postRequestedFor(urlPathEqualTo("/api/v1/people/import")).withHeader("Content-Type", equalTo("text/csv"))
                .withQueryParam("format", equalTo("csv")).withQueryParam("dryRun", equalTo("true"))
                .withQueryParam("fullSync", equalTo("false")).withRequestBody(equalTo("id,name,kind\nv-1,Sam Reyes,visitor\n")));
    }

    @Test
    void filesWithProblemsPrintEachWithItsPlaceAndExitSeven() throws IOException {
        Path zip = dir.resolve("export.zip");
        Files.write(zip, new byte[] {'P', 'K', 5, 6});
        String report = "{\"format\":\"oneroster\",\"added\":[],\"changed\":[],\"suspended\":[],\"unchanged\":0,\"skipped\":0,\"problems\":["
                + "{\"file\":\"users.csv\",\"line\":14,\"column\":\"role\",\"message\":\"unknown role 'janitor'\"},"
                + "{\"file\":\"orgs.csv\",\"line\":0,\"column\":null,\"message\":\"missing\"}],\"applied\":false}";
        gateway.stubFor(post(urlPathEqualTo("/api/v1/people/import")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://warden.dev/problems/unprocessable-content\",\"title\":\"t\",\"status\":422,"
                        + "\"detail\":\"2 problems in the files; nothing was applied\",\"code\":\"UNPROCESSABLE_CONTENT\",\"report\":" + report + "}")));

        Run run = warden("people", "import", zip.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(run.out()).startsWith("Nothing changed (oneroster): 0 added")
                .contains("WHERE         COLUMN  PROBLEM\nusers.csv:14  role    unknown role 'janitor'\norgs.csv      -       missing\n");
        assertThat(run.err()).contains("warden: 2 problems in the files; nothing was applied");
        gateway.verify(postRequestedFor(urlPathEqualTo("/api/v1/people/import")).withHeader("Content-Type", equalTo("application/zip")));
    }

    @Test
    void cardsAreAssignedAndTheirStatusSet() {
        gateway.stubFor(post(urlPathEqualTo("/api/v1/people/s-100/cards"))
                .willReturn(okJson("{\"id\":\"H10301:40:6789\",\"person\":\"s-100\",\"status\":\"active\"}")));
        gateway.stubFor(post(urlPathEqualTo("/api/v1/cards/H10301%3A40%3A6789/status"))
                .willReturn(okJson("{\"id\":\"H10301:40:6789\",\"person\":\"s-100\",\"status\":\"lost\"}")));
        gateway.stubFor(post(urlPathEqualTo("/api/v1/cards/H10301%3A40%3A1/status")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody(problem(404, "NOT_FOUND", "no card 'H10301:40:1'"))));

        Run assign = warden("card", "assign", "s-100", "H10301:40:6789");
        assertThat(assign.code()).as(assign.err()).isZero();
        assertThat(assign.out()).isEqualTo("H10301:40:6789  s-100  active\n");
        Run lost = warden("card", "lost", "H10301:40:6789");
        assertThat(lost.out()).isEqualTo("H10301:40:6789  s-100  lost\n");
        assertThat(warden("card", "suspend", "H10301:40:1").code()).isEqualTo(ExitCodes.NOT_FOUND);

        gateway.verify(postRequestedFor(urlPathEqualTo("/api/v1/people/s-100/cards")).withRequestBody(equalToJson("{\"card\":\"H10301:40:6789\"}")));
        gateway.verify(postRequestedFor(urlPathEqualTo("/api/v1/cards/H10301%3A40%3A6789/status")).withRequestBody(equalToJson("{\"status\":\"lost\"}")));
        gateway.verify(postRequestedFor(urlPathEqualTo("/api/v1/cards/H10301%3A40%3A1/status")).withRequestBody(equalToJson("{\"status\":\"suspended\"}")));
    }

    @Test
    void aPinIsReadFromStandardInputAndNeverPrinted() {
        gateway.stubFor(put(urlPathEqualTo("/api/v1/people/s-100/pin")).willReturn(aResponse().withStatus(204)));
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("480613\n".getBytes(StandardCharsets.UTF_8)));
            Run run = warden("person", "pin", "s-100");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("PIN set for s-100\n");
            assertThat(run.out() + run.err()).doesNotContain("480613");

            System.setIn(new ByteArrayInputStream("48a\n".getBytes(StandardCharsets.UTF_8)));
            Run bad = warden("person", "pin", "s-100");
            assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("a PIN is 4 to 8 digits").doesNotContain("48a\n");
        } finally {
            System.setIn(stdin);
        }
        assertThat(warden("person", "pin", "s-100", "--clear").out()).isEqualTo("PIN cleared for s-100\n");
        gateway.verify(putRequestedFor(urlPathEqualTo("/api/v1/people/s-100/pin")).withRequestBody(equalToJson("{\"pin\":\"480613\"}")));
        gateway.verify(putRequestedFor(urlPathEqualTo("/api/v1/people/s-100/pin")).withRequestBody(equalToJson("{\"pin\":null}")));
        gateway.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void theCalendarIsShownAndImported() throws IOException {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/calendar")).willReturn(okJson(
                "{\"items\":[{\"date\":\"2026-12-21\",\"kind\":\"break\",\"name\":\"Winter break\"}]}")));
        gateway.stubFor(post(urlPathEqualTo("/api/v1/calendar/import")).willReturn(okJson("{\"days\":[{\"date\":\"2027-01-18\","
                + "\"kind\":\"holiday\",\"name\":\"MLK Day\"}],\"skipped\":[\"Band concert (2027-01-20): not a school-day exception\"],"
                + "\"added\":1,\"removed\":1,\"applied\":false}")));
        Path ics = dir.resolve("district.ics");
        Files.writeString(ics, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");

        assertThat(warden("calendar").out()).isEqualTo("DATE        KIND   NAME\n2026-12-21  break  Winter break\n");
        Run run = warden("calendar", "import", ics.toString(), "--dry-run");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Dry run, nothing changed: 1 days, 1 added, 1 removed\n")
                .contains("2027-01-18  holiday  MLK Day\n").endsWith("skipped: Band concert (2027-01-20): not a school-day exception\n");
        gateway.verify(postRequestedFor(urlPathEqualTo("/api/v1/calendar/import")).withHeader("Content-Type", equalTo("text/calendar"))
                .withQueryParam("dryRun", equalTo("true")).withRequestBody(equalTo("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")));
    }

    @Test
    void accessQuestionsSendTheTimesInUtc() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/doors/d1/access")).willReturn(okJson("{\"door\":\"d1\",\"at\":\"2026-12-01T15:00:00Z\","
                + "\"items\":[{\"person\":\"t-200\",\"name\":\"Cara Diaz\",\"kind\":\"staff\",\"cards\":[\"H10301:40:7001\"],"
                + "\"group\":\"lincoln-staff\",\"schedule\":\"staff-hours\"}]}")));
        gateway.stubFor(get(urlPathEqualTo("/api/v1/cards/H10301%3A40%3A6789/access")).willReturn(okJson(
                "{\"card\":\"H10301:40:6789\",\"at\":\"2026-12-01T15:00:00Z\",\"items\":[]}")));

        Run who = warden("access", "who", "d1", "--at", "2026-12-01T10:00:00-05:00");
        assertThat(who.code()).as(who.err()).isZero();
        assertThat(who.out()).isEqualTo("PERSON  NAME       KIND   CARDS           GROUP          SCHEDULE\n"
                + "t-200   Cara Diaz  staff  H10301:40:7001  lincoln-staff  staff-hours\n");
        gateway.verify(getRequestedFor(urlPathEqualTo("/api/v1/doors/d1/access")).withQueryParam("at", equalTo("2026-12-01T15:00:00Z")));

        Run card = warden("access", "card", "H10301:40:6789");
        assertThat(card.code()).isZero();
        assertThat(card.err()).contains("warden: H10301:40:6789 opens no door at 2026-12-01T15:00:00Z");
        assertThat(warden("access", "who", "d1", "--at", "noonish").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void entriesAskForTheRangeAndPrintNames() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/doors/d1/entries")).willReturn(okJson("{\"items\":["
                + "{\"seq\":5,\"time\":\"2026-12-01T12:40:00Z\",\"result\":\"granted\",\"person\":\"s-100\",\"name\":\"Ana Lopez\",\"kind\":\"student\","
                + "\"card\":\"H10301:40:6789\",\"action\":\"card\",\"detail\":\"group lincoln-students, schedule school-day\"},"
                + "{\"seq\":9,\"time\":\"2026-12-01T12:41:00Z\",\"result\":\"denied\",\"person\":null,\"name\":null,\"kind\":null,"
                + "\"card\":\"H10301:9:9\",\"action\":\"card\",\"detail\":\"unknown_card: no such card\"}],\"next\":null}")));

        Run run = warden("access", "entries", "d1", "--from", "2026-12-01T12:00:00Z", "--to", "2026-12-01T13:00:00Z", "--denied");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().split("\n")).containsExactly(
                "TIME                  RESULT   NAME       KIND     PERSON  CARD            DETAIL",
                "2026-12-01T12:40:00Z  granted  Ana Lopez  student  s-100   H10301:40:6789  group lincoln-students, schedule school-day",
                "2026-12-01T12:41:00Z  denied   -          -        -       H10301:9:9      unknown_card: no such card");
        gateway.verify(getRequestedFor(urlPathEqualTo("/api/v1/doors/d1/entries")).withQueryParam("from", equalTo("2026-12-01T12:00:00Z"))
                .withQueryParam("to", equalTo("2026-12-01T13:00:00Z")).withQueryParam("denied", equalTo("true")));

        Run backwards = warden("access", "entries", "d1", "--from", "2026-12-01T13:00:00Z", "--to", "2026-12-01T12:00:00Z");
        assertThat(backwards.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(backwards.err()).contains("must be after --from");
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
