package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.Camera;
import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.RecordingSpan;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.WardenException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A camera with synthetic edge recordings: frame k is captured at {@code recordingStart + k*100 ms}
 * (none inside the gap; numbering continues after it), shows clip frame {@code k mod 40}, a keyframe
 * every 10 frames; recording runs until now. No kinder than a real one: a replay starts at the
 * keyframe before {@code from}, a drop fails the replay with CONNECTION_CLOSED, offline fails
 * everything with DEVICE_OFFLINE. Faults are switched by tests through {@link #of}.
 */
public final class FakeCamera implements Camera {
    private static final Map<String, FakeCamera> BY_ID = new ConcurrentHashMap<>();
    private static final long FRAME_MS = 100;

    private final Vertx vertx;
    private final Clock clock;
    private final String id;
    private final String recorder;
    private final Instant recordingStart;
    public volatile boolean offline;
    /** Each replay session fails CONNECTION_CLOSED after this many units, while {@link #drops} lasts. */
    public volatile int dropAfter = -1;
    public final AtomicInteger drops = new AtomicInteger();
    /** Milliseconds between units (a slow device). */
    public volatile long slowMs;
    /** Thrown by {@link #replay} (an adapter with a bug) while set. */
    public volatile RuntimeException throwOnReplay;
    /** A hole in the recording [gapFrom, gapTo), both on whole seconds from the recording start. */
    public volatile Instant gapFrom;
    public volatile Instant gapTo;
    public final AtomicInteger replays = new AtomicInteger();
    public final AtomicInteger active = new AtomicInteger();
    public final AtomicInteger maxActive = new AtomicInteger();
    public final List<Instant> replayStarts = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeCamera(Vertx vertx, Clock clock, String id, String recorder, Instant recordingStart) {
        this.vertx = vertx;
        this.clock = clock;
        this.id = id;
        this.recorder = recorder;
        this.recordingStart = recordingStart;
        BY_ID.put(id, this);
    }

    /** The camera most recently created with this id. */
    public static FakeCamera of(String id) {
        FakeCamera c = BY_ID.get(id);
        if (c == null) throw new IllegalStateException("no fake camera " + id);
        return c;
    }

    public Instant recordingStart() {
        return recordingStart;
    }

    @Override
    public String cameraId() {
        return id;
    }

    @Override
    public String recorder() {
        return recorder;
    }

    @Override
    public Future<CameraInfo> info(Instant deadline) {
        if (offline) return offlineFailure();
        return Future.succeededFuture(new CameraInfo("Warden Test", "FakeCam", "1.0", "SN-" + id, "HW-1"));
    }

    @Override
    public Optional<Duration> clockOffset() {
        return offline ? Optional.empty() : Optional.of(Duration.ofMillis(-40));
    }

    @Override
    public Future<List<RecordingSpan>> recordings(Instant from, Instant to, Instant deadline) {
        if (offline) return offlineFailure();
        Instant end = min(to, clock.instant());
        Instant start = from.isBefore(recordingStart) ? recordingStart : from;
        List<RecordingSpan> spans = new ArrayList<>();
        if (gapFrom != null && gapFrom.isBefore(end) && gapTo.isAfter(start)) {
            if (gapFrom.isAfter(start)) spans.add(new RecordingSpan("rec-" + id, start, gapFrom));
            if (end.isAfter(gapTo)) spans.add(new RecordingSpan("rec-" + id, max(start, gapTo), end));
        } else if (end.isAfter(start)) {
            spans.add(new RecordingSpan("rec-" + id, start, end));
        }
        return Future.succeededFuture(spans);
    }

    @Override
    public Future<ReplayEnd> replay(String token, Instant from, Instant to, Instant setupDeadline, ReplaySink sink) {
        if (offline) return offlineFailure();
        RuntimeException bug = throwOnReplay;
        if (bug != null) throw bug;
        if (!token.equals("rec-" + id)) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no recording " + token));
        replays.incrementAndGet();
        replayStarts.add(from);
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        long k0 = Math.max(0, Math.floorDiv(from.toEpochMilli() - recordingStart.toEpochMilli(), FRAME_MS));
        while (k0 > 0 && (k0 % 10 != 0 || inGap(time(k0)))) k0--; // the clean point at or before from
        long k = k0;
        Promise<ReplayEnd> done = Promise.promise();
        boolean drop = dropAfter >= 0 && drops.getAndUpdate(d -> Math.max(0, d - 1)) > 0;
        sink.format(FakeCameraFootage.CLIP.format).onComplete(ar -> {
            if (ar.failed()) done.tryFail(ar.cause());
            else new Session(k, to, sink, done, drop ? dropAfter : -1).step();
        });
        return done.future().andThen(x -> active.decrementAndGet());
    }

    @Override
    public Future<Buffer> snapshot(Instant deadline) {
        if (offline) return offlineFailure();
        return Future.succeededFuture(Buffer.buffer(FakeCameraFootage.resource("/io/warden/sim/onvif/snapshot.jpg")));
    }

    private final class Session {
        private long k;
        private final Instant to;
        private final ReplaySink sink;
        private final Promise<ReplayEnd> done;
        private final int dropAfter;
        private int sent;
        private Instant last;

        Session(long k, Instant to, ReplaySink sink, Promise<ReplayEnd> done, int dropAfter) {
            this.k = k;
            this.to = to;
            this.sink = sink;
            this.done = done;
            this.dropAfter = dropAfter;
        }

        /** Sends units until the sink pushes back (a future not yet complete), without recursion. */
        void step() {
            while (true) {
                while (inGap(time(k))) k++;
                Instant t = time(k);
                if (!t.isBefore(to)) {
                    done.tryComplete(new ReplayEnd(ReplayEnd.Reason.REACHED_END, last));
                    return;
                }
                if (!t.isBefore(clock.instant())) {
                    done.tryComplete(new ReplayEnd(ReplayEnd.Reason.END_OF_FOOTAGE, last));
                    return;
                }
                if (offline || (dropAfter >= 0 && sent >= dropAfter)) {
                    done.tryFail(new WardenException(ErrorCode.CONNECTION_CLOSED, "fake " + id + ": connection dropped"));
                    return;
                }
                int i = (int) (k % 40);
                boolean key = k % 10 == 0;
                boolean endOfSection = inGap(time(k + 1));
                AccessUnit unit = new AccessUnit(t, k * 9000, key, endOfSection, FakeCameraFootage.CLIP.frames.get(i).copy());
                k++;
                sent++;
                last = t;
                Future<Void> f = sink.accept(unit);
                if (slowMs > 0) {
                    f.onComplete(ar -> {
                        if (ar.failed()) done.tryFail(ar.cause());
                        else vertx.setTimer(slowMs, x -> step());
                    });
                    return;
                }
                if (!f.isComplete()) {
                    f.onComplete(ar -> {
                        if (ar.failed()) done.tryFail(ar.cause());
                        else step();
                    });
                    return;
                }
                if (f.failed()) {
                    done.tryFail(f.cause());
                    return;
                }
            }
        }
    }

    private Instant time(long k) {
        return recordingStart.plusMillis(k * FRAME_MS);
    }

    private boolean inGap(Instant t) {
        Instant a = gapFrom;
        Instant b = gapTo;
        return a != null && !t.isBefore(a) && t.isBefore(b);
    }

    private <T> Future<T> offlineFailure() {
        return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, "fake " + id + " does not answer"));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
