package io.warden.gateway.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one delivery path (SSE, MQTT, a webhook) received of a bench's events. Each event carries its number in
 * its audit detail ({@link #detail(int)}); a receiver hands every record's detail here with the time it got it,
 * and the first receipt of each number is kept. Records that are not the bench's (e.g. {@code config.loaded})
 * are ignored. Thread-safe: a receiver may run on several event loops.
 */
final class EventReceipts {
    private static final String MARK = "bench n=";
    private static final long ORIGIN = System.nanoTime();

    private final String path;
    /** Per event: {@link #now()} at its first receipt, 0 while none. */
    private final AtomicLongArray first;
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder records = new LongAdder();

    EventReceipts(String path, int events) {
        this.path = path;
        this.first = new AtomicLongArray(events);
    }

    /** Nanoseconds on the bench's one clock (monotonic, shared by every thread of the JVM), never 0. */
    static long now() {
        return System.nanoTime() - ORIGIN + 1;
    }

    /** The audit detail of bench event {@code n}. */
    static String detail(int n) {
        return MARK + n;
    }

    /** A record with this audit {@code detail} arrived at {@code at} ({@link #now()}). */
    void receipt(String detail, long at) {
        records.increment();
        if (detail == null || !detail.startsWith(MARK)) return;
        int n;
        try {
            n = Integer.parseInt(detail, MARK.length(), detail.length(), 10);
        } catch (NumberFormatException e) {
            malformed.increment();
            return;
        }
        if (n < 0 || n >= first.length()) malformed.increment();
        else if (!first.compareAndSet(n, 0, at)) duplicates.increment();
    }

    /** A frame or body that could not be read at all (counted with the malformed ones). */
    void unreadable() {
        records.increment();
        malformed.increment();
    }

    String path() {
        return path;
    }

    /** Every record received, the bench's or not, repeats included. */
    long records() {
        return records.sum();
    }

    /** Distinct events received so far. */
    int received() {
        int count = 0;
        for (int i = 0; i < first.length(); i++) if (first.get(i) != 0) count++;
        return count;
    }

    /**
     * @param received     distinct events received (of all, warm-up included)
     * @param lost         events committed to the trail but never received (of all, warm-up included)
     * @param duplicates   receipts of an event already received (QoS 1 and webhook retries may repeat one)
     * @param malformed    unreadable frames, and records that looked like the bench's but named no event of it
     * @param perSecond    measured events received per second, from the first measured append to the last receipt
     * @param latencyNanos append call → receipt of each measured event received, sorted
     */
    record Summary(String path, int received, int lost, long duplicates, long malformed, double perSecond, long[] latencyNanos) {}

    /**
     * The worst latency (ms) of the events appended in each second, from the first one: where a path stalled.
     * -1 for a second none of whose events arrived.
     */
    long[] worstPerSecond(long[] appendedAt, int perSecond) {
        long[] worst = new long[(first.length() + perSecond - 1) / perSecond];
        Arrays.fill(worst, -1);
        for (int n = 0; n < first.length(); n++) {
            long at = first.get(n);
            if (at != 0) worst[n / perSecond] = Math.max(worst[n / perSecond], (at - appendedAt[n]) / 1_000_000);
        }
        return worst;
    }

    /**
     * @param appendedAt   per event, {@link #now()} when its append was called
     * @param committedAt  per event, {@link #now()} when its append completed, 0 when it failed
     * @param measuredFrom the first event after the warm-up
     */
    Summary summary(long[] appendedAt, long[] committedAt, int measuredFrom) {
        int received = 0;
        int lost = 0;
        long last = 0;
        long[] latency = new long[first.length() - measuredFrom];
        int measured = 0;
        for (int n = 0; n < first.length(); n++) {
            long at = first.get(n);
            if (at == 0) {
                if (committedAt[n] != 0) lost++;
                continue;
            }
            received++;
            if (n < measuredFrom) continue;
            latency[measured++] = at - appendedAt[n];
            last = Math.max(last, at);
        }
        long[] sorted = Arrays.copyOf(latency, measured);
        Arrays.sort(sorted);
        double seconds = (last - appendedAt[measuredFrom]) / 1e9;
        return new Summary(path, received, lost, duplicates.sum(), malformed.sum(), measured == 0 ? 0 : measured / seconds, sorted);
    }
}
