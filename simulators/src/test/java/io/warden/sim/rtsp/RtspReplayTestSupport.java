package io.warden.sim.rtsp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Helpers of the RTSP tests: a sink that records (and can be slow), waits with generous deadlines. */
final class RtspReplayTestSupport {
    static final Duration WAIT = Duration.ofSeconds(30);

    private RtspReplayTestSupport() {}

    /** Records what it gets; each accept completes after {@code delayMs} (0: at once). */
    static class RecordingSink implements ReplaySink {
        final List<VideoFormat> formats = new CopyOnWriteArrayList<>();
        final List<AccessUnit> units = new CopyOnWriteArrayList<>();
        private final Vertx vertx;
        private final long delayMs;

        RecordingSink(Vertx vertx, long delayMs) {
            this.vertx = vertx;
            this.delayMs = delayMs;
        }

        @Override
        public Future<Void> format(VideoFormat format) {
            formats.add(format);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> accept(AccessUnit unit) {
            units.add(unit);
            if (delayMs <= 0) return Future.succeededFuture();
            Promise<Void> p = Promise.promise();
            vertx.setTimer(delayMs, t -> p.complete());
            return p.future();
        }
    }

    static <T> T get(Future<T> f) {
        try {
            return f.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("future not completed within " + WAIT, e);
        }
    }

    static Throwable failure(Future<?> f) {
        try {
            f.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("future not completed within " + WAIT, e);
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a failure, got " + f.result());
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
