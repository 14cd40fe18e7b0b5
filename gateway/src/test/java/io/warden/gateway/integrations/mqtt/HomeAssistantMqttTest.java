package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.audit.AuditEntry;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Home Assistant end to end through the machine's Mosquitto (127.0.0.1:1883) and the real MQTT bridge: the discovery
 * is retained where HA looks for it, the lock's state topic holds the state its template reads, and commands published
 * as HA publishes them reach the door, or are refused and audited. Topics are unique per run (parallel JVMs share the
 * broker); everything retained is cleared afterwards.
 */
class HomeAssistantMqttTest {
    static final int BROKER = 1883;
    static final Duration PULSE = Duration.ofSeconds(3);
    static final List<DoorInfo> DOORS = List.of(door("front"), door("library"));

    final Vertx vertx = Vertx.vertx();
    final InMemoryAuditStore audit = new InMemoryAuditStore();
    final Map<String, FakeDoorController> devices = new LinkedHashMap<>();
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String base = "warden-ha-test-" + run;
    final String prefix = "ha-test-" + run;
    /** Retained or not, the last payload seen per topic under the base and the prefix. */
    final Map<String, String> seen = new ConcurrentHashMap<>();
    /** Packet ids of this client's QoS 1 publishes the broker acknowledged (PUBACK). */
    final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    GatewayDoorService doors;
    MqttBridge bridge;
    MqttClient ha;

    static DoorInfo door(String id) {
        return new DoorInfo(id, "Door " + id, "lincoln", "north", true, "line-a", "osdp", PULSE, Duration.ofSeconds(30), List.of(),
                "Lincoln", "North building");
    }

