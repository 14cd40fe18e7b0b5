package io.warden.gateway.footage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.Camera;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.RecordingSpan;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.api.WardenException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera of one job: asks the device what it recorded in the window, replays each span into one
 * {@link CameraClipWriter}, resumes a replay that broke after progress (from the writer's last frame,
 * at most {@code resumeAttempts} times), and records what it could not have as gaps. Its state is
 * the {@link CameraJob}.
 *
 * <p>Clocks: the request's window is gateway (true) time; the device stamps its footage with its own clock. The
 * window is shifted by the camera's last measured {@link Camera#clockOffset()} (device minus gateway) when asking the
 * device, and the frames' times are shifted back, so clips, covered ranges and gaps are gateway time; see
 * {@link #deviceShift}. The measured offset is recorded (manifest {@code clockOffsetMs}, and the device-clock window).
 *
 * <p>{@link #run} fails only when the whole job must stop: {@link ErrorCode#STORAGE_FULL}, or the
 * job's abort (cancel, another camera's full disk, gateway stop). Any other failure is this camera's
 * alone: it ends {@code failed} with the code and message, and the other cameras go on.
 */
final class CameraExport {
    private static final Logger log = LoggerFactory.getLogger(CameraExport.class);
    /** Progress goes out at most this often per camera (API and event stream). */
    static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    /** What the export needs from the job and the service. */
    record Setup(Vertx vertx, Path dir, Instant from, Instant to, Duration gap, long reserveBytes, int resumeAttempts, Duration requestTimeout,
                 RecorderSessions sessions, Clock clock, Consumer<CameraJob> onProgress, Supplier<Throwable> aborted) {}

    private final Setup setup;
    private final CameraJob state;
    private final Camera camera;
    private CameraClipWriter writer;
    private int resumes;
    private Throwable lastError;
    private long lastProgress;
    /** Device clock minus gateway clock, fixed for the whole export so that every frame is shifted alike. */
    private Duration offset = Duration.ZERO;

    CameraExport(Setup setup, CameraJob state, Camera camera) {
        this.setup = setup;
        this.state = state;
        this.camera = camera;
    }

    CameraJob state() {
        return state;
    }

    /** Runs the export to the end; see the class comment for when it fails. */
    Future<Void> run() {
        Throwable abort = setup.aborted().get();
        if (abort != null) return Future.failedFuture(abort);
        state.status(FootageJob.Status.RUNNING, null);
        setup.onProgress().accept(state);
        Future<Void> info = camera.info(deadline())
                .map(i -> {
                    state.info(i, null, null);
                    return (Void) null;
                })
                .otherwise(t -> {
                    state.info(null, WardenException.codeOf(t).name(), t.getMessage());
                    return null;
                });
        Long offsetMs = camera.clockOffset().map(Duration::toMillis).orElse(null);
        offset = deviceShift(offsetMs);
        Future<Void> export = camera.recordings(device(setup.from()), device(setup.to()), deadline()).compose(spans -> {
            LinkedHashSet<String> tokens = new LinkedHashSet<>();
            spans.forEach(s -> tokens.add(s.recordingToken()));
            state.device(camera.recorder(), new ArrayList<>(tokens), offsetMs);
            writer = new CameraClipWriter(setup.vertx(), setup.dir(), state.id(), setup.from(), setup.to(), setup.gap(), setup.reserveBytes());
            Future<Void> chain = Future.succeededFuture();
            for (RecordingSpan span : spans) chain = chain.compose(v -> replaySpan(span, start(span), writer.lastTime()));
            return chain.compose(v -> writer.finish()).map(clips -> {
                List<CameraJob.Range> covered = Ranges.covered(clips, setup.from(), setup.to());
                state.finished(clips, covered, Ranges.gaps(covered, setup.from(), setup.to()));
                if (clips.isEmpty() && lastError != null) {
                    state.status(FootageJob.Status.FAILED, describe(lastError));
                } else {
                    if (spans.isEmpty()) state.note("nothing recorded in the window");
                    if (lastError != null) state.note("replay broke, the rest is a gap: " + describe(lastError));
                    state.status(FootageJob.Status.DONE, null);
                }
                return (Void) null;
            });
        });
        return Future.join(info, export).transform(ar -> {
            state.device(camera.recorder(), state.recordingTokens(), offsetMs);
            if (export.succeeded()) {
                setup.onProgress().accept(state);
                return Future.succeededFuture();
            }
            Throwable t = export.cause();
            Throwable stop = setup.aborted().get();
            if (stop != null) return Future.failedFuture(stop);
            if (WardenException.codeOf(t) == ErrorCode.STORAGE_FULL) return Future.failedFuture(t);
            log.info("event=footage_camera_failed camera={} code={} detail=\"{}\"", state.id(), WardenException.codeOf(t), t.getMessage());
            state.status(FootageJob.Status.FAILED, describe(t));
            setup.onProgress().accept(state);
            return discard();
        });
    }

    /** Deletes whatever this camera wrote (a cancelled or failed job). */
    Future<Void> discard() {
        state.dropClips();
        return writer == null ? Future.succeededFuture() : writer.discard().otherwise(t -> null);
    }

    /**
     * The shift applied for a measured offset: devices report their clock in whole seconds (ONVIF), so a measurement
     * is good to about a second. Under 1.5 s it is taken as zero (the clocks agree as far as can be known, and frame
     * times stay exact); beyond, it is rounded to whole seconds. Zero when not measured.
     */
    static Duration deviceShift(Long offsetMs) {
        if (offsetMs == null || Math.abs(offsetMs) < 1500) return Duration.ZERO;
        return Duration.ofSeconds(Math.round(offsetMs / 1000.0));
    }

    /** A gateway instant on the device's clock. */
    private Instant device(Instant gatewayTime) {
        return gatewayTime.plus(offset);
    }

    /** Where a span's replay starts, device time. */
    private Instant start(RecordingSpan span) {
        Instant from = device(setup.from());
        return span.from().isBefore(from) ? from : span.from();
    }

    /** @param start device time; @param before gateway time (the writer's last frame when this replay began) */
    private Future<Void> replaySpan(RecordingSpan span, Instant start, Instant before) {
        Instant to = device(setup.to());
        Instant end = span.to().isAfter(to) ? to : span.to();
        if (!end.isAfter(start)) return Future.succeededFuture();
        return setup.sessions().acquire(camera.recorder()).compose(permit -> {
            Throwable abort = setup.aborted().get();
            if (abort != null) {
                permit.release();
                return Future.failedFuture(abort);
            }
            Future<?> replay;
            try {
                replay = camera.replay(span.recordingToken(), start, end, deadline(), new Sink());
            } catch (RuntimeException e) {
                replay = Future.failedFuture(e); // an adapter's bug must not keep the recorder's session slot forever
            }
            return replay.andThen(x -> permit.release());
        }).transform(ar -> {
            if (ar.succeeded()) return Future.<Void>succeededFuture();
            Throwable t = ar.cause();
            Throwable abort = setup.aborted().get();
            if (abort != null) return Future.failedFuture(abort);
            ErrorCode code = WardenException.codeOf(t);
            if (code == ErrorCode.STORAGE_FULL) return Future.failedFuture(t);
            Instant last = writer.lastTime();
            boolean progressed = last != null && (before == null || last.isAfter(before));
            if (code.isTransient() && progressed && resumes < setup.resumeAttempts() && device(last).isBefore(end)) {
                resumes++;
                log.info("event=footage_replay_resumed camera={} recording={} from={} attempt={} code={}", state.id(),
                        span.recordingToken(), last, resumes, code);
                return replaySpan(span, device(last), last);
            }
            lastError = t;
            log.info("event=footage_replay_broke camera={} recording={} at={} code={}", state.id(), span.recordingToken(), last, code);
            return Future.succeededFuture(); // what could not be had is a gap
        });
    }

    private Instant deadline() {
        return setup.clock().instant().plus(setup.requestTimeout());
    }

    private static String describe(Throwable t) {
        return WardenException.codeOf(t).name() + ": " + t.getMessage();
    }

    /** The writer, stopped by an abort and reporting progress at most ~2×/s. */
    private final class Sink implements ReplaySink {
        @Override
        public Future<Void> format(VideoFormat format) {
            Throwable abort = setup.aborted().get();
            return abort != null ? Future.failedFuture(abort) : writer.format(format);
        }

        @Override
        public Future<Void> accept(AccessUnit unit) {
            Throwable abort = setup.aborted().get();
            if (abort != null) return Future.failedFuture(abort);
            // the device's clock to the gateway's: clips, covered ranges and gaps are in the request's time
            AccessUnit shifted = offset.isZero() ? unit
                    : new AccessUnit(unit.time().minus(offset), unit.mediaTime(), unit.keyframe(), unit.endOfSection(), unit.data());
            return writer.accept(shifted).andThen(ar -> {
                long now = System.nanoTime();
                if (ar.succeeded() && now - lastProgress >= PROGRESS_EVERY_NANOS) {
                    lastProgress = now;
                    state.progress(writer.progress());
                    setup.onProgress().accept(state);
                }
            });
        }
    }
}
