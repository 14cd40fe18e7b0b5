package io.warden.gateway.integrations.mqtt;

import io.vertx.core.Future;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.integrations.Outbox;

/**
 * The MQTT bridge. STUB (issue 13): the MQTT helper writes this.
 */
public final class MqttBridge implements IntegrationSink {
    private final IntegrationContext ctx;
    private final Outbox outbox;

    public MqttBridge(IntegrationContext ctx) {
        this.ctx = ctx;
        this.outbox = new Outbox(ctx.config().mqtt().buffer());
    }

    @Override
    public String id() {
        return "mqtt";
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
