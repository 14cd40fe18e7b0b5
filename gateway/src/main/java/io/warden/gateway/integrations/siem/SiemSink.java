package io.warden.gateway.integrations.siem;

import io.vertx.core.Future;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.integrations.Outbox;

/**
 * STUB (issue 13): the siem helper writes this.
 */
public final class SiemSink implements IntegrationSink {
    private final IntegrationContext ctx;
    private final IntegrationsConfig.Siem config;
    private final Outbox outbox;

    public SiemSink(IntegrationContext ctx, IntegrationsConfig.Siem config) {
        this.ctx = ctx;
        this.config = config;
        this.outbox = new Outbox(config.buffer());
    }

    @Override
    public String id() {
        return "siem:" + config.id();
    }

    @Override
    public Future<Void> start() {
        return Future.succeededFuture();
    }

    @Override
    public void offer(AuditRecord record) {
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public SinkStatus status() {
        return new SinkStatus(id(), false, outbox.size(), 0, outbox.droppedTotal(), null);
    }

    @Override
    public Future<Void> stop() {
        return Future.succeededFuture();
    }
}
