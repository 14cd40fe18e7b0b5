package io.warden.gateway.integrations.mqtt;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.integrations.IntegrationContext;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Home Assistant MQTT discovery ({@link HomeAssistantDiscovery}: each door an HA device with its lock, contact and
 * controller connectivity) and the door commands that come back from it ({@link HomeAssistantCommands}: LOCK, and
 * UNLOCK as a buzz-in, only for the doors the config names, as the configured principal). The bridge publishes
 * {@link #discovery()} on every connect and hands every message on {@link Topics#doorCommands()} to {@link #command}.
 */
public final class HomeAssistant {
    /** The lock entity's {@code payload_lock}: a lock command. */
    public static final String LOCK = "LOCK";
    /** The lock entity's {@code payload_unlock}: a buzz-in (the door's configured pulse). */
    public static final String UNLOCK = "UNLOCK";

    /**
     * A discovery message, published retained to {@code topic}: {@link #body()}, the payload's JSON, or an empty
     * body when {@code payload} is null, which removes the entity from Home Assistant (and the retained config from
     * the broker).
     */
    public record Discovery(String topic, JsonObject payload) {
        public boolean removes() {
            return payload == null;
        }

        /** What to publish: the JSON, or nothing at all for a removal (never {@code {}}: HA would read it as a bad config). */
        public Buffer body() {
            return payload == null ? Buffer.buffer() : payload.toBuffer();
        }
    }

    private final IntegrationContext ctx;
    private final IntegrationsConfig.HomeAssistant config;
    private final HomeAssistantDiscovery discovery;
    private final HomeAssistantCommands commands;

    public HomeAssistant(IntegrationContext ctx, IntegrationsConfig.HomeAssistant config, Topics topics) {
        this.ctx = ctx;
        this.config = Objects.requireNonNull(config, "homeAssistant");
        IntegrationsConfig.Commands c = config.commands();
        this.discovery = new HomeAssistantDiscovery(config.prefix(), topics, c == null ? Set.of() : Set.copyOf(c.doors()));
        this.commands = new HomeAssistantCommands(ctx, c, topics);
    }

    /** Whether Home Assistant may command doors: only then should the bridge subscribe to {@link Topics#doorCommands()}. */
    public boolean commandsEnabled() {
        return config.commands() != null;
    }

    /** Every entity of every door, for the bridge to publish (retained) each time it connects. */
    public List<Discovery> discovery() {
        return discovery.messages(ctx.doors().doors(null, null).stream().map(DoorView::info).toList());
    }

    /**
     * A message on {@link Topics#doorCommands()}: carried out as the configured principal when the door is
     * enabled, else refused; audited either way. Never fails: the outcome is in the audit trail. Call on any
     * context; the door service orders commands on its own.
     *
     * @param retained whether the broker delivered it as a retained message (never carried out: it may be old)
     */
    public Future<Void> command(String topic, String payload, boolean retained) {
        return commands.handle(topic, payload, retained);
    }
}
