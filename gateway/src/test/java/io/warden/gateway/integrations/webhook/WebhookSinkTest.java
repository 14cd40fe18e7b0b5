package io.warden.gateway.integrations.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditExport;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.integrations.Outbox;
import io.warden.gateway.testing.InMemoryAuditStore;
import io.warden.gateway.testing.Teardown;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A webhook sink against WireMock on loopback: what is sent, and how failures are handled. */
class WebhookSinkTest {
    private static final String SECRET = "whsec-s3cr3t-value";
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    private Vertx vertx;
    private Context context;
    private InMemoryAuditStore audit;
    private final List<WireMockServer> servers = new ArrayList<>();
    private final List<WebhookSink> sinks = new ArrayList<>();

    @BeforeEach
    void setUp() {
        // stack traces for any block of the event loop over 1 s: a blocked loop would also trip the attempts' deadlines
        vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setMaxEventLoopExecuteTime(1000).setMaxEventLoopExecuteTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(1000).setWarningExceptionTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS));
        context = vertx.getOrCreateContext();
        audit = new InMemoryAuditStore();
    }

    @AfterEach
    void tearDown() {
        List<Runnable> steps = new ArrayList<>();
        sinks.forEach(s -> steps.add(() -> await(on(s::stop).compose(f -> f))));
        servers.forEach(s -> steps.add(s::stop));
        steps.add(() -> await(vertx.close()));
        Teardown.all("webhook test", steps.toArray(Runnable[]::new));
    }

    @Test
    void postsTheRecordSignedOverTimestampAndBody() throws Exception {
        WireMockServer hook = server();
        hook.stubFor(post("/in").willReturn(aResponse().withStatus(204)));
        WebhookSink sink = start(webhook("ops", hook.baseUrl() + "/in", List.of(), null, 60, 5, 100));
        AuditRecord r = record(7, "door.forced", "north");
        offer(sink, r);

        until(() -> status(sink).delivered() == 1, "the delivery");
        LoggedRequest req = hook.findAll(postRequestedFor(urlPathEqualTo("/in"))).get(0);
        assertThat(new JsonObject(req.getBodyAsString())).isEqualTo(AuditExport.json(r));
        assertThat(req.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(req.getHeader("Warden-Event")).isEqualTo("door.forced");
        assertThat(req.getHeader("Warden-Delivery")).isEqualTo("7");
        Matcher m = SIGNATURE.matcher(req.getHeader("Warden-Signature"));
        assertThat(m.matches()).as("signature header %s", req.getHeader("Warden-Signature")).isTrue();
        long t = Long.parseLong(m.group(1));
        assertThat(t).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
        byte[] body = req.getBody();
        assertThat(m.group(2)).isEqualTo(hmacHex(SECRET, t + "." + new String(body, StandardCharsets.UTF_8)));
        byte[] tampered = req.getBodyAsString().replace("\"north\"", "\"south\"").getBytes(StandardCharsets.UTF_8);
        assertThat(hmacHex(SECRET, t + "." + new String(tampered, StandardCharsets.UTF_8))).isNotEqualTo(m.group(2));
        assertThat(status(sink)).extracting(IntegrationSink.SinkStatus::connected, IntegrationSink.SinkStatus::queued).containsExactly(true, 0);
    }

    @Test
    void sendsOnlyTheSubscribedTypesOfTheSubscribedSite() {
        WireMockServer hook = server();
        hook.stubFor(post("/in").willReturn(aResponse().withStatus(200)));
        WebhookSink sink = start(webhook("north-doors", hook.baseUrl() + "/in", List.of("door.", "lockdown."), "north", 60, 5, 100));
        offer(sink, record(1, "door.forced", "south"), record(2, "credential.read", "north"), record(3, "config.loaded", null),
                record(4, "lockdown.started", "north"), record(5, "door.held_open", "north"));

        until(() -> status(sink).delivered() == 2, "two deliveries");
        // distinct: a cold, loaded JVM can stall the loop past an attempt's deadline, and a retry may repeat a delivery
        assertThat(hook.findAll(postRequestedFor(urlPathEqualTo("/in"))).stream().map(q -> q.getHeader("Warden-Delivery")).distinct())
                .containsExactlyInAnyOrder("4", "5");
    }

    @Test
    void retriesFailuresWithTheSameDeliveryIdAndHonoursRetryAfter() {
        WireMockServer hook = server();
        hook.stubFor(post("/in").inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("busy"));
        hook.stubFor(post("/in").inScenario("flaky").whenScenarioStateIs("busy")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("up"));
        hook.stubFor(post("/in").inScenario("flaky").whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));
        WebhookSink sink = start(webhook("flaky", hook.baseUrl() + "/in", List.of(), null, 60, 5, 100));
        offer(sink, record(42, "door.forced", "north"));

        until(() -> status(sink).delivered() == 1, "the delivery after two failures");
        List<LoggedRequest> reqs = hook.findAll(postRequestedFor(urlPathEqualTo("/in")));
        assertThat(reqs).hasSize(3).allSatisfy(q -> assertThat(q.getHeader("Warden-Delivery")).isEqualTo("42"));
        assertThat(reqs.stream().map(LoggedRequest::getBodyAsString).distinct()).hasSize(1);
        long waited = reqs.get(2).getLoggedDate().getTime() - reqs.get(1).getLoggedDate().getTime();
        assertThat(waited).as("ms between the 429 and the next attempt").isGreaterThanOrEqualTo(1900);
        assertThat(audit.entries(WebhookSink.DEAD_LETTER)).isEmpty();
        assertThat(status(sink).dropped()).isZero();
    }

    @Test
    void deadLettersWhenTheRetryWindowEndsWithoutShowingTheSecretOrTheUrlsTokens() {
        WireMockServer hook = server();
        hook.stubFor(post(urlPathEqualTo("/in")).willReturn(aResponse().withStatus(503)));
        String url = "http://hookuser:hookpass@127.0.0.1:" + hook.port() + "/in?token=URLTOKEN123";
        WebhookSink sink = start(webhook("down", url, List.of(), null, 2, 1, 100));
        offer(sink, record(9, "door.forced", "north"));

        until(() -> !audit.entries(WebhookSink.DEAD_LETTER).isEmpty(), "the dead letter");
        AuditEntry dead = audit.entries(WebhookSink.DEAD_LETTER).get(0);
        int attempts = hook.findAll(postRequestedFor(urlPathEqualTo("/in"))).size();
        assertThat(attempts).isGreaterThanOrEqualTo(3); // 0.5 s doubling with jitter over 2 s
        assertThat(dead.actor()).isEqualTo("webhook:down");
        assertThat(dead.result()).isEqualTo("failed");
        assertThat(dead.door()).isEqualTo("door-1");
        assertThat(dead.detail()).contains("seq 9", "door.forced", attempts + " attempts", "HTTP 503")
                .doesNotContain(SECRET, "hookpass", "hookuser", "URLTOKEN123");
        LoggedRequest first = hook.findAll(postRequestedFor(urlPathEqualTo("/in"))).get(0);
        assertThat(first.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString("hookuser:hookpass".getBytes(StandardCharsets.UTF_8)));
        assertThat(first.queryParameter("token").firstValue()).isEqualTo("URLTOKEN123");
        IntegrationSink.SinkStatus s = status(sink);
        assertThat(s.dropped()).isEqualTo(1);
        assertThat(s.queued()).isZero();
        assertThat(s.lastError()).isEqualTo("HTTP 503");
        assertThat(s.toString()).doesNotContain("hookpass", "URLTOKEN123");
    }

    @Test
    void aClientErrorIsDeadLetteredAtOnce() {
        WireMockServer hook = server();
        hook.stubFor(post("/in").willReturn(aResponse().withStatus(404)));
        WebhookSink sink = start(webhook("gone", hook.baseUrl() + "/in", List.of(), null, 60, 5, 100));
        offer(sink, record(3, "door.forced", "north"));

        until(() -> !audit.entries(WebhookSink.DEAD_LETTER).isEmpty(), "the dead letter");
        assertThat(hook.findAll(postRequestedFor(urlPathEqualTo("/in")))).hasSize(1);
        assertThat(audit.entries(WebhookSink.DEAD_LETTER).get(0).detail()).contains("seq 3", "1 attempt:", "HTTP 404, not retried");
        assertThat(status(sink).dropped()).isEqualTo(1);
    }

    @Test
    void aHungEndpointDelaysNoOtherWebhookAndEachAttemptIsCutAtItsDeadline() {
        WireMockServer slow = server();
        slow.stubFor(post("/in").willReturn(aResponse().withStatus(200).withFixedDelay(4_000)));
        WireMockServer fast = server();
        fast.stubFor(post("/in").willReturn(aResponse().withStatus(200)));
        WebhookSink hung = start(webhook("hung", slow.baseUrl() + "/in", List.of(), null, 60, 1, 100));
        WebhookSink ok = start(webhook("ok", fast.baseUrl() + "/in", List.of(), null, 60, 5, 100));
        for (int seq = 1; seq <= 20; seq++) {
            AuditRecord r = record(seq, "door.forced", "north");
            offer(hung, r);
            offer(ok, r);
        }

        until(() -> status(ok).delivered() == 20, "every delivery to the healthy endpoint");
        IntegrationSink.SinkStatus h = status(hung);
        assertThat(h.delivered()).isZero();
        assertThat(h.queued()).isEqualTo(20);
        assertThat(slow.findAll(postRequestedFor(urlPathEqualTo("/in"))).size()).isLessThanOrEqualTo(WebhookSink.MAX_IN_FLIGHT);
        // each attempt is abandoned at its 1 s deadline, long before the 4 s answer, and retried
        until(() -> "timed out after 1 s".equals(status(hung).lastError()), "the hung attempts to time out");
        until(() -> slow.findAll(postRequestedFor(urlPathEqualTo("/in"))).size() > WebhookSink.MAX_IN_FLIGHT, "retries of the hung deliveries");
        assertThat(status(hung).delivered()).isZero();
        assertThat(status(hung).connected()).isFalse();
    }

    @Test
    void overflowKeepsTheOldestAndCountsTheRest() {
        WireMockServer slow = server();
        slow.stubFor(post("/in").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        WebhookSink sink = start(webhook("tiny", slow.baseUrl() + "/in", List.of(), null, 60, 2, 3));
        int n = WebhookSink.MAX_IN_FLIGHT;
        for (int seq = 1; seq <= n + 6; seq++) offer(sink, record(seq, "door.forced", "north"));

        Outbox.Drops drops = await(on(() -> sink.outbox().takeDrops()));
        assertThat(drops).isEqualTo(new Outbox.Drops(3, n + 4, n + 6)); // n in flight, 3 waiting, the newest 3 refused
        assertThat(status(sink).queued()).isEqualTo(n + 3);
        assertThat(status(sink).dropped()).isEqualTo(3);
    }

    @Test
    void anUndefinedSecretFailsTheStartNamingItButNoValue() {
        var config = new IntegrationsConfig.Webhook("nosecret", "http://127.0.0.1:9/in", List.of(), null, "MISSING_HOOK_SECRET", 60, 5, 10);
        var sink = new WebhookSink(context(config), config);
        Throwable err = io.warden.adapter.api.testing.Waits.awaitFailure(on(sink::start).compose(f -> f));
        assertThat(err).hasMessageContaining("integrations.webhooks[nosecret].secret").hasMessageContaining("MISSING_HOOK_SECRET");
    }

    // --- helpers ---

    private WireMockServer server() {
        WireMockServer s = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(20));
        s.start();
        servers.add(s);
        return s;
    }

    private static IntegrationsConfig.Webhook webhook(String id, String url, List<String> events, String site, int retryFor, int timeout, int buffer) {
        return new IntegrationsConfig.Webhook(id, url, events, site, "HOOK_SECRET", retryFor, timeout, buffer);
    }

    private IntegrationContext context(IntegrationsConfig.Webhook w) {
        return new IntegrationContext(vertx, new IntegrationsConfig(null, null, List.of(w), null), null, null, audit, new SimpleMeterRegistry(),
                Secrets.of(java.util.Map.of("HOOK_SECRET", SECRET)), Clock.systemUTC(), null);
    }

    private WebhookSink start(IntegrationsConfig.Webhook w) {
        WebhookSink sink = new WebhookSink(context(w), w);
        await(on(sink::start).compose(f -> f));
        sinks.add(sink);
        return sink;
    }

    private void offer(WebhookSink sink, AuditRecord... records) {
        await(on(() -> {
            for (AuditRecord r : records) sink.offer(r);
            return null;
        }));
    }

    private IntegrationSink.SinkStatus status(WebhookSink sink) {
        return await(on(sink::status));
    }

    /** Runs {@code work} on the sink's context, as {@code Integrations} does. */
    private <T> Future<T> on(Callable<T> work) {
        return Future.future(p -> context.runOnContext(v -> {
            try {
                p.complete(work.call());
            } catch (Exception e) {
                p.fail(e);
            }
        }));
    }

    private static AuditRecord record(long seq, String type, String site) {
        return new AuditRecord(seq, new AuditEntry(Instant.parse("2025-03-04T05:06:07Z"), type, "ctrl-1", null, site, "bldg-a", "door-1", null,
                "H10301:40:12345", "pulse", "ok", "détail \"quoted\"\nline"), "hash" + seq);
    }

    /** Independent of {@link WebhookSignature}: what a receiver computes. */
    private static String hmacHex(String key, String message) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
