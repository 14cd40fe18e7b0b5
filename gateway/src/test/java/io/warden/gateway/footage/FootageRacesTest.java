package io.warden.gateway.footage;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Footage jobs under pressure: a cancel while the package is sealed, two cancels at once, who sees footage on the event stream. */
class FootageRacesTest {
    private FootageFixture site;

    @AfterEach
    void close() throws Exception {
        if (site != null) site.close();
    }

    private static JsonObject window(List<String> cameras, int seconds) {
        Instant to = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        return new JsonObject().put("cameras", new JsonArray(cameras)).put("from", to.minusSeconds(seconds).toString())
                .put("to", to.toString()).put("reason", "case 2026-118, pupil named in the report");
    }

    @Test
    void aCancelWhileThePackageIsSealedLeavesNoPackageAndNoDoneRecord() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {enabled: false}}\n");
        FootageService service = site.gateway().footage();
        AtomicBoolean sealing = new AtomicBoolean();
        // The seal goes ahead only once the job has been cancelled: the cancel lands mid-seal.
        service.sealer = (vertx, dir, manifest, key) -> {
            sealing.set(true);
            Promise<Void> cancelled = Promise.promise();
            String id = dir.getFileName().toString();
            vertx.setPeriodic(10, t -> {
                if (service.job(id).orElseThrow().status() == FootageJob.Status.CANCELLED) {
                    vertx.cancelTimer(t);
                    cancelled.complete();
                }
            });
            return cancelled.future().compose(v -> EvidencePackage.seal(vertx, dir, manifest, key));
        };
        String id = site.request(window(List.of("cam-c"), 10));
        until(sealing::get, "the package to be sealed");

        FootageFixture.Response r = site.delete("/api/v1/footage/" + id, "investigator");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getString("status")).isEqualTo("cancelled");
        assertThat(r.json().containsKey("package")).isFalse();

        until(() -> !Files.exists(site.evidence(id)), "the sealed files to go");
        JsonObject job = site.job(id);
        assertThat(job.getString("status")).isEqualTo("cancelled");
        assertThat(FootageFixture.camera(job, "cam-c").getJsonArray("clips")).isEmpty();
        assertThat(site.get("/api/v1/footage/" + id + "/package.zip", "investigator").status()).isEqualTo(409);
        assertThat(site.audited("footage.finished")).as("a cancelled job is not recorded as done").isEmpty();
        assertThat(site.audited("footage.cancelled")).hasSize(1);
    }

    @Test
    void twoCancelsAtOnceAreOneCancelOnRecord() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {enabled: false}}\n");
        FakeCamera.of("cam-c").slowMs = 10;
        String id = site.request(window(List.of("cam-c"), 120));
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> cancels = List.of(
                http.sendAsync(site.request("/api/v1/footage/" + id, "investigator").DELETE().build(), HttpResponse.BodyHandlers.ofString()),
                http.sendAsync(site.request("/api/v1/footage/" + id, "admin").DELETE().build(), HttpResponse.BodyHandlers.ofString()));
        List<Integer> codes = cancels.stream().map(f -> f.join().statusCode()).sorted().toList();
        assertThat(codes).containsExactly(200, 409);
        assertThat(site.audited("footage.cancelled")).hasSize(1);
        until(() -> !Files.exists(site.evidence(id)), "the files to go");
    }

    @Test
    void viewersDoNotSeeWhoAskedForFootageOnTheEventStream() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {enabled: false}}\n");
        List<String> viewer = follow("viewer");
        List<String> investigator = follow("investigator");
        String id = site.request(window(List.of("cam-c"), 5));
        assertThat(site.finished(id).getString("status")).isEqualTo("done");
        assertThat(site.get("/api/v1/cameras/cam-c/snapshot", "investigator").status()).isEqualTo(200);
        // a record both may see, after the footage ones: once the viewer has it, it has had everything before it
        assertThat(site.post("/api/v1/doors/door-a/lock", "admin", new JsonObject()).status()).isLessThan(300);
        until(() -> viewer.stream().anyMatch(l -> l.startsWith("event: door.")), "the lock on the viewer's stream");
        until(() -> investigator.contains("event: camera.snapshot"), "the snapshot on the investigator's stream");
        assertThat(investigator).contains("event: footage.requested", "event: footage.finished");
        assertThat(viewer).noneMatch(l -> l.contains("footage") || l.contains("camera.snapshot") || l.contains("pupil"));
    }

    @Test
    void aForcedDoorAndItsHeldOpenAlarmAMomentApartMakeOneAutomaticJob() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {beforeSeconds: 2, afterSeconds: 1}}\n");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Appended back to back: the second arrives while the first job is still being put on record.
        site.gateway().audit().append(new AuditEntry(at, "door.forced", "ctl", null, "s1", "z1", "door-b", null, null, null, null, "forced"));
        site.gateway().audit().append(new AuditEntry(at.plusMillis(5), "door.held_open", "ctl", null, "s1", "z1", "door-b", null, null,
                null, null, "held open"));
        until(() -> {
            JsonArray items = items();
            return items.size() > 1 || items.size() == 1 && String.valueOf(items.getJsonObject(0).getString("detail")).contains("door.held_open");
        }, "both events handled");
        assertThat(items()).hasSize(1);
        assertThat(site.audited("footage.requested")).hasSize(1);
    }

    @Test
    void anEventThatArrivesAfterItsJobStartedGetsTheRestOfItsWindowInAFollowOnJob() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {beforeSeconds: 2, afterSeconds: 1}}\n");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        await(site.gateway().audit().append(new AuditEntry(at, "door.forced", "ctl", null, "s1", "z1", "door-b", null, null,
                null, null, "forced")));
        until(() -> items().size() == 1, "the first job");
        String first = items().getJsonObject(0).getString("id");
        assertThat(site.finished(first).getString("status")).isEqualTo("done");
        // A controller back from offline delivers an alarm from within that window, whose after-window reaches past its end.
        await(site.gateway().audit().append(new AuditEntry(at.plusMillis(900), "door.held_open", "ctl", null, "s1", "z1",
                "door-b", null, null, null, null, "held open (delivered late)")));
        until(() -> items().size() == 2, "a follow-on job");
        JsonObject next = items().getJsonObject(0);
        assertThat(next.getString("from")).as("starts where the first ended").isEqualTo(at.plusSeconds(1).toString());
        assertThat(next.getString("to")).isEqualTo(at.plusMillis(1900).toString());
        assertThat(site.finished(next.getString("id")).getString("status")).isEqualTo("done");
        assertThat(site.job(first).getString("detail")).contains("continued by another job");
    }

    @Test
    void aReplayThatThrowsGivesItsRecorderSessionBack() throws Exception {
        site = new FootageFixture("footage: {sessionsPerRecorder: 1, autoCapture: {enabled: false}}\n", "{recorder: nvr-1}");
        FakeCamera.of("cam-c").throwOnReplay = new IllegalStateException("adapter bug");
        String first = site.request(window(List.of("cam-c"), 5));
        JsonObject failed = site.finished(first);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(FootageFixture.camera(failed, "cam-c").getString("detail")).contains("adapter bug");
        FakeCamera.of("cam-c").throwOnReplay = null;
        String second = site.request(window(List.of("cam-c"), 5));
        assertThat(site.finished(second).getString("status")).as("the only session on nvr-1 was given back").isEqualTo("done");
    }

    @Test
    void aJobCutShortByACrashIsRecordedAsFinishedAtTheNextStart() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {enabled: false}}\n");
        FakeCamera.of("cam-c").slowMs = 20;
        String id = site.request(window(List.of("cam-c"), 120));
        until(() -> {
            try {
                return FootageFixture.camera(site.job(id), "cam-c").getLong("frames") > 0;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "frames written");
        site.crash();
        site.start();
        assertThat(site.job(id).getString("status")).isEqualTo("failed");
        assertThat(site.audited("footage.finished")).singleElement().satisfies(e -> {
            assertThat(e.getString("action")).isEqualTo("footage " + id);
            assertThat(e.getString("result")).isEqualTo("failed");
            assertThat(e.getString("actor")).isEqualTo("investigator-user");
            assertThat(e.getString("detail")).contains("gateway restarted");
        });
    }

    private JsonArray items() {
        try {
            return site.get("/api/v1/footage", "investigator").json().getJsonArray("items");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> follow(String role) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(site.request("/api/v1/events", role).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (Exception ignored) {
                // the stream closes with the gateway
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
