package io.warden.adapter.api;

import io.vertx.core.Future;
import java.util.Collection;

/**
 * One configured controller connection (an OSDP line, an ONVIF door controller, ...) and the
 * doors it drives.
 */
public interface DeviceAdapter {

    /** The controller's id in the configuration. */
    String id();

    /**
     * Open the connection and begin talking to the devices. Succeeds once the adapter is running,
     * even if devices are not yet online (their health says so); fails only when the adapter cannot
     * run at all (e.g. the serial port cannot be opened), with a message naming the port or host.
     */
    Future<Void> start();

    /** Stop talking to the devices and close the connection. Pending commands fail with CONNECTION_CLOSED. */
    Future<Void> stop();

    /** The doors of this controller, in configuration order. */
    Collection<DoorController> doors();

    /** Health of one device of this adapter by device id, as last reported to the context. */
    DeviceHealth health(String deviceId);
}