    @BeforeEach
    void start() throws Exception {
        DOORS.forEach(d -> devices.put(d.id(), new FakeDoorController(d.id())));
        doors = await(GatewayDoorService.start(vertx, DOORS, Map.<String, DoorController>copyOf(devices), audit,
                Files.createTempDirectory("warden-ha"), Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofMillis(100), Duration.ofHours(1)), new SimpleMeterRegistry()));
        bridge = startBridge();
        ha = MqttClient.create(vertx, new MqttClientOptions().setClientId("ha-test-" + run).setCleanSession(true).setMaxInflightQueue(10_000));
        ha.publishHandler(m -> seen.put(m.topicName(), m.payload().toString()));
        ha.publishCompletionHandler(acked::add);
        await(ha.connect(BROKER, "127.0.0.1").compose(ack -> ha.subscribe(Map.of(prefix + "/#", 1, base + "/#", 1))));
    }

    IntegrationContext context() {
        var commands = new IntegrationsConfig.Commands("home-assistant", "operator", List.of("front"));
        var mqtt = new IntegrationsConfig.Mqtt("127.0.0.1", BROKER, false, null, null, null, "warden-ha-test-" + run, base, 100,
                new IntegrationsConfig.HomeAssistant(prefix, commands), null);
        return new IntegrationContext(vertx, new IntegrationsConfig(null, mqtt, null, null), doors, new DeviceDirectory(Instant.now()), audit,
                new SimpleMeterRegistry(), Secrets.of(Map.of()), Clock.systemUTC(), null);
    }

    /** Every retained topic the bridge writes here, whether or not its message reached the test client before the end. */
    Set<String> retainedTopics() {
        IntegrationContext ctx = context();
        Topics topics = new Topics(base);
        Set<String> all = new HashSet<>(seen.keySet());
        all.add(topics.available());
        all.add(topics.lockdown("lincoln"));
        DOORS.forEach(d -> all.addAll(List.of(topics.doorState(d.site(), d.id()), topics.doorAvailability(d.site(), d.id()))));
        new HomeAssistant(ctx, ctx.config().mqtt().homeAssistant(), topics).discovery().forEach(m -> all.add(m.topic()));
        return all;
    }

    MqttBridge startBridge() {
        MqttBridge b = new MqttBridge(context());
        var context = vertx.getOrCreateContext();
        await(Future.<Void>future(p -> context.runOnContext(v -> b.start().onComplete(p))));
        return b;
    }

    @AfterEach
    void stop() {
        try {
            if (bridge != null) await(bridge.stop());
            // Leave nothing retained on the shared broker.
            acked.clear();
            Set<Integer> clearing = new HashSet<>();
            for (String topic : retainedTopics()) clearing.add(await(ha.publish(topic, Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, false, true)));
            until(() -> acked.containsAll(clearing), "the broker's acknowledgement of every clearing publish");
            await(ha.disconnect());
        } finally {
            await(vertx.close());
        }
    }

    JsonObject config(String component, String deviceClass, String door) {
        for (var e : seen.entrySet()) {
            if (!e.getKey().startsWith(prefix + "/" + component + "/") || e.getValue().isEmpty()) continue;
            JsonObject c = new JsonObject(e.getValue());
            if (c.getJsonObject("device").getString("name").equals("Door " + door) && (deviceClass == null || deviceClass.equals(c.getString("device_class")))) {
                return c;
            }
        }
        return null;
    }

    void send(String topic, String payload, boolean retain) {
        await(ha.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retain));
    }

    @Test
    void discoveryIsRetainedWhereHomeAssistantLooksAndPointsAtLiveTopics() {
        until(() -> config("lock", null, "front") != null && config("binary_sensor", "lock", "library") != null
                && config("binary_sensor", "door", "front") != null && config("binary_sensor", "connectivity", "library") != null,
                "the discovery of both doors");
        JsonObject lock = config("lock", null, "front");
        assertThat(lock.getString("command_topic")).isEqualTo(base + "/lincoln/front/set");
        assertThat(config("lock", null, "library")).as("library may not be commanded: no lock entity").isNull();
        // The state the lock's template reads, and the availability its entities need, are there (retained).
        until(() -> seen.containsKey(lock.getString("state_topic")), "the door's state");
        assertThat(new JsonObject(seen.get(lock.getString("state_topic"))).getString("lock")).isEqualTo("locked");
        lock.getJsonArray("availability").forEach(a -> until(() -> "online".equals(seen.get(((JsonObject) a).getString("topic"))),
                "availability " + a));
    }

    @Test
    void homeAssistantsUnlockBuzzesTheDoorInAndADoorNotEnabledIsRefusedAndAudited() {
        until(() -> config("lock", null, "front") != null, "the lock's discovery");
        send(config("lock", null, "front").getString("command_topic"), "UNLOCK", false);
        until(() -> devices.get("front").received.contains(new DoorCommand.Pulse(PULSE)), "the pulse at the door");

        send(base + "/lincoln/library/set", "UNLOCK", false);
        until(() -> !audit.entries(HomeAssistantCommands.REFUSED).isEmpty(), "the refusal in the trail");
        AuditEntry r = audit.entries(HomeAssistantCommands.REFUSED).get(0);
        assertThat(r.door()).isEqualTo("library");
        assertThat(r.actor()).isEqualTo("home-assistant");
        assertThat(devices.get("library").received).isEmpty();
    }

    @Test
    void aRetainedCommandFoundOnReconnectIsRefusedNotCarriedOut() {
        until(() -> config("lock", null, "front") != null, "the lock's discovery");
        await(bridge.stop());
        bridge = null;
        String topic = base + "/lincoln/front/set";
        send(topic, "UNLOCK", true); // e.g. a misconfigured client; the broker keeps it for the next subscriber
        seen.put(topic, "UNLOCK");

        bridge = startBridge();
        until(() -> !audit.entries(HomeAssistantCommands.REFUSED).isEmpty(), "the retained command's refusal");
        assertThat(audit.entries(HomeAssistantCommands.REFUSED).get(0).detail()).contains("retained");
        assertThat(devices.get("front").received).doesNotContain(new DoorCommand.Pulse(PULSE));
    }
}
