package io.warden.gateway.integrations.mqtt;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.integrations.IntegrationContext;
import java.util.List;

/**
 * Home Assistant MQTT discovery and the door commands that come back from it.
 * STUB (issue 13): the Home Assistant helper writes this.
 */
public final class HomeAssistant {
    /** A discovery message: published retained to {@code topic} (an empty payload removes the entity). */
    public record Discovery(String topic, JsonObject payload) {}

    private final IntegrationContext ctx;
    private final IntegrationsConfig.HomeAssistant config;
    private final Topics topics;

    public HomeAssistant(IntegrationContext ctx, IntegrationsConfig.HomeAssistant config, Topics topics) {
        this.ctx = ctx;
        this.config = config;
        this.topics = topics;
    }

    /** Every entity of every door, for the bridge to publish (retained) each time it connects. */
    public List<Discovery> discovery() {
        return List.of();
    }

    /**
     * A message on {@link Topics#doorCommands()}: carried out as the configured principal when the door is
     * enabled, else refused; audited either way. Never fails: the outcome is in the audit trail.
     *
     * @param retained whether the broker delivered it as a retained message (never carried out: it may be old)
     */
    public Future<Void> command(String topic, String payload, boolean retained) {
        return Future.succeededFuture();
    }
}
