package io.warden.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.testing.NpmCi;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stock client, the npm {@code onvif} 0.8.3 package, reads the simulator: device info, profiles (through Media2,
 * which it prefers), stream and snapshot URIs, recordings and a replay URI, once with WS-Security and once with
 * HTTP Digest only. Installs the package with {@code npm ci} when {@code node_modules} is missing.
 */
class OnvifNpmClientTest {
    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    static Vertx vertx;
    static OnvifCameraSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        NpmCi.ensure(NODE_DIR, "onvif", "the stock ONVIF client, npm onvif 0.8.3");
        vertx = Vertx.vertx();
        OnvifCameraSimulator.Config c = OnvifCameraSimulator.Config.camera("127.0.0.1", "admin", "s3cret", Instant.now().minusSeconds(900))
                .withClock(Clock.systemUTC());
        sim = new OnvifCameraSimulator(vertx, c);
        sim.start().await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sim != null) sim.stop().await(10, TimeUnit.SECONDS);
        if (vertx != null) vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void readsEverythingWithWsSecurity() throws Exception {
        check(runPeer(true));
    }

    @Test
    void readsEverythingWithHttpDigestOnly() throws Exception {
        check(runPeer(false));
    }

    private void check(JsonObject out) {
        assertThat(out.getBoolean("media2Support")).isTrue();
        JsonObject info = out.getJsonObject("deviceInformation");
        assertThat(info.getString("manufacturer")).isEqualTo("Warden");
        assertThat(info.getString("model")).isEqualTo("Simulated camera");
        assertThat(info.getString("serialNumber")).isEqualTo("SIM-0001");
        JsonArray profiles = out.getJsonArray("profiles");
        assertThat(profiles).hasSize(1);
        assertThat(profiles.getJsonObject(0).getString("token")).isEqualTo("Profile_1");
        assertThat(profiles.getJsonObject(0).getString("sourceToken")).isEqualTo("VideoSource_1");
        assertThat(profiles.getJsonObject(0).getString("encoding")).isEqualTo("H264");
        assertThat(out.getJsonObject("activeSource").getString("sourceToken")).isEqualTo("VideoSource_1");
        assertThat(out.getString("streamUri")).isEqualTo("rtsp://127.0.0.1:554/live/VideoSource_1");
        assertThat(out.getString("snapshotUri")).isEqualTo("http://127.0.0.1:" + sim.httpPort() + "/snapshot/Profile_1.jpg");
        assertThat(out.getJsonArray("recordings").getList()).isEqualTo(List.of("Recording_1"));
        assertThat(out.getString("replayUri")).isEqualTo("rtsp://127.0.0.1:554/replay/Recording_1");
    }

    private JsonObject runPeer(boolean wsSecurity) throws Exception {
        File stdout = File.createTempFile("onvif-peer", ".out");
        File stderr = File.createTempFile("onvif-peer", ".err");
        try {
            Process p = new ProcessBuilder("node", "onvif-peer.js", "127.0.0.1", String.valueOf(sim.httpPort()), "admin", "s3cret",
                    String.valueOf(wsSecurity), "Recording_1")
                    .directory(NODE_DIR.toFile()).redirectOutput(stdout).redirectError(stderr).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("node onvif-peer.js did not finish within 60 s; stderr: " + Files.readString(stderr.toPath()));
            }
            String out = Files.readString(stdout.toPath()).strip();
            assertThat(p.exitValue()).as("node exit; stderr: " + Files.readString(stderr.toPath())).isZero();
            return new JsonObject(out.substring(out.lastIndexOf('\n') + 1));
        } finally {
            stdout.delete();
            stderr.delete();
        }
    }
}
