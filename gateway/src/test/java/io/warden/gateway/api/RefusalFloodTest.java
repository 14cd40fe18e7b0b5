package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.warden.adapter.api.testing.CapturedStderr;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.testing.FakeDoorController;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An anonymous script floods the API from one address, against the real SQLite trail and the real
 * door service (whose commands share the trail's writer): answers turn from 401 to 429 with
 * Retry-After, the trail and the log grow by a bounded amount, every refusal is still counted in the
 * trail, and an operator's door command during the flood is answered promptly.
 */
class RefusalFloodTest {
    private static final int FLOOD = 5_000;
    private static final int IN_FLIGHT = 64;
    private static final RefusalLimits LIMITS = new RefusalLimits(20, 1, 10_000, Duration.ofSeconds(1), 5);

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private SqliteAuditStore audit;
    private GatewayDoorService doors;
    private ApiServer api;
    /** The JDK's client, apart from the server's Vert.x instance: the flood comes from elsewhere, as it would. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private CapturedStderr log;

    @AfterEach
    void stop() {
        if (log != null) log.close();
        if (api != null) await(api.stop());
        if (doors != null) await(doors.stop());
        if (audit != null) await(audit.close());
        await(vertx.close());
    }

    @Test
    void aFloodIsLimitedBoundedInTrailAndLogAndEveryRefusalIsCounted() throws Exception {
        Path file = dir.resolve("audit.db");
        audit = await(SqliteAuditStore.open(vertx, file));
        DoorInfo info = new DoorInfo("library", "Library", "lincoln", "main", true, "line-a", "osdp", Duration.ofSeconds(5), null, List.of());
        doors = await(GatewayDoorService.start(vertx, List.of(info), Map.<String, DoorController>of("library", new FakeDoorController("library")),
                audit, Files.createTempDirectory(dir, "doors"), Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofMinutes(1), Duration.ofHours(12))));
        Principal operator = new Principal("front-office", Role.OPERATOR);
        api = new ApiServer(vertx, doors, audit, new EventHub(), t -> Optional.ofNullable(t.equals("op-token") ? operator : null),
                new DeviceDirectory(Instant.now()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                ApiOptions.plain("127.0.0.1", 0).withRefusals(LIMITS));
        int port = await(api.start());
        long recordsBefore = await(audit.lastSeq());
        long bytesBefore = trailBytes(file);

        log = CapturedStderr.start();
        List<Answer> answers = new ArrayList<>();
        Answer command = null;
        long started = System.nanoTime();
        answers.add(call(port, "GET", path(1), null).get(30, TimeUnit.SECONDS)); // alone, so it is among those written in full
        for (int sent = 1; sent < FLOOD; sent += IN_FLIGHT) {
            List<CompletableFuture<Answer>> batch = new ArrayList<>();
            for (int i = sent; i < Math.min(FLOOD, sent + IN_FLIGHT); i++) batch.add(call(port, "GET", path(i), null));
            CompletableFuture<Answer> pulse = command == null && sent >= FLOOD / 2
                    ? call(port, "POST", "/api/v1/doors/library/pulse", "op-token") : null;
            for (CompletableFuture<Answer> f : batch) answers.add(f.get(30, TimeUnit.SECONDS));
            if (pulse != null) command = pulse.get(30, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // 401 while the source has tokens (the burst, then one a second), 429 with Retry-After after.
        assertThat(answers).hasSize(FLOOD);
        // 64 requests in flight arrive in any order: which ones got the burst is not known, how many is.
        assertThat(answers.get(0).status()).isEqualTo(401);
        long unauthorized = answers.stream().filter(a -> a.status() == 401).count();
        long limited = answers.stream().filter(a -> a.status() == 429).count();
        assertThat(unauthorized + limited).as("every answer is 401 or 429").isEqualTo(FLOOD);
        assertThat(unauthorized).isBetween(20L, 20L + (long) Math.ceil(seconds * LIMITS.perSecond()) + 1);
        assertThat(answers).filteredOn(a -> a.status() == 429).allSatisfy(a -> {
            assertThat(a.retryAfter()).isNotNull();
            assertThat(Integer.parseInt(a.retryAfter())).isBetween(1, 1);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.body()).contains("\"code\":\"RATE_LIMITED\"").contains("\"status\":429");
        });
        assertThat(answers).filteredOn(a -> a.status() == 401).allSatisfy(a -> assertThat(a.retryAfter()).isNull());

        // The door command shares the trail's writer with the refusals and is not held up by them.
        assertThat(command).isNotNull();
        assertThat(command.status()).as(command.body()).isEqualTo(200);
        // Generous for a loaded CI machine; unlimited, the command queued behind thousands of fsynced refusals.
        assertThat(command.millis()).as("door command latency during the flood").isLessThan(5_000);

        await(api.stop()); // writes the summaries still pending
        log.close();
        List<AuditRecord> written = await(audit.query(new AuditQuery(null, null, null, null, null, null, null, null, null,
                AuditQuery.MAX_LIMIT, recordsBefore))).items();
        List<AuditRecord> refusals = written.stream().filter(r -> r.entry().type().startsWith("auth.refused")).toList();
        assertThat(RefusalLedgerTest.countIn(refusals)).as("every refusal, 401 and 429, is counted in the trail").isEqualTo(FLOOD);
        // Two kinds (401, 429) from one address: 5 each in full, then one summary per kind and window (plus the one at stop).
        long bound = 2 * (LIMITS.individually() + (long) Math.ceil(seconds / LIMITS.window().toMillis() * 1000) + 2);
        assertThat(refusals.size()).as("refusal records for %d refusals in %.1f s", FLOOD, seconds).isLessThanOrEqualTo((int) bound)
                .isLessThan(FLOOD / 20);
        assertThat(written).filteredOn(r -> r.entry().type().equals("door.command")).extracting(r -> r.entry().result())
                .containsExactly("requested", "confirmed");
        assertThat(refusals).allSatisfy(r -> assertThat(r.entry().action().length()).isLessThanOrEqualTo(4 + RefusalLedger.MAX_PATH_CHARS + 20));
        assertThat(refusals).extracting(r -> r.entry().action()).contains("GET " + RefusalLedger.capped(path(1)));
        long grown = trailBytes(file) - bytesBefore;
        // Each commit costs a few 4 KB WAL pages (about 30 KB a record): 5,000 records would be some 150 MB.
        assertThat(grown).as("audit file growth, bytes").isLessThan(4_000_000);
        List<String> refusalLines = log.lines("event=api_refused");
        assertThat(refusalLines).as("refusal log lines").hasSize(refusals.size()).hasSizeLessThanOrEqualTo((int) bound);
        assertThat(refusalLines).as("a log line holds at most the capped path").allSatisfy(l -> assertThat(l).hasSizeLessThan(RefusalLedger.MAX_PATH_CHARS + 400));
    }

    /** Some long paths: what is stored and logged of them is capped. */
    private static String path(int i) {
        return "/api/v1/doors/" + (i % 97 == 1 ? "x".repeat(1000) : "d" + i);
    }

    record Answer(int status, String retryAfter, String contentType, String body, long millis) {}

    private CompletableFuture<Answer> call(int port, String method, String path, String token) {
        long t0 = System.nanoTime();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) req.header("Authorization", "Bearer " + token);
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).thenApply(res -> new Answer(res.statusCode(),
                res.headers().firstValue("Retry-After").orElse(null), res.headers().firstValue("Content-Type").orElse(null), res.body(),
                (System.nanoTime() - t0) / 1_000_000));
    }

    private static long trailBytes(Path file) throws IOException {
        long n = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(p)) n += Files.size(p);
        }
        return n;
    }
}
