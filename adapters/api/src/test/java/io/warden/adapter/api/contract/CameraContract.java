package io.warden.adapter.api.contract;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.RecordingSpan;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.api.WardenException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every camera adapter must do, run against a simulated (or real) camera over the adapter's
 * real transport. An adapter module extends this class and supplies a {@link CameraFixture}.
 */
public abstract class CameraContract {
    /** Generous: two busy cores. Waits poll, they do not sleep this long. */
    protected static final Duration DEADLINE = Duration.ofSeconds(20);

    protected Vertx vertx;
    protected CameraFixture fixture;

    /** Start the adapter and its simulated camera; return once the adapter is started. */
    protected abstract CameraFixture startFixture(Vertx vertx) throws Exception;

    @BeforeEach
    void startCamera() throws Exception {
        vertx = Vertx.vertx();
        fixture = startFixture(vertx);
    }

    @AfterEach
    void stopCamera() throws Exception {
        if (fixture != null) fixture.close();
        await(vertx.close());
    }

    protected Instant deadline() {
        return fixture.clock().instant().plus(DEADLINE);
    }

    @Test
    void infoDescribesTheDevice() {
        CameraInfo info = await(fixture.camera().info(deadline()));
        assertThat(info.manufacturer()).isNotBlank();
        assertThat(info.model()).isNotBlank();
        assertThat(info.firmware()).isNotBlank();
        assertThat(info.serialNumber()).isNotBlank();
        assertThat(info.hardwareId()).isNotBlank();
        assertThat(fixture.camera().cameraId()).isNotBlank();
        assertThat(fixture.camera().recorder()).isNotBlank();
    }

