package io.warden.sim.onvif;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A recording the simulated camera (or NVR) holds: footage from {@code start} to {@code end}, minus
 * the gaps. The picture is a short clip looped, with recording time mapped onto it.
 *
 * @param token       the recording token (ONVIF RecordingToken)
 * @param sourceToken the video source it records (on an NVR: which camera)
 * @param sourceName  a name for the source, e.g. "Front entrance"
 * @param start       first recorded instant
 * @param end         last recorded instant; null while still recording (footage up to "now")
 * @param gaps        holes in the footage, sorted, inside [start, end)
 */
public record SimulatedRecording(String token, String sourceToken, String sourceName, Instant start, Instant end, List<Gap> gaps) {
    public SimulatedRecording {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(start, "start");
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }

    /** A hole in the footage: nothing was recorded in [from, to). */
    public record Gap(Instant from, Instant to) {}

    /** The end of footage as of {@code now}: {@code end}, or now while still recording. */
    public Instant endAt(Instant now) {
        return end == null ? now : end;
    }
}
