package io.warden.adapter.api.contract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.Camera;
import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.RecordingSpan;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.api.WardenException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The camera contract against a minimal in-memory camera that does what the SPI says: proves the
 * contract's tests can pass, and fail for the right reasons, before a real adapter runs them.
 */
class InMemoryCameraContractTest extends CameraContract {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final RecordingSpan RECORDED = new RecordingSpan("R1", T0, T0.plusSeconds(120));

    @Override
    protected CameraFixture startFixture(Vertx vertx) {
        InMemoryCamera cam = new InMemoryCamera(vertx);
        return new CameraFixture() {
            @Override
            public Camera camera() {
                return cam;
            }

            @Override
            public RecordingSpan recorded() {
                return new RecordingSpan("R1", T0.plusSeconds(10), T0.plusSeconds(60));
            }

            @Override
            public void setReachable(boolean reachable) {
                cam.reachable = reachable;
            }

            @Override
            public void close() {}
        };
    }

    /** 10 frames/s from T0 to T0+120 s, a keyframe every 10 frames. */
    private static final class InMemoryCamera implements Camera {
        private final Vertx vertx;
        volatile boolean reachable = true;

        InMemoryCamera(Vertx vertx) {
            this.vertx = vertx;
        }

        private <T> Future<T> guard(Instant deadline) {
            if (!Instant.now().isBefore(deadline)) return Future.failedFuture(new WardenException(ErrorCode.DEVICE_TIMEOUT, "deadline passed"));
            if (!reachable) return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, "unreachable"));
            return null;
        }

        @Override
        public String cameraId() {
            return "mem-1";
        }

        @Override
        public String recorder() {
            return "mem://1";
        }

        @Override
        public Future<CameraInfo> info(Instant deadline) {
            Future<CameraInfo> g = guard(deadline);
            return g != null ? g : Future.succeededFuture(new CameraInfo("Mem", "M1", "1.0", "S1", "H1"));
        }

        @Override
        public Optional<Duration> clockOffset() {
            return Optional.of(Duration.ZERO);
        }

        @Override
        public Future<List<RecordingSpan>> recordings(Instant from, Instant to, Instant deadline) {
            Future<List<RecordingSpan>> g = guard(deadline);
            if (g != null) return g;
            Instant s = from.isAfter(RECORDED.from()) ? from : RECORDED.from();
            Instant e = to.isBefore(RECORDED.to()) ? to : RECORDED.to();
            return Future.succeededFuture(e.isAfter(s) ? List.of(new RecordingSpan("R1", s, e)) : List.of());
        }

        @Override
        public Future<ReplayEnd> replay(String token, Instant from, Instant to, Instant setupDeadline, ReplaySink sink) {
            Future<ReplayEnd> g = guard(setupDeadline);
            if (g != null) return g;
            if (!token.equals("R1")) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no recording " + token));
            long k = Math.max(0, Duration.between(T0, from).toMillis() / 100);
            k -= k % 10;
            List<AccessUnit> units = new ArrayList<>();
            for (long i = k; ; i++) {
                Instant t = T0.plusMillis(i * 100);
                if (!t.isBefore(RECORDED.to())) break;
                units.add(new AccessUnit(t, i * 9000, i % 10 == 0, false, Buffer.buffer(new byte[] {0, 0, 0, 2, 0x65, 1})));
                if (!t.isBefore(to)) break;
            }
            Future<Void> chain = sink.format(new VideoFormat(List.of(Buffer.buffer(new byte[] {0x67})), List.of(Buffer.buffer(new byte[] {0x68}))));
            Instant[] last = new Instant[1];
            for (AccessUnit u : units) {
                chain = chain.compose(v -> {
                    if (!u.time().isBefore(to)) return Future.failedFuture(new ReachedEnd());
                    last[0] = u.time();
                    return sink.accept(u);
                });
            }
            return chain.map(v -> new ReplayEnd(ReplayEnd.Reason.END_OF_FOOTAGE, last[0]))
                    .recover(t -> t instanceof ReachedEnd ? Future.succeededFuture(new ReplayEnd(ReplayEnd.Reason.REACHED_END, last[0]))
                            : Future.failedFuture(t));
        }

        @Override
        public Future<Buffer> snapshot(Instant deadline) {
            Future<Buffer> g = guard(deadline);
            if (g != null) return g;
            Buffer b = Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8});
            b.appendBytes(new byte[200]);
            return Future.succeededFuture(b);
        }
    }

    private static final class ReachedEnd extends RuntimeException {
        ReachedEnd() {
            super(null, null, false, false);
        }
    }
}
