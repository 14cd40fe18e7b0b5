package io.warden.sim.rtsp;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.rtsp.OnvifReplayClient;
import io.warden.sim.onvif.OnvifCameraFaults;
import io.warden.sim.onvif.SimulatedRecording;
import io.warden.sim.rtsp.RtspReplayTestSupport.RecordingSink;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link OnvifReplayClient} against {@link RtspReplayServer} over real TCP on 127.0.0.1. */
class RtspReplayEndToEndTest {
    static final String USER = "viewer";
    static final String PASSWORD = "s3cret-pw";

    final Vertx vertx = Vertx.vertx();
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final Instant start = now.minus(Duration.ofHours(1));
    final Instant stoppedEnd = now.minus(Duration.ofMinutes(30));
    final OnvifCameraFaults faults = new OnvifCameraFaults();
    RtspReplayServer server;
    OnvifReplayClient client;

    @BeforeEach
    void setUp() {
        Map<String, SimulatedRecording> recordings = Map.of(
                "rec-1", new SimulatedRecording("rec-1", "src-1", "Front door", start, null, List.of()),
                "rec-gap", new SimulatedRecording("rec-gap", "src-2", "Gym", start, null,
                        List.of(new SimulatedRecording.Gap(start.plusMillis(30_050), start.plusMillis(40_050)))),
                "rec-stopped", new SimulatedRecording("rec-stopped", "src-3", "Hall", start, stoppedEnd, List.of()));
        server = new RtspReplayServer(vertx, Clock.systemUTC(), recordings, USER, PASSWORD, faults);
        await(server.listen("127.0.0.1", 0));
        client = new OnvifReplayClient(vertx, Clock.systemUTC(), new OnvifReplayClient.Options(Duration.ofSeconds(3)));
    }

    @AfterEach
    void tearDown() {
        await(server.close());
        await(vertx.close());
    }

    Future<ReplayEnd> replay(String token, Instant from, Instant to, RecordingSink sink) {
        return replay(token, PASSWORD, from, to, Instant.now().plusSeconds(10), sink);
    }

    Future<ReplayEnd> replay(String token, String password, Instant from, Instant to, Instant setupDeadline, RecordingSink sink) {
        return client.replay(URI.create(server.replayUri(token)), USER, password, from, to, setupDeadline, sink);
    }

    @Test
    void aMinuteOfFootageIsExactly600UnitsFasterThanRealTime() {
        Instant from = start.plus(Duration.ofMinutes(10));
        Instant to = from.plusSeconds(60);
        RecordingSink sink = new RecordingSink(vertx, 0);
        long t0 = System.nanoTime();
        ReplayEnd end = await(replay("rec-1", from, to, sink));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        assertThat(sink.units).hasSize(600);
        assertThat(sink.formats).hasSize(1);
        AccessUnit first = sink.units.get(0);
        assertThat(first.keyframe()).isTrue();
        assertThat(first.time()).isEqualTo(from);
        assertThat(end.lastTime()).isEqualTo(to.minusMillis(100));
        for (int i = 1; i < sink.units.size(); i++) {
            AccessUnit prev = sink.units.get(i - 1);
            AccessUnit u = sink.units.get(i);
            assertThat(u.time()).isEqualTo(prev.time().plusMillis(100));
            assertThat(u.mediaTime() - prev.mediaTime()).isEqualTo(9000);
            assertThat(u.keyframe()).isEqualTo(i % 10 == 0);
            assertThat(u.endOfSection()).isFalse();
            assertThat(u.time()).isBefore(to);
            assertThat(u.data().getInt(0)).as("4-byte length prefix").isEqualTo(u.data().length() - 4);
        }
        assertThat(took).as("60 s of footage").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aStartBetweenKeyframesBeginsAtTheKeyframeBefore() {
        Instant from = start.plus(Duration.ofMinutes(10)).plusMillis(730);
        RecordingSink sink = new RecordingSink(vertx, 0);
        await(replay("rec-1", from, from.plusSeconds(5), sink));
        assertThat(sink.units.get(0).keyframe()).isTrue();
        assertThat(sink.units.get(0).time()).isEqualTo(start.plus(Duration.ofMinutes(10)));
        assertThat(sink.units).hasSize(8 + 50);
    }

    @Test
    void aGapEndsASectionAndTheNextUnitComesAfterIt() {
        Instant from = start.plusSeconds(20);
        Instant to = start.plusSeconds(50);
        RecordingSink sink = new RecordingSink(vertx, 0);
        ReplayEnd end = await(replay("rec-gap", from, to, sink));

        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        // frames 200..300 (300 is at 30.000 s, before the gap at 30.050), then 401..499 (401 at 40.100 s)
        assertThat(sink.units).hasSize(101 + 99);
        AccessUnit beforeGap = sink.units.get(100);
        AccessUnit afterGap = sink.units.get(101);
        assertThat(beforeGap.time()).isEqualTo(start.plusSeconds(30));
        assertThat(beforeGap.endOfSection()).isTrue();
        assertThat(afterGap.time()).isEqualTo(start.plusMillis(40_100));
        assertThat(afterGap.keyframe()).as("a section starts with a keyframe").isTrue();
        assertThat(afterGap.mediaTime() - beforeGap.mediaTime()).isEqualTo(101 * 9000L);
        assertThat(sink.units.stream().filter(AccessUnit::endOfSection)).hasSize(1);
    }

    @Test
    void theEndOfFootageEndsTheReplay() {
        Instant from = stoppedEnd.minusSeconds(10);
        RecordingSink sink = new RecordingSink(vertx, 0);
        ReplayEnd end = await(replay("rec-stopped", from, stoppedEnd.plusSeconds(60), sink));

        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.END_OF_FOOTAGE);
        assertThat(sink.units).hasSize(100);
        assertThat(end.lastTime()).isEqualTo(stoppedEnd.minusMillis(100));
        assertThat(sink.units.get(99).endOfSection()).isTrue();
    }

