package io.warden.gateway.integrations.siem;

import static io.warden.adapter.api.testing.Waits.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.IntegrationSink;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** Drives SIEM sinks as {@link io.warden.gateway.integrations.Integrations} does: every call on one context. */
final class SiemSinkDriver {
    private final Vertx vertx;
    private final Context context;
    private final AuditStore audit;

    SiemSinkDriver(Vertx vertx, AuditStore audit) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.audit = audit;
    }

    /** A sink made and started; {@code stallLimit} null for the default. */
    SiemSink start(IntegrationsConfig.Siem config, Duration stallLimit) {
        SiemSink sink = stallLimit == null ? new SiemSink(context(), config) : new SiemSink(context(), config, stallLimit);
        onContext(() -> sink.start().map(sink));
        return sink;
    }

    IntegrationContext context() {
        return new IntegrationContext(vertx, null, null, null, audit, new SimpleMeterRegistry(), null, Clock.systemUTC(), null);
    }

    void offer(SiemSink sink, AuditRecord r) {
        onContext(() -> {
            sink.offer(r);
            return Future.succeededFuture();
        });
    }

    IntegrationSink.SinkStatus status(SiemSink sink) {
        return onContext(() -> Future.succeededFuture(sink.status()));
    }

    <T> T onContext(Supplier<Future<T>> work) {
        return await(Future.<T>future(p -> context.runOnContext(v -> work.get().onComplete(p))));
    }
}
