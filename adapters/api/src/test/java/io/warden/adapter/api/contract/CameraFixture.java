package io.warden.adapter.api.contract;

import io.warden.adapter.api.Camera;
import io.warden.adapter.api.RecordingSpan;
import java.time.Clock;
import java.time.Duration;

/**
 * A started camera adapter talking to a (simulated) camera or recorder, as {@link CameraContract}
 * needs it. Times are the device's recording times (what {@link Camera#recordings} reports).
 */
public interface CameraFixture extends AutoCloseable {

    /** The camera under test; its adapter is started. */
    Camera camera();

    /** The clock deadlines are measured against (the adapter context's clock). */
    default Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * A stretch known to be recorded without a gap, at least 30 s long, whose recording token is
     * the one {@link Camera#replay} takes. The footage continues after its end (so a replay that
     * stops at its end stops because it reached the end, not because the footage ran out).
     */
    RecordingSpan recorded();

    /** A window in which nothing is recorded. Default: a minute, ten years before {@link #recorded()}. */
    default RecordingSpan unrecorded() {
        var from = recorded().from().minus(Duration.ofDays(3650));
        return new RecordingSpan("none", from, from.plusSeconds(60));
    }

    /**
     * Make the camera unreachable (false: connections refused or unanswered) or reachable again.
     * Fixtures that cannot do that keep the default, and the tests needing it are skipped.
     */
    default void setReachable(boolean reachable) {
        throw new UnsupportedOperationException("this fixture cannot make the camera unreachable");
    }

    @Override
    void close() throws Exception;
}
