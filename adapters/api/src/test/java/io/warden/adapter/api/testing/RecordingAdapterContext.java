package io.warden.adapter.api.testing;

import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.LinePermit;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway's side of an adapter in tests: the system clock, secrets from a map, every event and
 * health report recorded (thread-safe: adapters report from any thread), and one line permit for
 * every controller that the test may revoke.
 */
public final class RecordingAdapterContext implements AdapterContext {
    private final Vertx vertx;
    private final Map<String, String> secrets;
    /** Every event, in the order reported. */
    public final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    /** The latest health report per device. */
    public final Map<String, DeviceHealth> health = new ConcurrentHashMap<>();
    /** Every health report, of any device, in the order reported. */
    public final List<DeviceHealth> healths = new CopyOnWriteArrayList<>();
    /** The permit given for every controller's line; granted until the test revokes it. */
    public final SwitchablePermit permit = new SwitchablePermit();
    /** Every controller id a permit was asked for, in order. */
    public final List<String> permitsAsked = new CopyOnWriteArrayList<>();

    public RecordingAdapterContext(Vertx vertx, Map<String, String> secrets) {
        this.vertx = vertx;
        this.secrets = Map.copyOf(secrets);
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void emit(DeviceEvent event) {
        events.add(event);
    }

    @Override
    public void health(String deviceId, DeviceHealth h) {
        health.put(deviceId, h);
        healths.add(h);
    }

    @Override
    public Optional<String> secret(String reference) {
        return Optional.ofNullable(secrets.get(reference));
    }

    @Override
    public LinePermit linePermit(String controllerId) {
        permitsAsked.add(controllerId);
        return permit;
    }

    /** The events of one kind, in order. */
    public <T extends DeviceEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The last health report of any device, or null. */
    public DeviceHealth lastHealth() {
        return healths.isEmpty() ? null : healths.get(healths.size() - 1);
    }
}
