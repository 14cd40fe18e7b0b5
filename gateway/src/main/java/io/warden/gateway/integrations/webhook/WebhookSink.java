package io.warden.gateway.integrations.webhook;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditExport;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.integrations.Outbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook subscription: each record its filter accepts is POSTed as {@link AuditExport#json} with
 * {@code Warden-Signature} ({@link WebhookSignature}), {@code Warden-Event} (the type) and
 * {@code Warden-Delivery} (the seq: the receiver's idempotency key, the same on every retry).
 *
 * <p>At most {@value #MAX_IN_FLIGHT} deliveries at a time, each from its first attempt until delivered or
 * given up: a hung or failing endpoint fills only its own bounded outbox (overflow counted, audited by
 * {@code Integrations}), never another sink's or the gateway's. Deliveries may therefore arrive out of seq
 * order, and twice (an answer lost after the receiver took it): receivers order by {@code seq} and
 * de-duplicate on {@code Warden-Delivery}. 2xx delivers; 408, 429, 5xx, timeouts and connection errors are
 * retried ({@link WebhookRetry}) until {@code retryForSeconds} after the first attempt; any other status
 * gives up at once. A record given up on is audited as {@code integration.webhook.dead_letter}.
 *
 * <p>Threads: every method, timer and answer runs on the integrations' context. Never logs the secret, nor
 * the URL's user info or query (only {@link WebhookEndpoint#display()}).
 */
public final class WebhookSink implements IntegrationSink {
    private static final Logger log = LoggerFactory.getLogger(WebhookSink.class);
    static final int MAX_IN_FLIGHT = 16;
    static final String DEAD_LETTER = "integration.webhook.dead_letter";

    private final IntegrationContext ctx;
    private final IntegrationsConfig.Webhook config;
    private final Outbox outbox;
    private final WebhookFilter filter;
    private final List<Delivery> inFlight = new ArrayList<>();
    private WebhookEndpoint endpoint;
    private WebhookSignature signature;
    private WebhookPoster poster;
    private boolean running;
    private boolean reachable;
    private long delivered;
    private long deadLettered;
    private String lastError;

    /** One record on its way: the same body and delivery id on every attempt. */
    private static final class Delivery {
        final AuditRecord record;
        final Buffer body;
        final long firstAttemptNanos = System.nanoTime();
        int attempts;
        long retryTimer = -1;

        Delivery(AuditRecord record) {
            this.record = record;
            this.body = AuditExport.json(record).toBuffer();
        }
    }

    public WebhookSink(IntegrationContext ctx, IntegrationsConfig.Webhook config) {
        this.ctx = ctx;
        this.config = config;
        this.outbox = new Outbox(config.buffer());
        this.filter = new WebhookFilter(config.events(), config.site());
    }

    @Override
    public String id() {
        return "webhook:" + config.id();
    }

    /** Fails (BAD_CONFIG) only for a bad URL or an undefined secret: sending unsigned is never an option. */
    @Override
    public Future<Void> start() {
        String where = "integrations.webhooks[" + config.id() + "]";
        try {
            endpoint = WebhookEndpoint.parse(config.url());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_CONFIG, where + ".url: " + e.getMessage()));
        }
        String secret = ctx.secrets().secret(config.secret()).orElse(null);
        if (secret == null) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_CONFIG,
                    where + ".secret: no secret named '" + config.secret() + "' is defined (environment or secrets file)"));
        }
        signature = new WebhookSignature(secret);
        poster = new WebhookPoster(ctx.vertx(), endpoint, Duration.ofSeconds(config.timeoutSeconds()), MAX_IN_FLIGHT);
        running = true;
        log.info("event=webhook_started sink={} url={} events={} site={}", id(), endpoint.display(), config.events(), config.site());
        return Future.succeededFuture();
    }

    /**
     * Queues {@code record} when the filter accepts it. Never another endpoint's dead letter: two failing endpoints
     * would dead-letter each other's dead letters without end (one audit record per round trip). Those reach the
     * SIEM and MQTT sinks, the metrics and /health.
     */
    @Override
    public void offer(AuditRecord record) {
        if (!running || DEAD_LETTER.equals(record.entry().type()) || !filter.accepts(record.entry())) return;
        if (outbox.offer(record)) pump();
    }

    private void pump() {
        while (running && inFlight.size() < MAX_IN_FLIGHT && outbox.peek() != null) {
            Delivery d = new Delivery(outbox.poll());
            inFlight.add(d);
            attempt(d);
        }
    }

    private void attempt(Delivery d) {
        d.attempts++;
        d.retryTimer = -1;
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add("User-Agent", "Warden-Webhook")
                .add("Warden-Event", d.record.entry().type())
                .add("Warden-Delivery", Long.toString(d.record.seq()))
                .add(WebhookSignature.HEADER, signature.header(ctx.clock().instant().getEpochSecond(), d.body.getBytes()));
        if (endpoint.authorization() != null) headers.add("Authorization", endpoint.authorization());
        poster.post(headers, d.body).onSuccess(a -> answered(d, a));
    }

    private void answered(Delivery d, WebhookPoster.Answer a) {
        if (!running) return;
        noteReachable(a);
        WebhookRetry.Verdict v = a.status() == 0 ? WebhookRetry.Verdict.RETRY : WebhookRetry.verdict(a.status());
        if (v == WebhookRetry.Verdict.DELIVERED) {
            delivered++;
            finish(d);
            return;
        }
        lastError = a.describe();
        if (v == WebhookRetry.Verdict.PERMANENT) {
            deadLetter(d, a.describe() + ", not retried");
            return;
        }
        long elapsed = (System.nanoTime() - d.firstAttemptNanos) / 1_000_000;
        OptionalLong wait = WebhookRetry.nextDelay(d.attempts, WebhookRetry.retryAfterMillis(a.retryAfter(), ctx.clock().instant()),
                config.retryForSeconds() * 1000L - elapsed, () -> ThreadLocalRandom.current().nextDouble());
        if (wait.isEmpty()) {
            deadLetter(d, a.describe() + ", retried for " + Duration.ofMillis(elapsed).toSeconds() + " s");
            return;
        }
        d.retryTimer = ctx.vertx().setTimer(Math.max(1, wait.getAsLong()), t -> {
            if (running) attempt(d);
        });
    }

    /** Logs once per outage, not once per attempt. */
    private void noteReachable(WebhookPoster.Answer a) {
        boolean now = a.status() != 0 && WebhookRetry.verdict(a.status()) != WebhookRetry.Verdict.RETRY;
        if (reachable && !now) log.warn("event=webhook_failing sink={} url={} error=\"{}\"", id(), endpoint.display(), a.describe());
        if (!reachable && now && lastError != null) log.info("event=webhook_recovered sink={} url={}", id(), endpoint.display());
        reachable = now;
    }

    private void deadLetter(Delivery d, String why) {
        deadLettered++;
        AuditEntry e = d.record.entry();
        String detail = "seq %d (%s) not delivered to %s after %d attempt%s: last answer %s"
                .formatted(d.record.seq(), e.type(), id(), d.attempts, d.attempts == 1 ? "" : "s", why);
        log.warn("event=webhook_dead_letter sink={} url={} seq={} attempts={} last=\"{}\"", id(), endpoint.display(), d.record.seq(), d.attempts, why);
        ctx.audit().append(new AuditEntry(ctx.clock().instant(), DEAD_LETTER, id(), null, e.site(), e.zone(), e.door(), null, null,
                        "forward", "failed", detail))
                .onFailure(err -> log.error("event=webhook_dead_letter_unrecorded sink={} seq={} error=\"{}\"", id(), d.record.seq(), err.toString()));
        finish(d);
    }

    private void finish(Delivery d) {
        inFlight.remove(d);
        pump();
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    /**
     * {@code queued} counts deliveries in flight (or waiting to retry) too; {@code dropped} counts the
     * outbox's overflow and the dead letters; {@code connected}: the last answer was not a failure to retry.
     */
    @Override
    public SinkStatus status() {
        return new SinkStatus(id(), reachable, outbox.size() + inFlight.size(), delivered, outbox.droppedTotal() + deadLettered, lastError);
    }

    @Override
    public Future<Void> stop() {
        running = false;
        inFlight.forEach(d -> ctx.vertx().cancelTimer(d.retryTimer));
        return poster == null ? Future.succeededFuture() : poster.close();
    }
}
