package io.warden.adapter.onvif;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * One ONVIF device's clock as measured (GetSystemDateAndTime, each health check): the offset goes into
 * its health, and crossing the configured limit either way is a {@link io.warden.adapter.api.DeviceEvent.ClockSkew}
 * (audit trail and event stream) once per crossing, with a warning in health while it lasts.
 * Thread-safe.
 *
 * <p>An offset over the limit (either sign) is a skew; the first measurement counts as a crossing when
 * it is over. A skewed clock is back within only once its offset is at most the limit minus a margin
 * (10 % of the limit, at least 1 s, at most half the limit): GetSystemDateAndTime has whole seconds and
 * the request takes a round trip, so a clock sitting at the limit would otherwise flap.
 */
final class OnvifClockWatch {

    private final AdapterContext ctx;
    private final String deviceId;
    private final Duration limit;
    private final Duration backWithin;
    private Duration offset;
    private boolean exceeded;

    OnvifClockWatch(AdapterContext ctx, String deviceId, Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("clock skew limit must be positive: " + limit);
        this.ctx = ctx;
        this.deviceId = deviceId;
        this.limit = limit;
        Duration margin = max(limit.dividedBy(10), Duration.ofSeconds(1));
        if (margin.compareTo(limit.dividedBy(2)) > 0) margin = limit.dividedBy(2);
        this.backWithin = limit.minus(margin);
    }

    /** A new measurement (device minus gateway). Emits a ClockSkew event when it crosses the limit. */
    synchronized void measured(Duration offset) {
        if (offset == null) throw new IllegalArgumentException("offset is required");
        this.offset = offset;
        Duration size = offset.abs();
        boolean now = exceeded ? size.compareTo(backWithin) > 0 : size.compareTo(limit) > 0;
        if (now == exceeded) return;
        exceeded = now;
        // emitted under the lock so two measurements' events cannot overtake each other; emit never throws
        ctx.emit(new DeviceEvent.ClockSkew(deviceId, null, ctx.clock().instant(), offset, limit, now));
    }

    /** {@code h} with the last offset and, while over the limit, the warning. */
    synchronized DeviceHealth decorate(DeviceHealth h) {
        return h.withClock(offset, exceeded ? warning() : null);
    }

    /** The last offset measured, or null. */
    synchronized Duration offset() {
        return offset;
    }

    /** Whether the clock is over the limit (with the hysteresis above). */
    synchronized boolean exceeded() {
        return exceeded;
    }

    private String warning() {
        return "clock " + seconds(offset.abs()) + " s " + (offset.isNegative() ? "behind" : "ahead of")
                + " the gateway (limit " + seconds(limit) + " s): evidence and event times from it are suspect";
    }

    /**
     * Whole seconds from 10 s up (the device reports whole seconds: "600", not "599.6"), one decimal below
     * ("1.5" against a 1 s limit).
     */
    static String seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.toMillis()).movePointLeft(3);
        return s.setScale(s.compareTo(BigDecimal.TEN) >= 0 ? 0 : 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
