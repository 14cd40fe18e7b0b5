package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FootageRequestCommandTest extends CliHarness {
    static final String FOOTAGE = "/api/v1/footage";
    private static final String QUEUED = "{\"id\":\"fj-1\",\"status\":\"queued\"}";

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withHeader("Location", "/api/v1/footage/fj-1").withBody(QUEUED);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problemAnswer(int status, String code, String detail) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json").withBody(problem(status, code, detail));
    }

    private JsonNode sentBody() throws Exception {
        return new ObjectMapper().readTree(gateway.getAllServeEvents().get(0).getRequest().getBodyAsString());
    }

    @Test
    void doorsAndAnRfc3339WindowPostTheRequestAndPrintTheId() {
        gateway.stubFor(post(urlEqualTo(FOOTAGE)).willReturn(accepted()));

        Run run = warden("footage", "request", "--door", "gym-east,gym-west", "--door", "library",
                "--from", "2026-05-01T10:02:00+02:00", "--to", "2026-05-01T08:10:00Z", "--reason", "incident 2026-114");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("fj-1\n");
        assertThat(run.err()).contains("warden: footage fj-1 queued; follow it with 'warden footage show fj-1'");
        gateway.verify(postRequestedFor(urlEqualTo(FOOTAGE)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json")).withRequestBody(equalToJson("""
                        {"doors":["gym-east","gym-west","library"],"from":"2026-05-01T08:02:00Z","to":"2026-05-01T08:10:00Z",
                         "reason":"incident 2026-114"}""")));
    }

    @Test
    void lastTwoMinutesIsAWindowOf120SecondsEndingNow() throws Exception {
        gateway.stubFor(post(urlEqualTo(FOOTAGE)).willReturn(accepted()));
        Instant before = Instant.now();

        Run run = warden("footage", "request", "--camera", "cam-gym-1", "--last", "2m", "--reason", "fight", "--json");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(QUEUED + "\n");
        JsonNode body = sentBody();
        assertThat(body.path("cameras").toString()).isEqualTo("[\"cam-gym-1\"]");
        assertThat(body.has("doors")).isFalse();
        Instant from = Instant.parse(body.path("from").asText());
        Instant to = Instant.parse(body.path("to").asText());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofSeconds(120));
        assertThat(to).isBetween(before.minusSeconds(1), Instant.now());
    }

    @Test
    void yesterdayIsTheLocalDayBefore() throws Exception {
        gateway.stubFor(post(urlEqualTo(FOOTAGE)).willReturn(accepted()));
        LocalDate yesterday = LocalDate.now(ZoneId.systemDefault()).minusDays(1);

        Run run = warden("footage", "request", "--door", "gym-east", "--from", "yesterday 10:02", "--to", "yesterday 10:10:30",
                "--reason", "r");

        assertThat(run.code()).isZero();
        JsonNode body = sentBody();
        assertThat(Instant.parse(body.path("from").asText()))
                .isEqualTo(yesterday.atTime(LocalTime.of(10, 2)).atZone(ZoneId.systemDefault()).toInstant());
        assertThat(Instant.parse(body.path("to").asText()))
                .isEqualTo(yesterday.atTime(LocalTime.of(10, 10, 30)).atZone(ZoneId.systemDefault()).toInstant());
    }

    @Test
    void badWindowsAndCommandLinesExitTwoBeforeAnyRequest() {
        Run garbage = warden("footage", "request", "--door", "d", "--from", "garbage", "--to", "10:10", "--reason", "r");
        assertThat(garbage.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(garbage.err()).contains("--from: 'garbage' is not a time; use 2026-12-01T10:02 or 10:02 (local");

        Run backwards = warden("footage", "request", "--door", "d", "--from", "2026-05-01T10:10:00Z", "--to", "2026-05-01T10:02:00Z",
                "--reason", "r");
        assertThat(backwards.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(backwards.err()).contains("--to (2026-05-01T10:02:00Z) must be after --from (2026-05-01T10:10:00Z)");
        Run empty = warden("footage", "request", "--door", "d", "--from", "2026-05-01T10:10:00Z", "--to", "2026-05-01T12:10:00+02:00",
                "--reason", "r");
        assertThat(empty.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.err()).contains("must be after --from");

        assertThat(warden("footage", "request", "--door", "d", "--last", "2m", "--from", "10:00", "--reason", "r").err())
                .contains("--last is the window ending now");
        assertThat(warden("footage", "request", "--door", "d", "--from", "10:00", "--reason", "r").err())
                .contains("give --from and --to, or --last");
        assertThat(warden("footage", "request", "--door", "d", "--last", "soon", "--reason", "r").err())
                .contains("--last: 'soon' is not a duration; use 90s, 2m, 1h");
        assertThat(warden("footage", "request", "--door", "d", "--last", "2m", "--reason", "  ").err()).contains("--reason must say why");
        assertThat(warden("footage", "request", "--door", "d", "--last", "2m").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("footage", "request", "--door", "d", "--camera", "c", "--last", "2m", "--reason", "r").code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(warden("footage", "request", "--last", "2m", "--reason", "r").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("footage", "request", "--door", "d", "--last", "2m", "--reason", "r", "--progress", "fancy").err())
                .contains("--progress must be auto, bar, lines or none");
        assertThat(warden("footage").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(gateway.getAllServeEvents()).isEmpty();
    }

    @Test
    void aProblemNamingAFieldIsPrintedWithItsCode() {
        gateway.stubFor(post(urlEqualTo(FOOTAGE)).willReturn(problemAnswer(400, "BAD_REQUEST",
                "to: the window is 300 minutes, longer than the 240 allowed")));

        Run run = warden("footage", "request", "--door", "gym-east", "--last", "5h", "--reason", "r");

        assertThat(run.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).endsWith("\nwarden: to: the window is 300 minutes, longer than the 240 allowed (BAD_REQUEST)\n");
    }

    @Test
    void forbiddenUnknownDoorAndUnreachableGateway() throws Exception {
        gateway.stubFor(post(urlEqualTo(FOOTAGE)).willReturn(problemAnswer(403, "FORBIDDEN", "role operator may not request footage")));
        Run forbidden = warden("footage", "request", "--door", "gym-east", "--last", "2m", "--reason", "r");
        assertThat(forbidden.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(forbidden.err()).contains("warden: role operator may not request footage (FORBIDDEN)");

        gateway.stubFor(post(urlEqualTo(FOOTAGE)).willReturn(problemAnswer(404, "NOT_FOUND", "doors[0]: no door 'gym-eats'")));
        Run unknown = warden("footage", "request", "--door", "gym-eats", "--last", "2m", "--reason", "r");
        assertThat(unknown.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("doors[0]: no door 'gym-eats' (NOT_FOUND)");

        String url = refusingUrl();
        Run down = raw("footage", "request", "--door", "gym-east", "--last", "2m", "--reason", "r", "--url", url, "--token", TOKEN)
                .assertTokenHidden();
        assertThat(down.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(down.err()).contains("cannot reach the gateway at " + url + " (connection refused)");
    }

    @Test
    void waitPrintsPlainProgressLinesThenTheOutcomeAndExitsEightWhenACameraFailed() {
        gateway.stubFor(post(urlEqualTo(FOOTAGE)).willReturn(accepted()));
        String job = FOOTAGE + "/fj-1";
        gateway.stubFor(get(urlEqualTo(job)).inScenario("job").whenScenarioStateIs(STARTED)
                .willReturn(okJson(FootageJobs.job("queued", 0, FootageJobs.camera("cam-1", "queued", 0, 0, 0, "", ""),
                        FootageJobs.camera("cam-2", "queued", 0, 0, 0, "", "")))).willSetStateTo("running"));
        gateway.stubFor(get(urlEqualTo(job)).inScenario("job").whenScenarioStateIs("running")
                .willReturn(okJson(FootageJobs.job("running", 25, FootageJobs.camera("cam-1", "running", 50, 240, 2_400_000, "", ""),
                        FootageJobs.camera("cam-2", "running", 0, 0, 0, "", "")))).willSetStateTo("running2"));
        gateway.stubFor(get(urlEqualTo(job)).inScenario("job").whenScenarioStateIs("running2")
                .willReturn(okJson(FootageJobs.job("running", 27, FootageJobs.camera("cam-1", "running", 55, 264, 2_600_000, "", ""),
                        FootageJobs.camera("cam-2", "failed", 0, 0, 0, "", "camera offline: no answer in 5 s")))).willSetStateTo("done"));
        gateway.stubFor(get(urlEqualTo(job)).inScenario("job").whenScenarioStateIs("done").willReturn(okJson(FootageJobs.DONE_ONE_FAILED)));

        Run run = warden("footage", "request", "--door", "gym-east", "--last", "8m", "--reason", "incident 114", "--wait");

        assertThat(run.code()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(run.out()).doesNotContain("\u001b");
        assertThat(run.out()).isEqualTo("""
                fj-1
                footage fj-1  queued
                  cam-1  queued  0%  0/480 s  0 B
                  cam-2  queued  0%  0/480 s  0 B
                footage fj-1  running
                  cam-1  running  50%  240/480 s  2.4 MB
                  cam-2  running  0%  0/480 s  0 B
                  cam-2  failed  0%  0/480 s  0 B
                footage fj-1  done
                  cam-1  done  100%  468/480 s  4.7 MB
                """ + FootageJobs.DONE_ONE_FAILED_REPORT);
        gateway.verify(4, getRequestedFor(urlEqualTo(job)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void waitWithJsonPrintsOnlyTheFinalJobAndExitsZeroWhenAllIsDone() {
        gateway.stubFor(post(urlEqualTo(FOOTAGE)).willReturn(accepted()));
        String done = FootageJobs.job("done", 100, FootageJobs.camera("cam-1", "done", 100, 120, 1000, FootageJobs.CLIP, ""));
        gateway.stubFor(get(urlEqualTo(FOOTAGE + "/fj-1")).willReturn(okJson(done)));

        Run run = warden("footage", "request", "--camera", "cam-1", "--last", "2m", "--reason", "r", "--wait", "--json");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(done + "\n");
    }

    @Test
    void helpDocumentsTheTimeFormatsAndExitCodeEight() {
        Run help = raw("footage", "request", "--help");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("'yesterday 10:02'").contains("this machine's time zone")
                .contains("8   footage incomplete").contains("--last=DURATION");
        assertThat(raw("footage", "--help").out()).contains("8   footage incomplete");
        assertThat(raw("--help").out()).contains("8   footage incomplete").contains("footage").contains("snapshot").contains("cameras");
    }
}
