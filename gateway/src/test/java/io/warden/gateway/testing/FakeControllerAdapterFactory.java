package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import java.util.Collection;
import java.util.List;

/**
 * Type {@code fake-controller}: a {@link FakeDoorController} for each of its doors, always online.
 * {@code options: {failStart: "why"}} makes its start fail with that message (an IllegalStateException),
 * {@code options: {failCreate: "why"}} its create throw one (a factory bug, not a config error).
 */
public final class FakeControllerAdapterFactory implements DeviceAdapterFactory {
    @Override
    public String type() {
        return "fake-controller";
    }

    @Override
    public DeviceAdapter create(AdapterSpec spec, AdapterContext context) {
        if (spec.options().getString("failCreate") != null) throw new IllegalStateException(spec.options().getString("failCreate"));
        List<DoorController> doors = spec.doors().stream().map(d -> (DoorController) new FakeDoorController(d.id())).toList();
        return new DeviceAdapter() {
            @Override
            public String id() {
                return spec.id();
            }

            @Override
            public Future<Void> start() {
                String fail = spec.options().getString("failStart");
                if (fail != null) return Future.failedFuture(new IllegalStateException(fail));
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> stop() {
                return Future.succeededFuture();
            }

            @Override
            public Collection<DoorController> doors() {
                return doors;
            }

            @Override
            public DeviceHealth health(String deviceId) {
                return null;
            }
        };
    }
}
