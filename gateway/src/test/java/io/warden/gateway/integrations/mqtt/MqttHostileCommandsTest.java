package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.testing.FakeDoorController;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input on the door command topic, through the machine's Mosquitto and the real bridge: a payload far
 * larger than any command must not wedge the connection (the acknowledgements and later commands still get through).
 */
class MqttHostileCommandsTest {
    static final int BROKER = 1883;
    static final Duration PULSE = Duration.ofSeconds(3);
    static final DoorInfo FRONT = new DoorInfo("front", "Front", "lincoln", "north", true, "line-a", "osdp", PULSE, Duration.ofSeconds(30), List.of());

    final Vertx vertx = Vertx.vertx();
    final InMemoryAuditStore audit = new InMemoryAuditStore();
    final FakeDoorController front = new FakeDoorController("front");
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String base = "warden-hostile-test-" + run;
    GatewayDoorService doors;
    MqttBridge bridge;
    MqttClient attacker;

    @BeforeEach
    void start() throws Exception {
        doors = await(GatewayDoorService.start(vertx, List.of(FRONT), Map.<String, DoorController>of("front", front), audit,
                Files.createTempDirectory("warden-hostile"), Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofMillis(100), Duration.ofHours(1)), new SimpleMeterRegistry()));
        var commands = new IntegrationsConfig.Commands("home-assistant", "operator", List.of("front"));
        var mqtt = new IntegrationsConfig.Mqtt("127.0.0.1", BROKER, false, null, null, null, "warden-hostile-" + run, base, 100,
                new IntegrationsConfig.HomeAssistant("ha-hostile-" + run, commands), null);
        var ctx = new IntegrationContext(vertx, new IntegrationsConfig(null, mqtt, null, null), doors, new DeviceDirectory(Instant.now()), audit,
                new SimpleMeterRegistry(), Secrets.of(Map.of()), Clock.systemUTC(), null);
        bridge = new MqttBridge(ctx);
        var context = vertx.getOrCreateContext();
        await(Future.<Void>future(p -> context.runOnContext(v -> bridge.start().onComplete(p))));
        until(() -> status().connected(), "the bridge's connection");
        attacker = MqttClient.create(vertx, new MqttClientOptions().setClientId("hostile-" + run).setMaxMessageSize(-1));
        await(attacker.connect(BROKER, "127.0.0.1"));
    }

    io.warden.gateway.integrations.IntegrationSink.SinkStatus status() {
        var context = vertx.getOrCreateContext();
        return await(Future.future(p -> context.runOnContext(v -> p.complete(bridge.status()))));
    }

    @AfterEach
    void stop() {
        try {
            if (bridge != null) await(bridge.stop());
            await(attacker.disconnect().otherwiseEmpty());
        } finally {
            await(vertx.close());
        }
    }

    /**
     * A payload over the client's inbound limit (64 KiB) closes the connection. Left retained on a command topic, the
     * broker hands it over on every subscribe, so each connection dies at once: the bridge's back-off keeps growing
     * (it starts again only after a connection stayed up a while), so it does not reconnect twice a second for ever,
     * and it is back as soon as the message is gone.
     */
    @Test
    void anOversizedRetainedCommandDoesNotMakeTheBridgeReconnectInATightLoop() throws Exception {
        String topic = base + "/lincoln/front/set";
        java.util.List<String> availability = new java.util.concurrent.CopyOnWriteArrayList<>();
        attacker.publishHandler(m -> availability.add(m.payload().toString()));
        await(attacker.subscribe(base + "/available", 1));
        try {
            await(attacker.publish(topic, Buffer.buffer(new byte[200_000]), MqttQoS.AT_LEAST_ONCE, false, true));
            Thread.sleep(6_000); // the window: a reset back-off would reconnect about a dozen times in it
            assertThat(availability.stream().filter("online"::equals).count()).as("connections in 6 s: %s", availability).isLessThanOrEqualTo(5);
        } finally {
            await(attacker.publish(topic, Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, false, true)); // clear it on the shared broker
        }
        until(() -> status().connected(), "the bridge back once the message is gone");
        pulseOverMqtt(topic);
    }

    @Test
    void anOversizedCommandIsNotCarriedOutAndLaterCommandsStillArrive() throws Exception {
        pulseOverMqtt(base + "/lincoln/front/set"); // the command subscription is live
        java.util.List<String> availability = new java.util.concurrent.CopyOnWriteArrayList<>();
        attacker.publishHandler(m -> availability.add(m.payload().toString()));
        await(attacker.subscribe(base + "/available", 1));
        until(() -> availability.contains("online"), "the bridge's retained online");
        await(attacker.publish(base + "/lincoln/front/set", Buffer.buffer(new byte[200_000]), MqttQoS.AT_LEAST_ONCE, false, false));
        // the decoder refuses it and the connection closes (a command sent meanwhile is lost: clean session); it comes back
        until(() -> availability.stream().filter("online"::equals).count() >= 2, "the bridge's reconnection");
        pulseOverMqtt(base + "/lincoln/front/set");
        assertThat(front.received).as("only the UNLOCKs' pulses reached the door").allMatch(new DoorCommand.Pulse(PULSE)::equals);
    }

    /**
     * Sends UNLOCK until the door is pulsed once more: the bridge subscribes to commands just after it connects, and a
     * command published before that is gone (clean session), so one is sent every half second until one arrives.
     */
    private void pulseOverMqtt(String topic) {
        int before = front.received.size();
        long[] sentAt = {0};
        until(() -> {
            if (front.received.size() > before) return true;
            if (System.nanoTime() - sentAt[0] > 500_000_000L) {
                sentAt[0] = System.nanoTime();
                await(attacker.publish(topic, Buffer.buffer("UNLOCK"), MqttQoS.AT_LEAST_ONCE, false, false));
            }
            return false;
        }, "a pulse from an UNLOCK on " + topic);
    }
}
