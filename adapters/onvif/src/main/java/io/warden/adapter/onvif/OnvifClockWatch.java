package io.warden.adapter.onvif;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceHealth;
import java.time.Duration;

/**
 * One ONVIF device's clock as measured (GetSystemDateAndTime, each health check): the offset goes into
 * its health, and crossing the configured limit either way is a {@link io.warden.adapter.api.DeviceEvent.ClockSkew}
 * (audit trail and event stream) once per crossing, with a warning in health while it lasts.
 * Thread-safe.
 */
final class OnvifClockWatch {

    OnvifClockWatch(AdapterContext ctx, String deviceId, Duration limit) {
        throw new UnsupportedOperationException("TODO h/clock");
    }

    /** A new measurement (device minus gateway). Emits a ClockSkew event when it crosses the limit. */
    void measured(Duration offset) {
        throw new UnsupportedOperationException("TODO h/clock");
    }

    /** {@code h} with the last offset and, while over the limit, the warning. */
    DeviceHealth decorate(DeviceHealth h) {
        throw new UnsupportedOperationException("TODO h/clock");
    }
}
