package io.warden.gateway.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use during one bench phase: the heap pools' peak (reset at {@link #start}), the used heap sampled
 * every 50 ms (both include garbage not yet collected), the heap left after each collection the JVM
 * chose to run (GC notifications: survivors and old generation, no forced GC), and, when asked, the live
 * heap after a forced full GC every {@code gcEveryMs} (what the code under test really keeps). One daemon
 * thread; figures in MiB.
 */
final class HeapSampler {
    private static final long PERIOD_MS = 50;

    /** Heap figures of a phase, MiB; {@code liveGrowth} is NaN when no forced-GC samples were taken. */
    record Heap(double baseline, double poolPeak, double sampledPeak, double afterGcPeak, double liveGrowth) {}

    private final long gcEveryMs;
    private final long baseline;
    private final AtomicLong sampledPeak = new AtomicLong();
    private final AtomicLong livePeak = new AtomicLong(-1);
    private final AtomicLong afterGcPeak = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final NotificationListener onGc = this::onGc;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler(long gcEveryMs) {
        this.gcEveryMs = gcEveryMs;
        this.baseline = liveHeap();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(onGc, null, null);
                emitters.add(e);
            }
        }
        this.thread = new Thread(this::loop, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** GCs, notes the live heap as the baseline, resets the pools' peaks and starts sampling. */
    static HeapSampler start(long gcEveryMs) {
        return new HeapSampler(gcEveryMs);
    }

    private void loop() {
        long nextGc = System.currentTimeMillis() + gcEveryMs;
        while (running) {
            sampledPeak.accumulateAndGet(usedHeap(), Math::max);
            if (gcEveryMs > 0 && System.currentTimeMillis() >= nextGc) {
                livePeak.accumulateAndGet(liveHeap(), Math::max);
                nextGc = System.currentTimeMillis() + gcEveryMs;
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (info.getGcCause().equals("System.gc()")) return; // ours: counted as live heap
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) sum += e.getValue().getUsed();
        }
        afterGcPeak.accumulateAndGet(sum, Math::max);
    }

    /** Stops sampling (one last forced-GC sample when GC sampling is on) and returns the figures. */
    Heap stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(onGc);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // never added
            }
        }
        sampledPeak.accumulateAndGet(usedHeap(), Math::max);
        long pools = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) pools += p.getPeakUsage().getUsed();
        }
        if (gcEveryMs > 0) livePeak.accumulateAndGet(liveHeap(), Math::max);
        double live = livePeak.get() < 0 ? Double.NaN : mib(livePeak.get() - baseline);
        return new Heap(mib(baseline), mib(pools), mib(sampledPeak.get()), mib(afterGcPeak.get()), live);
    }

    private static long usedHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getUsage().getUsed();
        }
        return sum;
    }

    private static long liveHeap() {
        for (int i = 0; i < 2; i++) System.gc();
        return usedHeap();
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
