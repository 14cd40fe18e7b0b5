package io.warden.sim.onvif;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/**
 * What the shared SOAP pieces ({@link OnvifSimEndpoint}, {@link OnvifSimDeviceService}, {@link OnvifSimEventService})
 * need from a simulated device: the camera and the door controller each implement it.
 */
public interface OnvifSimDevice {
    Vertx vertx();

    /** The context every request, timer and event of the device runs on. */
    Context context();

    /** The device's clock, whole milliseconds. */
    Instant deviceNow();

    /** {@code http://host:port/onvif/<service>}. */
    String xaddr(String service);

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
