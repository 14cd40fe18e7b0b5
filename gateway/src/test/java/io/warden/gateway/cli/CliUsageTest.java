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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Times in people's terms, one-line usage errors, one exit-code table, empty results that say so. */
class CliUsageTest extends CliHarness {
    private static final String EMPTY_PAGE = "{\"items\":[],\"next\":null}";

    @Test
    void aBadTimeIsOneLineAndAHintNotTheUsage() {
        Run run = warden("audit", "--from", "10:62");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().filter(l -> !l.contains("warning: --token"))).hasSize(2);
        assertThat(run.err()).contains("\nwarden: --from: '10:62' is not a time; use 2026-12-01T10:02 or 10:02 (local")
                .endsWith("Try 'warden audit --help'.\n").doesNotContain("Usage:");
        gateway.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void everyParseErrorIsOneLineAndAHint() {
        Run typo = warden("lockdown", "list", "--jsn");
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).startsWith("warden: Unknown option: '--jsn'").contains("Possible solutions: --json")
                .endsWith("Try 'warden lockdown list --help'.\n").doesNotContain("Usage:");
        Run missing = warden("footage", "request", "--door", "d", "--last", "2m");
        assertThat(missing.err()).startsWith("warden: Missing required option").endsWith("Try 'warden footage request --help'.\n")
                .doesNotContain("Usage:");
        assertThat(missing.err().lines().filter(l -> !l.contains("warning: --token"))).hasSize(2);
        Run backwards = warden("audit", "export", "--format", "csv", "--from", "10:05", "--to", "10:01");
        assertThat(backwards.err()).contains("--to (").contains("must be after --from");
        assertThat(warden("unlock", "gym-east", "--for", "soon").err())
                .contains("\nwarden: --for: 'soon' is not a duration; use 90s, 2m, 1h, 1h30m, 1d or PT30M\n");
    }

    @Test
    void auditTakesLocalTimesAndOffsetsAndSendsUtc() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit")).willReturn(okJson(EMPTY_PAGE)));
        Run run = warden("audit", "--from", "10:02", "--to", "2099-12-01t10:10:00-05:00");
        assertThat(run.code()).as(run.err()).isZero();
        Instant today1002 = LocalDate.now().atTime(LocalTime.of(10, 2)).atZone(ZoneId.systemDefault()).toInstant();
        gateway.verify(getRequestedFor(urlPathEqualTo("/api/v1/audit")).withQueryParam("from", equalTo(today1002.toString()))
                .withQueryParam("to", equalTo("2099-12-01T15:10:00Z")));

        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit/export"))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody("")));
        assertThat(warden("audit", "export", "--format", "ndjson", "--from", "2026-12-01 10:02").code()).isZero();
        Instant local = LocalDate.of(2026, 12, 1).atTime(10, 2).atZone(ZoneId.systemDefault()).toInstant();
        gateway.verify(getRequestedFor(urlPathEqualTo("/api/v1/audit/export")).withQueryParam("from", equalTo(local.toString())));
    }

    @Test
    void unlockUntilTakesTheSameTimes() {
        gateway.stubFor(post(urlPathEqualTo("/api/v1/doors/gym-east/unlock")).willReturn(okJson(
                "{\"door\":\"gym-east\",\"command\":\"unlock\",\"result\":\"confirmed\",\"detail\":\"ok\",\"latencyMs\":30}")));
        Instant until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String inNewYork = until.atOffset(java.time.ZoneOffset.ofHours(-5)).toString();
        Run run = warden("unlock", "gym-east", "--until", inNewYork);
        assertThat(run.code()).as(run.err()).isZero();
        gateway.verify(postRequestedFor(urlPathEqualTo("/api/v1/doors/gym-east/unlock"))
                .withRequestBody(equalToJson("{\"until\":\"" + until + "\"}")));
        assertThat(warden("unlock", "gym-east", "--until", "yesterday 10:00").err()).contains("--until: ").contains("is in the past");
    }

    @Test
    void emptyResultsSaySoOnStandardError() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit")).willReturn(okJson(EMPTY_PAGE)));
        gateway.stubFor(get(urlPathEqualTo("/api/v1/doors")).willReturn(okJson("{\"items\":[]}")));
        gateway.stubFor(get(urlPathEqualTo("/api/v1/lockdowns")).willReturn(okJson("{\"items\":[]}")));
        gateway.stubFor(get(urlPathEqualTo("/api/v1/footage")).willReturn(okJson(EMPTY_PAGE)));
        gateway.stubFor(get(urlPathEqualTo("/api/v1/cameras")).willReturn(okJson("{\"items\":[]}")));
        Map<String[], String> said = Map.of(
                new String[] {"audit", "--door", "nope"}, "warden: no audit records match\n",
                new String[] {"doors", "--zone", "nope"}, "warden: no doors match\n",
                new String[] {"lockdown", "list"}, "warden: no active lockdowns\n",
                new String[] {"footage", "list"}, "warden: no footage jobs\n",
                new String[] {"cameras"}, "warden: no cameras configured\n");
        said.forEach((args, line) -> {
            Run run = warden(args);
            assertThat(run.code()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).isEmpty();
            assertThat(run.err()).as(String.join(" ", args)).endsWith(line);
        });
    }

    @Test
    void exitCodeTextsComeFromOneTable() {
        for (String[] cmd : new String[][] {{"--help"}, {"audit", "--help"}, {"lockdown", "release", "--help"},
                {"footage", "request", "--help"}, {"doors", "--help"}}) {
            String help = raw(cmd).out().replaceAll("\\s+", " ");
            ExitCodes.MEANING.forEach((code, text) -> {
                boolean footage = cmd[0].equals("--help") || cmd[0].equals("footage");
                if (code == ExitCodes.INCOMPLETE && !footage) {
                    assertThat(help).as(String.join(" ", cmd)).doesNotContain(text);
                } else {
                    assertThat(help).as(String.join(" ", cmd)).contains(code + " " + text);
                }
            });
        }
    }

    @Test
    void theReadmeHasTheSameExitCodeTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher row = Pattern.compile("(?m)^\\| `(\\d)` \\| (.+) \\|$").matcher(readme);
        Map<Integer, String> documented = new java.util.LinkedHashMap<>();
        while (row.find()) documented.put(Integer.parseInt(row.group(1)), row.group(2));
        assertThat(documented).isEqualTo(ExitCodes.MEANING);
    }
}
