package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.warden.gateway.cli.FootageRequestCommandTest.FOOTAGE;
import static io.warden.gateway.cli.FootageRequestCommandTest.problemAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FootageCommandsTest extends CliHarness {
    private static final String JOB = FOOTAGE + "/fj-1";
    private static final String PACKAGE = JOB + "/package.zip";

    @Test
    void listIsATableNewestFirst() {
        String running = FootageJobs.job("running", 40, FootageJobs.camera("cam-1", "done", 100, 480, 10, "", ""),
                FootageJobs.camera("cam-2", "running", 10, 48, 10, "", "")).replace("\"id\":\"fj-1\"", "\"id\":\"fj-2\"")
                .replace("\"requestedBy\":\"alice\"", "\"requestedBy\":\"system\"").replace("\"automatic\":false", "\"automatic\":true");
        gateway.stubFor(get(urlEqualTo(FOOTAGE)).willReturn(okJson("{\"items\":[" + running + "," + FootageJobs.DONE_ONE_FAILED + "]}")));

        Run run = warden("footage", "list");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("""
                ID    STATUS   PERCENT  CAMERAS   FROM                  TO                    REQUESTED BY   CREATED               REASON
                fj-2  running  40%      1/2 done  2026-05-01T10:02:00Z  2026-05-01T10:10:00Z  system (auto)  2026-05-01T10:15:00Z  incident 114
                fj-1  done     100%     1/2 done  2026-05-01T10:02:00Z  2026-05-01T10:10:00Z  alice          2026-05-01T10:15:00Z  incident 114
                """);
        gateway.verify(getRequestedFor(urlEqualTo(FOOTAGE)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));

        Run json = warden("footage", "list", "--json");
        assertThat(json.out()).startsWith("{\"items\":[{\"id\":\"fj-2\"");
    }

    @Test
    void listAsksForLimitAndSaysWhenOlderJobsFollow() {
        gateway.stubFor(get(urlEqualTo(FOOTAGE + "?limit=1"))
                .willReturn(okJson("{\"items\":[" + FootageJobs.DONE_ONE_FAILED + "],\"next\":\"fj-1\"}")));

        Run run = warden("footage", "list", "--limit", "1");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("fj-1  done");
        assertThat(run.err()).contains("older jobs follow");
        gateway.verify(1, getRequestedFor(urlEqualTo(FOOTAGE + "?limit=1")));
        gateway.verify(0, getRequestedFor(urlEqualTo(FOOTAGE + "?limit=1&cursor=fj-1")));

        Run bad = warden("footage", "list", "--limit", "501");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--limit must be from 1 to 500");
    }

    @Test
    void listOfTheLastPageSaysNothingMore() {
        gateway.stubFor(get(urlEqualTo(FOOTAGE)).willReturn(okJson("{\"items\":[" + FootageJobs.DONE_ONE_FAILED + "],\"next\":null}")));
        Run run = warden("footage", "list");
        assertThat(run.code()).isZero();
        assertThat(run.err()).doesNotContain("follow");
    }

    @Test
    void showPrintsClipsGapsAndFailuresAndExitsEightWhenIncomplete() {
        gateway.stubFor(get(urlEqualTo(JOB)).willReturn(okJson(FootageJobs.DONE_ONE_FAILED)));

        Run run = warden("footage", "show", "fj-1");

        assertThat(run.code()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(run.out()).isEqualTo(FootageJobs.DONE_ONE_FAILED_REPORT);
        assertThat(warden("footage", "show", "fj-1", "--json").code()).isEqualTo(ExitCodes.INCOMPLETE);
    }

    @Test
    void showOfARunningOrCompleteJobExitsZeroAndOfAFailedJobEight() {
        gateway.stubFor(get(urlEqualTo(JOB)).willReturn(okJson(FootageJobs.job("running", 40,
                FootageJobs.camera("cam-1", "running", 40, 192, 1_234_567, "", "")))));
        Run running = warden("footage", "show", "fj-1");
        assertThat(running.code()).isZero();
        assertThat(running.out()).startsWith("footage fj-1  running 40%  2026-05-01T10:02:00Z .. 2026-05-01T10:10:00Z")
                .contains("cam-1   running  40%      192/480 s  1920    1.2 MB  0      0")
                .endsWith("1 camera, running; follow it with 'warden footage show fj-1'\n");

        gateway.stubFor(get(urlEqualTo(JOB)).willReturn(okJson(FootageJobs.job("done", 100,
                FootageJobs.camera("cam-1", "done", 100, 120, 1000, FootageJobs.CLIP, "")))));
        Run done = warden("footage", "show", "fj-1");
        assertThat(done.code()).isZero();
        assertThat(done.out()).endsWith("1 camera done; download: warden footage download fj-1\n");

        gateway.stubFor(get(urlEqualTo(JOB)).willReturn(okJson(FootageJobs.job("failed", 0,
                FootageJobs.camera("cam-1", "cancelled", 0, 0, 0, "", "")).replace("\"percent\":0,\"cameras\"",
                "\"percent\":0,\"detail\":\"STORAGE_FULL: 120 MB free, 256 MB reserved; partial files removed\",\"cameras\""))));
        Run failed = warden("footage", "show", "fj-1");
        assertThat(failed.code()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(failed.out()).contains("detail: STORAGE_FULL: 120 MB free, 256 MB reserved; partial files removed\n")
                .endsWith("the job FAILED; FOOTAGE INCOMPLETE\n");
    }

    @Test
    void showOfAnUnknownJobExitsSix() {
        gateway.stubFor(get(urlEqualTo(FOOTAGE + "/nope")).willReturn(problemAnswer(404, "NOT_FOUND", "no footage job 'nope'")));

        Run run = warden("footage", "show", "nope");

        assertThat(run.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).contains("warden: no footage job 'nope' (NOT_FOUND)");
    }

    @Test
    void cancelSendsDeleteAndAFinishedJobIsRefused() {
        gateway.stubFor(delete(urlEqualTo(JOB)).willReturn(okJson(FootageJobs.job("cancelled", 30))));

        Run run = warden("footage", "cancel", "fj-1");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("footage fj-1  cancelled\n");
        gateway.verify(deleteRequestedFor(urlEqualTo(JOB)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));

        gateway.stubFor(delete(urlEqualTo(JOB)).willReturn(problemAnswer(409, "CONFLICT", "footage fj-1 is already done")));
        Run late = warden("footage", "cancel", "fj-1");
        assertThat(late.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(late.err()).contains("warden: footage fj-1 is already done (CONFLICT)");
    }

    @Test
    void downloadWritesExactlyTheServedBytesAndPrintsSizeAndHash(@TempDir Path dir) throws Exception {
        byte[] zip = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(zip);
        zip[0] = 'P';
        zip[1] = 'K';
        zip[2] = 3;
        zip[3] = 4;
        gateway.stubFor(get(urlEqualTo(PACKAGE)).willReturn(aResponse().withHeader("Content-Type", "application/zip").withBody(zip)));
        Path file = dir.resolve("evidence.zip");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));

        Run run = warden("footage", "download", "fj-1", "-o", file.toString());

        assertThat(run.code()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(zip);
        assertThat(Files.getPosixFilePermissions(file)).as("card numbers / student video: the user's alone")
                .isEqualTo(io.warden.gateway.PrivateFiles.FILE);
        assertThat(run.out()).isEqualTo(file + "  " + zip.length + " bytes  sha256 " + sha + "\n");
        assertThat(run.err()).contains("check it offline with 'warden evidence verify " + file + "'");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no .part left behind
        }
        gateway.verify(getRequestedFor(urlEqualTo(PACKAGE)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/zip")));
    }

    @Test
    void downloadIntoADirectoryPutsTheFileInsideIt(@TempDir Path dir) throws Exception {
        byte[] zip = {'P', 'K', 3, 4, 1, 2, 3};
        gateway.stubFor(get(urlEqualTo(PACKAGE)).willReturn(aResponse().withHeader("Content-Type", "application/zip").withBody(zip)));

        Run run = warden("footage", "download", "fj-1", "-o", dir.toString());

        assertThat(run.code()).isZero();
        assertThat(Files.isDirectory(dir)).as("the directory is not replaced").isTrue();
        assertThat(Files.readAllBytes(dir.resolve("footage-fj-1.zip"))).isEqualTo(zip);
    }

    @Test
    void downloadOfAnUnfinishedJobSaysSoAndWritesNothing(@TempDir Path dir) {
        gateway.stubFor(get(urlEqualTo(PACKAGE)).willReturn(problemAnswer(409, "CONFLICT", "footage fj-1 is running")));

        Run run = warden("footage", "download", "fj-1", "-o", dir.resolve("p.zip").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("warden: footage fj-1 is not finished yet, so there is no package: footage fj-1 is running "
                + "(CONFLICT); add --wait, or see 'warden footage show fj-1'");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void downloadRefusesWhatIsNotAZipAndCleansUpABrokenTransfer(@TempDir Path dir) {
        gateway.stubFor(get(urlEqualTo(PACKAGE)).withMetadata(Map.of(OFF_CONTRACT, "a captive portal's login page"))
                .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<html>login</html>")));
        Run html = warden("footage", "download", "fj-1", "-o", dir.resolve("p.zip").toString());
        assertThat(html.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(html.err()).contains("the gateway's answer is not a zip; nothing written to " + dir.resolve("p.zip"));
        assertThat(dir).isEmptyDirectory();

        gateway.stubFor(get(urlEqualTo(PACKAGE)).willReturn(aResponse().withHeader("Content-Type", "application/zip")
                .withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        Run broken = warden("footage", "download", "fj-1", "-o", dir.resolve("p.zip").toString());
        assertThat(broken.code()).isIn(ExitCodes.UNAVAILABLE, ExitCodes.OTHER);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void downloadWaitFollowsTheJobThenDownloads(@TempDir Path dir) throws Exception {
        gateway.stubFor(get(urlEqualTo(JOB)).inScenario("job").whenScenarioStateIs(STARTED)
                .willReturn(okJson(FootageJobs.job("running", 50, FootageJobs.camera("cam-1", "running", 50, 240, 10, "", ""))))
                .willSetStateTo("done"));
        gateway.stubFor(get(urlEqualTo(JOB)).inScenario("job").whenScenarioStateIs("done").willReturn(okJson(FootageJobs.DONE_ONE_FAILED)));
        byte[] zip = {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        gateway.stubFor(get(urlEqualTo(PACKAGE)).willReturn(aResponse().withHeader("Content-Type", "application/zip").withBody(zip)));
        Path file = dir.resolve("p.zip");

        Run run = warden("footage", "download", "fj-1", "--wait", "--progress", "none", "-o", file.toString());

        assertThat(run.code()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(zip);
        assertThat(run.out()).startsWith(file + "  22 bytes  sha256 ");
        assertThat(run.err()).contains("some cameras failed; the package holds what was had");
        gateway.verify(2, getRequestedFor(urlEqualTo(JOB)));
    }

    @Test
    void downloadWaitOnAJobThatFailedExitsEightWithoutAsking(@TempDir Path dir) {
        gateway.stubFor(get(urlEqualTo(JOB)).willReturn(okJson(FootageJobs.job("cancelled", 30))));

        Run run = warden("footage", "download", "fj-1", "--wait", "-o", dir.resolve("p.zip").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(run.err()).contains("warden: footage fj-1 ended cancelled: there is no package");
        gateway.verify(0, getRequestedFor(urlEqualTo(PACKAGE)));
        assertThat(dir).isEmptyDirectory();
    }
}
