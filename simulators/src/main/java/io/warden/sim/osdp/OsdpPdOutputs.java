package io.warden.sim.osdp;

import io.vertx.core.Vertx;
import io.warden.osdp.codec.OsdpCommand.OutputControl;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The PD's outputs (strike relays) and the osdp_OUT control codes 0-6 (osdp.md §6).
 *
 * <p>Each output has a permanent state and, while a timed operation (codes 5 and 6) runs, a
 * temporary state that wins until its Vert.x timer ends. When a timer ends and the visible state
 * changes, {@code onTimerChange} runs so the PD can queue an OSTATR.
 *
 * <p>Threading: every method except {@link #isActive} and {@link #states} must run on the line's
 * context (timers set from there fire there). Those two read a snapshot and work from any thread.
 */
final class OsdpPdOutputs {
    private final Vertx vertx;
    private final Runnable onTimerChange;
    private final boolean[] permanent;
    private final boolean[] temporary;
    private final long[] timers;
    private final AtomicIntegerArray visible;

    OsdpPdOutputs(Vertx vertx, int count, Runnable onTimerChange) {
        this.vertx = vertx;
        this.onTimerChange = onTimerChange;
        this.permanent = new boolean[count];
        this.temporary = new boolean[count];
        this.timers = new long[count];
        java.util.Arrays.fill(timers, -1);
        this.visible = new AtomicIntegerArray(count);
    }

    int count() {
        return permanent.length;
    }

    /** Whether output {@code n} is energised now; false for a point that does not exist. Any thread. */
    boolean isActive(int n) {
        return n >= 0 && n < visible.length() && visible.get(n) != 0;
    }

    /** The OSTATR array: one entry per output, 1 = active. Any thread. */
    int[] states() {
        int[] s = new int[visible.length()];
        for (int i = 0; i < s.length; i++) s[i] = visible.get(i);
        return s;
    }

    /** Whether the record names an existing output and a known control code. */
    boolean accepts(OutputControl c) {
        return c.output() < count() && c.controlCode() <= OutputControl.TEMPORARY_OFF;
    }

    /**
     * Applies one record already checked with {@link #accepts}. A timed code with timer 0 only
     * cancels the running timed operation.
     *
     * @return whether the visible state of the output changed
     */
    boolean apply(OutputControl c) {
        int n = c.output();
        boolean before = visibleState(n);
        switch (c.controlCode()) {
            case OutputControl.PERMANENT_OFF, OutputControl.PERMANENT_ON -> {
                cancel(n);
                permanent[n] = c.controlCode() == OutputControl.PERMANENT_ON;
            }
            case OutputControl.PERMANENT_OFF_AFTER_TIMER -> permanent[n] = false;
            case OutputControl.PERMANENT_ON_AFTER_TIMER -> permanent[n] = true;
            case OutputControl.TEMPORARY_ON, OutputControl.TEMPORARY_OFF -> {
                cancel(n);
                if (c.timer() > 0) {
                    temporary[n] = c.controlCode() == OutputControl.TEMPORARY_ON;
                    timers[n] = vertx.setTimer(c.timer() * 100L, id -> timerEnded(n, id));
                }
            }
            default -> { } // NOP
        }
        publish(n);
        return before != visibleState(n);
    }

    /** Cancels every timer, e.g. when the simulator closes. */
    void cancelAll() {
        for (int n = 0; n < count(); n++) cancel(n);
    }

    private void timerEnded(int n, long id) {
        if (timers[n] != id) return;
        boolean before = visibleState(n);
        timers[n] = -1;
        publish(n);
        if (before != visibleState(n)) onTimerChange.run();
    }

    private void cancel(int n) {
        if (timers[n] >= 0) {
            vertx.cancelTimer(timers[n]);
            timers[n] = -1;
        }
    }

    private boolean visibleState(int n) {
        return timers[n] >= 0 ? temporary[n] : permanent[n];
    }

    private void publish(int n) {
        visible.set(n, visibleState(n) ? 1 : 0);
    }
}
