package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.warden.gateway.cli.FootageRequestCommandTest.problemAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FootageProgressTest extends CliHarness {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);

    private FootageProgress progress(String origin, FootageProgress.Mode mode, int maxMisses) {
        return new FootageProgress(new WardenClient(URI.create(origin), TOKEN), out, mode, Duration.ofMillis(10), maxMisses);
    }

    @Test
    void theBarRedrawsOneLinePerCameraInPlace() throws Exception {
        ObjectMapper json = new ObjectMapper();
        FootageProgress bar = progress(url(), FootageProgress.Mode.BAR, 0);

        bar.show(json.readTree(FootageJobs.job("running", 25, FootageJobs.camera("cam-1", "running", 50, 240, 2_400_000, "", ""),
                FootageJobs.camera("cam-gym-2", "queued", 0, 0, 0, "", ""))));
        String first = text.toString();
        bar.show(json.readTree(FootageJobs.job("running", 60, FootageJobs.camera("cam-1", "done", 100, 480, 4_700_000, "", ""),
                FootageJobs.camera("cam-gym-2", "running", 21, 100, 999, "", ""))));
        String second = text.toString().substring(first.length());

        String clear = "\u001b[2K";
        assertThat(first).isEqualTo(clear + "footage fj-1  running  25%\n"
                + clear + "cam-1     [##########----------]  50%  240/480 s  2.4 MB  running\n"
                + clear + "cam-gym-2 [--------------------]   0%  0/480 s  0 B  queued\n\u001b[J");
        // back up the three lines just drawn, then draw over them
        assertThat(second).isEqualTo("\u001b[3F" + clear + "footage fj-1  running  60%\n"
                + clear + "cam-1     [####################] 100%  480/480 s  4.7 MB  done\n"
                + clear + "cam-gym-2 [####----------------]  21%  100/480 s  999 B  running\n\u001b[J");
    }

    @Test
    void aFewMissedPollsAreRetried() {
        String job = "/api/v1/footage/fj-1";
        gateway.stubFor(get(urlEqualTo(job)).inScenario("restart").whenScenarioStateIs(STARTED)
                .willReturn(problemAnswer(503, "DEVICE_OFFLINE", "restarting")).willSetStateTo("back"));
        gateway.stubFor(get(urlEqualTo(job)).inScenario("restart").whenScenarioStateIs("back")
                .willReturn(okJson(FootageJobs.DONE_ONE_FAILED)));

        WardenClient.Reply end = progressOrFail(url(), 2);

        assertThat(FootageReports.status(end.json())).isEqualTo("done");
        assertThat(text.toString()).startsWith("footage fj-1  done\n");
        gateway.verify(2, getRequestedFor(urlEqualTo(job)));
    }

    @Test
    void aGatewayThatStaysAwayEndsTheWaitSayingTheJobGoesOn() throws Exception {
        String origin = refusingUrl();

        assertThatThrownBy(() -> progress(origin, FootageProgress.Mode.LINES, 3).follow("fj-1")).isInstanceOf(CliFailure.class)
                .hasMessageContaining("cannot reach the gateway at " + origin)
                .hasMessageEndingWith("; stopped waiting, the job goes on at the gateway: warden footage show fj-1")
                .satisfies(f -> assertThat(((CliFailure) f).exitCode()).isEqualTo(ExitCodes.UNAVAILABLE));
    }

    @Test
    void aRefusalEndsTheWaitAtOnce() {
        gateway.stubFor(get(urlEqualTo("/api/v1/footage/fj-1")).willReturn(problemAnswer(403, "FORBIDDEN", "role viewer may not see footage")));

        assertThatThrownBy(() -> progress(url(), FootageProgress.Mode.LINES, 5).follow("fj-1"))
                .hasMessageStartingWith("role viewer may not see footage (FORBIDDEN)")
                .satisfies(f -> assertThat(((CliFailure) f).exitCode()).isEqualTo(ExitCodes.NOT_ALLOWED));
        gateway.verify(1, getRequestedFor(urlEqualTo("/api/v1/footage/fj-1")));
    }

    private WardenClient.Reply progressOrFail(String origin, int maxMisses) {
        try {
            return progress(origin, FootageProgress.Mode.LINES, maxMisses).follow("fj-1");
        } catch (CliFailure f) {
            throw new AssertionError(f.getMessage(), f);
        }
    }
}