    @Test
    void anOpenRecordingIsFollowedAsItIsRecorded() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        Instant to = from.plusSeconds(3);
        RecordingSink sink = new RecordingSink(vertx, 0);
        ReplayEnd end = await(replay("rec-1", from, to, sink));

        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        assertThat(sink.units).hasSize(30);
        assertThat(end.lastTime()).isEqualTo(to.minusMillis(100));
        assertThat(Instant.now()).as("the last frame was not sent before it was recorded").isAfterOrEqualTo(to);
    }

    @Test
    void aDroppedConnectionFailsAfterExactlyTheUnitsSent() {
        faults.dropReplayAfterFrames = 25;
        RecordingSink sink = new RecordingSink(vertx, 0);
        Throwable err = awaitFailure(replay("rec-1", start.plusSeconds(60), start.plusSeconds(120), sink));

        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.CONNECTION_CLOSED);
        assertThat(sink.units).hasSize(25);
        assertThat(faults.dropReplayAfterFrames).as("one-shot").isEqualTo(-1);
        // the next replay works again, resuming after the last unit received
        RecordingSink again = new RecordingSink(vertx, 0);
        Instant resume = sink.units.get(24).time().plusMillis(1);
        await(replay("rec-1", resume, start.plusSeconds(120), again));
        assertThat(again.units.get(0).time()).isEqualTo(start.plusSeconds(60 + 2));
    }

    @Test
    void aSlowSinkHoldsTheServerBack() {
        Instant from = start.plus(Duration.ofMinutes(5));
        RecordingSink sink = new RecordingSink(vertx, 1);
        Future<ReplayEnd> f = replay("rec-1", from, from.plus(Duration.ofMinutes(5)), sink);
        until(() -> sink.units.size() >= 100, "100 units");
        long sentByThen = server.framesSent.get();
        ReplayEnd end = await(f);

        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        assertThat(sink.units).hasSize(3000);
        assertThat(server.maxPendingWriteBytes.get()).as("bytes queued in the server beyond the socket").isLessThan(256 * 1024);
        // 3000 frames are about 4 MB; socket buffers on both sides hold a few hundred KB
        assertThat(sentByThen).as("frames the server had sent when the slow sink had taken 100").isLessThan(2500);
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        RecordingSink sink = new RecordingSink(vertx, 0);
        Throwable err = awaitFailure(replay("rec-1", "wrong", start, start.plusSeconds(5), Instant.now().plusSeconds(10), sink));
        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(err.getMessage()).doesNotContain("wrong").doesNotContain(PASSWORD);
        assertThat(sink.units).isEmpty();
    }

    @Test
    void anUnknownRecordingIsNotFound() {
        Throwable err = awaitFailure(replay("nope", start, start.plusSeconds(5), new RecordingSink(vertx, 0)));
        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(err.getMessage()).contains("404");
    }

    @Test
    void aRealTimeOnlyServerIsPacedAndStillRight() {
        faults.realTimeOnly = true;
        Instant from = start.plusSeconds(100);
        RecordingSink sink = new RecordingSink(vertx, 0);
        long t0 = System.nanoTime();
        ReplayEnd end = await(replay("rec-1", from, from.plusSeconds(2), sink));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        assertThat(sink.units).hasSize(20);
        assertThat(sink.units.get(0).time()).isEqualTo(from);
        assertThat(took).as("2 s in real time").isGreaterThanOrEqualTo(Duration.ofMillis(1800));
    }

    @Test
    void aSlowDeviceMissesTheSetupDeadlineAndIsSentNothingAfterIt() throws InterruptedException {
        faults.responseDelay = Duration.ofMillis(700);
        RecordingSink sink = new RecordingSink(vertx, 0);
        long t0 = System.nanoTime();
        Throwable err = awaitFailure(replay("rec-1", PASSWORD, start, start.plusSeconds(5), Instant.now().plusMillis(300), sink));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(took).isLessThan(Duration.ofMillis(700));
        long requests = server.requestsReceived.get();
        Thread.sleep(1000); // whatever would have followed the delayed answer
        assertThat(server.requestsReceived.get()).as("requests after the deadline").isEqualTo(requests).isEqualTo(1);
    }

    @Test
    void aFailedSinkStopsTheReplayWithItsCause() {
        RecordingSink sink = new RecordingSink(vertx, 0) {
            @Override
            public Future<Void> accept(AccessUnit unit) {
                super.accept(unit);
                return units.size() == 5 ? Future.failedFuture(new WardenException(ErrorCode.STORAGE_FULL, "disk full")) : Future.succeededFuture();
            }
        };
        Throwable err = awaitFailure(replay("rec-1", start, start.plusSeconds(60), sink));
        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.STORAGE_FULL);
        assertThat(sink.units).hasSize(5);
        until(() -> server.connections.isEmpty(), "the connection closed");
    }
}
