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

/** Type {@code fake-controller}: a {@link FakeDoorController} for each of its doors, always online. */
public final class FakeControllerAdapterFactory implements DeviceAdapterFactory {
    @Override
    public String type() {
        return "fake-controller";
    }

    @Override
    public DeviceAdapter create(AdapterSpec spec, AdapterContext context) {
        List<DoorController> doors = spec.doors().stream().map(d -> (DoorController) new FakeDoorController(d.id())).toList();
        return new DeviceAdapter() {
            @Override
            public String id() {
                return spec.id();
            }

            @Override
            public Future<Void> start() {
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
