package io.warden.adapter.onvif;

import io.vertx.core.Future;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterOption;
import io.warden.adapter.api.AdapterOptions;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import java.util.Collection;

/**
 * {@code type: onvif} under {@code controllers:}: one ONVIF Profile C door controller and the doors
 * configured on it, each named by its DoorToken ({@code point.token}).
 */
public final class OnvifDoorControllerAdapter implements DeviceAdapter {

    /** {@code doors[].point} of a door on an ONVIF controller. */
    public static final AdapterOptions POINT = AdapterOptions.of(
            AdapterOption.text("token", "the door's DoorToken on the controller (GetDoorInfoList)").required());

    OnvifDoorControllerAdapter(AdapterSpec spec, AdapterContext ctx) {
        throw new UnsupportedOperationException("TODO h/door-adapter");
    }

    @Override
    public String id() {
        throw new UnsupportedOperationException("TODO h/door-adapter");
    }

    @Override
    public Future<Void> start() {
        throw new UnsupportedOperationException("TODO h/door-adapter");
    }

    @Override
    public Future<Void> stop() {
        throw new UnsupportedOperationException("TODO h/door-adapter");
    }

    @Override
    public Collection<DoorController> doors() {
        throw new UnsupportedOperationException("TODO h/door-adapter");
    }

    @Override
    public DeviceHealth health(String deviceId) {
        throw new UnsupportedOperationException("TODO h/door-adapter");
    }
}
