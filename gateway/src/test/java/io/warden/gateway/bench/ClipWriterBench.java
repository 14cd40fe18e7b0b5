package io.warden.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.footage.CameraClipWriter;
import io.warden.gateway.footage.Clip;
import io.warden.gateway.footage.ClipFixture;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The clip writer alone: a 10- and a 60-minute clip (10 frames/s of the simulator's picture, each frame
 * a fresh buffer) written as fast as the disk allows. Prints wall time, the ratio to real time, the
 * live heap after a GC sampled every minute of footage (what the writer keeps), and the heap pools'
 * peak (includes garbage not yet collected). Run: {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java
 * -Dexec.mainClass=io.warden.gateway.bench.ClipWriterBench}.
 */
public final class ClipWriterBench {
    public static void main(String[] args) throws Exception {
        for (int minutes : new int[] {10, 60}) run(minutes);
        System.exit(0);
    }

    private static void run(int minutes) throws Exception {
        Path dir = Files.createTempDirectory("clip-bench");
        Vertx vertx = Vertx.vertx();
        try {
            ClipFixture clip = new ClipFixture();
            ClipFixture.OnContext replay = new ClipFixture.OnContext(vertx);
            Instant start = Instant.parse("2026-03-02T10:00:00Z");
            CameraClipWriter w = replay.await(() -> Future.succeededFuture(new CameraClipWriter(vertx, dir, "cam", start,
                    start.plusSeconds(60L * minutes), Duration.ofSeconds(2))));
            replay.await(() -> w.format(clip.format));
            long baseline = liveHeap();
            resetPeaks();
            long maxLive = 0;
            long t0 = System.nanoTime();
            for (int m = 0; m < minutes; m++) {
                replay.feed(w, clip.units(start, 0, m * 600, m * 600 + 599));
                maxLive = Math.max(maxLive, liveHeap());
            }
            List<Clip> clips = replay.await(w::finish);
            double wall = (System.nanoTime() - t0) / 1e9;
            Clip c = clips.get(0);
            System.out.printf("bench=clip_writer minutes=%d frames=%d bytes=%d wall_s=%.2f x_realtime=%.0f live_heap_growth_mib=%.1f "
                    + "heap_peak_mib=%.1f%n", minutes, c.frames(), c.bytes(), wall, minutes * 60 / wall, (maxLive - baseline) / 1048576.0,
                    peakHeap() / 1048576.0);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long liveHeap() {
        for (int i = 0; i < 2; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }
}
