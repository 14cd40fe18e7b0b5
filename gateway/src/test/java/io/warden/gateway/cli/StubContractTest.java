package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.api.OpenApiAnswerCheck;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The check every CLI stub goes through rejects answers the API never gives, and passes the ones it does. */
class StubContractTest extends CliHarness {
    private static final String DOORS = """
            {"items":[{"id":"library","name":"Library","site":"s","zone":"z",
              "state":{"lock":"%s","contact":"closed","online":true,"lockdown":null}}]}""";

    private final OpenApiAnswerCheck contract = OpenApiAnswerCheck.gatewayContract();

    @Test
    void aStubSendingALockStateTheApiNeverSendsIsCaughtAfterTheTest() {
        gateway.stubFor(get(urlEqualTo("/api/v1/doors")).willReturn(okJson(DOORS.formatted("LOCKED"))));

        warden("doors");

        assertThat(answersOffContract()).singleElement().asString()
                .startsWith("GET /api/v1/doors: listDoors (GET /api/v1/doors) 200 body does not match its schema")
                .contains("LOCKED");
        gateway.resetRequests(); // caught: let the harness's own check after this test pass
    }

    @Test
    void theValuesTheApiSendsPass() {
        gateway.stubFor(get(urlEqualTo("/api/v1/doors")).willReturn(okJson(DOORS.formatted("locked"))));

        assertThat(warden("doors").code()).isZero();

        assertThat(answersOffContract()).isEmpty();
    }

    @Test
    void wrongStatusTypeOrPathAreEachNamed() {
        assertThat(contract.violation("GET", "/api/v1/nowhere", 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("no operation GET /api/v1/nowhere in openapi.yaml");
        assertThat(contract.violation("GET", "/api/v1/doors?site=x", 200, "text/html", "<p>".getBytes(StandardCharsets.UTF_8)))
                .contains("listDoors").contains("[application/json]").endsWith("the stub sends text/html");
        assertThat(contract.violation("GET", "/api/v1/doors", 404, "application/json", "{}".getBytes(StandardCharsets.UTF_8)))
                .as("a problem is application/problem+json").contains("the stub sends application/json");
        assertThat(contract.violation("GET", "/api/v1/doors", 404, "application/problem+json",
                "{\"title\":\"t\",\"status\":404}".getBytes(StandardCharsets.UTF_8)))
                .as("a problem without its code").contains("body does not match its schema");
        assertThat(contract.violation("GET", "/api/v1/doors/library", 404, "application/problem+json",
                problem(404, "NOT_FOUND", "no door 'library'").getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void aStubMarkedOffContractSaysWhyAndIsLeftAlone() {
        gateway.stubFor(get(urlEqualTo("/api/v1/doors")).withMetadata(java.util.Map.of(OFF_CONTRACT, "a proxy's HTML error page"))
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<h1>Bad Gateway</h1>")));

        warden("doors");

        assertThat(answersOffContract()).isEmpty();
    }
}
