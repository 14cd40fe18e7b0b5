package io.warden.gateway.footage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.onvif.h264.H264AnnexB;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The simulator's committed clip (4 s, 10 fps, an IDR every 10 frames) cut into access units the way
 * a replay delivers them: parameter sets in the {@link VideoFormat}, each frame's other NAL units
 * length-prefixed. Frame k of a recording is captured at {@code start + k*100 ms} and shows clip frame
 * k mod 40, like the simulator. Also runs a sink on one Vert.x context, as a replay would.
 */
final class ClipFixture {
    static final int CLIP_FRAMES = 40;
    static final long TICKS_PER_FRAME = 9000;

    final VideoFormat format;
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Boolean> keyframes = new ArrayList<>();

    ClipFixture() {
        Buffer stream;
        try (InputStream in = ClipFixture.class.getResourceAsStream("/io/warden/sim/onvif/clip.h264")) {
            stream = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Buffer> sps = new ArrayList<>();
        List<Buffer> pps = new ArrayList<>();
        Buffer frame = Buffer.buffer();
        boolean key = false;
        for (Buffer nal : H264AnnexB.nalUnits(stream)) {
            int type = H264AnnexB.type(nal);
            if (type == H264AnnexB.NAL_SPS) {
                if (sps.isEmpty()) sps.add(nal);
                continue;
            }
            if (type == H264AnnexB.NAL_PPS) {
                if (pps.isEmpty()) pps.add(nal);
                continue;
            }
            if (type == H264AnnexB.NAL_AUD) continue;
            frame.appendInt(nal.length()).appendBuffer(nal);
            key |= type == H264AnnexB.NAL_IDR;
            if (type == 1 || type == H264AnnexB.NAL_IDR) { // one slice per frame in this clip
                frames.add(frame.getBytes());
                keyframes.add(key);
                frame = Buffer.buffer();
                key = false;
            }
        }
        if (frames.size() != CLIP_FRAMES) throw new IllegalStateException("expected 40 frames, got " + frames.size());
        format = new VideoFormat(sps, pps);
    }

    /** Frame k of a recording starting at {@code start}, on a 90 kHz clock starting at {@code base}; a fresh buffer each time. */
    AccessUnit unit(Instant start, long base, int k) {
        return unit(start.plusMillis(100L * k), base + k * TICKS_PER_FRAME, k, false);
    }

    AccessUnit unit(Instant time, long mediaTime, int k, boolean endOfSection) {
        int i = Math.floorMod(k, CLIP_FRAMES);
        return new AccessUnit(time, mediaTime, keyframes.get(i), endOfSection, Buffer.buffer(frames.get(i).clone()));
    }

    int frameBytes(int k) {
        return frames.get(Math.floorMod(k, CLIP_FRAMES)).length;
    }

    /** Frames {@code first..last} (inclusive) of a recording starting at {@code start}, made as they are consumed. */
    Iterator<AccessUnit> units(Instant start, long base, int first, int last) {
        return units(first, last, k -> unit(start, base, k));
    }

    static Iterator<AccessUnit> units(int first, int last, IntFunction<AccessUnit> make) {
        return new Iterator<>() {
            int k = first;

            @Override
            public boolean hasNext() {
                return k <= last;
            }

            @Override
            public AccessUnit next() {
                return make.apply(k++);
            }
        };
    }

    /** One Vert.x context that plays the replay's role: every call to the writer happens on it. */
    static final class OnContext {
        final Vertx vertx;
        final Context context;

        OnContext(Vertx vertx) {
            this.vertx = vertx;
            this.context = vertx.getOrCreateContext();
        }

        /** Runs {@code call} on the context and waits for its future. */
        <T> T await(Callable<Future<T>> call) throws Exception {
            Promise<T> p = Promise.promise();
            context.runOnContext(v -> {
                try {
                    call.call().onComplete(p);
                } catch (Throwable t) {
                    p.fail(t);
                }
            });
            return p.future().await(60, TimeUnit.SECONDS);
        }

        /** Feeds units to {@code sink} on the context, honouring each returned future (back-pressure), without recursion. */
        void feed(ReplaySink sink, Iterator<AccessUnit> units) throws Exception {
            await(() -> {
                Promise<Void> done = Promise.promise();
                pump(sink, units, done);
                return done.future();
            });
        }

        private static void pump(ReplaySink sink, Iterator<AccessUnit> units, Promise<Void> done) {
            while (units.hasNext()) {
                Future<Void> f = sink.accept(units.next());
                if (f.failed()) {
                    done.fail(f.cause());
                    return;
                }
                if (!f.isComplete()) {
                    f.onComplete(ar -> {
                        if (ar.failed()) done.fail(ar.cause());
                        else pump(sink, units, done);
                    });
                    return;
                }
            }
            done.complete();
        }
    }

    static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }
}
