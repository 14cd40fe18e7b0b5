package io.warden.gateway.door;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.EventBusAddresses;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doors and controllers of the other nodes of a cluster, as their owners last reported them. Each
 * node publishes on {@link EventBusAddresses#doorStates()} the doors it serves and the health of the
 * controllers (and their devices) it drives: what changed, every {@link Timing#changesEvery}, and a
 * full snapshot every {@link Timing#fullEvery}; every node keeps the latest per door with the time it
 * heard it, and shows it only while that is within {@link Timing#window}: an older state is never
 * shown as current (the door is offline then, with the reason {@link #unservedReason}).
 *
 * <pre>
 * {"node":"hs-north","full":true,
 *  "doors":{"library":{"lock":"locked","contact":"closed","online":true,"updatedAt":"...","mode":"unknown",
 *                      "alarm":"unknown","tamper":"unknown","fault":"unknown"}},
 *  "controllers":{"line-a":{"status":"ONLINE","reason":"OK","detail":"2 of 2 devices online","since":"..."},
 *                 "line-a/1":{...}},
 *  "gone":["gym-east"],"goneControllers":["line-b","line-b/1"]}   (no longer served there; change messages only)
 * </pre>
 *
 * A full snapshot replaces everything heard from its node before, so a door that moved away is
 * dropped; a state heard from a node for a door now served by another is replaced by the newer one.
 * Reads are thread-safe and never block; the timers and the consumer belong to the context that
 * called {@link #start}.
 */
public final class RemoteDoorStates {
    private static final Logger log = LoggerFactory.getLogger(RemoteDoorStates.class);

    /**
     * @param changesEvery how often a node publishes what changed
     * @param fullEvery    how often it publishes everything it serves (a multiple of changesEvery is best)
     * @param window       how long a state heard stays current; older, the door shows offline
     */
    public record Timing(Duration changesEvery, Duration fullEvery, Duration window) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    /** Something a node reported, and when this node heard it ({@link System#nanoTime}). */
    public record Heard<T>(String node, T value, long heardNanos) {}

    private final Vertx vertx;
    private final String node;
    private final Timing timing;
    private final Map<String, String> wiredTo;
    private final Map<String, Heard<DoorState>> doors = new ConcurrentHashMap<>();
    private final Map<String, Heard<DeviceHealth>> health = new ConcurrentHashMap<>();
    private final Map<String, Long> nodesHeard = new ConcurrentHashMap<>();
    /** What this node published last (only touched by the publishing timer). */
    private final Map<String, DoorState> sentDoors = new HashMap<>();
    private final Map<String, DeviceHealth> sentHealth = new HashMap<>();
    private MessageConsumer<JsonObject> consumer;
    private long timer = -1;
    private long ticks;

    /**
     * @param node    this node's id (its own messages are ignored)
     * @param wiredTo controller id → the node its line is wired to ({@code node:} in the config), for the reason
     */
    public RemoteDoorStates(Vertx vertx, String node, Timing timing, Map<String, String> wiredTo) {
        this.vertx = vertx;
        this.node = node;
        this.timing = timing;
        this.wiredTo = Map.copyOf(wiredTo);
    }

    /**
     * Listen to the other nodes and publish this node's doors and health from now on.
     *
     * @param localDoors  the states of the doors this node serves now, by door id
     * @param localHealth the health of the controllers this node drives and of their devices, by id
     */
    public Future<Void> start(Supplier<Map<String, DoorState>> localDoors, Supplier<Map<String, DeviceHealth>> localHealth) {
        consumer = vertx.eventBus().consumer(EventBusAddresses.doorStates(), m -> heard(m.body()));
        long fullEveryTicks = Math.max(1, timing.fullEvery().toMillis() / Math.max(1, timing.changesEvery().toMillis()));
        timer = vertx.setPeriodic(timing.changesEvery().toMillis(), id -> {
            try {
                publish(localDoors.get(), localHealth.get(), ticks++ % fullEveryTicks == 0);
            } catch (RuntimeException e) { // one bad snapshot must not end the publishing
                log.error("event=door_states_publish_failed error=\"{}\"", e.toString());
            }
        });
        return consumer.completion();
    }

    /** Stop publishing and listening; what was heard ages out of the window. */
    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    /** The door's state from the node that serves it, heard within the window; null otherwise. */
    public Heard<DoorState> door(String doorId) {
        return fresh(doors.get(doorId));
    }

    /** A controller's or device's health from the node that drives it, heard within the window; null otherwise. */
    public Heard<DeviceHealth> health(String id) {
        return fresh(health.get(id));
    }

    /** Whether {@code otherNode} was heard from within the window. */
    public boolean heardFrom(String otherNode) {
        Long at = nodesHeard.get(otherNode);
        return at != null && System.nanoTime() - at <= timing.window().toNanos();
    }

    /**
     * Why no node drives {@code controllerId} now, for people: the node its serial line is wired to
     * and whether that node runs, or that no node holds it.
     */
    public String unservedReason(String controllerId) {
        String wired = wiredTo.get(controllerId);
        if (wired == null) return "no node holds controller " + controllerId;
        if (wired.equals(node)) return "controller %s is wired to this node (%s), which does not drive it now".formatted(controllerId, wired);
        return heardFrom(wired) ? "controller %s is wired to node %s, which does not drive it now".formatted(controllerId, wired)
                : "controller %s is wired to node %s, which is not running".formatted(controllerId, wired);
    }

    private <T> Heard<T> fresh(Heard<T> h) {
        return h != null && System.nanoTime() - h.heardNanos() <= timing.window().toNanos() ? h : null;
    }

    private void publish(Map<String, DoorState> nowDoors, Map<String, DeviceHealth> nowHealth, boolean full) {
        JsonObject doorJson = new JsonObject();
        nowDoors.forEach((id, st) -> {
            if (full || !st.equals(sentDoors.get(id))) doorJson.put(id, json(st));
        });
        JsonObject healthJson = new JsonObject();
        nowHealth.forEach((id, h) -> {
            if (full || !h.equals(sentHealth.get(id))) healthJson.put(id, json(h));
        });
        JsonArray gone = new JsonArray();
        sentDoors.keySet().stream().filter(id -> !nowDoors.containsKey(id)).forEach(gone::add);
        JsonArray goneHealth = new JsonArray();
        sentHealth.keySet().stream().filter(id -> !nowHealth.containsKey(id)).forEach(goneHealth::add);
        sentDoors.clear();
        sentDoors.putAll(nowDoors);
        sentHealth.clear();
        sentHealth.putAll(nowHealth);
        if (!full && doorJson.isEmpty() && healthJson.isEmpty() && gone.isEmpty() && goneHealth.isEmpty()) return;
        JsonObject msg = new JsonObject().put("node", node).put("full", full).put("doors", doorJson).put("controllers", healthJson);
        if (!full) msg.put("gone", gone).put("goneControllers", goneHealth);
        vertx.eventBus().publish(EventBusAddresses.doorStates(), msg);
    }

    private void heard(JsonObject msg) {
        String from = msg.getString("node");
        if (from == null || from.equals(node)) return;
        long now = System.nanoTime();
        nodesHeard.put(from, now);
        try {
            JsonObject d = msg.getJsonObject("doors", new JsonObject());
            JsonObject c = msg.getJsonObject("controllers", new JsonObject());
            if (msg.getBoolean("full", false)) {
                dropFrom(doors, from, d.fieldNames());
                dropFrom(health, from, c.fieldNames());
            } else {
                forget(doors, from, msg.getJsonArray("gone", new JsonArray()));
                forget(health, from, msg.getJsonArray("goneControllers", new JsonArray()));
            }
            for (String id : d.fieldNames()) doors.put(id, new Heard<>(from, doorState(d.getJsonObject(id)), now));
            for (String id : c.fieldNames()) health.put(id, new Heard<>(from, deviceHealth(c.getJsonObject(id)), now));
        } catch (RuntimeException e) { // a newer node's shape: keep what was heard, it ages out
            log.warn("event=door_states_unreadable node={} error=\"{}\"", from, e.toString());
        }
    }

    /** Forgets what {@code from} no longer serves, unless another node reported it since. */
    private static <T> void forget(Map<String, Heard<T>> map, String from, JsonArray gone) {
        gone.forEach(id -> map.computeIfPresent(String.valueOf(id), (k, h) -> h.node().equals(from) ? null : h));
    }

    /** Forgets what {@code from} reported that its full snapshot no longer lists. */
    private static <T> void dropFrom(Map<String, Heard<T>> map, String from, Set<String> listed) {
        map.entrySet().removeIf(e -> e.getValue().node().equals(from) && !listed.contains(e.getKey()));
    }

    static JsonObject json(DoorState s) {
        return new JsonObject().put("lock", lower(s.lock())).put("contact", lower(s.contact())).put("online", s.online())
                .put("updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString()).put("mode", lower(s.mode()))
                .put("alarm", lower(s.alarm())).put("tamper", lower(s.tamper())).put("fault", lower(s.fault()));
    }

    static DoorState doorState(JsonObject j) {
        String at = j.getString("updatedAt");
        return new DoorState(DoorState.LockState.valueOf(upper(j, "lock")), DoorState.ContactState.valueOf(upper(j, "contact")),
                j.getBoolean("online", false), at == null ? null : Instant.parse(at), DoorState.Mode.valueOf(upper(j, "mode")),
                DoorState.Alarm.valueOf(upper(j, "alarm")), DoorState.Flag.valueOf(upper(j, "tamper")), DoorState.Flag.valueOf(upper(j, "fault")));
    }

    static JsonObject json(DeviceHealth h) {
        JsonObject j = new JsonObject().put("status", h.status().name()).put("reason", h.reason().name()).put("detail", h.detail())
                .put("since", h.since() == null ? null : h.since().toString());
        if (h.clockOffset() != null) j.put("clockOffsetMs", h.clockOffset().toMillis());
        if (h.warning() != null) j.put("warning", h.warning());
        return j;
    }

    static DeviceHealth deviceHealth(JsonObject j) {
        String since = j.getString("since");
        Long offset = j.getLong("clockOffsetMs");
        return new DeviceHealth(DeviceHealth.Status.valueOf(j.getString("status")), DeviceHealth.Reason.valueOf(j.getString("reason")),
                j.getString("detail"), since == null ? null : Instant.parse(since), offset == null ? null : Duration.ofMillis(offset),
                j.getString("warning"));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(JsonObject j, String field) {
        String v = j.getString(field);
        return v == null ? "UNKNOWN" : v.toUpperCase(Locale.ROOT);
    }
}
