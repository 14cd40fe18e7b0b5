package io.warden.sim.rtsp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Helpers of the RTSP tests: a sink that records (and can be slow). */
final class RtspReplayTestSupport {
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
}
