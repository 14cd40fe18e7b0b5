package io.warden.gateway.footage;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.testing.FakeCamera;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Footage jobs end to end: a gateway with fake cameras, real clip files, the package, the audit trail. */
class FootageJobApiTest {
    private FootageFixture site;

    @AfterEach
    void close() throws Exception {
        if (site != null) site.close();
    }

    private FootageFixture site(String footage) throws Exception {
        site = new FootageFixture(footage);
        return site;
    }

    /** A window of {@code seconds} ending five minutes ago, on whole seconds (keyframes fall on whole seconds). */
    private static JsonObject window(String field, List<String> ids, int seconds) {
        Instant to = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        return new JsonObject().put(field, new JsonArray(ids)).put("from", to.minusSeconds(seconds).toString()).put("to", to.toString())
                .put("reason", "fight reported at the gym doors, case 2026-117");
    }

    @Test
    void aDoorsFootageBecomesPlayableClipsInASignedPackage() throws Exception {
        site("footage: {autoCapture: {enabled: false}}\n");
        JsonObject req = window("doors", List.of("door-a"), 60);
        String id = site.request(req);
        assertThat(id).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
        JsonObject job = site.finished(id);
        assertThat(job.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        assertThat(job.getInteger("percent")).isEqualTo(100);
        assertThat(job.getString("requestedBy")).isEqualTo("investigator-user");
        assertThat(job.getBoolean("automatic")).isFalse();
        assertThat(job.getString("package")).isEqualTo("/api/v1/footage/" + id + "/package.zip");
        Path dir = site.evidence(id);
        for (String cam : List.of("cam-a", "cam-b")) {
            JsonObject c = FootageFixture.camera(job, cam);
            assertThat(c.getString("status")).isEqualTo("done");
            assertThat(c.getDouble("coveredSeconds")).isEqualTo(60.0);
            assertThat(c.getInteger("percent")).isEqualTo(100);
            assertThat(c.getJsonArray("gaps")).isEmpty();
            assertThat(c.getJsonArray("clips")).hasSize(1);
            JsonObject clip = c.getJsonArray("clips").getJsonObject(0);
            assertThat(clip.getString("file")).isEqualTo(cam + "-1.mp4");
            assertThat(clip.getLong("frames")).isEqualTo(600L);
            assertThat(clip.getString("from")).isEqualTo(req.getString("from"));
            assertThat(clip.getString("to")).isEqualTo(req.getString("to"));
            JsonObject probe = ffprobe(dir.resolve(clip.getString("file")));
            JsonObject stream = probe.getJsonArray("streams").getJsonObject(0);
            assertThat(stream.getString("codec_name")).isEqualTo("h264");
            assertThat(Double.parseDouble(probe.getJsonObject("format").getString("duration"))).isCloseTo(60.0, org.assertj.core.data.Offset.offset(0.05));
            assertThat(Files.size(dir.resolve(clip.getString("file")))).isEqualTo(clip.getLong("bytes"));
        }
        // The package verifies without Warden.
        Process sums = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(sums.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sums.exitValue()).as(new String(sums.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        JsonObject manifest = new JsonObject(Files.readString(dir.resolve("manifest.json")));
        assertThat(manifest.getString("id")).isEqualTo(id);
        assertThat(manifest.getJsonObject("request").getString("reason")).isEqualTo(req.getString("reason"));
        assertThat(manifest.getJsonObject("request").getJsonArray("doors").getList()).containsExactly("door-a");
        assertThat(manifest.getJsonObject("request").getLong("requestSeq")).isEqualTo(job.getLong("requestSeq"));
        assertThat(manifest.getJsonObject("gateway").getString("version")).isNotBlank();
        JsonObject mcam = manifest.getJsonArray("cameras").getJsonObject(0);
        assertThat(mcam.getJsonObject("info").getString("model")).isEqualTo("FakeCam");
        assertThat(mcam.getJsonArray("recordingTokens").getList()).containsExactly("rec-" + mcam.getString("id"));
        assertThat(mcam.getLong("clockOffsetMs")).isEqualTo(-40L);
        assertThat(mcam.getJsonArray("covered")).hasSize(1);
        JsonObject key = site.get("/api/v1/evidence/key", "investigator").json();
        assertThat(manifest.getJsonObject("signing").getString("fingerprint")).isEqualTo(key.getString("fingerprint"));
        assertThat(key.getString("publicKeyPem")).startsWith("-----BEGIN PUBLIC KEY-----");
        // On record: who asked, why, and how it ended.
        JsonObject requested = site.audited("footage.requested").get(0);
        assertThat(requested.getString("actor")).isEqualTo("investigator-user");
        assertThat(requested.getString("detail")).contains(id).contains(req.getString("reason")).contains("cam-a").contains("cam-b");
        assertThat(requested.getLong("seq")).isEqualTo(job.getLong("requestSeq"));
        until(() -> {
            try {
                return !site.audited("footage.finished").isEmpty();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "footage.finished");
        assertThat(site.audited("footage.finished").get(0).getString("result")).isEqualTo("done");
        assertThat(site.get("/api/v1/footage", "admin").json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(id);
    }

    @Test
    void thePackageDownloadsAsAZipThatVerifies() throws Exception {
        site("footage: {autoCapture: {enabled: false}}\n");
        FakeCamera.of("cam-c").slowMs = 3;
        String id = site.request(window("cameras", List.of("cam-c"), 20));
        FootageFixture.Response early = site.get("/api/v1/footage/" + id + "/package.zip", "investigator");
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.json().getString("code")).isEqualTo("CONFLICT");
        assertThat(site.finished(id).getString("status")).isEqualTo("done");
        FootageFixture.Response zip = site.get("/api/v1/footage/" + id + "/package.zip", "investigator");
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.contentType()).isEqualTo("application/zip");
        Path file = site.dir.resolve("package.zip");
        Files.write(file, zip.bytes());
        EvidenceVerification v = EvidenceVerifier.verify(file, null);
        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
        assertThat(v.files()).isGreaterThanOrEqualTo(5);
        List<JsonObject> downloads = site.audited("footage.downloaded");
        until(() -> {
            try {
                return site.audited("footage.downloaded").size() == 2;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the download's end on record");
        downloads = site.audited("footage.downloaded");
        assertThat(downloads).hasSize(2).allSatisfy(d -> {
            assertThat(d.getString("actor")).isEqualTo("investigator-user");
            assertThat(d.getString("detail")).contains(id);
        });
        assertThat(downloads).extracting(d -> d.getString("result")).containsExactlyInAnyOrder("requested", "ok");
    }

    @Test
    void progressGoesOutOnTheEventStreamWithoutIds() throws Exception {
        site("footage: {autoCapture: {enabled: false}}\n");
        FakeCamera.of("cam-c").slowMs = 4;
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> stream = http.send(site.request("/api/v1/events?type=footage.progress", "investigator").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (Exception ignored) {
                // the stream closes with the gateway
            }
        });
        reader.setDaemon(true);
        reader.start();
        String id = site.request(window("cameras", List.of("cam-c"), 30));
        assertThat(site.finished(id).getString("status")).isEqualTo("done");
        until(() -> lines.stream().anyMatch(l -> l.contains("\"status\":\"done\"")), "a progress event saying done");
        List<JsonObject> events = lines.stream().filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6))).toList();
        assertThat(lines).contains("event: footage.progress");
        assertThat(lines).noneMatch(l -> l.startsWith("id:"));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getString("id")).isEqualTo(id);
            assertThat(e.getString("camera")).isEqualTo("cam-c");
        });
        assertThat(events.stream().filter(e -> e.getString("status").equals("running")).count()).as("progress while running").isGreaterThanOrEqualTo(2);
        assertThat(events.get(events.size() - 1).getInteger("percent")).isEqualTo(100);
        // ~2 per second at most: 30 s of video at 4 ms a frame is about 1.2 s of export
        assertThat(events.size()).isLessThan(12);
        stream.body().close();
    }

