package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.warden.gateway.cli.FootageRequestCommandTest.problemAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraCommandsTest extends CliHarness {
    private static final String CAMERAS = """
            {"items":[
             {"id":"cam-gym-1","name":"Gym east","site":"north-high","zone":"gym","type":"onvif","doors":["gym-east","gym-west"],
              "health":{"status":"ONLINE","reason":"OK","detail":null,"since":"2026-05-01T07:00:00Z"},"clockOffsetMs":-120},
             {"id":"cam-lib","name":"Library \\u001b[2J","site":"north-high","zone":"bldg-a","type":"onvif","doors":[],
              "health":{"status":"OFFLINE","reason":"AUTHENTICATION_FAILED","detail":"the camera refused the credentials",
                        "since":"2026-05-01T07:01:00Z"},"clockOffsetMs":null},
             {"id":"cam-hall","name":"Hall","site":"north-high","zone":"bldg-a","type":"onvif","doors":["front-office"],
              "health":{"status":"ONLINE","reason":"OK","since":"2026-05-01T07:00:00Z"},"clockOffsetMs":3600000}]}""";
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, (byte) 0xFF, (byte) 0xD9};

    @Test
    void camerasIsATableAndExitsFiveWhenOneIsNotOnline() {
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras")).willReturn(okJson(CAMERAS)));

        Run run = warden("cameras");

        assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.out()).isEqualTo("""
                ID         NAME          SITE/ZONE          HEALTH                           CLOCK      DOORS              DETAIL
                cam-gym-1  Gym east      north-high/gym     online (ok)                      -120 ms    gym-east,gym-west  -
                cam-lib    Library ?[2J  north-high/bldg-a  offline (authentication_failed)  -          -                  the camera refused the credentials
                cam-hall   Hall          north-high/bldg-a  online (ok)                      +3600.0 s  front-office       -
                """);
        assertThat(run.err()).contains("warden: 1 of 3 not online: cam-lib (offline (authentication_failed))");
        gateway.verify(getRequestedFor(urlEqualTo("/api/v1/cameras")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void camerasJsonAndNoCameras() {
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras")).willReturn(okJson(CAMERAS)));
        Run json = warden("cameras", "--json");
        assertThat(json.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(json.out()).startsWith("{\"items\":[").contains("\"clockOffsetMs\":-120");

        gateway.stubFor(get(urlEqualTo("/api/v1/cameras")).willReturn(okJson("{\"items\":[]}")));
        Run none = warden("cameras");
        assertThat(none.code()).isZero();
        assertThat(none.err()).contains("warden: no cameras configured");
    }

    @Test
    void camerasForbiddenExitsThree() {
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras")).willReturn(problemAnswer(403, "FORBIDDEN", "role guest may not see cameras")));

        Run run = warden("cameras");

        assertThat(run.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(run.err()).contains("warden: role guest may not see cameras (FORBIDDEN)");
    }

    @Test
    void snapshotWritesTheJpegAndPrintsPathAndSize(@TempDir Path dir) throws Exception {
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras/cam-gym-1/snapshot"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
        Path file = dir.resolve("gym.jpg");

        Run run = warden("snapshot", "cam-gym-1", "-o", file.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(file + "  13 bytes\n");
        assertThat(Files.readAllBytes(file)).isEqualTo(JPEG);
        gateway.verify(getRequestedFor(urlEqualTo("/api/v1/cameras/cam-gym-1/snapshot"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)).withHeader("Accept", equalTo("image/jpeg")));
    }

    @Test
    void snapshotDefaultNameIsTheCameraAndTheUtcTime() throws Exception {
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras/cam%2F1/snapshot"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(JPEG)));

        Run run = warden("snapshot", "cam/1");

        assertThat(run.code()).isZero();
        String name = run.out().substring(0, run.out().indexOf("  "));
        try {
            assertThat(name).matches("cam_1-\\d{8}T\\d{6}Z\\.jpg");
            assertThat(Files.readAllBytes(Path.of(name))).isEqualTo(JPEG);
        } finally {
            Files.deleteIfExists(Path.of(name));
        }
    }

    @Test
    void snapshotRefusesToWriteWhatIsNotAJpeg(@TempDir Path dir) {
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras/cam-1/snapshot")).withMetadata(Map.of(OFF_CONTRACT, "a captive portal's login page"))
                .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<html>login</html>")));
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras/cam-2/snapshot"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody("<html>login</html>")));
        Path file = dir.resolve("x.jpg");

        Run html = warden("snapshot", "cam-1", "-o", file.toString());
        assertThat(html.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(html.err()).contains("warden: the gateway answered text/html, not a JPEG; nothing written");

        Run lying = warden("snapshot", "cam-2", "-o", file.toString());
        assertThat(lying.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(lying.err()).contains("warden: the gateway's answer is not a JPEG; nothing written to " + file);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void snapshotProblemsAndNetworkFailure(@TempDir Path dir) throws Exception {
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras/nope/snapshot")).willReturn(problemAnswer(404, "NOT_FOUND", "no camera 'nope'")));
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras/cam-lib/snapshot"))
                .willReturn(problemAnswer(503, "DEVICE_OFFLINE", "camera cam-lib is offline")));
        Path file = dir.resolve("x.jpg");

        Run unknown = warden("snapshot", "nope", "-o", file.toString());
        assertThat(unknown.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("warden: no camera 'nope' (NOT_FOUND)");
        Run offline = warden("snapshot", "cam-lib", "-o", file.toString());
        assertThat(offline.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(offline.err()).contains("warden: camera cam-lib is offline (DEVICE_OFFLINE)");

        String url = refusingUrl();
        Run down = raw("snapshot", "cam-1", "-o", file.toString(), "--url", url, "--token", TOKEN).assertTokenHidden();
        assertThat(down.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(down.err()).contains("cannot reach the gateway at " + url + " (connection refused)");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void snapshotIntoAMissingDirectorySaysSo(@TempDir Path dir) {
        gateway.stubFor(get(urlEqualTo("/api/v1/cameras/cam-1/snapshot"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
        Path file = dir.resolve("no-such-dir").resolve("x.jpg");

        Run run = warden("snapshot", "cam-1", "-o", file.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(run.err()).contains("warden: cannot write " + file + ".part: no such directory");
        assertThat(dir).isEmptyDirectory();
    }
}
