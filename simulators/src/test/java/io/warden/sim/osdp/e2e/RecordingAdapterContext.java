package io.warden.sim.osdp.e2e;

import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AdapterContext} for tests: records events and health, serves secrets from a map. */
final class RecordingAdapterContext implements AdapterContext {
    private final Vertx vertx;
    private final Map<String, String> secrets;
    final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    final Map<String, DeviceHealth> health = new ConcurrentHashMap<>();

    RecordingAdapterContext(Vertx vertx, Map<String, String> secrets) {
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
    }

    @Override
    public Optional<String> secret(String reference) {
        return Optional.ofNullable(secrets.get(reference));
    }

    <T extends DeviceEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
