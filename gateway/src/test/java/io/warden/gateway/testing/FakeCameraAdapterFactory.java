package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.Camera;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Type {@code fake-camera}: one {@link FakeCamera} per {@code cameras[i]}. Options:
 * {@code recordingStartSecondsAgo} (default 3600, whole seconds so keyframes fall on whole seconds),
 * {@code recorder} (default {@code fake://<id>}).
 */
public final class FakeCameraAdapterFactory implements DeviceAdapterFactory {
    @Override
    public String type() {
        return "fake-camera";
    }

    @Override
    public DeviceAdapter create(AdapterSpec spec, AdapterContext context) {
        if (!spec.doors().isEmpty()) throw new WardenException(ErrorCode.BAD_CONFIG, spec.path() + ": a camera drives no doors");
        long ago = spec.options().getLong("recordingStartSecondsAgo", 3600L);
        Instant start = Instant.ofEpochSecond(context.clock().instant().getEpochSecond() - ago);
        FakeCamera camera = new FakeCamera(context.vertx(), context.clock(), spec.id(), spec.options().getString("recorder", "fake://" + spec.id()), start);
        return new DeviceAdapter() {
            @Override
            public String id() {
                return spec.id();
            }

            @Override
            public Future<Void> start() {
                context.health(spec.id(), health());
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> stop() {
                return Future.succeededFuture();
            }

            @Override
            public Collection<DoorController> doors() {
                return List.of();
            }

            @Override
            public Collection<Camera> cameras() {
                return List.of(camera);
            }

            @Override
            public DeviceHealth health(String deviceId) {
                return health();
            }

            private DeviceHealth health() {
                return camera.offline ? new DeviceHealth(DeviceHealth.Status.OFFLINE, DeviceHealth.Reason.LINK_DOWN, "fake offline", context.clock().instant())
                        : new DeviceHealth(DeviceHealth.Status.ONLINE, DeviceHealth.Reason.OK, "fake camera", context.clock().instant());
            }
        };
    }
}
