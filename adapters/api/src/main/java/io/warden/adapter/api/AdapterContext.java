package io.warden.adapter.api;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What the gateway gives an adapter. Adapters report events and health only through this context,
 * never by writing to the event bus themselves: routing and clustering are the gateway's business.
 */
public interface AdapterContext {

    /** The Vert.x instance to run on. The adapter must not block its event loops. */
    Vertx vertx();

    /** The clock for event times and timeouts' bookkeeping (tests pass a fixed or offset one). */
    Clock clock();

    /**
     * Report a device event. May be called from any thread; the gateway hands it on in order per
     * device. Never throws.
     */
    void emit(DeviceEvent event);

    /**
     * Report a device event the device stamped itself: {@code deviceTime} is the device's time for it
     * (e.g. an ONVIF message's UtcTime), kept beside the gateway's {@code event.time()}. Null means the
     * device gave none.
     */
    default void emit(DeviceEvent event, Instant deviceTime) {
        emit(event);
    }

    /** Report a change of a device's health. Same threading as {@link #emit}. */
    void health(String deviceId, DeviceHealth health);

    /**
     * A secret by reference (an environment variable name, or a key of the secrets file), such as an
     * OSDP SCBK. Empty when not defined. Adapters must never log the value.
     */
    Optional<String> secret(String reference);

    /**
     * The permit to drive {@code controllerId}'s line, asked right before every write (see
     * {@link LinePermit}). Always granted on a single node.
     */
    default LinePermit linePermit(String controllerId) {
        return LinePermit.ALWAYS;
    }
}
