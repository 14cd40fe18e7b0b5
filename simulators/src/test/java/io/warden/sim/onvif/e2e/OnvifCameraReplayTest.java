package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.warden.adapter.api.AccessUnit;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replays through OnvifCamera from the simulated camera and NVR over RTSP: counts, drops, real-time devices. */
class OnvifCameraReplayTest extends OnvifSimCameraTestBase {

    private static final class Sink implements ReplaySink {
        final List<VideoFormat> formats = new CopyOnWriteArrayList<>();
        final List<AccessUnit> units = new CopyOnWriteArrayList<>();

        @Override
        public Future<Void> format(VideoFormat format) {
            formats.add(format);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> accept(AccessUnit unit) {
            units.add(unit);
            return Future.succeededFuture();
        }
    }

    private static Instant deadline() {
        return Instant.now().plusSeconds(15);
    }

    @ParameterizedTest(name = "viaNvr={0}")
    @ValueSource(booleans = {false, true})
    void aSixtySecondWindowIsSixHundredFramesExactly(boolean viaNvr) {
        fixture = new OnvifSimCameraFixture(vertx, viaNvr, OnvifSimCameraFixture.PASSWORD).start();
        RecordingSpan r = fixture.recorded();
        // from is on a keyframe (frame 600 of the recording), so nothing before it is sent
        Instant from = r.from();
        Instant to = from.plusSeconds(60);
        Sink sink = new Sink();
        ReplayEnd end = await(fixture.camera().replay(r.recordingToken(), from, to, deadline(), sink));

        assertThat(sink.formats).hasSize(1);
        assertThat(sink.units).hasSize(600);
        assertThat(sink.units.get(0).time()).isEqualTo(from);
        assertThat(sink.units.get(0).keyframe()).isTrue();
        for (int i = 0; i < sink.units.size(); i++) {
            AccessUnit u = sink.units.get(i);
            assertThat(u.time()).as("unit %d", i).isEqualTo(from.plusMillis(100L * i));
            assertThat(u.keyframe()).as("keyframe of unit %d", i).isEqualTo(i % 10 == 0);
        }
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        assertThat(end.lastTime()).isEqualTo(to.minusMillis(100));
    }

    @ParameterizedTest(name = "viaNvr={0}")
    @ValueSource(booleans = {false, true})
    void aStreamDroppedMidwayFailsConnectionClosedAfterDeliveringWhatCame(boolean viaNvr) {
        fixture = new OnvifSimCameraFixture(vertx, viaNvr, OnvifSimCameraFixture.PASSWORD).start();
        fixture.footageFaults().dropReplayAfterFrames = 150;
        RecordingSpan r = fixture.recorded();
        Sink sink = new Sink();
        Throwable t = awaitFailure(fixture.camera().replay(r.recordingToken(), r.from(), r.from().plusSeconds(60), deadline(), sink));

        assertThat(WardenException.codeOf(t)).as("%s", t).isEqualTo(ErrorCode.CONNECTION_CLOSED);
        assertThat(sink.units).as("the units sent before the drop, in order, none lost").hasSize(150);
        for (int i = 0; i < sink.units.size(); i++) {
            assertThat(sink.units.get(i).time()).isEqualTo(r.from().plusMillis(100L * i));
        }
        // the caller resumes from the last unit it has: the device serves again (the drop was one-shot)
        Instant resumeFrom = sink.units.get(sink.units.size() - 1).time();
        Sink rest = new Sink();
        await(fixture.camera().replay(r.recordingToken(), resumeFrom, r.from().plusSeconds(60), deadline(), rest));
        assertThat(rest.units.get(0).keyframe()).isTrue();
        assertThat(rest.units.get(0).time()).isBeforeOrEqualTo(resumeFrom);
        assertThat(rest.units.get(rest.units.size() - 1).time()).isEqualTo(r.from().plusSeconds(60).minusMillis(100));
    }

    @Test
    void aRealTimeOnlyRecorderIsReplayedAtItsPace() {
        fixture = new OnvifSimCameraFixture(vertx, true, OnvifSimCameraFixture.PASSWORD).start();
        RecordingSpan r = fixture.recorded();
        Sink fast = new Sink();
        long t0 = System.nanoTime();
        await(fixture.camera().replay(r.recordingToken(), r.from(), r.from().plusSeconds(20), deadline(), fast));
        Duration fastTook = Duration.ofNanos(System.nanoTime() - t0);

        fixture.footageFaults().realTimeOnly = true;
        Sink slow = new Sink();
        long t1 = System.nanoTime();
        ReplayEnd end = await(fixture.camera().replay(r.recordingToken(), r.from(), r.from().plusSeconds(3), deadline(), slow));
        Duration slowTook = Duration.ofNanos(System.nanoTime() - t1);

        assertThat(fast.units).hasSize(200);
        assertThat(fastTook).as("20 s of footage, as fast as it drains").isLessThan(Duration.ofSeconds(10));
        assertThat(slow.units).as("every frame, none dropped for the pace").hasSize(30);
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        assertThat(slowTook).as("3 s of footage in real time").isGreaterThan(Duration.ofMillis(2500));
    }
}
