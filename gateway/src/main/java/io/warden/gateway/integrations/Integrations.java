package io.warden.gateway.integrations;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.integrations.mqtt.MqttBridge;
import io.warden.gateway.integrations.siem.SiemSink;
import io.warden.gateway.integrations.webhook.WebhookSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured integrations of this node: every durable audit record goes, in seq order, to each sink
 * (MQTT, webhooks, SIEM), each with its own bounded outbox, so one slow or absent far end never delays
 * another or the gateway. Records a sink could not take are audited here ({@code integration.dropped}, naming
 * the seqs: they stay in the trail and can be read back from it): within a second of the first, then at most
 * once a minute while its far end stays away, so an outage of days writes a record a minute, not one an event.
 * Each sink's meters ({@link SinkMeters}) are set from its status every second.
 *
 * <p>Threads: records arrive on the audit writer's thread and are handed to one context of their own
 * ({@code runOnContext} keeps their order); every sink runs on that context.
 */
public final class Integrations {
    private static final Logger log = LoggerFactory.getLogger(Integrations.class);
    static final Duration TICK = Duration.ofSeconds(1);
    /** Drops of one sink are audited at most this often after the first report. */
    static final Duration DROP_REPORT_EVERY = Duration.ofMinutes(1);

    private final IntegrationContext ctx;
    private final List<Sink> sinks;
    /** Set at start: the context of the integrations' own verticle (an event loop the API's requests are not on). */
    private Context context;
    private String deployment;
    private EventHub.Subscription subscription;
    private long tickTimer = -1;

    /** A sink with what this class keeps of it: its meters, and when its drops were last audited. */
    private static final class Sink {
        final IntegrationSink sink;
        SinkMeters meters;
        long lastDropReport = Long.MIN_VALUE;

        Sink(IntegrationSink sink) {
            this.sink = sink;
        }
    }

    private Integrations(IntegrationContext ctx, List<IntegrationSink> sinks) {
        this.ctx = ctx;
        this.sinks = sinks.stream().map(Sink::new).toList();
    }

    /** The sinks {@code ctx.config()} names (none when it names none). */
    public static Integrations create(IntegrationContext ctx) {
        IntegrationsConfig c = ctx.config();
        List<IntegrationSink> sinks = new ArrayList<>();
        if (c.mqtt() != null) sinks.add(new MqttBridge(ctx));
        c.webhooks().forEach(w -> sinks.add(new WebhookSink(ctx, w)));
        c.siem().forEach(s -> sinks.add(new SiemSink(ctx, s)));
        return new Integrations(ctx, sinks);
    }

    /** Starts every sink on a context of its own and follows the hub; an unreachable far end does not fail the start. */
    public Future<Integrations> start(EventHub hub) {
        return ctx.vertx().deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                Integrations.this.context = context;
                sinks.forEach(s -> s.meters = SinkMeters.register(ctx.registry(), s.sink.id()));
                return Future.all(sinks.stream().map(s -> startSafely(s.sink)).toList());
            }
        }).map(id -> {
            deployment = id;
            subscription = hub.subscribe(r -> true, r -> context.runOnContext(x -> dispatch(r)));
            tickTimer = ctx.vertx().setPeriodic(TICK.toMillis(), t -> context.runOnContext(x -> tick(false)));
            if (!sinks.isEmpty()) log.info("event=integrations_started sinks={}", sinks.stream().map(s -> s.sink.id()).toList());
            return this;
        });
    }

    private static Future<Void> startSafely(IntegrationSink sink) {
        try {
            return sink.start();
        } catch (RuntimeException e) { // a bug in a sink must fail the start with its name, not hang it
            return Future.failedFuture(new IllegalStateException(sink.id() + ": did not start: " + e.getMessage(), e));
        }
    }

    private void dispatch(AuditRecord r) {
        AuditEntry e = r.entry();
        for (Sink s : sinks) {
            if (e.type().startsWith("integration.") && s.sink.id().equals(e.actor())) continue; // its own reports: no loop
            try {
                s.sink.offer(r);
            } catch (RuntimeException ex) {
                log.warn("event=integration_offer_failed sink={} seq={} error=\"{}\"", s.sink.id(), r.seq(), ex.toString());
            }
        }
    }

    /** Sets each sink's meters and audits its drops when due ({@code flush}: whatever is pending, at stop). */
    private void tick(boolean flush) {
        long now = System.nanoTime();
        for (Sink s : sinks) {
            IntegrationSink.SinkStatus st = s.sink.status();
            if (s.meters != null) s.meters.update(st);
            boolean due = flush || s.lastDropReport == Long.MIN_VALUE || now - s.lastDropReport >= DROP_REPORT_EVERY.toNanos();
            if (!due) continue;
            Outbox.Drops d = s.sink.outbox().takeDrops();
            if (d == null) continue;
            s.lastDropReport = now;
            String id = s.sink.id();
            ctx.audit().append(new AuditEntry(ctx.clock().instant(), "integration.dropped", id, null, null, null, null, null, null,
                    "forward", "failed", "%d events not delivered to %s (its buffer of %d was full; %s): seq %d..%d; they remain in the audit trail"
                            .formatted(d.count(), id, s.sink.outbox().capacity(), farEnd(st), d.firstSeq(), d.lastSeq())))
                    .onFailure(err -> log.error("event=integration_drop_unrecorded sink={} count={} seq={}..{} error=\"{}\"",
                            id, d.count(), d.firstSeq(), d.lastSeq(), err.toString()));
        }
    }

    private static String farEnd(IntegrationSink.SinkStatus s) {
        return (s.connected() ? "connected" : "not connected") + (s.lastError() == null ? "" : ", last error: " + s.lastError());
    }

    /** Each sink's status, read on the integrations' context (a sink's state is confined to it); from any thread. */
    public Future<List<IntegrationSink.SinkStatus>> status() {
        return Future.future(p -> context.runOnContext(v -> p.complete(sinks.stream().map(s -> s.sink.status()).toList())));
    }

    /** Stops following the hub, audits what is still unreported, stops every sink and removes their meters. */
    public Future<Void> stop() {
        if (subscription != null) subscription.cancel();
        ctx.vertx().cancelTimer(tickTimer);
        if (context == null) return Future.succeededFuture();
        return Future.<Void>future(p -> context.runOnContext(v -> {
            tick(true);
            Future.join(sinks.stream().map(s -> s.sink.stop()).toList()).<Void>mapEmpty().onComplete(ar -> {
                sinks.forEach(s -> {
                    if (s.meters != null) s.meters.close();
                });
                p.handle(ar);
            });
        })).otherwiseEmpty().compose(v -> deployment == null ? Future.succeededFuture() : ctx.vertx().undeploy(deployment).otherwiseEmpty());
    }
}
