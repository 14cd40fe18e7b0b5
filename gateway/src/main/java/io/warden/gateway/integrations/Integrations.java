package io.warden.gateway.integrations;

import io.vertx.core.Context;
import io.vertx.core.Future;
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
 * another or the gateway. Records a sink could not take are audited here once a second
 * ({@code integration.dropped}, naming the seqs: they stay in the trail and can be read back from it).
 *
 * <p>Threads: records arrive on the audit writer's thread and are handed to one context of their own
 * ({@code runOnContext} keeps their order); every sink runs on that context.
 */
public final class Integrations {
    private static final Logger log = LoggerFactory.getLogger(Integrations.class);
    static final Duration DROP_REPORT_EVERY = Duration.ofSeconds(1);

    private final IntegrationContext ctx;
    private final List<IntegrationSink> sinks;
    private final Context context;
    private EventHub.Subscription subscription;
    private long dropTimer = -1;

    private Integrations(IntegrationContext ctx, List<IntegrationSink> sinks) {
        this.ctx = ctx;
        this.sinks = List.copyOf(sinks);
        this.context = ctx.vertx().getOrCreateContext();
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

    /** Starts every sink and follows the hub; an unreachable far end does not fail the start. */
    public Future<Integrations> start(EventHub hub) {
        return Future.<Void>future(p -> context.runOnContext(v -> Future.all(sinks.stream().map(IntegrationSink::start).toList())
                        .<Void>mapEmpty().onComplete(p)))
                .map(v -> {
                    subscription = hub.subscribe(r -> true, r -> context.runOnContext(x -> dispatch(r)));
                    dropTimer = ctx.vertx().setPeriodic(DROP_REPORT_EVERY.toMillis(), id -> context.runOnContext(x -> reportDrops()));
                    if (!sinks.isEmpty()) log.info("event=integrations_started sinks={}", sinks.stream().map(IntegrationSink::id).toList());
                    return this;
                });
    }

    private void dispatch(AuditRecord r) {
        AuditEntry e = r.entry();
        for (IntegrationSink s : sinks) {
            if (e.type().startsWith("integration.") && s.id().equals(e.actor())) continue; // its own reports: no loop
            try {
                s.offer(r);
            } catch (RuntimeException ex) {
                log.warn("event=integration_offer_failed sink={} seq={} error=\"{}\"", s.id(), r.seq(), ex.toString());
            }
        }
    }

    /** Audits what each sink could not take since the last report (one record per sink and stretch). */
    private void reportDrops() {
        for (IntegrationSink s : sinks) {
            Outbox.Drops d = s.outbox().takeDrops();
            if (d == null) continue;
            SinkStatusText why = new SinkStatusText(s.status());
            ctx.audit().append(new AuditEntry(ctx.clock().instant(), "integration.dropped", s.id(), null, null, null, null, null, null,
                    "forward", "failed", "%d events not delivered to %s (%s): seq %d..%d; they remain in the audit trail"
                            .formatted(d.count(), s.id(), why, d.firstSeq(), d.lastSeq())))
                    .onFailure(err -> log.error("event=integration_drop_unrecorded sink={} count={} seq={}..{} error=\"{}\"",
                            s.id(), d.count(), d.firstSeq(), d.lastSeq(), err.toString()));
        }
    }

    /** Why a sink dropped, in words: its buffer and its far end's state. */
    private record SinkStatusText(IntegrationSink.SinkStatus s) {
        @Override
        public String toString() {
            return (s.connected() ? "connected" : "not connected") + ", buffer full" + (s.lastError() == null ? "" : ", last error: " + s.lastError());
        }
    }

    /** Each sink's status, read here: call it on the integrations' context (a sink's state is confined to it). */
    public List<IntegrationSink.SinkStatus> status() {
        return sinks.stream().map(IntegrationSink::status).toList();
    }

    /** {@link #status()}, read on the integrations' context: from any thread (/health). */
    public Future<List<IntegrationSink.SinkStatus>> statusFromAnyThread() {
        return Future.future(p -> context.runOnContext(v -> p.complete(status())));
    }

    /** Stops following the hub and stops every sink. */
    public Future<Void> stop() {
        if (subscription != null) subscription.cancel();
        ctx.vertx().cancelTimer(dropTimer);
        return Future.<Void>future(p -> context.runOnContext(v -> {
            reportDrops();
            Future.join(sinks.stream().map(IntegrationSink::stop).toList()).<Void>mapEmpty().onComplete(p);
        })).otherwiseEmpty();
    }
}
