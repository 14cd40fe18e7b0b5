package io.warden.sim.onvif;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the shared SOAP pieces ({@link OnvifSimEndpoint}, {@link OnvifSimDeviceService}, {@link OnvifSimEventService})
 * need from a simulated device: the camera and the door controller each implement it.
 */
public interface OnvifSimDevice {
    Vertx vertx();

    /** The context every request, timer and event of the device runs on. */
    Context context();

    /** The clock the device was configured with (the host's, in production). */
    Clock hostClock();

    /** How far the device's clock runs ahead (negative: behind) of {@link #hostClock()}. */
    Duration clockOffset();

    /** The device's clock: the host clock plus the offset, whole milliseconds. */
    default Instant deviceNow() {
        return hostClock().instant().plus(clockOffset()).truncatedTo(ChronoUnit.MILLIS);
    }

    /** The address the device binds and advertises. */
    String host();

    /** The bound HTTP port (after start). */
    int httpPort();

    /** {@code http://host:port/onvif/<service>}, e.g. service {@code search_service}. */
    default String xaddr(String service) {
        return "http://" + uriHost(host()) + ":" + httpPort() + "/onvif/" + service;
    }

    /** {@code http://host:port/onvif/device_service}. */
    default String deviceServiceUri() {
        return xaddr("device_service");
    }

    /** {@code host} as a URI names it: an IPv6 address in brackets. */
    static String uriHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    String username();

    String password();

    /** GetDeviceInformation's five fields (also names the Digest realm). */
    OnvifCameraSimulator.DeviceInfo deviceInfo();

    /** Powered off: every connection is closed at once. */
    default boolean offline() {
        return false;
    }

    /** False: requests are read but never answered (until answering again or the client gives up). */
    default boolean answering() {
        return true;
    }

    /** Every reply goes out this much later. */
    default Duration responseDelay() {
        return Duration.ZERO;
    }
}
