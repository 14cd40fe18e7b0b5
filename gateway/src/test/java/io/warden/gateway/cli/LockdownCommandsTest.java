package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LockdownCommandsTest extends CliHarness {
    private static final String REPORT = """
            {"id":"ld-7","level":"lockdown","scope":{"site":"north-high"},"drill":true,"reason":"drill 3",
             "startedBy":"alice","startedAt":"2025-05-01T10:02:00Z",
             "doors":[{"id":"front-office","status":"confirmed","latencyMs":34},
                      {"id":"gym-east","status":"offline","latencyMs":0,"detail":"no answer since 09:58"},
                      {"id":"library","status":"confirmed","latencyMs":121}]}""";

    @Test
    void startPrintsTheReportAndExitsOneWhenADoorIsNotLocked() {
        gateway.stubFor(post(urlEqualTo("/api/v1/lockdowns")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(REPORT)));

        Run run = warden("lockdown", "start", "--site", "north-high", "--drill", "--reason", "drill 3");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).isEqualTo("""
                lockdown ld-7  level lockdown  site north-high  DRILL  started by alice at 2025-05-01T10:02:00Z
                reason: drill 3
                DOOR          STATUS     LATENCY  DETAIL
                front-office  confirmed  34 ms
                gym-east      offline    0 ms     no answer since 09:58
                library       confirmed  121 ms
                3 doors: 2 confirmed, 0 failed, 1 offline  -- NOT ALL DOORS ARE LOCKED
                """);
        gateway.verify(postRequestedFor(urlEqualTo("/api/v1/lockdowns")).withRequestBody(equalToJson(
                "{\"level\":\"lockdown\",\"scope\":{\"site\":\"north-high\"},\"drill\":true,\"reason\":\"drill 3\"}")));
    }

    @Test
    void startOnDoorsAllConfirmedExitsZero() {
        gateway.stubFor(post(urlEqualTo("/api/v1/lockdowns")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"ld-8","level":"secure","scope":{"doors":["a","b"]},"startedBy":"bob",
                         "doors":[{"id":"a","status":"confirmed","latencyMs":5},{"id":"b","status":"confirmed","latencyMs":6}]}""")));

        Run run = warden("lockdown", "start", "--door", "a,b", "--level", "secure", "--reason", "police request");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("lockdown ld-8  level secure  doors a,b  started by bob\n")
                .endsWith("2 doors: 2 confirmed, 0 failed, 0 offline\n");
        gateway.verify(postRequestedFor(urlEqualTo("/api/v1/lockdowns")).withRequestBody(equalToJson(
                "{\"level\":\"secure\",\"scope\":{\"doors\":[\"a\",\"b\"]},\"reason\":\"police request\"}")));
    }

    @Test
    void startNeedsExactlyOneScopeAndAReason() {
        assertThat(warden("lockdown", "start", "--reason", "x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("lockdown", "start", "--site", "s", "--zone", "z", "--reason", "x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("lockdown", "start", "--site", "s").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("lockdown", "start", "--site", "s", "--level", "panic", "--reason", "x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("lockdown").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(gateway.getAllServeEvents()).isEmpty();
    }

    @Test
    void listShowAndRelease() {
        gateway.stubFor(get(urlEqualTo("/api/v1/lockdowns")).willReturn(okJson("{\"items\":[" + REPORT + "]}")));
        gateway.stubFor(get(urlEqualTo("/api/v1/lockdowns/ld-7")).willReturn(okJson(REPORT)));
        gateway.stubFor(post(urlEqualTo("/api/v1/lockdowns/ld-7/release")).willReturn(okJson(
                "{\"id\":\"ld-7\",\"releasedBy\":\"alice\",\"releasedAt\":\"2025-05-01T10:30:00Z\",\"doors\":[]}")));

        Run list = warden("lockdown", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).isEqualTo("""
                ID    LEVEL     SCOPE            DRILL  STARTED BY  STARTED               CONFIRMED  REASON
                ld-7  lockdown  site north-high  yes    alice       2025-05-01T10:02:00Z  2/3        drill 3
                """);

        Run show = warden("lockdown", "show", "ld-7");
        assertThat(show.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(show.out()).contains("gym-east      offline");

        Run release = warden("lockdown", "release", "ld-7");
        assertThat(release.code()).isZero();
        assertThat(release.out()).isEqualTo("lockdown ld-7  released by alice at 2025-05-01T10:30:00Z\n");
    }

    @Test
    void releaseByARoleThatMayNotExitsThree() {
        gateway.stubFor(post(urlEqualTo("/api/v1/lockdowns/ld-7/release")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(problem(403, "FORBIDDEN", "role operator may not release a lockdown"))));

        Run run = warden("lockdown", "release", "ld-7");

        assertThat(run.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(run.err()).contains("warden: role operator may not release a lockdown (FORBIDDEN)");
    }
}
