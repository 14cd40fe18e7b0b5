package io.warden.sim.onvif.e2e;

import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The gateway's side of an ONVIF adapter in these tests: the system clock, secrets from a map, health recorded. */
final class OnvifE2eContext implements AdapterContext {
    private final Vertx vertx;
    private final Map<String, String> secrets;
    final List<DeviceHealth> healths = new CopyOnWriteArrayList<>();

    OnvifE2eContext(Vertx vertx, Map<String, String> secrets) {
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
    public void emit(DeviceEvent event) {}

    @Override
    public void health(String deviceId, DeviceHealth health) {
        healths.add(health);
    }

    @Override
    public Optional<String> secret(String reference) {
        return Optional.ofNullable(secrets.get(reference));
    }

    DeviceHealth lastHealth() {
        return healths.isEmpty() ? null : healths.get(healths.size() - 1);
    }
}
