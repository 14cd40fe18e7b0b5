package io.warden.gateway.footage.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.footage.e2e.OnvifFootageSite.camera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.footage.EvidenceVerification;
import io.warden.gateway.footage.EvidenceVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Footage of a door through the whole gateway: OSDP door, two ONVIF cameras (edge and NVR) over SOAP and RTSP, the
 * footage job, MP4 clips checked with ffprobe, the signed evidence package checked with sha256sum and the verifier.
 */
class OnvifFootageE2ETest {
    private OnvifFootageSite site;

    @AfterEach
    void close() throws Exception {
        if (site != null) site.close();
    }

    /** Two minutes ending five minutes ago (whole seconds: keyframes fall on them). */
    private Instant to() {
        return site.recordingStart.plusSeconds(25 * 60);
    }

    private JsonObject doorRequest(Instant from, Instant to) {
        return new JsonObject().put("doors", new JsonArray().add(OnvifFootageSite.DOOR)).put("from", from.toString())
                .put("to", to.toString()).put("reason", "fight reported at the gym, case 2026-117");
    }

    @Test
    void twoMinutesOfADoorBecomeVerifiedPlayableClipsFromTheCameraAndTheNvr() throws Exception {
        site = OnvifFootageSite.start(OnvifFootageSite.Options.plain());
        List<JsonObject> progress = site.progressEvents();
        Instant to = to();
        Instant from = to.minusSeconds(120);
        String id = site.request(doorRequest(from, to));
        JsonObject job = site.finished(id);
        assertThat(job.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        Path dir = site.evidence(id);

        for (String cam : List.of("cam-edge", "cam-nvr")) {
            JsonObject c = camera(job, cam);
            assertThat(c.getString("status")).as(c.encodePrettily()).isEqualTo("done");
            assertThat(c.getDouble("coveredSeconds")).isEqualTo(120.0);
            assertThat(c.getJsonArray("gaps")).isEmpty();
            assertThat(c.getJsonArray("clips")).hasSize(1);
            JsonObject clip = c.getJsonArray("clips").getJsonObject(0);
            assertThat(clip.getLong("frames")).isEqualTo(1200L);
            assertThat(clip.getString("from")).isEqualTo(from.toString());
            assertThat(clip.getString("to")).isEqualTo(to.toString());
            assertPlayable(dir.resolve(clip.getString("file")), 1200, 120.0);
        }

        Process sums = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(sums.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sums.exitValue()).as(new String(sums.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        EvidenceVerification v = EvidenceVerifier.verify(dir, null);
        assertThat(v.ok()).as("%s", v.problems()).isTrue();

        JsonObject manifest = new JsonObject(Files.readString(dir.resolve("manifest.json")));
        JsonObject edge = manifestCamera(manifest, "cam-edge");
        JsonObject nvr = manifestCamera(manifest, "cam-nvr");
        assertThat(edge.getJsonObject("info").getString("serialNumber")).isEqualTo("SIM-0001");
        assertThat(edge.getJsonObject("info").getString("model")).isEqualTo("Simulated camera");
        assertThat(edge.getJsonArray("recordingTokens").getList()).containsExactly("Recording_1");
        assertThat(nvr.getJsonArray("recordingTokens").getList()).as("channel 2 of the NVR").containsExactly("Recording_2");
        assertThat(nvr.getString("recorder")).isNotEqualTo(edge.getString("recorder"));
        for (JsonObject m : List.of(edge, nvr)) {
            assertThat(m.getJsonArray("covered")).containsExactly(new JsonObject().put("from", from.toString()).put("to", to.toString()));
            assertThat(m.getJsonArray("gaps")).isEmpty();
            assertThat(m.getJsonObject("requested").getString("from")).isEqualTo(from.toString());
            // the simulators' clocks are the host's; ONVIF reports whole seconds
            assertThat(m.getLong("clockOffsetMs")).as("measured clock offset").isNotNull().isBetween(-1500L, 1500L);
        }

        until(() -> progress.stream()
                .filter(p -> id.equals(p.getString("id")) && p.getInteger("percent", 0) == 100).map(p -> p.getString("camera"))
                .distinct().count() == 2, "progress events of both cameras up to 100 %", OnvifFootageSite.DEADLINE);
        assertThat(progress).allSatisfy(p -> assertThat(p.fieldNames()).contains("id", "camera", "percent", "coveredSeconds", "bytes", "status"));
    }

    @Test
    void aRecordingGapInsideTheWindowMakesTwoClipsAndTheExactGap() throws Exception {
        // the window is minutes 23..25 of the recording; nothing recorded in its seconds 60..70
        site = OnvifFootageSite.start(OnvifFootageSite.Options.plain().withEdgeGap(24 * 60, 10));
        Instant to = to();
        Instant gapFrom = to.minusSeconds(60);
        Instant gapTo = to.minusSeconds(50);
        Instant from = to.minusSeconds(120);
        String id = site.request(doorRequest(from, to));
        JsonObject job = site.finished(id);
        assertThat(job.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        JsonObject c = camera(job, "cam-edge");
        JsonObject gap = new JsonObject().put("from", gapFrom.toString()).put("to", gapTo.toString());
        assertThat(c.getJsonArray("gaps")).as(c.encodePrettily()).containsExactly(gap);
        assertThat(c.getDouble("coveredSeconds")).isEqualTo(110.0);
        JsonArray clips = c.getJsonArray("clips");
        assertThat(clips).hasSize(2);
        assertThat(clips.getJsonObject(0).getLong("frames")).isEqualTo(600L);
        assertThat(clips.getJsonObject(1).getLong("frames")).isEqualTo(500L);
        assertThat(clips.getJsonObject(0).getString("to")).isEqualTo(gapFrom.toString());
        assertThat(clips.getJsonObject(1).getString("from")).isEqualTo(gapTo.toString());
        Path dir = site.evidence(id);
        assertPlayable(dir.resolve(clips.getJsonObject(0).getString("file")), 600, 60.0);
        assertPlayable(dir.resolve(clips.getJsonObject(1).getString("file")), 500, 50.0);
        JsonObject manifest = new JsonObject(Files.readString(dir.resolve("manifest.json")));
        assertThat(manifestCamera(manifest, "cam-edge").getJsonArray("gaps")).containsExactly(gap);
        assertThat(camera(job, "cam-nvr").getJsonArray("gaps")).as("the NVR recorded throughout").isEmpty();
    }

    @Test
    void aStreamDroppedMidExportIsResumedWithoutALostOrDuplicatedFrame() throws Exception {
        site = OnvifFootageSite.start(OnvifFootageSite.Options.plain());
        site.edge.config().faults().dropReplayAfterFrames = 437;
        site.nvr.config().faults().dropReplayAfterFrames = 803;
        Instant to = to();
        String id = site.request(doorRequest(to.minusSeconds(120), to));
        JsonObject job = site.finished(id);
        assertThat(job.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        assertThat(site.edge.config().faults().dropReplayAfterFrames).as("the drop happened").isEqualTo(-1);
        assertThat(site.nvr.config().faults().dropReplayAfterFrames).as("the drop happened").isEqualTo(-1);
        for (String cam : List.of("cam-edge", "cam-nvr")) {
            JsonObject c = camera(job, cam);
            assertThat(c.getJsonArray("clips")).as(c.encodePrettily()).hasSize(1);
            assertThat(c.getJsonArray("gaps")).isEmpty();
            JsonObject clip = c.getJsonArray("clips").getJsonObject(0);
            assertThat(clip.getLong("frames")).as("as many as the uninterrupted run").isEqualTo(1200L);
            assertPlayable(site.evidence(id).resolve(clip.getString("file")), 1200, 120.0);
        }
    }

    @Test
    void aCameraOfflineFailsAloneAndSaysWhy() throws Exception {
        site = OnvifFootageSite.start(OnvifFootageSite.Options.plain());
        site.edge.config().faults().offline = true;
        Instant to = to();
        String id = site.request(doorRequest(to.minusSeconds(30), to));
        JsonObject job = site.finished(id);
        assertThat(job.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        JsonObject edge = camera(job, "cam-edge");
        assertThat(edge.getString("status")).isEqualTo("failed");
        assertThat(edge.getString("detail")).as(edge.encodePrettily()).matches("(DEVICE_OFFLINE|CONNECTION_CLOSED|DEVICE_TIMEOUT): .+");
        assertThat(edge.getJsonArray("clips")).isEmpty();
        assertThat(camera(job, "cam-nvr").getString("status")).isEqualTo("done");
        assertThat(camera(job, "cam-nvr").getJsonArray("clips").getJsonObject(0).getLong("frames")).isEqualTo(300L);
    }

    @Test
    void aWrongCameraPasswordFailsThatCameraAuthenticationFailed() throws Exception {
        site = OnvifFootageSite.start(OnvifFootageSite.Options.plain().withWrongNvrCameraPassword());
        Instant to = to();
        String id = site.request(doorRequest(to.minusSeconds(30), to));
        JsonObject job = site.finished(id);
        assertThat(job.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        JsonObject nvr = camera(job, "cam-nvr");
        assertThat(nvr.getString("status")).isEqualTo("failed");
        assertThat(nvr.getString("detail")).as(nvr.encodePrettily()).startsWith("AUTHENTICATION_FAILED: ").doesNotContain("wrong-nvr-pw");
        assertThat(camera(job, "cam-edge").getString("status")).isEqualTo("done");
    }

    /**
     * The request's window is gateway (true) time. A camera whose clock runs 90 s ahead stamps its footage 90 s
     * ahead: the export asks it for the window shifted by the measured offset and shifts the frames back, so a hole
     * the camera has at its own 10:01:30 shows at the gateway's 10:00:00; the manifest records the offset and the
     * device-clock window.
     */
    @Test
    void aCameraClockNinetySecondsAheadIsAskedForTheWindowOnItsOwnClock() throws Exception {
        // the camera recorded nothing from its own (recordingStart + 25 min + 30 s), for 10 s
        site = OnvifFootageSite.start(OnvifFootageSite.Options.plain().withEdgeSkew(90).withEdgeGap(25 * 60 + 30, 10));
        Instant to = to();
        Instant from = to.minusSeconds(120);
        until(() -> camerasOffset("cam-edge") != null, "the edge camera's clock measured", OnvifFootageSite.DEADLINE);
        String id = site.request(doorRequest(from, to));
        JsonObject job = site.finished(id);
        assertThat(job.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        JsonObject c = camera(job, "cam-edge");
        assertThat(c.getJsonArray("gaps")).as(c.encodePrettily()).hasSize(1);
        JsonObject gap = c.getJsonArray("gaps").getJsonObject(0);
        // ONVIF reports whole seconds: the shift is good to about one second
        assertThat(Duration.between(to.minusSeconds(60), Instant.parse(gap.getString("from"))).abs()).isLessThanOrEqualTo(Duration.ofMillis(1100));
        assertThat(Duration.between(Instant.parse(gap.getString("from")), Instant.parse(gap.getString("to")))).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.getJsonArray("clips")).hasSize(2);
        assertThat(c.getDouble("coveredSeconds")).isCloseTo(110.0, within(1.1));

        JsonObject m = manifestCamera(new JsonObject(Files.readString(site.evidence(id).resolve("manifest.json"))), "cam-edge");
        long offsetMs = m.getLong("clockOffsetMs");
        assertThat(offsetMs).isBetween(88_500L, 91_500L);
        long shift = Math.round(offsetMs / 1000.0);
        assertThat(m.getJsonObject("requested").getString("from")).isEqualTo(from.toString());
        assertThat(m.getJsonObject("deviceRequested").getString("from")).isEqualTo(from.plusSeconds(shift).toString());
        assertThat(m.getJsonObject("deviceRequested").getString("to")).isEqualTo(to.plusSeconds(shift).toString());
        assertThat(m.getJsonArray("gaps")).containsExactly(gap);
        JsonObject nvr = camera(job, "cam-nvr");
        assertThat(nvr.getJsonArray("gaps")).as("the NVR's clock is right, and so is its footage").isEmpty();
        assertThat(nvr.getJsonArray("clips").getJsonObject(0).getLong("frames")).isEqualTo(1200L);
    }

    private Long camerasOffset(String id) {
        JsonObject c = site.get("/api/v1/cameras/" + id, "investigator").json();
        return c.getLong("clockOffsetMs");
    }

    static void assertPlayable(Path file, long frames, double seconds) throws Exception {
        ClipProbe p = ClipProbe.of(file);
        assertThat(p.codec()).isEqualTo("h264");
        assertThat(p.decodedFrames()).as("decoded frames of %s", file).isEqualTo(frames);
        assertThat(p.duration()).as("duration within one frame").isCloseTo(seconds, within(0.1));
        assertThat(p.pts()).hasSize((int) frames);
        assertThat(p.pts().get(0)).isEqualTo(0.0);
        assertThat(p.pts().get(p.pts().size() - 1)).isCloseTo(seconds - 0.1, within(0.001));
        for (int i = 1; i < p.pts().size(); i++) {
            assertThat(p.pts().get(i) - p.pts().get(i - 1)).as("100 ms between frames %d and %d", i - 1, i).isCloseTo(0.1, within(0.001));
        }
    }

    /** Decodes to {@code frames} frames, 100 ms apart. */
    static void assertPlayableFrames(Path file, long frames) throws Exception {
        ClipProbe p = ClipProbe.of(file);
        assertThat(p.codec()).isEqualTo("h264");
        assertThat(p.decodedFrames()).isEqualTo(frames);
        assertThat(p.pts()).hasSize((int) frames);
        for (int i = 1; i < p.pts().size(); i++) assertThat(p.pts().get(i) - p.pts().get(i - 1)).isCloseTo(0.1, within(0.001));
    }

    static JsonObject manifestCamera(JsonObject manifest, String id) {
        for (Object o : manifest.getJsonArray("cameras")) {
            if (id.equals(((JsonObject) o).getString("id"))) return (JsonObject) o;
        }
        throw new AssertionError("no camera " + id + " in the manifest");
    }
}
