package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodesCommandTest extends CliHarness {
    private static final String NODES = "/api/v1/nodes";
    private static final String ONE_UNOWNED = """
            {"node":"north","members":[{"node":"north","address":"10.20.0.11:5701","self":true},
                                       {"node":"south","address":"10.30.0.11:5701","self":false}],
             "controllers":[
              {"id":"north-line1","type":"osdp","node":"north","owner":"north","token":7,"expiresAt":"2026-01-05T07:00:10Z"},
              {"id":"gym-line1","type":"osdp","nodes":["north","south"],"owner":"south","token":3,"expiresAt":"2026-01-05T07:00:11Z"},
              {"id":"east-line1","type":"osdp","node":"east","owner":null,"token":4,"expiresAt":"2026-01-05T06:59:00Z"},
              {"id":"annex-ctl","type":"onvif","nodes":[],"owner":"north","token":1,"expiresAt":"2026-01-05T07:00:10Z"}]}""";

    @Test
    void membersThenControllersWithTheirOwnerAndExitFiveWhenOneHasNone() {
        gateway.stubFor(get(urlEqualTo(NODES)).willReturn(okJson(ONE_UNOWNED)));

        Run run = warden("nodes");

        assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.out().split("\n")).containsExactly(
                "node north",
                "NODE   ADDRESS          SELF",
                "north  10.20.0.11:5701  *",
                "south  10.30.0.11:5701",
                "",
                "CONTROLLER   TYPE   RUNS ON      OWNER  TOKEN  EXPIRES",
                "north-line1  osdp   north        north  7      2026-01-05T07:00:10Z",
                "gym-line1    osdp   north,south  south  3      2026-01-05T07:00:11Z",
                "east-line1   osdp   east         -      4      2026-01-05T06:59:00Z",
                "annex-ctl    onvif  any          north  1      2026-01-05T07:00:10Z");
        assertThat(run.err()).contains("warden: 1 of 4 controllers held by no node: east-line1");
        gateway.verify(getRequestedFor(urlEqualTo(NODES)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aSingleNodeOwningEverythingExitsZeroAndJsonIsTheAnswerAsItCame() {
        String single = """
                {"node":"local","members":[{"node":"local","address":null,"self":true}],
                 "controllers":[{"id":"line-a","type":"osdp","nodes":[],"owner":"local","token":null,"expiresAt":null}]}""";
        gateway.stubFor(get(urlEqualTo(NODES)).willReturn(okJson(single)));

        assertThat(warden("nodes").code()).isZero();
        Run json = warden("nodes", "--json");

        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"node\"").contains("\"local\"").doesNotContain("CONTROLLER");
    }

    @Test
    void unreadableLeasesExitFiveSayingWhy() {
        gateway.stubFor(get(urlEqualTo(NODES)).willReturn(okJson("""
                {"node":"north","members":[{"node":"north","address":"127.0.0.1:5701","self":true}],
                 "controllers":[{"id":"line-a","type":"osdp","nodes":[],"owner":null,"token":null,"expiresAt":null}],
                 "leasesError":"leases not readable: connection refused"}""")));

        Run run = warden("nodes");

        assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("warden: leases not readable: connection refused");
    }
}