    @Test
    void recordingsAreClippedToTheWindowAndSorted() {
        RecordingSpan known = fixture.recorded();
        Instant from = known.from().plusSeconds(5);
        Instant to = known.to().minusSeconds(5);
        List<RecordingSpan> spans = await(fixture.camera().recordings(from, to, deadline()));
        assertThat(spans).isNotEmpty();
        for (RecordingSpan s : spans) {
            assertThat(s.from()).as("span starts inside the window").isAfterOrEqualTo(from);
            assertThat(s.to()).as("span ends inside the window").isBeforeOrEqualTo(to);
        }
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i).from()).as("sorted by start").isAfterOrEqualTo(spans.get(i - 1).from());
        }
        assertThat(spans).as("the known recording covers the whole window")
                .anySatisfy(s -> {
                    assertThat(s.recordingToken()).isEqualTo(known.recordingToken());
                    assertThat(s.from()).isEqualTo(from);
                    assertThat(s.to()).isEqualTo(to);
                });
    }

    @Test
    void aWindowWithNothingRecordedIsEmpty() {
        RecordingSpan none = fixture.unrecorded();
        assertThat(await(fixture.camera().recordings(none.from(), none.to(), deadline()))).isEmpty();
    }

    /** Records what a replay delivers, in order, checking the sink's threading contract as it goes. */
    protected static final class RecordingSink implements ReplaySink {
        public final List<Object> calls = new CopyOnWriteArrayList<>();
        private final int failAt;
        private final Throwable failure;
        final AtomicInteger units = new AtomicInteger();

        public RecordingSink() {
            this(-1, null);
        }

        public RecordingSink(int failAt, Throwable failure) {
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override
        public Future<Void> format(VideoFormat format) {
            calls.add(format);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> accept(AccessUnit unit) {
            calls.add(unit);
            if (units.incrementAndGet() == failAt) return Future.failedFuture(failure);
            return Future.succeededFuture();
        }

        public List<AccessUnit> units() {
            return calls.stream().filter(AccessUnit.class::isInstance).map(AccessUnit.class::cast).toList();
        }
    }

    @Test
    void aTenSecondReplayStartsAtAKeyframeAndStopsBeforeTheEnd() {
        RecordingSpan known = fixture.recorded();
        // start between two frames so the adapter must go back to the previous clean point
        Instant from = known.from().plusSeconds(5).plusMillis(50);
        Instant to = from.plusSeconds(10);
        RecordingSink sink = new RecordingSink();
        ReplayEnd end = await(fixture.camera().replay(known.recordingToken(), from, to, deadline(), sink));

        assertThat(sink.calls).isNotEmpty();
        assertThat(sink.calls.get(0)).as("format before the first access unit").isInstanceOf(VideoFormat.class);
        List<AccessUnit> units = sink.units();
        assertThat(units).hasSizeGreaterThan(10);
        AccessUnit first = units.get(0);
        assertThat(first.keyframe()).as("first unit is a clean point").isTrue();
        assertThat(first.time()).as("first unit at or before from").isBeforeOrEqualTo(from);
        for (int i = 0; i < units.size(); i++) {
            AccessUnit u = units.get(i);
            assertThat(u.time()).as("unit %d before to", i).isBefore(to);
            assertThat(u.data().length()).as("unit %d has data", i).isGreaterThan(4);
            if (i > 0) {
                assertThat(u.time()).as("capture times strictly increase").isAfter(units.get(i - 1).time());
                assertThat(u.mediaTime()).as("media times increase").isGreaterThan(units.get(i - 1).mediaTime());
            }
        }
        assertThat(units.get(units.size() - 1).time()).as("footage runs up to the end").isAfter(to.minusSeconds(1));
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        assertThat(end.lastTime()).isEqualTo(units.get(units.size() - 1).time());
    }

    @Test
    void aFailingSinkStopsTheReplayWithItsCause() {
        RecordingSpan known = fixture.recorded();
        WardenException full = new WardenException(ErrorCode.STORAGE_FULL, "sink refuses: disk full");
        RecordingSink sink = new RecordingSink(5, full);
        Throwable t = awaitFailure(fixture.camera().replay(known.recordingToken(), known.from().plusSeconds(2),
                known.from().plusSeconds(20), deadline(), sink));
        assertThat(t).as("the sink's own failure").isSameAs(full);
        assertThat(sink.units()).as("nothing delivered after the failing unit").hasSize(5);
    }

    @Test
    void aSnapshotIsAJpeg() {
        Buffer jpeg = await(fixture.camera().snapshot(deadline()));
        assertThat(jpeg.length()).isGreaterThan(100);
        assertThat(jpeg.getByte(0) & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg.getByte(1) & 0xFF).isEqualTo(0xD8);
    }

    @Test
    void aDeadlineAlreadyPastFailsAtOnceWithDeviceTimeout() {
        Instant past = fixture.clock().instant().minusMillis(1);
        RecordingSpan known = fixture.recorded();
        assertThat(WardenException.codeOf(awaitFailure(fixture.camera().info(past)))).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(WardenException.codeOf(awaitFailure(fixture.camera().recordings(known.from(), known.to(), past))))
                .isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(WardenException.codeOf(awaitFailure(fixture.camera().snapshot(past)))).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(WardenException.codeOf(awaitFailure(fixture.camera().replay(known.recordingToken(), known.from(),
                known.from().plusSeconds(5), past, new RecordingSink())))).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
    }

    @Test
    void anUnknownRecordingIsNotFound() {
        RecordingSpan known = fixture.recorded();
        RecordingSink sink = new RecordingSink();
        Throwable t = awaitFailure(fixture.camera().replay("no-such-recording-" + System.nanoTime(), known.from(),
                known.from().plusSeconds(5), deadline(), sink));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void anUnreachableCameraFailsWithATransientCode() {
        try {
            fixture.setReachable(false);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort(e.getMessage());
        }
        Instant shortDeadline = fixture.clock().instant().plusSeconds(3);
        Throwable t = awaitFailure(fixture.camera().info(shortDeadline));
        assertThat(WardenException.codeOf(t)).isIn(ErrorCode.DEVICE_OFFLINE, ErrorCode.DEVICE_TIMEOUT, ErrorCode.CONNECTION_CLOSED);
        fixture.setReachable(true);
        assertThat(await(fixture.camera().info(deadline())).manufacturer()).isNotBlank();
    }
}