    @Test
    void cancellingMidExportStopsTheReplayAndRemovesTheFiles() throws Exception {
        site("footage: {autoCapture: {enabled: false}}\n");
        FakeCamera cam = FakeCamera.of("cam-c");
        cam.slowMs = 10;
        String id = site.request(window("cameras", List.of("cam-c"), 120));
        until(() -> {
            try {
                return FootageFixture.camera(site.job(id), "cam-c").getLong("frames") > 0;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "frames written");
        FootageFixture.Response r = site.delete("/api/v1/footage/" + id, "investigator");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getString("status")).isEqualTo("cancelled");
        until(() -> cam.active.get() == 0, "the replay to stop");
        until(() -> !Files.exists(site.evidence(id)), "the files to go");
        JsonObject job = site.job(id);
        assertThat(job.getString("status")).isEqualTo("cancelled");
        assertThat(FootageFixture.camera(job, "cam-c").getJsonArray("clips")).isEmpty();
        FootageFixture.Response again = site.delete("/api/v1/footage/" + id, "investigator");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().getString("code")).isEqualTo("CONFLICT");
        assertThat(site.audited("footage.cancelled")).singleElement().satisfies(e -> assertThat(e.getString("actor")).isEqualTo("investigator-user"));
    }

    @Test
    void anOfflineCameraFailsAloneAndAllFailedFailsTheJob() throws Exception {
        site("footage: {autoCapture: {enabled: false}}\n");
        FakeCamera.of("cam-b").offline = true;
        JsonObject job = site.finished(site.request(window("doors", List.of("door-a"), 10)));
        assertThat(job.getString("status")).isEqualTo("done");
        assertThat(FootageFixture.camera(job, "cam-a").getString("status")).isEqualTo("done");
        JsonObject b = FootageFixture.camera(job, "cam-b");
        assertThat(b.getString("status")).isEqualTo("failed");
        assertThat(b.getString("detail")).contains("DEVICE_OFFLINE").contains("does not answer");
        String only = site.request(window("cameras", List.of("cam-b"), 10));
        JsonObject failed = site.finished(only);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("detail")).contains("DEVICE_OFFLINE");
        assertThat(failed.containsKey("package")).isFalse();
    }

    @Test
    void aDroppedReplayIsResumedFromItsLastFrame() throws Exception {
        site("footage: {autoCapture: {enabled: false}}\n");
        FakeCamera cam = FakeCamera.of("cam-c");
        cam.dropAfter = 150;
        cam.drops.set(2);
        JsonObject req = window("cameras", List.of("cam-c"), 40);
        JsonObject job = site.finished(site.request(req));
        JsonObject c = FootageFixture.camera(job, "cam-c");
        assertThat(c.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        assertThat(c.getJsonArray("gaps")).isEmpty();
        assertThat(c.getJsonArray("clips")).hasSize(1);
        assertThat(c.getLong("frames")).isEqualTo(400L);
        assertThat(cam.replays.get()).isEqualTo(3);
        Instant from = Instant.parse(req.getString("from"));
        assertThat(cam.replayStarts.get(1)).isEqualTo(from.plusMillis(149 * 100));
        assertThat(cam.replayStarts.get(2)).isAfter(cam.replayStarts.get(1));
    }

    @Test
    void gapsAreReportedExactly() throws Exception {
        site("footage: {resumeAttempts: 1, autoCapture: {enabled: false}}\n");
        JsonObject req = window("cameras", List.of("cam-c", "cam-a"), 60);
        Instant from = Instant.parse(req.getString("from"));
        FakeCamera c = FakeCamera.of("cam-c");
        c.gapFrom = from.plusSeconds(20);
        c.gapTo = from.plusSeconds(30);
        FakeCamera a = FakeCamera.of("cam-a");
        a.dropAfter = 100; // drops twice, resumed once: what follows the second drop is a gap
        a.drops.set(2);
        JsonObject job = site.finished(site.request(req));
        JsonObject cc = FootageFixture.camera(job, "cam-c");
        assertThat(cc.getString("status")).isEqualTo("done");
        assertThat(cc.getJsonArray("clips")).hasSize(2);
        assertThat(cc.getJsonArray("gaps")).containsExactly(new JsonObject().put("from", from.plusSeconds(20).toString()).put("to", from.plusSeconds(30).toString()));
        assertThat(cc.getDouble("coveredSeconds")).isEqualTo(50.0);
        JsonObject ca = FootageFixture.camera(job, "cam-a");
        assertThat(ca.getString("status")).isEqualTo("done");
        assertThat(ca.getString("detail")).contains("CONNECTION_CLOSED");
        // first session: frames 0..99; resumed from frame 99 (its keyframe is 90): 91 new frames, to 189
        assertThat(ca.getJsonArray("gaps")).containsExactly(new JsonObject().put("from", from.plusMillis(19_000).toString()).put("to", from.plusSeconds(60).toString()));
    }

    @Test
    void aFullDiskFailsTheJobAndLeavesNoFiles() throws Exception {
        site("footage: {reserveMegabytes: 10000000, autoCapture: {enabled: false}}\n");
        String id = site.request(window("doors", List.of("door-a"), 10));
        JsonObject job = site.finished(id);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("detail")).contains("STORAGE_FULL").contains("disk is full").contains("removed");
        assertThat(Files.exists(site.evidence(id))).isFalse();
        until(() -> {
            try {
                return site.audited("footage.finished").stream().anyMatch(e -> e.getString("result").equals("failed"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "footage.finished");
    }

    @Test
    void aJobRunningWhenTheGatewayDiesIsMarkedFailedAtTheNextStart() throws Exception {
        site("footage: {autoCapture: {enabled: false}}\n");
        String earlier = site.request(window("cameras", List.of("cam-a"), 5));
        assertThat(site.finished(earlier).getString("status")).isEqualTo("done");
        FakeCamera.of("cam-c").slowMs = 20;
        String id = site.request(window("cameras", List.of("cam-c"), 120));
        until(() -> {
            try {
                return FootageFixture.camera(site.job(id), "cam-c").getLong("frames") > 0;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "frames written");
        site.crash();
        site.start();
        JsonObject job = site.job(id);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("detail")).isEqualTo("gateway restarted during the export");
        assertThat(Files.exists(site.evidence(id))).isFalse();
        assertThat(site.get("/api/v1/footage", "investigator").json().getJsonArray("items")).hasSize(2);
        assertThat(site.job(earlier).getString("status")).as("a finished job survives the restart").isEqualTo("done");
        assertThat(site.get("/api/v1/footage/" + earlier + "/package.zip", "investigator").status()).isEqualTo(200);
    }

    @Test
    void anAutomaticJobStillWaitingWhenTheGatewayDiesRunsAfterTheNextStart() throws Exception {
        site("footage: {autoCapture: {beforeSeconds: 2, afterSeconds: 4}}\n");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        await(site.gateway().audit().append(new AuditEntry(at, "door.forced", "ctl", null, "s1", "z1", "door-b", null, null,
                null, null, "door forced open")));
        until(() -> {
            try {
                return site.get("/api/v1/footage", "investigator").json().getJsonArray("items").size() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "an automatic job");
        String id = site.get("/api/v1/footage", "investigator").json().getJsonArray("items").getJsonObject(0).getString("id");
        assertThat(site.job(id).getString("status")).as("still waiting for its window to close").isEqualTo("queued");
        site.crash();
        site.start();
        JsonObject done = site.finished(id);
        assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("done");
        assertThat(FootageFixture.camera(done, "cam-c").getDouble("coveredSeconds")).isGreaterThan(5.0);
    }

    @Test
    void aForcedDoorCapturesItsCamerasOnceAfterTheEvent() throws Exception {
        site("footage: {autoCapture: {beforeSeconds: 2, afterSeconds: 1}}\n");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS); // the audit trail keeps milliseconds
        await(site.gateway().audit().append(new AuditEntry(at, "door.forced", "ctl", null, "s1", "z1", "door-b", null, null,
                null, null, "door forced open")));
        until(() -> {
            try {
                return site.get("/api/v1/footage", "investigator").json().getJsonArray("items").size() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "an automatic job");
        await(site.gateway().audit().append(new AuditEntry(at.plusMillis(300), "door.forced", "ctl", null, "s1", "z1", "door-b",
                null, null, null, null, "door forced open again")));
        JsonObject job = site.get("/api/v1/footage", "investigator").json().getJsonArray("items").getJsonObject(0);
        String id = job.getString("id");
        assertThat(job.getBoolean("automatic")).isTrue();
        assertThat(job.getString("requestedBy")).isEqualTo("system");
        assertThat(job.getString("reason")).contains("door.forced").contains("door-b").contains("seq");
        assertThat(job.getString("from")).isEqualTo(at.minusSeconds(2).toString());
        JsonObject done = site.finished(id);
        assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("done");
        assertThat(done.getString("detail")).contains("door.forced");
        assertThat(done.getString("to")).isEqualTo(at.plusMillis(1300).toString());
        assertThat(FootageFixture.camera(done, "cam-c").getDouble("coveredSeconds")).isGreaterThan(3.0);
        assertThat(site.get("/api/v1/footage", "investigator").json().getJsonArray("items")).hasSize(1);
        assertThat(site.audited("footage.requested")).singleElement().satisfies(e -> assertThat(e.getString("actor")).isEqualTo("system"));
    }

    @Test
    void camerasOnOneRecorderShareItsSessionLimit() throws Exception {
        site = new FootageFixture("footage: {sessionsPerRecorder: 1, camerasInParallel: 3, autoCapture: {enabled: false}}\n", "{recorder: nvr-1}");
        List<FakeCamera> cams = List.of(FakeCamera.of("cam-a"), FakeCamera.of("cam-b"), FakeCamera.of("cam-c"));
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        for (FakeCamera c : cams) c.slowMs = 2;
        Thread watch = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(cams.stream().mapToInt(c -> c.active.get()).sum(), Math::max);
                Thread.onSpinWait();
            }
        });
        watch.setDaemon(true);
        watch.start();
        String first = site.request(window("doors", List.of("door-a"), 10));
        String second = site.request(window("doors", List.of("door-b"), 10));
        assertThat(site.finished(first).getString("status")).isEqualTo("done");
        assertThat(site.finished(second).getString("status")).isEqualTo("done");
        watch.interrupt();
        assertThat(cams.stream().mapToInt(c -> c.replays.get()).sum()).isEqualTo(3);
        assertThat(peak.get()).as("replay sessions open at once on nvr-1").isEqualTo(1);
    }

    @Test
    void aLockdownCapturesEveryCameraOfItsScope() throws Exception {
        site("footage: {autoCapture: {on: [lockdown.started], beforeSeconds: 1, afterSeconds: 0}}\n");
        FootageFixture.Response r = site.post("/api/v1/lockdowns", "admin",
                new JsonObject().put("level", "lockdown").put("scope", new JsonObject().put("zone", "z1")).put("reason", "intruder reported"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        until(() -> {
            try {
                return site.get("/api/v1/footage", "investigator").json().getJsonArray("items").size() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "an automatic job");
        JsonObject job = site.get("/api/v1/footage", "investigator").json().getJsonArray("items").getJsonObject(0);
        assertThat(job.getString("reason")).contains("lockdown.started");
        assertThat(job.getJsonArray("cameras").stream().map(o -> ((JsonObject) o).getString("id")).toList())
                .containsExactlyInAnyOrder("cam-a", "cam-b", "cam-c");
        assertThat(site.finished(job.getString("id")).getString("status")).isEqualTo("done");
        assertThat(site.get("/api/v1/footage", "investigator").json().getJsonArray("items")).as("the confirmation adds no job").hasSize(1);
    }

    private static JsonObject ffprobe(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height:format=duration", "-of", "json", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new JsonObject(out);
    }
}
