package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk, and an hour of footage with flat memory. */
class CameraClipWriterLimitsTest {
    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path dir;

    final ClipFixture clip = new ClipFixture();
    Vertx vertx;
    ClipFixture.OnContext replay;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        replay = new ClipFixture.OnContext(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void lessFreeSpaceThanTheReserveFailsStorageFullAndEveryLaterCallToo() throws Exception {
        long reserve = Files.getFileStore(dir).getUsableSpace() + (1L << 40);
        CameraClipWriter w = replay.await(() -> Future.succeededFuture(
                new CameraClipWriter(vertx, dir, "cam", START, START.plusSeconds(4), Duration.ofSeconds(2), reserve)));
        replay.await(() -> w.format(clip.format));
        replay.feed(w, clip.units(START, 0, 0, 39)); // less than a batch: the failure shows at finish
        assertThatThrownBy(() -> replay.await(w::finish)).isInstanceOfSatisfying(WardenException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL);
            assertThat(e.getMessage()).contains("below the reserve");
        });
        assertThatThrownBy(() -> replay.await(() -> w.accept(clip.unit(START, 0, 40))))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL));
        replay.await(w::discard);
        assertThat(files()).isEmpty();
    }

    @Test
    void aDiskThatFillsMidwayStopsTheReplayAndDiscardRemovesThePartialClips() throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        Mp4ClipFile.StorageGuard guard = file -> {
            if (full.get()) throw new WardenException(ErrorCode.STORAGE_FULL, "test: the disk is full");
        };
        CameraClipWriter w = replay.await(() -> Future.succeededFuture(
                new CameraClipWriter(vertx, dir, "cam", START, START.plusSeconds(600), Duration.ofSeconds(2), guard)));
        replay.await(() -> w.format(clip.format));
        // a gap after frame 99 so that a closed clip exists too
        replay.feed(w, ClipFixture.units(0, 99, k -> clip.unit(START.plusMillis(100L * k), 9000L * k, k, k == 99)));
        replay.feed(w, clip.units(START, 0, 200, 1999));
        full.set(true);
        assertThatThrownBy(() -> replay.feed(w, clip.units(START, 0, 2000, 5999)))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL));
        assertThat(w.lastTime()).isBefore(START.plusMillis(100L * 5999)); // the replay was stopped before the end
        assertThatThrownBy(() -> replay.await(w::finish)).isInstanceOf(WardenException.class);
        assertThat(files()).isNotEmpty();
        replay.await(w::discard);
        assertThat(files()).isEmpty();
    }

    @Test
    void aFullDiskIoErrorIsStorageFull() {
        assertThat(ClipFileSequence.storageError(new IOException("No space left on device")).code()).isEqualTo(ErrorCode.STORAGE_FULL);
        assertThat(ClipFileSequence.storageError(new IOException("Input/output error")).code()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void anHourOfFootageKeepsNoFrameDataInMemory() throws Exception {
        int frames = 36_000; // 60 minutes at 10 frames/s, every unit a fresh buffer
        CameraClipWriter w = replay.await(() -> Future.succeededFuture(
                new CameraClipWriter(vertx, dir, "cam", START, START.plusSeconds(3600), Duration.ofSeconds(2))));
        replay.await(() -> w.format(clip.format));
        List<WeakReference<Buffer>> sampled = new ArrayList<>();
        long before = usedHeapAfterGc();
        long[] dataBytes = {0};
        replay.feed(w, ClipFixture.units(0, frames - 1, k -> {
            AccessUnit u = clip.unit(START, 0, k);
            dataBytes[0] += u.data().length();
            if (k % 100 == 0 && k < frames - 4000) sampled.add(new WeakReference<>(u.data()));
            return u;
        }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long alive;
        do {
            System.gc();
            alive = sampled.stream().filter(r -> r.get() != null).count();
        } while (alive > 0 && System.nanoTime() < deadline);
        assertThat(alive).as("frames the writer still holds, of %d sampled", sampled.size()).isZero();
        long growth = usedHeapAfterGc() - before;
        assertThat(dataBytes[0]).isGreaterThan(40L << 20);
        assertThat(growth).as("heap growth while writing %d MiB of frames", dataBytes[0] >> 20).isLessThan(16L << 20);

        List<Clip> clips = replay.await(w::finish);
        assertThat(clips).singleElement().satisfies(c -> {
            assertThat(c.frames()).isEqualTo(frames);
            assertThat(c.to()).isEqualTo(START.plusSeconds(3600));
        });
        Ffprobe p = Ffprobe.of(dir.resolve("cam-1.mp4"), false);
        assertThat(p.frames()).isEqualTo(frames);
        assertThat(p.duration()).isCloseTo(3600.0, within(0.001));
        assertThat(p.pts()).last().isEqualTo((frames - 1) * 9000L);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
