package io.warden.adapter.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One camera as its adapter reaches it: what it is, what it has recorded, a replay of a window as
 * timed H.264 access units, and a snapshot. The gateway, not the adapter, writes files.
 *
 * <p>Implementations are safe to call from any thread and never block the caller. Futures complete
 * on a Vert.x context thread. Deadlines are instants of the adapter context's clock: nothing is sent
 * to the device for a request once its deadline has passed, and the future then fails with
 * {@link ErrorCode#DEVICE_TIMEOUT}. Failures are {@link WardenException}s:
 * {@link ErrorCode#DEVICE_OFFLINE} / {@link ErrorCode#CONNECTION_CLOSED} when the device cannot be
 * reached, {@link ErrorCode#AUTHENTICATION_FAILED} when it refuses the credentials,
 * {@link ErrorCode#NOT_FOUND} for an unknown recording, {@link ErrorCode#PROTOCOL_ERROR} for an
 * answer that does not fit the protocol, {@link ErrorCode#UNSUPPORTED} for an operation the device
 * lacks, {@link ErrorCode#DEVICE_REJECTED} for any other refusal (its message carries the device's).
 */
public interface Camera {

    /** The camera's id in the configuration. */
    String cameraId();

    /**
     * Who serves this camera's footage: the camera itself (edge storage) or the recorder (NVR) named
     * in its options, as a stable key such as {@code onvif://10.20.1.30:80}. Cameras with the same key
     * share the recorder's replay sessions, which the gateway limits. Constant; cheap.
     */
    String recorder();

    /** The device's own description of itself (manufacturer, model, firmware, serial). */
    Future<CameraInfo> info(Instant deadline);

    /**
     * The device clock minus the gateway clock, as last measured (ONVIF: GetSystemDateAndTime, good
     * to about one second). Empty until measured. Cheap, no I/O.
     */
    Optional<Duration> clockOffset();

    /**
     * What the camera (or its recorder) holds between {@code from} and {@code to}: contiguous spans,
     * each clipped to the window, sorted by start. The holes between spans are gaps in the
     * recording. An empty list means nothing was recorded in the window.
     */
    Future<List<RecordingSpan>> recordings(Instant from, Instant to, Instant deadline);

    /**
     * Replay {@code [from, to)} of one recording into {@code sink}, as fast as the device will send
     * it (real time where it refuses faster), in order. The first access unit is the clean point at
     * or before {@code from}; delivery stops at the first access unit at or after {@code to}.
     *
     * <p>{@code setupDeadline} bounds the session set-up (everything before the first media byte);
     * afterwards the adapter's own inactivity timeout applies. Back-pressure: the adapter reads no
     * more from the device until the future returned by the sink's last call completed; a sink future
     * that fails stops the replay (the session is torn down) and the returned future fails with that
     * cause. Memory stays bounded however long the window.
     *
     * <p>The returned future succeeds with how the replay ended; it fails when the session could not
     * be set up or broke (e.g. {@link ErrorCode#CONNECTION_CLOSED} for a dropped connection: the
     * caller knows from its sink how far it got, and may replay again from there).
     */
    Future<ReplayEnd> replay(String recordingToken, Instant from, Instant to, Instant setupDeadline, ReplaySink sink);

    /** A JPEG of what the camera sees now. */
    Future<Buffer> snapshot(Instant deadline);
}
