package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A controller as the device directory sees it: an id and its devices with their doors; no health of its own. */
public record FakeDeviceAdapter(String id, Map<String, List<String>> devices) implements DeviceAdapter {

    /** A line {@code id} with PDs {@code id/1..n}, PD a serving door {@code <id>-door-a}. */
    public static FakeDeviceAdapter line(String id, int pds) {
        Map<String, List<String>> devices = new LinkedHashMap<>();
        for (int a = 1; a <= pds; a++) devices.put(id + "/" + a, List.of(id + "-door-" + a));
        return new FakeDeviceAdapter(id, devices);
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
        return List.of();
    }

    @Override
    public DeviceHealth health(String deviceId) {
        return null;
    }
}
