package io.warden.osdp.cp;

import io.warden.osdp.transport.OsdpReconnectingTransport.Backoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * What goes on one line next: operator commands jump the poll queue; otherwise the PDs are served
 * round-robin (a retry, a start-up step, a POLL or a probe, each when that PD is due). Holds the
 * queue of operator commands; owned by {@link OsdpCpBus} and touched only on its context.
 */
final class OsdpCpSchedule {
    /** The longest a PD that answers but fails its start-up waits between attempts. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final List<OsdpCpDevice> order;
    private final OsdpCpStartup startup;
    private final Backoff startupBackoff;
    private final Deque<OsdpCpRequest> commands = new ArrayDeque<>();
    private int roundRobin;

    OsdpCpSchedule(Collection<OsdpCpDevice> devices, OsdpCpStartup startup, OsdpCpOptions options) {
        this.order = new ArrayList<>(devices);
        this.startup = startup;
        // probeInterval doubled after each failed start-up, five times at most, and never past 30 s
        // unless probeInterval itself is longer. Backoff counts whole milliseconds, at least 1.
        Duration probe = longer(options.probeInterval(), Duration.ofMillis(1));
        Duration cap = longer(probe, shorter(probe.multipliedBy(32), MAX_BACKOFF));
        this.startupBackoff = new Backoff(probe, cap, 2.0, 0.0);
    }

    /** Queue an operator command behind the others. */
    void add(OsdpCpRequest r) {
        commands.add(r);
    }

    /** Queue an operator command ahead of the others (one refused for being out of step goes first). */
    void addFirst(OsdpCpRequest r) {
        commands.addFirst(r);
    }

    /** Drop an operator command whose caller gave up, queued or waiting to be re-sent after BUSY. */
    void remove(OsdpCpRequest r) {
        commands.remove(r);
        if (r.device.retry == r) r.device.retry = null;
    }

    /**
     * An operator command to send now: first one a PD answered BUSY to, once its pause is over; then
     * the oldest queued one whose PD is online with nothing of its own to re-send. Commands whose
     * caller gave up are dropped.
     */
    OsdpCpRequest nextCommand(long now) {
        for (OsdpCpDevice d : order) {
            OsdpCpRequest r = d.retry;
            if (r != null && r.isOperatorCommand() && (!r.wanted() || d.nextDueNanos - now <= 0)) {
                d.retry = null;
                if (r.wanted()) return r;
            }
        }
        for (var it = commands.iterator(); it.hasNext(); ) {
            OsdpCpRequest r = it.next();
            if (!r.wanted()) {
                it.remove();
            } else if (r.device.phase == OsdpCpDevice.Phase.ONLINE && r.device.retry == null) {
                it.remove();
                return r;
            }
        }
        return null;
    }

    /**
     * The next PD whose turn it is: a retry, a start-up step, a poll or a probe. A PD that a command
     * waits for has its turn at once. A PD holding a command it must re-send after BUSY gets nothing
     * else: any other frame would take that command's SQN.
     */
    OsdpCpRequest nextRoutine(long now) {
        for (int i = 0; i < order.size(); i++) {
            OsdpCpDevice d = order.get((roundRobin + i) % order.size());
            if (d.retry != null && d.retry.isOperatorCommand()) continue;
            if (d.nextDueNanos - now > 0 && !(d.retry != null && commandWaiting(d))) continue;
            roundRobin = (roundRobin + i + 1) % order.size();
            if (d.retry != null) return d.retry;
            if (d.phase == OsdpCpDevice.Phase.OFFLINE) d.restart(now);
            return startup.nextStep(d);
        }
        return null;
    }

    /** Whether an operator command for {@code d} waits in the queue. */
    boolean commandWaiting(OsdpCpDevice d) {
        for (OsdpCpRequest r : commands) {
            if (r.device == d && r.wanted()) return true;
        }
        return false;
    }

    /** Milliseconds until the first PD is due, at least 1; -1 for a line without PDs. */
    long millisToNextDue(long now) {
        if (order.isEmpty()) return -1;
        long earliest = Long.MAX_VALUE;
        for (OsdpCpDevice d : order) earliest = Math.min(earliest, d.nextDueNanos - now);
        return Math.max(1, Duration.ofNanos(Math.max(0, earliest)).toMillis());
    }

    /** The PD's start-up failed {@code d.failedStartups} times in a row: its next probe waits longer each time. */
    void backOff(OsdpCpDevice d) {
        d.nextDueNanos = System.nanoTime() + backoffMillis(d.failedStartups) * 1_000_000L;
    }

    /** The wait before the next probe of a PD whose start-up failed {@code failures} (1 or more) times in a row. */
    long backoffMillis(int failures) {
        return startupBackoff.delayMillis(failures, 0.0);
    }

    /** Remove and return the operator commands queued for {@code d}, oldest first. */
    List<OsdpCpRequest> takeCommands(OsdpCpDevice d) {
        List<OsdpCpRequest> taken = commands.stream().filter(c -> c.device == d).toList();
        commands.removeAll(taken);
        return taken;
    }

    /** Remove and return every queued operator command, then those waiting to be re-sent after BUSY; drop every retry. */
    List<OsdpCpRequest> takeAll() {
        List<OsdpCpRequest> taken = new ArrayList<>(commands);
        commands.clear();
        for (OsdpCpDevice d : order) {
            if (d.retry != null && d.retry.isOperatorCommand()) taken.add(d.retry);
            d.retry = null;
        }
        return taken;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
