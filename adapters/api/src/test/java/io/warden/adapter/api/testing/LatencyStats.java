package io.warden.adapter.api.testing;

import java.util.Arrays;
import java.util.List;

/** Latencies of a bench, in nanoseconds, sorted; percentiles by nearest rank. */
public record LatencyStats(long[] sorted) {
    public static LatencyStats of(List<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return new LatencyStats(a);
    }

    /** The {@code q} quantile (0..1] in milliseconds; NaN with no sample. */
    public double ms(double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
