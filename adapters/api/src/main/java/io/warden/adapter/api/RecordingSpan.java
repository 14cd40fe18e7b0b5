package io.warden.adapter.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of continuous recording.
 *
 * @param recordingToken the device's name for the recording, as {@link Camera#replay} takes it
 * @param from           first recorded instant (inclusive)
 * @param to             last recorded instant (exclusive); after {@code from}
 */
public record RecordingSpan(String recordingToken, Instant from, Instant to) {
    public RecordingSpan {
        Objects.requireNonNull(recordingToken, "recordingToken");
        if (!to.isAfter(from)) throw new IllegalArgumentException("span must end after it starts: " + from + " .. " + to);
    }
}
