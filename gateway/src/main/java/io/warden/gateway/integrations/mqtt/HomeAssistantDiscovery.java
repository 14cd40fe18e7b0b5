package io.warden.gateway.integrations.mqtt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.door.DoorInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Home Assistant MQTT discovery payloads for Warden's doors (component discovery: one retained config message per
 * entity at {@code <prefix>/<component>/<object_id>/config}). Pure: doors and topics in, messages out.
 *
 * <p>Per door, one HA device ({@code identifiers} = the door's topic root {@code <base>/<site>/<door>}: injective,
 * as ids never hold a {@code /}, and distinct per Warden installation on a shared broker), linked through
 * {@code via_device} to a "Warden gateway" device whose one entity is the gateway's availability. Entities:
 * <ul>
 *   <li>{@code lock} (commandable doors only): command topic {@link Topics#doorCommand}, LOCK / UNLOCK, state from the
 *       door's state JSON ({@code lock}: locked → LOCKED, unlocked → UNLOCKED, anything else → {@code None}, which HA
 *       reads as unknown; the lock's {@code payload_reset}).</li>
 *   <li>{@code binary_sensor} device class {@code lock} (every other door): on = unlocked, as HA defines it.</li>
 *   <li>{@code binary_sensor} device class {@code door}: on = open; unknown stays unknown ({@code None}).</li>
 *   <li>{@code binary_sensor} device class {@code connectivity}: the door's availability topic (its device answers).</li>
 * </ul>
 * Required keys checked against HA's MQTT schemas: {@code lock} needs {@code command_topic}; {@code binary_sensor} needs
 * {@code state_topic}; a device needs an identifier. Entity ids are suggested with {@code default_entity_id}
 * ({@code <domain>.<object>}), which replaced {@code object_id} (deprecated in HA 2025.10, removed in 2026.4).
 *
 * <p>Availability: an entity that reads the door's state is available only while the gateway is online AND the door's
 * device answers ({@code availability_mode: all}), so a stale retained state never shows as current. The connectivity
 * sensor depends on the gateway only: its whole point is to show the device offline rather than "unavailable".
 */
final class HomeAssistantDiscovery {
    static final String MANUFACTURER = "Warden";

    private final String prefix;
    private final Topics topics;
    private final Set<String> commandable;

    /**
     * @param commandable the doors Home Assistant may lock and unlock (a {@code lock} entity); the others are read-only
     */
    HomeAssistantDiscovery(String prefix, Topics topics, Set<String> commandable) {
        this.prefix = prefix;
        this.topics = topics;
        this.commandable = Set.copyOf(commandable);
    }

    /** The gateway device, then each door's entities, in door order; a door's other lock variant is removed. */
    List<HomeAssistant.Discovery> messages(List<DoorInfo> doors) {
        List<HomeAssistant.Discovery> out = new ArrayList<>();
        out.add(gateway());
        for (DoorInfo d : doors) {
            boolean commands = commandable.contains(d.id());
            // A door moved in or out of commands.doors: remove the variant it no longer has, else both would show.
            out.add(commands ? lock(d) : remove("lock", d, "lock"));
            out.add(commands ? remove("binary_sensor", d, "lock_sensor") : readOnlyLock(d));
            out.add(contact(d));
            out.add(connectivity(d));
        }
        return out;
    }

    private HomeAssistant.Discovery lock(DoorInfo d) {
        JsonObject p = entity(d, "lock", "lock", null)
                .put("command_topic", topics.doorCommand(d.site(), d.id()))
                .put("payload_lock", HomeAssistant.LOCK)
                .put("payload_unlock", HomeAssistant.UNLOCK)
                .put("state_topic", topics.doorState(d.site(), d.id()))
                .put("value_template", "{% set s = value_json.lock %}"
                        + "{{ 'LOCKED' if s == 'locked' else 'UNLOCKED' if s == 'unlocked' else 'None' }}")
                .put("state_locked", "LOCKED")
                .put("state_unlocked", "UNLOCKED")
                .put("payload_reset", "None")
                .put("optimistic", false)
                .put("retain", false)
                .put("json_attributes_topic", topics.doorState(d.site(), d.id()));
        availableWithDoor(p, d);
        return new HomeAssistant.Discovery(topic("lock", d, "lock"), p);
    }

    /** A door without commands: its lock as a sensor. */
    private HomeAssistant.Discovery readOnlyLock(DoorInfo d) {
        JsonObject p = doorSensor(d, "lock_sensor", "Lock", "lock", onOff("value_json.lock", "unlocked", "locked"))
                .put("json_attributes_topic", topics.doorState(d.site(), d.id()));
        return new HomeAssistant.Discovery(topic("binary_sensor", d, "lock_sensor"), p);
    }

    private HomeAssistant.Discovery contact(DoorInfo d) {
        JsonObject p = doorSensor(d, "contact", "Contact", "door", onOff("value_json.contact", "open", "closed"));
        return new HomeAssistant.Discovery(topic("binary_sensor", d, "contact"), p);
    }

    /** A binary sensor read from the door's state topic (ON / OFF by {@code template}), available with the gateway and the door. */
    private JsonObject doorSensor(DoorInfo d, String kind, String name, String deviceClass, String template) {
        JsonObject p = entity(d, "binary_sensor", kind, name)
                .put("device_class", deviceClass)
                .put("state_topic", topics.doorState(d.site(), d.id()))
                .put("value_template", template)
                .put("payload_on", "ON")
                .put("payload_off", "OFF");
        availableWithDoor(p, d);
        return p;
    }

    private HomeAssistant.Discovery connectivity(DoorInfo d) {
        JsonObject p = entity(d, "binary_sensor", "connectivity", "Controller")
                .put("device_class", "connectivity")
                .put("entity_category", "diagnostic")
                .put("state_topic", topics.doorAvailability(d.site(), d.id()))
                .put("payload_on", Topics.ONLINE)
                .put("payload_off", Topics.OFFLINE)
                .put("availability", new JsonArray().add(availability(topics.available())));
        return new HomeAssistant.Discovery(topic("binary_sensor", d, "connectivity"), p);
    }

    /** The gateway as an HA device: the one its doors are reached through, online while the bridge is connected. */
    private HomeAssistant.Discovery gateway() {
        String id = gatewayIdentifier();
        JsonObject p = new JsonObject()
                .put("name", null)
                .put("unique_id", id + "/connectivity")
                .put("default_entity_id", "binary_sensor." + entitySlug("warden gateway " + ("warden".equals(topics.base()) ? "" : topics.base())))
                .put("device_class", "connectivity")
                .put("entity_category", "diagnostic")
                .put("state_topic", topics.available())
                .put("payload_on", Topics.ONLINE)
                .put("payload_off", Topics.OFFLINE)
                .put("qos", 1)
                .put("origin", origin())
                .put("device", new JsonObject()
                        .put("identifiers", new JsonArray().add(id))
                        .put("name", "Warden gateway")
                        .put("manufacturer", MANUFACTURER)
                        .put("model", "Warden gateway"));
        return new HomeAssistant.Discovery(prefix + "/binary_sensor/" + objectId(id + "/connectivity", "warden gateway") + "/config", p);
    }

    /** What every entity of a door carries: its name within the device, ids, device, origin and QoS. */
    private JsonObject entity(DoorInfo d, String component, String kind, String name) {
        return new JsonObject()
                .put("name", name) // null: the entity is the device itself (the door), HA names it after the device
                .put("unique_id", uniqueId(d, kind))
                .put("default_entity_id", component + "." + entitySlug("warden " + d.id() + (name == null ? "" : " " + name)))
                .put("qos", 1)
                .put("origin", origin())
                .put("device", device(d));
    }

    private JsonObject device(DoorInfo d) {
        JsonObject device = new JsonObject()
                .put("identifiers", new JsonArray().add(deviceIdentifier(d)))
                .put("name", d.name() == null || d.name().isBlank() ? d.id() : d.name())
                .put("manufacturer", MANUFACTURER)
                .put("via_device", gatewayIdentifier());
        if (d.controllerType() != null) device.put("model", d.controllerType());
        if (d.zoneName() != null) device.put("suggested_area", d.zoneName());
        return device;
    }

    private static JsonObject origin() {
        return new JsonObject().put("name", "Warden");
    }

    /** Available only while both the gateway and the door's device are online. */
    private void availableWithDoor(JsonObject p, DoorInfo d) {
        p.put("availability", new JsonArray()
                        .add(availability(topics.available()))
                        .add(availability(topics.doorAvailability(d.site(), d.id()))))
                .put("availability_mode", "all");
    }

    private static JsonObject availability(String topic) {
        return new JsonObject().put("topic", topic).put("payload_available", Topics.ONLINE).put("payload_not_available", Topics.OFFLINE);
    }

    /** A template giving ON / OFF for the two known values, and None (HA: unknown) for anything else. */
    private static String onOff(String field, String on, String off) {
        return "{% set s = " + field + " %}{{ 'ON' if s == '" + on + "' else 'OFF' if s == '" + off + "' else 'None' }}";
    }

    private HomeAssistant.Discovery remove(String component, DoorInfo d, String kind) {
        return new HomeAssistant.Discovery(topic(component, d, kind), null);
    }

    String topic(String component, DoorInfo d, String kind) {
        return prefix + "/" + component + "/" + objectId(uniqueId(d, kind), d.id() + " " + kind) + "/config";
    }

    String deviceIdentifier(DoorInfo d) {
        return topics.base() + "/" + d.site() + "/" + d.id();
    }

    String uniqueId(DoorInfo d, String kind) {
        return deviceIdentifier(d) + "/" + kind;
    }

    String gatewayIdentifier() {
        return topics.base() + "/gateway";
    }

    /**
     * The discovery topic's object id ({@code [a-zA-Z0-9_-]}, HA's discovery topic pattern): readable, and made
     * unique by a short hash of the unique id, since the readable part is lossy (a {@code .} in an id, base topics).
     */
    static String objectId(String uniqueId, String readable) {
        return "warden_" + entitySlug(readable) + "_" + hash(uniqueId);
    }

    /** Lower case, {@code [a-z0-9_]}, no doubled, leading or trailing {@code _}: what HA accepts in an entity id. */
    static String entitySlug(String s) {
        String slug = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return slug.isEmpty() ? "door" : slug;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
