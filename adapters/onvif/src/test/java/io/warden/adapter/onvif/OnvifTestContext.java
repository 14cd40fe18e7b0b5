package io.warden.adapter.onvif;

import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An AdapterContext for tests: records health reports, secrets from a map. */
final class OnvifTestContext implements AdapterContext {
    final Vertx vertx;
    final Map<String, String> secrets;
    final List<DeviceHealth> healths = new CopyOnWriteArrayList<>();

    OnvifTestContext(Vertx vertx, Map<String, String> secrets) {
        this.vertx = vertx;
        this.secrets = secrets;
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
}
