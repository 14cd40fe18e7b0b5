package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevicesCommandTest extends CliHarness {
    private static final String DEVICES = "/api/v1/devices";
    private static final String ONE_OFFLINE = """
            {"items":[
             {"id":"line-a","type":"controller","controller":"line-a","adapter":"osdp","status":"ONLINE","reason":"OK",
              "detail":"1 of 2 devices online","since":"2026-01-05T07:00:01Z","doors":["front-office","library"]},
             {"id":"line-a/1","type":"device","controller":"line-a","adapter":"osdp","status":"ONLINE","reason":"OK",
              "detail":"secure channel established","since":"2026-01-05T07:00:01Z","doors":["front-office"]},
             {"id":"line-a/2","type":"device","controller":"line-a","adapter":"osdp","status":"OFFLINE","reason":"COMMUNICATION_ERROR",
              "detail":"no valid reply for 8.0 s\\u001b[2J","since":"2026-01-05T07:10:00Z","doors":["library"]}]}""";

    @Test
    void aTableOfEveryControllerAndDeviceAndExitFiveWhenOneIsNotOnline() {
        gateway.stubFor(get(urlEqualTo(DEVICES)).willReturn(okJson(ONE_OFFLINE)));

        Run run = warden("devices");

        assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.out().split("\n")).containsExactly(
                "ID        TYPE        STATUS   REASON               SINCE                 DOORS                 CLOCK  DETAIL",
                "line-a    controller  online   ok                   2026-01-05T07:00:01Z  front-office,library  -      1 of 2 devices online",
                "line-a/1  device      online   ok                   2026-01-05T07:00:01Z  front-office          -      secure channel established",
                "line-a/2  device      offline  communication_error  2026-01-05T07:10:00Z  library               -      no valid reply for 8.0 s?[2J");
        assertThat(run.err()).contains("warden: 1 of 3 not online: line-a/2 (communication_error)");
        gateway.verify(getRequestedFor(urlEqualTo(DEVICES)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void allOnlineExitsZero() {
        gateway.stubFor(get(urlEqualTo(DEVICES)).willReturn(okJson("""
                {"items":[{"id":"line-b","type":"controller","controller":"line-b","adapter":"osdp","status":"ONLINE","reason":"OK",
                 "detail":null,"since":null,"doors":[]}]}""")));

        Run run = warden("devices");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("ID      TYPE        STATUS  REASON  SINCE  DOORS  CLOCK  DETAIL\nline-b  controller  online  ok      -      -      -      -\n");
    }

    @Test
    void aDeviceWithAClockOffShowsItsOffsetAndWarningAndOneWhoseEventsAreLostItsReason() {
        gateway.stubFor(get(urlEqualTo(DEVICES)).willReturn(okJson("""
                {"items":[
                 {"id":"ctl-1","type":"controller","controller":"ctl-1","adapter":"onvif","status":"ONLINE","reason":"OK",
                  "detail":"answering","since":"2026-01-05T07:00:01Z","clockOffsetMs":600500,
                  "warning":"clock 600 s ahead of the gateway (limit 10 s)","doors":["front"]},
                 {"id":"ctl-2","type":"controller","controller":"ctl-2","adapter":"onvif","status":"OFFLINE","reason":"EVENTS_LOST",
                  "detail":"subscription lost","since":"2026-01-05T07:10:00Z","clockOffsetMs":-120,"doors":[]}]}""")));

        Run run = warden("devices");

        assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.out().split("\n")).containsExactly(
                "ID     TYPE        STATUS   REASON       SINCE                 DOORS  CLOCK     DETAIL",
                "ctl-1  controller  online   ok           2026-01-05T07:00:01Z  front  +600.5 s  answering; WARNING: clock 600 s ahead of the gateway (limit 10 s)",
                "ctl-2  controller  offline  events_lost  2026-01-05T07:10:00Z  -      -120 ms   subscription lost");
        assertThat(run.err()).contains("ctl-2 (events_lost)");
    }

    @Test
    void jsonPrintsTheAnswerAndKeepsTheExitCode() {
        gateway.stubFor(get(urlEqualTo(DEVICES)).willReturn(okJson(ONE_OFFLINE)));

        Run run = warden("devices", "--json");

        assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.out()).startsWith("{\"items\":[").contains("\"reason\":\"COMMUNICATION_ERROR\"");
    }

    @Test
    void aViewerWithoutPermissionExitsThree() {
        gateway.stubFor(get(urlEqualTo(DEVICES)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json").withBody(problem(401, "UNAUTHENTICATED", "bad token"))));

        Run run = warden("devices");

        assertThat(run.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(run.err()).contains("bad token");
    }
}
