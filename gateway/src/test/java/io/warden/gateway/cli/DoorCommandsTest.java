package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoorCommandsTest extends CliHarness {
    private static final String PULSE = "/api/v1/doors/front-office/pulse";

    @Test
    void doorsPrintsATableWithColumnsAsWideAsTheirContent() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/doors")).withQueryParam("site", equalTo("north-high")).willReturn(okJson("""
                {"items":[
                 {"id":"front-office","name":"Front office","site":"north-high","zone":"bldg-a","exterior":true,
                  "controller":{"id":"osdp-1","type":"osdp"},
                  "state":{"lock":"locked","contact":"closed","online":true,"lockdown":null,
                           "mode":"locked_down","alarm":"normal","tamper":"active","fault":"clear"}},
                 {"id":"gym-east","name":"Gym east \\u001b[2Jdoor","site":"north-high","zone":"gym","exterior":true,
                  "controller":{"id":"osdp-2","type":"osdp"},
                  "state":{"lock":"unknown","contact":"unknown","online":false,"lockdown":"ld-7"}}]}""")));

        Run run = warden("doors", "--site", "north-high");

        assertThat(run.code()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("ID            NAME               SITE/ZONE          LOCK     CONTACT  MODE         ALARMS  ONLINE  LOCKDOWN");
        // a controller with door modes and alarms of its own (ONVIF) shows them; an OSDP door reports none
        assertThat(lines[1]).isEqualTo("front-office  Front office       north-high/bldg-a  locked   closed   locked_down  tamper  yes     -");
        // the escape sequence from the device's name cannot reach the terminal
        assertThat(lines[2]).isEqualTo("gym-east      Gym east ?[2Jdoor  north-high/gym     unknown  unknown  -            -       no      ld-7");
        assertThat(run.err()).contains("--token leaves the token in your shell history");
        gateway.verify(getRequestedFor(urlPathEqualTo("/api/v1/doors")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void pulseConfirmedIsOneLineAndExitZero() {
        gateway.stubFor(post(urlEqualTo(PULSE)).willReturn(okJson(
                "{\"door\":\"front-office\",\"command\":\"pulse\",\"result\":\"confirmed\",\"detail\":\"strike on 5 s\",\"latencyMs\":34}")));

        Run run = warden("pulse", "front-office", "--seconds", "5");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("front-office  pulse  confirmed  34 ms  strike on 5 s\n");
        gateway.verify(postRequestedFor(urlEqualTo(PULSE)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("{\"seconds\":5}")));
    }

    @Test
    void pulseRefusedByTheDeviceExitsOne() {
        gateway.stubFor(post(urlEqualTo(PULSE)).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(problem(502, "DEVICE_REJECTED", "door front-office: PD line-a/1 NAK 0x03 (record error)"))));

        Run run = warden("pulse", "front-office");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("warden: door front-office: PD line-a/1 NAK 0x03 (record error) (DEVICE_REJECTED)\n");
    }

    @Test
    void noConfirmationInTimeExitsOneAndOfflineExitsFive() {
        gateway.stubFor(post(urlEqualTo("/api/v1/doors/front-office/lock")).willReturn(aResponse().withStatus(504)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(problem(504, "DEVICE_TIMEOUT", "door front-office: OUT sent, not confirmed: the door may have acted"))));
        gateway.stubFor(post(urlEqualTo("/api/v1/doors/gym-east/lock")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(problem(503, "DEVICE_OFFLINE", "door gym-east: its controller line-b/1 is offline"))));

        assertThat(warden("lock", "front-office", "--json").code()).isEqualTo(ExitCodes.FAILED);
        assertThat(warden("lock", "gym-east").code()).isEqualTo(ExitCodes.UNAVAILABLE);
    }

    @Test
    void refusedWhileLockedDownExitsFourWithTheDetail() {
        gateway.stubFor(post(urlEqualTo("/api/v1/doors/front-office/unlock")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(problem(409, "LOCKED_DOWN", "front-office is in lockdown ld-7 started by alice"))));

        Run run = warden("unlock", "front-office");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("warden: front-office is in lockdown ld-7 started by alice (LOCKED_DOWN)\n");
    }

    @Test
    void unauthorizedExitsThree() {
        gateway.stubFor(post(urlEqualTo("/api/v1/doors/front-office/lock")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json").withBody(problem(401, "UNAUTHENTICATED", "bad token"))));

        Run run = warden("lock", "front-office");

        assertThat(run.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(run.err()).contains("warden: bad token (UNAUTHENTICATED)");
    }

    @Test
    void statusesMapToExitCodesEvenWithoutAProblemBody() {
        gateway.stubFor(get(urlEqualTo("/api/v1/doors/nope")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody(problem(404, "NOT_FOUND", "no door 'nope'"))));
        // What a proxy in front of the gateway might answer: no problem body.
        gateway.stubFor(post(urlEqualTo("/api/v1/doors/gym-east/lock")).withMetadata(Map.of(OFF_CONTRACT, "a proxy's HTML 503"))
                .willReturn(aResponse().withStatus(503).withBody("<html>")));
        gateway.stubFor(post(urlEqualTo("/api/v1/doors/gym-east/pulse")).withMetadata(Map.of(OFF_CONTRACT, "a proxy's empty 400"))
                .willReturn(aResponse().withStatus(400)));

        assertThat(warden("door", "nope").code()).isEqualTo(ExitCodes.NOT_FOUND);
        Run offline = warden("lock", "gym-east");
        assertThat(offline.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(offline.err()).contains("warden: HTTP 503 from the gateway");
        assertThat(warden("pulse", "gym-east").code()).isEqualTo(ExitCodes.OTHER);
    }

    @Test
    void unreachableGatewayExitsFiveWithAClearMessage() throws Exception {
        String url = refusingUrl();

        Run run = raw("doors", "--url", url, "--token", TOKEN).assertTokenHidden();

        assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("warden: cannot reach the gateway at " + url + " (connection refused)");
    }

    @Test
    void unlockForADurationSendsTheEndTime() {
        gateway.stubFor(post(urlEqualTo("/api/v1/doors/library/unlock")).willReturn(okJson(
                "{\"door\":\"library\",\"command\":\"unlock\",\"result\":\"confirmed\",\"latencyMs\":41}")));
        Instant before = Instant.now();

        Run run = warden("unlock", "library", "--for", "1h30m");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("library  unlock  confirmed  41 ms\n");
        gateway.verify(postRequestedFor(urlEqualTo("/api/v1/doors/library/unlock")).withRequestBody(matchingJsonPath("$.until")));
        String sent = gateway.getAllServeEvents().get(0).getRequest().getBodyAsString();
        Instant until = Instant.parse(sent.replaceAll(".*\"until\":\"([^\"]+)\".*", "$1"));
        assertThat(Duration.between(before, until)).isBetween(Duration.ofMinutes(89), Duration.ofMinutes(91));
    }

    @Test
    void badCommandLinesExitTwoWithoutCallingTheGateway() {
        assertThat(warden("unlock", "library", "--for", "30m", "--until", "2030-01-01T00:00:00Z").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("unlock", "library", "--for", "soon").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("unlock", "library", "--until", "2001-01-01T00:00:00Z").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(warden("pulse", "library", "--seconds", "0").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(raw("doors", "--url", "ftp://x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(gateway.getAllServeEvents()).isEmpty();
    }

    @Test
    void parseErrorsNeverEchoTheToken() {
        Run typo = raw("doors", "--url", url(), "--tokn", TOKEN).assertTokenHidden();
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("Unknown option").contains("***");

        Run misplaced = raw("lockdown", "--url", url(), "--token=" + TOKEN).assertTokenHidden();
        assertThat(misplaced.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(gateway.getAllServeEvents()).isEmpty();
    }
}
