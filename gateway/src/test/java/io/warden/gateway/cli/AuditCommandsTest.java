package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandsTest extends CliHarness {
    private static final String PAGE_1 = """
            {"items":[
             {"seq":1,"time":"2025-05-01T10:00:00Z","type":"door.command","actor":"alice","door":"front-office","action":"pulse","result":"requested"},
             {"seq":2,"time":"2025-05-01T10:00:01Z","type":"door.command","actor":"alice","door":"front-office","action":"pulse","result":"confirmed","detail":"34 ms"}],
             "next":3}""";
    private static final String PAGE_2 = """
            {"items":[
             {"seq":3,"time":"2025-05-01T10:05:00Z","type":"credential.read","actor":"osdp-1","door":"gym-east","result":"ok","detail":"card 20:13912"},
             {"seq":4,"time":"2025-05-01T10:06:00Z","type":"camera.snapshot","actor":"bob","camera":"cam-3","action":"GET","result":"ok"}],
             "next":null}""";

    @Test
    void allFollowsTheCursorToTheEnd() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit")).withQueryParam("cursor", absent()).willReturn(okJson(PAGE_1)));
        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit")).withQueryParam("cursor", equalTo("3")).willReturn(okJson(PAGE_2)));

        Run run = warden("audit", "--door", "front-office", "--limit", "2", "--all");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("""
                SEQ  TIME                  TYPE             ACTOR   DOOR          ACTION  RESULT     DETAIL
                1    2025-05-01T10:00:00Z  door.command     alice   front-office  pulse   requested  -
                2    2025-05-01T10:00:01Z  door.command     alice   front-office  pulse   confirmed  34 ms
                3    2025-05-01T10:05:00Z  credential.read  osdp-1  gym-east      -       ok         card 20:13912
                4    2025-05-01T10:06:00Z  camera.snapshot  bob     camera cam-3  GET     ok         -
                """);
        gateway.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/audit")).withQueryParam("door", equalTo("front-office"))
                .withQueryParam("limit", equalTo("2")));
    }

    @Test
    void withoutAllOnePageAndAHintOnStderr() {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit")).willReturn(okJson(PAGE_1)));

        Run run = warden("audit");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).hasSize(3);
        assertThat(run.err()).contains("more records follow; --all fetches them");
        gateway.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/audit")));
    }

    @Test
    void exportStreamsABigBodyToTheFile(@TempDir Path dir) throws Exception {
        byte[] line = "{\"seq\":1,\"type\":\"door.command\",\"detail\":\"padding padding padding padding\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[line.length * 120_000]; // about 9 MB
        for (int i = 0; i < 120_000; i++) System.arraycopy(line, 0, body, i * line.length, line.length);
        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit/export")).withQueryParam("format", equalTo("ndjson"))
                .withQueryParam("type", equalTo("door.command"))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(body)));
        Path file = dir.resolve("audit.ndjson");

        Run run = warden("audit", "export", "--format", "ndjson", "--type", "door.command", "--output", file.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("exported " + body.length + " bytes to " + file);
        assertThat(Arrays.equals(Files.readAllBytes(file), body)).as("file equals the body").isTrue();
        assertThat(Files.getPosixFilePermissions(file)).as("card numbers / student video: the user's alone")
                .isEqualTo(io.warden.gateway.PrivateFiles.FILE);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no .part left behind
        }
    }

    @Test
    void exportWithoutOutputGoesToStandardOutputAsBytes() {
        String csv = "seq,time,type\n1,2025-05-01T10:00:00Z,door.command\n2,2025-05-01T10:00:01Z,caf\u00e9\n";
        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit/export")).willReturn(aResponse().withHeader("Content-Type", "text/csv")
                .withBody(csv.getBytes(StandardCharsets.UTF_8))));
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Run run;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            run = warden("audit", "export", "--format", "csv");
        } finally {
            System.setOut(saved);
        }
        assertThat(run.code()).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(csv);
    }

    @Test
    void exportRefusedWritesNoFile(@TempDir Path dir) {
        gateway.stubFor(get(urlPathEqualTo("/api/v1/audit/export")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(problem(403, "FORBIDDEN", "role operator may not export the audit trail"))));

        Run run = warden("audit", "export", "--format", "csv", "--output", dir.resolve("a.csv").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(run.err()).contains("warden: role operator may not export the audit trail (FORBIDDEN)");
        assertThat(dir).isEmptyDirectory();
        assertThat(warden("audit", "export", "--format", "xml").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void verifyOkAndBroken() {
        gateway.stubFor(get(urlEqualTo("/api/v1/audit/verify")).willReturn(okJson("{\"ok\":true,\"records\":123456,\"breaks\":[]}")));
        Run ok = warden("audit", "verify");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).isEqualTo("ok: 123456 records\n");

        gateway.stubFor(get(urlEqualTo("/api/v1/audit/verify")).willReturn(okJson("{\"ok\":false,\"records\":123456,\"firstBrokenSeq\":42,"
                + "\"breaks\":[{\"seq\":42,\"kind\":\"hash\",\"detail\":\"does not fit the chain\"}]}")));
        Run broken = warden("audit", "verify");
        assertThat(broken.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(broken.out()).isEqualTo("BROKEN at seq 42 (123456 records)\n  seq 42  hash  does not fit the chain\n");
    }
}
