package io.warden.gateway.integrations.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.door.DoorInfo;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The discovery payloads carry what Home Assistant's MQTT schemas require of each component (lock: command_topic;
 * binary_sensor: state_topic; a device: an identifier) and what makes them behave (ids, availability, templates).
 * Keys and patterns from HA's MQTT integration: the discovery topic pattern, the entity id pattern.
 */
class HomeAssistantDiscoveryTest {
    /** HA's discovery topic: {@code <prefix>/<component>/[<node_id>/]<object_id>/config}. */
    static final Pattern DISCOVERY_TOPIC = Pattern.compile("homeassistant/(\\w+)/(?:[a-zA-Z0-9_-]+/)?[a-zA-Z0-9_-]+/config");
    /** HA's valid entity id: domain.object, lower case, no leading, trailing or doubled underscore. */
    static final Pattern ENTITY_ID = Pattern.compile("(?!.+__)(?!_)[\\da-z_]+(?<!_)\\.(?!_)[\\da-z_]+(?<!_)");

    final Topics topics = new Topics("warden");
    final DoorInfo front = door("front", "Front entrance", "lincoln", "north", "North building", "osdp");
    final DoorInfo gym = door("gym.east", "Gym east", "lincoln", "gym", "Gym", "onvif");
    final HomeAssistantDiscovery discovery = new HomeAssistantDiscovery("homeassistant", topics, Set.of("front"));
    final List<HomeAssistant.Discovery> messages = discovery.messages(List.of(front, gym));

    static DoorInfo door(String id, String name, String site, String zone, String zoneName, String type) {
        return new DoorInfo(id, name, site, zone, true, "c1", type, Duration.ofSeconds(5), Duration.ofSeconds(30), List.of(), "Lincoln", zoneName);
    }

    @Test
    void aCommandableDoorIsALockWithTheKeysHomeAssistantRequires() {
        JsonObject lock = only("lock", "Front entrance");
        assertThat(lock.getString("command_topic")).isEqualTo("warden/lincoln/front/set").isEqualTo(topics.doorCommand("lincoln", "front"));
        assertThat(lock.getString("payload_lock")).isEqualTo("LOCK");
        assertThat(lock.getString("payload_unlock")).isEqualTo("UNLOCK");
        assertThat(lock.getString("state_topic")).isEqualTo(topics.doorState("lincoln", "front"));
        assertThat(lock.getString("state_locked")).isEqualTo("LOCKED");
        assertThat(lock.getString("state_unlocked")).isEqualTo("UNLOCKED");
        assertThat(lock.getString("payload_reset")).isEqualTo("None");
        assertThat(lock.getString("value_template")).contains("value_json.lock", "'locked'", "'unlocked'", "'None'");
        assertThat(lock.containsKey("payload_open")).as("no OPEN: an unlatch would be an unlock that stays").isFalse();
        assertThat(lock.getBoolean("optimistic")).isFalse();
        assertThat(lock.containsKey("name")).as("name null: the lock is the door device itself").isTrue();
        assertThat(lock.getValue("name")).isNull();
        assertCommon(lock, "lock");
        assertDoorAvailability(lock, "front");
    }

    @Test
    void everyOtherDoorHasAReadOnlyLockSensorAndNoLock() {
        JsonObject sensor = only("binary_sensor", "Gym east", "lock");
        assertThat(sensor.getString("state_topic")).isEqualTo(topics.doorState("lincoln", "gym.east"));
        assertThat(sensor.containsKey("command_topic")).isFalse();
        // HA's device class lock: on means unlocked.
        assertThat(sensor.getString("value_template")).contains("value_json.lock", "'ON' if s == 'unlocked'", "'OFF' if s == 'locked'", "'None'");
        assertCommon(sensor, "binary_sensor");
        assertThat(payloads("lock")).extracting(p -> p.getJsonObject("device").getString("name")).containsExactly("Front entrance");
    }

    @Test
    void theOtherLockVariantIsRemovedWithAnEmptyRetainedPayload() {
        List<HomeAssistant.Discovery> removals = messages.stream().filter(HomeAssistant.Discovery::removes).toList();
        assertThat(removals).extracting(HomeAssistant.Discovery::topic).containsExactlyInAnyOrder(
                discovery.topic("binary_sensor", front, "lock_sensor"), discovery.topic("lock", gym, "lock"));
        removals.forEach(r -> assertThat(r.body().length()).as("an empty payload, never {}").isZero());
        // And the entities that stay are published at those same topics in the other configuration.
        HomeAssistantDiscovery allCommandable = new HomeAssistantDiscovery("homeassistant", topics, Set.of("front", "gym.east"));
        assertThat(allCommandable.messages(List.of(gym))).filteredOn(m -> !m.removes()).extracting(HomeAssistant.Discovery::topic)
                .contains(discovery.topic("lock", gym, "lock"));
    }

    @Test
    void everyDoorHasAContactThatStaysUnknownWhenUnknown() {
        for (String name : List.of("Front entrance", "Gym east")) {
            JsonObject contact = only("binary_sensor", name, "door");
            assertThat(contact.getString("state_topic")).endsWith("/state");
            assertThat(contact.getString("value_template")).contains("value_json.contact", "'ON' if s == 'open'", "'OFF' if s == 'closed'",
                    "else 'None'");
            assertThat(contact.getString("payload_on")).isEqualTo("ON");
            assertThat(contact.getString("payload_off")).isEqualTo("OFF");
            assertCommon(contact, "binary_sensor");
        }
    }

