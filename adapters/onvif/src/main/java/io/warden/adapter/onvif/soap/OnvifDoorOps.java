package io.warden.adapter.onvif.soap;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Door control and access control (Profile C, onvif.md §6) over {@link OnvifSoapClient}: the doors and
 * access points with paging, a door's state, and the door commands. Commands answer empty: success
 * means the device accepted, not that the door moved (confirm with {@link #state}). Faults become
 * {@link io.warden.adapter.api.WardenException}s: {@code InvalidArgs/NotFound} → NOT_FOUND,
 * {@code Action/Failure} → DEVICE_REJECTED with the device's reason.
 */
public final class OnvifDoorOps {
    private final OnvifSoapClient soap;
    private final OnvifServiceMap services;

    /** @throws io.warden.adapter.api.WardenException UNSUPPORTED when the device advertises no door control service */
    public OnvifDoorOps(OnvifSoapClient soap, OnvifServiceMap services) {
        this.soap = soap;
        this.services = services;
    }

    /** Every door, GetDoorInfoList page by page (starting again once on InvalidStartReference). */
    public Future<List<OnvifDoorInfo>> doors(Instant deadline) {
        throw new UnsupportedOperationException("TODO h/door-client");
    }

    /** Every access point, page by page; empty when the device has no access control service. */
    public Future<List<OnvifAccessPoint>> accessPoints(Instant deadline) {
        throw new UnsupportedOperationException("TODO h/door-client");
    }

    public Future<OnvifDoorStatus> state(String token, Instant deadline) {
        throw new UnsupportedOperationException("TODO h/door-client");
    }

    public Future<Void> lock(String token, Instant deadline) {
        throw new UnsupportedOperationException("TODO h/door-client");
    }

    public Future<Void> unlock(String token, Instant deadline) {
        throw new UnsupportedOperationException("TODO h/door-client");
    }

    /** AccessDoor; {@code accessTime} overrides the door's release time when not null. */
    public Future<Void> access(String token, Duration accessTime, Instant deadline) {
        throw new UnsupportedOperationException("TODO h/door-client");
    }

    public Future<Void> lockDown(String token, Instant deadline) {
        throw new UnsupportedOperationException("TODO h/door-client");
    }

    public Future<Void> lockDownRelease(String token, Instant deadline) {
        throw new UnsupportedOperationException("TODO h/door-client");
    }
}
