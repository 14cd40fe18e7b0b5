package io.warden.gateway.integrations.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * How many refused Home Assistant commands are written to the trail one by one: the first {@code inFull} of each
 * {@code window}; the rest are counted and written as one summary when the window ends. Whoever may publish on the
 * command topics can send thousands a second, and each would otherwise be a durable record, a log line and an event
 * on every sink. Constant memory whatever the flood. Thread-safe (a few fields under the lock, nothing that waits).
 */
final class CommandRefusalBudget {
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final int IN_FULL = 20;

    /** Refusals counted, not written: {@code count} of them from {@code first} to {@code last}; the last one's reason. */
    record Summary(long count, Instant first, Instant last, String lastReason) {}

    private final Duration window;
    private final int inFull;
    private final LongSupplier nanos;
    private long windowStart;
    private boolean started;
    private int written;
    private long counted;
    private Instant first;
    private Instant last;
    private String lastReason;

    CommandRefusalBudget(Duration window, int inFull, LongSupplier nanos) {
        this.window = window;
        this.inFull = inFull;
        this.nanos = nanos;
    }

    /** True when this refusal is to be written in full; false when it was counted (then {@link #takeSummary} is due). */
    synchronized boolean take(Instant at, String reason) {
        long now = nanos.getAsLong();
        if (!started || now - windowStart >= window.toNanos()) {
            if (counted == 0) { // a new window; counts still pending keep theirs until they are summarised
                started = true;
                windowStart = now;
                written = 0;
            }
        }
        if (written < inFull) {
            written++;
            return true;
        }
        if (counted++ == 0) first = at;
        last = at;
        lastReason = reason;
        return false;
    }

    /** How long until the current window ends (when the counted refusals are summarised). */
    synchronized Duration untilWindowEnds() {
        long left = window.toNanos() - (nanos.getAsLong() - windowStart);
        return Duration.ofNanos(Math.max(0, left));
    }

    /** The refusals counted since the last summary, or null; a new window starts with it. */
    synchronized Summary takeSummary() {
        if (counted == 0) return null;
        Summary s = new Summary(counted, first, last, lastReason);
        counted = 0;
        windowStart = nanos.getAsLong();
        written = inFull; // the flood may still be on: keep counting until a quiet window
        return s;
    }
}