    @Test
    void everyDoorHasAConnectivitySensorThatShowsItsDeviceOfflineRatherThanUnavailable() {
        JsonObject c = only("binary_sensor", "Front entrance", "connectivity");
        assertThat(c.getString("state_topic")).isEqualTo(topics.doorAvailability("lincoln", "front"));
        assertThat(c.getString("payload_on")).isEqualTo(Topics.ONLINE);
        assertThat(c.getString("payload_off")).isEqualTo(Topics.OFFLINE);
        assertThat(c.getJsonArray("availability")).hasSize(1);
        assertThat(c.getJsonArray("availability").getJsonObject(0).getString("topic")).isEqualTo(topics.available());
        assertCommon(c, "binary_sensor");
    }

    @Test
    void aDoorIsOneDeviceNamedAfterItInItsZoneThroughTheGateway() {
        List<JsonObject> front = payloads(null).stream().filter(p -> "Front entrance".equals(p.getJsonObject("device").getString("name"))).toList();
        assertThat(front).hasSize(3); // lock, contact, connectivity
        Set<JsonObject> devices = front.stream().map(p -> p.getJsonObject("device")).collect(Collectors.toSet());
        assertThat(devices).hasSize(1);
        JsonObject device = devices.iterator().next();
        assertThat(device.getJsonArray("identifiers")).containsExactly("warden/lincoln/front");
        assertThat(device.getString("manufacturer")).isEqualTo("Warden");
        assertThat(device.getString("model")).isEqualTo("osdp");
        assertThat(device.getString("suggested_area")).isEqualTo("North building");
        JsonObject gateway = payloads("binary_sensor").stream().filter(p -> "Warden gateway".equals(p.getJsonObject("device").getString("name")))
                .findFirst().orElseThrow();
        assertThat(gateway.getJsonObject("device").getJsonArray("identifiers")).containsExactly(device.getString("via_device"));
        assertThat(gateway.getString("state_topic")).isEqualTo(topics.available());
        assertThat(gateway.getString("device_class")).isEqualTo("connectivity");
    }

    @Test
    void topicsAndIdsAreValidAndUniqueEvenForIdsHomeAssistantCannotSpell() {
        Set<String> topicsSeen = new HashSet<>();
        Set<String> uniqueIds = new HashSet<>();
        for (HomeAssistant.Discovery m : messages) {
            assertThat(m.topic()).matches(DISCOVERY_TOPIC);
            assertThat(topicsSeen.add(m.topic())).as("one message per topic: %s", m.topic()).isTrue();
            if (m.removes()) continue;
            assertThat(uniqueIds.add(m.payload().getString("unique_id"))).as("unique_id %s", m.payload().getString("unique_id")).isTrue();
            assertThat(m.payload().getString("default_entity_id")).matches(ENTITY_ID);
            assertThat(m.payload().getString("default_entity_id")).startsWith(m.topic().split("/")[1] + ".");
        }
        // Ids that differ only where HA's alphabet cannot follow still get distinct topics.
        DoorInfo a = door("a.b", "A", "s", "z", "Z", "osdp");
        DoorInfo b = door("a_b", "B", "s", "z", "Z", "osdp");
        assertThat(discovery.topic("binary_sensor", a, "contact")).isNotEqualTo(discovery.topic("binary_sensor", b, "contact"));
        // Two installations on one broker (different base topics) do not overwrite each other's entities.
        HomeAssistantDiscovery other = new HomeAssistantDiscovery("homeassistant", new Topics("district2/warden"), Set.of("front"));
        assertThat(other.topic("lock", front, "lock")).isNotEqualTo(discovery.topic("lock", front, "lock")).matches(DISCOVERY_TOPIC);
        assertThat(other.uniqueId(front, "lock")).isNotEqualTo(discovery.uniqueId(front, "lock"));
    }

    @Test
    void everyPayloadIsPublishedAsItsJson() {
        HomeAssistant.Discovery lock = messages.stream().filter(m -> m.topic().startsWith("homeassistant/lock/") && !m.removes()).findFirst().orElseThrow();
        assertThat(new JsonObject(lock.body())).isEqualTo(lock.payload());
    }

    /** Keys of every entity: ids, QoS 1, the device with an identifier, the origin. */
    private static void assertCommon(JsonObject p, String component) {
        assertThat(p.getString("unique_id")).isNotBlank();
        assertThat(p.getString("default_entity_id")).startsWith(component + ".").matches(ENTITY_ID);
        assertThat(p.containsKey("object_id")).as("object_id is gone from HA (2026.4)").isFalse();
        assertThat(p.getInteger("qos")).isEqualTo(1);
        assertThat(p.getJsonObject("device").getJsonArray("identifiers")).isNotEmpty();
        assertThat(p.getJsonObject("origin").getString("name")).isEqualTo("Warden");
    }

    private void assertDoorAvailability(JsonObject p, String door) {
        JsonArray a = p.getJsonArray("availability");
        assertThat(a.stream().map(o -> ((JsonObject) o).getString("topic")))
                .containsExactly(topics.available(), topics.doorAvailability("lincoln", door));
        assertThat(p.getString("availability_mode")).isEqualTo("all");
    }

    /** Published (non-removal) payloads of a component (null: any), the gateway's included. */
    private List<JsonObject> payloads(String component) {
        return messages.stream().filter(m -> !m.removes())
                .filter(m -> component == null || m.topic().startsWith("homeassistant/" + component + "/"))
                .map(HomeAssistant.Discovery::payload).toList();
    }

    private JsonObject only(String component, String deviceName) {
        return only(component, deviceName, null);
    }

    private JsonObject only(String component, String deviceName, String deviceClass) {
        List<JsonObject> found = payloads(component).stream()
                .filter(p -> deviceName.equals(p.getJsonObject("device").getString("name")))
                .filter(p -> deviceClass == null || deviceClass.equals(p.getString("device_class")))
                .toList();
        assertThat(found).as("%s of %s (%s)", component, deviceName, deviceClass).hasSize(1);
        return found.get(0);
    }
}
