package io.warden.adapter.api;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One configured controller connection (an OSDP line, an ONVIF door controller, ...) and the
 * doors it drives.
 */
public interface DeviceAdapter {

    /** The controller's id in the configuration. */
    String id();

    /**
     * Open the connection and begin talking to the devices. Succeeds once the adapter is running,
     * even if the link or the devices are not up yet: they keep being retried and their health says
     * why they are offline (e.g. "connection closed: cannot open /dev/ttyUSB0"). Fails only when the
     * adapter cannot run at all.
     */
    Future<Void> start();

    /** Stop talking to the devices and close the connection. Pending commands fail with CONNECTION_CLOSED. */
    Future<Void> stop();

    /** The doors of this controller, in configuration order. */
    Collection<DoorController> doors();

    /**
     * The cameras of this adapter, in configuration order. A camera adapter is created from one
     * entry of the config's {@code cameras:} (its {@link AdapterSpec} has no doors) and serves that
     * one camera. Default: none.
     */
    default Collection<Camera> cameras() {
        return List.of();
    }

    /**
     * The devices of this controller (readers, I/O modules: what {@link AdapterContext#health} reports
     * on), in configuration order, each with the ids of the doors it serves. Constant for the adapter's
     * lifetime; cheap. The gateway lists them before any has reported, so a device that never answers
     * still shows. Default: none known.
     */
    default Map<String, List<String>> devices() {
        return Map.of();
    }

    /** Health of one device of this adapter by device id, as last reported to the context. */
    DeviceHealth health(String deviceId);
}
